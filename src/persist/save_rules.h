/* persist/save_rules.h -- the `save <seconds> <changes>` rules: when the server
 * takes an automatic RDB snapshot. A rule is met once at least `seconds`
 * have passed since the last successful save (strictly more, as Redis
 * counts) and at least `changes` writes were made since; any one rule met
 * starts a BGSAVE. No rules: no automatic snapshots.
 *
 * This file parses, formats and evaluates rules and nothing else: the
 * `save` directive (persistence.c) owns the list, and its cron asks it. */
#ifndef SAVE_RULES_H
#define SAVE_RULES_H

#include "lib/sds.h"
#include "lib/util.h"

typedef struct saveRule {
    long long seconds; /* >= 1 */
    long long changes; /* >= 0 */
} saveRule;

typedef struct saveRules {
    saveRule *rules;
    int count;
} saveRules;

/* Redis's error text for any malformed rule list. */
#define SAVE_RULES_INVALID "Invalid save parameters"

/* Parses one `save` directive's arguments into *out (which it replaces;
 * free it with saveRulesFree). A single argument is split at each space,
 * as Redis 7.0 splits it, so `save "3600 1 300 100"` is
 * `save 3600 1 300 100` and `save ""` is no rules. Numbers are read as
 * strtoll reads them ("+5", "007"), seconds >= 1, changes >= 0. Returns
 * NULL, or SAVE_RULES_INVALID with *out left empty. */
const char *saveRulesParse(saveRules *out, const slice *args, int argc);
/* Appends src's rules to dst. */
void saveRulesAppend(saveRules *dst, const saveRules *src);
/* A copy with its own array. */
saveRules saveRulesDup(const saveRules *r);
void saveRulesFree(saveRules *r);
/* "3600 1 300 100", "" for none: what CONFIG GET save shows. */
sds saveRulesFormat(const saveRules *r);
/* The index of the first rule met after `elapsed` seconds with `changes`
 * changes, or -1. */
int saveRulesDue(const saveRules *r, long long changes, long long elapsed);

#endif
