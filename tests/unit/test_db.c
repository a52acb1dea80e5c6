/* test_db.c -- the keyspace (src/db.h): databases, lookups, lazy and
 * active expiry, the expires count, avg_ttl, and the building blocks of the
 * keyspace commands (copy, move, random key, swap, scan across resizes).
 *
 * Time is ks.nowMs, which the tests move by hand: nothing here sleeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyspace/db.h"
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

static int expiredHookCalls;
static char expiredHookKey[32];

static void recordExpired(redisDb *db, const char *key, size_t len) {
    (void)db;
    expiredHookCalls++;
    snprintf(expiredHookKey, sizeof(expiredHookKey), "%.*s", (int)len, key);
}

/* An AOF replays a history: while it loads, a key past its expiry is still
 * there for the commands that follow (one may extend it). */
static void testNothingExpiresWhileLoading(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    static const dbExpiryHooks hooks = {recordExpired, NULL};
    dbSetExpiryHooks(&hooks);
    expiredHookCalls = 0;
    long long t0 = ks.nowMs;
    keyspaceSetLoading(&ks, 1);
    dbAddString(db, sl("old"), sl("v"), t0 - 1000);
    CHECK(!dbExpireIsPast(&ks, t0 - 1000));
    CHECK_NOT_NULL(dbLookup(&ks, db, sl("old")));
    CHECK_INT(activeExpireCycle(&ks, 1000), 0);
    CHECK_UINT(dbSize(db), 1);
    CHECK_INT(expiredHookCalls, 0);
    keyspaceSetLoading(&ks, 0);
    CHECK(dbExpireIsPast(&ks, t0 - 1000));
    CHECK_NULL(dbLookup(&ks, db, sl("old")));
    CHECK_UINT(dbSize(db), 0);
    /* The deletion is reported, with the key, for the AOF's DEL. */
    CHECK_INT(expiredHookCalls, 1);
    CHECK_STR(expiredHookKey, "old");
    dbSetExpiryHooks(&(dbExpiryHooks){NULL, NULL});
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
    /* Sampling stops once few samples are expired, so one cycle may leave a
     * few behind; repeated cycles must get every one, and only those. */
    long long deleted = 0;
    /* The last few are found by chance, about 20 in expires per cycle: the
     * bound is far above what that takes. */
    for (int cycle = 0; cycle < 100000 && db->expires > volatileLeft; cycle++)
        deleted += activeExpireCycle(&ks, (uint64_t)budgetPlenty);
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

static void testAvgTtlIsAMovingAverageOfSampledTtls(void) {
    keyspace ks;
    setupKeyspace(&ks, 2);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < 1000; i++) dbAddString(db, keyN(kb, i), sl("v"), t0 + 15000);
    for (size_t i = 1000; i < 1100; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_INT(db->avgTtl, 0);
    /* The first sample sets it; keys without a TTL do not count. */
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_INT(db->avgTtl, 15000);
    /* Later the TTLs are 11000: the average moves towards it, a little per
     * cycle, and gets there. */
    ks.nowMs = t0 + 4000;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 0);
    CHECK_MSG(db->avgTtl < 15000 && db->avgTtl > 11000, "avg_ttl %lld after one cycle",
              db->avgTtl);
    for (int cycle = 0; cycle < 500; cycle++) activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_MSG(db->avgTtl >= 11000 && db->avgTtl <= 11000 + 110, "avg_ttl %lld, not ~11000",
              db->avgTtl);
    /* No volatile keys left: avg_ttl is 0, and an empty db's stays 0. */
    ks.nowMs = t0 + 15000;
    for (int cycle = 0; cycle < 1000 && db->expires > 0; cycle++)
        activeExpireCycle(&ks, (uint64_t)budgetPlenty);
    CHECK_UINT(db->expires, 0);
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
    /* Usable afterwards. */
    dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_OK(checkValue(&ks, db, "k", "v"));
    keyspaceFree(&ks);
}

/* --- the expires count and the index of volatile keys ------------------------
 *
 * These use only db.h: what is counted in db->expires is checked by what
 * expiry later deletes, whatever structure keeps the volatile keys. */

/* Moves the clock far past every expiry and runs active expiry until no
 * volatile key is left; checks it deleted exactly `wantDeleted` keys, all
 * counted in expired_keys, and that `wantLeft` keys (those without an expiry)
 * remain. */
static void checkExpireEverything(keyspace *ks, redisDb *db, size_t wantDeleted,
                                  size_t wantLeft) {
    long long statsBefore = ks->stats.expiredKeys;
    CHECK_UINT(db->expires, wantDeleted);
    ks->nowMs += 1000LL * 1000 * 1000 * 1000;
    long long deleted = 0;
    for (int cycle = 0; cycle < 100000 && db->expires > 0; cycle++)
        deleted += activeExpireCycle(ks, (uint64_t)budgetPlenty);
    CHECK_UINT(db->expires, 0);
    CHECK_INT(deleted, (long long)wantDeleted);
    CHECK_INT(ks->stats.expiredKeys - statsBefore, (long long)wantDeleted);
    CHECK_UINT(dbSize(db), wantLeft);
}

/* The key is live at `at - 1` and gone (lazily expired) at `at`. */
static void checkExpiresAt(keyspace *ks, redisDb *db, const char *key, long long at) {
    long long saved = ks->nowMs;
    ks->nowMs = at - 1;
    CHECK_MSG(dbLookup(ks, db, sl(key)) != NULL, "\"%s\" gone before its expiry", key);
    ks->nowMs = at;
    CHECK_MSG(dbLookup(ks, db, sl(key)) == NULL, "\"%s\" still there at its expiry", key);
    ks->nowMs = saved;
}

static void testExpiresCountEveryWrite(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t = ks.nowMs + 100000;
    /* p1..p4 never have an expiry at the end; v1..v5 do. */
    entry *p1 = dbAddString(db, sl("p1"), sl("1"), ENTRY_NO_EXPIRE);
    entry *p2 = dbAddString(db, sl("p2"), sl("2"), t);
    entry *p3 = dbAddString(db, sl("p3"), sl("3"), t);
    entry *v1 = dbAddString(db, sl("v1"), sl("1"), t);
    entry *v2 = dbAddString(db, sl("v2"), sl("2"), ENTRY_NO_EXPIRE);
    entry *v3 = dbAddString(db, sl("v3"), sl("3"), t + 3);
    CHECK_UINT(db->expires, 4);
    /* Overwrite without keepTtl and without an expiry drops it. */
    p2 = dbOverwriteString(db, p2, sl("two"), 0, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 3);
    /* Overwrite with keepTtl keeps an expiry, and keeps no expiry as none. */
    v1 = dbOverwriteString(db, v1, sl("one"), 1, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 3);
    p1 = dbOverwriteString(db, p1, sl("uno"), 1, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 3);
    /* Overwrite with an expiry gives one, or changes it. */
    v2 = dbOverwriteString(db, v2, sl("two"), 0, t + 2);
    CHECK_UINT(db->expires, 4);
    v3 = dbOverwriteString(db, v3, sl("three"), 0, t + 33);
    CHECK_UINT(db->expires, 4);
    /* dbSetExpire: remove, remove again, add, change. */
    p3 = dbSetExpire(db, p3, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 3);
    p3 = dbSetExpire(db, p3, ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 3);
    entry *v4 = dbAddString(db, sl("v4"), sl("4"), ENTRY_NO_EXPIRE);
    v4 = dbSetExpire(db, v4, t + 4);
    CHECK_UINT(db->expires, 4);
    v4 = dbSetExpire(db, v4, t + 44);
    CHECK_UINT(db->expires, 4);
    /* Add and delete volatile and persistent keys. */
    dbAddString(db, sl("v5"), sl("5"), t + 5);
    dbAddString(db, sl("gone1"), sl("x"), t);
    dbAddString(db, sl("gone2"), sl("x"), ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 6);
    CHECK_INT(dbDelete(db, sl("gone1")), 1);
    CHECK_UINT(db->expires, 5);
    CHECK_INT(dbDelete(db, sl("gone2")), 1);
    CHECK_INT(dbDelete(db, sl("gone1")), 0);
    CHECK_UINT(db->expires, 5);
    (void)p1;
    (void)p2;
    (void)p3;
    (void)v1;
    (void)v2;
    (void)v3;
    (void)v4;
    /* The expiries are the ones set last. */
    CHECK_OK(checkExpiresAt(&ks, db, "v1", t));
    CHECK_UINT(db->expires, 4);
    CHECK_OK(checkExpiresAt(&ks, db, "v3", t + 33));
    CHECK_UINT(db->expires, 3);
    CHECK_OK(checkExpiresAt(&ks, db, "v4", t + 44));
    CHECK_UINT(db->expires, 2);
    CHECK_INT(ks.stats.expiredKeys, 3);
    /* v2 and v5 remain volatile; p1, p2, p3 have no expiry. */
    CHECK_OK(checkExpireEverything(&ks, db, 2, 3));
    CHECK_OK(checkValue(&ks, db, "p1", "uno"));
    CHECK_OK(checkValue(&ks, db, "p2", "two"));
    CHECK_OK(checkValue(&ks, db, "p3", "3"));
    keyspaceFree(&ks);
}

static void testLazyExpiryLeavesTheIndex(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < 100; i++) dbAddString(db, keyN(kb, i), sl("v"), t0 + 10);
    for (size_t i = 100; i < 200; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    ks.nowMs = t0 + 10;
    /* Half by dbLookup, a quarter by dbLookupRead, the rest by the cycle. */
    for (size_t i = 0; i < 50; i++) CHECK_NULL(dbLookup(&ks, db, keyN(kb, i)));
    CHECK_UINT(db->expires, 50);
    for (size_t i = 50; i < 75; i++) CHECK_NULL(dbLookupRead(&ks, db, keyN(kb, i)));
    CHECK_UINT(db->expires, 25);
    CHECK_INT(ks.stats.expiredKeys, 75);
    CHECK_INT(ks.stats.misses, 25);
    CHECK_UINT(dbSize(db), 125);
    CHECK_OK(checkExpireEverything(&ks, db, 25, 100));
    CHECK_INT(ks.stats.expiredKeys, 100);
    /* The names can be used again, with or without an expiry. */
    for (size_t i = 0; i < 100; i++)
        dbAddString(db, keyN(kb, i), sl("w"), i % 2 ? ks.nowMs + 5 : ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, 50);
    CHECK_OK(checkExpireEverything(&ks, db, 50, 150));
    keyspaceFree(&ks);
}

static void testOneVolatileKeyAmongMany(void) {
    /* The cost of active expiry follows the volatile keys, not all keys: a
     * single call, even with no time budget, finds the only one. */
    const size_t n = 100000;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < n; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    dbAddString(db, sl("volatile"), sl("v"), t0 + 100);
    CHECK_UINT(db->expires, 1);
    /* Not yet expired: nothing is deleted. */
    CHECK_INT(activeExpireCycle(&ks, 0), 0);
    CHECK_UINT(dbSize(db), n + 1);
    ks.nowMs = t0 + 100;
    CHECK_INT(activeExpireCycle(&ks, 0), 1);
    CHECK_UINT(db->expires, 0);
    CHECK_UINT(dbSize(db), n);
    CHECK_INT(ks.stats.expiredKeys, 1);
    CHECK_INT(activeExpireCycle(&ks, 0), 0);
    keyspaceFree(&ks);
}

static void testThousandVolatileAmongMany(void) {
    const size_t n = 100000, nv = 1000;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = ks.nowMs;
    char kb[32];
    for (size_t i = 0; i < n + nv; i++)
        dbAddString(db, keyN(kb, i), sl("v"), i % 101 == 0 && i / 101 < nv ? t0 + 100
                                                                            : ENTRY_NO_EXPIRE);
    CHECK_UINT(db->expires, nv);
    ks.nowMs = t0 + 100;
    /* Zero-budget calls: each does a bounded amount of work, and the work
     * goes to the volatile keys, so a few hundred calls are plenty. */
    int calls = 0;
    long long deleted = 0;
    while (db->expires > 0 && calls < 300) {
        deleted += activeExpireCycle(&ks, 0);
        calls++;
    }
    CHECK_MSG(db->expires == 0, "%zu of %zu expired volatile keys left after %d zero-budget calls",
              db->expires, nv, calls);
    CHECK_INT(deleted, (long long)nv);
    CHECK_UINT(dbSize(db), n);
    CHECK_INT(ks.stats.expiredKeys, (long long)nv);
    for (size_t i = 0; i < n + nv; i++) {
        int volatileKey = i % 101 == 0 && i / 101 < nv;
        CHECK_MSG((dbLookup(&ks, db, keyN(kb, i)) != NULL) == !volatileKey, "key %zu %s", i,
                  volatileKey ? "survived its expiry" : "was deleted");
    }
    keyspaceFree(&ks);
}

static void testEmptyForgetsVolatileKeys(void) {
    /* Runs isolated: an index left pointing at freed entries crashes. */
    keyspace ks;
    setupKeyspace(&ks, 2);
    char kb[32];
    for (int round = 0; round < 3; round++) {
        unitNote("round %d: filling db 0 and db 1", round);
        for (size_t i = 0; i < 1000; i++) {
            dbAddString(&ks.dbs[0], keyN(kb, i), sl("v"), i % 2 ? ks.nowMs + 10 : ENTRY_NO_EXPIRE);
            dbAddString(&ks.dbs[1], keyN(kb, i), sl("v"), ks.nowMs + 10);
        }
        CHECK_UINT(ks.dbs[0].expires, 500);
        CHECK_UINT(ks.dbs[1].expires, 1000);
        unitNote("round %d: dbEmpty of db 1", round);
        dbEmpty(&ks.dbs[1]);
        CHECK_UINT(ks.dbs[1].expires, 0);
        CHECK_UINT(dbSize(&ks.dbs[1]), 0);
        unitNote("round %d: activeExpireCycle after dbEmpty", round);
        long long before = ks.stats.expiredKeys;
        ks.nowMs += 10;
        for (int c = 0; c < 1000 && ks.dbs[0].expires > 0; c++)
            activeExpireCycle(&ks, (uint64_t)budgetPlenty);
        CHECK_UINT(ks.dbs[0].expires, 0);
        CHECK_INT(ks.stats.expiredKeys - before, 500);
        CHECK_UINT(dbSize(&ks.dbs[0]), 500);
        dbEmpty(&ks.dbs[0]);
        CHECK_UINT(dbSize(&ks.dbs[0]), 0);
    }
    keyspaceFree(&ks);
}

/* A model of what the keyspace should hold, driven by random operations. */
#define MODEL_KEYS 2000
typedef struct modelKey {
    int present;         /* in the table (maybe expired, not yet deleted) */
    long long expire;    /* ENTRY_NO_EXPIRE or absolute ms */
    size_t len;          /* value: len bytes of fill */
    char fill;
} modelKey;

typedef struct model {
    modelKey keys[MODEL_KEYS];
    size_t present, volatileKeys;
    long long expired;
} model;

static const size_t modelLens[] = {1, 5, 100, 200, 3000, 20000};

static void modelForget(model *m, size_t i) {
    if (m->keys[i].expire != ENTRY_NO_EXPIRE) m->volatileKeys--;
    m->present--;
    m->keys[i].present = 0;
}

static void modelSetExpire(model *m, size_t i, long long expire) {
    long long old = m->keys[i].expire;
    if (old == ENTRY_NO_EXPIRE && expire != ENTRY_NO_EXPIRE) m->volatileKeys++;
    if (old != ENTRY_NO_EXPIRE && expire == ENTRY_NO_EXPIRE) m->volatileKeys--;
    m->keys[i].expire = expire;
}

/* dbLookup of key i, checked against the model: *out is the entry or NULL. */
static void modelLookup(keyspace *ks, redisDb *db, model *m, size_t i, entry **out) {
    char kb[32];
    modelKey *k = &m->keys[i];
    entry *e = dbLookup(ks, db, keyN(kb, i));
    *out = e;
    if (k->present && k->expire != ENTRY_NO_EXPIRE && k->expire <= ks->nowMs) {
        modelForget(m, i);
        m->expired++;
    }
    if (!k->present) {
        CHECK_MSG(e == NULL, "key %zu found, the model has it deleted or expired", i);
        return;
    }
    CHECK_MSG(e != NULL, "key %zu (expire %lld, now %lld) not found", i, k->expire, ks->nowMs);
    size_t vl;
    const char *v = entryValue(e, &vl);
    CHECK_MSG(vl == k->len && v[0] == k->fill && v[vl - 1] == k->fill,
              "key %zu has a value of %zu bytes, the model %zu", i, vl, k->len);
}

/* Lazily expires everything the model says has expired, then compares. */
static void modelSettle(keyspace *ks, redisDb *db, model *m) {
    entry *e;
    for (size_t i = 0; i < MODEL_KEYS; i++) {
        modelKey *k = &m->keys[i];
        if (k->present && k->expire != ENTRY_NO_EXPIRE && k->expire <= ks->nowMs)
            CHECK_OK(modelLookup(ks, db, m, i, &e));
    }
    CHECK_UINT(dbSize(db), m->present);
    CHECK_UINT(db->expires, m->volatileKeys);
    CHECK_INT(ks->stats.expiredKeys, m->expired);
}

static void testRandomOperationsKeepTheIndex(void) {
    /* Runs isolated: a stale index entry is a use after free. */
    static model m;
    memset(&m, 0, sizeof(m));
    for (size_t i = 0; i < MODEL_KEYS; i++) m.keys[i].expire = ENTRY_NO_EXPIRE;
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    char *buf = malloc(20000);
    char kb[32];
    unsigned long long rng = 0x9E3779B97F4A7C15ULL;
    entry *e;
    for (long op = 0; op < 300000; op++) {
        if (op % 20000 == 0) unitNote("op %ld", op);
        size_t i = (size_t)(unitRand(&rng) % MODEL_KEYS);
        modelKey *k = &m.keys[i];
        unsigned kind = (unsigned)(unitRand(&rng) % 100);
        long long future = ks.nowMs + 1 + (long long)(unitRand(&rng) % 500);
        if (kind < 30) { /* write, as SET does: look up, then add or overwrite */
            modelLookup(&ks, db, &m, i, &e);
            if (unit.currentFailed) break;
            size_t len = modelLens[unitRand(&rng) % 6];
            char fill = (char)('a' + unitRand(&rng) % 26);
            memset(buf, fill, len);
            unsigned mode = (unsigned)(unitRand(&rng) % 3);
            long long exp = mode == 2 ? future : ENTRY_NO_EXPIRE;
            if (e) {
                dbOverwriteString(db, e, (slice){buf, len}, mode == 0, exp);
                if (mode != 0) modelSetExpire(&m, i, exp);
            } else {
                dbAddString(db, keyN(kb, i), (slice){buf, len}, exp);
                k->present = 1;
                k->expire = ENTRY_NO_EXPIRE;
                m.present++;
                modelSetExpire(&m, i, exp);
            }
            k->len = len;
            k->fill = fill;
        } else if (kind < 50) { /* give, change or remove an expiry */
            modelLookup(&ks, db, &m, i, &e);
            if (unit.currentFailed) break;
            if (e) {
                long long exp = unitRand(&rng) % 3 ? future : ENTRY_NO_EXPIRE;
                dbSetExpire(db, e, exp);
                modelSetExpire(&m, i, exp);
            }
        } else if (kind < 62) { /* delete, as DEL does */
            modelLookup(&ks, db, &m, i, &e);
            if (unit.currentFailed) break;
            CHECK_INT(dbDelete(db, keyN(kb, i)), e ? 1 : 0);
            if (e) modelForget(&m, i);
        } else if (kind < 85) { /* read */
            modelLookup(&ks, db, &m, i, &e);
            if (unit.currentFailed) break;
        } else if (kind < 97) {
            ks.nowMs += (long long)(unitRand(&rng) % 20);
        } else if (kind < 99) {
            activeExpireCycle(&ks, unitRand(&rng) % 2 ? 0 : (uint64_t)budgetPlenty);
            modelSettle(&ks, db, &m);
        } else if (unitRand(&rng) % 200 == 0) {
            dbEmpty(db);
            for (size_t j = 0; j < MODEL_KEYS; j++) {
                m.keys[j].present = 0;
                m.keys[j].expire = ENTRY_NO_EXPIRE;
            }
            m.present = m.volatileKeys = 0;
        }
        if (unit.currentFailed) break;
        if (dbSize(db) != m.present || db->expires != m.volatileKeys) {
            unitFail(__FILE__, __LINE__,
                     "after op %ld (kind %u, key %zu): %zu keys, expires %zu; the model has "
                     "%zu keys, %zu with an expiry",
                     op, kind, i, dbSize(db), db->expires, m.present, m.volatileKeys);
            break;
        }
    }
    free(buf);
    if (unit.currentFailed) return;
    CHECK_OK(modelSettle(&ks, db, &m));
    size_t persistent = m.present - m.volatileKeys;
    CHECK_OK(checkExpireEverything(&ks, db, m.volatileKeys, persistent));
    keyspaceFree(&ks);
}

/* --- watch hooks ----------------------------------------------------------- */

/* What the hooks saw: the keys reported changed (with whether each was
 * still stored at that moment) and the databases reported emptying. */
static struct {
    int changes, empties;
    char lastKey[64];
    int lastPresent;
    size_t sizeWhenEmptying;
} seen;

static void recordKeyChanged(redisDb *db, const char *key, size_t len) {
    seen.changes++;
    snprintf(seen.lastKey, sizeof(seen.lastKey), "%.*s", (int)len, key);
    seen.lastPresent = dbFind(db, (slice){(char *)key, len}) != NULL;
}

static void recordEmptying(redisDb *db) {
    seen.empties++;
    seen.sizeWhenEmptying = dbSize(db);
}

static void installRecordingHooks(void) {
    static const dbWatchHooks hooks = {.keyChanged = recordKeyChanged,
                                       .emptying = recordEmptying};
    dbSetWatchHooks(&hooks);
    memset(&seen, 0, sizeof(seen));
}

static void testUnwatchedDbCallsNoHook(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    installRecordingHooks();
    redisDb *db = &ks.dbs[0];
    entry *e = dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    e = dbOverwriteString(db, e, sl("w"), 0, ENTRY_NO_EXPIRE);
    dbSetExpire(db, e, ks.nowMs + 1000);
    dbDelete(db, sl("k"));
    dbEmpty(db);
    CHECK_INT(seen.changes, 0);
    CHECK_INT(seen.empties, 0);
    keyspaceFree(&ks);
}

static void testEveryChangeOfAWatchedDbIsReported(void) {
    keyspace ks;
    setupKeyspace(&ks, 2);
    installRecordingHooks();
    redisDb *db = &ks.dbs[0];
    /* The db layer only tests the pointer; the table is the layer above's. */
    db->watched = (struct subIndex *)&seen;

    entry *e = dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_INT(seen.changes, 1);
    CHECK(strcmp(seen.lastKey, "k") == 0);
    CHECK_INT(seen.lastPresent, 1);

    e = dbOverwriteString(db, e, sl("a much longer value that moves the entry"), 1,
                          ENTRY_NO_EXPIRE);
    CHECK(seen.changes >= 2);
    int before = seen.changes;
    e = dbSetExpire(db, e, ks.nowMs + 1000);
    CHECK_INT(seen.changes, before + 1);
    before = seen.changes;
    dbSetExpire(db, e, ENTRY_NO_EXPIRE);
    CHECK_INT(seen.changes, before + 1);
    before = seen.changes;
    /* No expiry to remove: nothing changed, nothing reported. */
    dbSetExpire(db, dbLookup(&ks, db, sl("k")), ENTRY_NO_EXPIRE);
    CHECK_INT(seen.changes, before);

    CHECK_INT(dbDelete(db, sl("k")), 1);
    CHECK_INT(seen.changes, before + 1);
    CHECK_INT(seen.lastPresent, 0); /* reported after the key is gone */
    CHECK_INT(dbDelete(db, sl("k")), 0);
    CHECK_INT(seen.changes, before + 1);

    /* Another database's changes are not reported. */
    dbAddString(&ks.dbs[1], sl("other"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_INT(seen.changes, before + 1);

    dbAddString(db, sl("x"), sl("1"), ENTRY_NO_EXPIRE);
    dbAddString(db, sl("y"), sl("1"), ENTRY_NO_EXPIRE);
    dbEmpty(db);
    CHECK_INT(seen.empties, 1);
    CHECK_UINT(seen.sizeWhenEmptying, 2); /* called before the keys go */
    db->watched = NULL;
    keyspaceFree(&ks);
}

static void testExpiryDeletionsAreReported(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    installRecordingHooks();
    redisDb *db = &ks.dbs[0];
    db->watched = (struct subIndex *)&seen;
    dbAddString(db, sl("lazy"), sl("v"), ks.nowMs + 10);
    dbAddString(db, sl("active"), sl("v"), ks.nowMs + 10);
    int before = seen.changes;
    ks.nowMs += 20;
    CHECK_NULL(dbLookup(&ks, db, sl("lazy")));
    CHECK_INT(seen.changes, before + 1);
    CHECK(strcmp(seen.lastKey, "lazy") == 0);
    CHECK_INT(seen.lastPresent, 0);
    CHECK_INT(activeExpireCycle(&ks, budgetPlenty), 1);
    CHECK_INT(seen.changes, before + 2);
    CHECK(strcmp(seen.lastKey, "active") == 0);
    db->watched = NULL;
    keyspaceFree(&ks);
}

/* --- access tracking and in-place edits ----------------------------------- */

static void testLruAccessTracking(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    long long t0 = 1700000000000LL;
    keyspaceSetTime(&ks, t0);
    dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    entry *e = dbLookupReadNoTouch(&ks, db, sl("k"));
    CHECK_INT(dbIdleMs(&ks, e), 0);
    keyspaceSetTime(&ks, t0 + 5500);
    CHECK_INT(dbIdleMs(&ks, e), 5000);
    /* Looking without touching leaves the time; a lookup resets it. */
    e = dbLookupReadNoTouch(&ks, db, sl("k"));
    CHECK_INT(dbIdleMs(&ks, e), 5000);
    CHECK_INT(ks.stats.hits, 2);
    e = dbLookup(&ks, db, sl("k"));
    CHECK_INT(dbIdleMs(&ks, e), 0);
    /* Overwrites and expiry changes that move the entry keep it. */
    keyspaceSetTime(&ks, t0 + 9000);
    char longValue[200];
    memset(longValue, 'x', sizeof(longValue)); /* its length's varint is wider: a move */
    e = dbOverwriteString(db, e, (slice){longValue, sizeof(longValue)}, 0, ENTRY_NO_EXPIRE);
    e = dbSetExpire(db, e, t0 + 100000);
    CHECK_INT(dbIdleMs(&ks, e), 4000); /* touched in second 5, now second 9 */
    keyspaceFree(&ks);
}

static void testLruClockWraps(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    /* 2^24 seconds after the epoch the 24-bit clock is back at 0. */
    long long wrap = (1LL << 24) * 1000;
    keyspaceSetTime(&ks, wrap - 2000);
    entry *e = dbAddString(&ks.dbs[0], sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    keyspaceSetTime(&ks, wrap + 3000);
    CHECK_INT(dbIdleMs(&ks, e), 4000);
    keyspaceFree(&ks);
}

static void testLfuAccessTracking(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    ks.trackLfu = 1;
    redisDb *db = &ks.dbs[0];
    long long t0 = 1700000000000LL;
    keyspaceSetTime(&ks, t0);
    entry *e = dbAddString(db, sl("k"), sl("v"), ENTRY_NO_EXPIRE);
    CHECK_INT(dbAccessFrequency(&ks, e), 5);
    e = dbLookupReadNoTouch(&ks, db, sl("k"));
    CHECK_INT(dbAccessFrequency(&ks, e), 5);
    e = dbLookup(&ks, db, sl("k"));
    CHECK_INT(dbAccessFrequency(&ks, e), 6);
    for (int i = 0; i < 1000; i++) e = dbLookup(&ks, db, sl("k"));
    int freq = dbAccessFrequency(&ks, e);
    CHECK_MSG(freq > 8 && freq < 40, "after 1000 hits the counter is %d", freq);
    /* One point lost per idle minute, down to 0. */
    keyspaceSetTime(&ks, t0 + 3 * 60000);
    CHECK_INT(dbAccessFrequency(&ks, e), freq - 3);
    keyspaceSetTime(&ks, t0 + 300 * 60000LL);
    CHECK_INT(dbAccessFrequency(&ks, e), 0);
    keyspaceFree(&ks);
}

static void testAppendAndSetRange(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    entry *e = dbAddString(db, sl("k"), sl("ab"), ks.nowMs + 100000);
    char expect[400];
    memcpy(expect, "ab", 2);
    size_t len = 2;
    /* Across the one-byte varint limit of 127 with an expiry to keep. */
    for (int i = 0; i < 150; i++) {
        expect[len++] = (char)('a' + i % 26);
        e = dbAppendString(db, e, (slice){&expect[len - 1], 1});
    }
    e = dbLookup(&ks, db, sl("k"));
    size_t vl;
    const char *v = entryValue(e, &vl);
    CHECK_MEM(v, vl, expect, len);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_RAW);
    CHECK_INT(entryExpire(e), ks.nowMs + 100000);
    CHECK_OK(checkExpiresCount(db));
    /* Past the end: zero-filled gap. Inside: overwritten in place. */
    e = dbSetStringRange(db, e, len + 3, sl("XY"));
    memset(expect + len, 0, 3);
    memcpy(expect + len + 3, "XY", 2);
    len += 5;
    e = dbSetStringRange(db, e, 0, sl("Z"));
    expect[0] = 'Z';
    v = entryValue(dbLookup(&ks, db, sl("k")), &vl);
    CHECK_MEM(v, vl, expect, len);
    /* A new value is no longer raw. */
    e = dbOverwriteString(db, e, sl("12"), 1, ENTRY_NO_EXPIRE);
    CHECK_INT(entryEncoding(e), ENTRY_ENC_TRY_INT);
    CHECK_OK(checkExpiresCount(db));
    keyspaceFree(&ks);
}

static void testNoSharedIntegersMark(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    entry *e = dbAddString(db, sl("a"), sl("5"), ENTRY_NO_EXPIRE);
    CHECK_INT(e->flags & ENTRY_NO_SHARED_INT, 0);
    ks.noSharedIntegers = 1;
    e = dbOverwriteString(db, e, sl("6"), 0, ENTRY_NO_EXPIRE);
    CHECK_INT(e->flags & ENTRY_NO_SHARED_INT, ENTRY_NO_SHARED_INT);
    e = dbAddString(db, sl("b"), sl("7"), ENTRY_NO_EXPIRE);
    CHECK_INT(e->flags & ENTRY_NO_SHARED_INT, ENTRY_NO_SHARED_INT);
    ks.noSharedIntegers = 0;
    e = dbOverwriteString(db, e, sl("8"), 0, ENTRY_NO_EXPIRE);
    CHECK_INT(e->flags & ENTRY_NO_SHARED_INT, 0);
    keyspaceFree(&ks);
}

/* --- building blocks of the keyspace commands -------------------------------- */

static void testAddCopyKeepsValueAndExpiry(void) {
    keyspace ks;
    setupKeyspace(&ks, 2);
    redisDb *a = &ks.dbs[0], *b = &ks.dbs[1];
    long long when = ks.nowMs + 5000;
    entry *src = dbAddString(a, sl("src"), sl("value"), when);
    entry *plain = dbAddString(a, sl("plain"), sl("p"), ENTRY_NO_EXPIRE);
    entry *copy = dbAddCopy(b, sl("dst"), src);
    CHECK(copy != src);
    CHECK_OK(checkValue(&ks, b, "dst", "value"));
    CHECK_INT(entryExpire(copy), when);
    CHECK_OK(checkValue(&ks, a, "src", "value"));
    CHECK_INT(entryExpire(src), when);
    dbAddCopy(a, sl("plain2"), plain);
    CHECK_INT(entryExpire(dbLookup(&ks, a, sl("plain2"))), ENTRY_NO_EXPIRE);
    CHECK_UINT(a->expires, 1);
    CHECK_UINT(b->expires, 1);
    CHECK_OK(checkExpiresCount(a));
    CHECK_OK(checkExpiresCount(b));
    keyspaceFree(&ks);
}

static void testMoveEntryRenamesAndMoves(void) {
    keyspace ks;
    setupKeyspace(&ks, 2);
    redisDb *a = &ks.dbs[0], *b = &ks.dbs[1];
    long long when = ks.nowMs + 5000;
    dbAddString(a, sl("old"), sl("v1"), when);
    dbAddString(a, sl("keep"), sl("v2"), ENTRY_NO_EXPIRE);
    /* Rename within a database. */
    entry *e = dbMoveEntry(a, sl("old"), a, sl("new"));
    CHECK_NULL(dbLookup(&ks, a, sl("old")));
    CHECK(dbLookup(&ks, a, sl("new")) == e);
    CHECK_INT(entryExpire(e), when);
    CHECK_UINT(dbSize(a), 2);
    CHECK_UINT(a->expires, 1);
    /* Move to another database under the same name. */
    e = dbMoveEntry(a, sl("new"), b, sl("new"));
    CHECK_NULL(dbLookup(&ks, a, sl("new")));
    CHECK_OK(checkValue(&ks, b, "new", "v1"));
    CHECK_INT(entryExpire(e), when);
    CHECK_UINT(a->expires, 0);
    CHECK_UINT(b->expires, 1);
    CHECK_OK(checkExpiresCount(a));
    CHECK_OK(checkExpiresCount(b));
    /* The moved key still expires where it went. */
    ks.nowMs = when;
    CHECK_NULL(dbLookup(&ks, b, sl("new")));
    CHECK_UINT(b->expires, 0);
    keyspaceFree(&ks);
}

static void testRandomEntry(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    CHECK_NULL(dbRandomEntry(&ks, db));
    char kb[32];
    for (size_t i = 0; i < 50; i++) dbAddString(db, keyN(kb, i), sl("v"), ENTRY_NO_EXPIRE);
    int picked[50] = {0};
    for (int i = 0; i < 5000; i++) {
        entry *e = dbRandomEntry(&ks, db);
        CHECK_NOT_NULL(e);
        size_t len;
        const char *k = entryKey(e, &len);
        unsigned long n = strtoul(k + 4, NULL, 10);
        CHECK_MSG(len > 4 && n < 50, "unexpected key %.*s", (int)len, k);
        picked[n] = 1;
    }
    for (int i = 0; i < 50; i++) CHECK_MSG(picked[i], "key:%d never drawn in 5000 draws", i);
    keyspaceFree(&ks);
}

static void testRandomEntrySkipsAndDeletesExpired(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    char kb[32];
    for (size_t i = 0; i < 100; i++) dbAddString(db, keyN(kb, i), sl("v"), ks.nowMs + 10);
    dbAddString(db, sl("alive"), sl("v"), ENTRY_NO_EXPIRE);
    ks.nowMs += 10;
    for (int i = 0; i < 20; i++) {
        entry *e = dbRandomEntry(&ks, db);
        CHECK_NOT_NULL(e);
        size_t len;
        const char *k = entryKey(e, &len);
        CHECK_MEM(k, len, "alive", 5);
    }
    CHECK_OK(checkExpiresCount(db));
    CHECK_INT(ks.stats.expiredKeys, (long long)(100 - db->expires));
    /* Only expired keys: every one is deleted and none is returned. */
    dbDelete(db, sl("alive"));
    CHECK_NULL(dbRandomEntry(&ks, db));
    CHECK_UINT(dbSize(db), 0);
    CHECK_UINT(db->expires, 0);
    CHECK_INT(ks.stats.expiredKeys, 100);
    keyspaceFree(&ks);
}

static void testSwapDbs(void) {
    keyspace ks;
    setupKeyspace(&ks, 3);
    redisDb *a = &ks.dbs[0], *b = &ks.dbs[2];
    dbAddString(a, sl("k"), sl("from a"), ENTRY_NO_EXPIRE);
    dbAddString(a, sl("va"), sl("x"), ks.nowMs + 10);
    dbAddString(b, sl("k"), sl("from b"), ENTRY_NO_EXPIRE);
    keyspaceSwapDbs(&ks, 0, 2);
    CHECK_INT(a->id, 0);
    CHECK_INT(b->id, 2);
    CHECK_OK(checkValue(&ks, a, "k", "from b"));
    CHECK_OK(checkValue(&ks, b, "k", "from a"));
    CHECK_UINT(dbSize(a), 1);
    CHECK_UINT(dbSize(b), 2);
    CHECK_UINT(a->expires, 0);
    CHECK_UINT(b->expires, 1);
    /* The volatile list went with its keys: active expiry finds them. */
    ks.nowMs += 10;
    CHECK_INT(activeExpireCycle(&ks, (uint64_t)budgetPlenty), 1);
    CHECK_NULL(dbLookup(&ks, b, sl("va")));
    CHECK_OK(checkExpiresCount(a));
    CHECK_OK(checkExpiresCount(b));
    keyspaceSwapDbs(&ks, 1, 1);
    CHECK_INT(ks.dbs[1].id, 1);
    keyspaceFree(&ks);
}

/* A full scan of a database (dictScan over its table) while keys are added
 * and deleted between calls, through a grow and a shrink by the cron's
 * keyspaceResizeAndRehash: every key present throughout is returned. */
typedef struct dbScanSeen {
    unsigned char *stable; /* per stable key index: visited */
    size_t stableCount;
} dbScanSeen;

static void markStable(void *privdata, const dictNode *node) {
    dbScanSeen *s = privdata;
    size_t len;
    const char *k = entryKey((const entry *)node, &len);
    if (len > 7 && memcmp(k, "stable:", 7) == 0) {
        size_t i = strtoul(k + 7, NULL, 10);
        if (i < s->stableCount) s->stable[i] = 1;
    }
}

static void testScanThroughGrowAndShrink(void) {
    keyspace ks;
    setupKeyspace(&ks, 1);
    redisDb *db = &ks.dbs[0];
    const size_t stable = 300;
    char kb[40];
    for (size_t i = 0; i < stable; i++) {
        int n = snprintf(kb, sizeof(kb), "stable:%zu", i);
        dbAddString(db, (slice){kb, (size_t)n}, sl("v"), ENTRY_NO_EXPIRE);
    }
    dbScanSeen s = {.stable = calloc(stable, 1), .stableCount = stable};
    size_t cursor = 0, calls = 0, added = 0, maxBuckets = dictBuckets(db->keys);
    size_t minBucketsAfterPeak = (size_t)-1;
    int shrinking = 0;
    do {
        cursor = dictScan(db->keys, cursor, markStable, &s);
        calls++;
        if (!shrinking) {
            /* Grow: 200 keys per call until 40000 extra keys. */
            for (int i = 0; i < 200; i++, added++)
                dbAddString(db, keyN(kb, added), sl("v"), ENTRY_NO_EXPIRE);
            if (added >= 40000) shrinking = 1;
        } else {
            for (int i = 0; i < 400 && added > 0; i++) dbDelete(db, keyN(kb, --added));
            if (calls % 4 == 0) keyspaceResizeAndRehash(&ks, 50);
        }
        if (dictBuckets(db->keys) > maxBuckets) maxBuckets = dictBuckets(db->keys);
        if (shrinking && dictBuckets(db->keys) < minBucketsAfterPeak)
            minBucketsAfterPeak = dictBuckets(db->keys);
    } while (cursor != 0 && calls < 1000000);
    size_t missing = 0;
    for (size_t i = 0; i < stable; i++)
        if (!s.stable[i]) missing++;
    free(s.stable);
    CHECK_UINT(cursor, 0);
    CHECK_MSG(missing == 0, "%zu of %zu stable keys never returned", missing, stable);
    CHECK_MSG(maxBuckets >= 32768, "the table only grew to %zu buckets", maxBuckets);
    CHECK_MSG(minBucketsAfterPeak < maxBuckets / 4, "the table never shrank during the scan "
              "(peak %zu, low %zu)", maxBuckets, minBucketsAfterPeak);
    keyspaceFree(&ks);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    static const uint8_t seed[16] = {'r', 'e', 'd', 'i', 's', '-', 'm', 'i',
                                     'n', 'i', '-', 't', 'e', 's', 't', '!'};
    dictSetHashSeed(seed);
    UNIT_RUN("db: keyspaceInit makes empty numbered databases and keyspaceFree frees them",
             testInitAndFree);
    UNIT_RUN_ISOLATED("db: keyspaceInit initialises every field, even in uninitialised memory",
             testInitNeedsNoZeroedMemory);
    UNIT_RUN("db: the same key in two databases is two keys", testDatabasesAreSeparate);
    UNIT_RUN("db: lookups touch the LRU clock, NoTouch lookups and moves do not",
             testLruAccessTracking);
    UNIT_RUN("db: idle time across the 24-bit LRU clock's wrap", testLruClockWraps);
    UNIT_RUN("db: LFU counter starts at 5, grows logarithmically, decays a point a minute",
             testLfuAccessTracking);
    UNIT_RUN("db: dbAppendString and dbSetStringRange edit in place, raw, expiry kept",
             testAppendAndSetRange);
    UNIT_RUN("db: values written while integers are not shared are marked",
             testNoSharedIntegersMark);
    UNIT_RUN("db: dbAddString, dbLookup and dbDelete on text and binary keys",
             testAddLookupDelete);
    UNIT_RUN("db: dbLookupRead counts hits and misses, an expired key as a miss",
             testLookupReadCountsHitsAndMisses);
    UNIT_RUN("db: a key is found until nowMs reaches its expiry, then lazily deleted",
             testLazyExpiry);
    UNIT_RUN("db: while loading nothing expires; afterwards the lookup deletes the key and the "
             "expired hook reports it",
             testNothingExpiresWhileLoading);
    UNIT_RUN("db: the expires count follows add, overwrite, dbSetExpire, delete and empty",
             testExpiresCountMaintained);
    UNIT_RUN("db: entries moved by overwrite or expiry changes stay findable",
             testMovedEntriesStayFindable);
    UNIT_RUN("db: repeated activeExpireCycle calls delete every expired key of 10000, count "
             "them, and no live one",
             testActiveExpiryDeletesAllExpired);
    UNIT_RUN("db: activeExpireCycle covers every database",
             testActiveExpiryAcrossDatabases);
    UNIT_RUN("db: repeated activeExpireCycle calls with a zero budget delete every expired key",
             testActiveExpiryWithTinyBudgetGetsThere);
    UNIT_RUN("db: repeated zero-budget cycles reach databases after the first",
             testTightBudgetReachesLaterDatabases);
    UNIT_RUN("db: activeExpireCycle deletes every expired key while the table shrinks",
             testActiveExpiryWhileTableShrinks);
    UNIT_RUN("db: avg_ttl is a moving average of the TTLs of sampled volatile keys",
             testAvgTtlIsAMovingAverageOfSampledTtls);
    UNIT_RUN("db: keyspaceResizeAndRehash shrinks a database that emptied",
             testResizeAndRehashShrinksEmptiedDb);
    UNIT_RUN("db: dbEmpty resets size, expires and avg_ttl", testEmptyDbResetsExpiryState);
    UNIT_RUN("db: the expires count follows every write that gives, keeps, changes or drops "
             "an expiry, and expiry deletes exactly the counted keys",
             testExpiresCountEveryWrite);
    UNIT_RUN("db: keys removed by dbLookup and dbLookupRead leave the expires count",
             testLazyExpiryLeavesTheIndex);
    UNIT_RUN("db: one zero-budget activeExpireCycle finds the only volatile key among 100000",
             testOneVolatileKeyAmongMany);
    UNIT_RUN("db: zero-budget activeExpireCycle calls find 1000 volatile keys among 100000 "
             "within 300 calls",
             testThousandVolatileAmongMany);
    UNIT_RUN_ISOLATED("db: dbEmpty forgets the volatile keys it freed",
                      testEmptyForgetsVolatileKeys);
    UNIT_RUN_ISOLATED("db: 300000 random writes, expiry changes, deletes, lookups and cycles "
                      "keep the expires count and the keys exact",
                      testRandomOperationsKeepTheIndex);
    UNIT_RUN("db: a database nobody watches calls no watch hook", testUnwatchedDbCallsNoHook);
    UNIT_RUN("db: add, overwrite, expiry changes, delete and empty of a watched database are "
             "reported", testEveryChangeOfAWatchedDbIsReported);
    UNIT_RUN("db: lazy and active expiry deletions of a watched database are reported",
             testExpiryDeletionsAreReported);
    UNIT_RUN("db: dbAddCopy copies value and expiry into another database, the source "
             "unchanged", testAddCopyKeepsValueAndExpiry);
    UNIT_RUN("db: dbMoveEntry renames within a database and moves across databases, "
             "keeping the expiry", testMoveEntryRenamesAndMoves);
    UNIT_RUN("db: dbRandomEntry of an empty database is NULL and draws every key",
             testRandomEntry);
    UNIT_RUN("db: dbRandomEntry deletes the expired keys it draws and returns a live one",
             testRandomEntrySkipsAndDeletesExpired);
    UNIT_RUN("db: keyspaceSwapDbs exchanges keys and volatile lists, numbers stay",
             testSwapDbs);
    UNIT_RUN("db: a full scan returns every key present throughout while the table grows "
             "and the cron shrinks it", testScanThroughGrowAndShrink);
    return unitReport();
}
