/* server/server.h -- what only the top of the server holds: the process
 * (pid, executable, start time), the configuration as it is loaded today,
 * the instantaneous metrics the cron samples, shutdown, and the server's
 * own helpers that the CONFIG directives call.
 *
 * Layering: the state of each layer lives with that layer (net.h's
 * clients and listeners, dataset.h's keyspace, persistence.h's save
 * status); this header is for server/ and the files still reading the
 * configuration through it. */
#ifndef SERVER_H
#define SERVER_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "lib/metrics.h"
#include "lib/util.h"
#include "net/net.h"
#include "server/config.h"

/* Share of each cron period active expiry may use, percent. */
#define ACTIVE_EXPIRE_CPU_PERCENT 25
/* While expired keys pile up faster than the cron clears them (its last
 * cycle ran out of time, or the estimated share of expired keys among the
 * volatile ones is above a tenth), a short extra expiry cycle runs before
 * sleeping, at most once per twice its length: up to another half of the
 * CPU, only while that lasts. */
#define FAST_EXPIRE_CYCLE_US 1000
#define FAST_EXPIRE_STALE_PERCENT 10

/* Metrics sampled by the cron for the instantaneous_* INFO fields. */
enum {
    METRIC_COMMANDS,
    METRIC_NET_INPUT,
    METRIC_NET_OUTPUT,
    METRIC_EL_CYCLES,
    METRIC_EL_DURATION,
    METRIC_EL_WAKEUPS,
    METRIC_EL_EVENTS_PER_WAKEUP,
    METRIC_COUNT
};

struct redisServer {
    char *executable;
    serverConfig config;
    time_t startTime;
    volatile sig_atomic_t shutdownAsap;
    metric metrics[METRIC_COUNT];
};

extern struct redisServer server;

/* main.c */
void resetServerStats(void);
/* Stops the child, saves as `flags` (SHUTDOWN_*, persistence.h) and the
 * save rules ask, closes listeners and removes the pidfile and socket;
 * C_ERR (logged, nothing closed) when a needed save failed without FORCE.
 * The caller exits on C_OK. */
int prepareForShutdown(int flags);
void updateCachedTime(void);
/* Raises RLIMIT_NOFILE for maxclients if it can; returns the maxclients the
 * limit allows (maxclients itself when all is well). */
long long adjustOpenFilesLimit(long long maxclients);
/* Moves the TCP listeners to cfg's port (CONFIG SET port); C_ERR, with
 * the old listeners untouched, if the new port cannot be bound. */
int changeListenPort(const serverConfig *cfg);
/* Listens on cfg's bind addresses instead (CONFIG SET bind); C_ERR, with
 * no TCP listener left, if one of them cannot be bound. */
int changeBindAddr(const serverConfig *cfg);

#endif
