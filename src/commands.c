/* commands.c -- the command table, lookup and dispatch; see commands.h. */
#include "commands.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "reply.h"
#include "server.h"

#define GROUP_STRING "string"
#define GROUP_GENERIC "generic"
#define GROUP_CONNECTION "connection"
#define GROUP_SERVER "server"

/* A table row: designated initializers keep the run-time fields zeroed. */
#define CMD(name_, proc_, arity_, flags_, first_, last_, step_, group_, since_, summary_,      \
            complexity_, subs_)                                                                \
    {.name = (name_), .proc = (proc_), .arity = (arity_), .flags = (flags_),                  \
     .firstKey = (first_), .lastKey = (last_), .keyStep = (step_), .group = (group_),          \
     .since = (since_), .summary = (summary_), .complexity = (complexity_),                    \
     .subcommands = (subs_)}

static redisCommand configSubcommands[] = {
    CMD("get", configGetCommand, -3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "2.0.0", "Returns the effective values of configuration parameters.",
     "O(N) when N is the number of configuration parameters provided", NULL),
    CMD("set", configSetCommand, -4, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "2.0.0", "Sets configuration parameters in-flight.",
     "O(N) when N is the number of configuration parameters provided", NULL),
    CMD("rewrite", configRewriteCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.0", "Persists the effective configuration to file.",
     "O(1)", NULL),
    CMD("resetstat", configResetStatCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_SERVER, "2.0.0", "Resets the server's statistics.", "O(1)", NULL),
    CMD("help", configHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand clientSubcommands[] = {
    CMD("id", clientIdCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "5.0.0", "Returns the unique client ID of the connection.", "O(1)", NULL),
    CMD("setname", clientSetNameCommand, 3, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.6.9", "Sets the connection name.", "O(1)", NULL),
    CMD("getname", clientGetNameCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.6.9", "Returns the name of the connection.", "O(1)", NULL),
    CMD("list", clientListCommand, -2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.4.0", "Lists open connections.",
     "O(N) where N is the number of client connections", NULL),
    CMD("help", clientHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand commandSubcommands[] = {
    CMD("count", commandCountCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns a count of commands.", "O(1)", NULL),
    CMD("info", commandInfoCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns information about one, multiple or all commands.",
     "O(N) where N is the number of commands to look up", NULL),
    CMD("docs", commandDocsCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "7.0.0",
     "Returns documentary information about one, multiple or all commands.",
     "O(N) where N is the number of commands to look up", NULL),
    CMD("getkeys", commandGetKeysCommand, -4, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "2.8.13", "Extracts the key names from an arbitrary command.",
     "O(N) where N is the number of arguments to the command", NULL),
    CMD("help", commandHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("list", commandListCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "7.0.0",
     "Returns a list of command names.", "O(N) where N is the total number of Redis commands",
     NULL),
    {0},
};

static redisCommand memorySubcommands[] = {
    CMD("doctor", memoryDoctorCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Outputs a memory problems report.", "O(1)", NULL),
    CMD("help", memoryHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("stats", memoryStatsCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns details about memory usage.", "O(1)", NULL),
    CMD("usage", memoryUsageCommand, -3, CMD_READONLY, 2, 2, 1, GROUP_SERVER, "4.0.0",
     "Estimates the memory usage of a key.", "O(N) where N is the number of samples.", NULL),
    {0},
};

/* Sorted by name within each group, groups in Redis's documentation order. */
static redisCommand commandTable[] = {
    /* strings */
    CMD("decr", decrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("decrby", decrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Decrements a number from the integer value of a key. Uses 0 as initial value if "
     "the key doesn't exist.", "O(1)", NULL),
    CMD("get", getCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Returns the string value of a key.", "O(1)", NULL),
    CMD("incr", incrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("incrby", incrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Increments the integer value of a key by a number. Uses 0 as initial value if the "
     "key doesn't exist.", "O(1)", NULL),
    CMD("mget", mgetCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_STRING, "1.0.0",
     "Atomically returns the string values of one or more keys.",
     "O(N) where N is the number of keys to retrieve.", NULL),
    CMD("mset", msetCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, -1, 2, GROUP_STRING, "1.0.1",
     "Atomically creates or modifies the string values of one or more keys.",
     "O(N) where N is the number of keys to set.", NULL),
    CMD("set", setCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Sets the string value of a key, ignoring its type. The key is created if it doesn't "
     "exist.", "O(1)", NULL),
    /* keyspace */
    CMD("del", delCommand, -2, CMD_WRITE, 1, -1, 1, GROUP_GENERIC, "1.0.0",
     "Deletes one or more keys.", "O(N) where N is the number of keys that will be removed.",
     NULL),
    CMD("exists", existsCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "1.0.0",
     "Determines whether one or more keys exist.",
     "O(N) where N is the number of keys to check.", NULL),
    CMD("expire", expireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Sets the expiration time of a key in seconds.", "O(1)", NULL),
    CMD("persist", persistCommand, 2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.2.0",
     "Removes the expiration time of a key.", "O(1)", NULL),
    CMD("pexpire", pexpireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Sets the expiration time of a key in milliseconds.", "O(1)", NULL),
    CMD("pttl", pttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Returns the expiration time in milliseconds of a key.", "O(1)", NULL),
    CMD("ttl", ttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Returns the expiration time in seconds of a key.", "O(1)", NULL),
    /* connection */
    CMD("client", NULL, -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "2.4.0", "A container for client connection commands.", "Depends on subcommand.",
     clientSubcommands),
    CMD("echo", echoCommand, 2, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Returns the given string.", "O(1)", NULL),
    CMD("hello", helloCommand, -1, CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "6.0.0", "Handshakes with the Redis server.", "O(1)", NULL),
    CMD("ping", pingCommand, -1, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Returns the server's liveliness response.", "O(1)", NULL),
    CMD("quit", quitCommand, -1, CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "1.0.0", "Closes the connection.", "O(1)", NULL),
    CMD("select", selectCommand, 2, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Changes the selected database.", "O(1)", NULL),
    /* server */
    CMD("command", commandCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns detailed information about all commands.",
     "O(N) where N is the total number of Redis commands", commandSubcommands),
    CMD("config", NULL, -2, CMD_ADMIN, 0, 0, 0, GROUP_SERVER, "2.0.0",
     "A container for server configuration commands.", "Depends on subcommand.",
     configSubcommands),
    CMD("dbsize", dbsizeCommand, 1, CMD_READONLY | CMD_FAST, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns the number of keys in the database.", "O(1)", NULL),
    CMD("flushall", flushallCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Removes all keys from all databases.",
     "O(N) where N is the total number of keys in all databases", NULL),
    CMD("flushdb", flushdbCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Remove all keys from the current database.",
     "O(N) where N is the number of keys in the selected database", NULL),
    CMD("info", infoCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns information and statistics about the server.", "O(1)", NULL),
    CMD("memory", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "A container for memory diagnostics commands.", "Depends on subcommand.",
     memorySubcommands),
    CMD("shutdown", shutdownCommand, -1,
     CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_NO_AUTH, 0, 0, 0, GROUP_SERVER,
     "1.0.0", "Synchronously saves the database(s) to disk and shuts down the Redis server.",
     "O(N) when saving, where N is the total number of keys in all databases when saving data, "
     "otherwise O(1)", NULL),
};

#define COMMAND_COUNT ((int)(sizeof(commandTable) / sizeof(commandTable[0])))

/* --- lookup --------------------------------------------------------------- */

/* An open-addressing index over the table, keyed by a case-insensitive hash
 * of the name: one hash and usually one comparison per lookup. */
#define COMMAND_INDEX_SIZE 128
#define COMMAND_NAME_MAX 32
static redisCommand *commandIndex[COMMAND_INDEX_SIZE];

static uint32_t nameHash(const char *p, size_t len) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)(p[i] | 0x20); /* ASCII letters fold to lowercase */
        h *= 16777619u;
    }
    return h;
}

static void initSubcommands(redisCommand *parent) {
    for (redisCommand *sub = parent->subcommands; sub && sub->name; sub++) {
        sub->parent = parent;
        sub->nameLen = strlen(sub->name);
        snprintf(sub->fullname, sizeof(sub->fullname), "%s|%s", parent->name, sub->name);
    }
}

void commandTableInit(void) {
    _Static_assert(COMMAND_COUNT * 2 <= COMMAND_INDEX_SIZE, "command index too small");
    for (int i = 0; i < COMMAND_COUNT; i++) {
        redisCommand *cmd = &commandTable[i];
        cmd->nameLen = strlen(cmd->name);
        snprintf(cmd->fullname, sizeof(cmd->fullname), "%s", cmd->name);
        initSubcommands(cmd);
        uint32_t slot = nameHash(cmd->name, cmd->nameLen) % COMMAND_INDEX_SIZE;
        while (commandIndex[slot]) slot = (slot + 1) % COMMAND_INDEX_SIZE;
        commandIndex[slot] = cmd;
    }
}

redisCommand *lookupCommand(slice name) {
    if (name.len == 0 || name.len > COMMAND_NAME_MAX) return NULL;
    uint32_t slot = nameHash(name.ptr, name.len) % COMMAND_INDEX_SIZE;
    for (redisCommand *cmd; (cmd = commandIndex[slot]) != NULL;
         slot = (slot + 1) % COMMAND_INDEX_SIZE) {
        if (cmd->nameLen == name.len && memEqualsNoCase(cmd->name, name.ptr, name.len)) return cmd;
    }
    return NULL;
}

static redisCommand *lookupSubcommand(const redisCommand *parent, slice name) {
    for (redisCommand *sub = parent->subcommands; sub->name; sub++) {
        if (sliceEqualsNoCase(name, sub->name)) return sub;
    }
    return NULL;
}

redisCommand *commandTableEntries(int *count) {
    *count = COMMAND_COUNT;
    return commandTable;
}

/* --- dispatch ------------------------------------------------------------- */

static void replyUnknownCommand(client *c) {
    sds args = sdsempty();
    for (int i = 1; i < c->argc && sdslen(args) < ERROR_QUOTE_MAX_LEN; i++) {
        size_t room = ERROR_QUOTE_MAX_LEN - sdslen(args);
        int len = (int)(c->argv[i].len < room ? c->argv[i].len : room);
        args = sdscatprintf(args, "'%.*s' ", len, c->argv[i].ptr);
    }
    size_t namelen = c->argv[0].len < ERROR_QUOTE_MAX_LEN ? c->argv[0].len : ERROR_QUOTE_MAX_LEN;
    addReplyErrorFormat(c, "unknown command '%.*s', with args beginning with: %s", (int)namelen,
                        c->argv[0].ptr, args);
    sdsfree(args);
}

static int arityMatches(const redisCommand *cmd, int argc) {
    return cmd->arity > 0 ? argc == cmd->arity : argc >= -cmd->arity;
}

static void call(client *c) {
    c->lastcmd = c->cmd;
    c->cmd->proc(c);
    server.stats.numCommands++;
}

void processCommand(client *c) {
    redisCommand *cmd = lookupCommand(c->argv[0]);
    if (!cmd) {
        replyUnknownCommand(c);
        return;
    }
    c->cmd = cmd;
    if (cmd->subcommands && (c->argc >= 2 || !cmd->proc)) {
        if (c->argc < 2) {
            addReplyErrorArity(c);
            return;
        }
        redisCommand *sub = lookupSubcommand(cmd, c->argv[1]);
        if (!sub) {
            addReplyUnknownSubcommand(c);
            return;
        }
        c->cmd = cmd = sub;
    }
    if (!arityMatches(cmd, c->argc)) {
        addReplyErrorArity(c);
        return;
    }
    call(c);
}
