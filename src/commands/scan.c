/* commands/scan.c -- walking the keyspace: KEYS, SCAN and RANDOMKEY.
 *
 * KEYS and SCAN both use dictScan (dict.h). KEYS runs it to the end in one
 * call; SCAN runs it a few buckets at a time and hands the cursor to the
 * client. dictScan's reverse-binary cursor is what lets SCAN promise that a
 * key present from the first call to the last is returned at least once,
 * even when the table grows or shrinks (and rehashes incrementally) between
 * calls; a key may come back more than once.
 *
 * Keys are collected first and filtered afterwards, because dictScan's
 * callback must not change the table while deleting an expired key does. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>

#include "commands/internal.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

#define SCAN_DEFAULT_COUNT 10
/* SCAN visits at most COUNT times this many buckets per call, so a sparse
 * table cannot make one call long. */
#define SCAN_BUCKETS_PER_COUNT 10

typedef struct entryList {
    entry **items;
    size_t len, cap;
} entryList;

static void entryListAdd(entryList *l, entry *e) {
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = zrealloc(l->items, sizeof(entry *) * l->cap);
    }
    l->items[l->len++] = e;
}

static slice keyOf(const entry *e) {
    size_t len;
    const char *key = entryKey(e, &len);
    return (slice){(char *)key, len};
}

static void addReplyEntryKeys(client *c, const entryList *l) {
    addReplyArrayLen(c, (long long)l->len);
    for (size_t i = 0; i < l->len; i++) {
        slice key = keyOf(l->items[i]);
        addReplyBulk(c, key.ptr, key.len);
    }
}

/* --- KEYS ---------------------------------------------------------------------- */

typedef struct keysMatch {
    slice pattern;
    int all; /* the pattern is "*" */
    entryList found;
} keysMatch;

/* Expired keys are left alone (KEYS only reads) but not listed. */
static void keysVisit(void *privdata, const dictNode *node) {
    keysMatch *m = privdata;
    entry *e = (entry *)node;
    if (dbEntryExpired(&dataset, e)) return;
    if (!m->all) {
        slice key = keyOf(e);
        if (!stringmatchlen(m->pattern.ptr, m->pattern.len, key.ptr, key.len, 0)) return;
    }
    entryListAdd(&m->found, e);
}

static void keysCommand(client *c) {
    keysMatch m = {.pattern = c->argv[1], .found = {0}};
    m.all = m.pattern.len == 1 && m.pattern.ptr[0] == '*';
    size_t cursor = 0;
    do {
        cursor = dictScan(c->db->keys, cursor, keysVisit, &m);
    } while (cursor != 0);
    addReplyEntryKeys(c, &m.found);
    zfree(m.found.items);
}

/* --- SCAN ------------------------------------------------------------------------ */

/* Reads a cursor as Redis does (strtoul, base 10): an optional sign and
 * digits, "-1" wrapping to the largest cursor; no leading space, nothing
 * after the digits but an optional NUL; no digits at all reads as 0 only
 * for the empty string. */
static int parseScanCursor(slice s, size_t *cursor) {
    const char *p = s.ptr, *end = s.ptr + s.len;
    if (p < end && isspace((unsigned char)*p)) return 0;
    int negative = 0;
    if (p < end && (*p == '+' || *p == '-')) negative = *p++ == '-';
    const char *digits = p;
    unsigned long long v = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (ULLONG_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    if (p == digits) {
        *cursor = 0;
        return s.len == 0 || s.ptr[0] == '\0';
    }
    if (p < end && *p != '\0') return 0;
    *cursor = (size_t)(negative ? 0 - v : v);
    return 1;
}

typedef struct scanOptions {
    long long count;
    slice pattern;
    int usePattern;
    slice type;
    int useType;
} scanOptions;

static int parseScanOptions(client *c, scanOptions *o) {
    o->count = SCAN_DEFAULT_COUNT;
    o->usePattern = o->useType = 0;
    for (int j = 2; j < c->argc; j += 2) {
        slice opt = c->argv[j];
        if (j + 1 >= c->argc) {
            addReplySyntaxError(c);
            return C_ERR;
        }
        slice val = c->argv[j + 1];
        if (sliceEqualsNoCase(opt, "count")) {
            if (!string2ll(val.ptr, val.len, &o->count)) {
                addReplyNotInteger(c);
                return C_ERR;
            }
            if (o->count < 1) {
                addReplySyntaxError(c);
                return C_ERR;
            }
        } else if (sliceEqualsNoCase(opt, "match")) {
            o->pattern = val;
            o->usePattern = !(val.len == 1 && val.ptr[0] == '*');
        } else if (sliceEqualsNoCase(opt, "type")) {
            o->type = val;
            o->useType = 1;
        } else {
            addReplySyntaxError(c);
            return C_ERR;
        }
    }
    return C_OK;
}

static void scanCollect(void *privdata, const dictNode *node) {
    entryListAdd(privdata, (entry *)node);
}

/* Whether SCAN returns e: it matches the pattern and type, and is live. An
 * expired key is deleted here, as a lookup would. */
static int scanKeeps(client *c, const scanOptions *o, entry *e) {
    slice key = keyOf(e);
    if (o->usePattern && !stringmatchlen(o->pattern.ptr, o->pattern.len, key.ptr, key.len, 0))
        return 0;
    if (o->useType && !sliceEqualsNoCase(o->type, typeOf(e)->name)) return 0;
    if (dbEntryExpired(&dataset, e)) {
        dbLookup(&dataset, c->db, key);
        return 0;
    }
    return 1;
}

static void scanCommand(client *c) {
    size_t cursor;
    if (!parseScanCursor(c->argv[1], &cursor)) {
        addReplyError(c, "invalid cursor");
        return;
    }
    scanOptions o;
    if (parseScanOptions(c, &o) != C_OK) return;

    entryList found = {0};
    long long budget = o.count > LLONG_MAX / SCAN_BUCKETS_PER_COUNT
                           ? LLONG_MAX
                           : o.count * SCAN_BUCKETS_PER_COUNT;
    do {
        cursor = dictScan(c->db->keys, cursor, scanCollect, &found);
    } while (cursor != 0 && --budget > 0 && found.len < (unsigned long long)o.count);

    size_t kept = 0;
    for (size_t i = 0; i < found.len; i++) {
        if (scanKeeps(c, &o, found.items[i])) found.items[kept++] = found.items[i];
    }
    found.len = kept;

    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%zu", cursor);
    addReplyArrayLen(c, 2);
    addReplyBulk(c, buf, (size_t)n);
    addReplyEntryKeys(c, &found);
    zfree(found.items);
}

/* --- RANDOMKEY ------------------------------------------------------------------- */

static void randomkeyCommand(client *c) {
    entry *e = dbRandomEntry(&dataset, c->db);
    if (!e) {
        addReplyNull(c);
        return;
    }
    slice key = keyOf(e);
    addReplyBulk(c, key.ptr, key.len);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand scanCommands[] = {
    CMD("keys", keysCommand, 2, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "1.0.0",
     "Returns all key names that match a pattern.",
     "O(N) with N being the number of keys in the database, under the assumption that the key "
     "names in the database and the given pattern have limited length.", NULL),
    CMD("randomkey", randomkeyCommand, 1, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "1.0.0",
     "Returns a random key name from the database.", "O(1)", NULL),
    CMD("scan", scanCommand, -2, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "2.8.0",
     "Iterates over the key names in the database.",
     "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
     "the cursor to return back to 0. N is the number of elements inside the collection.",
     NULL),
    {0},
};

const serverModule scanModule = {
    .name = "scan",
    .commands = scanCommands,
};
