/* lib/metrics.c -- sliding-window averages of sampled counters; see metrics.h. */
#include "lib/metrics.h"

#include <string.h>

void metricSample(metric *m, long long num, long long den) {
    long long dNum = num - m->lastNum, dDen = den - m->lastDen;
    /* No change in the denominator (no wakeups in the interval, say): the
     * ratio is undefined, so the window keeps its earlier samples. */
    if (m->primed && dDen > 0) {
        m->samples[m->next] = (double)dNum / (double)dDen;
        m->next = (m->next + 1) % METRIC_SAMPLES;
    }
    m->lastNum = num;
    m->lastDen = den;
    m->primed = 1;
}

double metricValue(const metric *m) {
    double sum = 0;
    for (int i = 0; i < METRIC_SAMPLES; i++) sum += m->samples[i];
    return sum / METRIC_SAMPLES;
}

void metricReset(metric *m) { memset(m, 0, sizeof(*m)); }

int metricSampleDue(long long *lastMs, long long nowMs) {
    if (nowMs - *lastMs < METRIC_SAMPLE_PERIOD_MS) return 0;
    *lastMs = nowMs;
    return 1;
}
