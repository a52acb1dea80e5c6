/* net/reply.h -- building RESP2 and RESP3 replies into a client's output buffers.
 *
 * Commands call these; nothing is written to the socket here. Bytes go into
 * the client's fixed buffer, spilling into reply blocks when it is full, and
 * the client is put on the pending-write list so its reply is written before
 * the event loop next sleeps (networking.c).
 *
 * Error texts: one function per error that many commands share, so each
 * Redis error string is spelled in exactly one place. */
#ifndef REPLY_H
#define REPLY_H

#include <stddef.h>

#include "net/client.h"

/* How many bytes of a client-supplied name or argument an error quotes. */
#define ERROR_QUOTE_MAX_LEN 128

void addReplyProto(client *c, const char *s, size_t len);
void addReplyOk(client *c);
void addReplyStatus(client *c, const char *status);
/* "-ERR <msg>" unless msg already starts with an error code ("WRONGTYPE"...
 * given as "-WRONGTYPE ..."). Newlines in msg become spaces. */
void addReplyError(client *c, const char *msg);
void addReplyErrorFormat(client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void addReplyLongLong(client *c, long long v);
void addReplyBulk(client *c, const char *p, size_t len);
void addReplyBulkCString(client *c, const char *s);
void addReplyBulkLongLong(client *c, long long v);
void addReplyArrayLen(client *c, long long n);
void addReplyEmptyArray(client *c);

/* Types RESP3 has and RESP2 lacks. Each writes the RESP3 form to a client
 * that said HELLO 3 (c->resp == 3) and the RESP2 form Redis uses otherwise,
 * so commands state what they mean and never look at c->resp. */
void addReplyNull(client *c);      /* "_"; RESP2: null bulk "$-1" */
void addReplyNullArray(client *c); /* "_"; RESP2: null array "*-1" */
void addReplyMapLen(client *c, long long pairs); /* "%"; RESP2: 2n array */
void addReplySetLen(client *c, long long n);     /* "~"; RESP2: array */
void addReplyPushLen(client *c, long long n);    /* ">"; RESP2: array */
void addReplyBool(client *c, int b);             /* "#t"; RESP2: :1 / :0 */
/* ","; RESP2: the same digits as a bulk string. %.17g, as Redis prints. */
void addReplyDouble(client *c, double d);
/* "=" with a three-letter format ("txt"); RESP2: a bulk string. */
void addReplyVerbatim(client *c, const char *text, size_t len, const char *format);

/* Called with the code of every error reply ("ERR", "WRONGTYPE"), when
 * set: INFO errorstats counts them. */
void replySetErrorCounter(void (*count)(const char *code, size_t len));

/* Shared error replies (those that name the running command are
 * dispatch/commands.h's). */
void addReplySyntaxError(client *c);
void addReplyNotInteger(client *c);
void addReplyWrongType(client *c);
void addReplyIntOutOfRange(client *c);    /* an integer outside a C int */
void addReplyDbIndexOutOfRange(client *c);

#endif
