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

/* How many clients are in MONITOR mode; call() tests it before feeding. */
extern int monitorCount;

/* The MONITOR command. */
extern const serverModule monitorModule;
/* Sends the command in c->argv, which just ran, to every monitor. */
void monitorFeed(client *c);
/* Takes a monitor that is being freed off the list. */
void monitorRemove(client *c);

#endif
