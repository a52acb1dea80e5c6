/* event/ae.c -- the event loop: the per-fd handler table, the timers, the
 * dispatch of one poll and the counters, the same on every backend; see ae.h. */
#include "event/ae.h"

#include <errno.h>

#include "event/backend.h"
#include "lib/clock.h"
#include "lib/util.h"
#include "lib/zmalloc.h"

#define AE_DELETED_EVENT_ID -1

/* Whether the backend can watch descriptors up to setsize - 1. */
static int fitsBackend(const aeBackend *backend, int setsize) {
    return !(backend->caps & AE_CAP_FD_LIMIT) || setsize <= backend->fdLimit;
}

aeEventLoop *aeCreateEventLoop(const aeBackend *backend, int setsize) {
    if (!fitsBackend(backend, setsize)) {
        errno = EINVAL;
        return NULL;
    }
    aeEventLoop *el = zcalloc(sizeof(*el));
    el->events = zcalloc(sizeof(aeFileEvent) * (size_t)setsize);
    el->fired = zmalloc(sizeof(aeFiredEvent) * (size_t)setsize);
    el->setsize = setsize;
    el->maxfd = -1;
    el->backend = backend;
    if (el->backend->create(el) == -1) {
        zfree(el->events);
        zfree(el->fired);
        zfree(el);
        return NULL;
    }
    return el;
}

void aeDeleteEventLoop(aeEventLoop *el) {
    el->backend->destroy(el);
    aeTimeEvent *te = el->timeEventHead;
    while (te) {
        aeTimeEvent *next = te->next;
        zfree(te);
        te = next;
    }
    zfree(el->events);
    zfree(el->fired);
    zfree(el);
}

int aeResizeSetSize(aeEventLoop *el, int setsize) {
    if (setsize == el->setsize) return AE_OK;
    if (el->maxfd >= setsize || !fitsBackend(el->backend, setsize)) return AE_ERR;
    if (el->backend->resize(el, setsize) == -1) return AE_ERR;
    el->events = zrealloc(el->events, sizeof(aeFileEvent) * (size_t)setsize);
    el->fired = zrealloc(el->fired, sizeof(aeFiredEvent) * (size_t)setsize);
    for (int i = el->setsize; i < setsize; i++) el->events[i].mask = AE_NONE;
    el->setsize = setsize;
    return AE_OK;
}

int aeCreateFileEvent(aeEventLoop *el, int fd, int mask, aeFileProc *proc, void *clientData) {
    if (fd >= el->setsize) {
        errno = ERANGE;
        return AE_ERR;
    }
    aeFileEvent *fe = &el->events[fd];
    if ((fe->mask & mask) != mask) {
        if (el->backend->addEvent(el, fd, fe->mask, mask) == -1) return AE_ERR;
    }
    if (fe->mask == AE_NONE) el->registeredFds++;
    fe->mask |= mask;
    if (mask & AE_READABLE) fe->rfileProc = proc;
    if (mask & AE_WRITABLE) fe->wfileProc = proc;
    fe->clientData = clientData;
    if (fd > el->maxfd) el->maxfd = fd;
    return AE_OK;
}

void aeDeleteFileEvent(aeEventLoop *el, int fd, int mask) {
    if (fd >= el->setsize) return;
    aeFileEvent *fe = &el->events[fd];
    if ((fe->mask & mask) == AE_NONE) return;
    fe->mask &= ~mask;
    el->backend->delEvent(el, fd, fe->mask);
    if (fe->mask != AE_NONE) return;
    el->registeredFds--;
    if (fd == el->maxfd) {
        while (el->maxfd >= 0 && el->events[el->maxfd].mask == AE_NONE) el->maxfd--;
    }
}

int aeGetFileEvents(aeEventLoop *el, int fd) {
    return fd < el->setsize ? el->events[fd].mask : AE_NONE;
}

long long aeCreateTimeEvent(aeEventLoop *el, long long milliseconds, aeTimeProc *proc,
                            void *clientData) {
    aeTimeEvent *te = zmalloc(sizeof(*te));
    te->id = el->timeEventNextId++;
    te->whenUs = monotonicUs() + (uint64_t)milliseconds * 1000;
    te->proc = proc;
    te->clientData = clientData;
    te->next = el->timeEventHead;
    el->timeEventHead = te;
    return te->id;
}

int aeDeleteTimeEvent(aeEventLoop *el, long long id) {
    for (aeTimeEvent *te = el->timeEventHead; te; te = te->next) {
        if (te->id == id) {
            /* Freed by processTimeEvents, which may be iterating right now. */
            te->id = AE_DELETED_EVENT_ID;
            return AE_OK;
        }
    }
    return AE_ERR;
}

/* Milliseconds from now until the nearest timer is due, 0 if one is due,
 * -1 if none. */
static int msUntilNearestTimer(aeEventLoop *el, uint64_t now) {
    uint64_t nearest = UINT64_MAX;
    for (aeTimeEvent *te = el->timeEventHead; te; te = te->next) {
        if (te->id != AE_DELETED_EVENT_ID && te->whenUs < nearest) nearest = te->whenUs;
    }
    if (nearest == UINT64_MAX) return -1;
    if (nearest <= now) return 0;
    /* Round up so we do not wake a little early and sleep again. */
    return (int)((nearest - now + 999) / 1000);
}

static int processTimeEvents(aeEventLoop *el) {
    int processed = 0;
    /* Timers created by handlers during this pass wait for the next one. */
    long long maxId = el->timeEventNextId - 1;
    uint64_t now = monotonicUs();
    aeTimeEvent **link = &el->timeEventHead;
    while (*link) {
        aeTimeEvent *te = *link;
        if (te->id == AE_DELETED_EVENT_ID) {
            *link = te->next;
            zfree(te);
            continue;
        }
        if (te->id <= maxId && te->whenUs <= now) {
            long long next = te->proc(el, te->id, te->clientData);
            processed++;
            el->stats.eventsTime++;
            if (next == AE_NOMORE) te->id = AE_DELETED_EVENT_ID;
            else te->whenUs = monotonicUs() + (uint64_t)next * 1000;
            now = monotonicUs();
        }
        link = &te->next;
    }
    return processed;
}

static void countWakeup(aeStats *s, int numevents) {
    s->wakeups++;
    s->events += (uint64_t)numevents;
    if ((uint64_t)numevents > s->perWakeupMax) s->perWakeupMax = (uint64_t)numevents;
    int bucket = 0;
    while (bucket < AE_HIST_BUCKETS - 1 && numevents >= (2 << bucket)) bucket++;
    s->perWakeupHist[bucket]++;
}

/* One poll starting at start (monotonic µs), with its time and outcome
 * counted. */
static int pollOnce(aeEventLoop *el, int timeoutMs, uint64_t start) {
    if (el->lastPollEndUs) el->stats.durationUs += start - el->lastPollEndUs;
    int numevents = el->backend->poll(el, timeoutMs);
    int savedErrno = errno;
    uint64_t end = monotonicUs();
    el->stats.waitUs += end - start;
    el->lastPollEndUs = end;
    if (numevents > 0) countWakeup(&el->stats, numevents);
    else if (numevents == 0) el->stats.wakeupsTimeout++;
    else if (savedErrno == EINTR) el->stats.wakeupsInterrupted++;
    return numevents;
}

static void dispatchFileEvent(aeEventLoop *el, int fd, int mask) {
    aeFileEvent *fe = &el->events[fd];
    int fired = 0;
    /* Read first: a client's request is handled and its reply possibly
     * written in the same cycle. A handler may delete the event (or close
     * the fd), so the mask is re-checked before each call. */
    if (fe->mask & mask & AE_READABLE) {
        el->stats.eventsRead++;
        fe->rfileProc(el, fd, fe->clientData, mask);
        fired = 1;
    }
    fe = &el->events[fd];
    if (fe->mask & mask & AE_WRITABLE) {
        if (!fired || fe->wfileProc != fe->rfileProc) {
            el->stats.eventsWrite++;
            fe->wfileProc(el, fd, fe->clientData, mask);
        }
    }
}

int aeProcessEvents(aeEventLoop *el, int flags) {
    int processed = 0;
    el->stats.cycles++;
    if (flags & AE_FILE_EVENTS) {
        if ((flags & AE_CALL_BEFORE_SLEEP) && el->beforeSleep) el->beforeSleep(el);
        /* After the hook, which may take a while: the timers are then
         * closer. One clock read serves the timeout and the poll's start. */
        uint64_t now = monotonicUs();
        int timeoutMs = -1;
        if ((flags & AE_DONT_WAIT) || el->stop) timeoutMs = 0;
        else if (flags & AE_TIME_EVENTS) timeoutMs = msUntilNearestTimer(el, now);
        int numevents = pollOnce(el, timeoutMs, now);
        if ((flags & AE_CALL_AFTER_SLEEP) && el->afterSleep) el->afterSleep(el);
        for (int i = 0; i < numevents; i++) {
            dispatchFileEvent(el, el->fired[i].fd, el->fired[i].mask);
            processed++;
        }
    }
    if (flags & AE_TIME_EVENTS) processed += processTimeEvents(el);
    return processed;
}

void aeMain(aeEventLoop *el) {
    el->stop = 0;
    while (!el->stop) {
        aeProcessEvents(el, AE_ALL_EVENTS | AE_CALL_BEFORE_SLEEP | AE_CALL_AFTER_SLEEP);
    }
}

void aeStop(aeEventLoop *el) { el->stop = 1; }
void aeSetBeforeSleepProc(aeEventLoop *el, aeHookProc *proc) { el->beforeSleep = proc; }
void aeSetAfterSleepProc(aeEventLoop *el, aeHookProc *proc) { el->afterSleep = proc; }
const char *aeGetApiName(const aeEventLoop *el) { return el->backend->name; }
const char *aeGetTriggerName(const aeEventLoop *el) {
    return el->backend->caps & AE_CAP_EDGE_TRIGGERED ? "edge" : "level";
}

void aeResetStats(aeEventLoop *el) {
    el->stats = (aeStats){0};
}
