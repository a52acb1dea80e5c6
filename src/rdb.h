/* rdb.h -- RDB snapshots in Redis's own file format, version 10 (what
 * Redis 7.0 writes), for the one value type redis-mini has: strings.
 *
 * A file is "REDIS0010", AUX fields (name/value string pairs), then per
 * non-empty database SELECTDB and RESIZEDB followed by its keys (each
 * optionally preceded by a millisecond expiry), then EOF and the CRC-64 of
 * everything before the checksum, little-endian (crc64.h).
 *
 * Lengths use RDB's variable encoding (6-bit, 14-bit, 32- and 64-bit big
 * endian); a string may instead be an 8/16/32-bit little-endian integer or
 * LZF-compressed (lzf.h). Saving writes plain strings, integers that round
 * trip as 8/16/32-bit integers. Loading accepts all of these, skips AUX
 * fields it does not know, the IDLE and FREQ hints, and refuses any other
 * value type with an error naming it.
 *
 * This layer knows the keyspace (db.h) and nothing of clients or the server:
 * the caller passes the AUX values and gets error texts back to log. */
#ifndef RDB_H
#define RDB_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define RDB_VERSION 10

#define RDB_OK 0
#define RDB_ERR -1
#define RDB_NOFILE -2 /* rdbLoad: there is no file to load */

typedef struct rdbSaveInfo {
    const char *redisVer;
    long long ctime;   /* unix seconds */
    long long usedMem; /* bytes */
    int aofBase;       /* 1 when the file is an AOF's base (the aof-base AUX field) */
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

/* Adds the file's keys to ks (which the caller has emptied); keys whose
 * expiry is before ks->nowMs are left out. On RDB_ERR err says why, and ks
 * may hold some of the keys. */
int rdbLoad(keyspace *ks, const char *filename, rdbLoadStats *stats, char *err, size_t errlen);
int rdbLoadBuffer(keyspace *ks, const unsigned char *buf, size_t len, rdbLoadStats *stats,
                  char *err, size_t errlen);

#endif
