/* observe/info.c -- the INFO command: a "# Title" line per section, then
 * its "field:value" lines, sections separated by a blank line.
 *
 * The sections are the modules' (lib/module.h): each renders its own
 * fields, and this file only chooses and orders them. INFO takes section
 * names, which add up ("INFO default commandstats" is the default sections
 * and one more), plus "default", "all" and "everything". */
#include "observe/info.h"

#include <stdlib.h>

#include "dispatch/commands.h"
#include "lib/zmalloc.h"
#include "net/reply.h"

static const infoSection **sections;
static int sectionCount;

static int byPosition(const void *a, const void *b) {
    const infoSection *x = *(const infoSection *const *)a, *y = *(const infoSection *const *)b;
    return (int)x->position - (int)y->position;
}

void infoInit(const serverModule *const *modules, int count) {
    sectionCount = 0;
    for (int i = 0; i < count; i++)
        for (const infoSection *s = modules[i]->info; s && s->name; s++) sectionCount++;
    sections = zmalloc(sizeof(*sections) * (size_t)(sectionCount ? sectionCount : 1));
    int n = 0;
    for (int i = 0; i < count; i++)
        for (const infoSection *s = modules[i]->info; s && s->name; s++) sections[n++] = s;
    qsort(sections, (size_t)sectionCount, sizeof(*sections), byPosition);
}

/* Which sections the arguments ask for: one flag per section. */
static void selectSections(const slice *names, int count, char *wanted) {
    int all = 0, defaults = count == 0;
    for (int i = 0; i < count; i++) {
        if (sliceEqualsNoCase(names[i], "all") || sliceEqualsNoCase(names[i], "everything"))
            all = 1;
        else if (sliceEqualsNoCase(names[i], "default"))
            defaults = 1;
    }
    for (int s = 0; s < sectionCount; s++) {
        wanted[s] = (char)(all || (defaults && sections[s]->isDefault));
        for (int i = 0; i < count && !wanted[s]; i++)
            wanted[s] = (char)sliceEqualsNoCase(names[i], sections[s]->name);
    }
}

sds genInfoString(const slice *names, int count) {
    char *wanted = zmalloc((size_t)(sectionCount ? sectionCount : 1));
    selectSections(names, count, wanted);
    sds s = sdsempty();
    int emitted = 0;
    for (int i = 0; i < sectionCount; i++) {
        if (!wanted[i]) continue;
        if (emitted++) s = sdscat(s, "\r\n");
        s = sdscatprintf(s, "# %s\r\n", sections[i]->title);
        s = sections[i]->render(s);
    }
    zfree(wanted);
    return s;
}

static void infoCommand(client *c) {
    sds info = genInfoString(c->argv + 1, c->argc - 1);
    addReplyVerbatim(c, info, sdslen(info), "txt");
    sdsfree(info);
}

/* --- command table rows ------------------------------------------------------- */

static redisCommand infoCommands[] = {
    CMD("info", infoCommand, -1, CMD_LOADING | CMD_STALE, 0, 0, 0, GROUP_SERVER, "1.0.0",
     "Returns information and statistics about the server.", "O(1)", NULL),
    {0},
};

const serverModule infoModule = {
    .name = "info",
    .commands = infoCommands,
};
