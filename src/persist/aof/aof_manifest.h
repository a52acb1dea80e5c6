/* persist/aof/aof_manifest.h -- the AOF manifest: which files make up the append-only
 * file, in Redis 7.0's text format, one file a line:
 *
 *   file appendonly.aof.2.base.rdb seq 2 type b
 *   file appendonly.aof.2.incr.aof seq 2 type i
 *   file appendonly.aof.3.incr.aof seq 3 type i
 *
 * Types: b the base (at most one), i an incr file (replayed in the order
 * listed, sequence numbers rising), h history (a file a rewrite replaced,
 * to be deleted; never loaded). Lines starting with '#' are comments;
 * values are quoted like config arguments when they need to be; keys we do
 * not know are ignored, as Redis ignores them.
 *
 * A plain data structure: it knows nothing of the server, files or the
 * AOF's state. aof.c and aof_rewrite.c change a copy (aofManifestDup) and
 * install it only once it is on disk. */
#ifndef AOF_MANIFEST_H
#define AOF_MANIFEST_H

#include "lib/sds.h"

#define AOF_FILE_BASE 'b'
#define AOF_FILE_HISTORY 'h'
#define AOF_FILE_INCR 'i'

typedef struct aofInfo {
    sds name;
    long long seq;
    char type;
} aofInfo;

typedef struct aofManifest {
    aofInfo *base;    /* NULL while there is none */
    aofInfo **incr;   /* in replay order */
    int incrCount;
    aofInfo **history;
    int historyCount;
    long long baseSeq;  /* the highest sequence numbers used so far */
    long long incrSeq;
} aofManifest;

aofManifest *aofManifestCreate(void);
void aofManifestFree(aofManifest *am);
aofManifest *aofManifestDup(const aofManifest *am);

/* Parses a manifest's text. NULL on error, with *err set to a static text
 * saying what is wrong (as Redis says it). */
aofManifest *aofManifestParse(const char *text, size_t len, const char **err);
/* The manifest's text. */
sds aofManifestFormat(const aofManifest *am);

/* Makes a new base named "<name>.<seq>.base.rdb" (or .aof) with the next
 * sequence number; the old base becomes history. Returns its name. */
const char *aofManifestNewBase(aofManifest *am, const char *name, int rdb);
/* Appends a new incr file "<name>.<seq>.incr.aof"; returns its name. */
const char *aofManifestNewIncr(aofManifest *am, const char *name);
/* Appends an incr file of a given name with the next sequence number (a
 * temporary incr file renamed into place). */
void aofManifestAddIncr(aofManifest *am, const char *fileName);
/* Turns the incr files into history, all of them or all but the last. */
void aofManifestIncrToHistory(aofManifest *am, int keepLast);
/* Forgets the history files (once they are deleted). */
void aofManifestClearHistory(aofManifest *am);
/* Whether a manifest names no base and no incr file. */
int aofManifestIsEmpty(const aofManifest *am);

/* "<name>.manifest" (sds). */
sds aofManifestFileName(const char *name);

#endif
