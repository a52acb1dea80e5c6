/* lib/util.c -- number parsing/formatting, glob matching and argument
 * splitting; see util.h. */
#include "lib/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>


int string2ll(const char *s, size_t len, long long *value) {
    if (len == 0 || len > 20) return 0;
    size_t i = 0;
    int negative = 0;
    if (len == 1 && s[0] == '0') {
        *value = 0;
        return 1;
    }
    if (s[0] == '-') {
        negative = 1;
        i = 1;
        if (len == 1) return 0;
    }
    if (s[i] < '1' || s[i] > '9') return 0;
    unsigned long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        unsigned digit = (unsigned)(s[i] - '0');
        if (v > (ULLONG_MAX - digit) / 10) return 0;
        v = v * 10 + digit;
    }
    if (negative) {
        if (v > (unsigned long long)LLONG_MAX + 1) return 0;
        *value = (long long)(0 - v);
    } else {
        if (v > (unsigned long long)LLONG_MAX) return 0;
        *value = (long long)v;
    }
    return 1;
}

size_t ll2string(char *buf, long long v) {
    char tmp[21];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    return len;
}

int string2ld(const char *s, size_t len, long double *value) {
    char buf[LONG_DOUBLE_STR_MAX];
    if (len == 0 || len >= sizeof(buf)) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (isspace((unsigned char)buf[0])) return 0;
    errno = 0;
    char *end;
    long double v = strtold(buf, &end);
    if (*end != '\0' || isnan(v)) return 0;
    if (errno == ERANGE && (isinf(v) || fpclassify(v) == FP_ZERO)) return 0;
    *value = v;
    return 1;
}

size_t ld2string(char *buf, long double v) {
    if (isinf(v)) {
        const char *text = v > 0 ? "inf" : "-inf";
        memcpy(buf, text, strlen(text));
        return strlen(text);
    }
    int n = snprintf(buf, LONG_DOUBLE_STR_MAX, "%.17Lf", v);
    size_t len = n < 0 ? 0 : (size_t)n;
    if (len >= LONG_DOUBLE_STR_MAX) len = LONG_DOUBLE_STR_MAX - 1;
    if (memchr(buf, '.', len)) {
        while (buf[len - 1] == '0') len--;
        if (buf[len - 1] == '.') len--;
    }
    if (len == 2 && buf[0] == '-' && buf[1] == '0') {
        buf[0] = '0';
        len = 1;
    }
    return len;
}

int parseMemoryUnits(const char *s, unsigned long long *bytes) {
    static const struct {
        const char *suffix;
        unsigned long long mul;
    } units[] = {
        {"", 1},
        {"b", 1},
        {"k", 1000ULL},
        {"kb", 1024ULL},
        {"m", 1000ULL * 1000},
        {"mb", 1024ULL * 1024},
        {"g", 1000ULL * 1000 * 1000},
        {"gb", 1024ULL * 1024 * 1024},
    };
    size_t digits = strspn(s, "0123456789");
    if (digits == 0) return 0;
    unsigned long long n = 0;
    /* Leading zeros ("0100") are fine in a config value. */
    for (size_t j = 0; j < digits; j++) {
        unsigned digit = (unsigned)(s[j] - '0');
        if (n > (ULLONG_MAX - digit) / 10) return 0;
        n = n * 10 + digit;
    }
    const char *suffix = s + digits;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(suffix, units[i].suffix) != 0) continue;
        if (n > ULLONG_MAX / units[i].mul) return 0;
        *bytes = n * units[i].mul;
        return 1;
    }
    return 0;
}

void bytesToHuman(char *buf, size_t size, unsigned long long n) {
    const double d = (double)n;
    if (n < 1024) snprintf(buf, size, "%lluB", n);
    else if (n < 1024ULL * 1024) snprintf(buf, size, "%.2fK", d / 1024);
    else if (n < 1024ULL * 1024 * 1024) snprintf(buf, size, "%.2fM", d / (1024.0 * 1024));
    else if (n < 1024ULL * 1024 * 1024 * 1024)
        snprintf(buf, size, "%.2fG", d / (1024.0 * 1024 * 1024));
    else snprintf(buf, size, "%.2fT", d / (1024.0 * 1024 * 1024 * 1024));
}

/* --- glob matching -------------------------------------------------------- */

static int foldCase(int c, int nocase) { return nocase ? tolower(c) : c; }

/* Matches one pattern element at *pat against c. Advances *pat past the
 * element. Returns 1 on match. Handles ?, [...] and \x; `*` is the caller's. */
static int matchOne(const char **pat, const char *end, char c, int nocase) {
    const char *p = *pat;
    int ch = foldCase((unsigned char)c, nocase);
    if (*p == '?') {
        *pat = p + 1;
        return 1;
    }
    if (*p == '\\' && p + 1 < end) {
        *pat = p + 2;
        return foldCase((unsigned char)p[1], nocase) == ch;
    }
    if (*p != '[') {
        *pat = p + 1;
        return foldCase((unsigned char)*p, nocase) == ch;
    }
    p++;
    int negate = 0, matched = 0;
    if (p < end && *p == '^') {
        negate = 1;
        p++;
    }
    while (p < end && *p != ']') {
        if (*p == '\\' && p + 1 < end) {
            if (foldCase((unsigned char)p[1], nocase) == ch) matched = 1;
            p += 2;
        } else if (p + 2 < end && p[1] == '-') {
            /* As in Redis, any byte may end a range, ']' included: "[a-]"
             * is the range from ']' to 'a' in a class left unterminated. */
            int lo = foldCase((unsigned char)p[0], nocase);
            int hi = foldCase((unsigned char)p[2], nocase);
            if (lo > hi) {
                int t = lo;
                lo = hi;
                hi = t;
            }
            if (ch >= lo && ch <= hi) matched = 1;
            p += 3;
        } else {
            if (foldCase((unsigned char)*p, nocase) == ch) matched = 1;
            p++;
        }
    }
    /* An unterminated class ends at the end of the pattern, as in Redis. */
    *pat = p < end ? p + 1 : p;
    return negate ? !matched : matched;
}

/* Redis gives up on a pattern whose match has to go through more runs of
 * stars than this (its matcher recurses once per run), so such a pattern
 * matches nothing there; the same limit keeps KEYS answers identical. */
#define GLOB_MAX_STAR_RUNS 1000

int stringmatchlen(const char *pattern, size_t patlen, const char *str, size_t slen,
                   int nocase) {
    const char *p = pattern, *pend = pattern + patlen;
    const char *s = str, *send = str + slen;
    const char *starPat = NULL, *starStr = NULL;
    int starRuns = 0; /* runs of stars passed to reach starPat */
    /* Greedy match with one backtrack point: the most recent '*'. A later
     * star supersedes an earlier one, which keeps this linear-ish. */
    while (s < send) {
        if (p < pend && *p == '*') {
            while (p < pend && *p == '*') p++;
            if (p == pend) return 1;
            if (++starRuns > GLOB_MAX_STAR_RUNS) return 0;
            starPat = p;
            starStr = s;
            continue;
        }
        if (p < pend) {
            const char *next = p;
            if (matchOne(&next, pend, *s, nocase)) {
                p = next;
                s++;
                continue;
            }
        }
        if (!starPat) return 0;
        p = starPat;
        s = ++starStr;
    }
    while (p < pend && *p == '*') p++;
    return p == pend;
}

/* --- argument splitting --------------------------------------------------- */

static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static char unescape(char c) {
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'a': return '\a';
    default: return c;
    }
}

/* Reads one argument starting at line[*pos]; writes its unescaped bytes at
 * line[*pos] onwards (never past the bytes read). Returns its length, or -1
 * on unbalanced quotes. */
static long readArg(char *line, size_t len, size_t *pos) {
    size_t in = *pos, out = *pos;
    int inDouble = 0, inSingle = 0;
    while (1) {
        if (in == len) {
            if (inDouble || inSingle) return -1;
            break;
        }
        char c = line[in];
        if (inDouble) {
            if (c == '\\' && in + 3 < len && line[in + 1] == 'x' && hexValue(line[in + 2]) >= 0 &&
                hexValue(line[in + 3]) >= 0) {
                line[out++] = (char)(hexValue(line[in + 2]) * 16 + hexValue(line[in + 3]));
                in += 4;
            } else if (c == '\\' && in + 1 < len) {
                line[out++] = unescape(line[in + 1]);
                in += 2;
            } else if (c == '"') {
                /* A closing quote must end the argument. */
                if (in + 1 < len && !isspace((unsigned char)line[in + 1])) return -1;
                in++;
                inDouble = 0;
                break;
            } else {
                line[out++] = c;
                in++;
            }
        } else if (inSingle) {
            if (c == '\\' && in + 1 < len && line[in + 1] == '\'') {
                line[out++] = '\'';
                in += 2;
            } else if (c == '\'') {
                if (in + 1 < len && !isspace((unsigned char)line[in + 1])) return -1;
                in++;
                inSingle = 0;
                break;
            } else {
                line[out++] = c;
                in++;
            }
        } else if (isspace((unsigned char)c)) {
            break;
        } else if (c == '"') {
            /* A quote may open mid-argument: a"b c" is the argument `ab c`. */
            inDouble = 1;
            in++;
        } else if (c == '\'') {
            inSingle = 1;
            in++;
        } else {
            line[out++] = c;
            in++;
        }
    }
    long arglen = (long)(out - *pos);
    *pos = in;
    return arglen;
}

int splitArgsInPlace(char *line, size_t len, splitArgEmit *emit, void *ctx) {
    int argc = 0;
    size_t pos = 0;
    while (1) {
        while (pos < len && isspace((unsigned char)line[pos])) pos++;
        if (pos == len) return argc;
        size_t start = pos;
        long arglen = readArg(line, len, &pos);
        if (arglen < 0) return -1;
        emit(ctx, line + start, (size_t)arglen);
        argc++;
    }
}

sds catSplitArg(sds s, const char *arg) {
    size_t len = strlen(arg);
    int bare = len > 0;
    for (size_t i = 0; i < len && bare; i++) {
        unsigned char ch = (unsigned char)arg[i];
        if (ch <= ' ' || ch >= 127 || ch == '"' || ch == '\'' || ch == '\\') bare = 0;
    }
    if (bare) return sdscat(s, arg);
    s = sdscat(s, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)arg[i];
        if (ch == '"' || ch == '\\') s = sdscatprintf(s, "\\%c", ch);
        else if (ch == '\n') s = sdscat(s, "\\n");
        else if (ch == '\t') s = sdscat(s, "\\t");
        else if (ch < ' ' || ch >= 127) s = sdscatprintf(s, "\\x%02x", ch);
        else s = sdscatlen(s, (const char *)&arg[i], 1);
    }
    return sdscat(s, "\"");
}

int sliceEqualsNoCase(slice s, const char *str) {
    size_t n = strlen(str);
    return s.len == n && memEqualsNoCase(s.ptr, str, n);
}

int writeAll(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
