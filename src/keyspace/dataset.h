/* keyspace/dataset.h -- the server's dataset: the one keyspace (db.h) that
 * clients read and write, as a module of the server: its directives (how
 * many databases, what the access bits track), its cron (active expiry,
 * rehashing) and INFO keyspace. */
#ifndef DATASET_H
#define DATASET_H

#include "keyspace/db.h"
#include "lib/module.h"

/* maxmemory-policy values, built as Redis builds them: a number per policy
 * plus flags saying how it picks keys. redis-mini does not evict yet; the
 * policy decides what the keys' access bits track (db.h) and, as in Redis,
 * whether small integers count as shared values (OBJECT REFCOUNT). */
#define MAXMEMORY_FLAG_LRU (1 << 0)
#define MAXMEMORY_FLAG_LFU (1 << 1)
#define MAXMEMORY_FLAG_ALLKEYS (1 << 2)
#define MAXMEMORY_FLAG_NO_SHARED_INTEGERS (MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_LFU)
#define MAXMEMORY_VOLATILE_LRU ((0 << 8) | MAXMEMORY_FLAG_LRU)
#define MAXMEMORY_VOLATILE_LFU ((1 << 8) | MAXMEMORY_FLAG_LFU)
#define MAXMEMORY_VOLATILE_TTL (2 << 8)
#define MAXMEMORY_VOLATILE_RANDOM (3 << 8)
#define MAXMEMORY_ALLKEYS_LRU ((4 << 8) | MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_LFU ((5 << 8) | MAXMEMORY_FLAG_LFU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_RANDOM ((6 << 8) | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_NO_EVICTION (7 << 8)

struct keyspaceConfig {
    long long databases;
    long long maxmemory;       /* bytes; 0: no limit */
    long long maxmemoryPolicy; /* MAXMEMORY_* */
    long long lfuLogFactor;
    long long lfuDecayTime;    /* minutes */
};

extern struct keyspaceConfig keyspaceConfig;
extern keyspace dataset;
/* 0 after DEBUG SET-ACTIVE-EXPIRE 0: keys expire only when looked up. */
extern int activeExpireEnabled;
extern const serverModule keyspaceModule;

/* "noeviction", "allkeys-lru", ... */
const char *maxmemoryPolicyName(long long policy);

#endif
