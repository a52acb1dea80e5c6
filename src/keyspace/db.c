/* keyspace/db.c -- databases, lookups with lazy expiry, active expiry; see db.h. */
#include "keyspace/db.h"

#include <string.h>

#include "keyspace/type.h"
#include "lib/clock.h"
#include "lib/zmalloc.h"

/* Access tracking: see db.h. */
#define LRU_CLOCK_RESOLUTION_MS 1000
/* LFU data: minutes in the high 16 bits, the counter in the low 8. */
#define LFU_COUNTER_BITS 8
#define LFU_COUNTER_MAX 255
#define LFU_MINUTES_MAX 0xffff
/* A new key's counter, so it is not the first candidate for eviction. */
#define LFU_INIT_VAL 5
/* Redis's defaults for lfu-log-factor and lfu-decay-time, which keyspaceInit
 * sets: about a million hits take the counter to 255; it loses one per
 * idle minute. */
#define LFU_DEFAULT_LOG_FACTOR 10
#define LFU_DEFAULT_DECAY_MINUTES 1

static const char *entryNodeKey(const dictNode *node, size_t *len) {
    return entryKey((const entry *)node, len);
}

/* Frees an entry with its value. A string is all in the entry: the common
 * case costs one comparison, not a call through the type's table. */
static inline void releaseEntry(entry *e) {
    if (entryType(e) != ENTRY_TYPE_STRING) typeFreeValue(e);
    entryFree(e);
}

static void entryNodeFree(dictNode *node) { releaseEntry((entry *)node); }

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
        ks->dbs[i].ks = ks;
        ks->dbs[i].keys = dictCreate(&keyspaceDictType);
    }
    keyspaceSetTime(ks, wallclockMs());
    ks->sampleState = (uint64_t)ks->nowMs | 1;
    ks->lfuLogFactor = LFU_DEFAULT_LOG_FACTOR;
    ks->lfuDecayMinutes = LFU_DEFAULT_DECAY_MINUTES;
}

void keyspaceFree(keyspace *ks) {
    for (int i = 0; i < ks->count; i++) {
        dictRelease(ks->dbs[i].keys);
        zfree(ks->dbs[i].volatileKeys);
    }
    zfree(ks->dbs);
    ks->dbs = NULL;
    ks->count = 0;
}

/* --- the volatile list ---------------------------------------------------- */

#define VOLATILE_MIN_CAP 16

static void volatileResize(redisDb *db, size_t cap) {
    db->volatileKeys = zrealloc(db->volatileKeys, sizeof(entry *) * cap);
    db->volatileCap = cap;
}

static void volatileAdd(redisDb *db, entry *e) {
    if (db->expires == db->volatileCap)
        volatileResize(db, db->volatileCap ? db->volatileCap * 2 : VOLATILE_MIN_CAP);
    entrySetVolatileIndex(e, db->expires);
    db->volatileKeys[db->expires++] = e;
}

/* Removes e by moving the last entry into its place. */
static void volatileRemove(redisDb *db, entry *e) {
    size_t index = entryVolatileIndex(e), last = --db->expires;
    if (index != last) {
        entry *moved = db->volatileKeys[last];
        db->volatileKeys[index] = moved;
        entrySetVolatileIndex(moved, index);
    }
    /* Give memory back after mass expiry, with slack against flapping. */
    if (db->volatileCap > VOLATILE_MIN_CAP && db->expires < db->volatileCap / 4)
        volatileResize(db, db->volatileCap / 2);
}

/* --- watch hooks ---------------------------------------------------------- */

static dbWatchHooks watchHooks;

void dbSetWatchHooks(const dbWatchHooks *hooks) { watchHooks = *hooks; }

static dbExpiryHooks expiryHooks;

void dbSetExpiryHooks(const dbExpiryHooks *hooks) { expiryHooks = *hooks; }

/* Every change a command makes passes here (or through entryChanged), so
 * this is where the keyspace counts them for rdb_changes_since_last_save.
 * Expiry deletes call the hook directly: Redis does not count them. */
static inline void keyChanged(redisDb *db, const char *key, size_t len) {
    db->ks->dirty++;
    if (db->watched) watchHooks.keyChanged(db, key, len);
}

static inline void entryChanged(redisDb *db, const entry *e) {
    db->ks->dirty++;
    if (db->watched) {
        size_t len;
        const char *key = entryKey(e, &len);
        watchHooks.keyChanged(db, key, len);
    }
}

/* --- access tracking ------------------------------------------------------ */

static uint64_t nextRandom(keyspace *ks) {
    /* xorshift64: fast, and good enough to pick sample positions. */
    uint64_t x = ks->sampleState;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return ks->sampleState = x;
}

/* The LRU clock is kept with the time so a touch costs no division. */
void keyspaceSetTime(keyspace *ks, long long nowMs) {
    ks->nowMs = nowMs;
    ks->lruClock = (unsigned)(nowMs / LRU_CLOCK_RESOLUTION_MS) & ENTRY_ACCESS_MAX;
}

void keyspaceSetLoading(keyspace *ks, int loading) { ks->loading = loading; }

static unsigned lfuMinutes(const keyspace *ks) {
    return (unsigned)(ks->nowMs / 60000) & LFU_MINUTES_MAX;
}

/* Minutes since `then` on the 16-bit minute clock, which wraps. */
static unsigned lfuMinutesSince(const keyspace *ks, unsigned then) {
    unsigned now = lfuMinutes(ks);
    return now >= then ? now - then : LFU_MINUTES_MAX - then + now;
}

static unsigned lfuDecayedCounter(const keyspace *ks, const entry *e) {
    unsigned counter = e->access & LFU_COUNTER_MAX;
    if (ks->lfuDecayMinutes <= 0) return counter;
    unsigned periods =
        lfuMinutesSince(ks, e->access >> LFU_COUNTER_BITS) / (unsigned)ks->lfuDecayMinutes;
    return periods > counter ? 0 : counter - periods;
}

/* A hit raises the counter with probability 1 / ((counter - init) * factor
 * + 1): the more hits it counts, the more it takes to raise it. */
static unsigned lfuLogIncrement(keyspace *ks, unsigned counter) {
    if (counter == LFU_COUNTER_MAX) return counter;
    double base = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
    double r = (double)(nextRandom(ks) >> 11) / (double)(1ULL << 53);
    return r < 1.0 / (base * ks->lfuLogFactor + 1) ? counter + 1 : counter;
}

static inline void touch(keyspace *ks, entry *e) {
    if (!ks->trackLfu) {
        e->access = ks->lruClock;
        return;
    }
    unsigned counter = lfuLogIncrement(ks, lfuDecayedCounter(ks, e));
    e->access = (lfuMinutes(ks) << LFU_COUNTER_BITS) | counter;
}

static unsigned newEntryAccess(const keyspace *ks) {
    if (ks->trackLfu) return (lfuMinutes(ks) << LFU_COUNTER_BITS) | LFU_INIT_VAL;
    return ks->lruClock;
}

long long dbIdleMs(const keyspace *ks, const entry *e) {
    unsigned now = ks->lruClock, then = e->access;
    unsigned ticks = now >= then ? now - then : ENTRY_ACCESS_MAX - then + now;
    return (long long)ticks * LRU_CLOCK_RESOLUTION_MS;
}

int dbAccessFrequency(const keyspace *ks, const entry *e) { return (int)lfuDecayedCounter(ks, e); }

/* --- lookups and changes -------------------------------------------------- */

/* The loading flag is read only for a key whose time has passed: the
 * common lookup pays nothing for it. */
static int isExpired(const keyspace *ks, const entry *e) {
    return entryHasExpire(e) && entryExpire(e) <= ks->nowMs && !ks->loading;
}

int dbEntryExpired(const keyspace *ks, const entry *e) { return isExpired(ks, e); }

entry *dbFind(redisDb *db, slice key) { return (entry *)dictFind(db->keys, key.ptr, key.len); }

/* Frees an entry already unlinked from the hash table, with its value. */
static void freeUnlinkedEntry(redisDb *db, entry *e) {
    if (entryHasExpire(e)) volatileRemove(db, e);
    releaseEntry(e);
}

/* Deletes an expired entry (lazily or actively). Watchers learn of it after
 * the key is gone and before its bytes are. */
static void deleteEntry(redisDb *db, entry *e) {
    size_t len;
    const char *key = entryKey(e, &len);
    dictUnlink(db->keys, key, len);
    if (db->watched) watchHooks.keyChanged(db, key, len);
    if (expiryHooks.keyExpired) expiryHooks.keyExpired(db, key, len);
    freeUnlinkedEntry(db, e);
}

/* The live entry for key, deleting it if it has expired. */
static inline entry *lookupLive(keyspace *ks, redisDb *db, slice key) {
    entry *e = (entry *)dictFind(db->keys, key.ptr, key.len);
    if (e && isExpired(ks, e)) {
        if (ks->expiryPaused) return NULL;
        deleteEntry(db, e);
        ks->stats.expiredKeys++;
        return NULL;
    }
    return e;
}

entry *dbLookup(keyspace *ks, redisDb *db, slice key) {
    entry *e = lookupLive(ks, db, key);
    if (e) touch(ks, e);
    return e;
}

/* Not written with dbLookup: GET's path stays one call deep. */
entry *dbLookupRead(keyspace *ks, redisDb *db, slice key) {
    entry *e = lookupLive(ks, db, key);
    if (e) {
        touch(ks, e);
        ks->stats.hits++;
    } else {
        ks->stats.misses++;
    }
    return e;
}

entry *dbLookupReadNoTouch(keyspace *ks, redisDb *db, slice key) {
    entry *e = lookupLive(ks, db, key);
    if (e) ks->stats.hits++;
    else ks->stats.misses++;
    return e;
}

/* Links a new entry (whose key is `key`, not yet in db) into db. */
static inline entry *insertNew(redisDb *db, entry *e, slice key) {
    e->access = newEntryAccess(db->ks);
    dictAdd(db->keys, &e->node);
    if (entryHasExpire(e)) volatileAdd(db, e);
    keyChanged(db, key.ptr, key.len);
    return e;
}

entry *dbAddString(redisDb *db, slice key, slice val, long long expireMs) {
    entry *e = entryCreate(key.ptr, key.len, val.ptr, val.len, expireMs);
    if (db->ks->noSharedIntegers) e->flags |= ENTRY_NO_SHARED_INT;
    return insertNew(db, e, key);
}

entry *dbAdd(redisDb *db, slice key, int type, void *value, long long expireMs) {
    return insertNew(db, entryCreatePointer(key.ptr, key.len, type, value, expireMs), key);
}

entry *dbAddEntry(redisDb *db, entry *e) {
    if (entryType(e) == ENTRY_TYPE_STRING && db->ks->noSharedIntegers)
        e->flags |= ENTRY_NO_SHARED_INT;
    size_t len;
    const char *key = entryKey(e, &len);
    return insertNew(db, e, (slice){(char *)key, len});
}

/* Points the hash table and the volatile list at an entry's new address. */
static entry *relink(redisDb *db, entry *old, entry *moved) {
    if (moved == old) return moved;
    dictReplaceNode(db->keys, &old->node, &moved->node);
    if (entryHasExpire(moved)) db->volatileKeys[entryVolatileIndex(moved)] = moved;
    return moved;
}

/* A value of another type gives way to a new one: its own is freed, and
 * the type bits become `type`. */
static void replaceValueType(entry *e, int type) {
    if (entryType(e) != ENTRY_TYPE_STRING) typeFreeValue(e);
    entrySetType(e, type);
}

entry *dbOverwriteString(redisDb *db, entry *e, slice val, int keepTtl, long long expireMs) {
    if (!keepTtl) e = dbSetExpire(db, e, expireMs);
    if (entryType(e) != ENTRY_TYPE_STRING) replaceValueType(e, ENTRY_TYPE_STRING);
    entry *moved = entrySetValue(e, val.ptr, val.len);
    if (db->ks->noSharedIntegers) moved->flags |= ENTRY_NO_SHARED_INT;
    moved = relink(db, e, moved);
    entryChanged(db, moved);
    return moved;
}

entry *dbOverwrite(redisDb *db, entry *e, int type, void *value, int keepTtl,
                   long long expireMs) {
    if (!keepTtl) e = dbSetExpire(db, e, expireMs);
    replaceValueType(e, type);
    entry *moved = entrySetValue(e, (const char *)&value, sizeof(value)); /* flag bits 0 */
    moved = relink(db, e, moved);
    entryChanged(db, moved);
    return moved;
}

void dbValueChanged(redisDb *db, entry *e) { entryChanged(db, e); }

entry *dbSetStringRange(redisDb *db, entry *e, size_t offset, slice bytes) {
    size_t len;
    entryValue(e, &len);
    size_t end = offset + bytes.len;
    char *val;
    entry *moved = entryResizeValue(e, end > len ? end : len, &val);
    if (bytes.len) memcpy(val + offset, bytes.ptr, bytes.len);
    entrySetEncoding(moved, ENTRY_ENC_RAW);
    moved = relink(db, e, moved);
    entryChanged(db, moved);
    return moved;
}

entry *dbAppendString(redisDb *db, entry *e, slice tail) {
    size_t len;
    entryValue(e, &len);
    return dbSetStringRange(db, e, len, tail);
}

entry *dbSetExpire(redisDb *db, entry *e, long long expireMs) {
    int had = entryHasExpire(e), has = expireMs != ENTRY_NO_EXPIRE;
    if (!had && !has) return e; /* the common SET: nothing to change */
    if (had && !has) volatileRemove(db, e);
    entry *moved = entrySetExpire(e, expireMs);
    if (!had && has) volatileAdd(db, moved);
    moved = relink(db, e, moved);
    entryChanged(db, moved);
    return moved;
}

int dbDelete(redisDb *db, slice key) {
    entry *e = (entry *)dictUnlink(db->keys, key.ptr, key.len);
    if (!e) return 0;
    keyChanged(db, key.ptr, key.len); /* before the free: key may be e's bytes */
    freeUnlinkedEntry(db, e);
    return 1;
}

void dbEmpty(redisDb *db) {
    if (db->watched) watchHooks.emptying(db);
    db->ks->dirty += (long long)dictSize(db->keys);
    dictEmpty(db->keys);
    zfree(db->volatileKeys);
    db->volatileKeys = NULL;
    db->expires = 0;
    db->volatileCap = 0;
    db->avgTtl = 0;
}

size_t dbSize(const redisDb *db) { return dictSize(db->keys); }

/* --- keyspace commands' building blocks ------------------------------------ */

/* What a Redis value object carries to its copy: its type and encoding. */
#define ENTRY_VALUE_FLAGS (ENTRY_TYPE_MASK | ENTRY_ENC_MASK | ENTRY_NO_SHARED_INT)

/* A new entry for key with e's expiry, value flags and value bytes, or
 * with the pointer `value` in place of the bytes when it is not NULL. */
static entry *entryLike(slice key, const entry *e, void *value) {
    size_t len;
    const char *val = entryValue(e, &len);
    if (value) val = (const char *)&value;
    entry *n = entryCreate(key.ptr, key.len, val, len, entryExpire(e));
    n->flags = (n->flags & ~(uint32_t)ENTRY_VALUE_FLAGS) | (e->flags & ENTRY_VALUE_FLAGS);
    return n;
}

entry *dbAddCopy(redisDb *dst, slice key, const entry *e) {
    void *value = NULL;
    if (entryType(e) != ENTRY_TYPE_STRING) {
        const typeOps *t = typeOf(e);
        if (t->dup) value = t->dup(entryValuePointer(e));
    }
    return insertNew(dst, entryLike(key, e, value), key);
}

entry *dbMoveEntry(redisDb *src, slice key, redisDb *dst, slice newKey) {
    entry *e = (entry *)dictFind(src->keys, key.ptr, key.len);
    /* The value goes with the key, a pointer value without a copy. */
    entry *moved = insertNew(dst, entryLike(newKey, e, NULL), newKey);
    /* The same value object in Redis: its idle time goes with it. */
    moved->access = e->access;
    dictUnlink(src->keys, key.ptr, key.len);
    keyChanged(src, key.ptr, key.len); /* before the free: key may be e's bytes */
    if (entryHasExpire(e)) volatileRemove(src, e);
    entryFree(e);
    return moved;
}

static uint64_t keyspaceRandom(void *ks);

entry *dbRandomEntry(keyspace *ks, redisDb *db) {
    entry *e;
    int triesWhilePaused = 100;
    while ((e = (entry *)dictRandomNode(db->keys, keyspaceRandom, ks)) && isExpired(ks, e)) {
        if (ks->expiryPaused) {
            /* Expired keys stay while paused: give up rather than spin. */
            if (--triesWhilePaused == 0) return NULL;
            continue;
        }
        deleteEntry(db, e);
        ks->stats.expiredKeys++;
    }
    return e;
}

void keyspaceSwapDbs(keyspace *ks, int a, int b) {
    redisDb *x = &ks->dbs[a], *y = &ks->dbs[b];
    redisDb tmp = *x;
    ks->dirty++;
    *x = *y;
    *y = tmp;
    /* The number and the clients watching keys there stay with the slot. */
    x->id = a;
    y->id = b;
    struct subIndex *watched = x->watched;
    x->watched = y->watched;
    y->watched = watched;
}

/* --- active expiry -------------------------------------------------------- */

/* Keys looked at per sampling round, and the share of them (percent) that
 * must have expired for sampling to go on: about Redis's numbers, so at
 * most about a tenth of volatile keys linger expired. The share is judged
 * over a block of rounds, not one: one round of 20 finds two or fewer
 * expired keys by chance every few rounds even when a fifth have expired,
 * and stopping then left expired keys piling up under load. */
#define EXPIRE_SAMPLES 20
#define EXPIRE_REPEAT_PERCENT 10
#define EXPIRE_ROUNDS_PER_DECISION 5
/* Weight of the latest cycle in ks->staleEstimate. */
#define STALE_ESTIMATE_WEIGHT 0.05
/* Rounds between two looks at the clock. */
#define EXPIRE_ROUNDS_PER_CLOCK_CHECK 16
/* Weight of the newest sample in the moving average of TTLs, 1/N. */
#define AVG_TTL_SMOOTHING 50


static uint64_t keyspaceRandom(void *ks) { return nextRandom(ks); }

/* Looks at one entry: deletes it if expired (returns 1), else adds its TTL
 * to *ttlSum. */
static int expireIfDue(keyspace *ks, redisDb *db, entry *e, long long *ttlSum) {
    long long ttl = entryExpire(e) - ks->nowMs;
    if (ttl > 0) {
        *ttlSum += ttl;
        return 0;
    }
    deleteEntry(db, e);
    return 1;
}

/* One round: a small database is checked whole (from the end, so removals
 * do not disturb the walk), a large one by random samples. Returns how many
 * were expired; *looked says how many entries were examined. */
static int expireRound(keyspace *ks, redisDb *db, int *looked) {
    long long ttlSum = 0;
    int expired = 0;
    if (db->expires <= EXPIRE_SAMPLES) {
        *looked = (int)db->expires;
        for (size_t i = db->expires; i > 0; i--)
            expired += expireIfDue(ks, db, db->volatileKeys[i - 1], &ttlSum);
    } else {
        *looked = EXPIRE_SAMPLES;
        for (int i = 0; i < EXPIRE_SAMPLES && db->expires > 0; i++) {
            entry *e = db->volatileKeys[nextRandom(ks) % db->expires];
            expired += expireIfDue(ks, db, e, &ttlSum);
        }
    }
    int alive = *looked - expired;
    if (alive > 0) {
        long long sample = ttlSum / alive;
        db->avgTtl = db->avgTtl ? db->avgTtl / AVG_TTL_SMOOTHING * (AVG_TTL_SMOOTHING - 1) +
                                      sample / AVG_TTL_SMOOTHING
                                : sample;
    }
    return expired;
}

static long long expireDb(keyspace *ks, redisDb *db, uint64_t deadlineUs, long long *sampled) {
    long long deleted = 0;
    int blockLooked = 0, blockExpired = 0;
    for (int rounds = 1; db->expires > 0; rounds++) {
        int looked;
        int expired = expireRound(ks, db, &looked);
        deleted += expired;
        *sampled += looked;
        blockLooked += looked;
        blockExpired += expired;
        /* A whole-table round (few volatile keys) decides alone. */
        if (rounds % EXPIRE_ROUNDS_PER_DECISION == 0 || looked < EXPIRE_SAMPLES) {
            if (blockExpired * 100 <= blockLooked * EXPIRE_REPEAT_PERCENT) break;
            blockLooked = blockExpired = 0;
        }
        if (rounds % EXPIRE_ROUNDS_PER_CLOCK_CHECK == 0 && monotonicUs() >= deadlineUs) {
            ks->expireBacklog = 1;
            break;
        }
    }
    if (db->expires == 0) db->avgTtl = 0;
    return deleted;
}

long long activeExpireCycle(keyspace *ks, uint64_t budgetUs) {
    uint64_t deadline = monotonicUs() + budgetUs;
    long long deleted = 0, sampled = 0;
    ks->expireBacklog = 0;
    if (ks->expiryPaused || ks->loading) return 0;
    for (int n = 0; n < ks->count; n++) {
        redisDb *db = &ks->dbs[ks->nextExpireDb];
        ks->nextExpireDb = (ks->nextExpireDb + 1) % ks->count;
        if (db->expires == 0) continue;
        deleted += expireDb(ks, db, deadline, &sampled);
        if (monotonicUs() >= deadline) {
            ks->expireBacklog = 1;
            break;
        }
    }
    ks->stats.expiredKeys += deleted;
    double stalePercent = sampled ? (double)deleted * 100 / (double)sampled : 0;
    ks->staleEstimate = ks->staleEstimate * (1 - STALE_ESTIMATE_WEIGHT) +
                        stalePercent * STALE_ESTIMATE_WEIGHT;
    if (expiryHooks.cycleDone) expiryHooks.cycleDone();
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
