/* persist/child.c -- the background child: a forked copy of the server that writes
 * a snapshot of the keyspace (BGSAVE's dump, an AOF rewrite's base) while
 * the parent goes on serving.
 *
 * fork() gives the child the parent's memory as it was at that instant,
 * shared copy-on-write: the kernel copies a page only when the parent
 * writes to it, so the child sees a frozen keyspace at no up-front cost and
 * the parent pays one page copy per page it touches while the child runs.
 * The fork itself copies the page tables, which is why it takes time in
 * proportion to the dataset (INFO's latest_fork_usec). While a child runs,
 * the hash tables avoid resizing (dictSetResizeAvoid): a new bucket array
 * and a rehash would touch every page of the old one.
 *
 * The child reports how far it got and how much memory it has had to copy
 * (its Private_Dirty pages: those the parent or the child changed since the
 * fork) through a pipe: at most once a second while it works and once when
 * it is done. Each report is one write of a small fixed-size message,
 * atomic on a pipe, and the pipe is non-blocking at both ends: a child
 * never waits on a busy parent, and the cron reads whatever arrived.
 *
 * Only one child runs at a time, as in Redis: two snapshots at once would
 * double the copy-on-write and the disk load. The cron reaps it with
 * waitpid(WNOHANG) and hands the outcome to whoever forked it, together
 * with the child's pid and start time: this file is the one record of
 * them, before and after the child ends. */
#include "persist/child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "lib/dict.h"
#include "lib/log.h"
#include "net/net.h"
#include "lib/util.h"

/* Seconds between two progress reports of a child. */
#define CHILD_REPORT_INTERVAL_US 1000000

static struct {
    pid_t pid;
    childType type;
    childDoneProc *done;
    long long startTime;
    int infoFd; /* read end of the report pipe, -1 if none */
} active = {.infoFd = -1};

static childStats stats;
static childInfo info;

typedef struct childReport {
    int final;
    long long keys;
    long long cowBytes;
} childReport;

/* The child's own side of the reports. */
static struct {
    childType type;
    int fd; /* write end of the report pipe, -1 if none */
    uint64_t lastReportUs;
    long long cowLast, cowPeak, cowSum, cowSamples;
} self = {.fd = -1};

static const char *childTypeName(childType type) {
    return type == CHILD_RDB ? "RDB" : type == CHILD_AOF ? "AOF" : "child";
}

/* What the child must not keep from the parent: listening sockets (a
 * restarted server must be able to bind while the child still runs) and
 * the parent's shutdown handling. */
static void prepareChild(const char *title) {
    netCloseListeners(0);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    logSetRole('C');
    prctl(PR_SET_NAME, title, 0, 0, 0);
}

static long long keyspaceKeyCount(void) {
    long long keys = 0;
    for (int i = 0; i < dataset.count; i++) keys += (long long)dbSize(&dataset.dbs[i]);
    return keys;
}

pid_t childFork(childType type, const char *title, childDoneProc *done) {
    if (active.pid > 0) {
        errno = EBUSY;
        return -1;
    }
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) == -1) fds[0] = fds[1] = -1;
    uint64_t start = monotonicUs();
    pid_t pid = fork();
    if (pid == -1) {
        int saved = errno;
        if (fds[0] != -1) {
            close(fds[0]);
            close(fds[1]);
        }
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        if (fds[0] != -1) close(fds[0]);
        self.type = type;
        self.fd = fds[1];
        prepareChild(title);
        return 0;
    }
    if (fds[1] != -1) close(fds[1]);
    stats.latestForkUs = (long long)(monotonicUs() - start);
    stats.totalForks++;
    active.pid = pid;
    active.type = type;
    active.done = done;
    active.startTime = (long long)time(NULL);
    active.infoFd = fds[0];
    info.keysTotal = keyspaceKeyCount();
    dictSetResizeAvoid(1);
    return pid;
}

void childExit(int status) { _exit(status); }

/* --- reports, in the child ------------------------------------------------ */

/* The bytes of this process's pages that are no longer shared with the
 * parent: Private_Dirty summed over its mappings. smaps_rollup has the sum
 * in one line; older kernels only have smaps. */
static long long privateDirtyBytes(void) {
    FILE *fp = fopen("/proc/self/smaps_rollup", "r");
    if (!fp) fp = fopen("/proc/self/smaps", "r");
    if (!fp) return 0;
    char line[256];
    long long kb = 0;
    while (fgets(line, sizeof(line), fp)) {
        long long v;
        if (sscanf(line, "Private_Dirty: %lld kB", &v) == 1) kb += v;
    }
    fclose(fp);
    return kb * 1024;
}

static void sendReport(int final, long long keys) {
    long long cow = privateDirtyBytes();
    self.cowLast = cow;
    if (cow > self.cowPeak) self.cowPeak = cow;
    self.cowSum += cow;
    self.cowSamples++;
    if (self.fd == -1) return;
    childReport r = {final, keys, cow};
    ssize_t n = write(self.fd, &r, sizeof(r));
    (void)n; /* a full pipe drops a report; the next one says more */
}

void childReportProgress(long long keysProcessed) {
    uint64_t now = monotonicUs();
    if (self.lastReportUs && now - self.lastReportUs < CHILD_REPORT_INTERVAL_US) return;
    self.lastReportUs = now;
    sendReport(0, keysProcessed);
}

void childReportDone(long long keysProcessed) {
    sendReport(1, keysProcessed);
    long long mb = 1024 * 1024;
    serverLog(LL_NOTICE, "Fork CoW for %s: current %lld MB, peak %lld MB, average %lld MB",
              childTypeName(self.type), self.cowLast / mb, self.cowPeak / mb,
              self.cowSum / self.cowSamples / mb);
}

/* --- reports and reaping, in the parent ----------------------------------- */

static void readReports(void) {
    if (active.infoFd == -1) return;
    childReport r;
    while (read(active.infoFd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
        info.cowBytes = r.cowBytes;
        if (r.cowBytes > info.cowPeak) info.cowPeak = r.cowBytes;
        info.cowUpdatedUs = monotonicUs();
        info.keysProcessed = r.keys;
        if (r.final) info.lastCowBytes[active.type] = r.cowBytes;
    }
}

childType childActiveType(void) { return active.pid > 0 ? active.type : CHILD_NONE; }
pid_t childActivePid(void) { return active.pid; }

long long childRunningSec(childType type) {
    if (childActiveType() != type || type == CHILD_NONE) return -1;
    return (long long)time(NULL) - active.startTime;
}

static void finish(int status) {
    readReports();
    if (active.infoFd != -1) close(active.infoFd);
    childDoneProc *done = active.done;
    int bySignal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    childEnded ended = {.ok = !bySignal && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                        .bySignal = bySignal,
                        .pid = active.pid,
                        .startTime = active.startTime};
    active.pid = 0;
    active.type = CHILD_NONE;
    active.done = NULL;
    active.infoFd = -1;
    info.cowBytes = info.cowPeak = 0;
    info.cowUpdatedUs = 0;
    info.keysProcessed = info.keysTotal = 0;
    dictSetResizeAvoid(0);
    if (done) done(&ended);
}

void childCheckDone(void) {
    if (active.pid <= 0) return;
    readReports();
    int status;
    pid_t pid = waitpid(active.pid, &status, WNOHANG);
    if (pid == active.pid) finish(status);
}

void childKillAndWait(void) {
    if (active.pid <= 0) return;
    kill(active.pid, SIGUSR1);
    int status;
    while (waitpid(active.pid, &status, 0) == -1 && errno == EINTR) {
    }
    finish(status);
}

const childStats *childGetStats(void) { return &stats; }
void childResetStats(void) { stats = (childStats){0}; }
const childInfo *childGetInfo(void) { return &info; }

static void childCron(int hz) {
    (void)hz;
    childCheckDone();
}

const serverModule childModule = {
    .name = "child",
    .cron = childCron,
    .resetStats = childResetStats,
};
