/* lib/sha1.h -- SHA-1 (FIPS 180-4), for DEBUG DIGEST, whose result must be the
 * same bytes Redis computes: Redis builds its dataset digest from SHA-1.
 * Not for security. Data may be fed in pieces of any size. */
#ifndef SHA1_H
#define SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_LEN 20

typedef struct sha1Ctx {
    uint32_t h[5];
    uint64_t totalBytes;
    unsigned char block[64];
    size_t blockLen; /* bytes waiting in block */
} sha1Ctx;

void sha1Init(sha1Ctx *ctx);
void sha1Update(sha1Ctx *ctx, const void *data, size_t len);
void sha1Final(sha1Ctx *ctx, unsigned char out[SHA1_DIGEST_LEN]);
/* The digest of one buffer. */
void sha1(const void *data, size_t len, unsigned char out[SHA1_DIGEST_LEN]);

#endif
