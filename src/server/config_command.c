/* server/config_command.c -- the CONFIG command: GET, SET, REWRITE, RESETSTAT, HELP.
 *
 * The directives themselves (names, types, defaults, apply hooks) live in
 * the modules that own them, and parsing and printing them in config.c
 * (the engine); this file is the command surface: argument handling,
 * the all-or-nothing rule of a multi-directive CONFIG SET, and Redis's
 * error texts. */
#include <errno.h>
#include <string.h>

#include "dispatch/commands.h"
#include "server/config.h"
#include "lib/log.h"
#include "net/reply.h"
#include "server/server.h"
#include "lib/zmalloc.h"

/* CONFIG GET pattern [pattern ...]: each directive once, in table order,
 * however many patterns match it. */
static void configGetCommand(client *c) {
    int count = configItemCount();
    const configItem **matched = zmalloc(sizeof(*matched) * (size_t)count);
    long long n = 0;
    for (int i = 0; i < count; i++) {
        const char *name = configItemName(configItemAt(i));
        for (int j = 2; j < c->argc; j++) {
            if (stringmatchlen(c->argv[j].ptr, c->argv[j].len, name, strlen(name), 1)) {
                matched[n++] = configItemAt(i);
                break;
            }
        }
    }
    addReplyMapLen(c, n);
    for (long long i = 0; i < n; i++) {
        addReplyBulkCString(c, configItemName(matched[i]));
        sds value = configGetValue(matched[i]);
        addReplyBulk(c, value, sdslen(value));
        sdsfree(value);
    }
    zfree(matched);
}

/* Errors found while checking names quote the name as the client spelled
 * it; errors in a value or its effect name the directive. Redis does the
 * same. */
static void replySetFailedName(client *c, const char *name, size_t len, const char *why) {
    addReplyErrorFormat(c, "CONFIG SET failed (possibly related to argument '%.*s') - %s",
                        (int)len, name, why);
}

static void replySetFailed(client *c, int pair, const char *why) {
    slice name = c->argv[2 + pair * 2];
    replySetFailedName(c, name.ptr, name.len, why);
}

/* Checks CONFIG SET's names, in order, before any value is parsed: an
 * unknown name, an immutable directive or a repeated one fails the whole
 * command. Fills changed[]. */
static int checkSetNames(client *c, const configItem **changed, int pairs) {
    for (int p = 0; p < pairs; p++) {
        slice name = c->argv[2 + p * 2];
        const configItem *d = configFindItem(name);
        if (!d) {
            addReplyErrorFormat(c, "Unknown option or number of arguments for CONFIG SET - '%.*s'",
                                (int)name.len, name.ptr);
            return C_ERR;
        }
        if (!configItemIsMutable(d)) {
            replySetFailed(c, p, "can't set immutable config");
            return C_ERR;
        }
        for (int q = 0; q < p; q++) {
            if (changed[q] == d) {
                replySetFailed(c, p, "duplicate parameter");
                return C_ERR;
            }
        }
        changed[p] = d;
    }
    return C_OK;
}

/* CONFIG SET name value [name value ...]: all or nothing (configSetValues). */
static void configSetCommand(client *c) {
    if (c->argc % 2 != 0) {
        addReplyErrorArity(c);
        return;
    }
    int pairs = (c->argc - 2) / 2;
    const configItem **changed = zmalloc(sizeof(*changed) * (size_t)pairs);
    slice *values = zmalloc(sizeof(*values) * (size_t)pairs);
    if (checkSetNames(c, changed, pairs) == C_OK) {
        for (int p = 0; p < pairs; p++) values[p] = c->argv[3 + p * 2];
        int failed = 0;
        const char *err = configSetValues(changed, values, pairs, &failed);
        if (err) {
            const char *name = configItemName(changed[failed]);
            replySetFailedName(c, name, strlen(name), err);
        } else {
            addReplyOk(c);
        }
    }
    zfree(values);
    zfree(changed);
}

static void configRewriteCommand(client *c) {
    const char *path = configFilePath();
    if (!path) {
        addReplyError(c, "The server is running without a config file");
        return;
    }
    if (configRewrite(path) != 0) {
        int saved = errno;
        serverLog(LL_WARNING, "CONFIG REWRITE failed: %s", strerror(saved));
        addReplyErrorFormat(c, "Rewriting config file: %s", strerror(saved));
        return;
    }
    serverLog(LL_WARNING, "CONFIG REWRITE executed with success.");
    addReplyOk(c);
}

static void configResetStatCommand(client *c) {
    resetServerStats();
    addReplyOk(c);
}

static void configHelpCommand(client *c) {
    static const char *lines[] = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

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

static redisCommand configCommands[] = {
    CMD("config", NULL, -2, CMD_ADMIN, 0, 0, 0, GROUP_SERVER, "2.0.0",
     "A container for server configuration commands.", "Depends on subcommand.",
     configSubcommands),
    {0},
};

const serverModule configModule = {
    .name = "config",
    .commands = configCommands,
};
