/* observe/monitor.h -- MONITOR: clients that receive a line for every command any
 * client runs ("+<unix>.<micro> [<db> <addr>] \"cmd\" \"arg\" ...").
 *
 * As in Redis 7.0, a command is shown after it ran (so SELECT shows its new
 * db), admin commands (CONFIG, DEBUG, MONITOR, ...) are never shown, and
 * commands refused before running (unknown, wrong arity) are not either. */
#ifndef MONITOR_H
#define MONITOR_H

#include "lib/module.h"
#include "net/client.h"

/* The MONITOR command. */
extern const serverModule monitorModule;
/* Takes a monitor that is being freed off the list. */
void monitorRemove(client *c);

#endif
