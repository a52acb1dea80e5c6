/* lib/module.h -- what a part of the server declares about itself so that
 * the server can wire it in without naming it: its configuration
 * directives, its INFO sections and its lifecycle hooks.
 *
 * A module is one concept of the server (the network layer, the AOF, the
 * slow log, ...). It exports one `serverModule`, and server/modules.c lists
 * them all, in the order their hooks run. The config engine reads the
 * directives, INFO the sections, the event loop's hooks and the cron the
 * lifecycle functions: none of them names a module. nginx's ngx_module_t
 * and ngx_command_t are the model.
 *
 * This header sits in lib/ because every layer declares a module; it holds
 * types only. */
#ifndef MODULE_H
#define MODULE_H

#include <stddef.h>

#include "lib/sds.h"
#include "lib/util.h"

/* --- configuration directives ---------------------------------------------- */

typedef enum {
    DIRECTIVE_INT,
    DIRECTIVE_MEMORY, /* an integer with optional k/kb/m/mb/g/gb */
    DIRECTIVE_BOOL,
    DIRECTIVE_ENUM,
    DIRECTIVE_STRING, /* an sds field, never NULL once defaults are set */
    DIRECTIVE_OCTAL,
    DIRECTIVE_CUSTOM, /* a value of its own shape, handled by its codec */
} directiveType;

/* CONFIG SET may change it while the server runs. */
#define DIRECTIVE_MUTABLE (1 << 0)
/* On the command line, the option alone means one empty argument: a bare
 * --save is `save ""`, as in Redis. */
#define DIRECTIVE_BARE_IS_EMPTY (1 << 1)

typedef struct directiveEnum {
    const char *name;
    long long value;
} directiveEnum;

/* The value handling of a DIRECTIVE_CUSTOM field (the bind addresses, the
 * save rules): the engine stores, copies and prints it only through these. */
typedef struct directiveCodec {
    /* Takes one or more arguments, not exactly one. */
    int multiArg;
    /* A CONFIG SET value is split into arguments as a config line is
     * ("127.0.0.1 -::1" is two addresses); otherwise it is one argument. */
    int splitSetValue;
    /* Sets the field from args. `append` is set while a config file or
     * the command line is read and this directive was already set there
     * (save lines add up). NULL or an error text. */
    const char *(*set)(void *field, const slice *args, int argc, int append);
    /* The value as CONFIG GET shows it, and as a config file line. */
    sds (*get)(const void *field);
    sds (*format)(const void *field);
    /* A field copied by assignment shares memory with the original: dup
     * gives it its own, release frees what it owns. */
    void (*dup)(void *field);
    void (*release)(void *field);
} directiveCodec;

/* Runs after a change made at run time (CONFIG SET), with the new values
 * already in place: NULL, or an error text that makes CONFIG SET put the
 * previous values back. Reads the module's own config struct. */
typedef const char *directiveHook(void);

typedef struct configDirective {
    const char *name; /* lowercase; NULL ends a table */
    directiveType type;
    unsigned flags;   /* DIRECTIVE_* */
    const char *defaultValue; /* as a config file would write it */
    long long min, max;       /* numeric types */
    size_t offset;            /* of the field in the module's config struct */
    const directiveEnum *enumValues; /* DIRECTIVE_ENUM, NULL-terminated */
    directiveHook *apply;     /* after a CONFIG SET */
    /* Checks a value read from the config file or the command line: NULL
     * or the error text start-up reports. */
    directiveHook *check;
    const directiveCodec *codec; /* DIRECTIVE_CUSTOM */
} configDirective;

/* --- INFO sections ------------------------------------------------------------ */

/* Where a section goes in the reply: Redis 7.0's order of its sections,
 * with redis-mini's eventloop section after stats. */
typedef enum {
    INFO_SERVER,
    INFO_CLIENTS,
    INFO_MEMORY,
    INFO_PERSISTENCE,
    INFO_STATS,
    INFO_EVENTLOOP,
    INFO_REPLICATION,
    INFO_CPU,
    INFO_MODULES,
    INFO_COMMANDSTATS,
    INFO_ERRORSTATS,
    INFO_LATENCYSTATS,
    INFO_CLUSTER,
    INFO_KEYSPACE,
} infoPosition;

typedef struct infoSection {
    const char *name;  /* lowercase, as INFO's arguments name it; NULL ends */
    const char *title; /* the "# Title" line */
    infoPosition position;
    int isDefault;     /* in plain INFO and INFO default */
    /* Appends "field:value\r\n" lines. */
    sds (*render)(sds s);
} infoSection;

/* --- the module ---------------------------------------------------------------- */

struct redisCommand; /* a command table row: dispatch/commands.h */

typedef struct serverModule {
    const char *name;
    /* The module's config struct and the directives whose offsets point
     * into it; both NULL for a module without directives. */
    void *config;
    size_t configSize;
    const configDirective *directives;
    const infoSection *info; /* NULL-name terminated, or NULL */
    /* The module's command table rows, NULL-name terminated, or NULL; the
     * dispatch layer fills in their run-time fields. */
    struct redisCommand *commands;
    /* Each hook may be NULL. init runs once the configuration is loaded,
     * before the server listens; cron every 1000/hz ms; beforeSleep each
     * time the event loop is about to wait; resetStats at CONFIG
     * RESETSTAT. */
    void (*init)(void);
    void (*cron)(int hz);
    void (*beforeSleep)(void);
    void (*resetStats)(void);
} serverModule;

#endif
