/* lib/log.h -- Redis-style log lines:
 *
 *   12345:M 24 Nov 2026 09:10:55.123 * Ready to accept connections
 *
 * pid, role, time with milliseconds, a level mark (. debug, - verbose,
 * * notice, # warning) and the message, to stdout or to the logfile. */
#ifndef LOG_H
#define LOG_H

#define LL_DEBUG 0
#define LL_VERBOSE 1
#define LL_NOTICE 2
#define LL_WARNING 3

/* path NULL or "" means standard output. Returns -1 if the file can't be
 * opened (the previous destination is kept). */
int logSetFile(const char *path);
void logSetLevel(int level);
int logGetLevel(void);
/* The letter after the pid: M for the server, C in a forked child. */
void logSetRole(char role);
void serverLog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Safe to call from a signal handler: no stdio, no allocation. */
void serverLogFromHandler(int level, const char *msg);

#endif
