/* test_errorstats.c -- error replies counted per error code
 * (src/errorstats.h): one line per code, codes in byte order, a bounded
 * number of codes, and a reset that forgets them all. */
#include <stdio.h>

#include "observe/errorstats.h"
#include "unit.h"

static sds render(void) { return errorStatsCat(sdsempty()); }

static void testEmpty(void) {
    errorStatsReset();
    sds s = render();
    CHECK_STR(s, "");
    sdsfree(s);
}

static void testCountsPerCodeInByteOrder(void) {
    errorStatsReset();
    errorStatsIncr("WRONGTYPE", 9);
    errorStatsIncr("ERR", 3);
    errorStatsIncr("NOPROTO", 7);
    errorStatsIncr("ERR", 3);
    sds s = render();
    CHECK_STR(s, "errorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n"
                 "errorstat_WRONGTYPE:count=1\r\n");
    sdsfree(s);
}

static void testCodeIsTheGivenBytesOnly(void) {
    errorStatsReset();
    errorStatsIncr("ERRX", 3);
    errorStatsIncr("ER", 2);
    sds s = render();
    CHECK_STR(s, "errorstat_ER:count=1\r\nerrorstat_ERR:count=1\r\n");
    sdsfree(s);
}

static void testBoundedNumberOfCodes(void) {
    errorStatsReset();
    char code[16];
    for (int i = 0; i < ERRORSTATS_MAX_CODES + 10; i++) {
        int n = snprintf(code, sizeof(code), "E%03d", i);
        errorStatsIncr(code, (size_t)n);
    }
    errorStatsIncr("E000", 4);
    sds s = render();
    int lines = 0;
    for (const char *p = s; *p; p++)
        if (*p == '\n') lines++;
    CHECK_INT(lines, ERRORSTATS_MAX_CODES);
    CHECK(strstr(s, "errorstat_E000:count=2\r\n") != NULL);
    CHECK(strstr(s, "errorstat_E130") == NULL);
    sdsfree(s);
}

static void testResetForgetsCodes(void) {
    errorStatsIncr("ERR", 3);
    errorStatsReset();
    errorStatsIncr("OOM", 3);
    sds s = render();
    CHECK_STR(s, "errorstat_OOM:count=1\r\n");
    sdsfree(s);
    errorStatsReset();
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("errorstats: nothing counted renders nothing", testEmpty);
    UNIT_RUN("errorstats: one line per code with its count, codes in byte order",
             testCountsPerCodeInByteOrder);
    UNIT_RUN("errorstats: the code is exactly the given bytes", testCodeIsTheGivenBytesOnly);
    UNIT_RUN("errorstats: at most ERRORSTATS_MAX_CODES codes, known ones still counted",
             testBoundedNumberOfCodes);
    UNIT_RUN("errorstats: reset forgets every code", testResetForgetsCodes);
    return unitReport();
}
