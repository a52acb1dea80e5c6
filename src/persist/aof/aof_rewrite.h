/* persist/aof/aof_rewrite.h -- BGREWRITEAOF, the automatic rewrite, and writing base
 * files; see aof_rewrite.c. */
#ifndef AOF_REWRITE_H
#define AOF_REWRITE_H

#include "dispatch/commands.h"

/* BGREWRITEAOF's row, part of the aof module. */
extern redisCommand aofRewriteCommands[];

/* Starts a rewrite in a child: a new incr file takes the records from now
 * on, the child writes the dataset as a new base. C_OK, or C_ERR (a child
 * already runs, or opening or forking failed; logged). */
int aofRewriteBackground(void);
/* Writes the whole dataset to path as a base file: an RDB with the
 * aof-base marker (aof-use-rdb-preamble yes) or SET/PEXPIREAT commands,
 * fsynced. C_OK or C_ERR, logged. Used by the child and at start-up. */
int aofWriteBaseFile(const char *path);
/* The cron's part: a scheduled rewrite once no child runs, and the
 * automatic one (auto-aof-rewrite-percentage, -min-size). */
void aofRewriteCron(void);

#endif
