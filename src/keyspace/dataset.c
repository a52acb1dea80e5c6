/* keyspace/dataset.c -- the server's dataset as a module; see dataset.h.
 *
 * Active expiry runs from the cron for a quarter of each cron period, and
 * a short extra cycle runs before the loop sleeps while expired keys pile
 * up faster than that clears them (the last cycle ran out of time, or the
 * estimated share of expired keys among the volatile ones is above a
 * tenth), at most once per twice its length: up to another half of the
 * CPU, only while that lasts. Tables are rehashed and shrunk from the cron
 * too, but not while a forked child shares the pages (dictResizeIsAvoided):
 * moving buckets would copy them. */
#include "keyspace/dataset.h"

#include <limits.h>
#include <stdint.h>

#include "lib/clock.h"

keyspace dataset;
int activeExpireEnabled = 1;
struct keyspaceConfig keyspaceConfig;

/* Share of each cron period active expiry may use, percent. */
#define ACTIVE_EXPIRE_CPU_PERCENT 25
#define FAST_EXPIRE_CYCLE_US 1000
#define FAST_EXPIRE_STALE_PERCENT 10
/* Budget for rehashing and shrinking tables per cron call, microseconds. */
#define CRON_REHASH_BUDGET_US 1000

/* --- directives ----------------------------------------------------------------- */

/* In Redis's order, which its error text lists. */
static const directiveEnum maxmemoryPolicyValues[] = {
    {"volatile-lru", MAXMEMORY_VOLATILE_LRU}, {"volatile-lfu", MAXMEMORY_VOLATILE_LFU},
    {"volatile-random", MAXMEMORY_VOLATILE_RANDOM}, {"volatile-ttl", MAXMEMORY_VOLATILE_TTL},
    {"allkeys-lru", MAXMEMORY_ALLKEYS_LRU}, {"allkeys-lfu", MAXMEMORY_ALLKEYS_LFU},
    {"allkeys-random", MAXMEMORY_ALLKEYS_RANDOM}, {"noeviction", MAXMEMORY_NO_EVICTION},
    {NULL, 0},
};

const char *maxmemoryPolicyName(long long policy) {
    for (const directiveEnum *v = maxmemoryPolicyValues; v->name; v++)
        if (v->value == policy) return v->name;
    return "";
}

/* Tells the keyspace what maxmemory, maxmemory-policy and the lfu-*
 * directives mean for it. */
static const char *applyMaxmemoryPolicy(void) {
    const struct keyspaceConfig *cfg = &keyspaceConfig;
    dataset.trackLfu = (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0;
    dataset.noSharedIntegers =
        cfg->maxmemory != 0 && (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_NO_SHARED_INTEGERS);
    dataset.lfuLogFactor = (int)cfg->lfuLogFactor;
    dataset.lfuDecayMinutes = (int)cfg->lfuDecayTime;
    return NULL;
}

#define FIELD(f) offsetof(struct keyspaceConfig, f)

static const configDirective keyspaceDirectives[] = {
    {"databases", DIRECTIVE_INT, 0, "16", 1, INT_MAX, FIELD(databases), NULL, NULL, NULL, NULL},
    {"maxmemory", DIRECTIVE_MEMORY, DIRECTIVE_MUTABLE, "0", 0, LLONG_MAX, FIELD(maxmemory), NULL,
     applyMaxmemoryPolicy, NULL, NULL},
    {"maxmemory-policy", DIRECTIVE_ENUM, DIRECTIVE_MUTABLE, "noeviction", 0, 0,
     FIELD(maxmemoryPolicy), maxmemoryPolicyValues, applyMaxmemoryPolicy, NULL, NULL},
    {"lfu-log-factor", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "10", 0, INT_MAX, FIELD(lfuLogFactor),
     NULL, applyMaxmemoryPolicy, NULL, NULL},
    {"lfu-decay-time", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "1", 0, INT_MAX, FIELD(lfuDecayTime),
     NULL, applyMaxmemoryPolicy, NULL, NULL},
    {0},
};

/* --- INFO ------------------------------------------------------------------------ */

static sds infoKeyspace(sds s) {
    for (int i = 0; i < dataset.count; i++) {
        const redisDb *db = &dataset.dbs[i];
        size_t keys = dbSize(db);
        if (keys == 0) continue;
        s = sdscatprintf(s, "db%d:keys=%zu,expires=%zu,avg_ttl=%lld\r\n", i, keys, db->expires,
                         db->avgTtl);
    }
    return s;
}

static const infoSection keyspaceInfo[] = {
    {"keyspace", "Keyspace", INFO_KEYSPACE, 1, infoKeyspace},
    {0},
};

/* --- hooks ----------------------------------------------------------------------- */

static void keyspaceModuleInit(void) {
    keyspaceInit(&dataset, (int)keyspaceConfig.databases);
    keyspaceSetTime(&dataset, cachedTime.ms);
    applyMaxmemoryPolicy();
}

static void keyspaceCron(int hz) {
    uint64_t periodUs = 1000000 / (uint64_t)hz;
    if (activeExpireEnabled)
        activeExpireCycle(&dataset, periodUs * ACTIVE_EXPIRE_CPU_PERCENT / 100);
    if (!dictResizeIsAvoided()) keyspaceResizeAndRehash(&dataset, CRON_REHASH_BUDGET_US);
}

/* The extra expiry cycle described at the top. */
static void keyspaceBeforeSleep(void) {
    static uint64_t lastStartUs;
    if (!activeExpireEnabled) return;
    if (!dataset.expireBacklog && dataset.staleEstimate <= FAST_EXPIRE_STALE_PERCENT) return;
    uint64_t now = monotonicUs();
    if (now - lastStartUs < 2 * FAST_EXPIRE_CYCLE_US) return;
    lastStartUs = now;
    activeExpireCycle(&dataset, FAST_EXPIRE_CYCLE_US);
}

static void keyspaceResetStats(void) { dataset.stats = (keyspaceStats){0}; }

const serverModule keyspaceModule = {
    .name = "keyspace",
    .config = &keyspaceConfig,
    .configSize = sizeof(keyspaceConfig),
    .directives = keyspaceDirectives,
    .info = keyspaceInfo,
    .init = keyspaceModuleInit,
    .cron = keyspaceCron,
    .beforeSleep = keyspaceBeforeSleep,
    .resetStats = keyspaceResetStats,
};
