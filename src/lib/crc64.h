/* lib/crc64.h -- CRC-64 with the Jones polynomial, as the RDB trailer uses it.
 *
 * Parameters (the "CRC-64/Jones" model): polynomial 0xad93d23594c935a9,
 * reflected input and output, initial value 0, no final xor. The check
 * value of the nine bytes "123456789" is 0xe9c6d914c4b8d9ca. Running the
 * CRC over data in pieces gives the same result as over the whole: pass the
 * previous result as `crc`. */
#ifndef CRC64_H
#define CRC64_H

#include <stddef.h>
#include <stdint.h>

uint64_t crc64(uint64_t crc, const void *data, size_t len);

#endif
