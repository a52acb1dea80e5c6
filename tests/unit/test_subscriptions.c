/* test_subscriptions.c -- the topic/owner index (src/subscriptions.h):
 * links on both lists, topics created and freed with their links, lookups
 * from either side, iteration. Owners are plain structs holding a list. */
#include <stdio.h>
#include <string.h>

#include "lib/subscriptions.h"
#include "unit.h"

typedef struct owner {
    list links;
} owner;

static void ownerInit(owner *o) { listInit(&o->links); }

static subLink *add(subIndex *idx, owner *o, const char *name) {
    return subAdd(idx, &o->links, o, name, strlen(name));
}

static subLink *find(subIndex *idx, owner *o, const char *name) {
    return subFindLink(idx, &o->links, o, name, strlen(name));
}

static subTopic *topic(subIndex *idx, const char *name) {
    return subFindTopic(idx, name, strlen(name));
}

static void removeAllOf(owner *o) {
    listNode *n;
    while ((n = listFirst(&o->links)) != NULL) subRemove(&o->links, subLinkFromOwnerNode(n));
}

static void testAddLinksBothSides(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner a, b;
    ownerInit(&a);
    ownerInit(&b);
    subLink *l = add(idx, &a, "news");
    CHECK(l != NULL);
    CHECK(l->owner == &a);
    CHECK_INT(l->flags, 0);
    CHECK(add(idx, &b, "news") != NULL);
    CHECK(add(idx, &a, "sports") != NULL);
    CHECK_UINT(subIndexTopics(idx), 2);
    CHECK_UINT(a.links.len, 2);
    CHECK_UINT(b.links.len, 1);
    subTopic *t = topic(idx, "news");
    CHECK(t != NULL);
    CHECK_UINT(t->links.len, 2);
    CHECK_MEM(t->name, t->nameLen, "news", 4);
    CHECK(t->index == idx);
    removeAllOf(&a);
    removeAllOf(&b);
    subIndexRelease(idx);
}

static void testAddTwiceIsRefused(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner a;
    ownerInit(&a);
    subLink *first = add(idx, &a, "x");
    CHECK(first != NULL);
    CHECK_NULL(add(idx, &a, "x"));
    CHECK_UINT(a.links.len, 1);
    CHECK_UINT(topic(idx, "x")->links.len, 1);
    CHECK(find(idx, &a, "x") == first);
    removeAllOf(&a);
    subIndexRelease(idx);
}

static void testLastLinkFreesTopic(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner a, b;
    ownerInit(&a);
    ownerInit(&b);
    add(idx, &a, "t");
    add(idx, &b, "t");
    subRemove(&a.links, find(idx, &a, "t"));
    CHECK(topic(idx, "t") != NULL);
    CHECK_UINT(topic(idx, "t")->links.len, 1);
    CHECK_NULL(find(idx, &a, "t"));
    CHECK(find(idx, &b, "t") != NULL);
    subRemove(&b.links, find(idx, &b, "t"));
    CHECK_NULL(topic(idx, "t"));
    CHECK_UINT(subIndexTopics(idx), 0);
    CHECK(listEmpty(&b.links));
    subIndexRelease(idx);
}

/* The lookup walks whichever list is shorter: both ways must agree. */
static void testFindFromEitherSide(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner crowd[50], loner;
    for (int i = 0; i < 50; i++) {
        ownerInit(&crowd[i]);
        add(idx, &crowd[i], "busy");
    }
    ownerInit(&loner);
    char name[32];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "quiet:%d", i);
        add(idx, &loner, name);
    }
    /* A busy topic, an owner with few links: the owner's list is walked. */
    CHECK_NULL(find(idx, &loner, "busy"));
    CHECK(find(idx, &crowd[17], "busy") != NULL);
    CHECK(find(idx, &crowd[17], "busy")->owner == &crowd[17]);
    /* An owner with many links, topics with one: the topic's list is walked. */
    CHECK(find(idx, &loner, "quiet:13") != NULL);
    CHECK_NULL(find(idx, &crowd[0], "quiet:13"));
    CHECK_NULL(find(idx, &loner, "missing"));
    for (int i = 0; i < 50; i++) removeAllOf(&crowd[i]);
    removeAllOf(&loner);
    CHECK_UINT(subIndexTopics(idx), 0);
    subIndexRelease(idx);
}

static void countTopic(void *privdata, subTopic *t) {
    size_t *counts = privdata;
    counts[0]++;
    counts[1] += t->links.len;
}

static void testForEachVisitsEveryTopicOnce(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner a, b;
    ownerInit(&a);
    ownerInit(&b);
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "topic:%d", i);
        add(idx, &a, name);
        if (i % 2 == 0) add(idx, &b, name);
    }
    size_t counts[2] = {0, 0};
    subForEachTopic(idx, countTopic, counts);
    CHECK_UINT(counts[0], 1000);
    CHECK_UINT(counts[1], 1500);
    removeAllOf(&a);
    counts[0] = counts[1] = 0;
    subForEachTopic(idx, countTopic, counts);
    CHECK_UINT(counts[0], 500);
    CHECK_UINT(counts[1], 500);
    removeAllOf(&b);
    counts[0] = 0;
    subForEachTopic(idx, countTopic, counts);
    CHECK_UINT(counts[0], 0);
    subIndexRelease(idx);
}

static void testBinaryNamesAndContext(void) {
    int marker;
    subIndex *idx = subIndexCreate(&marker);
    CHECK(idx->ctx == &marker);
    owner a;
    ownerInit(&a);
    CHECK(subAdd(idx, &a.links, &a, "a\0b", 3) != NULL);
    CHECK(subAdd(idx, &a.links, &a, "a\0c", 3) != NULL);
    CHECK(subAdd(idx, &a.links, &a, "a", 1) != NULL);
    CHECK_UINT(subIndexTopics(idx), 3);
    CHECK(subFindLink(idx, &a.links, &a, "a\0c", 3) != NULL);
    removeAllOf(&a);
    subIndexRelease(idx);
}

/* Leaks here are for `make sanitize` (LeakSanitizer) to find. */
static void testChurnLeavesNothing(void) {
    subIndex *idx = subIndexCreate(NULL);
    owner o[10];
    for (int i = 0; i < 10; i++) ownerInit(&o[i]);
    char name[32];
    for (int round = 0; round < 2000; round++) {
        owner *who = &o[round % 10];
        snprintf(name, sizeof(name), "c%d", round % 37);
        subLink *l = find(idx, who, name);
        if (l) subRemove(&who->links, l);
        else CHECK(add(idx, who, name) != NULL);
    }
    size_t links = 0;
    for (int i = 0; i < 10; i++) links += o[i].links.len;
    size_t counts[2] = {0, 0};
    subForEachTopic(idx, countTopic, counts);
    CHECK_UINT(counts[1], links);
    for (int i = 0; i < 10; i++) removeAllOf(&o[i]);
    CHECK_UINT(subIndexTopics(idx), 0);
    subIndexRelease(idx);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    static const uint8_t seed[16] = {'s', 'u', 'b', 's', 'c', 'r', 'i', 'p',
                                     't', 'i', 'o', 'n', 's', '-', 't', '!'};
    dictSetHashSeed(seed);
    UNIT_RUN("subscriptions: a link is on its topic's list and its owner's",
             testAddLinksBothSides);
    UNIT_RUN("subscriptions: an owner gets at most one link per topic", testAddTwiceIsRefused);
    UNIT_RUN("subscriptions: removing the last link of a topic frees the topic",
             testLastLinkFreesTopic);
    UNIT_RUN("subscriptions: subFindLink agrees whichever list is shorter",
             testFindFromEitherSide);
    UNIT_RUN("subscriptions: subForEachTopic visits every topic once",
             testForEachVisitsEveryTopicOnce);
    UNIT_RUN("subscriptions: names are binary-safe; the index keeps the user's context",
             testBinaryNamesAndContext);
    UNIT_RUN("subscriptions: adding and removing links at random keeps both sides equal",
             testChurnLeavesNothing);
    return unitReport();
}
