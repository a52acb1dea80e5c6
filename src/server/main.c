/* server/main.c -- start-up, the cron and the hooks around the event loop's
 * sleep, which run the modules' hooks (server/modules.c), and the check for
 * a shutdown asked for (server/shutdown.c): the file that wires the others
 * together.
 *
 * Start-up: defaults, config file, --options; raise the open-file limit for
 * maxclients; create the event loop sized for it; listen; register the
 * accept handler and the cron; run the loop. */
#include "server/server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/anet.h"
#include "net/net.h"
#include "observe/info.h"
#include "persist/aof/aof.h"
#include "persist/aof/aof_load.h"
#include "persist/child.h"
#include "dispatch/commands.h"
#include "observe/errorstats.h"
#include "lib/log.h"
#include "dispatch/multi.h"
#include "persist/persistence.h"
#include "persist/propagate.h"
#include "commands/pubsub.h"
#include "persist/rdb.h"
#include "types/types.h"
#include "lib/version.h"
#include "lib/zmalloc.h"
#include "server/config.h"

struct redisServer server;

void updateCachedTime(void) {
    cachedTimeUpdate();
    keyspaceSetTime(&dataset, cachedTime.ms);
}

void resetServerStats(void) {
    zmalloc_reset_peak();
    for (int i = 0; i < serverModuleCount; i++)
        if (serverModules[i]->resetStats) serverModules[i]->resetStats();
}

/* --- cron and sleep hooks ------------------------------------------------- */

/* Every module's cron, in module order (modules.c says why that order). */
static long long serverCron(aeEventLoop *el, long long id, void *clientData) {
    (void)el;
    (void)id;
    (void)clientData;
    updateCachedTime();
    shutdownIfAsked();
    zmalloc_note_peak();
    int hz = (int)serverConfig.hz;
    for (int i = 0; i < serverModuleCount; i++)
        if (serverModules[i]->cron) serverModules[i]->cron(hz);
    return 1000 / hz;
}

/* The modules' beforeSleep hooks, gathered once: the loop runs them on
 * every wakeup, so it walks only those that exist. */
static void (*beforeSleepHooks[SERVER_MAX_MODULES])(void);
static int beforeSleepHookCount;

static void gatherBeforeSleepHooks(void) {
    for (int i = 0; i < serverModuleCount; i++)
        if (serverModules[i]->beforeSleep)
            beforeSleepHooks[beforeSleepHookCount++] = serverModules[i]->beforeSleep;
}

static void beforeSleep(aeEventLoop *el) {
    (void)el;
    shutdownIfAsked();
    for (int i = 0; i < beforeSleepHookCount; i++) beforeSleepHooks[i]();
}

static void afterSleep(aeEventLoop *el) {
    (void)el;
    updateCachedTime();
}

/* --- start-up ------------------------------------------------------------- */

static void seedHashFunction(void) {
    uint8_t seed[16];
    if (getrandom(seed, sizeof(seed), 0) != sizeof(seed)) {
        /* No entropy source: fall back to something that still varies. */
        uint64_t a = monotonicUs() ^ ((uint64_t)getpid() << 32), b = (uint64_t)wallclockMs();
        memcpy(seed, &a, 8);
        memcpy(seed + 8, &b, 8);
    }
    dictSetHashSeed(seed);
}

static void writePidFile(void) {
    if (!serverConfig.pidfile[0]) return;
    FILE *fp = fopen(serverConfig.pidfile, "w");
    if (!fp) {
        serverLog(LL_WARNING, "Failed to write PID file: %s", strerror(errno));
        return;
    }
    fprintf(fp, "%d\n", (int)getpid());
    fclose(fp);
}

static void daemonize(void) {
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0) exit(0); /* the parent returns to the shell */
    setsid();
    int fd = open("/dev/null", O_RDWR);
    if (fd != -1) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO) close(fd);
    }
}

static void initServer(void) {
    setupSignalHandlers();
    updateCachedTime();
    server.startTime = cachedTime.sec;
    rdbStatus.lastSave = cachedTime.sec;
    seedHashFunction();
    /* The default backend, the first compiled in (event/registry.c). */
    net.el = aeCreateEventLoop(aeBackends[0], netLoopSetSize());
    if (!net.el) {
        serverLog(LL_WARNING, "Failed creating the event loop. Error message: '%s'",
                  strerror(errno));
        exit(1);
    }
    for (int i = 0; i < serverModuleCount; i++)
        if (serverModules[i]->init) serverModules[i]->init();
    commandTableInit(serverModules, serverModuleCount);
    infoInit(serverModules, serverModuleCount);
    gatherBeforeSleepHooks();
    aeCreateTimeEvent(net.el, 1, serverCron, NULL);
    aeSetBeforeSleepProc(net.el, beforeSleep);
    aeSetAfterSleepProc(net.el, afterSleep);
    writePidFile();
}

/* --- main ----------------------------------------------------------------- */

static void printVersion(void) {
    printf("redis-mini server v=%s (Redis %s compatible) malloc=%s bits=%d\n", REDIS_MINI_VERSION,
           REDIS_COMPAT_VERSION, zmalloc_allocator_name(), (int)(sizeof(void *) * 8));
}

static void printUsage(void) {
    fprintf(stderr,
            "Usage: ./redis-mini-server [/path/to/redis-mini.conf] [options]\n"
            "       ./redis-mini-server -v or --version\n"
            "       ./redis-mini-server -h or --help\n\n"
            "Examples:\n"
            "       ./redis-mini-server (run with the default configuration)\n"
            "       ./redis-mini-server redis-mini.conf\n"
            "       ./redis-mini-server --port 7777\n"
            "       ./redis-mini-server redis-mini.conf --loglevel verbose\n");
}

int main(int argc, char **argv) {
    if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version"))) {
        printVersion();
        return 0;
    }
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printUsage();
        return 0;
    }
    const char *configFile = NULL;
    int first = 1;
    if (argc >= 2 && strncmp(argv[1], "--", 2) != 0) {
        configFile = argv[1];
        first = 2;
    }
    configInit(serverModules, serverModuleCount);
    configLoad(configFile, argc - first, argv + first);
    applyHz();
    logSetLevel((int)serverConfig.loglevel);
    server.executable = realpath(argv[0], NULL);
    if (serverConfig.daemonize) daemonize();
    if (logSetFile(serverConfig.logfile) == -1) {
        fprintf(stderr, "Can't open the log file: %s\n", strerror(errno));
        return 1;
    }
    serverLog(LL_NOTICE, "redis-mini is starting");
    serverLog(LL_NOTICE, "redis-mini version=%s, bits=%d, pid=%d, just started",
              REDIS_MINI_VERSION, (int)(sizeof(void *) * 8), (int)getpid());
    if (configFile) serverLog(LL_NOTICE, "Configuration loaded");
    else serverLog(LL_WARNING, "No config file specified, using the default config.");
    const char *dirErr = applyDir();
    if (dirErr) {
        serverLog(LL_WARNING, "Fatal error in the dir directive: %s", dirErr);
        return 1;
    }
    initServer();
    zmalloc_note_startup();
    serverLog(LL_NOTICE, "Server initialized");
    aofLoadManifest();
    if (aofConfig.appendonly) {
        /* The AOF wins over the RDB, as in Redis, even when it is absent. */
        aofLoadFiles();
        aofOpenOnServerStart();
    } else {
        loadDataFromDisk();
    }
    serverLog(LL_NOTICE, "Ready to accept connections");
    aeMain(net.el);
    aeDeleteEventLoop(net.el);
    return 0;
}
