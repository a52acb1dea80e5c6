/* cmd_keys.c -- commands on keys whatever their type: DEL, EXISTS, and
 * expiry (EXPIRE, PEXPIRE with NX/XX/GT/LT, TTL, PTTL, PERSIST). */
#include <limits.h>

#include "commands.h"
#include "reply.h"
#include "server.h"

void delCommand(client *c) {
    long long deleted = 0;
    for (int j = 1; j < c->argc; j++) {
        /* An expired key is deleted by the lookup and not counted. */
        if (dbLookup(&server.ks, c->db, c->argv[j]) && dbDelete(c->db, c->argv[j])) deleted++;
    }
    addReplyLongLong(c, deleted);
}

void existsCommand(client *c) {
    long long count = 0;
    for (int j = 1; j < c->argc; j++) {
        if (dbLookupReadNoTouch(&server.ks, c->db, c->argv[j])) count++;
    }
    addReplyLongLong(c, count);
}

/* --- EXPIRE / PEXPIRE ----------------------------------------------------- */

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

static void expireGeneric(client *c, int unitIsSeconds) {
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
    long long now = server.ks.nowMs;
    if (when > LLONG_MAX - now) {
        addReplyInvalidExpire(c);
        return;
    }
    when += now;

    entry *e = dbLookup(&server.ks, c->db, c->argv[1]);
    if (!e || !expireConditionHolds(flags, entryExpire(e), when)) {
        addReplyLongLong(c, 0);
        return;
    }
    if (when <= now) dbDelete(c->db, c->argv[1]);
    else dbSetExpire(c->db, e, when);
    addReplyLongLong(c, 1);
}

void expireCommand(client *c) { expireGeneric(c, 1); }
void pexpireCommand(client *c) { expireGeneric(c, 0); }

static void ttlGeneric(client *c, int inMilliseconds) {
    entry *e = dbLookupReadNoTouch(&server.ks, c->db, c->argv[1]);
    if (!e) {
        addReplyLongLong(c, -2);
        return;
    }
    long long when = entryExpire(e);
    if (when == ENTRY_NO_EXPIRE) {
        addReplyLongLong(c, -1);
        return;
    }
    long long ttl = when - server.ks.nowMs;
    if (ttl < 0) ttl = 0;
    addReplyLongLong(c, inMilliseconds ? ttl : (ttl + 500) / 1000);
}

void ttlCommand(client *c) { ttlGeneric(c, 0); }
void pttlCommand(client *c) { ttlGeneric(c, 1); }

void persistCommand(client *c) {
    entry *e = dbLookup(&server.ks, c->db, c->argv[1]);
    if (!e || !entryHasExpire(e)) {
        addReplyLongLong(c, 0);
        return;
    }
    dbSetExpire(c->db, e, ENTRY_NO_EXPIRE);
    addReplyLongLong(c, 1);
}
