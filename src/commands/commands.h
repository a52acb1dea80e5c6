/* commands/commands.h -- the command procedures, grouped as Redis groups
 * them, one file per group or concept: what the rest of the server sees of
 * this folder is one module per file, each exporting its command table
 * rows (dispatch/commands.h), listed by server/modules.c. */
#ifndef COMMANDS_COMMANDS_H
#define COMMANDS_COMMANDS_H

#include "lib/module.h"

extern const serverModule clientModule;       /* CLIENT */
extern const serverModule commandModule;      /* COMMAND */
extern const serverModule connectionModule;   /* HELLO, PING, ECHO, SELECT, QUIT, RESET */
extern const serverModule debugModule;        /* DEBUG */
extern const serverModule expireModule;       /* EXPIRE, TTL and their kin */
extern const serverModule keysModule;         /* DEL, EXISTS, RENAME, COPY, MOVE, ... */
extern const serverModule memoryModule;       /* MEMORY */
extern const serverModule objectModule;       /* OBJECT */
extern const serverModule scanModule;         /* KEYS, SCAN, RANDOMKEY */
extern const serverModule serverCommandsModule; /* DBSIZE, FLUSHDB, FLUSHALL, TIME */
extern const serverModule stringModule;       /* GET, SET, INCR, ... */
extern const serverModule stringRangeModule;  /* APPEND, GETRANGE, SETRANGE, LCS, ... */

#endif
