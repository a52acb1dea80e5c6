/* net/client.h -- one connected client: its socket, the bytes it sent that are
 * not yet parsed, the command being run, and the reply not yet written.
 *
 * Input: most clients own no query buffer between requests. A read lands in
 * the server's shared query buffer; only bytes of an incomplete command are
 * kept in a private buffer afterwards. Output: a fixed buffer (allocated on
 * first use, released when the client idles) and, for replies larger than
 * it, a list of blocks.
 *
 * Invariants: a client is on net.pendingWrites iff CLIENT_PENDING_WRITE
 * is set, and then it has bytes to send or must be closed after its reply. */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "keyspace/db.h"
#include "lib/list.h"
#include "net/resp_parser.h"
#include "lib/sds.h"
#include "lib/util.h"

#define CLIENT_CLOSE_AFTER_REPLY (1 << 0) /* QUIT, protocol error */
#define CLIENT_CLOSE_ASAP (1 << 1)        /* free at the next safe point */
#define CLIENT_PENDING_WRITE (1 << 2)     /* on net.pendingWrites */
#define CLIENT_UNIX_SOCKET (1 << 3)
#define CLIENT_SHARED_QUERYBUF (1 << 4)   /* querybuf is the server's */
#define CLIENT_WRITE_HANDLER (1 << 5)     /* AE_WRITABLE is installed */
#define CLIENT_MULTI (1 << 6)             /* inside MULTI: commands are queued */
#define CLIENT_DIRTY_CAS (1 << 7)         /* a WATCHed key changed: EXEC fails */
#define CLIENT_DIRTY_EXEC (1 << 8)        /* a command failed to queue: EXECABORT */
#define CLIENT_PUBSUB (1 << 9)            /* subscribed to a channel or pattern */
#define CLIENT_PAUSED (1 << 10)           /* its command waits for the pause to end */
#define CLIENT_REPLY_OFF (1 << 11)        /* CLIENT REPLY OFF */
#define CLIENT_REPLY_SKIP_NEXT (1 << 12)  /* CLIENT REPLY SKIP: drop the next reply */
#define CLIENT_REPLY_SKIP (1 << 13)       /* the running command's reply is dropped */
#define CLIENT_NO_EVICT (1 << 14)         /* CLIENT NO-EVICT ON */
#define CLIENT_MONITOR (1 << 15)          /* in MONITOR mode (monitor.c) */

/* Output to a client with any of these flags is thrown away. */
#define CLIENT_DROPS_REPLIES (CLIENT_CLOSE_ASAP | CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP)

/* Size of the fixed reply buffer and of each reply block. */
#define REPLY_CHUNK_BYTES (16 * 1024)

typedef struct replyBlock {
    struct replyBlock *next;
    size_t size, used;
    char buf[];
} replyBlock;

struct redisCommand;

/* A command queued by MULTI: its arguments copied into the same allocation,
 * since c->argv points into the query buffer only while a command runs. */
typedef struct multiCmd {
    struct redisCommand *cmd;
    int argc;
    slice argv[];
} multiCmd;

typedef struct multiState {
    multiCmd **commands;
    int count, cap;
    size_t bytes; /* allocated for the queued commands, for CLIENT LIST */
} multiState;

typedef struct client {
    uint64_t id;
    int fd;
    int flags;
    int resp; /* protocol version of replies: 2, or 3 after HELLO 3 */
    int authenticated; /* see auth.h */
    redisDb *db;
    sds name; /* NULL when unnamed */
    time_t ctime;           /* connection time, seconds */
    time_t lastInteraction; /* seconds, for `timeout` */

    /* Input. */
    sds querybuf;     /* NULL when no bytes are pending */
    size_t qbPos;     /* start of the command being parsed */
    respParser parser;
    slice *argv;      /* arguments of the command being run */
    int argc, argvCap;
    struct redisCommand *cmd; /* counts its calls, see call() */
    const struct redisCommand *lastcmd;

    /* Output. */
    char *buf;              /* REPLY_CHUNK_BYTES, NULL until needed */
    size_t bufpos;          /* bytes queued in buf */
    size_t sentlen;         /* bytes of buf (or of the head block) written */
    replyBlock *replyHead, *replyTail;
    size_t replyBytes;      /* bytes queued in blocks */

    /* Transactions (multi.c) and pub/sub (pubsub.c). The lists hold subLinks
     * (subscriptions.h) through their ownerNode. */
    multiState mstate;
    list watchedKeys;
    list pubsubChannels, pubsubPatterns;

    listNode allNode;          /* net.clients */
    listNode pendingWriteNode; /* net.pendingWrites */
    listNode closeNode;        /* net.clientsToClose */
    listNode pausedNode;       /* the paused clients (pause.c), iff CLIENT_PAUSED */
} client;

static inline int clientHasPendingReplies(const client *c) {
    return c->bufpos > 0 || c->replyHead != NULL;
}

#endif
