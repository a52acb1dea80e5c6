/* commands/keys.c -- commands on keys whatever their type: DEL, UNLINK, EXISTS,
 * TOUCH, TYPE, RENAME, RENAMENX, COPY, MOVE, SWAPDB. Expiry commands are in
 * expire.c, KEYS, SCAN and RANDOMKEY in scan.c.
 *
 * A key whose expiry has passed but which is still stored is missing to
 * every command: each looks its keys up with dbLookup, which deletes it. */
#include <limits.h>
#include <string.h>

#include "commands/internal.h"
#include "dispatch/commands.h"
#include "dispatch/multi.h"
#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "net/reply.h"

static void delCommand(client *c) {
    long long deleted = 0;
    for (int j = 1; j < c->argc; j++) {
        /* An expired key is deleted by the lookup and not counted. */
        if (dbLookup(&dataset, c->db, c->argv[j]) && dbDelete(c->db, c->argv[j])) deleted++;
    }
    addReplyLongLong(c, deleted);
}

static void existsCommand(client *c) {
    long long count = 0;
    for (int j = 1; j < c->argc; j++) {
        if (dbLookupReadNoTouch(&dataset, c->db, c->argv[j])) count++;
    }
    addReplyLongLong(c, count);
}

/* Freeing a key is one allocation here, never a long job for a background
 * thread, so UNLINK is DEL. */
static void unlinkCommand(client *c) { delCommand(c); }

static void touchCommand(client *c) {
    long long touched = 0;
    for (int j = 1; j < c->argc; j++) {
        if (dbLookupRead(&dataset, c->db, c->argv[j])) touched++;
    }
    addReplyLongLong(c, touched);
}

static void typeCommand(client *c) {
    entry *e = dbLookupRead(&dataset, c->db, c->argv[1]);
    addReplyStatus(c, e ? typeOf(e)->name : "none");
}

/* --- RENAME, COPY, MOVE, SWAPDB ---------------------------------------------- */

static int sliceEquals(slice a, slice b) {
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

static void addReplySameObject(client *c) {
    addReplyError(c, "source and destination objects are the same");
}

/* Parses a C int as Redis does. With `err`, every failure replies err;
 * without, the two texts Redis uses for "not a number" and "too big". */
static int getIntOrReply(client *c, slice arg, const char *err, int *out) {
    long long v;
    int isInteger = string2ll(arg.ptr, arg.len, &v);
    if (isInteger && v >= INT_MIN && v <= INT_MAX) {
        *out = (int)v;
        return C_OK;
    }
    if (err) addReplyError(c, err);
    else if (isInteger) addReplyIntOutOfRange(c);
    else addReplyNotInteger(c);
    return C_ERR;
}

redisDb *getDbOrReply(client *c, slice arg) {
    int id;
    if (getIntOrReply(c, arg, NULL, &id) != C_OK) return NULL;
    if (id < 0 || id >= dataset.count) {
        addReplyDbIndexOutOfRange(c);
        return NULL;
    }
    return &dataset.dbs[id];
}

static void renameGeneric(client *c, int nx) {
    slice from = c->argv[1], to = c->argv[2];
    if (!dbLookup(&dataset, c->db, from)) {
        addReplyError(c, "no such key");
        return;
    }
    if (sliceEquals(from, to)) {
        if (nx) addReplyLongLong(c, 0);
        else addReplyOk(c);
        return;
    }
    if (dbLookup(&dataset, c->db, to)) {
        if (nx) {
            addReplyLongLong(c, 0);
            return;
        }
        dbDelete(c->db, to);
    }
    /* The destination gets the source's expiry, or none. */
    dbMoveEntry(c->db, from, c->db, to);
    if (nx) addReplyLongLong(c, 1);
    else addReplyOk(c);
}

static void renameCommand(client *c) { renameGeneric(c, 0); }
static void renamenxCommand(client *c) { renameGeneric(c, 1); }

/* COPY source destination [DB destination-db] [REPLACE] */
static void copyCommand(client *c) {
    redisDb *dst = c->db;
    int replace = 0;
    for (int j = 3; j < c->argc; j++) {
        if (sliceEqualsNoCase(c->argv[j], "replace")) {
            replace = 1;
        } else if (sliceEqualsNoCase(c->argv[j], "db") && j + 1 < c->argc) {
            if (!(dst = getDbOrReply(c, c->argv[++j]))) return;
        } else {
            addReplySyntaxError(c);
            return;
        }
    }
    slice from = c->argv[1], to = c->argv[2];
    if (dst == c->db && sliceEquals(from, to)) {
        addReplySameObject(c);
        return;
    }
    entry *e = dbLookupRead(&dataset, c->db, from);
    if (!e) {
        addReplyLongLong(c, 0);
        return;
    }
    if (dbLookup(&dataset, dst, to)) {
        if (!replace) {
            addReplyLongLong(c, 0);
            return;
        }
        dbDelete(dst, to);
    }
    dbAddCopy(dst, to, e);
    addReplyLongLong(c, 1);
}

static void moveCommand(client *c) {
    redisDb *dst = getDbOrReply(c, c->argv[2]);
    if (!dst) return;
    if (dst == c->db) {
        addReplySameObject(c);
        return;
    }
    slice key = c->argv[1];
    if (!dbLookup(&dataset, c->db, key) || dbLookup(&dataset, dst, key)) {
        addReplyLongLong(c, 0);
        return;
    }
    dbMoveEntry(c->db, key, dst, key);
    addReplyLongLong(c, 1);
}

static void swapdbCommand(client *c) {
    int a, b;
    if (getIntOrReply(c, c->argv[1], "invalid first DB index", &a) != C_OK) return;
    if (getIntOrReply(c, c->argv[2], "invalid second DB index", &b) != C_OK) return;
    if (a < 0 || a >= dataset.count || b < 0 || b >= dataset.count) {
        addReplyDbIndexOutOfRange(c);
        return;
    }
    /* Clients watching a key in either database see it change, if it is
     * present on either side. */
    redisDb *x = &dataset.dbs[a], *y = &dataset.dbs[b];
    touchAllWatchedKeysInDb(x, y);
    touchAllWatchedKeysInDb(y, x);
    keyspaceSwapDbs(&dataset, a, b);
    addReplyOk(c);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand keysCommands[] = {
    CMD("copy", copyCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, 2, 1, GROUP_GENERIC, "6.2.0",
     "Copies the value of a key to a new key.",
     "O(N) worst case for collections, where N is the number of nested items. O(1) for string "
     "values.", NULL),
    CMD("del", delCommand, -2, CMD_WRITE, 1, -1, 1, GROUP_GENERIC, "1.0.0",
     "Deletes one or more keys.", "O(N) where N is the number of keys that will be removed.",
     NULL),
    CMD("exists", existsCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "1.0.0",
     "Determines whether one or more keys exist.",
     "O(N) where N is the number of keys to check.", NULL),
    CMD("move", moveCommand, 3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Moves a key to another database.", "O(1)", NULL),
    CMD("rename", renameCommand, 3, CMD_WRITE, 1, 2, 1, GROUP_GENERIC, "1.0.0",
     "Renames a key and overwrites the destination.", "O(1)", NULL),
    CMD("renamenx", renamenxCommand, 3, CMD_WRITE | CMD_FAST, 1, 2, 1, GROUP_GENERIC, "1.0.0",
     "Renames a key only when the target key name doesn't exist.", "O(1)", NULL),
    CMD("touch", touchCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "3.2.1",
     "Returns the number of existing keys out of those specified after updating the time they "
     "were last accessed.", "O(N) where N is the number of keys that will be touched.", NULL),
    CMD("type", typeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Determines the type of value stored at a key.", "O(1)", NULL),
    CMD("unlink", unlinkCommand, -2, CMD_WRITE | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "4.0.0",
     "Asynchronously deletes one or more keys.",
     "O(1) for each key removed regardless of its size.", NULL),
    CMD("swapdb", swapdbCommand, 3, CMD_WRITE | CMD_FAST, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Swaps two Redis databases.",
     "O(N) where N is the count of clients watching or blocking on keys from both databases.",
     NULL),
    {0},
};

const serverModule keysModule = {
    .name = "keys",
    .commands = keysCommands,
};
