/* test_digest.c -- SHA-1 (src/sha1.h) against the FIPS 180 examples, and
 * the DEBUG DIGEST / DIGEST-VALUE fingerprints (src/digest.h) against what
 * redis-server 7.0.15 replies for the same data. */
#include <string.h>

#include "keyspace/db.h"
#include "keyspace/digest.h"
#include "lib/sha1.h"
#include "types/types.h"
#include "unit.h"

static slice sl(const char *s) { return (slice){(char *)s, strlen(s)}; }

static const char *hexOf(const unsigned char d[SHA1_DIGEST_LEN]) {
    static char hex[DIGEST_HEX_LEN + 1];
    digestToHex(d, hex);
    return hex;
}

static void testSha1Vectors(void) {
    unsigned char d[SHA1_DIGEST_LEN];
    sha1("", 0, d);
    CHECK_STR(hexOf(d), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    sha1("abc", 3, d);
    CHECK_STR(hexOf(d), "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha1(two, strlen(two), d);
    CHECK_STR(hexOf(d), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

/* A million 'a' fed in uneven pieces: the same as in one go. */
static void testSha1Pieces(void) {
    static char a[1000000];
    memset(a, 'a', sizeof(a));
    sha1Ctx ctx;
    sha1Init(&ctx);
    size_t done = 0, piece = 1;
    while (done < sizeof(a)) {
        size_t n = piece < sizeof(a) - done ? piece : sizeof(a) - done;
        sha1Update(&ctx, a + done, n);
        done += n;
        piece = piece * 3 % 1000 + 1;
    }
    unsigned char d[SHA1_DIGEST_LEN];
    sha1Final(&ctx, d);
    CHECK_STR(hexOf(d), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    /* Lengths around the padding boundary (55, 56, 63, 64 bytes). */
    const size_t lens[] = {55, 56, 63, 64};
    const char *want[] = {"c1c8bbdc22796e28c0e15163d20899b65621d65a",
                          "c2db330f6083854c99d4b5bfb6e8f29f201be699",
                          "03f09f5b158a7a8cdad920bddc29b81c18a551f5",
                          "0098ba824b5c16427bd7a1122a5a442a25ec644d"};
    for (int i = 0; i < 4; i++) {
        sha1(a, lens[i], d);
        CHECK_STR(hexOf(d), want[i]);
        CHECK_CONTEXT("%zu bytes", lens[i]);
    }
}

static void testEmptyDatasetIsZeros(void) {
    keyspace ks = {0};
    keyspaceInit(&ks, 16);
    unsigned char d[SHA1_DIGEST_LEN];
    digestKeyspace(&ks, d);
    CHECK_STR(hexOf(d), "0000000000000000000000000000000000000000");
    keyspaceFree(&ks);
}

/* db 0: a=1, b=hello (with an expiry); db 3: x="\0\xff", n=12345. */
static void testRedisDigests(void) {
    keyspace ks = {0};
    keyspaceInit(&ks, 16);
    keyspaceSetTime(&ks, 1700000000000LL);
    dbAddString(&ks.dbs[0], sl("a"), sl("1"), ENTRY_NO_EXPIRE);
    dbAddString(&ks.dbs[0], sl("b"), sl("hello"), ks.nowMs + 100000);
    dbAddString(&ks.dbs[3], sl("x"), (slice){"\x00\xff", 2}, ENTRY_NO_EXPIRE);
    dbAddString(&ks.dbs[3], sl("n"), sl("12345"), ENTRY_NO_EXPIRE);
    unsigned char d[SHA1_DIGEST_LEN];
    digestKeyspace(&ks, d);
    CHECK_STR(hexOf(d), "96e298dbdf3f7562a4c215888ea326b63dc7ef55");
    const struct {
        int db;
        const char *key, *digest;
    } values[] = {
        {0, "a", "b4fc66738120fba0b5aa500ab5c2bf89cea1c5da"},
        {0, "b", "d037c4eb8a8b36b602fbced4000daeab0714c1e3"},
        {3, "x", "d65039c9cacd9d9ec4694829bfe23fe1ca4f3740"},
        {3, "n", "e1cf90774e995ae03de66e8109dc5cb9d9c2dc83"},
    };
    for (int i = 0; i < 4; i++) {
        digestEntryValue(dbFind(&ks.dbs[values[i].db], sl(values[i].key)), d);
        CHECK_STR(hexOf(d), values[i].digest);
        CHECK_CONTEXT("key %s", values[i].key);
    }
    keyspaceFree(&ks);
}

/* The same keys added in another order, or the table grown in between,
 * digest the same: keys are combined with xor. */
static void testOrderIndependent(void) {
    keyspace a = {0}, b = {0};
    keyspaceInit(&a, 1);
    keyspaceInit(&b, 1);
    char k[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(k, sizeof(k), "key:%d", i);
        dbAddString(&a.dbs[0], sl(k), sl(k), ENTRY_NO_EXPIRE);
        snprintf(k, sizeof(k), "key:%d", 999 - i);
        dbAddString(&b.dbs[0], sl(k), sl(k), ENTRY_NO_EXPIRE);
    }
    unsigned char da[SHA1_DIGEST_LEN], db[SHA1_DIGEST_LEN];
    digestKeyspace(&a, da);
    digestKeyspace(&b, db);
    CHECK_MEM(da, sizeof(da), db, sizeof(db));
    dbDelete(&b.dbs[0], sl("key:500"));
    digestKeyspace(&b, db);
    CHECK(memcmp(da, db, sizeof(da)) != 0);
    keyspaceFree(&a);
    keyspaceFree(&b);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    typesRegister();
    UNIT_RUN("sha1: the FIPS 180 examples", testSha1Vectors);
    UNIT_RUN("sha1: a million 'a' in pieces, and lengths around the padding",
             testSha1Pieces);
    UNIT_RUN("digest: an empty dataset digests to zeros", testEmptyDatasetIsZeros);
    UNIT_RUN("digest: DIGEST and DIGEST-VALUE equal redis-server 7.0.15's", testRedisDigests);
    UNIT_RUN("digest: independent of the order keys were added in", testOrderIndependent);
    return unitReport();
}
