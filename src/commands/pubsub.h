/* commands/pubsub.h -- publish/subscribe; the commands are in commands.h, these are
 * the pieces other files call. */
#ifndef PUBSUB_H
#define PUBSUB_H

#include <stddef.h>

#include "lib/module.h"
#include "net/client.h"

struct redisCommand;

/* Pub/sub as a module: its init creates the channel and pattern indexes. */
extern const serverModule pubsubModule;
void pubsubInitClient(client *c);
/* Drops every channel and pattern subscription of the client without a
 * reply: freeClient and RESET. */
void pubsubClearClient(client *c);

/* A subscribed RESP2 client may run only the (un)subscribe commands, PING,
 * QUIT and RESET; RESP3 clients may run anything. */
static inline int pubsubRestricted(const client *c) {
    return (c->flags & CLIENT_PUBSUB) && c->resp == 2;
}
/* For a restricted client: whether it may run cmd; if not, replies with
 * Redis's error and returns 0. */
int pubsubCheckCommand(client *c, const struct redisCommand *cmd);

/* Delivers a message to the channel's subscribers and to the subscribers
 * of every matching pattern; returns how many deliveries were made. */
long long pubsubPublish(slice channel, slice message);

size_t pubsubChannelCount(void);
size_t pubsubPatternCount(void);

#endif
