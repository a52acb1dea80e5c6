/* event/registry.c -- the backends compiled in, and finding one by name.
 *
 * The one place that names each backend's definition, so that a backend is
 * its file in event/backends/ plus its entry here (the declaration and the
 * line in the list). The first entry is the default: the server's loop
 * uses it. */
#include <string.h>

#include "event/backend.h"

extern const aeBackend aeEpollBackend;

const aeBackend *const aeBackends[] = {
    &aeEpollBackend,
    NULL,
};

const aeBackend *aeBackendByName(const char *name) {
    for (int i = 0; aeBackends[i]; i++) {
        if (strcmp(aeBackends[i]->name, name) == 0) return aeBackends[i];
    }
    return NULL;
}
