/* dispatch/process.c -- the path from a parsed request to its reply: find
 * the command, check what every command must pass (arity, AUTH, protected
 * commands, MISCONF, pub/sub context, MULTI queueing, CLIENT PAUSE), run
 * it, and account for it; see commands.h. */
#include "dispatch/commands.h"

#include <string.h>

#include "dispatch/auth.h"
#include "dispatch/multi.h"
#include "dispatch/pause.h"
#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/anet.h"
#include "net/net.h"
#include "net/reply.h"

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

/* A command refused before it ran: counted as rejected (when the command is
 * known) and its time kept out of the next command's duration. */
static void rejectCommand(redisCommand *cmd) {
    if (cmd) cmd->rejectedCalls++;
    net.cmdClockUs = monotonicUs();
}

static int protectedCommandAllowed(const client *c) {
    if (dispatchConfig.enableDebugCommand == ENABLE_DEBUG_YES) return 1;
    if (dispatchConfig.enableDebugCommand != ENABLE_DEBUG_LOCAL) return 0;
    if (c->flags & CLIENT_UNIX_SOCKET) return 1;
    char addr[NET_ADDR_STR_LEN];
    formatClientAddress(c, 1, addr, sizeof(addr));
    return strncmp(addr, "127.0.0.1:", 10) == 0 || strncmp(addr, "::1:", 4) == 0;
}

static void replyProtectedCommandRefused(client *c) {
    char name[COMMAND_NAME_MAX + 1];
    containerNameUpper(c, name, sizeof(name));
    addReplyErrorFormat(c, "%s command not allowed. If the enable-debug-command option is set "
                        "to \"local\", you can run it from a local connection, otherwise you "
                        "need to set this option in the configuration file, and then restart "
                        "the server.", name);
}

/* Finds the command to run and checks its arity, or replies with the
 * error; returns NULL then. */
static redisCommand *resolveCommand(client *c) {
    redisCommand *cmd = lookupCommand(c->argv[0]);
    if (!cmd) {
        replyUnknownCommand(c);
        rejectCommand(NULL);
        return NULL;
    }
    c->cmd = cmd;
    if (cmd->subcommands && (c->argc >= 2 || !cmd->proc)) {
        if (c->argc < 2) {
            addReplyErrorArity(c);
            rejectCommand(cmd);
            return NULL;
        }
        redisCommand *sub = lookupSubcommand(cmd, c->argv[1]);
        if (!sub) {
            addReplyUnknownSubcommand(c);
            rejectCommand(NULL);
            return NULL;
        }
        c->cmd = cmd = sub;
    }
    if (!arityMatches(cmd, c->argc)) {
        addReplyErrorArity(c);
        rejectCommand(cmd);
        return NULL;
    }
    return cmd;
}

/* A command's flags, an EXEC's including those of the commands it would
 * run: what MISCONF and CLIENT PAUSE judge. */
static uint64_t flagsAsRun(const client *c, const redisCommand *cmd) {
    uint64_t flags = cmd->flags;
    if (cmd->flags & CMD_TX_EXEC) flags |= multiQueuedFlags(c);
    return flags;
}

static const char *(*writeRefusals[WRITE_REFUSALS_MAX])(void);
static int writeRefusalCount;
static uint32_t writeRefusalsArmed;

int writeRefusalRegister(const char *(*proc)(void)) {
    if (writeRefusalCount == WRITE_REFUSALS_MAX) return -1;
    writeRefusals[writeRefusalCount] = proc;
    return writeRefusalCount++;
}

void writeRefusalArm(int id, int armed) {
    if (armed) writeRefusalsArmed |= 1u << id;
    else writeRefusalsArmed &= ~(1u << id);
}

/* The MISCONF error for cmd while persistence is failing, or NULL. Writes,
 * an EXEC of writes and PING are refused, as in Redis: PING so that a
 * health check notices. */
static const char *misconfRefusal(const client *c, const redisCommand *cmd) {
    if (!(flagsAsRun(c, cmd) & (CMD_WRITE | CMD_HEALTH_CHECK))) return NULL;
    for (int i = 0; i < writeRefusalCount; i++) {
        const char *err = (writeRefusalsArmed & (1u << i)) ? writeRefusals[i]() : NULL;
        if (err) return err;
    }
    return NULL;
}

/* A subscribed RESP2 client may run only the commands flagged
 * CMD_SUBSCRIBED_OK; RESP3 clients may run anything. Replies with Redis's
 * error when it refuses. */
static int subscribedRefuses(client *c, const redisCommand *cmd) {
    if (!(c->flags & CLIENT_PUBSUB) || c->resp != 2 || (cmd->flags & CMD_SUBSCRIBED_OK)) return 0;
    addReplyErrorFormat(c, "Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING "
                           "/ QUIT / RESET are allowed in this context", cmd->fullname);
    return 1;
}

void processCommand(client *c) {
    redisCommand *cmd = resolveCommand(c);
    if (!cmd) {
        flagTransaction(c);
        return;
    }
    if (authRequired(c) && !(cmd->flags & CMD_NO_AUTH)) {
        flagTransaction(c);
        addReplyError(c, "-NOAUTH Authentication required.");
        rejectCommand(cmd);
        return;
    }
    if ((cmd->flags & CMD_PROTECTED) && !protectedCommandAllowed(c)) {
        flagTransaction(c);
        replyProtectedCommandRefused(c);
        rejectCommand(cmd);
        return;
    }
    const char *misconf;
    if (writeRefusalsArmed && (misconf = misconfRefusal(c, cmd))) {
        if (cmd->flags & CMD_TX_EXEC) {
            execCommandAbort(c, misconf);
        } else {
            flagTransaction(c);
            addReplyError(c, misconf);
        }
        rejectCommand(cmd);
        return;
    }
    if (c->flags & (CLIENT_MULTI | CLIENT_PUBSUB)) {
        if (subscribedRefuses(c, cmd)) {
            flagTransaction(c);
            rejectCommand(cmd);
            return;
        }
        if ((c->flags & CLIENT_MULTI) && !(cmd->flags & CMD_TX_CONTROL)) {
            queueMultiCommand(c);
            return;
        }
    }
    /* Last, as in Redis: a command that fails its checks is answered at
     * once even during a pause. */
    if (clientPauseType != PAUSE_OFF) {
        if (pauseHoldsCommand((uint32_t)flagsAsRun(c, cmd))) {
            pausePostponeClient(c);
            return;
        }
    }
    call(c);
}
