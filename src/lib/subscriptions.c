/* lib/subscriptions.c -- topics and the owners linked to them; see
 * subscriptions.h. */
#include "lib/subscriptions.h"

#include <string.h>

#include "lib/zmalloc.h"

static const char *topicNodeKey(const dictNode *node, size_t *len) {
    const subTopic *t = (const subTopic *)node;
    *len = t->nameLen;
    return t->name;
}

/* Topics are freed by subRemove; an index is released only when empty. */
static const dictType topicDictType = {.nodeKey = topicNodeKey, .freeNode = NULL};

subIndex *subIndexCreate(void *ctx) {
    subIndex *idx = zmalloc(sizeof(*idx));
    idx->topics = dictCreate(&topicDictType);
    idx->ctx = ctx;
    return idx;
}

void subIndexRelease(subIndex *idx) {
    dictRelease(idx->topics);
    zfree(idx);
}

subTopic *subFindTopic(subIndex *idx, const char *name, size_t len) {
    return (subTopic *)dictFind(idx->topics, name, len);
}

subLink *subFindLink(subIndex *idx, const list *ownerLinks, const void *owner, const char *name,
                     size_t len) {
    subTopic *t = subFindTopic(idx, name, len);
    if (!t) return NULL;
    if (t->links.len <= ownerLinks->len) {
        for (listNode *n = listFirst(&t->links); n; n = listNext(&t->links, n))
            if (subLinkFromTopicNode(n)->owner == owner) return subLinkFromTopicNode(n);
    } else {
        for (listNode *n = listFirst(ownerLinks); n; n = listNext(ownerLinks, n))
            if (subLinkFromOwnerNode(n)->topic == t) return subLinkFromOwnerNode(n);
    }
    return NULL;
}

static subTopic *createTopic(subIndex *idx, const char *name, size_t len) {
    subTopic *t = zmalloc(sizeof(*t) + len);
    t->node.next = NULL;
    listInit(&t->links);
    t->index = idx;
    t->nameLen = len;
    memcpy(t->name, name, len);
    dictAdd(idx->topics, &t->node);
    return t;
}

subLink *subAdd(subIndex *idx, list *ownerLinks, void *owner, const char *name, size_t len) {
    if (subFindLink(idx, ownerLinks, owner, name, len)) return NULL;
    subTopic *t = subFindTopic(idx, name, len);
    if (!t) t = createTopic(idx, name, len);
    subLink *link = zmalloc(sizeof(*link));
    link->topic = t;
    link->owner = owner;
    link->flags = 0;
    listAppend(&t->links, &link->topicNode);
    listAppend(ownerLinks, &link->ownerNode);
    return link;
}

void subRemove(list *ownerLinks, subLink *link) {
    subTopic *t = link->topic;
    listRemove(&t->links, &link->topicNode);
    listRemove(ownerLinks, &link->ownerNode);
    zfree(link);
    if (!listEmpty(&t->links)) return;
    dictUnlink(t->index->topics, t->name, t->nameLen);
    zfree(t);
}

typedef struct forEachCtx {
    subTopicFunction *fn;
    void *privdata;
} forEachCtx;

static void visitTopic(void *privdata, const dictNode *node) {
    forEachCtx *ctx = privdata;
    ctx->fn(ctx->privdata, (subTopic *)node);
}

void subForEachTopic(subIndex *idx, subTopicFunction *fn, void *privdata) {
    forEachCtx ctx = {fn, privdata};
    size_t cursor = 0;
    /* The table does not change during the walk, so each topic comes once. */
    do {
        cursor = dictScan(idx->topics, cursor, visitTopic, &ctx);
    } while (cursor != 0);
}
