/* types/types.h -- the value types: each type's representation and its
 * operations (keyspace/type.h's table: names, encodings, free and dup, RDB
 * save and load, digest, AOF rewrite, memory usage), one file per type. The
 * commands on a type are not here but in commands/; they reach its values
 * through the keyspace (keyspace/db.h) and the type's own header.
 *
 * This folder sits above persist/: a type writes and reads its RDB payload
 * with persist/rdb.h's writer and reader, while persist/ and keyspace/ know
 * the types only through the registry. */
#ifndef TYPES_H
#define TYPES_H

#include "keyspace/type.h"
#include "lib/module.h"

/* Registers every type of this folder (keyspace/type.h). The server calls
 * it once at start-up before loading any data, and so do the unit tests
 * that save, load or digest values; calling it again does nothing. */
void typesRegister(void);
/* The module whose init registers them. */
extern const serverModule typesModule;

/* The tables typesRegister registers, one per file. */
extern const typeOps stringType; /* string.c */

#endif
