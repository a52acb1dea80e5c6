/* lib/atomic_file.h -- replacing a file so that a crash at any moment leaves
 * either the old file or the new one, whole: the new content goes to a
 * temporary file in the same directory, which is fsynced and then renamed
 * over the target (rename within a directory is atomic), and the
 * directory is fsynced so the rename itself survives a power cut.
 *
 * Used by everything that rewrites a file the server reads back: the RDB
 * dump, the AOF manifest, CONFIG REWRITE. Nothing here knows the server. */
#ifndef ATOMIC_FILE_H
#define ATOMIC_FILE_H

#include <stddef.h>

typedef struct atomicFile {
    int fd;         /* write the new content here */
    char *path;     /* the file being replaced */
    char *tmpPath;  /* where the content is written first */
} atomicFile;

/* Which step failed, for callers whose error texts name it. */
typedef enum { ATOMIC_OK = 0, ATOMIC_ERR_OPEN, ATOMIC_ERR_WRITE, ATOMIC_ERR_RENAME } atomicStep;

/* Creates tmpPath (truncating it) to replace path later. ATOMIC_ERR_OPEN
 * with errno set on failure. */
atomicStep atomicFileOpen(atomicFile *f, const char *path, const char *tmpPath);
/* fsyncs and closes the temporary file, renames it over path and fsyncs
 * the directory. On failure (ATOMIC_ERR_WRITE for fsync/close,
 * ATOMIC_ERR_RENAME) errno is set and the temporary file is removed. */
atomicStep atomicFileCommit(atomicFile *f);
/* Gives up: closes and removes the temporary file. */
void atomicFileAbort(atomicFile *f);
/* The whole new content at once; tmpPath is path + ".tmp-<pid>". Returns
 * ATOMIC_OK or the failing step with errno set. */
atomicStep atomicFileWriteAll(const char *path, const void *data, size_t len);

#endif
