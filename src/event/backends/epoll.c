/* event/backends/epoll.c -- the epoll backend of the event loop, level-triggered.
 *
 * epoll_ctl(ADD) hangs an entry for the fd on the socket's wait queue; when
 * data arrives the socket's data-ready callback wakes that queue, the entry
 * lands on the epoll instance's ready list and epoll_wait returns it. Being
 * level-triggered, an entry still readable after epoll_wait copied it out is
 * put back on the ready list, so a handler may read only part of what is
 * there and still be called again. Every epoll_ctl call is counted: they are
 * syscalls the hot path should not need. */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "event/backend.h"
#include "lib/zmalloc.h"

typedef struct epollState {
    int epfd;
    struct epoll_event *events;
} epollState;

static int epollCreate(aeEventLoop *el) {
    epollState *state = zmalloc(sizeof(*state));
    state->events = zmalloc(sizeof(struct epoll_event) * (size_t)el->setsize);
    state->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (state->epfd == -1) {
        zfree(state->events);
        zfree(state);
        return -1;
    }
    el->backendData = state;
    return 0;
}

static int epollResize(aeEventLoop *el, int setsize) {
    epollState *state = el->backendData;
    state->events = zrealloc(state->events, sizeof(struct epoll_event) * (size_t)setsize);
    return 0;
}

static void epollDestroy(aeEventLoop *el) {
    epollState *state = el->backendData;
    close(state->epfd);
    zfree(state->events);
    zfree(state);
}

static uint32_t epollMask(int mask) {
    uint32_t events = 0;
    if (mask & AE_READABLE) events |= EPOLLIN;
    if (mask & AE_WRITABLE) events |= EPOLLOUT;
    return events;
}

static int epollAddEvent(aeEventLoop *el, int fd, int oldmask, int addmask) {
    epollState *state = el->backendData;
    struct epoll_event ee = {0};
    /* An fd already watched is modified, not added again. */
    int op = oldmask == AE_NONE ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    ee.events = epollMask(oldmask | addmask);
    ee.data.fd = fd;
    el->stats.ctlCalls++;
    return epoll_ctl(state->epfd, op, fd, &ee) == -1 ? -1 : 0;
}

static void epollDelEvent(aeEventLoop *el, int fd, int newmask) {
    epollState *state = el->backendData;
    struct epoll_event ee = {0};
    ee.events = epollMask(newmask);
    ee.data.fd = fd;
    el->stats.ctlCalls++;
    /* Errors are ignored: the fd may already be closed, which removed it. */
    epoll_ctl(state->epfd, newmask == AE_NONE ? EPOLL_CTL_DEL : EPOLL_CTL_MOD, fd, &ee);
}

static int epollPoll(aeEventLoop *el, int timeoutMs) {
    epollState *state = el->backendData;
    int n = epoll_wait(state->epfd, state->events, el->setsize, timeoutMs);
    for (int i = 0; i < n; i++) {
        const struct epoll_event *e = &state->events[i];
        int mask = 0;
        if (e->events & EPOLLIN) mask |= AE_READABLE;
        if (e->events & EPOLLOUT) mask |= AE_WRITABLE;
        /* Errors and hang-ups are reported to both handlers, which find out
         * what happened from their read or write call. */
        if (e->events & (EPOLLERR | EPOLLHUP)) mask |= AE_READABLE | AE_WRITABLE;
        el->fired[i].fd = e->data.fd;
        el->fired[i].mask = mask;
    }
    return n;
}

const aeBackend aeEpollBackend = {
    .name = "epoll",
    .caps = 0, /* level-triggered, readiness-based, no descriptor limit */
    .create = epollCreate,
    .resize = epollResize,
    .destroy = epollDestroy,
    .addEvent = epollAddEvent,
    .delEvent = epollDelEvent,
    .poll = epollPoll,
};
