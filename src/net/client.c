/* net/client.c -- small facts about a connection that several layers ask
 * for: the address it is on, and the name a client gave itself (CLIENT
 * SETNAME, HELLO SETNAME). */
#include <stdio.h>

#include "net/anet.h"
#include "net/net.h"
#include "net/reply.h"

void formatClientAddress(const client *c, int remote, char *buf, size_t len) {
    if (c->flags & CLIENT_UNIX_SOCKET) snprintf(buf, len, "%s:0", netConfig.unixsocket);
    else anetFormatAddress(c->fd, remote, buf, len);
}

int validateClientName(client *c, slice name) {
    for (size_t i = 0; i < name.len; i++) {
        if (name.ptr[i] < '!' || name.ptr[i] > '~') {
            addReplyError(c, "Client names cannot contain spaces, newlines or special "
                             "characters.");
            return 0;
        }
    }
    return 1;
}

void setClientName(client *c, slice name) {
    sdsfree(c->name);
    c->name = name.len ? sdsnewlen(name.ptr, name.len) : NULL;
}
