/* persist/aof/aof_lifecycle.c -- the AOF's life: opened at start-up (with
 * a first base when there is none), turned on at run time (CONFIG SET
 * appendonly yes: a rewrite writes the first base) and off; and the AOF
 * as a module of the server: its directives, its hooks, and the INFO
 * persistence section, which it renders for RDB and AOF both since it
 * sits above them.
 *
 * The write path and the state are aof.c's, rewriting is aof_rewrite.c's;
 * this file uses both and neither uses it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "persist/aof/aof.h"
#include "persist/aof/aof_fsync.h"
#include "persist/aof/aof_manifest.h"
#include "persist/aof/aof_rewrite.h"
#include "persist/child.h"
#include "persist/persistence.h"

/* --- start-up ---------------------------------------------------------------------- */

void aofOpenOnServerStart(void) {
    if (aofMakeDir() == -1) {
        serverLog(LL_WARNING, "Can't open or create append-only dir %s: %s",
                  aofConfig.appenddirname, strerror(errno));
        exit(1);
    }
    aofManifest *am = aof.manifest ? aofManifestDup(aof.manifest) : aofManifestCreate();
    int changed = 0;
    if (aofManifestIsEmpty(am)) {
        /* Nothing to load: the first base holds the (empty) dataset. */
        const char *base = aofManifestNewBase(am, aofConfig.appendfilename,
                                              (int)aofConfig.useRdbPreamble);
        sds path = aofPath(base);
        if (aofWriteBaseFile(path) != C_OK) exit(1);
        sdsfree(path);
        serverLog(LL_NOTICE, "Creating AOF base file %s on server start", base);
        aof.baseSize = aof.currentSize = aofFileSize(base);
        changed = 1;
    }
    const char *incr;
    int fd;
    if (am->incrCount == 0) {
        incr = aofManifestNewIncr(am, aofConfig.appendfilename);
        fd = aofOpenForAppend(incr, 0);
        if (fd != -1) serverLog(LL_NOTICE, "Creating AOF incr file %s on server start", incr);
        aof.lastIncrSize = 0;
        changed = 1;
    } else {
        incr = am->incr[am->incrCount - 1]->name;
        fd = aofOpenForAppend(incr, 0);
        if (fd != -1) serverLog(LL_NOTICE, "Opening AOF incr file %s on server start", incr);
        aof.lastIncrSize = aofFileSize(incr);
    }
    if (fd == -1 || (changed && aofPersistManifest(am) != C_OK)) exit(1);
    aofManifestFree(aof.manifest);
    aof.manifest = am;
    aof.fd = fd;
    aofFsyncThreadStart();
    aof.state = AOF_ON;
    aof.lastFsync = cachedTime.sec;
    aof.fsyncedSize = aof.currentSize;
    aofDeleteHistoryFiles();
    aofUpdatePropagation();
}

/* --- on and off at run time ------------------------------------------------------ */

int aofStart(void) {
    if (aof.state != AOF_OFF) return C_OK;
    aofFsyncThreadStart(); /* before the fork below */
    aof.state = AOF_WAIT_REWRITE;
    childType running = childActiveType();
    if (running != CHILD_NONE && running != CHILD_AOF) {
        aof.rewriteScheduled = 1;
        serverLog(LL_NOTICE, "AOF was enabled but there is already another background "
                             "operation. An AOF background was scheduled to start when "
                             "possible.");
    } else {
        int wasScheduled = aof.rewriteScheduled;
        if (running == CHILD_AOF) {
            /* Its base would miss what is written before it ends. */
            serverLog(LL_NOTICE, "AOF was enabled but there is already an AOF rewriting in "
                                 "background. Stopping background AOF and starting a rewrite "
                                 "now.");
            childKillAndWait();
        }
        if (aofRewriteBackground() != C_OK) {
            /* The killed child's end scheduled a retry of this first
             * rewrite, which is not happening. */
            aof.rewriteScheduled = wasScheduled;
            aof.state = AOF_OFF;
            serverLog(LL_WARNING, "Redis needs to enable the AOF but can't trigger a background "
                                  "AOF rewrite operation. Check the above logs for more info "
                                  "about the error.");
            return C_ERR;
        }
    }
    aof.lastFsync = cachedTime.sec;
    aofUpdatePropagation();
    return C_OK;
}

void aofStop(void) {
    if (aof.state == AOF_OFF) return;
    aofStateType was = aof.state;
    aofFlush(1);
    if (aof.fd != -1) {
        if (fdatasync(aof.fd) == -1)
            serverLog(LL_WARNING, "Fail to fsync the AOF file: %s", strerror(errno));
        close(aof.fd);
    }
    aof.fd = -1;
    aof.selectedDb = -1;
    aof.state = AOF_OFF;
    aof.rewriteScheduled = 0;
    aofUpdatePropagation();
    if (childActiveType() == CHILD_AOF) {
        serverLog(LL_NOTICE, "Killing running AOF rewrite child: %ld", (long)childActivePid());
        childKillAndWait();
    }
    if (was == AOF_WAIT_REWRITE) {
        sds name = aofTempIncrName(), path = aofPath(name);
        unlink(path);
        sdsfree(path);
        sdsfree(name);
    }
    sdsclear(aof.buf);
}

/* --- the module ----------------------------------------------------------------- */

/* Loading happens before the first client is accepted, so it is never
 * seen in progress. The aof_* lines are aof.c's, around the module_fork
 * lines Redis prints between them. */
static sds infoPersistence(sds s) {
    s = sdscat(s, "loading:0\r\n"
                  "async_loading:0\r\n");
    s = rdbInfoCat(s);
    s = aofCatInfo(s);
    s = sdscat(s, "module_fork_in_progress:0\r\nmodule_fork_last_cow_size:0\r\n");
    return aofCatInfoWhenOn(s);
}

static const infoSection persistenceInfo[] = {
    {"persistence", "Persistence", INFO_PERSISTENCE, 1, infoPersistence},
    {0},
};

/* CONFIG SET appendonly: a rewrite writes the first base, as in Redis. */
static const char *applyAppendonly(void) {
    if (aofConfig.appendonly && aof.state == AOF_OFF) {
        if (aofStart() != C_OK) return "Unable to turn on AOF. Check server logs.";
    } else if (!aofConfig.appendonly && aof.state != AOF_OFF) {
        aofStop();
    }
    return NULL;
}

static const char *checkAppendfilename(void) {
    if (strchr(aofConfig.appendfilename, '/'))
        return "appendfilename can't be a path, just a filename";
    return NULL;
}

static const char *checkAppenddirname(void) {
    if (strchr(aofConfig.appenddirname, '/'))
        return "appenddirname can't be a path, just a dirname";
    return NULL;
}

/* In Redis's order, which its error text lists. */
static const directiveEnum appendfsyncValues[] = {
    {"everysec", AOF_FSYNC_EVERYSEC}, {"always", AOF_FSYNC_ALWAYS}, {"no", AOF_FSYNC_NO},
    {NULL, 0},
};

#define FIELD(f) offsetof(struct aofConfig, f)

static const configDirective aofDirectives[] = {
    {"appendonly", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "no", 0, 1, FIELD(appendonly), NULL,
     applyAppendonly, NULL, NULL},
    {"appendfilename", DIRECTIVE_STRING, 0, "appendonly.aof", 0, 0, FIELD(appendfilename), NULL,
     NULL, checkAppendfilename, NULL},
    {"appenddirname", DIRECTIVE_STRING, 0, "appendonlydir", 0, 0, FIELD(appenddirname), NULL,
     NULL, checkAppenddirname, NULL},
    {"appendfsync", DIRECTIVE_ENUM, DIRECTIVE_MUTABLE, "everysec", 0, 0, FIELD(appendfsync),
     appendfsyncValues, NULL, NULL, NULL},
    {"no-appendfsync-on-rewrite", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "no", 0, 1,
     FIELD(noAppendfsyncOnRewrite), NULL, NULL, NULL, NULL},
    {"auto-aof-rewrite-percentage", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "100", 0, INT_MAX,
     FIELD(autoRewritePercentage), NULL, NULL, NULL, NULL},
    {"auto-aof-rewrite-min-size", DIRECTIVE_MEMORY, DIRECTIVE_MUTABLE, "64mb", 0, LLONG_MAX,
     FIELD(autoRewriteMinSize), NULL, NULL, NULL, NULL},
    {"aof-load-truncated", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "yes", 0, 1, FIELD(loadTruncated),
     NULL, NULL, NULL, NULL},
    {"aof-use-rdb-preamble", DIRECTIVE_BOOL, DIRECTIVE_MUTABLE, "yes", 0, 1,
     FIELD(useRdbPreamble), NULL, NULL, NULL, NULL},
    {0},
};

static void aofModuleCron(int hz) {
    (void)hz;
    aofRewriteCron();
}

const serverModule aofModule = {
    .name = "aof",
    .config = &aofConfig,
    .configSize = sizeof(aofConfig),
    .directives = aofDirectives,
    .info = persistenceInfo,
    .commands = aofRewriteCommands,
    .init = aofInit,
    .cron = aofModuleCron,
    .beforeSleep = aofBeforeSleep,
};
