/* test_metrics.c -- the sliding-window "instantaneous" figures
 * (src/metrics.h): readings of cumulative counters become per-interval
 * ratios, and the value is the mean of the last METRIC_SAMPLES of them. */
#include "lib/metrics.h"
#include "unit.h"

static void testResetIsZero(void) {
    metric m;
    metricReset(&m);
    CHECK_DOUBLE(metricValue(&m), 0.0, 0.0);
    CHECK_INT(m.primed, 0);
}

static void testFirstReadingAddsNoSample(void) {
    metric m;
    metricReset(&m);
    /* Counters that have been running since long before: not a rate. */
    metricSample(&m, 1000000, 5000);
    CHECK_DOUBLE(metricValue(&m), 0.0, 0.0);
    CHECK_INT(m.primed, 1);
}

static void testSteadyRate(void) {
    metric m;
    metricReset(&m);
    long long num = 500, den = 1000;
    metricSample(&m, num, den);
    for (int i = 0; i < METRIC_SAMPLES; i++) {
        num += 30;
        den += 100;
        metricSample(&m, num, den);
    }
    CHECK_DOUBLE(metricValue(&m), 0.3, 1e-12);
}

static void testNoDenominatorChangeAddsNoSample(void) {
    metric m;
    metricReset(&m);
    metricSample(&m, 0, 0);
    for (int i = 1; i <= METRIC_SAMPLES; i++) metricSample(&m, i * 10, i);
    CHECK_DOUBLE(metricValue(&m), 10.0, 1e-12);
    /* An interval with no wakeups: the window keeps its samples. */
    metricSample(&m, METRIC_SAMPLES * 10 + 999, METRIC_SAMPLES);
    CHECK_DOUBLE(metricValue(&m), 10.0, 1e-12);
    /* The numerator read then is the base for the next interval. */
    metricSample(&m, METRIC_SAMPLES * 10 + 999 + 20, METRIC_SAMPLES + 1);
    CHECK_DOUBLE(metricValue(&m), (10.0 * (METRIC_SAMPLES - 1) + 20.0) / METRIC_SAMPLES, 1e-12);
}

static void testWindowSlides(void) {
    metric m;
    metricReset(&m);
    long long num = 0, den = 0;
    metricSample(&m, num, den);
    for (int i = 0; i < METRIC_SAMPLES; i++) metricSample(&m, num += 1, den += 1);
    CHECK_DOUBLE(metricValue(&m), 1.0, 1e-12);
    /* Half the window at 3.0: the mean is 2.0. */
    for (int i = 0; i < METRIC_SAMPLES / 2; i++) metricSample(&m, num += 3, den += 1);
    CHECK_DOUBLE(metricValue(&m), 2.0, 1e-12);
    /* A whole window at 3.0 forgets the 1.0s. */
    for (int i = 0; i < METRIC_SAMPLES / 2; i++) metricSample(&m, num += 3, den += 1);
    CHECK_DOUBLE(metricValue(&m), 3.0, 1e-12);
    for (int i = 0; i < 5 * METRIC_SAMPLES + 3; i++) metricSample(&m, num += 7, den += 2);
    CHECK_DOUBLE(metricValue(&m), 3.5, 1e-12);
}

static void testResetForgetsEverything(void) {
    metric m;
    metricReset(&m);
    metricSample(&m, 0, 0);
    for (int i = 1; i <= METRIC_SAMPLES; i++) metricSample(&m, i * 5, i);
    metricReset(&m);
    CHECK_DOUBLE(metricValue(&m), 0.0, 0.0);
    /* After a reset the next reading primes again instead of producing a
     * huge sample from counters that restarted. */
    metricSample(&m, 100, 100);
    CHECK_DOUBLE(metricValue(&m), 0.0, 0.0);
}

int main(int argc, char **argv) {
    unitInit(argc, argv);
    UNIT_RUN("metrics: a reset metric reads 0", testResetIsZero);
    UNIT_RUN("metrics: the first reading only primes the metric", testFirstReadingAddsNoSample);
    UNIT_RUN("metrics: a steady rate reads as that rate", testSteadyRate);
    UNIT_RUN("metrics: an interval with no change in the denominator adds no sample",
             testNoDenominatorChangeAddsNoSample);
    UNIT_RUN("metrics: the value is the mean of the last METRIC_SAMPLES samples",
             testWindowSlides);
    UNIT_RUN("metrics: metricReset forgets samples and the last reading",
             testResetForgetsEverything);
    return unitReport();
}
