/* net/anet.h -- thin wrappers over the socket calls the server makes: listen on
 * TCP or a unix socket, accept, and set per-connection options. Errors come
 * back as AE-style -1 with a message in a caller-provided buffer, so the
 * caller decides how to log them. Knows nothing of clients. */
#ifndef ANET_H
#define ANET_H

#include <stddef.h>

#define ANET_ERR_LEN 256
#define ANET_IP_LEN 46 /* INET6_ADDRSTRLEN */
/* "ip:port", or a unix socket path with ":0". */
#define NET_ADDR_STR_LEN 128

/* Listens on addr:port (IPv4 or IPv6 literal, or NULL for any). */
int anetTcpServer(char *err, int port, const char *addr, int backlog);
int anetUnixServer(char *err, const char *path, unsigned int perm, int backlog);
/* Accepts one connection, already non-blocking and close-on-exec. Returns
 * -1 with errno EAGAIN when no more are pending. ip/port may be NULL. */
int anetAccept(char *err, int listenFd, char *ip, size_t iplen, int *port);
int anetTcpNoDelay(char *err, int fd);
/* Turns on keepalive probes after `interval` idle seconds (0: off). */
int anetKeepAlive(char *err, int fd, int interval);
/* "ip:port" of the peer (remote=1) or the local end; "/path:0" for unix. */
int anetFormatAddress(int fd, int remote, char *buf, size_t buflen);

#endif
