/* persist/aof/aof.c -- the append-only file's state and its write path: records are
 * appended to a buffer as commands run (aofFeed), the buffer is written to
 * the current incr file before replies go out (aofFlush from beforeSleep),
 * and fsynced as `appendfsync` says: in the same place for `always`, from
 * the background thread once a second for `everysec`, never explicitly
 * for `no`. Also: new incr files, the manifest on disk, shutdown, and the
 * INFO lines. See aof.h. */
#include "persist/aof/aof.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "lib/resp_encode.h"
#include "net/net.h"
#include "persist/aof/aof_fsync.h"
#include "persist/aof/aof_manifest.h"
#include "persist/aof/aof_rewrite.h"
#include "lib/atomic_file.h"
#include "persist/child.h"
#include "dispatch/commands.h"
#include "lib/log.h"
#include "dispatch/multi.h"
#include "persist/propagate.h"
#include "lib/util.h"

aofServer aof;
struct aofConfig aofConfig;
/* MISCONF after a failed write: armed while aof.lastWriteOk is 0. */
static int refusalId = -1;

static void setLastWriteOk(int ok) {
    aof.lastWriteOk = ok;
    writeRefusalArm(refusalId, !ok);
}

static const char *aofWriteRefusal(void) { return aofStopsWrites() ? aofMisconfError() : NULL; }

/* A write error is logged at most this often, seconds (as Redis). */
#define AOF_WRITE_ERROR_LOG_PERIOD 30
/* A buffer that grew past this is freed after a write rather than kept:
 * big enough that a busy server does not reallocate it every turn. */
#define AOF_BUF_KEEP_BYTES (64 * 1024)

void aofInit(void) {
    aof.fd = -1;
    aof.buf = sdsempty();
    aof.selectedDb = -1;
    refusalId = writeRefusalRegister(aofWriteRefusal);
    setLastWriteOk(1);
    aof.lastBgrewriteOk = 1;
    aof.lastRewriteSec = -1;
    static const propagateSink aofSink = {aofFeed, aofFeedArgv};
    propagateSetSink(&aofSink);
    netSetBeforeHandlerWrite(aofBeforeReplyWrite);
}

void aofUpdatePropagation(void) {
    propagateSetEnabled(aof.state == AOF_ON ||
                        (aof.state == AOF_WAIT_REWRITE && childActiveType() == CHILD_AOF));
}

sds aofPath(const char *name) {
    return sdscatprintf(sdsempty(), "%s/%s", aofConfig.appenddirname, name);
}

sds aofTempIncrName(void) {
    return sdscatprintf(sdsempty(), "temp-%s.incr", aofConfig.appendfilename);
}

int aofMakeDir(void) {
    if (mkdir(aofConfig.appenddirname, 0755) == 0 || errno == EEXIST) return 0;
    return -1;
}

/* --- appending ------------------------------------------------------------- */

static void selectDb(int dbid) {
    if (dbid < 0 || dbid == aof.selectedDb) return;
    char num[21];
    slice argv[2] = {{"SELECT", 6}, {num, ll2string(num, dbid)}};
    aof.buf = respCatCommand(aof.buf, 2, argv);
    aof.selectedDb = dbid;
}

void aofFeed(int dbid, const char *resp, size_t len) {
    if (aof.state == AOF_OFF) return;
    selectDb(dbid);
    aof.buf = sdscatlen(aof.buf, resp, len);
}

void aofFeedArgv(int dbid, int argc, const slice *argv) {
    if (aof.state == AOF_OFF) return;
    selectDb(dbid);
    aof.buf = respCatCommand(aof.buf, argc, argv);
}

/* --- writing and fsyncing --------------------------------------------------- */

/* Writes as much of buf as the file takes: the bytes written, or -1 when
 * the first write failed (errno set). */
static ssize_t writeBuffer(int fd, const char *buf, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static int fsyncSkipped(void) {
    return aofConfig.noAppendfsyncOnRewrite && childActiveType() != CHILD_NONE;
}

/* everysec: starts a background fsync once a second while written bytes
 * are not fsynced yet. */
static void fsyncEverySecIfDue(void) {
    if (aofConfig.appendfsync != AOF_FSYNC_EVERYSEC || aof.fd == -1) return;
    if (aof.fsyncedSize == aof.currentSize || cachedTime.sec <= aof.lastFsync) return;
    if (aofPendingFsyncs() > 0 || fsyncSkipped()) return;
    aofFsyncInBackground(aof.fd);
    aof.lastFsync = cachedTime.sec;
    aof.fsyncedSize = aof.currentSize;
}

static void syncAfterWrite(void) {
    if (fsyncSkipped()) return;
    if (aofConfig.appendfsync == AOF_FSYNC_ALWAYS) {
        if (fdatasync(aof.fd) == -1) {
            /* The reply may already say OK to a client: the promise cannot
             * be kept, so Redis stops rather than go on lying. */
            serverLog(LL_WARNING, "Can't persist AOF for fsync error when the AOF fsync policy "
                                  "is 'always': %s. Exiting...", strerror(errno));
            exit(1);
        }
        aof.lastFsync = cachedTime.sec;
        aof.fsyncedSize = aof.currentSize;
        return;
    }
    fsyncEverySecIfDue();
}

/* A write that failed or was cut short. A short write is cut off the file
 * again when possible, so the file never ends in half a record; what was
 * not written stays in the buffer for the next attempt. */
static void writeFailed(ssize_t written, size_t wanted) {
    int err = errno;
    if (written == -1) {
        aof.lastWriteErrno = err;
        if (cachedTime.sec - aof.lastWriteErrorLog > AOF_WRITE_ERROR_LOG_PERIOD) {
            serverLog(LL_WARNING, "Error writing to the AOF file: %s", strerror(err));
            aof.lastWriteErrorLog = cachedTime.sec;
        }
    } else {
        serverLog(LL_WARNING, "Short write while writing to the AOF file: (nwritten=%lld, "
                              "expected=%lld)", (long long)written, (long long)wanted);
        if (ftruncate(aof.fd, aof.lastIncrSize) == 0) {
            written = -1;
        } else {
            serverLog(LL_WARNING, "Could not remove short write from the append-only file. "
                                  "Redis may refuse to load the AOF the next time it starts. "
                                  "ftruncate: %s", strerror(errno));
        }
        aof.lastWriteErrno = ENOSPC;
    }
    if (aofConfig.appendfsync == AOF_FSYNC_ALWAYS) {
        serverLog(LL_WARNING, "Can't recover from AOF write error when the AOF fsync policy is "
                              "'always'. Exiting...");
        exit(1);
    }
    if (written > 0) {
        aof.currentSize += written;
        aof.lastIncrSize += written;
        sdsKeepRange(aof.buf, (size_t)written, sdslen(aof.buf) - (size_t)written);
    }
    setLastWriteOk(0);
}

void aofFlush(int force) {
    if (aof.fd == -1) return;
    size_t len = sdslen(aof.buf);
    if (len == 0) {
        fsyncEverySecIfDue();
        return;
    }
    if (aofConfig.appendfsync == AOF_FSYNC_EVERYSEC && !force && aofPendingFsyncs() > 0) {
        /* The disk is behind: wait for the fsync, up to a limit, rather
         * than block in write() behind it. */
        if (!aof.flushPostponedStart) {
            aof.flushPostponedStart = cachedTime.sec;
            return;
        }
        if (cachedTime.sec - aof.flushPostponedStart < AOF_FSYNC_POSTPONE_MAX_SEC) return;
        aof.delayedFsync++;
        serverLog(LL_NOTICE, "Asynchronous AOF fsync is taking too long (disk is busy?). "
                             "Writing the AOF buffer without waiting for fsync to complete, "
                             "this may slow down Redis.");
    }
    aof.flushPostponedStart = 0;
    ssize_t n = writeBuffer(aof.fd, aof.buf, len);
    if (n != (ssize_t)len) {
        writeFailed(n, len);
        return;
    }
    if (!aof.lastWriteOk) {
        serverLog(LL_WARNING, "AOF write error looks solved, Redis can write again.");
        setLastWriteOk(1);
    }
    aof.currentSize += n;
    aof.lastIncrSize += n;
    if (sdslen(aof.buf) + sdsavail(aof.buf) < AOF_BUF_KEEP_BYTES) {
        sdsclear(aof.buf);
    } else {
        sdsfree(aof.buf);
        aof.buf = sdsempty();
    }
    syncAfterWrite();
}

void aofBeforeSleep(void) {
    propagatePendingExpiries();
    if (aof.state != AOF_OFF) aofFlush(0);
}

void aofBeforeReplyWrite(void) {
    if (aof.state != AOF_OFF && aofConfig.appendfsync == AOF_FSYNC_ALWAYS &&
        sdslen(aof.buf) > 0)
        aofFlush(1);
}

/* --- opening files ----------------------------------------------------------- */

int aofOpenForAppend(const char *name, int truncate) {
    sds path = aofPath(name);
    int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0);
    int fd = open(path, flags, 0644);
    if (fd == -1)
        serverLog(LL_WARNING, "Can't open the append-only file %s: %s", name, strerror(errno));
    sdsfree(path);
    return fd;
}

int aofPersistManifest(const aofManifest *am) {
    sds name = aofManifestFileName(aofConfig.appendfilename);
    sds path = aofPath(name);
    sds text = aofManifestFormat(am);
    int rc = C_OK;
    if (atomicFileWriteAll(path, text, sdslen(text)) != ATOMIC_OK) {
        serverLog(LL_WARNING, "Can't persist the AOF manifest file %s: %s", name, strerror(errno));
        rc = C_ERR;
    }
    sdsfree(text);
    sdsfree(path);
    sdsfree(name);
    return rc;
}

void aofDeleteHistoryFiles(void) {
    if (!aof.manifest || aof.manifest->historyCount == 0) return;
    /* The manifest forgets them first: a crash in between leaves files
     * nobody lists, never a list naming files that are gone. */
    aofManifest *am = aofManifestDup(aof.manifest);
    aofManifestClearHistory(am);
    if (aofPersistManifest(am) != C_OK) {
        aofManifestFree(am);
        return;
    }
    for (int i = 0; i < aof.manifest->historyCount; i++) {
        const char *name = aof.manifest->history[i]->name;
        serverLog(LL_NOTICE, "Removing the history file %s", name);
        sds path = aofPath(name);
        unlink(path);
        sdsfree(path);
    }
    aofManifestFree(aof.manifest);
    aof.manifest = am;
}

/* A new file is a new chance after a write error: the next write says
 * whether it works. */
static void switchIncrFile(int fd) {
    if (aof.fd != -1) aofCloseInBackground(aof.fd);
    aof.fd = fd;
    aof.lastIncrSize = 0;
    setLastWriteOk(1);
}

int aofOpenNewIncrForRewrite(void) {
    if (aof.state == AOF_OFF) return C_OK;
    if (aof.state == AOF_WAIT_REWRITE) {
        /* Not in the manifest: it becomes an incr file when the base is in. */
        sds name = aofTempIncrName();
        int fd = aofOpenForAppend(name, 1);
        sdsfree(name);
        if (fd == -1) return C_ERR;
        switchIncrFile(fd);
        return C_OK;
    }
    aofManifest *am = aof.manifest ? aofManifestDup(aof.manifest) : aofManifestCreate();
    const char *name = aofManifestNewIncr(am, aofConfig.appendfilename);
    int fd = aofOpenForAppend(name, 0);
    if (fd == -1 || aofPersistManifest(am) != C_OK) {
        if (fd != -1) {
            close(fd);
            sds path = aofPath(name);
            unlink(path);
            sdsfree(path);
        }
        aofManifestFree(am);
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Creating AOF incr file %s on background rewrite", name);
    aofManifestFree(aof.manifest);
    aof.manifest = am;
    switchIncrFile(fd);
    /* Records a write error kept in the buffer are in the child's base:
     * in the new incr file they would be replayed twice. */
    sdsclear(aof.buf);
    return C_OK;
}

long long aofFileSize(const char *name) {
    sds path = aofPath(name);
    struct stat st;
    long long size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
    sdsfree(path);
    return size;
}

int aofPrepareForShutdown(int force) {
    if (childActiveType() == CHILD_AOF) {
        if (aof.state == AOF_WAIT_REWRITE) {
            if (!force) {
                serverLog(LL_WARNING, "Writing initial AOF, can't exit.");
                return C_ERR;
            }
            serverLog(LL_WARNING, "Writing initial AOF. Exit anyway.");
        }
        serverLog(LL_WARNING, "There is a child rewriting the AOF. Killing it!");
        childKillAndWait();
    }
    if (aof.state != AOF_OFF && aof.fd != -1) {
        serverLog(LL_NOTICE, "Calling fsync() on the AOF file.");
        aofFlush(1);
        if (fdatasync(aof.fd) == -1)
            serverLog(LL_WARNING, "Fail to fsync the AOF file: %s", strerror(errno));
    }
    aofBackgroundDrain();
    return C_OK;
}

/* --- refusing writes after a write error ------------------------------------ */

int aofStopsWrites(void) { return aof.state != AOF_OFF; }

const char *aofMisconfError(void) {
    static char msg[256];
    snprintf(msg, sizeof(msg), "-MISCONF Errors writing to the AOF file: %s",
             strerror(aof.lastWriteErrno));
    return msg;
}

/* --- INFO ----------------------------------------------------------------- */

sds aofCatInfo(sds s) {
    return sdscatprintf(s,
                        "aof_enabled:%d\r\n"
                        "aof_rewrite_in_progress:%d\r\n"
                        "aof_rewrite_scheduled:%d\r\n"
                        "aof_last_rewrite_time_sec:%lld\r\n"
                        "aof_current_rewrite_time_sec:%lld\r\n"
                        "aof_last_bgrewrite_status:%s\r\n"
                        "aof_rewrites:%lld\r\n"
                        "aof_rewrites_consecutive_failures:%lld\r\n"
                        "aof_last_write_status:%s\r\n"
                        "aof_last_cow_size:%lld\r\n",
                        aof.state != AOF_OFF, childActiveType() == CHILD_AOF,
                        aof.rewriteScheduled, aof.lastRewriteSec, childRunningSec(CHILD_AOF),
                        aof.lastBgrewriteOk ? "ok" : "err", aof.rewrites,
                        aof.consecutiveFailures, aof.lastWriteOk ? "ok" : "err",
                        childGetInfo()->lastCowBytes[CHILD_AOF]);
}

sds aofCatInfoWhenOn(sds s) {
    if (aof.state == AOF_OFF) return s;
    return sdscatprintf(s,
                        "aof_current_size:%lld\r\n"
                        "aof_base_size:%lld\r\n"
                        "aof_pending_rewrite:%d\r\n"
                        "aof_buffer_length:%zu\r\n"
                        "aof_pending_bio_fsync:%ld\r\n"
                        "aof_delayed_fsync:%lld\r\n",
                        aof.currentSize, aof.baseSize, aof.rewriteScheduled, sdslen(aof.buf),
                        aofPendingFsyncs(), aof.delayedFsync);
}
