/* persist/persistence.h -- RDB snapshots as the server uses them; see
 * persistence.c.
 *
 * The persist/ folder owns what reaches the disk: the RDB format (rdb.h),
 * the background child (child.h), the save rules (save_rules.h), the
 * snapshots the server takes (this file), what commands propagate
 * (propagate.h), and the append-only file in aof/ (aof/aof.h lists its
 * parts). */
#ifndef PERSISTENCE_H
#define PERSISTENCE_H

#include "net/client.h"
#include "dispatch/commands.h"
#include "persist/rdb.h"
#include "lib/module.h"
#include "lib/sds.h"
#include "persist/save_rules.h"

/* SHUTDOWN's options (and the signal handlers' none). */
#define SHUTDOWN_NOFLAGS 0
#define SHUTDOWN_SAVE (1 << 0)   /* save even without save rules */
#define SHUTDOWN_NOSAVE (1 << 1) /* do not save even with save rules */
#define SHUTDOWN_NOW (1 << 2)    /* do not wait for replicas (there are none) */
#define SHUTDOWN_FORCE (1 << 3)  /* exit even if the save fails */

/* The error a refused write gets after a failed BGSAVE (see rdbStopsWrites). */
#define MISCONF_RDB_ERROR                                                                     \
    "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "       \
    "persist to disk. Commands that may modify the data set are disabled, because this "      \
    "instance is configured to report errors during writes if RDB snapshotting fails "        \
    "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about "    \
    "the RDB error."

/* RDB's directives. */
struct rdbConfig {
    sds dbfilename;               /* the RDB file, in dir */
    long long rdbcompression;     /* LZF-compress strings in RDB files */
    long long rdbchecksum;        /* end RDB files with a CRC-64 (else 0) */
    saveRules save;               /* automatic BGSAVE rules; none: none */
    long long stopWritesOnBgsaveError; /* refuse writes after a failed BGSAVE */
    long long keySaveDelay;       /* rdb-key-save-delay: us slept per saved key (a test aid) */
};

extern struct rdbConfig rdbConfig;
/* RDB snapshots as a module: the directives above, the save rules checked
 * by the cron, INFO persistence (with the AOF's lines) and rdb_saves. */
extern const serverModule rdbModule;

/* The server's save status, for rdb_* INFO fields, LASTSAVE, the save
 * rules and the MISCONF check. */
typedef struct rdbSaveStatus {
    time_t lastSave;           /* unix time of the last successful save */
    long long dirtyAtLastSave; /* dataset.dirty that save holds */
    /* rdb_last_bgsave_status: 0 from a failed BGSAVE (or fork) until a
     * save succeeds; while 0, writes may be refused (rdbStopsWrites). */
    int lastSaveOk;
} rdbSaveStatus;

extern rdbSaveStatus rdbStatus;

/* What an RDB file written now carries: the AUX values, and flags from the
 * rdbcompression and rdbchecksum directives. Every dump the server writes
 * (SAVE, a background save, an AOF base) starts from this. */
rdbSaveInfo rdbSaveInfoFromServer(int aofBase);
/* Just the RDB_SAVE_* flags of the rdbcompression and rdbchecksum directives. */
int rdbSaveFlagsFromConfig(void);
/* The RDB_LOAD_* flags of the directives: with rdbchecksum no, a dump's
 * checksum is not verified when it is loaded, as in Redis. */
int rdbLoadFlagsFromConfig(void);

/* Saves the keyspace to dbfilename in the current directory (the `dir`) in
 * the foreground; C_OK or C_ERR, logged either way. */
int rdbSaveServer(void);
/* Forks a child that saves (the caller has checked that no child runs);
 * C_OK once it started, C_ERR (logged, rdb_last_bgsave_status err) if the
 * fork failed. */
int rdbSaveBackground(void);
/* The cron's part, run after childCheckDone: starts a BGSAVE when a save
 * rule is met or one was scheduled, and no child runs. */
void rdbCron(void);
/* The save SHUTDOWN and SIGTERM make (with the child already stopped):
 * C_ERR when it was needed, failed and `flags` lack SHUTDOWN_FORCE. */
int rdbSaveOnShutdown(int flags);
/* FLUSHALL's part, as in Redis: a running BGSAVE is stopped (its dump
 * would bring the keys back) and, with save rules, the empty dataset is
 * saved at once. */
void rdbAfterFlushall(void);
/* Whether a failed BGSAVE stops writes (with MISCONF_RDB_ERROR):
 * stop-writes-on-bgsave-error is on and there are save rules. The command
 * path asks only while !rdbStatus.lastSaveOk. */
int rdbStopsWrites(void);
/* Loads dbfilename if it exists; a file that cannot be loaded ends the
 * process with a log line and exit status 1. */
void loadDataFromDisk(void);
/* INFO persistence: the current_* fields of a running child and the rdb_*
 * fields, in Redis's order. */
sds rdbInfoCat(sds s);
/* CONFIG RESETSTAT: rdb_saves. */
void rdbResetStats(void);

#endif
