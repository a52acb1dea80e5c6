/* persist/aof/aof_fsync.c -- the background thread that fsyncs and closes AOF files, so
 * that with `appendfsync everysec` the event loop never waits for the disk
 * (Redis's bio thread for the same jobs).
 *
 * Jobs run in the order they were submitted: closing an old incr file
 * after a rewrite switched to a new one fsyncs it first, and a later fsync
 * of the new file cannot overtake it. The main thread only reads the count
 * of fsyncs not yet done (aof_pending_bio_fsync), which is how `everysec`
 * knows the disk is behind. A forked child never touches the thread: only
 * the thread that forks exists in the child. */
#include "persist/aof/aof_fsync.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"

/* Jobs wait in a fixed ring: the thread never allocates, so a fork never
 * catches it holding an allocator lock the child would then wait on
 * forever (some allocators, ASan's among them, do not guard fork). There is
 * one fsync a second and one close per rewrite: the ring does not fill; if
 * it ever did, the job is done on the spot instead. */
#define FSYNC_RING_SIZE 64

typedef struct fsyncJob {
    int fd;
    int close; /* close after the fsync */
} fsyncJob;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t idle;
    fsyncJob ring[FSYNC_RING_SIZE];
    int head, count;
    int running; /* a job taken off the ring and not finished */
    int started;
    int ready; /* the thread has reached its loop */
} bio = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
         .idle = PTHREAD_COND_INITIALIZER};

static atomic_long pendingFsyncs;

static void runJob(fsyncJob job) {
    /* fdatasync is what Redis uses on Linux: the data and the size, not
     * the timestamps. A failure is logged; `everysec` promises no more. */
    if (fdatasync(job.fd) == -1 && !job.close)
        serverLog(LL_WARNING, "Fail to fsync the AOF file: %s", strerror(errno));
    if (job.close) close(job.fd);
    else atomic_fetch_sub(&pendingFsyncs, 1);
}

static void *bioMain(void *arg) {
    (void)arg;
    pthread_mutex_lock(&bio.lock);
    for (;;) {
        while (bio.count == 0) {
            bio.running = 0;
            bio.ready = 1;
            pthread_cond_broadcast(&bio.idle);
            pthread_cond_wait(&bio.wake, &bio.lock);
        }
        fsyncJob job = bio.ring[bio.head];
        bio.head = (bio.head + 1) % FSYNC_RING_SIZE;
        bio.count--;
        bio.running = 1;
        pthread_mutex_unlock(&bio.lock);
        runJob(job);
        pthread_mutex_lock(&bio.lock);
    }
    return NULL;
}

/* Started when the AOF is first turned on, not at server start: once a
 * process has a second thread, glibc routes every read, write and
 * epoll_wait through its thread-cancellation path, about 35 instructions
 * more per call (callgrind: GET -P1 went from 1,165 to 1,273 per request),
 * which a server without an AOF need not pay.
 *
 * The caller waits until the thread runs its loop: a thread starting up
 * allocates (its TLS, the sanitizer's records of it), and the rewrite that
 * CONFIG SET appendonly yes forks at once caught it mid-allocation, so the
 * child waited forever on the allocator lock (seen with ASan). */
void aofFsyncThreadStart(void) {
    pthread_mutex_lock(&bio.lock);
    if (!bio.started) {
        pthread_t tid;
        if (pthread_create(&tid, NULL, bioMain, NULL) == 0) {
            pthread_detach(tid);
            bio.started = 1;
            while (!bio.ready) pthread_cond_wait(&bio.idle, &bio.lock);
        } else {
            serverLog(LL_WARNING, "Can't start the AOF fsync thread: %s; fsyncs will run on "
                                  "the main thread", strerror(errno));
        }
    }
    pthread_mutex_unlock(&bio.lock);
}

static void submit(int fd, int closeAfter) {
    fsyncJob job = {fd, closeAfter};
    if (!closeAfter) atomic_fetch_add(&pendingFsyncs, 1);
    pthread_mutex_lock(&bio.lock);
    if (!bio.started || bio.count == FSYNC_RING_SIZE) {
        pthread_mutex_unlock(&bio.lock);
        runJob(job);
        return;
    }
    bio.ring[(bio.head + bio.count) % FSYNC_RING_SIZE] = job;
    bio.count++;
    pthread_cond_signal(&bio.wake);
    pthread_mutex_unlock(&bio.lock);
}

void aofFsyncInBackground(int fd) { submit(fd, 0); }

void aofCloseInBackground(int fd) { submit(fd, 1); }

long aofPendingFsyncs(void) { return atomic_load(&pendingFsyncs); }

void aofBackgroundDrain(void) {
    pthread_mutex_lock(&bio.lock);
    while (bio.started && (bio.count || bio.running)) pthread_cond_wait(&bio.idle, &bio.lock);
    pthread_mutex_unlock(&bio.lock);
}
