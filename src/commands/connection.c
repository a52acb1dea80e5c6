/* commands/connection.c -- commands about the connection itself: PING, ECHO,
 * QUIT, SELECT, HELLO and RESET. AUTH lives in auth.c, the CLIENT container in
 * cmd_client.c. */

#include "dispatch/auth.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "observe/monitor.h"
#include "dispatch/multi.h"
#include "commands/pubsub.h"
#include "net/reply.h"
#include "lib/version.h"

void pingCommand(client *c) {
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

void echoCommand(client *c) { addReplyBulk(c, c->argv[1].ptr, c->argv[1].len); }

void quitCommand(client *c) {
    addReplyOk(c);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
}

void selectCommand(client *c) {
    redisDb *db = getDbOrReply(c, c->argv[1]);
    if (!db) return;
    c->db = db;
    addReplyOk(c);
}

/* HELLO [protover [AUTH username password] [SETNAME name]]: authenticates,
 * switches the reply protocol and answers with a map describing the server.
 * Only a client that is authenticated, before or by this HELLO, gets past
 * the authentication step, even when no password is required any more. */
void helloCommand(client *c) {
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
void resetCommand(client *c) {
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
