/* lib/lzf.c -- an LZF compressor and decompressor written from the format; see
 * lzf.h. The decompressor checks every length and offset before use, since
 * its input comes from a file that may be corrupt; the compressor checks
 * every write against the room it was given.
 *
 * The compressor is greedy: at each position it looks up the last place the
 * next three bytes were seen (a hash table of positions), and if that place
 * is within reach and really holds the same three bytes it extends the match
 * as far as it goes and emits a reference; otherwise the byte joins the
 * pending literal run. Every position a match covers is entered in the
 * table too, so later matches can start inside it. The table is sized to
 * the input (at most LZF_HASH_MAX_BITS), so compressing a short string
 * clears a few hundred bytes rather than the whole table. */
#include "lib/lzf.h"

#include <stdint.h>
#include <string.h>

#define LZF_MAX_LITERAL 32
#define LZF_MIN_MATCH 3
#define LZF_MAX_MATCH 264   /* 7 + 255 + 2 */
#define LZF_MAX_OFFSET 8192 /* 13 bits of offset - 1 */
#define LZF_HASH_MIN_BITS 6
#define LZF_HASH_MAX_BITS 14

typedef struct lzfOut {
    unsigned char *p;
    size_t len, cap;
} lzfOut;

/* Emits literals [from, from+n) in runs of at most LZF_MAX_LITERAL.
 * Returns 0 when they do not fit. */
static int putLiterals(lzfOut *o, const unsigned char *from, size_t n) {
    while (n > 0) {
        size_t run = n < LZF_MAX_LITERAL ? n : LZF_MAX_LITERAL;
        if (o->cap - o->len < run + 1) return 0;
        o->p[o->len++] = (unsigned char)(run - 1);
        memcpy(o->p + o->len, from, run);
        o->len += run;
        from += run;
        n -= run;
    }
    return 1;
}

/* Emits a reference to len bytes (LZF_MIN_MATCH..LZF_MAX_MATCH) starting
 * offset bytes back (1..LZF_MAX_OFFSET). Returns 0 when it does not fit. */
static int putReference(lzfOut *o, size_t len, size_t offset) {
    size_t l = len - 2, off = offset - 1;
    size_t need = l < 7 ? 2 : 3;
    if (o->cap - o->len < need) return 0;
    if (l < 7) {
        o->p[o->len++] = (unsigned char)((l << 5) | (off >> 8));
    } else {
        o->p[o->len++] = (unsigned char)((7 << 5) | (off >> 8));
        o->p[o->len++] = (unsigned char)(l - 7);
    }
    o->p[o->len++] = (unsigned char)(off & 0xff);
    return 1;
}

static unsigned hashBits(size_t inlen) {
    unsigned bits = LZF_HASH_MIN_BITS;
    while (bits < LZF_HASH_MAX_BITS && ((size_t)1 << bits) < inlen) bits++;
    return bits;
}

static uint32_t hash3(const unsigned char *p, unsigned bits) {
    uint32_t v = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
    return (v * 2654435761u) >> (32 - bits);
}

/* The table holds positions truncated to 32 bits. A stale or aliased entry
 * can only name a wrong place, and a candidate is used only after its three
 * bytes are compared, so truncation costs matches, never correctness. */
size_t lzfCompress(const void *in, size_t inlen, void *out, size_t outcap) {
    const unsigned char *src = in;
    lzfOut o = {out, 0, outcap};
    uint32_t table[1u << LZF_HASH_MAX_BITS];
    unsigned bits = hashBits(inlen);
    if (inlen == 0) return 0;
    memset(table, 0, sizeof(table[0]) << bits);

    size_t i = 0, literalStart = 0;
    while (i + LZF_MIN_MATCH <= inlen) {
        uint32_t h = hash3(src + i, bits);
        size_t back = (uint32_t)((uint32_t)i + 1 - table[h]);
        table[h] = (uint32_t)i + 1;
        if (back == 0 || back > i || back > LZF_MAX_OFFSET ||
            memcmp(src + i - back, src + i, LZF_MIN_MATCH) != 0) {
            i++;
            if (i - literalStart == LZF_MAX_LITERAL) {
                if (!putLiterals(&o, src + literalStart, LZF_MAX_LITERAL)) return 0;
                literalStart = i;
            }
            continue;
        }
        size_t max = inlen - i < LZF_MAX_MATCH ? inlen - i : LZF_MAX_MATCH;
        size_t len = LZF_MIN_MATCH;
        while (len < max && src[i - back + len] == src[i + len]) len++;
        if (!putLiterals(&o, src + literalStart, i - literalStart)) return 0;
        if (!putReference(&o, len, back)) return 0;
        for (size_t p = i + 1; p < i + len && p + LZF_MIN_MATCH <= inlen; p++)
            table[hash3(src + p, bits)] = (uint32_t)p + 1;
        i += len;
        literalStart = i;
    }
    if (!putLiterals(&o, src + literalStart, inlen - literalStart)) return 0;
    return o.len;
}

size_t lzfDecompress(const void *in, size_t inlen, void *out, size_t outlen) {
    const unsigned char *ip = in, *iend = ip + inlen;
    unsigned char *op = out;
    size_t o = 0;
    while (ip < iend) {
        unsigned ctrl = *ip++;
        if (ctrl < 32) {
            size_t run = ctrl + 1;
            if ((size_t)(iend - ip) < run || outlen - o < run) return 0;
            memcpy(op + o, ip, run);
            ip += run;
            o += run;
            continue;
        }
        size_t len = ctrl >> 5;
        if (len == 7) {
            if (ip >= iend) return 0;
            len += *ip++;
        }
        if (ip >= iend) return 0;
        size_t back = (((size_t)ctrl & 0x1f) << 8) + *ip++ + 1;
        len += 2;
        if (back > o || outlen - o < len) return 0;
        /* Byte by byte: the source may overlap what is being written. */
        for (size_t i = 0; i < len; i++, o++) op[o] = op[o - back];
    }
    return o;
}
