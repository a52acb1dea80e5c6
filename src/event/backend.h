/* event/backend.h -- the interface between the event loop and a kernel
 * notification mechanism. ae.c calls only these functions; each backend is
 * one file in event/backends/ defining one const aeBackend, listed once in
 * event/registry.c, and chosen when the loop is created, so adding another
 * mechanism changes no line of ae.c.
 *
 * What a backend cannot hide from the code above it is said by its caps:
 * ae.c derives INFO's eventloop_trigger from them and enforces the
 * descriptor limit; the rest is for the handlers' authors to honour. */
#ifndef AE_BACKEND_H
#define AE_BACKEND_H

#include "event/ae.h"

/* Readiness is reported once per change, not while it lasts: a handler must
 * read or write until EAGAIN, or it may never hear of what is left. Without
 * it the backend is level-triggered and a handler may stop part-way. */
#define AE_CAP_EDGE_TRIGGERED (1 << 0)
/* Descriptors must be below a hard limit, fdLimit (select's FD_SETSIZE):
 * a loop whose setsize is past it cannot be created or resized to. */
#define AE_CAP_FD_LIMIT (1 << 1)
/* Completion-based: the backend does the I/O itself and reports it done,
 * rather than reporting that the descriptor is ready for it. */
#define AE_CAP_COMPLETION (1 << 2)

struct aeBackend {
    const char *name; /* "epoll": INFO's multiplexing_api, aeBackendByName's key */
    int caps;         /* AE_CAP_* */
    int fdLimit;      /* with AE_CAP_FD_LIMIT: every fd is below this */
    int (*create)(aeEventLoop *el);
    int (*resize)(aeEventLoop *el, int setsize);
    void (*destroy)(aeEventLoop *el);
    /* Start watching `addmask` on fd, which already has `oldmask`. */
    int (*addEvent)(aeEventLoop *el, int fd, int oldmask, int addmask);
    /* Stop watching `delmask`; `newmask` is what remains. */
    void (*delEvent)(aeEventLoop *el, int fd, int newmask);
    /* Waits up to timeoutMs (-1: forever) and fills el->fired. Returns the
     * number of ready descriptors, or -1 with errno set. */
    int (*poll)(aeEventLoop *el, int timeoutMs);
};

#endif
