/* persist/save_rules.c -- parsing, formatting and checking `save` rules; see
 * save_rules.h. */
#include "persist/save_rules.h"

#include <stdlib.h>
#include <string.h>

#include "lib/zmalloc.h"

void saveRulesFree(saveRules *r) {
    zfree(r->rules);
    r->rules = NULL;
    r->count = 0;
}

static void push(saveRules *r, long long seconds, long long changes) {
    r->rules = zrealloc(r->rules, sizeof(saveRule) * (size_t)(r->count + 1));
    r->rules[r->count++] = (saveRule){seconds, changes};
}

/* strtoll over the whole token; an empty token reads as 0, as in Redis. */
static int parseNumber(const char *p, size_t len, long long *out) {
    char buf[64];
    if (len >= sizeof(buf)) return 0;
    memcpy(buf, p, len);
    buf[len] = '\0';
    char *end;
    *out = strtoll(buf, &end, 10);
    return *end == '\0';
}

/* The tokens of a single argument, split at every space: "1  2" has an
 * empty token in the middle, "" has none. Returns how many; fills tokens
 * up to max. */
static int splitSpaces(slice arg, slice *tokens, int max) {
    if (arg.len == 0) return 0;
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= arg.len; i++) {
        if (i < arg.len && arg.ptr[i] != ' ') continue;
        if (n < max) tokens[n] = (slice){arg.ptr + start, i - start};
        n++;
        start = i + 1;
    }
    return n;
}

static const char *parseTokens(saveRules *out, const slice *tokens, int n) {
    if (n % 2 != 0) return SAVE_RULES_INVALID;
    for (int i = 0; i < n; i += 2) {
        long long seconds, changes;
        if (!parseNumber(tokens[i].ptr, tokens[i].len, &seconds) || seconds < 1 ||
            !parseNumber(tokens[i + 1].ptr, tokens[i + 1].len, &changes) || changes < 0) {
            saveRulesFree(out);
            return SAVE_RULES_INVALID;
        }
        push(out, seconds, changes);
    }
    return NULL;
}

const char *saveRulesParse(saveRules *out, const slice *args, int argc) {
    *out = (saveRules){NULL, 0};
    if (argc != 1) return parseTokens(out, args, argc);
    int n = splitSpaces(args[0], NULL, 0);
    slice *tokens = zmalloc(sizeof(slice) * (size_t)(n ? n : 1));
    splitSpaces(args[0], tokens, n);
    const char *err = parseTokens(out, tokens, n);
    zfree(tokens);
    return err;
}

void saveRulesAppend(saveRules *dst, const saveRules *src) {
    for (int i = 0; i < src->count; i++) push(dst, src->rules[i].seconds, src->rules[i].changes);
}

saveRules saveRulesDup(const saveRules *r) {
    saveRules copy = {NULL, 0};
    saveRulesAppend(&copy, r);
    return copy;
}

sds saveRulesFormat(const saveRules *r) {
    sds s = sdsempty();
    for (int i = 0; i < r->count; i++)
        s = sdscatprintf(s, "%s%lld %lld", i ? " " : "", r->rules[i].seconds,
                         r->rules[i].changes);
    return s;
}

int saveRulesDue(const saveRules *r, long long changes, long long elapsed) {
    for (int i = 0; i < r->count; i++)
        if (changes >= r->rules[i].changes && elapsed > r->rules[i].seconds) return i;
    return -1;
}
