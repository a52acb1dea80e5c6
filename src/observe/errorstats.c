/* observe/errorstats.c -- error replies counted per error code; see errorstats.h.
 *
 * A sorted array: a handful of codes, looked up only on the error path. */
#include "observe/errorstats.h"

#include <string.h>

#include "lib/log.h"
#include "lib/zmalloc.h"
#include "net/reply.h"

typedef struct errorCount {
    sds code;
    long long count;
} errorCount;

static errorCount errors[ERRORSTATS_MAX_CODES];
static int errorCodes;

static int compareCode(const char *code, size_t len, sds other) {
    size_t olen = sdslen(other);
    int cmp = memcmp(code, other, len < olen ? len : olen);
    if (cmp) return cmp;
    return len < olen ? -1 : len > olen;
}

void errorStatsIncr(const char *code, size_t len) {
    int pos = 0;
    while (pos < errorCodes) {
        int cmp = compareCode(code, len, errors[pos].code);
        if (cmp == 0) {
            errors[pos].count++;
            return;
        }
        if (cmp < 0) break;
        pos++;
    }
    if (errorCodes == ERRORSTATS_MAX_CODES) {
        static int warned;
        if (!warned++)
            serverLog(LL_WARNING, "INFO errorstats tracks at most %d error codes; new codes are "
                      "no longer counted there (total_error_replies still counts them)",
                      ERRORSTATS_MAX_CODES);
        return;
    }
    memmove(&errors[pos + 1], &errors[pos], (size_t)(errorCodes - pos) * sizeof(errors[0]));
    errors[pos] = (errorCount){sdsnewlen(code, len), 1};
    errorCodes++;
}

sds errorStatsCat(sds s) {
    for (int i = 0; i < errorCodes; i++)
        s = sdscatprintf(s, "errorstat_%s:count=%lld\r\n", errors[i].code, errors[i].count);
    return s;
}

void errorStatsReset(void) {
    for (int i = 0; i < errorCodes; i++) sdsfree(errors[i].code);
    errorCodes = 0;
}

static const infoSection errorstatsInfo[] = {
    {"errorstats", "Errorstats", INFO_ERRORSTATS, 1, errorStatsCat},
    {0},
};

static void errorstatsInit(void) { replySetErrorCounter(errorStatsIncr); }

const serverModule errorstatsModule = {
    .name = "errorstats",
    .init = errorstatsInit,
    .info = errorstatsInfo,
    .resetStats = errorStatsReset,
};
