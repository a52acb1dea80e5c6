/* config.h -- the server's configuration: every directive, its default,
 * its limits, and whether CONFIG SET may change it at run time.
 *
 * The table in config.c is the single source of truth: defaults are parsed
 * from it at start-up, the config file and --options are checked against it,
 * and CONFIG GET / CONFIG SET read and write through it. redis-mini.conf
 * documents the same defaults. */
#ifndef CONFIG_H
#define CONFIG_H

#include "sds.h"

#define CONFIG_MAX_BIND_ADDRS 16

/* enable-debug-command: whether protected commands (DEBUG) may run. */
#define ENABLE_DEBUG_NO 0
#define ENABLE_DEBUG_YES 1
#define ENABLE_DEBUG_LOCAL 2 /* from loopback and Unix socket clients only */

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
    sds configFile; /* absolute path, or NULL when started without one */
} serverConfig;

/* Fills defaults from the directive table. */
void configInitDefaults(serverConfig *cfg);
/* Loads `file` (may be NULL), then the command-line options (argv after the
 * config file: "--port 7000 --bind a b"). On an error prints a FATAL CONFIG
 * FILE ERROR report to stderr and exits(1), as Redis does. */
void configLoad(serverConfig *cfg, const char *file, int argc, char **argv);

struct client;
void configGetCommand(struct client *c);
void configSetCommand(struct client *c);
void configResetStatCommand(struct client *c);
void configHelpCommand(struct client *c);

#endif
