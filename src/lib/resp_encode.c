/* lib/resp_encode.c -- writing a command as RESP; see resp_encode.h. */
#include "lib/resp_encode.h"

#include <string.h>

/* "<prefix><n>\r\n" at p; returns its length (at most 23). */
static size_t putHeader(char *p, char prefix, long long n) {
    p[0] = prefix;
    size_t len = 1 + ll2string(p + 1, n);
    p[len++] = '\r';
    p[len++] = '\n';
    return len;
}

#define HEADER_MAX_BYTES 24

sds respCatCommand(sds s, int argc, const slice *argv) {
    /* Room is made once and every byte written in place. */
    size_t need = HEADER_MAX_BYTES;
    for (int j = 0; j < argc; j++) need += HEADER_MAX_BYTES + argv[j].len;
    s = sdsMakeRoomFor(s, need);
    char *start = s + sdslen(s), *p = start;
    p += putHeader(p, '*', argc);
    for (int j = 0; j < argc; j++) {
        p += putHeader(p, '$', (long long)argv[j].len);
        memcpy(p, argv[j].ptr, argv[j].len);
        p += argv[j].len;
        *p++ = '\r';
        *p++ = '\n';
    }
    sdsIncrLen(s, (size_t)(p - start));
    return s;
}
