/* test_save_rules.c -- the `save` rules (src/save_rules.h): parsing one
 * directive's arguments the way Redis 7.0 reads them (separate words, or
 * one argument split at spaces), formatting for CONFIG GET, and which rule
 * a number of changes and elapsed seconds meet. */
#include <string.h>

#include "persist/save_rules.h"
#include "unit.h"

/* Parses the words of `text` as separate arguments (split at spaces here,
 * as a config line would be), or the whole text as one argument. */
static const char *parseWords(saveRules *out, const char *text) {
    static char buf[256];
    slice args[16];
    int argc = 0;
    strcpy(buf, text);
    for (char *p = strtok(buf, " "); p && argc < 16; p = strtok(NULL, " "))
        args[argc++] = (slice){p, strlen(p)};
    return saveRulesParse(out, args, argc);
}

static const char *parseOne(saveRules *out, const char *text) {
    slice arg = {(char *)text, strlen(text)};
    return saveRulesParse(out, &arg, 1);
}

static void checkFormats(const char *text, const char *expected) {
    saveRules r;
    const char *err = parseOne(&r, text);
    CHECK_MSG(err == NULL, "'%s' refused: %s", text, err);
    sds s = saveRulesFormat(&r);
    int same = strcmp(s, expected) == 0;
    char shown[128];
    snprintf(shown, sizeof(shown), "%s", s);
    sdsfree(s);
    saveRulesFree(&r);
    CHECK_MSG(same, "'%s' formats as '%s', expected '%s'", text, shown, expected);
}

static void checkRefused(const char *text) {
    saveRules r;
    const char *err = parseOne(&r, text);
    CHECK_MSG(err && strcmp(err, SAVE_RULES_INVALID) == 0, "'%s' was accepted", text);
    CHECK_INT(r.count, 0);
    CHECK_NULL(r.rules);
}

static void testSeparateWords(void) {
    saveRules r;
    CHECK_NULL(parseWords(&r, "3600 1 300 100 60 10000"));
    CHECK_INT(r.count, 3);
    CHECK_INT(r.rules[0].seconds, 3600);
    CHECK_INT(r.rules[0].changes, 1);
    CHECK_INT(r.rules[2].seconds, 60);
    CHECK_INT(r.rules[2].changes, 10000);
    saveRulesFree(&r);
    CHECK_INT(r.count, 0);
}

static void testOneArgumentIsSplit(void) {
    CHECK_OK(checkFormats("3600 1 300 100", "3600 1 300 100"));
    CHECK_OK(checkFormats("5 0", "5 0"));
    CHECK_OK(checkFormats("", ""));
    /* strtoll's syntax, as Redis reads the numbers. */
    CHECK_OK(checkFormats("+1 2", "1 2"));
    CHECK_OK(checkFormats("01 007", "1 7"));
    /* An empty last token reads as 0 changes, as in Redis. */
    CHECK_OK(checkFormats("5 ", "5 0"));
}

static void testRefused(void) {
    static const char *bad[] = {"1", "0 1", "1 -1", "a b", "1  2", " 1 2", "1 2 ", "1.5 2",
                                "1 2x", "-5 1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_OK(checkRefused(bad[i]));
    }
    saveRules r;
    CHECK(parseWords(&r, "100 2 50") != NULL);
    CHECK_INT(r.count, 0);
}

static void testAppendAndDup(void) {
    saveRules a, b;
    CHECK_NULL(parseOne(&a, "10 1"));
    CHECK_NULL(parseOne(&b, "20 2 30 3"));
    saveRulesAppend(&a, &b);
    saveRules c = saveRulesDup(&a);
    saveRulesFree(&a);
    saveRulesFree(&b);
    sds s = saveRulesFormat(&c);
    int same = strcmp(s, "10 1 20 2 30 3") == 0;
    sdsfree(s);
    saveRulesFree(&c);
    CHECK(same);
}

static void testDue(void) {
    saveRules r;
    CHECK_NULL(parseOne(&r, "3600 1 300 100 60 10000"));
    CHECK_INT(saveRulesDue(&r, 0, 100000), -1);     /* nothing changed */
    CHECK_INT(saveRulesDue(&r, 1, 3600), -1);       /* strictly more seconds */
    CHECK_INT(saveRulesDue(&r, 1, 3601), 0);
    CHECK_INT(saveRulesDue(&r, 100, 301), 1);
    CHECK_INT(saveRulesDue(&r, 99, 301), -1);
    CHECK_INT(saveRulesDue(&r, 10000, 61), 2);
    CHECK_INT(saveRulesDue(&r, 10000, 60), -1);
    saveRulesFree(&r);
    /* Zero changes: a periodic save whatever happened. */
    CHECK_NULL(parseOne(&r, "5 0"));
    CHECK_INT(saveRulesDue(&r, 0, 6), 0);
    saveRulesFree(&r);
    /* No rules: never. */
    CHECK_NULL(parseOne(&r, ""));
    CHECK_INT(saveRulesDue(&r, 1000000, 1000000), -1);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("save rules: separate words are seconds/changes pairs", testSeparateWords);
    UNIT_RUN("save rules: a single argument is split at spaces, \"\" is no rules",
             testOneArgumentIsSplit);
    UNIT_RUN("save rules: odd counts, bad numbers, seconds < 1, changes < 0 are refused",
             testRefused);
    UNIT_RUN("save rules: appended and copied lists keep their order", testAppendAndDup);
    UNIT_RUN("save rules: a rule is met with enough changes and strictly more seconds",
             testDue);
    return unitReport();
}
