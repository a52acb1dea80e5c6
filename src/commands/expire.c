/* commands/expire.c -- the expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT
 * (with NX/XX/GT/LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST.
 *
 * Expiry times are absolute unix milliseconds (db.h); the four setters
 * differ only in the unit of their argument and in whether it is added to
 * the current time, so one function serves them all. A time already past
 * deletes the key, and a key without an expiry counts as expiring never
 * when GT or LT compare it. */
#include <limits.h>

#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "persist/propagate.h"
#include "net/reply.h"

#define EXPIRE_NX (1 << 0)
#define EXPIRE_XX (1 << 1)
#define EXPIRE_GT (1 << 2)
#define EXPIRE_LT (1 << 3)

static int parseExpireOptions(client *c, int *flags) {
    *flags = 0;
    for (int j = 3; j < c->argc; j++) {
        slice opt = c->argv[j];
        if (sliceEqualsNoCase(opt, "nx")) *flags |= EXPIRE_NX;
        else if (sliceEqualsNoCase(opt, "xx")) *flags |= EXPIRE_XX;
        else if (sliceEqualsNoCase(opt, "gt")) *flags |= EXPIRE_GT;
        else if (sliceEqualsNoCase(opt, "lt")) *flags |= EXPIRE_LT;
        else {
            addReplyErrorFormat(c, "Unsupported option %.*s", (int)opt.len, opt.ptr);
            return C_ERR;
        }
    }
    if ((*flags & EXPIRE_NX) && (*flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))) {
        addReplyError(c, "NX and XX, GT or LT options at the same time are not compatible");
        return C_ERR;
    }
    if ((*flags & EXPIRE_GT) && (*flags & EXPIRE_LT)) {
        addReplyError(c, "GT and LT options at the same time are not compatible");
        return C_ERR;
    }
    return C_OK;
}

/* Whether NX/XX/GT/LT allow replacing `current` (-1: none) with `when`. A
 * key without an expiry counts as expiring never, i.e. later than any. */
static int expireConditionHolds(int flags, long long current, long long when) {
    if ((flags & EXPIRE_NX) && current != ENTRY_NO_EXPIRE) return 0;
    if ((flags & EXPIRE_XX) && current == ENTRY_NO_EXPIRE) return 0;
    if ((flags & EXPIRE_GT) && (current == ENTRY_NO_EXPIRE || when <= current)) return 0;
    if ((flags & EXPIRE_LT) && current != ENTRY_NO_EXPIRE && when >= current) return 0;
    return 1;
}

/* The argument is in seconds or milliseconds and is added to `basetime`
 * (the current time for EXPIRE/PEXPIRE, 0 for the absolute forms). */
static void expireGeneric(client *c, long long basetime, int unitIsSeconds) {
    int flags;
    long long when;
    if (parseExpireOptions(c, &flags) != C_OK) return;
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &when)) {
        addReplyNotInteger(c);
        return;
    }
    if (unitIsSeconds) {
        if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
            addReplyInvalidExpire(c);
            return;
        }
        when *= 1000;
    }
    if (when > LLONG_MAX - basetime) {
        addReplyInvalidExpire(c);
        return;
    }
    when += basetime;

    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    if (!e || !expireConditionHolds(flags, entryExpire(e), when)) {
        addReplyLongLong(c, 0);
        return;
    }
    if (dbExpireIsPast(&dataset, when)) {
        dbDelete(c->db, c->argv[1]);
        propagateAsDel(c, c->argv[1]);
    } else {
        dbSetExpire(c->db, e, when);
        /* Written as PEXPIREAT with the same options; PEXPIREAT as sent. */
        if (basetime || unitIsSeconds) propagateAsPexpireat(c, c->argv[1], when, 3);
    }
    addReplyLongLong(c, 1);
}

static void expireCommand(client *c) { expireGeneric(c, dataset.nowMs, 1); }
static void pexpireCommand(client *c) { expireGeneric(c, dataset.nowMs, 0); }
static void expireatCommand(client *c) { expireGeneric(c, 0, 1); }
static void pexpireatCommand(client *c) { expireGeneric(c, 0, 0); }

/* TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 for a key
 * without an expiry, else the time left or the time of expiry. */
static void ttlGeneric(client *c, int inMilliseconds, int absolute) {
    entry *e = dbLookupReadNoTouch(&dataset, c->db, c->argv[1]);
    if (!e) {
        addReplyLongLong(c, -2);
        return;
    }
    long long when = entryExpire(e);
    if (when == ENTRY_NO_EXPIRE) {
        addReplyLongLong(c, -1);
        return;
    }
    long long t = absolute ? when : when - dataset.nowMs;
    if (t < 0) t = 0;
    /* Seconds are rounded to the nearest, the expiry time too (written so
     * that an expiry near LLONG_MAX cannot overflow). */
    addReplyLongLong(c, inMilliseconds ? t : t / 1000 + (t % 1000 >= 500));
}

static void ttlCommand(client *c) { ttlGeneric(c, 0, 0); }
static void pttlCommand(client *c) { ttlGeneric(c, 1, 0); }
static void expiretimeCommand(client *c) { ttlGeneric(c, 0, 1); }
static void pexpiretimeCommand(client *c) { ttlGeneric(c, 1, 1); }

static void persistCommand(client *c) {
    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    if (!e || !entryHasExpire(e)) {
        addReplyLongLong(c, 0);
        return;
    }
    dbSetExpire(c->db, e, ENTRY_NO_EXPIRE);
    addReplyLongLong(c, 1);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand expireCommands[] = {
    CMD("expire", expireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Sets the expiration time of a key in seconds.", "O(1)", NULL),
    CMD("expireat", expireatCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.2.0",
     "Sets the expiration time of a key to a Unix timestamp.", "O(1)", NULL),
    CMD("expiretime", expiretimeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC,
     "7.0.0", "Returns the expiration time of a key as a Unix timestamp.", "O(1)", NULL),
    CMD("persist", persistCommand, 2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.2.0",
     "Removes the expiration time of a key.", "O(1)", NULL),
    CMD("pexpire", pexpireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Sets the expiration time of a key in milliseconds.", "O(1)", NULL),
    CMD("pexpireat", pexpireatCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Sets the expiration time of a key to a Unix milliseconds timestamp.", "O(1)", NULL),
    CMD("pexpiretime", pexpiretimeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC,
     "7.0.0", "Returns the expiration time of a key as a Unix milliseconds timestamp.", "O(1)",
     NULL),
    CMD("pttl", pttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Returns the expiration time in milliseconds of a key.", "O(1)", NULL),
    CMD("ttl", ttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Returns the expiration time in seconds of a key.", "O(1)", NULL),
    {0},
};

const serverModule expireModule = {
    .name = "expire",
    .commands = expireCommands,
};
