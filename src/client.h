/* client.h -- one connected client: its socket, the bytes it sent that are
 * not yet parsed, the command being run, and the reply not yet written.
 *
 * Input: most clients own no query buffer between requests. A read lands in
 * the server's shared query buffer; only bytes of an incomplete command are
 * kept in a private buffer afterwards. Output: a fixed buffer (allocated on
 * first use, released when the client idles) and, for replies larger than
 * it, a list of blocks.
 *
 * Invariants: a client is on server.pendingWrites iff CLIENT_PENDING_WRITE
 * is set, and then it has bytes to send or must be closed after its reply. */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db.h"
#include "list.h"
#include "resp_parser.h"
#include "sds.h"
#include "util.h"

#define CLIENT_CLOSE_AFTER_REPLY (1 << 0) /* QUIT, protocol error */
#define CLIENT_CLOSE_ASAP (1 << 1)        /* free at the next safe point */
#define CLIENT_PENDING_WRITE (1 << 2)     /* on server.pendingWrites */
#define CLIENT_UNIX_SOCKET (1 << 3)
#define CLIENT_SHARED_QUERYBUF (1 << 4)   /* querybuf is the server's */
#define CLIENT_WRITE_HANDLER (1 << 5)     /* AE_WRITABLE is installed */
#define CLIENT_MONITOR (1 << 6)           /* in MONITOR mode (monitor.c) */

/* Size of the fixed reply buffer and of each reply block. */
#define REPLY_CHUNK_BYTES (16 * 1024)

typedef struct replyBlock {
    struct replyBlock *next;
    size_t size, used;
    char buf[];
} replyBlock;

struct redisCommand;

typedef struct client {
    uint64_t id;
    int fd;
    int flags;
    int resp; /* protocol version of replies: 2, or 3 after HELLO 3 */
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
    const struct redisCommand *cmd, *lastcmd;

    /* Output. */
    char *buf;              /* REPLY_CHUNK_BYTES, NULL until needed */
    size_t bufpos;          /* bytes queued in buf */
    size_t sentlen;         /* bytes of buf (or of the head block) written */
    replyBlock *replyHead, *replyTail;
    size_t replyBytes;      /* bytes queued in blocks */

    listNode allNode;          /* server.clients */
    listNode pendingWriteNode; /* server.pendingWrites */
    listNode closeNode;        /* server.clientsToClose */
} client;

static inline int clientHasPendingReplies(const client *c) {
    return c->bufpos > 0 || c->replyHead != NULL;
}

#endif
