/* lzf.h -- decompressing LZF, the format of RDB's compressed strings.
 *
 * An LZF stream is a sequence of chunks, each starting with a control byte:
 *   000LLLLL              a literal run: the next L+1 bytes are copied
 *   LLLOOOOO [L2] OOOOOOOO a back reference: copy len+2 bytes starting
 *                          offset+1 bytes back in the output, where len is
 *                          LLL, or 7 + L2 when LLL is 7, and offset is the
 *                          13 bits O..O (high five in the control byte).
 * References may overlap the bytes they produce (a run of one byte repeated).
 *
 * lzfDecompress returns the number of bytes written to out, or 0 if the
 * input is malformed (a reference before the start, a truncated chunk) or
 * would not fit in outlen. Nothing outside in[0..inlen) and out[0..outlen)
 * is ever touched. */
#ifndef LZF_H
#define LZF_H

#include <stddef.h>

size_t lzfDecompress(const void *in, size_t inlen, void *out, size_t outlen);

#endif
