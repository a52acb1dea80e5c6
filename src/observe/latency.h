/* observe/latency.h -- the latency monitor: for each event class ("command",
 * "fast-command"), the worst latency of each of its last
 * LATENCY_TS_LEN seconds with an event at or above
 * latency-monitor-threshold milliseconds, and its all-time maximum; and the
 * LATENCY command that reads and clears them. */
#ifndef LATENCY_H
#define LATENCY_H

#include <stdint.h>

#include "lib/module.h"
#include "net/client.h"

#define LATENCY_TS_LEN 160

struct latencyConfig {
    long long monitorThreshold; /* milliseconds; 0: off */
};

extern struct latencyConfig latencyConfig;
extern const serverModule latencyModule;

/* Records that an `event` took `ms` milliseconds now. The caller checks the
 * threshold (it is on the command path and must stay cheap there). */
void latencyAddSample(const char *event, uint64_t ms);


#endif
