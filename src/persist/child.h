/* persist/child.h -- the one background child process the server may have at a
 * time (a BGSAVE or an AOF rewrite); see child.c. */
#ifndef CHILD_H
#define CHILD_H

#include <stdint.h>
#include <sys/types.h>

#include "lib/module.h"

typedef enum { CHILD_NONE = 0, CHILD_RDB, CHILD_AOF, CHILD_TYPES } childType;

/* What the parent knew of a child that has ended. When its done proc runs
 * the child is no longer the active one (childActiveType() is CHILD_NONE
 * and a new child may be forked), so this is where the proc finds its pid
 * and start time: for a temp file named after the pid, or how long the
 * child ran. */
typedef struct childEnded {
    int ok;              /* 1 when it exited with status 0 */
    int bySignal;        /* the signal that killed it, or 0 */
    pid_t pid;
    long long startTime; /* unix time it was forked */
} childEnded;

/* Called in the parent once the child has ended. */
typedef void childDoneProc(const childEnded *ended);

/* Forks a child of the given type. In the child: returns 0, with the
 * listeners closed, SIGTERM/SIGINT back to their defaults and log lines
 * marked C; the child must end with childExit. In the parent: returns the
 * child's pid and records it as the active child, or -1 (errno set, e.g.
 * EBUSY when a child is already running). The fork's duration is kept for
 * INFO (latest_fork_usec). */
pid_t childFork(childType type, const char *title, childDoneProc *done);
/* Ends a child: 0 for success, anything else for failure. */
void childExit(int status) __attribute__((noreturn));
/* In the child: how many keys it has written so far; sent to the parent
 * with the copy-on-write size at most once a second (call it as often as
 * is convenient). */
void childReportProgress(long long keysProcessed);
/* In the child, once its work succeeded and before childExit(0): the
 * final report (INFO's rdb_last_cow_size) and the "Fork CoW" log line. */
void childReportDone(long long keysProcessed);

/* The child as a module: its cron reaps a finished child, its stats are
 * total_forks and latest_fork_usec. */
extern const serverModule childModule;

childType childActiveType(void);
pid_t childActivePid(void);
/* Seconds the active child has run if it is of the given type, else -1
 * (INFO's rdb_current_bgsave_time_sec, aof_current_rewrite_time_sec). */
long long childRunningSec(childType type);

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

/* What the running child reported (all 0 while none runs), and the final
 * copy-on-write size of the last successful child of each type. */
typedef struct childInfo {
    long long cowBytes;     /* current_cow_size */
    long long cowPeak;      /* current_cow_peak */
    uint64_t cowUpdatedUs;  /* monotonic time of the last report, 0 if none */
    long long keysProcessed;/* current_save_keys_processed */
    long long keysTotal;    /* current_save_keys_total: keys when forked */
    long long lastCowBytes[CHILD_TYPES]; /* rdb_last_cow_size, aof_last_cow_size */
} childInfo;
const childInfo *childGetInfo(void);

#endif
