/* persist/propagate.c -- collecting what commands and expiry changed, and handing
 * it to the append-only file; see propagate.h.
 *
 * Records are encoded in RESP as soon as they are known (the arguments of
 * a rewrite are often on the caller's stack) and kept with the number of
 * their database until the command, or the EXEC around it, ends. */
#include "persist/propagate.h"

#include <string.h>

#include "lib/resp_encode.h"
#include "keyspace/dataset.h"
#include "dispatch/commands.h"
#include "lib/util.h"
#include "lib/zmalloc.h"

int propagateEnabled;

typedef struct propagatedOp {
    int dbid;
    sds resp;
} propagatedOp;

static struct {
    propagatedOp *ops;
    int count, cap;
    sds rewrite;   /* what the running command propagates instead, or NULL */
    int force;     /* propagate the running command even if nothing changed */
} pending;

static const char multiRecord[] = "*1\r\n$5\r\nMULTI\r\n";
static const char execRecord[] = "*1\r\n$4\r\nEXEC\r\n";

static sds encodeArgv(int argc, const slice *argv) {
    return respCatCommand(sdsempty(), argc, argv);
}

static const propagateSink *sink;
/* call()'s observer: armed while propagation is on. */
static int observerId = -1;

static void pushOp(int dbid, sds resp) {
    if (pending.count == pending.cap) {
        pending.cap = pending.cap ? pending.cap * 2 : 8;
        pending.ops = zrealloc(pending.ops, sizeof(propagatedOp) * (size_t)pending.cap);
    }
    pending.ops[pending.count++] = (propagatedOp){dbid, resp};
}

/* Hands the collected records on, wrapped in MULTI/EXEC when asked and
 * there are several. */
static void flushOps(int wrap) {
    if (pending.count == 0) return;
    wrap = wrap && pending.count > 1;
    /* MULTI goes to the first record's database, so its SELECT comes first. */
    if (wrap) sink->feed(pending.ops[0].dbid, multiRecord, sizeof(multiRecord) - 1);
    for (int i = 0; i < pending.count; i++) {
        sink->feed(pending.ops[i].dbid, pending.ops[i].resp, sdslen(pending.ops[i].resp));
        sdsfree(pending.ops[i].resp);
    }
    if (wrap) sink->feed(-1, execRecord, sizeof(execRecord) - 1);
    pending.count = 0;
}

/* call()'s observer, while propagation is on. A command EXEC runs is
 * `nested`: what it propagates is held until EXEC itself ends, then
 * wrapped in MULTI/EXEC when there is more than one record. */
static void propagateObserve(client *c, const callInfo *info) {
    int changed = dataset.dirty != info->dirtyBefore || pending.force;
    /* EXEC changes nothing itself: what its commands did is already here. */
    int record = changed && (c->cmd->flags & CMD_WRITE);
    /* The common case: one command as sent, nothing else collected. */
    if (pending.count == 0 && !info->nested && !pending.rewrite) {
        if (record) sink->feedArgv(c->db->id, c->argc, c->argv);
        pending.force = 0;
        return;
    }
    if (record) {
        sds resp = pending.rewrite ? pending.rewrite : encodeArgv(c->argc, c->argv);
        pending.rewrite = NULL;
        pushOp(c->db->id, resp);
    }
    sdsfree(pending.rewrite);
    pending.rewrite = NULL;
    pending.force = 0;
    if (!info->nested) flushOps(1);
}

void propagateSetSink(const propagateSink *s) {
    static const dbExpiryHooks expiryHooks = {propagateExpiredKey, propagatePendingExpiries};
    sink = s;
    if (observerId < 0) observerId = callObserverRegister(propagateObserve);
    dbSetExpiryHooks(&expiryHooks);
}

void propagateSetEnabled(int on) {
    propagateEnabled = on && sink;
    callObserverArm(observerId, propagateEnabled);
}

void propagateExpiredKey(redisDb *db, const char *key, size_t len) {
    if (!propagateEnabled) return;
    slice argv[2] = {{"DEL", 3}, {(char *)key, len}};
    pushOp(db->id, encodeArgv(2, argv));
}

void propagatePendingExpiries(void) { flushOps(0); }


void propagateRewriteArgv(client *c, int argc, const slice *argv) {
    (void)c;
    sdsfree(pending.rewrite);
    pending.rewrite = encodeArgv(argc, argv);
}

void propagateForceCommand(void) { pending.force = 1; }

void propagateDropGetArgs(client *c, int first) {
    slice *argv = zmalloc(sizeof(slice) * (size_t)c->argc);
    int argc = 0;
    for (int j = 0; j < c->argc; j++)
        if (j < first || !sliceEqualsNoCase(c->argv[j], "get")) argv[argc++] = c->argv[j];
    propagateRewriteArgv(c, argc, argv);
    zfree(argv);
}

void propagateRewriteSetPxat(client *c, slice key, slice val, long long whenMs) {
    char ms[32];
    slice argv[5] = {{"SET", 3}, key, val, {"PXAT", 4}, {ms, ll2string(ms, whenMs)}};
    propagateRewriteArgv(c, 5, argv);
}

void propagateRewritePexpireat(client *c, slice key, long long whenMs, int optionsFrom) {
    char ms[32];
    int extra = c->argc > optionsFrom ? c->argc - optionsFrom : 0;
    slice *argv = zmalloc(sizeof(slice) * (size_t)(3 + extra));
    argv[0] = (slice){"PEXPIREAT", 9};
    argv[1] = key;
    argv[2] = (slice){ms, ll2string(ms, whenMs)};
    for (int j = 0; j < extra; j++) argv[3 + j] = c->argv[optionsFrom + j];
    propagateRewriteArgv(c, 3 + extra, argv);
    zfree(argv);
}

void propagateRewriteSetKeepTtl(client *c, slice key, slice val) {
    slice argv[4] = {{"SET", 3}, key, val, {"KEEPTTL", 7}};
    propagateRewriteArgv(c, 4, argv);
}
