/* lib/clock.h -- the clocks the server reads: a monotonic one for
 * durations, the wall clock for expiry times and timestamps, and a copy of
 * the wall clock taken once per event-loop wakeup (and per cron tick).
 *
 * The cached copy is what most code reads: every command of one wakeup sees
 * the same time, and a busy server does not pay a clock read per access.
 * The server refreshes it (cachedTimeUpdate) after each sleep; code that
 * needs the time as it is now, not as it was when the wakeup began (a slow
 * log entry after a long command), reads wallclockMs() instead. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>
#include <time.h>

/* Microseconds from a monotonic clock, for durations. */
uint64_t monotonicUs(void);
/* Milliseconds since the epoch, for expiry times. */
long long wallclockMs(void);

typedef struct cachedClock {
    long long ms; /* wallclockMs() at the last update */
    time_t sec;   /* the same, in seconds */
} cachedClock;

extern cachedClock cachedTime;

/* Reads the wall clock into cachedTime. */
void cachedTimeUpdate(void);

#endif
