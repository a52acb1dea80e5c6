/* server/modules.c -- the module table: every part of the server that
 * declares directives, INFO sections or hooks (lib/module.h), in the order
 * their hooks run.
 *
 * The order is the one place the parts meet, so it is chosen here, for
 * these reasons:
 * - child, then rdb, then aof: the cron reaps a finished child before the
 *   save rules and the AOF's scheduled rewrite look for a free slot, and a
 *   due BGSAVE takes it before a rewrite does;
 * - aof, then net: beforeSleep writes the AOF before any reply goes out
 *   (aof.h's durability rule);
 * - net, then keyspace: the extra expiry cycle before sleeping runs after
 *   the replies are written, so they do not wait for it.
 * The config engine lists directives in this order too (CONFIG GET *, and
 * the lines CONFIG REWRITE appends). Shutdown is not a hook: its steps
 * (main.c, prepareForShutdown) can refuse, and run in an order of their
 * own. */
#include "server/server.h"

#include "commands/commands.h"
#include "commands/pubsub.h"
#include "dispatch/auth.h"
#include "dispatch/commands.h"
#include "dispatch/multi.h"
#include "keyspace/dataset.h"
#include "net/net.h"
#include "observe/errorstats.h"
#include "observe/info.h"
#include "observe/latency.h"
#include "observe/monitor.h"
#include "observe/slowlog.h"
#include "persist/aof/aof.h"
#include "persist/child.h"
#include "persist/persistence.h"
#include "server/config.h"
#include "types/types.h"

const serverModule *const serverModules[] = {
    /* Directives, hooks and INFO sections (some with commands too). */
    &authModule, &dispatchModule, &multiModule, &pubsubModule, &slowlogModule, &latencyModule,
    &errorstatsModule, &typesModule, &childModule, &rdbModule, &aofModule, &netModule,
    &serverCoreModule, &keyspaceModule,
    /* Commands only. */
    &clientModule, &commandModule, &connectionModule, &debugModule, &expireModule, &keysModule,
    &memoryModule, &objectModule, &scanModule, &serverCommandsModule, &stringModule,
    &stringRangeModule, &infoModule, &monitorModule, &configModule, &shutdownModule,
};

#define MODULE_COUNT (sizeof(serverModules) / sizeof(serverModules[0]))
_Static_assert(MODULE_COUNT <= SERVER_MAX_MODULES, "raise SERVER_MAX_MODULES");
const int serverModuleCount = (int)MODULE_COUNT;
