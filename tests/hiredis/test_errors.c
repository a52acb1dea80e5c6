/* test_errors.c -- error replies come back as REDIS_REPLY_ERROR with the
 * exact Redis 7.0 text, leave the connection usable and the data as it
 * was; protocol errors answer and close only the offending connection. */
#include "hitest.h"

#define MAXARGS 8
/* INFO polls before giving up on connected_clients reaching a value. */
#define POLL_TRIES_ERRORS 20000

typedef struct {
    int argc;
    const char *argv[MAXARGS];
    size_t lens[MAXARGS]; /* 0: strlen */
    const char *error;
} errCase;

/* Sends one command and wants exactly `error` back, then PONG to a PING on
 * the same connection. */
static int expect_error(redisContext *c, const errCase *e) {
    size_t lens[MAXARGS];
    const char *argv[MAXARGS];
    char what[256], q[120];
    size_t pos = 0;
    what[0] = '\0';
    for (int i = 0; i < e->argc; i++) {
        argv[i] = e->argv[i];
        lens[i] = e->lens[i] ? e->lens[i] : strlen(e->argv[i]);
        if (pos + 40 < sizeof(what))
            pos += (size_t)snprintf(what + pos, sizeof(what) - pos, "%s%s", i ? " " : "",
                                    ht_quote(q, sizeof(q), e->argv[i], lens[i]));
    }
    if (!ht_check_error(c, redisCommandArgv(c, e->argc, argv, lens), e->error, what)) return 0;
    snprintf(what + pos, sizeof(what) - pos, " (PING after it)");
    return ht_check_status(c, redisCommand(c, "PING"), "PONG", what);
}

static int run_cases(const errCase *cases, size_t n) {
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    for (size_t i = 0; i < n; i++)
        if (!expect_error(c, &cases[i])) goto done;
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), 0, "DBSIZE after only failing commands")) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

static int test_get_arity(void) {
    static const errCase cases[] = {
        {1, {"GET"}, {0}, "ERR wrong number of arguments for 'get' command"},
        {3, {"GET", "a", "b"}, {0}, "ERR wrong number of arguments for 'get' command"},
    };
    return run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static int test_unknown_command(void) {
    static const errCase cases[] = {
        {2, {"nosuch", "x"}, {0}, "ERR unknown command 'nosuch', with args beginning with: 'x' "},
        {1, {"nosuch"}, {0}, "ERR unknown command 'nosuch', with args beginning with: "},
        /* The name as it was typed. */
        {3, {"NoSuch", "a", "b c"}, {0},
         "ERR unknown command 'NoSuch', with args beginning with: 'a' 'b c' "},
        {2, {"", ""}, {0}, "ERR unknown command '', with args beginning with: '' "},
    };
    return run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* What goes into the text of an unknown-command error: CR and LF become
 * spaces, a NUL ends an argument, the name is cut at 128 bytes and the
 * arguments stop once 128 bytes of them are shown. */
static int test_unknown_command_text(void) {
    static char n200[201], y200[201], a100[101], b100[101], exp_long[600], exp_args[600];
    memset(n200, 'n', 200);
    memset(y200, 'y', 200);
    memset(a100, 'a', 100);
    memset(b100, 'b', 100);
    snprintf(exp_long, sizeof(exp_long),
             "ERR unknown command '%.128s', with args beginning with: '%.128s' ", n200, y200);
    /* 'a*100' (103 bytes with quotes and space) leaves 25 for the next. */
    snprintf(exp_args, sizeof(exp_args),
             "ERR unknown command 'nosuch', with args beginning with: '%s' '%.25s' ", a100, b100);
    const errCase cases[] = {
        {3, {"nosuch", "a\r\nb", "c\nd\re"}, {0},
         "ERR unknown command 'nosuch', with args beginning with: 'a  b' 'c d e' "},
        {2, {"no\r\nsuch", "x"}, {0}, "ERR unknown command 'no  such', with args beginning with: 'x' "},
        {2, {"nosuch", "a\0b"}, {0, 3}, "ERR unknown command 'nosuch', with args beginning with: 'a' "},
        {2, {n200, y200}, {0}, exp_long},
        {4, {"nosuch", a100, b100, "c"}, {0}, exp_args},
    };
    return run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static int test_arity_lower_case(void) {
    static const errCase cases[] = {
        {2, {"SET", "k"}, {0}, "ERR wrong number of arguments for 'set' command"},
        {2, {"sEt", "k"}, {0}, "ERR wrong number of arguments for 'set' command"},
        {2, {"MSET", "a"}, {0}, "ERR wrong number of arguments for 'mset' command"},
        {4, {"MSET", "a", "b", "c"}, {0}, "ERR wrong number of arguments for 'mset' command"},
        {1, {"MGET"}, {0}, "ERR wrong number of arguments for 'mget' command"},
        {1, {"DEL"}, {0}, "ERR wrong number of arguments for 'del' command"},
        {1, {"EXISTS"}, {0}, "ERR wrong number of arguments for 'exists' command"},
        {3, {"INCR", "a", "b"}, {0}, "ERR wrong number of arguments for 'incr' command"},
        {2, {"INCRBY", "a"}, {0}, "ERR wrong number of arguments for 'incrby' command"},
        {3, {"PING", "a", "b"}, {0}, "ERR wrong number of arguments for 'ping' command"},
        {1, {"ECHO"}, {0}, "ERR wrong number of arguments for 'echo' command"},
        {2, {"DBSIZE", "x"}, {0}, "ERR wrong number of arguments for 'dbsize' command"},
        {1, {"TTL"}, {0}, "ERR wrong number of arguments for 'ttl' command"},
        {2, {"EXPIRE", "k"}, {0}, "ERR wrong number of arguments for 'expire' command"},
        {1, {"SELECT"}, {0}, "ERR wrong number of arguments for 'select' command"},
        {2, {"CONFIG", "GET"}, {0}, "ERR wrong number of arguments for 'config|get' command"},
    };
    return run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static int test_argument_errors(void) {
    static const errCase cases[] = {
        {5, {"SET", "k", "v", "NX", "XX"}, {0}, "ERR syntax error"},
        {7, {"SET", "k", "v", "EX", "10", "PX", "100"}, {0}, "ERR syntax error"},
        {6, {"SET", "k", "v", "KEEPTTL", "EX", "10"}, {0}, "ERR syntax error"},
        {4, {"SET", "k", "v", "BOGUS"}, {0}, "ERR syntax error"},
        {4, {"SET", "k", "v", "EX"}, {0}, "ERR syntax error"},
        {5, {"SET", "k", "v", "EX", "0"}, {0}, "ERR invalid expire time in 'set' command"},
        {5, {"SET", "k", "v", "PX", "-5"}, {0}, "ERR invalid expire time in 'set' command"},
        {5, {"SET", "k", "v", "EXAT", "0"}, {0}, "ERR invalid expire time in 'set' command"},
        {5, {"SET", "k", "v", "EX", "9223372036854775807"}, {0},
         "ERR invalid expire time in 'set' command"},
        {5, {"SET", "k", "v", "EX", "abc"}, {0}, "ERR value is not an integer or out of range"},
        {3, {"INCRBY", "k", "x"}, {0}, "ERR value is not an integer or out of range"},
        {3, {"INCRBY", "k", "9223372036854775808"}, {0}, "ERR value is not an integer or out of range"},
        {3, {"INCRBY", "k", "1.5"}, {0}, "ERR value is not an integer or out of range"},
        {3, {"DECRBY", "k", "-9223372036854775808"}, {0}, "ERR decrement would overflow"},
        {2, {"SELECT", "99"}, {0}, "ERR DB index is out of range"},
        {2, {"SELECT", "-1"}, {0}, "ERR DB index is out of range"},
        {2, {"SELECT", "x"}, {0}, "ERR value is not an integer or out of range"},
        {3, {"EXPIRE", "k", "x"}, {0}, "ERR value is not an integer or out of range"},
        {4, {"EXPIRE", "k", "10", "BOGUS"}, {0}, "ERR Unsupported option BOGUS"},
        {3, {"EXPIRE", "k", "9223372036854775807"}, {0}, "ERR invalid expire time in 'expire' command"},
        {3, {"PEXPIRE", "k", "9223372036854775807"}, {0},
         "ERR invalid expire time in 'pexpire' command"},
        {4, {"CONFIG", "SET", "nosuch", "1"}, {0},
         "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"},
        {2, {"CONFIG", "BOGUS"}, {0}, "ERR unknown subcommand 'BOGUS'. Try CONFIG HELP."},
        {2, {"CLIENT", "BOGUS"}, {0}, "ERR unknown subcommand 'BOGUS'. Try CLIENT HELP."},
        {2, {"COMMAND", "BOGUS"}, {0}, "ERR unknown subcommand 'BOGUS'. Try COMMAND HELP."},
        {3, {"CLIENT", "SETNAME", "a b"}, {0},
         "ERR Client names cannot contain spaces, newlines or special characters."},
    };
    return run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Redis 7.0 takes a repeated expiry option of the same kind (EX 1 EX 2):
 * only different kinds conflict, and the last value is the one used (and
 * the only one checked). EXPIRE ... GT and EXISTS tell which one it was
 * without any timing. */
static int test_set_repeated_expiry(void) {
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v EX 100 EX 200"), "OK", "SET k v EX 100 EX 200"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "EXPIRE k 150 GT"), 0,
                      "EXPIRE k 150 GT after EX 100 EX 200 (the TTL is 200, so not greater)"))
        goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v px 100000 PX 200000"), "OK",
                         "SET k v px 100000 PX 200000"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "EXPIRE k 150 GT"), 0, "EXPIRE k 150 GT after PX 100000 PX 200000"))
        goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v EXAT 1 EXAT 4000000000"), "OK",
                         "SET k v EXAT 1 EXAT 4000000000"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "EXISTS k"), 1, "EXISTS k after EXAT 1 EXAT 4000000000")) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v EXAT 4000000000 EXAT 1"), "OK",
                         "SET k v EXAT 4000000000 EXAT 1"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "EXISTS k"), 0, "EXISTS k after EXAT 4000000000 EXAT 1")) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v PXAT 1 pxat 4000000000000"), "OK",
                         "SET k v PXAT 1 pxat 4000000000000"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "EXISTS k"), 1, "EXISTS k after PXAT 1 PXAT 4000000000000"))
        goto done;
    if (!ht_check_status(c, redisCommand(c, "SET k v EX abc EX 100"), "OK", "SET k v EX abc EX 100"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "SET k v EX 100 EX 0"), "ERR invalid expire time in 'set' command",
                        "SET k v EX 100 EX 0"))
        goto done;
    /* Different kinds still conflict. */
    if (!ht_check_error(c, redisCommand(c, "SET k v EX 100 PX 100"), "ERR syntax error", "SET k v EX 100 PX 100"))
        goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* A failing command leaves the key as it was. */
static int test_errors_change_nothing(void) {
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET s abc"), "OK", "SET s abc")) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET n 9223372036854775807"), "OK", "SET n max")) goto done;
    if (!ht_check_error(c, redisCommand(c, "INCR s"), "ERR value is not an integer or out of range",
                        "INCR s"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "INCR n"), "ERR increment or decrement would overflow",
                        "INCR n"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "DECRBY n -9223372036854775808"),
                        "ERR decrement would overflow", "DECRBY n LLONG_MIN"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "SET s xyz NX XX"), "ERR syntax error", "SET s xyz NX XX"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "SET s xyz EX 0"), "ERR invalid expire time in 'set' command",
                        "SET s xyz EX 0"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "SET s xyz PX abc"),
                        "ERR value is not an integer or out of range", "SET s xyz PX abc"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "EXPIRE s 10 BOGUS"), "ERR Unsupported option BOGUS",
                        "EXPIRE s 10 BOGUS"))
        goto done;
    if (!ht_check_error(c, redisCommand(c, "MSET s 1 n"), "ERR wrong number of arguments for 'mset' command",
                        "MSET s 1 n"))
        goto done;
    if (!ht_check_bulk_str(c, redisCommand(c, "GET s"), "abc", "GET s after the errors")) goto done;
    if (!ht_check_bulk_str(c, redisCommand(c, "GET n"), "9223372036854775807", "GET n after the errors"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "TTL s"), -1, "TTL s after the errors")) goto done;
    if (!ht_check_error(c, redisCommand(c, "SELECT 16"), "ERR DB index is out of range", "SELECT 16"))
        goto done;
    /* Still on db 0. */
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), 2, "DBSIZE after a failed SELECT")) goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* 1000 errors of every kind in one pipeline, each followed by a good
 * command: all in order, and the connection ends usable. */
static int test_many_errors_pipelined(void) {
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    if (!ht_check_status(c, redisCommand(c, "SET s abc"), "OK", "SET s abc")) goto done;
    static const char *bad[] = {"GET", "nosuch x", "INCR s", "SET k v NX XX", "SELECT 99"};
    static const char *err[] = {
        "ERR wrong number of arguments for 'get' command",
        "ERR unknown command 'nosuch', with args beginning with: 'x' ",
        "ERR value is not an integer or out of range",
        "ERR syntax error",
        "ERR DB index is out of range",
    };
    for (int i = 0; i < 1000; i++) {
        redisAppendCommand(c, bad[i % 5]);
        redisAppendCommand(c, "INCR good");
    }
    for (int i = 0; i < 1000; i++) {
        char what[64];
        snprintf(what, sizeof(what), "error #%d (%s)", i, bad[i % 5]);
        if (!ht_check_error(c, ht_next(c), err[i % 5], what)) goto done;
        snprintf(what, sizeof(what), "INCR good after error #%d", i);
        if (!ht_check_int(c, ht_next(c), i + 1, what)) goto done;
    }
    if (!ht_check_status(c, redisCommand(c, "PING"), "PONG", "PING at the end")) goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* --- protocol errors ------------------------------------------------------ */

typedef struct {
    const char *raw;
    const char *before; /* a status reply that comes first, or NULL */
    const char *error;
} protoCase;

/* 64 KB (PROTO_INLINE_MAX_SIZE) of `fill` after `head`, plus `extra` bytes
 * of it: a line that long with no newline is too big. */
static char *long_line(const char *head, char fill, size_t extra) {
    size_t hl = strlen(head), n = 65536 + extra;
    char *p = malloc(hl + n + 1);
    if (!p) return NULL;
    memcpy(p, head, hl);
    memset(p + hl, fill, n);
    p[hl + n] = '\0';
    return p;
}

static int test_protocol_errors(void) {
    /* Lines of 64 KB + 1 byte: the whole of it is read before the error. */
    char *inl = long_line("", 'P', 1), *mbulk = long_line("*", '1', 0),
         *bulk = long_line("*1\r\n$", '1', 0);
    if (!inl || !mbulk || !bulk) {
        free(inl);
        free(mbulk);
        free(bulk);
        return ht_fail("out of memory");
    }
    const protoCase cases[] = {
        {inl, NULL, "ERR Protocol error: too big inline request"},
        {mbulk, NULL, "ERR Protocol error: too big mbulk count string"},
        {bulk, NULL, "ERR Protocol error: too big bulk count string"},
        {"*1\r\n$abc\r\n", NULL, "ERR Protocol error: invalid bulk length"},
        {"*1\r\n$-1\r\n", NULL, "ERR Protocol error: invalid bulk length"},
        {"*2\r\n$4\r\nECHO\r\n$536870913\r\n", NULL, "ERR Protocol error: invalid bulk length"},
        {"*abc\r\n", NULL, "ERR Protocol error: invalid multibulk length"},
        {"*3000000000\r\n", NULL, "ERR Protocol error: invalid multibulk length"},
        {"*1\r\nfoo\r\n", NULL, "ERR Protocol error: expected '$', got 'f'"},
        {"SET a \"b\r\n", NULL, "ERR Protocol error: unbalanced quotes in request"},
        {"SET a 'b\r\n", NULL, "ERR Protocol error: unbalanced quotes in request"},
        {"SET a \"b\"c\r\n", NULL, "ERR Protocol error: unbalanced quotes in request"},
        {"PING\r\n*1\r\n$x\r\nPING\r\n", "PONG", "ERR Protocol error: invalid bulk length"},
    };
    int rc = HT_FAIL;
    redisContext *x = NULL, *ctl = ht_connect();
    if (!ctl) return HT_FAIL;
    if (!ht_flushall(ctl)) goto done;
    if (!ht_check_status(ctl, redisCommand(ctl, "SET keep me"), "OK", "SET keep me")) goto done;
    long long base = ht_info_field(ctl, "clients", "connected_clients");
    if (base < 0) goto done;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const protoCase *p = &cases[i];
        char what[160], q[100];
        x = ht_connect();
        if (!x) goto done;
        redisAppendFormattedCommand(x, p->raw, strlen(p->raw));
        ht_quote(q, sizeof(q), p->raw, strlen(p->raw));
        if (p->before) {
            snprintf(what, sizeof(what), "%s: the reply before the error", q);
            if (!ht_check_status(x, ht_next(x), p->before, what)) goto done;
        }
        snprintf(what, sizeof(what), "%s", q);
        if (!ht_check_error(x, ht_next(x), p->error, what)) goto done;
        /* Then the server closes the connection. */
        redisReply *r = ht_next(x);
        if (r || x->err != REDIS_ERR_EOF) {
            char a[256];
            ht_fail("%s: expected the connection closed after the error, got %s", q,
                    ht_actual(a, sizeof(a), x, r));
            if (r) freeReplyObject(r);
            goto done;
        }
        redisFree(x);
        x = NULL;
        snprintf(what, sizeof(what), "%s: GET keep on another connection", q);
        if (!ht_check_bulk_str(ctl, redisCommand(ctl, "GET keep"), "me", what)) goto done;
    }
    for (int i = 0; i < POLL_TRIES_ERRORS; i++) {
        long long n = ht_info_field(ctl, "clients", "connected_clients");
        if (n < 0) goto done;
        if (n == base) break;
        if (i == POLL_TRIES_ERRORS - 1) {
            ht_fail("connected_clients is %lld after the protocol errors, expected %lld", n, base);
            goto done;
        }
    }
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    if (x) redisFree(x);
    redisFree(ctl);
    free(inl);
    free(mbulk);
    free(bulk);
    return rc;
}

/* Lines of exactly 64 KB are not too big. */
static int test_64kb_lines(void) {
    int rc = HT_FAIL;
    /* "ECHO " and 65531 x: 64 KB before the CR LF. */
    char *inl = malloc(65536 + 2), *expect = malloc(65531);
    redisContext *c = (inl && expect) ? ht_connect() : NULL;
    if (!c) goto done;
    memcpy(inl, "ECHO ", 5);
    memset(inl + 5, 'x', 65531);
    memcpy(inl + 65536, "\r\n", 2);
    memset(expect, 'x', 65531);
    redisAppendFormattedCommand(c, inl, 65536 + 2);
    if (!ht_check_bulk(c, ht_next(c), expect, 65531, "inline ECHO of exactly 64 KB")) goto done;
    /* A bulk length line of 64 KB ("$", zeros, then 4) is read whole and
     * then refused for its leading zeros, not for its size. */
    char *mb = malloc(5 + 65534 + 10);
    if (!mb) goto done;
    memcpy(mb, "*1\r\n$", 5);
    memset(mb + 5, '0', 65534);
    memcpy(mb + 5 + 65534, "4\r\nPING\r\n", 10);
    redisAppendFormattedCommand(c, mb, 5 + 65534 + 10);
    free(mb);
    if (!ht_check_error(c, ht_next(c), "ERR Protocol error: invalid bulk length",
                        "a 64 KB bulk length line with leading zeros"))
        goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(inl);
    free(expect);
    return rc;
}

/* Requests that are no command get no reply: empty lines, blank inline
 * lines, "*0" and "*-1". */
static int test_empty_requests(void) {
    static const char raw[] = "\r\n\r\n   \r\n*0\r\n*-1\r\n\nPING\r\n";
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    redisAppendFormattedCommand(c, raw, sizeof(raw) - 1);
    redisAppendCommand(c, "ECHO done");
    if (!ht_check_status(c, ht_next(c), "PONG", "the only reply to empty requests and a PING")) goto done;
    if (!ht_check_bulk_str(c, ht_next(c), "done", "ECHO done after them")) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* proto-max-bulk-len lowered at run time: a bulk one byte over is a
 * protocol error, one of exactly the limit is fine. */
static int test_proto_max_bulk_len(void) {
    int rc = HT_FAIL, lowered = 0;
    size_t limit = 1024 * 1024;
    char *val = malloc(limit + 1);
    redisContext *x = NULL, *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    ht_fill(val, limit + 1, 3);
    if (!ht_check_status(ctl, redisCommand(ctl, "CONFIG SET proto-max-bulk-len 1mb"), "OK",
                         "CONFIG SET proto-max-bulk-len 1mb"))
        goto done;
    lowered = 1;
    const char *argv[3] = {"SET", "pmbl", val};
    size_t lens[3] = {3, 4, limit};
    if (!ht_check_status(ctl, redisCommandArgv(ctl, 3, argv, lens), "OK", "SET of exactly 1 MB"))
        goto done;
    /* Only the header: the server refuses the length before any data. */
    static const char over[] = "*3\r\n$3\r\nSET\r\n$4\r\npmbl\r\n$1048577\r\n";
    x = ht_connect();
    if (!x) goto done;
    redisAppendFormattedCommand(x, over, sizeof(over) - 1);
    if (!ht_check_error(x, ht_next(x), "ERR Protocol error: invalid bulk length",
                        "SET with a bulk length of 1 MB + 1"))
        goto done;
    if (!ht_check_bulk(ctl, redisCommand(ctl, "GET pmbl"), val, limit, "GET pmbl afterwards")) goto done;
    rc = HT_PASS;
done:
    if (lowered)
        ht_check_status(ctl, redisCommand(ctl, "CONFIG SET proto-max-bulk-len 512mb"), "OK",
                        "CONFIG SET proto-max-bulk-len 512mb");
    if (ctl && rc == HT_PASS && !ht_flushall(ctl)) rc = HT_FAIL;
    if (x) redisFree(x);
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

int main(int argc, char **argv) {
    ht_parse_options(argc, argv);
    ht_run("errors: GET with a wrong number of arguments, exact text, connection usable",
           test_get_arity);
    ht_run("errors: unknown command, exact text with the trailing space, connection usable",
           test_unknown_command);
    ht_run("errors: unknown command text maps CR LF to spaces, stops at NUL, cuts at 128 bytes",
           test_unknown_command_text);
    ht_run("errors: arity errors name the command in lower case", test_arity_lower_case);
    ht_run("errors: syntax, integer, range and option errors", test_argument_errors);
    ht_run("errors: a repeated SET expiry option is no syntax error, the last one counts",
           test_set_repeated_expiry);
    ht_run("errors: a failing command changes nothing", test_errors_change_nothing);
    ht_run("errors: 1000 errors pipelined between good commands", test_many_errors_pipelined);
    ht_run("errors: a protocol error is answered and closes only that connection",
           test_protocol_errors);
    ht_run("errors: empty requests get no reply", test_empty_requests);
    ht_run("errors: lines of exactly 64 KB are not too big", test_64kb_lines);
    ht_run("errors: a bulk over proto-max-bulk-len set at run time", test_proto_max_bulk_len);
    return ht_finish();
}
