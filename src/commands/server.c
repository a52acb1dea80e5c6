/* commands/server.c -- server-wide commands: DBSIZE, FLUSHDB, FLUSHALL, INFO,
 * TIME, SHUTDOWN, and COMMAND (COUNT, INFO, DOCS, LIST, GETKEYS)
 * which describes the command table to clients such as redis-cli. The
 * argument docs COMMAND DOCS shows are in command_docs.c. */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "commands/command_docs.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "observe/info.h"
#include "lib/log.h"
#include "persist/persistence.h"
#include "persist/propagate.h"
#include "net/reply.h"
#include "server/server.h"

void dbsizeCommand(client *c) { addReplyLongLong(c, (long long)dbSize(c->db)); }

/* FLUSHDB/FLUSHALL take an optional ASYNC or SYNC. Both free the keys
 * before replying: the result a client can observe is the same. */
static int parseFlushMode(client *c) {
    if (c->argc == 1) return C_OK;
    if (c->argc == 2 &&
        (sliceEqualsNoCase(c->argv[1], "async") || sliceEqualsNoCase(c->argv[1], "sync")))
        return C_OK;
    addReplySyntaxError(c);
    return C_ERR;
}

void flushdbCommand(client *c) {
    if (parseFlushMode(c) != C_OK) return;
    dbEmpty(c->db);
    propagateForce(); /* even an empty database's flush is written, as in Redis */
    addReplyOk(c);
}

void flushallCommand(client *c) {
    if (parseFlushMode(c) != C_OK) return;
    for (int i = 0; i < dataset.count; i++) dbEmpty(&dataset.dbs[i]);
    propagateForce();
    rdbAfterFlushall();
    addReplyOk(c);
}

/* TIME: unix seconds and microseconds, as two bulk strings. */
void timeCommand(client *c) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    addReplyArrayLen(c, 2);
    addReplyBulkLongLong(c, (long long)tv.tv_sec);
    addReplyBulkLongLong(c, (long long)tv.tv_usec);
}

/* SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. With save rules (or SAVE)
 * the dataset is saved first; if that fails the server refuses to exit
 * unless FORCE is given, as Redis does. NOW only skips waiting for
 * replicas, of which there are none. */
void shutdownCommand(client *c) {
    int flags = SHUTDOWN_NOFLAGS, abortShutdown = 0;
    for (int j = 1; j < c->argc; j++) {
        if (sliceEqualsNoCase(c->argv[j], "nosave")) flags |= SHUTDOWN_NOSAVE;
        else if (sliceEqualsNoCase(c->argv[j], "save")) flags |= SHUTDOWN_SAVE;
        else if (sliceEqualsNoCase(c->argv[j], "now")) flags |= SHUTDOWN_NOW;
        else if (sliceEqualsNoCase(c->argv[j], "force")) flags |= SHUTDOWN_FORCE;
        else if (sliceEqualsNoCase(c->argv[j], "abort")) abortShutdown = 1;
        else {
            addReplySyntaxError(c);
            return;
        }
    }
    if ((abortShutdown && c->argc != 2) ||
        ((flags & SHUTDOWN_SAVE) && (flags & SHUTDOWN_NOSAVE))) {
        addReplySyntaxError(c);
        return;
    }
    if (abortShutdown) {
        addReplyError(c, "No shutdown in progress.");
        return;
    }
    if (prepareForShutdown(flags) == C_OK) exit(0);
    addReplyError(c, "Errors trying to SHUTDOWN. Check logs.");
}

/* --- COMMAND -------------------------------------------------------------- */

static const struct {
    uint32_t flag;
    const char *name;
} commandFlagNames[] = {
    {CMD_WRITE, "write"},       {CMD_READONLY, "readonly"}, {CMD_DENYOOM, "denyoom"},
    {CMD_ADMIN, "admin"},       {CMD_PUBSUB, "pubsub"},     {CMD_NOSCRIPT, "noscript"},
    {CMD_LOADING, "loading"},   {CMD_STALE, "stale"},       {CMD_FAST, "fast"},
    {CMD_NO_AUTH, "no_auth"},
};

#define FLAG_NAME_COUNT (sizeof(commandFlagNames) / sizeof(commandFlagNames[0]))

static void addReplyCommandFlags(client *c, const redisCommand *cmd) {
    long long n = 0;
    for (size_t i = 0; i < FLAG_NAME_COUNT; i++)
        if (cmd->flags & commandFlagNames[i].flag) n++;
    addReplySetLen(c, n);
    for (size_t i = 0; i < FLAG_NAME_COUNT; i++)
        if (cmd->flags & commandFlagNames[i].flag) addReplyStatus(c, commandFlagNames[i].name);
}

/* ACL categories, derived from the flags and the group. Fills cats (room
 * for 6) and returns how many. */
static int commandCategories(const redisCommand *cmd, const char **cats) {
    int n = 0;
    if (cmd->flags & CMD_WRITE) cats[n++] = "@write";
    if (cmd->flags & CMD_READONLY) cats[n++] = "@read";
    if (strcmp(cmd->group, "string") == 0) cats[n++] = "@string";
    else if (strcmp(cmd->group, "generic") == 0) cats[n++] = "@keyspace";
    else if (strcmp(cmd->group, "connection") == 0) cats[n++] = "@connection";
    else if (strcmp(cmd->group, "pubsub") == 0) cats[n++] = "@pubsub";
    if (cmd->flags & CMD_ADMIN) {
        cats[n++] = "@admin";
        cats[n++] = "@dangerous";
    }
    cats[n++] = (cmd->flags & CMD_FAST) ? "@fast" : "@slow";
    if (strcmp(cmd->group, "transactions") == 0) cats[n++] = "@transaction"; /* Redis's order */
    return n;
}

static void addReplyCommandCategories(client *c, const redisCommand *cmd) {
    const char *cats[6];
    int n = commandCategories(cmd, cats);
    addReplySetLen(c, n);
    for (int i = 0; i < n; i++) addReplyStatus(c, cats[i]);
}

static int subcommandCount(const redisCommand *cmd) {
    int n = 0;
    for (const redisCommand *sub = cmd->subcommands; sub && sub->name; sub++) n++;
    return n;
}

/* The 10-element description COMMAND INFO gives in Redis 7.0: name, arity,
 * flags, first key, last key, key step, ACL categories, tips, key specs,
 * subcommands. */
static void addReplyCommandInfo(client *c, const redisCommand *cmd) {
    addReplyArrayLen(c, 10);
    addReplyBulkCString(c, cmd->fullname);
    addReplyLongLong(c, cmd->arity);
    addReplyCommandFlags(c, cmd);
    addReplyLongLong(c, cmd->firstKey);
    addReplyLongLong(c, cmd->lastKey);
    addReplyLongLong(c, cmd->keyStep);
    addReplyCommandCategories(c, cmd);
    /* Sets in RESP3, as Redis 7.0 sends them. */
    addReplySetLen(c, 0); /* tips */
    addReplySetLen(c, 0); /* key specs */
    addReplySetLen(c, subcommandCount(cmd));
    for (const redisCommand *sub = cmd->subcommands; sub && sub->name; sub++)
        addReplyCommandInfo(c, sub);
}

/* Redis 7.0's docs map: summary, since, group, complexity, the deprecation
 * and history notes when there are any, then the arguments or the
 * subcommands. */
static void addReplyCommandDocs(client *c, const redisCommand *cmd) {
    int subs = subcommandCount(cmd);
    const commandDoc *doc = commandDocFind(cmd->fullname);
    int hasArgs = doc && doc->args;
    addReplyMapLen(c, 4 + (doc ? commandDocExtraFields(doc) : 0) + hasArgs + (subs > 0));
    addReplyBulkCString(c, "summary");
    addReplyBulkCString(c, cmd->summary);
    addReplyBulkCString(c, "since");
    addReplyBulkCString(c, cmd->since);
    addReplyBulkCString(c, "group");
    addReplyBulkCString(c, cmd->group);
    addReplyBulkCString(c, "complexity");
    addReplyBulkCString(c, cmd->complexity);
    if (doc) addReplyCommandDocExtras(c, doc);
    if (hasArgs) {
        addReplyBulkCString(c, "arguments");
        addReplyCommandDocArgs(c, doc);
    }
    if (!subs) return;
    addReplyBulkCString(c, "subcommands");
    addReplyMapLen(c, subs);
    for (const redisCommand *sub = cmd->subcommands; sub->name; sub++) {
        addReplyBulkCString(c, sub->fullname);
        addReplyCommandDocs(c, sub);
    }
}

void commandCommand(client *c) {
    int count;
    redisCommand *table = commandTableEntries(&count);
    addReplyArrayLen(c, count);
    for (int i = 0; i < count; i++) addReplyCommandInfo(c, &table[i]);
}

void commandCountCommand(client *c) {
    int count;
    commandTableEntries(&count);
    addReplyLongLong(c, count);
}

/* Finds "name" or "container|sub" for COMMAND INFO/DOCS. */
static const redisCommand *findCommandByFullName(slice name) {
    const char *bar = memchr(name.ptr, '|', name.len);
    if (!bar) return lookupCommand(name);
    slice parentName = {name.ptr, (size_t)(bar - name.ptr)};
    slice subName = {(char *)bar + 1, name.len - parentName.len - 1};
    const redisCommand *parent = lookupCommand(parentName);
    for (const redisCommand *sub = parent ? parent->subcommands : NULL; sub && sub->name; sub++)
        if (sliceEqualsNoCase(subName, sub->name)) return sub;
    return NULL;
}

void commandInfoCommand(client *c) {
    if (c->argc == 2) {
        commandCommand(c);
        return;
    }
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        const redisCommand *cmd = findCommandByFullName(c->argv[j]);
        if (cmd) addReplyCommandInfo(c, cmd);
        else addReplyNull(c);
    }
}

void commandDocsCommand(client *c) {
    int count;
    redisCommand *table = commandTableEntries(&count);
    if (c->argc == 2) {
        addReplyMapLen(c, count);
        for (int i = 0; i < count; i++) {
            addReplyBulkCString(c, table[i].fullname);
            addReplyCommandDocs(c, &table[i]);
        }
        return;
    }
    /* Unknown names are left out, so count the known ones first. */
    long long found = 0;
    for (int j = 2; j < c->argc; j++)
        if (findCommandByFullName(c->argv[j])) found++;
    addReplyMapLen(c, found);
    for (int j = 2; j < c->argc; j++) {
        const redisCommand *cmd = findCommandByFullName(c->argv[j]);
        if (!cmd) continue;
        addReplyBulkCString(c, cmd->fullname);
        addReplyCommandDocs(c, cmd);
    }
}

/* --- COMMAND LIST / GETKEYS ----------------------------------------------- */

typedef struct commandFilter {
    enum { FILTER_NONE, FILTER_MODULE, FILTER_ACLCAT, FILTER_PATTERN } by;
    slice value;
} commandFilter;

static int commandInCategory(const redisCommand *cmd, slice category) {
    const char *cats[6];
    int n = commandCategories(cmd, cats);
    for (int i = 0; i < n; i++)
        if (sliceEqualsNoCase(category, cats[i] + 1)) return 1;
    return 0;
}

static int commandMatchesFilter(const redisCommand *cmd, const commandFilter *f) {
    switch (f->by) {
    case FILTER_NONE: return 1;
    case FILTER_MODULE: return 0; /* there are no modules */
    case FILTER_ACLCAT: return commandInCategory(cmd, f->value);
    case FILTER_PATTERN:
        return stringmatchlen(f->value.ptr, f->value.len, cmd->fullname, strlen(cmd->fullname),
                              1);
    }
    return 0;
}

/* Every command and subcommand that passes the filter, parents first. With
 * reply NULL only counts them. */
static long long listCommands(client *reply, const commandFilter *f) {
    int count;
    redisCommand *table = commandTableEntries(&count);
    long long n = 0;
    for (int i = 0; i < count; i++) {
        if (commandMatchesFilter(&table[i], f)) {
            n++;
            if (reply) addReplyBulkCString(reply, table[i].fullname);
        }
        for (const redisCommand *sub = table[i].subcommands; sub && sub->name; sub++) {
            if (!commandMatchesFilter(sub, f)) continue;
            n++;
            if (reply) addReplyBulkCString(reply, sub->fullname);
        }
    }
    return n;
}

/* COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
void commandListCommand(client *c) {
    commandFilter f = {FILTER_NONE, {NULL, 0}};
    if (c->argc == 5 && sliceEqualsNoCase(c->argv[2], "filterby")) {
        f.value = c->argv[4];
        if (sliceEqualsNoCase(c->argv[3], "module")) f.by = FILTER_MODULE;
        else if (sliceEqualsNoCase(c->argv[3], "aclcat")) f.by = FILTER_ACLCAT;
        else if (sliceEqualsNoCase(c->argv[3], "pattern")) f.by = FILTER_PATTERN;
    }
    if (c->argc != 2 && f.by == FILTER_NONE) {
        addReplySyntaxError(c);
        return;
    }
    addReplyArrayLen(c, listCommands(NULL, &f));
    listCommands(c, &f);
}

/* COMMAND GETKEYS command [arg ...]: the keys a command line would touch,
 * from the command's first key, last key and step. */
void commandGetKeysCommand(client *c) {
    const redisCommand *cmd = lookupCommand(c->argv[2]);
    int argc = c->argc - 2;
    const slice *argv = c->argv + 2;
    if (cmd && cmd->subcommands && argc >= 2) {
        const redisCommand *sub = cmd->subcommands;
        while (sub->name && !sliceEqualsNoCase(argv[1], sub->name)) sub++;
        cmd = sub->name ? sub : NULL;
    } else if (cmd && !cmd->proc) {
        cmd = NULL;
    }
    if (!cmd) {
        addReplyError(c, "Invalid command specified");
        return;
    }
    if ((cmd->arity > 0 && argc != cmd->arity) || argc < -cmd->arity) {
        addReplyError(c, "Invalid number of arguments specified for command");
        return;
    }
    if (cmd->firstKey == 0) {
        addReplyError(c, "The command has no key arguments");
        return;
    }
    int last = cmd->lastKey < 0 ? argc + cmd->lastKey : cmd->lastKey;
    long long n = 0;
    for (int j = cmd->firstKey; j <= last && j < argc; j += cmd->keyStep) n++;
    if (n == 0) {
        addReplyError(c, "Invalid arguments specified for command");
        return;
    }
    addReplyArrayLen(c, n);
    for (int j = cmd->firstKey; j <= last && j < argc; j += cmd->keyStep)
        addReplyBulk(c, argv[j].ptr, argv[j].len);
}

void commandHelpCommand(client *c) {
    static const char *lines[] = {
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full command.",
        NULL,
    };
    addReplyHelp(c, lines);
}
