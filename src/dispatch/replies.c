/* dispatch/replies.c -- the replies that name the command being run, in
 * Redis's words: arity errors, unknown subcommands, invalid expire times,
 * and a container's HELP. They live here, not in net/reply.c, because the
 * name is the command table's. */
#include <stdio.h>

#include "dispatch/commands.h"
#include "net/reply.h"

/* The name of the container command being run (CONFIG for CONFIG GET), in
 * upper case, as Redis spells it in HELP and unknown-subcommand texts. */
void containerNameUpper(const client *c, char *buf, size_t size) {
    const redisCommand *container = c->cmd->parent ? c->cmd->parent : c->cmd;
    size_t i = 0;
    for (; container->name[i] && i < size - 1; i++) {
        char ch = container->name[i];
        buf[i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch;
    }
    buf[i] = '\0';
}

void addReplyHelp(client *c, const char **lines) {
    long long n = 0;
    while (lines[n]) n++;
    addReplyArrayLen(c, n + 3);
    char name[sizeof(c->cmd->fullname)];
    containerNameUpper(c, name, sizeof(name));
    sds header = sdscatprintf(sdsempty(), "%s <subcommand> [<arg> [value] [opt] ...]. "
                              "Subcommands are:", name);
    addReplyStatus(c, header);
    sdsfree(header);
    for (long long j = 0; j < n; j++) addReplyStatus(c, lines[j]);
    addReplyStatus(c, "HELP");
    addReplyStatus(c, "    Prints this help.");
}

void addReplyErrorArity(client *c) {
    addReplyErrorFormat(c, "wrong number of arguments for '%s' command", c->cmd->fullname);
}

void addReplyInvalidExpire(client *c) {
    addReplyErrorFormat(c, "invalid expire time in '%s' command", c->cmd->fullname);
}

void addReplyUnknownSubcommand(client *c) {
    char name[sizeof(c->cmd->fullname)];
    containerNameUpper(c, name, sizeof(name));
    int sublen = (int)(c->argv[1].len < ERROR_QUOTE_MAX_LEN ? c->argv[1].len : ERROR_QUOTE_MAX_LEN);
    addReplyErrorFormat(c, "unknown subcommand '%.*s'. Try %s HELP.", sublen, c->argv[1].ptr,
                        name);
}

void addReplySubcommandSyntaxError(client *c) {
    char name[sizeof(c->cmd->fullname)];
    containerNameUpper(c, name, sizeof(name));
    int sublen = (int)(c->argv[1].len < ERROR_QUOTE_MAX_LEN ? c->argv[1].len : ERROR_QUOTE_MAX_LEN);
    addReplyErrorFormat(c, "unknown subcommand or wrong number of arguments for '%.*s'. Try %s "
                        "HELP.", sublen, c->argv[1].ptr, name);
}
