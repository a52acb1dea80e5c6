/* lib/util.h -- small, self-contained helpers shared by many files: strict
 * number parsing and formatting the way Redis does it, memory-unit parsing
 * for the config, glob matching, quote-aware argument splitting.
 * Nothing here knows about the server.
 *
 * The lib/ folder holds the pieces that know nothing of the server: data
 * structures (sds, dict, list, subscriptions), hashes and checksums
 * (siphash, sha1, crc64), allocation, clocks, logging, metrics, replacing
 * a file atomically, the RESP command encoder, and the module declaration
 * types (module.h). Its files include only lib/ and system headers. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sds.h"

/* A piece of a buffer: a command argument, a key, a value. Not NUL-terminated. */
/* The result of an operation that either works or fails (and says why in
 * the log or an error text of its own). */
#define C_OK 0
#define C_ERR -1

typedef struct slice {
    char *ptr;
    size_t len;
} slice;

/* Strict integer parsing: no spaces, no '+', no leading zeros, no overflow.
 * Returns 1 on success. "-0", "01", " 1", "" are all rejected, like Redis. */
int string2ll(const char *s, size_t len, long long *value);
/* Writes the decimal form of v into buf (which needs 21 bytes); returns the
 * length. No NUL is written. */
size_t ll2string(char *buf, long long v);
/* Longest text of a long double: %.17Lf of the largest one fits. */
#define LONG_DOUBLE_STR_MAX (5 * 1024)
/* Parses a long double as Redis reads INCRBYFLOAT arguments: strtold's
 * syntax ("1.5", "-3e2", "0x1p4", "inf"), nothing before or after it (the
 * text ends at its first NUL, as a C string would), at most
 * LONG_DOUBLE_STR_MAX - 1 bytes, no NaN, no overflow or underflow to zero.
 * Returns 1 on success. */
int string2ld(const char *s, size_t len, long double *value);
/* Writes v as Redis shows INCRBYFLOAT results: 17 decimals with trailing
 * zeros (and a bare point) removed, "-0" as "0", "inf"/"-inf". buf needs
 * LONG_DOUBLE_STR_MAX bytes; returns the length. No NUL is written. */
size_t ld2string(char *buf, long double v);
/* Parses "100", "1k" (1000), "1kb" (1024), "5mb", "1gb" ... case-insensitive.
 * Returns 1 on success. */
int parseMemoryUnits(const char *s, unsigned long long *bytes);
/* Formats bytes as Redis does for *_human fields: "1.23M", "512B". */
void bytesToHuman(char *buf, size_t size, unsigned long long bytes);

/* Glob-style match supporting * ? [abc] [^a] [a-z] and \ escapes, reading
 * every corner (backwards ranges, unterminated classes) as Redis 7.0 does. */
int stringmatchlen(const char *pattern, size_t patlen, const char *str, size_t strlen,
                   int nocase);

/* Splits a line into arguments in place, honouring "double quotes" (with
 * \n \r \t \b \a \xHH escapes) and 'single quotes'. Unescaped bytes are
 * written back over the line, so each argument handed to `emit` points into
 * `line`. Returns the number of arguments, or -1 on unbalanced quotes. */
typedef void splitArgEmit(void *ctx, char *arg, size_t len);
int splitArgsInPlace(char *line, size_t len, splitArgEmit *emit, void *ctx);
/* Appends arg as splitArgsInPlace reads it back: bare when it can be,
 * otherwise double-quoted with escapes (config files, the AOF manifest). */
sds catSplitArg(sds s, const char *arg);

static inline char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 'a' - 'A') : c; }

/* Whether len bytes at a and b are equal ignoring ASCII case. Unlike
 * strncasecmp it does not stop at a NUL byte, so a NUL inside client input
 * never makes a prefix match. */
static inline int memEqualsNoCase(const char *a, const char *b, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (asciiLower(a[i]) != asciiLower(b[i])) return 0;
    return 1;
}

/* Case-insensitive comparison of a slice with a C string. */
int sliceEqualsNoCase(slice s, const char *str);

/* Writes all len bytes to a blocking fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set. */
int writeAll(int fd, const void *data, size_t len);

#endif
