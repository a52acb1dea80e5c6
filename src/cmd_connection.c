/* cmd_connection.c -- commands about the connection itself: PING, ECHO,
 * QUIT, SELECT, HELLO and the CLIENT container. */
#include <limits.h>
#include <stdlib.h>

#include "commands.h"
#include "pubsub.h"
#include "reply.h"
#include "server.h"
#include "version.h"
#include "zmalloc.h"

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
    long long id;
    if (!string2ll(c->argv[1].ptr, c->argv[1].len, &id)) {
        addReplyNotInteger(c);
        return;
    }
    if (id < INT_MIN || id > INT_MAX) {
        addReplyError(c, "value is out of range, value must between -2147483648 and 2147483647");
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

/* Replies with the error and returns 0 if `name` cannot be a client name:
 * names appear in CLIENT LIST, one client per line, space separated. */
static int validateClientName(client *c, slice name) {
    for (size_t i = 0; i < name.len; i++) {
        if (name.ptr[i] < '!' || name.ptr[i] > '~') {
            addReplyError(c, "Client names cannot contain spaces, newlines or special "
                             "characters.");
            return 0;
        }
    }
    return 1;
}

static void setClientName(client *c, slice name) {
    sdsfree(c->name);
    c->name = name.len ? sdsnewlen(name.ptr, name.len) : NULL;
}

void clientSetNameCommand(client *c) {
    if (!validateClientName(c, c->argv[2])) return;
    setClientName(c, c->argv[2]);
    addReplyOk(c);
}

/* HELLO [protover [SETNAME name]]: switches the reply protocol and answers
 * with a map describing the server. */
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
    slice name = {NULL, 0};
    int setName = 0;
    for (int j = 2; j < c->argc; j++) {
        int more = c->argc - 1 - j;
        if (sliceEqualsNoCase(c->argv[j], "setname") && more >= 1) {
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

void clientGetNameCommand(client *c) {
    if (c->name) addReplyBulk(c, c->name, sdslen(c->name));
    else addReplyNull(c);
}

static sds catClientLine(sds out, client *c) {
    out = catClientInfo(out, c);
    return sdscatlen(out, "\n", 1);
}

static sds catAllClients(sds out) {
    for (listNode *n = listFirst(&server.clients); n; n = listNext(&server.clients, n))
        out = catClientLine(out, listEntry(n, client, allNode));
    return out;
}

/* Normal clients (pubsub 0) or subscribed ones (pubsub 1). */
static sds catClientsOfType(sds out, int pubsub) {
    for (listNode *n = listFirst(&server.clients); n; n = listNext(&server.clients, n)) {
        client *other = listEntry(n, client, allNode);
        if (!(other->flags & CLIENT_PUBSUB) == !pubsub) out = catClientLine(out, other);
    }
    return out;
}

static int compareClientIds(const void *a, const void *b) {
    uint64_t x = (*(client *const *)a)->id, y = (*(client *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* The clients with the ids in argv[from..], in argument order: the clients
 * sorted once by id, then one binary search per id. */
static sds catClientsById(sds out, client *c, int from) {
    long long *ids = zmalloc(sizeof(long long) * (size_t)(c->argc - from));
    for (int j = from; j < c->argc; j++) {
        if (!string2ll(c->argv[j].ptr, c->argv[j].len, &ids[j - from])) {
            zfree(ids);
            return NULL;
        }
    }
    size_t n = server.clients.len, k = 0;
    client **sorted = zmalloc(sizeof(client *) * (n ? n : 1));
    for (listNode *node = listFirst(&server.clients); node; node = listNext(&server.clients, node))
        sorted[k++] = listEntry(node, client, allNode);
    qsort(sorted, n, sizeof(client *), compareClientIds);
    for (int j = 0; j < c->argc - from; j++) {
        if (ids[j] <= 0) continue;
        client key = {.id = (uint64_t)ids[j]};
        client *keyPtr = &key;
        client **found = bsearch(&keyPtr, sorted, n, sizeof(client *), compareClientIds);
        if (found) out = catClientLine(out, *found);
    }
    zfree(sorted);
    zfree(ids);
    return out;
}

/* CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]] */
void clientListCommand(client *c) {
    sds out = sdsempty();
    if (c->argc == 4 && sliceEqualsNoCase(c->argv[2], "type")) {
        slice type = c->argv[3];
        /* A client is pubsub while subscribed, else normal: no replicas. */
        int normal = sliceEqualsNoCase(type, "normal"), pubsub = sliceEqualsNoCase(type, "pubsub");
        if (!normal && !pubsub && !sliceEqualsNoCase(type, "master") &&
            !sliceEqualsNoCase(type, "replica") && !sliceEqualsNoCase(type, "slave")) {
            addReplyErrorFormat(c, "Unknown client type '%.*s'", (int)type.len, type.ptr);
            sdsfree(out);
            return;
        }
        if (normal || pubsub) out = catClientsOfType(out, pubsub);
    } else if (c->argc >= 4 && sliceEqualsNoCase(c->argv[2], "id")) {
        sds withIds = catClientsById(out, c, 3);
        if (!withIds) {
            addReplyError(c, "Invalid client ID");
            sdsfree(out);
            return;
        }
        out = withIds;
    } else if (c->argc == 2) {
        out = catAllClients(out);
    } else {
        addReplySyntaxError(c);
        sdsfree(out);
        return;
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
