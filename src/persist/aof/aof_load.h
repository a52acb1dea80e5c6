/* persist/aof/aof_load.h -- loading the append-only file at start-up; see aof_load.c. */
#ifndef AOF_LOAD_H
#define AOF_LOAD_H

/* Reads the manifest if the AOF directory has one (whether or not
 * appendonly is on: BGREWRITEAOF and CONFIG SET appendonly yes go on from
 * it), after removing temporary files an earlier run left behind. A
 * manifest that cannot be read or parsed ends the process. */
void aofLoadManifest(void);
/* Loads the files the manifest lists into the keyspace. Returns 0 when
 * there was nothing to load; a file that cannot be loaded ends the
 * process with exit status 1. */
int aofLoadFiles(void);

#endif
