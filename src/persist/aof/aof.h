/* persist/aof/aof.h -- the append-only file, Redis 7.0's multi-part layout.
 *
 * In `dir`, the directory `appenddirname` holds:
 *   <appendfilename>.<seq>.base.rdb   the dataset at the last rewrite, as an
 *                                     RDB (aof-use-rdb-preamble yes), or
 *   <appendfilename>.<seq>.base.aof   ... as commands (no);
 *   <appendfilename>.<seq>.incr.aof   the commands since, in RESP;
 *   <appendfilename>.manifest         which of them make up the dataset, in
 *                                     order (aof_manifest.h), replaced
 *                                     atomically whenever that changes.
 * Loading replays the base, then the incr files in manifest order.
 *
 * The parts, one file each:
 *   aof.c           the state, appending records to the buffer, writing and
 *                   fsyncing it (appendfsync), the INFO lines;
 *   aof_fsync.c     the background thread that fsyncs for `everysec`;
 *   aof_manifest.c  the manifest: parsing, formatting, file names;
 *   aof_load.c      loading at start-up;
 *   aof_rewrite.c   BGREWRITEAOF, the automatic rewrite and the base files;
 *   aof_lifecycle.c opening at start-up, turning on and off, the module.
 * What gets appended is decided by propagate.c.
 *
 * The durability rule: records reach the buffer while their command runs;
 * the buffer is written (and with `always` fsynced) in beforeSleep before
 * any reply is written, and the one path that writes replies outside
 * beforeSleep (a client's writable handler) calls aofBeforeReplyWrite
 * first. So no client hears of a write that is not in the file -- except
 * with `everysec` while an fsync is still running, when the write waits
 * up to AOF_FSYNC_POSTPONE_MAX_SEC rather than block on the disk, as in
 * Redis: that policy promises about a second, not every write. */
#ifndef AOF_H
#define AOF_H

#include <stddef.h>
#include <time.h>

#include "lib/module.h"
#include "lib/sds.h"
#include "lib/util.h"

struct aofManifest;

typedef enum {
    AOF_OFF = 0,
    AOF_ON,
    /* appendonly was switched on at run time: records go to a temporary
     * incr file until the first rewrite has written a base. */
    AOF_WAIT_REWRITE,
} aofStateType;

/* appendfsync */
#define AOF_FSYNC_NO 0
#define AOF_FSYNC_ALWAYS 1
#define AOF_FSYNC_EVERYSEC 2

/* How long (seconds) `everysec` lets a write wait for an fsync still
 * running before writing anyway (counted in aof_delayed_fsync). */
#define AOF_FSYNC_POSTPONE_MAX_SEC 2

/* The AOF's directives. */
struct aofConfig {
    long long appendonly;
    sds appendfilename;    /* base name of the AOF's files */
    sds appenddirname;     /* the AOF's directory, in dir */
    long long appendfsync; /* AOF_FSYNC_* */
    long long noAppendfsyncOnRewrite;
    long long autoRewritePercentage;
    long long autoRewriteMinSize;
    long long loadTruncated;
    long long useRdbPreamble;
};

extern struct aofConfig aofConfig;
/* The AOF as a module: its directives, appending before replies go out,
 * and the cron's postponed writes and rewrites. */
extern const serverModule aofModule;

typedef struct aofServer {
    aofStateType state;
    struct aofManifest *manifest; /* NULL until loaded or first created */
    int fd;                /* the incr file records are written to, or -1 */
    sds buf;               /* records not yet written */
    int selectedDb;        /* the database the file's last SELECT chose, -1: none */
    long long currentSize; /* bytes of the base and incr files */
    long long baseSize;    /* currentSize after the last rewrite or load */
    long long lastIncrSize;  /* bytes of the incr file being written */
    long long fsyncedSize;   /* currentSize when the last fsync was started */
    time_t lastFsync;        /* when the last fsync was started */
    time_t flushPostponedStart; /* everysec: a write waits for an fsync since */
    long long delayedFsync;  /* aof_delayed_fsync */
    int lastWriteOk;         /* aof_last_write_status */
    int lastWriteErrno;
    time_t lastWriteErrorLog;
    /* Rewrites. */
    int rewriteScheduled;    /* start one when no child runs */
    int lastBgrewriteOk;
    long long rewrites;      /* aof_rewrites */
    long long consecutiveFailures;
    long long lastRewriteSec; /* -1 before the first */
    time_t lastRewriteFailure;
} aofServer;

extern aofServer aof;

/* Called once at start-up, before the manifest is loaded. */
void aofInit(void);
/* Appends one RESP record for database dbid (-1: whatever is selected),
 * with a SELECT first when the database changes. */
void aofFeed(int dbid, const char *resp, size_t len);
/* The same for a record of the given arguments, encoded in place. */
void aofFeedArgv(int dbid, int argc, const slice *argv);
/* Writes the buffer to the incr file and fsyncs as appendfsync says; with
 * force, `everysec` does not postpone the write for a running fsync. */
void aofFlush(int force);
/* beforeSleep, before replies are written. */
void aofBeforeSleep(void);
/* A writable handler is about to send replies outside beforeSleep: with
 * `always`, the records behind them are written and fsynced first. */
void aofBeforeReplyWrite(void);
/* Shutdown: kills a rewrite child, writes and fsyncs what is buffered.
 * C_ERR if appendonly was just switched on and the first base is not
 * written yet (the dataset would be lost): the caller does not exit. */
int aofPrepareForShutdown(int force);

/* aof_lifecycle.c: */
/* CONFIG SET appendonly: starts (with a rewrite that writes the base) or
 * stops appending; C_OK or C_ERR with the reason logged. */
int aofStart(void);
void aofStop(void);

/* Start-up with appendonly yes, after the files were loaded (or there were
 * none): makes sure there is a base and an incr file to append to and
 * opens it; exits on failure. */
void aofOpenOnServerStart(void);

/* The path of a file of the AOF directory (sds). */
sds aofPath(const char *name);
/* Size in bytes of a file in the AOF directory, 0 if it is missing. */
long long aofFileSize(const char *name);
/* Opens a file of the AOF directory for appending (truncated first if
 * asked); -1, logged, on failure. */
int aofOpenForAppend(const char *name, int truncate);
/* Creates the AOF directory if missing; -1 with errno on failure. */
int aofMakeDir(void);
/* Opens a new incr file for the next records at a rewrite's start (or a
 * temporary one while AOF_WAIT_REWRITE); C_OK or C_ERR, logged. */
int aofOpenNewIncrForRewrite(void);
/* Writes the manifest atomically; C_OK or C_ERR, logged. */
int aofPersistManifest(const struct aofManifest *am);
/* Deletes the history files and drops them from the manifest. */
void aofDeleteHistoryFiles(void);
/* The temporary incr file of AOF_WAIT_REWRITE (sds). */
sds aofTempIncrName(void);
/* Keeps propagateEnabled in step with the state and the running child. */
void aofUpdatePropagation(void);

/* Whether a failed AOF write stops writes (with aofMisconfError()) until
 * a write succeeds, as in Redis: while the AOF is on. The command path
 * asks only while !aof.lastWriteOk. */
int aofStopsWrites(void);
const char *aofMisconfError(void);

/* INFO persistence: the aof_* lines Redis prints always, then those it
 * prints only while the AOF is on. */
sds aofCatInfo(sds s);
sds aofCatInfoWhenOn(sds s);

#endif
