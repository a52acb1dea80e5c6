/* server/config.c -- the configuration engine; see config.h. The CONFIG
 * commands that use it are in config_command.c, CONFIG REWRITE's file
 * editing in config_rewrite.c, and every directive in the module that
 * owns it. */
#include "server/config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/version.h"
#include "lib/zmalloc.h"

struct configItem {
    const configDirective *d;
    const serverModule *module;
    /* While a config file and the command line are read: how many times
     * this directive was set there (a custom value may add up, see
     * directiveCodec.set). */
    int timesLoaded;
};

static configItem *items;
static int itemCount;
static sds configFile;

static void *fieldIn(void *config, const configDirective *d) { return (char *)config + d->offset; }
static void *field(const configItem *it) { return fieldIn(it->module->config, it->d); }
static long long *numberIn(void *config, const configDirective *d) { return fieldIn(config, d); }
static sds *stringIn(void *config, const configDirective *d) { return fieldIn(config, d); }

static int isNumeric(const configDirective *d) {
    return d->type != DIRECTIVE_STRING && d->type != DIRECTIVE_CUSTOM;
}

/* --- parsing one value -------------------------------------------------------- */

static char errorText[256];

static const char *rangeError(const configDirective *d) {
    snprintf(errorText, sizeof(errorText), "argument must be between %lld and %lld inclusive",
             d->min, d->max);
    return errorText;
}

static const char *enumError(const configDirective *d) {
    size_t off = (size_t)snprintf(errorText, sizeof(errorText),
                                  "argument(s) must be one of the following: ");
    for (const directiveEnum *v = d->enumValues; v->name && off < sizeof(errorText); v++)
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
    case DIRECTIVE_INT:
        if (!string2ll(arg.ptr, arg.len, out)) return "argument couldn't be parsed into an integer";
        break;
    case DIRECTIVE_MEMORY: {
        unsigned long long bytes;
        if (!parseMemoryUnits(buf, &bytes) || bytes > LLONG_MAX)
            return "argument must be a memory value";
        *out = (long long)bytes;
        break;
    }
    case DIRECTIVE_OCTAL: {
        char *end;
        *out = strtoll(buf, &end, 8);
        if (!arg.len || *end) return "argument couldn't be parsed as an octal number";
        break;
    }
    case DIRECTIVE_BOOL:
        if (strcasecmp(buf, "yes") == 0) *out = 1;
        else if (strcasecmp(buf, "no") == 0) *out = 0;
        else return "argument must be 'yes' or 'no'";
        return NULL;
    case DIRECTIVE_ENUM:
        for (const directiveEnum *v = d->enumValues; v->name; v++) {
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

/* Sets directive d in the config struct `config` from its arguments.
 * Returns NULL or an error text; on error the field is unchanged. */
static const char *setIn(void *config, const configDirective *d, const slice *args, int argc,
                         int append) {
    if (isNumeric(d)) {
        long long value;
        const char *err = parseNumber(d, args[0], &value);
        if (!err) *numberIn(config, d) = value;
        return err;
    }
    if (d->type == DIRECTIVE_STRING) {
        sds *s = stringIn(config, d);
        sdsfree(*s);
        *s = sdsnewlen(args[0].ptr, args[0].len);
        return NULL;
    }
    return d->codec->set(fieldIn(config, d), args, argc, append);
}

static int acceptsArgCount(const configDirective *d, int argc) {
    return d->type == DIRECTIVE_CUSTOM && d->codec->multiArg ? argc >= 1 : argc == 1;
}

/* --- printing one value ------------------------------------------------------- */

static sds getIn(void *config, const configDirective *d) {
    switch (d->type) {
    case DIRECTIVE_INT:
    case DIRECTIVE_MEMORY: return sdscatprintf(sdsempty(), "%lld", *numberIn(config, d));
    case DIRECTIVE_OCTAL: return sdscatprintf(sdsempty(), "%llo", *numberIn(config, d));
    case DIRECTIVE_BOOL: return sdsnew(*numberIn(config, d) ? "yes" : "no");
    case DIRECTIVE_ENUM:
        for (const directiveEnum *v = d->enumValues; v->name; v++)
            if (v->value == *numberIn(config, d)) return sdsnew(v->name);
        return sdsempty();
    case DIRECTIVE_STRING: return sdsdup(*stringIn(config, d));
    case DIRECTIVE_CUSTOM: return d->codec->get(fieldIn(config, d));
    }
    return sdsempty();
}

sds configGetValue(const configItem *it) { return getIn(it->module->config, it->d); }

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

sds configFormatValue(const configItem *it) {
    switch (it->d->type) {
    case DIRECTIVE_MEMORY: return formatMemory(*numberIn(it->module->config, it->d));
    case DIRECTIVE_STRING: return catSplitArg(sdsempty(), *stringIn(it->module->config, it->d));
    case DIRECTIVE_CUSTOM: return it->d->codec->format(field(it));
    default: return configGetValue(it);
    }
}

/* --- copies of a module's configuration --------------------------------------- */

/* A module's config struct copied by assignment shares its strings with
 * the original; these give the copy its own, and free them. */
static void dupStrings(const serverModule *m, void *config) {
    for (const configDirective *d = m->directives; d->name; d++) {
        if (d->type == DIRECTIVE_STRING) {
            sds *s = stringIn(config, d);
            if (*s) *s = sdsdup(*s);
        } else if (d->type == DIRECTIVE_CUSTOM) {
            d->codec->dup(fieldIn(config, d));
        }
    }
}

static void freeStrings(const serverModule *m, void *config) {
    for (const configDirective *d = m->directives; d->name; d++) {
        if (d->type == DIRECTIVE_STRING) sdsfree(*stringIn(config, d));
        else if (d->type == DIRECTIVE_CUSTOM) d->codec->release(fieldIn(config, d));
    }
}

/* --- the table ---------------------------------------------------------------- */

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

/* Sets d in `config` to its default, parsed like a config file value. */
static void setDefault(void *config, const configDirective *d) {
    char *value = zstrdup(d->defaultValue);
    argVector v = {0};
    splitArgsInPlace(value, strlen(value), pushArg, &v);
    if (v.argc == 0) pushArg(&v, value, 0); /* "" is one empty argument */
    const char *err = setIn(config, d, v.argv, v.argc, 0);
    if (err) {
        fprintf(stderr, "Bad default for '%s' (%s): %s\n", d->name, d->defaultValue, err);
        abort();
    }
    zfree(v.argv);
    zfree(value);
}

void configInit(const serverModule *const *modules, int count) {
    itemCount = 0;
    for (int i = 0; i < count; i++)
        for (const configDirective *d = modules[i]->directives; d && d->name; d++) itemCount++;
    items = zcalloc(sizeof(*items) * (size_t)(itemCount ? itemCount : 1));
    int n = 0;
    for (int i = 0; i < count; i++) {
        const serverModule *m = modules[i];
        if (!m->directives) continue;
        memset(m->config, 0, m->configSize);
        for (const configDirective *d = m->directives; d->name; d++) {
            items[n++] = (configItem){d, m, 0};
            setDefault(m->config, d);
        }
    }
}

int configItemCount(void) { return itemCount; }
const configItem *configItemAt(int i) { return &items[i]; }
const char *configItemName(const configItem *it) { return it->d->name; }
int configItemIsMutable(const configItem *it) { return (it->d->flags & DIRECTIVE_MUTABLE) != 0; }
const char *configFilePath(void) { return configFile; }

const configItem *configFindItem(slice name) {
    for (int i = 0; i < itemCount; i++)
        if (sliceEqualsNoCase(name, items[i].d->name)) return &items[i];
    return NULL;
}

int configItemIsDefault(const configItem *it) {
    const serverModule *m = it->module;
    void *scratch = zcalloc(m->configSize);
    setDefault(scratch, it->d);
    sds builtin = getIn(scratch, it->d);
    sds current = configGetValue(it);
    int same = sdslen(current) == sdslen(builtin) &&
               memcmp(current, builtin, sdslen(current)) == 0;
    sdsfree(current);
    sdsfree(builtin);
    /* Only this directive's field was set in the scratch copy. */
    if (it->d->type == DIRECTIVE_STRING) sdsfree(*stringIn(scratch, it->d));
    else if (it->d->type == DIRECTIVE_CUSTOM) it->d->codec->release(fieldIn(scratch, it->d));
    zfree(scratch);
    return same;
}

/* --- the config file and the command line ------------------------------------- */

static void fatalConfigError(const char *source, int line, const char *text, const char *err) {
    fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (redis-mini %s) ***\n", REDIS_MINI_VERSION);
    fprintf(stderr, "Reading %s, at line %d\n", source, line);
    fprintf(stderr, ">>> '%s'\n", text);
    fprintf(stderr, "%s\n", err);
    exit(1);
}

/* Applies "name value..." from a file line or the command line. Returns
 * NULL or an error text. */
static const char *applyDirectiveArgs(const argVector *v) {
    if (v->argc == 0) return NULL;
    configItem *it = (configItem *)configFindItem(v->argv[0]);
    if (!it || !acceptsArgCount(it->d, v->argc - 1))
        return "Bad directive or wrong number of arguments";
    const char *err = setIn(it->module->config, it->d, v->argv + 1, v->argc - 1,
                            it->timesLoaded++ > 0);
    if (!err && it->d->check) err = it->d->check();
    return err;
}

static const char *applyConfigLine(char *line, size_t len) {
    argVector v = {0};
    const char *err = splitArgsInPlace(line, len, pushArg, &v) < 0
                          ? "Unbalanced quotes in configuration line"
                          : applyDirectiveArgs(&v);
    zfree(v.argv);
    return err;
}

static void loadConfigFile(const char *file) {
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
        const char *err = applyConfigLine(text, strlen(text));
        if (err) fatalConfigError(source, lineno, original, err);
        sdsfree(original);
    }
    free(line);
    fclose(fp);
    char *abs = realpath(file, NULL);
    configFile = sdsnew(abs ? abs : file);
    free(abs);
}

/* "--port 7000 --bind a b" becomes the lines "port 7000" and "bind a b". */
static void loadCommandLine(int argc, char **argv) {
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
        static char empty[] = "";
        const configItem *it = v.argc == 1 ? configFindItem(v.argv[0]) : NULL;
        if (it && (it->d->flags & DIRECTIVE_BARE_IS_EMPTY)) pushArg(&v, empty, 0);
        const char *err = applyDirectiveArgs(&v);
        if (err) fatalConfigError("the command line options", option, text, err);
        zfree(v.argv);
        sdsfree(text);
    }
}

void configLoad(const char *file, int argc, char **argv) {
    for (int i = 0; i < itemCount; i++) items[i].timesLoaded = 0;
    if (file) loadConfigFile(file);
    loadCommandLine(argc, argv);
}

/* --- CONFIG SET ---------------------------------------------------------------- */

/* The modules a CONFIG SET touches, each with the copy the new values are
 * parsed into and, once installed, the configuration it replaced. */
typedef struct moduleChange {
    const serverModule *module;
    void *updated;
    void *previous;
} moduleChange;

static moduleChange *changeFor(moduleChange *changes, int *count, const serverModule *m) {
    for (int i = 0; i < *count; i++)
        if (changes[i].module == m) return &changes[i];
    moduleChange *c = &changes[(*count)++];
    c->module = m;
    c->updated = zmalloc(m->configSize);
    memcpy(c->updated, m->config, m->configSize);
    dupStrings(m, c->updated);
    c->previous = zmalloc(m->configSize);
    return c;
}

/* Installs each module's `from` config, keeping the one in place in `to`. */
static void swapConfigs(moduleChange *changes, int count, int toPrevious) {
    for (int i = 0; i < count; i++) {
        const serverModule *m = changes[i].module;
        void *from = toPrevious ? changes[i].previous : changes[i].updated;
        if (!toPrevious) memcpy(changes[i].previous, m->config, m->configSize);
        memcpy(m->config, from, m->configSize);
    }
}

/* Runs the apply hooks; returns the index of the one that failed, or -1. */
static int applyAll(const configItem *const *list, int n, const char **err) {
    for (int i = 0; i < n; i++) {
        *err = list[i]->d->apply ? list[i]->d->apply() : NULL;
        if (*err) return i;
    }
    return -1;
}

const char *configSetValues(const configItem *const *list, const slice *values, int n,
                            int *failed) {
    moduleChange *changes = zmalloc(sizeof(*changes) * (size_t)(n ? n : 1));
    int count = 0;
    const char *err = NULL;
    for (int i = 0; i < n && !err; i++) {
        const configItem *it = list[i];
        moduleChange *c = changeFor(changes, &count, it->module);
        slice value = values[i];
        if (it->d->type == DIRECTIVE_CUSTOM && it->d->codec->splitSetValue) {
            /* "127.0.0.1 -::1": several arguments in one CONFIG SET value. */
            char *copy = zmalloc(value.len + 1);
            memcpy(copy, value.ptr, value.len);
            copy[value.len] = '\0';
            argVector v = {0};
            if (splitArgsInPlace(copy, value.len, pushArg, &v) < 0) err = "Unbalanced quotes";
            else if (v.argc == 0) pushArg(&v, copy, 0);
            if (!err) err = setIn(c->updated, it->d, v.argv, v.argc, 0);
            zfree(v.argv);
            zfree(copy);
        } else {
            err = setIn(c->updated, it->d, &value, 1, 0);
        }
        if (err) *failed = i;
    }
    if (!err) {
        swapConfigs(changes, count, 0);
        int bad = applyAll(list, n, &err);
        if (bad >= 0) {
            /* Undo: the previous values were in effect, so applying them works. */
            *failed = bad;
            swapConfigs(changes, count, 1);
            const char *ignored;
            applyAll(list, n, &ignored);
        }
    }
    /* What is no longer in place: the copies on failure, the old values on
     * success (before installing, `previous` holds nothing yet). */
    for (int i = 0; i < count; i++) {
        const serverModule *m = changes[i].module;
        if (err) freeStrings(m, changes[i].updated);
        else freeStrings(m, changes[i].previous);
        zfree(changes[i].updated);
        zfree(changes[i].previous);
    }
    zfree(changes);
    return err;
}
