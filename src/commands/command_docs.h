/* commands/command_docs.h -- the argument documentation of commands, for COMMAND
 * DOCS: names, types, tokens and flags of each argument, as Redis 7.0
 * describes them (redis-cli and client libraries build hints and syntax
 * from it), plus deprecation and history notes.
 *
 * Kept apart from the command table so the table's rows stay one line of
 * dispatch facts each; docs are keyed by the full name ("set",
 * "config|get"). A name without a row in the table is simply never asked
 * for. */
#ifndef COMMAND_DOCS_H
#define COMMAND_DOCS_H

#include "net/client.h"

typedef struct commandDoc {
    const char *name; /* full name: "get", "config|get" */
    /* The arguments in a compact form of the syntax line (see
     * command_docs.c); NULL for a command without arguments. */
    const char *args;
    /* "version text" entries separated by '\n'; NULL when none. */
    const char *history;
    const char *deprecatedSince; /* NULL unless deprecated */
    const char *replacedBy;
    int syscmd; /* a system command, not meant for users (DEBUG) */
} commandDoc;

/* NULL when the command has no docs entry. */
const commandDoc *commandDocFind(const char *fullname);
/* Counts the fields addReplyCommandDocExtras writes (each a map pair). */
int commandDocExtraFields(const commandDoc *doc);
/* Writes doc_flags, deprecated_since, replaced_by and history, in Redis's
 * order, as map pairs. */
void addReplyCommandDocExtras(client *c, const commandDoc *doc);
/* Writes the "arguments" value: an array of argument maps. */
void addReplyCommandDocArgs(client *c, const commandDoc *doc);

#endif
