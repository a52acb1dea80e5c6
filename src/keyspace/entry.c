/* keyspace/entry.c -- packed key/value/expiry records; see entry.h. */
#include "keyspace/entry.h"

#include <string.h>

#include "lib/zmalloc.h"

/* With ENTRY_HAS_EXPIRE, data starts with these two fields. */
typedef struct expiryBlock {
    int64_t expireMs;
    uint64_t volatileIndex;
} expiryBlock;

static size_t varintSize(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static size_t varintWrite(unsigned char *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static size_t varintRead(const unsigned char *p, uint64_t *v) {
    uint64_t result = 0;
    size_t n = 0;
    int shift = 0;
    do {
        result |= (uint64_t)(p[n] & 0x7f) << shift;
        shift += 7;
    } while (p[n++] & 0x80);
    *v = result;
    return n;
}

/* Where the parts of an entry are, relative to e->data. */
typedef struct entryLayout {
    size_t keylen, vallen;
    size_t keyOffset, valOffset;
    size_t total; /* allocation size */
} entryLayout;

static void layoutOf(const entry *e, entryLayout *l) {
    const unsigned char *p = e->data;
    if (e->flags & ENTRY_HAS_EXPIRE) p += sizeof(expiryBlock);
    uint64_t v;
    p += varintRead(p, &v);
    l->keylen = (size_t)v;
    p += varintRead(p, &v);
    l->vallen = (size_t)v;
    l->keyOffset = (size_t)(p - e->data);
    l->valOffset = l->keyOffset + l->keylen;
    l->total = offsetof(entry, data) + l->valOffset + l->vallen;
}

static size_t allocSizeFor(size_t keylen, size_t vallen, int hasExpire) {
    return offsetof(entry, data) + (hasExpire ? sizeof(expiryBlock) : 0) + varintSize(keylen) +
           varintSize(vallen) + keylen + vallen;
}

entry *entryCreate(const char *key, size_t keylen, const char *val, size_t vallen,
                   long long expireMs) {
    int hasExpire = expireMs != ENTRY_NO_EXPIRE;
    entry *e = zmalloc(allocSizeFor(keylen, vallen, hasExpire));
    e->node.next = NULL;
    e->flags = ENTRY_TYPE_STRING | (hasExpire ? ENTRY_HAS_EXPIRE : 0);
    e->access = 0;
    unsigned char *p = e->data;
    if (hasExpire) {
        expiryBlock block = {.expireMs = expireMs, .volatileIndex = 0};
        memcpy(p, &block, sizeof(block));
        p += sizeof(block);
    }
    p += varintWrite(p, keylen);
    p += varintWrite(p, vallen);
    memcpy(p, key, keylen);
    if (val && vallen) memcpy(p + keylen, val, vallen); /* NULL: the caller fills it */
    return e;
}

entry *entryCreatePointer(const char *key, size_t keylen, int type, void *value,
                          long long expireMs) {
    entry *e = entryCreate(key, keylen, (const char *)&value, sizeof(value), expireMs);
    entrySetType(e, type);
    return e;
}

/* What a rebuilt entry keeps of the one it replaces: everything but the
 * layout, which entryAlloc has written. */
static void inheritHeader(entry *n, const entry *old) {
    n->flags = (uint8_t)((old->flags & ~ENTRY_HAS_EXPIRE) | (n->flags & ENTRY_HAS_EXPIRE));
    n->access = old->access;
    n->node.next = old->node.next;
    if (entryHasExpire(old) && entryHasExpire(n)) entrySetVolatileIndex(n, entryVolatileIndex(old));
}

void entryFree(entry *e) { zfree(e); }

/* Called for every key compared in a hash chain: it skips the value's
 * length rather than decoding it. */
const char *entryKey(const entry *e, size_t *len) {
    const unsigned char *p = e->data;
    if (e->flags & ENTRY_HAS_EXPIRE) p += sizeof(expiryBlock);
    uint64_t keylen;
    p += varintRead(p, &keylen);
    while (*p & 0x80) p++;
    *len = (size_t)keylen;
    return (const char *)p + 1;
}

const char *entryValue(const entry *e, size_t *len) {
    entryLayout l;
    layoutOf(e, &l);
    *len = l.vallen;
    return (const char *)e->data + l.valOffset;
}

/* The value bytes may be unaligned: memcpy, not a cast. */
void *entryValuePointer(const entry *e) {
    size_t len;
    const char *val = entryValue(e, &len);
    void *value;
    memcpy(&value, val, sizeof(value));
    return value;
}

/* The block may be unaligned (data starts at offset 12): memcpy, not casts. */
long long entryExpire(const entry *e) {
    if (!(e->flags & ENTRY_HAS_EXPIRE)) return ENTRY_NO_EXPIRE;
    int64_t when;
    memcpy(&when, e->data + offsetof(expiryBlock, expireMs), sizeof(when));
    return when;
}

size_t entryVolatileIndex(const entry *e) {
    uint64_t index;
    memcpy(&index, e->data + offsetof(expiryBlock, volatileIndex), sizeof(index));
    return (size_t)index;
}

void entrySetVolatileIndex(entry *e, size_t index) {
    uint64_t v = index;
    memcpy(e->data + offsetof(expiryBlock, volatileIndex), &v, sizeof(v));
}

entry *entrySetValue(entry *e, const char *val, size_t vallen) {
    entryLayout l;
    layoutOf(e, &l);
    if (varintSize(vallen) != varintSize(l.vallen)) {
        /* The header changes size: rebuild rather than shuffle bytes. */
        entry *n = entryCreate((const char *)e->data + l.keyOffset, l.keylen, val, vallen,
                               entryExpire(e));
        inheritHeader(n, e);
        n->flags &= ~(ENTRY_ENC_MASK | ENTRY_NO_SHARED_INT);
        entryFree(e);
        return n;
    }
    /* Same layout: grow or shrink in place (jemalloc keeps the address when
     * the size class does not change). The same size needs no call at all. */
    if (vallen != l.vallen) e = zrealloc(e, l.total - l.vallen + vallen);
    e->flags &= ~(ENTRY_ENC_MASK | ENTRY_NO_SHARED_INT);
    unsigned char *lenPos = e->data + l.keyOffset - varintSize(vallen);
    varintWrite(lenPos, vallen);
    if (vallen) memcpy(e->data + l.valOffset, val, vallen);
    return e;
}

entry *entryResizeValue(entry *e, size_t newlen, char **val) {
    entryLayout l;
    layoutOf(e, &l);
    size_t kept = newlen < l.vallen ? newlen : l.vallen;
    if (varintSize(newlen) != varintSize(l.vallen)) {
        entry *n = entryCreate((const char *)e->data + l.keyOffset, l.keylen, NULL, newlen,
                               entryExpire(e));
        size_t ignored;
        char *valPos = (char *)entryValue(n, &ignored);
        memcpy(valPos, e->data + l.valOffset, kept);
        memset(valPos + kept, 0, newlen - kept);
        inheritHeader(n, e);
        entryFree(e);
        *val = valPos;
        return n;
    }
    if (newlen != l.vallen) e = zrealloc(e, l.total - l.vallen + newlen);
    varintWrite(e->data + l.keyOffset - varintSize(newlen), newlen);
    memset(e->data + l.valOffset + kept, 0, newlen - kept);
    *val = (char *)e->data + l.valOffset;
    return e;
}

entry *entrySetExpire(entry *e, long long expireMs) {
    int hasExpire = expireMs != ENTRY_NO_EXPIRE;
    if (hasExpire && entryHasExpire(e)) {
        int64_t when = expireMs;
        memcpy(e->data + offsetof(expiryBlock, expireMs), &when, sizeof(when));
        return e;
    }
    if (!hasExpire && !entryHasExpire(e)) return e;
    entryLayout l;
    layoutOf(e, &l);
    entry *n = entryCreate((const char *)e->data + l.keyOffset, l.keylen,
                           (const char *)e->data + l.valOffset, l.vallen, expireMs);
    inheritHeader(n, e);
    entryFree(e);
    return n;
}

size_t entryAllocSize(const entry *e) {
    entryLayout l;
    layoutOf(e, &l);
    return l.total;
}
