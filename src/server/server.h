/* server/server.h -- the server's global state, shared by the files above the data
 * structures: networking, commands, config, INFO, cron.
 *
 * Layering: zmalloc, sds, util, siphash, dict, entry, db, list, ae, anet,
 * resp_parser, log and metrics never include this header; they know nothing
 * of the server. Everything that does include it sits above them. */
#ifndef SERVER_H
#define SERVER_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "event/ae.h"
#include "net/client.h"
#include "server/config.h"
#include "keyspace/db.h"
#include "lib/list.h"
#include "lib/metrics.h"

#define C_OK 0
#define C_ERR -1

#define MAX_LISTENERS (CONFIG_MAX_BIND_ADDRS + 1)
/* File descriptors kept free beyond maxclients for listeners, logs, etc. */
#define RESERVED_FDS 32
/* The event loop is sized for maxclients plus this many descriptors. */
#define FDSET_INCR (RESERVED_FDS + 96)
/* Most connections accepted in one readable event on a listener. */
#define MAX_ACCEPTS_PER_CALL 1000
/* Bytes asked for per read(); larger bulks are read in one go. */
#define READ_CHUNK_BYTES (16 * 1024)
/* A bulk argument at least this large is read into room reserved for it,
 * grown by doubling as its bytes arrive (never all at once on the word of
 * its header). */
#define BIG_ARG_BYTES (32 * 1024)
/* A client keeps room for this many arguments between commands; a bigger
 * command's arrays are released once it has run. */
#define ARGV_KEEP_MAX 1024
/* Most bytes written to one client per write event, for fairness. */
#define MAX_WRITE_PER_EVENT (1024 * 1024)
/* Inline requests and count lines longer than this are protocol errors. */
#define PROTO_INLINE_MAX_SIZE (64 * 1024)
/* Most arguments in one multibulk command. */
#define PROTO_MAX_MULTIBULK_LEN (1024 * 1024)
/* Share of each cron period active expiry may use, percent. */
#define ACTIVE_EXPIRE_CPU_PERCENT 25
/* While expired keys pile up faster than the cron clears them (its last
 * cycle ran out of time, or the estimated share of expired keys among the
 * volatile ones is above a tenth), a short extra expiry cycle runs before
 * sleeping, at most once per twice its length: up to another half of the
 * CPU, only while that lasts. */
#define FAST_EXPIRE_CYCLE_US 1000
#define FAST_EXPIRE_STALE_PERCENT 10
/* Client output buffers idle this long are released, seconds. */
#define CLIENT_IDLE_BUFFER_SECONDS 2

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

typedef struct serverStats {
    long long numConnections;   /* total_connections_received */
    long long numCommands;      /* total_commands_processed */
    long long rejectedConnections;
    long long errorReplies;     /* total_error_replies */
    long long netInputBytes, netOutputBytes;
    long long readsProcessed, writesProcessed;
    /* The event-loop counters that belong to the client path rather than
     * to ae.c, which knows nothing of listeners or clients. */
    long long eventsAccept; /* readable events on a listening socket */
    long long readsEmpty;   /* readable events whose read got EAGAIN */
    long long writesPartial;/* writes cut short by a full send buffer */
    uint64_t cmdDurationUs; /* from a read's first command to its last */
    size_t usedMemoryPeak;
    metric metrics[METRIC_COUNT];
} serverStats;

typedef struct listener {
    int fd;
    int isUnix;
} listener;

struct redisServer {
    pid_t pid;
    char *executable;
    aeEventLoop *el;
    serverConfig config;
    keyspace ks;
    listener listeners[MAX_LISTENERS];
    int listenerCount;
    list clients;        /* every connected client */
    list pendingWrites;  /* clients with replies to write before sleeping */
    list clientsToClose; /* clients to free at the next safe point */
    uint64_t nextClientId;
    sds sharedQueryBuf;  /* the read buffer clients borrow, see client.h */
    size_t initialMemoryUsage; /* used_memory once started, for MEMORY STATS */
    time_t startTime;
    time_t lastSave;            /* unix time of the last successful save */
    long long dirtyAtLastSave;  /* ks.dirty that save holds */
    /* rdb_last_bgsave_status: 0 from a failed BGSAVE (or fork) until a save
     * succeeds; while 0, writes may be refused (persistence.h). */
    int lastSaveOk;
    time_t unixtime;     /* refreshed each wakeup and cron */
    uint64_t cmdClockUs; /* monotonic end of the last command run, see call() */
    int activeExpireEnabled; /* DEBUG SET-ACTIVE-EXPIRE */
    volatile sig_atomic_t shutdownAsap;
    serverStats stats;
};

extern struct redisServer server;

/* server.c */
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

/* networking.c */
void acceptHandler(aeEventLoop *el, int fd, void *privdata, int mask);
void freeClient(client *c);
void freeClientAsync(client *c);
void freeClientsInCloseList(void);
int handleClientsWithPendingWrites(void);
sds catClientInfo(sds s, client *c);
/* "ip:port" of the peer (remote=1) or of our end ("path:0" on the Unix
 * socket), as CLIENT LIST's addr and laddr and CLIENT KILL's filters. */
void formatClientAddress(const client *c, int remote, char *buf, size_t len);
/* Runs the input a paused client kept (see pause.h). */
void resumePausedClient(client *c);
/* Bytes a client holds: its struct, argument arrays and buffers. */
size_t clientMemory(const client *c);
void clientsCron(void);

#endif
