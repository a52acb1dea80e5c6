/* observe/monitor.c -- MONITOR; see monitor.h.
 *
 * The monitors are an array of client pointers: they are rare, so adding
 * and removing one may be O(n), and feeding them is a plain loop. */
#include "observe/monitor.h"

#include <string.h>
#include <sys/time.h>

#include "net/anet.h"
#include "dispatch/commands.h"
#include "net/net.h"
#include "net/reply.h"
#include "lib/zmalloc.h"

static int monitorCount;
static client **monitors;
/* call()'s observer: armed while there is a monitor. */
static int observerId = -1;

static void monitorCommand(client *c) {
    /* As Redis: a client already monitoring gets no second +OK. */
    if (c->flags & CLIENT_MONITOR) return;
    c->flags |= CLIENT_MONITOR;
    monitors = zrealloc(monitors, sizeof(*monitors) * (size_t)(monitorCount + 1));
    monitors[monitorCount++] = c;
    callObserverArm(observerId, 1);
    addReplyOk(c);
}

void monitorRemove(client *c) {
    for (int i = 0; i < monitorCount; i++) {
        if (monitors[i] != c) continue;
        monitors[i] = monitors[--monitorCount];
        if (monitorCount == 0) callObserverArm(observerId, 0);
        return;
    }
}

static sds monitorLine(client *c) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    sds line = sdscatprintf(sdsempty(), "+%lld.%06ld [%d ", (long long)tv.tv_sec,
                            (long)tv.tv_usec, c->db->id);
    if (c->flags & CLIENT_UNIX_SOCKET) {
        line = sdscatprintf(line, "unix:%s]", netConfig.unixsocket);
    } else {
        char addr[NET_ADDR_STR_LEN];
        formatClientAddress(c, 1, addr, sizeof(addr));
        line = sdscatprintf(line, "%s]", addr);
    }
    for (int j = 0; j < c->argc; j++) {
        line = sdscatlen(line, " ", 1);
        if (argumentIsRedacted(c, j)) line = sdscat(line, "\"(redacted)\"");
        else line = sdscatrepr(line, c->argv[j].ptr, c->argv[j].len);
    }
    return sdscatlen(line, "\r\n", 2);
}

/* Sends the command in c->argv, which just ran, to every monitor. */
static void monitorFeed(client *c) {
    sds line = monitorLine(c);
    for (int i = 0; i < monitorCount; i++) addReplyProto(monitors[i], line, sdslen(line));
    sdsfree(line);
}

/* Admin commands (CONFIG, DEBUG, MONITOR, ...) are never shown, as in
 * Redis 7.0. */
static void monitorObserve(client *c, const callInfo *info) {
    (void)info;
    if (!(c->cmd->flags & CMD_ADMIN)) monitorFeed(c);
}

static void monitorForget(client *c) {
    if (c->flags & CLIENT_MONITOR) monitorRemove(c);
}

static const clientHooks monitorClientHooks = {NULL, monitorForget};

static void monitorInit(void) {
    netAddClientHooks(&monitorClientHooks);
    observerId = callObserverRegister(monitorObserve);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand monitorCommands[] = {
    CMD("monitor", monitorCommand, 1, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0,
     GROUP_SERVER, "1.0.0", "Listens for all requests received by the server in real-time.", "",
     NULL),
    {0},
};

const serverModule monitorModule = {
    .name = "monitor",
    .init = monitorInit,
    .commands = monitorCommands,
};
