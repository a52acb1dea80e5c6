/* test_dict.c -- the intrusive hash table (src/dict.h): lookups, unlinks,
 * incremental rehash in both directions, node replacement, scanning across
 * resizes, random nodes, emptying, and the hash seed.
 *
 * Elements are testNodes: a dictNode followed by an id and the key bytes.
 * Keys are binary (several contain NUL bytes) so the table is tested as a
 * map of byte strings, not C strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dict.h"
#include "unit.h"

typedef struct testNode {
    dictNode node; /* first: the table links testNodes */
    size_t id;
    size_t len;
    char key[];
} testNode;

static size_t nodesFreed;

static const char *testNodeKey(const dictNode *node, size_t *len) {
    const testNode *t = (const testNode *)node;
    *len = t->len;
    return t->key;
}

static void testNodeFree(dictNode *node) {
    nodesFreed++;
    free(node);
}

static const dictType freeingType = {.nodeKey = testNodeKey, .freeNode = testNodeFree};
static const dictType nonFreeingType = {.nodeKey = testNodeKey, .freeNode = NULL};

static testNode *newNode(size_t id, const void *key, size_t len) {
    testNode *t = malloc(sizeof(*t) + len);
    t->node.next = NULL;
    t->id = id;
    t->len = len;
    memcpy(t->key, key, len);
    return t;
}

/* The key of element i: text for even i, bytes with NULs for odd i, so the
 * two families interleave in every bucket. Returns its length. */
static size_t keyOf(size_t i, char buf[32]) {
    if (i % 2 == 0) return (size_t)snprintf(buf, 32, "key:%zu", i);
    buf[0] = '\0';
    memcpy(buf + 1, &i, sizeof(i));
    buf[1 + sizeof(i)] = '\0';
    buf[2 + sizeof(i)] = 'b';
    return 3 + sizeof(i);
}

static testNode *nodeFor(size_t i) {
    char k[32];
    size_t len = keyOf(i, k);
    return newNode(i, k, len);
}

static void addRange(dict *d, size_t from, size_t to) {
    for (size_t i = from; i < to; i++) dictAdd(d, &nodeFor(i)->node);
}

static dictNode *findId(dict *d, size_t i) {
    char k[32];
    size_t len = keyOf(i, k);
    return dictFind(d, k, len);
}

static dictNode *unlinkId(dict *d, size_t i) {
    char k[32];
    size_t len = keyOf(i, k);
    return dictUnlink(d, k, len);
}

static int isPowerOfTwo(size_t n) { return n && (n & (n - 1)) == 0; }

/* Walks both tables without touching the rehash state and checks dict.h's
 * invariant: every node is in the bucket its hash selects, the used counts
 * match, table[0] below rehashIdx is empty, and a table exists only with a
 * power-of-two size. Optionally counts how often each id appears. */
static void checkInvariants(const dict *d, unsigned *seen, size_t maxId) {
    for (int t = 0; t <= 1; t++) {
        CHECK_MSG(d->size[t] == 0 || isPowerOfTwo(d->size[t]), "table %d size %zu", t,
                  d->size[t]);
        CHECK_MSG((d->size[t] == 0) == (d->table[t] == NULL), "table %d size %zu, array %p", t,
                  d->size[t], (void *)d->table[t]);
        size_t count = 0;
        for (size_t b = 0; b < d->size[t]; b++) {
            for (const dictNode *n = d->table[t][b]; n; n = n->next) {
                size_t len;
                const char *k = testNodeKey(n, &len);
                size_t want = (size_t)(dictHashKey(k, len) & (d->size[t] - 1));
                CHECK_MSG(want == b, "node %zu in table %d bucket %zu, its hash selects %zu",
                          ((const testNode *)n)->id, t, b, want);
                if (t == 0 && dictIsRehashing(d))
                    CHECK_MSG((long)b >= d->rehashIdx,
                              "node in table 0 bucket %zu below rehashIdx %ld", b, d->rehashIdx);
                if (seen) {
                    size_t id = ((const testNode *)n)->id;
                    CHECK_MSG(id < maxId, "unexpected node id %zu", id);
                    seen[id]++;
                }
                count++;
            }
        }
        CHECK_MSG(count == d->used[t], "table %d holds %zu nodes, used says %zu", t, count,
                  d->used[t]);
    }
    if (!dictIsRehashing(d)) {
        CHECK_MSG(d->size[1] == 0 && d->used[1] == 0, "not rehashing but table 1 has %zu/%zu",
                  d->used[1], d->size[1]);
    }
}

/* Checks that exactly the ids in [from, to) are present, once each,
 * without moving the rehash forward. */
static void checkExactly(const dict *d, size_t from, size_t to, size_t maxId) {
    unsigned *seen = calloc(maxId, sizeof(*seen));
    checkInvariants(d, seen, maxId);
    for (size_t i = 0; i < maxId && !unit.currentFailed; i++) {
        unsigned want = (i >= from && i < to) ? 1 : 0;
        if (seen[i] != want) unitFail(__FILE__, __LINE__, "id %zu present %u times, want %u", i,
                                      seen[i], want);
    }
    free(seen);
}

static const uint8_t testSeed[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* --- basic operations ----------------------------------------------------- */

static void testEmptyDict(void) {
    dict *d = dictCreate(&freeingType);
    CHECK_UINT(dictSize(d), 0);
    CHECK_NULL(dictFind(d, "a", 1));
    CHECK_NULL(dictUnlink(d, "a", 1));
    CHECK_INT(dictIsRehashing(d), 0);
    CHECK_UINT(dictScan(d, 0, NULL, NULL), 0);
    dictRelease(d);
}

static void testAddFindMany(void) {
    const size_t n = 100000;
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, n);
    CHECK_UINT(dictSize(d), n);
    for (size_t i = 0; i < n; i++) {
        testNode *t = (testNode *)findId(d, i);
        CHECK_MSG(t != NULL, "key %zu not found", i);
        CHECK_UINT(t->id, i);
    }
    CHECK_OK(checkExactly(d, 0, n, n));
    CHECK_NULL(findId(d, n));
    CHECK_NULL(dictFind(d, "key:", 4));
    CHECK_NULL(dictFind(d, "", 0));
    dictRelease(d);
}

static void testBinaryKeysAreDistinct(void) {
    static const struct {
        const char *bytes;
        size_t len;
    } keys[] = {
        {"", 0},        {"\0", 1},      {"\0\0", 2},     {"a", 1},     {"a\0", 2},
        {"a\0b", 3},    {"a\0c", 3},    {"\0a\0b", 4},   {"a\0b\0", 4}, {"ab", 2},
    };
    const size_t n = sizeof(keys) / sizeof(keys[0]);
    dict *d = dictCreate(&freeingType);
    for (size_t i = 0; i < n; i++) dictAdd(d, &newNode(i, keys[i].bytes, keys[i].len)->node);
    CHECK_UINT(dictSize(d), n);
    for (size_t i = 0; i < n; i++) {
        testNode *t = (testNode *)dictFind(d, keys[i].bytes, keys[i].len);
        CHECK_MSG(t != NULL, "key #%zu not found", i);
        CHECK_UINT(t->id, i);
    }
    CHECK_NULL(dictFind(d, "a\0d", 3));
    CHECK_NULL(dictFind(d, "\0\0\0", 3));
    testNode *t = (testNode *)dictUnlink(d, "a\0b", 3);
    CHECK_NOT_NULL(t);
    CHECK_UINT(t->id, 5);
    free(t);
    CHECK_NULL(dictFind(d, "a\0b", 3));
    CHECK_NOT_NULL(dictFind(d, "a\0c", 3));
    CHECK_NOT_NULL(dictFind(d, "a", 1));
    dictRelease(d);
}

static void testUnlinkMany(void) {
    const size_t n = 100000;
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, n);
    /* Unlink every other key; the caller owns what comes back. */
    for (size_t i = 0; i < n; i += 2) {
        testNode *t = (testNode *)unlinkId(d, i);
        CHECK_MSG(t != NULL, "unlink of key %zu returned NULL", i);
        CHECK_UINT(t->id, i);
        CHECK_NULL(t->node.next);
        free(t);
    }
    CHECK_UINT(dictSize(d), n / 2);
    for (size_t i = 0; i < n; i++) {
        dictNode *found = findId(d, i);
        if (i % 2 == 0) CHECK_MSG(found == NULL, "unlinked key %zu still found", i);
        else CHECK_MSG(found != NULL, "kept key %zu not found", i);
    }
    CHECK_NULL(unlinkId(d, 0));
    for (size_t i = 1; i < n; i += 2) {
        testNode *t = (testNode *)unlinkId(d, i);
        CHECK_MSG(t != NULL, "unlink of key %zu returned NULL", i);
        free(t);
    }
    CHECK_UINT(dictSize(d), 0);
    CHECK_NULL(findId(d, 1));
    /* The emptied table is still usable. */
    addRange(d, 0, 10);
    CHECK_UINT(dictSize(d), 10);
    CHECK_NOT_NULL(findId(d, 9));
    dictRelease(d);
}

/* --- incremental rehash ------------------------------------------------------ */

/* Adds keys until an insert starts a rehash; returns the next unused id. */
static size_t fillUntilRehashing(dict *d, size_t from) {
    size_t i = from;
    while (!dictIsRehashing(d)) dictAdd(d, &nodeFor(i++)->node);
    return i;
}

/* Adds at least `atLeast` keys, finishes any rehash, then adds keys until
 * the next growth starts; returns how many keys the dict holds. */
static size_t startBigRehash(dict *d, size_t atLeast) {
    addRange(d, 0, atLeast);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    return fillUntilRehashing(d, atLeast);
}

static void testGrowingRehashKeepsEveryKeyFindable(void) {
    const size_t maxId = 20000;
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 1000);
    /* Let lookups drive the rehash one step at a time; after each one the
     * table must still hold every key exactly once, each in its bucket. */
    size_t steps = 0;
    while (dictIsRehashing(d)) {
        CHECK_OK(checkExactly(d, 0, n, maxId));
        size_t probe = steps % n;
        CHECK_MSG(findId(d, probe) != NULL, "key %zu not found at rehash step %zu (idx %ld)",
                  probe, steps, d->rehashIdx);
        steps++;
        CHECK_MSG(steps < 100000, "rehash did not finish");
    }
    CHECK_OK(checkExactly(d, 0, n, maxId));
    CHECK_MSG(steps > 1, "the rehash was not incremental (%zu steps)", steps);
    /* And once more at a larger size, checking every key by lookup. */
    n = fillUntilRehashing(d, n);
    while (dictIsRehashing(d)) {
        for (size_t i = 0; i < n && dictIsRehashing(d); i++)
            CHECK_MSG(findId(d, i) != NULL, "key %zu not found while rehashing", i);
    }
    for (size_t i = 0; i < n; i++) CHECK_MSG(findId(d, i) != NULL, "key %zu lost", i);
    CHECK_OK(checkExactly(d, 0, n, maxId));
    dictRelease(d);
}

static void testKeyAddedDuringRehashIsFound(void) {
    const size_t maxId = 10000;
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 500);
    size_t added = 0;
    while (dictIsRehashing(d)) {
        dictAdd(d, &nodeFor(n)->node);
        CHECK_MSG(findId(d, n) != NULL, "key %zu added during the rehash not found", n);
        CHECK_OK(checkInvariants(d, NULL, 0));
        n++;
        added++;
    }
    CHECK_MSG(added > 0, "no key was added while rehashing");
    CHECK_UINT(dictSize(d), n);
    CHECK_OK(checkExactly(d, 0, n, maxId));
    for (size_t i = 0; i < n; i++) CHECK_MSG(findId(d, i) != NULL, "key %zu not found", i);
    dictRelease(d);
}

static void testKeyUnlinkedDuringRehashIsGone(void) {
    const size_t maxId = 10000;
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 500);
    /* Unlink from the top, so the nodes come from both tables. */
    size_t removed = 0;
    while (dictIsRehashing(d) && removed < n / 2) {
        size_t id = n - 1 - removed;
        testNode *t = (testNode *)unlinkId(d, id);
        CHECK_MSG(t != NULL, "key %zu not unlinked", id);
        CHECK_UINT(t->id, id);
        free(t);
        CHECK_NULL(findId(d, id));
        CHECK_OK(checkInvariants(d, NULL, 0));
        removed++;
    }
    CHECK_OK(checkExactly(d, 0, n - removed, maxId));
    dictRelease(d);
}

static void testShrinkingRehashKeepsEveryKeyFindable(void) {
    const size_t n = 10000, kept = 50;
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, n);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
    size_t bucketsBefore = dictBuckets(d);
    for (size_t i = kept; i < n; i++) free(unlinkId(d, i));
    CHECK_INT(dictShrinkIfNeeded(d), 1);
    CHECK(dictIsRehashing(d));
    CHECK_MSG(d->size[1] < d->size[0], "shrinking to %zu buckets from %zu", d->size[1],
              d->size[0]);
    CHECK_MSG(d->size[1] >= kept, "shrunk to %zu buckets for %zu keys", d->size[1], kept);
    /* A second call while the shrink is under way starts nothing. */
    CHECK_INT(dictShrinkIfNeeded(d), 0);
    size_t steps = 0;
    while (dictIsRehashing(d)) {
        CHECK_OK(checkExactly(d, 0, kept, n));
        size_t probe = steps % kept;
        CHECK_MSG(findId(d, probe) != NULL, "key %zu not found at shrink step %zu", probe,
                  steps);
        steps++;
        CHECK_MSG(steps < 100000, "shrink did not finish");
    }
    CHECK_OK(checkExactly(d, 0, kept, n));
    CHECK_MSG(dictBuckets(d) < bucketsBefore, "%zu buckets after shrink, %zu before",
              dictBuckets(d), bucketsBefore);
    for (size_t i = 0; i < kept; i++) CHECK_MSG(findId(d, i) != NULL, "key %zu lost", i);
    dictRelease(d);
}

static void testShrinkOnlyWhenSparse(void) {
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 1000);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
    CHECK_INT(dictShrinkIfNeeded(d), 0);
    CHECK(!dictIsRehashing(d));
    /* Remove keys one at a time: the first shrink starts only once fewer
     * than one bucket in ten is used. */
    size_t remaining = 1000;
    while (remaining > 0) {
        free(unlinkId(d, remaining - 1));
        remaining--;
        if (dictIsRehashing(d)) continue;
        size_t buckets = d->size[0];
        int started = dictShrinkIfNeeded(d);
        if (started) {
            CHECK_MSG(remaining * 10 < buckets, "shrink started with %zu keys in %zu buckets",
                      remaining, buckets);
            break;
        }
        CHECK_MSG(remaining * 10 >= buckets || buckets <= 4,
                  "no shrink with %zu keys in %zu buckets", remaining, buckets);
    }
    CHECK(remaining > 0);
    dictRelease(d);
}

/* --- resize policy while a forked child shares the memory ---------------- */

static void finishRehash(dict *d) {
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
}

static void testAvoidedResizeGrowsOnlyPastFivePerBucket(void) {
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 64);
    finishRehash(d);
    size_t buckets = d->size[0];
    CHECK_MSG(buckets >= 64, "%zu buckets for 64 keys", buckets);
    dictSetResizeAvoid(1);
    /* Up to six elements per bucket: no new table. */
    size_t n = 64;
    while (n < buckets * 6) {
        dictAdd(d, &nodeFor(n)->node);
        n++;
        CHECK_MSG(!dictIsRehashing(d) && d->size[0] == buckets,
                  "the table resized at %zu keys in %zu buckets", n, buckets);
    }
    /* More than five per bucket (integer ratio above 5): it grows anyway. */
    dictAdd(d, &nodeFor(n)->node);
    n++;
    CHECK_MSG(dictIsRehashing(d), "no resize at %zu keys in %zu buckets", n, buckets);
    finishRehash(d);
    CHECK_OK(checkExactly(d, 0, n, n));
    dictSetResizeAvoid(0);
    dictRelease(d);
}

static void testAvoidedResizeNeverShrinks(void) {
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 1000);
    finishRehash(d);
    for (size_t i = 10; i < 1000; i++) free(unlinkId(d, i));
    dictSetResizeAvoid(1);
    CHECK_INT(dictShrinkIfNeeded(d), 0);
    CHECK(!dictIsRehashing(d));
    dictSetResizeAvoid(0);
    CHECK_INT(dictShrinkIfNeeded(d), 1);
    finishRehash(d);
    CHECK_OK(checkExactly(d, 0, 10, 1000));
    dictRelease(d);
}

static void testResizeResumesWhenAllowedAgain(void) {
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 16);
    finishRehash(d);
    size_t buckets = d->size[0];
    dictSetResizeAvoid(1);
    addRange(d, 16, buckets * 3);
    CHECK_UINT(d->size[0], buckets);
    dictSetResizeAvoid(0);
    /* The next insert grows the overfull table. */
    dictAdd(d, &nodeFor(buckets * 3)->node);
    CHECK(dictIsRehashing(d));
    finishRehash(d);
    CHECK_MSG(d->size[0] > buckets * 3, "%zu buckets for %zu keys", d->size[0],
              buckets * 3 + 1);
    CHECK_OK(checkExactly(d, 0, buckets * 3 + 1, buckets * 3 + 1));
    dictRelease(d);
}

static void testRehashMicrosecondsCompletes(void) {
    const size_t maxId = 200000;
    dict *d = dictCreate(&freeingType);
    size_t n = fillUntilRehashing(d, 0);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    /* Grow to a big table and finish its rehash in one call. */
    while (n < 65536) dictAdd(d, &nodeFor(n++)->node);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    n = fillUntilRehashing(d, n);
    CHECK_INT(dictRehashMicroseconds(d, 10 * 1000 * 1000), 0);
    CHECK(!dictIsRehashing(d));
    CHECK_UINT(d->size[1], 0);
    CHECK_UINT(d->used[0], n);
    CHECK_OK(checkExactly(d, 0, n, maxId));
    /* Nothing left to do. */
    CHECK_INT(dictRehashMicroseconds(d, 1000), 0);
    dictRelease(d);
}

static void testRehashMicrosecondsWithZeroBudgetMakesProgress(void) {
    dict *d = dictCreate(&freeingType);
    size_t n = 0;
    while (n < 65536) dictAdd(d, &nodeFor(n++)->node);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    n = fillUntilRehashing(d, n);
    size_t calls = 0;
    while (dictRehashMicroseconds(d, 0)) {
        calls++;
        CHECK_MSG(calls < 1000000, "no progress with a zero budget");
    }
    CHECK(!dictIsRehashing(d));
    CHECK_OK(checkExactly(d, 0, n, n));
    dictRelease(d);
}

/* --- node replacement ------------------------------------------------------- */

/* A fresh copy of a node, as a realloc that moved it would leave: same key
 * and chain pointer, new address. */
static testNode *moveNode(testNode *old, size_t newId) {
    testNode *copy = malloc(sizeof(*copy) + old->len);
    memcpy(copy, old, sizeof(*copy) + old->len);
    copy->id = newId;
    return copy;
}

static void testReplaceNodeKeepsPlace(void) {
    const size_t n = 1000;
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, n);
    for (size_t i = 0; i < n; i++) {
        testNode *old = (testNode *)findId(d, i);
        CHECK_NOT_NULL(old);
        testNode *copy = moveNode(old, i + n);
        const dictNode *oldAddr = &old->node;
        /* The old node may be gone before the table hears of the move. */
        free(old);
        dictReplaceNode(d, oldAddr, &copy->node);
    }
    CHECK_UINT(dictSize(d), n);
    for (size_t i = 0; i < n; i++) {
        testNode *t = (testNode *)findId(d, i);
        CHECK_MSG(t != NULL, "key %zu lost by replacement", i);
        CHECK_MSG(t->id == i + n, "key %zu still finds the old node", i);
    }
    CHECK_OK(checkExactly(d, n, 2 * n, 2 * n));
    dictRelease(d);
}

static void testReplaceNodeDuringRehash(void) {
    const size_t maxId = 100000;
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 500);
    /* Look nodes up through the tables directly, so no rehash step runs and
     * nodes in both tables get replaced. */
    int replacedIn[2] = {0, 0};
    for (int t = 0; t <= 1; t++) {
        for (size_t b = 0; b < d->size[t]; b++) {
            dictNode **link = &d->table[t][b];
            while (*link) {
                testNode *old = (testNode *)*link;
                CHECK_MSG(old->id < n, "node %zu replaced twice", old->id);
                testNode *copy = moveNode(old, old->id + n);
                const dictNode *oldAddr = &old->node;
                free(old);
                dictReplaceNode(d, oldAddr, &copy->node);
                CHECK_MSG(*link == &copy->node, "table %d bucket %zu not relinked", t, b);
                replacedIn[t]++;
                link = &(*link)->next;
            }
        }
    }
    CHECK_MSG(replacedIn[0] > 0 && replacedIn[1] > 0, "replaced %d in table 0, %d in table 1",
              replacedIn[0], replacedIn[1]);
    CHECK_OK(checkExactly(d, n, 2 * n, maxId));
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
    for (size_t i = 0; i < n; i++) {
        testNode *t = (testNode *)findId(d, i);
        CHECK_MSG(t != NULL && t->id == i + n, "key %zu does not find its replacement", i);
    }
    dictRelease(d);
}

/* --- scan ------------------------------------------------------------------ */

typedef struct scanSeen {
    unsigned *count;
    size_t maxId;
    size_t calls;
    int badId;
} scanSeen;

static void countVisit(void *privdata, const dictNode *node) {
    scanSeen *s = privdata;
    size_t id = ((const testNode *)node)->id;
    s->calls++;
    if (id >= s->maxId) s->badId = 1;
    else s->count[id]++;
}

static void testScanVisitsEveryElement(void) {
    const size_t n = 5000;
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, n);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
    scanSeen s = {.count = calloc(n, sizeof(unsigned)), .maxId = n};
    size_t cursor = 0, calls = 0;
    do {
        cursor = dictScan(d, cursor, countVisit, &s);
        calls++;
    } while (cursor != 0 && calls < 10 * n);
    size_t missing = 0, dup = 0;
    for (size_t i = 0; i < n; i++) {
        if (s.count[i] == 0) missing++;
        if (s.count[i] > 1) dup++;
    }
    free(s.count);
    CHECK_UINT(cursor, 0);
    CHECK(!s.badId);
    CHECK_UINT(missing, 0);
    /* A table that does not change between calls is visited exactly once. */
    CHECK_UINT(dup, 0);
    CHECK_UINT(calls, dictBuckets(d));
    dictRelease(d);
}

/* Scans while `mutate` changes the table between calls; every id in
 * [0, stable) is present throughout and must be visited. */
typedef void scanMutation(dict *d, size_t call, size_t *next, unsigned long long *rng);

static void scanWhile(dict *d, size_t stable, size_t maxId, size_t *next,
                      scanMutation *mutate, unsigned long long seed) {
    scanSeen s = {.count = calloc(maxId, sizeof(unsigned)), .maxId = maxId};
    unsigned long long rng = seed;
    size_t cursor = 0, call = 0;
    do {
        cursor = dictScan(d, cursor, countVisit, &s);
        mutate(d, call++, next, &rng);
    } while (cursor != 0 && call < 1000000);
    size_t missing = 0, firstMissing = 0;
    for (size_t i = 0; i < stable; i++) {
        if (s.count[i] == 0 && missing++ == 0) firstMissing = i;
    }
    free(s.count);
    CHECK_UINT(cursor, 0);
    CHECK(!s.badId);
    CHECK_MSG(missing == 0, "%zu of %zu stable keys never visited (first: %zu)", missing,
              stable, firstMissing);
}

/* Adds a few keys per call: the table grows, perhaps several times. */
static void growBetweenCalls(dict *d, size_t call, size_t *next, unsigned long long *rng) {
    (void)call;
    size_t k = (size_t)(unitRand(rng) % 8);
    for (size_t i = 0; i < k && *next < 150000; i++) {
        dictAdd(d, &nodeFor(*next)->node);
        (*next)++;
    }
}

static void testScanSurvivesGrowth(void) {
    const size_t stable = 1000, maxId = 200000;
    for (unsigned long long seed = 1; seed <= 5; seed++) {
        dict *d = dictCreate(&freeingType);
        addRange(d, 0, stable);
        size_t next = stable;
        size_t before = dictBuckets(d);
        CHECK_OK(scanWhile(d, stable, maxId, &next, growBetweenCalls, seed));
        CHECK_MSG(dictBuckets(d) > before, "table did not grow during the scan (seed %llu)",
                  seed);
        dictRelease(d);
    }
}

/* Grows the table in big jumps and finishes rehashes mid-scan. */
static void growFastBetweenCalls(dict *d, size_t call, size_t *next, unsigned long long *rng) {
    if (call % 16 == 3) {
        size_t target = *next * 2;
        while (*next < target && *next < 150000) {
            dictAdd(d, &nodeFor(*next)->node);
            (*next)++;
        }
    }
    if (unitRand(rng) % 2) dictRehashMicroseconds(d, 1000000);
}

static void testScanSurvivesFastGrowth(void) {
    const size_t stable = 500, maxId = 200000;
    for (unsigned long long seed = 1; seed <= 3; seed++) {
        dict *d = dictCreate(&freeingType);
        addRange(d, 0, stable);
        size_t next = stable;
        CHECK_OK(scanWhile(d, stable, maxId, &next, growFastBetweenCalls, seed));
        dictRelease(d);
    }
}

/* Removes non-stable keys and shrinks the table, sometimes finishing the
 * shrink at once and sometimes leaving it under way. */
static size_t shrinkStable;
static void shrinkBetweenCalls(dict *d, size_t call, size_t *next, unsigned long long *rng) {
    (void)call;
    size_t k = (size_t)(unitRand(rng) % 400);
    for (size_t i = 0; i < k && *next > shrinkStable; i++) {
        (*next)--;
        free(unlinkId(d, *next));
    }
    dictShrinkIfNeeded(d);
    if (unitRand(rng) % 3 == 0) dictRehashMicroseconds(d, 1000000);
}

static void testScanSurvivesShrinking(void) {
    const size_t stable = 100, total = 20000;
    shrinkStable = stable;
    for (unsigned long long seed = 1; seed <= 5; seed++) {
        dict *d = dictCreate(&freeingType);
        addRange(d, 0, total);
        while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000);
        size_t next = total;
        size_t before = dictBuckets(d);
        CHECK_OK(scanWhile(d, stable, total, &next, shrinkBetweenCalls, seed));
        CHECK_MSG(dictBuckets(d) < before, "table did not shrink during the scan (seed %llu)",
                  seed);
        dictRelease(d);
    }
}

/* Alternates growth and shrinking while scanning. */
static size_t churnStable;
static void churnBetweenCalls(dict *d, size_t call, size_t *next, unsigned long long *rng) {
    if ((call / 64) % 2 == 0) {
        size_t k = (size_t)(unitRand(rng) % 200);
        for (size_t i = 0; i < k && *next < 60000; i++) {
            dictAdd(d, &nodeFor(*next)->node);
            (*next)++;
        }
    } else {
        size_t k = (size_t)(unitRand(rng) % 400);
        for (size_t i = 0; i < k && *next > churnStable; i++) {
            (*next)--;
            free(unlinkId(d, *next));
        }
        dictShrinkIfNeeded(d);
    }
    if (unitRand(rng) % 4 == 0) dictRehashMicroseconds(d, 50);
}

static void testScanSurvivesGrowAndShrink(void) {
    const size_t stable = 200, maxId = 60000;
    churnStable = stable;
    for (unsigned long long seed = 1; seed <= 5; seed++) {
        dict *d = dictCreate(&freeingType);
        addRange(d, 0, stable);
        size_t next = stable;
        CHECK_OK(scanWhile(d, stable, maxId, &next, churnBetweenCalls, seed));
        dictRelease(d);
    }
}

static void testScanStartedDuringRehash(void) {
    const size_t maxId = 10000;
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 1000);
    scanSeen s = {.count = calloc(maxId, sizeof(unsigned)), .maxId = maxId};
    size_t cursor = 0, calls = 0;
    do {
        cursor = dictScan(d, cursor, countVisit, &s);
    } while (cursor != 0 && ++calls < 100000);
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        if (s.count[i] == 0) missing++;
    free(s.count);
    CHECK(dictIsRehashing(d));
    CHECK_UINT(cursor, 0);
    CHECK_UINT(missing, 0);
    dictRelease(d);
}

/* --- random nodes --------------------------------------------------------- */

static uint64_t nextTestRandom(void *state) { return unitRand(state); }

static void testRandomNodeOfEmptyDict(void) {
    dict *d = dictCreate(&freeingType);
    unsigned long long rng = 1;
    CHECK_NULL(dictRandomNode(d, nextTestRandom, &rng));
    addRange(d, 0, 10);
    for (size_t i = 0; i < 10; i++) free(unlinkId(d, i));
    CHECK_NULL(dictRandomNode(d, nextTestRandom, &rng));
    dictRelease(d);
}

/* Draws many random nodes and checks each is present and every node is
 * drawn at least once: nodes in both tables are reachable. */
static void checkRandomReachesAll(dict *d, size_t n, size_t draws) {
    unsigned *seen = calloc(n, sizeof(*seen));
    unsigned long long rng = 7;
    for (size_t i = 0; i < draws; i++) {
        const testNode *t = (const testNode *)dictRandomNode(d, nextTestRandom, &rng);
        CHECK_NOT_NULL(t);
        CHECK_MSG(t->id < n, "random node id %zu not in the table", t->id);
        seen[t->id]++;
    }
    size_t never = 0;
    for (size_t i = 0; i < n; i++)
        if (!seen[i]) never++;
    free(seen);
    CHECK_MSG(never == 0, "%zu of %zu nodes never drawn in %zu draws", never, n, draws);
}

static void testRandomNodeReachesEveryNode(void) {
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 200);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    /* 200 nodes, 20000 draws: a node is missed with odds far below 1e-30. */
    CHECK_OK(checkRandomReachesAll(d, 200, 20000));
    dictRelease(d);
}

static void testRandomNodeDuringRehash(void) {
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 100);
    CHECK(dictIsRehashing(d));
    CHECK_OK(checkRandomReachesAll(d, n, n * 100));
    CHECK_OK(checkExactly(d, 0, n, n));
    dictRelease(d);
}

static void testRandomNodeOfASparseTable(void) {
    /* One node left in a table sized for thousands. */
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 5000);
    while (dictIsRehashing(d)) dictRehashMicroseconds(d, 1000000);
    for (size_t i = 1; i < 5000; i++) free(unlinkId(d, i));
    unsigned long long rng = 3;
    for (int i = 0; i < 10; i++) {
        const testNode *t = (const testNode *)dictRandomNode(d, nextTestRandom, &rng);
        CHECK_NOT_NULL(t);
        CHECK_UINT(t->id, 0);
    }
    dictRelease(d);
}

/* --- emptying and release ----------------------------------------------------- */

static void testEmptyFreesEveryNode(void) {
    dict *d = dictCreate(&freeingType);
    size_t n = startBigRehash(d, 1000);
    /* Mid-rehash, so nodes sit in both tables. */
    CHECK(dictIsRehashing(d));
    CHECK(d->used[0] > 0 && d->used[1] > 0);
    nodesFreed = 0;
    dictEmpty(d);
    CHECK_UINT(nodesFreed, n);
    CHECK_UINT(dictSize(d), 0);
    CHECK_UINT(dictBuckets(d), 0);
    CHECK(!dictIsRehashing(d));
    CHECK_NULL(findId(d, 0));
    /* Usable again afterwards. */
    addRange(d, 0, 100);
    CHECK_UINT(dictSize(d), 100);
    CHECK_NOT_NULL(findId(d, 99));
    nodesFreed = 0;
    dictRelease(d);
    CHECK_UINT(nodesFreed, 100);
}

static void testEmptyWithoutFreeNode(void) {
    const size_t n = 100;
    testNode *nodes[100];
    dict *d = dictCreate(&nonFreeingType);
    for (size_t i = 0; i < n; i++) {
        nodes[i] = nodeFor(i);
        dictAdd(d, &nodes[i]->node);
    }
    nodesFreed = 0;
    dictEmpty(d);
    CHECK_UINT(nodesFreed, 0);
    CHECK_UINT(dictSize(d), 0);
    /* The elements are still the caller's and still readable. */
    for (size_t i = 0; i < n; i++) {
        CHECK_UINT(nodes[i]->id, i);
        free(nodes[i]);
    }
    dictRelease(d);
}

static void testEmptyOfEmptyDict(void) {
    dict *d = dictCreate(&freeingType);
    dictEmpty(d);
    dictEmpty(d);
    CHECK_UINT(dictSize(d), 0);
    dictAdd(d, &nodeFor(1)->node);
    CHECK_NOT_NULL(findId(d, 1));
    dictRelease(d);
}

/* --- hash seed -------------------------------------------------------------- */

static void testHashSeed(void) {
    static const uint8_t other[16] = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    dictSetHashSeed(testSeed);
    uint64_t a1 = dictHashKey("hello", 5), z1 = dictHashKey("hel\0o", 5);
    CHECK_MSG(a1 != z1, "a NUL byte in the key does not change its hash");
    CHECK_MSG(dictHashKey("hello", 5) == a1, "hash not deterministic");
    dictSetHashSeed(other);
    uint64_t a2 = dictHashKey("hello", 5);
    CHECK_MSG(a2 != a1, "the seed does not change the hash");
    dictSetHashSeed(testSeed);
    CHECK_UINT(dictHashKey("hello", 5), a1);
    /* A dict created after the seed is set places keys by that seed. */
    dict *d = dictCreate(&freeingType);
    addRange(d, 0, 1000);
    CHECK_OK(checkExactly(d, 0, 1000, 1000));
    dictRelease(d);
}

static void testHashSpreadsKeys(void) {
    /* With 2^16 keys in 2^16 buckets, a decent hash leaves about 1/e of the
     * buckets empty and no long chains. */
    const size_t n = 65536;
    uint32_t *hits = calloc(n, sizeof(*hits));
    for (size_t i = 0; i < n; i++) {
        char k[32];
        size_t len = keyOf(i, k);
        hits[dictHashKey(k, len) & (n - 1)]++;
    }
    size_t empty = 0, longest = 0;
    for (size_t b = 0; b < n; b++) {
        if (hits[b] == 0) empty++;
        if (hits[b] > longest) longest = hits[b];
    }
    free(hits);
    CHECK_MSG(empty > n * 33 / 100 && empty < n * 41 / 100, "%zu of %zu buckets empty", empty,
              n);
    CHECK_MSG(longest < 16, "a chain of %zu", longest);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    /* The seed is set before any dict exists, as the server does. */
    UNIT_RUN("dict: dictSetHashSeed changes dictHashKey and a dict created afterwards uses it",
             testHashSeed);
    dictSetHashSeed(testSeed);
    UNIT_RUN("dict: the hash spreads 65536 keys evenly over 65536 buckets", testHashSpreadsKeys);
    UNIT_RUN("dict: an empty dict finds nothing, unlinks nothing and scans to 0", testEmptyDict);
    UNIT_RUN("dict: 100000 added keys (half with NUL bytes) are all found", testAddFindMany);
    UNIT_RUN("dict: binary keys that differ only after a NUL byte are distinct",
             testBinaryKeysAreDistinct);
    UNIT_RUN("dict: unlinking 100000 keys returns each node and leaves the others findable",
             testUnlinkMany);
    UNIT_RUN("dict: every key is findable at every step of a growing rehash",
             testGrowingRehashKeepsEveryKeyFindable);
    UNIT_RUN("dict: a key added during an incremental rehash is found",
             testKeyAddedDuringRehashIsFound);
    UNIT_RUN("dict: a key unlinked during an incremental rehash is gone, the others remain",
             testKeyUnlinkedDuringRehashIsGone);
    UNIT_RUN("dict: every key is findable at every step of a shrink by dictShrinkIfNeeded",
             testShrinkingRehashKeepsEveryKeyFindable);
    UNIT_RUN("dict: dictShrinkIfNeeded starts a shrink only when less than 1/10 full",
             testShrinkOnlyWhenSparse);
    UNIT_RUN("dict: with resizing avoided a table grows only past five elements per bucket",
             testAvoidedResizeGrowsOnlyPastFivePerBucket);
    UNIT_RUN("dict: with resizing avoided a sparse table does not shrink",
             testAvoidedResizeNeverShrinks);
    UNIT_RUN("dict: once resizing is allowed again the next insert grows an overfull table",
             testResizeResumesWhenAllowedAgain);
    UNIT_RUN("dict: dictRehashMicroseconds completes the rehash of a 65536-key table in one call",
             testRehashMicrosecondsCompletes);
    UNIT_RUN("dict: dictRehashMicroseconds with a zero budget still makes progress",
             testRehashMicrosecondsWithZeroBudgetMakesProgress);
    UNIT_RUN("dict: dictReplaceNode puts a moved node in place of a freed one",
             testReplaceNodeKeepsPlace);
    UNIT_RUN("dict: dictReplaceNode works on nodes in both tables during a rehash",
             testReplaceNodeDuringRehash);
    UNIT_RUN("dict: a scan of an unchanging table visits every element exactly once",
             testScanVisitsEveryElement);
    UNIT_RUN("dict: a scan visits every element while the table grows between calls",
             testScanSurvivesGrowth);
    UNIT_RUN("dict: a scan visits every element while the table grows fast and rehashes",
             testScanSurvivesFastGrowth);
    UNIT_RUN("dict: a scan visits every element while the table shrinks between calls",
             testScanSurvivesShrinking);
    UNIT_RUN("dict: a scan visits every element while the table grows and shrinks",
             testScanSurvivesGrowAndShrink);
    UNIT_RUN("dict: a scan of a table that is mid-rehash visits every element",
             testScanStartedDuringRehash);
    UNIT_RUN("dict: dictRandomNode of an empty table is NULL", testRandomNodeOfEmptyDict);
    UNIT_RUN("dict: dictRandomNode draws every node", testRandomNodeReachesEveryNode);
    UNIT_RUN("dict: dictRandomNode draws from both tables while rehashing",
             testRandomNodeDuringRehash);
    UNIT_RUN("dict: dictRandomNode finds the one node of a sparse table",
             testRandomNodeOfASparseTable);
    UNIT_RUN("dict: dictEmpty frees every node in both tables with freeNode",
             testEmptyFreesEveryNode);
    UNIT_RUN("dict: dictEmpty without freeNode leaves the elements to the caller",
             testEmptyWithoutFreeNode);
    UNIT_RUN("dict: dictEmpty of an empty dict is harmless", testEmptyOfEmptyDict);
    return unitReport();
}
