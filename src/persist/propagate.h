/* persist/propagate.h -- what the sink (the append-only file) is told about
 * each change to the dataset, in the deterministic form Redis 7.0 writes.
 *
 * A command that changed something (the keyspace's change counter moved,
 * see db.h) is propagated after it ran, as the client sent it, unless it
 * gave a replacement: commands whose effect depends on the moment they
 * run say what they did in absolute terms (EXPIRE k 10 becomes PEXPIREAT k
 * <ms>, SETEX becomes SET k v PXAT <ms>, INCRBYFLOAT becomes SET k <result>
 * KEEPTTL, GETDEL becomes DEL). A key deleted because it expired becomes a
 * DEL of its own, in its database.
 *
 * Everything one command (or one EXEC) propagates is collected and handed
 * on when it ends: one record alone, or several wrapped in MULTI/EXEC so
 * that they are replayed together, as Redis 7.0 does. Keys expired by the
 * active cycle, outside any command, are handed on one DEL at a time.
 *
 * It learns of commands as an observer of call() (dispatch/commands.h) and
 * of expired keys through the keyspace's expiry hooks (db.h), both
 * installed with the sink. Cost: while nothing listens (appendonly no),
 * `propagateEnabled` is 0 and the observer is disarmed, so a command pays
 * call()'s one branch; the rewrite helpers below are inline and test the
 * same flag before building anything. */
#ifndef PROPAGATE_H
#define PROPAGATE_H

#include "net/client.h"
#include "keyspace/db.h"

/* Where the records go: the AOF registers itself (a replication link would
 * be another sink). */
typedef struct propagateSink {
    /* One record in RESP for database dbid (-1: the one last selected). */
    void (*feed)(int dbid, const char *resp, size_t len);
    /* The same, as arguments not yet encoded. */
    void (*feedArgv)(int dbid, int argc, const slice *argv);
} propagateSink;

/* Installs the sink; propagation starts once it is enabled. */
void propagateSetSink(const propagateSink *sink);
/* On while the sink wants records (aofUpdatePropagation): call()'s
 * observer is armed, and the rewrite helpers below do their work. */
void propagateSetEnabled(int on);
extern int propagateEnabled;
/* The keyspace's hook for expired keys (db.h). */
void propagateExpiredKey(redisDb *db, const char *key, size_t len);
/* Hands on what the active expiry cycle collected, one DEL at a time. */
void propagatePendingExpiries(void);

/* Replaces what the running command propagates with argv (copied). */
void propagateRewriteArgv(client *c, int argc, const slice *argv);
/* Propagates the running command even if it changed nothing (FLUSHALL and
 * FLUSHDB on empty databases, as Redis does). */
void propagateForceCommand(void);
/* Propagates the running command without the GET options among its
 * arguments from `first` on (SET ... GET writes what SET alone does). */
void propagateDropGetArgs(client *c, int first);

/* --- the rewrites, each a no-op while propagation is off ------------------ */

void propagateRewriteSetPxat(client *c, slice key, slice val, long long whenMs);
void propagateRewritePexpireat(client *c, slice key, long long whenMs, int optionsFrom);
void propagateRewriteSetKeepTtl(client *c, slice key, slice val);

static inline void propagateAsSetPxat(client *c, slice key, slice val, long long whenMs) {
    if (propagateEnabled) propagateRewriteSetPxat(c, key, val, whenMs);
}

/* PEXPIREAT key ms, followed by the running command's arguments from
 * optionsFrom on (EXPIRE's NX/XX/GT/LT are kept, as Redis keeps them). */
static inline void propagateAsPexpireat(client *c, slice key, long long whenMs, int optionsFrom) {
    if (propagateEnabled) propagateRewritePexpireat(c, key, whenMs, optionsFrom);
}

static inline void propagateAsSetKeepTtl(client *c, slice key, slice val) {
    if (propagateEnabled) propagateRewriteSetKeepTtl(c, key, val);
}

/* NAME key (DEL, PERSIST) or NAME key value (SET for GETSET). */
static inline void propagateAs(client *c, const char *name, int argc, slice a1, slice a2) {
    if (!propagateEnabled) return;
    slice argv[3] = {{(char *)name, 0}, a1, a2};
    while (name[argv[0].len]) argv[0].len++;
    propagateRewriteArgv(c, argc, argv);
}

static inline void propagateAsDel(client *c, slice key) {
    propagateAs(c, "DEL", 2, key, (slice){0});
}

static inline void propagateWithoutGetArgs(client *c, int first) {
    if (propagateEnabled) propagateDropGetArgs(c, first);
}

static inline void propagateForce(void) {
    if (propagateEnabled) propagateForceCommand();
}

#endif
