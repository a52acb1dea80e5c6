/* lib/dict.c -- intrusive chained hash table with incremental rehash; see dict.h. */
#include "lib/dict.h"

#include <string.h>

#include "lib/clock.h"
#include "lib/siphash.h"
#include "lib/util.h"
#include "lib/zmalloc.h"

#define DICT_INITIAL_SIZE 4
/* A rehash step looks at no more than this many empty buckets per bucket it
 * is asked to move, so a sparse table cannot make one step slow. */
#define DICT_EMPTY_VISITS_PER_STEP 10
/* Shrink when fewer than 1 in this many buckets would be used. */
#define DICT_MIN_FILL_RATIO 10
/* While resizing is avoided, a table still grows past this many elements
 * per bucket: chains that long would cost more than the copies saved. */
#define DICT_FORCE_RESIZE_RATIO 5

static uint8_t dictSeed[16];
static int resizeAvoided;

void dictSetResizeAvoid(int avoid) { resizeAvoided = avoid; }
int dictResizeIsAvoided(void) { return resizeAvoided; }

void dictSetHashSeed(const uint8_t seed[16]) { memcpy(dictSeed, seed, sizeof(dictSeed)); }

uint64_t dictHashKey(const char *key, size_t len) { return siphash(key, len, dictSeed); }

static uint64_t nodeHash(const dict *d, const dictNode *node) {
    size_t len;
    const char *key = d->type->nodeKey(node, &len);
    return dictHashKey(key, len);
}

static int nodeHasKey(const dict *d, const dictNode *node, const char *key, size_t len) {
    size_t nlen;
    const char *nkey = d->type->nodeKey(node, &nlen);
    return nlen == len && memcmp(nkey, key, len) == 0;
}

dict *dictCreate(const dictType *type) {
    dict *d = zcalloc(sizeof(*d));
    d->type = type;
    d->rehashIdx = -1;
    return d;
}

static void freeTable(dict *d, int t) {
    for (size_t i = 0; i < d->size[t] && d->used[t] > 0; i++) {
        dictNode *node = d->table[t][i];
        while (node) {
            dictNode *next = node->next;
            if (d->type->freeNode) d->type->freeNode(node);
            d->used[t]--;
            node = next;
        }
    }
    zfree(d->table[t]);
    d->table[t] = NULL;
    d->size[t] = 0;
    d->used[t] = 0;
}

void dictEmpty(dict *d) {
    freeTable(d, 0);
    freeTable(d, 1);
    d->rehashIdx = -1;
}

void dictRelease(dict *d) {
    dictEmpty(d);
    zfree(d);
}

static size_t nextPowerOfTwo(size_t n) {
    size_t size = DICT_INITIAL_SIZE;
    while (size < n) size *= 2;
    return size;
}

/* Starts moving everything into a new table of `size` buckets. */
static void startResize(dict *d, size_t size) {
    if (d->size[0] == 0) {
        d->table[0] = zcalloc(size * sizeof(dictNode *));
        d->size[0] = size;
        return;
    }
    d->table[1] = zcalloc(size * sizeof(dictNode *));
    d->size[1] = size;
    d->rehashIdx = 0;
}

static void expandIfNeeded(dict *d) {
    if (dictIsRehashing(d)) return;
    if (d->size[0] == 0) {
        startResize(d, DICT_INITIAL_SIZE);
        return;
    }
    if (d->used[0] < d->size[0]) return;
    if (resizeAvoided && d->used[0] / d->size[0] <= DICT_FORCE_RESIZE_RATIO) return;
    startResize(d, nextPowerOfTwo(d->used[0] + 1));
}

int dictShrinkIfNeeded(dict *d) {
    if (resizeAvoided || dictIsRehashing(d) || d->size[0] <= DICT_INITIAL_SIZE) return 0;
    if (d->used[0] * DICT_MIN_FILL_RATIO >= d->size[0]) return 0;
    size_t size = nextPowerOfTwo(d->used[0]);
    if (size >= d->size[0]) return 0;
    startResize(d, size);
    return 1;
}

/* Moves up to n buckets from table[0] to table[1]. Returns 1 if more remain. */
static int rehash(dict *d, int n) {
    int emptyVisits = n * DICT_EMPTY_VISITS_PER_STEP;
    if (!dictIsRehashing(d)) return 0;
    while (n-- && d->used[0] != 0) {
        while (d->table[0][d->rehashIdx] == NULL) {
            d->rehashIdx++;
            if (--emptyVisits == 0) return 1;
        }
        dictNode *node = d->table[0][d->rehashIdx];
        while (node) {
            dictNode *next = node->next;
            size_t idx = nodeHash(d, node) & (d->size[1] - 1);
            node->next = d->table[1][idx];
            d->table[1][idx] = node;
            d->used[0]--;
            d->used[1]++;
            node = next;
        }
        d->table[0][d->rehashIdx] = NULL;
        d->rehashIdx++;
    }
    if (d->used[0] != 0) return 1;
    /* Done: the new table becomes the only one. */
    zfree(d->table[0]);
    d->table[0] = d->table[1];
    d->size[0] = d->size[1];
    d->used[0] = d->used[1];
    d->table[1] = NULL;
    d->size[1] = 0;
    d->used[1] = 0;
    d->rehashIdx = -1;
    return 0;
}

int dictRehashMicroseconds(dict *d, uint64_t us) {
    uint64_t start = monotonicUs();
    while (rehash(d, 100)) {
        if (monotonicUs() - start >= us) return 1;
    }
    return 0;
}

static inline void rehashStep(dict *d) {
    if (dictIsRehashing(d)) rehash(d, 1);
}

dictNode *dictFind(dict *d, const char *key, size_t len) {
    if (dictSize(d) == 0) return NULL;
    rehashStep(d);
    uint64_t h = dictHashKey(key, len);
    for (int t = 0; t <= 1; t++) {
        if (d->size[t] == 0) continue;
        for (dictNode *node = d->table[t][h & (d->size[t] - 1)]; node; node = node->next) {
            if (nodeHasKey(d, node, key, len)) return node;
        }
        if (!dictIsRehashing(d)) break;
    }
    return NULL;
}

void dictAdd(dict *d, dictNode *node) {
    rehashStep(d);
    expandIfNeeded(d);
    int t = dictIsRehashing(d) ? 1 : 0;
    size_t idx = nodeHash(d, node) & (d->size[t] - 1);
    node->next = d->table[t][idx];
    d->table[t][idx] = node;
    d->used[t]++;
}

/* Returns the link that points to the node with this key (or to `target`
 * when it is given) and sets *table to the table it is in; NULL if absent. */
static dictNode **findLink(dict *d, uint64_t h, const char *key, size_t len,
                           const dictNode *target, int *table) {
    for (int t = 0; t <= 1; t++) {
        if (d->size[t] == 0) continue;
        dictNode **link = &d->table[t][h & (d->size[t] - 1)];
        for (; *link; link = &(*link)->next) {
            if (target ? *link == target : nodeHasKey(d, *link, key, len)) {
                *table = t;
                return link;
            }
        }
    }
    return NULL;
}

void dictReplaceNode(dict *d, const dictNode *old, dictNode *replacement) {
    size_t len;
    int t;
    const char *key = d->type->nodeKey(replacement, &len);
    dictNode **link = findLink(d, dictHashKey(key, len), key, len, old, &t);
    if (link) *link = replacement;
}

dictNode *dictUnlink(dict *d, const char *key, size_t len) {
    if (dictSize(d) == 0) return NULL;
    rehashStep(d);
    int t;
    dictNode **link = findLink(d, dictHashKey(key, len), key, len, NULL, &t);
    if (!link) return NULL;
    dictNode *node = *link;
    *link = node->next;
    node->next = NULL;
    d->used[t]--;
    return node;
}

dictNode *dictRandomNode(dict *d, dictRandomFunction *next, void *state) {
    if (dictSize(d) == 0) return NULL;
    rehashStep(d);
    dictNode *head;
    if (dictIsRehashing(d)) {
        /* Buckets of table[0] below rehashIdx are empty: draw from the rest
         * of table[0] and all of table[1] as one range. */
        size_t first = (size_t)d->rehashIdx, span = d->size[0] - first + d->size[1];
        do {
            size_t i = first + (size_t)(next(state) % span);
            head = i < d->size[0] ? d->table[0][i] : d->table[1][i - d->size[0]];
        } while (!head);
    } else {
        size_t mask = d->size[0] - 1;
        do {
            head = d->table[0][next(state) & mask];
        } while (!head);
    }
    size_t len = 0;
    for (dictNode *n = head; n; n = n->next) len++;
    size_t pick = (size_t)(next(state) % len);
    while (pick--) head = head->next;
    return head;
}

/* Reverses the bits of v: the scan cursor counts from the high bits so that a
 * table growing or shrinking between calls never skips a bucket. */
static size_t reverseBits(size_t v) {
    size_t r = 0;
    for (size_t i = 0; i < sizeof(v) * 8; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
}

static void scanBucket(dict *d, int t, size_t idx, dictScanFunction *fn, void *privdata) {
    for (dictNode *node = d->table[t][idx]; node; node = node->next) fn(privdata, node);
}

/* Increments the cursor's bits under `mask` counting from the high end. */
static size_t nextCursor(size_t cursor, size_t mask) {
    cursor |= ~mask;
    cursor = reverseBits(cursor);
    cursor++;
    return reverseBits(cursor);
}

size_t dictScan(dict *d, size_t cursor, dictScanFunction *fn, void *privdata) {
    if (dictSize(d) == 0) return 0;
    if (!dictIsRehashing(d)) {
        size_t mask = d->size[0] - 1;
        scanBucket(d, 0, cursor & mask, fn, privdata);
        return nextCursor(cursor, mask);
    }
    /* Rehashing: visit the bucket in the smaller table, then every bucket of
     * the larger table that it expands into. */
    int small = d->size[0] <= d->size[1] ? 0 : 1;
    int large = 1 - small;
    size_t smallMask = d->size[small] - 1, largeMask = d->size[large] - 1;
    scanBucket(d, small, cursor & smallMask, fn, privdata);
    do {
        scanBucket(d, large, cursor & largeMask, fn, privdata);
        cursor = nextCursor(cursor, largeMask);
    } while (cursor & (smallMask ^ largeMask));
    return cursor;
}
