/* types/string.c -- the string type: its value is the entry's value bytes
 * (keyspace/entry.h), so it has no structure to free or copy, and uses no
 * memory outside its entry.
 *
 * redis-mini stores every string as bytes, but the entry keeps enough of
 * each value's history (ENTRY_ENC_*) to answer OBJECT ENCODING as Redis 7.0
 * would: a value stored as SET stores it is "int" when its bytes are a
 * 64-bit integer in canonical form, else "embstr" up to 44 bytes, else
 * "raw"; INCRBYFLOAT results skip the integer test; APPEND and SETRANGE
 * results are "raw". Integers 0 to 9999 are, for Redis, shared objects with
 * a reference count of INT_MAX unless they were written while maxmemory was
 * set with an LRU or LFU policy (ENTRY_NO_SHARED_INT).
 *
 * In an RDB file a string is type 0 and one RDB string; in a rewritten AOF
 * it is a SET; its digest mixes its bytes. The string commands are in
 * commands/string.c and commands/string_range.c. */
#include <limits.h>

#include "keyspace/digest.h"
#include "lib/zmalloc.h"
#include "persist/rdb.h"
#include "types/types.h"

/* Redis's limits: the longest string kept in one allocation with its
 * object header, and the integers it shares. */
#define EMBSTR_SIZE_LIMIT 44
#define SHARED_INTEGERS 10000
#define INTEGER_MAX_CHARS 20

/* Whether a string value is, for Redis, an integer object; *value is it. */
static int isIntEncoded(const entry *e, long long *value) {
    if (entryEncoding(e) != ENTRY_ENC_TRY_INT) return 0;
    size_t len;
    const char *val = entryValue(e, &len);
    return len <= INTEGER_MAX_CHARS && string2ll(val, len, value);
}

static const char *stringEncoding(const entry *e) {
    long long ignored;
    if (isIntEncoded(e, &ignored)) return "int";
    size_t len;
    entryValue(e, &len);
    if (entryEncoding(e) != ENTRY_ENC_RAW && len <= EMBSTR_SIZE_LIMIT) return "embstr";
    return "raw";
}

static int stringRefcount(const entry *e) {
    long long value;
    int shared = !(e->flags & ENTRY_NO_SHARED_INT) && isIntEncoded(e, &value) && value >= 0 &&
                 value < SHARED_INTEGERS;
    return shared ? INT_MAX : 1;
}

static unsigned stringRdbType(const entry *e) {
    (void)e;
    return RDB_TYPE_STRING;
}

static void stringRdbSave(rdbWriter *w, const entry *e) {
    size_t len;
    const char *val = entryValue(e, &len);
    rdbPutString(w, val, len);
}

static entry *stringRdbLoad(rdbReader *r, unsigned rdbType, slice key, long long expireMs) {
    (void)rdbType;
    char *val;
    size_t len;
    if (rdbGetString(r, &val, &len) != RDB_OK) return NULL;
    entry *e = entryCreate(key.ptr, key.len, val, len, expireMs);
    zfree(val);
    return e;
}

static void stringDigest(const entry *e, unsigned char d[SHA1_DIGEST_LEN]) {
    size_t len;
    const char *val = entryValue(e, &len);
    digestMix(d, val, len);
}

/* SET key value: what Redis 7.0 writes for a string in a base of commands. */
static void stringRewrite(const entry *e, slice key, typeEmitCommand *emit, void *ctx) {
    size_t len;
    const char *val = entryValue(e, &len);
    slice set[3] = {{"SET", 3}, key, {(char *)val, len}};
    emit(ctx, 3, set);
}

static const unsigned char stringRdbTypes[] = {RDB_TYPE_STRING};

const typeOps stringType = {
    .name = "string",
    .rdbTypes = stringRdbTypes,
    .rdbTypeCount = sizeof(stringRdbTypes),
    .encoding = stringEncoding,
    .refcount = stringRefcount,
    .rdbType = stringRdbType,
    .rdbSave = stringRdbSave,
    .rdbLoad = stringRdbLoad,
    .digest = stringDigest,
    .rewrite = stringRewrite,
};
