/* cmd_connection.c -- commands about the connection itself: PING, ECHO,
 * QUIT, SELECT and the CLIENT container. */
#include "commands.h"
#include "reply.h"
#include "server.h"

void pingCommand(client *c) {
    if (c->argc > 2) addReplyErrorArity(c);
    else if (c->argc == 2) addReplyBulk(c, c->argv[1].ptr, c->argv[1].len);
    else addReplyProto(c, "+PONG\r\n", 7);
}

void echoCommand(client *c) { addReplyBulk(c, c->argv[1].ptr, c->argv[1].len); }

void quitCommand(client *c) {
    addReplyOk(c);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
}

void selectCommand(client *c) {
    long long id;
    if (!string2ll(c->argv[1].ptr, c->argv[1].len, &id)) {
        addReplyNotInteger(c);
        return;
    }
    if (id < 0 || id >= server.ks.count) {
        addReplyError(c, "DB index is out of range");
        return;
    }
    c->db = &server.ks.dbs[id];
    addReplyOk(c);
}

/* --- CLIENT --------------------------------------------------------------- */

void clientIdCommand(client *c) { addReplyLongLong(c, (long long)c->id); }

void clientSetNameCommand(client *c) {
    slice name = c->argv[2];
    for (size_t i = 0; i < name.len; i++) {
        /* Names appear in CLIENT LIST, one client per line, space separated. */
        if (name.ptr[i] < '!' || name.ptr[i] > '~') {
            addReplyError(c, "Client names cannot contain spaces, newlines or special "
                             "characters.");
            return;
        }
    }
    sdsfree(c->name);
    c->name = name.len ? sdsnewlen(name.ptr, name.len) : NULL;
    addReplyOk(c);
}

void clientGetNameCommand(client *c) {
    if (c->name) addReplyBulk(c, c->name, sdslen(c->name));
    else addReplyNull(c);
}

/* CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]] */
void clientListCommand(client *c) {
    int onlyNormal = -1; /* -1: any type; 1: normal; 0: a type we have none of */
    int idsFrom = 0;
    if (c->argc == 4 && sliceEqualsNoCase(c->argv[2], "type")) {
        slice type = c->argv[3];
        if (sliceEqualsNoCase(type, "normal")) onlyNormal = 1;
        else if (sliceEqualsNoCase(type, "master") || sliceEqualsNoCase(type, "replica") ||
                 sliceEqualsNoCase(type, "slave") || sliceEqualsNoCase(type, "pubsub"))
            onlyNormal = 0;
        else {
            addReplyErrorFormat(c, "Unknown client type '%.*s'", (int)type.len, type.ptr);
            return;
        }
    } else if (c->argc >= 4 && sliceEqualsNoCase(c->argv[2], "id")) {
        idsFrom = 3;
        for (int j = 3; j < c->argc; j++) {
            long long id;
            if (!string2ll(c->argv[j].ptr, c->argv[j].len, &id) || id <= 0) {
                addReplyError(c, "Invalid client ID");
                return;
            }
        }
    } else if (c->argc != 2) {
        addReplySyntaxError(c);
        return;
    }
    sds out = sdsempty();
    for (listNode *n = listFirst(&server.clients); n && onlyNormal != 0;
         n = listNext(&server.clients, n)) {
        client *other = listEntry(n, client, allNode);
        if (idsFrom) {
            int wanted = 0;
            for (int j = idsFrom; j < c->argc && !wanted; j++) {
                long long id;
                string2ll(c->argv[j].ptr, c->argv[j].len, &id);
                wanted = (uint64_t)id == other->id;
            }
            if (!wanted) continue;
        }
        out = catClientInfo(out, other);
        out = sdscatlen(out, "\n", 1);
    }
    addReplyBulk(c, out, sdslen(out));
    sdsfree(out);
}

void clientHelpCommand(client *c) {
    static const char *lines[] = {
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "    * ID <client-id> [<client-id> ...]",
        "      Return clients of specified IDs only.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        NULL,
    };
    addReplyHelp(c, lines);
}
