/* server/config.c -- the directive table, config-file and command-line parsing,
 * and reading and writing one directive's value; see config.h. The CONFIG
 * commands that use them are in cmd_config.c, CONFIG REWRITE's file editing
 * in config_rewrite.c.
 *
 * Error texts are Redis's: a user's redis.conf habits and client libraries
 * expect them. */
#include "server/config.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "net/net.h"
#include "persist/aof/aof.h"
#include "lib/log.h"
#include "server/server.h"
#include "observe/slowlog.h"
#include "lib/version.h"
#include "lib/zmalloc.h"

typedef enum {
    CONFIG_INT,
    CONFIG_MEMORY, /* an integer with optional k/kb/m/mb/g/gb */
    CONFIG_BOOL,
    CONFIG_ENUM,
    CONFIG_STRING,
    CONFIG_OCTAL,
    CONFIG_BIND,  /* one or more addresses */
    CONFIG_FIXED, /* a Redis directive we accept only at its one value */
    CONFIG_SAVE,  /* the save rules (save_rules.h) */
} configType;

typedef struct configEnumValue {
    const char *name;
    long long value;
} configEnumValue;

/* Runs after a run-time change; returns an error text to undo it. */
typedef const char *configApplyProc(serverConfig *cfg);

struct configDirective {
    const char *name;
    configType type;
    int isMutable;
    const char *defaultValue;
    long long min, max;
    size_t offset; /* of the field in serverConfig */
    const configEnumValue *enumValues;
    configApplyProc *apply;
    const char *fixedReason; /* CONFIG_FIXED: why no other value works */
};

static const configEnumValue loglevelValues[] = {
    {"debug", LL_DEBUG}, {"verbose", LL_VERBOSE}, {"notice", LL_NOTICE},
    {"warning", LL_WARNING}, {NULL, 0},
};

static const configEnumValue enableDebugValues[] = {
    {"no", ENABLE_DEBUG_NO}, {"yes", ENABLE_DEBUG_YES}, {"local", ENABLE_DEBUG_LOCAL},
    {NULL, 0},
};

static const char *applyLoglevel(serverConfig *cfg) {
    logSetLevel((int)cfg->loglevel);
    return NULL;
}

#define MIN_HZ 1
#define MAX_HZ 500

/* Like Redis, an out-of-range hz is clamped rather than refused. */
static const char *applyHz(serverConfig *cfg) {
    if (cfg->hz < MIN_HZ) cfg->hz = MIN_HZ;
    if (cfg->hz > MAX_HZ) cfg->hz = MAX_HZ;
    return NULL;
}

static const char *applyMaxclients(serverConfig *cfg) {
    static char err[128];
    long long granted = adjustOpenFilesLimit(cfg->maxclients);
    if (granted < cfg->maxclients) {
        snprintf(err, sizeof(err), "The operating system is not able to handle the specified "
                 "number of clients, try with %lld", granted);
        return err;
    }
    if (net.el && aeResizeSetSize(net.el, (int)(cfg->maxclients + FDSET_INCR)) != AE_OK)
        return "The event loop API used by Redis is not able to handle the specified number "
               "of clients";
    return NULL;
}

/* In Redis's order, which its error text lists. */
static const configEnumValue maxmemoryPolicyValues[] = {
    {"volatile-lru", MAXMEMORY_VOLATILE_LRU}, {"volatile-lfu", MAXMEMORY_VOLATILE_LFU},
    {"volatile-random", MAXMEMORY_VOLATILE_RANDOM}, {"volatile-ttl", MAXMEMORY_VOLATILE_TTL},
    {"allkeys-lru", MAXMEMORY_ALLKEYS_LRU}, {"allkeys-lfu", MAXMEMORY_ALLKEYS_LFU},
    {"allkeys-random", MAXMEMORY_ALLKEYS_RANDOM}, {"noeviction", MAXMEMORY_NO_EVICTION},
    {NULL, 0},
};

void configApplyMaxmemoryPolicy(const serverConfig *cfg) {
    dataset.trackLfu = (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0;
    dataset.noSharedIntegers =
        cfg->maxmemory != 0 && (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_NO_SHARED_INTEGERS);
    dataset.lfuLogFactor = (int)cfg->lfuLogFactor;
    dataset.lfuDecayMinutes = (int)cfg->lfuDecayTime;
}

const char *maxmemoryPolicyName(long long policy) {
    for (const configEnumValue *v = maxmemoryPolicyValues; v->name; v++)
        if (v->value == policy) return v->name;
    return "";
}

static const char *applyMaxmemoryPolicy(serverConfig *cfg) {
    configApplyMaxmemoryPolicy(cfg);
    return NULL;
}

/* A shorter slow log drops its oldest entries at once. */
static const char *applySlowlogMaxLen(serverConfig *cfg) {
    (void)cfg;
    slowlogTrim();
    return NULL;
}

static const char *applyBind(serverConfig *cfg) {
    if (net.el && changeBindAddr(cfg) != C_OK) return "Failed to bind to specified addresses.";
    return NULL;
}

static const char *applyPort(serverConfig *cfg) {
    if (cfg->port == 0 && (!cfg->unixsocket || !cfg->unixsocket[0]))
        return "Unable to listen on this port";
    if (net.el && changeListenPort(cfg) != C_OK) return "Unable to listen on this port";
    return NULL;
}

/* A file name only: the file lives in `dir`. Same check as Redis. */
const char *applyDbfilenameCheck(serverConfig *cfg) {
    if (strchr(cfg->dbfilename, '/')) return "dbfilename can't be a path, just a filename";
    return NULL;
}

/* Like Redis, `dir` is where the server works: it chdirs there, and reports
 * the absolute path it ended up in. An empty dir is the current one. */
const char *applyDir(serverConfig *cfg) {
    static char err[256];
    if (cfg->dir[0] && chdir(cfg->dir) == -1) {
        snprintf(err, sizeof(err), "%s", strerror(errno));
        return err;
    }
    char *cwd = getcwd(NULL, 0);
    if (cwd) {
        sdsfree(cfg->dir);
        cfg->dir = sdsnew(cwd);
        free(cwd);
    }
    return NULL;
}

/* In Redis's order, which its error text lists. */
static const configEnumValue appendfsyncValues[] = {
    {"everysec", AOF_FSYNC_EVERYSEC}, {"always", AOF_FSYNC_ALWAYS}, {"no", AOF_FSYNC_NO},
    {NULL, 0},
};

/* CONFIG SET appendonly: a rewrite writes the first base, as in Redis. */
static const char *applyAppendonly(serverConfig *cfg) {
    if (!net.el) return NULL;
    if (cfg->appendonly && aof.state == AOF_OFF) {
        if (aofStart() != C_OK) return "Unable to turn on AOF. Check server logs.";
    } else if (!cfg->appendonly && aof.state != AOF_OFF) {
        aofStop();
    }
    return NULL;
}

static const char *checkAppendfilename(serverConfig *cfg) {
    if (strchr(cfg->appendfilename, '/')) return "appendfilename can't be a path, just a filename";
    return NULL;
}

static const char *checkAppenddirname(serverConfig *cfg) {
    if (strchr(cfg->appenddirname, '/')) return "appenddirname can't be a path, just a dirname";
    return NULL;
}

#define FIELD(f) offsetof(serverConfig, f)
#define MB (1024LL * 1024)

static const configDirective directives[] = {
    {"bind", CONFIG_BIND, 1, "127.0.0.1 -::1", 0, 0, 0, NULL, applyBind, NULL},
    {"port", CONFIG_INT, 1, "6379", 0, 65535, FIELD(port), NULL, applyPort, NULL},
    {"unixsocket", CONFIG_STRING, 0, "", 0, 0, FIELD(unixsocket), NULL, NULL, NULL},
    {"unixsocketperm", CONFIG_OCTAL, 0, "0", 0, 0777, FIELD(unixsocketperm), NULL, NULL, NULL},
    {"tcp-backlog", CONFIG_INT, 0, "511", 0, INT_MAX, FIELD(tcpBacklog), NULL, NULL, NULL},
    {"timeout", CONFIG_INT, 1, "0", 0, INT_MAX, FIELD(timeout), NULL, NULL, NULL},
    {"tcp-keepalive", CONFIG_INT, 1, "300", 0, INT_MAX, FIELD(tcpKeepalive), NULL, NULL, NULL},
    {"maxclients", CONFIG_INT, 1, "10000", 1, UINT_MAX, FIELD(maxclients), NULL,
     applyMaxclients, NULL},
    {"databases", CONFIG_INT, 0, "16", 1, INT_MAX, FIELD(databases), NULL, NULL, NULL},
    {"hz", CONFIG_INT, 1, "10", 0, INT_MAX, FIELD(hz), NULL, applyHz, NULL},
    {"loglevel", CONFIG_ENUM, 1, "notice", 0, 0, FIELD(loglevel), loglevelValues, applyLoglevel,
     NULL},
    {"logfile", CONFIG_STRING, 0, "", 0, 0, FIELD(logfile), NULL, NULL, NULL},
    {"daemonize", CONFIG_BOOL, 0, "no", 0, 1, FIELD(daemonize), NULL, NULL, NULL},
    {"pidfile", CONFIG_STRING, 0, "", 0, 0, FIELD(pidfile), NULL, NULL, NULL},
    {"proto-max-bulk-len", CONFIG_MEMORY, 1, "512mb", 1 * MB, LLONG_MAX, FIELD(protoMaxBulkLen),
     NULL, NULL, NULL},
    {"client-query-buffer-limit", CONFIG_MEMORY, 1, "1gb", 1 * MB, LLONG_MAX,
     FIELD(clientQueryBufferLimit), NULL, NULL, NULL},
    {"maxmemory", CONFIG_MEMORY, 1, "0", 0, LLONG_MAX, FIELD(maxmemory), NULL,
     applyMaxmemoryPolicy, NULL},
    {"maxmemory-policy", CONFIG_ENUM, 1, "noeviction", 0, 0, FIELD(maxmemoryPolicy),
     maxmemoryPolicyValues, applyMaxmemoryPolicy, NULL},
    {"lfu-log-factor", CONFIG_INT, 1, "10", 0, INT_MAX, FIELD(lfuLogFactor), NULL,
     applyMaxmemoryPolicy, NULL},
    {"lfu-decay-time", CONFIG_INT, 1, "1", 0, INT_MAX, FIELD(lfuDecayTime), NULL,
     applyMaxmemoryPolicy, NULL},
    {"requirepass", CONFIG_STRING, 1, "", 0, 0, FIELD(requirepass), NULL, NULL, NULL},
    {"slowlog-log-slower-than", CONFIG_INT, 1, "10000", -1, LLONG_MAX,
     FIELD(slowlogLogSlowerThan), NULL, NULL, NULL},
    {"slowlog-max-len", CONFIG_INT, 1, "128", 0, LLONG_MAX, FIELD(slowlogMaxLen), NULL,
     applySlowlogMaxLen, NULL},
    {"latency-monitor-threshold", CONFIG_INT, 1, "0", 0, LLONG_MAX,
     FIELD(latencyMonitorThreshold), NULL, NULL, NULL},
    {"enable-debug-command", CONFIG_ENUM, 0, "no", 0, 0, FIELD(enableDebugCommand),
     enableDebugValues, NULL, NULL},
    {"dbfilename", CONFIG_STRING, 1, "dump.rdb", 0, 0, FIELD(dbfilename), NULL, applyDbfilenameCheck,
     NULL},
    {"rdbcompression", CONFIG_BOOL, 1, "yes", 0, 1, FIELD(rdbcompression), NULL, NULL, NULL},
    {"rdbchecksum", CONFIG_BOOL, 0, "yes", 0, 1, FIELD(rdbchecksum), NULL, NULL, NULL},
    {"dir", CONFIG_STRING, 1, "", 0, 0, FIELD(dir), NULL, applyDir, NULL},
    {"save", CONFIG_SAVE, 1, "3600 1 300 100 60 10000", 0, 0, FIELD(save), NULL, NULL, NULL},
    {"stop-writes-on-bgsave-error", CONFIG_BOOL, 1, "yes", 0, 1, FIELD(stopWritesOnBgsaveError),
     NULL, NULL, NULL},
    {"rdb-key-save-delay", CONFIG_INT, 1, "0", 0, INT_MAX, FIELD(rdbKeySaveDelay), NULL, NULL,
     NULL},
    {"appendonly", CONFIG_BOOL, 1, "no", 0, 1, FIELD(appendonly), NULL, applyAppendonly, NULL},
    {"appendfilename", CONFIG_STRING, 0, "appendonly.aof", 0, 0, FIELD(appendfilename), NULL,
     NULL, NULL},
    {"appenddirname", CONFIG_STRING, 0, "appendonlydir", 0, 0, FIELD(appenddirname), NULL, NULL,
     NULL},
    {"appendfsync", CONFIG_ENUM, 1, "everysec", 0, 0, FIELD(appendfsync), appendfsyncValues,
     NULL, NULL},
    {"no-appendfsync-on-rewrite", CONFIG_BOOL, 1, "no", 0, 1, FIELD(noAppendfsyncOnRewrite),
     NULL, NULL, NULL},
    {"auto-aof-rewrite-percentage", CONFIG_INT, 1, "100", 0, INT_MAX,
     FIELD(autoAofRewritePercentage), NULL, NULL, NULL},
    {"auto-aof-rewrite-min-size", CONFIG_MEMORY, 1, "64mb", 0, LLONG_MAX,
     FIELD(autoAofRewriteMinSize), NULL, NULL, NULL},
    {"aof-load-truncated", CONFIG_BOOL, 1, "yes", 0, 1, FIELD(aofLoadTruncated), NULL, NULL,
     NULL},
    {"aof-use-rdb-preamble", CONFIG_BOOL, 1, "yes", 0, 1, FIELD(aofUseRdbPreamble), NULL, NULL,
     NULL},
};

#define DIRECTIVE_COUNT (sizeof(directives) / sizeof(directives[0]))

/* Checks of values read from the file or the command line, for immutable
 * directives (CONFIG SET never reaches them, so they have no apply hook). */
static const struct {
    const char *name;
    configApplyProc *check;
} loadChecks[] = {
    {"appendfilename", checkAppendfilename},
    {"appenddirname", checkAppenddirname},
};

static const char *checkLoadedValue(serverConfig *cfg, const configDirective *d) {
    for (size_t i = 0; i < sizeof(loadChecks) / sizeof(loadChecks[0]); i++)
        if (strcmp(d->name, loadChecks[i].name) == 0) return loadChecks[i].check(cfg);
    return NULL;
}

const configDirective *configFindDirective(slice name) {
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++)
        if (sliceEqualsNoCase(name, directives[i].name)) return &directives[i];
    return NULL;
}

static long long *numberField(const serverConfig *cfg, const configDirective *d) {
    return (long long *)((char *)cfg + d->offset);
}

static sds *stringField(const serverConfig *cfg, const configDirective *d) {
    return (sds *)((char *)cfg + d->offset);
}

static saveRules *saveField(const serverConfig *cfg, const configDirective *d) {
    return (saveRules *)((char *)cfg + d->offset);
}

/* While the config file and the command line are read, the first `save`
 * line replaces the built-in rules and later lines add theirs, so several
 * lines accumulate as in Redis 7.0; `save ""` drops every rule so far. At
 * any other time (defaults, CONFIG SET) a value replaces the rules. */
static int loadingConfig;
static int saveLinesLoaded;

static const char *setSaveRules(serverConfig *cfg, const configDirective *d, const slice *args,
                                int argc) {
    saveRules parsed;
    const char *err = saveRulesParse(&parsed, args, argc);
    if (err) return err;
    saveRules *field = saveField(cfg, d);
    int clears = argc == 1 && args[0].len == 0;
    if (loadingConfig && saveLinesLoaded++ > 0 && !clears) {
        saveRulesAppend(field, &parsed);
        saveRulesFree(&parsed);
    } else {
        saveRulesFree(field);
        *field = parsed;
    }
    return NULL;
}

/* --- setting one directive ------------------------------------------------ */

static char errorText[256];

static const char *rangeError(const configDirective *d) {
    snprintf(errorText, sizeof(errorText), "argument must be between %lld and %lld inclusive",
             d->min, d->max);
    return errorText;
}

static const char *enumError(const configDirective *d) {
    size_t off = (size_t)snprintf(errorText, sizeof(errorText),
                                  "argument(s) must be one of the following: ");
    for (const configEnumValue *v = d->enumValues; v->name && off < sizeof(errorText); v++)
        off += (size_t)snprintf(errorText + off, sizeof(errorText) - off, "%s%s",
                                v == d->enumValues ? "" : ", ", v->name);
    return errorText;
}

static const char *parseNumber(const configDirective *d, slice arg, long long *out) {
    char buf[64];
    if (arg.len >= sizeof(buf)) return "argument couldn't be parsed into an integer";
    memcpy(buf, arg.ptr, arg.len);
    buf[arg.len] = '\0';
    switch (d->type) {
    case CONFIG_INT:
        if (!string2ll(arg.ptr, arg.len, out)) return "argument couldn't be parsed into an integer";
        break;
    case CONFIG_MEMORY: {
        unsigned long long bytes;
        if (!parseMemoryUnits(buf, &bytes) || bytes > LLONG_MAX)
            return "argument must be a memory value";
        *out = (long long)bytes;
        break;
    }
    case CONFIG_OCTAL: {
        char *end;
        *out = strtoll(buf, &end, 8);
        if (!arg.len || *end) return "argument couldn't be parsed as an octal number";
        break;
    }
    case CONFIG_BOOL:
        if (strcasecmp(buf, "yes") == 0) *out = 1;
        else if (strcasecmp(buf, "no") == 0) *out = 0;
        else return "argument must be 'yes' or 'no'";
        return NULL;
    case CONFIG_ENUM:
        for (const configEnumValue *v = d->enumValues; v->name; v++) {
            if (strcasecmp(buf, v->name) == 0) {
                *out = v->value;
                return NULL;
            }
        }
        return enumError(d);
    default:
        return "not a number";
    }
    if (*out < d->min || *out > d->max) return rangeError(d);
    return NULL;
}

static int isNumeric(const configDirective *d) {
    return d->type == CONFIG_INT || d->type == CONFIG_MEMORY || d->type == CONFIG_BOOL ||
           d->type == CONFIG_ENUM || d->type == CONFIG_OCTAL;
}

/* Sets directive d from its arguments. Returns NULL or an error text. */
static const char *setDirective(serverConfig *cfg, const configDirective *d, const slice *args,
                                int argc) {
    if (isNumeric(d)) return parseNumber(d, args[0], numberField(cfg, d));
    switch (d->type) {
    case CONFIG_STRING: {
        sds *field = stringField(cfg, d);
        sdsfree(*field);
        *field = sdsnewlen(args[0].ptr, args[0].len);
        return NULL;
    }
    case CONFIG_BIND:
        if (argc > CONFIG_MAX_BIND_ADDRS) return "Too many bind addresses specified.";
        for (int i = 0; i < cfg->bindCount; i++) sdsfree(cfg->bindAddrs[i]);
        for (int i = 0; i < argc; i++) cfg->bindAddrs[i] = sdsnewlen(args[i].ptr, args[i].len);
        cfg->bindCount = argc;
        return NULL;
    case CONFIG_SAVE: return setSaveRules(cfg, d, args, argc);
    case CONFIG_FIXED:
        if (args[0].len != strlen(d->defaultValue) ||
            strncasecmp(args[0].ptr, d->defaultValue, args[0].len) != 0)
            return d->fixedReason;
        return NULL;
    default:
        return "unknown directive type";
    }
}

static int acceptsArgCount(const configDirective *d, int argc) {
    return d->type == CONFIG_BIND || d->type == CONFIG_SAVE ? argc >= 1 : argc == 1;
}

/* The value as CONFIG GET shows it. */
sds configGetDirective(const serverConfig *cfg, const configDirective *d) {
    switch (d->type) {
    case CONFIG_INT:
    case CONFIG_MEMORY: return sdscatprintf(sdsempty(), "%lld", *numberField(cfg, d));
    case CONFIG_OCTAL: return sdscatprintf(sdsempty(), "%llo", *numberField(cfg, d));
    case CONFIG_BOOL: return sdsnew(*numberField(cfg, d) ? "yes" : "no");
    case CONFIG_ENUM:
        for (const configEnumValue *v = d->enumValues; v->name; v++)
            if (v->value == *numberField(cfg, d)) return sdsnew(v->name);
        return sdsempty();
    case CONFIG_STRING: return sdsdup(*stringField(cfg, d));
    case CONFIG_BIND: {
        sds s = sdsempty();
        for (int i = 0; i < cfg->bindCount; i++)
            s = sdscatprintf(s, "%s%s", i ? " " : "", cfg->bindAddrs[i]);
        return s;
    }
    case CONFIG_FIXED: return sdsnew(d->defaultValue);
    case CONFIG_SAVE: return saveRulesFormat(saveField(cfg, d));
    }
    return sdsempty();
}

/* --- defaults, file and command line -------------------------------------- */

typedef struct argVector {
    slice *argv;
    int argc, cap;
} argVector;

static void pushArg(void *ctx, char *arg, size_t len) {
    argVector *v = ctx;
    if (v->argc == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->argv = zrealloc(v->argv, sizeof(slice) * (size_t)v->cap);
    }
    v->argv[v->argc].ptr = arg;
    v->argv[v->argc].len = len;
    v->argc++;
}

void configInitDefaults(serverConfig *cfg) {
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++) {
        const configDirective *d = &directives[i];
        if (!isNumeric(d) && d->type != CONFIG_BIND && d->type != CONFIG_STRING &&
            d->type != CONFIG_SAVE)
            continue;
        char *value = zstrdup(d->defaultValue);
        argVector v = {0};
        splitArgsInPlace(value, strlen(value), pushArg, &v);
        if (d->type == CONFIG_STRING && v.argc == 0) pushArg(&v, value, 0);
        setDirective(cfg, d, v.argv, v.argc);
        zfree(v.argv);
        zfree(value);
    }
}

static void fatalConfigError(const char *source, int line, const char *text, const char *err) {
    fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (redis-mini %s) ***\n", REDIS_MINI_VERSION);
    fprintf(stderr, "Reading %s, at line %d\n", source, line);
    fprintf(stderr, ">>> '%s'\n", text);
    fprintf(stderr, "%s\n", err);
    exit(1);
}

/* Applies "name value..." from a file line or the command line. Returns
 * NULL or an error text. */
static const char *applyDirectiveArgs(serverConfig *cfg, const argVector *v) {
    if (v->argc == 0) return NULL;
    const configDirective *d = configFindDirective(v->argv[0]);
    if (!d || !acceptsArgCount(d, v->argc - 1)) return "Bad directive or wrong number of arguments";
    const char *err = setDirective(cfg, d, v->argv + 1, v->argc - 1);
    if (!err) err = checkLoadedValue(cfg, d);
    return err;
}

static const char *applyConfigLine(serverConfig *cfg, char *line, size_t len) {
    argVector v = {0};
    const char *err = splitArgsInPlace(line, len, pushArg, &v) < 0
                          ? "Unbalanced quotes in configuration line"
                          : applyDirectiveArgs(cfg, &v);
    zfree(v.argv);
    return err;
}

static void loadConfigFile(serverConfig *cfg, const char *file) {
    FILE *fp = fopen(file, "r");
    if (!fp) {
        fprintf(stderr, "Fatal error, can't open config file '%s': %s\n", file,
                strerror(errno));
        exit(1);
    }
    char source[PATH_MAX + 40];
    snprintf(source, sizeof(source), "the configuration file '%s'", file);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    while ((n = getline(&line, &cap, fp)) != -1) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        char *text = line + strspn(line, " \t");
        if (text[0] == '#' || text[0] == '\0') continue;
        sds original = sdsnew(text);
        const char *err = applyConfigLine(cfg, text, strlen(text));
        if (err) fatalConfigError(source, lineno, original, err);
        sdsfree(original);
    }
    free(line);
    fclose(fp);
    char *abs = realpath(file, NULL);
    cfg->configFile = sdsnew(abs ? abs : file);
    free(abs);
}

/* "--port 7000 --bind a b" becomes the lines "port 7000" and "bind a b". */
static void loadCommandLine(serverConfig *cfg, int argc, char **argv) {
    int option = 0;
    for (int i = 0; i < argc;) {
        if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
            fatalConfigError("the command line options", option + 1, argv[i],
                             "Options must start with -- and name a directive");
        }
        option++;
        argVector v = {0};
        pushArg(&v, argv[i] + 2, strlen(argv[i] + 2));
        sds text = sdsnew(argv[i] + 2);
        for (i++; i < argc && strncmp(argv[i], "--", 2) != 0; i++) {
            pushArg(&v, argv[i], strlen(argv[i]));
            text = sdscatprintf(text, " \"%s\"", argv[i]);
        }
        /* A bare --save means no rules, as in Redis: `save ""`. */
        static char empty[] = "";
        if (v.argc == 1 && sliceEqualsNoCase(v.argv[0], "save")) pushArg(&v, empty, 0);
        const char *err = applyDirectiveArgs(cfg, &v);
        if (err) fatalConfigError("the command line options", option, text, err);
        zfree(v.argv);
        sdsfree(text);
    }
}

void configLoad(serverConfig *cfg, const char *file, int argc, char **argv) {
    loadingConfig = 1;
    saveLinesLoaded = 0;
    if (file) loadConfigFile(cfg, file);
    loadCommandLine(cfg, argc, argv);
    loadingConfig = 0;
    applyHz(cfg);
    logSetLevel((int)cfg->loglevel);
}

/* --- the directive table for the CONFIG commands ------------------------- */

static sds dupOrNull(sds s) { return s ? sdsdup(s) : NULL; }

/* Every string a configuration owns: the bind addresses, the string
 * directives of the table and the path of the config file. */
void configDupStrings(serverConfig *cfg) {
    for (int i = 0; i < cfg->bindCount; i++) cfg->bindAddrs[i] = sdsdup(cfg->bindAddrs[i]);
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++) {
        if (directives[i].type != CONFIG_STRING) continue;
        sds *field = stringField(cfg, &directives[i]);
        *field = dupOrNull(*field);
    }
    cfg->save = saveRulesDup(&cfg->save);
    cfg->configFile = dupOrNull(cfg->configFile);
}

void configFreeStrings(serverConfig *cfg) {
    for (int i = 0; i < cfg->bindCount; i++) sdsfree(cfg->bindAddrs[i]);
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++)
        if (directives[i].type == CONFIG_STRING) sdsfree(*stringField(cfg, &directives[i]));
    saveRulesFree(&cfg->save);
    sdsfree(cfg->configFile);
}

int configDirectiveCount(void) { return (int)DIRECTIVE_COUNT; }

const configDirective *configDirectiveAt(int i) { return &directives[i]; }

const char *configDirectiveName(const configDirective *d) { return d->name; }

int configDirectiveIsMutable(const configDirective *d) { return d->isMutable; }

const char *configSetDirective(serverConfig *cfg, const configDirective *d, slice value) {
    if (d->type != CONFIG_BIND) return setDirective(cfg, d, &value, 1);
    /* "127.0.0.1 -::1": the addresses are one argument, space-separated. */
    char *copy = zmalloc(value.len + 1);
    memcpy(copy, value.ptr, value.len);
    copy[value.len] = '\0';
    argVector v = {0};
    const char *err = NULL;
    if (splitArgsInPlace(copy, value.len, pushArg, &v) < 0) err = "Unbalanced quotes";
    else if (v.argc == 0) err = "Too few bind addresses specified.";
    else err = setDirective(cfg, d, v.argv, v.argc);
    zfree(v.argv);
    zfree(copy);
    return err;
}

const char *configApplyDirective(serverConfig *cfg, const configDirective *d) {
    return d->apply ? d->apply(cfg) : NULL;
}

/* A size the way redis.conf is usually written: the largest binary unit
 * that divides it. */
static sds formatMemory(long long bytes) {
    static const struct {
        long long size;
        const char *unit;
    } units[] = {{1024LL * 1024 * 1024, "gb"}, {1024LL * 1024, "mb"}, {1024, "kb"}};
    for (size_t i = 0; bytes && i < sizeof(units) / sizeof(units[0]); i++)
        if (bytes % units[i].size == 0)
            return sdscatprintf(sdsempty(), "%lld%s", bytes / units[i].size, units[i].unit);
    return sdscatprintf(sdsempty(), "%lld", bytes);
}

/* An argument as the config file reads it back: bare when it can be,
 * otherwise double-quoted with escapes. */
static sds catConfigArg(sds s, const char *arg) {
    size_t len = strlen(arg);
    int bare = len > 0;
    for (size_t i = 0; i < len && bare; i++) {
        unsigned char ch = (unsigned char)arg[i];
        if (ch <= ' ' || ch >= 127 || ch == '"' || ch == '\'' || ch == '\\') bare = 0;
    }
    if (bare) return sdscat(s, arg);
    s = sdscat(s, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)arg[i];
        if (ch == '"' || ch == '\\') s = sdscatprintf(s, "\\%c", ch);
        else if (ch == '\n') s = sdscat(s, "\\n");
        else if (ch == '\t') s = sdscat(s, "\\t");
        else if (ch < ' ' || ch >= 127) s = sdscatprintf(s, "\\x%02x", ch);
        else s = sdscatlen(s, (const char *)&arg[i], 1);
    }
    return sdscat(s, "\"");
}

sds configFormatDirective(const serverConfig *cfg, const configDirective *d) {
    switch (d->type) {
    case CONFIG_MEMORY: return formatMemory(*numberField(cfg, d));
    case CONFIG_STRING: return catConfigArg(sdsempty(), *stringField(cfg, d));
    case CONFIG_FIXED: return catConfigArg(sdsempty(), d->defaultValue);
    /* Every rule on the one line, which Redis 7.0 reads as well; no rules
     * is written `save ""`, so the built-in ones do not come back. */
    case CONFIG_SAVE:
        if (saveField(cfg, d)->count == 0) return sdsnew("\"\"");
        return saveRulesFormat(saveField(cfg, d));
    case CONFIG_BIND: {
        sds s = sdsempty();
        for (int i = 0; i < cfg->bindCount; i++) {
            if (i) s = sdscat(s, " ");
            s = catConfigArg(s, cfg->bindAddrs[i]);
        }
        return s;
    }
    default: return configGetDirective(cfg, d);
    }
}

int configDirectiveIsDefault(const serverConfig *cfg, const configDirective *d) {
    /* Built once and kept: its strings stay reachable for the process. */
    static serverConfig defaults;
    static int ready;
    if (!ready) {
        configInitDefaults(&defaults);
        ready = 1;
    }
    sds current = configGetDirective(cfg, d);
    sds builtin = configGetDirective(&defaults, d);
    int same = sdslen(current) == sdslen(builtin) &&
               memcmp(current, builtin, sdslen(current)) == 0;
    sdsfree(current);
    sdsfree(builtin);
    return same;
}
