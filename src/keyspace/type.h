/* keyspace/type.h -- the value types: a table of operations per type, and the
 * registry that maps an entry's type bits (and an RDB type byte) to it.
 *
 * Whatever must know what a value is goes through these operations: TYPE and
 * SCAN TYPE, OBJECT ENCODING and REFCOUNT, DEBUG OBJECT, MEMORY USAGE, DEBUG
 * DIGEST, COPY, freeing, RDB save and load, the AOF rewrite. A type is its own
 * file in src/types/ (which sits above persist/, so its operations may use the
 * RDB reader and writer of persist/rdb.h); this layer and persist/ reach it
 * only through the registry. types/types.h's typesRegister() registers them
 * all, once, before any data is loaded.
 *
 * Type ids are Redis's object type numbers (string 0, list 1, set 2, zset 3,
 * hash 4, stream 6), kept in the entry's type bits (entry.h): DEBUG DIGEST
 * mixes the number, so for the digest to be Redis's the id must be too.
 *
 * Where a value lives: an entry's value bytes are the type's to define.
 *  - Inline: the bytes are the value (strings). The entry is the whole value,
 *    copied and freed with it; the type has neither free nor dup.
 *  - A pointer: the bytes hold a pointer to the type's own structure
 *    (entryCreatePointer, dbAdd, entryValuePointer). The entry owns it: the
 *    keyspace calls free exactly once when the key goes (delete, overwrite,
 *    FLUSHALL, expiry, the key replaced by a value of another type) and dup
 *    for COPY; RENAME and MOVE move the pointer and call neither.
 * The flag bits ENTRY_ENC_MASK and ENTRY_NO_SHARED_INT are the type's own
 * (strings keep their encoding history there); they start at 0 in a value
 * that dbAdd or entryCreatePointer stores. */
#ifndef TYPE_H
#define TYPE_H

#include <stddef.h>

#include "keyspace/entry.h"
#include "lib/sha1.h"
#include "lib/util.h"

/* persist/rdb.h's writer and reader, opaque here. */
struct rdbWriter;
struct rdbReader;

/* One command of an AOF rewrite, as argc/argv. */
typedef void typeEmitCommand(void *ctx, int argc, const slice *argv);

typedef struct typeOps {
    const char *name; /* TYPE's reply and SCAN TYPE's filter: "string" */
    /* The RDB type bytes the type loads; rdbLoad is told which was read. */
    const unsigned char *rdbTypes;
    int rdbTypeCount;

    /* OBJECT ENCODING's name for the value (Redis 7.0's names). */
    const char *(*encoding)(const entry *e);
    /* OBJECT REFCOUNT; NULL: 1, an object nobody shares. */
    int (*refcount)(const entry *e);

    /* Pointer values only, both or neither: frees the structure; returns a
     * copy of it that shares nothing with it (COPY). */
    void (*free)(void *value);
    void *(*dup)(const void *value);

    /* The RDB type byte written before the key (it may depend on the
     * encoding), then the value, written after the key. */
    unsigned (*rdbType)(const entry *e);
    void (*rdbSave)(struct rdbWriter *w, const entry *e);
    /* Reads a value saved under rdbType and returns a new entry for key
     * holding it, with expiry expireMs and in no database (entryCreate or
     * entryCreatePointer, then typed); NULL when the payload is damaged,
     * the reader's error set (rdb.h). */
    entry *(*rdbLoad)(struct rdbReader *r, unsigned rdbType, slice key, long long expireMs);

    /* DEBUG DIGEST: folds the value into d with digestAdd and digestMix
     * (digest.h) exactly as Redis does for the type. digest.c mixes the
     * type id before and adds the expiry mark after. */
    void (*digest)(const entry *e, unsigned char d[SHA1_DIGEST_LEN]);

    /* AOF rewrite: emits the commands that rebuild the key with its value;
     * the rewrite adds the expiry. */
    void (*rewrite)(const entry *e, slice key, typeEmitCommand *emit, void *ctx);

    /* MEMORY USAGE: bytes the value holds outside the entry's allocation,
     * estimated from `samples` elements (0: all of them); NULL: none. */
    size_t (*memoryUsage)(const entry *e, long long samples);
} typeOps;

#define TYPE_COUNT (ENTRY_TYPE_MASK + 1)

/* By type id; NULL for ids nobody registered. Read it through typeOf. */
extern const typeOps *typeTable[TYPE_COUNT];

/* Makes ops the type with this id and the loader of its RDB type bytes.
 * Registering the same ops again does nothing; a taken id or RDB byte, or
 * only one of free and dup, is a programming error: it logs and aborts. */
void typeRegister(int type, const typeOps *ops);
/* The type that loads an RDB type byte, or NULL. */
const typeOps *typeForRdbType(unsigned rdbType);

static inline const typeOps *typeOf(const entry *e) { return typeTable[entryType(e)]; }

/* OBJECT REFCOUNT of the value. */
int typeRefcount(const entry *e);
/* Frees what a pointer value points to (not the entry): the keyspace calls
 * it for every entry that is not a string as it frees the entry. */
void typeFreeValue(entry *e);
/* Frees an entry that is in no database, with its value (an RDB load that
 * leaves the key out). */
void typeFreeEntry(entry *e);

#endif
