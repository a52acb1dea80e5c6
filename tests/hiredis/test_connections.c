/* test_connections.c -- many connections at once, connections that vanish
 * (cleanly, abruptly, mid-command, with replies unread), and the server's
 * count of them. */
#include "hitest.h"

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define NCONN 1000
/* Descriptors the program needs besides the NCONN connections. */
#define FD_SLACK 64
/* INFO polls before giving up on connected_clients reaching a value. */
#define POLL_TRIES 20000

/* The 1000-connection tests share their connections: the first opens them,
 * the next closes half, the last waits for the count and closes the rest. */
static redisContext *conns[NCONN];
static int conns_open;     /* 1 once all NCONN are open */
static char conns_skip[256]; /* why the shared tests are skipped */
static long long baseline; /* connected_clients with only the control connection */

/* --- helpers -------------------------------------------------------------- */

/* Polls INFO on c until connected_clients is `want`; 1 if it got there,
 * else 0 after ht_fail() with the last value seen. */
static int wait_connected(redisContext *c, long long want, const char *what) {
    long long seen = -1;
    for (int i = 0; i < POLL_TRIES; i++) {
        seen = ht_info_field(c, "clients", "connected_clients");
        if (seen < 0) return 0;
        if (seen == want) {
            if (i > 0) ht_note("%s: connected_clients reached %lld after %d INFO calls", what, want, i + 1);
            return 1;
        }
    }
    ht_fail("%s: connected_clients is %lld after %d INFO calls, expected %lld", what, seen,
            POLL_TRIES, want);
    return 0;
}

/* Writes all of c's pending output. */
static int flush_all_output(redisContext *c) {
    int done = 0;
    while (!done) {
        if (redisBufferWrite(c, &done) != REDIS_OK) return 0;
    }
    return 1;
}

/* Makes the next close send a reset instead of a FIN. */
static void arm_reset(redisContext *c) {
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}

static void conn_value(int i, char *buf, size_t cap, size_t *len) {
    /* Binary, and different for every connection. */
    *len = (size_t)snprintf(buf, cap, "value-of-%d", i);
    buf[(*len)++] = '\0';
    buf[(*len)++] = '\r';
    buf[(*len)++] = '\n';
    buf[(*len)++] = (char)(i & 0xff);
}

/* Raises the soft descriptor limit to the hard one if `need` is more than
 * the soft limit. Returns 1 if `need` descriptors are allowed. */
static int fd_limit_allows(rlim_t need, char *why, size_t cap) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        snprintf(why, cap, "getrlimit: %s", strerror(errno));
        return 0;
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need && rl.rlim_max != rl.rlim_cur) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || getrlimit(RLIMIT_NOFILE, &rl) != 0) {
            snprintf(why, cap, "raising RLIMIT_NOFILE from %llu: %s", (unsigned long long)old,
                     strerror(errno));
            return 0;
        }
        ht_note("raised the soft descriptor limit from %llu to %llu", (unsigned long long)old,
                (unsigned long long)rl.rlim_cur);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        snprintf(why, cap, "RLIMIT_NOFILE hard limit %llu is below the %llu descriptors needed",
                 (unsigned long long)rl.rlim_max, (unsigned long long)need);
        return 0;
    }
    return 1;
}

/* The server's maxclients, or -1 after ht_fail(). */
static long long server_maxclients(redisContext *c) {
    redisReply *r = redisCommand(c, "CONFIG GET maxclients");
    long long v = -1;
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 2 &&
        r->element[1]->type == REDIS_REPLY_STRING)
        v = strtoll(r->element[1]->str, NULL, 10);
    else {
        char a[512];
        ht_fail("CONFIG GET maxclients: expected [\"maxclients\", <n>], got %s",
                ht_actual(a, sizeof(a), c, r));
    }
    if (r) freeReplyObject(r);
    return v;
}

/* --- 1000 connections ----------------------------------------------------- */

/* Reads CLIENT LIST on c and checks that names conn-0 .. conn-999 appear
 * exactly for the connections with want[i] set, once each. Other names
 * (the control connection has none) are ignored. */
static int check_client_list_names(redisContext *c, const char *want, const char *what) {
    static unsigned short count[NCONN];
    memset(count, 0, sizeof(count));
    redisReply *r = redisCommand(c, "CLIENT LIST");
    if (!r || r->type != REDIS_REPLY_STRING) {
        char a[256];
        ht_fail("%s: CLIENT LIST: expected a bulk string, got %s", what, ht_actual(a, sizeof(a), c, r));
        if (r) freeReplyObject(r);
        return 0;
    }
    const char *p = r->str, *end = r->str + r->len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *n = p;
        while (n + 6 <= eol && memcmp(n, " name=", 6) != 0) n++;
        int i;
        if (n + 6 <= eol && sscanf(n + 6, "conn-%d ", &i) == 1 && i >= 0 && i < NCONN) count[i]++;
        p = eol + 1;
    }
    freeReplyObject(r);
    for (int i = 0; i < NCONN; i++) {
        if (count[i] != (want[i] ? 1 : 0)) {
            ht_fail("%s: CLIENT LIST shows name=conn-%d %u times, expected %d", what, i, count[i],
                    want[i] ? 1 : 0);
            return 0;
        }
    }
    return 1;
}


static int test_many_connections(void) {
    int rc = HT_FAIL;
    redisContext *ctl = ht_connect();
    if (!ctl) return HT_FAIL;
    if (!ht_flushall(ctl)) goto done;
    baseline = ht_info_field(ctl, "clients", "connected_clients");
    if (baseline < 0) goto done;
    if (!fd_limit_allows(NCONN + FD_SLACK, conns_skip, sizeof(conns_skip))) {
        rc = ht_skip("%s", conns_skip);
        goto done;
    }
    long long maxclients = server_maxclients(ctl);
    if (maxclients < 0) goto done;
    if (maxclients < baseline + NCONN) {
        snprintf(conns_skip, sizeof(conns_skip), "the server's maxclients is %lld", maxclients);
        rc = ht_skip("%s", conns_skip);
        goto done;
    }

    for (int i = 0; i < NCONN; i++) {
        conns[i] = ht_connect();
        if (!conns[i]) {
            /* ht_connect() said why; say which one too. */
            char why[sizeof(ht_reason)];
            snprintf(why, sizeof(why), "%s", ht_reason);
            ht_reason_set = 0;
            ht_fail("opening connection #%d: %s", i, why);
            goto done;
        }
    }
    /* Every connection SETs its own key: all requests out, then all replies. */
    for (int i = 0; i < NCONN; i++) {
        char key[32], val[64];
        size_t vlen;
        snprintf(key, sizeof(key), "conn:%d", i);
        conn_value(i, val, sizeof(val), &vlen);
        const char *argv[3] = {"SET", key, val};
        size_t lens[3] = {3, strlen(key), vlen};
        redisAppendCommandArgv(conns[i], 3, argv, lens);
        redisAppendCommand(conns[i], "CLIENT ID");
        redisAppendCommand(conns[i], "CLIENT SETNAME conn-%d", i);
        if (!flush_all_output(conns[i])) {
            ht_fail("writing on connection #%d: %s", i, conns[i]->errstr);
            goto done;
        }
    }
    static long long ids[NCONN];
    for (int i = 0; i < NCONN; i++) {
        char what[64];
        snprintf(what, sizeof(what), "SET on connection #%d", i);
        if (!ht_check_status(conns[i], ht_next(conns[i]), "OK", what)) goto done;
        redisReply *r = ht_next(conns[i]);
        if (!r || r->type != REDIS_REPLY_INTEGER) {
            char a[512];
            ht_fail("CLIENT ID on connection #%d: expected an integer, got %s", i,
                    ht_actual(a, sizeof(a), conns[i], r));
            if (r) freeReplyObject(r);
            goto done;
        }
        ids[i] = r->integer;
        freeReplyObject(r);
        snprintf(what, sizeof(what), "CLIENT SETNAME on connection #%d", i);
        if (!ht_check_status(conns[i], ht_next(conns[i]), "OK", what)) goto done;
    }
    /* Connections are numbered in the order they were accepted. */
    for (int i = 1; i < NCONN; i++) {
        if (ids[i] <= ids[i - 1]) {
            ht_fail("CLIENT ID of connection #%d is %lld, not above #%d's %lld", i, ids[i], i - 1,
                    ids[i - 1]);
            goto done;
        }
    }
    /* Then each GETs its own key, in the reverse order. */
    for (int i = NCONN - 1; i >= 0; i--) {
        redisAppendCommand(conns[i], "GET conn:%d", i);
        redisAppendCommand(conns[i], "CLIENT GETNAME");
        if (!flush_all_output(conns[i])) {
            ht_fail("writing on connection #%d: %s", i, conns[i]->errstr);
            goto done;
        }
    }
    for (int i = 0; i < NCONN; i++) {
        char val[64], what[64];
        size_t vlen;
        conn_value(i, val, sizeof(val), &vlen);
        snprintf(what, sizeof(what), "GET conn:%d on connection #%d", i, i);
        if (!ht_check_bulk(conns[i], ht_next(conns[i]), val, vlen, what)) goto done;
        char name[32];
        snprintf(name, sizeof(name), "conn-%d", i);
        snprintf(what, sizeof(what), "CLIENT GETNAME on connection #%d", i);
        if (!ht_check_bulk_str(conns[i], ht_next(conns[i]), name, what)) goto done;
    }
    conns_open = 1;
    static char all[NCONN];
    memset(all, 1, sizeof(all));
    if (!check_client_list_names(ctl, all, "with all connections open")) goto done;
    if (!wait_connected(ctl, baseline + NCONN, "with all connections open")) goto done;
    if (!ht_check_int(ctl, redisCommand(ctl, "DBSIZE"), NCONN, "DBSIZE")) goto done;
    /* CLIENT LIST has a line for each of them. */
    redisReply *r = redisCommand(ctl, "CLIENT LIST");
    long long lines = 0;
    if (r && r->type == REDIS_REPLY_STRING)
        for (size_t i = 0; i < r->len; i++) lines += r->str[i] == '\n';
    if (lines != baseline + NCONN) {
        char a[256];
        ht_fail("CLIENT LIST: expected %lld lines, got %lld (%s)", baseline + NCONN, lines,
                ht_actual(a, sizeof(a), ctl, r));
        if (r) freeReplyObject(r);
        goto done;
    }
    freeReplyObject(r);
    rc = HT_PASS;
done:
    redisFree(ctl);
    return rc;
}

/* Even-numbered connections go away without QUIT: most just close, every
 * fourth first sends a GET whose reply it never reads, every eighth resets
 * the connection. The odd ones keep working. */
static int test_close_half_abruptly(void) {
    if (!conns_open) return conns_skip[0] ? ht_skip("%s", conns_skip) : ht_fail("the 1000 connections did not open");
    int rc = HT_FAIL;
    for (int i = 0; i < NCONN; i += 2) {
        if (i % 4 == 0) {
            redisAppendCommand(conns[i], "GET conn:%d", i);
            flush_all_output(conns[i]);
        }
        if (i % 8 == 0) arm_reset(conns[i]);
        redisFree(conns[i]);
        conns[i] = NULL;
    }
    /* Every survivor INCRs one shared counter: the replies are 1..500, each
     * once. Then each reads back and rewrites its own key. */
    static char seen[NCONN / 2 + 1];
    memset(seen, 0, sizeof(seen));
    for (int i = 1; i < NCONN; i += 2) {
        redisAppendCommand(conns[i], "INCR conn:counter");
        redisAppendCommand(conns[i], "GET conn:%d", i);
        redisAppendCommand(conns[i], "SET conn:%d again-%d", i, i);
        if (!flush_all_output(conns[i])) {
            ht_fail("writing on surviving connection #%d: %s", i, conns[i]->errstr);
            goto done;
        }
    }
    for (int i = 1; i < NCONN; i += 2) {
        redisReply *r = ht_next(conns[i]);
        if (!r || r->type != REDIS_REPLY_INTEGER || r->integer < 1 || r->integer > NCONN / 2 ||
            seen[r->integer]) {
            char a[512];
            ht_fail("INCR conn:counter on surviving connection #%d: expected an integer in 1..%d "
                    "not seen before, got %s",
                    i, NCONN / 2, ht_actual(a, sizeof(a), conns[i], r));
            if (r) freeReplyObject(r);
            goto done;
        }
        seen[r->integer] = 1;
        freeReplyObject(r);
        char val[64], what[64];
        size_t vlen;
        conn_value(i, val, sizeof(val), &vlen);
        snprintf(what, sizeof(what), "GET conn:%d on surviving connection #%d", i, i);
        if (!ht_check_bulk(conns[i], ht_next(conns[i]), val, vlen, what)) goto done;
        snprintf(what, sizeof(what), "SET conn:%d on surviving connection #%d", i, i);
        if (!ht_check_status(conns[i], ht_next(conns[i]), "OK", what)) goto done;
    }
    /* The keys of the closed connections are still there. */
    if (!ht_check_int(conns[1], redisCommand(conns[1], "DBSIZE"), NCONN + 1, "DBSIZE")) goto done;
    if (!ht_check_bulk_str(conns[1], redisCommand(conns[1], "GET conn:counter"), "500",
                           "GET conn:counter"))
        goto done;
    if (!ht_check_bulk_str(conns[999], redisCommand(conns[999], "GET conn:1"), "again-1",
                           "GET conn:1 on connection #999"))
        goto done;
    rc = HT_PASS;
done:
    return rc;
}

static int test_connected_clients_count(void) {
    if (!conns_open) return conns_skip[0] ? ht_skip("%s", conns_skip) : ht_fail("the 1000 connections did not open");
    int rc = HT_FAIL;
    redisContext *ctl = ht_connect();
    if (!ctl) return HT_FAIL;
    /* baseline counted the control connection; this one replaces it. */
    if (!wait_connected(ctl, baseline + NCONN / 2, "after closing half")) goto done;
    static char odd[NCONN];
    for (int i = 0; i < NCONN; i++) odd[i] = (char)(i % 2);
    if (!check_client_list_names(ctl, odd, "after closing the even ones")) goto done;
    /* The rest leave politely. */
    for (int i = 1; i < NCONN; i += 2) {
        char what[64];
        snprintf(what, sizeof(what), "QUIT on connection #%d", i);
        if (!ht_check_status(conns[i], redisCommand(conns[i], "QUIT"), "OK", what)) goto done;
        redisFree(conns[i]);
        conns[i] = NULL;
    }
    if (!wait_connected(ctl, baseline, "after all QUIT")) goto done;
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    redisFree(ctl);
    return rc;
}

/* --- connections that die mid-command ------------------------------------- */

typedef struct {
    const char *name;
    const char *partial; /* sent after a complete SET; NULL: see big */
    size_t big;          /* if partial is NULL: a SET of `big` bytes, half sent */
    int reset;           /* close with a reset instead of a FIN */
} halfCase;

static const halfCase half_cases[] = {
    {"half a bulk", "*3\r\n$3\r\nSET\r\n$8\r\nhalf:k:0\r\n$100\r\n0123456789012345678901234", 0, 0},
    {"half of a 10 MB bulk", NULL, 10 * 1024 * 1024, 0},
    {"half of a 10 MB bulk, then a reset", NULL, 10 * 1024 * 1024, 1},
    {"a bulk missing its CR LF", "*3\r\n$3\r\nSET\r\n$8\r\nhalf:k:3\r\n$3\r\nabc", 0, 0},
    {"half a bulk length line", "*3\r\n$3\r\nSET\r\n$8\r\nhalf:k:4\r\n$10", 0, 0},
    {"half a command name", "*3\r\n$3\r\nSE", 0, 0},
    {"a huge multibulk count", "*1048576\r\n$3\r\nSET\r\n", 0, 0},
    {"half an inline command", "SET half:k:7 val", 0, 1},
};
#define HALF_CASES (int)(sizeof(half_cases) / sizeof(half_cases[0]))

static int test_half_command_then_disconnect(void) {
    int rc = HT_FAIL;
    char *buf = NULL;
    redisContext *x = NULL, *ctl = ht_connect();
    if (!ctl) return HT_FAIL;
    if (!ht_flushall(ctl)) goto done;
    long long base = ht_info_field(ctl, "clients", "connected_clients");
    if (base < 0) goto done;
    for (int n = 0; n < HALF_CASES; n++) {
        const halfCase *hc = &half_cases[n];
        char what[128], okcmd[64];
        x = ht_connect();
        if (!x) goto done;
        /* A complete command first, then the partial one in the same write. */
        int oklen = snprintf(okcmd, sizeof(okcmd), "SET half:ok:%d yes\r\n", n);
        size_t plen = hc->partial ? strlen(hc->partial) : 0;
        if (!hc->partial) {
            char header[96];
            int hlen = snprintf(header, sizeof(header),
                                "*3\r\n$3\r\nSET\r\n$8\r\nhalf:k:%d\r\n$%zu\r\n", n, hc->big);
            plen = (size_t)hlen + hc->big / 2;
            buf = malloc(plen);
            if (!buf) goto done;
            memcpy(buf, header, (size_t)hlen);
            ht_fill(buf + hlen, hc->big / 2, (uint64_t)n);
        }
        redisAppendFormattedCommand(x, okcmd, (size_t)oklen);
        redisAppendFormattedCommand(x, hc->partial ? hc->partial : buf, plen);
        free(buf);
        buf = NULL;
        snprintf(what, sizeof(what), "%s: the complete SET before it", hc->name);
        /* Reading this reply flushes everything and proves the server has
         * run the complete command. */
        if (!ht_check_status(x, ht_next(x), "OK", what)) goto done;
        /* Others are served while the partial command waits. */
        snprintf(what, sizeof(what), "%s: PING on another connection while it waits", hc->name);
        if (!ht_check_status(ctl, redisCommand(ctl, "PING"), "PONG", what)) goto done;
        if (hc->reset) arm_reset(x);
        redisFree(x);
        x = NULL;
        snprintf(what, sizeof(what), "%s: PING on another connection after the disconnect", hc->name);
        if (!ht_check_status(ctl, redisCommand(ctl, "PING"), "PONG", what)) goto done;
        snprintf(what, sizeof(what), "%s: EXISTS half:k:%d (never completed)", hc->name, n);
        if (!ht_check_int(ctl, redisCommand(ctl, "EXISTS half:k:%d", n), 0, what)) goto done;
        snprintf(what, sizeof(what), "%s: GET half:ok:%d", hc->name, n);
        if (!ht_check_bulk_str(ctl, redisCommand(ctl, "GET half:ok:%d", n), "yes", what)) goto done;
        snprintf(what, sizeof(what), "%s: connection count", hc->name);
        if (!wait_connected(ctl, base, what)) goto done;
    }
    if (!ht_check_int(ctl, redisCommand(ctl, "DBSIZE"), HALF_CASES, "DBSIZE (only the half:ok keys)"))
        goto done;
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    free(buf);
    if (x) redisFree(x);
    redisFree(ctl);
    return rc;
}

/* A SET of 1 MB sent in two halves with other clients served in between. */
static int test_partial_command_completes_later(void) {
    int rc = HT_FAIL;
    char *cmd = NULL;
    size_t len = 1024 * 1024;
    char *val = malloc(len);
    redisContext *x = val ? ht_connect() : NULL;
    redisContext *y = x ? ht_connect() : NULL;
    if (!y) goto done;
    if (!ht_flushall(y)) goto done;
    ht_fill(val, len, 77);
    const char *argv[3] = {"SET", "later:k", val};
    size_t lens[3] = {3, 7, len};
    int cmdlen = redisFormatCommandArgv(&cmd, 3, argv, lens);
    if (cmdlen < 0) goto done;
    size_t half = (size_t)cmdlen / 2;
    if (redisAppendFormattedCommand(x, cmd, half) != REDIS_OK || !flush_all_output(x)) {
        ht_fail("writing the first half: %s", x->errstr);
        goto done;
    }
    for (int i = 0; i < 100; i++) {
        if (!ht_check_status(y, redisCommand(y, "PING"), "PONG", "PING while the SET is half sent"))
            goto done;
        if (!ht_check_status(y, redisCommand(y, "SET later:other %d", i), "OK", "SET later:other"))
            goto done;
        if (!ht_check_int(y, redisCommand(y, "EXISTS later:k"), 0, "EXISTS later:k while half sent"))
            goto done;
    }
    if (redisAppendFormattedCommand(x, cmd + half, (size_t)cmdlen - half) != REDIS_OK) goto done;
    if (!ht_check_status(x, ht_next(x), "OK", "the SET once complete")) goto done;
    if (!ht_check_bulk(y, redisCommand(y, "GET later:k"), val, len, "GET later:k on the other connection"))
        goto done;
    if (!ht_check_bulk_str(x, redisCommand(x, "GET later:other"), "99", "GET later:other")) goto done;
    if (!ht_flushall(y)) goto done;
    rc = HT_PASS;
done:
    if (cmd) redisFreeCommand(cmd);
    if (y) redisFree(y);
    if (x) redisFree(x);
    free(val);
    return rc;
}

/* 200 connections each send the first part of a SET (cut in the header, in
 * the value, one byte short...), then all send the rest in another order:
 * each command runs once with its own value. */
#define SPLIT_CONNS 200
static size_t split_value_len(int i) {
    static const size_t sizes[] = {0, 1, 10, 1000, 20 * 1024, 40 * 1024, 100 * 1024};
    return sizes[i % 7] + (size_t)(i / 7);
}

static int test_many_split_commands(void) {
    int rc = HT_FAIL;
    redisContext *x[SPLIT_CONNS] = {0};
    char *cmd[SPLIT_CONNS] = {0};
    int cmdlen[SPLIT_CONNS];
    size_t cut[SPLIT_CONNS];
    size_t maxlen = 100 * 1024 + SPLIT_CONNS;
    char *val = malloc(maxlen + SPLIT_CONNS);
    char seen[SPLIT_CONNS + 1] = {0};
    char why[256];
    if (!fd_limit_allows(SPLIT_CONNS + FD_SLACK, why, sizeof(why))) {
        free(val);
        return ht_skip("%s", why);
    }
    redisContext *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    ht_fill(val, maxlen + SPLIT_CONNS, 2024);
    for (int i = 0; i < SPLIT_CONNS; i++) {
        char key[32];
        snprintf(key, sizeof(key), "split:%d", i);
        const char *argv[3] = {"SET", key, val + i};
        size_t lens[3] = {3, strlen(key), split_value_len(i)};
        cmdlen[i] = redisFormatCommandArgv(&cmd[i], 3, argv, lens);
        if (cmdlen[i] < 0) goto done;
        /* Where to cut: a byte in, mid header, just before the value, mid
         * value, one byte short of the end. */
        size_t len = (size_t)cmdlen[i];
        switch (i % 5) {
        case 0: cut[i] = 1; break;
        case 1: cut[i] = 10; break;
        case 2: cut[i] = len - lens[2] - 2; break;
        case 3: cut[i] = len - 2 - lens[2] / 2; break;
        default: cut[i] = len - 1; break;
        }
        x[i] = ht_connect();
        if (!x[i]) goto done;
        redisAppendFormattedCommand(x[i], cmd[i], cut[i]);
        if (!flush_all_output(x[i])) {
            ht_fail("writing the first part on connection #%d: %s", i, x[i]->errstr);
            goto done;
        }
    }
    if (!ht_check_status(ctl, redisCommand(ctl, "PING"), "PONG", "PING with 200 commands half sent"))
        goto done;
    if (!ht_check_int(ctl, redisCommand(ctl, "DBSIZE"), 0, "DBSIZE with 200 commands half sent"))
        goto done;
    /* The rest, odd connections first, each followed by an INCR. */
    for (int pass = 1; pass >= 0; pass--) {
        for (int i = pass; i < SPLIT_CONNS; i += 2) {
            redisAppendFormattedCommand(x[i], cmd[i] + cut[i], (size_t)cmdlen[i] - cut[i]);
            redisAppendCommand(x[i], "INCR split:count");
            if (!flush_all_output(x[i])) {
                ht_fail("writing the rest on connection #%d: %s", i, x[i]->errstr);
                goto done;
            }
        }
    }
    for (int i = 0; i < SPLIT_CONNS; i++) {
        char what[96];
        snprintf(what, sizeof(what), "SET split:%d (cut at byte %zu of %d)", i, cut[i], cmdlen[i]);
        if (!ht_check_status(x[i], ht_next(x[i]), "OK", what)) goto done;
        redisReply *r = ht_next(x[i]);
        if (!r || r->type != REDIS_REPLY_INTEGER || r->integer < 1 || r->integer > SPLIT_CONNS ||
            seen[r->integer]) {
            char a[256];
            ht_fail("INCR split:count on connection #%d: expected a new integer in 1..%d, got %s", i,
                    SPLIT_CONNS, ht_actual(a, sizeof(a), x[i], r));
            if (r) freeReplyObject(r);
            goto done;
        }
        seen[r->integer] = 1;
        freeReplyObject(r);
    }
    for (int i = 0; i < SPLIT_CONNS; i++) {
        char what[64];
        snprintf(what, sizeof(what), "GET split:%d (%zu bytes)", i, split_value_len(i));
        if (!ht_check_bulk(ctl, redisCommand(ctl, "GET split:%d", i), val + i, split_value_len(i), what))
            goto done;
    }
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    for (int i = 0; i < SPLIT_CONNS; i++) {
        if (x[i]) redisFree(x[i]);
        if (cmd[i]) redisFreeCommand(cmd[i]);
    }
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

/* QUIT in a pipeline: the replies before it come whole (a 3 MB one too),
 * then +OK, then the connection closes and what followed never runs. */
static int test_quit_in_pipeline(void) {
    int rc = HT_FAIL;
    size_t len = 3 * 1024 * 1024;
    char *val = malloc(len);
    redisContext *x = NULL, *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    ht_fill(val, len, 8);
    const char *argv[3] = {"SET", "quit:big", val};
    size_t lens[3] = {3, 8, len};
    if (!ht_check_status(ctl, redisCommandArgv(ctl, 3, argv, lens), "OK", "SET quit:big")) goto done;
    x = ht_connect();
    if (!x) goto done;
    redisAppendCommand(x, "GET quit:big");
    redisAppendCommand(x, "INCR quit:n");
    redisAppendCommand(x, "QUIT");
    redisAppendCommand(x, "INCR quit:n");
    redisAppendCommand(x, "SET quit:after 1");
    if (!ht_check_bulk(x, ht_next(x), val, len, "GET quit:big before QUIT")) goto done;
    if (!ht_check_int(x, ht_next(x), 1, "INCR quit:n before QUIT")) goto done;
    if (!ht_check_status(x, ht_next(x), "OK", "QUIT")) goto done;
    redisReply *r = ht_next(x);
    if (r || x->err != REDIS_ERR_EOF) {
        char a[256];
        ht_fail("after QUIT: expected the connection closed, got %s", ht_actual(a, sizeof(a), x, r));
        if (r) freeReplyObject(r);
        goto done;
    }
    if (!ht_check_bulk_str(ctl, redisCommand(ctl, "GET quit:n"), "1", "GET quit:n (only the INCR before QUIT ran)"))
        goto done;
    if (!ht_check_int(ctl, redisCommand(ctl, "EXISTS quit:after"), 0, "EXISTS quit:after")) goto done;
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    if (x) redisFree(x);
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

/* Clients that ask for 64 MB of replies and go away after reading a part
 * (or none) of them, by FIN or by reset. */
static int test_close_with_unread_replies(void) {
    int rc = HT_FAIL;
    size_t len = 1024 * 1024;
    char *val = malloc(len);
    redisContext *x = NULL, *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    ht_fill(val, len, 5);
    const char *argv[3] = {"SET", "unread:big", val};
    size_t lens[3] = {3, 10, len};
    if (!ht_check_status(ctl, redisCommandArgv(ctl, 3, argv, lens), "OK", "SET unread:big")) goto done;
    long long base = ht_info_field(ctl, "clients", "connected_clients");
    if (base < 0) goto done;
    for (int variant = 0; variant < 4; variant++) {
        char what[96];
        x = ht_connect();
        if (!x) goto done;
        for (int i = 0; i < 64; i++) redisAppendCommand(x, "GET unread:big");
        if (variant < 2) {
            /* Read one reply so the server is surely busy sending. */
            if (!ht_check_bulk(x, ht_next(x), val, len, "the first of 64 GETs")) goto done;
        } else if (!flush_all_output(x)) {
            ht_fail("writing 64 GETs: %s", x->errstr);
            goto done;
        }
        if (variant % 2) arm_reset(x);
        redisFree(x);
        x = NULL;
        snprintf(what, sizeof(what), "variant %d: PING on another connection", variant);
        if (!ht_check_status(ctl, redisCommand(ctl, "PING"), "PONG", what)) goto done;
        snprintf(what, sizeof(what), "variant %d: connection count", variant);
        if (!wait_connected(ctl, base, what)) goto done;
    }
    if (!ht_check_bulk(ctl, redisCommand(ctl, "GET unread:big"), val, len, "GET unread:big afterwards"))
        goto done;
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    if (x) redisFree(x);
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

/* With client-query-buffer-limit at 1 MB, a client whose pending command
 * passes it is closed without a reply; one just under it is served. */
static int test_query_buffer_limit(void) {
    int rc = HT_FAIL, lowered = 0;
    size_t limit = 1024 * 1024;
    char *val = malloc(limit + 100);
    redisContext *x = NULL, *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    ht_fill(val, limit + 100, 9);
    long long base = ht_info_field(ctl, "clients", "connected_clients");
    if (base < 0) goto done;
    if (!ht_check_status(ctl, redisCommand(ctl, "CONFIG SET client-query-buffer-limit 1mb"), "OK",
                         "CONFIG SET client-query-buffer-limit 1mb"))
        goto done;
    lowered = 1;
    x = ht_connect();
    if (!x) goto done;
    const char *argv[3] = {"SET", "qbl:under", val};
    size_t lens[3] = {3, 9, limit - 100};
    if (!ht_check_status(x, redisCommandArgv(x, 3, argv, lens), "OK", "SET of 1 MB - 100 bytes"))
        goto done;
    argv[1] = "qbl:over!";
    lens[2] = limit + 100;
    redisReply *r = redisCommandArgv(x, 3, argv, lens);
    if (r || !x->err) {
        char a[256];
        ht_fail("SET of 1 MB + 100 bytes: expected the connection closed without a reply, got %s",
                ht_actual(a, sizeof(a), x, r));
        if (r) freeReplyObject(r);
        goto done;
    }
    redisFree(x);
    x = NULL;
    if (!ht_check_int(ctl, redisCommand(ctl, "EXISTS qbl:over!"), 0, "EXISTS qbl:over!")) goto done;
    if (!ht_check_bulk(ctl, redisCommand(ctl, "GET qbl:under"), val, limit - 100, "GET qbl:under"))
        goto done;
    if (!wait_connected(ctl, base, "after the client over the limit")) goto done;
    rc = HT_PASS;
done:
    if (lowered &&
        !ht_check_status(ctl, redisCommand(ctl, "CONFIG SET client-query-buffer-limit 1gb"), "OK",
                         "CONFIG SET client-query-buffer-limit 1gb"))
        rc = HT_FAIL;
    if (ctl && rc == HT_PASS && !ht_flushall(ctl)) rc = HT_FAIL;
    if (x) redisFree(x);
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

/* 1000 connections one after the other: each is counted once. */
static int test_connection_churn(void) {
    int rc = HT_FAIL;
    redisContext *ctl = ht_connect();
    if (!ctl) return HT_FAIL;
    long long before = ht_info_field(ctl, "stats", "total_connections_received");
    long long base = ht_info_field(ctl, "clients", "connected_clients");
    if (before < 0 || base < 0) goto done;
    for (int i = 0; i < NCONN; i++) {
        redisContext *x = ht_connect();
        if (!x) goto done;
        char what[64];
        snprintf(what, sizeof(what), "PING on short-lived connection #%d", i);
        int ok = ht_check_status(x, redisCommand(x, "PING"), "PONG", what);
        if (i % 2) arm_reset(x);
        redisFree(x);
        if (!ok) goto done;
    }
    if (!ht_check_int(ctl, redisCommand(ctl, "EXISTS churn"), 0, "EXISTS churn")) goto done;
    long long after = ht_info_field(ctl, "stats", "total_connections_received");
    if (after < 0) goto done;
    if (after - before != NCONN) {
        ht_fail("total_connections_received grew by %lld, expected %d", after - before, NCONN);
        goto done;
    }
    if (!wait_connected(ctl, base, "after 1000 short-lived connections")) goto done;
    rc = HT_PASS;
done:
    redisFree(ctl);
    return rc;
}

int main(int argc, char **argv) {
    ht_parse_options(argc, argv);
    ht_run("connections: 1000 simultaneous connections each SET and GET their own key",
           test_many_connections);
    ht_run("connections: closing 500 of them abruptly leaves the other 500 working",
           test_close_half_abruptly);
    ht_run("connections: connected_clients comes back to the expected count",
           test_connected_clients_count);
    ht_run("connections: a client that sends half a command then disconnects leaves the server "
           "answering others",
           test_half_command_then_disconnect);
    ht_run("connections: a command sent in two halves completes while others are served",
           test_partial_command_completes_later);
    ht_run("connections: 200 commands cut at different places and finished in another order",
           test_many_split_commands);
    ht_run("connections: QUIT in a pipeline answers what came before and runs nothing after",
           test_quit_in_pipeline);
    ht_run("connections: a client that closes with replies unread does not disturb the server",
           test_close_with_unread_replies);
    ht_run("connections: a client past client-query-buffer-limit is closed, others go on",
           test_query_buffer_limit);
    ht_run("connections: 1000 short-lived connections are counted and released",
           test_connection_churn);
    /* Whatever a failed test left open. */
    for (int i = 0; i < NCONN; i++)
        if (conns[i]) redisFree(conns[i]);
    return ht_finish();
}
