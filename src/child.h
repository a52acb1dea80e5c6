/* child.h -- the one background child process the server may have at a
 * time (a BGSAVE or an AOF rewrite); see child.c. */
#ifndef CHILD_H
#define CHILD_H

#include <sys/types.h>

typedef enum { CHILD_NONE = 0, CHILD_RDB, CHILD_AOF } childType;

/* Called in the parent once the child has ended: ok is 1 when it exited
 * with status 0; bySignal is the signal that killed it, or 0. */
typedef void childDoneProc(int ok, int bySignal);

/* Forks a child of the given type. In the child: returns 0, with the
 * listeners closed, SIGTERM/SIGINT back to their defaults and log lines
 * marked C; the child must end with childExit. In the parent: returns the
 * child's pid and records it as the active child, or -1 (errno set, e.g.
 * EBUSY when a child is already running). The fork's duration is kept for
 * INFO (latest_fork_usec). */
pid_t childFork(childType type, const char *title, childDoneProc *done);
/* Ends a child: 0 for success, anything else for failure. */
void childExit(int status) __attribute__((noreturn));

childType childActiveType(void);
pid_t childActivePid(void);
/* Unix time the active child was forked. */
long long childStartTime(void);

/* Reaps the active child if it has ended and calls its done proc; the
 * cron calls this. */
void childCheckDone(void);
/* Kills the active child with SIGUSR1 and waits for it (shutdown, or a
 * rewrite that must be cancelled); its done proc runs with bySignal. */
void childKillAndWait(void);

typedef struct childStats {
    long long latestForkUs; /* latest_fork_usec */
    long long totalForks;   /* total_forks */
} childStats;
const childStats *childGetStats(void);
void childResetStats(void);

#endif
