/* server/config_command.c -- the CONFIG command: GET, SET, REWRITE, RESETSTAT, HELP.
 *
 * The directives themselves (names, types, defaults, parsing, apply hooks)
 * live in config.c; this file is the command surface: argument handling,
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
void configGetCommand(client *c) {
    int count = configDirectiveCount();
    const configDirective **matched = zmalloc(sizeof(*matched) * (size_t)count);
    long long n = 0;
    for (int i = 0; i < count; i++) {
        const char *name = configDirectiveName(configDirectiveAt(i));
        for (int j = 2; j < c->argc; j++) {
            if (stringmatchlen(c->argv[j].ptr, c->argv[j].len, name, strlen(name), 1)) {
                matched[n++] = configDirectiveAt(i);
                break;
            }
        }
    }
    addReplyMapLen(c, n);
    for (long long i = 0; i < n; i++) {
        addReplyBulkCString(c, configDirectiveName(matched[i]));
        sds value = configGetDirective(&server.config, matched[i]);
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

static void replyValueFailed(client *c, const configDirective *d, const char *why) {
    const char *name = configDirectiveName(d);
    replySetFailedName(c, name, strlen(name), why);
}

/* Runs the apply hooks of the changed directives. Returns the index of the
 * one that failed (its error in *err), or -1. */
static int applyAll(serverConfig *cfg, const configDirective **changed, int n, const char **err) {
    for (int i = 0; i < n; i++) {
        *err = configApplyDirective(cfg, changed[i]);
        if (*err) return i;
    }
    return -1;
}

/* Checks CONFIG SET's names, in order, before any value is parsed: an
 * unknown name, an immutable directive or a repeated one fails the whole
 * command. Fills changed[]. */
static int checkSetNames(client *c, const configDirective **changed, int pairs) {
    for (int p = 0; p < pairs; p++) {
        slice name = c->argv[2 + p * 2];
        const configDirective *d = configFindDirective(name);
        if (!d) {
            addReplyErrorFormat(c, "Unknown option or number of arguments for CONFIG SET - '%.*s'",
                                (int)name.len, name.ptr);
            return C_ERR;
        }
        if (!configDirectiveIsMutable(d)) {
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

/* CONFIG SET name value [name value ...]: all or nothing. Every value is
 * parsed into a copy of the configuration (with its own strings) first;
 * only if all parse is the copy installed and the hooks run, and a failing
 * hook puts the previous configuration back and runs the hooks again. */
void configSetCommand(client *c) {
    if (c->argc % 2 != 0) {
        addReplyErrorArity(c);
        return;
    }
    int pairs = (c->argc - 2) / 2;
    const configDirective **changed = zmalloc(sizeof(*changed) * (size_t)pairs);
    if (checkSetNames(c, changed, pairs) != C_OK) goto done;
    serverConfig updated = server.config;
    configDupStrings(&updated);
    for (int p = 0; p < pairs; p++) {
        const char *err = configSetDirective(&updated, changed[p], c->argv[3 + p * 2]);
        if (err) {
            replyValueFailed(c, changed[p], err);
            configFreeStrings(&updated);
            goto done;
        }
    }
    serverConfig previous = server.config;
    server.config = updated;
    const char *err;
    int failed = applyAll(&server.config, changed, pairs, &err);
    if (failed >= 0) {
        /* Undo: the previous values were in effect, so applying them works. */
        server.config = previous;
        const char *ignored;
        applyAll(&server.config, changed, pairs, &ignored);
        configFreeStrings(&updated);
        replyValueFailed(c, changed[failed], err);
        goto done;
    }
    configFreeStrings(&previous);
    addReplyOk(c);
done:
    zfree(changed);
}

void configRewriteCommand(client *c) {
    if (!server.config.configFile) {
        addReplyError(c, "The server is running without a config file");
        return;
    }
    if (configRewrite(&server.config, server.config.configFile) != 0) {
        int saved = errno;
        serverLog(LL_WARNING, "CONFIG REWRITE failed: %s", strerror(saved));
        addReplyErrorFormat(c, "Rewriting config file: %s", strerror(saved));
        return;
    }
    serverLog(LL_WARNING, "CONFIG REWRITE executed with success.");
    addReplyOk(c);
}

void configResetStatCommand(client *c) {
    resetServerStats();
    addReplyOk(c);
}

void configHelpCommand(client *c) {
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
