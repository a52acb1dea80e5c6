/* commands/server.c -- server-wide commands on the dataset and the clock:
 * DBSIZE, FLUSHDB, FLUSHALL, TIME. INFO is observe/info.c's, SHUTDOWN
 * server/shutdown.c's, CONFIG server/config_command.c's and COMMAND
 * command.c's. */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "commands/command_docs.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "lib/log.h"
#include "persist/persistence.h"
#include "persist/propagate.h"
#include "net/reply.h"

static void dbsizeCommand(client *c) { addReplyLongLong(c, (long long)dbSize(c->db)); }

/* FLUSHDB/FLUSHALL take an optional ASYNC or SYNC. Both free the keys
 * before replying: the result a client can observe is the same. */
static int parseFlushMode(client *c) {
    if (c->argc == 1) return C_OK;
    if (c->argc == 2 &&
        (sliceEqualsNoCase(c->argv[1], "async") || sliceEqualsNoCase(c->argv[1], "sync")))
        return C_OK;
    addReplySyntaxError(c);
    return C_ERR;
}

static void flushdbCommand(client *c) {
    if (parseFlushMode(c) != C_OK) return;
    dbEmpty(c->db);
    propagateForce(); /* even an empty database's flush is written, as in Redis */
    addReplyOk(c);
}

static void flushallCommand(client *c) {
    if (parseFlushMode(c) != C_OK) return;
    for (int i = 0; i < dataset.count; i++) dbEmpty(&dataset.dbs[i]);
    propagateForce();
    rdbAfterFlushall();
    addReplyOk(c);
}

/* TIME: unix seconds and microseconds, as two bulk strings. */
static void timeCommand(client *c) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    addReplyArrayLen(c, 2);
    addReplyBulkLongLong(c, (long long)tv.tv_sec);
    addReplyBulkLongLong(c, (long long)tv.tv_usec);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand serverCommandsCommands[] = {
    CMD("dbsize", dbsizeCommand, 1, CMD_READONLY | CMD_FAST, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns the number of keys in the database.", "O(1)", NULL),
    CMD("flushall", flushallCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Removes all keys from all databases.",
     "O(N) where N is the total number of keys in all databases", NULL),
    CMD("flushdb", flushdbCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Remove all keys from the current database.",
     "O(N) where N is the number of keys in the selected database", NULL),
    CMD("time", timeCommand, 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, GROUP_SERVER,
     "2.6.0", "Returns the server time.", "O(1)", NULL),
    {0},
};

const serverModule serverCommandsModule = {
    .name = "serverCommands",
    .commands = serverCommandsCommands,
};
