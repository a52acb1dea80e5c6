/* observe/latency.c -- the latency monitor; see latency.h.
 *
 * Each event class has a ring of LATENCY_TS_LEN samples, one per second in
 * which the event happened: several in the same second keep the worst. The
 * classes are few and created on first use, so they are a short array. */
#include "observe/latency.h"

#include <limits.h>
#include <string.h>

#include "dispatch/commands.h"
#include "lib/clock.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

struct latencyConfig latencyConfig;

/* call() hands the monitor every command that ran at least
 * latency-monitor-threshold milliseconds (0: off). */
static int observerId = -1;

static void latencyObserve(client *c, const callInfo *info) {
    latencyAddSample((c->cmd->flags & CMD_FAST) ? "fast-command" : "command",
                     info->durationUs / 1000);
}

static const char *applyThreshold(void) {
    long long ms = latencyConfig.monitorThreshold;
    callObserverSetThreshold(observerId, ms ? (uint64_t)ms * 1000 : UINT64_MAX);
    return NULL;
}

static void latencyInit(void) {
    observerId = callObserverRegister(latencyObserve);
    applyThreshold();
}

static const configDirective latencyDirectives[] = {
    {"latency-monitor-threshold", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "0", 0, LLONG_MAX,
     offsetof(struct latencyConfig, monitorThreshold), NULL, applyThreshold, NULL, NULL},
    {0},
};

typedef struct latencySample {
    long long time; /* unix seconds; 0 for an unused slot */
    uint64_t latency; /* milliseconds */
} latencySample;

typedef struct latencyEvent {
    sds name;
    latencySample samples[LATENCY_TS_LEN];
    int next; /* the slot the next new second goes to */
    uint64_t max;
} latencyEvent;

static latencyEvent **events;
static int eventCount;

static int findEvent(const char *name, size_t len) {
    for (int i = 0; i < eventCount; i++)
        if (sdslen(events[i]->name) == len && memcmp(events[i]->name, name, len) == 0) return i;
    return -1;
}

static latencyEvent *createEvent(const char *name) {
    latencyEvent *e = zcalloc(sizeof(*e));
    e->name = sdsnewlen(name, strlen(name));
    events = zrealloc(events, sizeof(*events) * (size_t)(eventCount + 1));
    events[eventCount++] = e;
    return e;
}

static void deleteEvent(int i) {
    sdsfree(events[i]->name);
    zfree(events[i]);
    memmove(&events[i], &events[i + 1], sizeof(*events) * (size_t)(eventCount - i - 1));
    eventCount--;
}

static latencySample *latestSample(latencyEvent *e) {
    return &e->samples[(e->next + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
}

void latencyAddSample(const char *event, uint64_t ms) {
    int i = findEvent(event, strlen(event));
    latencyEvent *e = i >= 0 ? events[i] : createEvent(event);
    long long now = wallclockMs() / 1000;
    if (ms > e->max) e->max = ms;
    latencySample *last = latestSample(e);
    if (last->time == now) {
        if (ms > last->latency) last->latency = ms;
        return;
    }
    e->samples[e->next] = (latencySample){now, ms};
    e->next = (e->next + 1) % LATENCY_TS_LEN;
}

/* LATENCY LATEST: per event, its name, the time and latency of its latest
 * sample, and its maximum. */
static void latencyLatestCommand(client *c) {
    addReplyArrayLen(c, eventCount);
    for (int i = 0; i < eventCount; i++) {
        latencySample *last = latestSample(events[i]);
        addReplyArrayLen(c, 4);
        addReplyBulk(c, events[i]->name, sdslen(events[i]->name));
        addReplyLongLong(c, last->time);
        addReplyLongLong(c, (long long)last->latency);
        addReplyLongLong(c, (long long)events[i]->max);
    }
}

/* LATENCY HISTORY event: its samples, oldest first, as [time, latency]. */
static void latencyHistoryCommand(client *c) {
    int i = findEvent(c->argv[2].ptr, c->argv[2].len);
    if (i < 0) {
        addReplyEmptyArray(c);
        return;
    }
    latencyEvent *e = events[i];
    long long used = 0;
    for (int j = 0; j < LATENCY_TS_LEN; j++)
        if (e->samples[j].time) used++;
    addReplyArrayLen(c, used);
    for (int k = 0; k < LATENCY_TS_LEN; k++) {
        const latencySample *s = &e->samples[(e->next + k) % LATENCY_TS_LEN];
        if (!s->time) continue;
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, s->time);
        addReplyLongLong(c, (long long)s->latency);
    }
}

/* LATENCY RESET [event ...]: forgets the named events (all without names);
 * replies how many there were. */
static void latencyResetCommand(client *c) {
    long long reset = 0;
    if (c->argc == 2) {
        reset = eventCount;
        while (eventCount) deleteEvent(eventCount - 1);
    }
    for (int j = 2; j < c->argc; j++) {
        int i = findEvent(c->argv[j].ptr, c->argv[j].len);
        if (i < 0) continue;
        deleteEvent(i);
        reset++;
    }
    addReplyLongLong(c, reset);
}

static void latencyHelpCommand(client *c) {
    static const char *lines[] = {
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand latencySubcommands[] = {
    CMD("history", latencyHistoryCommand, 3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_SERVER, "2.8.13", "Returns timestamp-latency samples for an event.", "O(1)",
     NULL),
    CMD("latest", latencyLatestCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.13", "Returns the latest latency samples for all events.", "O(1)",
     NULL),
    CMD("reset", latencyResetCommand, -2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.13", "Resets the latency data for one or more events.", "O(1)",
     NULL),
    CMD("help", latencyHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand latencyCommands[] = {
    CMD("latency", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "A container for latency diagnostics commands.", "Depends on subcommand.",
     latencySubcommands),
    {0},
};

const serverModule latencyModule = {
    .commands = latencyCommands,
    .name = "latency",
    .config = &latencyConfig,
    .configSize = sizeof(latencyConfig),
    .directives = latencyDirectives,
    .init = latencyInit,
};
