/* persistence.h -- RDB snapshots as the server uses them; see persistence.c. */
#ifndef PERSISTENCE_H
#define PERSISTENCE_H

#include "rdb.h"

/* What an RDB file written now carries: the AUX values, and flags from the
 * rdbcompression and rdbchecksum directives. Every dump the server writes
 * (SAVE, a background save, an AOF base) starts from this. */
rdbSaveInfo rdbSaveInfoFromServer(int aofBase);
/* Just the RDB_SAVE_* flags of the rdbcompression and rdbchecksum directives. */
int rdbSaveFlagsFromConfig(void);
/* The RDB_LOAD_* flags of the directives: with rdbchecksum no, a dump's
 * checksum is not verified when it is loaded, as in Redis. */
int rdbLoadFlagsFromConfig(void);

/* Saves the keyspace to dbfilename in the current directory (the `dir`);
 * C_OK or C_ERR, logged either way. */
int rdbSaveServer(void);
/* Loads dbfilename if it exists; a file that cannot be loaded ends the
 * process with a log line and exit status 1. */
void loadDataFromDisk(void);

#endif
