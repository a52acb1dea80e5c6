/* lib/log.c -- log lines in Redis's format; see log.h. */
#include "lib/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

static int logFd = STDOUT_FILENO;
static int logLevel = LL_NOTICE;
static char logRole = 'M';

int logSetFile(const char *path) {
    int fd = STDOUT_FILENO;
    if (path && path[0]) {
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd == -1) return -1;
    }
    if (logFd != STDOUT_FILENO) close(logFd);
    logFd = fd;
    return 0;
}

void logSetLevel(int level) { logLevel = level; }
void logSetRole(char role) { logRole = role; }
int logGetLevel(void) { return logLevel; }

static const char levelMark[] = ".-*#";

void serverLog(int level, const char *fmt, ...) {
    if (level < logLevel) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    char when[64];
    size_t off = strftime(when, sizeof(when), "%d %b %Y %H:%M:%S.", &tm);
    snprintf(when + off, sizeof(when) - off, "%03d", (int)(tv.tv_usec / 1000));

    char line[1200];
    int n = snprintf(line, sizeof(line), "%d:%c %s %c %s\n", (int)getpid(), logRole, when,
                     levelMark[level], msg);
    if (n > (int)sizeof(line) - 1) n = (int)sizeof(line) - 1;
    ssize_t ignored = write(logFd, line, (size_t)n);
    (void)ignored;
}

void serverLogFromHandler(int level, const char *msg) {
    if (level < logLevel) return;
    char line[256];
    char pid[21];
    size_t plen = ll2string(pid, (long long)getpid());
    size_t n = 0;
    memcpy(line, pid, plen);
    n += plen;
    const char *mid = ":signal-handler * ";
    size_t mlen = strlen(mid);
    memcpy(line + n, mid, mlen);
    n += mlen;
    size_t len = strlen(msg);
    if (len > sizeof(line) - n - 1) len = sizeof(line) - n - 1;
    memcpy(line + n, msg, len);
    n += len;
    line[n++] = '\n';
    ssize_t ignored = write(logFd, line, n);
    (void)ignored;
}
