/* keyspace/digest.c -- Redis's dataset and value fingerprints for DEBUG DIGEST and
 * DIGEST-VALUE; see digest.h for the construction. */
#include "keyspace/dataset.h"
#include "keyspace/digest.h"
#include "keyspace/type.h"

#include <string.h>

void digestAdd(unsigned char d[SHA1_DIGEST_LEN], const void *data, size_t len) {
    unsigned char h[SHA1_DIGEST_LEN];
    sha1(data, len, h);
    for (int i = 0; i < SHA1_DIGEST_LEN; i++) d[i] ^= h[i];
}

void digestMix(unsigned char d[SHA1_DIGEST_LEN], const void *data, size_t len) {
    digestAdd(d, data, len);
    sha1(d, SHA1_DIGEST_LEN, d);
}

static void digestMixNumber(unsigned char d[SHA1_DIGEST_LEN], uint32_t v) {
    unsigned char be[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v};
    digestMix(d, be, sizeof(be));
}

/* The value digest's steps, on top of whatever d holds. The type id is
 * Redis's number for the type (type.h). */
static void mixEntryValue(unsigned char d[SHA1_DIGEST_LEN], const entry *e) {
    digestMixNumber(d, (uint32_t)entryType(e));
    typeOf(e)->digest(e, d);
    if (entryHasExpire(e)) digestAdd(d, "!!expire!!", 10);
}

void digestEntryValue(const entry *e, unsigned char out[SHA1_DIGEST_LEN]) {
    memset(out, 0, SHA1_DIGEST_LEN);
    mixEntryValue(out, e);
}

static void addKey(void *privdata, const dictNode *node) {
    unsigned char *final = privdata;
    const entry *e = (const entry *)node;
    unsigned char d[SHA1_DIGEST_LEN] = {0};
    size_t klen;
    const char *key = entryKey(e, &klen);
    digestMix(d, key, klen);
    mixEntryValue(d, e);
    digestAdd(final, d, sizeof(d));
}

void digestKeyspace(keyspace *ks, unsigned char out[SHA1_DIGEST_LEN]) {
    memset(out, 0, SHA1_DIGEST_LEN);
    for (int i = 0; i < ks->count; i++) {
        redisDb *db = &ks->dbs[i];
        if (dbSize(db) == 0) continue;
        digestMixNumber(out, (uint32_t)i);
        size_t cursor = 0;
        do {
            cursor = dictScan(db->keys, cursor, addKey, out);
        } while (cursor != 0);
    }
}

void digestToHex(const unsigned char d[SHA1_DIGEST_LEN], char hex[DIGEST_HEX_LEN + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA1_DIGEST_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[DIGEST_HEX_LEN] = '\0';
}
