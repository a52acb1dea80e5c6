/* lib/sha1.c -- SHA-1 as FIPS 180-4 specifies it; see sha1.h. Input is
 * collected into 64-byte blocks; each block is expanded to 80 words and
 * mixed into the five-word state in four rounds of twenty steps. */
#include "lib/sha1.h"

#include <string.h>

static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1Block(uint32_t h[5], const unsigned char *p) {
    uint32_t w[80];
    for (int t = 0; t < 16; t++)
        w[t] = ((uint32_t)p[4 * t] << 24) | ((uint32_t)p[4 * t + 1] << 16) |
               ((uint32_t)p[4 * t + 2] << 8) | p[4 * t + 3];
    for (int t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t temp = rotl(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = temp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void sha1Init(sha1Ctx *ctx) {
    static const uint32_t initial[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
                                        0xc3d2e1f0};
    memcpy(ctx->h, initial, sizeof(initial));
    ctx->totalBytes = 0;
    ctx->blockLen = 0;
}

void sha1Update(sha1Ctx *ctx, const void *data, size_t len) {
    const unsigned char *p = data;
    ctx->totalBytes += len;
    while (len > 0) {
        size_t n = sizeof(ctx->block) - ctx->blockLen;
        if (n > len) n = len;
        memcpy(ctx->block + ctx->blockLen, p, n);
        ctx->blockLen += n;
        p += n;
        len -= n;
        if (ctx->blockLen == sizeof(ctx->block)) {
            sha1Block(ctx->h, ctx->block);
            ctx->blockLen = 0;
        }
    }
}

/* Padding: a 1 bit, zeros up to 56 bytes into a block, then the message
 * length in bits as a 64-bit big-endian number. */
void sha1Final(sha1Ctx *ctx, unsigned char out[SHA1_DIGEST_LEN]) {
    uint64_t bits = ctx->totalBytes * 8;
    unsigned char pad[72] = {0x80};
    size_t padLen = (ctx->blockLen < 56 ? 56 : 120) - ctx->blockLen;
    unsigned char length[8];
    for (int i = 0; i < 8; i++) length[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1Update(ctx, pad, padLen);
    sha1Update(ctx, length, sizeof(length));
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(ctx->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(ctx->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(ctx->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)ctx->h[i];
    }
}

void sha1(const void *data, size_t len, unsigned char out[SHA1_DIGEST_LEN]) {
    sha1Ctx ctx;
    sha1Init(&ctx);
    sha1Update(&ctx, data, len);
    sha1Final(&ctx, out);
}
