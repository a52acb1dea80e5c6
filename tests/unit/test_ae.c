/* test_ae.c -- the event loop (src/event/ae.h) on every backend compiled in
 * (aeBackends): file events on socketpairs, handlers that delete events in
 * the middle of a dispatch, timers, resizing, the stats counters; then the
 * registry and what ae.c makes of a backend's caps.
 *
 * No test sleeps to wait for something: it runs the loop until what it
 * waits for has happened, with a guard timer as the deadline so that a
 * missing event fails the test instead of blocking it. Each per-backend
 * test runs in its own process under a watchdog alarm, so a backend that
 * crashes or hangs fails that test only.
 *
 * ctlCalls is expected to grow by one per add, modify or delete of an
 * interest, as epoll makes one epoll_ctl for each; a backend that makes no
 * system call per change (poll, select) will need its own figure there. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event/ae.h"
#include "event/backend.h"
#include "lib/clock.h"
#include "lib/util.h"
#include "unit.h"

/* Generous: the machine is shared; every wait here should end in ms. */
#define DEADLINE_MS 5000
#define SETSIZE 1024

static const aeBackend *backend; /* the one the current test runs on */

/* --- helpers ------------------------------------------------------------- */

/* A connected pair of non-blocking Unix stream sockets. */
static int makePair(int sv[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
}

static void closePair(const int sv[2]) {
    close(sv[0]);
    close(sv[1]);
}

static int sendByte(int fd) { return write(fd, "x", 1) == 1 ? 0 : -1; }

static long long deadlineProc(aeEventLoop *el, long long id, void *clientData) {
    (void)el;
    (void)id;
    *(int *)clientData = 1;
    return AE_NOMORE;
}

/* Runs whole cycles until *done is non-zero or DEADLINE_MS pass. Returns
 * whether *done was set. */
static int runUntil(aeEventLoop *el, const int *done) {
    int expired = 0;
    long long guard = aeCreateTimeEvent(el, DEADLINE_MS, deadlineProc, &expired);
    while (!*done && !expired) aeProcessEvents(el, AE_ALL_EVENTS);
    if (!expired) aeDeleteTimeEvent(el, guard);
    return *done != 0;
}

/* One cycle that polls without waiting. */
static void runNoWait(aeEventLoop *el) { aeProcessEvents(el, AE_FILE_EVENTS | AE_DONT_WAIT); }

/* What a file handler saw. */
typedef struct call {
    int count;
    int fd;
    int mask;
    void *clientData;
    uint64_t order; /* value of a shared counter when called */
} call;

/* The clientData of a watched fd: the loop keeps one per fd, whichever
 * handlers are registered on it, so each records its own half. */
typedef struct fdCalls {
    call read;
    call write;
} fdCalls;

static uint64_t callSequence;

static void recordCall(call *c, int fd, void *clientData, int mask) {
    c->count++;
    c->fd = fd;
    c->mask = mask;
    c->clientData = clientData;
    c->order = ++callSequence;
}

static void drain(int fd) {
    char buf[64];
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
}

/* Records a read call and leaves the bytes where they are. */
static void readRecorder(aeEventLoop *el, int fd, void *clientData, int mask) {
    (void)el;
    recordCall(&((fdCalls *)clientData)->read, fd, clientData, mask);
}

/* Records a read call and reads what is there. */
static void readDrainer(aeEventLoop *el, int fd, void *clientData, int mask) {
    readRecorder(el, fd, clientData, mask);
    drain(fd);
}

/* Records a write call. */
static void writeRecorder(aeEventLoop *el, int fd, void *clientData, int mask) {
    (void)el;
    recordCall(&((fdCalls *)clientData)->write, fd, clientData, mask);
}

/* Records a write call and deletes its event (else it fires forever). */
static void writeOnce(aeEventLoop *el, int fd, void *clientData, int mask) {
    writeRecorder(el, fd, clientData, mask);
    aeDeleteFileEvent(el, fd, AE_WRITABLE);
}

static aeEventLoop *newLoop(void) {
    callSequence = 0;
    return aeCreateEventLoop(backend, SETSIZE);
}

/* --- file events --------------------------------------------------------- */

static void testReadableFiresReadHandlerOnce(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readDrainer, &c), AE_OK);
    CHECK_INT(aeGetFileEvents(el, sv[0]), AE_READABLE);
    runNoWait(el);
    CHECK_INT(c.read.count, 0); /* nothing to read yet */
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(runUntil(el, &c.read.count));
    CHECK_INT(c.read.count, 1);
    CHECK_INT(c.read.fd, sv[0]);
    CHECK_INT(c.read.mask, AE_READABLE);
    CHECK(c.read.clientData == &c);
    /* Read to the end: no more calls until more arrives. */
    for (int i = 0; i < 3; i++) runNoWait(el);
    CHECK_INT(c.read.count, 1);
    aeDeleteEventLoop(el);
    closePair(sv);
}

static void testLevelTriggeredUnreadDataFiresAgain(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readRecorder, &c), AE_OK);
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(runUntil(el, &c.read.count));
    CHECK_INT(c.read.count, 1);
    /* The byte is still there: a level-triggered backend reports it again. */
    runNoWait(el);
    CHECK_INT(c.read.count, 2);
    aeDeleteEventLoop(el);
    closePair(sv);
}

static void testWritableFiresWriteHandler(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readRecorder, &c), AE_OK);
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_WRITABLE, writeOnce, &c), AE_OK);
    CHECK_INT(aeGetFileEvents(el, sv[0]), AE_READABLE | AE_WRITABLE);
    CHECK(runUntil(el, &c.write.count));
    CHECK_INT(c.write.count, 1);
    CHECK_INT(c.write.fd, sv[0]);
    CHECK_INT(c.write.mask, AE_WRITABLE);
    CHECK(c.write.clientData == &c);
    CHECK_INT(c.read.count, 0); /* nothing to read */
    /* The handler removed its event; the readable one is left. */
    CHECK_INT(aeGetFileEvents(el, sv[0]), AE_READABLE);
    for (int i = 0; i < 3; i++) runNoWait(el);
    CHECK_INT(c.write.count, 1);
    aeDeleteEventLoop(el);
    closePair(sv);
}

static void testReadRunsBeforeWrite(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    /* Write registered first, so the order is not registration order. */
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_WRITABLE, writeOnce, &c), AE_OK);
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readDrainer, &c), AE_OK);
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(runUntil(el, &c.write.count));
    CHECK_INT(c.read.count, 1);
    CHECK_INT(c.write.count, 1);
    CHECK_INT(c.read.mask, AE_READABLE | AE_WRITABLE);
    CHECK_INT(c.write.mask, AE_READABLE | AE_WRITABLE);
    CHECK_MSG(c.read.order < c.write.order, "read handler was call %llu, write handler call %llu",
              (unsigned long long)c.read.order, (unsigned long long)c.write.order);
    aeDeleteEventLoop(el);
    closePair(sv);
}


static void testOneProcForBothIsCalledOnce(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE, readDrainer, &c), AE_OK);
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(runUntil(el, &c.read.count));
    CHECK_UINT(el->stats.cycles, 1);
    CHECK_INT(c.read.count, 1);
    CHECK_INT(c.read.mask, AE_READABLE | AE_WRITABLE);
    CHECK_UINT(el->stats.eventsRead, 1);
    CHECK_UINT(el->stats.eventsWrite, 0);
    aeDeleteFileEvent(el, sv[0], AE_READABLE | AE_WRITABLE);
    aeDeleteEventLoop(el);
    closePair(sv);
}

static void testPeerCloseIsReadable(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readRecorder, &c), AE_OK);
    runNoWait(el);
    CHECK_INT(c.read.count, 0);
    close(sv[1]);
    CHECK(runUntil(el, &c.read.count));
    CHECK(c.read.mask & AE_READABLE);
    char byte;
    CHECK_INT(read(sv[0], &byte, 1), 0); /* end of file */
    aeDeleteEventLoop(el);
    close(sv[0]);
}

/* Two readable sockets; whichever handler runs first deletes the other's
 * event. */
static int rivalFds[2];
static fdCalls rivalCalls[2];

static void rival(aeEventLoop *el, int fd, void *clientData, int mask) {
    readDrainer(el, fd, clientData, mask);
    int me = clientData == &rivalCalls[1];
    aeDeleteFileEvent(el, rivalFds[1 - me], AE_READABLE);
}

static void testDeletedByAnotherHandlerIsNotCalled(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int a[2], b[2];
    CHECK_INT(makePair(a), 0);
    CHECK_INT(makePair(b), 0);
    memset(rivalCalls, 0, sizeof(rivalCalls));
    rivalFds[0] = a[0];
    rivalFds[1] = b[0];
    for (int i = 0; i < 2; i++)
        CHECK_INT(aeCreateFileEvent(el, rivalFds[i], AE_READABLE, rival, &rivalCalls[i]), AE_OK);
    CHECK_INT(sendByte(a[1]), 0);
    CHECK_INT(sendByte(b[1]), 0);
    aeProcessEvents(el, AE_FILE_EVENTS); /* both are ready: it does not block */
    /* The poll reported both, so the loop had the deleted one in hand. */
    CHECK_UINT(el->stats.events, 2);
    CHECK_INT(rivalCalls[0].read.count + rivalCalls[1].read.count, 1);
    CHECK_UINT(el->stats.eventsRead, 1);
    int loser = rivalCalls[0].read.count ? 1 : 0;
    CHECK_INT(aeGetFileEvents(el, rivalFds[loser]), AE_NONE);
    CHECK_INT(el->registeredFds, 1);
    /* The loser's byte is still unread, and still not its handler's. */
    for (int i = 0; i < 3; i++) runNoWait(el);
    CHECK_INT(rivalCalls[loser].read.count, 0);
    aeDeleteEventLoop(el);
    closePair(a);
    closePair(b);
}

/* Deletes both of its fd's events, leaving what it was told about unread. */
static void selfDeleting(aeEventLoop *el, int fd, void *clientData, int mask) {
    readRecorder(el, fd, clientData, mask);
    aeDeleteFileEvent(el, fd, AE_READABLE | AE_WRITABLE);
}

static void testDeletingOwnEventInHandlerIsSafe(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, selfDeleting, &c), AE_OK);
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_WRITABLE, writeRecorder, &c), AE_OK);
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(runUntil(el, &c.read.count));
    CHECK_INT(c.read.count, 1);
    CHECK_INT(c.read.mask, AE_READABLE | AE_WRITABLE);
    /* Writable in the same event, but deleted by the read handler. */
    CHECK_INT(c.write.count, 0);
    CHECK_INT(aeGetFileEvents(el, sv[0]), AE_NONE);
    CHECK_INT(el->registeredFds, 0);
    CHECK_INT(el->maxfd, -1);
    /* Still readable and writable, no longer watched. */
    for (int i = 0; i < 3; i++) runNoWait(el);
    CHECK_INT(c.read.count, 1);
    CHECK_INT(c.write.count, 0);
    /* And it can be registered again: the unread byte is reported. */
    fdCalls again = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, readDrainer, &again), AE_OK);
    CHECK(runUntil(el, &again.read.count));
    CHECK_INT(again.read.count, 1);
    aeDeleteEventLoop(el);
    closePair(sv);
}

/* --- timers -------------------------------------------------------------- */

typedef struct timerRecord {
    int fired;
    uint64_t atUs;
    uint64_t cycle; /* el->stats.cycles when it fired */
    int period;     /* returned while calls remain */
    int callsLeft;  /* AE_NOMORE after this many */
    uint64_t callUs[8];
} timerRecord;

static long long recordingTimer(aeEventLoop *el, long long id, void *clientData) {
    (void)id;
    timerRecord *t = clientData;
    t->atUs = monotonicUs();
    if (t->fired < (int)(sizeof(t->callUs) / sizeof(t->callUs[0]))) t->callUs[t->fired] = t->atUs;
    t->fired++;
    t->cycle = el->stats.cycles;
    if (--t->callsLeft > 0) return t->period;
    return AE_NOMORE;
}

static void testTimerFiresAfterItsDelayInOnePoll(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    timerRecord t = {.callsLeft = 1};
    uint64_t start = monotonicUs();
    CHECK(aeCreateTimeEvent(el, 5, recordingTimer, &t) >= 0);
    /* Poll 4.7 ms before it is due, not a whole number of milliseconds, so
     * a timeout rounded down would end the poll too early. */
    while (monotonicUs() < start + 300) {
    }
    CHECK(runUntil(el, &t.fired));
    CHECK_INT(t.fired, 1);
    CHECK_MSG(t.atUs >= start + 5000, "a 5 ms timer fired after %llu us",
              (unsigned long long)(t.atUs - start));
    /* The poll slept until the timer was due (its timeout rounded up to the
     * millisecond), so one cycle did it: no early wakeup, no busy loop. */
    CHECK_UINT(el->stats.cycles, 1);
    CHECK_UINT(el->stats.wakeupsTimeout, 1);
    CHECK_UINT(el->stats.eventsTime, 1);
    aeDeleteEventLoop(el);
}

/* Promptness is measured, not assumed: on a shared machine any one wakeup
 * may be late, so the best of several tries must be within the bound. */
#define PROMPT_TRIES 10
#define PROMPT_BOUND_US 2000

static void testTimerIsPrompt(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < PROMPT_TRIES && best >= PROMPT_BOUND_US; i++) {
        timerRecord t = {.callsLeft = 1};
        uint64_t due = monotonicUs() + 2000;
        CHECK(aeCreateTimeEvent(el, 2, recordingTimer, &t) >= 0);
        CHECK(runUntil(el, &t.fired));
        CHECK(t.atUs >= due);
        if (t.atUs - due < best) best = t.atUs - due;
    }
    CHECK_MSG(best < PROMPT_BOUND_US, "a 2 ms timer was at best %llu us late in %d tries",
              (unsigned long long)best, PROMPT_TRIES);
    aeDeleteEventLoop(el);
}

static void testTimersFireInOrderOfDueTime(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    /* Created neither in due order nor against it. */
    static const int delays[3] = {3, 1, 2};
    timerRecord t[3] = {{.callsLeft = 1}, {.callsLeft = 1}, {.callsLeft = 1}};
    uint64_t start = monotonicUs();
    for (int i = 0; i < 3; i++) CHECK(aeCreateTimeEvent(el, delays[i], recordingTimer, &t[i]) >= 0);
    int all = 0;
    int expired = 0;
    long long guard = aeCreateTimeEvent(el, DEADLINE_MS, deadlineProc, &expired);
    while (!all && !expired) {
        aeProcessEvents(el, AE_ALL_EVENTS);
        all = t[0].fired && t[1].fired && t[2].fired;
    }
    CHECK(all);
    aeDeleteTimeEvent(el, guard);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(t[i].fired, 1);
        CHECK_MSG(t[i].atUs >= start + (uint64_t)delays[i] * 1000,
                  "the %d ms timer fired after %llu us", delays[i],
                  (unsigned long long)(t[i].atUs - start));
    }
    /* 1 ms, then 2, then 3: a timer due later never fires in an earlier
     * cycle (two may share one if the thread was held up). */
    CHECK_MSG(t[1].cycle <= t[2].cycle && t[2].cycle <= t[0].cycle,
              "cycles: 1 ms timer %llu, 2 ms %llu, 3 ms %llu", (unsigned long long)t[1].cycle,
              (unsigned long long)t[2].cycle, (unsigned long long)t[0].cycle);
    aeDeleteEventLoop(el);
}

static void testPeriodicTimerRearmsUntilNomore(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    timerRecord t = {.period = 2, .callsLeft = 3};
    long long id = aeCreateTimeEvent(el, 1, recordingTimer, &t);
    CHECK(id >= 0);
    int three = 0;
    int expired = 0;
    long long guard = aeCreateTimeEvent(el, DEADLINE_MS, deadlineProc, &expired);
    while (!three && !expired) {
        aeProcessEvents(el, AE_ALL_EVENTS);
        three = t.fired >= 3;
    }
    CHECK_INT(t.fired, 3);
    /* Re-armed a period after each call returned. */
    for (int i = 1; i < 3; i++) {
        CHECK_MSG(t.callUs[i] >= t.callUs[i - 1] + 2000, "call %d came %llu us after call %d",
                  i + 1, (unsigned long long)(t.callUs[i] - t.callUs[i - 1]), i);
    }
    /* AE_NOMORE removed it: it is not found, and not called again. */
    CHECK_INT(aeDeleteTimeEvent(el, id), AE_ERR);
    timerRecord later = {.callsLeft = 1};
    CHECK(aeCreateTimeEvent(el, 10, recordingTimer, &later) >= 0);
    CHECK(runUntil(el, &later.fired));
    CHECK_INT(t.fired, 3);
    CHECK_INT(aeDeleteTimeEvent(el, guard), AE_OK);
    CHECK_UINT(el->stats.eventsTime, 4);
    aeDeleteEventLoop(el);
}

static void testDeletedTimerNeverFires(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    timerRecord gone = {.callsLeft = 1}, kept = {.callsLeft = 1};
    long long goneId = aeCreateTimeEvent(el, 1, recordingTimer, &gone);
    CHECK(aeCreateTimeEvent(el, 3, recordingTimer, &kept) >= 0);
    CHECK_INT(aeDeleteTimeEvent(el, goneId), AE_OK);
    CHECK(runUntil(el, &kept.fired));
    CHECK_INT(gone.fired, 0);
    CHECK_INT(kept.fired, 1);
    CHECK_INT(aeDeleteTimeEvent(el, goneId), AE_ERR); /* already gone */
    CHECK_INT(aeDeleteTimeEvent(el, 424242), AE_ERR); /* never existed */
    aeDeleteEventLoop(el);
}

/* Two due timers; whichever runs first deletes the other. */
static long long rivalTimerIds[2];
static int rivalTimerCalls[2];

static long long rivalTimer(aeEventLoop *el, long long id, void *clientData) {
    (void)id;
    int me = (int)(intptr_t)clientData;
    rivalTimerCalls[me]++;
    aeDeleteTimeEvent(el, rivalTimerIds[1 - me]);
    return AE_NOMORE;
}

static void testTimerDeletedByAnotherTimerIsNotCalled(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    rivalTimerCalls[0] = rivalTimerCalls[1] = 0;
    for (int i = 0; i < 2; i++)
        rivalTimerIds[i] = aeCreateTimeEvent(el, 0, rivalTimer, (void *)(intptr_t)i);
    /* Both are due at once: one pass sees both. */
    aeProcessEvents(el, AE_TIME_EVENTS);
    CHECK_INT(rivalTimerCalls[0] + rivalTimerCalls[1], 1);
    aeProcessEvents(el, AE_TIME_EVENTS);
    CHECK_INT(rivalTimerCalls[0] + rivalTimerCalls[1], 1);
    aeDeleteEventLoop(el);
}

/* --- set size ------------------------------------------------------------ */

static void testResizeRefusesToDropRegisteredFd(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int a[2], b[2];
    CHECK_INT(makePair(a), 0);
    CHECK_INT(makePair(b), 0);
    int low = a[0], high = b[1]; /* socketpair hands out the lowest free fds */
    CHECK(low < high);
    fdCalls r = {0};
    CHECK_INT(aeCreateFileEvent(el, low, AE_READABLE, readDrainer, &r), AE_OK);
    CHECK_INT(aeResizeSetSize(el, low), AE_ERR); /* low would not fit */
    CHECK_INT(el->setsize, SETSIZE);
    CHECK_INT(aeResizeSetSize(el, low + 1), AE_OK);
    CHECK_INT(el->setsize, low + 1);
    /* The loop works at its new size... */
    CHECK_INT(sendByte(a[1]), 0);
    CHECK(runUntil(el, &r.read.count));
    /* ...and refuses an fd that does not fit, even by one. */
    fdCalls h = {0};
    CHECK_INT(aeResizeSetSize(el, high), AE_OK);
    errno = 0;
    CHECK_INT(aeCreateFileEvent(el, high, AE_READABLE, readDrainer, &h), AE_ERR);
    CHECK_INT(errno, ERANGE);
    CHECK_INT(aeResizeSetSize(el, high + 1), AE_OK);
    CHECK_INT(aeGetFileEvents(el, high), AE_NONE); /* new slots start empty */
    CHECK_INT(aeCreateFileEvent(el, high, AE_READABLE, readDrainer, &h), AE_OK);
    CHECK_INT(sendByte(b[0]), 0);
    CHECK(runUntil(el, &h.read.count));
    CHECK_INT(h.read.fd, high);
    aeDeleteEventLoop(el);
    closePair(a);
    closePair(b);
}

#define GROW_PAIRS 12

static void testResizeGrowsTheBackend(void) {
    /* Small enough that the descriptors below will not fit, nor all their
     * events in one poll of the old size. */
    aeEventLoop *el = aeCreateEventLoop(backend, 8);
    CHECK_NOT_NULL(el);
    int pairs[GROW_PAIRS][2];
    for (int i = 0; i < GROW_PAIRS; i++) CHECK_INT(makePair(pairs[i]), 0);
    int top = pairs[GROW_PAIRS - 1][1];
    CHECK(top >= 8);
    CHECK_INT(aeResizeSetSize(el, top + 1), AE_OK);
    static fdCalls calls[GROW_PAIRS][2];
    memset(calls, 0, sizeof(calls));
    for (int i = 0; i < GROW_PAIRS; i++) {
        for (int j = 0; j < 2; j++) {
            CHECK_INT(aeCreateFileEvent(el, pairs[i][j], AE_WRITABLE, writeOnce, &calls[i][j]),
                      AE_OK);
        }
    }
    /* Every one is writable: one wakeup reports all of them. */
    aeProcessEvents(el, AE_FILE_EVENTS);
    CHECK_UINT(el->stats.events, 2 * GROW_PAIRS);
    for (int i = 0; i < GROW_PAIRS; i++) {
        for (int j = 0; j < 2; j++) {
            CHECK_INT(calls[i][j].write.count, 1);
            CHECK_INT(calls[i][j].write.fd, pairs[i][j]);
        }
    }
    aeDeleteEventLoop(el);
    for (int i = 0; i < GROW_PAIRS; i++) closePair(pairs[i]);
}

/* --- stats --------------------------------------------------------------- */

static void testStatsCountWhatHappened(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    int a[2], b[2];
    CHECK_INT(makePair(a), 0);
    CHECK_INT(makePair(b), 0);
    fdCalls ca = {0}, cb = {0};
    CHECK_UINT(el->stats.ctlCalls, 0);
    CHECK_INT(aeCreateFileEvent(el, a[0], AE_READABLE, readDrainer, &ca), AE_OK);
    CHECK_INT(aeCreateFileEvent(el, b[0], AE_READABLE, readDrainer, &cb), AE_OK);
    CHECK_INT(aeCreateFileEvent(el, b[0], AE_WRITABLE, writeOnce, &cb), AE_OK);
    /* Re-registering a mask already watched asks nothing of the backend. */
    CHECK_INT(aeCreateFileEvent(el, a[0], AE_READABLE, readDrainer, &ca), AE_OK);
    CHECK_UINT(el->stats.ctlCalls, 3);
    CHECK_INT(el->registeredFds, 2);

    /* A wakeup with three handlers to call on two descriptors. */
    CHECK_INT(sendByte(a[1]), 0);
    CHECK_INT(sendByte(b[1]), 0);
    aeProcessEvents(el, AE_FILE_EVENTS);
    CHECK_INT(ca.read.count + cb.read.count + cb.write.count, 3);
    CHECK_UINT(el->stats.cycles, 1);
    CHECK_UINT(el->stats.wakeups, 1);
    CHECK_UINT(el->stats.wakeupsTimeout, 0);
    CHECK_UINT(el->stats.events, 2);
    CHECK_UINT(el->stats.eventsRead, 2);
    CHECK_UINT(el->stats.eventsWrite, 1);
    CHECK_UINT(el->stats.perWakeupMax, 2);
    CHECK_UINT(el->stats.perWakeupHist[1], 1); /* the 2-3 bucket */
    CHECK_UINT(el->stats.ctlCalls, 4);         /* writeOnce's delete */

    /* Nothing ready: a timeout, no handler. */
    runNoWait(el);
    CHECK_UINT(el->stats.cycles, 2);
    CHECK_UINT(el->stats.wakeups, 1);
    CHECK_UINT(el->stats.wakeupsTimeout, 1);
    CHECK_UINT(el->stats.events, 2);

    /* Deleting a mask not registered asks nothing of the backend. */
    aeDeleteFileEvent(el, a[0], AE_WRITABLE);
    CHECK_UINT(el->stats.ctlCalls, 4);
    aeDeleteFileEvent(el, a[0], AE_READABLE);
    CHECK_UINT(el->stats.ctlCalls, 5);
    CHECK_INT(el->registeredFds, 1);

    aeResetStats(el);
    CHECK_UINT(el->stats.cycles, 0);
    CHECK_UINT(el->stats.wakeups, 0);
    CHECK_UINT(el->stats.events, 0);
    CHECK_UINT(el->stats.eventsRead, 0);
    CHECK_UINT(el->stats.ctlCalls, 0);
    CHECK_INT(el->registeredFds, 1); /* state, not a counter */
    aeDeleteEventLoop(el);
    closePair(a);
    closePair(b);
}

/* --- hooks and aeMain ---------------------------------------------------- */

static int hookBefore, hookAfter, afterSeenByHandler;

static void beforeHook(aeEventLoop *el) {
    (void)el;
    hookBefore++;
}

static void afterHook(aeEventLoop *el) {
    (void)el;
    hookAfter++;
}

static void hookChecker(aeEventLoop *el, int fd, void *clientData, int mask) {
    afterSeenByHandler = hookAfter;
    readDrainer(el, fd, clientData, mask);
}

/* clientData, if not NULL, is set to 1: which of two stop timers fired. */
static long long stopTimer(aeEventLoop *el, long long id, void *clientData) {
    (void)id;
    if (clientData) *(int *)clientData = 1;
    aeStop(el);
    return AE_NOMORE;
}

static void testHooksRunAroundThePollAndAeMainStops(void) {
    aeEventLoop *el = newLoop();
    CHECK_NOT_NULL(el);
    hookBefore = hookAfter = afterSeenByHandler = 0;
    aeSetBeforeSleepProc(el, beforeHook);
    aeSetAfterSleepProc(el, afterHook);
    int sv[2];
    CHECK_INT(makePair(sv), 0);
    fdCalls c = {0};
    CHECK_INT(aeCreateFileEvent(el, sv[0], AE_READABLE, hookChecker, &c), AE_OK);
    CHECK_INT(sendByte(sv[1]), 0);
    CHECK(aeCreateTimeEvent(el, 2, stopTimer, NULL) >= 0);
    int expired = 0;
    long long guard = aeCreateTimeEvent(el, DEADLINE_MS, stopTimer, &expired);
    aeMain(el); /* returns once the 2 ms timer stops it */
    CHECK_INT(expired, 0);
    CHECK_INT(aeDeleteTimeEvent(el, guard), AE_OK);
    CHECK_INT(c.read.count, 1);
    CHECK_UINT(el->stats.eventsTime, 1);
    CHECK_MSG(hookBefore >= 1 && (uint64_t)hookBefore == el->stats.cycles,
              "before-sleep ran %d times in %llu cycles", hookBefore,
              (unsigned long long)el->stats.cycles);
    CHECK_INT(hookAfter, hookBefore);
    CHECK_INT(afterSeenByHandler, 1); /* after the poll, before the handlers */
    /* Without the flags, the hooks are not called. */
    runNoWait(el);
    CHECK_INT(hookBefore, hookAfter);
    CHECK_UINT((uint64_t)hookBefore + 1, el->stats.cycles);
    aeDeleteEventLoop(el);
    closePair(sv);
}

/* --- the registry and the caps ------------------------------------------- */

static void testRegistryFindsEachBackendByName(void) {
    CHECK_NOT_NULL(aeBackends[0]);
    CHECK_STR(aeBackends[0]->name, "epoll"); /* the default */
    for (int i = 0; aeBackends[i]; i++) {
        CHECK(aeBackendByName(aeBackends[i]->name) == aeBackends[i]);
        CHECK_CONTEXT("backend %s", aeBackends[i]->name);
    }
    CHECK_NULL(aeBackendByName("kqueue"));
    CHECK_NULL(aeBackendByName(""));
    CHECK_NULL(aeBackendByName("EPOLL"));
}

static void testNamesReportedForEachBackend(void) {
    for (int i = 0; aeBackends[i]; i++) {
        aeEventLoop *el = aeCreateEventLoop(aeBackends[i], 64);
        CHECK_NOT_NULL(el);
        CHECK(el->backend == aeBackends[i]);
        CHECK_STR(aeGetApiName(el), aeBackends[i]->name);
        int edge = (aeBackends[i]->caps & AE_CAP_EDGE_TRIGGERED) != 0;
        CHECK_STR(aeGetTriggerName(el), edge ? "edge" : "level");
        aeDeleteEventLoop(el);
    }
    /* INFO shows these for the server's loop. */
    aeEventLoop *el = aeCreateEventLoop(aeBackendByName("epoll"), 64);
    CHECK_NOT_NULL(el);
    CHECK_STR(aeGetApiName(el), "epoll");
    CHECK_STR(aeGetTriggerName(el), "level");
    aeDeleteEventLoop(el);
}

static void testTriggerNameFollowsTheEdgeCap(void) {
    aeBackend edge = *aeBackends[0];
    edge.caps |= AE_CAP_EDGE_TRIGGERED;
    aeEventLoop *el = aeCreateEventLoop(&edge, 64);
    CHECK_NOT_NULL(el);
    CHECK_STR(aeGetTriggerName(el), "edge");
    aeDeleteEventLoop(el);
    aeBackend level = *aeBackends[0];
    level.caps = AE_CAP_FD_LIMIT | AE_CAP_COMPLETION;
    level.fdLimit = 64;
    el = aeCreateEventLoop(&level, 64);
    CHECK_NOT_NULL(el);
    CHECK_STR(aeGetTriggerName(el), "level");
    aeDeleteEventLoop(el);
}

static void testFdLimitBoundsTheSetSize(void) {
    aeBackend limited = *aeBackends[0];
    limited.caps |= AE_CAP_FD_LIMIT;
    limited.fdLimit = 32;
    errno = 0;
    CHECK_NULL(aeCreateEventLoop(&limited, 33));
    CHECK_INT(errno, EINVAL);
    aeEventLoop *el = aeCreateEventLoop(&limited, 32);
    CHECK_NOT_NULL(el);
    CHECK_INT(aeResizeSetSize(el, 33), AE_ERR);
    CHECK_INT(el->setsize, 32);
    CHECK_INT(aeResizeSetSize(el, 16), AE_OK);
    CHECK_INT(aeResizeSetSize(el, 32), AE_OK);
    aeDeleteEventLoop(el);
    /* Without the cap the field means nothing. */
    limited.caps &= ~AE_CAP_FD_LIMIT;
    el = aeCreateEventLoop(&limited, 33);
    CHECK_NOT_NULL(el);
    CHECK_INT(aeResizeSetSize(el, 128), AE_OK);
    aeDeleteEventLoop(el);
}

/* --- main ---------------------------------------------------------------- */

/* The guard timers bound a wait only while timers and aeStop work; this
 * bounds the whole test process. */
#define WATCHDOG_S 60

static unitTestFn *watchedTest;

static void watched(void) {
    alarm(WATCHDOG_S); /* SIGALRM ends the process: the test fails */
    watchedTest();
}

/* Each in its own process: a backend that crashes or hangs in one test
 * fails that test, and the others still run. */
static void runOnBackend(const char *behaviour, unitTestFn *fn) {
    char name[256];
    snprintf(name, sizeof(name), "ae %s: %s", backend->name, behaviour);
    watchedTest = fn;
    UNIT_RUN_ISOLATED(name, watched);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    for (int i = 0; aeBackends[i]; i++) {
        backend = aeBackends[i];
        runOnBackend("a readable socketpair fires the read handler once, with AE_READABLE",
                     testReadableFiresReadHandlerOnce);
        if (!(backend->caps & AE_CAP_EDGE_TRIGGERED))
            runOnBackend("level-triggered, a read handler that leaves bytes unread is called again",
                         testLevelTriggeredUnreadDataFiresAgain);
        runOnBackend("a writable socketpair fires the write handler, with AE_WRITABLE",
                     testWritableFiresWriteHandler);
        runOnBackend("a readable and writable fd gets its read handler before its write handler",
                     testReadRunsBeforeWrite);
        runOnBackend("one proc registered for both directions is called once per event",
                     testOneProcForBothIsCalledOnce);
        runOnBackend("the peer closing its end fires the read handler, which reads end of file",
                     testPeerCloseIsReadable);
        runOnBackend("an event deleted by another fd's handler in the same dispatch is not called",
                     testDeletedByAnotherHandlerIsNotCalled);
        runOnBackend("a handler deleting its own events skips their other half and is not "
                     "called again",
                     testDeletingOwnEventInHandlerIsSafe);
        runOnBackend("a 5 ms timer fires no earlier than 5 ms, ending the first poll",
                     testTimerFiresAfterItsDelayInOnePoll);
        runOnBackend("a 2 ms timer fires within 2 ms of its due time (best of 10 tries)",
                     testTimerIsPrompt);
        runOnBackend("timers due in 3, 1 and 2 ms fire in order of due time, none early",
                     testTimersFireInOrderOfDueTime);
        runOnBackend("a timer returning a period re-arms; returning AE_NOMORE removes it",
                     testPeriodicTimerRearmsUntilNomore);
        runOnBackend("aeDeleteTimeEvent removes a pending timer, which never fires",
                     testDeletedTimerNeverFires);
        runOnBackend("a due timer deleted by another timer in the same pass is not called",
                     testTimerDeletedByAnotherTimerIsNotCalled);
        runOnBackend("aeResizeSetSize refuses to drop a registered fd, and works either way",
                     testResizeRefusesToDropRegisteredFd);
        runOnBackend("aeResizeSetSize grows the backend: one wakeup reports more fds than before",
                     testResizeGrowsTheBackend);
        runOnBackend("the stats count wakeups, events, read and write calls and ctl calls",
                     testStatsCountWhatHappened);
        runOnBackend("the sleep hooks run around each poll, and aeMain returns on aeStop",
                     testHooksRunAroundThePollAndAeMainStops);
    }
    UNIT_RUN("ae: aeBackendByName finds each backend compiled in, epoll first, and no other",
             testRegistryFindsEachBackendByName);
    UNIT_RUN("ae: each backend's loop reports its name and the trigger its caps imply",
             testNamesReportedForEachBackend);
    UNIT_RUN("ae: the trigger is edge with AE_CAP_EDGE_TRIGGERED and level without it",
             testTriggerNameFollowsTheEdgeCap);
    UNIT_RUN("ae: with AE_CAP_FD_LIMIT no loop is created or resized past fdLimit",
             testFdLimitBoundsTheSetSize);
    return unitReport();
}
