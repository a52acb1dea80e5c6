/* test_lzf.c -- the LZF compressor and decompressor (src/lzf.h): round trips
 * of inputs of every kind and size, the room the compressor is given never
 * overrun, and malformed streams refused. */
#include <stdlib.h>
#include <string.h>

#include "lib/lzf.h"
#include "unit.h"

#define GUARD 64
#define GUARD_BYTE 0xa5

/* Compresses in into a buffer of exactly cap bytes followed by guard
 * bytes, checks the guard is intact and, when it fit, that the output
 * decompresses back to in. Returns the compressed length (0: did not fit). */
static size_t roundTrip(const unsigned char *in, size_t len, size_t cap) {
    unsigned char *c = malloc(cap + GUARD);
    memset(c, GUARD_BYTE, cap + GUARD);
    size_t clen = lzfCompress(in, len, c, cap);
    for (size_t i = cap; i < cap + GUARD; i++) {
        if (c[i] != GUARD_BYTE) {
            unitFail(__FILE__, __LINE__, "wrote past its room of %zu bytes (at %zu)", cap, i);
            free(c);
            return 0;
        }
    }
    if (clen > cap) unitFail(__FILE__, __LINE__, "returned %zu for a room of %zu", clen, cap);
    if (clen > 0 && !unit.currentFailed) {
        unsigned char *d = malloc(len + GUARD);
        size_t dlen = lzfDecompress(c, clen, d, len);
        if (dlen != len || memcmp(d, in, len) != 0)
            unitFail(__FILE__, __LINE__, "%zu bytes came back as %zu different ones", len, dlen);
        /* One byte less room than the original: refused, not overrun. */
        else if (lzfDecompress(c, clen, d, len - 1) != 0)
            unitFail(__FILE__, __LINE__, "decompressed into too small a buffer");
        free(d);
    }
    free(c);
    return clen;
}

/* The worst case of the format: every byte a literal, one control byte per
 * 32 of them. */
static size_t worstCase(size_t len) { return len + (len + 31) / 32; }

static void fillRandom(unsigned char *p, size_t len, unsigned long long seed) {
    unsigned long long s = seed;
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(unitRand(&s) >> 56);
}

static void testLiteralAndBackref(void) {
    /* "abcabcabcabc": literal "abc" (ctrl 2), then a reference 3 back of
     * 9 bytes: len-2 = 7 -> ctrl 0xe0 | 0, extra byte 0, offset byte 2. */
    const unsigned char in[] = {0x02, 'a', 'b', 'c', 0xe0, 0x00, 0x02};
    char out[32];
    CHECK_UINT(lzfDecompress(in, sizeof(in), out, sizeof(out)), 12);
    CHECK_MEM(out, 12, "abcabcabcabc", 12);
    /* A short reference: "aaaa" = literal 'a', then 3 bytes from 1 back. */
    const unsigned char in2[] = {0x00, 'a', 0x20, 0x00};
    CHECK_UINT(lzfDecompress(in2, sizeof(in2), out, sizeof(out)), 4);
    CHECK_MEM(out, 4, "aaaa", 4);
}

static void testRejectsBadInput(void) {
    char out[8];
    const unsigned char before[] = {0x00, 'a', 0x20, 0x05}; /* 6 back of 1 byte */
    CHECK_UINT(lzfDecompress(before, sizeof(before), out, sizeof(out)), 0);
    const unsigned char trunc[] = {0x05, 'a', 'b'}; /* run of 6, 2 present */
    CHECK_UINT(lzfDecompress(trunc, sizeof(trunc), out, sizeof(out)), 0);
    const unsigned char big[] = {0x00, 'a', 0xe0, 0xff, 0x00}; /* too long */
    CHECK_UINT(lzfDecompress(big, sizeof(big), out, sizeof(out)), 0);
    const unsigned char cut[] = {0x00, 'a', 0xe0}; /* a long reference cut short */
    CHECK_UINT(lzfDecompress(cut, sizeof(cut), out, sizeof(out)), 0);
}

static void testTinyInputs(void) {
    CHECK_UINT(lzfCompress("", 0, (char[8]){0}, 8), 0);
    const unsigned char *s = (const unsigned char *)"aaaaaaaa";
    for (size_t len = 1; len <= 8; len++) {
        /* Room for the worst case: always fits. */
        CHECK_MSG(roundTrip(s, len, worstCase(len)) > 0, "%zu bytes did not fit", len);
        CHECK_CONTEXT("length %zu", len);
        /* No room at all. */
        CHECK_UINT(roundTrip(s, len, 0), 0);
    }
}

static void testRepetitiveCompressesWell(void) {
    static unsigned char in[100000];
    memset(in, 'x', sizeof(in));
    size_t clen = roundTrip(in, sizeof(in), sizeof(in));
    CHECK(!unit.currentFailed);
    /* One literal, then references of 264 bytes at 3 bytes each. */
    CHECK_MSG(clen > 0 && clen <= 2 + (sizeof(in) / 264 + 1) * 3, "compressed to %zu", clen);
    /* A repeated phrase with a period longer than one byte. */
    for (size_t i = 0; i < sizeof(in); i++) in[i] = "the quick brown fox "[i % 20];
    clen = roundTrip(in, sizeof(in), sizeof(in));
    CHECK(!unit.currentFailed);
    CHECK_MSG(clen > 0 && clen < sizeof(in) / 50, "compressed to %zu", clen);
}

static void testIncompressibleNeverOverruns(void) {
    static unsigned char in[70000];
    fillRandom(in, sizeof(in), 7);
    /* Smaller than the input: does not fit, and nothing past the room. */
    CHECK_UINT(roundTrip(in, sizeof(in), sizeof(in) - 4), 0);
    /* The format's worst case always fits, and round trips. */
    CHECK_MSG(roundTrip(in, sizeof(in), worstCase(sizeof(in))) > 0, "worst case did not fit");
    /* Every room around the needed size on short random inputs. */
    for (size_t len = 1; len < 200; len++) {
        size_t need = roundTrip(in, len, worstCase(len));
        CHECK_MSG(need > 0, "%zu random bytes did not fit in the worst case", len);
        CHECK_UINT(roundTrip(in, len, need - 1), 0);
        CHECK_UINT(roundTrip(in, len, need), need);
        CHECK_CONTEXT("length %zu", len);
    }
}

/* Mixed content: random runs, repeats from near and far (up to and past
 * the 8 KB reach of a reference), runs of one byte, all sizes around the
 * literal and match limits. */
static void testRandomMixedRoundTrips(void) {
    static unsigned char in[40000];
    unsigned long long s = 42;
    for (int round = 0; round < 300; round++) {
        size_t len = (size_t)(unitRand(&s) % sizeof(in)) + 1;
        size_t i = 0;
        while (i < len) {
            size_t piece = (size_t)(unitRand(&s) % 300) + 1;
            if (piece > len - i) piece = len - i;
            switch (unitRand(&s) % 3) {
            case 0: fillRandom(in + i, piece, unitRand(&s)); break;
            case 1: memset(in + i, (int)(unitRand(&s) & 0xff), piece); break;
            default: {
                size_t back = (size_t)(unitRand(&s) % 10000) + 1;
                for (size_t j = 0; j < piece; j++)
                    in[i + j] = i + j >= back ? in[i + j - back] : (unsigned char)j;
            }
            }
            i += piece;
        }
        CHECK_MSG(roundTrip(in, len, worstCase(len)) > 0, "did not fit its worst case");
        CHECK_CONTEXT("round %d, %zu bytes", round, len);
    }
}

static void testLargeInput(void) {
    size_t len = 1024 * 1024;
    unsigned char *in = malloc(len);
    /* Text-like: words from a small vocabulary, so it compresses partly. */
    static const char *words[] = {"alpha ", "beta ", "gamma ", "delta ", "epsilon ", "\n"};
    unsigned long long s = 9;
    for (size_t i = 0; i < len;) {
        const char *w = words[unitRand(&s) % 6];
        for (; *w && i < len; w++) in[i++] = (unsigned char)*w;
    }
    size_t clen = roundTrip(in, len, len - 4);
    CHECK_MSG(clen > 0 && clen < len / 2, "1 MB of words compressed to %zu", clen);
    fillRandom(in, len, 3);
    CHECK_UINT(roundTrip(in, len, len - 4), 0);
    CHECK_MSG(roundTrip(in, len, worstCase(len)) > 0, "1 MB of random bytes did not fit");
    memset(in, 0, len);
    CHECK_MSG(roundTrip(in, len, len - 4) > 0, "1 MB of zeros did not compress");
    free(in);
}

/* The densest stream decompresses to at most LZF_MAX_RATIO times its size:
 * the bound the RDB reader relies on before allocating. */
static void testMaxRatio(void) {
    static unsigned char in[264 * 1000 + 1];
    memset(in, 'z', sizeof(in));
    static unsigned char c[sizeof(in)];
    size_t clen = lzfCompress(in, sizeof(in), c, sizeof(c));
    CHECK(clen > 0);
    CHECK_MSG(sizeof(in) <= clen * LZF_MAX_RATIO, "%zu bytes from %zu", sizeof(in), clen);
    CHECK_MSG(sizeof(in) > clen * (LZF_MAX_RATIO - 1), "ratio below %d - 1", LZF_MAX_RATIO);
}

int main(void) {
    UNIT_RUN("lzf: a literal run and overlapping back references decompress",
             testLiteralAndBackref);
    UNIT_RUN("lzf: references before the start, truncation and overflow are refused",
             testRejectsBadInput);
    UNIT_RUN("lzf: inputs of 0 to 8 bytes round trip, and fail without room", testTinyInputs);
    UNIT_RUN("lzf: repetitive inputs compress to a fraction and round trip",
             testRepetitiveCompressesWell);
    UNIT_RUN("lzf: random bytes do not fit in less than their size, and nothing is written "
             "past the room given", testIncompressibleNeverOverruns);
    UNIT_RUN("lzf: mixed random inputs round trip", testRandomMixedRoundTrips);
    UNIT_RUN("lzf: 1 MB inputs (text, random, zeros) round trip", testLargeInput);
    UNIT_RUN("lzf: the densest stream expands by at most LZF_MAX_RATIO", testMaxRatio);
    return unitReport();
}
