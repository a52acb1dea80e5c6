/* observe/info.h -- the INFO command: the sections the modules declare
 * (lib/module.h), in Redis's order, rendered in its format (README.md
 * documents the eventloop section field by field).
 *
 * The observe/ folder owns what the server tells about itself: INFO, the
 * slow log, the latency monitor, MONITOR and the error counts. Those that
 * watch every command register as observers of call() (dispatch/); no
 * layer below names them. */
#ifndef INFO_H
#define INFO_H

#include "lib/module.h"
#include "lib/sds.h"
#include "lib/util.h"
#include "net/client.h"

/* Gathers the modules' sections; call once at start-up. */
void infoInit(const serverModule *const *modules, int count);
/* Renders the sections named in `names` (none: the default set). */
sds genInfoString(const slice *names, int count);
/* The INFO command. */
extern const serverModule infoModule;

#endif
