/* keyspace/db.h -- the keyspace: numbered databases of entries, with expiry.
 *
 * The keyspace/ folder owns the data and nothing of clients or replies:
 * entries (entry.h), the databases (this file), the value-type registry
 * the types register into (type.h), the digests (digest.h), and the
 * server's one dataset as a module (dataset.h).
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
 * WATCH: a database that has watched keys (`watched` non-NULL) reports every
 * change of a key to the hooks the layer above installs with
 * dbSetWatchHooks: keyChanged after a key was added, overwritten, given or
 * stripped of an expiry, deleted or expired; emptying before the whole
 * database is emptied. No command can forget to report, and a database
 * nobody watches pays one predictable branch per change.
 *
 * Access tracking, as Redis does it for eviction and OBJECT IDLETIME/FREQ:
 * every lookup that Redis would count as a touch (dbLookup, dbLookupRead,
 * not the NoTouch variant) refreshes the entry's 24 access bits. They hold
 * either the time of the last access on an LRU clock of seconds (wrapping
 * after 194 days), or, when ks->trackLfu is set (an LFU maxmemory-policy),
 * Redis's LFU data: the minute of the last access in 16 bits and a
 * logarithmic access counter in 8, which starts at LFU_INIT_VAL for a new
 * key, grows ever more slowly with hits (ks->lfuLogFactor) and loses one
 * per ks->lfuDecayMinutes without access. Switching between the two does
 * not convert existing entries, as in Redis.
 *
 * This layer knows nothing of clients or replies. The current time is read
 * from keyspace.nowMs, which the server refreshes once per event-loop
 * wakeup, so every command in a wakeup sees the same clock. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dict.h"
#include "keyspace/entry.h"
#include "lib/util.h"

struct keyspace;

typedef struct redisDb {
    int id;
    struct keyspace *ks; /* the keyspace it belongs to: clock, access policy */
    dict *keys;
    entry **volatileKeys; /* the entries with an expiry */
    size_t expires;       /* how many there are */
    size_t volatileCap;
    long long avgTtl;     /* ms, a moving average of sampled TTLs */
    /* The keys clients WATCH here (multi.c owns the table), NULL while none.
     * It belongs to the database number: SWAPDB swaps keys, not this. */
    struct subIndex *watched;
} redisDb;

typedef struct dbWatchHooks {
    void (*keyChanged)(redisDb *db, const char *key, size_t len);
    void (*emptying)(redisDb *db);
} dbWatchHooks;

/* Installs the hooks called for databases whose `watched` is set. */
void dbSetWatchHooks(const dbWatchHooks *hooks);

/* What the layer above learns of expiry, for every keyspace (the
 * append-only file writes each expired key as a DEL): keyExpired after an
 * expired key was deleted, lazily or by the active cycle, before its bytes
 * are freed; cycleDone after each active expiry cycle, to hand on together
 * what keyExpired collected during it. Either may be NULL. */
typedef struct dbExpiryHooks {
    void (*keyExpired)(redisDb *db, const char *key, size_t len);
    void (*cycleDone)(void);
} dbExpiryHooks;

void dbSetExpiryHooks(const dbExpiryHooks *hooks);

typedef struct keyspaceStats {
    long long expiredKeys;
    long long hits;
    long long misses;
} keyspaceStats;

typedef struct keyspace {
    redisDb *dbs;
    int count;
    long long nowMs; /* cached wall clock for expiry decisions */
    int loading;     /* nothing expires meanwhile, see keyspaceSetLoading */
    unsigned lruClock; /* nowMs on the entries' LRU clock; keyspaceSetTime keeps it */
    int nextExpireDb; /* active expiry starts here, so no db starves */
    uint64_t sampleState; /* random generator for expiry sampling */
    int expireBacklog;    /* the last expiry cycle ran out of time */
    /* A moving average of the percentage of sampled volatile keys found
     * expired: an estimate of how many expired keys are still stored. */
    double staleEstimate;
    /* While set (during a CLIENT PAUSE, whose writes are held), expired keys
     * are reported missing but not deleted, so the dataset stays as it is. */
    int expiryPaused;
    int trackLfu;         /* access bits hold LFU data, not the LRU clock */
    int noSharedIntegers; /* new values get ENTRY_NO_SHARED_INT */
    int lfuLogFactor;     /* how much slower each LFU counter point is to gain */
    int lfuDecayMinutes;  /* idle minutes per LFU counter point lost; 0: none */
    keyspaceStats stats;
    /* Changes made by commands (not by expiry) since start-up; the server
     * subtracts its value at the last save for rdb_changes_since_last_save. */
    long long dirty;
} keyspace;

void keyspaceInit(keyspace *ks, int databases);
/* Sets the cached clock (nowMs and what follows from it). */
void keyspaceSetTime(keyspace *ks, long long nowMs);
void keyspaceFree(keyspace *ks);
/* While loading a file of commands, keys never expire, as in Redis: the
 * file replays a history in which a later command may have extended an
 * expiry that has passed by now, and expiring the key first would lose
 * it. Keys found expired are deleted once loading is over. */
void keyspaceSetLoading(keyspace *ks, int loading);
/* Whether an absolute expiry time is already past on the expiry clock:
 * SET PXAT, EXPIREAT and GETEX with such a time delete the key at once. */
static inline int dbExpireIsPast(const keyspace *ks, long long whenMs) {
    return whenMs <= ks->nowMs && !ks->loading;
}

/* Returns the live entry for key (deleting it if expired), or NULL. */
entry *dbLookup(keyspace *ks, redisDb *db, slice key);
/* Same, and counts a keyspace hit or miss. */
entry *dbLookupRead(keyspace *ks, redisDb *db, slice key);
/* The entry as stored, expired or not; nothing is deleted or counted. */
entry *dbFind(redisDb *db, slice key);
/* Whether an entry's expiry time has passed (at ks->nowMs). */
int dbEntryExpired(const keyspace *ks, const entry *e);
/* Counts a hit or miss but leaves the access bits alone, for commands that
 * look at a key without using it (OBJECT, EXISTS, TTL). */
entry *dbLookupReadNoTouch(keyspace *ks, redisDb *db, slice key);

/* Adds a new key (must not exist) with a string value. */
entry *dbAddString(redisDb *db, slice key, slice val, long long expireMs);
/* Replaces the value of an existing entry, of whatever type, with a string
 * (a value of another type is freed through its type); keeps or drops its
 * expiry as asked. Returns the entry's new address. */
entry *dbOverwriteString(redisDb *db, entry *e, slice val, int keepTtl, long long expireMs);

/* Values that are not inline bytes (keyspace/type.h): the entry holds a
 * pointer to the type's structure and owns it from here on; the type's free
 * op is called once when the key goes, its dup op by dbAddCopy. */
/* Adds a new key (must not exist) holding `value` of type `type`. */
entry *dbAdd(redisDb *db, slice key, int type, void *value, long long expireMs);
/* Replaces the value of an existing entry, of whatever type (its own value
 * is freed first, so `value` must not be it), with `value` of `type`;
 * expiry as dbOverwriteString. Returns the entry's new address. */
entry *dbOverwrite(redisDb *db, entry *e, int type, void *value, int keepTtl,
                   long long expireMs);
/* After a command changed a pointer value in place: counts the change and
 * tells the watchers, as the setters do. */
void dbValueChanged(redisDb *db, entry *e);
/* Adds an entry made outside any database (a type's RDB loader, entry.h's
 * constructors), whose key must not exist in db. Returns it. */
entry *dbAddEntry(redisDb *db, entry *e);
/* Appends to a string value in place; the value becomes ENTRY_ENC_RAW.
 * Returns the entry's new address. */
entry *dbAppendString(redisDb *db, entry *e, slice tail);
/* Writes bytes at offset of a string value, zero-filling any gap past its
 * end; the value becomes ENTRY_ENC_RAW. Returns the entry's new address. */
entry *dbSetStringRange(redisDb *db, entry *e, size_t offset, slice bytes);
/* Sets or removes (ENTRY_NO_EXPIRE) the expiry; returns the new address. */
entry *dbSetExpire(redisDb *db, entry *e, long long expireMs);
/* Returns 1 if the key existed and was deleted (its value freed). */
int dbDelete(redisDb *db, slice key);
/* Deletes every key, freeing the values. */
void dbEmpty(redisDb *db);

/* Milliseconds since the entry was last touched, at the LRU clock's
 * resolution of a second (meaningful while !ks->trackLfu). */
long long dbIdleMs(const keyspace *ks, const entry *e);
/* The entry's LFU counter after the decay due since its last access
 * (meaningful while ks->trackLfu). */
int dbAccessFrequency(const keyspace *ks, const entry *e);
size_t dbSize(const redisDb *db);

/* --- building blocks of the keyspace commands (RENAME, MOVE, COPY,
 * RANDOMKEY, SWAPDB, KEYS). */

/* Adds `key` to dst with a copy of e's value (through the type's dup for a
 * pointer value) and its expiry; key must not exist in dst. e (of any
 * database) is left as it is. Returns the new entry. */
entry *dbAddCopy(redisDb *dst, slice key, const entry *e);
/* Moves the entry of `key` in src to `newKey` in dst, value and expiry
 * with it (a pointer value is neither copied nor freed). key must exist in src, newKey must not exist in dst, and they
 * must not name the same key of the same database. Returns the new entry. */
entry *dbMoveEntry(redisDb *src, slice key, redisDb *dst, slice newKey);
/* A random live entry, or NULL if there is none; expired entries drawn on
 * the way are deleted and counted as expired, as a lookup would. */
entry *dbRandomEntry(keyspace *ks, redisDb *db);
/* Exchanges the contents of databases a and b; each keeps its number, so
 * clients that selected a now see what b held. */
void keyspaceSwapDbs(keyspace *ks, int a, int b);

/* Samples volatile keys and deletes the expired ones, for up to `budgetUs`
 * microseconds across all databases. Returns the number deleted, sets
 * ks->expireBacklog when it stopped for lack of time rather than for lack
 * of expired keys, and updates ks->staleEstimate. A cycle stops at the first
 * sample with at most a tenth expired, which happens by chance even when a
 * third of the keys have: staleEstimate is how the caller knows to run
 * another cycle soon. */
long long activeExpireCycle(keyspace *ks, uint64_t budgetUs);
/* Moves rehash work forward and shrinks tables that emptied; called by cron. */
void keyspaceResizeAndRehash(keyspace *ks, uint64_t budgetUs);

#endif
