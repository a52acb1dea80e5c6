/* commands/debug.c -- DEBUG: the subcommands tests and operators use to look inside
 * the server: SLEEP, SET-ACTIVE-EXPIRE, OBJECT, DIGEST, DIGEST-VALUE and
 * RELOAD. Redis has many more (AOF, crash helpers); those this server has
 * nothing behind do not exist here and get Redis's unknown-subcommand
 * error. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/internal.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "keyspace/digest.h"
#include "keyspace/type.h"
#include "lib/log.h"
#include "persist/persistence.h"
#include "persist/rdb.h"
#include "net/reply.h"


/* The argument as a NUL-terminated string, for strtod/atoi as Redis uses. */
static sds argString(const client *c, int j) { return sdsnewlen(c->argv[j].ptr, c->argv[j].len); }

/* DEBUG SLEEP <seconds>: blocks the whole server, fractions allowed. */
static void debugSleep(client *c) {
    sds arg = argString(c, 2);
    double seconds = strtod(arg, NULL);
    sdsfree(arg);
    if (seconds > 0 && isfinite(seconds)) {
        if (seconds > (double)INT_MAX) seconds = (double)INT_MAX;
        struct timespec ts = {.tv_sec = (time_t)seconds,
                              .tv_nsec = (long)((seconds - floor(seconds)) * 1e9)};
        while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        }
    }
    addReplyOk(c);
}

/* DEBUG SET-ACTIVE-EXPIRE 0|1: stops or restarts the cron's expiry cycle
 * (lazy expiry on access goes on). */
static void debugSetActiveExpire(client *c) {
    sds arg = argString(c, 2);
    activeExpireEnabled = atoi(arg) != 0;
    sdsfree(arg);
    addReplyOk(c);
}

/* DEBUG OBJECT <key>: how Redis would hold the value. */
static void debugObject(client *c) {
    entry *e = dbLookupReadNoTouch(&dataset, c->db, c->argv[2]);
    if (!e) {
        addReplyError(c, "no such key");
        return;
    }
    /* lru: the entry's access bits, as Redis prints its object's. */
    sds s = sdscatprintf(sdsempty(),
                         "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%u "
                         "lru_seconds_idle:%lld",
                         (void *)e, typeRefcount(e), typeOf(e)->encoding(e),
                         rdbSavedValueLength(e, rdbSaveFlagsFromConfig()),
                         (unsigned)e->access,
                         dbIdleMs(&dataset, e) / 1000);
    addReplyStatus(c, s);
    sdsfree(s);
}

/* DEBUG DIGEST: one fingerprint of the whole dataset, Redis's (digest.h). */
static void debugDigest(client *c) {
    unsigned char d[SHA1_DIGEST_LEN];
    char hex[DIGEST_HEX_LEN + 1];
    digestKeyspace(&dataset, d);
    digestToHex(d, hex);
    addReplyStatus(c, hex);
}

/* DEBUG DIGEST-VALUE key...: the value digest of each key, zeros for a
 * missing one. */
static void debugDigestValue(client *c) {
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        unsigned char d[SHA1_DIGEST_LEN] = {0};
        char hex[DIGEST_HEX_LEN + 1];
        entry *e = dbLookupReadNoTouch(&dataset, c->db, c->argv[j]);
        if (e) digestEntryValue(e, d);
        digestToHex(d, hex);
        addReplyStatus(c, hex);
    }
}

/* DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: SAVE, empty every database,
 * load dbfilename back. NOSAVE loads the file as it is, NOFLUSH keeps the
 * current keys, MERGE lets the file's keys replace them. Where Redis stops
 * the whole server on a key that is both in memory and in the file
 * (NOFLUSH without MERGE), this replies the load error; what was loaded
 * until then stays. Neither emptying nor loading counts as a change since
 * the last save, as in Redis. */
static void debugReload(client *c) {
    int save = 1, flush = 1, flags = rdbLoadFlagsFromConfig();
    for (int j = 2; j < c->argc; j++) {
        if (sliceEqualsNoCase(c->argv[j], "merge")) flags |= RDB_LOAD_MERGE;
        else if (sliceEqualsNoCase(c->argv[j], "noflush")) flush = 0;
        else if (sliceEqualsNoCase(c->argv[j], "nosave")) save = 0;
        else {
            addReplyError(c, "DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    if (save && rdbSaveServer() != C_OK) {
        addReplyError(c, "-ERR");
        return;
    }
    long long dirty = dataset.dirty;
    if (flush)
        for (int i = 0; i < dataset.count; i++) dbEmpty(&dataset.dbs[i]);
    char err[512];
    rdbLoadStats st;
    int rc = rdbLoadWithFlags(&dataset, rdbConfig.dbfilename, flags, &st, err,
                              sizeof(err));
    dataset.dirty = dirty;
    if (rc != RDB_OK) {
        if (rc == RDB_NOFILE) snprintf(err, sizeof(err), "No such file or directory");
        serverLog(LL_WARNING, "DEBUG RELOAD could not load %s: %s", rdbConfig.dbfilename,
                  err);
        addReplyError(c, "Error trying to load the RDB dump");
        return;
    }
    serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld.",
              st.keysLoaded, st.keysExpired);
    serverLog(LL_WARNING, "DB reloaded by DEBUG RELOAD");
    addReplyOk(c);
}

static void debugHelp(client *c) {
    static const char *lines[] = {
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys make the load fail with an error.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        NULL,
    };
    addReplyHelp(c, lines);
}

static void debugCommand(client *c) {
    slice sub = c->argv[1];
    if (c->argc == 2 && sliceEqualsNoCase(sub, "help")) debugHelp(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "sleep")) debugSleep(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "set-active-expire")) debugSetActiveExpire(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "object")) debugObject(c);
    else if (c->argc == 2 && sliceEqualsNoCase(sub, "digest")) debugDigest(c);
    else if (sliceEqualsNoCase(sub, "digest-value")) debugDigestValue(c);
    else if (sliceEqualsNoCase(sub, "reload")) debugReload(c);
    else addReplySubcommandSyntaxError(c);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand debugCommands[] = {
    CMD("debug", debugCommand, -2,
     CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_PROTECTED, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "A container for debugging commands.", "Depends on subcommand.",
     NULL),
    {0},
};

const serverModule debugModule = {
    .name = "debug",
    .commands = debugCommands,
};
