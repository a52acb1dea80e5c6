/* persist/aof/aof_manifest.c -- the AOF manifest's data structure and text format; see
 * aof_manifest.h. */
#include "persist/aof/aof_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "lib/zmalloc.h"

/* Redis refuses longer manifest lines; so do we. */
#define MANIFEST_LINE_MAX 1024

static aofInfo *infoCreate(const char *name, size_t len, long long seq, char type) {
    aofInfo *ai = zmalloc(sizeof(*ai));
    ai->name = sdsnewlen(name, len);
    ai->seq = seq;
    ai->type = type;
    return ai;
}

static aofInfo *infoDup(const aofInfo *ai) {
    return infoCreate(ai->name, sdslen(ai->name), ai->seq, ai->type);
}

static void infoFree(aofInfo *ai) {
    if (!ai) return;
    sdsfree(ai->name);
    zfree(ai);
}

static void pushInfo(aofInfo ***list, int *count, aofInfo *ai) {
    *list = zrealloc(*list, sizeof(aofInfo *) * (size_t)(*count + 1));
    (*list)[(*count)++] = ai;
}

aofManifest *aofManifestCreate(void) { return zcalloc(sizeof(aofManifest)); }

void aofManifestFree(aofManifest *am) {
    if (!am) return;
    infoFree(am->base);
    for (int i = 0; i < am->incrCount; i++) infoFree(am->incr[i]);
    for (int i = 0; i < am->historyCount; i++) infoFree(am->history[i]);
    zfree(am->incr);
    zfree(am->history);
    zfree(am);
}

aofManifest *aofManifestDup(const aofManifest *am) {
    aofManifest *copy = aofManifestCreate();
    if (am->base) copy->base = infoDup(am->base);
    for (int i = 0; i < am->incrCount; i++)
        pushInfo(&copy->incr, &copy->incrCount, infoDup(am->incr[i]));
    for (int i = 0; i < am->historyCount; i++)
        pushInfo(&copy->history, &copy->historyCount, infoDup(am->history[i]));
    copy->baseSeq = am->baseSeq;
    copy->incrSeq = am->incrSeq;
    return copy;
}

/* --- parsing -------------------------------------------------------------- */

#define LINE_MAX_ARGS 16

typedef struct lineArgs {
    slice argv[LINE_MAX_ARGS];
    int argc;
} lineArgs;

static void collectArg(void *ctx, char *arg, size_t len) {
    lineArgs *a = ctx;
    if (a->argc < LINE_MAX_ARGS) a->argv[a->argc] = (slice){arg, len};
    a->argc++;
}

/* One "file NAME seq N type T" line (keys in any order). NULL on error. */
static aofInfo *parseLine(char *line, size_t len, const char **err) {
    lineArgs a = {.argc = 0};
    *err = "Invalid AOF manifest file format";
    if (splitArgsInPlace(line, len, collectArg, &a) < 0) return NULL;
    if (a.argc % 2 != 0 || a.argc > LINE_MAX_ARGS) return NULL;
    slice name = {0};
    long long seq = -1;
    char type = 0;
    for (int i = 0; i < a.argc; i += 2) {
        slice key = a.argv[i], val = a.argv[i + 1];
        if (sliceEqualsNoCase(key, "file")) {
            name = val;
        } else if (sliceEqualsNoCase(key, "seq")) {
            if (!string2ll(val.ptr, val.len, &seq) || seq < 0) return NULL;
        } else if (sliceEqualsNoCase(key, "type")) {
            if (val.len != 1) return NULL;
            type = val.ptr[0];
        }
    }
    if (!name.ptr || name.len == 0 || seq < 0) return NULL;
    if (memchr(name.ptr, '/', name.len) || memchr(name.ptr, '\0', name.len)) return NULL;
    if (type != AOF_FILE_BASE && type != AOF_FILE_INCR && type != AOF_FILE_HISTORY) return NULL;
    return infoCreate(name.ptr, name.len, seq, type);
}

/* Files one parsed line into am. NULL or the reason it cannot be. */
static const char *addParsed(aofManifest *am, aofInfo *ai) {
    if (ai->type == AOF_FILE_BASE) {
        if (am->base) return "Found duplicate base file information";
        am->base = ai;
        am->baseSeq = ai->seq;
    } else if (ai->type == AOF_FILE_HISTORY) {
        pushInfo(&am->history, &am->historyCount, ai);
    } else {
        if (ai->seq <= am->incrSeq) return "Found a non-monotonic sequence number";
        pushInfo(&am->incr, &am->incrCount, ai);
        am->incrSeq = ai->seq;
    }
    return NULL;
}

aofManifest *aofManifestParse(const char *text, size_t len, const char **err) {
    aofManifest *am = aofManifestCreate();
    char line[MANIFEST_LINE_MAX + 1];
    size_t pos = 0;
    int lines = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        if (n >= MANIFEST_LINE_MAX) {
            *err = "The AOF manifest file contains too long line";
            goto fail;
        }
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos = nl ? end + 1 : len;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        size_t skip = strspn(line, " \t");
        if (line[skip] == '#' || line[skip] == '\0') continue;
        aofInfo *ai = parseLine(line + skip, n - skip, err);
        if (!ai) goto fail;
        const char *why = addParsed(am, ai);
        if (why) {
            infoFree(ai);
            *err = why;
            goto fail;
        }
        lines++;
    }
    if (lines == 0) {
        *err = "Found an empty AOF manifest";
        goto fail;
    }
    return am;
fail:
    aofManifestFree(am);
    return NULL;
}

/* --- formatting ------------------------------------------------------------ */

static sds catInfo(sds s, const aofInfo *ai) {
    s = sdscat(s, "file ");
    s = catSplitArg(s, ai->name);
    return sdscatprintf(s, " seq %lld type %c\n", ai->seq, ai->type);
}

/* Base first, then history, then the incr files: the order Redis writes. */
sds aofManifestFormat(const aofManifest *am) {
    sds s = sdsempty();
    if (am->base) s = catInfo(s, am->base);
    for (int i = 0; i < am->historyCount; i++) s = catInfo(s, am->history[i]);
    for (int i = 0; i < am->incrCount; i++) s = catInfo(s, am->incr[i]);
    return s;
}

/* --- changes --------------------------------------------------------------- */

const char *aofManifestNewBase(aofManifest *am, const char *name, int rdb) {
    if (am->base) {
        am->base->type = AOF_FILE_HISTORY;
        pushInfo(&am->history, &am->historyCount, am->base);
    }
    sds file = sdscatprintf(sdsempty(), "%s.%lld.base.%s", name, am->baseSeq + 1,
                            rdb ? "rdb" : "aof");
    am->base = infoCreate(file, sdslen(file), ++am->baseSeq, AOF_FILE_BASE);
    sdsfree(file);
    return am->base->name;
}

void aofManifestAddIncr(aofManifest *am, const char *fileName) {
    pushInfo(&am->incr, &am->incrCount,
             infoCreate(fileName, strlen(fileName), ++am->incrSeq, AOF_FILE_INCR));
}

const char *aofManifestNewIncr(aofManifest *am, const char *name) {
    sds file = sdscatprintf(sdsempty(), "%s.%lld.incr.aof", name, am->incrSeq + 1);
    aofManifestAddIncr(am, file);
    sdsfree(file);
    return am->incr[am->incrCount - 1]->name;
}

void aofManifestIncrToHistory(aofManifest *am, int keepLast) {
    int moving = am->incrCount - (keepLast && am->incrCount > 0 ? 1 : 0);
    if (moving == 0) return;
    for (int i = 0; i < moving; i++) {
        am->incr[i]->type = AOF_FILE_HISTORY;
        pushInfo(&am->history, &am->historyCount, am->incr[i]);
    }
    memmove(am->incr, am->incr + moving, sizeof(aofInfo *) * (size_t)(am->incrCount - moving));
    am->incrCount -= moving;
}

void aofManifestClearHistory(aofManifest *am) {
    for (int i = 0; i < am->historyCount; i++) infoFree(am->history[i]);
    zfree(am->history);
    am->history = NULL;
    am->historyCount = 0;
}

int aofManifestIsEmpty(const aofManifest *am) { return !am->base && am->incrCount == 0; }

sds aofManifestFileName(const char *name) { return sdscatprintf(sdsempty(), "%s.manifest", name); }
