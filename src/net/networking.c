/* net/networking.c -- the client I/O path: accept a connection, read its bytes,
 * parse and run its commands, write the replies.
 *
 *   listener readable -> acceptHandler -> createClient registers
 *   readQueryFromClient for the new fd; fd readable -> readQueryFromClient
 *   -> processInputBuffer -> the command proc the layer above installed
 *   (dispatch/process.c's processCommand) queues a reply (reply.c) ->
 *   before the loop sleeps, handleClientsWithPendingWrites
 *   writes it. Only a client whose socket would block gets a WRITABLE
 *   handler, so a request/reply costs one read and one write and no
 *   epoll_ctl. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/anet.h"
#include "net/net.h"
#include "lib/log.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

/* Most iovecs gathered into one writev. */
#define WRITEV_MAX_IOV 64
/* Clients visited by one clientsCron call at the least. */
#define CLIENTS_CRON_MIN_ITERATIONS 5

netServer net;

static void readQueryFromClient(aeEventLoop *el, int fd, void *privdata, int mask);

/* --- lifecycle ------------------------------------------------------------ */

/* What the layers above keep per client, in the order registered. */
#define MAX_CLIENT_HOOKS 16
static const clientHooks *clientHookList[MAX_CLIENT_HOOKS];
static int clientHookCount;

void netAddClientHooks(const clientHooks *hooks) {
    if (clientHookCount == MAX_CLIENT_HOOKS) {
        serverLog(LL_WARNING, "Too many client hooks (raise MAX_CLIENT_HOOKS)");
        exit(1);
    }
    clientHookList[clientHookCount++] = hooks;
}

void netSetCommandProc(clientProc *proc) { net.commandProc = proc; }

void netSetBeforeHandlerWrite(void (*proc)(void)) { net.beforeHandlerWrite = proc; }

/* A client's own state, then every layer's: connections and detached
 * clients alike. */
static client *newClient(int fd, int flags) {
    client *c = zcalloc(sizeof(*c));
    c->fd = fd;
    c->flags = flags;
    c->db = &dataset.dbs[0];
    c->resp = 2;
    c->ctime = c->lastInteraction = cachedTime.sec;
    respParserInit(&c->parser);
    for (int i = 0; i < clientHookCount; i++)
        if (clientHookList[i]->created) clientHookList[i]->created(c);
    return c;
}

static client *createClient(int fd, int isUnix) {
    client *c = newClient(fd, isUnix ? CLIENT_UNIX_SOCKET : 0);
    c->id = net.nextClientId++;
    if (aeCreateFileEvent(net.el, fd, AE_READABLE, readQueryFromClient, c) == AE_ERR) {
        freeDetachedClient(c);
        return NULL;
    }
    listAppend(&net.clients, &c->allNode);
    return c;
}

client *createDetachedClient(void) { return newClient(-1, 0); }

static void freeReplyBlocks(client *c) {
    replyBlock *b = c->replyHead;
    while (b) {
        replyBlock *next = b->next;
        zfree(b);
        b = next;
    }
    c->replyHead = c->replyTail = NULL;
    c->replyBytes = 0;
}

/* Every layer's state, in the reverse order of creation, then the
 * client's own. */
void freeDetachedClient(client *c) {
    for (int i = clientHookCount - 1; i >= 0; i--)
        if (clientHookList[i]->freed) clientHookList[i]->freed(c);
    if (c->flags & CLIENT_SHARED_QUERYBUF) sdsclear(net.sharedQueryBuf);
    else sdsfree(c->querybuf);
    respParserFree(&c->parser);
    freeReplyBlocks(c);
    zfree(c->argv);
    zfree(c->buf);
    sdsfree(c->name);
    zfree(c);
}

void freeClient(client *c) {
    aeDeleteFileEvent(net.el, c->fd, AE_READABLE | AE_WRITABLE);
    close(c->fd);
    listRemove(&net.clients, &c->allNode);
    if (c->flags & CLIENT_PENDING_WRITE) listRemove(&net.pendingWrites, &c->pendingWriteNode);
    if (c->flags & CLIENT_CLOSE_ASAP) listRemove(&net.clientsToClose, &c->closeNode);
    freeDetachedClient(c);
}

void freeClientAsync(client *c) {
    if (c->flags & CLIENT_CLOSE_ASAP) return;
    c->flags |= CLIENT_CLOSE_ASAP;
    listAppend(&net.clientsToClose, &c->closeNode);
}

void freeClientsInCloseList(void) {
    listNode *n;
    while ((n = listFirst(&net.clientsToClose)) != NULL) {
        client *c = listEntry(n, client, closeNode);
        freeClient(c);
    }
}

/* --- accept --------------------------------------------------------------- */

static void rejectClient(int fd) {
    static const char err[] = "-ERR max number of clients reached\r\n";
    /* Best effort: the socket is new, so its send buffer is empty. */
    ssize_t ignored = write(fd, err, sizeof(err) - 1);
    (void)ignored;
    net.stats.rejectedConnections++;
    close(fd);
}

static void acceptCommonHandler(int fd, int isUnix) {
    if ((long long)net.clients.len >= netConfig.maxclients) {
        rejectClient(fd);
        return;
    }
    if (!isUnix) {
        anetTcpNoDelay(NULL, fd);
        anetKeepAlive(NULL, fd, (int)netConfig.tcpKeepalive);
    }
    client *c = createClient(fd, isUnix);
    if (!c) {
        serverLog(LL_WARNING, "Error registering fd event for the new client: %s (fd=%d)",
                  strerror(errno), fd);
        close(fd);
        return;
    }
    net.stats.numConnections++;
    if (logGetLevel() <= LL_VERBOSE) {
        char addr[NET_ADDR_STR_LEN];
        formatClientAddress(c, 1, addr, sizeof(addr));
        serverLog(LL_VERBOSE, "Accepted %s", addr);
    }
}

void acceptHandler(aeEventLoop *el, int fd, void *privdata, int mask) {
    (void)el;
    (void)mask;
    const listener *l = privdata;
    net.stats.eventsAccept++;
    for (int max = MAX_ACCEPTS_PER_CALL; max > 0; max--) {
        char err[ANET_ERR_LEN];
        int cfd = anetAccept(err, fd, NULL, 0, NULL);
        if (cfd == -1) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                serverLog(LL_WARNING, "Accepting client connection: %s", err);
            return;
        }
        acceptCommonHandler(cfd, l->isUnix);
    }
}

/* --- input ---------------------------------------------------------------- */

/* Gets a buffer with room to read into and returns how much to read. A
 * client with nothing pending borrows the shared buffer. For a large bulk
 * the room grows by doubling as its bytes arrive, up to what the bulk still
 * needs: the copies add up to O(size), and a header alone (`$500000000`)
 * reserves nothing it has not been sent. */
static size_t prepareQueryBuffer(client *c) {
    size_t readlen = READ_CHUNK_BYTES;
    if (!c->querybuf) {
        c->querybuf = net.sharedQueryBuf;
        c->flags |= CLIENT_SHARED_QUERYBUF;
    }
    size_t wanted = respBytesWanted(&c->parser);
    size_t have = sdslen(c->querybuf) - c->qbPos;
    if (wanted > have && wanted - have >= BIG_ARG_BYTES) {
        size_t missing = wanted - have;
        size_t grow = have > BIG_ARG_BYTES ? have : BIG_ARG_BYTES;
        readlen = missing < grow ? missing : grow;
    }
    if (sdsavail(c->querybuf) < readlen) {
        if (c->flags & CLIENT_SHARED_QUERYBUF) {
            c->querybuf = sdsnewlen(c->querybuf, sdslen(c->querybuf));
            sdsclear(net.sharedQueryBuf);
            c->flags &= ~CLIENT_SHARED_QUERYBUF;
        }
        c->querybuf = sdsMakeRoomFor(c->querybuf, readlen);
    }
    return readlen;
}

/* After parsing: keep only the bytes of an incomplete command, in a buffer
 * of the client's own; give the shared buffer back. */
static void releaseQueryBuffer(client *c) {
    size_t remaining = sdslen(c->querybuf) - c->qbPos;
    if (c->flags & CLIENT_SHARED_QUERYBUF) {
        c->flags &= ~CLIENT_SHARED_QUERYBUF;
        c->querybuf = remaining ? sdsnewlen(c->querybuf + c->qbPos, remaining) : NULL;
        sdsclear(net.sharedQueryBuf);
    } else if (remaining == 0) {
        sdsfree(c->querybuf);
        c->querybuf = NULL;
    } else if (c->qbPos > 0) {
        sdsKeepRange(c->querybuf, c->qbPos, remaining);
    }
    c->qbPos = 0;
}

static void protocolError(client *c) {
    if (logGetLevel() <= LL_VERBOSE) {
        char addr[NET_ADDR_STR_LEN];
        formatClientAddress(c, 1, addr, sizeof(addr));
        serverLog(LL_VERBOSE, "Protocol error (%s) from client: id=%llu addr=%s",
                  c->parser.error, (unsigned long long)c->id, addr);
    }
    addReplyError(c, c->parser.error);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
    /* Whatever follows the error is not a command we can trust. */
    c->qbPos = sdslen(c->querybuf);
    respParserReset(&c->parser);
}

/* Points c->argv at the arguments the parser found in `start`. */
static void setArgvFromParser(client *c, char *start) {
    const respParser *p = &c->parser;
    if (p->argc > c->argvCap) {
        c->argvCap = p->argc;
        c->argv = zrealloc(c->argv, sizeof(slice) * (size_t)c->argvCap);
    }
    for (int i = 0; i < p->argc; i++) {
        c->argv[i].ptr = start + p->args[i].offset;
        c->argv[i].len = p->args[i].len;
    }
    c->argc = p->argc;
}

/* After a command with very many arguments, gives their arrays back rather
 * than keeping megabytes per idle connection. */
static void releaseLargeArgv(client *c) {
    if (c->argvCap <= ARGV_KEEP_MAX) return;
    zfree(c->argv);
    c->argv = NULL;
    c->argvCap = 0;
    respParserShrink(&c->parser, ARGV_KEEP_MAX);
}

/* CLIENT REPLY SKIP drops the reply of the one command after it. */
static void advanceReplySkip(client *c) {
    if (!(c->flags & (CLIENT_REPLY_SKIP | CLIENT_REPLY_SKIP_NEXT))) return;
    c->flags &= ~CLIENT_REPLY_SKIP;
    if (c->flags & CLIENT_REPLY_SKIP_NEXT) {
        c->flags &= ~CLIENT_REPLY_SKIP_NEXT;
        c->flags |= CLIENT_REPLY_SKIP;
    }
}

/* Runs every complete command in the query buffer (pipelining), until one
 * is held by a CLIENT PAUSE: that one stays in the buffer, unconsumed, and
 * is parsed again when the client resumes. */
static void processInputBuffer(client *c) {
    const respLimits limits = {
        .maxBulkLen = netConfig.protoMaxBulkLen,
        .maxMultibulkLen = PROTO_MAX_MULTIBULK_LEN,
        .maxInlineLen = PROTO_INLINE_MAX_SIZE,
    };
    uint64_t firstCommandUs = 0;
    while (c->qbPos < sdslen(c->querybuf) &&
           !(c->flags & (CLIENT_CLOSE_AFTER_REPLY | CLIENT_CLOSE_ASAP | CLIENT_PAUSED))) {
        char *start = c->querybuf + c->qbPos;
        respResult r = respParse(&c->parser, start, sdslen(c->querybuf) - c->qbPos, &limits);
        if (r == RESP_INCOMPLETE) break;
        if (r == RESP_ERROR) {
            protocolError(c);
            break;
        }
        if (r == RESP_COMMAND) {
            /* One clock read per batch of commands, not two per command. */
            if (!firstCommandUs) firstCommandUs = net.cmdClockUs = monotonicUs();
            setArgvFromParser(c, start);
            net.commandProc(c);
            c->argc = 0;
            releaseLargeArgv(c);
            if (c->flags & CLIENT_PAUSED) {
                respParserReset(&c->parser);
                break;
            }
            advanceReplySkip(c);
        }
        c->qbPos += c->parser.pos;
        respParserReset(&c->parser);
    }
    /* call() left the end of the batch's last command in cmdClockUs. */
    if (firstCommandUs) net.stats.cmdDurationUs += net.cmdClockUs - firstCommandUs;
}

/* A client to close after its reply whose reply was dropped (CLIENT REPLY
 * OFF) has nothing to write that would close it: close it now. */
static void closeIfNoReplyPending(client *c) {
    if ((c->flags & CLIENT_CLOSE_AFTER_REPLY) &&
        !(c->flags & (CLIENT_PENDING_WRITE | CLIENT_WRITE_HANDLER)) && !clientHasPendingReplies(c))
        freeClientAsync(c);
}

/* Runs the commands in the client's buffer, gives the shared query buffer
 * back, and closes the client if a dropped reply was all it waited for. */
static void runClientInput(client *c) {
    processInputBuffer(c);
    releaseQueryBuffer(c);
    closeIfNoReplyPending(c);
}

static void readQueryFromClient(aeEventLoop *el, int fd, void *privdata, int mask) {
    (void)el;
    (void)mask;
    client *c = privdata;
    size_t readlen = prepareQueryBuffer(c);
    ssize_t n = read(fd, c->querybuf + sdslen(c->querybuf), readlen);
    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            /* Woken for nothing: the data was already consumed, or the
             * readiness was spurious. */
            net.stats.readsEmpty++;
            releaseQueryBuffer(c);
            return;
        }
        serverLog(LL_VERBOSE, "Reading from client: %s", strerror(errno));
        freeClient(c);
        return;
    }
    if (n == 0) {
        serverLog(LL_VERBOSE, "Client closed connection id=%llu", (unsigned long long)c->id);
        freeClient(c);
        return;
    }
    sdsIncrLen(c->querybuf, (size_t)n);
    c->lastInteraction = cachedTime.sec;
    net.stats.netInputBytes += n;
    net.stats.readsProcessed++;

    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) {
        /* Input after QUIT or a protocol error is dropped. */
        c->qbPos = sdslen(c->querybuf);
    } else if ((long long)(sdslen(c->querybuf) - c->qbPos) > netConfig.clientQueryBufferLimit) {
        serverLog(LL_WARNING, "Closing client that reached max query buffer length: id=%llu "
                  "qbuf=%zu", (unsigned long long)c->id, sdslen(c->querybuf) - c->qbPos);
        freeClient(c);
        return;
    }
    runClientInput(c);
}

void resumePausedClient(client *c) {
    if (c->querybuf) runClientInput(c);
}

/* --- output --------------------------------------------------------------- */

/* Drops n written bytes from the front of the client's output. */
static void consumeOutput(client *c, size_t n) {
    if (c->bufpos) {
        size_t pending = c->bufpos - c->sentlen;
        if (n < pending) {
            c->sentlen += n;
            return;
        }
        n -= pending;
        c->bufpos = c->sentlen = 0;
    }
    while (n && c->replyHead) {
        replyBlock *b = c->replyHead;
        size_t pending = b->used - c->sentlen;
        if (n < pending) {
            c->sentlen += n;
            return;
        }
        n -= pending;
        c->sentlen = 0;
        c->replyHead = b->next;
        c->replyBytes -= b->used;
        zfree(b);
    }
    if (!c->replyHead) c->replyTail = NULL;
}

/* Gathers the pending output (up to MAX_WRITE_PER_EVENT) into iov. */
static int gatherOutput(client *c, struct iovec *iov, size_t *total) {
    int count = 0;
    size_t offset = c->sentlen;
    *total = 0;
    if (c->bufpos) {
        iov[count].iov_base = c->buf + offset;
        iov[count].iov_len = c->bufpos - offset;
        *total += iov[count++].iov_len;
        offset = 0;
    }
    for (replyBlock *b = c->replyHead; b && count < WRITEV_MAX_IOV && *total < MAX_WRITE_PER_EVENT;
         b = b->next) {
        iov[count].iov_base = b->buf + offset;
        iov[count].iov_len = b->used - offset;
        *total += iov[count++].iov_len;
        offset = 0;
    }
    return count;
}

/* Writes what the socket takes. Returns C_ERR if the client was freed. */
static int writeToClient(client *c) {
    struct iovec iov[WRITEV_MAX_IOV];
    size_t total;
    int count = gatherOutput(c, iov, &total);
    ssize_t n = count == 1 ? write(c->fd, iov[0].iov_base, iov[0].iov_len)
                           : writev(c->fd, iov, count);
    net.stats.writesProcessed++;
    if (n == -1) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            serverLog(LL_VERBOSE, "Error writing to client: %s", strerror(errno));
            freeClient(c);
            return C_ERR;
        }
        n = 0;
    }
    if ((size_t)n < total) net.stats.writesPartial++;
    /* Only progress counts as activity: a client that stops reading while
     * replies pile up is idle for `timeout`. */
    if (n > 0) c->lastInteraction = cachedTime.sec;
    net.stats.netOutputBytes += n;
    consumeOutput(c, (size_t)n);
    if (clientHasPendingReplies(c)) return C_OK;
    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) {
        freeClient(c);
        return C_ERR;
    }
    if (c->flags & CLIENT_WRITE_HANDLER) {
        aeDeleteFileEvent(net.el, c->fd, AE_WRITABLE);
        c->flags &= ~CLIENT_WRITE_HANDLER;
    }
    return C_OK;
}

static void sendReplyToClient(aeEventLoop *el, int fd, void *privdata, int mask) {
    (void)el;
    (void)fd;
    (void)mask;
    /* Outside beforeSleep: the output may hold replies to writes whose
     * records the persistence layer has not written yet. */
    if (net.beforeHandlerWrite) net.beforeHandlerWrite();
    writeToClient(privdata);
}

int handleClientsWithPendingWrites(void) {
    int processed = 0;
    listNode *n;
    while ((n = listFirst(&net.pendingWrites)) != NULL) {
        client *c = listEntry(n, client, pendingWriteNode);
        listRemove(&net.pendingWrites, n);
        c->flags &= ~CLIENT_PENDING_WRITE;
        processed++;
        /* A client with a write handler is written when its socket drains. */
        if (c->flags & CLIENT_WRITE_HANDLER) continue;
        if (writeToClient(c) == C_ERR || !clientHasPendingReplies(c)) continue;
        if (aeCreateFileEvent(net.el, c->fd, AE_WRITABLE, sendReplyToClient, c) == AE_ERR) {
            freeClientAsync(c);
            continue;
        }
        c->flags |= CLIENT_WRITE_HANDLER;
    }
    return processed;
}

/* --- introspection and housekeeping --------------------------------------- */

size_t clientMemory(const client *c) {
    size_t mem = sizeof(*c) + (size_t)c->argvCap * sizeof(slice) +
                 (size_t)c->parser.argsCap * sizeof(respArg);
    if (c->querybuf && !(c->flags & CLIENT_SHARED_QUERYBUF))
        mem += sdslen(c->querybuf) + sdsavail(c->querybuf);
    if (c->buf) mem += REPLY_CHUNK_BYTES;
    mem += c->mstate.bytes;
    for (const replyBlock *b = c->replyHead; b; b = b->next) mem += sizeof(*b) + b->size;
    return mem;
}

/* Closes clients idle past `timeout` and releases the reply buffers of
 * clients that have been quiet for a while. Visits a slice of the clients
 * per call so that all of them are seen about once per second. */
void clientsCron(int hz) {
    size_t iterations = net.clients.len / (size_t)hz;
    if (iterations < CLIENTS_CRON_MIN_ITERATIONS) iterations = CLIENTS_CRON_MIN_ITERATIONS;
    if (iterations > net.clients.len) iterations = net.clients.len;
    while (iterations-- && !listEmpty(&net.clients)) {
        listRotateHeadToTail(&net.clients);
        client *c = listEntry(net.clients.head.prev, client, allNode);
        time_t idle = cachedTime.sec - c->lastInteraction;
        /* A client waiting for a pause to end is not idle, as in Redis. */
        if (netConfig.timeout && idle > netConfig.timeout &&
            !(c->flags & CLIENT_PAUSED)) {
            serverLog(LL_VERBOSE, "Closing idle client id=%llu", (unsigned long long)c->id);
            freeClient(c);
            continue;
        }
        if (c->buf && c->bufpos == 0 && idle >= CLIENT_IDLE_BUFFER_SECONDS) {
            zfree(c->buf);
            c->buf = NULL;
        }
    }
}
