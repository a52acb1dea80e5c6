/* observe/info.c -- renders INFO sections in Redis's format: a "# Section" line,
 * then "field:value" lines, sections separated by a blank line. */
#include "observe/info.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/net.h"
#include "persist/aof/aof.h"
#include "persist/child.h"
#include "dispatch/commands.h"
#include "observe/errorstats.h"
#include "dispatch/pause.h"
#include "persist/persistence.h"
#include "commands/pubsub.h"
#include "server/server.h"
#include "lib/version.h"
#include "lib/zmalloc.h"

typedef sds infoSectionRenderer(sds s);

static sds infoServer(sds s) {
    static struct utsname name;
    if (!name.sysname[0]) uname(&name);
    time_t uptime = cachedTime.sec - server.startTime;
    s = sdscatprintf(s,
                     "redis_version:%s\r\n"
                     "redis_mini_version:%s\r\n"
                     "redis_mode:standalone\r\n"
                     "os:%s %s %s\r\n"
                     "arch_bits:%d\r\n"
                     "monotonic_clock:POSIX clock_gettime\r\n"
                     "multiplexing_api:%s\r\n"
                     "gcc_version:%d.%d.%d\r\n"
                     "process_id:%ld\r\n"
                     "tcp_port:%lld\r\n"
                     "server_time_usec:%lld\r\n"
                     "uptime_in_seconds:%lld\r\n"
                     "uptime_in_days:%lld\r\n"
                     "hz:%lld\r\n"
                     "configured_hz:%lld\r\n"
                     "executable:%s\r\n"
                     "config_file:%s\r\n",
                     REDIS_COMPAT_VERSION, REDIS_MINI_VERSION, name.sysname, name.release,
                     name.machine, (int)(sizeof(void *) * 8), aeGetApiName(net.el),
                     __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__, (long)getpid(),
                     server.config.port, wallclockMs() * 1000, (long long)uptime,
                     (long long)uptime / 86400, server.config.hz, server.config.hz,
                     server.executable ? server.executable : "",
                     server.config.configFile ? server.config.configFile : "");
    return s;
}

static sds infoClients(sds s) {
    return sdscatprintf(s,
                        "connected_clients:%zu\r\n"
                        "maxclients:%lld\r\n"
                        "blocked_clients:%zu\r\n",
                        net.clients.len, server.config.maxclients,
                        pausedClientCount() /* Redis counts them as blocked */);
}

static sds catMemoryField(sds s, const char *name, size_t bytes) {
    char human[32];
    bytesToHuman(human, sizeof(human), bytes);
    return sdscatprintf(s, "%s:%zu\r\n%s_human:%s\r\n", name, bytes, name, human);
}

static sds infoMemory(sds s) {
    size_t used = zmalloc_used_memory();
    size_t peak = zmalloc_note_peak();
    s = catMemoryField(s, "used_memory", used);
    s = catMemoryField(s, "used_memory_rss", zmalloc_get_rss());
    s = catMemoryField(s, "used_memory_peak", peak);
    s = catMemoryField(s, "maxmemory", (size_t)server.config.maxmemory);
    s = sdscatprintf(s, "maxmemory_policy:%s\r\n",
                     maxmemoryPolicyName(server.config.maxmemoryPolicy));
    return sdscatprintf(s, "mem_allocator:%s\r\n", zmalloc_allocator_name());
}

/* Loading happens before the first client is accepted, so it is never
 * seen in progress. The aof_* lines are aof.c's, around the module_fork
 * lines Redis prints between them. */
static sds infoPersistence(sds s) {
    s = sdscat(s, "loading:0\r\n"
                  "async_loading:0\r\n");
    s = rdbInfoCat(s);
    s = aofCatInfo(s);
    s = sdscat(s, "module_fork_in_progress:0\r\nmodule_fork_last_cow_size:0\r\n");
    return aofCatInfoWhenOn(s);
}

static sds infoStats(sds s) {
    const netStats *st = &net.stats;
    const metric *m = server.metrics;
    return sdscatprintf(
        s,
        "total_connections_received:%lld\r\n"
        "total_commands_processed:%lld\r\n"
        "instantaneous_ops_per_sec:%lld\r\n"
        "total_net_input_bytes:%lld\r\n"
        "total_net_output_bytes:%lld\r\n"
        "instantaneous_input_kbps:%.2f\r\n"
        "instantaneous_output_kbps:%.2f\r\n"
        "rejected_connections:%lld\r\n"
        "expired_keys:%lld\r\n"
        "keyspace_hits:%lld\r\n"
        "keyspace_misses:%lld\r\n"
        "pubsub_channels:%zu\r\n"
        "pubsub_patterns:%zu\r\n"
        "latest_fork_usec:%lld\r\n"
        "total_forks:%lld\r\n"
        "total_reads_processed:%lld\r\n"
        "total_writes_processed:%lld\r\n"
        "total_error_replies:%lld\r\n",
        st->numConnections, numCommandsProcessed,
        (long long)(metricValue(&m[METRIC_COMMANDS]) + 0.5), st->netInputBytes,
        st->netOutputBytes, metricValue(&m[METRIC_NET_INPUT]) / 1024,
        metricValue(&m[METRIC_NET_OUTPUT]) / 1024, st->rejectedConnections,
        dataset.stats.expiredKeys, dataset.stats.hits, dataset.stats.misses,
        pubsubChannelCount(), pubsubPatternCount(), childGetStats()->latestForkUs,
        childGetStats()->totalForks,
        st->readsProcessed, st->writesProcessed, st->errorReplies);
}

static sds infoEventloop(sds s) {
    const aeStats *ae = &net.el->stats;
    const netStats *st = &net.stats;
    const metric *m = server.metrics;
    s = sdscatprintf(
        s,
        "eventloop_backend:%s\r\n"
        "eventloop_trigger:%s\r\n"
        "eventloop_setsize:%d\r\n"
        "eventloop_registered_fds:%d\r\n"
        "eventloop_cycles:%llu\r\n"
        "eventloop_wakeups:%llu\r\n"
        "eventloop_wakeups_timeout:%llu\r\n"
        "eventloop_wakeups_interrupted:%llu\r\n"
        "eventloop_events:%llu\r\n"
        "eventloop_events_read:%llu\r\n"
        "eventloop_events_write:%llu\r\n"
        "eventloop_events_accept:%lld\r\n"
        "eventloop_events_time:%llu\r\n"
        "eventloop_events_per_wakeup:%.2f\r\n"
        "eventloop_events_per_wakeup_max:%llu\r\n",
        aeGetApiName(net.el), aeGetTriggerName(net.el), net.el->setsize,
        net.el->registeredFds, (unsigned long long)ae->cycles,
        (unsigned long long)ae->wakeups, (unsigned long long)ae->wakeupsTimeout,
        (unsigned long long)ae->wakeupsInterrupted, (unsigned long long)ae->events,
        /* ae counts every readable handler; accepts are reported apart. */
        (unsigned long long)(ae->eventsRead - (uint64_t)st->eventsAccept),
        (unsigned long long)ae->eventsWrite, st->eventsAccept,
        (unsigned long long)ae->eventsTime,
        ae->wakeups ? (double)ae->events / (double)ae->wakeups : 0.0,
        (unsigned long long)ae->perWakeupMax);
    static const char *bucketNames[AE_HIST_BUCKETS] = {"1",     "2-3",   "4-7", "8-15",
                                                       "16-31", "32-63", "64+"};
    s = sdscat(s, "eventloop_events_per_wakeup_hist:");
    for (int i = 0; i < AE_HIST_BUCKETS; i++) {
        s = sdscatprintf(s, "%s%s=%llu", i ? "," : "", bucketNames[i],
                         (unsigned long long)ae->perWakeupHist[i]);
    }
    return sdscatprintf(
        s,
        "\r\n"
        "eventloop_reads_empty:%lld\r\n"
        "eventloop_writes_partial:%lld\r\n"
        "eventloop_ctl_calls:%llu\r\n"
        "eventloop_wait_sum:%llu\r\n"
        "eventloop_duration_sum:%llu\r\n"
        "eventloop_duration_cmd_sum:%llu\r\n"
        "instantaneous_eventloop_cycles_per_sec:%lld\r\n"
        "instantaneous_eventloop_duration_usec:%lld\r\n"
        "instantaneous_wakeups_per_sec:%lld\r\n"
        "instantaneous_events_per_wakeup:%.2f\r\n",
        st->readsEmpty, st->writesPartial, (unsigned long long)ae->ctlCalls,
        (unsigned long long)ae->waitUs, (unsigned long long)ae->durationUs,
        (unsigned long long)st->cmdDurationUs,
        (long long)(metricValue(&m[METRIC_EL_CYCLES]) + 0.5),
        (long long)(metricValue(&m[METRIC_EL_DURATION]) + 0.5),
        (long long)(metricValue(&m[METRIC_EL_WAKEUPS]) + 0.5),
        metricValue(&m[METRIC_EL_EVENTS_PER_WAKEUP]));
}

static sds catCommandStats(sds s, const redisCommand *cmd) {
    if (!cmd->calls && !cmd->rejectedCalls && !cmd->failedCalls) return s;
    return sdscatprintf(s,
                        "cmdstat_%s:calls=%lld,usec=%lld,usec_per_call=%.2f,rejected_calls=%lld,"
                        "failed_calls=%lld\r\n",
                        cmd->fullname, cmd->calls, cmd->microseconds,
                        cmd->calls ? (double)cmd->microseconds / (double)cmd->calls : 0.0,
                        cmd->rejectedCalls, cmd->failedCalls);
}

/* Commands that ran or were refused, subcommands as "container|sub". */
static sds infoCommandstats(sds s) {
    int count;
    const redisCommand *table = commandTableEntries(&count);
    for (int i = 0; i < count; i++) {
        s = catCommandStats(s, &table[i]);
        for (const redisCommand *sub = table[i].subcommands; sub && sub->name; sub++)
            s = catCommandStats(s, sub);
    }
    return s;
}

static sds infoErrorstats(sds s) { return errorStatsCat(s); }

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

/* In Redis's order. Plain INFO and INFO default give the default ones;
 * INFO all and INFO everything give them all. */
static const struct {
    const char *name;
    const char *title;
    infoSectionRenderer *render;
    int isDefault;
} sections[] = {
    {"server", "Server", infoServer, 1},
    {"clients", "Clients", infoClients, 1},
    {"memory", "Memory", infoMemory, 1},
    {"persistence", "Persistence", infoPersistence, 1},
    {"stats", "Stats", infoStats, 1},
    {"eventloop", "Eventloop", infoEventloop, 1},
    {"commandstats", "Commandstats", infoCommandstats, 0},
    {"errorstats", "Errorstats", infoErrorstats, 1},
    {"keyspace", "Keyspace", infoKeyspace, 1},
};

#define SECTION_COUNT ((int)(sizeof(sections) / sizeof(sections[0])))

/* Which sections the arguments ask for: one flag per section. Names add
 * up: "INFO default commandstats" is the default sections and one more. */
static void selectSections(const slice *names, int count, int *wanted) {
    int all = 0, defaults = count == 0;
    for (int i = 0; i < count; i++) {
        if (sliceEqualsNoCase(names[i], "all") || sliceEqualsNoCase(names[i], "everything"))
            all = 1;
        else if (sliceEqualsNoCase(names[i], "default"))
            defaults = 1;
    }
    for (int s = 0; s < SECTION_COUNT; s++) {
        wanted[s] = all || (defaults && sections[s].isDefault);
        for (int i = 0; i < count && !wanted[s]; i++)
            wanted[s] = sliceEqualsNoCase(names[i], sections[s].name);
    }
}

sds genInfoString(const slice *names, int count) {
    int wanted[SECTION_COUNT];
    selectSections(names, count, wanted);
    sds s = sdsempty();
    int emitted = 0;
    for (int i = 0; i < SECTION_COUNT; i++) {
        if (!wanted[i]) continue;
        if (emitted++) s = sdscat(s, "\r\n");
        s = sdscatprintf(s, "# %s\r\n", sections[i].title);
        s = sections[i].render(s);
    }
    return s;
}
