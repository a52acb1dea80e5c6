/* test_pipeline.c -- long pipelines: 100,000 SET then 100,000 GET with
 * binary keys and values, and mixed pipelines whose replies the test works
 * out from a model of the keyspace. */
#include "hitest.h"

#include <unistd.h>

#define BIN_COUNT 100000

/* --- binary keys and values ---------------------------------------------- */

/* Key i: a prefix with NUL, CR and LF, i in four big-endian bytes (which
 * makes it unique), then a tail; every 1000th key's tail holds all 256 byte
 * values. Returns the length; buf has room for 512 bytes. */
static size_t bin_key(uint32_t i, char *buf) {
    static const char prefix[] = "bin\0key\r\n"; /* 9 bytes */
    size_t n = sizeof(prefix) - 1;
    memcpy(buf, prefix, n);
    buf[n++] = (char)(i >> 24);
    buf[n++] = (char)(i >> 16);
    buf[n++] = (char)(i >> 8);
    buf[n++] = (char)i;
    size_t tail = (i % 1000 == 0) ? 256 : i % 7;
    for (size_t j = 0; j < tail; j++) buf[n++] = (char)(unsigned char)((i + j * 37) & 0xff);
    return n;
}

/* Value i: 0 to 599 bytes. Starts with bytes that look like protocol
 * ("\r\n$-1\r\n" and friends), then bytes from ht_fill (all 256 values
 * when long enough). buf has room for 1024 bytes. */
static size_t bin_value(uint32_t i, char *buf) {
    static const char lookalike[] = "\r\n$-1\r\n\0*2\r\n+OK\r\n-ERR x\r\n:7\r\n";
    uint64_t st = i;
    size_t len = (size_t)(ht_splitmix(&st) % 600);
    if (i % 97 == 0) len = 0;
    size_t head = sizeof(lookalike) - 1;
    if (head > len) head = len;
    memcpy(buf, lookalike + (sizeof(lookalike) - 1 - head), head);
    ht_fill(buf + head, len - head, (uint64_t)i * 7919 + 1);
    return len;
}

static int test_binary_set_get(void) {
    int rc = HT_FAIL;
    char key[512], val[1024], what[128];
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;

    /* 100,000 SETs in one pipeline, then every reply in order. */
    for (uint32_t i = 0; i < BIN_COUNT; i++) {
        size_t klen = bin_key(i, key), vlen = bin_value(i, val);
        const char *argv[3] = {"SET", key, val};
        size_t lens[3] = {3, klen, vlen};
        if (redisAppendCommandArgv(c, 3, argv, lens) != REDIS_OK) {
            ht_fail("appending SET #%u: %s", i, c->errstr);
            goto done;
        }
    }
    for (uint32_t i = 0; i < BIN_COUNT; i++) {
        snprintf(what, sizeof(what), "reply to pipelined SET #%u", i);
        if (!ht_check_status(c, ht_next(c), "OK", what)) goto done;
    }
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), BIN_COUNT, "DBSIZE after the SETs")) goto done;

    /* 100,000 GETs in one pipeline; each reply is its own key's value. */
    for (uint32_t i = 0; i < BIN_COUNT; i++) {
        size_t klen = bin_key(i, key);
        const char *argv[2] = {"GET", key};
        size_t lens[2] = {3, klen};
        if (redisAppendCommandArgv(c, 2, argv, lens) != REDIS_OK) {
            ht_fail("appending GET #%u: %s", i, c->errstr);
            goto done;
        }
    }
    for (uint32_t i = 0; i < BIN_COUNT; i++) {
        size_t vlen = bin_value(i, val);
        snprintf(what, sizeof(what), "reply to pipelined GET #%u", i);
        if (!ht_check_bulk(c, ht_next(c), val, vlen, what)) goto done;
    }

    /* The same keys in reverse order through MGET, 1000 at a time. */
    for (uint32_t base = 0; base < BIN_COUNT; base += 1000) {
        static char keys[1000][512];
        const char *argv[1001];
        size_t lens[1001];
        argv[0] = "MGET";
        lens[0] = 4;
        for (uint32_t j = 0; j < 1000; j++) {
            uint32_t i = BIN_COUNT - 1 - (base + j);
            lens[j + 1] = bin_key(i, keys[j]);
            argv[j + 1] = keys[j];
        }
        if (redisAppendCommandArgv(c, 1001, argv, lens) != REDIS_OK) {
            ht_fail("appending MGET: %s", c->errstr);
            goto done;
        }
    }
    for (uint32_t base = 0; base < BIN_COUNT; base += 1000) {
        redisReply *r = ht_next(c);
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 1000) {
            char a[512];
            ht_fail("MGET of keys %u..%u: expected array(1000), got %s", base, base + 999,
                    ht_actual(a, sizeof(a), c, r));
            if (r) freeReplyObject(r);
            goto done;
        }
        for (uint32_t j = 0; j < 1000; j++) {
            uint32_t i = BIN_COUNT - 1 - (base + j);
            size_t vlen = bin_value(i, val);
            snprintf(what, sizeof(what), "MGET element for key #%u", i);
            if (!ht_match_bulk(c, r->element[j], val, vlen, what)) {
                freeReplyObject(r);
                goto done;
            }
        }
        freeReplyObject(r);
    }
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* --- mixed pipelines against a model -------------------------------------- */

#define MODEL_KEYS 24
#define MODEL_VAL_MAX 48

typedef enum { K_ABSENT, K_INT, K_STR } keyState;

typedef struct {
    keyState state;
    long long num;             /* K_INT */
    size_t len;                /* K_STR: the stored bytes */
    char str[MODEL_VAL_MAX];
} modelKey;

static modelKey model[MODEL_KEYS];
static char model_names[MODEL_KEYS][16];
static size_t model_name_len[MODEL_KEYS];

/* Values SET stores, with whether INCR takes them (the rule of Redis's
 * string2ll: optional '-', no leading zeros or '+', no spaces, in range). */
static const struct {
    const char *s;
    size_t len;
    int is_int;
    long long v;
} set_values[] = {
    {"0", 1, 1, 0},
    {"12", 2, 1, 12},
    {"-7", 2, 1, -7},
    {"9223372036854775807", 19, 1, LLONG_MAX},
    {"-9223372036854775808", 20, 1, LLONG_MIN},
    {"9223372036854775806", 19, 1, LLONG_MAX - 1},
    {"abc", 3, 0, 0},
    {"", 0, 0, 0},
    {"007", 3, 0, 0},
    {" 1", 2, 0, 0},
    {"1 ", 2, 0, 0},
    {"+1", 2, 0, 0},
    {"-0", 2, 0, 0},
    {"1\0", 2, 0, 0},
    {"9223372036854775808", 19, 0, 0},
    {"-9223372036854775809", 20, 0, 0},
    {"1.5", 3, 0, 0},
    {"\r\n", 2, 0, 0},
    {"0x10", 4, 0, 0},
};
#define SET_VALUES (sizeof(set_values) / sizeof(set_values[0]))

/* Increments for INCRBY/DECRBY, some large enough to overflow. */
static const long long deltas[] = {0, 1, -1, 5, -5, 1000000, -1000000, LLONG_MAX, LLONG_MIN + 1,
                                   LLONG_MAX / 2, -(LLONG_MAX / 2)};
#define DELTAS (sizeof(deltas) / sizeof(deltas[0]))

typedef enum { E_STATUS, E_INT, E_BULK, E_NIL, E_ERROR, E_ARRAY } expKind;

typedef struct {
    expKind kind;
    long long num;
    char text[64];
    size_t len;
    /* E_ARRAY: per element, E_BULK or E_NIL */
    int n;
    struct {
        expKind kind;
        char text[MODEL_VAL_MAX];
        size_t len;
    } el[8];
    char desc[160]; /* the command, for messages */
} expected;

static void model_value_text(int k, char *out, size_t *len) {
    if (model[k].state == K_INT) {
        *len = (size_t)snprintf(out, 32, "%lld", model[k].num);
    } else {
        memcpy(out, model[k].str, model[k].len);
        *len = model[k].len;
    }
}

static void model_reset(void) {
    for (int k = 0; k < MODEL_KEYS; k++) {
        model[k].state = K_ABSENT;
        /* Binary key names: a NUL and a CR LF inside. */
        model_name_len[k] = (size_t)snprintf(model_names[k], sizeof(model_names[k]), "m%02d", k);
        if (k % 3 == 0) {
            model_names[k][model_name_len[k]++] = '\0';
            model_names[k][model_name_len[k]++] = '\r';
            model_names[k][model_name_len[k]++] = '\n';
        }
    }
}

static void model_set_value(int k, size_t vi) {
    if (set_values[vi].is_int) {
        model[k].state = K_INT;
        model[k].num = set_values[vi].v;
    } else {
        model[k].state = K_STR;
        memcpy(model[k].str, set_values[vi].s, set_values[vi].len);
        model[k].len = set_values[vi].len;
    }
}

/* INCRBY by d on key k: the reply Redis 7.0 gives, applied to the model. */
static void model_incrby(int k, long long d, expected *e) {
    long long cur = 0;
    if (model[k].state == K_STR) {
        e->kind = E_ERROR;
        strcpy(e->text, "ERR value is not an integer or out of range");
        return;
    }
    if (model[k].state == K_INT) cur = model[k].num;
    if ((d < 0 && cur < 0 && d < LLONG_MIN - cur) || (d > 0 && cur > 0 && d > LLONG_MAX - cur)) {
        e->kind = E_ERROR;
        strcpy(e->text, "ERR increment or decrement would overflow");
        return;
    }
    model[k].state = K_INT;
    model[k].num = cur + d;
    e->kind = E_INT;
    e->num = model[k].num;
}

/* Builds one random command into argv/lens (storage in `store`) and what
 * it must answer. */
static int make_op(uint64_t *rng, const char **argv, size_t *lens, char store[][40], expected *e) {
    int op = (int)(ht_splitmix(rng) % 100);
    int k = (int)(ht_splitmix(rng) % MODEL_KEYS);
    int argc;
    e->n = 0;
    argv[1] = model_names[k];
    lens[1] = model_name_len[k];
    if (op < 18) { /* INCR / DECR */
        int up = op < 12;
        argv[0] = up ? "INCR" : "DECR";
        argc = 2;
        model_incrby(k, up ? 1 : -1, e);
    } else if (op < 28) { /* INCRBY / DECRBY */
        int up = op < 23;
        long long d = deltas[ht_splitmix(rng) % DELTAS];
        argv[0] = up ? "INCRBY" : "DECRBY";
        lens[2] = (size_t)snprintf(store[0], 40, "%lld", d);
        argv[2] = store[0];
        argc = 3;
        /* DECRBY d is INCRBY -d; LLONG_MIN is not among the deltas. */
        model_incrby(k, up ? d : -d, e);
    } else if (op < 43) { /* GET */
        argv[0] = "GET";
        argc = 2;
        if (model[k].state == K_ABSENT) {
            e->kind = E_NIL;
        } else {
            e->kind = E_BULK;
            model_value_text(k, e->text, &e->len);
        }
    } else if (op < 55) { /* SET */
        size_t vi = ht_splitmix(rng) % SET_VALUES;
        argv[0] = "SET";
        argv[2] = set_values[vi].s;
        lens[2] = set_values[vi].len;
        argc = 3;
        model_set_value(k, vi);
        e->kind = E_STATUS;
        strcpy(e->text, "OK");
    } else if (op < 67) { /* DEL of 1..4 keys, maybe repeated */
        int n = 1 + (int)(ht_splitmix(rng) % 4);
        long long deleted = 0;
        argv[0] = "DEL";
        for (int j = 0; j < n; j++) {
            int kj = j == 0 ? k : (int)(ht_splitmix(rng) % MODEL_KEYS);
            argv[1 + j] = model_names[kj];
            lens[1 + j] = model_name_len[kj];
            if (model[kj].state != K_ABSENT) {
                deleted++;
                model[kj].state = K_ABSENT;
            }
        }
        argc = 1 + n;
        e->kind = E_INT;
        e->num = deleted;
    } else if (op < 79) { /* EXISTS of 1..5 keys; a repeated key counts again */
        int n = 1 + (int)(ht_splitmix(rng) % 5);
        long long count = 0;
        argv[0] = "EXISTS";
        for (int j = 0; j < n; j++) {
            int kj = j == 0 ? k : (int)(ht_splitmix(rng) % MODEL_KEYS);
            argv[1 + j] = model_names[kj];
            lens[1 + j] = model_name_len[kj];
            if (model[kj].state != K_ABSENT) count++;
        }
        argc = 1 + n;
        e->kind = E_INT;
        e->num = count;
    } else if (op < 92) { /* MGET of 1..8 keys */
        int n = 1 + (int)(ht_splitmix(rng) % 8);
        argv[0] = "MGET";
        e->kind = E_ARRAY;
        e->n = n;
        for (int j = 0; j < n; j++) {
            int kj = j == 0 ? k : (int)(ht_splitmix(rng) % MODEL_KEYS);
            argv[1 + j] = model_names[kj];
            lens[1 + j] = model_name_len[kj];
            if (model[kj].state == K_ABSENT) {
                e->el[j].kind = E_NIL;
            } else {
                e->el[j].kind = E_BULK;
                model_value_text(kj, e->el[j].text, &e->el[j].len);
            }
        }
        argc = 1 + n;
    } else { /* MSET of 1..3 pairs; a later pair for the same key wins */
        int n = 1 + (int)(ht_splitmix(rng) % 3);
        argv[0] = "MSET";
        for (int j = 0; j < n; j++) {
            int kj = j == 0 ? k : (int)(ht_splitmix(rng) % MODEL_KEYS);
            size_t vi = ht_splitmix(rng) % SET_VALUES;
            argv[1 + 2 * j] = model_names[kj];
            lens[1 + 2 * j] = model_name_len[kj];
            argv[2 + 2 * j] = set_values[vi].s;
            lens[2 + 2 * j] = set_values[vi].len;
            model_set_value(kj, vi);
        }
        argc = 1 + 2 * n;
        e->kind = E_STATUS;
        strcpy(e->text, "OK");
    }
    lens[0] = strlen(argv[0]);
    /* Remember the command for failure messages. */
    size_t pos = 0;
    e->desc[0] = '\0';
    for (int j = 0; j < argc && pos + 20 < sizeof(e->desc); j++) {
        char q[80];
        pos += (size_t)snprintf(e->desc + pos, sizeof(e->desc) - pos, "%s%s", j ? " " : "",
                                j ? ht_quote(q, sizeof(q), argv[j], lens[j]) : argv[j]);
    }
    return argc;
}

static int check_expected(redisContext *c, redisReply *r, const expected *e, const char *what) {
    char a[512];
    switch (e->kind) {
    case E_STATUS: return ht_check_status(c, r, e->text, what);
    case E_INT: return ht_check_int(c, r, e->num, what);
    case E_NIL: return ht_check_nil(c, r, what);
    case E_BULK: return ht_check_bulk(c, r, e->text, e->len, what);
    case E_ERROR: return ht_check_error(c, r, e->text, what);
    case E_ARRAY:
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != (size_t)e->n) {
            ht_fail("%s: expected array(%d), got %s", what, e->n, ht_actual(a, sizeof(a), c, r));
            if (r) freeReplyObject(r);
            return 0;
        }
        for (int j = 0; j < e->n; j++) {
            const redisReply *el = r->element[j];
            char ewhat[300];
            snprintf(ewhat, sizeof(ewhat), "%s: element %d", what, j);
            int ok = e->el[j].kind == E_NIL
                         ? el->type == REDIS_REPLY_NIL
                         : ht_match_bulk(c, el, e->el[j].text, e->el[j].len, ewhat);
            if (!ok) {
                if (e->el[j].kind == E_NIL)
                    ht_fail("%s: expected nil, got %s", ewhat, ht_describe(a, sizeof(a), el));
                freeReplyObject(r);
                return 0;
            }
        }
        freeReplyObject(r);
        return 1;
    }
    return 0;
}

#define MIXED_OPS 60000
#define MIXED_SEED 0x5eed2024u

static int test_mixed_pipeline(void) {
    int rc = HT_FAIL;
    uint64_t rng = MIXED_SEED;
    expected *exp = calloc(1000, sizeof(*exp));
    redisContext *c = ht_connect();
    if (!c || !exp) goto done;
    if (!ht_flushall(c)) goto done;
    model_reset();
    int done_ops = 0, batches = 0, not_int = 0, overflow = 0, nils = 0;
    while (done_ops < MIXED_OPS) {
        /* Batches of 1..1000 commands, the replies read after each. */
        int n = 1 + (int)(ht_splitmix(&rng) % 1000);
        if (n > MIXED_OPS - done_ops) n = MIXED_OPS - done_ops;
        for (int j = 0; j < n; j++) {
            const char *argv[20];
            size_t lens[20];
            char store[2][40];
            int argc = make_op(&rng, argv, lens, store, &exp[j]);
            if (redisAppendCommandArgv(c, argc, argv, lens) != REDIS_OK) {
                ht_fail("appending a command: %s", c->errstr);
                goto done;
            }
        }
        for (int j = 0; j < n; j++) {
            char what[256];
            snprintf(what, sizeof(what), "op #%d (%s, seed %#x)", done_ops + j, exp[j].desc,
                     MIXED_SEED);
            if (exp[j].kind == E_ERROR) {
                if (strstr(exp[j].text, "overflow")) overflow++;
                else not_int++;
            }
            if (exp[j].kind == E_NIL) nils++;
            if (!check_expected(c, ht_next(c), &exp[j], what)) goto done;
        }
        done_ops += n;
        batches++;
    }
    /* The keyspace ends as the model says. */
    long long live = 0;
    for (int k = 0; k < MODEL_KEYS; k++) live += model[k].state != K_ABSENT;
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), live, "DBSIZE after the mixed pipelines"))
        goto done;
    ht_note("%d commands in %d pipelines (%d not-an-integer errors, %d overflow errors, %d nil "
            "GETs), %lld keys left",
            done_ops, batches, not_int, overflow, nils, live);
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    free(exp);
    if (c) redisFree(c);
    return rc;
}

/* Errors in the middle of a pipeline come back in their place, and the
 * commands after them run. */
static int test_errors_in_pipeline(void) {
    int rc = HT_FAIL;
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    redisAppendCommand(c, "SET pl:a 10");
    redisAppendCommand(c, "GET");
    redisAppendCommand(c, "INCR pl:a");
    redisAppendCommand(c, "nosuch x");
    redisAppendCommand(c, "SET pl:s hello");
    redisAppendCommand(c, "INCR pl:s");
    redisAppendCommand(c, "MGET pl:a pl:s pl:none");
    redisAppendCommand(c, "INCRBY pl:a notanumber");
    redisAppendCommand(c, "DEL pl:a pl:a pl:none");
    redisAppendCommand(c, "EXISTS pl:a pl:s pl:s");
    redisAppendCommand(c, "PING");
    if (!ht_check_status(c, ht_next(c), "OK", "SET pl:a 10")) goto done;
    if (!ht_check_error(c, ht_next(c), "ERR wrong number of arguments for 'get' command", "GET"))
        goto done;
    if (!ht_check_int(c, ht_next(c), 11, "INCR pl:a")) goto done;
    if (!ht_check_error(c, ht_next(c),
                        "ERR unknown command 'nosuch', with args beginning with: 'x' ", "nosuch x"))
        goto done;
    if (!ht_check_status(c, ht_next(c), "OK", "SET pl:s hello")) goto done;
    if (!ht_check_error(c, ht_next(c), "ERR value is not an integer or out of range", "INCR pl:s"))
        goto done;
    redisReply *r = ht_next(c);
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 3 ||
        !ht_match_bulk(c, r->element[0], "11", 2, "MGET element 0") ||
        !ht_match_bulk(c, r->element[1], "hello", 5, "MGET element 1") ||
        r->element[2]->type != REDIS_REPLY_NIL) {
        char a[512];
        ht_fail("MGET pl:a pl:s pl:none: expected [\"11\", \"hello\", nil], got %s",
                ht_actual(a, sizeof(a), c, r));
        if (r) freeReplyObject(r);
        goto done;
    }
    freeReplyObject(r);
    if (!ht_check_error(c, ht_next(c), "ERR value is not an integer or out of range",
                        "INCRBY pl:a notanumber"))
        goto done;
    if (!ht_check_int(c, ht_next(c), 1, "DEL pl:a pl:a pl:none")) goto done;
    if (!ht_check_int(c, ht_next(c), 2, "EXISTS pl:a pl:s pl:s")) goto done;
    if (!ht_check_status(c, ht_next(c), "PONG", "PING")) goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* Inline commands and multibulk commands in one write. */
static int test_inline_and_multibulk(void) {
    int rc = HT_FAIL;
    static const char raw[] = "SET inl:a \"x y\"\r\n"
                              "*2\r\n$3\r\nGET\r\n$5\r\ninl:a\r\n"
                              "\r\n"
                              "GET inl:a\n"
                              "INCR inl:n\r\n"
                              "*3\r\n$6\r\nEXISTS\r\n$5\r\ninl:a\r\n$5\r\ninl:n\r\n"
                              "PING\r\n";
    redisContext *c = ht_connect();
    if (!c) return HT_FAIL;
    if (!ht_flushall(c)) goto done;
    if (redisAppendFormattedCommand(c, raw, sizeof(raw) - 1) != REDIS_OK) {
        ht_fail("append: %s", c->errstr);
        goto done;
    }
    if (!ht_check_status(c, ht_next(c), "OK", "inline SET with a quoted value")) goto done;
    if (!ht_check_bulk_str(c, ht_next(c), "x y", "multibulk GET")) goto done;
    if (!ht_check_bulk_str(c, ht_next(c), "x y", "inline GET ended by a bare LF")) goto done;
    if (!ht_check_int(c, ht_next(c), 1, "inline INCR")) goto done;
    if (!ht_check_int(c, ht_next(c), 2, "multibulk EXISTS")) goto done;
    if (!ht_check_status(c, ht_next(c), "PONG", "inline PING")) goto done;
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    redisFree(c);
    return rc;
}

/* A pipeline written a few bytes at a time, each write followed by a round
 * trip on a second connection so that the server most likely sees every
 * piece on its own. */
static int test_pipeline_in_pieces(void) {
    int rc = HT_FAIL;
    char *cmd = NULL;
    redisContext *c = ht_connect();
    redisContext *other = c ? ht_connect() : NULL;
    if (!c || !other) goto done;
    if (!ht_flushall(c)) goto done;
    char val[300];
    ht_fill(val, sizeof(val), 42);
    const char *argv[3] = {"SET", "pieces:k", val};
    size_t lens[3] = {3, 8, sizeof(val)};
    int len = redisFormatCommandArgv(&cmd, 3, argv, lens);
    if (len < 0) {
        ht_fail("redisFormatCommandArgv failed");
        goto done;
    }
    static const char tail[] = "*2\r\n$3\r\nGET\r\n$8\r\npieces:k\r\nPING\r\n";
    size_t total = (size_t)len + sizeof(tail) - 1;
    char *all = malloc(total);
    if (!all) goto done;
    memcpy(all, cmd, (size_t)len);
    memcpy(all + len, tail, sizeof(tail) - 1);
    size_t step = 1, off = 0;
    int pieces = 0;
    while (off < total) {
        size_t n = total - off < step ? total - off : step;
        ssize_t w = write(c->fd, all + off, n);
        if (w <= 0) {
            ht_fail("write: %s", strerror(errno));
            free(all);
            goto done;
        }
        off += (size_t)w;
        pieces++;
        step = step % 13 + 1; /* 1, 2, ... 13 bytes, then again */
        if (!ht_check_status(other, redisCommand(other, "PING"), "PONG", "PING on the other connection")) {
            free(all);
            goto done;
        }
    }
    free(all);
    if (!ht_check_status(c, ht_next(c), "OK", "SET written in pieces")) goto done;
    if (!ht_check_bulk(c, ht_next(c), val, sizeof(val), "GET written in pieces")) goto done;
    if (!ht_check_status(c, ht_next(c), "PONG", "inline PING written in pieces")) goto done;
    ht_note("%d pieces", pieces);
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    if (cmd) redisFreeCommand(cmd);
    if (other) redisFree(other);
    if (c) redisFree(c);
    return rc;
}

/* Arguments of sizes around the server's buffer sizes (16 KB reads, a 32 KB
 * big-argument threshold, 64 KB inline limit, 1 MB), each SET followed by
 * small commands, all in one pipeline. */
static int test_boundary_args_pipelined(void) {
    static const size_t base[] = {16 * 1024, 32 * 1024, 64 * 1024, 1024 * 1024};
    int rc = HT_FAIL, n = 0;
    /* Value n starts at val + n, so no two are alike. */
    size_t maxlen = 1024 * 1024 + 3 + 32;
    char *val = malloc(maxlen);
    redisContext *c = val ? ht_connect() : NULL;
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    ht_fill(val, maxlen, 31);
    for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); b++) {
        for (int d = -3; d <= 3; d++, n++) {
            char key[32];
            snprintf(key, sizeof(key), "edge:%d", n);
            const char *argv[3] = {"SET", key, val + n};
            size_t lens[3] = {3, strlen(key), base[b] + (size_t)d};
            redisAppendCommandArgv(c, 3, argv, lens);
            redisAppendCommand(c, "INCR edge:count");
            redisAppendCommand(c, "PING");
        }
    }
    for (int i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof(key), "edge:%d", i);
        redisAppendCommand(c, "GET %s", key);
    }
    for (int i = 0; i < n; i++) {
        char what[64];
        snprintf(what, sizeof(what), "SET edge:%d", i);
        if (!ht_check_status(c, ht_next(c), "OK", what)) goto done;
        snprintf(what, sizeof(what), "INCR after SET edge:%d", i);
        if (!ht_check_int(c, ht_next(c), i + 1, what)) goto done;
        snprintf(what, sizeof(what), "PING after SET edge:%d", i);
        if (!ht_check_status(c, ht_next(c), "PONG", what)) goto done;
    }
    n = 0;
    for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); b++) {
        for (int d = -3; d <= 3; d++, n++) {
            char what[64];
            size_t len = base[b] + (size_t)d;
            snprintf(what, sizeof(what), "GET edge:%d (%zu bytes)", n, len);
            if (!ht_check_bulk(c, ht_next(c), val + n, len, what)) goto done;
        }
    }
    if (!ht_flushall(c)) goto done;
    rc = HT_PASS;
done:
    if (c) redisFree(c);
    free(val);
    return rc;
}

/* One MSET of 50,000 pairs, one MGET of 100,000 keys (half missing), one
 * DEL and one EXISTS of as many. */
#define HUGE_PAIRS 50000
static int test_huge_argc(void) {
    int rc = HT_FAIL, argc = 1 + 2 * HUGE_PAIRS;
    const char **argv = malloc(sizeof(*argv) * (size_t)(2 * HUGE_PAIRS + 1));
    size_t *lens = malloc(sizeof(*lens) * (size_t)(2 * HUGE_PAIRS + 1));
    char (*names)[24] = malloc(24 * (size_t)(2 * HUGE_PAIRS));
    redisReply *r = NULL;
    redisContext *c = (argv && lens && names) ? ht_connect() : NULL;
    if (!c) goto done;
    if (!ht_flushall(c)) goto done;
    for (int i = 0; i < 2 * HUGE_PAIRS; i++) snprintf(names[i], 24, "argc:%d", i);
    /* MSET argc:0 argc:1 argc:2 argc:3 ...: key argc:2i gets value argc:2i+1. */
    argv[0] = "MSET";
    for (int i = 0; i < 2 * HUGE_PAIRS; i++) {
        argv[1 + i] = names[i];
        lens[1 + i] = strlen(names[i]);
    }
    lens[0] = 4;
    if (!ht_check_status(c, redisCommandArgv(c, argc, argv, lens), "OK", "MSET of 50000 pairs"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), HUGE_PAIRS, "DBSIZE after the MSET")) goto done;
    argv[0] = "MGET";
    r = redisCommandArgv(c, argc, argv, lens);
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 * HUGE_PAIRS) {
        char a[512];
        ht_fail("MGET of 100000 keys: expected array(100000), got %s", ht_actual(a, sizeof(a), c, r));
        goto done;
    }
    for (int i = 0; i < 2 * HUGE_PAIRS; i++) {
        const redisReply *el = r->element[i];
        char what[64];
        snprintf(what, sizeof(what), "MGET element %d", i);
        if (i % 2 == 0) {
            if (!ht_match_bulk(c, el, names[i + 1], strlen(names[i + 1]), what)) goto done;
        } else if (el->type != REDIS_REPLY_NIL) {
            char a[256];
            ht_fail("%s (key argc:%d was never set): expected nil, got %s", what, i,
                    ht_describe(a, sizeof(a), el));
            goto done;
        }
    }
    freeReplyObject(r);
    r = NULL;
    argv[0] = "EXISTS";
    lens[0] = 6;
    if (!ht_check_int(c, redisCommandArgv(c, argc, argv, lens), HUGE_PAIRS, "EXISTS of 100000 keys"))
        goto done;
    argv[0] = "DEL";
    lens[0] = 3;
    if (!ht_check_int(c, redisCommandArgv(c, argc, argv, lens), HUGE_PAIRS, "DEL of 100000 keys"))
        goto done;
    if (!ht_check_int(c, redisCommand(c, "DBSIZE"), 0, "DBSIZE after the DEL")) goto done;
    rc = HT_PASS;
done:
    if (r) freeReplyObject(r);
    if (c) redisFree(c);
    free(argv);
    free(lens);
    free(names);
    return rc;
}

int main(int argc, char **argv) {
    ht_parse_options(argc, argv);
    ht_run("pipeline: 100000 SET then 100000 GET with binary keys and values", test_binary_set_get);
    ht_run("pipeline: mixed INCR/DECR/GET/SET/DEL/EXISTS/MGET/MSET against a model",
           test_mixed_pipeline);
    ht_run("pipeline: error replies keep their place and the connection stays usable",
           test_errors_in_pipeline);
    ht_run("pipeline: inline and multibulk commands in one write", test_inline_and_multibulk);
    ht_run("pipeline: commands written a few bytes at a time", test_pipeline_in_pieces);
    ht_run("pipeline: arguments at buffer-size boundaries between small commands",
           test_boundary_args_pipelined);
    ht_run("pipeline: MSET of 50000 pairs, MGET/EXISTS/DEL of 100000 keys", test_huge_argc);
    return ht_finish();
}
