/* lib/siphash.h -- SipHash-1-3, a keyed hash for the keyspace's hash table.
 *
 * Keys come from clients, so a predictable hash would let anyone craft keys
 * that all land in one bucket and turn every lookup into a list walk. SipHash
 * with a random 128-bit seed chosen at start-up makes the bucket of a key
 * unguessable. 1-3 (one compression round, three finalization rounds) is the
 * speed/strength point Rust's HashMap also chose. */
#ifndef SIPHASH_H
#define SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t siphash(const void *data, size_t len, const uint8_t key[16]);
/* SipHash-c-d with any round counts: the published test vectors are for
 * SipHash-2-4, so the unit tests check the construction through this. */
uint64_t siphashRounds(const void *data, size_t len, const uint8_t key[16], int c, int d);

#endif
