/* dispatch/commands.h -- the command table and the path from a parsed
 * request to a command procedure: lookup, arity check, the checks every
 * command passes (AUTH, MISCONF, MULTI, pub/sub, CLIENT PAUSE), execution
 * and accounting.
 *
 * The table has no rows of its own. Each file that implements commands
 * declares its rows (name, procedure, arity, flags, key positions,
 * summary; the argument docs are in commands/command_docs.c) and exports
 * them through its module (lib/module.h); commandTableInit gathers them at
 * start-up. COMMAND INFO/DOCS and the dispatch path both read the table,
 * and the dispatch path knows a command only by its row: what it must do
 * differently for EXEC, PING or SELECT is said by a flag, never by
 * comparing procedures.
 *
 * The dispatch/ folder owns this path: the table (command_table.c), the
 * checks (process.c), running a command and arming its observers
 * (call.c), the replies that name a command (replies.c), and the states
 * that change what a command may do: MULTI/WATCH (multi.h), CLIENT PAUSE
 * (pause.h), AUTH (auth.h). */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdint.h>

#include "lib/metrics.h"
#include "lib/module.h"
#include "net/client.h"

/* Flags Redis reports in COMMAND INFO. */
#define CMD_WRITE (1 << 0)
#define CMD_READONLY (1 << 1)
#define CMD_DENYOOM (1 << 2)
#define CMD_ADMIN (1 << 3)
#define CMD_NOSCRIPT (1 << 4)
#define CMD_LOADING (1 << 5)
#define CMD_STALE (1 << 6)
#define CMD_FAST (1 << 7)
#define CMD_NO_AUTH (1 << 8)
#define CMD_PUBSUB (1 << 9)
/* Not a write, but replicated or propagated (PUBLISH, PFCOUNT, EVAL...):
 * held by CLIENT PAUSE WRITE like a write. */
#define CMD_MAY_REPLICATE (1 << 10)

/* Flags of redis-mini's own, never shown to clients. */
/* Refused unless enable-debug-command allows it (DEBUG). */
#define CMD_PROTECTED (1 << 16)
/* Runs the commands MULTI queued (EXEC): judged by MISCONF and CLIENT
 * PAUSE with their flags, and refused with EXECABORT. */
#define CMD_TX_EXEC (1 << 17)
/* Runs at once inside MULTI instead of being queued (EXEC, DISCARD,
 * MULTI, WATCH, QUIT, RESET). */
#define CMD_TX_CONTROL (1 << 18)
/* Refused with MISCONF like a write, so that a health check notices that
 * persistence is failing (PING). */
#define CMD_HEALTH_CHECK (1 << 19)
/* May run while a RESP2 client is subscribed ((P)(UN)SUBSCRIBE, PING,
 * QUIT, RESET). */
#define CMD_SUBSCRIBED_OK (1 << 20)
/* Changes the client's database (SELECT): the AOF loader replays it. */
#define CMD_SELECTS_DB (1 << 21)

typedef void redisCommandProc(client *c);
/* Whether argument j of the command in c->argv is a secret (a password),
 * which MONITOR and SLOWLOG show as "(redacted)", as Redis does. */
typedef int commandRedactProc(const client *c, int j);

typedef struct redisCommand {
    const char *name; /* lowercase */
    redisCommandProc *proc;
    int arity; /* n: exactly n arguments with the name; -n: at least n */
    uint32_t flags;
    int firstKey, lastKey, keyStep;
    const char *group;
    const char *since;
    const char *summary;
    const char *complexity;
    struct redisCommand *subcommands; /* terminated by a NULL name */
    commandRedactProc *redact;        /* NULL: nothing to hide */

    /* Filled in by commandTableInit. */
    char fullname[64]; /* "get", "config|get" */
    size_t nameLen;
    struct redisCommand *parent;

    /* INFO commandstats, zeroed by CONFIG RESETSTAT. */
    long long calls;         /* times the procedure ran */
    long long microseconds;  /* their total duration, see call() */
    long long rejectedCalls; /* refused before running (arity) */
    long long failedCalls;   /* ran and replied with an error */
} redisCommand;

/* The longest command name there is (the lookup folds at most this many
 * bytes). */
#define COMMAND_NAME_MAX 32

/* Redis's command groups, as COMMAND DOCS names them. */
#define GROUP_STRING "string"
#define GROUP_GENERIC "generic"
#define GROUP_CONNECTION "connection"
#define GROUP_SERVER "server"
#define GROUP_PUBSUB "pubsub"
#define GROUP_TRANSACTIONS "transactions"

/* A table row; designated initializers keep the run-time fields zeroed, and
 * further fields may follow (`.redact = ...`). */
#define CMD(name_, proc_, arity_, flags_, first_, last_, step_, group_, since_, summary_,      \
            complexity_, subs_, ...)                                                           \
    {.name = (name_), .proc = (proc_), .arity = (arity_), .flags = (flags_),                  \
     .firstKey = (first_), .lastKey = (last_), .keyStep = (step_), .group = (group_),          \
     .since = (since_), .summary = (summary_), .complexity = (complexity_),                    \
     .subcommands = (subs_), __VA_ARGS__}

/* enable-debug-command: whether protected commands (DEBUG) may run. */
#define ENABLE_DEBUG_NO 0
#define ENABLE_DEBUG_YES 1
#define ENABLE_DEBUG_LOCAL 2 /* from loopback and Unix socket clients only */

struct dispatchConfig {
    long long enableDebugCommand; /* ENABLE_DEBUG_* */
};

extern struct dispatchConfig dispatchConfig;
/* The command table as a module: enable-debug-command, INFO commandstats,
 * and the counters CONFIG RESETSTAT zeroes. */
extern const serverModule dispatchModule;

/* total_commands_processed: commands that ran (not those refused). */
extern long long numCommandsProcessed;
/* instantaneous_ops_per_sec, sampled by the module's cron. */
extern metric opsPerSecMetric;

/* --- the table (command_table.c) ---------------------------------------------- */

/* Gathers the rows of the modules' command tables, once at start-up. */
void commandTableInit(const serverModule *const *modules, int count);
redisCommand *lookupCommand(slice name);
/* The subcommand of a container by its name, case-insensitive, or NULL. */
redisCommand *lookupSubcommand(const redisCommand *parent, slice name);
/* "name" or "container|sub", for COMMAND INFO/DOCS; NULL if unknown. */
redisCommand *lookupCommandByFullName(slice name);
/* The top-level commands, sorted by name, for COMMAND and INFO. */
redisCommand *const *commandTableEntries(int *count);
/* Zeroes every command's INFO commandstats counters. */
void resetCommandStats(void);

/* --- replies that name the running command (replies.c) --------------------- */

/* The reply to a container command's HELP: an array of status lines, the
 * given ones (NULL-terminated) between a usage header and the HELP entry. */
void addReplyHelp(client *c, const char **lines);
/* The name of the container command being run (CONFIG for CONFIG GET), or
 * of the command itself, in upper case, as Redis spells it in its texts. */
void containerNameUpper(const client *c, char *buf, size_t size);
void addReplyErrorArity(client *c);
void addReplyInvalidExpire(client *c);
void addReplyUnknownSubcommand(client *c);
/* A known subcommand given arguments it cannot take. */
void addReplySubcommandSyntaxError(client *c);

/* --- observers of call() (call.c) -------------------------------------------- */

/* What call() tells its observers about a command that ran. */
typedef struct callInfo {
    uint64_t durationUs;
    /* dataset.dirty before it ran: it changed the dataset iff it differs. */
    long long dirtyBefore;
    int nested; /* run by EXEC (a queued command), not by the client itself */
} callInfo;

typedef void callObserverProc(client *c, const callInfo *info);

#define CALL_OBSERVERS_MAX 32

/* The layers above watch commands run (the AOF's propagation, the slow
 * log, the latency monitor, MONITOR) by registering an observer: it is
 * called after a command while it is armed, or when the command ran at
 * least as long as its threshold (none at first), in the order
 * registered. Returns its id, or -1 when there are too many. */
int callObserverRegister(callObserverProc *proc);
void callObserverArm(int id, int armed);
/* UINT64_MAX: no threshold. */
void callObserverSetThreshold(int id, uint64_t us);

/* Writes refused while persistence fails (MISCONF): the persistence layer
 * registers a proc per cause (a failed BGSAVE, a failed AOF write) and arms
 * it while that cause holds; an armed proc returns the error writes get,
 * or NULL when by its rules (stop-writes-on-bgsave-error, ...) they are not
 * refused after all. The first registered that answers wins. With none
 * armed a command pays one test. */
#define WRITE_REFUSALS_MAX 8
int writeRefusalRegister(const char *(*proc)(void));
void writeRefusalArm(int id, int armed);

/* --- the request path (process.c) --------------------------------------------- */

/* Runs the command in c->argv, replying with Redis's error for an unknown
 * command, unknown subcommand, wrong arity or missing AUTH. A command that
 * a CLIENT PAUSE covers is not run: the client is left with CLIENT_PAUSED
 * set, and the caller keeps the command to run it again later. */
void processCommand(client *c);
/* Runs c->cmd with c->argv and counts it; EXEC runs queued commands here
 * (call.c). */
void call(client *c);
/* Whether argument j of the command in c->argv is a secret. */
static inline int argumentIsRedacted(const client *c, int j) {
    return c->cmd->redact && c->cmd->redact(c, j);
}

#endif
