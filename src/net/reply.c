/* net/reply.c -- queueing reply bytes on a client; see reply.h. */
#include "net/reply.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "net/net.h"
#include "lib/zmalloc.h"

/* Puts the client on the pending-write list the first time it gets output
 * in this cycle. Clients about to be freed, or that asked for no replies
 * (CLIENT REPLY OFF / SKIP), get nothing. */
static inline int prepareClientToWrite(client *c) {
    if (c->flags & CLIENT_DROPS_REPLIES) return C_ERR;
    if (!(c->flags & CLIENT_PENDING_WRITE)) {
        c->flags |= CLIENT_PENDING_WRITE;
        listAppend(&net.pendingWrites, &c->pendingWriteNode);
    }
    return C_OK;
}

static void appendToBlocks(client *c, const char *s, size_t len) {
    replyBlock *tail = c->replyTail;
    if (tail && tail->used < tail->size) {
        size_t n = tail->size - tail->used;
        if (n > len) n = len;
        memcpy(tail->buf + tail->used, s, n);
        tail->used += n;
        c->replyBytes += n;
        s += n;
        len -= n;
    }
    if (len == 0) return;
    size_t size = len > REPLY_CHUNK_BYTES ? len : REPLY_CHUNK_BYTES;
    replyBlock *b = zmalloc(sizeof(*b) + size);
    b->next = NULL;
    b->size = size;
    b->used = len;
    memcpy(b->buf, s, len);
    if (tail) tail->next = b;
    else c->replyHead = b;
    c->replyTail = b;
    c->replyBytes += len;
}

void addReplyProto(client *c, const char *s, size_t len) {
    if (prepareClientToWrite(c) != C_OK) return;
    /* Once blocks exist, everything goes after them to keep the order. */
    if (!c->replyHead) {
        if (!c->buf) c->buf = zmalloc(REPLY_CHUNK_BYTES);
        size_t room = REPLY_CHUNK_BYTES - c->bufpos;
        size_t n = len < room ? len : room;
        memcpy(c->buf + c->bufpos, s, n);
        c->bufpos += n;
        s += n;
        len -= n;
    }
    if (len) appendToBlocks(c, s, len);
}

void addReplyOk(client *c) { addReplyProto(c, "+OK\r\n", 5); }

void addReplyStatus(client *c, const char *status) {
    addReplyProto(c, "+", 1);
    addReplyProto(c, status, strlen(status));
    addReplyProto(c, "\r\n", 2);
}

static void (*countError)(const char *code, size_t len);

void replySetErrorCounter(void (*count)(const char *code, size_t len)) { countError = count; }

void addReplyError(client *c, const char *msg) {
    net.stats.errorReplies++;
    size_t len = strlen(msg);
    if (msg[0] == '-') {
        msg++;
        len--;
        if (countError) countError(msg, strcspn(msg, " \r\n"));
        addReplyProto(c, "-", 1);
    } else {
        if (countError) countError("ERR", 3);
        addReplyProto(c, "-ERR ", 5);
    }
    /* An error is one line: a newline inside would break the protocol. */
    const char *p = msg;
    while (len) {
        size_t run = strcspn(p, "\r\n");
        if (run > len) run = len;
        addReplyProto(c, p, run);
        p += run;
        len -= run;
        if (len) {
            addReplyProto(c, " ", 1);
            p++;
            len--;
        }
    }
    addReplyProto(c, "\r\n", 2);
}

void addReplyErrorFormat(client *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sds msg = sdscatvprintf(sdsempty(), fmt, ap);
    va_end(ap);
    addReplyError(c, msg);
    sdsfree(msg);
}

/* ":<n>\r\n", "*<n>\r\n", "$<n>\r\n" without printf. */
static void addReplyPrefixed(client *c, char prefix, long long n) {
    char buf[32];
    buf[0] = prefix;
    size_t len = 1 + ll2string(buf + 1, n);
    buf[len++] = '\r';
    buf[len++] = '\n';
    addReplyProto(c, buf, len);
}

void addReplyLongLong(client *c, long long v) {
    if (v == 0) addReplyProto(c, ":0\r\n", 4);
    else if (v == 1) addReplyProto(c, ":1\r\n", 4);
    else addReplyPrefixed(c, ':', v);
}

void addReplyBulk(client *c, const char *p, size_t len) {
    /* Header, payload and trailer in one copy when they fit the buffer. */
    if (!c->replyHead && c->buf && c->bufpos + len + 32 <= REPLY_CHUNK_BYTES &&
        !(c->flags & CLIENT_DROPS_REPLIES)) {
        prepareClientToWrite(c);
        char *out = c->buf + c->bufpos;
        *out++ = '$';
        out += ll2string(out, (long long)len);
        *out++ = '\r';
        *out++ = '\n';
        memcpy(out, p, len);
        out += len;
        *out++ = '\r';
        *out++ = '\n';
        c->bufpos = (size_t)(out - c->buf);
        return;
    }
    addReplyPrefixed(c, '$', (long long)len);
    addReplyProto(c, p, len);
    addReplyProto(c, "\r\n", 2);
}

void addReplyBulkCString(client *c, const char *s) { addReplyBulk(c, s, strlen(s)); }

void addReplyBulkLongLong(client *c, long long v) {
    char buf[21];
    size_t len = ll2string(buf, v);
    addReplyBulk(c, buf, len);
}

void addReplyArrayLen(client *c, long long n) { addReplyPrefixed(c, '*', n); }
void addReplyEmptyArray(client *c) { addReplyProto(c, "*0\r\n", 4); }

void addReplyNull(client *c) {
    if (c->resp >= 3) addReplyProto(c, "_\r\n", 3);
    else addReplyProto(c, "$-1\r\n", 5);
}

void addReplyNullArray(client *c) {
    if (c->resp >= 3) addReplyProto(c, "_\r\n", 3);
    else addReplyProto(c, "*-1\r\n", 5);
}

void addReplyMapLen(client *c, long long pairs) {
    if (c->resp >= 3) addReplyPrefixed(c, '%', pairs);
    else addReplyPrefixed(c, '*', pairs * 2);
}

void addReplySetLen(client *c, long long n) { addReplyPrefixed(c, c->resp >= 3 ? '~' : '*', n); }
void addReplyPushLen(client *c, long long n) { addReplyPrefixed(c, c->resp >= 3 ? '>' : '*', n); }

void addReplyBool(client *c, int b) {
    if (c->resp >= 3) addReplyProto(c, b ? "#t\r\n" : "#f\r\n", 4);
    else addReplyLongLong(c, b ? 1 : 0);
}

void addReplyDouble(client *c, double d) {
    char buf[64];
    int len;
    if (isinf(d)) len = snprintf(buf, sizeof(buf), "%s", d > 0 ? "inf" : "-inf");
    else len = snprintf(buf, sizeof(buf), "%.17g", d);
    if (c->resp >= 3) {
        addReplyProto(c, ",", 1);
        addReplyProto(c, buf, (size_t)len);
        addReplyProto(c, "\r\n", 2);
    } else {
        addReplyBulk(c, buf, (size_t)len);
    }
}

void addReplyVerbatim(client *c, const char *text, size_t len, const char *format) {
    if (c->resp < 3) {
        addReplyBulk(c, text, len);
        return;
    }
    addReplyPrefixed(c, '=', (long long)len + 4);
    addReplyProto(c, format, 3);
    addReplyProto(c, ":", 1);
    addReplyProto(c, text, len);
    addReplyProto(c, "\r\n", 2);
}

void addReplySyntaxError(client *c) { addReplyError(c, "syntax error"); }
void addReplyNotInteger(client *c) { addReplyError(c, "value is not an integer or out of range"); }

void addReplyWrongType(client *c) {
    addReplyError(c, "-WRONGTYPE Operation against a key holding the wrong kind of value");
}

void addReplyIntOutOfRange(client *c) {
    addReplyError(c, "value is out of range, value must between -2147483648 and 2147483647");
}

void addReplyDbIndexOutOfRange(client *c) { addReplyError(c, "DB index is out of range"); }
