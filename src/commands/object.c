/* commands/object.c -- OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP: what
 * Redis would report about the value of a key. The encoding and the
 * reference count are the value's type's to say (keyspace/type.h; for
 * strings see types/string.c); idle time and frequency come from the
 * entry's access bits (db.h). None of these lookups counts as an access. */
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "net/reply.h"
#include "server/server.h"

/* Looks the key (argv[2]) up without touching it; replies nil if missing. */
static entry *lookupOrReplyNull(client *c) {
    entry *e = dbLookupReadNoTouch(&dataset, c->db, c->argv[2]);
    if (!e) addReplyNull(c);
    return e;
}

static int lfuPolicy(void) { return (server.config.maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0; }

void objectEncodingCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (e) addReplyBulkCString(c, typeOf(e)->encoding(e));
}

void objectRefcountCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (e) addReplyLongLong(c, typeRefcount(e));
}

void objectIdletimeCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (!e) return;
    if (lfuPolicy()) {
        addReplyError(c, "An LFU maxmemory policy is selected, idle time not tracked. Please "
                         "note that when switching between policies at runtime LRU and LFU "
                         "data will take some time to adjust.");
        return;
    }
    addReplyLongLong(c, dbIdleMs(&dataset, e) / 1000);
}

void objectFreqCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (!e) return;
    if (!lfuPolicy()) {
        addReplyError(c, "An LFU maxmemory policy is not selected, access frequency not "
                         "tracked. Please note that when switching between policies at runtime "
                         "LRU and LFU data will take some time to adjust.");
        return;
    }
    addReplyLongLong(c, dbAccessFrequency(&dataset, e));
}

void objectHelpCommand(client *c) {
    static const char *lines[] = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        NULL,
    };
    addReplyHelp(c, lines);
}
