/* dispatch/command_table.c -- the command table, lookup and dispatch; see commands.h. */
#include "dispatch/commands.h"

#include <stdio.h>
#include <assert.h>
#include <string.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/anet.h"
#include "net/net.h"
#include "observe/info.h"
#include "persist/aof/aof.h"
#include "dispatch/auth.h"
#include "observe/latency.h"
#include "observe/monitor.h"
#include "dispatch/multi.h"
#include "dispatch/pause.h"
#include "persist/persistence.h"
#include "persist/propagate.h"
#include "commands/pubsub.h"
#include "net/reply.h"
#include "observe/slowlog.h"

#define GROUP_STRING "string"
#define GROUP_GENERIC "generic"
#define GROUP_CONNECTION "connection"
#define GROUP_SERVER "server"
#define GROUP_PUBSUB "pubsub"
#define GROUP_TRANSACTIONS "transactions"

/* A table row: designated initializers keep the run-time fields zeroed. */
#define CMD(name_, proc_, arity_, flags_, first_, last_, step_, group_, since_, summary_,      \
            complexity_, subs_)                                                                \
    {.name = (name_), .proc = (proc_), .arity = (arity_), .flags = (flags_),                  \
     .firstKey = (first_), .lastKey = (last_), .keyStep = (step_), .group = (group_),          \
     .since = (since_), .summary = (summary_), .complexity = (complexity_),                    \
     .subcommands = (subs_)}

static redisCommand configSubcommands[] = {
    CMD("get", configGetCommand, -3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "2.0.0", "Returns the effective values of configuration parameters.",
     "O(N) when N is the number of configuration parameters provided", NULL),
    CMD("set", configSetCommand, -4, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "2.0.0", "Sets configuration parameters in-flight.",
     "O(N) when N is the number of configuration parameters provided", NULL),
    CMD("rewrite", configRewriteCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.0", "Persists the effective configuration to file.",
     "O(1)", NULL),
    CMD("resetstat", configResetStatCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_SERVER, "2.0.0", "Resets the server's statistics.", "O(1)", NULL),
    CMD("help", configHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

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

static redisCommand latencySubcommands[] = {
    CMD("history", latencyHistoryCommand, 3, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_SERVER, "2.8.13", "Returns timestamp-latency samples for an event.", "O(1)",
     NULL),
    CMD("latest", latencyLatestCommand, 2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.13", "Returns the latest latency samples for all events.", "O(1)",
     NULL),
    CMD("reset", latencyResetCommand, -2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_SERVER, "2.8.13", "Resets the latency data for one or more events.", "O(1)",
     NULL),
    CMD("help", latencyHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

static redisCommand commandSubcommands[] = {
    CMD("count", commandCountCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns a count of commands.", "O(1)", NULL),
    CMD("info", commandInfoCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns information about one, multiple or all commands.",
     "O(N) where N is the number of commands to look up", NULL),
    CMD("docs", commandDocsCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "7.0.0",
     "Returns documentary information about one, multiple or all commands.",
     "O(N) where N is the number of commands to look up", NULL),
    CMD("getkeys", commandGetKeysCommand, -4, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "2.8.13", "Extracts the key names from an arbitrary command.",
     "O(N) where N is the number of arguments to the command", NULL),
    CMD("help", commandHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "5.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("list", commandListCommand, -2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "7.0.0",
     "Returns a list of command names.", "O(N) where N is the total number of Redis commands",
     NULL),
    {0},
};

static redisCommand memorySubcommands[] = {
    CMD("doctor", memoryDoctorCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Outputs a memory problems report.", "O(1)", NULL),
    CMD("help", memoryHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    CMD("stats", memoryStatsCommand, 2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Returns details about memory usage.", "O(1)", NULL),
    CMD("usage", memoryUsageCommand, -3, CMD_READONLY, 2, 2, 1, GROUP_SERVER, "4.0.0",
     "Estimates the memory usage of a key.", "O(N) where N is the number of samples.", NULL),
    {0},
};

static redisCommand pubsubSubcommands[] = {
    CMD("channels", pubsubChannelsCommand, -2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns the active channels.",
     "O(N) where N is the number of active channels, and assuming constant time pattern matching "
     "(relatively short channels and patterns)", NULL),
    CMD("numsub", pubsubNumsubCommand, -2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns a count of subscribers to channels.",
     "O(N) for the NUMSUB subcommand, where N is the number of requested channels", NULL),
    CMD("numpat", pubsubNumpatCommand, 2, CMD_PUBSUB | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_PUBSUB, "2.8.0", "Returns a count of unique pattern subscriptions.", "O(1)", NULL),
    CMD("help", pubsubHelpCommand, 2, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB, "6.2.0",
     "Returns helpful text about the different subcommands.", "O(1)", NULL),
    {0},
};

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

/* Sorted by name within each group, groups in Redis's documentation order. */
static redisCommand commandTable[] = {
    /* strings */
    CMD("append", appendCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "2.0.0", "Appends a string to the value of a key. Creates the key if it doesn't exist.",
     "O(1). The amortized time complexity is O(1) assuming the appended value is small and the "
     "already present value is of any size, since the dynamic string library used by Redis will "
     "double the free space available on every reallocation.", NULL),
    CMD("decr", decrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("decrby", decrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Decrements a number from the integer value of a key. Uses 0 as initial value if "
     "the key doesn't exist.", "O(1)", NULL),
    CMD("get", getCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Returns the string value of a key.", "O(1)", NULL),
    CMD("getdel", getdelCommand, 2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_STRING, "6.2.0",
     "Returns the string value of a key after deleting the key.", "O(1)", NULL),
    CMD("getex", getexCommand, -2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_STRING, "6.2.0",
     "Returns the string value of a key after setting its expiration time.", "O(1)", NULL),
    CMD("getrange", getrangeCommand, 4, CMD_READONLY, 1, 1, 1, GROUP_STRING, "2.4.0",
     "Returns a substring of the string stored at a key.",
     "O(N) where N is the length of the returned string. The complexity is ultimately "
     "determined by the returned length, but because creating a substring from an existing "
     "string is very cheap, it can be considered O(1) for small strings.", NULL),
    CMD("getset", getsetCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Returns the previous string value of a key after setting it to a new value.",
     "O(1)", NULL),
    CMD("incr", incrCommand, 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't "
     "exist.", "O(1)", NULL),
    CMD("incrby", incrbyCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Increments the integer value of a key by a number. Uses 0 as initial value if the "
     "key doesn't exist.", "O(1)", NULL),
    CMD("incrbyfloat", incrbyfloatCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1,
     GROUP_STRING, "2.6.0", "Increment the floating point value of a key by a number. Uses 0 as "
     "initial value if the key doesn't exist.", "O(1)", NULL),
    CMD("lcs", lcsCommand, -3, CMD_READONLY, 1, 2, 1, GROUP_STRING, "7.0.0",
     "Finds the longest common substring.",
     "O(N*M) where N and M are the lengths of s1 and s2, respectively", NULL),
    CMD("mget", mgetCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_STRING, "1.0.0",
     "Atomically returns the string values of one or more keys.",
     "O(N) where N is the number of keys to retrieve.", NULL),
    CMD("mset", msetCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, -1, 2, GROUP_STRING, "1.0.1",
     "Atomically creates or modifies the string values of one or more keys.",
     "O(N) where N is the number of keys to set.", NULL),
    CMD("msetnx", msetnxCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, -1, 2, GROUP_STRING, "1.0.1",
     "Atomically modifies the string values of one or more keys only when all keys don't "
     "exist.", "O(N) where N is the number of keys to set.", NULL),
    CMD("psetex", psetexCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.6.0",
     "Sets both string value and expiration time in milliseconds of a key. The key is created "
     "if it doesn't exist.", "O(1)", NULL),
    CMD("set", setCommand, -3, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Sets the string value of a key, ignoring its type. The key is created if it doesn't "
     "exist.", "O(1)", NULL),
    CMD("setex", setexCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.0.0",
     "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
     "O(1)", NULL),
    CMD("setnx", setnxCommand, 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, GROUP_STRING,
     "1.0.0", "Set the string value of a key only when the key doesn't exist.", "O(1)", NULL),
    CMD("setrange", setrangeCommand, 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, GROUP_STRING, "2.2.0",
     "Overwrites a part of a string value with another by an offset. Creates the key if it "
     "doesn't exist.", "O(1), not counting the time taken to copy the new string in place. "
     "Usually, this string is very small so the amortized complexity is O(1). Otherwise, "
     "complexity is O(M) with M being the length of the value argument.", NULL),
    CMD("strlen", strlenCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_STRING, "2.2.0",
     "Returns the length of a string value.", "O(1)", NULL),
    CMD("substr", getrangeCommand, 4, CMD_READONLY, 1, 1, 1, GROUP_STRING, "1.0.0",
     "Returns a substring from string value.",
     "O(N) where N is the length of the returned string. The complexity is ultimately "
     "determined by the returned length, but because creating a substring from an existing "
     "string is very cheap, it can be considered O(1) for small strings.", NULL),
    /* keyspace */
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
    CMD("expire", expireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Sets the expiration time of a key in seconds.", "O(1)", NULL),
    CMD("expireat", expireatCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.2.0",
     "Sets the expiration time of a key to a Unix timestamp.", "O(1)", NULL),
    CMD("expiretime", expiretimeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC,
     "7.0.0", "Returns the expiration time of a key as a Unix timestamp.", "O(1)", NULL),
    CMD("keys", keysCommand, 2, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "1.0.0",
     "Returns all key names that match a pattern.",
     "O(N) with N being the number of keys in the database, under the assumption that the key "
     "names in the database and the given pattern have limited length.", NULL),
    CMD("move", moveCommand, 3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Moves a key to another database.", "O(1)", NULL),
    CMD("object", NULL, -2, 0, 0, 0, 0, GROUP_GENERIC, "2.2.3",
     "A container for object introspection commands.", "Depends on subcommand.",
     objectSubcommands),
    CMD("persist", persistCommand, 2, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.2.0",
     "Removes the expiration time of a key.", "O(1)", NULL),
    CMD("pexpire", pexpireCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Sets the expiration time of a key in milliseconds.", "O(1)", NULL),
    CMD("pexpireat", pexpireatCommand, -3, CMD_WRITE | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Sets the expiration time of a key to a Unix milliseconds timestamp.", "O(1)", NULL),
    CMD("pexpiretime", pexpiretimeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC,
     "7.0.0", "Returns the expiration time of a key as a Unix milliseconds timestamp.", "O(1)",
     NULL),
    CMD("pttl", pttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "2.6.0",
     "Returns the expiration time in milliseconds of a key.", "O(1)", NULL),
    CMD("randomkey", randomkeyCommand, 1, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "1.0.0",
     "Returns a random key name from the database.", "O(1)", NULL),
    CMD("rename", renameCommand, 3, CMD_WRITE, 1, 2, 1, GROUP_GENERIC, "1.0.0",
     "Renames a key and overwrites the destination.", "O(1)", NULL),
    CMD("renamenx", renamenxCommand, 3, CMD_WRITE | CMD_FAST, 1, 2, 1, GROUP_GENERIC, "1.0.0",
     "Renames a key only when the target key name doesn't exist.", "O(1)", NULL),
    CMD("scan", scanCommand, -2, CMD_READONLY, 0, 0, 0, GROUP_GENERIC, "2.8.0",
     "Iterates over the key names in the database.",
     "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
     "the cursor to return back to 0. N is the number of elements inside the collection.",
     NULL),
    CMD("touch", touchCommand, -2, CMD_READONLY | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "3.2.1",
     "Returns the number of existing keys out of those specified after updating the time they "
     "were last accessed.", "O(N) where N is the number of keys that will be touched.", NULL),
    CMD("ttl", ttlCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Returns the expiration time in seconds of a key.", "O(1)", NULL),
    CMD("type", typeCommand, 2, CMD_READONLY | CMD_FAST, 1, 1, 1, GROUP_GENERIC, "1.0.0",
     "Determines the type of value stored at a key.", "O(1)", NULL),
    CMD("unlink", unlinkCommand, -2, CMD_WRITE | CMD_FAST, 1, -1, 1, GROUP_GENERIC, "4.0.0",
     "Asynchronously deletes one or more keys.",
     "O(1) for each key removed regardless of its size.", NULL),
    /* connection */
    CMD("auth", authCommand, -2,
     CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH, 0, 0, 0,
     GROUP_CONNECTION, "1.0.0", "Authenticates the connection.",
     "O(N) where N is the number of passwords defined for the user", NULL),
    CMD("client", NULL, -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "2.4.0", "A container for client connection commands.", "Depends on subcommand.",
     clientSubcommands),
    CMD("echo", echoCommand, 2, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Returns the given string.", "O(1)", NULL),
    CMD("hello", helloCommand, -1, CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "6.0.0", "Handshakes with the Redis server.", "O(1)", NULL),
    CMD("ping", pingCommand, -1, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Returns the server's liveliness response.", "O(1)", NULL),
    CMD("quit", quitCommand, -1, CMD_NO_AUTH | CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_CONNECTION, "1.0.0", "Closes the connection.", "O(1)", NULL),
    CMD("reset", resetCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH,
     0, 0, 0, GROUP_CONNECTION, "6.2.0", "Resets the connection.", "O(1)", NULL),
    CMD("select", selectCommand, 2, CMD_FAST | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_CONNECTION,
     "1.0.0", "Changes the selected database.", "O(1)", NULL),
    /* pubsub */
    CMD("psubscribe", psubscribeCommand, -2, CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE,
     0, 0, 0, GROUP_PUBSUB, "2.0.0", "Listens for messages published to channels that match one "
     "or more patterns.", "O(N) where N is the number of patterns to subscribe to.", NULL),
    CMD("publish", publishCommand, 3, CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_MAY_REPLICATE, 0, 0, 0,
     GROUP_PUBSUB, "2.0.0", "Posts a message to a channel.",
     "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
     "total number of subscribed patterns (by any client).", NULL),
    CMD("pubsub", NULL, -2, 0, 0, 0, 0, GROUP_PUBSUB, "2.8.0",
     "A container for Pub/Sub commands.", "Depends on subcommand.", pubsubSubcommands),
    CMD("punsubscribe", punsubscribeCommand, -1,
     CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB, "2.0.0",
     "Stops listening to messages published to channels that match one or more patterns.",
     "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
     "number of total patterns subscribed in the system (by any client).", NULL),
    CMD("subscribe", subscribeCommand, -2, CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0,
     0, 0, GROUP_PUBSUB, "2.0.0", "Listens for messages published to channels.",
     "O(N) where N is the number of channels to subscribe to.", NULL),
    CMD("unsubscribe", unsubscribeCommand, -1,
     CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_PUBSUB, "2.0.0",
     "Stops listening to messages posted to channels.",
     "O(N) where N is the number of clients already subscribed to a channel.", NULL),
    /* transactions */
    CMD("discard", discardCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "2.0.0", "Discards a transaction.",
     "O(N), when N is the number of queued commands", NULL),
    CMD("exec", execCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_TRANSACTIONS, "1.2.0", "Executes all commands in a transaction.",
     "Depends on commands in the transaction", NULL),
    CMD("multi", multiCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "1.2.0", "Starts a transaction.", "O(1)", NULL),
    CMD("unwatch", unwatchCommand, 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_TRANSACTIONS, "2.2.0", "Forgets about watched keys of a transaction.", "O(1)", NULL),
    CMD("watch", watchCommand, -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST, 1, -1, 1,
     GROUP_TRANSACTIONS, "2.2.0", "Monitors changes to keys to determine the execution of a "
     "transaction.", "O(1) for every key.", NULL),
    /* server */
    CMD("bgrewriteaof", bgrewriteaofCommand, 1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER,
     "1.0.0", "Asynchronously rewrites the append-only file to disk.", "O(1)", NULL),
    CMD("bgsave", bgsaveCommand, -1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Asynchronously saves the database(s) to disk.", "O(1)", NULL),
    CMD("command", commandCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "Returns detailed information about all commands.",
     "O(N) where N is the total number of Redis commands", commandSubcommands),
    CMD("config", NULL, -2, CMD_ADMIN, 0, 0, 0, GROUP_SERVER, "2.0.0",
     "A container for server configuration commands.", "Depends on subcommand.",
     configSubcommands),
    CMD("dbsize", dbsizeCommand, 1, CMD_READONLY | CMD_FAST, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns the number of keys in the database.", "O(1)", NULL),
    CMD("debug", debugCommand, -2,
     CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_PROTECTED, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "A container for debugging commands.", "Depends on subcommand.",
     NULL),
    CMD("flushall", flushallCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Removes all keys from all databases.",
     "O(N) where N is the total number of keys in all databases", NULL),
    CMD("flushdb", flushdbCommand, -1, CMD_WRITE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Remove all keys from the current database.",
     "O(N) where N is the number of keys in the selected database", NULL),
    CMD("info", infoCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns information and statistics about the server.", "O(1)", NULL),
    CMD("lastsave", lastsaveCommand, 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "Returns the Unix timestamp of the last successful save to disk.",
     "O(1)", NULL),
    CMD("latency", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "2.8.13",
     "A container for latency diagnostics commands.", "Depends on subcommand.",
     latencySubcommands),
    CMD("memory", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "A container for memory diagnostics commands.", "Depends on subcommand.",
     memorySubcommands),
    CMD("monitor", monitorCommand, 1, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "Listens for all requests received by the server in real-time.", "",
     NULL),
    CMD("save", saveCommand, 1, CMD_ADMIN | CMD_NOSCRIPT, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Synchronously saves the database(s) to disk.",
     "O(N) where N is the total number of keys in all databases", NULL),
    CMD("shutdown", shutdownCommand, -1,
     CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER,
     "1.0.0", "Synchronously saves the database(s) to disk and shuts down the Redis server.",
     "O(N) when saving, where N is the total number of keys in all databases when saving data, "
     "otherwise O(1)", NULL),
    CMD("slowlog", NULL, -2, 0, 0, 0, 0, GROUP_SERVER, "2.2.12",
     "A container for slow log commands.", "Depends on subcommand.", slowlogSubcommands),
    CMD("swapdb", swapdbCommand, 3, CMD_WRITE | CMD_FAST, 0, 0, 0, GROUP_SERVER, "4.0.0",
     "Swaps two Redis databases.",
     "O(N) where N is the count of clients watching or blocking on keys from both databases.",
     NULL),
    CMD("time", timeCommand, 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, GROUP_SERVER,
     "2.6.0", "Returns the server time.", "O(1)", NULL),
};

long long numCommandsProcessed;

#define COMMAND_COUNT ((int)(sizeof(commandTable) / sizeof(commandTable[0])))

/* --- lookup --------------------------------------------------------------- */

/* An open-addressing index over the table, keyed by a hash of the name in
 * lowercase (the table's names are lowercase): one pass over the client's
 * bytes folds and hashes them, then usually one exact comparison. */
#define COMMAND_INDEX_SIZE 512
#define COMMAND_NAME_MAX 32
static redisCommand *commandIndex[COMMAND_INDEX_SIZE];

/* Copies len bytes (at most COMMAND_NAME_MAX) to folded with ASCII letters
 * in lowercase, and returns their FNV-1a hash. Branch-free folding: measured
 * with callgrind, a GET's lookup went from 95 to 78 instructions. */
static uint32_t foldAndHashName(const char *name, size_t len, char *folded) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        unsigned ch = (unsigned char)name[i];
        ch += (unsigned)(ch - 'A' < 26u) << 5;
        folded[i] = (char)ch;
        h = (h ^ ch) * 16777619u;
    }
    return h;
}

static void initSubcommands(redisCommand *parent) {
    for (redisCommand *sub = parent->subcommands; sub && sub->name; sub++) {
        sub->parent = parent;
        sub->nameLen = strlen(sub->name);
        snprintf(sub->fullname, sizeof(sub->fullname), "%s|%s", parent->name, sub->name);
    }
}

void commandTableInit(void) {
    _Static_assert(COMMAND_COUNT * 2 <= COMMAND_INDEX_SIZE, "command index too small");
    for (int i = 0; i < COMMAND_COUNT; i++) {
        redisCommand *cmd = &commandTable[i];
        cmd->nameLen = strlen(cmd->name);
        snprintf(cmd->fullname, sizeof(cmd->fullname), "%s", cmd->name);
        initSubcommands(cmd);
        char folded[COMMAND_NAME_MAX];
        assert(cmd->nameLen <= COMMAND_NAME_MAX);
        uint32_t slot = foldAndHashName(cmd->name, cmd->nameLen, folded) % COMMAND_INDEX_SIZE;
        assert(memcmp(folded, cmd->name, cmd->nameLen) == 0); /* lowercase */
        while (commandIndex[slot]) slot = (slot + 1) % COMMAND_INDEX_SIZE;
        commandIndex[slot] = cmd;
    }
}

redisCommand *lookupCommand(slice name) {
    if (name.len == 0 || name.len > COMMAND_NAME_MAX) return NULL;
    char folded[COMMAND_NAME_MAX];
    uint32_t slot = foldAndHashName(name.ptr, name.len, folded) % COMMAND_INDEX_SIZE;
    for (redisCommand *cmd; (cmd = commandIndex[slot]) != NULL;
         slot = (slot + 1) % COMMAND_INDEX_SIZE) {
        if (cmd->nameLen != name.len) continue;
        size_t i = 0; /* a loop, not memcmp: 16 instructions less per GET (callgrind) */
        while (i < name.len && cmd->name[i] == folded[i]) i++;
        if (i == name.len) return cmd;
    }
    return NULL;
}

static redisCommand *lookupSubcommand(const redisCommand *parent, slice name) {
    for (redisCommand *sub = parent->subcommands; sub->name; sub++) {
        if (sliceEqualsNoCase(name, sub->name)) return sub;
    }
    return NULL;
}

redisCommand *commandTableEntries(int *count) {
    *count = COMMAND_COUNT;
    return commandTable;
}

/* --- dispatch ------------------------------------------------------------- */

static void replyUnknownCommand(client *c) {
    sds args = sdsempty();
    for (int i = 1; i < c->argc && sdslen(args) < ERROR_QUOTE_MAX_LEN; i++) {
        size_t room = ERROR_QUOTE_MAX_LEN - sdslen(args);
        int len = (int)(c->argv[i].len < room ? c->argv[i].len : room);
        args = sdscatprintf(args, "'%.*s' ", len, c->argv[i].ptr);
    }
    size_t namelen = c->argv[0].len < ERROR_QUOTE_MAX_LEN ? c->argv[0].len : ERROR_QUOTE_MAX_LEN;
    addReplyErrorFormat(c, "unknown command '%.*s', with args beginning with: %s", (int)namelen,
                        c->argv[0].ptr, args);
    sdsfree(args);
}

static int arityMatches(const redisCommand *cmd, int argc) {
    return cmd->arity > 0 ? argc == cmd->arity : argc >= -cmd->arity;
}

/* A command refused before it ran: counted as rejected (when the command is
 * known) and its time kept out of the next command's duration. */
static void rejectCommand(redisCommand *cmd) {
    if (cmd) cmd->rejectedCalls++;
    net.cmdClockUs = monotonicUs();
}

/* Runs the command and accounts for it. Its duration is measured from the
 * end of the previous command of the same batch (processInputBuffer starts
 * the clock at the first one), so it includes parsing its own arguments:
 * one clock read per command instead of two around the procedure. */
void call(client *c) {
    redisCommand *cmd = c->cmd;
    long long errorsBefore = net.stats.errorReplies;
    long long dirtyBefore = dataset.dirty;
    c->lastcmd = cmd;
    cmd->proc(c);
    if (propagateEnabled) propagateCall(c, dirtyBefore);
    uint64_t now = monotonicUs();
    uint64_t duration = now - net.cmdClockUs;
    net.cmdClockUs = now;
    cmd->calls++;
    cmd->microseconds += (long long)duration;
    if (net.stats.errorReplies != errorsBefore) cmd->failedCalls++;
    numCommandsProcessed++;
    /* -1 ("never") is the largest unsigned value: one comparison. */
    if (duration >= (uint64_t)slowlogConfig.logSlowerThan) slowlogPush(c, duration);
    if (latencyConfig.monitorThreshold &&
        duration / 1000 >= (uint64_t)latencyConfig.monitorThreshold)
        latencyAddSample((cmd->flags & CMD_FAST) ? "fast-command" : "command", duration / 1000);
    if (monitorCount && !(cmd->flags & CMD_ADMIN)) monitorFeed(c);
}

static int protectedCommandAllowed(const client *c) {
    if (dispatchConfig.enableDebugCommand == ENABLE_DEBUG_YES) return 1;
    if (dispatchConfig.enableDebugCommand != ENABLE_DEBUG_LOCAL) return 0;
    if (c->flags & CLIENT_UNIX_SOCKET) return 1;
    char addr[NET_ADDR_STR_LEN];
    formatClientAddress(c, 1, addr, sizeof(addr));
    return strncmp(addr, "127.0.0.1:", 10) == 0 || strncmp(addr, "::1:", 4) == 0;
}

static void replyProtectedCommandRefused(client *c) {
    char name[COMMAND_NAME_MAX + 1];
    containerNameUpper(c, name, sizeof(name));
    addReplyErrorFormat(c, "%s command not allowed. If the enable-debug-command option is set "
                        "to \"local\", you can run it from a local connection, otherwise you "
                        "need to set this option in the configuration file, and then restart "
                        "the server.", name);
}

/* Finds the command to run and checks its arity, or replies with the
 * error; returns NULL then. */
static redisCommand *resolveCommand(client *c) {
    redisCommand *cmd = lookupCommand(c->argv[0]);
    if (!cmd) {
        replyUnknownCommand(c);
        rejectCommand(NULL);
        return NULL;
    }
    c->cmd = cmd;
    if (cmd->subcommands && (c->argc >= 2 || !cmd->proc)) {
        if (c->argc < 2) {
            addReplyErrorArity(c);
            rejectCommand(cmd);
            return NULL;
        }
        redisCommand *sub = lookupSubcommand(cmd, c->argv[1]);
        if (!sub) {
            addReplyUnknownSubcommand(c);
            rejectCommand(NULL);
            return NULL;
        }
        c->cmd = cmd = sub;
    }
    if (!arityMatches(cmd, c->argc)) {
        addReplyErrorArity(c);
        rejectCommand(cmd);
        return NULL;
    }
    return cmd;
}

/* A command's flags, an EXEC's including those of the commands it would
 * run: what MISCONF and CLIENT PAUSE judge. */
static uint64_t flagsAsRun(const client *c, const redisCommand *cmd) {
    uint64_t flags = cmd->flags;
    if (cmd->proc == execCommand) flags |= multiQueuedFlags(c);
    return flags;
}

/* The MISCONF error for cmd while persistence is failing (a BGSAVE with
 * stop-writes-on-bgsave-error, or an AOF write), or NULL. Writes, an EXEC
 * of writes and PING are refused, as in Redis: PING so that a health check
 * notices. A failed BGSAVE's error comes first. */
static const char *misconfRefusal(const client *c, const redisCommand *cmd) {
    int rdbStops = !rdbStatus.lastSaveOk && rdbStopsWrites();
    int aofStops = !aof.lastWriteOk && aofStopsWrites();
    if (!rdbStops && !aofStops) return NULL;
    if (cmd->proc != pingCommand && !(flagsAsRun(c, cmd) & CMD_WRITE)) return NULL;
    return rdbStops ? MISCONF_RDB_ERROR : aofMisconfError();
}

void processCommand(client *c) {
    redisCommand *cmd = resolveCommand(c);
    if (!cmd) {
        flagTransaction(c);
        return;
    }
    if (authRequired(c) && !(cmd->flags & CMD_NO_AUTH)) {
        flagTransaction(c);
        addReplyError(c, "-NOAUTH Authentication required.");
        rejectCommand(cmd);
        return;
    }
    if ((cmd->flags & CMD_PROTECTED) && !protectedCommandAllowed(c)) {
        flagTransaction(c);
        replyProtectedCommandRefused(c);
        rejectCommand(cmd);
        return;
    }
    const char *misconf;
    if ((!rdbStatus.lastSaveOk || !aof.lastWriteOk) && (misconf = misconfRefusal(c, cmd))) {
        if (cmd->proc == execCommand) {
            execCommandAbort(c, misconf);
        } else {
            flagTransaction(c);
            addReplyError(c, misconf);
        }
        rejectCommand(cmd);
        return;
    }
    if (c->flags & (CLIENT_MULTI | CLIENT_PUBSUB)) {
        if (pubsubRestricted(c) && !pubsubCheckCommand(c, cmd)) {
            flagTransaction(c);
            rejectCommand(cmd);
            return;
        }
        if ((c->flags & CLIENT_MULTI) && !commandRunsInMulti(cmd)) {
            queueMultiCommand(c);
            return;
        }
    }
    /* Last, as in Redis: a command that fails its checks is answered at
     * once even during a pause. */
    if (clientPauseType != PAUSE_OFF) {
        if (pauseHoldsCommand((uint32_t)flagsAsRun(c, cmd))) {
            pausePostponeClient(c);
            return;
        }
    }
    call(c);
}

int argumentIsRedacted(const client *c, int j) {
    if (c->cmd->proc == authCommand) return j >= 1;
    if (c->cmd->proc != helloCommand) return 0;
    /* HELLO protover [AUTH user pass] [SETNAME name]: both AUTH words. */
    for (int k = 2; k < c->argc;) {
        if (sliceEqualsNoCase(c->argv[k], "auth") && k + 2 < c->argc) {
            if (j == k + 1 || j == k + 2) return 1;
            k += 3;
        } else {
            k += 2;
        }
    }
    return 0;
}

void resetCommandStats(void) {
    for (int i = 0; i < COMMAND_COUNT; i++) {
        redisCommand *cmd = &commandTable[i];
        cmd->calls = cmd->microseconds = cmd->rejectedCalls = cmd->failedCalls = 0;
        for (redisCommand *sub = cmd->subcommands; sub && sub->name; sub++)
            sub->calls = sub->microseconds = sub->rejectedCalls = sub->failedCalls = 0;
    }
}

/* --- the module --------------------------------------------------------------- */

struct dispatchConfig dispatchConfig;
metric opsPerSecMetric;

static const directiveEnum enableDebugValues[] = {
    {"no", ENABLE_DEBUG_NO}, {"yes", ENABLE_DEBUG_YES}, {"local", ENABLE_DEBUG_LOCAL},
    {NULL, 0},
};

static const configDirective dispatchDirectives[] = {
    {"enable-debug-command", DIRECTIVE_ENUM, 0, "no", 0, 0,
     offsetof(struct dispatchConfig, enableDebugCommand), enableDebugValues, NULL, NULL, NULL},
    {0},
};

static sds catCommandStats(sds s, const redisCommand *cmd) {
    if (!cmd->calls && !cmd->rejectedCalls && !cmd->failedCalls) return s;
    return sdscatprintf(s,
                        "cmdstat_%s:calls=%lld,usec=%lld,usec_per_call=%.2f,rejected_calls=%lld,"
                        "failed_calls=%lld\r\n",
                        cmd->fullname, cmd->calls, cmd->microseconds,
                        cmd->calls ? (double)cmd->microseconds / (double)cmd->calls : 0.0,
                        cmd->rejectedCalls, cmd->failedCalls);
}

/* Commands that ran or were refused, subcommands as "container|sub". */
static sds infoCommandstats(sds s) {
    for (int i = 0; i < COMMAND_COUNT; i++) {
        s = catCommandStats(s, &commandTable[i]);
        for (const redisCommand *sub = commandTable[i].subcommands; sub && sub->name; sub++)
            s = catCommandStats(s, sub);
    }
    return s;
}

static const infoSection dispatchInfo[] = {
    {"commandstats", "Commandstats", INFO_COMMANDSTATS, 0, infoCommandstats},
    {0},
};

static void dispatchCron(int hz) {
    (void)hz;
    static long long lastSampleMs;
    long long nowMs = (long long)(monotonicUs() / 1000);
    if (metricSampleDue(&lastSampleMs, nowMs))
        metricSample(&opsPerSecMetric, numCommandsProcessed * 1000, nowMs);
}

static void dispatchResetStats(void) {
    resetCommandStats();
    numCommandsProcessed = 0;
    metricReset(&opsPerSecMetric);
}

const serverModule dispatchModule = {
    .name = "dispatch",
    .config = &dispatchConfig,
    .configSize = sizeof(dispatchConfig),
    .directives = dispatchDirectives,
    .info = dispatchInfo,
    .init = commandTableInit,
    .cron = dispatchCron,
    .resetStats = dispatchResetStats,
};
