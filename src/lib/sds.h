/* lib/sds.h -- growable, binary-safe strings for everything that is built up
 * piece by piece: INFO text, CLIENT LIST, config values, log lines.
 *
 * An sds is a plain `char *` to NUL-terminated bytes, so it can be passed to
 * any C string function; its length and capacity live in a small header just
 * before the bytes, so length is O(1) and appends are amortised O(1). Keys and
 * values in the keyspace are NOT sds: they live packed in their entry (see
 * entry.h). */
#ifndef SDS_H
#define SDS_H

#include <stdarg.h>
#include <stddef.h>

typedef char *sds;

struct sdshdr {
    size_t len;   /* bytes used, not counting the terminating NUL */
    size_t alloc; /* bytes available for content, not counting the NUL */
    char buf[];
};

static inline struct sdshdr *sdsHeader(const sds s) {
    return (struct sdshdr *)(s - sizeof(struct sdshdr));
}
static inline size_t sdslen(const sds s) { return sdsHeader(s)->len; }
static inline size_t sdsavail(const sds s) {
    return sdsHeader(s)->alloc - sdsHeader(s)->len;
}

sds sdsnewlen(const void *init, size_t len);
sds sdsnew(const char *init);
sds sdsempty(void);
sds sdsdup(const sds s);
void sdsfree(sds s);

/* Make room for at least `addlen` more bytes after the current end. */
sds sdsMakeRoomFor(sds s, size_t addlen);
/* Account for `incr` bytes written directly after the end (after MakeRoomFor). */
void sdsIncrLen(sds s, size_t incr);
void sdsclear(sds s);
/* Keep bytes [start, start+len) and move them to the front. */
void sdsKeepRange(sds s, size_t start, size_t len);

sds sdscatlen(sds s, const void *t, size_t len);
sds sdscat(sds s, const char *t);
sds sdscatsds(sds s, const sds t);
sds sdscatprintf(sds s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
sds sdscatvprintf(sds s, const char *fmt, va_list ap);
/* Append a quoted, escaped form of binary data ("a\x00b\r\n") for logs. */
sds sdscatrepr(sds s, const char *p, size_t len);
void sdstolower(sds s);

#endif
