/* net/net.c -- the network layer as a module of the server: its directives
 * (where to listen, client limits and timeouts), its INFO sections
 * (Clients, Eventloop), and its hooks: the cron's walk over idle clients,
 * and writing the replies before the loop sleeps. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/clock.h"
#include "lib/zmalloc.h"
#include "net/internal.h"
#include "net/net.h"

struct netConfig netConfig;

/* --- directives ------------------------------------------------------------------ */

static const char *setBind(void *field, const slice *args, int argc, int append) {
    (void)append;
    bindList *b = field;
    if (argc > NET_MAX_BIND_ADDRS) return "Too many bind addresses specified.";
    if (argc == 1 && args[0].len == 0) return "Too few bind addresses specified.";
    for (int i = 0; i < b->count; i++) sdsfree(b->addrs[i]);
    for (int i = 0; i < argc; i++) b->addrs[i] = sdsnewlen(args[i].ptr, args[i].len);
    b->count = argc;
    return NULL;
}

static sds getBind(const void *field) {
    const bindList *b = field;
    sds s = sdsempty();
    for (int i = 0; i < b->count; i++) s = sdscatprintf(s, "%s%s", i ? " " : "", b->addrs[i]);
    return s;
}

static sds formatBind(const void *field) {
    const bindList *b = field;
    sds s = sdsempty();
    for (int i = 0; i < b->count; i++) {
        if (i) s = sdscat(s, " ");
        s = catSplitArg(s, b->addrs[i]);
    }
    return s;
}

static void dupBind(void *field) {
    bindList *b = field;
    for (int i = 0; i < b->count; i++) b->addrs[i] = sdsdup(b->addrs[i]);
}

static void releaseBind(void *field) {
    bindList *b = field;
    for (int i = 0; i < b->count; i++) sdsfree(b->addrs[i]);
    b->count = 0;
}

static const directiveCodec bindCodec = {1, 1, setBind, getBind, formatBind, dupBind, releaseBind};

static const char *applyBind(void) {
    if (net.el && changeBindAddr() != C_OK) return "Failed to bind to specified addresses.";
    return NULL;
}

static const char *applyPort(void) {
    if (netConfig.port == 0 && !netConfig.unixsocket[0]) return "Unable to listen on this port";
    if (net.el && changeListenPort() != C_OK) return "Unable to listen on this port";
    return NULL;
}

static const char *applyMaxclients(void) {
    static char err[128];
    long long granted = adjustOpenFilesLimit(netConfig.maxclients);
    if (granted < netConfig.maxclients) {
        snprintf(err, sizeof(err), "The operating system is not able to handle the specified "
                 "number of clients, try with %lld", granted);
        return err;
    }
    if (net.el && aeResizeSetSize(net.el, (int)(netConfig.maxclients + FDSET_INCR)) != AE_OK)
        return "The event loop API used by Redis is not able to handle the specified number "
               "of clients";
    return NULL;
}

#define FIELD(f) offsetof(struct netConfig, f)
#define MB (1024LL * 1024)

static const configDirective netDirectives[] = {
    {"bind", DIRECTIVE_CUSTOM, DIRECTIVE_MUTABLE, "127.0.0.1 -::1", 0, 0, FIELD(bind), NULL,
     applyBind, NULL, &bindCodec},
    {"port", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "6379", 0, 65535, FIELD(port), NULL, applyPort,
     NULL, NULL},
    {"unixsocket", DIRECTIVE_STRING, 0, "", 0, 0, FIELD(unixsocket), NULL, NULL, NULL, NULL},
    {"unixsocketperm", DIRECTIVE_OCTAL, 0, "0", 0, 0777, FIELD(unixsocketperm), NULL, NULL, NULL,
     NULL},
    {"tcp-backlog", DIRECTIVE_INT, 0, "511", 0, INT_MAX, FIELD(tcpBacklog), NULL, NULL, NULL,
     NULL},
    {"timeout", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "0", 0, INT_MAX, FIELD(timeout), NULL, NULL,
     NULL, NULL},
    {"tcp-keepalive", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "300", 0, INT_MAX, FIELD(tcpKeepalive),
     NULL, NULL, NULL, NULL},
    {"maxclients", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "10000", 1, UINT_MAX, FIELD(maxclients),
     NULL, applyMaxclients, NULL, NULL},
    {"proto-max-bulk-len", DIRECTIVE_MEMORY, DIRECTIVE_MUTABLE, "512mb", 1 * MB, LLONG_MAX,
     FIELD(protoMaxBulkLen), NULL, NULL, NULL, NULL},
    {"client-query-buffer-limit", DIRECTIVE_MEMORY, DIRECTIVE_MUTABLE, "1gb", 1 * MB, LLONG_MAX,
     FIELD(clientQueryBufferLimit), NULL, NULL, NULL, NULL},
    {0},
};

/* --- INFO ---------------------------------------------------------------------- */

static sds infoClients(sds s) {
    return sdscatprintf(s,
                        "connected_clients:%zu\r\n"
                        "maxclients:%lld\r\n"
                        "blocked_clients:%zu\r\n",
                        net.clients.len, netConfig.maxclients, net.blockedClients);
}

static long long roundedMetric(int which) {
    return (long long)(metricValue(&net.metrics[which]) + 0.5);
}

static sds infoEventloop(sds s) {
    const aeStats *ae = &net.el->stats;
    const netStats *st = &net.stats;
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
        (unsigned long long)st->cmdDurationUs, roundedMetric(NET_METRIC_EL_CYCLES),
        roundedMetric(NET_METRIC_EL_DURATION), roundedMetric(NET_METRIC_EL_WAKEUPS),
        metricValue(&net.metrics[NET_METRIC_EL_EVENTS_PER_WAKEUP]));
}

static const infoSection netInfo[] = {
    {"clients", "Clients", INFO_CLIENTS, 1, infoClients},
    {"eventloop", "Eventloop", INFO_EVENTLOOP, 1, infoEventloop},
    {0},
};

/* --- hooks --------------------------------------------------------------------- */

static void netModuleInit(void) {
    listInit(&net.clients);
    listInit(&net.pendingWrites);
    listInit(&net.clientsToClose);
    net.nextClientId = 1;
    net.sharedQueryBuf = sdsMakeRoomFor(sdsempty(), READ_CHUNK_BYTES);
    netListen();
}

static void sampleMetrics(void) {
    static long long lastSampleMs;
    long long nowMs = (long long)(monotonicUs() / 1000);
    if (!metricSampleDue(&lastSampleMs, nowMs)) return;
    metric *m = net.metrics;
    const aeStats *ae = &net.el->stats;
    /* Rates: the numerator is scaled to "per second" over milliseconds. */
    metricSample(&m[NET_METRIC_INPUT], net.stats.netInputBytes * 1000, nowMs);
    metricSample(&m[NET_METRIC_OUTPUT], net.stats.netOutputBytes * 1000, nowMs);
    metricSample(&m[NET_METRIC_EL_CYCLES], (long long)ae->cycles * 1000, nowMs);
    metricSample(&m[NET_METRIC_EL_WAKEUPS], (long long)ae->wakeups * 1000, nowMs);
    /* Ratios. */
    metricSample(&m[NET_METRIC_EL_DURATION], (long long)ae->durationUs, (long long)ae->cycles);
    metricSample(&m[NET_METRIC_EL_EVENTS_PER_WAKEUP], (long long)ae->events,
                 (long long)ae->wakeups);
}

static void netCron(int hz) {
    sampleMetrics();
    clientsCron(hz);
    freeClientsInCloseList();
}

static void netBeforeSleep(void) {
    handleClientsWithPendingWrites();
    freeClientsInCloseList();
}

static void netResetStats(void) {
    net.stats = (netStats){0};
    for (int i = 0; i < NET_METRIC_COUNT; i++) metricReset(&net.metrics[i]);
    aeResetStats(net.el);
}

const serverModule netModule = {
    .name = "net",
    .config = &netConfig,
    .configSize = sizeof(netConfig),
    .directives = netDirectives,
    .info = netInfo,
    .init = netModuleInit,
    .cron = netCron,
    .beforeSleep = netBeforeSleep,
    .resetStats = netResetStats,
};
