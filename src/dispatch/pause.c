/* dispatch/pause.c -- the pause state, its end timer and the paused clients; see
 * pause.h. */
#include "dispatch/pause.h"

#include "event/ae.h"
#include "dispatch/commands.h"
#include "keyspace/dataset.h"
#include "lib/clock.h"
#include "net/net.h"

/* A timer is never set further ahead than this; a longer pause re-arms it. */
#define PAUSE_TIMER_MAX_MS (3600 * 1000LL)

pauseType clientPauseType = PAUSE_OFF;
static long long pauseEndMs;
static long long pauseTimerId = -1;
/* Clients whose command waits: CLIENT_PAUSED is set iff a client is here. */
static list pausedClients = {{&pausedClients.head, &pausedClients.head}, 0};

int pauseHoldsCommand(uint32_t cmdFlags) {
    if (clientPauseType == PAUSE_ALL) return 1;
    return clientPauseType == PAUSE_WRITE && (cmdFlags & (CMD_WRITE | CMD_MAY_REPLICATE));
}

static long long timerDelayMs(void) {
    long long left = clientPauseType == PAUSE_OFF ? 0 : pauseEndMs - wallclockMs();
    if (left < 0) return 0;
    return left < PAUSE_TIMER_MAX_MS ? left : PAUSE_TIMER_MAX_MS;
}

/* Runs the held commands of the clients paused so far. One that is paused
 * again (a resumed client ran CLIENT PAUSE) goes to the back of the list,
 * so the walk is bounded by the count taken at the start; one freed by
 * another's CLIENT KILL leaves the list and is not met. */
static void resumePausedClients(void) {
    size_t todo = pausedClients.len;
    listNode *n;
    while (todo-- > 0 && (n = listFirst(&pausedClients)) != NULL) {
        client *c = listEntry(n, client, pausedNode);
        listRemove(&pausedClients, n);
        c->flags &= ~CLIENT_PAUSED;
        net.blockedClients--;
        resumePausedClient(c);
    }
}

/* Keys do not expire during a pause, as in Redis: the dataset a paused
 * server shows (to a replica being promoted, say) stays as it is. */
static void setPauseType(pauseType type) {
    clientPauseType = type;
    dataset.expiryPaused = type != PAUSE_OFF;
}

static long long pauseTimerProc(aeEventLoop *el, long long id, void *clientData) {
    (void)el;
    (void)id;
    (void)clientData;
    long long delay = timerDelayMs();
    if (delay > 0) return delay;
    pauseTimerId = -1;
    setPauseType(PAUSE_OFF);
    resumePausedClients();
    return AE_NOMORE;
}

static void armPauseTimer(void) {
    if (pauseTimerId != -1) aeDeleteTimeEvent(net.el, pauseTimerId);
    pauseTimerId = aeCreateTimeEvent(net.el, timerDelayMs(), pauseTimerProc, NULL);
}

void pauseClients(long long endMs, pauseType type) {
    if (clientPauseType == PAUSE_OFF) pauseEndMs = endMs;
    else if (endMs > pauseEndMs) pauseEndMs = endMs;
    if (type > clientPauseType) setPauseType(type);
    armPauseTimer();
}

void unpauseClients(void) {
    setPauseType(PAUSE_OFF);
    armPauseTimer();
}

void pausePostponeClient(client *c) {
    c->flags |= CLIENT_PAUSED;
    listAppend(&pausedClients, &c->pausedNode);
    net.blockedClients++;
}

void pauseForgetClient(client *c) {
    if (!(c->flags & CLIENT_PAUSED)) return;
    listRemove(&pausedClients, &c->pausedNode);
    c->flags &= ~CLIENT_PAUSED;
    net.blockedClients--;
}
