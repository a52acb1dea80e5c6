/* net/anet.c -- socket helpers; see anet.h. */
#include "net/anet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static void anetSetError(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ANET_ERR_LEN, fmt, ap);
    va_end(ap);
}

static int listenOn(char *err, int fd, struct sockaddr *sa, socklen_t len, int backlog) {
    if (bind(fd, sa, len) == -1) {
        anetSetError(err, "bind: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (listen(fd, backlog) == -1) {
        anetSetError(err, "listen: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Fills ss for addr:port. "*" (or NULL) is any IPv4 address, "::*" any IPv6
 * address, as in redis.conf. Returns the address family, or -1. */
static int parseBindAddress(const char *addr, int port, struct sockaddr_storage *ss,
                            socklen_t *len) {
    memset(ss, 0, sizeof(*ss));
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    if (addr == NULL || strcmp(addr, "*") == 0) addr = "0.0.0.0";
    else if (strcmp(addr, "::*") == 0) addr = "::";
    if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((unsigned short)port);
        *len = sizeof(*sin);
        return AF_INET;
    }
    if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((unsigned short)port);
        *len = sizeof(*sin6);
        return AF_INET6;
    }
    return -1;
}

int anetTcpServer(char *err, int port, const char *addr, int backlog) {
    struct sockaddr_storage ss;
    socklen_t len;
    int family = parseBindAddress(addr, port, &ss, &len);
    if (family == -1) {
        anetSetError(err, "invalid bind address '%s'", addr);
        errno = EINVAL;
        return -1;
    }
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        anetSetError(err, "socket: %s", strerror(errno));
        return -1;
    }
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof(yes));
    return listenOn(err, fd, (struct sockaddr *)&ss, len, backlog);
}

int anetUnixServer(char *err, const char *path, unsigned int perm, int backlog) {
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    if (strlen(path) >= sizeof(sa.sun_path)) {
        anetSetError(err, "unix socket path too long: %s", path);
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        anetSetError(err, "socket: %s", strerror(errno));
        return -1;
    }
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);
    unlink(path); /* a stale socket from an earlier run */
    if (listenOn(err, fd, (struct sockaddr *)&sa, sizeof(sa), backlog) == -1) return -1;
    if (perm) chmod(path, perm);
    return fd;
}

int anetAccept(char *err, int listenFd, char *ip, size_t iplen, int *port) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int fd;
    do {
        fd = accept4(listenFd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd == -1 && errno == EINTR);
    if (fd == -1) {
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            anetSetError(err, "accept: %s", strerror(errno));
        return -1;
    }
    if (ip && ss.ss_family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &s->sin_addr, ip, (socklen_t)iplen);
        if (port) *port = ntohs(s->sin_port);
    } else if (ip && ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &s->sin6_addr, ip, (socklen_t)iplen);
        if (port) *port = ntohs(s->sin6_port);
    } else if (ip) {
        snprintf(ip, iplen, "/unixsocket");
        if (port) *port = 0;
    }
    return fd;
}

int anetTcpNoDelay(char *err, int fd) {
    int yes = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes)) == -1) {
        anetSetError(err, "setsockopt TCP_NODELAY: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int anetKeepAlive(char *err, int fd, int interval) {
    if (interval <= 0) return 0;
    int yes = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &yes, sizeof(yes)) == -1) {
        anetSetError(err, "setsockopt SO_KEEPALIVE: %s", strerror(errno));
        return -1;
    }
    /* First probe after `interval` idle seconds, then every interval/3,
     * giving up after three unanswered probes: a dead peer is noticed in
     * about twice the interval. */
    int idle = interval, probeInterval = interval / 3 ? interval / 3 : 1, probes = 3;
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &probeInterval, sizeof(probeInterval));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof(probes));
    return 0;
}

int anetFormatAddress(int fd, int remote, char *buf, size_t buflen) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int rc = remote ? getpeername(fd, (struct sockaddr *)&ss, &len)
                    : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (rc == -1) {
        snprintf(buf, buflen, "?:0");
        return -1;
    }
    char ip[ANET_IP_LEN];
    if (ss.ss_family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
        snprintf(buf, buflen, "%s:%d", ip, ntohs(s->sin_port));
    } else if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
        snprintf(buf, buflen, "%s:%d", ip, ntohs(s->sin6_port));
    } else if (ss.ss_family == AF_UNIX) {
        struct sockaddr_un *s = (struct sockaddr_un *)&ss;
        snprintf(buf, buflen, "%s:0", s->sun_path[0] ? s->sun_path : "/unixsocket");
    } else {
        snprintf(buf, buflen, "?:0");
    }
    return 0;
}
