/* event/ae.h -- the event loop: file events, time events, hooks around the sleep.
 *
 * The loop waits in the kernel, through the backend it was created with
 * (event/backend.h: epoll_wait for event/backends/epoll.c), until one of its
 * file descriptors is ready or the nearest timer is due, then calls the
 * handler registered for each ready descriptor and each due timer. It knows
 * nothing of clients or commands: the server registers handlers and the loop
 * calls them.
 *
 * It also counts what the kernel did to it -- wakeups, events per wakeup,
 * time blocked vs busy, epoll_ctl calls -- in aeStats, which INFO eventloop
 * reports.
 *
 * The event/ folder owns the loop (ae.c) and the kernel mechanisms under
 * it: the backend interface (backend.h), one file per mechanism in
 * backends/, and the list of those compiled in (registry.c). It includes
 * nothing but lib/. */
#ifndef AE_H
#define AE_H

#include <stdint.h>

#define AE_OK 0
#define AE_ERR -1

#define AE_NONE 0
#define AE_READABLE 1
#define AE_WRITABLE 2

#define AE_FILE_EVENTS (1 << 0)
#define AE_TIME_EVENTS (1 << 1)
#define AE_ALL_EVENTS (AE_FILE_EVENTS | AE_TIME_EVENTS)
#define AE_DONT_WAIT (1 << 2)
#define AE_CALL_BEFORE_SLEEP (1 << 3)
#define AE_CALL_AFTER_SLEEP (1 << 4)

/* A time event handler returns this to be removed, else its next period. */
#define AE_NOMORE -1

/* Events returned by one poll are counted in these buckets:
 * 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+. */
#define AE_HIST_BUCKETS 7

struct aeEventLoop;

typedef void aeFileProc(struct aeEventLoop *el, int fd, void *clientData, int mask);
typedef long long aeTimeProc(struct aeEventLoop *el, long long id, void *clientData);
typedef void aeHookProc(struct aeEventLoop *el);

typedef struct aeFileEvent {
    int mask; /* AE_READABLE | AE_WRITABLE, or AE_NONE when unused */
    aeFileProc *rfileProc;
    aeFileProc *wfileProc;
    void *clientData;
} aeFileEvent;

typedef struct aeTimeEvent {
    long long id; /* AE_DELETED_EVENT_ID once deleted */
    uint64_t whenUs;
    aeTimeProc *proc;
    void *clientData;
    struct aeTimeEvent *next;
} aeTimeEvent;

typedef struct aeFiredEvent {
    int fd;
    int mask;
} aeFiredEvent;

/* What the loop saw; CONFIG RESETSTAT zeroes it (aeResetStats). */
typedef struct aeStats {
    uint64_t cycles;             /* aeProcessEvents calls */
    uint64_t wakeups;            /* polls that returned ready descriptors */
    uint64_t wakeupsTimeout;     /* polls that returned none */
    uint64_t wakeupsInterrupted; /* polls interrupted by a signal (EINTR) */
    uint64_t events;             /* ready descriptors returned, all polls */
    uint64_t eventsRead;         /* readable handlers called */
    uint64_t eventsWrite;        /* writable handlers called */
    uint64_t eventsTime;         /* time event handlers called */
    uint64_t perWakeupMax;
    uint64_t perWakeupHist[AE_HIST_BUCKETS];
    uint64_t ctlCalls;   /* epoll_ctl (or equivalent) calls */
    uint64_t waitUs;     /* time blocked in the poll call */
    uint64_t durationUs; /* time between polls: processing */
} aeStats;

/* A notification mechanism (epoll, ...): event/backend.h. */
typedef struct aeBackend aeBackend;

typedef struct aeEventLoop {
    int maxfd;   /* highest registered fd, -1 if none */
    int setsize; /* descriptors below this can be registered */
    int registeredFds;
    long long timeEventNextId;
    aeFileEvent *events; /* indexed by fd */
    aeFiredEvent *fired; /* filled by the backend's poll */
    aeTimeEvent *timeEventHead;
    int stop;
    const aeBackend *backend;
    void *backendData;
    aeHookProc *beforeSleep;
    aeHookProc *afterSleep;
    uint64_t lastPollEndUs;
    aeStats stats;
} aeEventLoop;

/* The backends compiled in, the default first, ended by NULL
 * (event/registry.c). */
extern const aeBackend *const aeBackends[];
/* The backend compiled in under this name ("epoll"), or NULL. */
const aeBackend *aeBackendByName(const char *name);

/* A loop on `backend` for descriptors below setsize. NULL on failure, with
 * errno set: the backend's own error, or EINVAL if setsize is past the
 * backend's descriptor limit (AE_CAP_FD_LIMIT). */
aeEventLoop *aeCreateEventLoop(const aeBackend *backend, int setsize);
void aeDeleteEventLoop(aeEventLoop *el);
/* Fails (AE_ERR) if a registered fd would not fit, or if setsize is past
 * the backend's descriptor limit. */
int aeResizeSetSize(aeEventLoop *el, int setsize);

int aeCreateFileEvent(aeEventLoop *el, int fd, int mask, aeFileProc *proc, void *clientData);
void aeDeleteFileEvent(aeEventLoop *el, int fd, int mask);
int aeGetFileEvents(aeEventLoop *el, int fd);

long long aeCreateTimeEvent(aeEventLoop *el, long long milliseconds, aeTimeProc *proc,
                            void *clientData);
int aeDeleteTimeEvent(aeEventLoop *el, long long id);

/* Runs one cycle: optionally the before-sleep hook, one poll, the ready
 * handlers, the due timers. Returns the number of events processed. */
int aeProcessEvents(aeEventLoop *el, int flags);
void aeMain(aeEventLoop *el);
void aeStop(aeEventLoop *el);

void aeSetBeforeSleepProc(aeEventLoop *el, aeHookProc *proc);
void aeSetAfterSleepProc(aeEventLoop *el, aeHookProc *proc);
/* The backend's name ("epoll"): INFO's multiplexing_api. */
const char *aeGetApiName(const aeEventLoop *el);
/* "edge" if the backend has AE_CAP_EDGE_TRIGGERED, else "level". */
const char *aeGetTriggerName(const aeEventLoop *el);
void aeResetStats(aeEventLoop *el);

#endif
