/* lib/metrics.h -- "instantaneous" figures for INFO: ops per second, kbps,
 * wakeups per second, events per wakeup.
 *
 * The cron samples cumulative counters every 100 ms (every cron run when
 * hz is below 10); each sample is the change in a numerator over the change
 * in a denominator (elapsed time for rates, e.g. wakeups for
 * events-per-wakeup), and the reported value is the mean of the last
 * METRIC_SAMPLES samples, so at the default hz it reacts within ~1.6 s and
 * does not jump on one noisy interval. */
#ifndef METRICS_H
#define METRICS_H

#define METRIC_SAMPLES 16
/* How often the modules that keep metrics sample them, milliseconds. */
#define METRIC_SAMPLE_PERIOD_MS 100

typedef struct metric {
    long long lastNum, lastDen;
    int primed; /* has a first reading */
    double samples[METRIC_SAMPLES];
    int next;
} metric;

/* Records a reading of the cumulative numerator and denominator. An interval
 * with no change in the denominator adds no sample. */
void metricSample(metric *m, long long num, long long den);
double metricValue(const metric *m);
void metricReset(metric *m);
/* Whether a module that last sampled at *lastMs should sample now; if so,
 * *lastMs becomes nowMs. */
int metricSampleDue(long long *lastMs, long long nowMs);

#endif
