/* dispatch/commands.h -- the command table and the path from a parsed request to a
 * command procedure: lookup, arity check, execution, accounting.
 *
 * The table (commands.c) is the one place a command's name, arity, flags,
 * key positions and summary live (its argument docs are in command_docs.c);
 * COMMAND INFO/DOCS and the dispatch path both read it. Procedures live in cmd_<group>.c by Redis's command
 * groups. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdint.h>

#include "net/client.h"

#define CMD_WRITE (1 << 0)
#define CMD_READONLY (1 << 1)
#define CMD_DENYOOM (1 << 2)
#define CMD_ADMIN (1 << 3)
#define CMD_NOSCRIPT (1 << 4)
#define CMD_LOADING (1 << 5)
#define CMD_STALE (1 << 6)
#define CMD_FAST (1 << 7)
#define CMD_NO_AUTH (1 << 8)
#define CMD_PUBSUB (1 << 9)
/* Not a write, but replicated or propagated (PUBLISH, PFCOUNT, EVAL...):
 * held by CLIENT PAUSE WRITE like a write. */
#define CMD_MAY_REPLICATE (1 << 10)
/* Refused unless enable-debug-command allows it (DEBUG). */
#define CMD_PROTECTED (1 << 11)

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

    /* INFO commandstats, zeroed by CONFIG RESETSTAT. */
    long long calls;         /* times the procedure ran */
    long long microseconds;  /* their total duration, see call() */
    long long rejectedCalls; /* refused before running (arity) */
    long long failedCalls;   /* ran and replied with an error */
} redisCommand;

/* total_commands_processed: commands that ran (not those refused). */
extern long long numCommandsProcessed;

void commandTableInit(void);
redisCommand *lookupCommand(slice name);
/* Runs the command in c->argv, replying with Redis's error for an unknown
 * command, unknown subcommand, wrong arity or missing AUTH. A command that
 * a CLIENT PAUSE covers is not run: the client is left with CLIENT_PAUSED
 * set, and the caller keeps the command to run it again later. */
void processCommand(client *c);
/* Runs c->cmd with c->argv and counts it; EXEC runs queued commands here. */
void call(client *c);
/* Whether argument j of the command in c->argv is a password (AUTH, HELLO
 * AUTH), which MONITOR and SLOWLOG show as "(redacted)", as Redis does. */
int argumentIsRedacted(const client *c, int j);

/* cmd_string.c */
void getCommand(client *c);
void setCommand(client *c);
void mgetCommand(client *c);
void msetCommand(client *c);
void incrCommand(client *c);
void decrCommand(client *c);
void incrbyCommand(client *c);
void decrbyCommand(client *c);
void incrbyfloatCommand(client *c);
void getsetCommand(client *c);
void getdelCommand(client *c);
void getexCommand(client *c);
void setnxCommand(client *c);
void setexCommand(client *c);
void psetexCommand(client *c);
void msetnxCommand(client *c);

/* cmd_string_range.c */
void appendCommand(client *c);
void strlenCommand(client *c);
void getrangeCommand(client *c);
void setrangeCommand(client *c);
void lcsCommand(client *c);

/* cmd_object.c */
void objectEncodingCommand(client *c);
void objectRefcountCommand(client *c);
void objectIdletimeCommand(client *c);
void objectFreqCommand(client *c);
void objectHelpCommand(client *c);

/* cmd_keys.c */
/* The database numbered by arg (SELECT, MOVE, COPY DB), or NULL after
 * replying with Redis's error for a non-integer, out-of-int or unknown
 * index. */
redisDb *getDbOrReply(client *c, slice arg);
void delCommand(client *c);
void unlinkCommand(client *c);
void existsCommand(client *c);
void touchCommand(client *c);
void typeCommand(client *c);
void renameCommand(client *c);
void renamenxCommand(client *c);
void copyCommand(client *c);
void moveCommand(client *c);
void swapdbCommand(client *c);

/* cmd_scan.c */
void keysCommand(client *c);
void scanCommand(client *c);
void randomkeyCommand(client *c);

/* cmd_expire.c */
void expireCommand(client *c);
void pexpireCommand(client *c);
void expireatCommand(client *c);
void pexpireatCommand(client *c);
void ttlCommand(client *c);
void pttlCommand(client *c);
void expiretimeCommand(client *c);
void pexpiretimeCommand(client *c);
void persistCommand(client *c);

/* cmd_connection.c */
void helloCommand(client *c);
void resetCommand(client *c);
void pingCommand(client *c);
void echoCommand(client *c);
void quitCommand(client *c);
void selectCommand(client *c);

/* auth.c */
void authCommand(client *c);

/* cmd_client.c */
void clientIdCommand(client *c);
void clientSetNameCommand(client *c);
void clientGetNameCommand(client *c);
void clientListCommand(client *c);
void clientInfoCommand(client *c);
void clientKillCommand(client *c);
void clientReplyCommand(client *c);
void clientPauseCommand(client *c);
void clientUnpauseCommand(client *c);
void clientNoEvictCommand(client *c);
void clientGetRedirCommand(client *c);
void clientHelpCommand(client *c);
/* Checks and sets a connection name (CLIENT SETNAME, HELLO SETNAME).
 * Returns 0 after replying with the error if the name is not valid. */
int validateClientName(client *c, slice name);
void setClientName(client *c, slice name);
/* For RESET: replies back ON (CLIENT REPLY), NO-EVICT off, and the
 * authentication state of a new connection. */
void clientResetConnectionControls(client *c);

/* cmd_server.c */
void dbsizeCommand(client *c);
void flushdbCommand(client *c);
void flushallCommand(client *c);
void infoCommand(client *c);
void timeCommand(client *c);
void bgsaveCommand(client *c);
void lastsaveCommand(client *c);
void saveCommand(client *c);
void shutdownCommand(client *c);
void commandCommand(client *c);
void commandCountCommand(client *c);
void commandInfoCommand(client *c);
void commandDocsCommand(client *c);
void commandHelpCommand(client *c);
void commandListCommand(client *c);
void commandGetKeysCommand(client *c);

/* aof_rewrite.c */
void bgrewriteaofCommand(client *c);

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

/* multi.c */
void multiCommand(client *c);
void execCommand(client *c);
void discardCommand(client *c);
void watchCommand(client *c);
void unwatchCommand(client *c);

/* pubsub.c */
void subscribeCommand(client *c);
void unsubscribeCommand(client *c);
void psubscribeCommand(client *c);
void punsubscribeCommand(client *c);
void publishCommand(client *c);
void pubsubChannelsCommand(client *c);
void pubsubNumsubCommand(client *c);
void pubsubNumpatCommand(client *c);
void pubsubHelpCommand(client *c);

/* debug.c */
void debugCommand(client *c);

/* monitor.c, slowlog.c, latency.c declare their commands in their own
 * headers. */

/* Iteration over the top-level table, for COMMAND. */
redisCommand *commandTableEntries(int *count);
/* Zeroes every command's INFO commandstats counters. */
void resetCommandStats(void);

#endif
