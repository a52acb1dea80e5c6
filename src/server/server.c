/* server/server.c -- the server's own module: the directives of the process
 * (hz, logging, daemonize, pidfile, dir) and the INFO sections that speak
 * for the whole server (Server, Memory, Stats), which read the figures of
 * every layer below. */
#include "server/server.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands/pubsub.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/version.h"
#include "lib/zmalloc.h"
#include "net/net.h"
#include "persist/child.h"
#include "server/config.h"

struct serverConfig serverConfig;

/* --- directives --------------------------------------------------------------- */

static const directiveEnum loglevelValues[] = {
    {"debug", LL_DEBUG}, {"verbose", LL_VERBOSE}, {"notice", LL_NOTICE},
    {"warning", LL_WARNING}, {NULL, 0},
};

static const char *applyLoglevel(void) {
    logSetLevel((int)serverConfig.loglevel);
    return NULL;
}

#define MIN_HZ 1
#define MAX_HZ 500

const char *applyHz(void) {
    if (serverConfig.hz < MIN_HZ) serverConfig.hz = MIN_HZ;
    if (serverConfig.hz > MAX_HZ) serverConfig.hz = MAX_HZ;
    return NULL;
}

/* Like Redis, `dir` is where the server works: it chdirs there, and reports
 * the absolute path it ended up in. An empty dir is the current one. */
const char *applyDir(void) {
    static char err[256];
    if (serverConfig.dir[0] && chdir(serverConfig.dir) == -1) {
        snprintf(err, sizeof(err), "%s", strerror(errno));
        return err;
    }
    char *cwd = getcwd(NULL, 0);
    if (cwd) {
        sdsfree(serverConfig.dir);
        serverConfig.dir = sdsnew(cwd);
        free(cwd);
    }
    return NULL;
}

#define FIELD(f) offsetof(struct serverConfig, f)

static const configDirective serverDirectives[] = {
    {"hz", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "10", 0, INT_MAX, FIELD(hz), NULL, applyHz, NULL,
     NULL},
    {"loglevel", DIRECTIVE_ENUM, DIRECTIVE_MUTABLE, "notice", 0, 0, FIELD(loglevel),
     loglevelValues, applyLoglevel, NULL, NULL},
    {"logfile", DIRECTIVE_STRING, 0, "", 0, 0, FIELD(logfile), NULL, NULL, NULL, NULL},
    {"daemonize", DIRECTIVE_BOOL, 0, "no", 0, 1, FIELD(daemonize), NULL, NULL, NULL, NULL},
    {"pidfile", DIRECTIVE_STRING, 0, "", 0, 0, FIELD(pidfile), NULL, NULL, NULL, NULL},
    {"dir", DIRECTIVE_STRING, DIRECTIVE_MUTABLE, "", 0, 0, FIELD(dir), NULL, applyDir, NULL,
     NULL},
    {0},
};

/* --- INFO ---------------------------------------------------------------------- */

static sds infoServer(sds s) {
    static struct utsname name;
    if (!name.sysname[0]) uname(&name);
    time_t uptime = cachedTime.sec - server.startTime;
    const char *configFile = configFilePath();
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
                     netConfig.port, wallclockMs() * 1000, (long long)uptime,
                     (long long)uptime / 86400, serverConfig.hz, serverConfig.hz,
                     server.executable ? server.executable : "", configFile ? configFile : "");
    return s;
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
    s = catMemoryField(s, "maxmemory", (size_t)keyspaceConfig.maxmemory);
    s = sdscatprintf(s, "maxmemory_policy:%s\r\n",
                     maxmemoryPolicyName(keyspaceConfig.maxmemoryPolicy));
    return sdscatprintf(s, "mem_allocator:%s\r\n", zmalloc_allocator_name());
}

static sds infoStats(sds s) {
    const netStats *st = &net.stats;
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
        (long long)(metricValue(&opsPerSecMetric) + 0.5), st->netInputBytes, st->netOutputBytes,
        metricValue(&net.metrics[NET_METRIC_INPUT]) / 1024,
        metricValue(&net.metrics[NET_METRIC_OUTPUT]) / 1024, st->rejectedConnections,
        dataset.stats.expiredKeys, dataset.stats.hits, dataset.stats.misses,
        pubsubChannelCount(), pubsubPatternCount(), childGetStats()->latestForkUs,
        childGetStats()->totalForks, st->readsProcessed, st->writesProcessed,
        st->errorReplies);
}

static const infoSection serverInfo[] = {
    {"server", "Server", INFO_SERVER, 1, infoServer},
    {"memory", "Memory", INFO_MEMORY, 1, infoMemory},
    {"stats", "Stats", INFO_STATS, 1, infoStats},
    {0},
};

const serverModule serverCoreModule = {
    .name = "server",
    .config = &serverConfig,
    .configSize = sizeof(serverConfig),
    .directives = serverDirectives,
    .info = serverInfo,
};
