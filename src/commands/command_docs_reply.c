/* commands/command_docs_reply.c -- turns the docs table (command_docs.c) into
 * COMMAND DOCS replies; see command_docs.h.
 *
 * Each command's arguments are written as a compact syntax line, parsed
 * when COMMAND DOCS asks, rather than as nested C initializers: a line per
 * command is easy to check against the documented syntax. The notation:
 *
 *   name:type          an argument (type: key string integer double
 *                      pattern unix-time)
 *   TOKEN              a pure token (its name is the token in lowercase)
 *   TOKEN=name:type    an argument introduced by a token (EX seconds)
 *   [ ... ]            optional
 *   ( ... )            a group that is not optional
 *   a | b              inside a group: one of the alternatives (oneof)
 *   group: ...         a group's first word ending in ':' names it, and
 *   TOKEN=group: ...   gives the group a token too (TYPE NORMAL|MASTER)
 *
 * Several items in a group, or in one alternative, form a block, and so
 * does a single item under a label ("[ID=id: client-id:integer...]"). After an
 * item or a group, "..." marks it multiple, "+..." multiple with its token
 * repeated each time (multiple_token), "@x.y.z" the version that added
 * it and "!x.y.z" the one that deprecated it. A key argument's
 * key_spec_index is 0 (the one key spec of most commands) unless its type
 * says otherwise: "newkey:key#1". */
#include "commands/command_docs.h"

#include <stdlib.h>
#include <string.h>

#include "net/reply.h"
#include "lib/zmalloc.h"

#define ARG_OPTIONAL (1 << 0)
#define ARG_MULTIPLE (1 << 1)
#define ARG_MULTIPLE_TOKEN (1 << 2)

typedef struct docArg {
    char *name;
    char *type;
    char *token;
    char *since;
    char *deprecatedSince;
    int flags;
    int keySpecIndex; /* -1 unless a key */
    struct docArg *children;
    int childCount;
} docArg;

typedef struct docParser {
    const char *p;
    int failed;
} docParser;

static char *copyRange(const char *start, size_t len) {
    char *s = zmalloc(len + 1);
    memcpy(s, start, len);
    s[len] = '\0';
    return s;
}

static int isSpecial(char ch) {
    return ch == '[' || ch == ']' || ch == '(' || ch == ')' || ch == '|';
}

static void skipSpaces(docParser *dp) {
    while (*dp->p == ' ' || *dp->p == '\n') dp->p++;
}

/* The next word (not a bracket or bar) as [start, len); 0 at a special
 * character or the end. */
static size_t peekWord(docParser *dp, const char **start) {
    skipSpaces(dp);
    *start = dp->p;
    size_t len = 0;
    while (dp->p[len] && dp->p[len] != ' ' && dp->p[len] != '\n' && !isSpecial(dp->p[len]))
        len++;
    return len;
}

static void appendChild(docArg *parent, const docArg *child) {
    parent->children =
        zrealloc(parent->children, sizeof(docArg) * (size_t)(parent->childCount + 1));
    parent->children[parent->childCount++] = *child;
}

static void freeArgContents(docArg *a) {
    for (int i = 0; i < a->childCount; i++) freeArgContents(&a->children[i]);
    zfree(a->children);
    zfree(a->name);
    zfree(a->type);
    zfree(a->token);
    zfree(a->since);
    zfree(a->deprecatedSince);
}

static char *lowercase(const char *start, size_t len) {
    char *s = copyRange(start, len);
    for (char *q = s; *q; q++) *q = asciiLower(*q);
    return s;
}

/* Reads "...", "+...", "@version" and "!version" after an item, in that
 * order. */
static void parseModifiers(docParser *dp, const char **end, docArg *a) {
    const char *bang = memchr(dp->p, '!', (size_t)(*end - dp->p));
    if (bang) {
        a->deprecatedSince = copyRange(bang + 1, (size_t)(*end - bang - 1));
        *end = bang;
    }
    const char *at = memchr(dp->p, '@', (size_t)(*end - dp->p));
    if (at) {
        a->since = copyRange(at + 1, (size_t)(*end - at - 1));
        *end = at;
    }
    if (*end - dp->p >= 4 && memcmp(*end - 4, "+...", 4) == 0) {
        a->flags |= ARG_MULTIPLE | ARG_MULTIPLE_TOKEN;
        *end -= 4;
    } else if (*end - dp->p >= 3 && memcmp(*end - 3, "...", 3) == 0) {
        a->flags |= ARG_MULTIPLE;
        *end -= 3;
    }
}

static docArg parseWord(docParser *dp) {
    docArg a = {.keySpecIndex = -1};
    const char *start;
    size_t len = peekWord(dp, &start);
    const char *end = start + len;
    parseModifiers(dp, &end, &a);
    dp->p = start + len;
    const char *colon = NULL; /* the last one: names like ip:port have one too */
    for (const char *q = start; q < end; q++)
        if (*q == ':') colon = q;
    const char *equals = memchr(start, '=', (size_t)(end - start));
    if (!colon) { /* TOKEN */
        a.name = lowercase(start, (size_t)(end - start));
        a.type = copyRange("pure-token", 10);
        a.token = copyRange(start, (size_t)(end - start));
        return a;
    }
    const char *nameStart = start;
    if (equals && equals < colon) {
        a.token = copyRange(start, (size_t)(equals - start));
        nameStart = equals + 1;
    }
    a.name = copyRange(nameStart, (size_t)(colon - nameStart));
    a.type = copyRange(colon + 1, (size_t)(end - colon - 1));
    if (strcmp(a.type, "key") == 0) a.keySpecIndex = 0;
    char *hash = strchr(a.type, '#');
    if (hash) {
        a.keySpecIndex = atoi(hash + 1);
        *hash = '\0';
    }
    if (!a.name[0] || !a.type[0]) dp->failed = 1;
    return a;
}

static void parseSequence(docParser *dp, docArg *into);

/* A group's or an alternative's optional "name:" or "TOKEN=name:". */
typedef struct groupLabel {
    char *name, *token;
} groupLabel;

static groupLabel parseGroupLabel(docParser *dp) {
    groupLabel label = {NULL, NULL};
    const char *start;
    size_t len = peekWord(dp, &start);
    if (len < 2 || start[len - 1] != ':') return label;
    dp->p = start + len;
    const char *equals = memchr(start, '=', len);
    const char *nameStart = start;
    if (equals) {
        label.token = copyRange(start, (size_t)(equals - start));
        nameStart = equals + 1;
    }
    label.name = copyRange(nameStart, (size_t)(start + len - 1 - nameStart));
    return label;
}

/* Turns a sequence's items into one argument: a single unlabelled item
 * stays itself; a label or several items make a block. */
static docArg sequenceAsArg(docArg *seq, groupLabel label) {
    docArg arg;
    if (seq->childCount == 1 && !label.name) {
        arg = seq->children[0];
        zfree(seq->children);
    } else {
        arg = *seq;
        arg.type = copyRange("block", 5);
        arg.name = label.name ? label.name
                              : copyRange(seq->children[0].name, strlen(seq->children[0].name));
    }
    if (label.token) {
        zfree(arg.token);
        arg.token = label.token;
    }
    return arg;
}

#define MAX_ALTERNATIVES 16

static docArg parseGroup(docParser *dp) {
    char open = *dp->p++;
    char close = open == '[' ? ']' : ')';
    groupLabel label = parseGroupLabel(dp);
    docArg seqs[MAX_ALTERNATIVES];
    groupLabel labels[MAX_ALTERNATIVES];
    int n = 0;
    for (;;) {
        docArg seq = {.keySpecIndex = -1};
        groupLabel altLabel = parseGroupLabel(dp);
        parseSequence(dp, &seq);
        if (seq.childCount == 0 || n == MAX_ALTERNATIVES) dp->failed = 1;
        if (n < MAX_ALTERNATIVES) {
            seqs[n] = seq;
            labels[n++] = altLabel;
        }
        skipSpaces(dp);
        if (*dp->p == '|' && !dp->failed) {
            dp->p++;
            continue;
        }
        if (*dp->p == close) dp->p++;
        else dp->failed = 1;
        break;
    }
    docArg group = {.keySpecIndex = -1};
    if (dp->failed) {
        for (int i = 0; i < n; i++) {
            freeArgContents(&seqs[i]);
            zfree(labels[i].name);
            zfree(labels[i].token);
        }
        zfree(label.name);
        zfree(label.token);
        return group;
    }
    if (n == 1) {
        /* One alternative: the group is that sequence, labelled by either. */
        groupLabel use = label.name || label.token ? label : labels[0];
        groupLabel unused = label.name || label.token ? labels[0] : label;
        zfree(unused.name);
        zfree(unused.token);
        group = sequenceAsArg(&seqs[0], use);
    } else {
        for (int i = 0; i < n; i++) {
            docArg alt = sequenceAsArg(&seqs[i], labels[i]);
            appendChild(&group, &alt);
        }
        group.type = copyRange("oneof", 5);
        group.name = label.name ? label.name
                                : copyRange(group.children[0].name, strlen(group.children[0].name));
        group.token = label.token;
    }
    if (open == '[') group.flags |= ARG_OPTIONAL;
    /* Modifiers written right after the bracket. */
    const char *start;
    size_t len = peekWord(dp, &start);
    if (len && (start[0] == '.' || start[0] == '@' || start[0] == '+')) {
        const char *end = start + len;
        parseModifiers(dp, &end, &group);
        if (end != start) dp->failed = 1;
        dp->p = start + len;
    }
    return group;
}

static void parseSequence(docParser *dp, docArg *into) {
    for (;;) {
        skipSpaces(dp);
        char ch = *dp->p;
        if (ch == '\0' || ch == ']' || ch == ')' || ch == '|' || dp->failed) return;
        docArg item = (ch == '[' || ch == '(') ? parseGroup(dp) : parseWord(dp);
        appendChild(into, &item);
    }
}

/* Parses doc->args into root's children. Returns 0 on a malformed line. */
static int parseDoc(const commandDoc *doc, docArg *root) {
    memset(root, 0, sizeof(*root));
    if (!doc->args) return 1;
    docParser dp = {.p = doc->args};
    parseSequence(&dp, root);
    return !dp.failed && *dp.p == '\0';
}

/* --- replies -------------------------------------------------------------- */

static void addReplyArgFlags(client *c, int flags) {
    static const struct {
        int flag;
        const char *name;
    } names[] = {{ARG_OPTIONAL, "optional"}, {ARG_MULTIPLE, "multiple"},
                 {ARG_MULTIPLE_TOKEN, "multiple_token"}};
    int n = 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (flags & names[i].flag) n++;
    addReplySetLen(c, n);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (flags & names[i].flag) addReplyStatus(c, names[i].name);
}

static void addReplyArgList(client *c, const docArg *args, int count);

static void addReplyArg(client *c, const docArg *a) {
    int hasChildren = a->childCount > 0;
    addReplyMapLen(c, 2 + (a->keySpecIndex >= 0) + (a->token != NULL) + (a->since != NULL) +
                          (a->deprecatedSince != NULL) + (a->flags != 0) + hasChildren);
    addReplyBulkCString(c, "name");
    addReplyBulkCString(c, a->name);
    addReplyBulkCString(c, "type");
    addReplyBulkCString(c, a->type);
    if (a->keySpecIndex >= 0) {
        addReplyBulkCString(c, "key_spec_index");
        addReplyLongLong(c, a->keySpecIndex);
    }
    if (a->token) {
        addReplyBulkCString(c, "token");
        addReplyBulkCString(c, a->token);
    }
    if (a->since) {
        addReplyBulkCString(c, "since");
        addReplyBulkCString(c, a->since);
    }
    if (a->deprecatedSince) {
        addReplyBulkCString(c, "deprecated_since");
        addReplyBulkCString(c, a->deprecatedSince);
    }
    if (a->flags) {
        addReplyBulkCString(c, "flags");
        addReplyArgFlags(c, a->flags);
    }
    if (hasChildren) {
        addReplyBulkCString(c, "arguments");
        addReplyArgList(c, a->children, a->childCount);
    }
}

static void addReplyArgList(client *c, const docArg *args, int count) {
    addReplyArrayLen(c, count);
    for (int i = 0; i < count; i++) addReplyArg(c, &args[i]);
}

void addReplyCommandDocArgs(client *c, const commandDoc *doc) {
    docArg root;
    if (!parseDoc(doc, &root)) {
        freeArgContents(&root);
        addReplyEmptyArray(c);
        return;
    }
    addReplyArgList(c, root.children, root.childCount);
    freeArgContents(&root);
}

static int historyEntries(const commandDoc *doc) {
    if (!doc->history) return 0;
    int n = 1;
    for (const char *p = doc->history; *p; p++)
        if (*p == '\n') n++;
    return n;
}

int commandDocExtraFields(const commandDoc *doc) {
    return (doc->deprecatedSince || doc->syscmd) + (doc->deprecatedSince != NULL) +
           (doc->replacedBy != NULL) + (doc->history != NULL);
}

void addReplyCommandDocExtras(client *c, const commandDoc *doc) {
    if (doc->deprecatedSince || doc->syscmd) {
        addReplyBulkCString(c, "doc_flags");
        addReplySetLen(c, (doc->deprecatedSince != NULL) + doc->syscmd);
        if (doc->deprecatedSince) addReplyStatus(c, "deprecated");
        if (doc->syscmd) addReplyStatus(c, "syscmd");
    }
    if (doc->deprecatedSince) {
        addReplyBulkCString(c, "deprecated_since");
        addReplyBulkCString(c, doc->deprecatedSince);
    }
    if (doc->replacedBy) {
        addReplyBulkCString(c, "replaced_by");
        addReplyBulkCString(c, doc->replacedBy);
    }
    if (!doc->history) return;
    addReplyBulkCString(c, "history");
    addReplyArrayLen(c, historyEntries(doc));
    for (const char *p = doc->history; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *space = memchr(p, ' ', len);
        size_t vlen = space ? (size_t)(space - p) : len;
        addReplyArrayLen(c, 2);
        addReplyBulk(c, p, vlen);
        addReplyBulk(c, space ? space + 1 : p + len, space ? len - vlen - 1 : 0);
        p += len + (eol != NULL);
    }
}
