/* commands/client.c -- the CLIENT container: the connection's id and name, the
 * list of clients and CLIENT KILL, the connection's reply mode (REPLY) and
 * eviction protection (NO-EVICT), and CLIENT PAUSE / UNPAUSE, whose state
 * lives in pause.c. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands/internal.h"
#include "lib/clock.h"
#include "net/anet.h"
#include "dispatch/auth.h"
#include "dispatch/commands.h"
#include "dispatch/pause.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

/* --- client types --------------------------------------------------------- */

/* Redis's client classes, for CLIENT LIST TYPE and CLIENT KILL TYPE. */
typedef enum {
    CLIENT_TYPE_UNKNOWN = -1,
    CLIENT_TYPE_NORMAL,
    CLIENT_TYPE_REPLICA,
    CLIENT_TYPE_PUBSUB,
    CLIENT_TYPE_MASTER,
} clientType;

static clientType clientTypeByName(slice name) {
    if (sliceEqualsNoCase(name, "normal")) return CLIENT_TYPE_NORMAL;
    if (sliceEqualsNoCase(name, "replica") || sliceEqualsNoCase(name, "slave"))
        return CLIENT_TYPE_REPLICA;
    if (sliceEqualsNoCase(name, "pubsub")) return CLIENT_TYPE_PUBSUB;
    if (sliceEqualsNoCase(name, "master")) return CLIENT_TYPE_MASTER;
    return CLIENT_TYPE_UNKNOWN;
}

/* A client is pubsub while it is subscribed to anything, else normal:
 * there is no replication. */
static clientType clientTypeOf(const client *c) {
    return (c->flags & CLIENT_PUBSUB) ? CLIENT_TYPE_PUBSUB : CLIENT_TYPE_NORMAL;
}

static void replyUnknownClientType(client *c, slice name) {
    int len = (int)(name.len < ERROR_QUOTE_MAX_LEN ? name.len : ERROR_QUOTE_MAX_LEN);
    addReplyErrorFormat(c, "Unknown client type '%.*s'", len, name.ptr);
}

/* --- id, name, list, info ------------------------------------------------- */

static void clientIdCommand(client *c) { addReplyLongLong(c, (long long)c->id); }

/* Replies with the error and returns 0 if `name` cannot be a client name:
 * names appear in CLIENT LIST, one client per line, space separated. */
static void clientSetNameCommand(client *c) {
    if (!validateClientName(c, c->argv[2])) return;
    setClientName(c, c->argv[2]);
    addReplyOk(c);
}

static void clientGetNameCommand(client *c) {
    if (c->name) addReplyBulk(c, c->name, sdslen(c->name));
    else addReplyNull(c);
}

/* One line of CLIENT LIST, and CLIENT INFO's reply. */
static sds catClientInfo(sds s, client *c) {
    char addr[NET_ADDR_STR_LEN], laddr[NET_ADDR_STR_LEN];
    formatClientAddress(c, 1, addr, sizeof(addr));
    formatClientAddress(c, 0, laddr, sizeof(laddr));
    char flags[16], *f = flags;
    if (c->flags & CLIENT_PAUSED) *f++ = 'b'; /* Redis counts it as blocked */
    if (c->flags & CLIENT_PUBSUB) *f++ = 'P';
    if (c->flags & CLIENT_MULTI) *f++ = 'x';
    if (c->flags & CLIENT_DIRTY_CAS) *f++ = 'd';
    if (c->flags & CLIENT_MONITOR) *f++ = 'O';
    if (c->flags & CLIENT_CLOSE_AFTER_REPLY) *f++ = 'c';
    if (c->flags & CLIENT_CLOSE_ASAP) *f++ = 'A';
    if (c->flags & CLIENT_UNIX_SOCKET) *f++ = 'U';
    if (c->flags & CLIENT_NO_EVICT) *f++ = 'e';
    if (f == flags) *f++ = 'N';
    *f = '\0';
    int mask = aeGetFileEvents(net.el, c->fd);
    size_t qbuf = c->querybuf ? sdslen(c->querybuf) - c->qbPos : 0;
    size_t qbufFree = c->querybuf && !(c->flags & CLIENT_SHARED_QUERYBUF) ? sdsavail(c->querybuf) : 0;
    size_t blocks = 0;
    for (const replyBlock *b = c->replyHead; b; b = b->next) blocks++;
    return sdscatprintf(
        s,
        "id=%llu addr=%s laddr=%s fd=%d name=%s age=%lld idle=%lld flags=%s db=%d sub=%zu "
        "psub=%zu ssub=0 multi=%d qbuf=%zu qbuf-free=%zu argv-mem=0 multi-mem=%zu rbs=%d "
        "obl=%zu oll=%zu omem=%zu tot-mem=%zu events=%s%s cmd=%s user=default redir=-1 resp=%d",
        (unsigned long long)c->id, addr, laddr, c->fd, c->name ? c->name : "",
        (long long)(cachedTime.sec - c->ctime), (long long)(cachedTime.sec - c->lastInteraction),
        flags, c->db->id, c->pubsubChannels.len, c->pubsubPatterns.len,
        (c->flags & CLIENT_MULTI) ? c->mstate.count : -1, qbuf, qbufFree, c->mstate.bytes,
        c->buf ? REPLY_CHUNK_BYTES : 0, c->bufpos, blocks,
        c->replyBytes, clientMemory(c), (mask & AE_READABLE) ? "r" : "",
        (mask & AE_WRITABLE) ? "w" : "", c->lastcmd ? c->lastcmd->fullname : "NULL", c->resp);
}

static sds catClientLine(sds out, client *c) {
    out = catClientInfo(out, c);
    return sdscatlen(out, "\n", 1);
}

static sds catAllClients(sds out) {
    for (listNode *n = listFirst(&net.clients); n; n = listNext(&net.clients, n))
        out = catClientLine(out, listEntry(n, client, allNode));
    return out;
}

static sds catClientsOfType(sds out, clientType type) {
    for (listNode *n = listFirst(&net.clients); n; n = listNext(&net.clients, n)) {
        client *other = listEntry(n, client, allNode);
        if (clientTypeOf(other) == type) out = catClientLine(out, other);
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
    size_t n = net.clients.len, k = 0;
    client **sorted = zmalloc(sizeof(client *) * (n ? n : 1));
    for (listNode *node = listFirst(&net.clients); node; node = listNext(&net.clients, node))
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
static void clientListCommand(client *c) {
    sds out = sdsempty();
    if (c->argc == 4 && sliceEqualsNoCase(c->argv[2], "type")) {
        clientType type = clientTypeByName(c->argv[3]);
        if (type == CLIENT_TYPE_UNKNOWN) {
            replyUnknownClientType(c, c->argv[3]);
            sdsfree(out);
            return;
        }
        out = catClientsOfType(out, type);
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
    addReplyVerbatim(c, out, sdslen(out), "txt");
    sdsfree(out);
}


static void clientInfoCommand(client *c) {
    sds out = catClientLine(sdsempty(), c);
    addReplyVerbatim(c, out, sdslen(out), "txt");
    sdsfree(out);
}

/* --- KILL ----------------------------------------------------------------- */

/* What CLIENT KILL matches; a field left unset matches every client. */
typedef struct killFilter {
    slice addr, laddr; /* ptr NULL: any */
    clientType type;   /* CLIENT_TYPE_UNKNOWN: any */
    long long id;      /* 0: any */
    int skipMe;
} killFilter;

static int addressIs(const client *c, int remote, slice wanted) {
    char addr[NET_ADDR_STR_LEN];
    formatClientAddress(c, remote, addr, sizeof(addr));
    return strlen(addr) == wanted.len && memcmp(addr, wanted.ptr, wanted.len) == 0;
}

static int killFilterMatches(const killFilter *f, const client *self, const client *c) {
    if (f->addr.ptr && !addressIs(c, 1, f->addr)) return 0;
    if (f->laddr.ptr && !addressIs(c, 0, f->laddr)) return 0;
    if (f->type != CLIENT_TYPE_UNKNOWN && clientTypeOf(c) != f->type) return 0;
    if (f->id && c->id != (uint64_t)f->id) return 0;
    return !(c == self && f->skipMe);
}

/* Parses the <option> <value> pairs of the new form. Returns 0 after
 * replying with the error. */
static int parseKillFilter(client *c, killFilter *f) {
    for (int j = 2; j < c->argc; j += 2) {
        slice opt = c->argv[j];
        if (j + 1 >= c->argc) {
            addReplySyntaxError(c);
            return 0;
        }
        slice val = c->argv[j + 1];
        if (sliceEqualsNoCase(opt, "id")) {
            if (!string2ll(val.ptr, val.len, &f->id) || f->id <= 0) {
                addReplyError(c, "client-id should be greater than 0");
                return 0;
            }
        } else if (sliceEqualsNoCase(opt, "type")) {
            f->type = clientTypeByName(val);
            if (f->type == CLIENT_TYPE_UNKNOWN) {
                replyUnknownClientType(c, val);
                return 0;
            }
        } else if (sliceEqualsNoCase(opt, "addr")) {
            f->addr = val;
        } else if (sliceEqualsNoCase(opt, "laddr")) {
            f->laddr = val;
        } else if (sliceEqualsNoCase(opt, "user")) {
            /* "default" is the only user, and every client's. */
            if (val.len != 7 || memcmp(val.ptr, "default", 7) != 0) {
                int len = (int)(val.len < ERROR_QUOTE_MAX_LEN ? val.len : ERROR_QUOTE_MAX_LEN);
                addReplyErrorFormat(c, "No such user '%.*s'", len, val.ptr);
                return 0;
            }
        } else if (sliceEqualsNoCase(opt, "skipme")) {
            if (sliceEqualsNoCase(val, "yes")) f->skipMe = 1;
            else if (sliceEqualsNoCase(val, "no")) f->skipMe = 0;
            else {
                addReplySyntaxError(c);
                return 0;
            }
        } else {
            addReplySyntaxError(c);
            return 0;
        }
    }
    return 1;
}

/* CLIENT KILL addr:port (may kill the caller; +OK or "No such client")
 * CLIENT KILL <option> <value> [...] (skips the caller unless SKIPME no;
 * replies with the number killed). The caller, if it matches, is closed
 * once this reply has been written. */
static void clientKillCommand(client *c) {
    int oldForm = c->argc == 3;
    killFilter f = {.type = CLIENT_TYPE_UNKNOWN, .skipMe = !oldForm};
    if (oldForm) f.addr = c->argv[2];
    else if (!parseKillFilter(c, &f)) return;

    long long killed = 0;
    int killSelf = 0;
    listNode *n = listFirst(&net.clients);
    while (n) {
        listNode *next = listNext(&net.clients, n);
        client *other = listEntry(n, client, allNode);
        if (killFilterMatches(&f, c, other)) {
            killed++;
            if (other == c) killSelf = 1;
            else freeClient(other);
        }
        n = next;
    }
    if (!oldForm) addReplyLongLong(c, killed);
    else if (killed) addReplyOk(c);
    else addReplyError(c, "No such client");
    if (killSelf) c->flags |= CLIENT_CLOSE_AFTER_REPLY;
}

/* --- REPLY, NO-EVICT, GETREDIR -------------------------------------------- */

/* CLIENT REPLY ON|OFF|SKIP: only ON is answered. */
static void clientReplyCommand(client *c) {
    slice mode = c->argv[2];
    if (sliceEqualsNoCase(mode, "on")) {
        c->flags &= ~(CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP | CLIENT_REPLY_SKIP_NEXT);
        addReplyOk(c);
    } else if (sliceEqualsNoCase(mode, "off")) {
        c->flags |= CLIENT_REPLY_OFF;
    } else if (sliceEqualsNoCase(mode, "skip")) {
        if (!(c->flags & CLIENT_REPLY_OFF)) c->flags |= CLIENT_REPLY_SKIP_NEXT;
    } else {
        addReplySyntaxError(c);
    }
}

/* There is no client eviction to protect from; the mode is kept and shown
 * in CLIENT LIST as Redis shows it (flag 'e'). */
static void clientNoEvictCommand(client *c) {
    slice mode = c->argv[2];
    if (sliceEqualsNoCase(mode, "on")) c->flags |= CLIENT_NO_EVICT;
    else if (sliceEqualsNoCase(mode, "off")) c->flags &= ~CLIENT_NO_EVICT;
    else {
        addReplySyntaxError(c);
        return;
    }
    addReplyOk(c);
}

/* Tracking is never on here, so there is never a redirection. */
static void clientGetRedirCommand(client *c) { addReplyLongLong(c, -1); }

void clientResetConnectionControls(client *c) {
    c->flags &= ~(CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP_NEXT | CLIENT_NO_EVICT);
    authInitClient(c);
}

/* --- PAUSE, UNPAUSE ------------------------------------------------------- */

/* CLIENT PAUSE timeout [WRITE|ALL] */
static void clientPauseCommand(client *c) {
    if (c->argc > 4) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    pauseType type = PAUSE_ALL;
    if (c->argc == 4) {
        if (sliceEqualsNoCase(c->argv[3], "write")) type = PAUSE_WRITE;
        else if (!sliceEqualsNoCase(c->argv[3], "all")) {
            addReplyError(c, "CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    }
    long long timeout, now = wallclockMs();
    if (!string2ll(c->argv[2].ptr, c->argv[2].len, &timeout)) {
        addReplyError(c, "timeout is not an integer or out of range");
        return;
    }
    if (timeout < 0) {
        addReplyError(c, "timeout is negative");
        return;
    }
    if (timeout > LLONG_MAX - now) {
        addReplyError(c, "timeout is out of range");
        return;
    }
    pauseClients(timeout ? now + timeout : 0, type);
    addReplyOk(c);
}

static void clientUnpauseCommand(client *c) {
    unpauseClients();
    addReplyOk(c);
}

/* --- HELP ----------------------------------------------------------------- */

static void clientHelpCommand(client *c) {
    static const char *lines[] = {
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "    * ID <client-id>",
        "      Kill connections by client id.",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "    * ID <client-id> [<client-id> ...]",
        "      Return clients of specified IDs only.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand clientSubcommands[] = {
    CMD("id", clientIdCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "5.0.0", "Returns the unique client ID of the connection.", "O(1)", NULL),
    CMD("setname", clientSetNameCommand, 3, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.6.9", "Sets the connection name.", "O(1)", NULL),
    CMD("getname", clientGetNameCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.6.9", "Returns the name of the connection.", "O(1)", NULL),
    CMD("list", clientListCommand, -2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "2.4.0", "Lists open connections.",
     "O(N) where N is the number of client connections", NULL),
    CMD("info", clientInfoCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "6.2.0", "Returns information about the connection.", "O(1)", NULL),
    CMD("kill", clientKillCommand, -3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0,
     0, GROUP_CONNECTION, "2.4.0", "Terminates open connections.",
     "O(N) where N is the number of client connections", NULL),
    CMD("reply", clientReplyCommand, 3, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "3.2.0", "Instructs the server whether to reply to commands.", "O(1)",
     NULL),
    CMD("pause", clientPauseCommand, -3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_CONNECTION, "3.0.0", "Suspends commands processing.", "O(1)", NULL),
    CMD("unpause", clientUnpauseCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_CONNECTION, "6.2.0", "Resumes processing commands from paused clients.",
     "O(N) Where N is the number of paused clients", NULL),
    CMD("no-evict", clientNoEvictCommand, 3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_CONNECTION, "7.0.0", "Sets the client eviction mode of the connection.",
     "O(1)", NULL),
    CMD("getredir", clientGetRedirCommand, 2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "6.0.0",
     "Returns the client ID to which the connection's tracking notifications are redirected.",
     "O(1)", NULL),
    CMD("help", clientHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand clientCommands[] = {
    CMD("client", NULL, -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "2.4.0", "A container for client connection commands.", "Depends on subcommand.",
     clientSubcommands),
    {0},
};

const serverModule clientModule = {
    .name = "client",
    .commands = clientCommands,
};
