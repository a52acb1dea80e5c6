/* test_type.c -- the value-type registry (src/keyspace/type.h) and values held
 * by pointer: a test-only type, "widget", registered here and nowhere in
 * src/, whose value is a zmalloc'ed structure. Its operations count their
 * calls, so the tests can check that the keyspace frees each value exactly
 * once whichever way its key goes, copies it with dup, moves it without
 * either, and that RDB save/load, the digest, the rewrite op, TYPE's name,
 * the encoding and the refcount all come from the type's table. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keyspace/db.h"
#include "keyspace/digest.h"
#include "keyspace/type.h"
#include "lib/zmalloc.h"
#include "persist/rdb.h"
#include "types/types.h"
#include "unit.h"

/* An id and an RDB type byte that no Redis type uses. */
#define WIDGET_TYPE 12
#define WIDGET_RDB_TYPE 77
#define UNKNOWN_RDB_TYPE 78

typedef struct widget {
    char *text;
    size_t len;
} widget;

static struct {
    int frees, dups, loads;
    const widget *lastFreed;
} calls;

static slice sl(const char *s) { return (slice){(char *)s, strlen(s)}; }

static widget *widgetNew(const char *text, size_t len) {
    widget *w = zmalloc(sizeof(*w));
    w->text = zmalloc(len ? len : 1);
    memcpy(w->text, text, len);
    w->len = len;
    return w;
}

static widget *widgetOf(const entry *e) { return entryValuePointer(e); }

static void widgetFree(void *value) {
    widget *w = value;
    calls.frees++;
    calls.lastFreed = w;
    zfree(w->text);
    zfree(w);
}

static void *widgetDup(const void *value) {
    const widget *w = value;
    calls.dups++;
    return widgetNew(w->text, w->len);
}

static const char *widgetEncoding(const entry *e) {
    return widgetOf(e)->len <= 8 ? "smallwidget" : "bigwidget";
}

static int widgetRefcount(const entry *e) {
    (void)e;
    return 42;
}

static unsigned widgetRdbType(const entry *e) {
    (void)e;
    return WIDGET_RDB_TYPE;
}

/* A widget is saved as its length, then its text as a string. */
static void widgetRdbSave(rdbWriter *w, const entry *e) {
    const widget *v = widgetOf(e);
    rdbPutLen(w, v->len);
    rdbPutString(w, v->text, v->len);
}

static entry *widgetRdbLoad(rdbReader *r, unsigned rdbType, slice key, long long expireMs) {
    (void)rdbType;
    uint64_t len;
    char *text;
    size_t textLen;
    if (rdbGetLen(r, &len) != RDB_OK || rdbGetString(r, &text, &textLen) != RDB_OK) return NULL;
    if (len != textLen) {
        zfree(text);
        rdbFail(r, "widget of %llu bytes holds %zu", (unsigned long long)len, textLen);
        return NULL;
    }
    calls.loads++;
    widget *w = widgetNew(text, textLen);
    zfree(text);
    return entryCreatePointer(key.ptr, key.len, WIDGET_TYPE, w, expireMs);
}

/* Unlike a string, a widget adds its text rather than mixing it. */
static void widgetDigest(const entry *e, unsigned char d[SHA1_DIGEST_LEN]) {
    const widget *w = widgetOf(e);
    digestAdd(d, w->text, w->len);
}

static void widgetRewrite(const entry *e, slice key, typeEmitCommand *emit, void *ctx) {
    const widget *w = widgetOf(e);
    slice cmd[3] = {sl("WSET"), key, {w->text, w->len}};
    emit(ctx, 3, cmd);
}

static size_t widgetMemoryUsage(const entry *e, long long samples) {
    (void)samples;
    return sizeof(widget) + widgetOf(e)->len;
}

static const unsigned char widgetRdbTypes[] = {WIDGET_RDB_TYPE};

static const typeOps widgetType = {
    .name = "widget",
    .rdbTypes = widgetRdbTypes,
    .rdbTypeCount = sizeof(widgetRdbTypes),
    .encoding = widgetEncoding,
    .refcount = widgetRefcount,
    .free = widgetFree,
    .dup = widgetDup,
    .rdbType = widgetRdbType,
    .rdbSave = widgetRdbSave,
    .rdbLoad = widgetRdbLoad,
    .digest = widgetDigest,
    .rewrite = widgetRewrite,
    .memoryUsage = widgetMemoryUsage,
};

static void resetCalls(void) { memset(&calls, 0, sizeof(calls)); }

static void setup(keyspace *ks, int dbs) {
    resetCalls();
    memset(ks, 0, sizeof(*ks));
    keyspaceInit(ks, dbs);
}

static entry *addWidget(redisDb *db, const char *key, const char *text, long long expireMs) {
    return dbAdd(db, sl(key), WIDGET_TYPE, widgetNew(text, strlen(text)), expireMs);
}

/* The entry of key holds a widget with this text. */
static void checkWidget(redisDb *db, const char *key, const char *text) {
    entry *e = dbFind(db, sl(key));
    CHECK_MSG(e != NULL, "key \"%s\" missing", key);
    CHECK_INT(entryType(e), WIDGET_TYPE);
    const widget *w = widgetOf(e);
    CHECK_MEM(w->text, w->len, text, strlen(text));
}

/* --- the registry ------------------------------------------------------------ */

static void testRegistryFindsTypes(void) {
    CHECK(typeTable[WIDGET_TYPE] == &widgetType);
    CHECK(typeTable[ENTRY_TYPE_STRING] == &stringType);
    CHECK(typeForRdbType(WIDGET_RDB_TYPE) == &widgetType);
    CHECK(typeForRdbType(RDB_TYPE_STRING) == &stringType);
    CHECK_NULL(typeForRdbType(UNKNOWN_RDB_TYPE));
    CHECK_NULL(typeForRdbType(1000));
    /* Registering the same tables again changes nothing. */
    typesRegister();
    typeRegister(WIDGET_TYPE, &widgetType);
    CHECK(typeTable[WIDGET_TYPE] == &widgetType);
    CHECK(typeForRdbType(WIDGET_RDB_TYPE) == &widgetType);
}

/* Run in a child: a second type under a taken id must abort. */
static void testTakenIdIsRefused(void) {
    static const typeOps impostor = {.name = "impostor"};
    typeRegister(WIDGET_TYPE, &impostor);
    CHECK_MSG(0, "registering a second type under a taken id returned");
}

static void testTakenRdbByteIsRefused(void) {
    static const typeOps impostor = {.name = "impostor", .rdbTypes = widgetRdbTypes,
                                     .rdbTypeCount = 1};
    typeRegister(WIDGET_TYPE + 1, &impostor);
    CHECK_MSG(0, "registering a second loader of an RDB type byte returned");
}

/* The child must die (abort), not return: the isolated runner would count
 * a clean exit as a pass, so this wraps it in its own fork. */
static void checkAborts(unitTestFn *fn, const char *what) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    CHECK_MSG(pid >= 0, "fork failed");
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, STDOUT_FILENO); /* the log line */
        fn();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_MSG(WIFSIGNALED(status), "%s: the process was not stopped (status %d)", what, status);
}

static void testConflictsAbort(void) {
    CHECK_OK(checkAborts(testTakenIdIsRefused, "a taken type id"));
    CHECK_OK(checkAborts(testTakenRdbByteIsRefused, "a taken RDB type byte"));
}

/* --- holding, freeing, copying ------------------------------------------------ */

static void testAddStoresPointerAndLookupsReturnIt(void) {
    keyspace ks;
    setup(&ks, 1);
    widget *w = widgetNew("abc", 3);
    entry *e = dbAdd(&ks.dbs[0], sl("w"), WIDGET_TYPE, w, ENTRY_NO_EXPIRE);
    CHECK_INT(entryType(e), WIDGET_TYPE);
    CHECK(entryValuePointer(e) == w);
    CHECK_INT(entryEncoding(e), 0);
    CHECK(dbLookup(&ks, &ks.dbs[0], sl("w")) == e);
    CHECK(dbLookupRead(&ks, &ks.dbs[0], sl("w")) == e);
    CHECK(entryValuePointer(dbLookupReadNoTouch(&ks, &ks.dbs[0], sl("w"))) == w);
    CHECK_UINT(dbSize(&ks.dbs[0]), 1);
    /* An expiry rebuilds the entry; the pointer goes with it, unfreed. */
    e = dbSetExpire(&ks.dbs[0], e, ks.nowMs + 10000);
    CHECK(entryValuePointer(e) == w);
    CHECK(dbFind(&ks.dbs[0], sl("w")) == e);
    e = dbSetExpire(&ks.dbs[0], e, ENTRY_NO_EXPIRE);
    CHECK(entryValuePointer(e) == w);
    CHECK_INT(calls.frees, 0);
    keyspaceFree(&ks);
}

static void testDeleteFreesOnce(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *e = addWidget(&ks.dbs[0], "w", "abc", ENTRY_NO_EXPIRE);
    const widget *w = widgetOf(e);
    CHECK_INT(dbDelete(&ks.dbs[0], sl("w")), 1);
    CHECK_INT(calls.frees, 1);
    CHECK(calls.lastFreed == w);
    CHECK_INT(dbDelete(&ks.dbs[0], sl("w")), 0);
    keyspaceFree(&ks);
    CHECK_INT(calls.frees, 1);
}

static void testOverwriteByStringFreesOnce(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *e = addWidget(&ks.dbs[0], "w", "abc", ks.nowMs + 10000);
    const widget *w = widgetOf(e);
    e = dbOverwriteString(&ks.dbs[0], e, sl("now a string"), 1, ENTRY_NO_EXPIRE);
    CHECK_INT(calls.frees, 1);
    CHECK(calls.lastFreed == w);
    CHECK_INT(entryType(e), ENTRY_TYPE_STRING);
    size_t len;
    const char *v = entryValue(e, &len);
    CHECK_MEM(v, len, "now a string", 12);
    CHECK_STR(typeOf(e)->name, "string");
    CHECK_INT(entryHasExpire(e), 1); /* KEEPTTL */
    /* A string overwriting a string frees nothing of a type. */
    e = dbOverwriteString(&ks.dbs[0], e, sl("x"), 0, ENTRY_NO_EXPIRE);
    dbDelete(&ks.dbs[0], sl("w"));
    CHECK_INT(calls.frees, 1);
    keyspaceFree(&ks);
}

static void testOverwriteByAnotherValueFreesTheOld(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *e = addWidget(&ks.dbs[0], "w", "old", ENTRY_NO_EXPIRE);
    const widget *old = widgetOf(e);
    widget *fresh = widgetNew("new", 3);
    e = dbOverwrite(&ks.dbs[0], e, WIDGET_TYPE, fresh, 0, ks.nowMs + 5000);
    CHECK_INT(calls.frees, 1);
    CHECK(calls.lastFreed == old);
    CHECK(entryValuePointer(e) == fresh);
    CHECK_INT(entryExpire(e), ks.nowMs + 5000);
    CHECK(dbFind(&ks.dbs[0], sl("w")) == e);
    /* A string replaced by a widget: nothing to free, the type changes. */
    entry *s = dbAddString(&ks.dbs[0], sl("s"), sl("a string value of some length"),
                           ENTRY_NO_EXPIRE);
    widget *third = widgetNew("third", 5);
    s = dbOverwrite(&ks.dbs[0], s, WIDGET_TYPE, third, 0, ENTRY_NO_EXPIRE);
    CHECK_INT(calls.frees, 1);
    CHECK_INT(entryType(s), WIDGET_TYPE);
    CHECK(entryValuePointer(s) == third);
    CHECK(dbFind(&ks.dbs[0], sl("s")) == s);
    keyspaceFree(&ks);
    CHECK_INT(calls.frees, 3);
}

static void testEmptyAndKeyspaceFreeFreeEachOnce(void) {
    keyspace ks;
    setup(&ks, 2);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof(key), "w:%d", i);
        addWidget(&ks.dbs[0], key, key, i % 3 ? ENTRY_NO_EXPIRE : ks.nowMs + 100000);
        dbAddString(&ks.dbs[0], sl(key + 1), sl(key), ENTRY_NO_EXPIRE);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof(key), "w:%d", i);
        addWidget(&ks.dbs[1], key, key, ENTRY_NO_EXPIRE);
    }
    dbEmpty(&ks.dbs[0]);
    CHECK_INT(calls.frees, 1000);
    CHECK_UINT(dbSize(&ks.dbs[0]), 0);
    keyspaceFree(&ks);
    CHECK_INT(calls.frees, 1010);
}

static void testExpiryFreesOnce(void) {
    keyspace ks;
    setup(&ks, 1);
    addWidget(&ks.dbs[0], "lazy", "abc", ks.nowMs + 1000);
    addWidget(&ks.dbs[0], "active", "def", ks.nowMs + 1000);
    addWidget(&ks.dbs[0], "stays", "ghi", ks.nowMs + 100000);
    keyspaceSetTime(&ks, ks.nowMs + 2000);
    CHECK_NULL(dbLookup(&ks, &ks.dbs[0], sl("lazy")));
    CHECK_INT(calls.frees, 1);
    CHECK_INT(activeExpireCycle(&ks, 10 * 1000 * 1000), 1);
    CHECK_INT(calls.frees, 2);
    CHECK_UINT(dbSize(&ks.dbs[0]), 1);
    checkWidget(&ks.dbs[0], "stays", "ghi");
    keyspaceFree(&ks);
    CHECK_INT(calls.frees, 3);
}

static void testCopyUsesDup(void) {
    keyspace ks;
    setup(&ks, 2);
    entry *src = addWidget(&ks.dbs[0], "w", "abcdefghijkl", ks.nowMs + 7000);
    entry *copy = dbAddCopy(&ks.dbs[1], sl("c"), src);
    CHECK_INT(calls.dups, 1);
    CHECK_INT(entryType(copy), WIDGET_TYPE);
    CHECK(entryValuePointer(copy) != entryValuePointer(src));
    CHECK_INT(entryExpire(copy), ks.nowMs + 7000);
    CHECK_UINT(ks.dbs[1].expires, 1);
    checkWidget(&ks.dbs[1], "c", "abcdefghijkl");
    /* Deleting the copy frees the copy's widget, not the source's. */
    const widget *copied = widgetOf(copy);
    dbDelete(&ks.dbs[1], sl("c"));
    CHECK_INT(calls.frees, 1);
    CHECK(calls.lastFreed == copied);
    checkWidget(&ks.dbs[0], "w", "abcdefghijkl");
    keyspaceFree(&ks);
    CHECK_INT(calls.frees, 2);
}

static void testMoveNeitherCopiesNorFrees(void) {
    keyspace ks;
    setup(&ks, 2);
    entry *e = addWidget(&ks.dbs[0], "w", "abc", ks.nowMs + 7000);
    const widget *w = widgetOf(e);
    entry *renamed = dbMoveEntry(&ks.dbs[0], sl("w"), &ks.dbs[0], sl("renamed"));
    CHECK(entryValuePointer(renamed) == w);
    entry *moved = dbMoveEntry(&ks.dbs[0], sl("renamed"), &ks.dbs[1], sl("renamed"));
    CHECK(entryValuePointer(moved) == w);
    CHECK_INT(entryExpire(moved), ks.nowMs + 7000);
    CHECK_INT(calls.dups, 0);
    CHECK_INT(calls.frees, 0);
    CHECK_UINT(dbSize(&ks.dbs[0]), 0);
    CHECK_UINT(ks.dbs[0].expires, 0);
    CHECK_UINT(ks.dbs[1].expires, 1);
    dbDelete(&ks.dbs[1], sl("renamed"));
    CHECK_INT(calls.frees, 1);
    CHECK(calls.lastFreed == w);
    keyspaceFree(&ks);
}

static int watchCalls;
static void countKeyChanged(redisDb *db, const char *key, size_t len) {
    (void)db;
    (void)key;
    (void)len;
    watchCalls++;
}
static void ignoreEmptying(redisDb *db) { (void)db; }

static void testValueChangedIsReported(void) {
    keyspace ks;
    setup(&ks, 1);
    dbWatchHooks hooks = {countKeyChanged, ignoreEmptying};
    dbSetWatchHooks(&hooks);
    int someIndex;
    ks.dbs[0].watched = (struct subIndex *)&someIndex; /* only tested for NULL */
    entry *e = addWidget(&ks.dbs[0], "w", "abc", ENTRY_NO_EXPIRE);
    long long dirty = ks.dirty;
    watchCalls = 0;
    dbValueChanged(&ks.dbs[0], e);
    CHECK_INT(watchCalls, 1);
    CHECK_INT(ks.dirty, dirty + 1);
    ks.dbs[0].watched = NULL;
    keyspaceFree(&ks);
}

/* --- what the type's table answers ---------------------------------------------- */

static void testNamesComeFromTheTable(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *small = addWidget(&ks.dbs[0], "small", "abc", ENTRY_NO_EXPIRE);
    entry *big = addWidget(&ks.dbs[0], "big", "abcdefghijkl", ENTRY_NO_EXPIRE);
    entry *str = dbAddString(&ks.dbs[0], sl("str"), sl("12345"), ENTRY_NO_EXPIRE);
    CHECK_STR(typeOf(small)->name, "widget");
    CHECK_STR(typeOf(small)->encoding(small), "smallwidget");
    CHECK_STR(typeOf(big)->encoding(big), "bigwidget");
    CHECK_INT(typeRefcount(small), 42);
    CHECK_UINT(typeOf(big)->memoryUsage(big, 5), sizeof(widget) + 12);
    CHECK_STR(typeOf(str)->name, "string");
    CHECK_STR(typeOf(str)->encoding(str), "int");
    CHECK_NULL(typeOf(str)->memoryUsage);
    keyspaceFree(&ks);
}

static void mixNumber(unsigned char d[SHA1_DIGEST_LEN], uint32_t v) {
    unsigned char be[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v};
    digestMix(d, be, sizeof(be));
}

static void testDigestComesFromTheTable(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *e = addWidget(&ks.dbs[0], "w", "abc", ENTRY_NO_EXPIRE);
    unsigned char got[SHA1_DIGEST_LEN], want[SHA1_DIGEST_LEN] = {0};
    digestEntryValue(e, got);
    mixNumber(want, WIDGET_TYPE);
    digestAdd(want, "abc", 3);
    CHECK_MEM(got, sizeof(got), want, sizeof(want));
    /* With an expiry, the mark digest.c adds on top. */
    e = dbSetExpire(&ks.dbs[0], e, ks.nowMs + 1000);
    digestEntryValue(e, got);
    digestAdd(want, "!!expire!!", 10);
    CHECK_MEM(got, sizeof(got), want, sizeof(want));
    /* And the dataset's: db 0, then the key's own digest added. */
    unsigned char key[SHA1_DIGEST_LEN] = {0}, all[SHA1_DIGEST_LEN] = {0};
    digestMix(key, "w", 1);
    mixNumber(key, WIDGET_TYPE);
    digestAdd(key, "abc", 3);
    digestAdd(key, "!!expire!!", 10);
    mixNumber(all, 0);
    digestAdd(all, key, sizeof(key));
    digestKeyspace(&ks, got);
    CHECK_MEM(got, sizeof(got), all, sizeof(all));
    keyspaceFree(&ks);
}

/* --- RDB ---------------------------------------------------------------------- */

static const rdbSaveInfo saveInfo = {.redisVer = "7.0.0", .ctime = 1700000000, .usedMem = 1};

static void testRdbRoundTripThroughTheTable(void) {
    keyspace a, b;
    setup(&a, 2);
    keyspaceInit(&b, 2);
    addWidget(&a.dbs[0], "w1", "first", ENTRY_NO_EXPIRE);
    addWidget(&a.dbs[1], "w2", "a second, longer widget text", a.nowMs + 60000);
    dbAddString(&a.dbs[0], sl("s"), sl("string"), ENTRY_NO_EXPIRE);
    entry *w1 = dbFind(&a.dbs[0], sl("w1"));
    /* DEBUG OBJECT's serializedlength: the value as the type saves it. */
    CHECK_UINT(rdbSavedValueLength(w1, 0), 1 + 1 + 5);
    unsigned char *buf;
    size_t len;
    CHECK_INT(rdbSaveToBuffer(&a, &saveInfo, &buf, &len), RDB_OK);
    const unsigned char framed[] = {WIDGET_RDB_TYPE, 2, 'w', '1', 5, 5, 'f', 'i', 'r', 's', 't'};
    CHECK_MSG(memmem(buf, len, framed, sizeof(framed)) != NULL,
              "no type byte, key and payload of w1 in the dump");
    char err[256] = "";
    rdbLoadStats st;
    int rc = rdbLoadBuffer(&b, buf, len, &st, err, sizeof(err));
    zfree(buf);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_INT(calls.loads, 2);
    CHECK_INT(st.keysLoaded, 3);
    CHECK_OK(checkWidget(&b.dbs[0], "w1", "first"));
    CHECK_OK(checkWidget(&b.dbs[1], "w2", "a second, longer widget text"));
    CHECK_INT(entryExpire(dbFind(&b.dbs[1], sl("w2"))), a.nowMs + 60000);
    CHECK_UINT(b.dbs[1].expires, 1);
    CHECK_INT(entryType(dbFind(&b.dbs[0], sl("s"))), ENTRY_TYPE_STRING);
    keyspaceFree(&a);
    keyspaceFree(&b);
    CHECK_INT(calls.frees, 4);
}

/* Saves one widget key and returns the dump. */
static unsigned char *saveOneWidget(const char *key, const char *text, long long expireMs,
                                    long long nowMs, size_t *len) {
    keyspace a = {0};
    keyspaceInit(&a, 1);
    keyspaceSetTime(&a, nowMs);
    addWidget(&a.dbs[0], key, text, expireMs);
    unsigned char *buf;
    rdbSaveToBuffer(&a, &saveInfo, &buf, len);
    keyspaceFree(&a);
    return buf;
}

/* A widget the load leaves out (expired, or a duplicate) is freed. */
static void testRdbLoadFreesWhatItLeavesOut(void) {
    keyspace b;
    setup(&b, 1);
    size_t len;
    unsigned char *expired = saveOneWidget("old", "gone", b.nowMs + 1000, b.nowMs, &len);
    keyspaceSetTime(&b, b.nowMs + 5000);
    resetCalls();
    char err[256] = "";
    rdbLoadStats st;
    int rc = rdbLoadBuffer(&b, expired, len, &st, err, sizeof(err));
    zfree(expired);
    CHECK_MSG(rc == RDB_OK, "load failed: %s", err);
    CHECK_INT(st.keysExpired, 1);
    CHECK_INT(calls.loads, 1);
    CHECK_INT(calls.frees, 1);
    CHECK_UINT(dbSize(&b.dbs[0]), 0);

    unsigned char *dup = saveOneWidget("dup", "twice", ENTRY_NO_EXPIRE, b.nowMs, &len);
    addWidget(&b.dbs[0], "dup", "already here", ENTRY_NO_EXPIRE);
    resetCalls();
    rc = rdbLoadBuffer(&b, dup, len, &st, err, sizeof(err));
    zfree(dup);
    CHECK_INT(rc, RDB_ERR);
    CHECK_MSG(strstr(err, "Duplicate key 'dup'") != NULL, "error was: %s", err);
    CHECK_INT(calls.loads, 1);
    CHECK_INT(calls.frees, 1);
    CHECK_OK(checkWidget(&b.dbs[0], "dup", "already here"));
    keyspaceFree(&b);
    CHECK_INT(calls.frees, 2);
}

/* A damaged payload fails with the type's error; a type byte nobody
 * registered is refused, named as Redis names it where it is Redis's. */
static void testRdbLoadErrors(void) {
    keyspace ks;
    setup(&ks, 1);
    const unsigned char damaged[] = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0',
                                     WIDGET_RDB_TYPE, 1, 'k', 9, 3, 'a', 'b', 'c', 0xff,
                                     0, 0, 0, 0, 0, 0, 0, 0};
    char err[256] = "";
    rdbLoadStats st;
    CHECK_INT(rdbLoadBuffer(&ks, damaged, sizeof(damaged), &st, err, sizeof(err)), RDB_ERR);
    CHECK_MSG(strstr(err, "widget of 9 bytes holds 3") != NULL, "error was: %s", err);
    CHECK_UINT(dbSize(&ks.dbs[0]), 0);
    unsigned char unknown[sizeof(damaged)];
    memcpy(unknown, damaged, sizeof(damaged));
    unknown[9] = UNKNOWN_RDB_TYPE;
    CHECK_INT(rdbLoadBuffer(&ks, unknown, sizeof(unknown), &st, err, sizeof(err)), RDB_ERR);
    CHECK_MSG(strstr(err, "Unsupported RDB value type 78 (unknown)") != NULL, "error was: %s",
              err);
    unknown[9] = 4;
    CHECK_INT(rdbLoadBuffer(&ks, unknown, sizeof(unknown), &st, err, sizeof(err)), RDB_ERR);
    CHECK_MSG(strstr(err, "Unsupported RDB value type 4 (hash)") != NULL, "error was: %s", err);
    keyspaceFree(&ks);
}

/* --- AOF rewrite ---------------------------------------------------------------- */

/* What a rewrite op emitted, as "ARG ARG ...;" per command. */
static void collectCommand(void *ctx, int argc, const slice *argv) {
    char *out = ctx;
    for (int i = 0; i < argc; i++) {
        strncat(out, argv[i].ptr, argv[i].len);
        strcat(out, i + 1 < argc ? " " : ";");
    }
}

/* persist/aof/aof_rewrite.c calls these (and adds PEXPIREAT); it needs the
 * whole server to link, so the integration tests check its files. */
static void testRewriteEmitsTheTypesCommands(void) {
    keyspace ks;
    setup(&ks, 1);
    entry *w = addWidget(&ks.dbs[0], "w", "abc", ks.nowMs + 1000);
    entry *s = dbAddString(&ks.dbs[0], sl("s"), sl("hello"), ks.nowMs + 1000);
    char out[256] = "";
    typeOf(w)->rewrite(w, sl("w"), collectCommand, out);
    typeOf(s)->rewrite(s, sl("s"), collectCommand, out);
    CHECK_STR(out, "WSET w abc;SET s hello;");
    keyspaceFree(&ks);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    typesRegister();
    typeRegister(WIDGET_TYPE, &widgetType);
    UNIT_RUN("type: the registry finds types by id and RDB type byte; registering again is "
             "harmless", testRegistryFindsTypes);
    UNIT_RUN("type: a taken type id or RDB type byte aborts the registration",
             testConflictsAbort);
    UNIT_RUN("type: dbAdd stores the pointer, lookups return it, expiry changes keep it",
             testAddStoresPointerAndLookupsReturnIt);
    UNIT_RUN("type: dbDelete frees a pointer value once", testDeleteFreesOnce);
    UNIT_RUN("type: a string overwriting a pointer value frees it once and becomes a string",
             testOverwriteByStringFreesOnce);
    UNIT_RUN("type: dbOverwrite frees the old value once, over a pointer value or a string",
             testOverwriteByAnotherValueFreesTheOld);
    UNIT_RUN("type: dbEmpty and keyspaceFree free every pointer value once",
             testEmptyAndKeyspaceFreeFreeEachOnce);
    UNIT_RUN("type: lazy and active expiry free a pointer value once", testExpiryFreesOnce);
    UNIT_RUN("type: dbAddCopy copies a pointer value with dup, each copy freed on its own",
             testCopyUsesDup);
    UNIT_RUN("type: dbMoveEntry moves a pointer value without dup or free",
             testMoveNeitherCopiesNorFrees);
    UNIT_RUN("type: dbValueChanged counts a change and tells watchers",
             testValueChangedIsReported);
    UNIT_RUN("type: name, encoding, refcount and memory usage come from the type's table",
             testNamesComeFromTheTable);
    UNIT_RUN("type: DIGEST-VALUE and DIGEST mix the type id and the type's digest",
             testDigestComesFromTheTable);
    UNIT_RUN("type: RDB save and load go through the type's table, type byte and payload",
             testRdbRoundTripThroughTheTable);
    UNIT_RUN("type: an RDB load frees the values of expired and duplicate keys",
             testRdbLoadFreesWhatItLeavesOut);
    UNIT_RUN("type: a damaged payload and an unregistered RDB type byte are refused",
             testRdbLoadErrors);
    UNIT_RUN("type: the rewrite op emits the type's commands: SET for a string",
             testRewriteEmitsTheTypesCommands);
    return unitReport();
}
