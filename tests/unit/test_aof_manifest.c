/* test_aof_manifest.c -- the AOF manifest (src/aof_manifest.h): parsing
 * Redis 7.0's text, refusing what is not a manifest, formatting it back,
 * and the changes a rewrite makes (new base, new incr file, history). */
#include <string.h>

#include "persist/aof/aof_manifest.h"
#include "unit.h"

static aofManifest *parse(const char *text, const char **err) {
    *err = NULL;
    return aofManifestParse(text, strlen(text), err);
}

static void testParseRedisManifest(void) {
    const char *err;
    aofManifest *am = parse("file appendonly.aof.2.base.rdb seq 2 type b\n"
                            "file appendonly.aof.1.incr.aof seq 1 type h\n"
                            "file appendonly.aof.2.incr.aof seq 2 type i\n"
                            "file appendonly.aof.3.incr.aof seq 3 type i\n",
                            &err);
    CHECK_NOT_NULL(am);
    CHECK_STR(am->base->name, "appendonly.aof.2.base.rdb");
    CHECK_INT(am->baseSeq, 2);
    CHECK_INT(am->incrCount, 2);
    CHECK_STR(am->incr[0]->name, "appendonly.aof.2.incr.aof");
    CHECK_STR(am->incr[1]->name, "appendonly.aof.3.incr.aof");
    CHECK_INT(am->incrSeq, 3);
    CHECK_INT(am->historyCount, 1);
    aofManifestFree(am);
}

static void testParseCommentsOrderQuotes(void) {
    const char *err;
    aofManifest *am = parse("# a comment\n\n"
                            "type i seq 7 file \"with space.aof\" future value\r\n"
                            "file last.aof seq 8 type i",
                            &err);
    CHECK_NOT_NULL(am);
    CHECK_NULL(am->base);
    CHECK_INT(am->incrCount, 2);
    CHECK_STR(am->incr[0]->name, "with space.aof");
    CHECK_STR(am->incr[1]->name, "last.aof");
    aofManifestFree(am);
}

static void testRefusals(void) {
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"", "Found an empty AOF manifest"},
        {"# only a comment\n", "Found an empty AOF manifest"},
        {"file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information"},
        {"file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number"},
        {"file a seq 1 type z\n", "Invalid AOF manifest file format"},
        {"file a seq x type i\n", "Invalid AOF manifest file format"},
        {"file a seq -1 type i\n", "Invalid AOF manifest file format"},
        {"file a seq 1\n", "Invalid AOF manifest file format"},
        {"file a seq 1 type\n", "Invalid AOF manifest file format"},
        {"file ../a seq 1 type i\n", "Invalid AOF manifest file format"},
        {"file \"a seq 1 type i\n", "Invalid AOF manifest file format"},
        {"file \"\" seq 1 type i\n", "Invalid AOF manifest file format"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *err;
        CHECK_CONTEXT("case %zu", i);
        aofManifest *am = parse(cases[i].text, &err);
        CHECK_NULL(am);
        CHECK_STR(err, cases[i].why);
    }
    char longLine[2048];
    memset(longLine, 'x', sizeof(longLine) - 1);
    longLine[sizeof(longLine) - 1] = '\0';
    const char *err;
    CHECK_NULL(parse(longLine, &err));
    CHECK_STR(err, "The AOF manifest file contains too long line");
}

static void testFormatRoundTrip(void) {
    const char *err;
    const char *text = "file appendonly.aof.4.base.aof seq 4 type b\n"
                       "file old.aof seq 1 type h\n"
                       "file \"odd \\\"name\\\".aof\" seq 9 type i\n";
    aofManifest *am = parse(text, &err);
    CHECK_NOT_NULL(am);
    CHECK_STR(am->incr[0]->name, "odd \"name\".aof");
    sds out = aofManifestFormat(am);
    CHECK_STR(out, text);
    sdsfree(out);
    aofManifestFree(am);
}

static void testRewriteChanges(void) {
    aofManifest *am = aofManifestCreate();
    CHECK(aofManifestIsEmpty(am));
    CHECK_STR(aofManifestNewBase(am, "appendonly.aof", 1), "appendonly.aof.1.base.rdb");
    CHECK_STR(aofManifestNewIncr(am, "appendonly.aof"), "appendonly.aof.1.incr.aof");
    /* A rewrite: a new incr file at its start, then the new base. */
    CHECK_STR(aofManifestNewIncr(am, "appendonly.aof"), "appendonly.aof.2.incr.aof");
    aofManifest *copy = aofManifestDup(am);
    CHECK_STR(aofManifestNewBase(copy, "appendonly.aof", 0), "appendonly.aof.2.base.aof");
    aofManifestIncrToHistory(copy, 1);
    sds out = aofManifestFormat(copy);
    CHECK_STR(out, "file appendonly.aof.2.base.aof seq 2 type b\n"
                   "file appendonly.aof.1.base.rdb seq 1 type h\n"
                   "file appendonly.aof.1.incr.aof seq 1 type h\n"
                   "file appendonly.aof.2.incr.aof seq 2 type i\n");
    sdsfree(out);
    aofManifestClearHistory(copy);
    out = aofManifestFormat(copy);
    CHECK_STR(out, "file appendonly.aof.2.base.aof seq 2 type b\n"
                   "file appendonly.aof.2.incr.aof seq 2 type i\n");
    sdsfree(out);
    /* The original is untouched by changes to the copy. */
    CHECK_INT(am->incrCount, 2);
    CHECK_STR(am->base->name, "appendonly.aof.1.base.rdb");
    aofManifestIncrToHistory(am, 0);
    CHECK_INT(am->incrCount, 0);
    CHECK_INT(am->historyCount, 2);
    aofManifestFree(copy);
    aofManifestFree(am);
    /* No incr files at all (a rewrite with appendonly no): nothing moves. */
    aofManifest *none = aofManifestCreate();
    aofManifestIncrToHistory(none, 0);
    aofManifestIncrToHistory(none, 1);
    CHECK_INT(none->historyCount, 0);
    CHECK_INT(none->incrCount, 0);
    aofManifestFree(none);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("aof_manifest: parses Redis 7.0's manifest: base, history and incr files in order",
             testParseRedisManifest);
    UNIT_RUN("aof_manifest: comments, blank lines, CRLF, keys in any order, unknown keys, quoted "
             "names and a last line without newline",
             testParseCommentsOrderQuotes);
    UNIT_RUN("aof_manifest: refuses empty manifests, two bases, falling sequence numbers, bad "
             "types and numbers, paths, unbalanced quotes and too long lines, saying why",
             testRefusals);
    UNIT_RUN("aof_manifest: formats as Redis writes it and parses back the same", testFormatRoundTrip);
    UNIT_RUN("aof_manifest: a rewrite's changes on a copy: new base, old files to history, cleared",
             testRewriteChanges);
    return unitReport();
}
