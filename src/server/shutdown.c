/* server/shutdown.c -- stopping the server: SHUTDOWN, SIGTERM and SIGINT.
 *
 * A signal only asks (server.shutdownAsap); the cron and the hook before
 * each sleep carry it out, outside any command. The steps run in this
 * order because each may refuse: the AOF first (with appendonly just
 * switched on, the rewrite child is writing the only copy of the dataset
 * on disk to be), then the child is stopped, then the RDB save the rules
 * or SHUTDOWN's options ask for; only then are the listeners, the Unix
 * socket and the pidfile removed. A refused shutdown changes nothing and
 * the server goes on serving, as in Redis 7.0. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "dispatch/commands.h"
#include "lib/log.h"
#include "net/net.h"
#include "net/reply.h"
#include "persist/aof/aof.h"
#include "persist/child.h"
#include "persist/persistence.h"
#include "persist/rdb.h"
#include "server/server.h"

/* A failed save on the way out cancels the shutdown, as in Redis 7.0: the
 * server goes on serving and the next signal tries again. */
void shutdownIfAsked(void) {
    if (!server.shutdownAsap) return;
    serverLog(LL_WARNING, "Received %s scheduling shutdown...",
              server.shutdownAsap == SIGINT ? "SIGINT" : "SIGTERM");
    if (prepareForShutdown(SHUTDOWN_NOFLAGS) == C_OK) exit(0);
    server.shutdownAsap = 0;
}

/* The temp file a foreground save of this process writes, named once at
 * start-up: the handler below may only unlink, not format. */
static char ownTempRdb[64];

static void shutdownSignalHandler(int sig) {
    if (server.shutdownAsap && sig == SIGINT) {
        serverLogFromHandler(LL_WARNING, "You insist... exiting now.");
        /* A SAVE or shutdown save cut short leaves no half-written file. */
        unlink(ownTempRdb);
        _exit(1);
    }
    serverLogFromHandler(LL_WARNING, sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                                                   : "Received SIGTERM scheduling shutdown...");
    server.shutdownAsap = sig;
}

void setupSignalHandlers(void) {
    rdbTempFileName(ownTempRdb, sizeof(ownTempRdb), (int)getpid());
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    struct sigaction act = {0};
    sigemptyset(&act.sa_mask);
    act.sa_handler = shutdownSignalHandler;
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGINT, &act, NULL);
}

int prepareForShutdown(int flags) {
    serverLog(LL_WARNING, "User requested shutdown...");
    /* The AOF child first: with the AOF just switched on, its base is the
     * only copy of the dataset on disk to be, and shutdown waits for it. */
    if (aofPrepareForShutdown(flags & SHUTDOWN_FORCE) != C_OK) return C_ERR;
    if (childActiveType() == CHILD_RDB)
        serverLog(LL_WARNING, "There is a child saving an .rdb. Killing it!");
    childKillAndWait();
    if (rdbSaveOnShutdown(flags) != C_OK) {
        serverLog(LL_WARNING,
                  "Errors trying to shut down the server. Check the logs for more information.");
        return C_ERR;
    }
    netCloseListeners(1);
    if (serverConfig.pidfile[0]) {
        serverLog(LL_NOTICE, "Removing the pid file.");
        unlink(serverConfig.pidfile);
    }
    serverLog(LL_WARNING, "redis-mini is now ready to exit, bye bye...");
    return C_OK;
}

/* SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. With save rules (or SAVE)
 * the dataset is saved first; if that fails the server refuses to exit
 * unless FORCE is given, as Redis does. NOW only skips waiting for
 * replicas, of which there are none. */
static void shutdownCommand(client *c) {
    int flags = SHUTDOWN_NOFLAGS, abortShutdown = 0;
    for (int j = 1; j < c->argc; j++) {
        if (sliceEqualsNoCase(c->argv[j], "nosave")) flags |= SHUTDOWN_NOSAVE;
        else if (sliceEqualsNoCase(c->argv[j], "save")) flags |= SHUTDOWN_SAVE;
        else if (sliceEqualsNoCase(c->argv[j], "now")) flags |= SHUTDOWN_NOW;
        else if (sliceEqualsNoCase(c->argv[j], "force")) flags |= SHUTDOWN_FORCE;
        else if (sliceEqualsNoCase(c->argv[j], "abort")) abortShutdown = 1;
        else {
            addReplySyntaxError(c);
            return;
        }
    }
    if ((abortShutdown && c->argc != 2) ||
        ((flags & SHUTDOWN_SAVE) && (flags & SHUTDOWN_NOSAVE))) {
        addReplySyntaxError(c);
        return;
    }
    if (abortShutdown) {
        addReplyError(c, "No shutdown in progress.");
        return;
    }
    if (prepareForShutdown(flags) == C_OK) exit(0);
    addReplyError(c, "Errors trying to SHUTDOWN. Check logs.");
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand shutdownCommands[] = {
    CMD("shutdown", shutdownCommand, -1,
     CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "1.0.0", "Synchronously saves the database(s) to disk and shuts down the Redis server.",
     "O(N) when saving, where N is the total number of keys in all databases when saving data, "
     "otherwise O(1)", NULL),
    {0},
};

const serverModule shutdownModule = {
    .name = "shutdown",
    .commands = shutdownCommands,
};
