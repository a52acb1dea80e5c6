/* commands/connection.c -- commands about the connection itself: PING, ECHO,
 * QUIT, SELECT, HELLO and RESET. AUTH lives in auth.c, the CLIENT container in
 * client.c. */

#include "commands/internal.h"
#include "dispatch/auth.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "net/net.h"
#include "observe/monitor.h"
#include "dispatch/multi.h"
#include "commands/pubsub.h"
#include "net/reply.h"
#include "lib/version.h"

static void pingCommand(client *c) {
    if (c->argc > 2) {
        addReplyErrorArity(c);
    } else if (pubsubRestricted(c)) {
        /* A subscribed RESP2 connection reads arrays: PING answers in kind. */
        addReplyArrayLen(c, 2);
        addReplyBulkCString(c, "pong");
        if (c->argc == 2) addReplyBulk(c, c->argv[1].ptr, c->argv[1].len);
        else addReplyBulkCString(c, "");
    } else if (c->argc == 2) {
        addReplyBulk(c, c->argv[1].ptr, c->argv[1].len);
    } else {
        addReplyProto(c, "+PONG\r\n", 7);
    }
}

static void echoCommand(client *c) { addReplyBulk(c, c->argv[1].ptr, c->argv[1].len); }

static void quitCommand(client *c) {
    addReplyOk(c);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
}

static void selectCommand(client *c) {
    redisDb *db = getDbOrReply(c, c->argv[1]);
    if (!db) return;
    c->db = db;
    addReplyOk(c);
}

/* HELLO [protover [AUTH username password] [SETNAME name]]: authenticates,
 * switches the reply protocol and answers with a map describing the server.
 * Only a client that is authenticated, before or by this HELLO, gets past
 * the authentication step, even when no password is required any more. */
static void helloCommand(client *c) {
    long long ver = c->resp;
    if (c->argc >= 2) {
        if (!string2ll(c->argv[1].ptr, c->argv[1].len, &ver)) {
            addReplyError(c, "Protocol version is not an integer or out of range");
            return;
        }
        if (ver < 2 || ver > 3) {
            addReplyError(c, "-NOPROTO unsupported protocol version");
            return;
        }
    }
    slice name = {NULL, 0}, user = {NULL, 0}, password = {NULL, 0};
    int setName = 0, auth = 0;
    for (int j = 2; j < c->argc; j++) {
        int more = c->argc - 1 - j;
        if (sliceEqualsNoCase(c->argv[j], "auth") && more >= 2) {
            user = c->argv[++j];
            password = c->argv[++j];
            auth = 1;
        } else if (sliceEqualsNoCase(c->argv[j], "setname") && more >= 1) {
            name = c->argv[++j];
            setName = 1;
        } else {
            addReplyErrorFormat(c, "Syntax error in HELLO option '%.*s'",
                                (int)(c->argv[j].len < ERROR_QUOTE_MAX_LEN ? c->argv[j].len
                                                                           : ERROR_QUOTE_MAX_LEN),
                                c->argv[j].ptr);
            return;
        }
    }
    if (auth && !authenticateClient(c, user, password)) {
        addReplyWrongPass(c);
        return;
    }
    if (!c->authenticated) {
        addReplyError(c, "-NOAUTH HELLO must be called with the client already authenticated, "
                         "otherwise the HELLO AUTH <user> <pass> option can be used to "
                         "authenticate the client and select the RESP protocol version at the "
                         "same time");
        return;
    }
    if (setName) {
        if (!validateClientName(c, name)) return;
        setClientName(c, name);
    }
    c->resp = (int)ver;
    addReplyMapLen(c, 7);
    addReplyBulkCString(c, "server");
    addReplyBulkCString(c, "redis");
    addReplyBulkCString(c, "version");
    addReplyBulkCString(c, REDIS_COMPAT_VERSION);
    addReplyBulkCString(c, "proto");
    addReplyLongLong(c, ver);
    addReplyBulkCString(c, "id");
    addReplyLongLong(c, (long long)c->id);
    addReplyBulkCString(c, "mode");
    addReplyBulkCString(c, "standalone");
    addReplyBulkCString(c, "role");
    addReplyBulkCString(c, "master");
    addReplyBulkCString(c, "modules");
    addReplyEmptyArray(c);
}

/* RESET: the connection as it was right after connecting, on the same
 * socket: no transaction or watched keys, no subscriptions, not a monitor,
 * replies on, RESP2, database 0, no name, and authenticated only if no
 * password is required. */
static void resetCommand(client *c) {
    discardTransaction(c);
    pubsubClearClient(c);
    if (c->flags & CLIENT_MONITOR) {
        monitorRemove(c);
        c->flags &= ~CLIENT_MONITOR;
    }
    clientResetConnectionControls(c);
    c->resp = 2;
    c->db = &dataset.dbs[0];
    setClientName(c, (slice){NULL, 0});
    addReplyStatus(c, "RESET");
}

/* HELLO protover [AUTH user pass] [SETNAME name]: both AUTH words are
 * secrets. */
static int redactHelloArgs(const client *c, int j) {
    for (int k = 2; k < c->argc;) {
        if (sliceEqualsNoCase(c->argv[k], "auth") && k + 2 < c->argc) {
            if (j == k + 1 || j == k + 2) return 1;
            k += 3;
        } else {
            k += 2;
        }
    }
    return 0;
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand connectionCommands[] = {
    CMD("echo", echoCommand, 2, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Returns the given string.", "O(1)", NULL),
    CMD("hello", helloCommand, -1, CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "6.0.0", "Handshakes with the Redis server.", "O(1)", NULL,
     .redact = redactHelloArgs),
    CMD("ping", pingCommand, -1,
     CMD_HEALTH_CHECK | CMD_SUBSCRIBED_OK | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION,
     "1.0.0", "Returns the server's liveliness response.", "O(1)", NULL),
    CMD("quit", quitCommand, -1,
     CMD_TX_CONTROL | CMD_SUBSCRIBED_OK | CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "1.0.0", "Closes the connection.", "O(1)", NULL),
    CMD("reset", resetCommand, 1,
     CMD_TX_CONTROL | CMD_SUBSCRIBED_OK | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST |
         CMD_NO_AUTH,
     0, 0, 0, GROUP_CONNECTION, "6.2.0", "Resets the connection.", "O(1)", NULL),
    CMD("select", selectCommand, 2, CMD_SELECTS_DB | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION,
     "1.0.0", "Changes the selected database.", "O(1)", NULL),
    {0},
};

const serverModule connectionModule = {
    .name = "connection",
    .commands = connectionCommands,
};
