/* observe/info.h -- the INFO command's text: which sections exist and what each
 * field means (README.md documents the eventloop section field by field). */
#ifndef INFO_H
#define INFO_H

#include "lib/sds.h"
#include "lib/util.h"

/* Renders the sections named in `names` (none: the default set). */
sds genInfoString(const slice *names, int count);

#endif
