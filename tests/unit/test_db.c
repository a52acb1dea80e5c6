/* test_db.c -- the keyspace (src/db.h): databases, lookups, lazy and
 * active expiry, the expires count, and avg_ttl.
 *
 * Time is ks.nowMs, which the tests move by hand: nothing here sleeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "unit.h"

static const long long budgetPlenty = 10LL * 1000 * 1000; /* 10 s in µs */

static slice sl(const char *s) { return (slice){(char *)s, strlen(s)}; }

/* A key name for index i, in a caller buffer. */
static slice keyN(char buf[32], size_t i) {
    int n = snprintf(buf, 32, "key:%zu", i);
    return (slice){buf, (size_t)n};
}

static void setupKeyspace(keyspace *ks, int dbs) {
    memset(ks, 0, sizeof(*ks));
    keyspaceInit(ks, dbs);
}

static void checkValue(keyspace *ks, redisDb *db, const char *key, const char *want) {
    entry *e = dbLookup(ks, db, sl(key));
    CHECK_MSG(e != NULL, "key \"%s\" not found", key);
    size_t len;
    const char *v = entryValue(e, &len);
    CHECK_MEM(v, len, want, strlen(want));
}

/* The number of entries with an expiry, counted the slow way. */
typedef struct volatileCount {
    size_t withExpire, total;
} volatileCount;

static void countVolatile(void *privdata, const dictNode *node) {
    volatileCount *c = privdata;
    c->total++;
    if (entryHasExpire((const entry *)node)) c->withExpire++;
}

static void checkExpiresCount(redisDb *db) {
    volatileCount c = {0, 0};
    size_t cursor = 0;
    /* The table does not change during this scan, so no duplicates. */
    do {
        cursor = dictScan(db->keys, cursor, countVolatile, &c);
    } while (cursor != 0);
    CHECK_UINT(c.total, dbSize(db));
    CHECK_MSG(db->expires == c.withExpire, "db->expires is %zu, %zu entries have an expiry",
              db->expires, c.withExpire);
}

/* --- setup ----------------------------------------------------------------- */

static void testInitAndFree(void) {
    keyspace ks;
    setupKeyspace(&ks, 16);
    CHECK_INT(ks.count, 16);
    CHECK_NOT_NULL(ks.dbs);
    CHECK_MSG(ks.nowMs > 1600000000000LL, "nowMs %lld is not the wall clock", ks.nowMs);
    for (int i = 0; i < 16; i++) {
        CHECK_INT(ks.dbs[i].id, i);
        CHECK_NOT_NULL(ks.dbs[i].keys);
        CHECK_UINT(dbSize(&ks.dbs[i]), 0);
        CHECK_UINT(ks.dbs[i].expires, 0);
        CHECK_INT(ks.dbs[i].avgTtl, 0);
    }
    dbAddString(&ks.dbs[3], sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    dbAddString(&ks.dbs[15], sl("k"), sl("v"), ks.nowMs + 1000);
    keyspaceFree(&ks);
    CHECK_INT(ks.count, 0);
    CHECK_NULL(ks.dbs);
}

static void testInitNeedsNoZeroedMemory(void) {
    /* Runs isolated: an uninitialised field may crash the process. */
    keyspace ks;
    memset(&ks, 0xA5, sizeof(ks));
    unitNote("keyspaceInit of memory filled with 0xA5");
    keyspaceInit(&ks, 4);
    CHECK_INT(ks.stats.hits, 0);
    CHECK_INT(ks.stats.misses, 0);
    CHECK_INT(ks.stats.expiredKeys, 0);
    char kb[32];
    for (int d = 0; d < 4; d++) dbAddString(&ks.dbs[d], keyN(kb, 1), sl("v"), ks.nowMs);
    unitNote("activeExpireCycle after keyspaceInit of memory filled with 0xA5");
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 4);
    keyspaceFree(&ks);
}

static void testDatabasesAreSeparate(void) {
    keyspace ks;
    setupKeyspace(&ks, 4);
    dbAddString(&ks.dbs[0], sl("k"), sl("zero"), ENTRY_NO_EXPIRE);
    dbAddString(&ks.dbs[2], sl("k"), sl("two"), ENTRY_NO_EXPIRE);
    CHECK_OK(checkValue(&ks, &ks.dbs[0], "k", "zero"));
    CHECK_OK(checkValue(&ks, &ks.dbs[2], "k", "two"));
    CHECK_NULL(dbLookup(&ks, &ks.dbs[1], sl("k")));
    CHECK_INT(dbDelete(&ks.dbs[0], sl("k")), 1);
    CHECK_OK(checkValue(&ks, &ks.dbs[2], "k", "two"));
    keyspaceFree(&ks);
}

/* --- lookups and writes --------------------------------------------------------- */

static void testAddLookupDelete(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    entry *e = dbAddString(db, sl("greeting"), sl("hello"), ENTRY_NO_EXPIRE);
    CHECK_NOT_NULL(e);
    CHECK(dbLookup(&ks, db, sl("greeting")) == e);
    CHECK_OK(checkValue(&ks, db, "greeting", "hello"));
    CHECK_UINT(dbSize(db), 1);
    CHECK_NULL(dbLookup(&ks, db, sl("greetings")));
    CHECK_INT(dbDelete(db, sl("greeting")), 1);
    CHECK_INT(dbDelete(db, sl("greeting")), 0);
    CHECK_NULL(dbLookup(&ks, db, sl("greeting")));
    CHECK_UINT(dbSize(db), 0);
    /* Binary keys. */
    slice bk = {(char *)"a\0b", 3}, bv = {(char *)"\0", 1};
    dbAddString(db, bk, bv, ENTRY_NO_EXPIRE);
    CHECK_NULL(dbLookup(&ks, db, (slice){(char *)"a\0c", 3}));
    entry *found = dbLookup(&ks, db, bk);
    CHECK_NOT_NULL(found);
    size_t vl;
    const char *v = entryValue(found, &vl);
    CHECK_MEM(v, vl, "\0", 1);
    keyspaceFree(&ks);
}

static void testLookupReadCountsHitsAndMisses(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    dbAddString(db, sl("a"), sl("1"), ENTRY_NO_EXPIRE);
    dbAddString(db, sl("b"), sl("2"), ks.nowMs + 10);
    CHECK_NOT_NULL(dbLookupRead(&ks, db, sl("a")));
    CHECK_NOT_NULL(dbLookupRead(&ks, db, sl("b")));
    CHECK_NULL(dbLookupRead(&ks, db, sl("c")));
    CHECK_INT(ks.stats.hits, 2);
    CHECK_INT(ks.stats.misses, 1);
    /* A key that has just expired is a miss. */
    ks.nowMs += 10;
    CHECK_NULL(dbLookupRead(&ks, db, sl("b")));
    CHECK_INT(ks.stats.hits, 2);
    CHECK_INT(ks.stats.misses, 2);
    /* dbLookup counts nothing. */
    dbLookup(&ks, db, sl("a"));
    dbLookup(&ks, db, sl("zzz"));
    CHECK_INT(ks.stats.hits, 2);
    CHECK_INT(ks.stats.misses, 2);
    keyspaceFree(&ks);
}

static void testLazyExpiry(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    dbAddString(db, sl("short"), sl("v"), t0 + 1000);
    dbAddString(db, sl("forever"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 1);
    CHECK_NOT_NULL(dbLookup(&ks, db, sl("short")));
    ks.nowMs = t0 + 999;
    CHECK_NOT_NULL(dbLookup(&ks, db, sl("short")));
    CHECK_UINT(dbSize(db), 2);
    CHECK_INT(ks.stats.expiredKeys, 0);
    /* At the expiry time the key is gone. */
    ks.nowMs = t0 + 1000;
    CHECK_NULL(dbLookup(&ks, db, sl("short")));
    CHECK_UINT(dbSize(db), 1);
    CHECK_UINT(db->expires, 0);
    CHECK_INT(ks.stats.expiredKeys, 1);
    /* Deleted once: a second lookup does not count it again. */
    CHECK_NULL(dbLookup(&ks, db, sl("short")));
    CHECK_INT(ks.stats.expiredKeys, 1);
    ks.nowMs += 1000000000;
    CHECK_NOT_NULL(dbLookup(&ks, db, sl("forever")));
    keyspaceFree(&ks);
}

static void testExpiresCountMaintained(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long later = ks.nowMs + 100000;
    entry *a = dbAddString(db, sl("a"), sl("1"), later);
    entry *b = dbAddString(db, sl("b"), sl("2"), ENTRY_NO_EXPIRE);
    dbAddString(db, sl("c"), sl("3"), later);
    CHECK_UINT(db->expires, 2);
    CHECK_OK(checkExpiresCount(db));
    /* Overwrite keeping the TTL. */
    a = dbOverwriteString(db, a, sl("one"), 1, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 2);
    CHECK_INT(entryExpire(a), later);
    /* Overwrite dropping the TTL. */
    a = dbOverwriteString(db, a, sl("uno"), 0, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 1);
    CHECK_INT(entryHasExpire(a), 0);
    /* Overwrite setting a TTL. */
    b = dbOverwriteString(db, b, sl("two"), 0, later + 5);
    CHECK_UINT(db->expires, 2);
    CHECK_INT(entryExpire(b), later + 5);
    /* setExpire: add, change, remove, remove again. */
    a = dbSetExpire(db, a, later);
    CHECK_UINT(db->expires, 3);
    a = dbSetExpire(db, a, later + 1);
    CHECK_UINT(db->expires, 3);
    a = dbSetExpire(db, a, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 2);
    a = dbSetExpire(db, a, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 2);
    CHECK_OK(checkExpiresCount(db));
    CHECK_OK(checkValue(&ks, db, "a", "uno"));
    CHECK_OK(checkValue(&ks, db, "b", "two"));
    CHECK_OK(checkValue(&ks, db, "c", "3"));
    /* Delete a volatile key and a persistent one. */
    CHECK_INT(dbDelete(db, sl("c")), 1);
    CHECK_UINT(db->expires, 1);
    CHECK_INT(dbDelete(db, sl("a")), 1);
    CHECK_UINT(db->expires, 1);
    CHECK_OK(checkExpiresCount(db));
    dbEmpty(db);
    CHECK_UINT(db->expires, 0);
    CHECK_UINT(dbSize(db), 0);
    CHECK_NULL(dbLookup(&ks, db, sl("b")));
    keyspaceFree(&ks);
}

/* Overwrites and expiry changes move entries; the table must follow, for
 * every key, whatever bucket or table it is in. */
static void testMovedEntriesStayFindable(void) {
    const size_t n = 3000;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    char kb[32];
    char *big = malloc(20000);
    memset(big, 'x', 20000);
    for (size_t i = 0; i < n; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    for (size_t round = 0; round < 4; round++) {
        for (size_t i = 0; i < n; i++) {
            entry *e = dbLookup(&ks, db, keyN(kb, i));
            CHECK_MSG(e != NULL, "key %zu lost in round %zu", i, round);
            /* Sizes chosen to cross varint widths (rebuild) and to stay
             * within one (realloc). */
            size_t len = (size_t)((i + round) % 4 == 0 ? 200 : (i + round) % 4 == 1 ? 20000
                                  : (i + round) % 4 == 2 ? 5 : 100);
            e = dbOverwriteString(db, e, (slice){big, len}, (i + round) % 2,
                                  (i % 3 == 0) ? ks.nowMs + 100000 : ENTRY_NO_EXPIRE);
            if (i % 5 == 0) e = dbSetExpire(db, e, ks.nowMs + 5000 + (long long)round);
            if (i % 7 == 0) e = dbSetExpire(db, e, ENTRY_NO_EXPIRE);
        }
        for (size_t i = 0; i < n; i++) {
            entry *e = dbLookup(&ks, db, keyN(kb, i));
            CHECK_MSG(e != NULL, "key %zu lost after round %zu", i, round);
            size_t kl;
            const char *k = entryKey(e, &kl);
            CHECK_MEM(k, kl, kb, strlen(kb));
        }
        CHECK_UINT(dbSize(db), n);
        CHECK_OK(checkExpiresCount(db));
    }
    free(big);
    keyspaceFree(&ks);
}

/* --- active expiry ------------------------------------------------------------- */

static void testActiveExpiryDeletesAllExpired(void) {
    const size_t n = 10000;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    /* Every key in four: expires at t0+100, at t0+1000000, never, at t0+50. */
    size_t expiring = 0, volatileLeft = 0;
    for (size_t i = 0; i < n; i++) {
        long long exp = i % 4 == 0   ? t0 + 100
                        : i % 4 == 1 ? t0 + 1000000
                        : i % 4 == 2 ? ENTRY_NO_EXPIRE
                                     : t0 + 50;
        dbAddString(db, keyN(kb, i), sl("value"), exp);
        if (i % 4 == 0 || i % 4 == 3) expiring++;
        if (i % 4 == 1) volatileLeft++;
    }
    /* Nothing has expired yet. */
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_UINT(dbSize(db), n);
    ks.nowMs = t0 + 100;
    long long deleted = activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_INT(deleted, (long long)expiring);
    CHECK_UINT(dbSize(db), n - expiring);
    CHECK_UINT(db->expires, volatileLeft);
    CHECK_INT(ks.stats.expiredKeys, (long long)expiring);
    /* The survivors are exactly the ones that had not expired, found without
     * lazy expiry's help (dictFind does not expire). */
    for (size_t i = 0; i < n; i++) {
        slice k = keyN(kb, i);
        dictNode *node = dictFind(db->keys, k.ptr, k.len);
        int shouldLive = i % 4 == 1 || i % 4 == 2;
        CHECK_MSG((node != NULL) == shouldLive, "key %zu %s", i,
                  shouldLive ? "was deleted" : "survived its expiry");
    }
    CHECK_OK(checkExpiresCount(db));
    keyspaceFree(&ks);
}

static void testActiveExpiryAcrossDatabases(void) {
    keyspace ks;
    setupKeyspace(&ks, 16);
    long long t0 = ks.nowMs;
    char kb[32];
    for (int d = 0; d < 16; d += 5)
        for (size_t i = 0; i < 500; i++) dbAddString(&ks.dbs[d], keyN(kb, i), sl("v"), t0 + 1);
    dbAddString(&ks.dbs[7], sl("stays"), sl("v"), ENTRY_NO_EXPIRE);
    ks.nowMs = t0 + 1;
    long long deleted = activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_INT(deleted, 4 * 500);
    CHECK_INT(ks.stats.expiredKeys, 4 * 500);
    for (int d = 0; d < 16; d++) {
        CHECK_MSG(dbSize(&ks.dbs[d]) == (d == 7 ? 1u : 0u), "db %d holds %zu keys", d,
                  dbSize(&ks.dbs[d]));
        CHECK_UINT(ks.dbs[d].expires, 0);
    }
    keyspaceFree(&ks);
}

static void testActiveExpiryWithTinyBudgetGetsThere(void) {
    const size_t n = 20000;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < n; i++)
        dbAddString(db, keyN(kb, i), sl("v"), i % 2 ? t0 + 10 : ENTRY_NO_EXPIRE);
    ks.nowMs = t0 + 10;
    long long total = 0;
    size_t cycles = 0;
    while (db->expires > 0 && cycles < 100000) {
        total += activeExpireCycle(&ks, 0);
        cycles++;
    }
    CHECK_UINT(db->expires, 0);
    CHECK_INT(total, (long long)n / 2);
    CHECK_UINT(dbSize(db), n / 2);
    CHECK_INT(ks.stats.expiredKeys, (long long)n / 2);
    keyspaceFree(&ks);
}

static void testTightBudgetReachesLaterDatabases(void) {
    /* db 0 always has volatile keys (far from expiring); db 1 has keys that
     * have expired. However small the budget, repeated cycles must not spend
     * it all on db 0 forever. */
    keyspace ks;
    setupKeyspace(&ks, 2);
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < 10; i++) {
        dbAddString(&ks.dbs[0], keyN(kb, i), sl("v"), t0 + 1000000);
        dbAddString(&ks.dbs[1], keyN(kb, i), sl("v"), t0 + 1);
    }
    ks.nowMs = t0 + 1;
    for (int cycle = 0; cycle < 1000 && ks.dbs[1].expires > 0; cycle++) activeExpireCycle(&ks, 0);
    size_t left = dbSize(&ks.dbs[1]);
    keyspaceFree(&ks);
    CHECK_MSG(left == 0, "after 1000 zero-budget cycles db 1 still holds %zu expired keys", left);
}

static void testActiveExpiryWhileTableShrinks(void) {
    /* Deleting most keys and shrinking mid-pass must not make the scan skip
     * expired keys that were there all along. */
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < 20000; i++)
        dbAddString(db, keyN(kb, i), sl("v"), i < 300 ? t0 + 5 : ENTRY_NO_EXPIRE);
    for (size_t i = 300; i < 20000; i++) dbDelete(db, keyN(kb, i));
    /* The shrink starts and is still under way when the cycle runs. */
    keyspaceResizeAndRehash(&ks, 0);
    ks.nowMs = t0 + 5;
    long long deleted = activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_INT(deleted, 300);
    CHECK_UINT(dbSize(db), 0);
    CHECK_UINT(db->expires, 0);
    keyspaceFree(&ks);
}

static void testAvgTtlAfterFullPass(void) {
    keyspace ks;
    setupKeyspace(&ks, 2);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < 1000; i++)
        dbAddString(db, keyN(kb, i), sl("v"), t0 + (i % 2 ? 10000 : 20000));
    for (size_t i = 1000; i < 1100; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_INT(db->avgTtl, 0);
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_INT(db->avgTtl, 15000);
    /* Later, the TTLs are shorter. */
    ks.nowMs = t0 + 4000;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_INT(db->avgTtl, 11000);
    /* Once the short ones expire, only the long ones count. */
    ks.nowMs = t0 + 10000;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 500);
    ks.nowMs = t0 + 12000;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_INT(db->avgTtl, 8000);
    /* No volatile keys left: avg_ttl is 0. */
    ks.nowMs = t0 + 20000;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 500);
    CHECK_INT(db->avgTtl, 0);
    CHECK_INT(ks.dbs[1].avgTtl, 0);
    keyspaceFree(&ks);
}

static void testResizeAndRehashShrinksEmptiedDb(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    char kb[32];
    for (size_t i = 0; i < 10000; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    size_t before = dictBuckets(db->keys);
    for (size_t i = 10; i < 10000; i++) dbDelete(db, keyN(kb, i));
    keyspaceResizeAndRehash(&ks, (uint64_t)budgetPlenty);
    CHECK(!dictIsRehashing(db->keys));
    CHECK_MSG(dictBuckets(db->keys) < before / 100, "%zu buckets for 10 keys (was %zu)",
              dictBuckets(db->keys), before);
    for (size_t i = 0; i < 10; i++)
        CHECK_MSG(dbLookup(&ks, db, keyN(kb, i)) != NULL, "key %zu lost by the shrink", i);
    keyspaceFree(&ks);
}

static void testEmptyDbResetsExpiryState(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    char kb[32];
    for (size_t i = 0; i < 100; i++) dbAddString(db, keyN(kb, i), sl("v"), ks.nowMs + 1000);
    activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_INT(db->avgTtl, 1000);
    dbEmpty(db);
    CHECK_UINT(dbSize(db), 0);
    CHECK_UINT(db->expires, 0);
    CHECK_INT(db->avgTtl, 0);
    CHECK_UINT(db->expireCursor, 0);
    /* Usable afterwards. */
    dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_OK(checkValue(&ks, db, "k", "v"));
    keyspaceFree(&ks);
}

int main(void) {
    static const uint8_t seed[16] = {'r', 'e', 'd', 'i', 's', '-', 'm', 'i',
                                     'n', 'i', '-', 't', 'e', 's', 't', '!'};
    dictSetHashSeed(seed);
    UNIT_RUN("db: keyspaceInit makes empty numbered databases and keyspaceFree frees them",
             testInitAndFree);
    UNIT_RUN_ISOLATED("db: keyspaceInit initialises every field, even in uninitialised memory",
             testInitNeedsNoZeroedMemory);
    UNIT_RUN("db: the same key in two databases is two keys", testDatabasesAreSeparate);
    UNIT_RUN("db: dbAddString, dbLookup and dbDelete on text and binary keys",
             testAddLookupDelete);
    UNIT_RUN("db: dbLookupRead counts hits and misses, an expired key as a miss",
             testLookupReadCountsHitsAndMisses);
    UNIT_RUN("db: a key is found until nowMs reaches its expiry, then lazily deleted",
             testLazyExpiry);
    UNIT_RUN("db: the expires count follows add, overwrite, dbSetExpire, delete and empty",
             testExpiresCountMaintained);
    UNIT_RUN("db: entries moved by overwrite or expiry changes stay findable",
             testMovedEntriesStayFindable);
    UNIT_RUN("db: activeExpireCycle deletes every expired key of 10000 and counts them",
             testActiveExpiryDeletesAllExpired);
    UNIT_RUN("db: activeExpireCycle covers every database",
             testActiveExpiryAcrossDatabases);
    UNIT_RUN("db: repeated activeExpireCycle calls with a zero budget delete every expired key",
             testActiveExpiryWithTinyBudgetGetsThere);
    UNIT_RUN("db: repeated zero-budget cycles reach databases after the first",
             testTightBudgetReachesLaterDatabases);
    UNIT_RUN("db: activeExpireCycle deletes every expired key while the table shrinks",
             testActiveExpiryWhileTableShrinks);
    UNIT_RUN("db: avg_ttl is the mean TTL of the volatile keys seen in a full pass",
             testAvgTtlAfterFullPass);
    UNIT_RUN("db: keyspaceResizeAndRehash shrinks a database that emptied",
             testResizeAndRehashShrinksEmptiedDb);
    UNIT_RUN("db: dbEmpty resets size, expires and avg_ttl", testEmptyDbResetsExpiryState);
    return unitReport();
}
