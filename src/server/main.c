/* server/main.c -- start-up, the cron, the hooks around the event loop's sleep,
 * signals and shutdown: the file that wires the others together.
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

struct redisServer server;

/* Metrics are sampled this often by the cron, milliseconds. */
#define METRICS_SAMPLE_PERIOD_MS 100
/* Budget for rehashing and shrinking tables per cron call, microseconds. */
#define CRON_REHASH_BUDGET_US 1000

void updateCachedTime(void) {
    cachedTimeUpdate();
    keyspaceSetTime(&dataset, cachedTime.ms);
}

/* --- statistics ----------------------------------------------------------- */

static void sampleMetrics(void) {
    static long long lastSampleMs;
    long long nowMs = (long long)(monotonicUs() / 1000);
    if (nowMs - lastSampleMs < METRICS_SAMPLE_PERIOD_MS) return;
    lastSampleMs = nowMs;
    metric *m = server.metrics;
    const aeStats *ae = &net.el->stats;
    /* Rates: the numerator is scaled to "per second" over milliseconds. */
    metricSample(&m[METRIC_COMMANDS], numCommandsProcessed * 1000, nowMs);
    metricSample(&m[METRIC_NET_INPUT], net.stats.netInputBytes * 1000, nowMs);
    metricSample(&m[METRIC_NET_OUTPUT], net.stats.netOutputBytes * 1000, nowMs);
    metricSample(&m[METRIC_EL_CYCLES], (long long)ae->cycles * 1000, nowMs);
    metricSample(&m[METRIC_EL_WAKEUPS], (long long)ae->wakeups * 1000, nowMs);
    /* Ratios. */
    metricSample(&m[METRIC_EL_DURATION], (long long)ae->durationUs, (long long)ae->cycles);
    metricSample(&m[METRIC_EL_EVENTS_PER_WAKEUP], (long long)ae->events,
                 (long long)ae->wakeups);
}

void resetServerStats(void) {
    net.stats = (netStats){0};
    numCommandsProcessed = 0;
    memset(server.metrics, 0, sizeof(server.metrics));
    zmalloc_reset_peak();
    dataset.stats = (keyspaceStats){0};
    resetCommandStats();
    errorStatsReset();
    aeResetStats(net.el);
    childResetStats();
    rdbResetStats();
}

/* --- cron and sleep hooks ------------------------------------------------- */

/* A failed save on the way out cancels the shutdown, as in Redis 7.0: the
 * server goes on serving and the next signal tries again. */
static void shutdownIfAsked(void) {
    if (!server.shutdownAsap) return;
    serverLog(LL_WARNING, "Received %s scheduling shutdown...",
              server.shutdownAsap == SIGINT ? "SIGINT" : "SIGTERM");
    if (prepareForShutdown(SHUTDOWN_NOFLAGS) == C_OK) exit(0);
    server.shutdownAsap = 0;
}

static long long serverCron(aeEventLoop *el, long long id, void *clientData) {
    (void)el;
    (void)id;
    (void)clientData;
    updateCachedTime();
    shutdownIfAsked();
    sampleMetrics();
    zmalloc_note_peak();
    clientsCron();
    childCheckDone();
    rdbCron();
    aofCron();
    uint64_t periodUs = 1000000 / (uint64_t)server.config.hz;
    if (activeExpireEnabled) {
        activeExpireCycle(&dataset, periodUs * ACTIVE_EXPIRE_CPU_PERCENT / 100);
        propagatePendingExpiries();
    }
    /* Not while a child shares the pages: moving buckets would copy them. */
    if (childActiveType() == CHILD_NONE) keyspaceResizeAndRehash(&dataset, CRON_REHASH_BUDGET_US);
    freeClientsInCloseList();
    return 1000 / server.config.hz;
}

/* The extra expiry cycle described at FAST_EXPIRE_CYCLE_US. */
static void fastExpireCycleIfBehind(void) {
    static uint64_t lastStartUs;
    if (!activeExpireEnabled) return;
    if (!dataset.expireBacklog && dataset.staleEstimate <= FAST_EXPIRE_STALE_PERCENT) return;
    uint64_t now = monotonicUs();
    if (now - lastStartUs < 2 * FAST_EXPIRE_CYCLE_US) return;
    lastStartUs = now;
    activeExpireCycle(&dataset, FAST_EXPIRE_CYCLE_US);
    propagatePendingExpiries();
}

static void beforeSleep(aeEventLoop *el) {
    (void)el;
    shutdownIfAsked();
    /* The AOF first: no reply to a write leaves before its record is
     * written (and, with appendfsync always, on disk). */
    aofBeforeSleep();
    handleClientsWithPendingWrites();
    /* After the writes: replies do not wait for it. */
    fastExpireCycleIfBehind();
    freeClientsInCloseList();
}

static void afterSleep(aeEventLoop *el) {
    (void)el;
    updateCachedTime();
}

/* --- signals -------------------------------------------------------------- */

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

static void setupSignalHandlers(void) {
    rdbTempFileName(ownTempRdb, sizeof(ownTempRdb), (int)getpid());
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    struct sigaction act = {0};
    sigemptyset(&act.sa_mask);
    act.sa_handler = shutdownSignalHandler;
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGINT, &act, NULL);
}

/* --- start-up ------------------------------------------------------------- */

long long adjustOpenFilesLimit(long long maxclients) {
    rlim_t wanted = (rlim_t)(maxclients + RESERVED_FDS);
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == -1) return maxclients;
    if (lim.rlim_cur >= wanted) return maxclients;
    struct rlimit raised = lim;
    raised.rlim_cur = wanted;
    if (raised.rlim_max < wanted) raised.rlim_max = wanted; /* works as root */
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return maxclients;
    raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    long long allowed = (long long)lim.rlim_cur - RESERVED_FDS;
    return allowed < 1 ? 1 : allowed;
}

static void applyOpenFilesLimit(void) {
    long long granted = adjustOpenFilesLimit(server.config.maxclients);
    if (granted >= server.config.maxclients) return;
    serverLog(LL_WARNING,
              "You requested maxclients of %lld requiring at least %lld max file descriptors, "
              "but the open files limit allows only %lld clients: maxclients has been lowered "
              "to %lld. To allow more, raise 'ulimit -n'.",
              server.config.maxclients, server.config.maxclients + RESERVED_FDS, granted,
              granted);
    server.config.maxclients = granted;
}

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

static void addListener(int fd, int isUnix) {
    listener *l = &net.listeners[net.listenerCount++];
    l->fd = fd;
    l->isUnix = isUnix;
    if (aeCreateFileEvent(net.el, fd, AE_READABLE, acceptHandler, l) == AE_ERR) {
        serverLog(LL_WARNING, "Unrecoverable error creating a listener file event.");
        exit(1);
    }
}

static int isMissingAddressError(int err) {
    return err == EADDRNOTAVAIL || err == EAFNOSUPPORT || err == EPROTONOSUPPORT ||
           err == ESOCKTNOSUPPORT || err == EPFNOSUPPORT || err == EINVAL;
}

/* Opens a listening socket per bind address of cfg on `port` into fds.
 * Returns how many, or -1 when a required address failed (those opened are
 * closed again, the failure is logged). */
static int openTcpListeners(const serverConfig *cfg, long long port, int *fds) {
    int n = 0;
    if (port == 0) return 0;
    for (int i = 0; i < cfg->bindCount; i++) {
        const char *addr = cfg->bindAddrs[i];
        /* A leading '-' marks an address that may not exist here. */
        int optional = addr[0] == '-';
        if (optional) addr++;
        char err[ANET_ERR_LEN];
        int fd = anetTcpServer(err, (int)port, addr, (int)cfg->tcpBacklog);
        if (fd != -1) {
            fds[n++] = fd;
            continue;
        }
        if (optional && isMissingAddressError(errno)) {
            serverLog(LL_NOTICE, "Skipping optional bind address %s: %s", addr, err);
            continue;
        }
        serverLog(LL_WARNING, "Warning: Could not create server TCP listening socket %s:%lld: %s",
                  addr, port, err);
        while (n > 0) close(fds[--n]);
        return -1;
    }
    return n;
}

/* The port the TCP listeners are bound to. */
static long long listeningPort;

static void listenOnTcp(void) {
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(&server.config, server.config.port, fds);
    if (n < 0) {
        serverLog(LL_WARNING, "Failed listening on port %lld (tcp), aborting.",
                  server.config.port);
        exit(1);
    }
    for (int i = 0; i < n; i++) addListener(fds[i], 0);
    listeningPort = server.config.port;
}

/* Replaces the TCP listeners with fds. The listener table is rebuilt, so
 * every listener's event is registered again with its new slot. */
static void replaceTcpListeners(const int *fds, int n) {
    int hasUnix = 0, unixFd = -1;
    for (int i = 0; i < net.listenerCount; i++) {
        aeDeleteFileEvent(net.el, net.listeners[i].fd, AE_READABLE);
        if (net.listeners[i].isUnix) {
            hasUnix = 1;
            unixFd = net.listeners[i].fd;
        } else {
            close(net.listeners[i].fd);
        }
    }
    net.listenerCount = 0;
    for (int i = 0; i < n; i++) addListener(fds[i], 0);
    if (hasUnix) addListener(unixFd, 1);
}

/* CONFIG SET port: the new sockets are opened before the old ones are
 * closed, so a port that cannot be had leaves the server as it was. */
int changeListenPort(const serverConfig *cfg) {
    if (cfg->port == listeningPort) return C_OK;
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(cfg, cfg->port, fds);
    if (n < 0) return C_ERR;
    replaceTcpListeners(fds, n);
    listeningPort = cfg->port;
    serverLog(LL_NOTICE, "Listening on port %lld (tcp)", cfg->port);
    return C_OK;
}

/* CONFIG SET bind: the old sockets are closed first, since the new
 * addresses may include old ones on the same port. On failure no TCP
 * listener is left; CONFIG SET then restores the previous addresses,
 * which calls this again with them. */
int changeBindAddr(const serverConfig *cfg) {
    replaceTcpListeners(NULL, 0);
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(cfg, listeningPort, fds);
    if (n < 0) return C_ERR;
    replaceTcpListeners(fds, n);
    return C_OK;
}

static void listenOnUnixSocket(void) {
    if (!server.config.unixsocket || !server.config.unixsocket[0]) return;
    char err[ANET_ERR_LEN];
    int fd = anetUnixServer(err, server.config.unixsocket,
                            (unsigned int)server.config.unixsocketperm,
                            (int)server.config.tcpBacklog);
    if (fd == -1) {
        serverLog(LL_WARNING, "Failed opening Unix socket: %s", err);
        exit(1);
    }
    addListener(fd, 1);
}

static void writePidFile(void) {
    if (!server.config.pidfile || !server.config.pidfile[0]) return;
    FILE *fp = fopen(server.config.pidfile, "w");
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
    rdbStatus.lastSaveOk = 1;
    activeExpireEnabled = 1;
    net.nextClientId = 1;
    listInit(&net.clients);
    listInit(&net.pendingWrites);
    listInit(&net.clientsToClose);
    net.sharedQueryBuf = sdsMakeRoomFor(sdsempty(), READ_CHUNK_BYTES);
    seedHashFunction();
    commandTableInit();
    applyOpenFilesLimit();
    net.el = aeCreateEventLoop((int)(server.config.maxclients + FDSET_INCR));
    if (!net.el) {
        serverLog(LL_WARNING, "Failed creating the event loop. Error message: '%s'",
                  strerror(errno));
        exit(1);
    }
    typesRegister(); /* before any data is loaded */
    keyspaceInit(&dataset, (int)server.config.databases);
    aofInit();
    multiInit();
    pubsubInit();
    configApplyMaxmemoryPolicy(&server.config);
    listenOnTcp();
    listenOnUnixSocket();
    if (net.listenerCount == 0) {
        serverLog(LL_WARNING, "Configured to not listen anywhere, exiting.");
        exit(1);
    }
    aeCreateTimeEvent(net.el, 1, serverCron, NULL);
    aeSetBeforeSleepProc(net.el, beforeSleep);
    aeSetAfterSleepProc(net.el, afterSleep);
    writePidFile();
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
    for (int i = 0; i < net.listenerCount; i++) close(net.listeners[i].fd);
    net.listenerCount = 0;
    if (server.config.unixsocket && server.config.unixsocket[0]) {
        serverLog(LL_NOTICE, "Removing the unix socket file.");
        unlink(server.config.unixsocket);
    }
    if (server.config.pidfile && server.config.pidfile[0]) {
        serverLog(LL_NOTICE, "Removing the pid file.");
        unlink(server.config.pidfile);
    }
    serverLog(LL_WARNING, "redis-mini is now ready to exit, bye bye...");
    return C_OK;
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
    configInitDefaults(&server.config);
    configLoad(&server.config, configFile, argc - first, argv + first);
    server.executable = realpath(argv[0], NULL);
    if (server.config.daemonize) daemonize();
    if (logSetFile(server.config.logfile) == -1) {
        fprintf(stderr, "Can't open the log file: %s\n", strerror(errno));
        return 1;
    }
    serverLog(LL_NOTICE, "redis-mini is starting");
    serverLog(LL_NOTICE, "redis-mini version=%s, bits=%d, pid=%d, just started",
              REDIS_MINI_VERSION, (int)(sizeof(void *) * 8), (int)getpid());
    if (configFile) serverLog(LL_NOTICE, "Configuration loaded");
    else serverLog(LL_WARNING, "No config file specified, using the default config.");
    const char *dirErr = applyDir(&server.config);
    if (!dirErr) dirErr = applyDbfilenameCheck(&server.config);
    if (dirErr) {
        serverLog(LL_WARNING, "Fatal error in the dir or dbfilename directive: %s", dirErr);
        return 1;
    }
    initServer();
    zmalloc_note_startup();
    serverLog(LL_NOTICE, "Server initialized");
    aofLoadManifest();
    if (server.config.appendonly) {
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
