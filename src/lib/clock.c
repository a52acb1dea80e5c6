/* lib/clock.c -- the clocks; see clock.h. */
#include "lib/clock.h"

cachedClock cachedTime;

uint64_t monotonicUs(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

long long wallclockMs(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cachedTimeUpdate(void) {
    cachedTime.ms = wallclockMs();
    cachedTime.sec = (time_t)(cachedTime.ms / 1000);
}
