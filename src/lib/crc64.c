/* lib/crc64.c -- table-driven CRC-64/Jones; see crc64.h.
 *
 * A reflected CRC shifts right, so the table is built from the
 * bit-reversed polynomial and each byte is folded in at the low end. The
 * 256-entry table is built once, on first use (the server is
 * single-threaded; unit tests call it from one thread too). */
#include "lib/crc64.h"

#define JONES_POLY 0xad93d23594c935a9ULL

static uint64_t table[256];
static int tableReady;

static uint64_t reverse64(uint64_t v) {
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
}

static void buildTable(void) {
    const uint64_t poly = reverse64(JONES_POLY);
    for (int b = 0; b < 256; b++) {
        uint64_t c = (uint64_t)b;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
        table[b] = c;
    }
    tableReady = 1;
}

uint64_t crc64(uint64_t crc, const void *data, size_t len) {
    if (!tableReady) buildTable();
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return crc;
}
