/* lib/siphash.c -- SipHash-1-3 written from the description in Aumasson and
 * Bernstein, "SipHash: a fast short-input PRF" (2012). */
#include "lib/siphash.h"

#include <string.h>

static inline uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

static inline uint64_t load64le(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

#define SIPROUND(v0, v1, v2, v3)                                                   \
    do {                                                                           \
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);                  \
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                                     \
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                                     \
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);                  \
    } while (0)

/* SipHash-c-d: c compression rounds per 8-byte block, d finalization
 * rounds. Always inlined, so the constant counts of siphash() unroll. */
static inline __attribute__((always_inline)) uint64_t sipHashCD(const void *data, size_t len,
                                                               const uint8_t key[16], int c,
                                                               int d) {
    const uint8_t *in = data;
    uint64_t k0 = load64le(key), k1 = load64le(key + 8);
    uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    uint64_t v3 = 0x7465646279746573ULL ^ k1;

    const uint8_t *end = in + (len & ~(size_t)7);
    for (; in != end; in += 8) {
        uint64_t m = load64le(in);
        v3 ^= m;
        for (int i = 0; i < c; i++) SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }

    /* The last block holds the remaining bytes and the length's low byte. */
    uint64_t b = (uint64_t)len << 56;
    switch (len & 7) {
    case 7: b |= (uint64_t)in[6] << 48; /* fall through */
    case 6: b |= (uint64_t)in[5] << 40; /* fall through */
    case 5: b |= (uint64_t)in[4] << 32; /* fall through */
    case 4: b |= (uint64_t)in[3] << 24; /* fall through */
    case 3: b |= (uint64_t)in[2] << 16; /* fall through */
    case 2: b |= (uint64_t)in[1] << 8;  /* fall through */
    case 1: b |= (uint64_t)in[0]; break;
    case 0: break;
    }
    v3 ^= b;
    for (int i = 0; i < c; i++) SIPROUND(v0, v1, v2, v3);
    v0 ^= b;

    v2 ^= 0xff;
    /* GCC leaves a loop of three rounds rolled; unrolled, siphash() is the
     * straight-line SipHash-1-3 (12 instructions less per SET, callgrind). */
#pragma GCC unroll 4
    for (int i = 0; i < d; i++) SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t siphash(const void *data, size_t len, const uint8_t key[16]) {
    return sipHashCD(data, len, key, 1, 3);
}

uint64_t siphashRounds(const void *data, size_t len, const uint8_t key[16], int c, int d) {
    return sipHashCD(data, len, key, c, d);
}
