/* test_resp_parser.c -- the request parser (src/resp_parser.h): multibulk
 * and inline commands, every result kind, resuming on partial input,
 * pipelines, Redis's exact protocol error texts, and the limits. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "net/resp_parser.h"
#include "unit.h"

static const respLimits defaultLimits = {
    .maxBulkLen = 512LL * 1024 * 1024,
    .maxMultibulkLen = 1024 * 1024,
    .maxInlineLen = 64 * 1024,
};

static const char *resultName(respResult r) {
    switch (r) {
    case RESP_INCOMPLETE: return "RESP_INCOMPLETE";
    case RESP_COMMAND: return "RESP_COMMAND";
    case RESP_EMPTY: return "RESP_EMPTY";
    case RESP_ERROR: return "RESP_ERROR";
    }
    return "?";
}

#define CHECK_RESULT(actual, expected)                                                 \
    do {                                                                               \
        respResult unitR_ = (actual), unitW_ = (expected);                             \
        CHECK_MSG(unitR_ == unitW_, "expected %s, got %s", resultName(unitW_),         \
                  resultName(unitR_));                                                 \
    } while (0)

/* One expected argument; len is explicit so arguments can hold NULs. */
typedef struct arg {
    const char *bytes;
    size_t len;
} arg;
#define A(s) {s, sizeof(s) - 1}

static void checkArgs(const respParser *p, const char *cmd, const arg *want, int n) {
    CHECK_INT(p->argc, n);
    for (int i = 0; i < n; i++) {
        const respArg *a = &p->args[i];
        CHECK_MSG(a->offset + a->len >= a->offset, "argument %d offset overflows", i);
        CHECK_MEM(cmd + a->offset, a->len, want[i].bytes, want[i].len);
    }
}

/* Parses a whole buffer (copied to the heap, so reading past its end is an
 * ASan error) in one call. */
static respResult parseOnce(respParser *p, const char *in, size_t len, char **copy) {
    *copy = malloc(len ? len : 1);
    memcpy(*copy, in, len);
    return respParse(p, *copy, len, &defaultLimits);
}

static void checkCommand(const char *in, size_t len, const arg *want, int n) {
    respParser p;
    respParserInit(&p);
    char *buf;
    respResult r = parseOnce(&p, in, len, &buf);
    int ok = r == RESP_COMMAND;
    if (ok) checkArgs(&p, buf, want, n);
    size_t pos = p.pos;
    respParserFree(&p);
    free(buf);
    if (unit.currentFailed) return;
    CHECK_MSG(ok, "expected RESP_COMMAND, got %s", resultName(r));
    CHECK_UINT(pos, len);
}

static void checkError(const char *in, size_t len, const respLimits *lim, const char *want) {
    respParser p;
    respParserInit(&p);
    char *buf = malloc(len);
    memcpy(buf, in, len);
    respResult r = respParse(&p, buf, len, lim);
    char got[128] = "";
    if (r == RESP_ERROR && p.error) snprintf(got, sizeof(got), "%s", p.error);
    respParserFree(&p);
    free(buf);
    CHECK_MSG(r == RESP_ERROR, "expected RESP_ERROR \"%s\", got %s", want, resultName(r));
    CHECK_STR(got, want);
}

/* --- multibulk ------------------------------------------------------------- */

static void testMultibulkCommand(void) {
    const char in[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n";
    const arg want[] = {A("SET"), A("k"), A("hello")};
    CHECK_OK(checkCommand(in, sizeof(in) - 1, want, 3));
}

static void testMultibulkBinaryAndEmptyArgs(void) {
    const char in[] = "*4\r\n$4\r\nECHO\r\n$0\r\n\r\n$6\r\na\r\n\0b\n\r\n$2\r\n**\r\n";
    const arg want[] = {A("ECHO"), A(""), A("a\r\n\0b\n"), A("**")};
    CHECK_OK(checkCommand(in, sizeof(in) - 1, want, 4));
}

static void testMultibulkZeroAndNegativeCountAreEmpty(void) {
    const char *cases[] = {"*0\r\n", "*-1\r\n", "*-5\r\n"};
    for (size_t i = 0; i < 3; i++) {
        respParser p;
        respParserInit(&p);
        char *buf;
        respResult r = parseOnce(&p, cases[i], strlen(cases[i]), &buf);
        size_t pos = p.pos;
        int argc = p.argc;
        respParserFree(&p);
        free(buf);
        CHECK_RESULT(r, RESP_EMPTY);
        CHECK_UINT(pos, strlen(cases[i]));
        CHECK_INT(argc, 0);
    }
}

static void testEveryPrefixIsIncomplete(void) {
    const char in[] = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n";
    const size_t len = sizeof(in) - 1;
    for (size_t k = 0; k < len; k++) {
        respParser p;
        respParserInit(&p);
        char *buf;
        respResult r = parseOnce(&p, in, k, &buf);
        respParserFree(&p);
        free(buf);
        CHECK_MSG(r == RESP_INCOMPLETE, "a %zu-byte prefix gave %s", k, resultName(r));
    }
}

/* Feeds a command one byte at a time to one parser, each time in a fresh
 * heap buffer holding exactly the bytes received so far; the parser must
 * wait until the last byte, then give exactly what a one-shot parse gives. */
static void checkByteByByte(const char *in, size_t len, respResult final, const arg *want,
                            int n) {
    respParser p;
    respParserInit(&p);
    respResult r = RESP_INCOMPLETE;
    char *buf = NULL;
    size_t k;
    for (k = 1; k <= len; k++) {
        free(buf);
        buf = malloc(k);
        memcpy(buf, in, k);
        r = respParse(&p, buf, k, &defaultLimits);
        if (r != RESP_INCOMPLETE) break;
    }
    if (r == final) checkArgs(&p, buf, want, n);
    size_t pos = p.pos;
    respParserFree(&p);
    free(buf);
    if (unit.currentFailed) return;
    CHECK_MSG(r == final, "after %zu of %zu bytes: %s, want %s", k > len ? len : k, len,
              resultName(r), resultName(final));
    CHECK_MSG(k == len, "finished after %zu of %zu bytes", k, len);
    CHECK_UINT(pos, len);
}

static void testMultibulkResumesByteByByte(void) {
    const char in[] = "*3\r\n$3\r\nSET\r\n$13\r\nkey\r\nwith\0nul\r\n$10\r\n0123456789\r\n";
    const arg want[] = {A("SET"), A("key\r\nwith\0nul"), A("0123456789")};
    CHECK_OK(checkByteByByte(in, sizeof(in) - 1, RESP_COMMAND, want, 3));
    CHECK_OK(checkByteByByte("*0\r\n", 4, RESP_EMPTY, NULL, 0));
}

static void testInlineResumesByteByByte(void) {
    const char in[] = "SET  k \"a b\\x41\" 'c d'\r\n";
    const arg want[] = {A("SET"), A("k"), A("a bA"), A("c d")};
    CHECK_OK(checkByteByByte(in, sizeof(in) - 1, RESP_COMMAND, want, 4));
    CHECK_OK(checkByteByByte("   \r\n", 5, RESP_EMPTY, NULL, 0));
}

static void testResumeAcrossBufferMove(void) {
    /* Offsets, not pointers: the caller may move its buffer between calls. */
    const char in[] = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
    const size_t len = sizeof(in) - 1;
    respParser p;
    respParserInit(&p);
    char *first = malloc(len);
    memcpy(first, in, 15);
    respResult r1 = respParse(&p, first, 15, &defaultLimits);
    char *second = malloc(len);
    memcpy(second, in, len);
    memset(first, 'X', 15);
    respResult r2 = respParse(&p, second, len, &defaultLimits);
    const arg want[] = {A("GET"), A("key")};
    if (r2 == RESP_COMMAND) checkArgs(&p, second, want, 2);
    respParserFree(&p);
    free(first);
    free(second);
    if (unit.currentFailed) return;
    CHECK_RESULT(r1, RESP_INCOMPLETE);
    CHECK_RESULT(r2, RESP_COMMAND);
}

static void testPipelinedCommands(void) {
    const char in[] = "*1\r\n$4\r\nPING\r\n"
                      "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"
                      "GET a\r\n"
                      "\r\n"
                      "*0\r\n"
                      "INCR  counter\n"
                      "*1\r\n$4\r\nPING\r\n";
    const size_t len = sizeof(in) - 1;
    static const struct {
        respResult r;
        int argc;
        arg args[2];
    } want[] = {
        {RESP_COMMAND, 1, {A("PING")}},
        {RESP_COMMAND, 2, {A("ECHO"), A("hi")}},
        {RESP_COMMAND, 2, {A("GET"), A("a")}},
        {RESP_EMPTY, 0, {{0}}},
        {RESP_EMPTY, 0, {{0}}},
        {RESP_COMMAND, 2, {A("INCR"), A("counter")}},
        {RESP_COMMAND, 1, {A("PING")}},
    };
    char *buf = malloc(len);
    memcpy(buf, in, len);
    respParser p;
    respParserInit(&p);
    size_t off = 0, i = 0;
    for (; i < sizeof(want) / sizeof(want[0]); i++) {
        respResult r = respParse(&p, buf + off, len - off, &defaultLimits);
        if (r != want[i].r) {
            unitFail(__FILE__, __LINE__, "command %zu at offset %zu: expected %s, got %s", i,
                     off, resultName(want[i].r), resultName(r));
            break;
        }
        checkArgs(&p, buf + off, want[i].args, want[i].argc);
        if (unit.currentFailed) break;
        CHECK_MSG(p.pos > 0, "command %zu consumed no bytes", i);
        off += p.pos;
        respParserReset(&p);
    }
    respResult last = unit.currentFailed ? RESP_ERROR
                                         : respParse(&p, buf + off, len - off, &defaultLimits);
    respParserFree(&p);
    free(buf);
    if (unit.currentFailed) return;
    CHECK_UINT(off, len);
    CHECK_RESULT(last, RESP_INCOMPLETE);
}

static void testPipelineWithPartialTail(void) {
    /* A complete command followed by half of the next one. */
    const char in[] = "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$5\r\nab";
    char *buf = malloc(sizeof(in) - 1);
    memcpy(buf, in, sizeof(in) - 1);
    respParser p;
    respParserInit(&p);
    respResult r1 = respParse(&p, buf, sizeof(in) - 1, &defaultLimits);
    size_t used = p.pos;
    respParserReset(&p);
    respResult r2 = respParse(&p, buf + used, sizeof(in) - 1 - used, &defaultLimits);
    respParserFree(&p);
    free(buf);
    CHECK_RESULT(r1, RESP_COMMAND);
    CHECK_UINT(used, 14);
    CHECK_RESULT(r2, RESP_INCOMPLETE);
}

static void testBytesWantedForBigBulk(void) {
    const size_t big = 1000000;
    const char header[] = "*2\r\n$3\r\nSET\r\n$1000000\r\n";
    const size_t hlen = sizeof(header) - 1;
    const size_t total = hlen + big + 2;
    char *buf = malloc(total);
    memcpy(buf, header, hlen);
    memset(buf + hlen, 'v', big);
    memcpy(buf + hlen + big, "\r\n", 2);
    respParser p;
    respParserInit(&p);
    /* Before the bulk header is read the parser cannot know. */
    respResult r0 = respParse(&p, buf, 4, &defaultLimits);
    size_t wanted0 = respBytesWanted(&p);
    respResult r1 = respParse(&p, buf, hlen + 10, &defaultLimits);
    size_t wanted1 = respBytesWanted(&p);
    respResult r2 = respParse(&p, buf, total - 1, &defaultLimits);
    respResult r3 = respParse(&p, buf, total, &defaultLimits);
    int argc = p.argc;
    size_t arglen = argc == 2 ? p.args[1].len : 0;
    size_t argoff = argc == 2 ? p.args[1].offset : 0;
    respParserFree(&p);
    free(buf);
    CHECK_RESULT(r0, RESP_INCOMPLETE);
    CHECK_UINT(wanted0, 0);
    CHECK_RESULT(r1, RESP_INCOMPLETE);
    CHECK_UINT(wanted1, total);
    CHECK_RESULT(r2, RESP_INCOMPLETE);
    CHECK_RESULT(r3, RESP_COMMAND);
    CHECK_INT(argc, 2);
    CHECK_UINT(arglen, big);
    CHECK_UINT(argoff, hlen);
}

static void testManyArguments(void) {
    /* More arguments than any initial array: the args array grows. */
    const int n = 5000;
    size_t cap = (size_t)n * 16 + 32, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, "*%d\r\n", n);
    for (int i = 0; i < n; i++) {
        char v[16];
        int vl = snprintf(v, sizeof(v), "%d", i);
        len += (size_t)snprintf(buf + len, cap - len, "$%d\r\n%s\r\n", vl, v);
    }
    respParser p;
    respParserInit(&p);
    respResult r = respParse(&p, buf, len, &defaultLimits);
    int bad = -1;
    for (int i = 0; r == RESP_COMMAND && i < p.argc && bad < 0; i++) {
        char v[16];
        int vl = snprintf(v, sizeof(v), "%d", i);
        if (p.args[i].len != (size_t)vl || memcmp(buf + p.args[i].offset, v, (size_t)vl) != 0)
            bad = i;
    }
    int argc = p.argc;
    respParserFree(&p);
    free(buf);
    CHECK_RESULT(r, RESP_COMMAND);
    CHECK_INT(argc, n);
    CHECK_MSG(bad < 0, "argument %d is wrong", bad);
}

/* --- protocol errors ----------------------------------------------------------- */

#define ERR(in, lim, text) checkError(in, sizeof(in) - 1, lim, text)

static void testMultibulkLengthErrors(void) {
    const char *msg = "Protocol error: invalid multibulk length";
    CHECK_OK(ERR("*abc\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1x\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("* 1\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*01\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*99999999999999999999\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1048577\r\n", &defaultLimits, msg));
}

static void testExpectedDollarError(void) {
    CHECK_OK(ERR("*1\r\nx3\r\nfoo\r\n", &defaultLimits, "Protocol error: expected '$', got 'x'"));
    CHECK_OK(ERR("*2\r\n$3\r\nfoo\r\n:1\r\n", &defaultLimits,
                 "Protocol error: expected '$', got ':'"));
}

static void testBulkLengthErrors(void) {
    const char *msg = "Protocol error: invalid bulk length";
    CHECK_OK(ERR("*1\r\n$-1\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1\r\n$abc\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1\r\n$\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1\r\n$+3\r\nfoo\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("*1\r\n$536870913\r\n", &defaultLimits, msg));
}

/* The parser reads plain counts in one pass and leaves everything else to
 * string2ll: the edges between the two must agree with string2ll. */
static void testCountEdges(void) {
    const arg empty[] = {A("")};
    const char zero[] = "*1\r\n$0\r\n\r\n";
    CHECK_OK(checkCommand(zero, sizeof(zero) - 1, empty, 1));
    const arg ten[] = {A("0123456789")};
    const char tenBytes[] = "*1\r\n$10\r\n0123456789\r\n";
    CHECK_OK(checkCommand(tenBytes, sizeof(tenBytes) - 1, ten, 1));
    CHECK_OK(ERR("*1\r\n$03\r\nfoo\r\n", &defaultLimits, "Protocol error: invalid bulk length"));
    CHECK_OK(ERR("*1\r\n$-0\r\n", &defaultLimits, "Protocol error: invalid bulk length"));
    CHECK_OK(ERR("*1\r\n$3x\r\nfoo\r\n", &defaultLimits, "Protocol error: invalid bulk length"));
    /* 18 digits (the fast path's most), 19 (the general reader's), 20. */
    const respLimits huge = {LLONG_MAX, LLONG_MAX, 64 * 1024};
    respParser p;
    const char *counts[] = {"*1\r\n$100000000000000000\r\n", "*1\r\n$1000000000000000000\r\n"};
    for (int i = 0; i < 2; i++) {
        respParserInit(&p);
        char *buf = strdup(counts[i]);
        CHECK_INT(respParse(&p, buf, strlen(buf), &huge), RESP_INCOMPLETE);
        CHECK_INT(p.bulkLen, i == 0 ? 100000000000000000LL : 1000000000000000000LL);
        free(buf);
        respParserFree(&p);
    }
    CHECK_OK(ERR("*1\r\n$10000000000000000000\r\n", &huge, "Protocol error: invalid bulk length"));
    /* A count whose "\n" has not arrived is incomplete, not a value. */
    respParserInit(&p);
    char line[] = "*1\r\n$12\r";
    CHECK_INT(respParse(&p, line, sizeof(line) - 1, &defaultLimits), RESP_INCOMPLETE);
    CHECK_INT(p.bulkLen, -1);
    respParserFree(&p);
}

static void testTooBigCountStrings(void) {
    const size_t digits = 70000;
    char *buf = malloc(digits + 8);
    buf[0] = '*';
    memset(buf + 1, '1', digits);
    CHECK_OK(checkError(buf, digits + 1, &defaultLimits,
                        "Protocol error: too big mbulk count string"));
    memcpy(buf, "*1\r\n$", 5);
    memset(buf + 5, '1', digits);
    CHECK_OK(checkError(buf, digits + 5, &defaultLimits,
                        "Protocol error: too big bulk count string"));
    free(buf);
}

static void testTooBigInline(void) {
    const size_t n = 70000;
    char *buf = malloc(n);
    memset(buf, 'a', n);
    CHECK_OK(checkError(buf, n, &defaultLimits, "Protocol error: too big inline request"));
    free(buf);
}

static void testUnbalancedQuotes(void) {
    const char *msg = "Protocol error: unbalanced quotes in request";
    CHECK_OK(ERR("SET k \"abc\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("SET k 'abc\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("SET k \"abc\"def\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("SET k 'abc'def\r\n", &defaultLimits, msg));
    CHECK_OK(ERR("SET k \"ends with backslash\\\"\r\n", &defaultLimits, msg));
}

static void testParserUsableAfterError(void) {
    char bad[] = "*1\r\n$x\r\n";
    char good[] = "*1\r\n$4\r\nPING\r\n";
    respParser p;
    respParserInit(&p);
    respResult r1 = respParse(&p, bad, sizeof(bad) - 1, &defaultLimits);
    respParserReset(&p);
    respResult r2 = respParse(&p, good, sizeof(good) - 1, &defaultLimits);
    int argc = p.argc;
    const char *err = p.error;
    respParserFree(&p);
    CHECK_RESULT(r1, RESP_ERROR);
    CHECK_RESULT(r2, RESP_COMMAND);
    CHECK_INT(argc, 1);
    CHECK_NULL(err);
}

/* --- limits ------------------------------------------------------------------ */

static void testLimitsAreHonoured(void) {
    const respLimits small = {.maxBulkLen = 10, .maxMultibulkLen = 3, .maxInlineLen = 16};
    respParser p;
    /* At the limit: accepted. */
    char atBulk[] = "*1\r\n$10\r\n0123456789\r\n";
    respParserInit(&p);
    respResult r = respParse(&p, atBulk, sizeof(atBulk) - 1, &small);
    respParserFree(&p);
    CHECK_RESULT(r, RESP_COMMAND);
    char atCount[] = "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n";
    respParserInit(&p);
    r = respParse(&p, atCount, sizeof(atCount) - 1, &small);
    respParserFree(&p);
    CHECK_RESULT(r, RESP_COMMAND);
    char atInline[16];
    memset(atInline, 'a', sizeof(atInline));
    respParserInit(&p);
    r = respParse(&p, atInline, sizeof(atInline), &small);
    respParserFree(&p);
    CHECK_RESULT(r, RESP_INCOMPLETE);
    /* One past: rejected. */
    CHECK_OK(ERR("*1\r\n$11\r\n", &small, "Protocol error: invalid bulk length"));
    CHECK_OK(ERR("*4\r\n", &small, "Protocol error: invalid multibulk length"));
    CHECK_OK(ERR("aaaaaaaaaaaaaaaaa", &small, "Protocol error: too big inline request"));
    CHECK_OK(ERR("*11111111111111111", &small, "Protocol error: too big mbulk count string"));
    CHECK_OK(ERR("*1\r\n$11111111111111111", &small,
                 "Protocol error: too big bulk count string"));
}

/* --- inline -------------------------------------------------------------------- */

static void testInlineCommand(void) {
    const char in[] = "SET key value\r\n";
    const arg want[] = {A("SET"), A("key"), A("value")};
    CHECK_OK(checkCommand(in, sizeof(in) - 1, want, 3));
    const char lf[] = "  GET\t key  \n";
    const arg want2[] = {A("GET"), A("key")};
    CHECK_OK(checkCommand(lf, sizeof(lf) - 1, want2, 2));
}

static void testInlineQuotingAndEscapes(void) {
    const char in[] = "ECHO \"\\x41\\x4a\\n\\r\\t\" 'it\\'s' \"say \\\"hi\\\"\" \"\" '' 'a\\nb' "
                      "\"\\x4\" \"sp ace\"\r\n";
    const arg want[] = {A("ECHO"), A("AJ\n\r\t"), A("it's"), A("say \"hi\""), A(""),
                        A(""),     A("a\\nb"),    A("x4"),   A("sp ace")};
    CHECK_OK(checkCommand(in, sizeof(in) - 1, want, 9));
}

static void testInlineBlankLinesAreEmpty(void) {
    const char *cases[] = {"\r\n", "\n", "   \r\n", "\t \n"};
    for (size_t i = 0; i < 4; i++) {
        respParser p;
        respParserInit(&p);
        char *buf;
        respResult r = parseOnce(&p, cases[i], strlen(cases[i]), &buf);
        size_t pos = p.pos;
        respParserFree(&p);
        free(buf);
        CHECK_RESULT(r, RESP_EMPTY);
        CHECK_UINT(pos, strlen(cases[i]));
    }
}

static void testInlineWithoutNewlineIsIncomplete(void) {
    respParser p;
    respParserInit(&p);
    char in[] = "GET key\r";
    respResult r = respParse(&p, in, sizeof(in) - 1, &defaultLimits);
    respParserFree(&p);
    CHECK_RESULT(r, RESP_INCOMPLETE);
    respParserInit(&p);
    r = respParse(&p, in, 0, &defaultLimits);
    respParserFree(&p);
    CHECK_RESULT(r, RESP_INCOMPLETE);
}

/* What one parse produced, to compare two ways of getting there. */
typedef struct outcome {
    respResult result;
    size_t pos;
    int argc;
    respArg args[8];
    char error[64];
} outcome;

static void recordOutcome(outcome *o, const respParser *p, respResult r) {
    memset(o, 0, sizeof(*o));
    o->result = r;
    o->pos = p->pos;
    o->argc = r == RESP_COMMAND ? p->argc : 0;
    for (int i = 0; i < o->argc && i < 8; i++) o->args[i] = p->args[i];
    if (r == RESP_ERROR) snprintf(o->error, sizeof(o->error), "%s", p->error);
}

/* A whole command in the buffer takes the one-pass reader; the same bytes
 * arriving one at a time take the resumable one (the count line is read
 * before the rest arrives). Both must agree on every outcome: the result,
 * the bytes used, the arguments and the error text. */
static void checkBothReadersAgree(const char *in, size_t len, const respLimits *lim) {
    outcome whole, resumed;
    respParser p;
    respParserInit(&p);
    char *buf = malloc(len);
    memcpy(buf, in, len);
    recordOutcome(&whole, &p, respParse(&p, buf, len, lim));
    free(buf);
    respParserFree(&p);

    respParserInit(&p);
    respResult r = RESP_INCOMPLETE;
    buf = NULL;
    for (size_t k = 1; k <= len && r == RESP_INCOMPLETE; k++) {
        free(buf);
        buf = malloc(k);
        memcpy(buf, in, k);
        r = respParse(&p, buf, k, lim);
    }
    recordOutcome(&resumed, &p, r);
    free(buf);
    respParserFree(&p);

    CHECK_MSG(whole.result == resumed.result, "%s whole, %s resumed", resultName(whole.result),
              resultName(resumed.result));
    CHECK_UINT(whole.pos, resumed.pos);
    CHECK_INT(whole.argc, resumed.argc);
    CHECK_MEM(whole.args, sizeof(whole.args), resumed.args, sizeof(resumed.args));
    CHECK_STR(whole.error, resumed.error);
}

static void testOnePassAndResumedReadersAgree(void) {
    static const char *const cases[] = {
        "*1\r\n$4\r\nPING\r\n",
        "*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n",
        "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\n"
        "0123456789012345678901234567890123456789012345678901234567890123456789"
        "012345678901234567890123456789\r\n",
        "*12\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n"
        "$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nj\r\n$1\r\nk\r\n$1\r\nl\r\n",
        "*2\r\n$3\r\nGET\r\n$0\r\n\r\n",          /* an empty argument */
        "*2\r\n$3\r\nGET\r\n$01\r\nk\r\n",        /* a leading zero */
        "*02\r\n$3\r\nGET\r\n$1\r\nk\r\n",
        "*+2\r\n$3\r\nGET\r\n$1\r\nk\r\n",        /* a sign */
        "*2\r\n$3\r\nGET\r\n$-1\r\n",
        "*2\r\n$3\r\nGET\r\n$+1\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\nx1\r\nk\r\n",         /* not a '$' */
        "*2\r\n$3\r\nGET\r\n$1x\r\nk\r\n",        /* not a digit */
        "*2\r\n$3\r\nGET\r\n$999999999999999999\r\n", /* 18 digits, over the limit */
        "*2\r\n$3\r\nGET\r\n$9999999999999999999\r\n", /* 19 digits */
        "*1\r\n$2\r\nab\r\n*1\r\n$1\r\nc\r\n",    /* a second command after it */
        "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n",         /* fewer arguments than announced */
        "*0\r\n",
        "*-1\r\n",
        "*9999999\r\n",
    };
    const respLimits tight = {.maxBulkLen = 5, .maxMultibulkLen = 3, .maxInlineLen = 64 * 1024};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        CHECK_OK(checkBothReadersAgree(cases[i], strlen(cases[i]), &defaultLimits));
        CHECK_OK(checkBothReadersAgree(cases[i], strlen(cases[i]), &tight));
    }
    /* Every one-, two- and three-digit bulk length, and as many arguments;
     * a pipelined command follows, so a misread length shows. */
    char cmd[4096];
    for (int n = 1; n <= 120; n++) {
        int len = snprintf(cmd, sizeof(cmd), "*1\r\n$%d\r\n%0*d\r\n*1\r\n$4\r\nPING\r\n", n, n, 0);
        CHECK_OK(checkBothReadersAgree(cmd, (size_t)len, &defaultLimits));
        len = snprintf(cmd, sizeof(cmd), "*%d\r\n", n);
        for (int i = 0; i < n; i++) len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, "$1\r\nx\r\n");
        CHECK_OK(checkBothReadersAgree(cmd, (size_t)len, &defaultLimits));
    }
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("resp: a multibulk command yields RESP_COMMAND, its arguments and the bytes used",
             testMultibulkCommand);
    UNIT_RUN("resp: multibulk arguments may be empty or hold CR, LF and NUL",
             testMultibulkBinaryAndEmptyArgs);
    UNIT_RUN("resp: *0 and negative multibulk counts yield RESP_EMPTY",
             testMultibulkZeroAndNegativeCountAreEmpty);
    UNIT_RUN("resp: every strict prefix of a multibulk command is RESP_INCOMPLETE",
             testEveryPrefixIsIncomplete);
    UNIT_RUN("resp: a multibulk command fed one byte at a time gives the same arguments",
             testMultibulkResumesByteByByte);
    UNIT_RUN("resp: an inline command fed one byte at a time gives the same arguments",
             testInlineResumesByteByByte);
    UNIT_RUN("resp: parsing resumes when the caller moved its buffer in between",
             testResumeAcrossBufferMove);
    UNIT_RUN("resp: pipelined multibulk, inline and empty commands parse back to back",
             testPipelinedCommands);
    UNIT_RUN("resp: a complete command followed by a partial one: COMMAND then INCOMPLETE",
             testPipelineWithPartialTail);
    UNIT_RUN("resp: respBytesWanted tells how much a big bulk needs", testBytesWantedForBigBulk);
    UNIT_RUN("resp: a command with 5000 arguments parses", testManyArguments);
    UNIT_RUN("resp: bad multibulk counts give \"Protocol error: invalid multibulk length\"",
             testMultibulkLengthErrors);
    UNIT_RUN("resp: a bulk not starting with $ gives \"Protocol error: expected '$', got 'x'\"",
             testExpectedDollarError);
    UNIT_RUN("resp: a whole command and the same bytes fed one at a time give the same outcome",
             testOnePassAndResumedReadersAgree);
    UNIT_RUN("resp: counts at the edges of the fast reader parse as string2ll says",
             testCountEdges);
    UNIT_RUN("resp: bad bulk lengths give \"Protocol error: invalid bulk length\"",
             testBulkLengthErrors);
    UNIT_RUN("resp: an endless count line gives \"too big mbulk/bulk count string\"",
             testTooBigCountStrings);
    UNIT_RUN("resp: an endless inline line gives \"Protocol error: too big inline request\"",
             testTooBigInline);
    UNIT_RUN("resp: unbalanced quotes give \"Protocol error: unbalanced quotes in request\"",
             testUnbalancedQuotes);
    UNIT_RUN("resp: after an error and respParserReset the parser parses again",
             testParserUsableAfterError);
    UNIT_RUN("resp: maxBulkLen, maxMultibulkLen and maxInlineLen are inclusive limits",
             testLimitsAreHonoured);
    UNIT_RUN("resp: an inline command splits on spaces and tabs, with CRLF or LF",
             testInlineCommand);
    UNIT_RUN("resp: inline double quotes unescape \\xHH \\n \\r \\t \\\", single quotes \\'",
             testInlineQuotingAndEscapes);
    UNIT_RUN("resp: blank inline lines yield RESP_EMPTY and are consumed",
             testInlineBlankLinesAreEmpty);
    UNIT_RUN("resp: an inline line without its newline is RESP_INCOMPLETE",
             testInlineWithoutNewlineIsIncomplete);
    return unitReport();
}
