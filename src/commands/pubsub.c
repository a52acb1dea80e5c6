/* commands/pubsub.c -- publish/subscribe: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE,
 * PUNSUBSCRIBE, PUBLISH and PUBSUB CHANNELS / NUMSUB / NUMPAT.
 *
 * Two indexes (subscriptions.h) map channels and patterns to the clients
 * subscribed to them; each client lists its own links, so PUBLISH walks
 * the channel's subscribers plus the patterns, and a disconnect walks only
 * the client's subscriptions. Messages and (un)subscribe confirmations are
 * push replies: arrays in RESP2, `>` in RESP3 (reply.h decides).
 *
 * The subscription count a confirmation carries is the client's channels
 * plus patterns. While it is non-zero the client has CLIENT_PUBSUB, which
 * in RESP2 limits what it may run to the commands flagged
 * CMD_SUBSCRIBED_OK (dispatch/process.c). */
#include "commands/pubsub.h"

#include <string.h>

#include "dispatch/commands.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/subscriptions.h"
#include "lib/zmalloc.h"

static subIndex *channels, *patterns;

static const clientHooks pubsubClientHooks = {pubsubInitClient, pubsubClearClient};

static void pubsubInit(void) {
    netAddClientHooks(&pubsubClientHooks);
    channels = subIndexCreate(NULL);
    patterns = subIndexCreate(NULL);
}

void pubsubInitClient(client *c) {
    listInit(&c->pubsubChannels);
    listInit(&c->pubsubPatterns);
}

size_t pubsubChannelCount(void) { return subIndexTopics(channels); }
size_t pubsubPatternCount(void) { return subIndexTopics(patterns); }

static long long subscriptionCount(const client *c) {
    return (long long)(c->pubsubChannels.len + c->pubsubPatterns.len);
}

static void removeAll(list *own) {
    listNode *n;
    while ((n = listFirst(own)) != NULL) subRemove(own, subLinkFromOwnerNode(n));
}

void pubsubClearClient(client *c) {
    removeAll(&c->pubsubChannels);
    removeAll(&c->pubsubPatterns);
    c->flags &= ~CLIENT_PUBSUB;
}

/* --- subscribing ----------------------------------------------------------- */

/* The head of a confirmation: [kind, name]; the count follows once the
 * subscription has changed. A NULL name is a null (nothing to leave). */
static void addReplyConfirmHead(client *c, const char *kind, const char *name, size_t len) {
    addReplyPushLen(c, 3);
    addReplyBulkCString(c, kind);
    if (name) addReplyBulk(c, name, len);
    else addReplyNull(c);
}

static void subscribeAll(client *c, subIndex *idx, list *own, const char *kind) {
    for (int j = 1; j < c->argc; j++) {
        addReplyConfirmHead(c, kind, c->argv[j].ptr, c->argv[j].len);
        subAdd(idx, own, c, c->argv[j].ptr, c->argv[j].len);
        addReplyLongLong(c, subscriptionCount(c));
    }
    c->flags |= CLIENT_PUBSUB;
}

/* Without arguments: every subscription of this kind, or a null name when
 * there is none. Names not subscribed to are confirmed all the same. */
static void unsubscribeAll(client *c, subIndex *idx, list *own, const char *kind) {
    if (c->argc == 1) {
        if (listEmpty(own)) {
            addReplyConfirmHead(c, kind, NULL, 0);
            addReplyLongLong(c, subscriptionCount(c));
        }
        listNode *n;
        while ((n = listFirst(own)) != NULL) {
            subLink *l = subLinkFromOwnerNode(n);
            addReplyConfirmHead(c, kind, l->topic->name, l->topic->nameLen);
            subRemove(own, l);
            addReplyLongLong(c, subscriptionCount(c));
        }
    } else {
        for (int j = 1; j < c->argc; j++) {
            addReplyConfirmHead(c, kind, c->argv[j].ptr, c->argv[j].len);
            subLink *l = subFindLink(idx, own, c, c->argv[j].ptr, c->argv[j].len);
            if (l) subRemove(own, l);
            addReplyLongLong(c, subscriptionCount(c));
        }
    }
    if (subscriptionCount(c) == 0) c->flags &= ~CLIENT_PUBSUB;
}

static void subscribeCommand(client *c) {
    subscribeAll(c, channels, &c->pubsubChannels, "subscribe");
}

static void unsubscribeCommand(client *c) {
    unsubscribeAll(c, channels, &c->pubsubChannels, "unsubscribe");
}

static void psubscribeCommand(client *c) {
    subscribeAll(c, patterns, &c->pubsubPatterns, "psubscribe");
}

static void punsubscribeCommand(client *c) {
    unsubscribeAll(c, patterns, &c->pubsubPatterns, "punsubscribe");
}

/* --- publishing ------------------------------------------------------------ */

typedef struct publishCtx {
    slice channel, message;
    long long receivers;
} publishCtx;

static void deliverToPattern(void *privdata, subTopic *pattern) {
    publishCtx *p = privdata;
    if (!stringmatchlen(pattern->name, pattern->nameLen, p->channel.ptr, p->channel.len, 0))
        return;
    for (listNode *n = listFirst(&pattern->links); n; n = listNext(&pattern->links, n)) {
        client *sub = subLinkFromTopicNode(n)->owner;
        addReplyPushLen(sub, 4);
        addReplyBulkCString(sub, "pmessage");
        addReplyBulk(sub, pattern->name, pattern->nameLen);
        addReplyBulk(sub, p->channel.ptr, p->channel.len);
        addReplyBulk(sub, p->message.ptr, p->message.len);
        p->receivers++;
    }
}

long long pubsubPublish(slice channel, slice message) {
    publishCtx p = {channel, message, 0};
    subTopic *t = subFindTopic(channels, channel.ptr, channel.len);
    for (listNode *n = t ? listFirst(&t->links) : NULL; n; n = listNext(&t->links, n)) {
        client *sub = subLinkFromTopicNode(n)->owner;
        addReplyPushLen(sub, 3);
        addReplyBulkCString(sub, "message");
        addReplyBulk(sub, channel.ptr, channel.len);
        addReplyBulk(sub, message.ptr, message.len);
        p.receivers++;
    }
    if (subIndexTopics(patterns)) subForEachTopic(patterns, deliverToPattern, &p);
    return p.receivers;
}

static void publishCommand(client *c) {
    addReplyLongLong(c, pubsubPublish(c->argv[1], c->argv[2]));
}

/* --- PUBSUB ---------------------------------------------------------------- */

typedef struct channelMatch {
    slice pattern; /* ptr NULL: every channel */
    subTopic **found;
    size_t count;
} channelMatch;

static void collectChannel(void *privdata, subTopic *t) {
    channelMatch *m = privdata;
    if (m->pattern.ptr &&
        !stringmatchlen(m->pattern.ptr, m->pattern.len, t->name, t->nameLen, 0))
        return;
    m->found[m->count++] = t;
}

/* PUBSUB CHANNELS [pattern] */
static void pubsubChannelsCommand(client *c) {
    if (c->argc > 3) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    channelMatch m = {.pattern = c->argc >= 3 ? c->argv[2] : (slice){NULL, 0}};
    size_t total = subIndexTopics(channels);
    m.found = zmalloc(sizeof(subTopic *) * (total ? total : 1));
    if (total) subForEachTopic(channels, collectChannel, &m);
    addReplyArrayLen(c, (long long)m.count);
    for (size_t i = 0; i < m.count; i++) addReplyBulk(c, m.found[i]->name, m.found[i]->nameLen);
    zfree(m.found);
}

/* PUBSUB NUMSUB [channel ...]: channel, count, channel, count... */
static void pubsubNumsubCommand(client *c) {
    addReplyArrayLen(c, (long long)(c->argc - 2) * 2);
    for (int j = 2; j < c->argc; j++) {
        subTopic *t = subFindTopic(channels, c->argv[j].ptr, c->argv[j].len);
        addReplyBulk(c, c->argv[j].ptr, c->argv[j].len);
        addReplyLongLong(c, t ? (long long)t->links.len : 0);
    }
}

static void pubsubNumpatCommand(client *c) {
    addReplyLongLong(c, (long long)subIndexTopics(patterns));
}

static void pubsubHelpCommand(client *c) {
    static const char *lines[] = {
        "CHANNELS [<pattern>]",
        "    Return the channels that have at least one subscriber, only those",
        "    matching <pattern> when given.",
        "NUMPAT",
        "    Return the number of distinct patterns clients are subscribed to.",
        "NUMSUB [<channel> ...]",
        "    Return each given channel with its number of subscribers (pattern",
        "    subscriptions not counted).",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand pubsubSubcommands[] = {
    CMD("channels", pubsubChannelsCommand, -2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns the active channels.",
     "O(N) where N is the number of active channels, and assuming constant time pattern matching "
     "(relatively short channels and patterns)", NULL),
    CMD("numsub", pubsubNumsubCommand, -2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns a count of subscribers to channels.",
     "O(N) for the NUMSUB subcommand, where N is the number of requested channels", NULL),
    CMD("numpat", pubsubNumpatCommand, 2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns a count of unique pattern subscriptions.", "O(1)", NULL),
    CMD("help", pubsubHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB, "6.2.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand pubsubCommands[] = {
    CMD("psubscribe", psubscribeCommand, -2,
     CMD_SUBSCRIBED_OK | CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_PUBSUB, "2.0.0", "Listens for messages published to channels that match one "
     "or more patterns.", "O(N) where N is the number of patterns to subscribe to.", NULL),
    CMD("publish", publishCommand, 3,
     CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_MAY_REPLICATE, 0, 0, 0,
     GROUP_PUBSUB, "2.0.0", "Posts a message to a channel.",
     "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
     "total number of subscribed patterns (by any client).", NULL),
    CMD("pubsub", NULL, -2, 0, 0, 0, 0, GROUP_PUBSUB, "2.8.0",
     "A container for Pub/Sub commands.", "Depends on subcommand.", pubsubSubcommands),
    CMD("punsubscribe", punsubscribeCommand, -1,
     CMD_SUBSCRIBED_OK | CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB,
     "2.0.0",
     "Stops listening to messages published to channels that match one or more patterns.",
     "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
     "number of total patterns subscribed in the system (by any client).", NULL),
    CMD("subscribe", subscribeCommand, -2,
     CMD_SUBSCRIBED_OK | CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_PUBSUB, "2.0.0", "Listens for messages published to channels.",
     "O(N) where N is the number of channels to subscribe to.", NULL),
    CMD("unsubscribe", unsubscribeCommand, -1,
     CMD_SUBSCRIBED_OK | CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB,
     "2.0.0",
     "Stops listening to messages posted to channels.",
     "O(N) where N is the number of clients already subscribed to a channel.", NULL),
    {0},
};

const serverModule pubsubModule = {
    .commands = pubsubCommands,
    .name = "pubsub",
    .init = pubsubInit,
};
