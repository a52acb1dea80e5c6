/* dispatch/call.c -- running one command: call() runs its procedure,
 * times it, counts it for INFO commandstats, and tells the observers the
 * layers above registered (the slow log, the latency monitor, MONITOR, the
 * AOF's propagation); see commands.h. Both a client's command and each
 * command EXEC runs pass here. */
#include "dispatch/commands.h"

#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/net.h"

/* --- observers of call() ----------------------------------------------------- */

typedef struct callObserver {
    callObserverProc *proc;
    uint64_t thresholdUs; /* called after commands at least this long */
} callObserver;

static callObserver observers[CALL_OBSERVERS_MAX];
static int observerCount;
uint32_t callObserversArmed;
uint64_t callObserversSlowUs = UINT64_MAX;
/* How many call()s are running: 1 for a client's command, 2 inside EXEC. */
static int callDepth;

int callObserverRegister(callObserverProc *proc) {
    if (observerCount == CALL_OBSERVERS_MAX) return -1;
    observers[observerCount] = (callObserver){proc, UINT64_MAX};
    return observerCount++;
}

void callObserverArm(int id, int armed) {
    if (armed) callObserversArmed |= 1u << id;
    else callObserversArmed &= ~(1u << id);
}

void callObserverSetThreshold(int id, uint64_t us) {
    observers[id].thresholdUs = us;
    callObserversSlowUs = UINT64_MAX;
    for (int i = 0; i < observerCount; i++)
        if (observers[i].thresholdUs < callObserversSlowUs)
            callObserversSlowUs = observers[i].thresholdUs;
}

static void notifyObservers(client *c, const callInfo *info) {
    for (int i = 0; i < observerCount; i++)
        if ((callObserversArmed & (1u << i)) || info->durationUs >= observers[i].thresholdUs)
            observers[i].proc(c, info);
}

/* --- running a command ---------------------------------------------------------- */

/* Runs the command and accounts for it. Its duration is measured from the
 * end of the previous command of the same batch (processInputBuffer starts
 * the clock at the first one), so it includes parsing its own arguments:
 * one clock read per command instead of two around the procedure. With no
 * observer armed and none waiting for a command this slow, the observers
 * cost one branch. */
void call(client *c) {
    redisCommand *cmd = c->cmd;
    long long errorsBefore = net.stats.errorReplies;
    long long dirtyBefore = dataset.dirty;
    c->lastcmd = cmd;
    callDepth++;
    cmd->proc(c);
    callDepth--;
    uint64_t now = monotonicUs();
    uint64_t duration = now - net.cmdClockUs;
    net.cmdClockUs = now;
    cmd->calls++;
    cmd->microseconds += (long long)duration;
    if (net.stats.errorReplies != errorsBefore) cmd->failedCalls++;
    numCommandsProcessed++;
    if (callObserversArmed | (duration >= callObserversSlowUs)) {
        callInfo info = {duration, dirtyBefore, callDepth > 0};
        notifyObservers(c, &info);
    }
}
