/* cmd_keys.c -- commands on keys whatever their type: DEL, UNLINK, EXISTS,
 * TOUCH, TYPE, RENAME, RENAMENX, COPY, MOVE, SWAPDB. Expiry commands are in
 * cmd_expire.c, KEYS, SCAN and RANDOMKEY in cmd_scan.c.
 *
 * A key whose expiry has passed but which is still stored is missing to
 * every command: each looks its keys up with dbLookup, which deletes it. */

#include "commands.h"
#include "reply.h"
#include "server.h"

void delCommand(client *c) {
    long long deleted = 0;
    for (int j = 1; j < c->argc; j++) {
        /* An expired key is deleted by the lookup and not counted. */
        if (dbLookup(&server.ks, c->db, c->argv[j]) && dbDelete(c->db, c->argv[j])) deleted++;
    }
    addReplyLongLong(c, deleted);
}

void existsCommand(client *c) {
    long long count = 0;
    for (int j = 1; j < c->argc; j++) {
        if (dbLookupRead(&server.ks, c->db, c->argv[j])) count++;
    }
    addReplyLongLong(c, count);
}
