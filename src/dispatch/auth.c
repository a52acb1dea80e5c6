/* dispatch/auth.c -- AUTH and the password check shared with HELLO; see auth.h. */
#include "dispatch/auth.h"

#include <string.h>

#include "dispatch/commands.h"
#include "net/net.h"
#include "net/reply.h"

struct authConfig authConfig;

static const configDirective authDirectives[] = {
    {"requirepass", DIRECTIVE_STRING, DIRECTIVE_MUTABLE, "", 0, 0,
     offsetof(struct authConfig, requirepass), NULL, NULL, NULL, NULL},
    {0},
};

/* AUTH [username] password: every argument is a secret. */
static int redactAuthArgs(const client *c, int j) {
    (void)c;
    return j >= 1;
}

void authInitClient(client *c) { c->authenticated = sdslen(authConfig.requirepass) == 0; }

/* Compares in a time that depends on the lengths only, so that a client
 * cannot find the password a byte at a time by timing failed attempts. */
static int passwordMatches(slice given, const sds expected) {
    size_t len = sdslen(expected);
    unsigned char diff = given.len != len;
    for (size_t i = 0; i < given.len; i++)
        diff |= (unsigned char)(given.ptr[i] ^ (i < len ? expected[i] : 0));
    return diff == 0;
}

static int isDefaultUser(slice user) { return user.len == 7 && memcmp(user.ptr, "default", 7) == 0; }

int authenticateClient(client *c, slice user, slice password) {
    if (!isDefaultUser(user)) return 0;
    /* Without a password the default user takes any. */
    if (sdslen(authConfig.requirepass) > 0 && !passwordMatches(password, authConfig.requirepass))
        return 0;
    c->authenticated = 1;
    return 1;
}

void addReplyWrongPass(client *c) {
    addReplyError(c, "-WRONGPASS invalid username-password pair or user is disabled.");
}

/* AUTH [username] password */
static void authCommand(client *c) {
    if (c->argc > 3) {
        addReplySyntaxError(c);
        return;
    }
    slice user = {"default", 7}, password = c->argv[1];
    if (c->argc == 3) {
        user = c->argv[1];
        password = c->argv[2];
    } else if (sdslen(authConfig.requirepass) == 0) {
        addReplyError(c, "AUTH <password> called without any password configured for the "
                         "default user. Are you sure your configuration is correct?");
        return;
    }
    if (authenticateClient(c, user, password)) addReplyOk(c);
    else addReplyWrongPass(c);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand authCommands[] = {
    CMD("auth", authCommand, -2,
     CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH, 0, 0, 0,
     GROUP_CONNECTION, "1.0.0", "Authenticates the connection.",
     "O(N) where N is the number of passwords defined for the user", NULL,
     .redact = redactAuthArgs),
    {0},
};

static const clientHooks authClientHooks = {authInitClient, NULL};

static void authModuleInit(void) { netAddClientHooks(&authClientHooks); }

const serverModule authModule = {
    .commands = authCommands,
    .name = "auth",
    .config = &authConfig,
    .configSize = sizeof(authConfig),
    .directives = authDirectives,
    .init = authModuleInit,
};
