/* commands/string_range.c -- string commands on part of a value or on its
 * length: APPEND, STRLEN, GETRANGE (and its old name SUBSTR), SETRANGE, and
 * LCS, the longest common subsequence of two values. Values grow in place
 * through db.c (dbAppendString, dbSetStringRange), which marks them raw as
 * Redis does. Replies and errors follow Redis 7.0. */
#include <stdint.h>

#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

/* Whether a string may grow to size + append bytes: proto-max-bulk-len is
 * the largest string value, as in Redis. Replies with the error if not. */
static int checkStringLength(client *c, unsigned long long size, unsigned long long append) {
    unsigned long long total = size + append;
    if (total < size || total > (unsigned long long)netConfig.protoMaxBulkLen) {
        addReplyError(c, "string exceeds maximum allowed size (proto-max-bulk-len)");
        return C_ERR;
    }
    return C_OK;
}

/* Looks a key up for reading: *e is its entry, NULL if missing. Returns
 * C_ERR after a type error if it holds something other than a string. */
static int lookupString(client *c, slice key, entry **e) {
    *e = dbLookupRead(&dataset, c->db, key);
    if (*e && entryType(*e) != ENTRY_TYPE_STRING) {
        addReplyWrongType(c);
        return C_ERR;
    }
    return C_OK;
}

static void appendCommand(client *c) {
    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    if (!e) {
        /* A new key is stored as SET stores it (an integer stays "int"). */
        dbAddString(c->db, c->argv[1], c->argv[2], ENTRY_NO_EXPIRE);
        addReplyLongLong(c, (long long)c->argv[2].len);
        return;
    }
    if (entryType(e) != ENTRY_TYPE_STRING) {
        addReplyWrongType(c);
        return;
    }
    size_t len;
    entryValue(e, &len);
    if (checkStringLength(c, len, c->argv[2].len) != C_OK) return;
    e = dbAppendString(c->db, e, c->argv[2]);
    addReplyLongLong(c, (long long)(len + c->argv[2].len));
}

static void strlenCommand(client *c) {
    entry *e;
    if (lookupString(c, c->argv[1], &e) != C_OK) return;
    size_t len = 0;
    if (e) entryValue(e, &len);
    addReplyLongLong(c, (long long)len);
}

/* GETRANGE key start end: inclusive offsets, negative ones counted from the
 * end. Out-of-range offsets are clamped the way Redis clamps them, so a
 * range ending before the string starts still returns its first byte
 * (GETRANGE "Hello" 0 -100 is "H"), but two negative offsets in the wrong
 * order return "". */
static void getrangeCommand(client *c) {
    long long start, end;
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &start) ||
        !string2ll(c->argv[3].ptr, c->argv[3].len, &end)) {
        addReplyNotInteger(c);
        return;
    }
    entry *e;
    if (lookupString(c, c->argv[1], &e) != C_OK) return;
    size_t len = 0;
    const char *val = e ? entryValue(e, &len) : "";
    long long vlen = (long long)len;
    if (start < 0 && end < 0 && start > end) {
        addReplyBulk(c, "", 0);
        return;
    }
    if (start < 0) start += vlen;
    if (end < 0) end += vlen;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= vlen) end = vlen - 1;
    if (vlen == 0 || start > end) addReplyBulk(c, "", 0);
    else addReplyBulk(c, val + start, (size_t)(end - start + 1));
}

/* SETRANGE key offset value: overwrites from offset, zero-padding a gap,
 * and replies with the new length. An empty value changes nothing (and
 * creates no key). */
static void setrangeCommand(client *c) {
    long long offset;
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &offset)) {
        addReplyNotInteger(c);
        return;
    }
    if (offset < 0) {
        addReplyError(c, "offset is out of range");
        return;
    }
    slice value = c->argv[3];
    entry *e = dbLookup(&dataset, c->db, c->argv[1]);
    size_t len = 0;
    if (e) {
        if (entryType(e) != ENTRY_TYPE_STRING) {
            addReplyWrongType(c);
            return;
        }
        entryValue(e, &len);
    }
    if (value.len == 0) {
        addReplyLongLong(c, (long long)len);
        return;
    }
    if (checkStringLength(c, (unsigned long long)offset, value.len) != C_OK) return;
    if (!e) e = dbAddString(c->db, c->argv[1], (slice){"", 0}, ENTRY_NO_EXPIRE);
    e = dbSetStringRange(c->db, e, (size_t)offset, value);
    entryValue(e, &len);
    addReplyLongLong(c, (long long)len);
}

/* --- LCS ------------------------------------------------------------------ */

typedef struct lcsOptions {
    int len, idx, withMatchLen;
    long long minMatchLen;
} lcsOptions;

static int parseLcsOptions(client *c, lcsOptions *o) {
    *o = (lcsOptions){0};
    for (int j = 3; j < c->argc; j++) {
        slice opt = c->argv[j];
        if (sliceEqualsNoCase(opt, "idx")) {
            o->idx = 1;
        } else if (sliceEqualsNoCase(opt, "len")) {
            o->len = 1;
        } else if (sliceEqualsNoCase(opt, "withmatchlen")) {
            o->withMatchLen = 1;
        } else if (sliceEqualsNoCase(opt, "minmatchlen") && j + 1 < c->argc) {
            j++;
            if (!string2ll(c->argv[j].ptr, c->argv[j].len, &o->minMatchLen)) {
                addReplyNotInteger(c);
                return C_ERR;
            }
            if (o->minMatchLen < 0) o->minMatchLen = 0;
        } else {
            addReplySyntaxError(c);
            return C_ERR;
        }
    }
    if (o->len && o->idx) {
        addReplyError(c, "If you want both the length and indexes, please just use IDX.");
        return C_ERR;
    }
    return C_OK;
}

/* A run of matching bytes: a[aStart..aEnd] == b[bStart..bEnd]. */
typedef struct lcsMatch {
    uint32_t aStart, aEnd, bStart, bEnd;
} lcsMatch;

/* The table: cell (i, j) is the LCS length of a's first i bytes and b's
 * first j bytes. */
#define LCS_CELL(t, i, j, blen) ((t)[(size_t)(i) * ((blen) + 1) + (j)])

static void lcsFillTable(uint32_t *t, const char *a, uint32_t alen, const char *b,
                         uint32_t blen) {
    for (uint32_t i = 0; i <= alen; i++) {
        for (uint32_t j = 0; j <= blen; j++) {
            if (i == 0 || j == 0) LCS_CELL(t, i, j, blen) = 0;
            else if (a[i - 1] == b[j - 1])
                LCS_CELL(t, i, j, blen) = LCS_CELL(t, i - 1, j - 1, blen) + 1;
            else {
                uint32_t up = LCS_CELL(t, i - 1, j, blen), left = LCS_CELL(t, i, j - 1, blen);
                LCS_CELL(t, i, j, blen) = up > left ? up : left;
            }
        }
    }
}

/* Walks the table back from the end, as Redis does, writing the common
 * subsequence into out (its length known) and the runs of contiguous
 * matches, last first, into matches. On a tie it moves along b. Returns
 * the number of runs. */
static size_t lcsBacktrack(const uint32_t *t, const char *a, uint32_t alen, const char *b,
                           uint32_t blen, char *out, lcsMatch *matches) {
    uint32_t i = alen, j = blen, k = LCS_CELL(t, alen, blen, blen);
    size_t n = 0;
    int open = 0; /* a run is being extended backwards */
    lcsMatch run = {0, 0, 0, 0};
    while (i > 0 && j > 0) {
        if (a[i - 1] == b[j - 1]) {
            out[--k] = a[i - 1];
            if (open) {
                run.aStart = i - 1;
                run.bStart = j - 1;
            } else {
                run = (lcsMatch){i - 1, i - 1, j - 1, j - 1};
                open = 1;
            }
            i--;
            j--;
            if (i == 0 || j == 0) matches[n++] = run; /* reached the start */
        } else {
            if (LCS_CELL(t, i - 1, j, blen) > LCS_CELL(t, i, j - 1, blen)) i--;
            else j--;
            if (open) {
                matches[n++] = run;
                open = 0;
            }
        }
    }
    return n;
}

static void replyLcsMatches(client *c, const lcsOptions *o, const lcsMatch *matches, size_t n,
                            uint32_t total) {
    long long shown = 0;
    for (size_t m = 0; m < n; m++)
        if (matches[m].aEnd - matches[m].aStart + 1 >= o->minMatchLen) shown++;
    addReplyMapLen(c, 2);
    addReplyBulkCString(c, "matches");
    addReplyArrayLen(c, shown);
    for (size_t m = 0; m < n; m++) {
        long long runLen = matches[m].aEnd - matches[m].aStart + 1;
        if (runLen < o->minMatchLen) continue;
        addReplyArrayLen(c, o->withMatchLen ? 3 : 2);
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, matches[m].aStart);
        addReplyLongLong(c, matches[m].aEnd);
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, matches[m].bStart);
        addReplyLongLong(c, matches[m].bEnd);
        if (o->withMatchLen) addReplyLongLong(c, runLen);
    }
    addReplyBulkCString(c, "len");
    addReplyLongLong(c, total);
}

/* Points *s at a key's value, or at "" if the key does not exist. */
static void lcsInput(entry *e, const char **s, size_t *len) {
    if (e) {
        *s = entryValue(e, len);
    } else {
        *s = "";
        *len = 0;
    }
}

/* LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]. Missing keys
 * are empty strings. The O(N*M) table is refused when it would be larger
 * than proto-max-bulk-len, as in Redis. */
static void lcsCommand(client *c) {
    entry *ea = dbLookupRead(&dataset, c->db, c->argv[1]);
    entry *eb = dbLookupRead(&dataset, c->db, c->argv[2]);
    if ((ea && entryType(ea) != ENTRY_TYPE_STRING) || (eb && entryType(eb) != ENTRY_TYPE_STRING)) {
        addReplyError(c, "The specified keys must contain string values");
        return;
    }
    lcsOptions o;
    if (parseLcsOptions(c, &o) != C_OK) return;
    const char *a, *b;
    size_t alen, blen;
    lcsInput(ea, &a, &alen);
    lcsInput(eb, &b, &blen);
    if (alen >= UINT32_MAX - 1 || blen >= UINT32_MAX - 1) {
        addReplyError(c, "String too long for LCS");
        return;
    }
    unsigned long long cells = (unsigned long long)(alen + 1) * (blen + 1);
    unsigned long long bytes = cells * sizeof(uint32_t);
    if (bytes > (unsigned long long)netConfig.protoMaxBulkLen) {
        addReplyError(c, "Insufficient memory, transient memory for LCS exceeds "
                         "proto-max-bulk-len");
        return;
    }
    uint32_t *table = bytes < SIZE_MAX ? ztrymalloc((size_t)bytes) : NULL;
    if (!table) {
        addReplyError(c, "Insufficient memory, failed allocating transient memory for LCS");
        return;
    }
    lcsFillTable(table, a, (uint32_t)alen, b, (uint32_t)blen);
    uint32_t total = LCS_CELL(table, alen, blen, blen);
    if (o.len) {
        addReplyLongLong(c, total);
        zfree(table);
        return;
    }
    char *common = zmalloc(total ? total : 1);
    lcsMatch *matches = zmalloc(sizeof(lcsMatch) * (total ? total : 1));
    size_t n = lcsBacktrack(table, a, (uint32_t)alen, b, (uint32_t)blen, common, matches);
    if (o.idx) replyLcsMatches(c, &o, matches, n, total);
    else addReplyBulk(c, common, total);
    zfree(matches);
    zfree(common);
    zfree(table);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand stringRangeCommands[] = {
    CMD("append", appendCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "2.0.0", "Appends a string to the value of a key. Creates the key if it doesn't exist.",
     "O(1). The amortized time complexity is O(1) assuming the appended value is small and the "
     "already present value is of any size, since the dynamic string library used by Redis will "
     "double the free space available on every reallocation.", NULL),
    CMD("getrange", getrangeCommand, 4, CMD_READONLY, 1, 1, 1, GROUP_STRING, "2.4.0",
     "Returns a substring of the string stored at a key.",
     "O(N) where N is the length of the returned string. The complexity is ultimately "
     "determined by the returned length, but because creating a substring from an existing "
     "string is very cheap, it can be considered O(1) for small strings.", NULL),
    CMD("lcs", lcsCommand, -3, CMD_READONLY, 1, 2, 1, GROUP_STRING, "7.0.0",
     "Finds the longest common substring.",
     "O(N*M) where N and M are the lengths of s1 and s2, respectively", NULL),
    CMD("setrange", setrangeCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.2.0",
     "Overwrites a part of a string value with another by an offset. Creates the key if it "
     "doesn't exist.", "O(1), not counting the time taken to copy the new string in place. "
     "Usually, this string is very small so the amortized complexity is O(1). Otherwise, "
     "complexity is O(M) with M being the length of the value argument.", NULL),
    CMD("strlen", strlenCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_STRING, "2.2.0",
     "Returns the length of a string value.", "O(1)", NULL),
    CMD("substr", getrangeCommand, 4, CMD_READONLY, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Returns a substring from string value.",
     "O(N) where N is the length of the returned string. The complexity is ultimately "
     "determined by the returned length, but because creating a substring from an existing "
     "string is very cheap, it can be considered O(1) for small strings.", NULL),
    {0},
};

const serverModule stringRangeModule = {
    .name = "stringRange",
    .commands = stringRangeCommands,
};
