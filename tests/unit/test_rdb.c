/* test_rdb.c -- the RDB codec (src/rdb.h) and its two helpers: CRC-64/Jones
 * (src/crc64.h) and the LZF decompressor (src/lzf.h). Files are built in
 * memory; only the save-to-file test touches the disk, in a temp dir. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crc64.h"
#include "db.h"
#include "lzf.h"
#include "rdb.h"
#include "unit.h"
#include "zmalloc.h"

static slice sl(const char *s) { return (slice){(char *)s, strlen(s)}; }

static const rdbSaveInfo info = {.redisVer = "7.0.0", .ctime = 1700000000, .usedMem = 1000000};

static void testCrcCheckValue(void) {
    CHECK_UINT(crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
    /* In two pieces, the same. */
    CHECK_UINT(crc64(crc64(0, "1234", 4), "56789", 5), 0xe9c6d914c4b8d9caULL);
    CHECK_UINT(crc64(0, "", 0), 0);
}

static void testLzfLiteralAndBackref(void) {
    /* "abcabcabcabc": literal "abc" (ctrl 2), then a reference 3 back of
     * 9 bytes: len-2 = 7 -> ctrl 0xe0 | 0, extra byte 0, offset byte 2. */
    const unsigned char in[] = {0x02, 'a', 'b', 'c', 0xe0, 0x00, 0x02};
    char out[32];
    CHECK_UINT(lzfDecompress(in, sizeof(in), out, sizeof(out)), 12);
    CHECK_MEM(out, 12, "abcabcabcabc", 12);
    /* A short reference: "aaaa" = literal 'a', then 3 bytes from 1 back. */
    const unsigned char in2[] = {0x00, 'a', 0x20, 0x00};
    CHECK_UINT(lzfDecompress(in2, sizeof(in2), out, sizeof(out)), 4);
    CHECK_MEM(out, 4, "aaaa", 4);
}

static void testLzfRejectsBadInput(void) {
    char out[8];
    const unsigned char before[] = {0x00, 'a', 0x20, 0x05}; /* 6 back of 1 byte */
    CHECK_UINT(lzfDecompress(before, sizeof(before), out, sizeof(out)), 0);
    const unsigned char trunc[] = {0x05, 'a', 'b'}; /* run of 6, 2 present */
    CHECK_UINT(lzfDecompress(trunc, sizeof(trunc), out, sizeof(out)), 0);
    const unsigned char big[] = {0x00, 'a', 0xe0, 0xff, 0x00}; /* too long */
    CHECK_UINT(lzfDecompress(big, sizeof(big), out, sizeof(out)), 0);
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
    unsigned char file[512];
    memcpy(file, "REDIS0010", 9);
    memcpy(file + 9, body, blen);
    size_t n = 9 + blen;
    file[n++] = 0xff;
    uint64_t crc = crc64(0, file, n);
    for (int i = 0; i < 8; i++) file[n++] = (unsigned char)(crc >> (8 * i));
    return rdbLoadBuffer(ks, file, n, st, err, errlen);
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

int main(void) {
    UNIT_RUN("crc64: CRC-64/Jones of \"123456789\" is the published check value", testCrcCheckValue);
    UNIT_RUN("lzf: a literal run and overlapping back references", testLzfLiteralAndBackref);
    UNIT_RUN("lzf: references before the start, truncation and overflow are refused",
             testLzfRejectsBadInput);
    UNIT_RUN("rdb: keys with and without expiry round trip across databases", testRoundTrip);
    UNIT_RUN("rdb: an integer string is written as a 16-bit integer", testIntegersWrittenEncoded);
    UNIT_RUN("rdb: loads 8/16/32-bit integers and an LZF string, skips an unknown AUX field",
             testLoadsEncodingsAndSkipsUnknownAux);
    UNIT_RUN("rdb: keys already expired are not loaded", testExpiredKeysNotLoaded);
    UNIT_RUN("rdb: an unsupported value type is refused with its name", testUnsupportedTypeNamed);
    UNIT_RUN("rdb: every truncation and bit flip is refused", testCorruptionDetected);
    UNIT_RUN("rdb: save to a file through a temp file, load it back", testSaveToFile);
    UNIT_RUN("rdb: the file streamed through the write buffer equals the in-memory dump",
             testStreamedFileMatchesBuffer);
    UNIT_RUN("rdb: AUX numbers are written as exact RDB integers", testAuxNumbersIntegerEncoded);
    UNIT_RUN("rdb: a failed write is reported with errno's text", testSaveToFdReportsWriteError);
    return unitReport();
}
