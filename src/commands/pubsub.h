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

/* A subscribed RESP2 connection reads only pushes and the replies of the
 * commands flagged CMD_SUBSCRIBED_OK; RESP3 connections are not limited. */
static inline int pubsubRestricted(const client *c) {
    return (c->flags & CLIENT_PUBSUB) && c->resp == 2;
}

/* Delivers a message to the channel's subscribers and to the subscribers
 * of every matching pattern; returns how many deliveries were made. */
long long pubsubPublish(slice channel, slice message);

size_t pubsubChannelCount(void);
size_t pubsubPatternCount(void);

#endif
