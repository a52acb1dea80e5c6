/* hitest.h -- the small shared part of the hiredis test programs: option
 * parsing, connecting, reporting, reply checks and byte generators.
 *
 * Every program is run as `prog --host H --port P` against a fresh server.
 * `--only PATTERN` (a glob: * ? [...], case-insensitive; may be given more
 * than once) runs only the tests whose name matches one; `--list` prints
 * the names of the tests that would run, one a line, and runs none (it
 * needs no server: tests/run.tcl uses it to start no server for a program
 * with no test selected). It prints one line per test case:
 *
 *     ok - <name>
 *     ok - <name> # SKIP <why>
 *     not ok - <name>: <reason, expected vs actual>
 *
 * and exits 0 iff nothing failed. Lines starting with '#' are comments.
 *
 * A test is a function `static int fn(void)` that returns HT_PASS, HT_FAIL
 * (after ht_fail() said why) or HT_SKIP (after ht_skip() said why). Each
 * program is one translation unit, so everything here is static. */
#ifndef HITEST_H
#define HITEST_H

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <hiredis/hiredis.h>

#define HT_UNUSED __attribute__((unused))
#define HT_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum { HT_PASS = 0, HT_FAIL = 1, HT_SKIP = 2 };

#define HT_MAX_PATTERNS 64

typedef struct {
    const char *host;
    int port;
    int timeout_sec; /* socket read/write timeout; a hung server fails a test */
    const char *only[HT_MAX_PATTERNS]; /* run only tests matching one of these */
    int only_count;
    int list; /* print the selected names, run nothing */
} htOptions;

static htOptions ht_opt = {"127.0.0.1", 6379, 120, {NULL}, 0, 0};
static int ht_passed, ht_failed, ht_skipped;
static char ht_reason[2048];
static int ht_reason_set;

/* --- reporting ------------------------------------------------------------ */

/* Records why the current test failed; the first reason wins. Always
 * returns HT_FAIL so a test can `return ht_fail(...)`. */
static HT_UNUSED HT_PRINTF(1, 2) int ht_fail(const char *fmt, ...) {
    if (!ht_reason_set) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ht_reason, sizeof(ht_reason), fmt, ap);
        va_end(ap);
        ht_reason_set = 1;
    }
    return HT_FAIL;
}

static HT_UNUSED HT_PRINTF(1, 2) int ht_skip(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ht_reason, sizeof(ht_reason), fmt, ap);
    va_end(ap);
    ht_reason_set = 1;
    return HT_SKIP;
}

/* A line of the report must stay one line. */
static void ht_flatten(char *s) {
    for (; *s; s++)
        if (*s == '\r' || *s == '\n') *s = ' ';
}

static double ht_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static HT_UNUSED HT_PRINTF(1, 2) void ht_note(const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    ht_flatten(line);
    printf("# %s\n", line);
    fflush(stdout);
}

/* 1 if the test of this name is selected: no --only, or one that matches. */
static HT_UNUSED int ht_selected(const char *name) {
    if (ht_opt.only_count == 0) return 1;
    for (int i = 0; i < ht_opt.only_count; i++)
        if (fnmatch(ht_opt.only[i], name, FNM_CASEFOLD) == 0) return 1;
    return 0;
}

static HT_UNUSED void ht_run(const char *name, int (*fn)(void)) {
    if (!ht_selected(name)) return;
    if (ht_opt.list) {
        printf("%s\n", name);
        fflush(stdout);
        return;
    }
    ht_reason[0] = '\0';
    ht_reason_set = 0;
    double start = ht_now();
    int rc = fn();
    double took = ht_now() - start;
    ht_flatten(ht_reason);
    if (rc == HT_PASS) {
        ht_passed++;
        printf("ok - %s\n", name);
    } else if (rc == HT_SKIP) {
        ht_skipped++;
        printf("ok - %s # SKIP %s\n", name, ht_reason);
    } else {
        ht_failed++;
        printf("not ok - %s: %s\n", name, ht_reason_set ? ht_reason : "failed (no reason given)");
    }
    printf("#   %.3f s\n", took);
    fflush(stdout);
}

static HT_UNUSED int ht_finish(void) {
    if (ht_opt.list) return 0;
    printf("# %d passed, %d failed, %d skipped\n", ht_passed, ht_failed, ht_skipped);
    fflush(stdout);
    return ht_failed ? 1 : 0;
}

/* --- options -------------------------------------------------------------- */

static void ht_usage(const char *prog) {
    fprintf(stderr,
            "usage: %s [--host HOST] [--port PORT] [--timeout SECONDS] [--only PATTERN]... "
            "[--list]\n",
            prog);
    exit(2);
}

static long ht_parse_long(const char *prog, const char *s, long min, long max) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) ht_usage(prog);
    return v;
}

static HT_UNUSED void ht_parse_options(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--list")) {
            ht_opt.list = 1;
            continue;
        }
        if (i + 1 >= argc) ht_usage(argv[0]);
        const char *v = argv[++i];
        if (!strcmp(a, "--host")) ht_opt.host = v;
        else if (!strcmp(a, "--port")) ht_opt.port = (int)ht_parse_long(argv[0], v, 1, 65535);
        else if (!strcmp(a, "--timeout")) ht_opt.timeout_sec = (int)ht_parse_long(argv[0], v, 1, 86400);
        else if (!strcmp(a, "--only") && ht_opt.only_count < HT_MAX_PATTERNS)
            ht_opt.only[ht_opt.only_count++] = v;
        else ht_usage(argv[0]);
    }
    /* Report lines and a crash's stderr should not interleave oddly. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A write to a connection the server closed fails the test that made
     * it instead of killing the program. */
    signal(SIGPIPE, SIG_IGN);
}

/* --- connecting ----------------------------------------------------------- */

/* A blocking context with read/write timeouts, or NULL after ht_fail(). */
static HT_UNUSED redisContext *ht_connect(void) {
    struct timeval tv = {ht_opt.timeout_sec, 0};
    redisContext *c = redisConnectWithTimeout(ht_opt.host, ht_opt.port, tv);
    if (!c) {
        ht_fail("connect to %s:%d: out of memory", ht_opt.host, ht_opt.port);
        return NULL;
    }
    if (c->err) {
        ht_fail("connect to %s:%d: %s", ht_opt.host, ht_opt.port, c->errstr);
        redisFree(c);
        return NULL;
    }
    if (redisSetTimeout(c, tv) != REDIS_OK) {
        ht_fail("setting socket timeouts: %s", c->errstr);
        redisFree(c);
        return NULL;
    }
    return c;
}

/* --- describing replies --------------------------------------------------- */

/* Appends p[0..len) to out (of size cap, at *pos) with non-printable bytes
 * escaped, cut short after `limit` source bytes. */
static void ht_escape_into(char *out, size_t cap, size_t *pos, const char *p, size_t len,
                           size_t limit) {
    size_t shown = len < limit ? len : limit;
    for (size_t i = 0; i < shown && *pos + 5 < cap; i++) {
        unsigned char ch = (unsigned char)p[i];
        int n;
        if (ch == '\\') n = snprintf(out + *pos, cap - *pos, "\\\\");
        else if (ch == '"') n = snprintf(out + *pos, cap - *pos, "\\\"");
        else if (ch == '\r') n = snprintf(out + *pos, cap - *pos, "\\r");
        else if (ch == '\n') n = snprintf(out + *pos, cap - *pos, "\\n");
        else if (ch < 32 || ch >= 127) n = snprintf(out + *pos, cap - *pos, "\\x%02x", ch);
        else n = snprintf(out + *pos, cap - *pos, "%c", ch);
        if (n > 0) *pos += (size_t)n;
    }
    if (shown < len && *pos + 4 < cap) *pos += (size_t)snprintf(out + *pos, cap - *pos, "...");
}

/* "string(5) \"hello\"" and the like; `buf` is returned. */
static HT_UNUSED const char *ht_quote(char *buf, size_t cap, const char *p, size_t len) {
    size_t pos = 0;
    buf[0] = '\0';
    pos += (size_t)snprintf(buf, cap, "\"");
    ht_escape_into(buf, cap, &pos, p, len, 120);
    if (pos + 2 < cap) {
        buf[pos++] = '"';
        buf[pos] = '\0';
    }
    return buf;
}

static void ht_describe_into(char *out, size_t cap, size_t *pos, const redisReply *r, int depth) {
    if (*pos + 40 >= cap) return;
    if (!r) {
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "no reply");
        return;
    }
    switch (r->type) {
    case REDIS_REPLY_STRING:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "bulk(%zu) \"", r->len);
        ht_escape_into(out, cap, pos, r->str, r->len, 80);
        break;
    case REDIS_REPLY_STATUS:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "status \"");
        ht_escape_into(out, cap, pos, r->str, r->len, 200);
        break;
    case REDIS_REPLY_ERROR:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "error \"");
        ht_escape_into(out, cap, pos, r->str, r->len, 300);
        break;
    case REDIS_REPLY_INTEGER:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "integer %lld", r->integer);
        return;
    case REDIS_REPLY_NIL:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "nil");
        return;
    case REDIS_REPLY_ARRAY:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "array(%zu)", r->elements);
        if (depth < 1 && r->elements) {
            *pos += (size_t)snprintf(out + *pos, cap - *pos, " [");
            for (size_t i = 0; i < r->elements && i < 6 && *pos + 40 < cap; i++) {
                if (i) *pos += (size_t)snprintf(out + *pos, cap - *pos, ", ");
                ht_describe_into(out, cap, pos, r->element[i], depth + 1);
            }
            if (r->elements > 6 && *pos + 8 < cap) *pos += (size_t)snprintf(out + *pos, cap - *pos, ", ...");
            if (*pos + 2 < cap) *pos += (size_t)snprintf(out + *pos, cap - *pos, "]");
        }
        return;
    default:
        *pos += (size_t)snprintf(out + *pos, cap - *pos, "reply of type %d", r->type);
        return;
    }
    if (*pos + 2 < cap) *pos += (size_t)snprintf(out + *pos, cap - *pos, "\"");
}

/* A one-line description of a reply, for failure reasons. */
static HT_UNUSED const char *ht_describe(char *buf, size_t cap, const redisReply *r) {
    size_t pos = 0;
    buf[0] = '\0';
    ht_describe_into(buf, cap, &pos, r, 0);
    return buf;
}

/* "no reply (connection error: ...)" when r is NULL, else the reply. */
static HT_UNUSED const char *ht_actual(char *buf, size_t cap, const redisContext *c,
                                       const redisReply *r) {
    if (!r) {
        snprintf(buf, cap, "no reply (connection error %d: %s)", c ? c->err : 0,
                 c && c->err ? c->errstr : "none");
        return buf;
    }
    return ht_describe(buf, cap, r);
}

/* --- checking replies ----------------------------------------------------- */
/* Each check takes the reply it is given (and frees it), returns 1 if it is
 * exactly as expected, else calls ht_fail() with `what`, the expectation
 * and the actual reply and returns 0. */

static HT_UNUSED int ht_check_status(redisContext *c, redisReply *r, const char *expect,
                                     const char *what) {
    int ok = r && r->type == REDIS_REPLY_STATUS && r->len == strlen(expect) &&
             memcmp(r->str, expect, r->len) == 0;
    if (!ok) {
        char a[512];
        ht_fail("%s: expected status \"%s\", got %s", what, expect, ht_actual(a, sizeof(a), c, r));
    }
    if (r) freeReplyObject(r);
    return ok;
}

static HT_UNUSED int ht_check_error(redisContext *c, redisReply *r, const char *expect,
                                    const char *what) {
    int ok = r && r->type == REDIS_REPLY_ERROR && r->len == strlen(expect) &&
             memcmp(r->str, expect, r->len) == 0;
    if (!ok) {
        char a[800], e[800];
        ht_fail("%s: expected error %s, got %s", what, ht_quote(e, sizeof(e), expect, strlen(expect)),
                ht_actual(a, sizeof(a), c, r));
    }
    if (r) freeReplyObject(r);
    return ok;
}

static HT_UNUSED int ht_check_int(redisContext *c, redisReply *r, long long expect,
                                  const char *what) {
    int ok = r && r->type == REDIS_REPLY_INTEGER && r->integer == expect;
    if (!ok) {
        char a[512];
        ht_fail("%s: expected integer %lld, got %s", what, expect, ht_actual(a, sizeof(a), c, r));
    }
    if (r) freeReplyObject(r);
    return ok;
}

static HT_UNUSED int ht_check_nil(redisContext *c, redisReply *r, const char *what) {
    int ok = r && r->type == REDIS_REPLY_NIL;
    if (!ok) {
        char a[512];
        ht_fail("%s: expected nil, got %s", what, ht_actual(a, sizeof(a), c, r));
    }
    if (r) freeReplyObject(r);
    return ok;
}

/* Offset of the first differing byte of two equal-length buffers. */
static HT_UNUSED size_t ht_first_diff(const char *a, const char *b, size_t len) {
    size_t i = 0;
    /* memcmp first: it is fast, and most of the time all is equal. */
    if (memcmp(a, b, len) == 0) return len;
    while (i < len && a[i] == b[i]) i++;
    return i;
}

/* Whether an (unfreed) reply is the bulk string p[0..len). Sets the
 * failure reason if not. */
static HT_UNUSED int ht_match_bulk(const redisContext *c, const redisReply *r, const char *p,
                                   size_t len, const char *what) {
    if (r && r->type == REDIS_REPLY_STRING && r->len == len && memcmp(r->str, p, len) == 0)
        return 1;
    char a[512], e[512];
    if (r && r->type == REDIS_REPLY_STRING && r->len == len && len > 64) {
        size_t at = ht_first_diff(r->str, p, len);
        ht_fail("%s: bulk(%zu) differs at byte %zu: expected 0x%02x, got 0x%02x", what, len, at,
                (unsigned char)p[at], (unsigned char)r->str[at]);
    } else {
        ht_fail("%s: expected bulk(%zu) %s, got %s", what, len, ht_quote(e, sizeof(e), p, len),
                ht_actual(a, sizeof(a), c, r));
    }
    return 0;
}

static HT_UNUSED int ht_check_bulk(redisContext *c, redisReply *r, const char *p, size_t len,
                                   const char *what) {
    int ok = ht_match_bulk(c, r, p, len, what);
    if (r) freeReplyObject(r);
    return ok;
}

static HT_UNUSED int ht_check_bulk_str(redisContext *c, redisReply *r, const char *s,
                                       const char *what) {
    return ht_check_bulk(c, r, s, strlen(s), what);
}

/* --- commands ------------------------------------------------------------- */

/* Runs a command given as NUL-terminated words. */
static HT_UNUSED redisReply *ht_cmdv(redisContext *c, int argc, const char **argv) {
    size_t lens[64];
    if (argc > 64) return NULL;
    for (int i = 0; i < argc; i++) lens[i] = strlen(argv[i]);
    return redisCommandArgv(c, argc, argv, lens);
}

/* Reads the next reply of a pipeline, NULL on a connection error. */
static HT_UNUSED redisReply *ht_next(redisContext *c) {
    void *r = NULL;
    if (redisGetReply(c, &r) != REDIS_OK) return NULL;
    return r;
}

/* Before reading a reply of about `len` bytes: room for it in the reader's
 * buffer, which would otherwise grow a megabyte at a time (a copy of the
 * whole buffer each time under ASan, whose realloc never grows in place).
 * ht_release_reply() lets the reader drop the room again. */
static HT_UNUSED void ht_reserve_reply(redisContext *c, size_t len) {
    redisReader *r = c->reader;
    r->maxbuf = 0; /* 0: keep unused room even when the buffer is empty */
    sds b = sdsMakeRoomFor(r->buf, len + 256);
    if (b) r->buf = b;
}

static HT_UNUSED void ht_release_reply(redisContext *c) {
    c->reader->maxbuf = REDIS_READER_MAX_BUF;
}

/* FLUSHALL on c; 1 on "+OK". */
static HT_UNUSED int ht_flushall(redisContext *c) {
    return ht_check_status(c, redisCommand(c, "FLUSHALL"), "OK", "FLUSHALL");
}

/* The value of `field` in the INFO `section` reply, or -1 after ht_fail(). */
static HT_UNUSED long long ht_info_field(redisContext *c, const char *section, const char *field) {
    redisReply *r = redisCommand(c, "INFO %s", section);
    if (!r || r->type != REDIS_REPLY_STRING) {
        char a[512];
        ht_fail("INFO %s: expected a bulk string, got %s", section, ht_actual(a, sizeof(a), c, r));
        if (r) freeReplyObject(r);
        return -1;
    }
    size_t flen = strlen(field);
    long long v = -1;
    const char *p = r->str, *end = r->str + r->len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        if ((size_t)(eol - p) > flen && memcmp(p, field, flen) == 0 && p[flen] == ':') {
            v = strtoll(p + flen + 1, NULL, 10);
            break;
        }
        p = eol + 1;
    }
    if (v < 0) ht_fail("INFO %s has no field %s", section, field);
    freeReplyObject(r);
    return v;
}

/* --- deterministic bytes -------------------------------------------------- */

static HT_UNUSED uint64_t ht_splitmix(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Fills p[0..len) with bytes that depend on seed: every byte value occurs
 * in any 256-byte window of the first part, then pseudo-random bytes. */
static HT_UNUSED void ht_fill(char *p, size_t len, uint64_t seed) {
    size_t i = 0;
    unsigned rot = (unsigned)(seed & 0xff);
    for (; i < len && i < 256; i++) p[i] = (char)(unsigned char)((i + rot) & 0xff);
    uint64_t st = seed;
    while (i + 8 <= len) {
        uint64_t x = ht_splitmix(&st);
        memcpy(p + i, &x, 8);
        i += 8;
    }
    if (i < len) {
        uint64_t x = ht_splitmix(&st);
        memcpy(p + i, &x, len - i);
    }
}

#endif
