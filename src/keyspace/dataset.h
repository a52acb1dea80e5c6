/* keyspace/dataset.h -- the server's dataset: the one keyspace (db.h)
 * that clients read and write, and whether the cron expires its keys. */
#ifndef DATASET_H
#define DATASET_H

#include "keyspace/db.h"

extern keyspace dataset;
/* 0 after DEBUG SET-ACTIVE-EXPIRE 0: keys expire only when looked up. */
extern int activeExpireEnabled;

#endif
