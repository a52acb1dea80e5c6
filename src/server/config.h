/* server/config.h -- the configuration engine: the directives every module
 * declares (lib/module.h), read from the config file and the command line,
 * and read and written at run time by CONFIG GET, SET and REWRITE.
 *
 * The engine owns no directive. configInit gathers the modules' tables in
 * module order and fills each module's config struct with the defaults;
 * from then on a directive's value lives in its module's struct, at the
 * offset its row gives, and the module reads it there directly. The
 * engine parses, checks ranges, prints and copies values by type, and
 * makes a CONFIG SET of several directives all or nothing.
 *
 * Error texts are Redis's: a user's redis.conf habits and client libraries
 * expect them. redis-mini.conf documents the same defaults. */
#ifndef CONFIG_H
#define CONFIG_H

#include "lib/module.h"
#include "lib/sds.h"
#include "lib/util.h"

/* A directive together with the module it belongs to. */
typedef struct configItem configItem;

/* Builds the directive table from the modules and sets every default. */
void configInit(const serverModule *const *modules, int count);
/* Loads `file` (may be NULL), then the command-line options (argv after
 * the config file: "--port 7000 --bind a b"). On an error prints a FATAL
 * CONFIG FILE ERROR report to stderr and exits(1), as Redis does. */
void configLoad(const char *file, int argc, char **argv);
/* The absolute path of the config file, or NULL when started without one. */
const char *configFilePath(void);

int configItemCount(void);
const configItem *configItemAt(int i);
/* Case-insensitive; NULL when there is no such directive. */
const configItem *configFindItem(slice name);
const char *configItemName(const configItem *item);
int configItemIsMutable(const configItem *item);

/* The value as CONFIG GET shows it (sizes in bytes). */
sds configGetValue(const configItem *item);
/* The value as a config file line writes it ("512mb", quoted strings). */
sds configFormatValue(const configItem *item);
/* Whether the value is the built-in default. */
int configItemIsDefault(const configItem *item);

/* CONFIG SET of n directives (distinct, all mutable): every value is
 * parsed first, then all are put in place and their apply hooks run. NULL
 * on success. On failure nothing has changed (a failing hook's module
 * configs are put back and the hooks run again), *failed is the index of
 * the directive to blame and the error text is returned. */
const char *configSetValues(const configItem *const *items, const slice *values, int n,
                            int *failed);

/* The CONFIG command (config_command.c). */
extern const serverModule configModule;

/* CONFIG REWRITE (config_rewrite.c): edits the file at path to hold the
 * running configuration. Returns 0, or -1 with errno set. */
int configRewrite(const char *path);

#endif
