/* lib/list.h -- an intrusive doubly linked list.
 *
 * A structure that can be on a list embeds a listNode; the list links those
 * nodes, so adding and removing never allocates and removal is O(1) given
 * the element. A client is on the all-clients list, and while it has output
 * queued, on the pending-write list (and, when it is to be closed, on the
 * close list), through nodes of its own. */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

typedef struct listNode {
    struct listNode *prev, *next;
} listNode;

/* A list is a sentinel node: empty when it points to itself. */
typedef struct list {
    listNode head;
    size_t len;
} list;

#define listEntry(node, type, member) ((type *)((char *)(node) - offsetof(type, member)))

static inline void listInit(list *l) {
    l->head.prev = l->head.next = &l->head;
    l->len = 0;
}

static inline int listEmpty(const list *l) { return l->len == 0; }
static inline listNode *listFirst(const list *l) { return l->len ? l->head.next : NULL; }
static inline listNode *listNext(const list *l, const listNode *n) {
    return n->next == &l->head ? NULL : n->next;
}

static inline void listAppend(list *l, listNode *n) {
    n->prev = l->head.prev;
    n->next = &l->head;
    l->head.prev->next = n;
    l->head.prev = n;
    l->len++;
}

static inline void listRemove(list *l, listNode *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = NULL;
    l->len--;
}

/* Moves the first element to the end (round-robin work over a list). */
static inline void listRotateHeadToTail(list *l) {
    if (l->len < 2) return;
    listNode *n = l->head.next;
    listRemove(l, n);
    listAppend(l, n);
}

#endif
