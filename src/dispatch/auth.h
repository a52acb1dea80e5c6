/* dispatch/auth.h -- who may run commands: the `requirepass` password of the one
 * user there is, "default", and each client's authenticated state.
 *
 * As in Redis, a client is authenticated when it connects if no password
 * is set at that moment, and otherwise once AUTH or HELLO ... AUTH names the
 * right password. Setting a password later (CONFIG SET requirepass) leaves
 * the clients already authenticated as they are; clearing it lets every
 * client run commands again, although HELLO still asks a client that never
 * authenticated to do so. There is no ACL: only the user "default" exists. */
#ifndef AUTH_H
#define AUTH_H

#include "net/client.h"
#include "lib/module.h"

struct authConfig {
    sds requirepass; /* the default user's password; empty: no AUTH needed */
};

extern struct authConfig authConfig;
extern const serverModule authModule;

/* The state a new connection starts in (and RESET returns to). */
void authInitClient(client *c);

/* 1 if the client must authenticate before running a command that lacks
 * CMD_NO_AUTH. */
static inline int authRequired(const client *c) {
    return !c->authenticated && sdslen(authConfig.requirepass) > 0;
}

/* Checks user and password; on success marks the client authenticated and
 * returns 1. On failure the client's state is left as it was. */
int authenticateClient(client *c, slice user, slice password);

/* The error for a failed AUTH or HELLO AUTH. */
void addReplyWrongPass(client *c);

#endif
