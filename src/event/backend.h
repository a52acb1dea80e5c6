/* event/backend.h -- the interface between the event loop and a kernel
 * notification mechanism. ae.c calls only these functions; each backend is
 * one file in event/backends/ defining one const aeBackend, listed once in
 * event/registry.c, and chosen when the loop is created, so adding another
 * mechanism changes no line of ae.c. */
#ifndef AE_BACKEND_H
#define AE_BACKEND_H

#include "event/ae.h"

struct aeBackend {
    const char *name;    /* "epoll": INFO's multiplexing_api, aeBackendByName's key */
    const char *trigger; /* "level" or "edge" */
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
