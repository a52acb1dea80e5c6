/* db.h -- the keyspace: numbered databases of entries, with expiry.
 *
 * Each database is a hash table of entries (entry.h) plus an array of the
 * entries that have an expiry ("volatile" keys), each entry knowing its
 * index in it. Expiry is lazy and active: a lookup that finds an expired key
 * deletes it and reports it missing; activeExpireCycle, run from the cron,
 * samples random volatile keys and deletes the expired ones, and keeps
 * sampling while more than a tenth of a sample had expired, within a time
 * budget. Its cost follows the number of volatile keys, not of all keys, so
 * keys nobody reads again go away without a large keyspace costing CPU.
 *
 * Invariant: volatileKeys[0 .. expires) holds exactly the entries with an
 * expiry, and entryVolatileIndex(volatileKeys[i]) == i.
 *
 * This layer knows nothing of clients or replies. The current time is read
 * from keyspace.nowMs, which the server refreshes once per event-loop
 * wakeup, so every command in a wakeup sees the same clock. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "entry.h"
#include "util.h"

typedef struct redisDb {
    int id;
    dict *keys;
    entry **volatileKeys; /* the entries with an expiry */
    size_t expires;       /* how many there are */
    size_t volatileCap;
    long long avgTtl;     /* ms, a moving average of sampled TTLs */
} redisDb;

typedef struct keyspaceStats {
    long long expiredKeys;
    long long hits;
    long long misses;
} keyspaceStats;

typedef struct keyspace {
    redisDb *dbs;
    int count;
    long long nowMs; /* cached wall clock for expiry decisions */
    int nextExpireDb; /* active expiry starts here, so no db starves */
    uint64_t sampleState; /* random generator for expiry sampling */
    int expireBacklog;    /* the last expiry cycle ran out of time */
    keyspaceStats stats;
} keyspace;

void keyspaceInit(keyspace *ks, int databases);
void keyspaceFree(keyspace *ks);

/* Returns the live entry for key (deleting it if expired), or NULL. */
entry *dbLookup(keyspace *ks, redisDb *db, slice key);
/* Same, and counts a keyspace hit or miss. */
entry *dbLookupRead(keyspace *ks, redisDb *db, slice key);

/* Adds a new key (must not exist) with a string value. */
entry *dbAddString(redisDb *db, slice key, slice val, long long expireMs);
/* Replaces the value of an existing entry; keeps or drops its expiry as
 * asked. Returns the entry's new address. */
entry *dbOverwriteString(redisDb *db, entry *e, slice val, int keepTtl, long long expireMs);
/* Sets or removes (ENTRY_NO_EXPIRE) the expiry; returns the new address. */
entry *dbSetExpire(redisDb *db, entry *e, long long expireMs);
/* Returns 1 if the key existed and was deleted. */
int dbDelete(redisDb *db, slice key);
void dbEmpty(redisDb *db);
size_t dbSize(const redisDb *db);

/* --- building blocks of the keyspace commands (RENAME, MOVE, COPY,
 * RANDOMKEY, SWAPDB, KEYS); every key change goes through dbAddString and
 * dbDelete above. */

/* Whether e's expiry has passed (it may not have been deleted yet). */
int dbEntryIsExpired(const keyspace *ks, const entry *e);
/* Adds `key` to dst with e's value and expiry; key must not exist in dst.
 * e (of any database) is left as it is. Returns the new entry. */
entry *dbAddCopy(redisDb *dst, slice key, const entry *e);
/* Moves the entry of `key` in src to `newKey` in dst, value and expiry
 * with it. key must exist in src, newKey must not exist in dst, and they
 * must not name the same key of the same database. Returns the new entry. */
entry *dbMoveEntry(redisDb *src, slice key, redisDb *dst, slice newKey);
/* A random live entry, or NULL if there is none; expired entries drawn on
 * the way are deleted and counted as expired, as a lookup would. */
entry *dbRandomEntry(keyspace *ks, redisDb *db);
/* Exchanges the contents of databases a and b; each keeps its number, so
 * clients that selected a now see what b held. */
void keyspaceSwapDbs(keyspace *ks, int a, int b);

/* Samples volatile keys and deletes the expired ones, for up to `budgetUs`
 * microseconds across all databases. Returns the number deleted, and sets
 * ks->expireBacklog when it stopped for lack of time rather than for lack
 * of expired keys. */
long long activeExpireCycle(keyspace *ks, uint64_t budgetUs);
/* Moves rehash work forward and shrinks tables that emptied; called by cron. */
void keyspaceResizeAndRehash(keyspace *ks, uint64_t budgetUs);

#endif
