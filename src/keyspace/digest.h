/* keyspace/digest.h -- the fingerprints of DEBUG DIGEST and DEBUG DIGEST-VALUE,
 * computed exactly as Redis computes them for strings, so the digest of a
 * dataset here equals redis-server's for the same data (the interop tests
 * compare whole datasets that way).
 *
 * Two ways of folding bytes into a 20-byte digest D, both built on SHA-1:
 *   add(D, bytes):  D ^= SHA1(bytes)           order-independent
 *   mix(D, bytes):  D = SHA1(D ^ SHA1(bytes))  order-dependent
 * The value digest of a key (DIGEST-VALUE) starts from zeros and mixes the
 * type as a 4-byte big-endian number (Redis's: 0 for a string), then the
 * value as its type's digest op folds it in (a string mixes its bytes),
 * then adds "!!expire!!" if the key has an expiry (its time is left out). The dataset digest (DIGEST) starts from zeros; for each non-empty
 * database in order it mixes the database number (4 bytes, big-endian),
 * then for each key adds the key's own digest: zeros, mix the key's bytes,
 * then the value digest's steps on top. Keys are added, so their order in
 * the table does not matter. An empty dataset digests to all zeros.
 *
 * This layer reads the keyspace (db.h) and nothing of clients. */
#ifndef DIGEST_H
#define DIGEST_H

#include "keyspace/db.h"
#include "lib/sha1.h"

#define DIGEST_HEX_LEN (SHA1_DIGEST_LEN * 2)

/* The two folds, for the types' digest ops: add (d ^= SHA1(data)) and mix
 * (d = SHA1(d ^ SHA1(data))). */
void digestAdd(unsigned char d[SHA1_DIGEST_LEN], const void *data, size_t len);
void digestMix(unsigned char d[SHA1_DIGEST_LEN], const void *data, size_t len);

/* DEBUG DIGEST-VALUE of one entry. */
void digestEntryValue(const entry *e, unsigned char out[SHA1_DIGEST_LEN]);
/* DEBUG DIGEST: every key of every database, expired or not yet deleted. */
void digestKeyspace(keyspace *ks, unsigned char out[SHA1_DIGEST_LEN]);
/* Lower-case hex, NUL-terminated. */
void digestToHex(const unsigned char d[SHA1_DIGEST_LEN], char hex[DIGEST_HEX_LEN + 1]);

#endif
