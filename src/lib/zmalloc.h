/* lib/zmalloc.h -- the one place the server asks for memory.
 *
 * Every allocation goes through these wrappers so that running out of memory
 * is handled in one way (log and abort: an in-memory server that cannot
 * allocate cannot keep its promises) and so that INFO memory can report the
 * allocator's own figures rather than an estimate. */
#ifndef ZMALLOC_H
#define ZMALLOC_H

#include <stddef.h>

void *zmalloc(size_t size);
/* Like zmalloc, but returns NULL when the memory is not there: for large
 * temporary buffers whose failure a command can report (LCS). */
void *ztrymalloc(size_t size);
void *zcalloc(size_t size);
void *zrealloc(void *ptr, size_t size);
void zfree(void *ptr);
char *zstrdup(const char *s);

/* The usable size of an allocation: what it really occupies, its size
 * class, which may exceed the size asked for. */
size_t zmalloc_size(const void *ptr);

/* Bytes the allocator has handed out and not had back (jemalloc's
 * stats.allocated; mallinfo2's in-use bytes with the libc allocator). */
size_t zmalloc_used_memory(void);
/* The highest used_memory seen: zmalloc_note_peak() compares the current
 * figure with it (the cron, INFO and MEMORY STATS call it) and returns the
 * peak; CONFIG RESETSTAT starts it again from the current figure. */
size_t zmalloc_note_peak(void);
void zmalloc_reset_peak(void);
/* used_memory once the server has started, before any client (MEMORY
 * STATS' startup.allocated): noted once by zmalloc_note_startup(). */
void zmalloc_note_startup(void);
size_t zmalloc_startup_memory(void);
/* Resident set size of this process, read from /proc/self/statm. */
size_t zmalloc_get_rss(void);
/* "jemalloc-5.3.0" or "libc". */
const char *zmalloc_allocator_name(void);

#endif
