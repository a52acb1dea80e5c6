/* persist/persistence.c -- the server's side of RDB snapshots: the SAVE, BGSAVE
 * and LASTSAVE commands, the save rules the cron checks, the save at
 * shutdown and after FLUSHALL, refusing writes while snapshots fail
 * (stop-writes-on-bgsave-error), loading dump.rdb at start-up, and the
 * numbers INFO persistence shows. The file format is rdb.c's, the forked
 * child's life child.c's (its pid, which names its temp file, and how long
 * it has run included); this file supplies what they need from the server
 * (file name, AUX values) and turns their outcomes into replies, log lines
 * and the state below.
 *
 * SAVE writes in the foreground: the server answers no one until it is
 * done. BGSAVE forks a child that writes the same file from its frozen copy
 * of the keyspace (temp-<childpid>.rdb, renamed over dbfilename) while the
 * parent serves; writes made meanwhile are not in the dump and still count
 * as changes after it. A failed BGSAVE is retried by the rules only after
 * CONFIG_BGSAVE_RETRY_DELAY seconds, as in Redis, so a full disk is not
 * hammered by a fork every cron tick. */
#include "persist/persistence.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "persist/child.h"
#include "dispatch/commands.h"
#include "lib/log.h"
#include "dispatch/multi.h"
#include "persist/rdb.h"
#include "net/reply.h"
#include "lib/util.h"
#include "lib/version.h"
#include "lib/zmalloc.h"

rdbSaveStatus rdbStatus = {.lastSaveOk = 1};
/* MISCONF after a failed BGSAVE: armed while rdbStatus.lastSaveOk is 0. */
static int refusalId = -1;

static void setLastSaveOk(int ok) {
    rdbStatus.lastSaveOk = ok;
    writeRefusalArm(refusalId, !ok);
}
struct rdbConfig rdbConfig;

/* Seconds before the cron tries again after a failed BGSAVE. */
#define CONFIG_BGSAVE_RETRY_DELAY 5
/* A child reports its progress to the parent every this many keys (more
 * often only while rdb-key-save-delay slows it down). */
#define PROGRESS_KEYS_MASK 1023

static struct {
    long long dirtyAtFork;   /* ks.dirty when it forked: what the dump holds */
    time_t lastBgsaveTry;    /* when the last BGSAVE was forked, or failed to */
    long long lastBgsaveSec; /* rdb_last_bgsave_time_sec, -1 before the first */
    int bgsaveScheduled;     /* BGSAVE SCHEDULE (or in EXEC) waits for the child */
    long long saves;         /* rdb_saves: SAVE commands and BGSAVE forks */
    rdbLoadStats lastLoad;
    int inChild;             /* this process is the BGSAVE child */
    long long keysSaved;     /* by the save in progress in this process */
} rdb = {.lastBgsaveSec = -1};

int rdbSaveFlagsFromConfig(void) {
    int flags = 0;
    if (!rdbConfig.rdbcompression) flags |= RDB_SAVE_NO_COMPRESSION;
    if (!rdbConfig.rdbchecksum) flags |= RDB_SAVE_NO_CHECKSUM;
    return flags;
}

int rdbLoadFlagsFromConfig(void) { return rdbConfig.rdbchecksum ? 0 : RDB_LOAD_NO_CHECKSUM; }

rdbSaveInfo rdbSaveInfoFromServer(int aofBase) {
    rdbSaveInfo info = {.redisVer = REDIS_COMPAT_VERSION,
                        .ctime = (long long)time(NULL),
                        .usedMem = (long long)zmalloc_used_memory(),
                        .aofBase = aofBase,
                        .flags = rdbSaveFlagsFromConfig()};
    return info;
}

/* --- writing a dump ------------------------------------------------------- */

static void keySaved(void *privdata) {
    (void)privdata;
    rdb.keysSaved++;
    long long delay = rdbConfig.keySaveDelay;
    if (rdb.inChild && (delay > 0 || (rdb.keysSaved & PROGRESS_KEYS_MASK) == 1))
        childReportProgress(rdb.keysSaved);
    if (delay > 0) usleep((useconds_t)delay);
}

/* Saves to dbfilename in the working directory; on failure logs why. */
static int saveToFile(void) {
    rdbSaveInfo info = rdbSaveInfoFromServer(0);
    info.keySaved = keySaved;
    char err[512];
    rdb.keysSaved = 0;
    if (rdbSave(&dataset, rdbConfig.dbfilename, &info, err, sizeof(err)) != RDB_OK) {
        serverLog(LL_WARNING, "%s", err);
        return C_ERR;
    }
    serverLog(LL_NOTICE, "DB saved on disk");
    return C_OK;
}

int rdbSaveServer(void) {
    if (saveToFile() != C_OK) return C_ERR;
    rdbStatus.dirtyAtLastSave = dataset.dirty;
    rdbStatus.lastSave = time(NULL);
    setLastSaveOk(1);
    return C_OK;
}

/* --- BGSAVE --------------------------------------------------------------- */

static void removeTempFile(pid_t childPid) {
    char tmp[64];
    rdbTempFileName(tmp, sizeof(tmp), (int)childPid);
    unlink(tmp);
}

static void bgsaveDone(const childEnded *ended) {
    int bySignal = ended->bySignal;
    if (ended->ok) {
        serverLog(LL_NOTICE, "Background saving terminated with success");
        rdbStatus.dirtyAtLastSave = rdb.dirtyAtFork;
        rdbStatus.lastSave = time(NULL);
        setLastSaveOk(1);
    } else if (!bySignal) {
        serverLog(LL_WARNING, "Background saving error");
        setLastSaveOk(0);
    } else {
        serverLog(LL_WARNING, "Background saving terminated by signal %d", bySignal);
        removeTempFile(ended->pid);
        /* SIGUSR1 is how the server itself stops a child (shutdown,
         * FLUSHALL): not a failure of the snapshot. */
        if (bySignal != SIGUSR1) setLastSaveOk(0);
    }
    rdb.lastBgsaveSec = (long long)time(NULL) - ended->startTime;
}

static void saveInChild(void) {
    rdb.inChild = 1;
    if (saveToFile() != C_OK) childExit(1);
    childReportDone(rdb.keysSaved);
    childExit(0);
}

int rdbSaveBackground(void) {
    long long dirty = dataset.dirty;
    rdb.lastBgsaveTry = time(NULL);
    pid_t pid = childFork(CHILD_RDB, "redis-mini-rdb", bgsaveDone);
    if (pid == 0) saveInChild();
    if (pid == -1) {
        setLastSaveOk(0);
        serverLog(LL_WARNING, "Can't save in background: fork: %s", strerror(errno));
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Background saving started by pid %ld", (long)pid);
    rdb.dirtyAtFork = dirty;
    rdb.saves++;
    return C_OK;
}

void rdbCron(void) {
    if (childActiveType() != CHILD_NONE) return;
    time_t now = cachedTime.sec;
    int mayTry = rdbStatus.lastSaveOk || now - rdb.lastBgsaveTry > CONFIG_BGSAVE_RETRY_DELAY;
    if (!mayTry) return;
    const saveRules *rules = &rdbConfig.save;
    int due = saveRulesDue(rules, dataset.dirty - rdbStatus.dirtyAtLastSave,
                           (long long)(now - rdbStatus.lastSave));
    if (due >= 0) {
        serverLog(LL_NOTICE, "%lld changes in %lld seconds. Saving...", rules->rules[due].changes,
                  rules->rules[due].seconds);
        rdbSaveBackground();
        return;
    }
    if (rdb.bgsaveScheduled && rdbSaveBackground() == C_OK) rdb.bgsaveScheduled = 0;
}

/* --- shutdown, FLUSHALL, refused writes ----------------------------------- */

int rdbSaveOnShutdown(int flags) {
    int save = (flags & SHUTDOWN_SAVE) ||
               (rdbConfig.save.count > 0 && !(flags & SHUTDOWN_NOSAVE));
    if (!save) return C_OK;
    serverLog(LL_NOTICE, "Saving the final RDB snapshot before exiting.");
    if (rdbSaveServer() == C_OK) return C_OK;
    if (flags & SHUTDOWN_FORCE) {
        serverLog(LL_WARNING, "Error trying to save the DB. Exit anyway.");
        return C_OK;
    }
    serverLog(LL_WARNING, "Error trying to save the DB, can't exit.");
    return C_ERR;
}

void rdbAfterFlushall(void) {
    if (childActiveType() == CHILD_RDB) childKillAndWait();
    if (rdbConfig.save.count > 0) rdbSaveServer();
}

int rdbStopsWrites(void) {
    return rdbConfig.stopWritesOnBgsaveError && rdbConfig.save.count != 0;
}

/* --- commands ------------------------------------------------------------- */

/* SAVE */
static void saveCommand(client *c) {
    if (childActiveType() == CHILD_RDB) {
        addReplyError(c, "Background save already in progress");
        return;
    }
    rdb.saves++;
    if (rdbSaveServer() == C_OK) addReplyOk(c);
    else addReplyError(c, "-ERR");
}

/* BGSAVE [SCHEDULE]. Inside EXEC it is always scheduled, as in Redis: a
 * transaction must not fork halfway through. */
static void bgsaveCommand(client *c) {
    int schedule = 0;
    if (c->argc == 2 && sliceEqualsNoCase(c->argv[1], "schedule")) {
        schedule = 1;
    } else if (c->argc > 1) {
        addReplySyntaxError(c);
        return;
    }
    if (childActiveType() == CHILD_RDB) {
        addReplyError(c, "Background save already in progress");
        return;
    }
    int inExec = (c->flags & CLIENT_MULTI) != 0;
    if (childActiveType() != CHILD_NONE || inExec) {
        if (schedule || inExec) {
            rdb.bgsaveScheduled = 1;
            addReplyStatus(c, "Background saving scheduled");
        } else {
            addReplyError(c, "Another child process is active (AOF?): can't BGSAVE right now. "
                             "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever "
                             "possible.");
        }
        return;
    }
    if (rdbSaveBackground() == C_OK) addReplyStatus(c, "Background saving started");
    else addReplyError(c, "-ERR");
}

/* LASTSAVE: the unix time of the last successful save; the start time
 * before the first, as in Redis. */
static void lastsaveCommand(client *c) { addReplyLongLong(c, (long long)rdbStatus.lastSave); }

/* --- start-up ------------------------------------------------------------- */

void loadDataFromDisk(void) {
    char err[512];
    rdbLoadStats st = {0, 0};
    uint64_t start = monotonicUs();
    keyspaceSetTime(&dataset, wallclockMs());
    int rc = rdbLoadWithFlags(&dataset, rdbConfig.dbfilename, rdbLoadFlagsFromConfig(),
                              &st, err, sizeof(err));
    if (rc == RDB_NOFILE) return;
    if (rc != RDB_OK) {
        serverLog(LL_WARNING, "Fatal error loading the DB %s: %s. Exiting.",
                  rdbConfig.dbfilename, err);
        exit(1);
    }
    rdb.lastLoad = st;
    serverLog(LL_NOTICE, "DB loaded from disk: %.3f seconds",
              (double)(monotonicUs() - start) / 1e6);
    serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld.",
              st.keysLoaded, st.keysExpired);
    /* What was just loaded is what is on disk. */
    dataset.dirty = 0;
    rdbStatus.dirtyAtLastSave = 0;
}

/* --- INFO ----------------------------------------------------------------- */

void rdbResetStats(void) { rdb.saves = 0; }

sds rdbInfoCat(sds s) {
    const childInfo *ci = childGetInfo();
    int inProgress = childActiveType() == CHILD_RDB;
    long long cowAge = ci->cowUpdatedUs ? (long long)((monotonicUs() - ci->cowUpdatedUs) / 1000000)
                                        : 0;
    double forkPerc = ci->keysTotal ? (double)ci->keysProcessed * 100 / (double)ci->keysTotal : 0;
    return sdscatprintf(
        s,
        "current_cow_peak:%lld\r\n"
        "current_cow_size:%lld\r\n"
        "current_cow_size_age:%lld\r\n"
        "current_fork_perc:%.2f\r\n"
        "current_save_keys_processed:%lld\r\n"
        "current_save_keys_total:%lld\r\n"
        "rdb_changes_since_last_save:%lld\r\n"
        "rdb_bgsave_in_progress:%d\r\n"
        "rdb_last_save_time:%lld\r\n"
        "rdb_last_bgsave_status:%s\r\n"
        "rdb_last_bgsave_time_sec:%lld\r\n"
        "rdb_current_bgsave_time_sec:%lld\r\n"
        "rdb_saves:%lld\r\n"
        "rdb_last_cow_size:%lld\r\n"
        "rdb_last_load_keys_expired:%lld\r\n"
        "rdb_last_load_keys_loaded:%lld\r\n",
        ci->cowPeak, ci->cowBytes, cowAge, forkPerc, ci->keysProcessed, ci->keysTotal,
        dataset.dirty - rdbStatus.dirtyAtLastSave, inProgress, (long long)rdbStatus.lastSave,
        rdbStatus.lastSaveOk ? "ok" : "err", rdb.lastBgsaveSec,
        childRunningSec(CHILD_RDB), rdb.saves,
        ci->lastCowBytes[CHILD_RDB], rdb.lastLoad.keysExpired, rdb.lastLoad.keysLoaded);
}

/* --- the module ----------------------------------------------------------------- */

/* While the config file and the command line are read, the first `save`
 * line replaces the built-in rules and later lines add theirs, so several
 * lines accumulate as in Redis 7.0; `save ""` drops every rule so far. At
 * any other time (defaults, CONFIG SET) a value replaces the rules. */
static const char *setSave(void *field, const slice *args, int argc, int append) {
    saveRules parsed;
    const char *err = saveRulesParse(&parsed, args, argc);
    if (err) return err;
    saveRules *rules = field;
    int clears = argc == 1 && args[0].len == 0;
    if (append && !clears) {
        saveRulesAppend(rules, &parsed);
        saveRulesFree(&parsed);
    } else {
        saveRulesFree(rules);
        *rules = parsed;
    }
    return NULL;
}

static sds getSave(const void *field) { return saveRulesFormat(field); }

/* Every rule on the one line, which Redis 7.0 reads as well; no rules is
 * written `save ""`, so the built-in ones do not come back. */
static sds formatSave(const void *field) {
    const saveRules *rules = field;
    if (rules->count == 0) return sdsnew("\"\"");
    return saveRulesFormat(rules);
}

static void dupSave(void *field) {
    saveRules *rules = field;
    *rules = saveRulesDup(rules);
}

static void releaseSave(void *field) { saveRulesFree(field); }

static const directiveCodec saveCodec = {1, 0, setSave, getSave, formatSave, dupSave, releaseSave};

/* A file name only: the file lives in `dir`. Same check as Redis. */
static const char *checkDbfilename(void) {
    if (strchr(rdbConfig.dbfilename, '/')) return "dbfilename can't be a path, just a filename";
    return NULL;
}

#define FIELD(f) offsetof(struct rdbConfig, f)

static const configDirective rdbDirectives[] = {
    {"dbfilename", DIRECTIVE_STRING, DIRECTIVE_MUTABLE, "dump.rdb", 0, 0, FIELD(dbfilename), NULL,
     checkDbfilename, checkDbfilename, NULL},
    {"rdbcompression", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "yes", 0, 1, FIELD(rdbcompression),
     NULL, NULL, NULL, NULL},
    {"rdbchecksum", DIRECTIVE_BOOL, 0, "yes", 0, 1, FIELD(rdbchecksum), NULL, NULL, NULL, NULL},
    {"save", DIRECTIVE_CUSTOM, DIRECTIVE_MUTABLE | DIRECTIVE_BARE_IS_EMPTY,
     "3600 1 300 100 60 10000", 0, 0, FIELD(save), NULL, NULL, NULL, &saveCodec},
    {"stop-writes-on-bgsave-error", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "yes", 0, 1,
     FIELD(stopWritesOnBgsaveError), NULL, NULL, NULL, NULL},
    {"rdb-key-save-delay", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "0", 0, INT_MAX, FIELD(keySaveDelay),
     NULL, NULL, NULL, NULL},
    {0},
};

static const char *rdbWriteRefusal(void) { return rdbStopsWrites() ? MISCONF_RDB_ERROR : NULL; }

static void rdbModuleInit(void) { refusalId = writeRefusalRegister(rdbWriteRefusal); }

static void rdbModuleCron(int hz) {
    (void)hz;
    rdbCron();
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand rdbCommands[] = {
    CMD("bgsave", bgsaveCommand, -1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Asynchronously saves the database(s) to disk.", "O(1)", NULL),
    CMD("lastsave", lastsaveCommand, 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "Returns the Unix timestamp of the last successful save to disk.",
     "O(1)", NULL),
    CMD("save", saveCommand, 1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Synchronously saves the database(s) to disk.",
     "O(N) where N is the total number of keys in all databases", NULL),
    {0},
};

const serverModule rdbModule = {
    .commands = rdbCommands,
    .name = "rdb",
    .config = &rdbConfig,
    .configSize = sizeof(rdbConfig),
    .directives = rdbDirectives,
    .init = rdbModuleInit,
    .cron = rdbModuleCron,
    .resetStats = rdbResetStats,
};
