/* observe/slowlog.h -- the slow log: the most recent commands that ran for at least
 * slowlog-log-slower-than microseconds, at most slowlog-max-len of them,
 * and the SLOWLOG command that reads and clears it. */
#ifndef SLOWLOG_H
#define SLOWLOG_H

#include <stdint.h>

#include "lib/module.h"
#include "net/client.h"

/* What an entry keeps of a command, as Redis 7.0 does: at most this many
 * arguments (the last slot then says how many more there were), each cut to
 * this many bytes (with how many more there were). */
#define SLOWLOG_ENTRY_MAX_ARGC 32
#define SLOWLOG_ENTRY_MAX_STRING 128

struct slowlogConfig {
    long long logSlowerThan; /* microseconds; -1: off, 0: every command */
    long long maxLen;
};

extern struct slowlogConfig slowlogConfig;
extern const serverModule slowlogModule;

/* Records the command in c->argv, which ran for durationUs. */
void slowlogPush(client *c, uint64_t durationUs);
/* Drops the oldest entries beyond slowlog-max-len. */
void slowlogTrim(void);


#endif
