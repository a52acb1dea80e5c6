/* test_rdb.c -- the RDB codec (src/persist/rdb.h) and CRC-64/Jones
 * (src/lib/crc64.h), including its use of liblzf for compressed strings:
 * what the writer compresses, and the compressed strings the loader
 * refuses. liblzf itself is tested only for what rdb.c relies on: that
 * lzf_compress stays within the room it is given. Files are built in
 * memory; only the save-to-file test touches the disk, in a temp dir. */
#include <fcntl.h>
#include <lzf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/crc64.h"
#include "keyspace/db.h"
#include "persist/rdb.h"
#include "types/types.h"
#include "unit.h"
#include "lib/zmalloc.h"

static slice sl(const char *s) { return (slice){(char *)s, strlen(s)}; }

/* First bytes of RDB's 32- and 64-bit length forms. */
#define RDB_32BITLEN_BYTE 0x80
#define RDB_64BITLEN_BYTE 0x81

static const rdbSaveInfo info = {.redisVer = "7.0.0", .ctime = 1700000000, .usedMem = 1000000};


static void testCrcCheckValue(void) {
    CHECK_UINT(crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
    /* In two pieces, the same. */
    CHECK_UINT(crc64(crc64(0, "1234", 4), "56789", 5), 0xe9c6d914c4b8d9caULL);
    CHECK_UINT(crc64(0, "", 0), 0);
}

static void fill(keyspace *ks) {
    dbAddString(&ks->dbs[0], sl("plain"), sl("hello world"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl("ttl"), sl("soon"), ks->nowMs + 60000);
    dbAddString(&ks->dbs[0], sl("i8"), sl("-100"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl("i16"), sl("30000"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl("i32"), sl("-2147483648"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl("big"), sl("99999999999"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl("lead0"), sl("007"), ENTRY_NO_EXPIRE);
    dbAddString(&ks->dbs[0], sl(""), sl(""), ENTRY_NO_EXPIRE);
    char longv[20000];
    memset(longv, 'x', sizeof(longv) - 1);
    longv[sizeof(longv) - 1] = 0;
    dbAddString(&ks->dbs[3], sl("long"), sl(longv), ks->nowMs + 5);
}

static void checkSame(keyspace *a, keyspace *b) {
    for (int i = 0; i < a->count; i++) {
        CHECK_UINT(dbSize(&b->dbs[i]), dbSize(&a->dbs[i]));
        CHECK_UINT(b->dbs[i].expires, a->dbs[i].expires);
    }
    const char *keys[] = {"plain", "ttl", "i8", "i16", "i32", "big", "lead0", ""};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        entry *x = dbFind(&a->dbs[0], sl(keys[i])), *y = dbFind(&b->dbs[0], sl(keys[i]));
        CHECK_MSG(y != NULL, "key '%s' missing after load", keys[i]);
        size_t xl, yl;
        const char *xv = entryValue(x, &xl), *yv = entryValue(y, &yl);
        CHECK_MEM(yv, yl, xv, xl);
        CHECK_INT(entryExpire(y), entryExpire(x));
    }
    entry *x = dbFind(&a->dbs[3], sl("long")), *y = dbFind(&b->dbs[3], sl("long"));
    CHECK_NOT_NULL(y);
    CHECK_INT(entryExpire(y), entryExpire(x));
}

static void testRoundTrip(void) {
    keyspace a = {0}, b = {0};
    keyspaceInit(&a, 16);
    keyspaceInit(&b, 16);
    keyspaceSetTime(&a, 1700000000000LL);
    keyspaceSetTime(&b, 1700000000000LL);
    fill(&a);
    unsigned char *buf;
    size_t len;
    CHECK_INT(rdbSaveToBuffer(&a, &info, &buf, &len), RDB_OK);
    CHECK_MEM(buf, 9, "REDIS0010", 9);
    CHECK_UINT(buf[len - 9], 0xff);
    char err[256] = "";
    rdbLoadStats st;
    int rc = rdbLoadBuffer(&b, buf, len, &st, err, sizeof(err));
    zfree(buf);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_INT(st.keysLoaded, 9);
    checkSame(&a, &b);
    keyspaceFree(&a);
    keyspaceFree(&b);
}

static void testIntegersWrittenEncoded(void) {
    keyspace a = {0};
    keyspaceInit(&a, 1);
    dbAddString(&a.dbs[0], sl("k"), sl("30000"), ENTRY_NO_EXPIRE);
    unsigned char *buf;
    size_t len;
    rdbSaveToBuffer(&a, &info, &buf, &len);
    /* type 0, key "k" (len 1), then 0xc1 and 30000 little-endian. */
    const unsigned char want[] = {0x00, 0x01, 'k', 0xc1, 0x30, 0x75, 0xff};
    int found = len >= sizeof(want) && memcmp(buf + len - 8 - sizeof(want), want,
                                              sizeof(want)) == 0;
    zfree(buf);
    CHECK_MSG(found, "the key is not written as a 16-bit integer before EOF");
    keyspaceFree(&a);
}

/* Builds a file around `body` (the bytes after the header), with a valid
 * checksum, and loads it. */
static int loadBody(keyspace *ks, const unsigned char *body, size_t blen, char *err,
                    size_t errlen, rdbLoadStats *st) {
    unsigned char *file = zmalloc(9 + blen + 9);
    memcpy(file, "REDIS0010", 9);
    memcpy(file + 9, body, blen);
    size_t n = 9 + blen;
    file[n++] = 0xff;
    uint64_t crc = crc64(0, file, n);
    for (int i = 0; i < 8; i++) file[n++] = (unsigned char)(crc >> (8 * i));
    int rc = rdbLoadBuffer(ks, file, n, st, err, errlen);
    zfree(file);
    return rc;
}

static void testLoadsEncodingsAndSkipsUnknownAux(void) {
    const unsigned char body[] = {
        0xfa, 0x05, 'h', 'e', 'l', 'l', 'o', 0x03, 'b', 'y', 'e', /* unknown AUX */
        0xfe, 0x02,                                                /* SELECTDB 2 */
        0xfb, 0x04, 0x00,                                          /* RESIZEDB */
        0x00, 0x02, 'a', '8', 0xc0, 0xfb,                          /* int8 -5 */
        0x00, 0x03, 'a', '1', '6', 0xc1, 0x18, 0xfc,               /* int16 -1000 */
        0x00, 0x03, 'a', '3', '2', 0xc2, 0x00, 0x00, 0x00, 0x80,   /* int32 min */
        /* LZF: compressed 7, plain 12, "abcabcabcabc" */
        0x00, 0x03, 'l', 'z', 'f', 0xc3, 0x07, 0x0c, 0x02, 'a', 'b', 'c', 0xe0, 0x00, 0x02,
    };
    keyspace ks = {0};
    keyspaceInit(&ks, 16);
    char err[256] = "";
    rdbLoadStats st;
    int rc = loadBody(&ks, body, sizeof(body), err, sizeof(err), &st);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_INT(st.keysLoaded, 4);
    const char *want[][2] = {{"a8", "-5"}, {"a16", "-1000"}, {"a32", "-2147483648"},
                             {"lzf", "abcabcabcabc"}};
    for (int i = 0; i < 4; i++) {
        entry *e = dbFind(&ks.dbs[2], sl(want[i][0]));
        CHECK_MSG(e != NULL, "key %s missing", want[i][0]);
        size_t vl;
        const char *v = entryValue(e, &vl);
        CHECK_MEM(v, vl, want[i][1], strlen(want[i][1]));
    }
    keyspaceFree(&ks);
}

static void testExpiredKeysNotLoaded(void) {
    const unsigned char body[] = {
        0xfc, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 'x', 0x01, 'y', /* expired at 1 ms */
        0x00, 0x01, 'z', 0x01, 'w',
    };
    keyspace ks = {0};
    keyspaceInit(&ks, 1);
    keyspaceSetTime(&ks, 1700000000000LL);
    char err[256] = "";
    rdbLoadStats st;
    CHECK_INT(loadBody(&ks, body, sizeof(body), err, sizeof(err), &st), RDB_OK);
    CHECK_INT(st.keysLoaded, 1);
    CHECK_INT(st.keysExpired, 1);
    CHECK_NULL(dbFind(&ks.dbs[0], sl("x")));
    CHECK_NOT_NULL(dbFind(&ks.dbs[0], sl("z")));
    keyspaceFree(&ks);
}

static void testUnsupportedTypeNamed(void) {
    const unsigned char body[] = {0x01, 0x01, 'l', 0x00};
    keyspace ks = {0};
    keyspaceInit(&ks, 1);
    char err[256] = "";
    rdbLoadStats st;
    CHECK_INT(loadBody(&ks, body, sizeof(body), err, sizeof(err), &st), RDB_ERR);
    CHECK_MSG(strstr(err, "type 1 (list)") != NULL, "error was: %s", err);
    keyspaceFree(&ks);
}

/* Saves one key "k" holding v (in db 0) and returns the dump. */
static unsigned char *saveOne(const char *v, size_t vlen, int flags, size_t *len) {
    keyspace a = {0};
    keyspaceInit(&a, 1);
    dbAddString(&a.dbs[0], sl("k"), (slice){(char *)v, vlen}, ENTRY_NO_EXPIRE);
    rdbSaveInfo in = info;
    in.flags = flags;
    unsigned char *buf;
    rdbSaveToBuffer(&a, &in, &buf, len);
    keyspaceFree(&a);
    return buf;
}

/* Reads an RDB length at p (6/14/32-bit forms); returns its size in bytes. */
static size_t readLen(const unsigned char *p, uint64_t *len) {
    if ((p[0] >> 6) == 0) { *len = p[0] & 0x3f; return 1; }
    if ((p[0] >> 6) == 1) { *len = ((uint64_t)(p[0] & 0x3f) << 8) | p[1]; return 2; }
    *len = ((uint64_t)p[1] << 24) | ((uint64_t)p[2] << 16) | ((uint64_t)p[3] << 8) | p[4];
    return 5;
}

/* rdbSavedValueLength of a string value v. */
static size_t savedLength(const char *v, size_t vlen, int flags) {
    keyspace a = {0};
    keyspaceInit(&a, 1);
    entry *e = dbAddString(&a.dbs[0], sl("k"), (slice){(char *)v, vlen}, ENTRY_NO_EXPIRE);
    size_t n = rdbSavedValueLength(e, flags);
    keyspaceFree(&a);
    return n;
}

/* Loads a dump into a fresh one-db keyspace and checks "k" holds v. */
static void checkLoadsBack(const unsigned char *buf, size_t len, const char *v, size_t vlen) {
    keyspace b = {0};
    keyspaceInit(&b, 1);
    char err[256] = "";
    rdbLoadStats st;
    int rc = rdbLoadBuffer(&b, buf, len, &st, err, sizeof(err));
    entry *e = rc == RDB_OK ? dbFind(&b.dbs[0], sl("k")) : NULL;
    size_t gotLen = 0;
    const char *got = e ? entryValue(e, &gotLen) : NULL;
    int same = e && gotLen == vlen && memcmp(got, v, vlen) == 0;
    keyspaceFree(&b);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_MSG(same, "the value of %zu bytes did not come back", vlen);
}

/* Where the value of the one key starts: after type 0 and the key "k". */
static const unsigned char *valueOf(const unsigned char *buf, size_t len) {
    const unsigned char key[] = {0x00, 0x01, 'k'};
    const unsigned char *p = memmem(buf, len, key, sizeof(key));
    return p ? p + sizeof(key) : NULL;
}

/* Redis's rule: strings over 20 bytes are compressed when that saves at
 * least 4 bytes, never otherwise; the file loads back either way. */
static void testCompressionRule(void) {
    static char v[3000];
    unsigned long long seed = 5;
    for (size_t len = 0; len <= 2100; len += len < 100 ? 1 : 97) {
        /* Half the cases are runs of one byte (compress well), half text
         * with random letters (barely, or not at all). */
        for (int kind = 0; kind < 3; kind++) {
            for (size_t i = 0; i < len; i++)
                v[i] = kind == 0 ? 'a' : kind == 1 ? (char)('a' + unitRand(&seed) % 26)
                                                   : (char)('a' + (i / 8) % 3);
            size_t flen;
            unsigned char *buf = saveOne(v, len, 0, &flen);
            const unsigned char *p = valueOf(buf, flen);
            CHECK_MSG(p != NULL, "key not found");
            if (*p == 0xc3) {
                uint64_t clen, ulen;
                size_t n = readLen(p + 1, &clen);
                readLen(p + 1 + n, &ulen);
                CHECK_UINT(ulen, len);
                CHECK_MSG(len > 20, "a string of %zu bytes was compressed", len);
                CHECK_MSG(clen + 4 <= len, "%zu bytes compressed to %llu", len,
                          (unsigned long long)clen);
            } else {
                CHECK_MSG(kind == 1 || len <= 20, "%zu compressible bytes written plain", len);
            }
            CHECK_OK(checkLoadsBack(buf, flen, v, len));
            /* The value runs to the EOF byte; DEBUG OBJECT's length agrees. */
            CHECK_UINT(savedLength(v, len, 0), (size_t)(buf + flen - 9 - p));
            zfree(buf);
            CHECK_CONTEXT("length %zu, kind %d", len, kind);
        }
    }
}

/* The first string long enough is compressed (21 bytes of 'a'), the one
 * before it (20) is not, and with RDB_SAVE_NO_COMPRESSION neither is. */
static void testCompressionThreshold(void) {
    const char *a21 = "aaaaaaaaaaaaaaaaaaaaa";
    size_t len;
    unsigned char *buf = saveOne(a21, 20, 0, &len);
    CHECK_UINT(*valueOf(buf, len), 20); /* a plain length */
    zfree(buf);
    buf = saveOne(a21, 21, 0, &len);
    CHECK_UINT(*valueOf(buf, len), 0xc3);
    CHECK_OK(checkLoadsBack(buf, len, a21, 21));
    zfree(buf);
    buf = saveOne(a21, 21, RDB_SAVE_NO_COMPRESSION, &len);
    CHECK_UINT(*valueOf(buf, len), 21);
    zfree(buf);
}

/* 1 MB values, compressible and not, through the file writer (its buffer
 * is 64 KB) and back. */
static void testLargeValuesCompressed(void) {
    size_t vlen = 1024 * 1024;
    char *v = zmalloc(vlen);
    const char *phrase = "the quick brown fox jumps over the lazy dog; ";
    for (size_t i = 0; i < vlen; i++) v[i] = phrase[i % strlen(phrase)];
    size_t len;
    unsigned char *buf = saveOne(v, vlen, 0, &len);
    CHECK_UINT(*valueOf(buf, len), 0xc3);
    CHECK_MSG(len < vlen / 10, "1 MB compressible value gave a %zu byte file", len);
    CHECK_OK(checkLoadsBack(buf, len, v, vlen));
    zfree(buf);
    unsigned long long s = 11;
    for (size_t i = 0; i < vlen; i++) v[i] = (char)(unitRand(&s) >> 56);
    buf = saveOne(v, vlen, 0, &len);
    CHECK_UINT(*valueOf(buf, len), RDB_32BITLEN_BYTE);
    CHECK_OK(checkLoadsBack(buf, len, v, vlen));
    zfree(buf);
    zfree(v);
}

/* rdbchecksum no: the file ends with 8 zero bytes, which the loader takes
 * as "not computed": it loads, and so does a damaged value. */
static void testNoChecksum(void) {
    const char *v = "a value with no checksum";
    size_t len;
    unsigned char *buf = saveOne(v, strlen(v), RDB_SAVE_NO_CHECKSUM, &len);
    const unsigned char zero[8] = {0};
    CHECK_MEM(buf + len - 8, 8, zero, 8);
    CHECK_UINT(buf[len - 9], 0xff);
    CHECK_OK(checkLoadsBack(buf, len, v, strlen(v)));
    unsigned char *p = memmem(buf, len, "checksum", 8);
    CHECK(p != NULL);
    *p = 'C';
    CHECK_OK(checkLoadsBack(buf, len, "a value with no Checksum", strlen(v)));
    zfree(buf);
    /* With the checksum the same damage is refused. */
    buf = saveOne(v, strlen(v), 0, &len);
    CHECK_MSG(memcmp(buf + len - 8, zero, 8) != 0, "checksum is zero");
    p = memmem(buf, len, "checksum", 8);
    *p = 'C';
    keyspace b = {0};
    keyspaceInit(&b, 1);
    char err[256] = "";
    rdbLoadStats st;
    int rc = rdbLoadBuffer(&b, buf, len, &st, err, sizeof(err));
    keyspaceFree(&b);
    zfree(buf);
    CHECK_INT(rc, RDB_ERR);
    CHECK_STR(err, "Wrong RDB checksum. Aborting now.");
}

/* A forged length far beyond the file is refused before anything is
 * allocated for it: 2^50 bytes would abort the process (zmalloc's out of
 * memory, or the sanitizer's size limit), so this runs isolated. */
static void testForgedLengthsRefusedBeforeAllocating(void) {
    const unsigned char plain[] = {0x00, 0x01, 'k', RDB_64BITLEN_BYTE, 0, 4, 0, 0, 0, 0, 0, 0,
                                   'x'};
    const unsigned char plain32[] = {0x00, 0x01, 'k', RDB_32BITLEN_BYTE, 0xff, 0xff, 0xff, 0xff,
                                     'x'};
    /* LZF: 3 compressed bytes claiming 2^50 bytes, then 89 * 3 bytes. */
    const unsigned char lzfHuge[] = {0x00, 0x01, 'k', 0xc3, 0x03, RDB_64BITLEN_BYTE,
                                     0, 4, 0, 0, 0, 0, 0, 0, 0x00, 'a', 0x00};
    const unsigned char lzfRatio[] = {0x00, 0x01, 'k', 0xc3, 0x03, 0x41, 0x09, 0x00, 'a', 0x00};
    const struct {
        const unsigned char *body;
        size_t len;
        const char *err;
    } cases[] = {
        {plain, sizeof(plain), "Short read: unexpected end of file at offset 21"},
        {plain32, sizeof(plain32), "Short read: unexpected end of file at offset 17"},
        {lzfHuge, sizeof(lzfHuge),
         "Invalid LZF compressed string: 3 bytes cannot hold 1125899906842624"},
        {lzfRatio, sizeof(lzfRatio), "Invalid LZF compressed string: 3 bytes cannot hold 265"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unitNote("case %zu", i);
        keyspace ks = {0};
        keyspaceInit(&ks, 1);
        char err[256] = "";
        rdbLoadStats st;
        int rc = loadBody(&ks, cases[i].body, cases[i].len, err, sizeof(err), &st);
        keyspaceFree(&ks);
        CHECK_INT(rc, RDB_ERR);
        CHECK_STR(err, cases[i].err);
        CHECK_CONTEXT("case %zu", i);
    }
}

/* Loads a one-key file whose value is an LZF string of `clen` bytes
 * claiming `ulen`: type 0, key "k", 0xc3, both lengths in 6 bits. */
static int loadLzfValue(const unsigned char *data, size_t clen, size_t ulen, char *err,
                        size_t errlen) {
    unsigned char body[64] = {0x00, 0x01, 'k', 0xc3, (unsigned char)clen, (unsigned char)ulen};
    memcpy(body + 6, data, clen);
    keyspace ks = {0};
    keyspaceInit(&ks, 1);
    rdbLoadStats st;
    int rc = loadBody(&ks, body, 6 + clen, err, errlen, &st);
    keyspaceFree(&ks);
    return rc;
}

/* A compressed string liblzf cannot decode to exactly its uncompressed
 * length is refused, with a valid checksum (so parsing is what refuses
 * it): a stream cut inside a literal run or a back reference, a reference
 * before the start, one that decodes to fewer bytes than it claims, or to
 * more. The data starts at offset 15 (9 of header, 6 of key and lengths). */
static void testDamagedLzfRefused(void) {
    /* "abcabcabcabc": literal "abc", then 9 bytes from 3 back. */
    const unsigned char good[] = {0x02, 'a', 'b', 'c', 0xe0, 0x00, 0x02};
    const unsigned char beforeStart[] = {0x00, 'a', 0x20, 0x05}; /* 3 bytes from 6 back */
    const struct {
        const char *what;
        const unsigned char *data;
        size_t clen, ulen;
    } cases[] = {
        {"cut in the literal run", good, 3, 12},
        {"cut in the back reference", good, 5, 12},
        {"cut before the offset byte", good, 6, 12},
        {"a reference before the start", beforeStart, sizeof(beforeStart), 4},
        {"12 bytes claiming 13", good, sizeof(good), 13},
        {"12 bytes claiming 11", good, sizeof(good), 11},
    };
    char err[256] = "";
    CHECK_INT(loadLzfValue(good, sizeof(good), 12, err, sizeof(err)), RDB_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err[0] = '\0';
        int rc = loadLzfValue(cases[i].data, cases[i].clen, cases[i].ulen, err, sizeof(err));
        CHECK_MSG(rc == RDB_ERR && strcmp(err, "Invalid LZF compressed string at offset 15") == 0,
                  "%s: rc %d, error '%s'", cases[i].what, rc, err);
    }
}

/* The densest valid streams, a literal and then references of 264 bytes
 * (3 bytes apiece), load: 60 references make 15,841 bytes of 182, more
 * than 87 times their size, so the loader's bound of 88 is not too low. */
static void testDensestLzfLoads(void) {
    enum { REFS = 60, CLEN = 2 + 3 * REFS, ULEN = 1 + 264 * REFS };
    unsigned char body[16 + CLEN] = {0x00, 0x01, 'k', 0xc3, 0x40, CLEN,
                                     0x40 | (ULEN >> 8), ULEN & 0xff, 0x00, 'a'};
    for (int i = 0; i < REFS; i++) /* 7 + 255 + 2 bytes from 1 back */
        memcpy(body + 10 + 3 * i, (unsigned char[]){0xe0, 0xff, 0x00}, 3);
    CHECK(ULEN > 87 * CLEN);
    keyspace ks = {0};
    keyspaceInit(&ks, 1);
    char err[256] = "";
    rdbLoadStats st;
    int rc = loadBody(&ks, body, 8 + CLEN, err, sizeof(err), &st);
    entry *e = dbFind(&ks.dbs[0], sl("k"));
    size_t vlen = 0;
    const char *v = e ? entryValue(e, &vlen) : "";
    size_t as = 0;
    while (as < vlen && v[as] == 'a') as++;
    int allA = vlen == ULEN && as == vlen;
    keyspaceFree(&ks);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_MSG(allA, "the value came back as %zu bytes, not %d of 'a'", vlen, ULEN);
}

/* liblzf takes unsigned int lengths: an uncompressed length of 4 GB, which
 * 48,806,447 compressed bytes could in principle hold, is refused before
 * anything is allocated for it (isolated: an allocation would abort). */
static void testLzfOverUintRefused(void) {
    const size_t clen = 48806447; /* the least with clen * 88 >= 2^32 */
    const size_t head = 3 + 1 + 5 + 9;
    unsigned char *body = zcalloc(head + clen);
    const unsigned char h[] = {0x00, 0x01, 'k', 0xc3, RDB_32BITLEN_BYTE,
                               (unsigned char)(clen >> 24), (unsigned char)(clen >> 16),
                               (unsigned char)(clen >> 8), (unsigned char)clen,
                               RDB_64BITLEN_BYTE, 0, 0, 0, 1, 0, 0, 0, 0}; /* 2^32 */
    memcpy(body, h, head);
    keyspace ks = {0};
    keyspaceInit(&ks, 1);
    char err[256] = "";
    rdbLoadStats st;
    int rc = loadBody(&ks, body, head + clen, err, sizeof(err), &st);
    keyspaceFree(&ks);
    zfree(body);
    CHECK_INT(rc, RDB_ERR);
    CHECK_STR(err, "Invalid LZF compressed string: 4294967296 bytes from 48806447, over "
                   "liblzf's 4 GB limit");
}

/* rdb.c gives lzf_compress exactly len - 4 bytes of room and relies on it
 * writing no further and returning 0 when the result does not fit: random
 * bytes, repeated text and half of each, at every length up to 600, into
 * that room followed by guard bytes. */
static void testLzfCompressStaysInItsRoom(void) {
    enum { MAXLEN = 600, GUARD = 64 };
    static unsigned char in[MAXLEN], out[MAXLEN + GUARD], back[MAXLEN];
    unsigned long long seed = 7;
    for (size_t len = 5; len <= MAXLEN; len++) {
        for (int kind = 0; kind < 3; kind++) {
            for (size_t i = 0; i < len; i++) {
                int random = kind == 0 || (kind == 2 && i >= len / 2);
                in[i] = random ? (unsigned char)(unitRand(&seed) >> 56)
                               : (unsigned char)"abcde"[i % 5];
            }
            size_t room = len - 4;
            memset(out, 0xa5, sizeof(out));
            unsigned clen = lzf_compress(in, (unsigned)len, out, (unsigned)room);
            size_t over = room;
            while (over < sizeof(out) && out[over] == 0xa5) over++;
            CHECK_MSG(over == sizeof(out), "kind %d, %zu bytes: wrote past its room of %zu",
                      kind, len, room);
            CHECK_MSG(clen <= room, "kind %d, %zu bytes: returned %u for a room of %zu", kind,
                      len, clen, room);
            CHECK_MSG(kind != 1 || len < 32 || clen > 0, "%zu bytes of repeated text did not fit",
                      len);
            if (clen > 0) {
                CHECK_MSG(lzf_decompress(out, clen, back, (unsigned)len) == len &&
                              memcmp(back, in, len) == 0,
                          "kind %d, %zu bytes did not come back", kind, len);
            }
        }
    }
}

static void testCorruptionDetected(void) {
    keyspace a = {0};
    keyspaceInit(&a, 16);
    fill(&a);
    unsigned char *buf;
    size_t len;
    rdbSaveToBuffer(&a, &info, &buf, &len);
    char err[256];
    rdbLoadStats st;
    /* Every truncation fails cleanly. */
    for (size_t cut = 0; cut < len; cut++) {
        keyspace b = {0};
        keyspaceInit(&b, 16);
        int rc = rdbLoadBuffer(&b, buf, cut, &st, err, sizeof(err));
        keyspaceFree(&b);
        CHECK_MSG(rc == RDB_ERR, "a file cut at %zu of %zu bytes loaded", cut, len);
    }
    /* Every single bit flip fails (the checksum catches what parsing does not). */
    for (size_t i = 0; i < len; i += 7) {
        buf[i] ^= 0x10;
        keyspace b = {0};
        keyspaceInit(&b, 16);
        int rc = rdbLoadBuffer(&b, buf, len, &st, err, sizeof(err));
        keyspaceFree(&b);
        buf[i] ^= 0x10;
        CHECK_MSG(rc == RDB_ERR, "a file with byte %zu flipped loaded", i);
    }
    zfree(buf);
    keyspaceFree(&a);
}

static void testSaveToFile(void) {
    char dir[] = "/tmp/test_rdb_XXXXXX";
    CHECK_NOT_NULL(mkdtemp(dir));
    char cwd[4096];
    CHECK_NOT_NULL(getcwd(cwd, sizeof(cwd)));
    CHECK_INT(chdir(dir), 0);
    keyspace a = {0}, b = {0};
    keyspaceInit(&a, 16);
    keyspaceInit(&b, 16);
    fill(&a);
    char err[256] = "";
    rdbLoadStats st;
    CHECK_INT(rdbLoad(&b, "dump.rdb", &st, err, sizeof(err)), RDB_NOFILE);
    int rc = rdbSave(&a, "dump.rdb", &info, err, sizeof(err));
    int rc2 = rdbLoad(&b, "dump.rdb", &st, err, sizeof(err));
    unlink("dump.rdb");
    CHECK_INT(chdir(cwd), 0);
    rmdir(dir);
    CHECK_MSG(rc == RDB_OK && rc2 == RDB_OK, "save/load: %s", err);
    checkSame(&a, &b);
    keyspaceFree(&a);
    keyspaceFree(&b);
}

/* Many keys around the writer's 64 KB buffer plus one value larger than
 * it: the streamed file must be byte for byte the in-memory dump. */
static void testStreamedFileMatchesBuffer(void) {
    keyspace a = {0};
    keyspaceInit(&a, 16);
    fill(&a);
    static char huge[200000];
    memset(huge, 'h', sizeof(huge) - 1);
    dbAddString(&a.dbs[1], sl("huge"), sl(huge), ENTRY_NO_EXPIRE);
    for (int i = 0; i < 5000; i++) {
        char k[32], v[64];
        snprintf(k, sizeof(k), "key:%d", i);
        snprintf(v, sizeof(v), "value-%d-%.*s", i, i % 40, huge);
        dbAddString(&a.dbs[2], sl(k), sl(v), ENTRY_NO_EXPIRE);
    }
    unsigned char *mem;
    size_t memlen;
    CHECK_INT(rdbSaveToBuffer(&a, &info, &mem, &memlen), RDB_OK);
    FILE *fp = tmpfile();
    CHECK_NOT_NULL(fp);
    char err[256] = "";
    CHECK_INT(rdbSaveToFd(&a, fileno(fp), &info, err, sizeof(err)), RDB_OK);
    long filelen = ftell(fp) >= 0 ? lseek(fileno(fp), 0, SEEK_END) : -1;
    CHECK_INT(filelen, (long)memlen);
    unsigned char *disk = zmalloc(memlen);
    CHECK_INT(pread(fileno(fp), disk, memlen, 0), (long)memlen);
    CHECK_MEM(disk, memlen, mem, memlen);
    fclose(fp);
    zfree(disk);
    zfree(mem);
    keyspaceFree(&a);
}

/* AUX numbers are written as RDB integers, exactly: "redis-bits" 64 as
 * an 8-bit integer, "ctime" as a 32-bit one. */
static void testAuxNumbersIntegerEncoded(void) {
    keyspace a = {0};
    keyspaceInit(&a, 16);
    unsigned char *mem;
    size_t memlen;
    CHECK_INT(rdbSaveToBuffer(&a, &info, &mem, &memlen), RDB_OK);
    const unsigned char bits[] = {0xfa, 0x0a, 'r', 'e', 'd', 'i', 's', '-', 'b', 'i', 't', 's',
                                  0xc0, 0x40, 0xfa};
    const unsigned char ctime[] = {0xfa, 0x05, 'c', 't', 'i', 'm', 'e', 0xc2,
                                   0x00, 0xf1, 0x53, 0x65, 0xfa}; /* 1700000000 LE */
    CHECK_MSG(memmem(mem, memlen, bits, sizeof(bits)) != NULL, "redis-bits not 0xc0 0x40");
    CHECK_MSG(memmem(mem, memlen, ctime, sizeof(ctime)) != NULL, "ctime not a 32-bit integer");
    zfree(mem);
    keyspaceFree(&a);
}

static void testSaveToFdReportsWriteError(void) {
    keyspace a = {0};
    keyspaceInit(&a, 16);
    fill(&a);
    int fd = open("/dev/full", O_WRONLY);
    CHECK_MSG(fd != -1, "no /dev/full");
    char err[256] = "";
    CHECK_INT(rdbSaveToFd(&a, fd, &info, err, sizeof(err)), RDB_ERR);
    CHECK_STR(err, "Write error saving DB on disk: No space left on device");
    close(fd);
    keyspaceFree(&a);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    typesRegister();
    UNIT_RUN("crc64: CRC-64/Jones of \"123456789\" is the published check value", testCrcCheckValue);
    UNIT_RUN("rdb: keys with and without expiry round trip across databases", testRoundTrip);
    UNIT_RUN("rdb: an integer string is written as a 16-bit integer", testIntegersWrittenEncoded);
    UNIT_RUN("rdb: loads 8/16/32-bit integers and an LZF string, skips an unknown AUX field",
             testLoadsEncodingsAndSkipsUnknownAux);
    UNIT_RUN("rdb: keys already expired are not loaded", testExpiredKeysNotLoaded);
    UNIT_RUN("rdb: an unsupported value type is refused with its name", testUnsupportedTypeNamed);
    UNIT_RUN("rdb: strings over 20 bytes are LZF-compressed only when that saves 4 bytes, "
             "load back, and rdbSavedValueLength counts them", testCompressionRule);
    UNIT_RUN("rdb: 21 bytes of one letter are compressed, 20 are not, nor with compression off",
             testCompressionThreshold);
    UNIT_RUN("rdb: 1 MB values, compressible or not, are saved and load back",
             testLargeValuesCompressed);
    UNIT_RUN("rdb: without checksum the file ends with 0, which the loader does not check",
             testNoChecksum);
    UNIT_RUN_ISOLATED("rdb: forged lengths beyond the file are refused before allocating",
                      testForgedLengthsRefusedBeforeAllocating);
    UNIT_RUN("rdb: LZF strings cut short, reaching before the start or decoding to another "
             "length are refused", testDamagedLzfRefused);
    UNIT_RUN("rdb: the densest LZF streams load (over 87 times their size)",
             testDensestLzfLoads);
    UNIT_RUN_ISOLATED("rdb: an LZF string claiming 4 GB, over liblzf's limit, is refused "
                      "before allocating", testLzfOverUintRefused);
    UNIT_RUN("liblzf: lzf_compress writes within the room of len - 4 bytes rdb.c gives it, or "
             "returns 0", testLzfCompressStaysInItsRoom);
    UNIT_RUN("rdb: every truncation and bit flip is refused", testCorruptionDetected);
    UNIT_RUN("rdb: save to a file through a temp file, load it back", testSaveToFile);
    UNIT_RUN("rdb: the file streamed through the write buffer equals the in-memory dump",
             testStreamedFileMatchesBuffer);
    UNIT_RUN("rdb: AUX numbers are written as exact RDB integers", testAuxNumbersIntegerEncoded);
    UNIT_RUN("rdb: a failed write is reported with errno's text", testSaveToFdReportsWriteError);
    return unitReport();
}
