/* net/internal.h -- what the files of net/ share and nothing outside it
 * calls: the descriptor limit behind maxclients and the run-time moves of
 * the listening sockets behind CONFIG SET bind and port. */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

/* Raises RLIMIT_NOFILE for maxclients if it can; returns the maxclients the
 * limit allows (maxclients itself when all is well). */
long long adjustOpenFilesLimit(long long maxclients);
/* Moves the TCP listeners to netConfig.port; C_ERR, with the old listeners
 * untouched, if the new port cannot be bound. */
int changeListenPort(void);
/* Listens on netConfig.bind's addresses instead; C_ERR, with no TCP
 * listener left, if one of them cannot be bound. */
int changeBindAddr(void);

/* Listens on the configured addresses and Unix socket (the module's init);
 * exits, logged, when a required one cannot be had. */
void netListen(void);

#endif
