/* debug.c -- DEBUG: the subcommands tests and operators use to look inside
 * the server: SLEEP, SET-ACTIVE-EXPIRE, OBJECT. Redis has many more (AOF,
 * RDB, crash helpers); those this server has nothing behind do not exist
 * here and get Redis's unknown-subcommand error. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "reply.h"
#include "server.h"


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
    server.activeExpireEnabled = atoi(arg) != 0;
    sdsfree(arg);
    addReplyOk(c);
}

static int lengthOfRdbLength(size_t len) {
    if (len < (1 << 6)) return 1;
    if (len < (1 << 14)) return 2;
    if (len <= UINT32_MAX) return 5;
    return 9;
}

/* Bytes of the value in an RDB file (without compression): integers that
 * fit in 32 bits are stored in 1, 2 or 4 bytes after a type byte, other
 * strings as a length and the bytes. */
static size_t rdbStringLength(const char *val, size_t len) {
    long long v;
    if (len <= 11 && string2ll(val, len, &v)) {
        if (v >= INT8_MIN && v <= INT8_MAX) return 2;
        if (v >= INT16_MIN && v <= INT16_MAX) return 3;
        if (v >= INT32_MIN && v <= INT32_MAX) return 5;
    }
    return (size_t)lengthOfRdbLength(len) + len;
}

/* DEBUG OBJECT <key>: how Redis would hold the value. */
static void debugObject(client *c) {
    entry *e = dbLookupReadNoTouch(&server.ks, c->db, c->argv[2]);
    if (!e) {
        addReplyError(c, "no such key");
        return;
    }
    size_t len;
    const char *val = entryValue(e, &len);
    /* lru: the entry's access bits, as Redis prints its object's. */
    sds s = sdscatprintf(sdsempty(),
                         "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%u "
                         "lru_seconds_idle:%lld",
                         (void *)e, objectRefcount(e), objectEncodingName(e),
                         rdbStringLength(val, len), (unsigned)e->access,
                         dbIdleMs(&server.ks, e) / 1000);
    addReplyStatus(c, s);
    sdsfree(s);
}

static void debugHelp(client *c) {
    static const char *lines[] = {
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
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

void debugCommand(client *c) {
    slice sub = c->argv[1];
    if (c->argc == 2 && sliceEqualsNoCase(sub, "help")) debugHelp(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "sleep")) debugSleep(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "set-active-expire")) debugSetActiveExpire(c);
    else if (c->argc == 3 && sliceEqualsNoCase(sub, "object")) debugObject(c);
    else addReplySubcommandSyntaxError(c);
}
