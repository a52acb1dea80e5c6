/* persist/rdb.h -- RDB snapshots in Redis's own file format, version 10 (what
 * Redis 7.0 writes).
 *
 * A file is "REDIS0010", AUX fields (name/value string pairs), then per
 * non-empty database SELECTDB and RESIZEDB followed by its keys (each
 * optionally preceded by a millisecond expiry), then EOF and the CRC-64 of
 * everything before the checksum, little-endian (crc64.h). A key is its
 * value's RDB type byte, the key as a string, and the value: this file
 * writes and reads the frame, each value type (keyspace/type.h) its type
 * bytes and values, with the writer and reader below.
 *
 * Lengths use RDB's variable encoding (6-bit, 14-bit, 32- and 64-bit big
 * endian); a string may instead be an 8/16/32-bit little-endian integer or
 * LZF-compressed (by liblzf, the library Debian's redis-server links, so
 * both write a string as the same bytes). Saving writes integers that
 * round trip as 8/16/32-bit integers, strings over 20 bytes LZF-compressed
 * when that saves at least 4 bytes (unless RDB_SAVE_NO_COMPRESSION), other
 * strings plain; RDB_SAVE_NO_CHECKSUM writes a zero checksum, which
 * loaders take as "not computed". Loading accepts all of these, skips AUX
 * fields it does not know, the IDLE and FREQ hints, and refuses a value
 * type no registered type loads with an error naming it.
 *
 * This layer knows the keyspace (db.h) and nothing of clients or the server:
 * the caller passes the AUX values and gets error texts back to log. */
#ifndef RDB_H
#define RDB_H

#include <stddef.h>
#include <stdint.h>

#include "keyspace/db.h"

#define RDB_VERSION 10

/* Redis's RDB type byte of a string value. */
#define RDB_TYPE_STRING 0

#define RDB_OK 0
#define RDB_ERR -1
#define RDB_NOFILE -2 /* rdbLoad: there is no file to load */

/* rdbSaveInfo.flags; 0 is Redis's default (rdbcompression and rdbchecksum
 * yes), so an initializer that leaves flags out gets the safe choice. */
#define RDB_SAVE_NO_COMPRESSION (1 << 0) /* rdbcompression no */
#define RDB_SAVE_NO_CHECKSUM (1 << 1)    /* rdbchecksum no */

typedef struct rdbSaveInfo {
    const char *redisVer;
    long long ctime;   /* unix seconds */
    long long usedMem; /* bytes */
    int aofBase;       /* 1 when the file is an AOF's base (the aof-base AUX field) */
    int flags;         /* RDB_SAVE_* */
    /* Called after each key is written, when set: a background child
     * counts its progress here (and sleeps, for rdb-key-save-delay). */
    void (*keySaved)(void *privdata);
    void *privdata;
} rdbSaveInfo;

typedef struct rdbLoadStats {
    long long keysLoaded;
    long long keysExpired; /* found already expired and left out */
} rdbLoadStats;

/* The temporary file rdbSave writes in a process with this pid:
 * "temp-<pid>.rdb", as Redis names it. */
void rdbTempFileName(char *buf, size_t len, int pid);
/* Writes the keyspace to `filename` through a temporary file in the same
 * directory (rdbTempFileName of this process), fsynced, then renamed over
 * it. On error err says why. */
int rdbSave(keyspace *ks, const char *filename, const rdbSaveInfo *info, char *err,
            size_t errlen);
/* Writes the whole file to fd, from its current offset (no fsync, no
 * close): what rdbSave does between opening and renaming, and what a
 * forked child writes. On error err says why. */
int rdbSaveToFd(keyspace *ks, int fd, const rdbSaveInfo *info, char *err, size_t errlen);
/* Serializes the keyspace into a malloc'ed buffer (*out, *outlen). */
int rdbSaveToBuffer(keyspace *ks, const rdbSaveInfo *info, unsigned char **out,
                    size_t *outlen);

/* How many bytes e's value takes in a file saved with RDB_SAVE_* flags
 * (for a string: its length or integer header, compressed or not): DEBUG
 * OBJECT's serializedlength. */
size_t rdbSavedValueLength(const entry *e, int flags);

/* --- what a value type's rdbSave and rdbLoad use ---------------------------- */

/* Where a save writes; it knows the save's flags. Writes never fail here:
 * the first error is kept and reported when the save ends. */
typedef struct rdbWriter rdbWriter;
/* RDB's variable length encoding. */
void rdbPutLen(rdbWriter *w, uint64_t len);
/* A string as Redis writes it: a canonical integer of up to 32 bits as that
 * integer, else LZF-compressed when compression is on and it saves enough,
 * else its length and bytes. */
void rdbPutString(rdbWriter *w, const char *s, size_t len);

/* A bounds-checked cursor over the file being loaded. Each getter returns
 * RDB_OK, or RDB_ERR with the reason set as the load's error. */
typedef struct rdbReader rdbReader;
int rdbGetLen(rdbReader *r, uint64_t *len);
/* Any string encoding; *s is zmalloc'ed (the caller zfrees it). */
int rdbGetString(rdbReader *r, char **s, size_t *len);
/* Sets the load's error text (for a damaged payload) and returns RDB_ERR. */
int rdbFail(rdbReader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds the file's keys to ks (which the caller has emptied); keys whose
 * expiry is before ks->nowMs are left out (but kept while loading an AOF,
 * see keyspaceSetLoading). On RDB_ERR err says why, and ks
 * may hold some of the keys. */
int rdbLoad(keyspace *ks, const char *filename, rdbLoadStats *stats, char *err, size_t errlen);
/* rdbLoad with RDB_LOAD_* flags. RDB_LOAD_MERGE: a key of the file that is
 * already in ks replaces it (DEBUG RELOAD MERGE) instead of being an error.
 * RDB_LOAD_NO_CHECKSUM: the checksum is not verified (rdbchecksum no). */
#define RDB_LOAD_MERGE (1 << 0)
#define RDB_LOAD_NO_CHECKSUM (1 << 1)
int rdbLoadWithFlags(keyspace *ks, const char *filename, int flags, rdbLoadStats *stats,
                     char *err, size_t errlen);
int rdbLoadBuffer(keyspace *ks, const unsigned char *buf, size_t len, rdbLoadStats *stats,
                  char *err, size_t errlen);

#endif
