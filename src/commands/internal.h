/* commands/internal.h -- what the command files share and nothing outside
 * commands/ calls. */
#ifndef COMMANDS_INTERNAL_H
#define COMMANDS_INTERNAL_H

#include "keyspace/db.h"
#include "net/client.h"

/* keys.c */
/* The database numbered by arg (SELECT, MOVE, COPY DB), or NULL after
 * replying with Redis's error for a non-integer, out-of-int or unknown
 * index. */
redisDb *getDbOrReply(client *c, slice arg);

/* client.c */
/* For RESET: replies back ON (CLIENT REPLY), NO-EVICT off, and the
 * authentication state of a new connection. */
void clientResetConnectionControls(client *c);

#endif
