/* keyspace/dataset.c -- the server's dataset; see dataset.h. */
#include "keyspace/dataset.h"

keyspace dataset;
int activeExpireEnabled = 1;
