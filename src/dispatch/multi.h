/* dispatch/multi.h -- transactions: MULTI/EXEC/DISCARD queueing and WATCH's
 * optimistic locking. Commands are in commands.h; these are the pieces
 * other files call. */
#ifndef MULTI_H
#define MULTI_H

#include <stdint.h>

#include "lib/module.h"
#include "net/client.h"
#include "keyspace/db.h"

/* Transactions as a module: its init installs the db layer's watch hooks. */
extern const serverModule multiModule;
void initClientMultiState(client *c);
/* Drops the queued commands, leaves MULTI and unwatches every key: DISCARD,
 * RESET and freeClient. */
void discardTransaction(client *c);
/* The flags of the commands MULTI queued, or-ed together: to CLIENT PAUSE
 * WRITE, an EXEC is a write when any of them is. */
uint32_t multiQueuedFlags(const client *c);

/* Marks a command that failed before it could be queued, so EXEC answers
 * EXECABORT. A no-op outside MULTI. */
static inline void flagTransaction(client *c) {
    if (c->flags & CLIENT_MULTI) c->flags |= CLIENT_DIRTY_EXEC;
}
/* An EXEC refused before it ran (MISCONF): the transaction is discarded
 * and the reply is "EXECABORT Transaction discarded because of: <error>",
 * as Redis words it. err may start with the '-' of an error code. */
void execCommandAbort(client *c, const char *err);
/* Queues the current command and replies +QUEUED. */
void queueMultiCommand(client *c);

/* Marks dirty every client watching a key of `emptied` that exists there or
 * in `replacedWith` (may be NULL): FLUSHDB/FLUSHALL, and SWAPDB, which
 * calls it for both databases, each replaced with the other, before
 * swapping their contents. */
void touchAllWatchedKeysInDb(redisDb *emptied, redisDb *replacedWith);

#endif
