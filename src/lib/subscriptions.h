/* lib/subscriptions.h -- a many-to-many index between named topics and the
 * owners that follow them: pub/sub channels and patterns and their
 * subscribed clients, watched keys and their watching clients.
 *
 * Each (owner, topic) pair is one subLink, which sits on two intrusive
 * lists at once: the topic's list of links and the owner's. So the work
 * each side needs is O(1) per link: a publish walks its topic's list, a
 * disconnect walks the owner's list, and removing a link unhooks it from
 * both. Topics are found by name in a hash table (dict.h) and exist only
 * while they have links; the last link removed frees its topic.
 *
 * The owner side is just a `list` the caller embeds (in a client), so this
 * file knows nothing of clients: owners are opaque pointers.
 *
 * Invariants: every topic in an index has at least one link; a link is on
 * exactly its topic's list and its owner's list; an owner has at most one
 * link per topic. */
#ifndef SUBSCRIPTIONS_H
#define SUBSCRIPTIONS_H

#include <stddef.h>

#include "lib/dict.h"
#include "lib/list.h"

typedef struct subIndex subIndex;

typedef struct subTopic {
    dictNode node;   /* in the index, by name; must be first */
    list links;      /* subLink.topicNode */
    subIndex *index;
    size_t nameLen;
    char name[];
} subTopic;

typedef struct subLink {
    listNode topicNode; /* on topic->links */
    listNode ownerNode; /* on the owner's list */
    subTopic *topic;
    void *owner;
    int flags;          /* the user's; zero when created */
} subLink;

struct subIndex {
    dict *topics;
    void *ctx; /* the user's, e.g. the database a table of watched keys is for */
};

subIndex *subIndexCreate(void *ctx);
/* Frees the index; it must have no topics left (owners remove their links
 * first). */
void subIndexRelease(subIndex *idx);
static inline size_t subIndexTopics(const subIndex *idx) { return dictSize(idx->topics); }

subTopic *subFindTopic(subIndex *idx, const char *name, size_t len);
/* The owner's link to the named topic, or NULL. Walks the shorter of the
 * topic's and the owner's lists. */
subLink *subFindLink(subIndex *idx, const list *ownerLinks, const void *owner, const char *name,
                     size_t len);
/* Links owner to the named topic, creating the topic if needed. Returns the
 * new link, or NULL if the owner already had one to that topic. */
subLink *subAdd(subIndex *idx, list *ownerLinks, void *owner, const char *name, size_t len);
/* Unlinks and frees a link; frees its topic when no link is left. */
void subRemove(list *ownerLinks, subLink *link);

static inline subLink *subLinkFromOwnerNode(listNode *n) {
    return listEntry(n, subLink, ownerNode);
}
static inline subLink *subLinkFromTopicNode(listNode *n) {
    return listEntry(n, subLink, topicNode);
}

/* Calls fn on every topic of the index. fn must not add or remove topics. */
typedef void subTopicFunction(void *privdata, subTopic *topic);
void subForEachTopic(subIndex *idx, subTopicFunction *fn, void *privdata);

#endif
