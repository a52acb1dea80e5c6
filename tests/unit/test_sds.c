/* test_sds.c -- growable binary-safe strings (src/sds.h): creation, growth,
 * direct writes, printf, ranges, escaping. */
#include <stdlib.h>
#include <string.h>

#include "lib/sds.h"
#include "unit.h"

/* Every sds is NUL-terminated at its length and never over-full. */
static void checkWellFormed(const sds s) {
    CHECK_MSG(s[sdslen(s)] == '\0', "no NUL at s[%zu]", sdslen(s));
    CHECK_MSG(sdsHeader(s)->alloc >= sdslen(s), "alloc %zu < len %zu", sdsHeader(s)->alloc,
              sdslen(s));
}

static void testNewVariants(void) {
    sds a = sdsnew("hello");
    CHECK_UINT(sdslen(a), 5);
    CHECK_STR(a, "hello");
    CHECK_OK(checkWellFormed(a));
    sds b = sdsempty();
    CHECK_UINT(sdslen(b), 0);
    CHECK_STR(b, "");
    sds c = sdsnew(NULL);
    CHECK_UINT(sdslen(c), 0);
    CHECK_STR(c, "");
    sds d = sdsnewlen("abcdef", 3);
    CHECK_MEM(d, sdslen(d), "abc", 3);
    CHECK_OK(checkWellFormed(d));
    sds e = sdsdup(a);
    CHECK(e != a);
    CHECK_MEM(e, sdslen(e), "hello", 5);
    sdsfree(a);
    sdsfree(b);
    sdsfree(c);
    sdsfree(d);
    sdsfree(e);
    sdsfree(NULL);
}

static void testBinarySafe(void) {
    const char bytes[] = {'a', '\0', 'b', '\0', '\0', 'c'};
    sds s = sdsnewlen(bytes, sizeof(bytes));
    CHECK_UINT(sdslen(s), 6);
    CHECK_MEM(s, sdslen(s), bytes, sizeof(bytes));
    s = sdscatlen(s, "\0\0", 2);
    CHECK_UINT(sdslen(s), 8);
    CHECK_MEM(s, sdslen(s), "a\0b\0\0c\0\0", 8);
    sds copy = sdsdup(s);
    CHECK_MEM(copy, sdslen(copy), "a\0b\0\0c\0\0", 8);
    s = sdscatsds(s, copy);
    CHECK_MEM(s, sdslen(s), "a\0b\0\0c\0\0a\0b\0\0c\0\0", 16);
    CHECK_OK(checkWellFormed(s));
    sdsfree(copy);
    sdsfree(s);
}

static void testCatGrowth(void) {
    const size_t n = 1 << 20;
    sds s = sdsempty();
    size_t grows = 0;
    for (size_t i = 0; i < n; i++) {
        if (sdsavail(s) == 0) grows++;
        char c = (char)('a' + i % 26);
        s = sdscatlen(s, &c, 1);
    }
    CHECK_UINT(sdslen(s), n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(s[i] == (char)('a' + i % 26), "byte %zu is %d", i, s[i]);
    CHECK_OK(checkWellFormed(s));
    /* Amortised O(1): a megabyte of one-byte appends reallocates a few dozen
     * times, not a million. */
    CHECK_MSG(grows < 64, "%zu reallocations for %zu one-byte appends", grows, n);
    sdsfree(s);
}

static void testCatBeyondPreallocLimit(void) {
    /* Past a megabyte growth is linear, and content must survive it. */
    const size_t chunk = 300 * 1000, chunks = 12;
    char *block = malloc(chunk);
    sds s = sdsempty();
    for (size_t c = 0; c < chunks; c++) {
        memset(block, 'A' + (int)c, chunk);
        s = sdscatlen(s, block, chunk);
    }
    CHECK_UINT(sdslen(s), chunk * chunks);
    for (size_t c = 0; c < chunks; c++) {
        memset(block, 'A' + (int)c, chunk);
        CHECK_MSG(memcmp(s + c * chunk, block, chunk) == 0, "chunk %zu corrupted", c);
    }
    CHECK_OK(checkWellFormed(s));
    free(block);
    sdsfree(s);
}

static void testMakeRoomAndIncrLen(void) {
    sds s = sdsnew("abc");
    s = sdsMakeRoomFor(s, 100);
    CHECK_MSG(sdsavail(s) >= 100, "avail %zu after MakeRoomFor(100)", sdsavail(s));
    CHECK_MEM(s, sdslen(s), "abc", 3);
    memcpy(s + sdslen(s), "defgh", 5);
    sdsIncrLen(s, 5);
    CHECK_UINT(sdslen(s), 8);
    CHECK_STR(s, "abcdefgh");
    CHECK_OK(checkWellFormed(s));
    /* Enough room already: the string stays where it is. */
    sds before = s;
    s = sdsMakeRoomFor(s, 10);
    CHECK(s == before);
    sdsfree(s);
}

static void testClearKeepsCapacity(void) {
    sds s = sdsnew("some text that takes room");
    size_t alloc = sdsHeader(s)->alloc;
    sdsclear(s);
    CHECK_UINT(sdslen(s), 0);
    CHECK_STR(s, "");
    CHECK_UINT(sdsavail(s), alloc);
    s = sdscat(s, "x");
    CHECK_STR(s, "x");
    sdsfree(s);
}

static void testCatPrintf(void) {
    sds s = sdsempty();
    s = sdscatprintf(s, "%d:%s:%lld", 42, "abc", -9223372036854775807LL - 1);
    CHECK_STR(s, "42:abc:-9223372036854775808");
    CHECK_UINT(sdslen(s), strlen("42:abc:-9223372036854775808"));
    s = sdscatprintf(s, "|%05.1f|", 3.14159);
    CHECK_STR(s, "42:abc:-9223372036854775808|003.1|");
    /* Output longer than any initial room. */
    sds big = sdsnew("x");
    big = sdscatprintf(big, "%0*d", 5000, 7);
    CHECK_UINT(sdslen(big), 5001);
    CHECK(big[0] == 'x' && big[1] == '0' && big[4999] == '0' && big[5000] == '7');
    CHECK_OK(checkWellFormed(big));
    /* An empty expansion changes nothing. */
    sds same = sdsnew("keep");
    same = sdscatprintf(same, "%s", "");
    CHECK_STR(same, "keep");
    CHECK_UINT(sdslen(same), 4);
    /* %c with 0 writes a NUL byte into the string, and length counts it. */
    sds nul = sdsnew("a");
    nul = sdscatprintf(nul, "%cb", 0);
    CHECK_MEM(nul, sdslen(nul), "a\0b", 3);
    sdsfree(s);
    sdsfree(big);
    sdsfree(same);
    sdsfree(nul);
}

static sds catVia(sds s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    s = sdscatvprintf(s, fmt, ap);
    va_end(ap);
    return s;
}

static void testCatVprintf(void) {
    sds s = sdsnew("<");
    s = catVia(s, "%s=%u", "n", 17u);
    s = catVia(s, ">");
    CHECK_STR(s, "<n=17>");
    sdsfree(s);
}

static void testKeepRange(void) {
    sds s = sdsnew("hello world");
    sdsKeepRange(s, 6, 5);
    CHECK_STR(s, "world");
    CHECK_UINT(sdslen(s), 5);
    sdsKeepRange(s, 0, 3);
    CHECK_STR(s, "wor");
    sdsKeepRange(s, 1, 2);
    CHECK_STR(s, "or");
    sdsKeepRange(s, 0, 2);
    CHECK_STR(s, "or");
    sdsKeepRange(s, 2, 0);
    CHECK_STR(s, "");
    CHECK_UINT(sdslen(s), 0);
    /* Overlapping move of binary data. */
    sds b = sdsnewlen("\0\x01\x02\x03\x04\x05", 6);
    sdsKeepRange(b, 1, 5);
    CHECK_MEM(b, sdslen(b), "\x01\x02\x03\x04\x05", 5);
    CHECK_OK(checkWellFormed(b));
    /* The kept range can be appended to afterwards. */
    s = sdscat(s, "again");
    CHECK_STR(s, "again");
    sdsfree(s);
    sdsfree(b);
}

static void checkRepr(const char *in, size_t len, const char *want) {
    sds s = sdscatrepr(sdsempty(), in, len);
    int same = sdslen(s) == strlen(want) && memcmp(s, want, sdslen(s)) == 0;
    char got[256], wanted[256], input[256];
    unitRepr(got, sizeof(got), s, sdslen(s));
    unitRepr(wanted, sizeof(wanted), want, strlen(want));
    unitRepr(input, sizeof(input), in, len);
    sdsfree(s);
    CHECK_MSG(same, "sdscatrepr(%s) gave %s, want %s", input, got, wanted);
}

static void testCatReprEscapes(void) {
    CHECK_OK(checkRepr("", 0, "\"\""));
    CHECK_OK(checkRepr("plain text 123", 14, "\"plain text 123\""));
    CHECK_OK(checkRepr("a\0b\r\n", 5, "\"a\\x00b\\r\\n\""));
    CHECK_OK(checkRepr("tab\there", 8, "\"tab\\there\""));
    CHECK_OK(checkRepr("say \"hi\"", 8, "\"say \\\"hi\\\"\""));
    CHECK_OK(checkRepr("back\\slash", 10, "\"back\\\\slash\""));
    CHECK_OK(checkRepr("\x01\x7f\x80\xff", 4, "\"\\x01\\x7f\\x80\\xff\""));
    /* It appends: earlier content is kept. */
    sds s = sdscatrepr(sdsnew("key="), "v\n", 2);
    CHECK_STR(s, "key=\"v\\n\"");
    sdsfree(s);
}

static void testToLower(void) {
    sds s = sdsnewlen("HeLLo\0WORLD-123", 15);
    sdstolower(s);
    CHECK_MEM(s, sdslen(s), "hello\0world-123", 15);
    sdsfree(s);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("sds: sdsnew, sdsnewlen, sdsempty, sdsnew(NULL) and sdsdup make the right strings",
             testNewVariants);
    UNIT_RUN("sds: strings hold and append NUL bytes (binary safe)", testBinarySafe);
    UNIT_RUN("sds: a megabyte of one-byte appends is correct and reallocates rarely",
             testCatGrowth);
    UNIT_RUN("sds: appends past the preallocation limit keep every byte",
             testCatBeyondPreallocLimit);
    UNIT_RUN("sds: sdsMakeRoomFor then sdsIncrLen accounts for bytes written directly",
             testMakeRoomAndIncrLen);
    UNIT_RUN("sds: sdsclear empties the string and keeps its capacity", testClearKeepsCapacity);
    UNIT_RUN("sds: sdscatprintf appends formatted text of any length", testCatPrintf);
    UNIT_RUN("sds: sdscatvprintf appends from a va_list", testCatVprintf);
    UNIT_RUN("sds: sdsKeepRange keeps [start, start+len) at the front", testKeepRange);
    UNIT_RUN("sds: sdscatrepr quotes and escapes NUL, CR, LF, tab, quotes, backslash and "
             "non-printables",
             testCatReprEscapes);
    UNIT_RUN("sds: sdstolower lowercases every byte, past NULs too", testToLower);
    return unitReport();
}
