/* lib/lzf.h -- LZF, the format of RDB's compressed strings: a compressor and a
 * decompressor, both written from the format.
 *
 * An LZF stream is a sequence of chunks, each starting with a control byte:
 *   000LLLLL              a literal run: the next L+1 bytes are copied
 *   LLLOOOOO [L2] OOOOOOOO a back reference: copy len+2 bytes starting
 *                          offset+1 bytes back in the output, where len is
 *                          LLL, or 7 + L2 when LLL is 7, and offset is the
 *                          13 bits O..O (high five in the control byte).
 * References may overlap the bytes they produce (a run of one byte repeated).
 * So a literal run holds 1..32 bytes, a reference copies 3..264 bytes from
 * 1..8192 bytes back.
 *
 * lzfCompress writes at most outcap bytes and returns how many it wrote, or
 * 0 when the compressed form would not fit (or inlen is 0): a caller that
 * wants compression only when it saves bytes passes a smaller outcap than
 * inlen. It never reads outside in[0..inlen) nor writes outside
 * out[0..outcap).
 *
 * lzfDecompress returns the number of bytes written to out, or 0 if the
 * input is malformed (a reference before the start, a truncated chunk) or
 * would not fit in outlen. Nothing outside in[0..inlen) and out[0..outlen)
 * is ever touched.
 *
 * LZF_MAX_RATIO bounds what a stream can expand to: the densest chunk is a
 * 3-byte reference producing 264 bytes, so inlen compressed bytes never
 * decompress to more than inlen * LZF_MAX_RATIO. A reader uses it to
 * refuse a forged uncompressed length before allocating for it. */
#ifndef LZF_H
#define LZF_H

#include <stddef.h>

#define LZF_MAX_RATIO 88

size_t lzfCompress(const void *in, size_t inlen, void *out, size_t outcap);
size_t lzfDecompress(const void *in, size_t inlen, void *out, size_t outlen);

#endif
