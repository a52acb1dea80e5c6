/* server/config.h -- the server's configuration: every directive, its default,
 * its limits, and whether CONFIG SET may change it at run time.
 *
 * The table in config.c is the single source of truth: defaults are parsed
 * from it at start-up, the config file and --options are checked against it,
 * and CONFIG GET / CONFIG SET read and write through it. redis-mini.conf
 * documents the same defaults. */
#ifndef CONFIG_H
#define CONFIG_H

#include "net/net.h"
#include "persist/save_rules.h"
#include "lib/sds.h"
#include "lib/util.h"

#define CONFIG_MAX_BIND_ADDRS NET_MAX_BIND_ADDRS

/* enable-debug-command: whether protected commands (DEBUG) may run. */
#define ENABLE_DEBUG_NO 0
#define ENABLE_DEBUG_YES 1
#define ENABLE_DEBUG_LOCAL 2 /* from loopback and Unix socket clients only */
/* maxmemory-policy values, built as Redis builds them: a number per policy
 * plus flags saying how it picks keys. redis-mini does not evict yet; the
 * policy decides what the keys' access bits track (db.h) and, as in Redis,
 * whether small integers count as shared values (OBJECT REFCOUNT). */
#define MAXMEMORY_FLAG_LRU (1 << 0)
#define MAXMEMORY_FLAG_LFU (1 << 1)
#define MAXMEMORY_FLAG_ALLKEYS (1 << 2)
#define MAXMEMORY_FLAG_NO_SHARED_INTEGERS (MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_LFU)
#define MAXMEMORY_VOLATILE_LRU ((0 << 8) | MAXMEMORY_FLAG_LRU)
#define MAXMEMORY_VOLATILE_LFU ((1 << 8) | MAXMEMORY_FLAG_LFU)
#define MAXMEMORY_VOLATILE_TTL (2 << 8)
#define MAXMEMORY_VOLATILE_RANDOM (3 << 8)
#define MAXMEMORY_ALLKEYS_LRU ((4 << 8) | MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_LFU ((5 << 8) | MAXMEMORY_FLAG_LFU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_RANDOM ((6 << 8) | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_NO_EVICTION (7 << 8)

typedef struct serverConfig {
    sds bindAddrs[CONFIG_MAX_BIND_ADDRS]; /* "-" prefix: optional address */
    int bindCount;
    long long port;
    sds unixsocket;
    long long unixsocketperm;
    long long tcpBacklog;
    long long timeout;      /* seconds idle before a client is closed; 0 = never */
    long long tcpKeepalive; /* seconds */
    long long maxclients;
    long long databases;
    long long hz;
    long long loglevel;
    sds logfile;
    long long daemonize;
    sds pidfile;
    long long protoMaxBulkLen;
    long long clientQueryBufferLimit;
    long long maxmemory;
    sds requirepass; /* the default user's password; empty: no AUTH needed */
    long long slowlogLogSlowerThan;    /* microseconds; -1: off, 0: every command */
    long long slowlogMaxLen;
    long long latencyMonitorThreshold; /* milliseconds; 0: off */
    long long enableDebugCommand;      /* ENABLE_DEBUG_* */
    long long maxmemoryPolicy; /* MAXMEMORY_* */
    long long lfuLogFactor;
    long long lfuDecayTime; /* minutes */
    sds dbfilename; /* the RDB file, in dir */
    long long rdbcompression; /* LZF-compress strings in RDB files */
    long long rdbchecksum;    /* end RDB files with a CRC-64 (else 0) */
    sds dir;        /* the working directory; absolute once started */
    saveRules save; /* automatic BGSAVE rules; none: no automatic snapshots */
    long long stopWritesOnBgsaveError; /* refuse writes after a failed BGSAVE */
    long long rdbKeySaveDelay;         /* microseconds slept per saved key (a test aid) */
    /* The append-only file (aof.h). */
    long long appendonly;
    sds appendfilename;  /* base name of the AOF's files */
    sds appenddirname;   /* the AOF's directory, in dir */
    long long appendfsync; /* AOF_FSYNC_* */
    long long noAppendfsyncOnRewrite;
    long long autoAofRewritePercentage;
    long long autoAofRewriteMinSize;
    long long aofLoadTruncated;
    long long aofUseRdbPreamble;
    sds configFile; /* absolute path, or NULL when started without one */
} serverConfig;

/* Fills defaults from the directive table. */
void configInitDefaults(serverConfig *cfg);
/* Loads `file` (may be NULL), then the command-line options (argv after the
 * config file: "--port 7000 --bind a b"). On an error prints a FATAL CONFIG
 * FILE ERROR report to stderr and exits(1), as Redis does. */
void configLoad(serverConfig *cfg, const char *file, int argc, char **argv);
/* Tells the keyspace what maxmemory, maxmemory-policy and the lfu-*
 * directives mean for it; called once the keyspace exists and after every
 * change. */
void configApplyMaxmemoryPolicy(const serverConfig *cfg);
/* "noeviction", "allkeys-lru", ... */
const char *maxmemoryPolicyName(long long policy);
/* chdir to cfg->dir and make it absolute; an error text if that fails. */
const char *applyDir(serverConfig *cfg);
const char *applyDbfilenameCheck(serverConfig *cfg);

/* CONFIG REWRITE (config_rewrite.c): edits the file at path to hold cfg.
 * Returns 0, or -1 with errno set. */
int configRewrite(const serverConfig *cfg, const char *path);

/* The directive table, for the CONFIG commands (cmd_config.c) and CONFIG
 * REWRITE (config_rewrite.c). A directive is opaque outside config.c. */
typedef struct configDirective configDirective;

int configDirectiveCount(void);
const configDirective *configDirectiveAt(int i);
/* Case-insensitive; NULL when there is no such directive. */
const configDirective *configFindDirective(slice name);
const char *configDirectiveName(const configDirective *d);
int configDirectiveIsMutable(const configDirective *d);
/* Sets d in cfg from one CONFIG SET value (bind's addresses are one
 * space-separated value). Returns NULL or an error text. */
const char *configSetDirective(serverConfig *cfg, const configDirective *d, slice value);
/* A copy of a configuration made by assignment shares its strings; these
 * give it its own, and free them, so CONFIG SET can keep the previous
 * configuration whole until the new one is in place. */
void configDupStrings(serverConfig *cfg);
void configFreeStrings(serverConfig *cfg);
/* Runs d's hook after a run-time change; returns NULL or an error text. */
const char *configApplyDirective(serverConfig *cfg, const configDirective *d);
/* The value as CONFIG GET shows it (sizes in bytes). */
sds configGetDirective(const serverConfig *cfg, const configDirective *d);
/* The value as a config file line writes it ("512mb", quoted strings). */
sds configFormatDirective(const serverConfig *cfg, const configDirective *d);
/* Whether cfg holds d's built-in default. */
int configDirectiveIsDefault(const serverConfig *cfg, const configDirective *d);

#endif
