/* child.c -- the background child: a forked copy of the server that writes
 * a snapshot of the keyspace (BGSAVE's dump, an AOF rewrite's base) while
 * the parent goes on serving.
 *
 * fork() gives the child the parent's memory as it was at that instant,
 * shared copy-on-write: the kernel copies a page only when the parent
 * writes to it, so the child sees a frozen keyspace at no up-front cost and
 * the parent pays one page copy per page it touches while the child runs.
 * The fork itself copies the page tables, which is why it takes time in
 * proportion to the dataset (INFO's latest_fork_usec).
 *
 * Only one child runs at a time, as in Redis: two snapshots at once would
 * double the copy-on-write and the disk load. The cron reaps it with
 * waitpid(WNOHANG) and hands the outcome to whoever forked it. */
#include "child.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "server.h"
#include "util.h"

static struct {
    pid_t pid;
    childType type;
    childDoneProc *done;
    long long startTime;
} active;

static childStats stats;

/* What the child must not keep from the parent: listening sockets (a
 * restarted server must be able to bind while the child still runs) and
 * the parent's shutdown handling. */
static void prepareChild(const char *title) {
    for (int i = 0; i < server.listenerCount; i++) close(server.listeners[i].fd);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    logSetRole('C');
    prctl(PR_SET_NAME, title, 0, 0, 0);
}

pid_t childFork(childType type, const char *title, childDoneProc *done) {
    if (active.pid > 0) {
        errno = EBUSY;
        return -1;
    }
    uint64_t start = monotonicUs();
    pid_t pid = fork();
    if (pid == -1) return -1;
    if (pid == 0) {
        prepareChild(title);
        return 0;
    }
    stats.latestForkUs = (long long)(monotonicUs() - start);
    stats.totalForks++;
    active.pid = pid;
    active.type = type;
    active.done = done;
    active.startTime = (long long)time(NULL);
    return pid;
}

void childExit(int status) { _exit(status); }

childType childActiveType(void) { return active.pid > 0 ? active.type : CHILD_NONE; }
pid_t childActivePid(void) { return active.pid; }
long long childStartTime(void) { return active.startTime; }

static void finish(int status) {
    childDoneProc *done = active.done;
    active.pid = 0;
    active.type = CHILD_NONE;
    active.done = NULL;
    int bySignal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    int ok = !bySignal && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (done) done(ok, bySignal);
}

void childCheckDone(void) {
    if (active.pid <= 0) return;
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
