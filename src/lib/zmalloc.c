/* lib/zmalloc.c -- allocation wrappers and the allocator's memory figures.
 *
 * With jemalloc (the default build) malloc() itself is jemalloc's, linked in
 * by the Makefile, and its per-thread counters give the bytes in use.
 * With MALLOC=libc the figure comes from glibc's mallinfo2(). */
#include "lib/zmalloc.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef USE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

static void zmalloc_oom(size_t size) {
    fprintf(stderr, "zmalloc: out of memory trying to allocate %zu bytes\n", size);
    fflush(stderr);
    abort();
}

void *zmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) zmalloc_oom(size);
    return p;
}

void *ztrymalloc(size_t size) { return malloc(size ? size : 1); }

void *zcalloc(size_t size) {
    void *p = calloc(1, size ? size : 1);
    if (!p) zmalloc_oom(size);
    return p;
}

void *zrealloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    if (!p) zmalloc_oom(size);
    return p;
}

void zfree(void *ptr) { free(ptr); }

size_t zmalloc_size(const void *ptr) { return malloc_usable_size((void *)ptr); }

char *zstrdup(const char *s) {
    size_t len = strlen(s) + 1;
    char *p = zmalloc(len);
    memcpy(p, s, len);
    return p;
}

#ifdef USE_JEMALLOC
/* jemalloc keeps, per thread, the bytes the thread ever allocated and ever
 * freed (in size classes, as malloc_usable_size counts them). The server
 * allocates and frees on its main thread only (the AOF fsync thread never
 * does; a forked child inherits the counters), so the difference is the
 * bytes in use: two loads. The arena statistics ("stats.allocated", after
 * an "epoch" refresh) cost ~110,000 instructions a call, measured with
 * callgrind, and the cron asks ten times a second; they also count freed
 * blocks still held in the thread's cache as allocated. */
static uint64_t *mainThreadAllocated, *mainThreadDeallocated;

size_t zmalloc_used_memory(void) {
    if (!mainThreadAllocated) {
        /* The first call is the server's start-up, on the main thread. */
        size_t sz = sizeof(uint64_t *);
        if (mallctl("thread.allocatedp", &mainThreadAllocated, &sz, NULL, 0) != 0 ||
            mallctl("thread.deallocatedp", &mainThreadDeallocated, &sz, NULL, 0) != 0) {
            mainThreadAllocated = NULL;
            return 0;
        }
    }
    return (size_t)(*mainThreadAllocated - *mainThreadDeallocated);
}

const char *zmalloc_allocator_name(void) {
    static char name[64];
    if (!name[0]) {
        const char *version = "unknown";
        size_t sz = sizeof(version);
        mallctl("version", &version, &sz, NULL, 0);
        /* jemalloc's version looks like "5.3.0-0-g54eaed1d8b56..."; keep the
         * release number only. */
        size_t n = strcspn(version, "-");
        snprintf(name, sizeof(name), "jemalloc-%.*s", (int)n, version);
    }
    return name;
}
#elif defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer replaces malloc, and mallinfo2 with it; ask it instead
 * (declared here: Debian's gcc does not ship the sanitizer headers). */
size_t __sanitizer_get_current_allocated_bytes(void);

size_t zmalloc_used_memory(void) { return __sanitizer_get_current_allocated_bytes(); }

const char *zmalloc_allocator_name(void) { return "libc (AddressSanitizer)"; }
#else
size_t zmalloc_used_memory(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

const char *zmalloc_allocator_name(void) { return "libc"; }
#endif

size_t zmalloc_get_rss(void) {
    FILE *fp = fopen("/proc/self/statm", "r");
    if (!fp) return 0;
    unsigned long size = 0, resident = 0;
    int n = fscanf(fp, "%lu %lu", &size, &resident);
    fclose(fp);
    if (n != 2) return 0;
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

/* --- peak and start-up figures -------------------------------------------- */

static size_t usedMemoryPeak, startupMemory;

size_t zmalloc_note_peak(void) {
    size_t used = zmalloc_used_memory();
    if (used > usedMemoryPeak) usedMemoryPeak = used;
    return usedMemoryPeak;
}

void zmalloc_reset_peak(void) { usedMemoryPeak = 0; }

void zmalloc_note_startup(void) { startupMemory = zmalloc_used_memory(); }

size_t zmalloc_startup_memory(void) { return startupMemory; }
