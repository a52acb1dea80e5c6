/* lib/dict.h -- the keyspace's hash table: chained, intrusive, incrementally
 * rehashed, keyed by SipHash.
 *
 * Intrusive: the table does not allocate a node per element. Each element
 * starts with a dictNode (just the chain pointer) and the table links the
 * elements themselves, so a key with its value costs one allocation (see
 * entry.h). The dictType tells the table where an element's key bytes are.
 *
 * Incremental rehash: growing or shrinking allocates the new bucket array and
 * then moves one bucket per lookup/insert/delete (and more from the server's
 * cron), so no single command pays for moving millions of keys. While
 * rehashing, lookups check both tables and inserts go to the new one.
 *
 * Invariant: every node is in exactly one bucket of table[0] or table[1];
 * buckets of table[0] below rehashIdx are empty. */
#ifndef DICT_H
#define DICT_H

#include <stddef.h>
#include <stdint.h>

typedef struct dictNode {
    struct dictNode *next;
} dictNode;

typedef struct dictType {
    /* The key bytes of an element. */
    const char *(*nodeKey)(const dictNode *node, size_t *len);
    /* Frees an element when the table is emptied; may be NULL. */
    void (*freeNode)(dictNode *node);
} dictType;

typedef struct dict {
    const dictType *type;
    dictNode **table[2];
    size_t size[2]; /* buckets in each table, 0 or a power of two */
    size_t used[2]; /* elements in each table */
    long rehashIdx; /* next bucket of table[0] to move, -1 when not rehashing */
} dict;

/* The hash seed is global and set once at start-up, before any dict exists. */
void dictSetHashSeed(const uint8_t seed[16]);
uint64_t dictHashKey(const char *key, size_t len);

dict *dictCreate(const dictType *type);
/* Frees every element (with type->freeNode) and the table. */
void dictRelease(dict *d);
/* Frees every element and leaves an empty table. */
void dictEmpty(dict *d);

static inline size_t dictSize(const dict *d) { return d->used[0] + d->used[1]; }
static inline size_t dictBuckets(const dict *d) { return d->size[0] + d->size[1]; }
static inline int dictIsRehashing(const dict *d) { return d->rehashIdx != -1; }

dictNode *dictFind(dict *d, const char *key, size_t len);
/* Adds a node whose key is not in the table (the caller has checked). */
void dictAdd(dict *d, dictNode *node);
/* Puts `replacement` where `old` was; both have the same key. `old` may have
 * been freed already (e.g. by realloc): it is compared, never read. So
 * replacement->next must already hold old's chain pointer, as a realloc'd or
 * copied node does. */
void dictReplaceNode(dict *d, const dictNode *old, dictNode *replacement);
/* Removes the node with this key and returns it (NULL if absent); the caller
 * owns it afterwards. */
dictNode *dictUnlink(dict *d, const char *key, size_t len);

/* Resize policy for every table of the process. While avoid is set (the
 * server sets it while a forked child shares its memory copy-on-write, so
 * that a new bucket array and a rehash do not make the kernel copy pages
 * the child still reads), tables do not shrink and grow only once they
 * hold more than five elements per bucket. Lookups still move an ongoing
 * rehash forward. */
void dictSetResizeAvoid(int avoid);
int dictResizeIsAvoided(void);

/* Shrinks the table when it is less than 1/10 full. Returns 1 if it started
 * a resize. */
int dictShrinkIfNeeded(dict *d);
/* Moves buckets for about `us` microseconds; returns 1 if more remain. */
int dictRehashMicroseconds(dict *d, uint64_t us);

/* A random node, or NULL if the table is empty: a random non-empty bucket,
 * then a random node of its chain (so not exactly uniform when chains differ
 * in length, as in Redis). `next` returns random 64-bit numbers. */
typedef uint64_t dictRandomFunction(void *state);
dictNode *dictRandomNode(dict *d, dictRandomFunction *next, void *state);

/* Calls fn on every node of the buckets at `cursor` and returns the next
 * cursor (0 when done). A full scan visits every element present for its
 * whole duration at least once, even if the table is resized in between.
 * fn must not modify the dict. */
typedef void dictScanFunction(void *privdata, const dictNode *node);
size_t dictScan(dict *d, size_t cursor, dictScanFunction *fn, void *privdata);

#endif
