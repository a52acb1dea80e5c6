/* observe/slowlog.c -- the slow log; see slowlog.h.
 *
 * Entries are on a list, oldest first: a new one is appended, trimming
 * drops from the head, SLOWLOG GET reads backwards from the tail. Each entry owns copies of what it shows:
 * the arguments live in the client's query buffer only while it runs. */
#include "observe/slowlog.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/clock.h"
#include "net/anet.h"
#include "dispatch/commands.h"
#include "lib/list.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

typedef struct slowlogEntry {
    listNode node;
    long long id;
    long long time;     /* unix seconds when it was logged */
    long long duration; /* microseconds */
    int argc;
    sds *argv;
    sds peerid; /* "ip:port" */
    sds cname;  /* client name, "" when unnamed */
} slowlogEntry;

struct slowlogConfig slowlogConfig;

/* call() hands the slow log every command that ran at least
 * slowlog-log-slower-than microseconds (-1, "never", is no threshold). */
static int observerId = -1;

static void slowlogObserve(client *c, const callInfo *info) { slowlogPush(c, info->durationUs); }

static const char *applyLogSlowerThan(void) {
    callObserverSetThreshold(observerId, (uint64_t)slowlogConfig.logSlowerThan);
    return NULL;
}

static void slowlogInit(void) {
    observerId = callObserverRegister(slowlogObserve);
    applyLogSlowerThan();
}

/* A shorter slow log drops its oldest entries at once. */
static const char *applyMaxLen(void) {
    slowlogTrim();
    return NULL;
}

static const configDirective slowlogDirectives[] = {
    {"slowlog-log-slower-than", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "10000", -1, LLONG_MAX,
     offsetof(struct slowlogConfig, logSlowerThan), NULL, applyLogSlowerThan, NULL, NULL},
    {"slowlog-max-len", DIRECTIVE_INT, DIRECTIVE_MUTABLE, "128", 0, LLONG_MAX,
     offsetof(struct slowlogConfig, maxLen), NULL, applyMaxLen, NULL, NULL},
    {0},
};

static list slowlog = {{&slowlog.head, &slowlog.head}, 0};
static long long nextEntryId;

static sds truncatedArg(slice arg) {
    if (arg.len <= SLOWLOG_ENTRY_MAX_STRING) return sdsnewlen(arg.ptr, arg.len);
    sds s = sdsnewlen(arg.ptr, SLOWLOG_ENTRY_MAX_STRING);
    return sdscatprintf(s, "... (%zu more bytes)", arg.len - SLOWLOG_ENTRY_MAX_STRING);
}

static slowlogEntry *createEntry(client *c, uint64_t durationUs) {
    slowlogEntry *e = zmalloc(sizeof(*e));
    int argc = c->argc > SLOWLOG_ENTRY_MAX_ARGC ? SLOWLOG_ENTRY_MAX_ARGC : c->argc;
    e->argc = argc;
    e->argv = zmalloc(sizeof(sds) * (size_t)argc);
    for (int j = 0; j < argc; j++) {
        if (j == argc - 1 && argc != c->argc)
            e->argv[j] = sdscatprintf(sdsempty(), "... (%d more arguments)", c->argc - argc + 1);
        else if (argumentIsRedacted(c, j)) e->argv[j] = sdsnew("(redacted)");
        else e->argv[j] = truncatedArg(c->argv[j]);
    }
    e->id = nextEntryId++;
    e->time = wallclockMs() / 1000; /* the cached time may be a long command old */
    e->duration = (long long)durationUs;
    char addr[NET_ADDR_STR_LEN];
    formatClientAddress(c, 1, addr, sizeof(addr));
    e->peerid = sdsnewlen(addr, strlen(addr));
    e->cname = c->name ? sdsnewlen(c->name, sdslen(c->name)) : sdsempty();
    return e;
}

static void freeEntry(slowlogEntry *e) {
    for (int j = 0; j < e->argc; j++) sdsfree(e->argv[j]);
    zfree(e->argv);
    sdsfree(e->peerid);
    sdsfree(e->cname);
    zfree(e);
}

void slowlogTrim(void) {
    while ((long long)slowlog.len > slowlogConfig.maxLen) {
        slowlogEntry *e = listEntry(listFirst(&slowlog), slowlogEntry, node);
        listRemove(&slowlog, &e->node);
        freeEntry(e);
    }
}

void slowlogPush(client *c, uint64_t durationUs) {
    listAppend(&slowlog, &createEntry(c, durationUs)->node);
    slowlogTrim();
}

static void slowlogReset(void) {
    listNode *n;
    while ((n = listFirst(&slowlog)) != NULL) {
        listRemove(&slowlog, n);
        freeEntry(listEntry(n, slowlogEntry, node));
    }
}

/* SLOWLOG GET [count]: the newest count entries (10 by default, -1 all). */
static void slowlogGetCommand(client *c) {
    long long count = 10;
    if (c->argc > 3) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    if (c->argc == 3 &&
        (!string2ll(c->argv[2].ptr, c->argv[2].len, &count) || count < -1)) {
        addReplyError(c, "count should be greater than or equal to -1");
        return;
    }
    if (count == -1 || count > (long long)slowlog.len) count = (long long)slowlog.len;
    addReplyArrayLen(c, count);
    listNode *n = slowlog.head.prev;
    for (long long i = 0; i < count; i++, n = n->prev) {
        const slowlogEntry *e = listEntry(n, slowlogEntry, node);
        addReplyArrayLen(c, 6);
        addReplyLongLong(c, e->id);
        addReplyLongLong(c, e->time);
        addReplyLongLong(c, e->duration);
        addReplyArrayLen(c, e->argc);
        for (int j = 0; j < e->argc; j++) addReplyBulk(c, e->argv[j], sdslen(e->argv[j]));
        addReplyBulk(c, e->peerid, sdslen(e->peerid));
        addReplyBulk(c, e->cname, sdslen(e->cname));
    }
}

static void slowlogLenCommand(client *c) { addReplyLongLong(c, (long long)slowlog.len); }

static void slowlogResetCommand(client *c) {
    slowlogReset();
    addReplyOk(c);
}

static void slowlogHelpCommand(client *c) {
    static const char *lines[] = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        NULL,
    };
    addReplyHelp(c, lines);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand slowlogSubcommands[] = {
    CMD("get", slowlogGetCommand, -2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "2.2.12", "Returns the slow log's entries.", "O(N) where N is the number of entries returned",
     NULL),
    CMD("len", slowlogLenCommand, 2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "2.2.12", "Returns the number of entries in the slow log.", "O(1)", NULL),
    CMD("reset", slowlogResetCommand, 2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "2.2.12", "Clears all entries from the slow log.",
     "O(N) where N is the number of entries in the slowlog", NULL),
    CMD("help", slowlogHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "6.2.0",
     "Show helpful text about the different subcommands", "O(1)", NULL),
    {0},
};

static redisCommand slowlogCommands[] = {
    CMD("slowlog", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "2.2.12",
     "A container for slow log commands.", "Depends on subcommand.", slowlogSubcommands),
    {0},
};

const serverModule slowlogModule = {
    .commands = slowlogCommands,
    .name = "slowlog",
    .config = &slowlogConfig,
    .configSize = sizeof(slowlogConfig),
    .directives = slowlogDirectives,
    .init = slowlogInit,
};
