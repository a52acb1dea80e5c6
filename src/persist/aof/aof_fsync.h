/* persist/aof/aof_fsync.h -- fsyncing and closing AOF files on a background thread; see
 * aof_fsync.c. */
#ifndef AOF_FSYNC_H
#define AOF_FSYNC_H

/* Starts the thread (once; later calls do nothing) and waits until it
 * runs; called when the AOF is turned on, before any fork that follows.
 * Until then (or if it cannot start), jobs run on the caller's thread. */
void aofFsyncThreadStart(void);
/* Queues an fdatasync of fd. */
void aofFsyncInBackground(int fd);
/* Queues an fdatasync and then a close of fd, which the caller gives up. */
void aofCloseInBackground(int fd);
/* Fsyncs queued or running: aof_pending_bio_fsync. */
long aofPendingFsyncs(void);
/* Waits until every queued job is done (shutdown). */
void aofBackgroundDrain(void);

#endif
