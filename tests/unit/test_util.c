/* test_util.c -- the small helpers (src/util.h): strict integer parsing and
 * formatting, memory units, human-readable sizes, glob matching, argument
 * splitting, slices and clocks. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/clock.h"
#include "unit.h"
#include "lib/util.h"

/* --- string2ll / ll2string ---------------------------------------------------- */

static void checkParses(const char *s, size_t len, long long want) {
    long long v = 12345;
    int ok = string2ll(s, len, &v);
    char r[64];
    CHECK_MSG(ok, "string2ll rejected %s", unitRepr(r, sizeof(r), s, len));
    CHECK_MSG(v == want, "string2ll(%s) = %lld, want %lld", unitRepr(r, sizeof(r), s, len), v,
              want);
}

static void checkRejects(const char *s, size_t len) {
    long long v = 12345;
    int ok = string2ll(s, len, &v);
    char r[64];
    CHECK_MSG(!ok, "string2ll accepted %s as %lld", unitRepr(r, sizeof(r), s, len), v);
}

#define PARSES(lit, want) checkParses(lit, sizeof(lit) - 1, want)
#define REJECTS(lit) checkRejects(lit, sizeof(lit) - 1)

static void testString2llAccepts(void) {
    CHECK_OK(PARSES("0", 0));
    CHECK_OK(PARSES("1", 1));
    CHECK_OK(PARSES("-1", -1));
    CHECK_OK(PARSES("10", 10));
    CHECK_OK(PARSES("1234567890", 1234567890));
    CHECK_OK(PARSES("-1234567890", -1234567890));
    CHECK_OK(PARSES("9223372036854775807", LLONG_MAX));
    CHECK_OK(PARSES("-9223372036854775808", LLONG_MIN));
    CHECK_OK(PARSES("-9223372036854775807", -LLONG_MAX));
    /* Only `len` bytes count. */
    CHECK_OK(checkParses("123456", 3, 123));
    CHECK_OK(checkParses("7xyz", 1, 7));
}

static void testString2llRejects(void) {
    CHECK_OK(REJECTS(""));
    CHECK_OK(REJECTS("-"));
    CHECK_OK(REJECTS("+1"));
    CHECK_OK(REJECTS(" 1"));
    CHECK_OK(REJECTS("1 "));
    CHECK_OK(REJECTS("01"));
    CHECK_OK(REJECTS("00"));
    CHECK_OK(REJECTS("-0"));
    CHECK_OK(REJECTS("-01"));
    CHECK_OK(REJECTS("1a"));
    CHECK_OK(REJECTS("a1"));
    CHECK_OK(REJECTS("1.0"));
    CHECK_OK(REJECTS("--1"));
    CHECK_OK(REJECTS("1\0"));
    CHECK_OK(REJECTS("\0"));
    CHECK_OK(REJECTS("9223372036854775808"));
    CHECK_OK(REJECTS("-9223372036854775809"));
    CHECK_OK(REJECTS("18446744073709551615"));
    CHECK_OK(REJECTS("18446744073709551616"));
    CHECK_OK(REJECTS("99999999999999999999"));
    CHECK_OK(REJECTS("123456789012345678901234567890"));
}

static void checkRoundTrip(long long v) {
    char buf[32], want[32];
    memset(buf, 'Z', sizeof(buf));
    size_t len = ll2string(buf, v);
    int wlen = snprintf(want, sizeof(want), "%lld", v);
    CHECK_MEM(buf, len, want, (size_t)wlen);
    CHECK_MSG(len <= 20 && buf[len] == 'Z', "ll2string(%lld) wrote past its %zu bytes", v, len);
    long long back;
    CHECK_MSG(string2ll(buf, len, &back) && back == v, "%lld does not parse back", v);
}

static void testLl2stringRoundTrips(void) {
    static const long long fixed[] = {0, 1, -1, 9, 10, -10, 99, 100, 12345, -12345,
                                      LLONG_MAX, LLONG_MIN, LLONG_MAX - 1, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) CHECK_OK(checkRoundTrip(fixed[i]));
    long long p = 1;
    for (int i = 0; i < 18; i++, p *= 10) {
        CHECK_OK(checkRoundTrip(p));
        CHECK_OK(checkRoundTrip(p - 1));
        CHECK_OK(checkRoundTrip(p + 1));
        CHECK_OK(checkRoundTrip(-p));
        CHECK_OK(checkRoundTrip(-p + 1));
    }
    unsigned long long rng = 42;
    for (int i = 0; i < 100000; i++) {
        long long v = (long long)unitRand(&rng);
        CHECK_OK(checkRoundTrip(v));
        CHECK_OK(checkRoundTrip(v >> (unitRand(&rng) % 63)));
    }
}

/* --- parseMemoryUnits --------------------------------------------------------- */

static void checkMemory(const char *s, unsigned long long want) {
    unsigned long long v = 777;
    int ok = parseMemoryUnits(s, &v);
    CHECK_MSG(ok, "parseMemoryUnits rejected \"%s\"", s);
    CHECK_MSG(v == want, "parseMemoryUnits(\"%s\") = %llu, want %llu", s, v, want);
}

static void checkMemoryRejects(const char *s) {
    unsigned long long v = 777;
    int ok = parseMemoryUnits(s, &v);
    CHECK_MSG(!ok, "parseMemoryUnits accepted \"%s\" as %llu", s, v);
}

static void checkLd(const char *in, const char *out) {
    long double v;
    CHECK_MSG(string2ld(in, strlen(in), &v), "string2ld rejected \"%s\"", in);
    char buf[LONG_DOUBLE_STR_MAX];
    size_t len = ld2string(buf, v);
    CHECK_MEM(buf, len, out, strlen(out));
}

/* Redis's INCRBYFLOAT formatting: %.17Lf without trailing zeros. */
static void testLongDoubleRoundTrips(void) {
    CHECK_OK(checkLd("10.5", "10.5"));
    CHECK_OK(checkLd("5.0e3", "5000"));
    CHECK_OK(checkLd("-0", "0"));
    CHECK_OK(checkLd("-0.0", "0"));
    CHECK_OK(checkLd("+1.25", "1.25"));
    CHECK_OK(checkLd("0x10", "16"));
    CHECK_OK(checkLd(".5", "0.5"));
    CHECK_OK(checkLd("3.", "3"));
    CHECK_OK(checkLd("-1e-3", "-0.001"));
    CHECK_OK(checkLd("1e-18", "0"));
    CHECK_OK(checkLd("inf", "inf"));
    CHECK_OK(checkLd("-inf", "-inf"));
    CHECK_OK(checkLd("1e50", "100000000000000000003583830118858923890798487404544"));
    /* The largest long double prints whole, 4933 digits. */
    long double v;
    CHECK(string2ld("1.1e4932", 8, &v));
    char buf[LONG_DOUBLE_STR_MAX];
    CHECK_UINT(ld2string(buf, v), 4933);
}

static void testLongDoubleRejects(void) {
    const char *bad[] = {"", " 1", "1 ", "abc", "1.5x", "nan", "-nan", "1e99999", "-1e99999",
                         "1e-99999", "\t1"};
    long double v;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_MSG(!string2ld(bad[i], strlen(bad[i]), &v), "string2ld accepted \"%s\"", bad[i]);
    char *longText = malloc(LONG_DOUBLE_STR_MAX);
    memset(longText, '1', LONG_DOUBLE_STR_MAX);
    int tooLong = string2ld(longText, LONG_DOUBLE_STR_MAX, &v);
    int fits = string2ld(longText, 10, &v);
    free(longText);
    CHECK_MSG(!tooLong, "string2ld accepted %d bytes", LONG_DOUBLE_STR_MAX);
    CHECK(fits);
    /* The text ends at a NUL, as it does for Redis's C-string parse. */
    CHECK(string2ld("2\0junk", 6, &v));
    CHECK(v == 2);
}

static void testMemoryUnits(void) {
    CHECK_OK(checkMemory("0", 0));
    CHECK_OK(checkMemory("100", 100));
    CHECK_OK(checkMemory("1b", 1));
    CHECK_OK(checkMemory("1k", 1000));
    CHECK_OK(checkMemory("1kb", 1024));
    CHECK_OK(checkMemory("1m", 1000000));
    CHECK_OK(checkMemory("5mb", 5ULL * 1024 * 1024));
    CHECK_OK(checkMemory("1g", 1000000000));
    CHECK_OK(checkMemory("1gb", 1ULL << 30));
    CHECK_OK(checkMemory("512mb", 512ULL << 20));
    CHECK_OK(checkMemory("100gb", 100ULL << 30));
    /* Leading zeros are fine in a config value. */
    CHECK_OK(checkMemory("0100", 100));
    CHECK_OK(checkMemory("007kb", 7 * 1024));
}

static void testMemoryUnitsCaseInsensitive(void) {
    CHECK_OK(checkMemory("1K", 1000));
    CHECK_OK(checkMemory("1KB", 1024));
    CHECK_OK(checkMemory("1Kb", 1024));
    CHECK_OK(checkMemory("1kB", 1024));
    CHECK_OK(checkMemory("2GB", 2ULL << 30));
    CHECK_OK(checkMemory("3Mb", 3ULL << 20));
    CHECK_OK(checkMemory("4B", 4));
}

static void testMemoryUnitsRejects(void) {
    CHECK_OK(checkMemoryRejects(""));
    CHECK_OK(checkMemoryRejects("k"));
    CHECK_OK(checkMemoryRejects("kb"));
    CHECK_OK(checkMemoryRejects("-1"));
    CHECK_OK(checkMemoryRejects("+1"));
    CHECK_OK(checkMemoryRejects(" 1"));
    CHECK_OK(checkMemoryRejects("1 "));
    CHECK_OK(checkMemoryRejects("1 kb"));
    CHECK_OK(checkMemoryRejects("1x"));
    CHECK_OK(checkMemoryRejects("1kbb"));
    CHECK_OK(checkMemoryRejects("1tb"));
    CHECK_OK(checkMemoryRejects("1.5gb"));
    /* 2^34 gb is 2^64 bytes: one too many. */
    CHECK_OK(checkMemoryRejects("17179869184gb"));
    CHECK_OK(checkMemory("17179869183gb", 17179869183ULL << 30));
}

static void testMemoryUnitsLargeNumbers(void) {
    CHECK_OK(checkMemory("9223372036854775807", 9223372036854775807ULL));
    /* Above LLONG_MAX but within an unsigned long long: either an exact
     * answer or a rejection is fine, undefined behaviour is not. */
    const char *big[] = {"9223372036854775808", "9999999999999999999", "09999999999999999999"};
    for (size_t i = 0; i < 3; i++) {
        unsigned long long v = 0;
        unitNote("parseMemoryUnits(\"%s\")", big[i]);
        if (!parseMemoryUnits(big[i], &v)) continue;
        unsigned long long want = strtoull(big[i], NULL, 10);
        CHECK_MSG(v == want, "parseMemoryUnits(\"%s\") = %llu", big[i], v);
    }
    CHECK_OK(checkMemoryRejects("99999999999999999999"));
}

static void testBytesToHuman(void) {
    char buf[32];
    bytesToHuman(buf, sizeof(buf), 0);
    CHECK_STR(buf, "0B");
    bytesToHuman(buf, sizeof(buf), 512);
    CHECK_STR(buf, "512B");
    bytesToHuman(buf, sizeof(buf), 1023);
    CHECK_STR(buf, "1023B");
    bytesToHuman(buf, sizeof(buf), 1024);
    CHECK_STR(buf, "1.00K");
    bytesToHuman(buf, sizeof(buf), 1536);
    CHECK_STR(buf, "1.50K");
    bytesToHuman(buf, sizeof(buf), 1290000);
    CHECK_STR(buf, "1.23M");
    bytesToHuman(buf, sizeof(buf), 3ULL << 30);
    CHECK_STR(buf, "3.00G");
    bytesToHuman(buf, sizeof(buf), 5ULL << 40);
    CHECK_STR(buf, "5.00T");
}

/* --- glob ------------------------------------------------------------------- */

typedef struct globCase {
    const char *pattern;
    const char *string;
    int nocase;
    int match;
} globCase;

static void checkGlobCases(const globCase *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const globCase *c = &cases[i];
        int got = stringmatchlen(c->pattern, strlen(c->pattern), c->string, strlen(c->string),
                                 c->nocase);
        CHECK_MSG(!!got == c->match, "pattern \"%s\" %s \"%s\"%s", c->pattern,
                  got ? "matched" : "did not match", c->string, c->nocase ? " (nocase)" : "");
    }
}

static void testGlobStar(void) {
    static const globCase cases[] = {
        {"*", "", 0, 1},           {"*", "anything", 0, 1},   {"**", "x", 0, 1},
        {"a*", "abc", 0, 1},       {"a*", "a", 0, 1},         {"a*", "bac", 0, 0},
        {"*c", "abc", 0, 1},       {"*c", "abd", 0, 0},       {"a*c", "ac", 0, 1},
        {"a*c", "abbbc", 0, 1},    {"a*c", "abcd", 0, 0},     {"a*b*c", "aXbYc", 0, 1},
        {"a*b*c", "aXbY", 0, 0},   {"*ab", "aab", 0, 1},      {"*a*", "bab", 0, 1},
        {"user:*:name", "user:42:name", 0, 1}, {"user:*:name", "user:42:age", 0, 0},
        {"*abc*abc", "abcabcabc", 0, 1},       {"a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa", 0, 0},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

static void testGlobQuestionMark(void) {
    static const globCase cases[] = {
        {"h?llo", "hello", 0, 1}, {"h?llo", "hallo", 0, 1}, {"h?llo", "hllo", 0, 0},
        {"h?llo", "heello", 0, 0}, {"?", "", 0, 0},         {"??", "ab", 0, 1},
        {"*?", "", 0, 0},          {"*?", "a", 0, 1},       {"?*?", "ab", 0, 1},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

static void testGlobClasses(void) {
    static const globCase cases[] = {
        {"h[ae]llo", "hello", 0, 1},  {"h[ae]llo", "hallo", 0, 1}, {"h[ae]llo", "hillo", 0, 0},
        {"h[^e]llo", "hallo", 0, 1},  {"h[^e]llo", "hello", 0, 0}, {"h[^ae]llo", "hbllo", 0, 1},
        {"h[a-b]llo", "hallo", 0, 1}, {"h[a-b]llo", "hbllo", 0, 1}, {"h[a-b]llo", "hcllo", 0, 0},
        {"[0-9][0-9]", "42", 0, 1},   {"[0-9]", "x", 0, 0},        {"[^0-9]", "x", 0, 1},
        {"[abc]*", "cab", 0, 1},      {"[abc]", "", 0, 0},         {"[-a]", "-", 0, 1},
        {"[a-c-e]", "-", 0, 1},       {"[a-c-e]", "e", 0, 1},      {"[a-c-e]", "d", 0, 0},
        {"[^a-c]x", "dx", 0, 1},      {"[^a-c]x", "bx", 0, 0},     {"[*]", "*", 0, 1},
        {"[?]", "?", 0, 1},           {"[?]", "a", 0, 0},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

/* Ranges written high to low, and the odd corners of classes, as Redis 7.0
 * reads them (each checked against redis-server 7.0.15 with KEYS). */
static void testGlobClassCorners(void) {
    static const globCase cases[] = {
        /* A backwards range is the same range. */
        {"[z-a]", "m", 0, 1},  {"[z-a]", "a", 0, 1},   {"[z-a]", "z", 0, 1},
        {"[z-a]", "A", 0, 0},
        /* Any byte ends a range, ']' too: "[a-]" is ']'..'a', unterminated. */
        {"[a-]", "a", 0, 1},   {"[a-]", "_", 0, 1},    {"[a-]", "]", 0, 1},
        {"[a-]", "-", 0, 0},   {"[a-]", "b", 0, 0},    {"[a-]b]", "b", 0, 1},
        {"[a-]b]", "ab]", 0, 0},
        /* A backslash ends a range unescaped. */
        {"[a-\\]", "\\", 0, 1}, {"[a-\\]", "]", 0, 1}, {"[a-\\]", "b", 0, 0},
        /* An empty class matches nothing; negated, anything. */
        {"[]a]", "]", 0, 0},   {"[]a]", "a]", 0, 0},   {"[^]", "x", 0, 1},
        {"[^]", "]", 0, 1},    {"[^]a]", "xa]", 0, 1}, {"[^]a]", "x", 0, 0},
        /* An unterminated class ends with the pattern. */
        {"[", "[", 0, 0},      {"[", "", 0, 0},        {"[^", "a", 0, 1},
        {"[abc", "a", 0, 1},   {"[abc", "abc", 0, 0},  {"a[b-", "a-", 0, 1},
        {"a[b-", "ab", 0, 1},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

static void testGlobEscapes(void) {
    static const globCase cases[] = {
        {"\\*", "*", 0, 1},       {"\\*", "a", 0, 0},       {"a\\?b", "a?b", 0, 1},
        {"a\\?b", "axb", 0, 0},   {"\\[a]", "[a]", 0, 1},   {"\\[a]", "a", 0, 0},
        {"[\\]]", "]", 0, 1},     {"[\\-]", "-", 0, 1},     {"[\\-]", "a", 0, 0},
        {"\\\\", "\\", 0, 1},     {"a\\*\\*", "a**", 0, 1}, {"a\\*\\*", "axx", 0, 0},
        /* Escapes inside classes: an escaped ']' or '-' is a member. */
        {"[a\\-z]", "-", 0, 1}, {"[a\\-z]", "b", 0, 0}, {"[\\a-c]", "-", 0, 1},
        {"[\\a-c]", "b", 0, 0}, {"[\\]]", "\\", 0, 0}, {"\\[*", "[abc", 0, 1},
        {"h\\e", "he", 0, 1},
        /* A backslash with nothing after it is itself. */
        {"\\", "\\", 0, 1},     {"a\\", "a\\", 0, 1},   {"[\\", "\\", 0, 1},
        {"[\\", "a", 0, 0},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

static void testGlobNocase(void) {
    static const globCase cases[] = {
        {"HELLO", "hello", 0, 0}, {"HELLO", "hello", 1, 1}, {"hello", "HeLLo", 1, 1},
        {"h*O", "HELLO", 1, 1},   {"[A-Z]", "q", 1, 1},     {"[A-Z]", "q", 0, 0},
        {"[^a]", "A", 1, 0},      {"[xyz]", "Y", 1, 1},     {"\\A", "a", 1, 1},
    };
    CHECK_OK(checkGlobCases(cases, sizeof(cases) / sizeof(cases[0])));
}

static void testGlobBinaryAndEmpty(void) {
    CHECK(stringmatchlen("", 0, "", 0, 0));
    CHECK(!stringmatchlen("", 0, "a", 1, 0));
    CHECK(stringmatchlen("a\0*", 3, "a\0bc", 4, 0));
    CHECK(!stringmatchlen("a\0*", 3, "a\1bc", 4, 0));
    CHECK(stringmatchlen("?\0", 2, "x\0", 2, 0));
    /* The lengths are what count, not NULs. */
    CHECK(stringmatchlen("abc", 2, "ab", 2, 0));
    CHECK(!stringmatchlen("ab", 2, "abc", 3, 0));
}

static void testGlobIsNotExponential(void) {
    /* Many stars against a long non-matching string must finish at once. */
    char str[4001], pat[128];
    memset(str, 'a', 4000);
    str[4000] = '\0';
    size_t p = 0;
    for (int i = 0; i < 30; i++) {
        pat[p++] = 'a';
        pat[p++] = '*';
    }
    pat[p++] = 'b';
    pat[p] = '\0';
    uint64_t start = monotonicUs();
    int got = stringmatchlen(pat, p, str, 4000, 0);
    uint64_t took = monotonicUs() - start;
    CHECK(!got);
    CHECK_MSG(took < 2000000, "matching took %llu us", (unsigned long long)took);
}

/* Redis's matcher gives up past 1000 runs of stars that text must follow;
 * a trailing run costs nothing (both checked against redis-server 7.0.15). */
static int matchStarRuns(int runs, int trailingStar, size_t len) {
    char *pat = malloc((size_t)runs * 2 + 2), *str = malloc(len);
    size_t p = 0;
    for (int i = 0; i < runs; i++) {
        pat[p++] = '*';
        pat[p++] = 'a';
    }
    if (trailingStar) pat[p++] = '*';
    memset(str, 'a', len);
    int got = stringmatchlen(pat, p, str, len, 0);
    free(pat);
    free(str);
    return got;
}

static void testGlobStarRunLimit(void) {
    CHECK(matchStarRuns(999, 0, 2000));
    CHECK(matchStarRuns(1000, 0, 2000));
    CHECK(matchStarRuns(1000, 1, 2000));
    CHECK(!matchStarRuns(1000, 0, 999));
    CHECK(!matchStarRuns(1001, 0, 2000));
    CHECK(!matchStarRuns(1001, 1, 2000));
}

/* --- splitArgsInPlace -------------------------------------------------------- */

typedef struct collected {
    int n;
    char args[16][64];
    size_t lens[16];
    const char *line;
    size_t lineLen;
    int outside;
} collected;

static void collect(void *ctx, char *arg, size_t len) {
    collected *c = ctx;
    if (arg < c->line || arg + len > c->line + c->lineLen) c->outside = 1;
    if (c->n < 16 && len < 64) {
        memcpy(c->args[c->n], arg, len);
        c->lens[c->n] = len;
    }
    c->n++;
}

typedef struct splitCase {
    const char *line;
    int argc; /* -1 for unbalanced quotes */
    const char *args[8];
    size_t lens[8]; /* 0: use strlen */
} splitCase;

static void checkSplit(const splitCase *sc) {
    size_t len = strlen(sc->line);
    char *line = malloc(len + 1);
    memcpy(line, sc->line, len + 1);
    collected c = {.line = line, .lineLen = len};
    int argc = splitArgsInPlace(line, len, collect, &c);
    free(line);
    CHECK_MSG(argc == sc->argc, "splitting '%s' gave %d arguments, want %d", sc->line, argc,
              sc->argc);
    if (argc < 0) return;
    CHECK_INT(c.n, argc);
    CHECK_MSG(!c.outside, "an argument of '%s' points outside the line", sc->line);
    for (int i = 0; i < argc; i++) {
        size_t wl = sc->lens[i] ? sc->lens[i] : strlen(sc->args[i]);
        CHECK_MEM(c.args[i], c.lens[i], sc->args[i], wl);
    }
}

static void testSplitArgs(void) {
    static const splitCase cases[] = {
        {"", 0, {0}, {0}},
        {"   \t ", 0, {0}, {0}},
        {"set key value", 3, {"set", "key", "value"}, {0}},
        {"  set\t\tkey   value  ", 3, {"set", "key", "value"}, {0}},
        {"\"hello world\" x", 2, {"hello world", "x"}, {0}},
        {"'hello world' x", 2, {"hello world", "x"}, {0}},
        {"\"\\x41\\x42\\x7a\"", 1, {"ABz"}, {0}},
        {"\"\\x00\"", 1, {"\0"}, {1}},
        {"\"a\\nb\\rc\\td\\be\\af\"", 1, {"a\nb\rc\td\be\af"}, {0}},
        {"\"q\\\"q\" \"b\\\\s\"", 2, {"q\"q", "b\\s"}, {0}},
        {"'it\\'s' 'a\\nb'", 2, {"it's", "a\\nb"}, {0}},
        {"\"\" ''", 2, {"", ""}, {0}},
        {"\"\\xZZ\"", 1, {"xZZ"}, {0}},
        {"\"unterminated", -1, {0}, {0}},
        {"'unterminated", -1, {0}, {0}},
        {"\"a\"b", -1, {0}, {0}},
        {"'a'b", -1, {0}, {0}},
        {"\"a\" \"b\"", 2, {"a", "b"}, {0}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        checkSplit(&cases[i]);
        CHECK_CONTEXT("case %zu", i);
    }
}

/* --- slices and clocks --------------------------------------------------------- */

static void testSliceEqualsNoCase(void) {
    CHECK(sliceEqualsNoCase((slice){(char *)"GET", 3}, "get"));
    CHECK(sliceEqualsNoCase((slice){(char *)"gEt", 3}, "GET"));
    CHECK(!sliceEqualsNoCase((slice){(char *)"GETX", 3}, "getx"));
    CHECK(!sliceEqualsNoCase((slice){(char *)"GET", 3}, "ge"));
    CHECK(!sliceEqualsNoCase((slice){(char *)"G\0T", 3}, "g"));
    CHECK(sliceEqualsNoCase((slice){(char *)"", 0}, ""));
}

static void testClocks(void) {
    uint64_t a = monotonicUs(), b = monotonicUs();
    CHECK(b >= a);
    long long ms = wallclockMs();
    /* 2020-01-01 .. 2200-01-01 */
    CHECK_MSG(ms > 1577836800000LL && ms < 7258118400000LL, "wallclockMs() = %lld", ms);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("util: string2ll accepts canonical integers, LLONG_MIN and LLONG_MAX",
             testString2llAccepts);
    UNIT_RUN("util: string2ll rejects \"\", \"-\", \"+1\", \" 1\", \"01\", \"-0\" and overflow",
             testString2llRejects);
    UNIT_RUN("util: ll2string writes what printf writes and parses back with string2ll",
             testLl2stringRoundTrips);
    UNIT_RUN("util: string2ld and ld2string read and print long doubles as INCRBYFLOAT does",
             testLongDoubleRoundTrips);
    UNIT_RUN("util: string2ld rejects spaces, junk, NaN, overflow, underflow and 5k-byte text",
             testLongDoubleRejects);
    UNIT_RUN("util: parseMemoryUnits: 1k=1000, 1kb=1024, m/mb, g/gb", testMemoryUnits);
    UNIT_RUN("util: parseMemoryUnits is case-insensitive", testMemoryUnitsCaseInsensitive);
    UNIT_RUN("util: parseMemoryUnits rejects signs, spaces, unknown units and overflow",
             testMemoryUnitsRejects);
    UNIT_RUN_ISOLATED("util: parseMemoryUnits handles numbers above LLONG_MAX without overflow",
             testMemoryUnitsLargeNumbers);
    UNIT_RUN("util: bytesToHuman formats B, K, M, G and T", testBytesToHuman);
    UNIT_RUN("util: glob * matches any run of bytes, including none", testGlobStar);
    UNIT_RUN("util: glob ? matches exactly one byte", testGlobQuestionMark);
    UNIT_RUN("util: glob [abc] [^a] [a-z] classes", testGlobClasses);
    UNIT_RUN("util: glob classes: backwards ranges, ']' ending a range, empty and unterminated "
             "classes, as Redis reads them", testGlobClassCorners);
    UNIT_RUN("util: glob \\ escapes a special character, inside classes too", testGlobEscapes);
    UNIT_RUN("util: glob gives up past 1000 runs of stars, as Redis does", testGlobStarRunLimit);
    UNIT_RUN("util: glob nocase folds case in literals, classes and ranges", testGlobNocase);
    UNIT_RUN("util: glob works on lengths, with NUL bytes and empty strings",
             testGlobBinaryAndEmpty);
    UNIT_RUN("util: glob with 30 stars against 4000 bytes finishes quickly",
             testGlobIsNotExponential);
    UNIT_RUN("util: splitArgsInPlace splits, unquotes and unescapes like redis-cli",
             testSplitArgs);
    UNIT_RUN("util: sliceEqualsNoCase compares length and bytes ignoring case",
             testSliceEqualsNoCase);
    UNIT_RUN("util: monotonicUs does not go back and wallclockMs is the epoch in ms",
             testClocks);
    return unitReport();
}
