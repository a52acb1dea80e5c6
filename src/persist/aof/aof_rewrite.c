/* persist/aof/aof_rewrite.c -- rewriting the append-only file: BGREWRITEAOF, the
 * automatic rewrite, and the base files.
 *
 * A rewrite never stops appending. At its start the parent switches the
 * records to a new incr file (listed in the manifest at once, so a crash
 * meanwhile loses nothing: old base, old incr files and the new one still
 * replay in order) and forks; the child writes the dataset as it was at
 * the fork into a temporary base file and fsyncs it. When the child is
 * done, the parent renames the file to the next base name and writes a
 * manifest in which it is the base and the new incr file is the only incr
 * file; the old base and incr files become history and are deleted. If
 * anything fails, the manifest is left as it was, and with it a complete
 * AOF. The child process is child.c's, its pid (which names the temporary
 * base) and how long it ran included.
 *
 * A rewrite started while AOF_WAIT_REWRITE (appendonly switched on at run
 * time) writes its records to a temporary incr file that joins the manifest
 * with the first base. */
#include "persist/aof/aof_rewrite.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "lib/resp_encode.h"
#include "persist/aof/aof.h"
#include "persist/aof/aof_manifest.h"
#include "persist/child.h"
#include "dispatch/commands.h"
#include "lib/log.h"
#include "persist/persistence.h"
#include "persist/rdb.h"
#include "net/reply.h"
#include "lib/version.h"
#include "lib/zmalloc.h"

/* Buffered writes of the command form of a base file. */
#define BASE_WRITE_BUF_BYTES (64 * 1024)
/* After this many consecutive failures, scheduled and automatic rewrites
 * wait before trying again, longer each time (Redis's numbers). */
#define REWRITE_FAILURES_BEFORE_BACKOFF 3
#define REWRITE_BACKOFF_MIN_SEC 60
#define REWRITE_BACKOFF_MAX_SEC 3600

static int rewriteRdb; /* the running rewrite writes an RDB base */
static int inChild;
static long long keysWritten;

static sds tempBaseName(pid_t pid) {
    return sdscatprintf(sdsempty(), "temp-rewriteaof-bg-%ld.aof", (long)pid);
}

/* --- the base file ---------------------------------------------------------- */

/* After each key of a base: the child's progress for INFO, and
 * rdb-key-save-delay, the test aid that makes a rewrite take a while. */
static void keyWritten(void *privdata) {
    (void)privdata;
    keysWritten++;
    if (inChild) childReportProgress(keysWritten);
    if (rdbConfig.keySaveDelay > 0) usleep((useconds_t)rdbConfig.keySaveDelay);
}

typedef struct baseWriter {
    int fd;
    sds buf;
    int failed;
} baseWriter;

static void writerFlush(baseWriter *w) {
    if (!w->failed && sdslen(w->buf) && writeAll(w->fd, w->buf, sdslen(w->buf)) == -1)
        w->failed = 1;
    sdsclear(w->buf);
}

static void writerCommand(baseWriter *w, int argc, const slice *argv) {
    w->buf = respCatCommand(w->buf, argc, argv);
    if (sdslen(w->buf) >= BASE_WRITE_BUF_BYTES) writerFlush(w);
}

static void emitCommand(void *ctx, int argc, const slice *argv) { writerCommand(ctx, argc, argv); }

/* The commands the key's type rebuilds it with (a SET for a string), then
 * PEXPIREAT key ms for a key with an expiry: what Redis 7.0 writes in a
 * base of commands. */
static void writeEntry(void *privdata, const dictNode *node) {
    baseWriter *w = privdata;
    const entry *e = (const entry *)node;
    size_t klen;
    const char *key = entryKey(e, &klen);
    typeOf(e)->rewrite(e, (slice){(char *)key, klen}, emitCommand, w);
    keyWritten(NULL);
    if (!entryHasExpire(e)) return;
    char ms[21];
    size_t msLen = ll2string(ms, entryExpire(e));
    slice pexpireat[3] = {{"PEXPIREAT", 9}, {(char *)key, klen}, {ms, msLen}};
    writerCommand(w, 3, pexpireat);
}

static int writeCommandsBase(int fd) {
    baseWriter w = {fd, sdsempty(), 0};
    for (int i = 0; i < dataset.count && !w.failed; i++) {
        redisDb *db = &dataset.dbs[i];
        if (dbSize(db) == 0) continue;
        char num[21];
        slice select[2] = {{"SELECT", 6}, {num, ll2string(num, i)}};
        writerCommand(&w, 2, select);
        size_t cursor = 0;
        do {
            cursor = dictScan(db->keys, cursor, writeEntry, &w);
        } while (cursor != 0 && !w.failed);
    }
    writerFlush(&w);
    sdsfree(w.buf);
    return w.failed ? C_ERR : C_OK;
}

int aofWriteBaseFile(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1) {
        serverLog(LL_WARNING, "Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): "
                              "%s", strerror(errno));
        return C_ERR;
    }
    int rc;
    char err[256] = "";
    keysWritten = 0;
    if (aofConfig.useRdbPreamble) {
        rdbSaveInfo info = rdbSaveInfoFromServer(1);
        info.keySaved = keyWritten;
        rc = rdbSaveToFd(&dataset, fd, &info, err, sizeof(err)) == RDB_OK ? C_OK : C_ERR;
    } else {
        rc = writeCommandsBase(fd);
        if (rc != C_OK) snprintf(err, sizeof(err), "%s", strerror(errno));
    }
    if (rc == C_OK && fsync(fd) == -1) {
        rc = C_ERR;
        snprintf(err, sizeof(err), "fsync: %s", strerror(errno));
    }
    if (close(fd) == -1 && rc == C_OK) {
        rc = C_ERR;
        snprintf(err, sizeof(err), "close: %s", strerror(errno));
    }
    if (rc != C_OK) {
        serverLog(LL_WARNING, "Write error writing append only file on disk: %s", err);
        unlink(path);
    }
    return rc;
}

/* --- the child and its end ------------------------------------------------------ */

static void runChild(void) {
    inChild = 1;
    sds name = tempBaseName(getpid());
    sds path = aofPath(name);
    if (aofWriteBaseFile(path) != C_OK) childExit(1);
    serverLog(LL_NOTICE, "Successfully created the temporary AOF base file %s", name);
    childReportDone(keysWritten);
    childExit(0);
}

static void removeFile(const char *name) {
    sds path = aofPath(name);
    unlink(path);
    sdsfree(path);
}

static int renameFile(const char *from, const char *to, const char *what) {
    sds a = aofPath(from), b = aofPath(to);
    int rc = rename(a, b) == 0 ? C_OK : C_ERR;
    if (rc != C_OK)
        serverLog(LL_WARNING, "Error trying to rename the temporary AOF %s file %s into %s: %s",
                  what, from, to, strerror(errno));
    sdsfree(a);
    sdsfree(b);
    return rc;
}

/* Puts the child's base in place with a new manifest. C_ERR leaves the
 * manifest and the files it names as they were. */
static int installRewrite(const char *tempBase) {
    aofManifest *am = aof.manifest ? aofManifestDup(aof.manifest) : aofManifestCreate();
    sds base = sdsnew(aofManifestNewBase(am, aofConfig.appendfilename, rewriteRdb));
    sds incr = NULL;
    if (renameFile(tempBase, base, "base") != C_OK) goto fail;
    if (aof.state == AOF_WAIT_REWRITE) {
        /* The records since the fork become the first incr file. */
        aofManifestIncrToHistory(am, 0);
        incr = sdsnew(aofManifestNewIncr(am, aofConfig.appendfilename));
        sds temp = aofTempIncrName();
        int rc = renameFile(temp, incr, "incr");
        sdsfree(temp);
        if (rc != C_OK) goto failRenamed;
    } else {
        /* While appending, the last incr file is the one being written. */
        aofManifestIncrToHistory(am, aof.fd != -1);
    }
    if (aofPersistManifest(am) != C_OK) goto failRenamed;
    serverLog(LL_NOTICE, "Successfully renamed the temporary AOF base file %s into %s", tempBase,
              base);
    aofManifestFree(aof.manifest);
    aof.manifest = am;
    if (aof.state == AOF_WAIT_REWRITE) aof.state = AOF_ON;
    aof.currentSize = aofFileSize(base) + aof.lastIncrSize;
    aof.baseSize = aof.currentSize;
    aof.fsyncedSize = aof.currentSize;
    sdsfree(base);
    sdsfree(incr);
    aofDeleteHistoryFiles();
    return C_OK;
failRenamed:
    removeFile(base);
    if (incr) {
        /* Back to its temporary name, so a retry starts from it. */
        sds temp = aofTempIncrName();
        renameFile(incr, temp, "incr");
        sdsfree(temp);
    }
fail:
    aofManifestFree(am);
    sdsfree(base);
    sdsfree(incr);
    return C_ERR;
}

static void rewriteFailed(void) {
    aof.lastBgrewriteOk = 0;
    aof.consecutiveFailures++;
    aof.lastRewriteFailure = time(NULL);
}

static void rewriteDone(const childEnded *ended) {
    int bySignal = ended->bySignal;
    sds temp = tempBaseName(ended->pid);
    if (ended->ok) {
        serverLog(LL_NOTICE, "Background AOF rewrite terminated with success");
        aofFlush(1);
        if (installRewrite(temp) == C_OK) {
            aof.lastBgrewriteOk = 1;
            aof.consecutiveFailures = 0;
            serverLog(LL_NOTICE, "Background AOF rewrite finished successfully");
        } else {
            rewriteFailed();
        }
    } else if (bySignal) {
        serverLog(LL_WARNING, "Background AOF rewrite terminated by signal %d", bySignal);
        /* SIGUSR1: we killed it on purpose (shutdown, appendonly no). */
        if (bySignal != SIGUSR1) rewriteFailed();
    } else {
        serverLog(LL_WARNING, "Background AOF rewrite terminated with error");
        rewriteFailed();
    }
    removeFile(temp);
    sdsfree(temp);
    aof.lastRewriteSec = (long long)time(NULL) - ended->startTime;
    /* appendonly was switched on but the base is not there: try again,
     * however the child ended, as Redis does. A SIGUSR1 is not counted as
     * a failure above, but the server's own ones need no retry anyway
     * (appendonly no leaves AOF_WAIT_REWRITE first, a forced shutdown
     * exits, aofStart forks the next rewrite itself), and one sent from
     * outside, not retried, left the AOF on for good with no base, no
     * child and nothing scheduled. */
    if (aof.state == AOF_WAIT_REWRITE) aof.rewriteScheduled = 1;
    aofUpdatePropagation();
}

int aofRewriteBackground(void) {
    if (childActiveType() != CHILD_NONE) return C_ERR;
    if (aofMakeDir() == -1) {
        serverLog(LL_WARNING, "Can't open or create append-only dir %s: %s",
                  aofConfig.appenddirname, strerror(errno));
        rewriteFailed();
        return C_ERR;
    }
    /* The new incr file starts with a SELECT. */
    aof.selectedDb = -1;
    aofFlush(1);
    if (aofOpenNewIncrForRewrite() != C_OK) {
        rewriteFailed();
        return C_ERR;
    }
    aof.rewrites++;
    rewriteRdb = (int)aofConfig.useRdbPreamble;
    pid_t pid = childFork(CHILD_AOF, "redis-aof-rewrite", rewriteDone);
    if (pid == 0) runChild();
    if (pid == -1) {
        serverLog(LL_WARNING, "Can't rewrite append only file in background: fork: %s",
                  strerror(errno));
        rewriteFailed();
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Background append only file rewriting started by pid %ld", (long)pid);
    aof.rewriteScheduled = 0;
    aofUpdatePropagation();
    return C_OK;
}

/* --- when to rewrite ------------------------------------------------------------ */

static int rewriteBackingOff(void) {
    if (aof.consecutiveFailures < REWRITE_FAILURES_BEFORE_BACKOFF) return 0;
    long long delay = REWRITE_BACKOFF_MIN_SEC;
    for (long long n = REWRITE_FAILURES_BEFORE_BACKOFF; n < aof.consecutiveFailures &&
                                                       delay < REWRITE_BACKOFF_MAX_SEC; n++)
        delay *= 2;
    if (delay > REWRITE_BACKOFF_MAX_SEC) delay = REWRITE_BACKOFF_MAX_SEC;
    return time(NULL) - aof.lastRewriteFailure < delay;
}

void aofRewriteCron(void) {
    if (childActiveType() != CHILD_NONE || rewriteBackingOff()) return;
    if (aof.rewriteScheduled) {
        aofRewriteBackground();
        return;
    }
    long long percentage = aofConfig.autoRewritePercentage;
    if (aof.state != AOF_ON || !percentage ||
        aof.currentSize <= aofConfig.autoRewriteMinSize)
        return;
    long long base = aof.baseSize ? aof.baseSize : 1;
    long long growth = aof.currentSize * 100 / base - 100;
    if (growth < percentage) return;
    serverLog(LL_NOTICE, "Starting automatic rewriting of AOF on %lld%% growth", growth);
    aofRewriteBackground();
}

/* --- BGREWRITEAOF ---------------------------------------------------------------- */

static void bgrewriteaofCommand(client *c) {
    childType running = childActiveType();
    if (running == CHILD_AOF) {
        addReplyError(c, "Background append only file rewriting already in progress");
    } else if (running != CHILD_NONE) {
        aof.rewriteScheduled = 1;
        addReplyStatus(c, "Background append only file rewriting scheduled");
    } else if (aofRewriteBackground() == C_OK) {
        addReplyStatus(c, "Background append only file rewriting started");
    } else {
        addReplyError(c, "Can't execute an AOF background rewriting. Please check the server "
                         "logs for more information.");
    }
}

/* --- command table rows ------------------------------------------------------- */

redisCommand aofRewriteCommands[] = {
    CMD("bgrewriteaof", bgrewriteaofCommand, 1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER,
     "1.0.0", "Asynchronously rewrites the append-only file to disk.", "O(1)", NULL),
    {0},
};
