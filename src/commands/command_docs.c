/* commands/command_docs.c -- the argument docs of every command, for COMMAND DOCS,
 * keyed by full name, in the compact syntax command_docs_reply.c parses
 * (described at the top of that file). Argument names, types, tokens and
 * the versions that added them follow Redis 7.0's documentation, so
 * redis-cli's hints and client libraries see the same syntax as from
 * Redis. Entries for commands not (yet) in the command table are unused. */
#include "commands/command_docs.h"

#include <string.h>

/* Designated initializers: a row leaves the fields it does not name zero. */
#define DOC(name_, args_, history_, deprecated_, replaced_)                                    \
    {.name = (name_), .args = (args_), .history = (history_), .deprecatedSince = (deprecated_),  \
     .replacedBy = (replaced_)}
#define SYSCMD_DOC(name_) {.name = (name_), .syscmd = 1}

#define EXPIRE_CONDITION "[condition: NX | XX | GT | LT]@7.0.0"
#define EXPIRE_HISTORY "7.0.0 Added options: `NX`, `XX`, `GT` and `LT`."

static const commandDoc commandDocs[] = {
    /* strings */
    DOC("append", "key:key value:string", NULL, NULL, NULL),
    DOC("decr", "key:key", NULL, NULL, NULL),
    DOC("decrby", "key:key decrement:integer", NULL, NULL, NULL),
    DOC("get", "key:key", NULL, NULL, NULL),
    DOC("getdel", "key:key", NULL, NULL, NULL),
    DOC("getex", "key:key [expiration: EX=seconds:integer | PX=milliseconds:integer | "
              "EXAT=unix-time-seconds:unix-time | PXAT=unix-time-milliseconds:unix-time | "
              "PERSIST]", NULL, NULL, NULL),
    DOC("getrange", "key:key start:integer end:integer", NULL, NULL, NULL),
    DOC("getset", "key:key value:string", NULL, "6.2.0", "`SET` with the `!GET` argument"),
    DOC("incr", "key:key", NULL, NULL, NULL),
    DOC("incrby", "key:key increment:integer", NULL, NULL, NULL),
    DOC("incrbyfloat", "key:key increment:double", NULL, NULL, NULL),
    DOC("lcs", "key1:key key2:key [LEN] [IDX] [MINMATCHLEN=len:integer] [WITHMATCHLEN]",
     NULL, NULL, NULL),
    DOC("mget", "key:key...", NULL, NULL, NULL),
    DOC("mset", "(key_value: key:key value:string)...", NULL, NULL, NULL),
    DOC("msetnx", "(key_value: key:key value:string)...", NULL, NULL, NULL),
    DOC("psetex", "key:key milliseconds:integer value:string", NULL, NULL, NULL),
    DOC("set", "key:key value:string [condition: NX | XX]@2.6.12 [GET]@6.2.0 "
            "[expiration: EX=seconds:integer@2.6.12 | PX=milliseconds:integer@2.6.12 | "
            "EXAT=unix-time-seconds:unix-time@6.2.0 | "
            "PXAT=unix-time-milliseconds:unix-time@6.2.0 | KEEPTTL@6.0.0]",
     "2.6.12 Added the `EX`, `PX`, `NX` and `XX` options.\n"
     "6.0.0 Added the `KEEPTTL` option.\n"
     "6.2.0 Added the `GET`, `EXAT` and `PXAT` option.\n"
     "7.0.0 Allowed the `NX` and `GET` options to be used together.", NULL, NULL),
    DOC("setex", "key:key seconds:integer value:string", NULL, NULL, NULL),
    DOC("setnx", "key:key value:string", NULL, NULL, NULL),
    DOC("setrange", "key:key offset:integer value:string", NULL, NULL, NULL),
    DOC("strlen", "key:key", NULL, NULL, NULL),
    DOC("substr", "key:key start:integer end:integer", NULL, "2.0.0", "`GETRANGE`"),

    /* keyspace */
    DOC("copy", "source:key destination:key#1 [DB=destination-db:integer] [REPLACE]", NULL, NULL,
     NULL),
    DOC("del", "key:key...", NULL, NULL, NULL),
    DOC("exists", "key:key...", "3.0.3 Accepts multiple `key` arguments.", NULL, NULL),
    DOC("expire", "key:key seconds:integer " EXPIRE_CONDITION, EXPIRE_HISTORY, NULL, NULL),
    DOC("expireat", "key:key unix-time-seconds:unix-time " EXPIRE_CONDITION, EXPIRE_HISTORY, NULL,
     NULL),
    DOC("expiretime", "key:key", NULL, NULL, NULL),
    DOC("keys", "pattern:pattern", NULL, NULL, NULL),
    DOC("move", "key:key db:integer", NULL, NULL, NULL),
    DOC("object", NULL, NULL, NULL, NULL),
    DOC("object|encoding", "key:key", NULL, NULL, NULL),
    DOC("object|freq", "key:key", NULL, NULL, NULL),
    DOC("object|help", NULL, NULL, NULL, NULL),
    DOC("object|idletime", "key:key", NULL, NULL, NULL),
    DOC("object|refcount", "key:key", NULL, NULL, NULL),
    DOC("persist", "key:key", NULL, NULL, NULL),
    DOC("pexpire", "key:key milliseconds:integer " EXPIRE_CONDITION, EXPIRE_HISTORY, NULL, NULL),
    DOC("pexpireat", "key:key unix-time-milliseconds:unix-time " EXPIRE_CONDITION, EXPIRE_HISTORY,
     NULL, NULL),
    DOC("pexpiretime", "key:key", NULL, NULL, NULL),
    DOC("pttl", "key:key", "2.8.0 Added the -2 reply.", NULL, NULL),
    DOC("randomkey", NULL, NULL, NULL, NULL),
    DOC("rename", "key:key newkey:key#1", NULL, NULL, NULL),
    DOC("renamenx", "key:key newkey:key#1",
     "3.2.0 The command no longer returns an error when source and destination names are the "
     "same.", NULL, NULL),
    DOC("scan", "cursor:integer [MATCH=pattern:pattern] [COUNT=count:integer] "
             "[TYPE=type:string]@6.0.0", "6.0.0 Added the `TYPE` subcommand.", NULL, NULL),
    DOC("swapdb", "index1:integer index2:integer", NULL, NULL, NULL),
    DOC("touch", "key:key...", NULL, NULL, NULL),
    DOC("ttl", "key:key", "2.8.0 Added the -2 reply.", NULL, NULL),
    DOC("type", "key:key", NULL, NULL, NULL),
    DOC("unlink", "key:key...", NULL, NULL, NULL),

    /* transactions */
    DOC("discard", NULL, NULL, NULL, NULL),
    DOC("exec", NULL, NULL, NULL, NULL),
    DOC("multi", NULL, NULL, NULL, NULL),
    DOC("unwatch", NULL, NULL, NULL, NULL),
    DOC("watch", "key:key...", NULL, NULL, NULL),

    /* pub/sub */
    DOC("psubscribe", "(pattern: pattern:pattern)...", NULL, NULL, NULL),
    DOC("publish", "channel:string message:string", NULL, NULL, NULL),
    DOC("pubsub", NULL, NULL, NULL, NULL),
    DOC("pubsub|channels", "[pattern:pattern]", NULL, NULL, NULL),
    DOC("pubsub|help", NULL, NULL, NULL, NULL),
    DOC("pubsub|numpat", NULL, NULL, NULL, NULL),
    DOC("pubsub|numsub", "[channel:string...]", NULL, NULL, NULL),
    DOC("punsubscribe", "[pattern:pattern...]", NULL, NULL, NULL),
    DOC("subscribe", "channel:string...", NULL, NULL, NULL),
    DOC("unsubscribe", "[channel:string...]", NULL, NULL, NULL),

    /* connection */
    DOC("auth", "[username:string]@6.0.0 password:string",
     "6.0.0 Added ACL style (username and password).", NULL, NULL),
    DOC("client", NULL, NULL, NULL, NULL),
    DOC("client|getname", NULL, NULL, NULL, NULL),
    DOC("client|help", NULL, NULL, NULL, NULL),
    DOC("client|id", NULL, NULL, NULL, NULL),
    DOC("client|info", NULL, NULL, NULL, NULL),
    DOC("client|kill",
     "(filter: ip:port:string!2.8.12 | (new-format: [ID=client-id:integer]@2.8.12 | "
     "[TYPE=normal_master_slave_pubsub: NORMAL | MASTER@3.2.0 | SLAVE | REPLICA@5.0.0 | "
     "PUBSUB]@2.8.12 | [USER=username:string] | [ADDR=ip:port:string] | "
     "[LADDR=ip:port:string]@6.2.0 | [SKIPME=yes/no:string])...)",
     "2.8.12 Added new filter format.\n"
     "2.8.12 `ID` option.\n"
     "3.2.0 Added `master` type in for `TYPE` option.\n"
     "5.0.0 Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward "
     "compatibility.\n"
     "6.2.0 `LADDR` option.", NULL, NULL),
    DOC("client|list", "[TYPE=normal_master_replica_pubsub: NORMAL | MASTER | REPLICA | PUBSUB]@5.0.0 "
                    "[ID=id: client-id:integer...]@6.2.0",
     "2.8.12 Added unique client `id` field.\n"
     "5.0.0 Added optional `TYPE` filter.\n"
     "6.0.0 Added `user` field.\n"
     "6.2.0 Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` "
     "filter.\n"
     "7.0.0 Added `resp`, `multi-mem`, `rbs` and `rbp` fields.\n"
     "7.0.3 Added `ssub` field.", NULL, NULL),
    DOC("client|no-evict", "(enabled: ON | OFF)", NULL, NULL, NULL),
    DOC("client|pause", "timeout:integer [mode: WRITE | ALL]@6.2.0",
     "6.2.0 `CLIENT PAUSE WRITE` mode added along with the `mode` option.", NULL, NULL),
    DOC("client|reply", "(on_off_skip: ON | OFF | SKIP)", NULL, NULL, NULL),
    DOC("client|setname", "connection-name:string", NULL, NULL, NULL),
    DOC("client|unpause", NULL, NULL, NULL, NULL),
    DOC("echo", "message:string", NULL, NULL, NULL),
    DOC("hello", "[arguments: protover:integer [AUTH=username_password: username:string password:string] "
              "[SETNAME=clientname:string]]",
     "6.2.0 `protover` made optional; when called without arguments the command reports the "
     "current connection's context.", NULL, NULL),
    DOC("ping", "[message:string]", NULL, NULL, NULL),
    DOC("quit", NULL, NULL, NULL, NULL),
    DOC("reset", NULL, NULL, NULL, NULL),
    DOC("select", "index:integer", NULL, NULL, NULL),

    /* server */
    DOC("bgsave", "[SCHEDULE]@3.2.2", "3.2.2 Added the `SCHEDULE` option.", NULL, NULL),
    DOC("command", NULL, NULL, NULL, NULL),
    DOC("command|count", NULL, NULL, NULL, NULL),
    DOC("command|docs", "[command-name:string...]", NULL, NULL, NULL),
    DOC("command|getkeys", "command:string arg:string...", NULL, NULL, NULL),
    DOC("command|help", NULL, NULL, NULL, NULL),
    DOC("command|info", "[command-name:string...]",
     "7.0.0 Allowed to be called with no argument to get info on all commands.", NULL, NULL),
    DOC("command|list", "[FILTERBY=filterby: MODULE=module-name:string | ACLCAT=category:string | "
                     "PATTERN=pattern:pattern]", NULL, NULL, NULL),
    DOC("config", NULL, NULL, NULL, NULL),
    DOC("config|get", "(parameter: parameter:string)...",
     "7.0.0 Added the ability to pass multiple pattern parameters in one call", NULL, NULL),
    DOC("config|help", NULL, NULL, NULL, NULL),
    DOC("config|resetstat", NULL, NULL, NULL, NULL),
    DOC("config|rewrite", NULL, NULL, NULL, NULL),
    DOC("config|set", "(parameter_value: parameter:string value:string)...",
     "7.0.0 Added the ability to set multiple parameters in one call.", NULL, NULL),
    DOC("bgrewriteaof", NULL, NULL, NULL, NULL),
    DOC("dbsize", NULL, NULL, NULL, NULL),
    SYSCMD_DOC("debug"),
    DOC("flushall", "[async: ASYNC@4.0.0 | SYNC@6.2.0]",
     "4.0.0 Added the `ASYNC` flushing mode modifier.\n"
     "6.2.0 Added the `SYNC` flushing mode modifier.", NULL, NULL),
    DOC("flushdb", "[async: ASYNC@4.0.0 | SYNC@6.2.0]",
     "4.0.0 Added the `ASYNC` flushing mode modifier.\n"
     "6.2.0 Added the `SYNC` flushing mode modifier.", NULL, NULL),
    DOC("info", "[section:string...]",
     "7.0.0 Added support for taking multiple section arguments.", NULL, NULL),
    DOC("lastsave", NULL, NULL, NULL, NULL),
    DOC("save", NULL, NULL, NULL, NULL),
    DOC("latency", NULL, NULL, NULL, NULL),
    DOC("latency|help", NULL, NULL, NULL, NULL),
    DOC("latency|history", "event:string", NULL, NULL, NULL),
    DOC("latency|latest", NULL, NULL, NULL, NULL),
    DOC("latency|reset", "[event:string...]", NULL, NULL, NULL),
    DOC("memory", NULL, NULL, NULL, NULL),
    DOC("memory|doctor", NULL, NULL, NULL, NULL),
    DOC("memory|help", NULL, NULL, NULL, NULL),
    DOC("memory|stats", NULL, NULL, NULL, NULL),
    DOC("memory|usage", "key:key [SAMPLES=count:integer]", NULL, NULL, NULL),
    DOC("monitor", NULL, NULL, NULL, NULL),
    DOC("shutdown", "[nosave_save: NOSAVE | SAVE] [NOW]@7.0.0 [FORCE]@7.0.0 [ABORT]@7.0.0",
     "7.0.0 Added the `NOW`, `FORCE` and `ABORT` modifiers.", NULL, NULL),
    DOC("slowlog", NULL, NULL, NULL, NULL),
    DOC("slowlog|get", "[count:integer]",
     "4.0.0 Added client IP address, port and name to the reply.", NULL, NULL),
    DOC("slowlog|help", NULL, NULL, NULL, NULL),
    DOC("slowlog|len", NULL, NULL, NULL, NULL),
    DOC("slowlog|reset", NULL, NULL, NULL, NULL),
    DOC("time", NULL, NULL, NULL, NULL),
};

const commandDoc *commandDocFind(const char *fullname) {
    for (size_t i = 0; i < sizeof(commandDocs) / sizeof(commandDocs[0]); i++)
        if (strcmp(commandDocs[i].name, fullname) == 0) return &commandDocs[i];
    return NULL;
}
