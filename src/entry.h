/* entry.h -- one key of the keyspace: key bytes, value and optional expiry
 * packed into a single allocation.
 *
 * Redis spends about 120 bytes on a small key (a dict entry, an sds key, a
 * value object and an expires-dict entry). Here the hash table links entries
 * directly (dict.h is intrusive), and an entry is
 *
 *   [next ptr 8][flags 1][expiry block 16, only if set][varint keylen]
 *   [varint vallen][key bytes][value bytes]
 *
 * so a 16-byte key with a 16-byte value is 43 bytes: one 48-byte jemalloc
 * slot (59 bytes, a 64-byte slot, with an expiry). Lengths below 128 take
 * one byte each. The expiry block is the absolute expiry time and the
 * entry's position in its database's list of volatile keys (db.h), which
 * the database keeps so it can drop the entry from that list in O(1).
 *
 * Entries own their bytes; callers never keep pointers into an entry across
 * a call that may reallocate it (the setters return the entry's new
 * address). */
#ifndef ENTRY_H
#define ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

#define ENTRY_TYPE_STRING 0
#define ENTRY_TYPE_MASK 0x0f
#define ENTRY_HAS_EXPIRE 0x10

#define ENTRY_NO_EXPIRE -1LL

typedef struct entry {
    dictNode node; /* must be first: the hash table links entries */
    uint8_t flags; /* type in the low bits, ENTRY_HAS_EXPIRE */
    unsigned char data[];
} entry;

entry *entryCreate(const char *key, size_t keylen, const char *val, size_t vallen,
                   long long expireMs);
void entryFree(entry *e);

const char *entryKey(const entry *e, size_t *len);
const char *entryValue(const entry *e, size_t *len);
static inline int entryType(const entry *e) { return e->flags & ENTRY_TYPE_MASK; }
static inline int entryHasExpire(const entry *e) { return (e->flags & ENTRY_HAS_EXPIRE) != 0; }
/* Absolute expiry in unix milliseconds, or ENTRY_NO_EXPIRE. */
long long entryExpire(const entry *e);
/* Only for entries with an expiry: where the database lists it. */
size_t entryVolatileIndex(const entry *e);
void entrySetVolatileIndex(entry *e, size_t index);

/* These may move the entry; they return its new address, which keeps the
 * old one's hash chain pointer (and volatile index, while it has an expiry)
 * so the table and the volatile list can be updated in place. An entry that
 * gains an expiry has volatile index 0 until the database sets it. */
entry *entrySetValue(entry *e, const char *val, size_t vallen);
entry *entrySetExpire(entry *e, long long expireMs);

/* Bytes this entry occupies, for MEMORY-style accounting and tests. */
size_t entryAllocSize(const entry *e);

#endif
