/* lib/sds.c -- growable strings with a length header; see sds.h. */
#include "lib/sds.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/zmalloc.h"

/* Below this size a string doubles when it grows; above it grows by this
 * much, so a 100 MB string does not reserve another 100 MB. */
#define SDS_MAX_PREALLOC (1024 * 1024)

static sds sdsAllocate(size_t alloc) {
    struct sdshdr *h = zmalloc(sizeof(*h) + alloc + 1);
    h->len = 0;
    h->alloc = alloc;
    h->buf[0] = '\0';
    return h->buf;
}

sds sdsnewlen(const void *init, size_t len) {
    sds s = sdsAllocate(len);
    if (init && len) memcpy(s, init, len);
    s[len] = '\0';
    sdsHeader(s)->len = len;
    return s;
}

sds sdsnew(const char *init) { return sdsnewlen(init, init ? strlen(init) : 0); }
sds sdsempty(void) { return sdsnewlen(NULL, 0); }
sds sdsdup(const sds s) { return sdsnewlen(s, sdslen(s)); }

void sdsfree(sds s) {
    if (s) zfree(sdsHeader(s));
}

sds sdsMakeRoomFor(sds s, size_t addlen) {
    struct sdshdr *h = sdsHeader(s);
    if (h->alloc - h->len >= addlen) return s;
    size_t newlen = h->len + addlen;
    if (newlen < SDS_MAX_PREALLOC) newlen *= 2;
    else newlen += SDS_MAX_PREALLOC;
    h = zrealloc(h, sizeof(*h) + newlen + 1);
    h->alloc = newlen;
    return h->buf;
}

void sdsIncrLen(sds s, size_t incr) {
    struct sdshdr *h = sdsHeader(s);
    h->len += incr;
    s[h->len] = '\0';
}

void sdsclear(sds s) {
    sdsHeader(s)->len = 0;
    s[0] = '\0';
}

void sdsKeepRange(sds s, size_t start, size_t len) {
    if (start > 0 && len > 0) memmove(s, s + start, len);
    sdsHeader(s)->len = len;
    s[len] = '\0';
}

sds sdscatlen(sds s, const void *t, size_t len) {
    s = sdsMakeRoomFor(s, len);
    memcpy(s + sdslen(s), t, len);
    sdsIncrLen(s, len);
    return s;
}

sds sdscat(sds s, const char *t) { return sdscatlen(s, t, strlen(t)); }
sds sdscatsds(sds s, const sds t) { return sdscatlen(s, t, sdslen(t)); }

sds sdscatvprintf(sds s, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int needed = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (needed <= 0) return s;
    s = sdsMakeRoomFor(s, (size_t)needed);
    vsnprintf(s + sdslen(s), (size_t)needed + 1, fmt, ap);
    sdsIncrLen(s, (size_t)needed);
    return s;
}

sds sdscatprintf(sds s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    s = sdscatvprintf(s, fmt, ap);
    va_end(ap);
    return s;
}

sds sdscatrepr(sds s, const char *p, size_t len) {
    s = sdscatlen(s, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (c) {
        case '\\': s = sdscatlen(s, "\\\\", 2); break;
        case '"': s = sdscatlen(s, "\\\"", 2); break;
        case '\n': s = sdscatlen(s, "\\n", 2); break;
        case '\r': s = sdscatlen(s, "\\r", 2); break;
        case '\t': s = sdscatlen(s, "\\t", 2); break;
        case '\a': s = sdscatlen(s, "\\a", 2); break;
        case '\b': s = sdscatlen(s, "\\b", 2); break;
        default:
            if (isprint(c)) s = sdscatlen(s, &p[i], 1);
            else s = sdscatprintf(s, "\\x%02x", c);
        }
    }
    return sdscatlen(s, "\"", 1);
}

void sdstolower(sds s) {
    for (size_t i = 0; i < sdslen(s); i++) s[i] = (char)tolower((unsigned char)s[i]);
}
