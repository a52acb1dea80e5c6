/* keyspace/type.c -- the registry of value types; see type.h. */
#include "keyspace/type.h"

#include <stdlib.h>

#include "lib/log.h"

const typeOps *typeTable[TYPE_COUNT];

/* RDB type byte -> the type that loads it. */
static const typeOps *rdbLoaders[256];

__attribute__((noreturn)) static void registrationError(const char *name, const char *why) {
    serverLog(LL_WARNING, "Registering the value type '%s': %s", name, why);
    abort();
}

void typeRegister(int type, const typeOps *ops) {
    if (type < 0 || type >= TYPE_COUNT) registrationError(ops->name, "type id out of range");
    if (typeTable[type] == ops) return;
    if (typeTable[type]) registrationError(ops->name, "type id already taken");
    if (!ops->free != !ops->dup) registrationError(ops->name, "free without dup or dup without free");
    for (int i = 0; i < ops->rdbTypeCount; i++)
        if (rdbLoaders[ops->rdbTypes[i]]) registrationError(ops->name, "RDB type byte already taken");
    for (int i = 0; i < ops->rdbTypeCount; i++) rdbLoaders[ops->rdbTypes[i]] = ops;
    typeTable[type] = ops;
}

const typeOps *typeForRdbType(unsigned rdbType) {
    return rdbType < 256 ? rdbLoaders[rdbType] : NULL;
}

int typeRefcount(const entry *e) {
    const typeOps *t = typeOf(e);
    return t->refcount ? t->refcount(e) : 1;
}

void typeFreeValue(entry *e) {
    const typeOps *t = typeOf(e);
    if (t->free) t->free(entryValuePointer(e));
}

void typeFreeEntry(entry *e) {
    if (entryType(e) != ENTRY_TYPE_STRING) typeFreeValue(e);
    entryFree(e);
}
