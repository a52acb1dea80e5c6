/* commands/string.c -- the string commands that read or replace whole values:
 * GET, GETDEL, GETEX, GETSET, SET and its options, SETNX, SETEX, PSETEX,
 * MGET, MSET, MSETNX, INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT. Commands on
 * parts of a value are in string_range.c. Replies and errors follow
 * Redis 7.0. */
#include <limits.h>
#include <math.h>

#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "persist/propagate.h"
#include "net/reply.h"

/* Writes the value of a string entry as a bulk reply. */
static void addReplyStringValue(client *c, const entry *e) {
    size_t len;
    const char *val = entryValue(e, &len);
    addReplyBulk(c, val, len);
}

static void getCommand(client *c) {
    entry *e = dbLookupRead(&dataset, c->db, c->argv[1]);
    if (!e) addReplyNull(c);
    else if (entryType(e) != ENTRY_TYPE_STRING) addReplyWrongType(c);
    else addReplyStringValue(c, e);
}

/* --- SET ------------------------------------------------------------------ */

#define SET_NX (1 << 0)
#define SET_XX (1 << 1)
#define SET_GET (1 << 2)
#define SET_KEEPTTL (1 << 3)
#define SET_EX (1 << 4)
#define SET_PX (1 << 5)
#define SET_EXAT (1 << 6)
#define SET_PXAT (1 << 7)
#define SET_PERSIST (1 << 8)
#define SET_ANY_EXPIRE (SET_EX | SET_PX | SET_EXAT | SET_PXAT)
/* The options each command takes. */
#define SET_OPTIONS (SET_NX | SET_XX | SET_GET | SET_KEEPTTL | SET_ANY_EXPIRE)
#define GETEX_OPTIONS (SET_PERSIST | SET_ANY_EXPIRE)

/* Parses the options of SET (from argv[3]) or GETEX (from argv[2]): only
 * those in `allowed`. Returns C_ERR after replying with a syntax error;
 * *expireArg is the index of the expiry value, or 0. */
static int parseStringOptions(client *c, int first, int allowed, int *flags, int *expireArg) {
    static const struct {
        const char *name;
        int flag;
        int excludes; /* options it cannot be combined with */
    } options[] = {
        {"nx", SET_NX, SET_XX},
        {"xx", SET_XX, SET_NX},
        {"get", SET_GET, 0},
        {"keepttl", SET_KEEPTTL, SET_ANY_EXPIRE},
        {"persist", SET_PERSIST, SET_ANY_EXPIRE},
        /* Repeating the same expiry option is allowed (the last wins);
         * mixing two kinds is not. */
        {"ex", SET_EX, (SET_ANY_EXPIRE & ~SET_EX) | SET_KEEPTTL | SET_PERSIST},
        {"px", SET_PX, (SET_ANY_EXPIRE & ~SET_PX) | SET_KEEPTTL | SET_PERSIST},
        {"exat", SET_EXAT, (SET_ANY_EXPIRE & ~SET_EXAT) | SET_KEEPTTL | SET_PERSIST},
        {"pxat", SET_PXAT, (SET_ANY_EXPIRE & ~SET_PXAT) | SET_KEEPTTL | SET_PERSIST},
    };
    *flags = 0;
    *expireArg = 0;
    for (int j = first; j < c->argc; j++) {
        int matched = 0;
        for (size_t o = 0; o < sizeof(options) / sizeof(options[0]); o++) {
            if (!(options[o].flag & allowed) || !sliceEqualsNoCase(c->argv[j], options[o].name))
                continue;
            int takesValue = options[o].flag & SET_ANY_EXPIRE;
            if ((*flags & options[o].excludes) || (takesValue && j + 1 >= c->argc)) break;
            *flags |= options[o].flag;
            if (takesValue) *expireArg = ++j;
            matched = 1;
            break;
        }
        if (!matched) {
            addReplySyntaxError(c);
            return C_ERR;
        }
    }
    return C_OK;
}

/* Turns an EX/PX/EXAT/PXAT value into an absolute unix time in ms. */
static int parseSetExpire(client *c, int flags, slice arg, long long *whenMs) {
    long long v;
    if (!string2ll(arg.ptr, arg.len, &v)) {
        addReplyNotInteger(c);
        return C_ERR;
    }
    int seconds = flags & (SET_EX | SET_EXAT);
    if (v <= 0 || (seconds && v > LLONG_MAX / 1000)) {
        addReplyInvalidExpire(c);
        return C_ERR;
    }
    if (seconds) v *= 1000;
    if (flags & (SET_EX | SET_PX)) {
        if (v > LLONG_MAX - dataset.nowMs) {
            addReplyInvalidExpire(c);
            return C_ERR;
        }
        v += dataset.nowMs;
    }
    *whenMs = v;
    return C_OK;
}

static void setCommand(client *c) {
    int flags = 0, expireArg = 0;
    long long when = ENTRY_NO_EXPIRE;
    /* The plain SET skips the option parser: it is the hot path. */
    if (c->argc > 3 && parseStringOptions(c, 3, SET_OPTIONS, &flags, &expireArg) != C_OK) return;
    if (expireArg && parseSetExpire(c, flags, c->argv[expireArg], &when) != C_OK) return;

    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    if (flags & SET_GET) {
        if (e && entryType(e) != ENTRY_TYPE_STRING) {
            addReplyWrongType(c);
            return;
        }
        if (e) addReplyStringValue(c, e);
        else addReplyNull(c);
    }
    if (((flags & SET_NX) && e) || ((flags & SET_XX) && !e)) {
        if (!(flags & SET_GET)) addReplyNull(c);
        return;
    }
    if (when != ENTRY_NO_EXPIRE && dbExpireIsPast(&dataset, when)) {
        /* Already in the past: the key is set and expires at once, which
         * Redis counts as one expired key. */
        if (e) {
            dbDelete(c->db, c->argv[1]);
            propagateAsDel(c, c->argv[1]);
        }
        dataset.stats.expiredKeys++;
    } else {
        if (e) dbOverwriteString(c->db, e, c->argv[2], flags & SET_KEEPTTL, when);
        else dbAddString(c->db, c->argv[1], c->argv[2], when);
        /* As Redis 7.0 writes it: any expiry as an absolute PXAT (without
         * NX, XX or GET), else the command without GET. */
        if (when != ENTRY_NO_EXPIRE) propagateAsSetPxat(c, c->argv[1], c->argv[2], when);
        else if (flags & SET_GET) propagateWithoutGetArgs(c, 3);
    }
    if (!(flags & SET_GET)) addReplyOk(c);
}

/* Stores val at key with an expiry already checked to be in the future. */
static void setKeyExpiring(client *c, slice key, slice val, long long whenMs) {
    entry *e = dbLookup(&dataset, c->db, key);
    if (e) dbOverwriteString(c->db, e, val, 0, whenMs);
    else dbAddString(c->db, key, val, whenMs);
}

/* SETEX and PSETEX: SET key value EX/PX time, with the time first. */
static void setexGeneric(client *c, int unitFlag) {
    long long when;
    if (parseSetExpire(c, unitFlag, c->argv[2], &when) != C_OK) return;
    setKeyExpiring(c, c->argv[1], c->argv[3], when);
    propagateAsSetPxat(c, c->argv[1], c->argv[3], when);
    addReplyOk(c);
}

static void setexCommand(client *c) { setexGeneric(c, SET_EX); }
static void psetexCommand(client *c) { setexGeneric(c, SET_PX); }

static void setnxCommand(client *c) {
    if (dbLookup(&dataset, c->db, c->argv[1])) {
        addReplyLongLong(c, 0);
        return;
    }
    dbAddString(c->db, c->argv[1], c->argv[2], ENTRY_NO_EXPIRE);
    addReplyLongLong(c, 1);
}

/* The GET half of GETSET and GETDEL: replies with the value or nil and
 * sets *e to the entry (NULL if missing). Returns C_ERR after a type error. */
static int replyCurrentValue(client *c, entry **e) {
    *e = dbLookupRead(&dataset, c->db, c->argv[1]);
    if (!*e) {
        addReplyNull(c);
        return C_OK;
    }
    if (entryType(*e) != ENTRY_TYPE_STRING) {
        addReplyWrongType(c);
        return C_ERR;
    }
    addReplyStringValue(c, *e);
    return C_OK;
}

/* GETSET key value: SET that returns the old value (and drops the TTL). */
static void getsetCommand(client *c) {
    entry *e;
    if (replyCurrentValue(c, &e) != C_OK) return;
    if (e) dbOverwriteString(c->db, e, c->argv[2], 0, ENTRY_NO_EXPIRE);
    else dbAddString(c->db, c->argv[1], c->argv[2], ENTRY_NO_EXPIRE);
    propagateAs(c, "SET", 3, c->argv[1], c->argv[2]);
}

static void getdelCommand(client *c) {
    entry *e;
    if (replyCurrentValue(c, &e) == C_OK && e) {
        dbDelete(c->db, c->argv[1]);
        propagateAsDel(c, c->argv[1]);
    }
}

/* GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST]. As in Redis,
 * the options are checked before the key is looked up, the expiry's value
 * only once the key is known to hold a string. */
static void getexCommand(client *c) {
    int flags, expireArg;
    if (parseStringOptions(c, 2, GETEX_OPTIONS, &flags, &expireArg) != C_OK) return;
    entry *e = dbLookupRead(&dataset, c->db, c->argv[1]);
    if (!e) {
        addReplyNull(c);
        return;
    }
    if (entryType(e) != ENTRY_TYPE_STRING) {
        addReplyWrongType(c);
        return;
    }
    long long when = ENTRY_NO_EXPIRE;
    if (expireArg && parseSetExpire(c, flags, c->argv[expireArg], &when) != C_OK) return;
    addReplyStringValue(c, e);
    if (expireArg && dbExpireIsPast(&dataset, when)) {
        /* EXAT/PXAT in the past: Redis deletes the key (not counted as
         * expired). EX/PX are always in the future. */
        dbDelete(c->db, c->argv[1]);
        propagateAsDel(c, c->argv[1]);
    } else if (expireArg) {
        dbSetExpire(c->db, e, when);
        propagateAsPexpireat(c, c->argv[1], when, c->argc);
    } else if ((flags & SET_PERSIST) && entryHasExpire(e)) {
        dbSetExpire(c->db, e, ENTRY_NO_EXPIRE);
        propagateAs(c, "PERSIST", 2, c->argv[1], (slice){0});
    }
}

/* Sets key to val, dropping any expiry (MSET, INCR-created keys). */
static void setKeyPlain(client *c, slice key, slice val) {
    entry *e = dbLookup(&dataset, c->db, key);
    if (e) dbOverwriteString(c->db, e, val, 0, ENTRY_NO_EXPIRE);
    else dbAddString(c->db, key, val, ENTRY_NO_EXPIRE);
}

static void mgetCommand(client *c) {
    addReplyArrayLen(c, c->argc - 1);
    for (int j = 1; j < c->argc; j++) {
        entry *e = dbLookupRead(&dataset, c->db, c->argv[j]);
        if (!e || entryType(e) != ENTRY_TYPE_STRING) addReplyNull(c);
        else addReplyStringValue(c, e);
    }
}

static void msetCommand(client *c) {
    if (c->argc % 2 == 0) {
        addReplyErrorArity(c);
        return;
    }
    for (int j = 1; j < c->argc; j += 2) setKeyPlain(c, c->argv[j], c->argv[j + 1]);
    addReplyOk(c);
}

/* MSETNX: all the keys or none, and none if any of them exists. */
static void msetnxCommand(client *c) {
    if (c->argc % 2 == 0) {
        addReplyErrorArity(c);
        return;
    }
    for (int j = 1; j < c->argc; j += 2) {
        if (dbLookup(&dataset, c->db, c->argv[j])) {
            addReplyLongLong(c, 0);
            return;
        }
    }
    for (int j = 1; j < c->argc; j += 2) setKeyPlain(c, c->argv[j], c->argv[j + 1]);
    addReplyLongLong(c, 1);
}

/* --- INCR family ---------------------------------------------------------- */

static void incrDecr(client *c, long long incr) {
    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    long long value = 0;
    if (e) {
        if (entryType(e) != ENTRY_TYPE_STRING) {
            addReplyWrongType(c);
            return;
        }
        size_t len;
        const char *val = entryValue(e, &len);
        if (!string2ll(val, len, &value)) {
            addReplyNotInteger(c);
            return;
        }
    }
    if ((incr < 0 && value < 0 && incr < LLONG_MIN - value) ||
        (incr > 0 && value > 0 && incr > LLONG_MAX - value)) {
        addReplyError(c, "increment or decrement would overflow");
        return;
    }
    value += incr;
    char buf[21];
    slice newval = {buf, ll2string(buf, value)};
    /* INCR keeps the key's expiry. */
    if (e) dbOverwriteString(c->db, e, newval, 1, ENTRY_NO_EXPIRE);
    else dbAddString(c->db, c->argv[1], newval, ENTRY_NO_EXPIRE);
    addReplyLongLong(c, value);
}

static void incrCommand(client *c) { incrDecr(c, 1); }
static void decrCommand(client *c) { incrDecr(c, -1); }

static void incrbyCommand(client *c) {
    long long incr;
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &incr)) {
        addReplyNotInteger(c);
        return;
    }
    incrDecr(c, incr);
}

static void decrbyCommand(client *c) {
    long long decr;
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &decr)) {
        addReplyNotInteger(c);
        return;
    }
    if (decr == LLONG_MIN) {
        addReplyError(c, "decrement would overflow");
        return;
    }
    incrDecr(c, -decr);
}

/* INCRBYFLOAT key increment: long double arithmetic and formatting, as in
 * Redis; the key keeps its expiry. The result is stored as the text Redis
 * replies with, never as an integer (OBJECT ENCODING says embstr or raw). */
static void incrbyfloatCommand(client *c) {
    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    if (e && entryType(e) != ENTRY_TYPE_STRING) {
        addReplyWrongType(c);
        return;
    }
    long double value = 0, incr;
    if (e) {
        size_t len;
        const char *val = entryValue(e, &len);
        if (!string2ld(val, len, &value)) {
            addReplyError(c, "value is not a valid float");
            return;
        }
    }
    if (!string2ld(c->argv[2].ptr, c->argv[2].len, &incr)) {
        addReplyError(c, "value is not a valid float");
        return;
    }
    value += incr;
    if (isnan(value) || isinf(value)) {
        addReplyError(c, "increment would produce NaN or Infinity");
        return;
    }
    char buf[LONG_DOUBLE_STR_MAX];
    slice text = {buf, ld2string(buf, value)};
    if (e) e = dbOverwriteString(c->db, e, text, 1, ENTRY_NO_EXPIRE);
    else e = dbAddString(c->db, c->argv[1], text, ENTRY_NO_EXPIRE);
    entrySetEncoding(e, ENTRY_ENC_BY_LENGTH);
    propagateAsSetKeepTtl(c, c->argv[1], text);
    addReplyBulk(c, text.ptr, text.len);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand stringCommands[] = {
    CMD("decr", decrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("decrby", decrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Decrements a number from the integer value of a key. Uses 0 as initial value if "
     "the key doesn't exist.", "O(1)", NULL),
    CMD("get", getCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Returns the string value of a key.", "O(1)", NULL),
    CMD("getdel", getdelCommand, 2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_STRING, "6.2.0",
     "Returns the string value of a key after deleting the key.", "O(1)", NULL),
    CMD("getex", getexCommand, -2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_STRING, "6.2.0",
     "Returns the string value of a key after setting its expiration time.", "O(1)", NULL),
    CMD("getset", getsetCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Returns the previous string value of a key after setting it to a new value.",
     "O(1)", NULL),
    CMD("incr", incrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("incrby", incrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Increments the integer value of a key by a number. Uses 0 as initial value if the "
     "key doesn't exist.", "O(1)", NULL),
    CMD("incrbyfloat", incrbyfloatCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1,
     GROUP_STRING, "2.6.0", "Increment the floating point value of a key by a number. Uses 0 as "
     "initial value if the key doesn't exist.", "O(1)", NULL),
    CMD("mget", mgetCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_STRING, "1.0.0",
     "Atomically returns the string values of one or more keys.",
     "O(N) where N is the number of keys to retrieve.", NULL),
    CMD("mset", msetCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, -1, 2, GROUP_STRING, "1.0.1",
     "Atomically creates or modifies the string values of one or more keys.",
     "O(N) where N is the number of keys to set.", NULL),
    CMD("msetnx", msetnxCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, -1, 2, GROUP_STRING, "1.0.1",
     "Atomically modifies the string values of one or more keys only when all keys don't "
     "exist.", "O(N) where N is the number of keys to set.", NULL),
    CMD("psetex", psetexCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.6.0",
     "Sets both string value and expiration time in milliseconds of a key. The key is created "
     "if it doesn't exist.", "O(1)", NULL),
    CMD("set", setCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Sets the string value of a key, ignoring its type. The key is created if it doesn't "
     "exist.", "O(1)", NULL),
    CMD("setex", setexCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.0.0",
     "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
     "O(1)", NULL),
    CMD("setnx", setnxCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Set the string value of a key only when the key doesn't exist.", "O(1)", NULL),
    {0},
};

const serverModule stringModule = {
    .name = "string",
    .commands = stringCommands,
};
