/* unit.h -- the few macros every C unit test file shares.
 *
 * A test file is a list of `static void` test functions and a main() that
 * passes its arguments to unitInit(argc, argv), runs each test with
 * UNIT_RUN("module: behaviour in words", fn) and returns unitReport(). The
 * runner (tests/run.tcl) reads one line per test:
 *
 *   ok - <name>
 *   not ok - <name>: <file:line: what was expected and what came instead>
 *
 * and the exit status is 0 only if every test passed.
 *
 * Every program takes the same options (unitInit reads them):
 *
 *   --only PATTERN   run only the tests whose name matches the glob PATTERN
 *                    (fnmatch: * ? [...], case-insensitive); may be given
 *                    more than once, a test then runs if any one matches
 *   --list           print the names of the tests that would run, one a
 *                    line, and run none (tests/run.tcl uses it with --only
 *                    to skip a program that has no matching test)
 *
 * The code of main() around the UNIT_RUN lines (setting a hash seed, say)
 * still runs; a test not selected is neither run nor reported.
 *
 * A failed check ends its test at once (it returns from the test function):
 * later checks usually depend on earlier ones, and a NULL that a check has
 * just reported would otherwise crash the whole program. Only the first
 * failure of a test is reported. */
#ifndef UNIT_H
#define UNIT_H

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct unitState {
    int passed;
    int failed;
    int currentFailed;
    char reason[1024];
} unitState;

static unitState unit;

__attribute__((format(printf, 3, 4), unused)) static void unitFail(const char *file, int line,
                                                                   const char *fmt, ...) {
    if (unit.currentFailed) return;
    unit.currentFailed = 1;
    int n = snprintf(unit.reason, sizeof(unit.reason), "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= sizeof(unit.reason)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(unit.reason + n, sizeof(unit.reason) - (size_t)n, fmt, ap);
    va_end(ap);
    /* One line per test: the runner splits on newlines. */
    for (char *p = unit.reason; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
}

/* Writes a printable, quoted, possibly shortened form of binary bytes. */
__attribute__((unused)) static const char *unitRepr(char *out, size_t outlen, const void *data,
                                                    size_t len) {
    const unsigned char *p = data;
    size_t o = 0;
    const size_t shown = len > 48 ? 48 : len;
    out[o++] = '"';
    for (size_t i = 0; i < shown && o + 8 < outlen; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\') {
            out[o++] = (char)p[i];
        } else {
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", p[i]);
        }
    }
    out[o++] = '"';
    if (shown < len && o + 24 < outlen)
        o += (size_t)snprintf(out + o, outlen - o, "...(%zu bytes)", len);
    out[o] = '\0';
    return out;
}

typedef void unitTestFn(void);

/* The options of the program (see the top of this file). */
#define UNIT_MAX_PATTERNS 64
static struct {
    const char *only[UNIT_MAX_PATTERNS];
    int onlyCount;
    int list;
} unitOptions;

__attribute__((noreturn, unused)) static void unitUsage(const char *prog) {
    fprintf(stderr, "usage: %s [--only PATTERN]... [--list]\n", prog);
    exit(2);
}

/* Reads the options; exits with status 2 on a bad one. */
__attribute__((unused)) static void unitInit(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            unitOptions.list = 1;
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc &&
                   unitOptions.onlyCount < UNIT_MAX_PATTERNS) {
            unitOptions.only[unitOptions.onlyCount++] = argv[++i];
        } else {
            unitUsage(argv[0]);
        }
    }
}

/* 1 if the test of this name is to run: no --only, or one that matches. */
__attribute__((unused)) static int unitSelected(const char *name) {
    if (unitOptions.onlyCount == 0) return 1;
    for (int i = 0; i < unitOptions.onlyCount; i++)
        if (fnmatch(unitOptions.only[i], name, FNM_CASEFOLD) == 0) return 1;
    return 0;
}

/* Whether UNIT_RUN should run the test: not if it is filtered out, nor with
 * --list, which prints its name instead. */
__attribute__((unused)) static int unitShouldRun(const char *name) {
    if (!unitSelected(name)) return 0;
    if (unitOptions.list) {
        printf("%s\n", name);
        fflush(stdout);
        return 0;
    }
    return 1;
}

/* Prints the test's TAP line and counts it. */
__attribute__((unused)) static void unitRecordResult(const char *name) {
    if (unit.currentFailed) {
        unit.failed++;
        printf("not ok - %s: %s\n", name, unit.reason);
    } else {
        unit.passed++;
        printf("ok - %s\n", name);
    }
    fflush(stdout);
}

__attribute__((unused)) static void unitRunTest(const char *name, unitTestFn *fn) {
    if (!unitShouldRun(name)) return;
    unit.currentFailed = 0;
    unit.reason[0] = '\0';
    fn();
    unitRecordResult(name);
}

#define UNIT_RUN(name, fn) unitRunTest(name, fn)

/* Runs a test in a child process, for tests that probe for undefined
 * behaviour or uninitialised memory: if the code under test crashes, or a
 * sanitizer stops it, this test fails and the rest still run. The child
 * sends its progress notes (unitNote) and its failure reason up a pipe, one
 * line each, so a crash can be reported with the step it happened in. */
static int unitPipeFd = -1;

__attribute__((unused)) static void unitSendLine(char kind, const char *text) {
    if (unitPipeFd < 0) return;
    char line[1100];
    int n = snprintf(line, sizeof(line), "%c%s\n", kind, text);
    if (n > 0) {
        ssize_t w = write(unitPipeFd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
        (void)w;
    }
}

/* Records what an isolated test is about to do. */
__attribute__((format(printf, 1, 2), unused)) static void unitNote(const char *fmt, ...) {
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    unitSendLine('N', text);
}

/* Finds the last line of a kind in what the child sent; "" if none. */
__attribute__((unused)) static void unitLastLine(const char *all, char kind, char *out,
                                                 size_t outlen) {
    out[0] = '\0';
    for (const char *p = all; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (*p == kind && len > 0) {
            size_t n = len - 1 < outlen - 1 ? len - 1 : outlen - 1;
            memcpy(out, p + 1, n);
            out[n] = '\0';
        }
        if (!nl) break;
        p = nl + 1;
    }
}

__attribute__((unused)) static void unitRunIsolated(const char *name, unitTestFn *fn) {
    if (!unitShouldRun(name)) return;
    int fds[2];
    unit.currentFailed = 0;
    unit.reason[0] = '\0';
    fflush(stdout);
    fflush(stderr);
    pid_t pid = -1;
    if (pipe(fds) == 0) pid = fork();
    if (pid == 0) {
        close(fds[0]);
        unitPipeFd = fds[1];
        fn();
        if (unit.currentFailed) unitSendLine('R', unit.reason);
        _exit(unit.currentFailed ? 1 : 0);
    }
    if (pid < 0) {
        snprintf(unit.reason, sizeof(unit.reason), "could not fork");
        unit.currentFailed = 1;
    } else {
        close(fds[1]);
        static char all[16384];
        size_t got = 0;
        ssize_t r;
        while (got + 1 < sizeof(all) && (r = read(fds[0], all + got, sizeof(all) - 1 - got)) > 0)
            got += (size_t)r;
        all[got] = '\0';
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        unit.currentFailed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (unit.currentFailed) unitLastLine(all, 'R', unit.reason, sizeof(unit.reason));
        if (unit.currentFailed && unit.reason[0] == '\0') {
            char note[512], how[64];
            unitLastLine(all, 'N', note, sizeof(note));
            if (WIFSIGNALED(status)) snprintf(how, sizeof(how), "died with signal %d",
                                              WTERMSIG(status));
            else snprintf(how, sizeof(how), "exited with status %d",
                          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            snprintf(unit.reason, sizeof(unit.reason),
                     "the test process %s%s%s (a crash or sanitizer report: see its stderr)",
                     how, note[0] ? " during: " : "", note);
        }
    }
    unitRecordResult(name);
}

#define UNIT_RUN_ISOLATED(name, fn) unitRunIsolated(name, fn)

/* The exit status for main(): 0 iff every test passed. */
__attribute__((unused)) static int unitReport(void) {
    if (unitOptions.list) return 0;
    fprintf(stderr, "# %d passed, %d failed\n", unit.passed, unit.failed);
    return unit.failed == 0 ? 0 : 1;
}

/* --- checks: each ends the current test on failure ----------------------- */

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            unitFail(__FILE__, __LINE__, "expected %s", #cond);                        \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* Like CHECK, with a printf-style explanation of what went wrong. */
#define CHECK_MSG(cond, ...)                                                           \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            unitFail(__FILE__, __LINE__, __VA_ARGS__);                                 \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK_INT(actual, expected)                                                    \
    do {                                                                               \
        long long unitA_ = (long long)(actual), unitE_ = (long long)(expected);        \
        if (unitA_ != unitE_) {                                                        \
            unitFail(__FILE__, __LINE__, "%s: expected %lld, got %lld", #actual,       \
                     unitE_, unitA_);                                                  \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK_UINT(actual, expected)                                                   \
    do {                                                                               \
        unsigned long long unitA_ = (unsigned long long)(actual);                      \
        unsigned long long unitE_ = (unsigned long long)(expected);                    \
        if (unitA_ != unitE_) {                                                        \
            unitFail(__FILE__, __LINE__, "%s: expected %llu, got %llu", #actual,       \
                     unitE_, unitA_);                                                  \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK_DOUBLE(actual, expected, tolerance)                                      \
    do {                                                                               \
        double unitA_ = (double)(actual), unitE_ = (double)(expected);                 \
        double unitD_ = unitA_ > unitE_ ? unitA_ - unitE_ : unitE_ - unitA_;           \
        if (!(unitD_ <= (tolerance))) {                                                \
            unitFail(__FILE__, __LINE__, "%s: expected %g, got %g", #actual, unitE_,   \
                     unitA_);                                                          \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK_NULL(ptr)                                                                \
    do {                                                                               \
        const void *unitP_ = (const void *)(ptr);                                      \
        if (unitP_ != NULL) {                                                          \
            unitFail(__FILE__, __LINE__, "%s: expected NULL, got %p", #ptr, unitP_);   \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK_NOT_NULL(ptr)                                                            \
    do {                                                                               \
        if ((const void *)(ptr) == NULL) {                                             \
            unitFail(__FILE__, __LINE__, "%s: expected non-NULL, got NULL", #ptr);     \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* Binary-safe comparison of a byte range with the expected bytes. */
#define CHECK_MEM(actual, actualLen, expected, expectedLen)                            \
    do {                                                                               \
        const void *unitA_ = (actual), *unitE_ = (expected);                           \
        size_t unitAL_ = (actualLen), unitEL_ = (expectedLen);                         \
        if (unitAL_ != unitEL_ || (unitEL_ && memcmp(unitA_, unitE_, unitEL_) != 0)) { \
            char unitRa_[256], unitRe_[256];                                           \
            unitFail(__FILE__, __LINE__, "%s: expected %s, got %s", #actual,           \
                     unitRepr(unitRe_, sizeof(unitRe_), unitE_, unitEL_),              \
                     unitRepr(unitRa_, sizeof(unitRa_), unitA_, unitAL_));             \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* A NUL-terminated string against a C string literal or pointer. */
#define CHECK_STR(actual, expected)                                                    \
    do {                                                                               \
        const char *unitAs_ = (actual), *unitEs_ = (expected);                         \
        if (unitAs_ == NULL || strcmp(unitAs_, unitEs_) != 0) {                        \
            char unitRa_[256], unitRe_[256];                                           \
            unitFail(__FILE__, __LINE__, "%s: expected %s, got %s", #actual,           \
                     unitRepr(unitRe_, sizeof(unitRe_), unitEs_, strlen(unitEs_)),     \
                     unitAs_ ? unitRepr(unitRa_, sizeof(unitRa_), unitAs_,             \
                                        strlen(unitAs_))                               \
                             : "NULL");                                                \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* If the current test has failed, appends a note on where (which case of a
 * table-driven loop, say) to its reason and stops the test. */
__attribute__((format(printf, 1, 2), unused)) static void unitContext(const char *fmt, ...) {
    size_t n = strlen(unit.reason);
    if (n + 4 >= sizeof(unit.reason)) return;
    unit.reason[n++] = ' ';
    unit.reason[n++] = '(';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(unit.reason + n, sizeof(unit.reason) - n - 1, fmt, ap);
    va_end(ap);
    n = strlen(unit.reason);
    if (n + 1 < sizeof(unit.reason)) {
        unit.reason[n] = ')';
        unit.reason[n + 1] = '\0';
    }
}

#define CHECK_CONTEXT(...)                                                             \
    do {                                                                               \
        if (unit.currentFailed) {                                                      \
            unitContext(__VA_ARGS__);                                                  \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* Runs a helper that reports its own failures with CHECKs, and stops the
 * calling test if it failed. */
#define CHECK_OK(call)                                                                 \
    do {                                                                               \
        call;                                                                          \
        if (unit.currentFailed) return;                                                \
    } while (0)

/* A small deterministic PRNG (xorshift64*), so failures reproduce. */
__attribute__((unused)) static unsigned long long unitRand(unsigned long long *state) {
    unsigned long long x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#endif
