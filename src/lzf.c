/* lzf.c -- an LZF decompressor written from the format; see lzf.h. Every
 * length and offset is checked before use, since the input comes from a
 * file that may be corrupt. */
#include "lzf.h"

#include <string.h>

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
