/* persistence.c -- the server's side of RDB snapshots: the SAVE and
 * LASTSAVE commands, loading dump.rdb at start-up, and the numbers the
 * INFO persistence section shows. The file format is rdb.c's; this file
 * supplies what it needs from the server (file name, AUX values) and turns
 * its errors into replies and log lines. Saving is in the foreground only:
 * the server answers no one while SAVE runs, as in Redis. */
#include "persistence.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "commands.h"
#include "log.h"
#include "rdb.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include "version.h"
#include "zmalloc.h"

int rdbSaveFlagsFromConfig(void) {
    int flags = 0;
    if (!server.config.rdbcompression) flags |= RDB_SAVE_NO_COMPRESSION;
    if (!server.config.rdbchecksum) flags |= RDB_SAVE_NO_CHECKSUM;
    return flags;
}

int rdbLoadFlagsFromConfig(void) { return server.config.rdbchecksum ? 0 : RDB_LOAD_NO_CHECKSUM; }

rdbSaveInfo rdbSaveInfoFromServer(int aofBase) {
    rdbSaveInfo info = {REDIS_COMPAT_VERSION, (long long)time(NULL),
                        (long long)zmalloc_used_memory(), aofBase, rdbSaveFlagsFromConfig()};
    return info;
}

int rdbSaveServer(void) {
    rdbSaveInfo info = rdbSaveInfoFromServer(0);
    char err[512];
    if (rdbSave(&server.ks, server.config.dbfilename, &info, err, sizeof(err)) != RDB_OK) {
        serverLog(LL_WARNING, "%s", err);
        return C_ERR;
    }
    serverLog(LL_NOTICE, "DB saved on disk");
    server.dirtyAtLastSave = server.ks.dirty;
    server.lastSave = time(NULL);
    server.lastSaveOk = 1;
    return C_OK;
}

void loadDataFromDisk(void) {
    char err[512];
    rdbLoadStats st;
    uint64_t start = monotonicUs();
    keyspaceSetTime(&server.ks, wallclockMs());
    int rc = rdbLoadWithFlags(&server.ks, server.config.dbfilename, rdbLoadFlagsFromConfig(),
                              &st, err, sizeof(err));
    if (rc == RDB_NOFILE) return;
    if (rc != RDB_OK) {
        serverLog(LL_WARNING, "Fatal error loading the DB %s: %s. Exiting.",
                  server.config.dbfilename, err);
        exit(1);
    }
    serverLog(LL_NOTICE, "DB loaded from disk: %.3f seconds",
              (double)(monotonicUs() - start) / 1e6);
    serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld.",
              st.keysLoaded, st.keysExpired);
    /* What was just loaded is what is on disk. */
    server.ks.dirty = 0;
    server.dirtyAtLastSave = 0;
}

/* SAVE */
void saveCommand(client *c) {
    if (rdbSaveServer() == C_OK) addReplyStatus(c, "OK");
    else addReplyError(c, "-ERR");
}

/* LASTSAVE: the unix time of the last successful save; the start time
 * before the first, as in Redis. */
void lastsaveCommand(client *c) { addReplyLongLong(c, (long long)server.lastSave); }
