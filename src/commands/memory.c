/* commands/memory.c -- MEMORY USAGE, STATS, DOCTOR and HELP: what the keyspace
 * and the clients cost, from the allocator's own figures.
 *
 * A key here is one allocation (entry.h) linked straight into its
 * database's bucket array, so MEMORY USAGE is that allocation's real size
 * (its allocator size class) plus the key's share of the bucket array and,
 * for a key with an expiry, of the volatile-key array, plus what its type
 * says the value holds outside the entry (nothing for a string). MEMORY STATS reports
 * only figures the server measures; Redis's fields for things redis-mini
 * does not have (replication, AOF, Lua, cluster) are left out rather than
 * shown as zeros that look measured. */
#include <stdio.h>
#include <string.h>

#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

/* The share of an array of `slots` pointers that each of `users` uses,
 * rounded up. */
static size_t pointerShare(size_t slots, size_t users) {
    if (users == 0) return 0;
    return (slots * sizeof(void *) + users - 1) / users;
}

/* Elements a type samples to estimate a value when SAMPLES is not given:
 * Redis's default. */
#define MEMORY_USAGE_DEFAULT_SAMPLES 5

static size_t entryMemoryUsage(const redisDb *db, const entry *e, long long samples) {
    size_t bytes = zmalloc_size(e) + pointerShare(dictBuckets(db->keys), dictSize(db->keys));
    if (entryHasExpire(e)) bytes += pointerShare(db->volatileCap, db->expires);
    const typeOps *t = typeOf(e);
    if (t->memoryUsage) bytes += t->memoryUsage(e, samples);
    return bytes;
}

/* MEMORY USAGE key [SAMPLES count]. SAMPLES is how many elements of an
 * aggregate value its type looks at to estimate it, 0 for all of them; a
 * string is measured whole. */
static void memoryUsageCommand(client *c) {
    long long samples = MEMORY_USAGE_DEFAULT_SAMPLES;
    for (int j = 3; j < c->argc; j++) {
        if (!sliceEqualsNoCase(c->argv[j], "samples") || j + 1 >= c->argc) {
            addReplySyntaxError(c);
            return;
        }
        if (!string2ll(c->argv[j + 1].ptr, c->argv[j + 1].len, &samples)) {
            addReplyNotInteger(c);
            return;
        }
        if (samples < 0) {
            addReplySyntaxError(c);
            return;
        }
        j++;
    }
    entry *e = dbLookup(&dataset, c->db, c->argv[2]);
    if (!e) {
        addReplyNull(c);
        return;
    }
    addReplyLongLong(c, (long long)entryMemoryUsage(c->db, e, samples));
}

static size_t clientsMemory(void) {
    size_t total = 0;
    for (listNode *n = listFirst(&net.clients); n; n = listNext(&net.clients, n))
        total += clientMemory(listEntry(n, client, allNode));
    return total;
}

static size_t dbTableOverhead(const redisDb *db) {
    return sizeof(dict) + dictBuckets(db->keys) * sizeof(dictNode *);
}

static size_t dbExpiresOverhead(const redisDb *db) {
    return db->volatileCap * sizeof(entry *);
}

static void addReplyDbOverhead(client *c, const redisDb *db) {
    char name[32];
    snprintf(name, sizeof(name), "db.%d", db->id);
    addReplyBulkCString(c, name);
    addReplyMapLen(c, 2);
    addReplyBulkCString(c, "overhead.hashtable.main");
    addReplyLongLong(c, (long long)dbTableOverhead(db));
    addReplyBulkCString(c, "overhead.hashtable.expires");
    addReplyLongLong(c, (long long)dbExpiresOverhead(db));
}

static void addReplyField(client *c, const char *name, long long value) {
    addReplyBulkCString(c, name);
    addReplyLongLong(c, value);
}

/* MEMORY STATS: Redis 7.0's field names and order, for the figures we have.
 * Overhead is what the server needs besides the data: its memory once
 * started, the clients, and the databases' bucket and volatile arrays. The
 * dataset is the rest. Databases without keys are left out, as Redis does. */
static void memoryStatsCommand(client *c) {
    size_t allocated = zmalloc_used_memory();
    size_t peak = zmalloc_note_peak();
    size_t startup = zmalloc_startup_memory();
    size_t rss = zmalloc_get_rss();
    size_t clients = clientsMemory();
    size_t overhead = startup + clients;
    long long keys = 0, nonEmpty = 0;
    for (int i = 0; i < dataset.count; i++) {
        const redisDb *db = &dataset.dbs[i];
        overhead += dbTableOverhead(db) + dbExpiresOverhead(db);
        keys += (long long)dictSize(db->keys);
        if (dictSize(db->keys)) nonEmpty++;
    }
    size_t dataBytes = allocated > overhead ? allocated - overhead : 0;
    size_t usedSinceStartup = allocated > startup ? allocated - startup : 0;

    addReplyMapLen(c, 12 + nonEmpty);
    addReplyField(c, "peak.allocated", (long long)peak);
    addReplyField(c, "total.allocated", (long long)allocated);
    addReplyField(c, "startup.allocated", (long long)startup);
    addReplyField(c, "clients.normal", (long long)clients);
    for (int i = 0; i < dataset.count; i++)
        if (dictSize(dataset.dbs[i].keys)) addReplyDbOverhead(c, &dataset.dbs[i]);
    addReplyField(c, "overhead.total", (long long)overhead);
    addReplyField(c, "keys.count", keys);
    addReplyField(c, "keys.bytes-per-key", keys ? (long long)usedSinceStartup / keys : 0);
    addReplyField(c, "dataset.bytes", (long long)dataBytes);
    addReplyBulkCString(c, "dataset.percentage");
    addReplyDouble(c, usedSinceStartup ? (double)dataBytes * 100 / (double)usedSinceStartup : 0);
    addReplyBulkCString(c, "peak.percentage");
    addReplyDouble(c, peak ? (double)allocated * 100 / (double)peak : 0);
    addReplyBulkCString(c, "fragmentation");
    addReplyDouble(c, allocated ? (double)rss / (double)allocated : 0);
    addReplyField(c, "fragmentation.bytes", (long long)rss - (long long)allocated);
}

/* Below this much allocated memory the ratios below mean nothing: the
 * process's fixed costs dominate them. */
#define DOCTOR_MIN_ALLOCATED (5 * 1024 * 1024)

/* MEMORY DOCTOR: plain observations from the same figures as MEMORY STATS. */
static void memoryDoctorCommand(client *c) {
    size_t allocated = zmalloc_used_memory();
    size_t rss = zmalloc_get_rss();
    size_t peak = zmalloc_note_peak();
    sds s = sdsempty();
    if (allocated < DOCTOR_MIN_ALLOCATED) {
        s = sdscatprintf(s, "Only %zu bytes are allocated: too little for a diagnosis, "
                            "fixed costs dominate every ratio.\n", allocated);
    } else {
        if (peak > allocated + allocated / 2)
            s = sdscatprintf(s, " * Peak: %zu bytes were allocated at the peak, over 1.5 times "
                                "the %zu allocated now; the process may still hold pages "
                                "from then.\n", peak, allocated);
        if (rss > allocated + allocated / 2)
            s = sdscatprintf(s, " * Fragmentation: the resident set (%zu bytes) is %.2f times "
                                "the allocated bytes (%zu).\n",
                             rss, (double)rss / (double)allocated, allocated);
        if (sdslen(s) == 0)
            s = sdscatprintf(s, "No memory issue found: %zu bytes allocated, %zu resident, "
                                "peak %zu.\n", allocated, rss, peak);
    }
    addReplyVerbatim(c, s, sdslen(s), "txt");
    sdsfree(s);
}

static void memoryHelpCommand(client *c) {
    static const char *lines[] = {
        "DOCTOR",
        "    Return memory problems reports.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand memorySubcommands[] = {
    CMD("doctor", memoryDoctorCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Outputs a memory problems report.", "O(1)", NULL),
    CMD("help", memoryHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("stats", memoryStatsCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns details about memory usage.", "O(1)", NULL),
    CMD("usage", memoryUsageCommand, -3, CMD_READONLY, 2, 2, 1, GROUP_SERVER, "4.0.0",
     "Estimates the memory usage of a key.", "O(N) where N is the number of samples.", NULL),
    {0},
};

static redisCommand memoryCommands[] = {
    CMD("memory", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "A container for memory diagnostics commands.", "Depends on subcommand.",
     memorySubcommands),
    {0},
};

const serverModule memoryModule = {
    .name = "memory",
    .commands = memoryCommands,
};
