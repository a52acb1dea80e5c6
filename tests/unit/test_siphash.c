/* test_siphash.c -- the keyed hash of the keyspace (src/siphash.h): the
 * construction against SipHash-2-4's published test vectors, and siphash()
 * as the same construction with 1 and 3 rounds. */
#include <string.h>

#include "lib/siphash.h"
#include "unit.h"

/* The key and message of the SipHash paper's worked example (Aumasson and
 * Bernstein, 2012, appendix A): bytes 00 01 02 ... */
static void fillCounting(uint8_t *bytes, size_t len) {
    for (size_t i = 0; i < len; i++) bytes[i] = (uint8_t)i;
}

static void testPublishedVectors(void) {
    uint8_t key[16], msg[15];
    fillCounting(key, sizeof(key));
    fillCounting(msg, sizeof(msg));
    /* The paper's 15-byte example: one full block and a 7-byte tail. */
    CHECK_UINT(siphashRounds(msg, 15, key, 2, 4), 0xa129ca6149be45e5ULL);
    /* The reference implementation's first vector: the empty message. */
    CHECK_UINT(siphashRounds(msg, 0, key, 2, 4), 0x726fdb47dd0e0e31ULL);
}

static void testSiphashIsOneThree(void) {
    uint8_t key[16], msg[64];
    fillCounting(key, sizeof(key));
    fillCounting(msg, sizeof(msg));
    for (size_t len = 0; len <= sizeof(msg); len++)
        CHECK_MSG(siphash(msg, len, key) == siphashRounds(msg, len, key, 1, 3),
                  "length %zu differs from SipHash-1-3", len);
    CHECK_MSG(siphash(msg, 15, key) != siphashRounds(msg, 15, key, 2, 4),
              "SipHash-1-3 equals SipHash-2-4");
}

static void testEveryInputByteMatters(void) {
    uint8_t key[16], msg[23];
    fillCounting(key, sizeof(key));
    fillCounting(msg, sizeof(msg));
    uint64_t base = siphash(msg, sizeof(msg), key);
    for (size_t i = 0; i < sizeof(msg); i++) {
        msg[i] ^= 1;
        CHECK_MSG(siphash(msg, sizeof(msg), key) != base, "message byte %zu ignored", i);
        msg[i] ^= 1;
    }
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] ^= 1;
        CHECK_MSG(siphash(msg, sizeof(msg), key) != base, "key byte %zu ignored", i);
        key[i] ^= 1;
    }
    /* The length is hashed too: a trailing zero byte is not invisible. */
    uint8_t zeros[8] = {0};
    CHECK_MSG(siphash(zeros, 7, key) != siphash(zeros, 8, key), "length ignored");
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("siphash: SipHash-2-4 gives the published test vectors", testPublishedVectors);
    UNIT_RUN("siphash: siphash() is SipHash-1-3 for every length from 0 to 64",
             testSiphashIsOneThree);
    UNIT_RUN("siphash: every message and key byte, and the length, change the hash",
             testEveryInputByteMatters);
    return unitReport();
}
