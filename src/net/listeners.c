/* net/listeners.c -- the listening sockets: TCP on each `bind` address and
 * the Unix socket, opened at start-up and moved at run time by CONFIG SET
 * bind and port; and the open-file limit that maxclients needs.
 *
 * Each listener's readable event calls acceptHandler (networking.c) with
 * the listener as its data, which says whether accepted clients are on the
 * Unix socket. */
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/log.h"
#include "net/anet.h"
#include "net/internal.h"
#include "net/net.h"

/* The port the TCP listeners are bound to. */
static long long listeningPort;

long long adjustOpenFilesLimit(long long maxclients) {
    rlim_t wanted = (rlim_t)(maxclients + RESERVED_FDS);
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == -1) return maxclients;
    if (lim.rlim_cur >= wanted) return maxclients;
    struct rlimit raised = lim;
    raised.rlim_cur = wanted;
    if (raised.rlim_max < wanted) raised.rlim_max = wanted; /* works as root */
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return maxclients;
    raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    long long allowed = (long long)lim.rlim_cur - RESERVED_FDS;
    return allowed < 1 ? 1 : allowed;
}

static void applyOpenFilesLimit(void) {
    long long granted = adjustOpenFilesLimit(netConfig.maxclients);
    if (granted >= netConfig.maxclients) return;
    serverLog(LL_WARNING,
              "You requested maxclients of %lld requiring at least %lld max file descriptors, "
              "but the open files limit allows only %lld clients: maxclients has been lowered "
              "to %lld. To allow more, raise 'ulimit -n'.",
              netConfig.maxclients, netConfig.maxclients + RESERVED_FDS, granted, granted);
    netConfig.maxclients = granted;
}

static void addListener(int fd, int isUnix) {
    listener *l = &net.listeners[net.listenerCount++];
    l->fd = fd;
    l->isUnix = isUnix;
    if (aeCreateFileEvent(net.el, fd, AE_READABLE, acceptHandler, l) == AE_ERR) {
        serverLog(LL_WARNING, "Unrecoverable error creating a listener file event.");
        exit(1);
    }
}

static int isMissingAddressError(int err) {
    return err == EADDRNOTAVAIL || err == EAFNOSUPPORT || err == EPROTONOSUPPORT ||
           err == ESOCKTNOSUPPORT || err == EPFNOSUPPORT || err == EINVAL;
}

/* Opens a listening socket per bind address on `port` into fds. Returns
 * how many, or -1 when a required address failed (those opened are closed
 * again, the failure is logged). */
static int openTcpListeners(long long port, int *fds) {
    int n = 0;
    if (port == 0) return 0;
    for (int i = 0; i < netConfig.bind.count; i++) {
        const char *addr = netConfig.bind.addrs[i];
        /* A leading '-' marks an address that may not exist here. */
        int optional = addr[0] == '-';
        if (optional) addr++;
        char err[ANET_ERR_LEN];
        int fd = anetTcpServer(err, (int)port, addr, (int)netConfig.tcpBacklog);
        if (fd != -1) {
            fds[n++] = fd;
            continue;
        }
        if (optional && isMissingAddressError(errno)) {
            serverLog(LL_NOTICE, "Skipping optional bind address %s: %s", addr, err);
            continue;
        }
        serverLog(LL_WARNING, "Warning: Could not create server TCP listening socket %s:%lld: %s",
                  addr, port, err);
        while (n > 0) close(fds[--n]);
        return -1;
    }
    return n;
}

static void listenOnTcp(void) {
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(netConfig.port, fds);
    if (n < 0) {
        serverLog(LL_WARNING, "Failed listening on port %lld (tcp), aborting.", netConfig.port);
        exit(1);
    }
    for (int i = 0; i < n; i++) addListener(fds[i], 0);
    listeningPort = netConfig.port;
}

/* Replaces the TCP listeners with fds. The listener table is rebuilt, so
 * every listener's event is registered again with its new slot. */
static void replaceTcpListeners(const int *fds, int n) {
    int hasUnix = 0, unixFd = -1;
    for (int i = 0; i < net.listenerCount; i++) {
        aeDeleteFileEvent(net.el, net.listeners[i].fd, AE_READABLE);
        if (net.listeners[i].isUnix) {
            hasUnix = 1;
            unixFd = net.listeners[i].fd;
        } else {
            close(net.listeners[i].fd);
        }
    }
    net.listenerCount = 0;
    for (int i = 0; i < n; i++) addListener(fds[i], 0);
    if (hasUnix) addListener(unixFd, 1);
}

/* CONFIG SET port: the new sockets are opened before the old ones are
 * closed, so a port that cannot be had leaves the server as it was. */
int changeListenPort(void) {
    if (netConfig.port == listeningPort) return C_OK;
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(netConfig.port, fds);
    if (n < 0) return C_ERR;
    replaceTcpListeners(fds, n);
    listeningPort = netConfig.port;
    serverLog(LL_NOTICE, "Listening on port %lld (tcp)", netConfig.port);
    return C_OK;
}

/* CONFIG SET bind: the old sockets are closed first, since the new
 * addresses may include old ones on the same port. On failure no TCP
 * listener is left; CONFIG SET then restores the previous addresses,
 * which calls this again with them. */
int changeBindAddr(void) {
    replaceTcpListeners(NULL, 0);
    int fds[MAX_LISTENERS];
    int n = openTcpListeners(listeningPort, fds);
    if (n < 0) return C_ERR;
    replaceTcpListeners(fds, n);
    return C_OK;
}

static void listenOnUnixSocket(void) {
    if (!netConfig.unixsocket[0]) return;
    char err[ANET_ERR_LEN];
    int fd = anetUnixServer(err, netConfig.unixsocket, (unsigned int)netConfig.unixsocketperm,
                            (int)netConfig.tcpBacklog);
    if (fd == -1) {
        serverLog(LL_WARNING, "Failed opening Unix socket: %s", err);
        exit(1);
    }
    addListener(fd, 1);
}

void netListen(void) {
    listenOnTcp();
    listenOnUnixSocket();
    if (net.listenerCount == 0) {
        serverLog(LL_WARNING, "Configured to not listen anywhere, exiting.");
        exit(1);
    }
}

void netCloseListeners(int unlinkSocket) {
    for (int i = 0; i < net.listenerCount; i++) close(net.listeners[i].fd);
    net.listenerCount = 0;
    if (unlinkSocket && netConfig.unixsocket[0]) {
        serverLog(LL_NOTICE, "Removing the unix socket file.");
        unlink(netConfig.unixsocket);
    }
}

int netLoopSetSize(void) {
    applyOpenFilesLimit();
    return (int)(netConfig.maxclients + FDSET_INCR);
}
