/* lib/atomic_file.c -- see atomic_file.h. */
#include "lib/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "lib/zmalloc.h"

static char *copyString(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = zmalloc(n);
    memcpy(p, s, n);
    return p;
}

static void release(atomicFile *f) {
    zfree(f->path);
    zfree(f->tmpPath);
    f->path = f->tmpPath = NULL;
    f->fd = -1;
}

atomicStep atomicFileOpen(atomicFile *f, const char *path, const char *tmpPath) {
    f->fd = open(tmpPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f->fd == -1) return ATOMIC_ERR_OPEN;
    f->path = copyString(path);
    f->tmpPath = copyString(tmpPath);
    return ATOMIC_OK;
}

/* The directory holding path ("." when it has no slash), fsynced so a
 * rename in it is on disk. A failure here is not reported: the new file is
 * in place either way, and some file systems refuse fsync on directories. */
static void syncParentDir(const char *path) {
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) {
        strcpy(dir, ".");
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof(dir)) return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1) return;
    fsync(fd);
    close(fd);
}

atomicStep atomicFileCommit(atomicFile *f) {
    atomicStep step = ATOMIC_OK;
    if (fsync(f->fd) == -1) step = ATOMIC_ERR_WRITE;
    int saved = errno;
    if (close(f->fd) == -1 && step == ATOMIC_OK) {
        step = ATOMIC_ERR_WRITE;
        saved = errno;
    }
    if (step == ATOMIC_OK && rename(f->tmpPath, f->path) == -1) {
        step = ATOMIC_ERR_RENAME;
        saved = errno;
    }
    if (step == ATOMIC_OK) syncParentDir(f->path);
    else unlink(f->tmpPath);
    release(f);
    errno = saved;
    return step;
}

void atomicFileAbort(atomicFile *f) {
    int saved = errno;
    close(f->fd);
    unlink(f->tmpPath);
    release(f);
    errno = saved;
}

atomicStep atomicFileWriteAll(const char *path, const void *data, size_t len) {
    char tmp[4200];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return ATOMIC_ERR_OPEN;
    }
    atomicFile f;
    if (atomicFileOpen(&f, path, tmp) != ATOMIC_OK) return ATOMIC_ERR_OPEN;
    if (writeAll(f.fd, data, len) == -1) {
        atomicFileAbort(&f);
        return ATOMIC_ERR_WRITE;
    }
    return atomicFileCommit(&f);
}
