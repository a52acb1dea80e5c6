/* net/resp_parser.h -- turns the bytes a client sent into commands.
 *
 * Two request forms, as in Redis: multibulk (`*2\r\n$3\r\nGET\r\n$1\r\na\r\n`,
 * what client libraries send) and inline (`GET a\r\n`, what a person types
 * into telnet). The parser never copies an argument: it records where each
 * one is, as an offset from the start of the command, so the caller can hand
 * commands pointers straight into its query buffer. Offsets (not pointers)
 * survive the caller moving or growing the buffer between reads.
 *
 * It is resumable: given an incomplete command it remembers how far it got
 * and continues from there when called again with more bytes. It knows
 * nothing of clients or sockets, so it is unit-tested on plain buffers. */
#ifndef RESP_PARSER_H
#define RESP_PARSER_H

#include <stddef.h>

typedef enum {
    RESP_INCOMPLETE, /* need more bytes; call again with the same start */
    RESP_COMMAND,    /* a command is ready: argc/args, consumed in `pos` */
    RESP_EMPTY,      /* bytes consumed but no command (`*0`, blank line) */
    RESP_ERROR       /* protocol error; `error` holds Redis's text */
} respResult;

typedef struct respArg {
    size_t offset; /* from the start of the command */
    size_t len;
} respArg;

typedef struct respLimits {
    long long maxBulkLen;      /* proto-max-bulk-len */
    long long maxMultibulkLen; /* most arguments in one command */
    size_t maxInlineLen;       /* longest inline line or count line */
} respLimits;

typedef struct respParser {
    size_t pos;          /* bytes of this command parsed so far */
    long long pending;   /* multibulk arguments still to read; 0 = not started */
    long long bulkLen;   /* length of the bulk being read, -1 = header next */
    int argc;
    int argsCap;
    respArg *args;
    const char *error;   /* set with RESP_ERROR */
    char errorBuf[64];
} respParser;

void respParserInit(respParser *p);
void respParserFree(respParser *p);
/* Forgets the current command (after RESP_COMMAND/RESP_EMPTY/RESP_ERROR). */
void respParserReset(respParser *p);
/* Releases the argument array if it has room for more than `keep`. */
void respParserShrink(respParser *p, int keep);

/* Parses the command starting at buf[0] (buf holds len bytes). Inline
 * arguments may be unescaped in place, so buf is writable. */
respResult respParse(respParser *p, char *buf, size_t len, const respLimits *limits);

/* How many bytes from the command start the parser needs before it can make
 * progress on a large bulk argument, so the caller can make room for it in
 * one go; 0 when it does not know yet. */
size_t respBytesWanted(const respParser *p);

#endif
