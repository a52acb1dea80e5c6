/* server/server.h -- what only the top of the server holds: the process
 * (executable, start time, its own directives), the module table, the
 * sleep hooks and cron that run the modules' hooks, and shutdown.
 *
 * Every other layer's state lives with that layer (net.h's clients and
 * listeners, dataset.h's keyspace, persistence.h's save status, ...), and
 * no file below server/ includes this header. */
#ifndef SERVER_H
#define SERVER_H

#include <signal.h>
#include <time.h>

#include "lib/module.h"
#include "lib/sds.h"

/* The process's own directives (server.c). */
struct serverConfig {
    long long hz;
    long long loglevel;
    sds logfile;
    long long daemonize;
    sds pidfile;
    sds dir; /* the working directory; absolute once started */
};

extern struct serverConfig serverConfig;

struct redisServer {
    char *executable;
    time_t startTime;
    volatile sig_atomic_t shutdownAsap;
};

extern struct redisServer server;
/* The server's own module: the directives above and INFO's Server,
 * Memory and Stats sections. */
extern const serverModule serverCoreModule;

/* modules.c: every module, in the order their hooks run. */
extern const serverModule *const serverModules[];
extern const int serverModuleCount;
#define SERVER_MAX_MODULES 64

/* server.c */
/* chdir to `dir` and make it absolute: NULL, or the error text. */
const char *applyDir(void);
/* Clamps hz to what the cron can do, as Redis does instead of refusing. */
const char *applyHz(void);

/* main.c */
/* CONFIG RESETSTAT: every module's resetStats. */
void resetServerStats(void);
void updateCachedTime(void);

/* shutdown.c */
/* SIGTERM and SIGINT ask for a shutdown; SIGPIPE and SIGHUP are ignored. */
void setupSignalHandlers(void);
/* Carries out a shutdown a signal asked for (the cron and beforeSleep
 * call it); exits, or goes on if the save it needs failed. */
void shutdownIfAsked(void);
/* Stops the child, saves as `flags` (SHUTDOWN_*, persistence.h) and the
 * save rules ask, closes listeners and removes the pidfile and socket;
 * C_ERR (logged, nothing closed) when a needed save failed without FORCE.
 * The caller exits on C_OK. */
int prepareForShutdown(int flags);
/* SHUTDOWN's module: its command row. */
extern const serverModule shutdownModule;

#endif
