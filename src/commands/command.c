/* commands/command.c -- COMMAND and its subcommands (COUNT, INFO, DOCS, LIST,
 * GETKEYS, HELP): the command table described to clients such as redis-cli
 * and client libraries, which build their hints and key routing from it.
 * The argument docs COMMAND DOCS shows are in command_docs.c. */
#include <string.h>

#include "commands/command_docs.h"
#include "dispatch/commands.h"
#include "net/reply.h"

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

static void commandCommand(client *c) {
    int count;
    redisCommand *const *table = commandTableEntries(&count);
    addReplyArrayLen(c, count);
    for (int i = 0; i < count; i++) addReplyCommandInfo(c, table[i]);
}

static void commandCountCommand(client *c) {
    int count;
    commandTableEntries(&count);
    addReplyLongLong(c, count);
}

static void commandInfoCommand(client *c) {
    if (c->argc == 2) {
        commandCommand(c);
        return;
    }
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        const redisCommand *cmd = lookupCommandByFullName(c->argv[j]);
        if (cmd) addReplyCommandInfo(c, cmd);
        else addReplyNull(c);
    }
}

static void commandDocsCommand(client *c) {
    int count;
    redisCommand *const *table = commandTableEntries(&count);
    if (c->argc == 2) {
        addReplyMapLen(c, count);
        for (int i = 0; i < count; i++) {
            addReplyBulkCString(c, table[i]->fullname);
            addReplyCommandDocs(c, table[i]);
        }
        return;
    }
    /* Unknown names are left out, so count the known ones first. */
    long long found = 0;
    for (int j = 2; j < c->argc; j++)
        if (lookupCommandByFullName(c->argv[j])) found++;
    addReplyMapLen(c, found);
    for (int j = 2; j < c->argc; j++) {
        const redisCommand *cmd = lookupCommandByFullName(c->argv[j]);
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
    redisCommand *const *table = commandTableEntries(&count);
    long long n = 0;
    for (int i = 0; i < count; i++) {
        if (commandMatchesFilter(table[i], f)) {
            n++;
            if (reply) addReplyBulkCString(reply, table[i]->fullname);
        }
        for (const redisCommand *sub = table[i]->subcommands; sub && sub->name; sub++) {
            if (!commandMatchesFilter(sub, f)) continue;
            n++;
            if (reply) addReplyBulkCString(reply, sub->fullname);
        }
    }
    return n;
}

/* COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
static void commandListCommand(client *c) {
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
static void commandGetKeysCommand(client *c) {
    const redisCommand *cmd = lookupCommand(c->argv[2]);
    int argc = c->argc - 2;
    const slice *argv = c->argv + 2;
    if (cmd && cmd->subcommands && argc >= 2) {
        cmd = lookupSubcommand(cmd, argv[1]);
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

static void commandHelpCommand(client *c) {
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

/* --- command table rows ------------------------------------------------------- */

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

static redisCommand commandCommands[] = {
    CMD("command", commandCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns detailed information about all commands.",
     "O(N) where N is the total number of Redis commands", commandSubcommands),
    {0},
};

const serverModule commandModule = {
    .name = "command",
    .commands = commandCommands,
};
