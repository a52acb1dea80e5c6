/* observe/errorstats.h -- how many error replies the server sent, per error code,
 * for INFO errorstats ("errorstat_WRONGTYPE:count=3").
 *
 * The code is the first word of the error ("ERR", "WRONGTYPE", "NOPROTO").
 * Codes are spelled by the server, never by clients, so the table stays
 * small; it still stops taking new codes at ERRORSTATS_MAX_CODES. */
#ifndef ERRORSTATS_H
#define ERRORSTATS_H

#include <stddef.h>

#include "lib/module.h"
#include "lib/sds.h"

#define ERRORSTATS_MAX_CODES 128

/* Counts one error reply whose code is code[0..len). */
void errorStatsIncr(const char *code, size_t len);
/* Appends "errorstat_<code>:count=<n>" lines, codes in byte order. */
sds errorStatsCat(sds s);
void errorStatsReset(void);

/* INFO errorstats, and its reset at CONFIG RESETSTAT. */
extern const serverModule errorstatsModule;

#endif
