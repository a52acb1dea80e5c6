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
#include "util.h"

#define CONFIG_MAX_BIND_ADDRS 16

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
    sds configFile; /* absolute path, or NULL when started without one */
} serverConfig;

/* Fills defaults from the directive table. */
void configInitDefaults(serverConfig *cfg);
/* Loads `file` (may be NULL), then the command-line options (argv after the
 * config file: "--port 7000 --bind a b"). On an error prints a FATAL CONFIG
 * FILE ERROR report to stderr and exits(1), as Redis does. */
void configLoad(serverConfig *cfg, const char *file, int argc, char **argv);

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
