/* test_entry.c -- the packed key/value/expiry record (src/entry.h):
 * creation at every varint width, value and expiry changes that move the
 * entry, and the size promised for small keys. */
#include <stdlib.h>
#include <string.h>

#include "keyspace/entry.h"
#include "unit.h"

/* Lengths on both sides of each varint width change, and a megabyte. */
static const size_t lengths[] = {0, 1, 127, 128, 16383, 16384, 1 << 20};
#define NLENGTHS (sizeof(lengths) / sizeof(lengths[0]))

static const long long someExpire = 1700000000123LL;

/* Deterministic bytes, NULs included, that differ by `salt`. */
static char *pattern(size_t len, unsigned salt) {
    char *p = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++) p[i] = (char)((i * 31 + salt * 7) % 251);
    return p;
}

static size_t varintBytes(size_t v) {
    size_t n = 1;
    while (v >= 128) {
        v >>= 7;
        n++;
    }
    return n;
}

/* The layout entry.h documents: next pointer, flags, access bits, optional
 * 16-byte expiry block (time and volatile index), two varints, key, value. */
static size_t documentedSize(size_t keylen, size_t vallen, int hasExpire) {
    return sizeof(dictNode) + 4 + (hasExpire ? 16 : 0) + varintBytes(keylen) +
           varintBytes(vallen) + keylen + vallen;
}

static void checkEntry(const entry *e, const char *key, size_t keylen, const char *val,
                       size_t vallen, long long expire) {
    CHECK_NOT_NULL(e);
    size_t kl, vl;
    const char *k = entryKey(e, &kl);
    CHECK_MEM(k, kl, key, keylen);
    const char *v = entryValue(e, &vl);
    CHECK_MEM(v, vl, val, vallen);
    CHECK_INT(entryType(e), ENTRY_TYPE_STRING);
    CHECK_INT(entryHasExpire(e), expire != ENTRY_NO_EXPIRE);
    CHECK_INT(entryExpire(e), expire);
    CHECK_UINT(entryAllocSize(e), documentedSize(keylen, vallen, expire != ENTRY_NO_EXPIRE));
}

static void testCreateWithoutExpiry(void) {
    entry *e = entryCreate("key", 3, "value", 5, ENTRY_NO_EXPIRE);
    CHECK_OK(checkEntry(e, "key", 3, "value", 5, ENTRY_NO_EXPIRE));
    CHECK_NULL(e->node.next);
    entryFree(e);
}

static void testCreateWithExpiry(void) {
    entry *e = entryCreate("key", 3, "value", 5, someExpire);
    CHECK_OK(checkEntry(e, "key", 3, "value", 5, someExpire));
    entryFree(e);
    /* The epoch itself is an expiry time, not "no expiry". */
    e = entryCreate("k", 1, "v", 1, 0);
    CHECK_OK(checkEntry(e, "k", 1, "v", 1, 0));
    entryFree(e);
}

static void testCreateAtEveryLength(void) {
    for (size_t ki = 0; ki < NLENGTHS; ki++) {
        for (size_t vi = 0; vi < NLENGTHS; vi++) {
            for (int withExpire = 0; withExpire <= 1; withExpire++) {
                size_t kl = lengths[ki], vl = lengths[vi];
                long long exp = withExpire ? someExpire + (long long)ki : ENTRY_NO_EXPIRE;
                char *k = pattern(kl, 1), *v = pattern(vl, 2);
                entry *e = entryCreate(k, kl, v, vl, exp);
                checkEntry(e, k, kl, v, vl, exp);
                entryFree(e);
                free(k);
                free(v);
                CHECK_CONTEXT("key %zu bytes, value %zu bytes, expiry %d", kl, vl, withExpire);
            }
        }
    }
}

static void testBinaryKeyAndValue(void) {
    entry *e = entryCreate("\0k\0", 3, "\0\0v\r\n", 5, ENTRY_NO_EXPIRE);
    CHECK_OK(checkEntry(e, "\0k\0", 3, "\0\0v\r\n", 5, ENTRY_NO_EXPIRE));
    entryFree(e);
}

static void testSmallEntryFitsIn48Bytes(void) {
    const char key[] = "0123456789abcdef", val[] = "fedcba9876543210";
    entry *e = entryCreate(key, 16, val, 16, ENTRY_NO_EXPIRE);
    size_t size = entryAllocSize(e);
    entryFree(e);
    CHECK_MSG(size <= 48, "a 16-byte key with a 16-byte value takes %zu bytes", size);
    CHECK_UINT(size, 46);
}

static void testSmallVolatileEntryFitsIn64Bytes(void) {
    const char key[] = "0123456789abcdef", val[] = "fedcba9876543210";
    entry *e = entryCreate(key, 16, val, 16, 1700000000000LL);
    size_t size = entryAllocSize(e);
    entryFree(e);
    CHECK_MSG(size <= 64, "a 16-byte key and value with an expiry takes %zu bytes", size);
    CHECK_UINT(size, 62);
}

static void testVolatileIndexSurvivesMoves(void) {
    entry *e = entryCreate("k", 1, "v", 1, 1700000000000LL);
    entrySetVolatileIndex(e, 123456789);
    /* Across a varint width change (a rebuild) and a same-layout resize. */
    e = entrySetValue(e, "0123456789012345678901234567890123456789012345678901234567890123"
                         "0123456789012345678901234567890123456789012345678901234567890123", 128);
    CHECK_UINT(entryVolatileIndex(e), 123456789);
    e = entrySetValue(e, "x", 1);
    CHECK_UINT(entryVolatileIndex(e), 123456789);
    e = entrySetExpire(e, 1800000000000LL);
    CHECK_UINT(entryVolatileIndex(e), 123456789);
    CHECK_INT(entryExpire(e), 1800000000000LL);
    entryFree(e);
}

/* entrySetValue from every length to every length, with and without an
 * expiry: the key, the expiry and the type survive, the value is new. */
static void testSetValueAcrossWidths(void) {
    const size_t keylens[] = {5, 200};
    for (size_t kk = 0; kk < 2; kk++) {
        for (size_t from = 0; from < NLENGTHS; from++) {
            for (size_t to = 0; to < NLENGTHS; to++) {
                for (int withExpire = 0; withExpire <= 1; withExpire++) {
                    size_t kl = keylens[kk];
                    long long exp = withExpire ? someExpire : ENTRY_NO_EXPIRE;
                    char *k = pattern(kl, 3);
                    char *v1 = pattern(lengths[from], 4), *v2 = pattern(lengths[to], 5);
                    entry *e = entryCreate(k, kl, v1, lengths[from], exp);
                    e->node.next = (dictNode *)0x1234; /* as if chained in a bucket */
                    e = entrySetValue(e, v2, lengths[to]);
                    checkEntry(e, k, kl, v2, lengths[to], exp);
                    if (!unit.currentFailed && e->node.next != (dictNode *)0x1234)
                        unitFail(__FILE__, __LINE__, "the chain pointer was not kept");
                    entryFree(e);
                    free(k);
                    free(v1);
                    free(v2);
                    CHECK_CONTEXT("key %zu bytes, value %zu -> %zu bytes, expiry %d", kl,
                                  lengths[from], lengths[to], withExpire);
                }
            }
        }
    }
}

static void testSetValueRepeatedly(void) {
    /* Grow one byte at a time across the 127/128 boundary and back. */
    char *big = pattern(300, 6);
    entry *e = entryCreate("counter", 7, "", 0, someExpire);
    for (size_t len = 0; len <= 300; len++) {
        e = entrySetValue(e, big, len);
        checkEntry(e, "counter", 7, big, len, someExpire);
        CHECK_CONTEXT("growing to %zu bytes", len);
    }
    for (size_t len = 300; len-- > 0;) {
        e = entrySetValue(e, big, len);
        checkEntry(e, "counter", 7, big, len, someExpire);
        CHECK_CONTEXT("shrinking to %zu bytes", len);
    }
    entryFree(e);
    free(big);
}

static void testSetExpire(void) {
    for (size_t ki = 0; ki < NLENGTHS; ki++) {
        size_t kl = lengths[ki], vl = lengths[NLENGTHS - 1 - ki];
        char *k = pattern(kl, 7), *v = pattern(vl, 8);
        entry *e = entryCreate(k, kl, v, vl, ENTRY_NO_EXPIRE);
        e->node.next = (dictNode *)0x5678;
        /* Add. */
        e = entrySetExpire(e, someExpire);
        checkEntry(e, k, kl, v, vl, someExpire);
        /* Change. */
        if (!unit.currentFailed) {
            e = entrySetExpire(e, someExpire + 1000);
            checkEntry(e, k, kl, v, vl, someExpire + 1000);
        }
        /* Remove. */
        if (!unit.currentFailed) {
            e = entrySetExpire(e, ENTRY_NO_EXPIRE);
            checkEntry(e, k, kl, v, vl, ENTRY_NO_EXPIRE);
        }
        /* Removing again is a no-op. */
        if (!unit.currentFailed) {
            e = entrySetExpire(e, ENTRY_NO_EXPIRE);
            checkEntry(e, k, kl, v, vl, ENTRY_NO_EXPIRE);
        }
        if (!unit.currentFailed && e->node.next != (dictNode *)0x5678)
            unitFail(__FILE__, __LINE__, "the chain pointer was not kept");
        entryFree(e);
        free(k);
        free(v);
        CHECK_CONTEXT("key %zu bytes, value %zu bytes", kl, vl);
    }
}

static void testSetExpireThenValue(void) {
    entry *e = entryCreate("k", 1, "small", 5, ENTRY_NO_EXPIRE);
    e = entrySetExpire(e, 42);
    char *big = pattern(20000, 9);
    e = entrySetValue(e, big, 20000);
    CHECK_OK(checkEntry(e, "k", 1, big, 20000, 42));
    e = entrySetExpire(e, ENTRY_NO_EXPIRE);
    CHECK_OK(checkEntry(e, "k", 1, big, 20000, ENTRY_NO_EXPIRE));
    e = entrySetValue(e, "x", 1);
    CHECK_OK(checkEntry(e, "k", 1, "x", 1, ENTRY_NO_EXPIRE));
    entryFree(e);
    free(big);
}

/* Access bits and the encoding mark survive every move; a new value is
 * ENTRY_ENC_TRY_INT again. */
static void testHeaderSurvivesMoves(void) {
    entry *e = entryCreate("k", 1, "v", 1, ENTRY_NO_EXPIRE);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_TRY_INT);
    e->access = 0xabcdef;
    entrySetEncoding(e, ENTRY_ENC_RAW);
    e = entrySetExpire(e, someExpire);
    CHECK_UINT(e->access, 0xabcdef);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_RAW);
    e = entrySetExpire(e, ENTRY_NO_EXPIRE);
    CHECK_UINT(e->access, 0xabcdef);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_RAW);
    char *big = pattern(200, 10);
    e = entrySetValue(e, big, 200); /* a rebuild: the length's varint grows */
    CHECK_UINT(e->access, 0xabcdef);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_TRY_INT);
    entrySetEncoding(e, ENTRY_ENC_BY_LENGTH);
    e = entrySetValue(e, big, 150); /* in place */
    CHECK_UINT(e->access, 0xabcdef);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_TRY_INT);
    CHECK_INT(entryType(e), ENTRY_TYPE_STRING);
    entryFree(e);
    free(big);
}

/* entryResizeValue keeps the leading bytes, zero-fills growth, and keeps
 * key, expiry, volatile index, access bits and chain pointer, across every
 * varint width. */
static void checkResize(size_t fl, size_t tl, int withExpire) {
    long long exp = withExpire ? someExpire : ENTRY_NO_EXPIRE;
    char *v = pattern(fl, 11);
    entry *e = entryCreate("key", 3, v, fl, exp);
    e->node.next = (dictNode *)0x4321;
    e->access = 77;
    entrySetEncoding(e, ENTRY_ENC_RAW);
    if (withExpire) entrySetVolatileIndex(e, 99);
    char *val;
    e = entryResizeValue(e, tl, &val);
    size_t len, kl, kept = fl < tl ? fl : tl, zeros = 0;
    const char *got = entryValue(e, &len);
    const char *k = entryKey(e, &kl);
    int sameKey = kl == 3 && memcmp(k, "key", 3) == 0;
    for (size_t i = kept; i < len; i++) zeros += got[i] == 0;
    int sameBytes = len >= kept && memcmp(got, v, kept) == 0;
    size_t index = withExpire ? entryVolatileIndex(e) : 99;
    unsigned access = e->access;
    int enc = entryEncoding(e);
    dictNode *next = e->node.next;
    long long gotExpire = entryExpire(e);
    size_t alloc = entryAllocSize(e);
    entryFree(e);
    free(v);
    CHECK_UINT(len, tl);
    CHECK_MSG(got == val, "the returned value pointer is not the value");
    CHECK_MSG(sameBytes, "the leading bytes changed");
    CHECK_UINT(zeros, tl - kept);
    CHECK_MSG(sameKey, "the key changed");
    CHECK_INT(gotExpire, exp);
    CHECK_UINT(index, 99);
    CHECK_UINT(access, 77);
    CHECK_INT(enc, ENTRY_ENC_RAW);
    CHECK_MSG(next == (dictNode *)0x4321, "the chain pointer was not kept");
    CHECK_UINT(alloc, documentedSize(3, tl, withExpire));
}

static void testResizeValue(void) {
    for (size_t from = 0; from < NLENGTHS; from++) {
        for (size_t to = 0; to < NLENGTHS; to++) {
            for (int withExpire = 0; withExpire <= 1; withExpire++) {
                checkResize(lengths[from], lengths[to], withExpire);
                CHECK_CONTEXT("value %zu -> %zu bytes, expiry %d", lengths[from], lengths[to],
                              withExpire);
            }
        }
    }
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("entry: created without an expiry it holds key and value and reports none",
             testCreateWithoutExpiry);
    UNIT_RUN("entry: created with an expiry (even 0) it reports that expiry",
             testCreateWithExpiry);
    UNIT_RUN("entry: keys and values of 0/1/127/128/16383/16384/1M bytes round-trip",
             testCreateAtEveryLength);
    UNIT_RUN("entry: keys and values are binary safe", testBinaryKeyAndValue);
    UNIT_RUN("entry: a 16-byte key with a 16-byte value takes at most 48 bytes (46)",
             testSmallEntryFitsIn48Bytes);
    UNIT_RUN("entry: with an expiry the same entry takes at most 64 bytes (62)",
             testSmallVolatileEntryFitsIn64Bytes);
    UNIT_RUN("entry: the volatile index survives value and expiry changes that move it",
             testVolatileIndexSurvivesMoves);
    UNIT_RUN("entry: entrySetValue across varint widths keeps key, expiry and chain pointer",
             testSetValueAcrossWidths);
    UNIT_RUN("entry: entrySetValue one byte at a time up to 300 and back", testSetValueRepeatedly);
    UNIT_RUN("entry: entrySetExpire adds, changes and removes an expiry, key and value intact",
             testSetExpire);
    UNIT_RUN("entry: expiry and value changes combine", testSetExpireThenValue);
    UNIT_RUN("entry: access bits and encoding survive moves; a new value is TRY_INT",
             testHeaderSurvivesMoves);
    UNIT_RUN("entry: entryResizeValue keeps leading bytes and zero-fills across widths",
             testResizeValue);
    return unitReport();
}
