/* db.c -- databases, lookups with lazy expiry, active expiry; see db.h. */
#include "db.h"

#include <string.h>

#include "zmalloc.h"

static const char *entryNodeKey(const dictNode *node, size_t *len) {
    return entryKey((const entry *)node, len);
}

static void entryNodeFree(dictNode *node) { entryFree((entry *)node); }

static const dictType keyspaceDictType = {
    .nodeKey = entryNodeKey,
    .freeNode = entryNodeFree,
};

void keyspaceInit(keyspace *ks, int databases) {
    memset(ks, 0, sizeof(*ks));
    ks->count = databases;
    ks->dbs = zcalloc(sizeof(redisDb) * (size_t)databases);
    for (int i = 0; i < databases; i++) {
        ks->dbs[i].id = i;
        ks->dbs[i].keys = dictCreate(&keyspaceDictType);
    }
    ks->nowMs = wallclockMs();
}

void keyspaceFree(keyspace *ks) {
    for (int i = 0; i < ks->count; i++) dictRelease(ks->dbs[i].keys);
    zfree(ks->dbs);
    ks->dbs = NULL;
    ks->count = 0;
}

static int isExpired(const keyspace *ks, const entry *e) {
    return entryHasExpire(e) && entryExpire(e) <= ks->nowMs;
}

static void deleteEntry(redisDb *db, entry *e) {
    size_t len;
    const char *key = entryKey(e, &len);
    dictUnlink(db->keys, key, len);
    if (entryHasExpire(e)) db->expires--;
    entryFree(e);
}

entry *dbLookup(keyspace *ks, redisDb *db, slice key) {
    entry *e = (entry *)dictFind(db->keys, key.ptr, key.len);
    if (e && isExpired(ks, e)) {
        deleteEntry(db, e);
        ks->stats.expiredKeys++;
        return NULL;
    }
    return e;
}

entry *dbLookupRead(keyspace *ks, redisDb *db, slice key) {
    entry *e = dbLookup(ks, db, key);
    if (e) ks->stats.hits++;
    else ks->stats.misses++;
    return e;
}

entry *dbAddString(redisDb *db, slice key, slice val, long long expireMs) {
    entry *e = entryCreate(key.ptr, key.len, val.ptr, val.len, expireMs);
    dictAdd(db->keys, &e->node);
    if (expireMs != ENTRY_NO_EXPIRE) db->expires++;
    return e;
}

/* Puts a moved entry back where its old address was linked. */
static entry *relink(redisDb *db, entry *old, entry *moved) {
    if (moved != old) dictReplaceNode(db->keys, &old->node, &moved->node);
    return moved;
}

entry *dbOverwriteString(redisDb *db, entry *e, slice val, int keepTtl, long long expireMs) {
    if (!keepTtl) e = dbSetExpire(db, e, expireMs);
    entry *moved = entrySetValue(e, val.ptr, val.len);
    return relink(db, e, moved);
}

entry *dbSetExpire(redisDb *db, entry *e, long long expireMs) {
    int had = entryHasExpire(e);
    int has = expireMs != ENTRY_NO_EXPIRE;
    if (had && !has) db->expires--;
    if (!had && has) db->expires++;
    entry *moved = entrySetExpire(e, expireMs);
    return relink(db, e, moved);
}

int dbDelete(redisDb *db, slice key) {
    entry *e = (entry *)dictUnlink(db->keys, key.ptr, key.len);
    if (!e) return 0;
    if (entryHasExpire(e)) db->expires--;
    entryFree(e);
    return 1;
}

void dbEmpty(redisDb *db) {
    dictEmpty(db->keys);
    db->expires = 0;
    db->expireCursor = 0;
    db->avgTtl = 0;
    db->ttlSum = 0;
    db->ttlSamples = 0;
}

size_t dbSize(const redisDb *db) { return dictSize(db->keys); }

/* --- active expiry -------------------------------------------------------- */

/* Buckets scanned between two looks at the clock. */
#define EXPIRE_BUCKETS_PER_CLOCK_CHECK 64
/* Expired entries collected by one scan call before they are deleted (a scan
 * callback must not modify the table). */
#define EXPIRE_BATCH 128

typedef struct expireScan {
    const keyspace *ks;
    redisDb *db;
    entry *expired[EXPIRE_BATCH];
    int count;
} expireScan;

static void collectExpired(void *privdata, const dictNode *node) {
    expireScan *scan = privdata;
    const entry *e = (const entry *)node;
    if (!entryHasExpire(e)) return;
    long long ttl = entryExpire(e) - scan->ks->nowMs;
    if (ttl > 0) {
        scan->db->ttlSum += ttl;
        scan->db->ttlSamples++;
    } else if (scan->count < EXPIRE_BATCH) {
        scan->expired[scan->count++] = (entry *)e;
    }
}

/* Scans one database until it completes a pass or the deadline passes.
 * Returns the number of keys deleted. */
static long long expireDb(keyspace *ks, redisDb *db, uint64_t deadlineUs) {
    long long deleted = 0;
    expireScan scan = {.ks = ks, .db = db};
    int buckets = 0;
    while (db->expires > 0) {
        scan.count = 0;
        db->expireCursor = dictScan(db->keys, db->expireCursor, collectExpired, &scan);
        for (int i = 0; i < scan.count; i++) deleteEntry(db, scan.expired[i]);
        deleted += scan.count;
        if (db->expireCursor == 0) {
            /* A full pass: its TTLs give the average INFO reports. */
            db->avgTtl = db->ttlSamples ? db->ttlSum / db->ttlSamples : 0;
            db->ttlSum = 0;
            db->ttlSamples = 0;
            break;
        }
        if (++buckets % EXPIRE_BUCKETS_PER_CLOCK_CHECK == 0 && monotonicUs() >= deadlineUs) break;
    }
    if (db->expires == 0) db->avgTtl = 0;
    return deleted;
}

long long activeExpireCycle(keyspace *ks, uint64_t budgetUs) {
    uint64_t deadline = monotonicUs() + budgetUs;
    long long deleted = 0;
    for (int n = 0; n < ks->count; n++) {
        redisDb *db = &ks->dbs[ks->nextExpireDb];
        ks->nextExpireDb = (ks->nextExpireDb + 1) % ks->count;
        if (db->expires == 0) continue;
        deleted += expireDb(ks, db, deadline);
        if (monotonicUs() >= deadline) break;
    }
    ks->stats.expiredKeys += deleted;
    return deleted;
}

void keyspaceResizeAndRehash(keyspace *ks, uint64_t budgetUs) {
    uint64_t deadline = monotonicUs() + budgetUs;
    for (int i = 0; i < ks->count; i++) {
        dict *d = ks->dbs[i].keys;
        dictShrinkIfNeeded(d);
        if (!dictIsRehashing(d)) continue;
        uint64_t now = monotonicUs();
        if (now >= deadline) break;
        dictRehashMicroseconds(d, deadline - now);
    }
}
