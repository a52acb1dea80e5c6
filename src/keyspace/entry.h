/* keyspace/entry.h -- one key of the keyspace: key bytes, value and optional expiry
 * packed into a single allocation.
 *
 * Redis spends about 120 bytes on a small key (a dict entry, an sds key, a
 * value object and an expires-dict entry). Here the hash table links entries
 * directly (dict.h is intrusive), and an entry is
 *
 *   [next ptr 8][flags 1][access 3][expiry block 16, only if set]
 *   [varint keylen][varint vallen][key bytes][value bytes]
 *
 * so a 16-byte key with a 16-byte value is 46 bytes: one 48-byte jemalloc
 * slot (62 bytes, a 64-byte slot, with an expiry). Lengths below 128 take
 * one byte each. The expiry block is the absolute expiry time and the
 * entry's position in its database's list of volatile keys (db.h), which
 * the database keeps so it can drop the entry from that list in O(1).
 *
 * The 24 access bits are what Redis keeps in robj->lru: the last access
 * time on the LRU clock, or the LFU counter and its decay time; db.c
 * decides which and keeps them up to date. The entry only carries them
 * across moves.
 *
 * Entries own their bytes; callers never keep pointers into an entry across
 * a call that may reallocate it (the setters return the entry's new
 * address).
 *
 * The value bytes are the value of a string, or for the other types a
 * pointer to the type's structure (keyspace/type.h says which and who owns
 * it). This file only stores the bytes: entryFree frees the allocation and
 * nothing it points to, and the setters that rebuild an entry carry the
 * bytes (a pointer with them) to the new one. */
#ifndef ENTRY_H
#define ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dict.h"

/* The type bits hold a type id of keyspace/type.h: Redis's object type
 * number. Strings, the one type stored inline, are the default. */
#define ENTRY_TYPE_STRING 0
#define ENTRY_TYPE_MASK 0x0f
#define ENTRY_HAS_EXPIRE 0x10

/* The bits below are the value's type's own; for a string: how Redis would
 * hold it, which OBJECT ENCODING reports. The
 * value is stored as bytes whatever these say; they record the part of the
 * value's history that decides Redis's choice. Every new value starts as
 * ENTRY_ENC_TRY_INT. */
#define ENTRY_ENC_MASK 0x60
/* Stored as SET stores it: an integer if the bytes are one, else by length. */
#define ENTRY_ENC_TRY_INT 0x00
/* Built without trying an integer (INCRBYFLOAT): by length only. */
#define ENTRY_ENC_BY_LENGTH 0x20
/* Edited in place (APPEND, SETRANGE): a growable buffer whatever its length. */
#define ENTRY_ENC_RAW 0x40

/* Written while Redis would not share small integer values (maxmemory set
 * with an LRU or LFU policy): OBJECT REFCOUNT then reports 1 for them. */
#define ENTRY_NO_SHARED_INT 0x80

#define ENTRY_ACCESS_BITS 24
#define ENTRY_ACCESS_MAX ((1u << ENTRY_ACCESS_BITS) - 1)

#define ENTRY_NO_EXPIRE -1LL

typedef struct entry {
    dictNode node;       /* must be first: the hash table links entries */
    uint32_t flags : 8;  /* type in the low bits, ENTRY_HAS_EXPIRE, ENTRY_ENC_* */
    uint32_t access : ENTRY_ACCESS_BITS; /* LRU clock or LFU data, see db.h */
    unsigned char data[];
} entry;

/* With val NULL the value's vallen bytes are left for the caller to fill. */
entry *entryCreate(const char *key, size_t keylen, const char *val, size_t vallen,
                   long long expireMs);
/* An entry of `type` whose value bytes are the pointer `value`; the type's
 * own flag bits are 0. */
entry *entryCreatePointer(const char *key, size_t keylen, int type, void *value,
                          long long expireMs);
/* Frees the allocation only, never what a pointer value points to. */
void entryFree(entry *e);

const char *entryKey(const entry *e, size_t *len);
const char *entryValue(const entry *e, size_t *len);
/* The pointer an entry of a pointer type holds (see entryCreatePointer). */
void *entryValuePointer(const entry *e);
static inline int entryType(const entry *e) { return e->flags & ENTRY_TYPE_MASK; }
static inline void entrySetType(entry *e, int type) {
    e->flags = (e->flags & ~ENTRY_TYPE_MASK) | (type & ENTRY_TYPE_MASK);
}
static inline int entryHasExpire(const entry *e) { return (e->flags & ENTRY_HAS_EXPIRE) != 0; }
static inline int entryEncoding(const entry *e) { return e->flags & ENTRY_ENC_MASK; }
static inline void entrySetEncoding(entry *e, int enc) {
    e->flags = (e->flags & ~ENTRY_ENC_MASK) | (enc & ENTRY_ENC_MASK);
}
/* Absolute expiry in unix milliseconds, or ENTRY_NO_EXPIRE. */
long long entryExpire(const entry *e);
/* Only for entries with an expiry: where the database lists it. */
size_t entryVolatileIndex(const entry *e);
void entrySetVolatileIndex(entry *e, size_t index);

/* These may move the entry; they return its new address, which keeps the
 * old one's hash chain pointer, access bits (and volatile index, while it
 * has an expiry) so the table and the volatile list can be updated in
 * place. An entry that gains an expiry has volatile index 0 until the
 * database sets it. entrySetValue stores a new value: its encoding is
 * ENTRY_ENC_TRY_INT again and ENTRY_NO_SHARED_INT is cleared. */
entry *entrySetValue(entry *e, const char *val, size_t vallen);
entry *entrySetExpire(entry *e, long long expireMs);
/* Makes the value newlen bytes long in place: the first bytes are kept,
 * bytes past the old end are zero. *val points to the value afterwards.
 * Growing by little at a time costs little: the allocation is resized,
 * and the allocator keeps the address within a size class. The encoding
 * is left as it was; callers that edit the bytes set ENTRY_ENC_RAW. */
entry *entryResizeValue(entry *e, size_t newlen, char **val);

/* Bytes this entry occupies, for MEMORY-style accounting and tests. */
size_t entryAllocSize(const entry *e);

#endif
