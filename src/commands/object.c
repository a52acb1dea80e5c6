/* commands/object.c -- OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP: what
 * Redis would report about the value of a key. The encoding and the
 * reference count are the value's type's to say (keyspace/type.h; for
 * strings see types/string.c); idle time and frequency come from the
 * entry's access bits (db.h). None of these lookups counts as an access. */
#include <limits.h>

#include "commands/internal.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "keyspace/type.h"
#include "net/reply.h"

/* Looks the key (argv[2]) up without touching it; replies nil if missing. */
static entry *lookupOrReplyNull(client *c) {
    entry *e = dbLookupReadNoTouch(&dataset, c->db, c->argv[2]);
    if (!e) addReplyNull(c);
    return e;
}

static int lfuPolicy(void) { return (keyspaceConfig.maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0; }

static void objectEncodingCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (e) addReplyBulkCString(c, typeOf(e)->encoding(e));
}

static void objectRefcountCommand(client *c) {
    entry *e = lookupOrReplyNull(c);
    if (e) addReplyLongLong(c, typeRefcount(e));
}

static void objectIdletimeCommand(client *c) {
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

static void objectFreqCommand(client *c) {
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

static void objectHelpCommand(client *c) {
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

/* --- command table rows ------------------------------------------------------- */

static redisCommand objectSubcommands[] = {
    CMD("encoding", objectEncodingCommand, 3, CMD_READONLY, 2, 2, 1, GROUP_GENERIC, "2.2.3",
     "Returns the internal encoding of a Redis object.", "O(1)", NULL),
    CMD("freq", objectFreqCommand, 3, CMD_READONLY, 2, 2, 1, GROUP_GENERIC, "4.0.0",
     "Returns the logarithmic access frequency counter of a Redis object.", "O(1)", NULL),
    CMD("help", objectHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_GENERIC, "6.2.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("idletime", objectIdletimeCommand, 3, CMD_READONLY, 2, 2, 1, GROUP_GENERIC, "2.2.3",
     "Returns the time since the last access to a Redis object.", "O(1)", NULL),
    CMD("refcount", objectRefcountCommand, 3, CMD_READONLY, 2, 2, 1, GROUP_GENERIC, "2.2.3",
     "Returns the reference count of a value of a key.", "O(1)", NULL),
    {0},
};

static redisCommand objectCommands[] = {
    CMD("object", NULL, -2, 0, 0, 0, 0, GROUP_GENERIC, "2.2.3",
     "A container for object introspection commands.", "Depends on subcommand.",
     objectSubcommands),
    {0},
};

const serverModule objectModule = {
    .name = "object",
    .commands = objectCommands,
};
