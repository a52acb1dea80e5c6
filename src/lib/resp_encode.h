/* lib/resp_encode.h -- a command in RESP, the form clients send: a
 * multibulk of bulk strings ("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"). Every record of
 * the append-only file is one, and so is every command of a base of
 * commands. The reply side of RESP is net/reply.c's; the request parser is
 * net/resp_parser.c's, which reads what this writes. */
#ifndef RESP_ENCODE_H
#define RESP_ENCODE_H

#include "lib/sds.h"
#include "lib/util.h"

/* Appends argv to s as one command. Room is made once and every byte
 * written in place. */
sds respCatCommand(sds s, int argc, const slice *argv);

#endif
