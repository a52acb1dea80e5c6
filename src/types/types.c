/* types/types.c -- the list of value types; see types.h. A new type is its
 * own file and one line here. */
#include "types/types.h"

void typesRegister(void) {
    typeRegister(ENTRY_TYPE_STRING, &stringType);
}

const serverModule typesModule = {
    .name = "types",
    .init = typesRegister,
};
