/* dispatch/multi.c -- transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * Queueing: inside MULTI, processCommand (process.c) hands every command
 * that passed lookup and arity checks to queueMultiCommand, except the few
 * that act on the transaction itself (commandRunsInMulti). Its arguments
 * are copied, since c->argv points into the query buffer only while the
 * command runs. A command rejected before it could be queued flags the
 * transaction (flagTransaction), and EXEC then discards it with EXECABORT.
 * Errors while EXEC runs the commands are simply elements of its reply.
 *
 * WATCH: each database has a table of its watched keys (subscriptions.h:
 * key -> watching clients), created on its first WATCH and freed with its
 * last, so the db layer's hooks (db.h) fire only where somebody watches. A
 * change to a watched key marks its watchers CLIENT_DIRTY_CAS, and their
 * EXEC replies with a null array.
 *
 * Expiry, as in Redis 7.0: a key that expires after WATCH counts as
 * changed (its deletion reports it, and EXEC checks watched keys that have
 * expired but are not deleted yet). A key already expired when watched is
 * "stale": deleting it changes nothing a client could see, so only a new
 * value for it fails EXEC. */
#include "dispatch/multi.h"

#include <string.h>

#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/subscriptions.h"
#include "lib/zmalloc.h"

/* subLink flag: the key had already expired when it was watched. */
#define WATCH_STALE 1

static redisDb *linkDb(const subLink *l) { return l->topic->index->ctx; }

static slice topicKey(subTopic *t) { return (slice){t->name, t->nameLen}; }

static int keyExpiredNow(redisDb *db, slice key) {
    entry *e = dbFind(db, key);
    return e && dbEntryExpired(&dataset, e);
}

/* --- watched keys ---------------------------------------------------------- */

static void watchForKey(client *c, slice key) {
    redisDb *db = c->db;
    if (!db->watched) db->watched = subIndexCreate(db);
    subLink *l = subAdd(db->watched, &c->watchedKeys, c, key.ptr, key.len);
    if (l && keyExpiredNow(db, key)) l->flags |= WATCH_STALE;
}

static void unwatchAllKeys(client *c) {
    listNode *n;
    while ((n = listFirst(&c->watchedKeys)) != NULL) {
        subLink *l = subLinkFromOwnerNode(n);
        redisDb *db = linkDb(l);
        subRemove(&c->watchedKeys, l);
        if (subIndexTopics(db->watched) == 0) {
            subIndexRelease(db->watched);
            db->watched = NULL;
        }
    }
}

static void markDirty(subLink *l) { ((client *)l->owner)->flags |= CLIENT_DIRTY_CAS; }

/* The db layer's hook, after a key of a watched database changed. */
static void watchedKeyChanged(redisDb *db, const char *key, size_t len) {
    subTopic *t = subFindTopic(db->watched, key, len);
    if (!t) return;
    int present = dbFind(db, topicKey(t)) != NULL;
    for (listNode *n = listFirst(&t->links); n; n = listNext(&t->links, n)) {
        subLink *l = subLinkFromTopicNode(n);
        if ((l->flags & WATCH_STALE) && !present) {
            /* The stale key is gone: from now on it is just a missing key. */
            l->flags &= ~WATCH_STALE;
            continue;
        }
        markDirty(l);
    }
}

typedef struct replaceCtx {
    redisDb *emptied, *replacedWith;
} replaceCtx;

static void touchIfReplaced(void *privdata, subTopic *t) {
    const replaceCtx *ctx = privdata;
    entry *before = dbFind(ctx->emptied, topicKey(t));
    entry *after = ctx->replacedWith ? dbFind(ctx->replacedWith, topicKey(t)) : NULL;
    if (!before && !after) return;
    int afterExpired = after && dbEntryExpired(&dataset, after);
    for (listNode *n = listFirst(&t->links); n; n = listNext(&t->links, n)) {
        subLink *l = subLinkFromTopicNode(n);
        if (l->flags & WATCH_STALE) {
            if (!after) {
                l->flags &= ~WATCH_STALE; /* the stale key went away: no change */
                continue;
            }
            if (afterExpired) continue; /* expired before, expired after */
        } else if (!before && afterExpired) {
            l->flags |= WATCH_STALE; /* missing before, and still as good as missing */
            continue;
        }
        markDirty(l);
    }
}

void touchAllWatchedKeysInDb(redisDb *emptied, redisDb *replacedWith) {
    if (!emptied->watched) return;
    replaceCtx ctx = {emptied, replacedWith};
    subForEachTopic(emptied->watched, touchIfReplaced, &ctx);
}

static void watchedDbEmptying(redisDb *db) { touchAllWatchedKeysInDb(db, NULL); }

/* Whether a key this client watches has expired since, though nothing has
 * deleted it yet. */
static int watchedKeyExpired(client *c) {
    for (listNode *n = listFirst(&c->watchedKeys); n; n = listNext(&c->watchedKeys, n)) {
        subLink *l = subLinkFromOwnerNode(n);
        if (!(l->flags & WATCH_STALE) && keyExpiredNow(linkDb(l), topicKey(l->topic))) return 1;
    }
    return 0;
}

static const clientHooks multiClientHooks = {initClientMultiState, discardTransaction};

static void multiInit(void) {
    netAddClientHooks(&multiClientHooks);
    static const dbWatchHooks hooks = {
        .keyChanged = watchedKeyChanged,
        .emptying = watchedDbEmptying,
    };
    dbSetWatchHooks(&hooks);
}

/* --- the queue ------------------------------------------------------------- */

void initClientMultiState(client *c) {
    memset(&c->mstate, 0, sizeof(c->mstate));
    listInit(&c->watchedKeys);
}

void discardTransaction(client *c) {
    for (int i = 0; i < c->mstate.count; i++) zfree(c->mstate.commands[i]);
    zfree(c->mstate.commands);
    memset(&c->mstate, 0, sizeof(c->mstate));
    c->flags &= ~(CLIENT_MULTI | CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC);
    unwatchAllKeys(c);
}

void queueMultiCommand(client *c) {
    /* A transaction that can only fail keeps nothing, as Redis does. */
    if (!(c->flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC))) {
        size_t bytes = sizeof(multiCmd) + sizeof(slice) * (size_t)c->argc;
        for (int j = 0; j < c->argc; j++) bytes += c->argv[j].len;
        multiCmd *mc = zmalloc(bytes);
        mc->cmd = c->cmd;
        mc->argc = c->argc;
        char *p = (char *)(mc->argv + c->argc);
        for (int j = 0; j < c->argc; j++) {
            memcpy(p, c->argv[j].ptr, c->argv[j].len);
            mc->argv[j] = (slice){p, c->argv[j].len};
            p += c->argv[j].len;
        }
        multiState *ms = &c->mstate;
        if (ms->count == ms->cap) {
            ms->cap = ms->cap ? ms->cap * 2 : 4;
            ms->commands = zrealloc(ms->commands, sizeof(multiCmd *) * (size_t)ms->cap);
        }
        ms->commands[ms->count++] = mc;
        ms->bytes += bytes;
    }
    addReplyStatus(c, "QUEUED");
}

/* --- commands -------------------------------------------------------------- */

static void multiCommand(client *c) {
    if (c->flags & CLIENT_MULTI) {
        addReplyError(c, "MULTI calls can not be nested");
        return;
    }
    c->flags |= CLIENT_MULTI;
    addReplyOk(c);
}

static void discardCommand(client *c) {
    if (!(c->flags & CLIENT_MULTI)) {
        addReplyError(c, "DISCARD without MULTI");
        return;
    }
    discardTransaction(c);
    addReplyOk(c);
}

/* Runs the queued commands with the client's argv pointed at their copies;
 * their replies form EXEC's array. */
static void runQueuedCommands(client *c) {
    slice *argv = c->argv;
    int argc = c->argc;
    redisCommand *exec = c->cmd;
    addReplyArrayLen(c, c->mstate.count);
    for (int i = 0; i < c->mstate.count; i++) {
        multiCmd *mc = c->mstate.commands[i];
        c->argv = mc->argv;
        c->argc = mc->argc;
        c->cmd = mc->cmd;
        call(c);
    }
    c->argv = argv;
    c->argc = argc;
    c->cmd = exec;
    c->lastcmd = exec;
}

uint32_t multiQueuedFlags(const client *c) {
    uint32_t flags = 0;
    for (int i = 0; i < c->mstate.count; i++) flags |= (uint32_t)c->mstate.commands[i]->cmd->flags;
    return flags;
}

void execCommandAbort(client *c, const char *err) {
    discardTransaction(c);
    if (err[0] == '-') err++;
    addReplyErrorFormat(c, "-EXECABORT Transaction discarded because of: %s", err);
}

static void execCommand(client *c) {
    if (!(c->flags & CLIENT_MULTI)) {
        addReplyError(c, "EXEC without MULTI");
        return;
    }
    if (watchedKeyExpired(c)) c->flags |= CLIENT_DIRTY_CAS;
    if (c->flags & CLIENT_DIRTY_EXEC) {
        addReplyError(c, "-EXECABORT Transaction discarded because of previous errors.");
    } else if (c->flags & CLIENT_DIRTY_CAS) {
        addReplyNullArray(c);
    } else {
        /* Changes the transaction makes to its own watched keys don't count. */
        unwatchAllKeys(c);
        runQueuedCommands(c);
    }
    discardTransaction(c);
}

static void watchCommand(client *c) {
    if (c->flags & CLIENT_MULTI) {
        addReplyError(c, "WATCH inside MULTI is not allowed");
        return;
    }
    /* Once dirty, the next EXEC fails whatever else is watched. */
    if (!(c->flags & CLIENT_DIRTY_CAS))
        for (int j = 1; j < c->argc; j++) watchForKey(c, c->argv[j]);
    addReplyOk(c);
}

static void unwatchCommand(client *c) {
    unwatchAllKeys(c);
    c->flags &= ~CLIENT_DIRTY_CAS;
    addReplyOk(c);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand multiCommands[] = {
    CMD("discard", discardCommand, 1,
     CMD_TX_CONTROL | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "2.0.0", "Discards a transaction.",
     "O(N), when N is the number of queued commands", NULL),
    CMD("exec", execCommand, 1,
     CMD_TX_EXEC | CMD_TX_CONTROL | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_TRANSACTIONS, "1.2.0", "Executes all commands in a transaction.",
     "Depends on commands in the transaction", NULL),
    CMD("multi", multiCommand, 1,
     CMD_TX_CONTROL | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "1.2.0", "Starts a transaction.", "O(1)", NULL),
    CMD("unwatch", unwatchCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "2.2.0", "Forgets about watched keys of a transaction.", "O(1)", NULL),
    CMD("watch", watchCommand, -2,
     CMD_TX_CONTROL | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 1, -1, 1,
     GROUP_TRANSACTIONS, "2.2.0", "Monitors changes to keys to determine the execution of a "
     "transaction.", "O(1) for every key.", NULL),
    {0},
};

const serverModule multiModule = {
    .commands = multiCommands,
    .name = "multi",
    .init = multiInit,
};
