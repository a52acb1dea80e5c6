/* net/net.h -- the connection layer: listening sockets, the connected
 * clients, reading their requests and writing their replies.
 *
 * It owns the sockets and buffers and nothing of what a command means:
 * complete requests are handed to the command proc the layer above
 * installs, and state that other layers keep per client is set up and
 * torn down by the hooks they register. The event loop it runs on is
 * created by the server and given to netInit.
 *
 * The net/ folder: this header and net.c (the module: directives, INFO
 * Clients and Eventloop, cron), client.h (one connection), networking.c
 * (accept, read, write), resp_parser.h (requests), reply.h (replies),
 * listeners.c, anet.h (sockets); internal.h is shared inside it only. */
#ifndef NET_H
#define NET_H

#include <stddef.h>
#include <stdint.h>

#include "event/ae.h"
#include "lib/list.h"
#include "lib/metrics.h"
#include "lib/module.h"
#include "lib/sds.h"
#include "net/client.h"

/* Most addresses the `bind` directive takes. */
#define NET_MAX_BIND_ADDRS 16
#define MAX_LISTENERS (NET_MAX_BIND_ADDRS + 1)
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
/* Client output buffers idle this long are released, seconds. */
#define CLIENT_IDLE_BUFFER_SECONDS 2

/* The addresses `bind` lists; a "-" prefix marks one that may be missing. */
typedef struct bindList {
    sds addrs[NET_MAX_BIND_ADDRS];
    int count;
} bindList;

/* The network layer's directives (net.c). */
struct netConfig {
    bindList bind;
    long long port;
    sds unixsocket;
    long long unixsocketperm;
    long long tcpBacklog;
    long long timeout;      /* seconds idle before a client is closed; 0 = never */
    long long tcpKeepalive; /* seconds */
    long long maxclients;
    long long protoMaxBulkLen;
    long long clientQueryBufferLimit;
};

extern struct netConfig netConfig;
extern const serverModule netModule;

/* Metrics the net module samples for the instantaneous_* INFO fields. */
enum {
    NET_METRIC_INPUT,
    NET_METRIC_OUTPUT,
    NET_METRIC_EL_CYCLES,
    NET_METRIC_EL_DURATION,
    NET_METRIC_EL_WAKEUPS,
    NET_METRIC_EL_EVENTS_PER_WAKEUP,
    NET_METRIC_COUNT
};

typedef struct netStats {
    long long numConnections;   /* total_connections_received */
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
} netStats;

typedef struct listener {
    int fd;
    int isUnix;
} listener;

typedef void clientProc(client *c);

/* What another layer keeps per client sets itself up and tears itself
 * down through these: `created` runs when any client is created (a
 * connection, or a detached client such as the AOF loader's), `freed` when
 * it is freed, before its buffers go. Hooks run in the order registered,
 * freed ones in reverse. Either may be NULL. */
typedef struct clientHooks {
    clientProc *created;
    clientProc *freed;
} clientHooks;

typedef struct netServer {
    aeEventLoop *el;
    listener listeners[MAX_LISTENERS];
    int listenerCount;
    list clients;        /* every connected client */
    list pendingWrites;  /* clients with replies to write before sleeping */
    list clientsToClose; /* clients to free at the next safe point */
    uint64_t nextClientId;
    sds sharedQueryBuf;  /* the read buffer clients borrow, see client.h */
    /* Monotonic end of the last command run in the current batch (set when
     * a batch starts, advanced by each command): see call(). */
    uint64_t cmdClockUs;
    /* Clients whose input waits (CLIENT_PAUSED): kept by whoever holds
     * them (pause.c), for INFO's blocked_clients. */
    size_t blockedClients;
    /* Runs one complete request (the dispatch layer's processCommand). */
    clientProc *commandProc;
    /* Called before a writable handler sends replies outside beforeSleep
     * (the AOF writes the records behind them first), or NULL. */
    void (*beforeHandlerWrite)(void);
    netStats stats;
    metric metrics[NET_METRIC_COUNT];
} netServer;

extern netServer net;

/* networking.c */
/* Registration by the layers above (their modules' init). */
void netAddClientHooks(const clientHooks *hooks);
void netSetCommandProc(clientProc *proc);
void netSetBeforeHandlerWrite(void (*proc)(void));
/* A client with no connection, for running commands from elsewhere (the
 * AOF loader): every layer sets it up as for a connection; its replies go
 * nowhere the caller does not read. */
client *createDetachedClient(void);
void freeDetachedClient(client *c);
void acceptHandler(aeEventLoop *el, int fd, void *privdata, int mask);
void freeClient(client *c);
void freeClientAsync(client *c);
void freeClientsInCloseList(void);
int handleClientsWithPendingWrites(void);
/* client.c */
/* "ip:port" of the peer (remote=1) or of our end ("path:0" on the Unix
 * socket), as CLIENT LIST's addr and laddr and CLIENT KILL's filters. */
void formatClientAddress(const client *c, int remote, char *buf, size_t len);
/* Checks a connection name (CLIENT SETNAME, HELLO SETNAME); returns 0
 * after replying with Redis's error if it is not valid. */
int validateClientName(client *c, slice name);
/* Names the connection; an empty name removes it. */
void setClientName(client *c, slice name);

/* Runs the input a paused client kept (see pause.h). */
void resumePausedClient(client *c);
/* Bytes a client holds: its struct, argument arrays and buffers. */
size_t clientMemory(const client *c);
void clientsCron(int hz);

/* listeners.c */
/* Raises the open-file limit for maxclients (lowering maxclients, logged,
 * when the system allows fewer) and returns the number of descriptors the
 * event loop must hold: the server creates the loop with it and sets
 * net.el before the modules' init runs. */
int netLoopSetSize(void);
/* Closes every listening socket (shutdown, and a forked child, which must
 * not keep the port), and removes the Unix socket file when `unlinkSocket`. */
void netCloseListeners(int unlinkSocket);

#endif
