/* test_large_values.c -- values of 1 MB, 16 MB and 100 MB go in and come
 * out byte for byte, alone, pipelined, through MGET and SET ... GET, and a
 * 100 MB upload and download leave another connection answered all along. */
#include "hitest.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#define MB (1024 * 1024)

static char *make_value(size_t len, uint64_t seed) {
    char *p = malloc(len ? len : 1);
    if (!p) {
        ht_fail("out of memory allocating %zu bytes", len);
        return NULL;
    }
    ht_fill(p, len, seed);
    return p;
}

static redisReply *set_bin(redisContext *c, const char *key, const char *val, size_t len) {
    const char *argv[3] = {"SET", key, val};
    size_t lens[3] = {3, strlen(key), len};
    return redisCommandArgv(c, 3, argv, lens);
}

/* SET then GET of one value of `len` bytes, compared with memcmp. */
static int roundtrip(size_t len, uint64_t seed) {
    int rc = HT_FAIL;
    char what[64];
    char *val = make_value(len, seed);
    redisContext *c = val ? ht_connect() : NULL;
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    snprintf(what, sizeof(what), "SET of %zu bytes", len);
    if (!ht_check_status(c, set_bin(c, "large:v", val, len), "OK", what)) goto done;
    snprintf(what, sizeof(what), "GET of %zu bytes", len);
    ht_reserve_reply(c, len);
    if (!ht_check_bulk(c, redisCommand(c, "GET large:v"), val, len, what)) goto done;
    ht_release_reply(c);
    /* And once more from a fresh connection. */
    redisFree(c);
    c = ht_connect();
    if (!c) goto done;
    snprintf(what, sizeof(what), "GET of %zu bytes from a new connection", len);
    ht_reserve_reply(c, len);
    if (!ht_check_bulk(c, redisCommand(c, "GET large:v"), val, len, what)) goto done;
    ht_release_reply(c);
    if (!ht_check_int(c, redisCommand(c, "DEL large:v"), 1, "DEL large:v")) goto done;
    if (!ht_check_nil(c, redisCommand(c, "GET large:v"), "GET large:v after DEL")) goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(val);
    return rc;
}

static int test_1mb(void) { return roundtrip(1 * MB, 1); }
static int test_16mb(void) { return roundtrip(16 * MB, 16); }
static int test_100mb(void) { return roundtrip(100 * MB, 100); }

/* Sizes around the server's and hiredis's buffer sizes (16 KB reads,
 * 32 KB big-argument threshold, 1 MB writes) and one byte either side. */
static int test_boundary_sizes(void) {
    static const size_t base[] = {16 * 1024, 32 * 1024, 64 * 1024, 1 * MB, 4 * MB};
    int rc = HT_FAIL;
    char *val = make_value(4 * MB + 1, 7);
    redisContext *c = val ? ht_connect() : NULL;
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); b++) {
        for (int d = -1; d <= 1; d++) {
            size_t len = base[b] + (size_t)d;
            char what[64];
            snprintf(what, sizeof(what), "SET of %zu bytes", len);
            if (!ht_check_status(c, set_bin(c, "large:edge", val, len), "OK", what)) goto done;
            snprintf(what, sizeof(what), "GET of %zu bytes", len);
            if (!ht_check_bulk(c, redisCommand(c, "GET large:edge"), val, len, what)) goto done;
        }
    }
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(val);
    return rc;
}

/* 24 values of 1 MB + i bytes: SETs in one pipeline, GETs in another, then
 * all of them through one MGET. */
#define PIPE_VALUES 24
static int test_pipelined_large(void) {
    int rc = HT_FAIL;
    char *val = make_value(1 * MB + PIPE_VALUES, 99);
    redisContext *c = val ? ht_connect() : NULL;
    char keys[PIPE_VALUES][32];
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    for (int i = 0; i < PIPE_VALUES; i++) {
        snprintf(keys[i], sizeof(keys[i]), "large:p:%d", i);
        /* Each value starts at a different offset, so none is another's. */
        const char *argv[3] = {"SET", keys[i], val + i};
        size_t lens[3] = {3, strlen(keys[i]), (size_t)1 * MB};
        redisAppendCommandArgv(c, 3, argv, lens);
    }
    for (int i = 0; i < PIPE_VALUES; i++) {
        char what[64];
        snprintf(what, sizeof(what), "pipelined SET %.32s", keys[i]);
        if (!ht_check_status(c, ht_next(c), "OK", what)) goto done;
    }
    for (int i = PIPE_VALUES - 1; i >= 0; i--) redisAppendCommand(c, "GET %s", keys[i]);
    for (int i = PIPE_VALUES - 1; i >= 0; i--) {
        char what[64];
        snprintf(what, sizeof(what), "pipelined GET %.32s", keys[i]);
        if (!ht_check_bulk(c, ht_next(c), val + i, 1 * MB, what)) goto done;
    }
    const char *argv[PIPE_VALUES + 2];
    argv[0] = "MGET";
    for (int i = 0; i < PIPE_VALUES; i++) argv[i + 1] = keys[i];
    argv[PIPE_VALUES + 1] = "large:p:none";
    ht_reserve_reply(c, (size_t)PIPE_VALUES * (MB + 32));
    redisReply *r = ht_cmdv(c, PIPE_VALUES + 2, argv);
    ht_release_reply(c);
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != PIPE_VALUES + 1) {
        char a[512];
        ht_fail("MGET of %d large keys and a missing one: expected array(%d), got %s",
                PIPE_VALUES, PIPE_VALUES + 1, ht_actual(a, sizeof(a), c, r));
        if (r) freeReplyObject(r);
        goto done;
    }
    for (int i = 0; i < PIPE_VALUES; i++) {
        char what[64];
        snprintf(what, sizeof(what), "MGET element %d", i);
        if (!ht_match_bulk(c, r->element[i], val + i, 1 * MB, what)) {
            freeReplyObject(r);
            goto done;
        }
    }
    if (r->element[PIPE_VALUES]->type != REDIS_REPLY_NIL) {
        char a[512];
        ht_fail("MGET element for a missing key: expected nil, got %s",
                ht_describe(a, sizeof(a), r->element[PIPE_VALUES]));
        freeReplyObject(r);
        goto done;
    }
    freeReplyObject(r);
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(val);
    return rc;
}

/* SET k v2 GET answers the old 16 MB value; a 1 MB key works too. */
static int test_set_get_and_large_key(void) {
    int rc = HT_FAIL;
    size_t len = 16 * MB;
    char *v1 = make_value(len, 11), *v2 = v1 ? make_value(len + 3, 12) : NULL;
    char *key = v2 ? make_value(1 * MB, 13) : NULL;
    redisContext *c = key ? ht_connect() : NULL;
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    if (!ht_check_status(c, set_bin(c, "large:sg", v1, len), "OK", "SET large:sg (16 MB)")) goto done;
    ht_reserve_reply(c, len + 3);
    {
        const char *argv[4] = {"SET", "large:sg", v2, "GET"};
        size_t lens[4] = {3, 8, len + 3, 3};
        if (!ht_check_bulk(c, redisCommandArgv(c, 4, argv, lens), v1, len,
                           "SET large:sg <16 MB + 3> GET: the old value"))
            goto done;
    }
    if (!ht_check_bulk(c, redisCommand(c, "GET large:sg"), v2, len + 3, "GET large:sg after SET GET"))
        goto done;
    if (!ht_check_status(c, redisCommand(c, "SET large:sg small"), "OK", "SET large:sg small"))
        goto done;
    if (!ht_check_bulk_str(c, redisCommand(c, "GET large:sg"), "small", "GET after overwriting 16 MB"))
        goto done;
    {
        const char *argv[3] = {"SET", key, "value-of-a-1MB-key"};
        size_t lens[3] = {3, 1 * MB, 18};
        if (!ht_check_status(c, redisCommandArgv(c, 3, argv, lens), "OK", "SET with a 1 MB key"))
            goto done;
        const char *gargv[2] = {"GET", key};
        if (!ht_check_bulk_str(c, redisCommandArgv(c, 2, gargv, lens), "value-of-a-1MB-key",
                               "GET with a 1 MB key"))
            goto done;
        /* The same key but its last byte: another key. */
        key[1 * MB - 1] ^= 1;
        if (!ht_check_nil(c, redisCommandArgv(c, 2, gargv, lens), "GET with the 1 MB key changed in its last byte"))
            goto done;
        key[1 * MB - 1] ^= 1;
        const char *eargv[2] = {"EXISTS", key};
        size_t elens[2] = {6, 1 * MB};
        if (!ht_check_int(c, redisCommandArgv(c, 2, eargv, elens), 1, "EXISTS with a 1 MB key"))
            goto done;
    }
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), 2, "DBSIZE")) goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(v1);
    free(v2);
    free(key);
    return rc;
}

/* --- a 100 MB transfer while another connection is served ---------------- */

static int set_blocking(redisContext *c, int blocking) {
    int fl = fcntl(c->fd, F_GETFL);
    if (fl == -1) return 0;
    fl = blocking ? (fl & ~O_NONBLOCK) : (fl | O_NONBLOCK);
    if (fcntl(c->fd, F_SETFL, fl) == -1) return 0;
    if (blocking) c->flags |= REDIS_BLOCK;
    else c->flags &= ~REDIS_BLOCK;
    return 1;
}

/* Waits until fd is ready for `events`; 0 after ht_fail() on a time-out. */
static int wait_fd(int fd, short events, const char *what) {
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int n = poll(&p, 1, ht_opt.timeout_sec * 1000);
        if (n > 0) return 1;
        if (n == -1 && errno == EINTR) continue;
        ht_fail("%s: %s", what, n == 0 ? "timed out waiting for the socket" : strerror(errno));
        return 0;
    }
}

/* The other connection's round trip: PING, and unless `exists` is -1 the
 * big key must look as it says. */
static int other_is_served(redisContext *b, long long exists, long *trips) {
    if (!ht_check_status(b, redisCommand(b, "PING"), "PONG", "PING on the other connection"))
        return 0;
    if (exists >= 0 && !ht_check_int(b, redisCommand(b, "EXISTS large:conc"), exists,
                                     "EXISTS large:conc on the other connection"))
        return 0;
    (*trips)++;
    return 1;
}

/* Reads one reply on the non-blocking context a, letting b make a round
 * trip every 16 reads (and before the first). With `after_first` set,
 * calls it once as soon as the first bytes of the reply are in. */
static redisReply *read_interleaved(redisContext *a, redisContext *b, long long exists, long *trips,
                                    int (*after_first)(redisContext *), const char *what) {
    long reads = 0;
    for (;;) {
        void *reply = NULL;
        if (redisReaderGetReply(a->reader, &reply) != REDIS_OK) {
            ht_fail("%s: protocol error reading the reply: %s", what, a->reader->errstr);
            return NULL;
        }
        if (reply) return reply;
        if (reads % 16 == 0 && !other_is_served(b, exists, trips)) return NULL;
        if (!wait_fd(a->fd, POLLIN, what)) return NULL;
        if (redisBufferRead(a) != REDIS_OK) {
            ht_fail("%s: reading: %s", what, a->errstr);
            return NULL;
        }
        if (reads++ == 0 && after_first && !after_first(b)) return NULL;
    }
}

/* Once the first bytes of the GET reply have come, the whole reply has been
 * made: overwriting the key must not change what is still being sent. */
static int overwrite_during_download(redisContext *b) {
    return ht_check_status(b, redisCommand(b, "SET large:conc replaced"), "OK",
                           "SET large:conc replaced on the other connection, mid-download");
}

static int test_100mb_with_other_client(void) {
    int rc = HT_FAIL;
    size_t len = 100 * MB;
    char *cmd = NULL;
    redisReply *r = NULL;
    char *val = make_value(len, 0xb16);
    redisContext *a = val ? ht_connect() : NULL;
    redisContext *b = a ? ht_connect() : NULL;
    if (!b) goto done;
    if (!ht_flushall(b)) goto done;

    /* Upload: at most 1 MB per write, and the other connection makes a
     * round trip after every write. Until the last byte is in, the key
     * does not exist. */
    const char *argv[3] = {"SET", "large:conc", val};
    size_t lens[3] = {3, 10, len};
    int cmdlen = redisFormatCommandArgv(&cmd, 3, argv, lens);
    if (cmdlen < 0) {
        ht_fail("redisFormatCommandArgv failed");
        goto done;
    }
    if (!set_blocking(a, 0)) {
        ht_fail("fcntl: %s", strerror(errno));
        goto done;
    }
    long up_trips = 0, writes = 0;
    size_t off = 0;
    while (off < (size_t)cmdlen) {
        size_t n = (size_t)cmdlen - off;
        if (n > 1 * MB) n = 1 * MB;
        ssize_t w = write(a->fd, cmd + off, n);
        if (w == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            ht_fail("writing the 100 MB SET at offset %zu: %s", off, strerror(errno));
            goto done;
        }
        if (w > 0) {
            off += (size_t)w;
            writes++;
        }
        if (off == (size_t)cmdlen) break;
        if (!other_is_served(b, 0, &up_trips)) goto done;
        if (w <= 0 && !wait_fd(a->fd, POLLOUT, "uploading 100 MB")) goto done;
    }
    r = read_interleaved(a, b, -1, &up_trips, NULL, "reply to the 100 MB SET");
    if (!r) goto done;
    if (!ht_check_status(a, r, "OK", "reply to the 100 MB SET")) {
        r = NULL;
        goto done;
    }
    r = NULL;
    if (!ht_check_int(b, redisCommand(b, "EXISTS large:conc"), 1, "EXISTS large:conc after the SET"))
        goto done;

    /* Download: the other connection makes a round trip every 16 reads
     * and overwrites the key once the reply has begun. */
    long down_trips = 0;
    if (redisAppendCommand(a, "GET large:conc") != REDIS_OK) {
        ht_fail("append GET: %s", a->errstr);
        goto done;
    }
    int wdone = 0;
    while (!wdone) {
        if (redisBufferWrite(a, &wdone) != REDIS_OK) {
            ht_fail("writing GET: %s", a->errstr);
            goto done;
        }
        if (!wdone && !wait_fd(a->fd, POLLOUT, "writing GET")) goto done;
    }
    ht_reserve_reply(a, len);
    r = read_interleaved(a, b, 1, &down_trips, overwrite_during_download, "reply to the 100 MB GET");
    ht_release_reply(a);
    if (!r) goto done;
    if (!ht_check_bulk(a, r, val, len, "the 100 MB GET read while the other connection worked")) {
        r = NULL;
        goto done;
    }
    r = NULL;
    if (up_trips < 2 || down_trips < 2) {
        ht_fail("the other connection made only %ld round trips during the upload and %ld during "
                "the download; expected at least 2 each",
                up_trips, down_trips);
        goto done;
    }
    ht_note("%ld writes; other connection's round trips: %ld during upload, %ld during download",
            writes, up_trips, down_trips);

    /* Both connections still work normally. */
    if (!set_blocking(a, 1)) {
        ht_fail("fcntl: %s", strerror(errno));
        goto done;
    }
    if (!ht_check_bulk_str(a, redisCommand(a, "GET large:conc"), "replaced", "GET large:conc afterwards"))
        goto done;
    if (!ht_check_int(b, redisCommand(b, "DEL large:conc"), 1, "DEL large:conc")) goto done;
    if (!ht_check_status(a, redisCommand(a, "PING"), "PONG", "PING afterwards")) goto done;
    rc = HT_PASS;
done:
    if (r) freeReplyObject(r);
    if (cmd) redisFreeCommand(cmd);
    if (b) redisFree(b);
    if (a) redisFree(a);
    free(val);
    return rc;
}

/* 32 connections upload a 2 MB value each, 64 KB at a time in turns, then
 * download them all at once in turns: the server juggles 32 half-received
 * arguments, then 32 half-sent replies. */
#define CONC 32
#define CONC_LEN (2 * MB)
static int test_concurrent_large(void) {
    int rc = HT_FAIL;
    redisContext *x[CONC] = {0};
    char *cmd[CONC] = {0};
    size_t cmdlen[CONC], off[CONC];
    redisReply *got[CONC] = {0};
    char *val = make_value(CONC_LEN + CONC * 7, 32);
    redisContext *ctl = val ? ht_connect() : NULL;
    if (!ctl) goto done;
    if (!ht_flushall(ctl)) goto done;
    for (int i = 0; i < CONC; i++) {
        char key[32];
        snprintf(key, sizeof(key), "conc:%d", i);
        const char *argv[3] = {"SET", key, val + i * 7};
        size_t lens[3] = {3, strlen(key), CONC_LEN};
        int n = redisFormatCommandArgv(&cmd[i], 3, argv, lens);
        if (n < 0) goto done;
        cmdlen[i] = (size_t)n;
        off[i] = 0;
        x[i] = ht_connect();
        if (!x[i]) goto done;
        if (!set_blocking(x[i], 0)) {
            ht_fail("fcntl: %s", strerror(errno));
            goto done;
        }
    }
    /* Upload in turns, to whichever sockets take more. */
    for (;;) {
        struct pollfd pf[CONC];
        int map[CONC], n = 0;
        for (int i = 0; i < CONC; i++) {
            if (off[i] < cmdlen[i]) {
                pf[n] = (struct pollfd){.fd = x[i]->fd, .events = POLLOUT};
                map[n++] = i;
            }
        }
        if (n == 0) break;
        int ready = poll(pf, (nfds_t)n, ht_opt.timeout_sec * 1000);
        if (ready <= 0) {
            ht_fail("uploading: %s", ready == 0 ? "timed out waiting for a socket" : strerror(errno));
            goto done;
        }
        for (int j = 0; j < n; j++) {
            int i = map[j];
            if (!(pf[j].revents & (POLLOUT | POLLERR | POLLHUP))) continue;
            size_t chunk = cmdlen[i] - off[i] < 64 * 1024 ? cmdlen[i] - off[i] : 64 * 1024;
            ssize_t w = write(x[i]->fd, cmd[i] + off[i], chunk);
            if (w == -1 && errno != EAGAIN && errno != EINTR) {
                ht_fail("uploading on connection #%d at offset %zu: %s", i, off[i], strerror(errno));
                goto done;
            }
            if (w > 0) off[i] += (size_t)w;
        }
    }
    for (int i = 0; i < CONC; i++) {
        char what[64];
        if (!set_blocking(x[i], 1)) goto done;
        snprintf(what, sizeof(what), "SET conc:%d (2 MB)", i);
        if (!ht_check_status(x[i], ht_next(x[i]), "OK", what)) goto done;
    }
    if (!ht_check_int(ctl, redisCommand(ctl, "DBSIZE"), CONC, "DBSIZE after the uploads")) goto done;
    /* All ask at once, then read in turns from whichever have bytes. */
    for (int i = 0; i < CONC; i++) {
        redisAppendCommand(x[i], "GET conc:%d", i);
        int wdone = 0;
        while (!wdone)
            if (redisBufferWrite(x[i], &wdone) != REDIS_OK) {
                ht_fail("writing GET on connection #%d: %s", i, x[i]->errstr);
                goto done;
            }
        if (!set_blocking(x[i], 0)) goto done;
        ht_reserve_reply(x[i], CONC_LEN);
    }
    for (;;) {
        struct pollfd pf[CONC];
        int map[CONC], n = 0;
        for (int i = 0; i < CONC; i++) {
            if (!got[i]) {
                pf[n] = (struct pollfd){.fd = x[i]->fd, .events = POLLIN};
                map[n++] = i;
            }
        }
        if (n == 0) break;
        int ready = poll(pf, (nfds_t)n, ht_opt.timeout_sec * 1000);
        if (ready <= 0) {
            ht_fail("downloading: %s", ready == 0 ? "timed out waiting for a socket" : strerror(errno));
            goto done;
        }
        for (int j = 0; j < n; j++) {
            int i = map[j];
            if (!pf[j].revents) continue;
            void *reply = NULL;
            if (redisBufferRead(x[i]) != REDIS_OK ||
                redisReaderGetReply(x[i]->reader, &reply) != REDIS_OK) {
                ht_fail("downloading on connection #%d: %s", i,
                        x[i]->err ? x[i]->errstr : x[i]->reader->errstr);
                goto done;
            }
            got[i] = reply;
        }
    }
    for (int i = 0; i < CONC; i++) {
        char what[64];
        snprintf(what, sizeof(what), "GET conc:%d (2 MB) read in turns", i);
        int ok = ht_check_bulk(x[i], got[i], val + i * 7, CONC_LEN, what);
        got[i] = NULL;
        if (!ok) goto done;
    }
    if (!ht_flushall(ctl)) goto done;
    rc = HT_PASS;
done:
    for (int i = 0; i < CONC; i++) {
        if (got[i]) freeReplyObject(got[i]);
        if (x[i]) redisFree(x[i]);
        if (cmd[i]) redisFreeCommand(cmd[i]);
    }
    if (ctl) redisFree(ctl);
    free(val);
    return rc;
}

int main(int argc, char **argv) {
    ht_parse_options(argc, argv);
    ht_run("large values: 1 MB round-trip byte-exact", test_1mb);
    ht_run("large values: 16 MB round-trip byte-exact", test_16mb);
    ht_run("large values: 100 MB round-trip byte-exact", test_100mb);
    ht_run("large values: sizes at buffer boundaries round-trip", test_boundary_sizes);
    ht_run("large values: 24 x 1 MB pipelined SET, GET and one MGET", test_pipelined_large);
    ht_run("large values: SET GET returns the old 16 MB value and a 1 MB key works",
           test_set_get_and_large_key);
    ht_run("large values: 32 connections upload and download 2 MB each in turns",
           test_concurrent_large);
    ht_run("large values: 100 MB SET and GET while another connection keeps getting PONG",
           test_100mb_with_other_client);
    return ht_finish();
}
