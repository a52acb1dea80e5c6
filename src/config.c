/* config.c -- the directive table, config-file and command-line parsing,
 * CONFIG GET/SET/HELP; see config.h.
 *
 * Error texts are Redis's: a user's redis.conf habits and client libraries
 * expect them. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "reply.h"
#include "server.h"
#include "slowlog.h"
#include "version.h"
#include "zmalloc.h"

typedef enum {
    CONFIG_INT,
    CONFIG_MEMORY, /* an integer with optional k/kb/m/mb/g/gb */
    CONFIG_BOOL,
    CONFIG_ENUM,
    CONFIG_STRING,
    CONFIG_OCTAL,
    CONFIG_BIND,  /* one or more addresses */
    CONFIG_FIXED, /* a Redis directive we accept only at its one value */
} configType;

typedef struct configEnumValue {
    const char *name;
    long long value;
} configEnumValue;

/* Runs after a run-time change; returns an error text to undo it. */
typedef const char *configApplyProc(serverConfig *cfg);

typedef struct configDirective {
    const char *name;
    configType type;
    int isMutable;
    const char *defaultValue;
    long long min, max;
    size_t offset; /* of the field in serverConfig */
    const configEnumValue *enumValues;
    configApplyProc *apply;
    const char *fixedReason; /* CONFIG_FIXED: why no other value works */
} configDirective;

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
    if (server.el && aeResizeSetSize(server.el, (int)(cfg->maxclients + FDSET_INCR)) != AE_OK)
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
    server.ks.trackLfu = (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0;
    server.ks.noSharedIntegers =
        cfg->maxmemory != 0 && (cfg->maxmemoryPolicy & MAXMEMORY_FLAG_NO_SHARED_INTEGERS);
    server.ks.lfuLogFactor = (int)cfg->lfuLogFactor;
    server.ks.lfuDecayMinutes = (int)cfg->lfuDecayTime;
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

#define FIELD(f) offsetof(serverConfig, f)
#define MB (1024LL * 1024)

static const configDirective directives[] = {
    {"bind", CONFIG_BIND, 0, "127.0.0.1 -::1", 0, 0, 0, NULL, NULL, NULL},
    {"port", CONFIG_INT, 0, "6379", 0, 65535, FIELD(port), NULL, NULL, NULL},
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
    {"save", CONFIG_FIXED, 0, "", 0, 0, 0, NULL, NULL,
     "redis-mini has no RDB persistence yet: only 'save \"\"' (no snapshots) is accepted"},
    {"appendonly", CONFIG_FIXED, 0, "no", 0, 0, 0, NULL, NULL,
     "redis-mini has no append-only file yet: only 'appendonly no' is accepted"},
};

#define DIRECTIVE_COUNT (sizeof(directives) / sizeof(directives[0]))

static const configDirective *findDirective(slice name) {
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++)
        if (sliceEqualsNoCase(name, directives[i].name)) return &directives[i];
    return NULL;
}

static long long *numberField(serverConfig *cfg, const configDirective *d) {
    return (long long *)((char *)cfg + d->offset);
}

static sds *stringField(serverConfig *cfg, const configDirective *d) {
    return (sds *)((char *)cfg + d->offset);
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
    return d->type == CONFIG_BIND ? argc >= 1 : argc == 1;
}

/* The value as CONFIG GET shows it. */
static sds getDirective(serverConfig *cfg, const configDirective *d) {
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
        /* configSetCommand undoes a change by copying the struct back, and
         * gives a changed string its own copy (takeOwnStrings). */
        assert(!d->isMutable || isNumeric(d) || d->type == CONFIG_STRING);
        if (!isNumeric(d) && d->type != CONFIG_BIND && d->type != CONFIG_STRING) continue;
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
    const configDirective *d = findDirective(v->argv[0]);
    if (!d || !acceptsArgCount(d, v->argc - 1)) return "Bad directive or wrong number of arguments";
    return setDirective(cfg, d, v->argv + 1, v->argc - 1);
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
        const char *err = applyDirectiveArgs(cfg, &v);
        if (err) fatalConfigError("the command line options", option, text, err);
        zfree(v.argv);
        sdsfree(text);
    }
}

void configLoad(serverConfig *cfg, const char *file, int argc, char **argv) {
    if (file) loadConfigFile(cfg, file);
    loadCommandLine(cfg, argc, argv);
    applyHz(cfg);
    logSetLevel((int)cfg->loglevel);
}

/* --- CONFIG GET / SET / RESETSTAT / HELP ---------------------------------- */

void configGetCommand(client *c) {
    const configDirective *matched[DIRECTIVE_COUNT];
    long long n = 0;
    for (size_t i = 0; i < DIRECTIVE_COUNT; i++) {
        const char *name = directives[i].name;
        for (int j = 2; j < c->argc; j++) {
            if (stringmatchlen(c->argv[j].ptr, c->argv[j].len, name, strlen(name), 1)) {
                matched[n++] = &directives[i];
                break;
            }
        }
    }
    addReplyMapLen(c, n);
    for (long long i = 0; i < n; i++) {
        addReplyBulkCString(c, matched[i]->name);
        sds value = getDirective(&server.config, matched[i]);
        addReplyBulk(c, value, sdslen(value));
        sdsfree(value);
    }
}

static void replySetFailed(client *c, const char *name, const char *why) {
    addReplyErrorFormat(c, "CONFIG SET failed (possibly related to argument '%s') - %s", name,
                        why);
}

/* Runs the apply hooks of the changed directives. Returns the index of the
 * one that failed (its error in *err), or -1. */
static int applyAll(serverConfig *cfg, const configDirective **changed, int n, const char **err) {
    for (int i = 0; i < n; i++) {
        if (!changed[i]->apply) continue;
        *err = changed[i]->apply(cfg);
        if (*err) return i;
    }
    return -1;
}

/* A copy of the struct shares its strings with the original. Before a
 * string directive is changed in the copy, the copy gets a string of its
 * own, so that afterwards exactly one side's strings are freed. */
static void takeOwnString(serverConfig *cfg, const configDirective *d) {
    if (d->type == CONFIG_STRING) *stringField(cfg, d) = sdsdup(*stringField(cfg, d));
}

static void freeChangedStrings(serverConfig *cfg, const configDirective **changed, int n) {
    for (int i = 0; i < n; i++)
        if (changed[i]->type == CONFIG_STRING) sdsfree(*stringField(cfg, changed[i]));
}

/* CONFIG SET name value [name value ...]: all or nothing. The changes are
 * made on a copy of the struct, which becomes the configuration only if
 * every value parses and every apply hook agrees. */
void configSetCommand(client *c) {
    if (c->argc % 2 != 0) {
        addReplyErrorArity(c);
        return;
    }
    int pairs = (c->argc - 2) / 2;
    const configDirective **changed = zmalloc(sizeof(*changed) * (size_t)pairs);
    serverConfig updated = server.config;
    int owned = 0; /* changed[0 .. owned) have their own string in updated */
    for (int p = 0; p < pairs; p++) {
        slice name = c->argv[2 + p * 2];
        const configDirective *d = findDirective(name);
        if (!d) {
            addReplyErrorFormat(c, "Unknown option or number of arguments for CONFIG SET - '%.*s'",
                                (int)name.len, name.ptr);
            goto undo;
        }
        for (int q = 0; q < p; q++) {
            if (changed[q] == d) {
                replySetFailed(c, d->name, "duplicate parameter");
                goto undo;
            }
        }
        changed[p] = d;
        if (!d->isMutable) {
            replySetFailed(c, d->name, "can't set immutable config");
            goto undo;
        }
        takeOwnString(&updated, d);
        owned = p + 1;
        const char *err = setDirective(&updated, d, &c->argv[3 + p * 2], 1);
        if (err) {
            replySetFailed(c, d->name, err);
            goto undo;
        }
    }
    serverConfig previous = server.config;
    server.config = updated;
    const char *err;
    int failed = applyAll(&server.config, changed, pairs, &err);
    if (failed >= 0) {
        /* Undo: the previous values were in effect, so applying them works. */
        server.config = previous;
        const char *ignored;
        applyAll(&server.config, changed, pairs, &ignored);
        replySetFailed(c, changed[failed]->name, err);
        goto undo;
    }
    freeChangedStrings(&previous, changed, pairs);
    addReplyOk(c);
    zfree(changed);
    return;
undo:
    freeChangedStrings(&updated, changed, owned);
    zfree(changed);
}

void configResetStatCommand(client *c) {
    resetServerStats();
    addReplyOk(c);
}

void configHelpCommand(client *c) {
    static const char *lines[] = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        NULL,
    };
    addReplyHelp(c, lines);
}
