/* persist/aof/aof_load.c -- loading the append-only file at start-up: the manifest,
 * then the base (an RDB, or commands) and the incr files in manifest order.
 *
 * Commands are run through the command table by a client with no
 * connection (its replies are dropped), one after another as they are
 * read; those between MULTI and EXEC are held until EXEC, so a transaction
 * cut off by a crash is not half applied. While loading, keys never expire
 * (keyspaceSetLoading): the file is a history, and a key whose expiry has
 * passed by now may have been given a later one further on.
 *
 * What can be wrong with a file, and what happens:
 *   - the last file ends in the middle of a command (a crash while
 *     writing it): with aof-load-truncated yes it is cut back to the last
 *     whole command (or to before an unfinished MULTI) and loading goes
 *     on; with no, start-up stops;
 *   - anything else (a byte that cannot start or continue a command, an
 *     unknown command, a cut-off file that is not the last): start-up
 *     stops with exit status 1, the file and the offset in the log, and a
 *     pointer to redis-check-aof --fix.
 * Lengths read from the file are checked against what is left of it
 * before anything is allocated, so a damaged file cannot ask for more
 * memory than its own size. */
#include "persist/aof/aof_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/net.h"
#include "persist/aof/aof.h"
#include "persist/aof/aof_manifest.h"
#include "dispatch/commands.h"
#include "observe/errorstats.h"
#include "lib/log.h"
#include "dispatch/multi.h"
#include "persist/persistence.h"
#include "persist/rdb.h"
#include "lib/zmalloc.h"

/* A "*<count>" or "$<length>" line is never longer than this. */
#define AOF_LINE_MAX 128
/* The manifest is a few lines; anything bigger is not one. */
#define MANIFEST_MAX_BYTES (1024 * 1024)
/* stdio buffer for reading a file of commands. */
#define LOAD_READ_BUF_BYTES (1024 * 1024)

typedef enum { LOAD_OK, LOAD_TRUNCATED, LOAD_BAD_FORMAT, LOAD_READ_ERROR } loadResult;

/* --- the manifest ----------------------------------------------------------- */

/* Files a previous run left half written: a rewrite child's temporary base
 * (the server died, or the child was orphaned) and the temporary incr file
 * of AOF_WAIT_REWRITE. No manifest lists them; nothing reads them again. */
static void removeLeftovers(void) {
    DIR *dir = opendir(aofConfig.appenddirname);
    if (!dir) return;
    sds tempIncr = aofTempIncrName();
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        int tempBase = strncmp(de->d_name, "temp-rewriteaof-bg-", 19) == 0 && len > 4 &&
                       strcmp(de->d_name + len - 4, ".aof") == 0;
        if (!tempBase && strcmp(de->d_name, tempIncr) != 0) continue;
        sds path = aofPath(de->d_name);
        if (unlink(path) == 0) serverLog(LL_NOTICE, "Removed the leftover file %s", de->d_name);
        sdsfree(path);
    }
    sdsfree(tempIncr);
    closedir(dir);
}

void aofLoadManifest(void) {
    removeLeftovers();
    sds name = aofManifestFileName(aofConfig.appendfilename);
    sds path = aofPath(name);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        if (errno != ENOENT) {
            serverLog(LL_WARNING, "Fatal error: can't open the AOF manifest %s for reading: %s",
                      name, strerror(errno));
            exit(1);
        }
        sdsfree(path);
        sdsfree(name);
        return;
    }
    char *text = zmalloc(MANIFEST_MAX_BYTES);
    size_t len = fread(text, 1, MANIFEST_MAX_BYTES, fp);
    int readFailed = ferror(fp), tooBig = !feof(fp);
    fclose(fp);
    const char *err = NULL;
    aofManifest *am = NULL;
    if (readFailed) err = strerror(errno);
    else if (tooBig) err = "The AOF manifest file is too large";
    else am = aofManifestParse(text, len, &err);
    zfree(text);
    if (!am) {
        serverLog(LL_WARNING, "*** FATAL AOF MANIFEST FILE ERROR *** reading %s: %s", name, err);
        exit(1);
    }
    aofManifestFree(aof.manifest);
    aof.manifest = am;
    sdsfree(path);
    sdsfree(name);
}

/* --- a client for replaying ------------------------------------------------------ */

static client *createLoadingClient(void) {
    client *c = createDetachedClient();
    /* Replies are dropped: nobody reads them. */
    c->flags |= CLIENT_REPLY_OFF;
    c->authenticated = 1;
    return c;
}

/* --- reading commands ---------------------------------------------------------- */

typedef struct loadCmd {
    int argc;
    sds *argv;
} loadCmd;

typedef struct loader {
    FILE *fp;
    const char *name;
    long long size;      /* of the file */
    long long offset;    /* bytes consumed */
    long long cmdStart;  /* where the command being read began */
    client *c;
    /* MULTI seen, EXEC not yet: the commands wait here. */
    int inMulti;
    long long multiStart;
    loadCmd *queued;
    int queuedCount, queuedCap;
    long long commands;
} loader;

static void freeCmd(loadCmd *cmd) {
    for (int j = 0; j < cmd->argc; j++) sdsfree(cmd->argv[j]);
    zfree(cmd->argv);
    cmd->argv = NULL;
    cmd->argc = 0;
}

/* Reads a "<prefix><number>\r\n" line. */
static loadResult readNumberLine(loader *l, char prefix, long long *value) {
    char line[AOF_LINE_MAX];
    if (!fgets(line, sizeof(line), l->fp)) return ferror(l->fp) ? LOAD_READ_ERROR : LOAD_TRUNCATED;
    size_t n = strlen(line);
    l->offset += (long long)n;
    if (line[0] != prefix) return LOAD_BAD_FORMAT;
    if (line[n - 1] != '\n') return feof(l->fp) ? LOAD_TRUNCATED : LOAD_BAD_FORMAT;
    if (n < 3 || line[n - 2] != '\r') return LOAD_BAD_FORMAT;
    if (!string2ll(line + 1, n - 3, value)) return LOAD_BAD_FORMAT;
    return LOAD_OK;
}

static loadResult readBulk(loader *l, sds *out) {
    long long len;
    loadResult r = readNumberLine(l, '$', &len);
    if (r != LOAD_OK) return r;
    if (len < 0) return LOAD_BAD_FORMAT;
    /* More than the file holds can only be a command cut off. */
    if (len > l->size - l->offset - 2) return LOAD_TRUNCATED;
    sds arg = sdsnewlen(NULL, (size_t)len);
    size_t got = len ? fread(arg, 1, (size_t)len, l->fp) : 0;
    char crlf[2];
    size_t tail = got == (size_t)len ? fread(crlf, 1, 2, l->fp) : 0;
    l->offset += (long long)(got + tail);
    if (got != (size_t)len || tail != 2) {
        sdsfree(arg);
        return ferror(l->fp) ? LOAD_READ_ERROR : LOAD_TRUNCATED;
    }
    if (crlf[0] != '\r' || crlf[1] != '\n') {
        sdsfree(arg);
        return LOAD_BAD_FORMAT;
    }
    *out = arg;
    return LOAD_OK;
}

/* Reads one command. LOAD_OK with argc 0 at a clean end of file. */
static loadResult readCommand(loader *l, loadCmd *cmd) {
    cmd->argc = 0;
    cmd->argv = NULL;
    l->cmdStart = l->offset;
    int ch = fgetc(l->fp);
    if (ch == EOF) return ferror(l->fp) ? LOAD_READ_ERROR : LOAD_OK;
    ungetc(ch, l->fp);
    long long argc;
    loadResult r = readNumberLine(l, '*', &argc);
    if (r != LOAD_OK) return r;
    if (argc < 1) return LOAD_BAD_FORMAT;
    /* Each argument takes at least "$0\r\n\r\n". */
    if (argc > (l->size - l->offset) / 6 + 1) return LOAD_TRUNCATED;
    cmd->argv = zmalloc(sizeof(sds) * (size_t)argc);
    for (long long j = 0; j < argc; j++) {
        r = readBulk(l, &cmd->argv[j]);
        if (r != LOAD_OK) {
            freeCmd(cmd);
            return r;
        }
        cmd->argc++;
    }
    return LOAD_OK;
}

/* --- running commands ---------------------------------------------------------- */

static void badFormat(const loader *l, long long offset) {
    serverLog(LL_WARNING, "Bad file format reading the append only file %s at offset %lld: "
                          "make a backup of your AOF file, then use ./redis-check-aof --fix "
                          "<filename.manifest>", l->name, offset);
    exit(1);
}

/* Runs one command; returns C_ERR when its name or arity is wrong. */
static int runCommand(loader *l, loadCmd *cmd) {
    slice name = {cmd->argv[0], sdslen(cmd->argv[0])};
    redisCommand *rc = lookupCommand(name);
    /* Only what changes data (and SELECT) means anything here; a read
     * would only be answered to nobody. */
    if (!(rc->flags & (CMD_WRITE | CMD_SELECTS_DB))) return C_OK;
    if (!rc->proc || (rc->arity > 0 ? cmd->argc != rc->arity : cmd->argc < -rc->arity))
        return C_ERR;
    client *c = l->c;
    if (cmd->argc > c->argvCap) {
        c->argvCap = cmd->argc;
        c->argv = zrealloc(c->argv, sizeof(slice) * (size_t)c->argvCap);
    }
    for (int j = 0; j < cmd->argc; j++) c->argv[j] = (slice){cmd->argv[j], sdslen(cmd->argv[j])};
    c->argc = cmd->argc;
    c->cmd = rc;
    rc->proc(c);
    c->argc = 0;
    l->commands++;
    return C_OK;
}

static void queueCommand(loader *l, loadCmd *cmd) {
    if (l->queuedCount == l->queuedCap) {
        l->queuedCap = l->queuedCap ? l->queuedCap * 2 : 8;
        l->queued = zrealloc(l->queued, sizeof(loadCmd) * (size_t)l->queuedCap);
    }
    l->queued[l->queuedCount++] = *cmd;
    cmd->argv = NULL;
    cmd->argc = 0;
}

static void dropQueued(loader *l) {
    for (int i = 0; i < l->queuedCount; i++) freeCmd(&l->queued[i]);
    l->queuedCount = 0;
}

/* MULTI holds the commands, EXEC runs them; anything else runs now. */
static void handleCommand(loader *l, loadCmd *cmd) {
    slice name = {cmd->argv[0], sdslen(cmd->argv[0])};
    if (!lookupCommand(name)) {
        serverLog(LL_WARNING, "Unknown command '%.*s' reading the append only file %s",
                  (int)(name.len > 128 ? 128 : name.len), name.ptr, l->name);
        exit(1);
    }
    if (sliceEqualsNoCase(name, "multi") && cmd->argc == 1) {
        if (l->inMulti) badFormat(l, l->cmdStart);
        l->inMulti = 1;
        l->multiStart = l->cmdStart;
        return;
    }
    if (sliceEqualsNoCase(name, "exec") && cmd->argc == 1) {
        if (!l->inMulti) badFormat(l, l->cmdStart);
        for (int i = 0; i < l->queuedCount; i++)
            if (runCommand(l, &l->queued[i]) != C_OK) badFormat(l, l->multiStart);
        dropQueued(l);
        l->inMulti = 0;
        return;
    }
    if (l->inMulti) {
        queueCommand(l, cmd);
        return;
    }
    if (runCommand(l, cmd) != C_OK) badFormat(l, l->cmdStart);
}

/* --- one file ----------------------------------------------------------------- */

static void truncatedFile(loader *l, int isLast) {
    long long validUpTo = l->inMulti ? l->multiStart : l->cmdStart;
    if (!isLast) {
        serverLog(LL_WARNING, "Fatal error: the truncated file %s is not the last file (it ends "
                              "in the middle of a command at offset %lld)", l->name, validUpTo);
        exit(1);
    }
    if (!aofConfig.loadTruncated) {
        serverLog(LL_WARNING, "Unexpected end of file reading the append only file %s (the last "
                              "whole command ends at offset %lld). You can: 1) Make a backup of "
                              "your AOF file, then use ./redis-check-aof --fix "
                              "<filename.manifest>. 2) Alternatively you can set the "
                              "'aof-load-truncated' configuration option to yes and restart the "
                              "server.", l->name, validUpTo);
        exit(1);
    }
    if (l->inMulti)
        serverLog(LL_WARNING, "Revert incomplete MULTI/EXEC transaction in AOF file %s", l->name);
    serverLog(LL_WARNING, "!!! Warning: short read while loading the AOF file %s!!!", l->name);
    serverLog(LL_WARNING, "!!! Truncating the AOF %s at offset %lld !!!", l->name, validUpTo);
    sds path = aofPath(l->name);
    int failed = truncate(path, validUpTo) == -1;
    sdsfree(path);
    if (failed) {
        serverLog(LL_WARNING, "Error truncating the AOF file %s: %s", l->name, strerror(errno));
        exit(1);
    }
    serverLog(LL_WARNING, "AOF %s loaded anyway because aof-load-truncated is enabled", l->name);
    l->size = validUpTo;
}

/* Replays a file of commands; returns its size once loaded (after any
 * truncation). */
static long long loadCommands(FILE *fp, const char *name, long long size, int isLast) {
    loader l = {.fp = fp, .name = name, .size = size};
    l.c = createLoadingClient();
    char *buf = zmalloc(LOAD_READ_BUF_BYTES);
    setvbuf(fp, buf, _IOFBF, LOAD_READ_BUF_BYTES);
    loadCmd cmd;
    loadResult r;
    while ((r = readCommand(&l, &cmd)) == LOAD_OK && cmd.argc > 0) {
        handleCommand(&l, &cmd);
        freeCmd(&cmd);
    }
    if (r == LOAD_READ_ERROR) {
        serverLog(LL_WARNING, "Unrecoverable error reading the append only file %s: %s", name,
                  strerror(errno));
        exit(1);
    }
    if (r == LOAD_BAD_FORMAT) badFormat(&l, l.cmdStart);
    /* A clean end inside MULTI is a transaction cut off: truncated too. */
    if (r == LOAD_TRUNCATED || l.inMulti) truncatedFile(&l, isLast);
    dropQueued(&l);
    zfree(l.queued);
    freeDetachedClient(l.c);
    fclose(fp);
    zfree(buf);
    return l.size;
}

static long long loadRdbBase(const char *name) {
    sds path = aofPath(name);
    rdbLoadStats st;
    char err[512];
    serverLog(LL_NOTICE, "Reading RDB base file on AOF loading...");
    if (rdbLoadWithFlags(&dataset, path, rdbLoadFlagsFromConfig(), &st, err, sizeof(err)) !=
        RDB_OK) {
        serverLog(LL_WARNING, "Error reading the RDB base file %s, AOF loading aborted: %s", name,
                  err);
        exit(1);
    }
    serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld.",
              st.keysLoaded, st.keysExpired);
    struct stat sb;
    long long size = stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
    sdsfree(path);
    return size;
}

/* Loads one file of the manifest; returns its size. */
static long long loadFile(const aofInfo *ai, int isLast) {
    sds path = aofPath(ai->name);
    FILE *fp = fopen(path, "r");
    sdsfree(path);
    if (!fp) {
        serverLog(LL_WARNING, "Fatal error: can't open the append only file %s listed in the "
                              "manifest: %s", ai->name, strerror(errno));
        exit(1);
    }
    struct stat sb;
    long long size = fstat(fileno(fp), &sb) == 0 ? (long long)sb.st_size : 0;
    char magic[5];
    if (size >= 5 && fread(magic, 1, 5, fp) == 5 && memcmp(magic, "REDIS", 5) == 0) {
        fclose(fp);
        return loadRdbBase(ai->name);
    }
    rewind(fp);
    return loadCommands(fp, ai->name, size, isLast);
}

/* --- the whole AOF ----------------------------------------------------------------- */

int aofLoadFiles(void) {
    aofManifest *am = aof.manifest;
    if (!am || aofManifestIsEmpty(am)) return 0;
    uint64_t start = monotonicUs();
    keyspaceSetTime(&dataset, wallclockMs());
    keyspaceSetLoading(&dataset, 1);
    int total = (am->base ? 1 : 0) + am->incrCount;
    long long size = 0;
    if (am->base) {
        uint64_t t = monotonicUs();
        aof.baseSize = loadFile(am->base, total == 1);
        size += aof.baseSize;
        serverLog(LL_NOTICE, "DB loaded from base file %s: %.3f seconds", am->base->name,
                  (double)(monotonicUs() - t) / 1e6);
    }
    for (int i = 0; i < am->incrCount; i++) {
        uint64_t t = monotonicUs();
        long long n = loadFile(am->incr[i], i == am->incrCount - 1);
        size += n;
        aof.lastIncrSize = n;
        serverLog(LL_NOTICE, "DB loaded from incr file %s: %.3f seconds", am->incr[i]->name,
                  (double)(monotonicUs() - t) / 1e6);
    }
    keyspaceSetLoading(&dataset, 0);
    aof.currentSize = size;
    /* What was replayed is what is on disk; replies to nobody are no errors. */
    dataset.dirty = 0;
    net.stats.errorReplies = 0;
    errorStatsReset();
    serverLog(LL_NOTICE, "DB loaded from append only file: %.3f seconds",
              (double)(monotonicUs() - start) / 1e6);
    return 1;
}
