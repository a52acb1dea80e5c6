/* persist/rdb.c -- saving and loading RDB version 10 files; see rdb.h for the
 * format. Saving streams the file through a 64 KB buffer (so a snapshot
 * never needs a second copy of the dataset) into a temporary file that is
 * renamed over the old dump only once it is complete and fsynced: a failed
 * write never leaves a half-written dump.rdb. Loading reads the whole file
 * and parses it with a bounds-checked cursor: a truncated or corrupted file
 * ends in an error text, never a read past the end. */
#include "persist/rdb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <lzf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "lib/atomic_file.h"
#include "lib/crc64.h"
#include "lib/util.h"
#include "lib/zmalloc.h"

/* Opcodes: the bytes before a key that are not value types (those are the
 * types', keyspace/type.h). */
#define RDB_OPCODE_FUNCTION2 245
#define RDB_OPCODE_FUNCTION 246
#define RDB_OPCODE_MODULE_AUX 247
#define RDB_OPCODE_IDLE 248
#define RDB_OPCODE_FREQ 249
#define RDB_OPCODE_AUX 250
#define RDB_OPCODE_RESIZEDB 251
#define RDB_OPCODE_EXPIRETIME_MS 252
#define RDB_OPCODE_EXPIRETIME 253
#define RDB_OPCODE_SELECTDB 254
#define RDB_OPCODE_EOF 255

/* Length encodings: the top two bits of the first byte. */
#define RDB_6BITLEN 0
#define RDB_14BITLEN 1
#define RDB_32BITLEN 0x80
#define RDB_64BITLEN 0x81
#define RDB_ENCVAL 3
#define RDB_ENC_INT8 0
#define RDB_ENC_INT16 1
#define RDB_ENC_INT32 2
#define RDB_ENC_LZF 3

/* Redis's rule for compressing a string (rdbcompression yes): only strings
 * longer than 20 bytes are tried, and the compressed form is kept only if
 * it is at least 4 bytes shorter than the string. */
#define RDB_LZF_MIN_LENGTH 20
#define RDB_LZF_MIN_SAVING 4

/* No LZF stream expands more than this: its densest chunk is a 3-byte back
 * reference producing 264 bytes. The loader refuses a compressed string
 * claiming more before allocating for it. */
#define LZF_MAX_RATIO 88

/* --- writing -------------------------------------------------------------- */

/* Where saved bytes go: an fd (through a buffer of WRITER_BUF_BYTES), with
 * fd WRITER_TO_MEMORY a memory buffer that grows, or with WRITER_COUNT
 * nowhere: only their number is kept. The CRC covers every byte put, so
 * the checksum at the end is known without reading anything back. */
#define WRITER_BUF_BYTES (64 * 1024)
#define WRITER_TO_MEMORY -1
#define WRITER_COUNT -2

struct rdbWriter {
    int fd;
    unsigned char *p;
    size_t len, cap;
    uint64_t crc;   /* of the bytes already flushed to fd */
    int writeErrno; /* set by the first failed write; later puts are dropped */
    const rdbSaveInfo *info;
    int compress;   /* try LZF on strings (rdbcompression) */
    unsigned char *lzf; /* scratch for compressed strings, grown as needed */
    size_t lzfCap;
};

static void flush(rdbWriter *b) {
    if (b->fd < 0 || b->len == 0 || b->writeErrno) return;
    b->crc = crc64(b->crc, b->p, b->len);
    if (writeAll(b->fd, b->p, b->len) == -1) b->writeErrno = errno ? errno : EIO;
    b->len = 0;
}

static void put(rdbWriter *b, const void *data, size_t n) {
    if (b->fd == WRITER_COUNT) {
        b->len += n;
        return;
    }
    if (b->len + n > b->cap) {
        if (b->fd != WRITER_TO_MEMORY) {
            flush(b);
            if (n > b->cap) { /* a big value goes straight out */
                if (b->writeErrno) return;
                b->crc = crc64(b->crc, data, n);
                if (writeAll(b->fd, data, n) == -1) b->writeErrno = errno ? errno : EIO;
                return;
            }
        } else {
            size_t cap = b->cap ? b->cap * 2 : 4096;
            while (cap < b->len + n) cap *= 2;
            b->p = zrealloc(b->p, cap);
            b->cap = cap;
        }
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void putByte(rdbWriter *b, unsigned v) {
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

void rdbPutLen(rdbWriter *b, uint64_t len) {
    unsigned char h[9];
    if (len < (1 << 6)) {
        putByte(b, (unsigned)len);
    } else if (len < (1 << 14)) {
        h[0] = (unsigned char)((RDB_14BITLEN << 6) | (len >> 8));
        h[1] = (unsigned char)len;
        put(b, h, 2);
    } else if (len <= UINT32_MAX) {
        h[0] = RDB_32BITLEN;
        for (int i = 0; i < 4; i++) h[1 + i] = (unsigned char)(len >> (24 - 8 * i));
        put(b, h, 5);
    } else {
        h[0] = RDB_64BITLEN;
        for (int i = 0; i < 8; i++) h[1 + i] = (unsigned char)(len >> (56 - 8 * i));
        put(b, h, 9);
    }
}

static void putLE(rdbWriter *b, uint64_t v, int bytes) {
    unsigned char h[8];
    for (int i = 0; i < bytes; i++) h[i] = (unsigned char)(v >> (8 * i));
    put(b, h, (size_t)bytes);
}

/* A string that is the canonical text of an integer fitting 32 bits is
 * written as that integer, as Redis does. */
static int putIntEncoded(rdbWriter *b, const char *s, size_t len) {
    long long v;
    char canon[32];
    if (len == 0 || len > 11 || !string2ll(s, len, &v)) return 0;
    if (ll2string(canon, v) != len || memcmp(canon, s, len) != 0) return 0;
    if (v >= INT8_MIN && v <= INT8_MAX) {
        putByte(b, (RDB_ENCVAL << 6) | RDB_ENC_INT8);
        putLE(b, (uint64_t)v, 1);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        putByte(b, (RDB_ENCVAL << 6) | RDB_ENC_INT16);
        putLE(b, (uint64_t)v, 2);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        putByte(b, (RDB_ENCVAL << 6) | RDB_ENC_INT32);
        putLE(b, (uint64_t)v, 4);
    } else {
        return 0;
    }
    return 1;
}

/* Writes s LZF-compressed if that saves at least RDB_LZF_MIN_SAVING
 * bytes; returns 0 (having written nothing) otherwise. liblzf's
 * lzf_compress writes at most the room it is given and returns 0 when the
 * result does not fit; its lengths are unsigned ints, so a string of 4 GB
 * or more is written plain. */
static int putLzfEncoded(rdbWriter *b, const char *s, size_t len) {
    if (len > UINT_MAX) return 0;
    size_t room = len - RDB_LZF_MIN_SAVING;
    if (b->lzfCap < room) {
        zfree(b->lzf);
        b->lzf = zmalloc(room);
        b->lzfCap = room;
    }
    size_t clen = lzf_compress(s, (unsigned)len, b->lzf, (unsigned)room);
    if (clen == 0) return 0;
    putByte(b, (RDB_ENCVAL << 6) | RDB_ENC_LZF);
    rdbPutLen(b, clen);
    rdbPutLen(b, len);
    put(b, b->lzf, clen);
    return 1;
}

/* As Redis: an integer if the string is one, else LZF when compression is
 * on and the string is long enough to gain from it, else plain. */
void rdbPutString(rdbWriter *b, const char *s, size_t len) {
    if (putIntEncoded(b, s, len)) return;
    if (b->compress && len > RDB_LZF_MIN_LENGTH && putLzfEncoded(b, s, len)) return;
    rdbPutLen(b, len);
    put(b, s, len);
}

static void putAux(rdbWriter *b, const char *name, const char *value) {
    putByte(b, RDB_OPCODE_AUX);
    rdbPutString(b, name, strlen(name));
    rdbPutString(b, value, strlen(value));
}

static void putAuxInt(rdbWriter *b, const char *name, long long value) {
    char num[32];
    num[ll2string(num, value)] = '\0';
    putAux(b, name, num);
}

static void saveEntry(void *privdata, const dictNode *node) {
    rdbWriter *b = privdata;
    const entry *e = (const entry *)node;
    if (entryHasExpire(e)) {
        putByte(b, RDB_OPCODE_EXPIRETIME_MS);
        putLE(b, (uint64_t)entryExpire(e), 8);
    }
    const typeOps *t = typeOf(e);
    size_t klen;
    const char *key = entryKey(e, &klen);
    putByte(b, t->rdbType(e));
    rdbPutString(b, key, klen);
    t->rdbSave(b, e);
    if (b->info->keySaved) b->info->keySaved(b->info->privdata);
}

/* Everything up to the checksum. */
static void saveBody(rdbWriter *b, keyspace *ks, const rdbSaveInfo *info) {
    b->info = info;
    char magic[16];
    snprintf(magic, sizeof(magic), "REDIS%04d", RDB_VERSION);
    put(b, magic, 9);
    putAux(b, "redis-ver", info->redisVer);
    putAuxInt(b, "redis-bits", (long long)(sizeof(void *) * 8));
    putAuxInt(b, "ctime", info->ctime);
    putAuxInt(b, "used-mem", info->usedMem);
    putAuxInt(b, "aof-base", info->aofBase);
    for (int i = 0; i < ks->count; i++) {
        redisDb *db = &ks->dbs[i];
        if (dbSize(db) == 0) continue;
        putByte(b, RDB_OPCODE_SELECTDB);
        rdbPutLen(b, (uint64_t)i);
        putByte(b, RDB_OPCODE_RESIZEDB);
        rdbPutLen(b, dbSize(db));
        rdbPutLen(b, db->expires);
        size_t cursor = 0;
        do {
            cursor = dictScan(db->keys, cursor, saveEntry, b);
        } while (cursor != 0);
    }
    putByte(b, RDB_OPCODE_EOF);
}

size_t rdbSavedValueLength(const entry *e, int flags) {
    rdbWriter b = {.fd = WRITER_COUNT, .compress = !(flags & RDB_SAVE_NO_COMPRESSION)};
    typeOf(e)->rdbSave(&b, e);
    zfree(b.lzf);
    return b.len;
}

/* With rdbchecksum no the checksum is 0, which tells a loader (ours and
 * Redis's) to skip the check. */
static void putChecksum(rdbWriter *b, const rdbSaveInfo *info) {
    uint64_t crc = 0;
    if (!(info->flags & RDB_SAVE_NO_CHECKSUM)) crc = crc64(b->crc, b->p, b->len);
    putLE(b, crc, 8);
}

int rdbSaveToBuffer(keyspace *ks, const rdbSaveInfo *info, unsigned char **out,
                    size_t *outlen) {
    rdbWriter b = {.fd = WRITER_TO_MEMORY, .compress = !(info->flags & RDB_SAVE_NO_COMPRESSION)};
    saveBody(&b, ks, info);
    putChecksum(&b, info);
    zfree(b.lzf);
    *out = b.p;
    *outlen = b.len;
    return RDB_OK;
}

int rdbSaveToFd(keyspace *ks, int fd, const rdbSaveInfo *info, char *err, size_t errlen) {
    rdbWriter b = {.fd = fd, .cap = WRITER_BUF_BYTES,
              .compress = !(info->flags & RDB_SAVE_NO_COMPRESSION)};
    b.p = zmalloc(b.cap);
    saveBody(&b, ks, info);
    putChecksum(&b, info);
    flush(&b);
    zfree(b.p);
    zfree(b.lzf);
    if (b.writeErrno) {
        snprintf(err, errlen, "Write error saving DB on disk: %s", strerror(b.writeErrno));
        return RDB_ERR;
    }
    return RDB_OK;
}

void rdbTempFileName(char *buf, size_t len, int pid) { snprintf(buf, len, "temp-%d.rdb", pid); }

int rdbSave(keyspace *ks, const char *filename, const rdbSaveInfo *info, char *err,
            size_t errlen) {
    char tmp[64];
    rdbTempFileName(tmp, sizeof(tmp), (int)getpid());
    atomicFile f;
    if (atomicFileOpen(&f, filename, tmp) != ATOMIC_OK) {
        snprintf(err, errlen, "Failed opening the temp RDB file %s for saving: %s", tmp,
                 strerror(errno));
        return RDB_ERR;
    }
    if (rdbSaveToFd(ks, f.fd, info, err, errlen) != RDB_OK) {
        atomicFileAbort(&f);
        return RDB_ERR;
    }
    atomicStep step = atomicFileCommit(&f);
    if (step == ATOMIC_ERR_WRITE) {
        snprintf(err, errlen, "Write error saving DB on disk: %s", strerror(errno));
        return RDB_ERR;
    }
    if (step == ATOMIC_ERR_RENAME) {
        snprintf(err, errlen, "Error moving temp DB file %s on the final destination %s: %s",
                 tmp, filename, strerror(errno));
        return RDB_ERR;
    }
    return RDB_OK;
}

/* --- reading -------------------------------------------------------------- */

struct rdbReader {
    const unsigned char *p;
    size_t len, pos;
    int flags; /* RDB_LOAD_* */
    char *err;
    size_t errlen;
};

int rdbFail(rdbReader *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
    return RDB_ERR;
}

static int need(rdbReader *r, size_t n) {
    if (r->len - r->pos < n)
        return rdbFail(r, "Short read: unexpected end of file at offset %zu", r->pos);
    return RDB_OK;
}

static int getByte(rdbReader *r, unsigned *v) {
    if (need(r, 1) != RDB_OK) return RDB_ERR;
    *v = r->p[r->pos++];
    return RDB_OK;
}

static int getLE(rdbReader *r, int bytes, uint64_t *v) {
    if (need(r, (size_t)bytes) != RDB_OK) return RDB_ERR;
    *v = 0;
    for (int i = 0; i < bytes; i++) *v |= (uint64_t)r->p[r->pos + i] << (8 * i);
    r->pos += (size_t)bytes;
    return RDB_OK;
}

static int getBE(rdbReader *r, int bytes, uint64_t *v) {
    if (need(r, (size_t)bytes) != RDB_OK) return RDB_ERR;
    *v = 0;
    for (int i = 0; i < bytes; i++) *v = (*v << 8) | r->p[r->pos + i];
    r->pos += (size_t)bytes;
    return RDB_OK;
}

/* Reads a length, or (setting *encoded) the kind of a special encoding. */
static int getLenOrEnc(rdbReader *r, uint64_t *len, int *encoded) {
    unsigned c;
    *encoded = 0;
    if (getByte(r, &c) != RDB_OK) return RDB_ERR;
    switch (c >> 6) {
    case RDB_6BITLEN: *len = c & 0x3f; return RDB_OK;
    case RDB_14BITLEN: {
        unsigned lo;
        if (getByte(r, &lo) != RDB_OK) return RDB_ERR;
        *len = ((uint64_t)(c & 0x3f) << 8) | lo;
        return RDB_OK;
    }
    case RDB_ENCVAL: *encoded = 1; *len = c & 0x3f; return RDB_OK;
    }
    if (c == RDB_32BITLEN) return getBE(r, 4, len);
    if (c == RDB_64BITLEN) return getBE(r, 8, len);
    return rdbFail(r, "Unknown length encoding %u in rdbLoadLen()", c);
}

int rdbGetLen(rdbReader *r, uint64_t *len) {
    int encoded;
    if (getLenOrEnc(r, len, &encoded) != RDB_OK) return RDB_ERR;
    if (encoded) return rdbFail(r, "Unexpected string encoding where a length belongs at offset %zu",
                             r->pos);
    return RDB_OK;
}

/* Reads a string into a zmalloc'ed buffer (*s, *slen), the caller frees. */
int rdbGetString(rdbReader *r, char **s, size_t *slen) {
    uint64_t len;
    int encoded;
    if (getLenOrEnc(r, &len, &encoded) != RDB_OK) return RDB_ERR;
    if (!encoded) {
        if (need(r, len) != RDB_OK) return RDB_ERR;
        *s = zmalloc(len ? len : 1);
        memcpy(*s, r->p + r->pos, len);
        r->pos += len;
        *slen = len;
        return RDB_OK;
    }
    if (len == RDB_ENC_LZF) {
        uint64_t clen, ulen;
        if (rdbGetLen(r, &clen) != RDB_OK || rdbGetLen(r, &ulen) != RDB_OK) return RDB_ERR;
        if (need(r, clen) != RDB_OK) return RDB_ERR;
        /* Checked before allocating: clen bytes cannot expand to more, and
         * liblzf's lengths are unsigned ints (nothing longer is written). */
        if (ulen == 0 || ulen > clen * LZF_MAX_RATIO)
            return rdbFail(r, "Invalid LZF compressed string: %llu bytes cannot hold %llu",
                        (unsigned long long)clen, (unsigned long long)ulen);
        if (clen > UINT_MAX || ulen > UINT_MAX)
            return rdbFail(r, "Invalid LZF compressed string: %llu bytes from %llu, over liblzf's "
                        "4 GB limit", (unsigned long long)ulen, (unsigned long long)clen);
        *s = zmalloc(ulen ? ulen : 1);
        /* liblzf returns 0 for a malformed stream or one that does not fit
         * in ulen bytes; one that decodes to fewer is refused too. */
        if (lzf_decompress(r->p + r->pos, (unsigned)clen, *s, (unsigned)ulen) != ulen) {
            zfree(*s);
            return rdbFail(r, "Invalid LZF compressed string at offset %zu", r->pos);
        }
        r->pos += clen;
        *slen = ulen;
        return RDB_OK;
    }
    static const int widths[] = {1, 2, 4};
    if (len > RDB_ENC_INT32) return rdbFail(r, "Unknown RDB string encoding type %llu",
                                         (unsigned long long)len);
    uint64_t raw;
    int w = widths[len];
    if (getLE(r, w, &raw) != RDB_OK) return RDB_ERR;
    long long v = w == 1 ? (int8_t)raw : w == 2 ? (int16_t)raw : (int32_t)raw;
    *s = zmalloc(32);
    *slen = ll2string(*s, v);
    return RDB_OK;
}

static int skipString(rdbReader *r) {
    char *s;
    size_t len;
    if (rdbGetString(r, &s, &len) != RDB_OK) return RDB_ERR;
    zfree(s);
    return RDB_OK;
}

static const char *typeName(unsigned t) {
    static const char *const names[] = {
        [1] = "list", [2] = "set", [3] = "zset", [4] = "hash", [5] = "zset",
        [6] = "module", [7] = "module", [9] = "hash (zipmap)", [10] = "list (ziplist)",
        [11] = "set (intset)", [12] = "zset (ziplist)", [13] = "hash (ziplist)",
        [14] = "list (quicklist)", [15] = "stream", [16] = "hash (listpack)",
        [17] = "zset (listpack)", [18] = "list (quicklist)", [19] = "stream",
    };
    if (t < sizeof(names) / sizeof(names[0]) && names[t]) return names[t];
    return "unknown";
}

/* A key and its value of type t, saved under rdbType. The value is read
 * whole before the key is judged (expired, duplicate). */
static int loadKey(rdbReader *r, keyspace *ks, redisDb *db, const typeOps *t, unsigned rdbType,
                   long long expireMs, rdbLoadStats *st) {
    char *key;
    size_t klen;
    if (rdbGetString(r, &key, &klen) != RDB_OK) return RDB_ERR;
    slice k = {key, klen};
    entry *e = t->rdbLoad(r, rdbType, k, expireMs);
    if (!e) {
        zfree(key);
        return RDB_ERR;
    }
    int rc = RDB_OK;
    if (expireMs != ENTRY_NO_EXPIRE && expireMs < ks->nowMs && !ks->loading) {
        st->keysExpired++;
        typeFreeEntry(e);
    } else if (!(r->flags & RDB_LOAD_MERGE) && dbFind(db, k)) {
        rc = rdbFail(r, "Duplicate key '%.*s' in DB %d", (int)(klen > 64 ? 64 : klen), key, db->id);
        typeFreeEntry(e);
    } else {
        if (r->flags & RDB_LOAD_MERGE) dbDelete(db, k);
        dbAddEntry(db, e);
        st->keysLoaded++;
    }
    zfree(key);
    return rc;
}

static int loadBody(rdbReader *r, keyspace *ks, rdbLoadStats *st) {
    if (need(r, 9) != RDB_OK || memcmp(r->p, "REDIS", 5) != 0)
        return rdbFail(r, "Wrong signature trying to load DB from file");
    int version = 0;
    for (int i = 5; i < 9; i++) {
        if (r->p[i] < '0' || r->p[i] > '9') return rdbFail(r, "Wrong signature trying to load DB "
                                                           "from file");
        version = version * 10 + (r->p[i] - '0');
    }
    if (version < 1 || version > RDB_VERSION)
        return rdbFail(r, "Can't handle RDB format version %d", version);
    r->pos = 9;
    redisDb *db = &ks->dbs[0];
    long long expireMs = ENTRY_NO_EXPIRE;
    for (;;) {
        unsigned op;
        uint64_t v, v2;
        if (getByte(r, &op) != RDB_OK) return RDB_ERR;
        switch (op) {
        case RDB_OPCODE_EOF: {
            size_t end = r->pos;
            if (version < 5) return RDB_OK;
            if (getLE(r, 8, &v) != RDB_OK) return RDB_ERR;
            /* 0: written without a checksum. Not checked at all with
             * RDB_LOAD_NO_CHECKSUM, as Redis does with rdbchecksum no. */
            if (v != 0 && !(r->flags & RDB_LOAD_NO_CHECKSUM) && v != crc64(0, r->p, end))
                return rdbFail(r, "Wrong RDB checksum. Aborting now.");
            if (r->pos != r->len) return rdbFail(r, "Unexpected data after the RDB EOF marker");
            return RDB_OK;
        }
        case RDB_OPCODE_SELECTDB:
            if (rdbGetLen(r, &v) != RDB_OK) return RDB_ERR;
            if (v >= (uint64_t)ks->count)
                return rdbFail(r, "Data file was created with a Redis server configured to "
                            "handle more than %d databases", ks->count);
            db = &ks->dbs[v];
            continue;
        case RDB_OPCODE_RESIZEDB:
            if (rdbGetLen(r, &v) != RDB_OK || rdbGetLen(r, &v2) != RDB_OK) return RDB_ERR;
            continue;
        case RDB_OPCODE_AUX:
            /* Every AUX field is informational for a server without
             * replication or modules: read and skip them all. */
            if (skipString(r) != RDB_OK || skipString(r) != RDB_OK) return RDB_ERR;
            continue;
        case RDB_OPCODE_EXPIRETIME_MS:
            if (getLE(r, 8, &v) != RDB_OK) return RDB_ERR;
            expireMs = (long long)v;
            continue;
        case RDB_OPCODE_EXPIRETIME:
            if (getLE(r, 4, &v) != RDB_OK) return RDB_ERR;
            expireMs = (long long)v * 1000;
            continue;
        case RDB_OPCODE_IDLE:
            if (rdbGetLen(r, &v) != RDB_OK) return RDB_ERR;
            continue;
        case RDB_OPCODE_FREQ:
            if (getByte(r, &op) != RDB_OK) return RDB_ERR;
            continue;
        case RDB_OPCODE_MODULE_AUX:
        case RDB_OPCODE_FUNCTION:
        case RDB_OPCODE_FUNCTION2:
            return rdbFail(r, "Unsupported RDB opcode %u (%s) at offset %zu: redis-mini loads "
                        "only strings", op, op == RDB_OPCODE_MODULE_AUX ? "module aux data"
                                                                       : "functions",
                        r->pos - 1);
        default: {
            const typeOps *t = typeForRdbType(op);
            if (!t)
                return rdbFail(r, "Unsupported RDB value type %u (%s) at offset %zu: redis-mini "
                               "has no such type", op, typeName(op), r->pos - 1);
            if (loadKey(r, ks, db, t, op, expireMs, st) != RDB_OK) return RDB_ERR;
            expireMs = ENTRY_NO_EXPIRE;
            continue;
        }
        }
    }
}

static int loadBuffer(keyspace *ks, const unsigned char *buf, size_t len, int flags,
                      rdbLoadStats *stats, char *err, size_t errlen) {
    rdbReader r = {buf, len, 0, flags, err, errlen};
    memset(stats, 0, sizeof(*stats));
    return loadBody(&r, ks, stats);
}

int rdbLoadBuffer(keyspace *ks, const unsigned char *buf, size_t len, rdbLoadStats *stats,
                  char *err, size_t errlen) {
    return loadBuffer(ks, buf, len, 0, stats, err, errlen);
}

int rdbLoad(keyspace *ks, const char *filename, rdbLoadStats *stats, char *err, size_t errlen) {
    return rdbLoadWithFlags(ks, filename, 0, stats, err, errlen);
}

int rdbLoadWithFlags(keyspace *ks, const char *filename, int flags, rdbLoadStats *stats,
                     char *err, size_t errlen) {
    memset(stats, 0, sizeof(*stats));
    int fd = open(filename, O_RDONLY);
    if (fd == -1) {
        if (errno == ENOENT) return RDB_NOFILE;
        snprintf(err, errlen, "Can't open the RDB file %s: %s", filename, strerror(errno));
        return RDB_ERR;
    }
    struct stat st;
    if (fstat(fd, &st) == -1) {
        snprintf(err, errlen, "Can't stat the RDB file %s: %s", filename, strerror(errno));
        close(fd);
        return RDB_ERR;
    }
    size_t len = (size_t)st.st_size;
    unsigned char *buf = zmalloc(len ? len : 1);
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    int rc = loadBuffer(ks, buf, got, flags, stats, err, errlen);
    zfree(buf);
    return rc;
}
