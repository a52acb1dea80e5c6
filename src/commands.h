/* commands.h -- the command table and the path from a parsed request to a
 * command procedure: lookup, arity check, execution, accounting.
 *
 * The table (commands.c) is the one place a command's name, arity, flags,
 * key positions and summary live (its argument docs are in command_docs.c);
 * COMMAND INFO/DOCS and the dispatch path both read it. Procedures live in cmd_<group>.c by Redis's command
 * groups. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdint.h>

#include "client.h"

#define CMD_WRITE (1 << 0)
#define CMD_READONLY (1 << 1)
#define CMD_DENYOOM (1 << 2)
#define CMD_ADMIN (1 << 3)
#define CMD_NOSCRIPT (1 << 4)
#define CMD_LOADING (1 << 5)
#define CMD_STALE (1 << 6)
#define CMD_FAST (1 << 7)
#define CMD_NO_AUTH (1 << 8)

typedef void redisCommandProc(client *c);

typedef struct redisCommand {
    const char *name; /* lowercase */
    redisCommandProc *proc;
    int arity; /* n: exactly n arguments with the name; -n: at least n */
    uint32_t flags;
    int firstKey, lastKey, keyStep;
    const char *group;
    const char *since;
    const char *summary;
    const char *complexity;
    struct redisCommand *subcommands; /* terminated by a NULL name */

    /* Filled in by commandTableInit. */
    char fullname[64]; /* "get", "config|get" */
    size_t nameLen;
    struct redisCommand *parent;
} redisCommand;

void commandTableInit(void);
redisCommand *lookupCommand(slice name);
/* Runs the command in c->argv, replying with Redis's error for an unknown
 * command, unknown subcommand or wrong arity. */
void processCommand(client *c);

/* cmd_string.c */
void getCommand(client *c);
void setCommand(client *c);
void mgetCommand(client *c);
void msetCommand(client *c);
void incrCommand(client *c);
void decrCommand(client *c);
void incrbyCommand(client *c);
void decrbyCommand(client *c);

/* cmd_keys.c */
void delCommand(client *c);
void existsCommand(client *c);
void expireCommand(client *c);
void pexpireCommand(client *c);
void ttlCommand(client *c);
void pttlCommand(client *c);
void persistCommand(client *c);

/* cmd_connection.c */
void helloCommand(client *c);
void pingCommand(client *c);
void echoCommand(client *c);
void quitCommand(client *c);
void selectCommand(client *c);
void clientIdCommand(client *c);
void clientSetNameCommand(client *c);
void clientGetNameCommand(client *c);
void clientListCommand(client *c);
void clientHelpCommand(client *c);

/* cmd_server.c */
void dbsizeCommand(client *c);
void flushdbCommand(client *c);
void flushallCommand(client *c);
void infoCommand(client *c);
void shutdownCommand(client *c);
void commandCommand(client *c);
void commandCountCommand(client *c);
void commandInfoCommand(client *c);
void commandDocsCommand(client *c);
void commandHelpCommand(client *c);
void commandListCommand(client *c);
void commandGetKeysCommand(client *c);

/* cmd_config.c */
void configGetCommand(client *c);
void configSetCommand(client *c);
void configRewriteCommand(client *c);
void configResetStatCommand(client *c);
void configHelpCommand(client *c);

/* cmd_memory.c */
void memoryUsageCommand(client *c);
void memoryStatsCommand(client *c);
void memoryDoctorCommand(client *c);
void memoryHelpCommand(client *c);

/* Iteration over the top-level table, for COMMAND. */
redisCommand *commandTableEntries(int *count);

#endif
