/* dispatch/pause.h -- CLIENT PAUSE: holding clients' commands until a pause ends.
 *
 * A client is paused when it tries to run a command the pause covers (every
 * command for PAUSE ALL; for PAUSE WRITE, commands flagged CMD_WRITE or
 * CMD_MAY_REPLICATE): the command stays unconsumed in its query buffer, the
 * client goes on the paused list and its input is not processed while
 * CLIENT_PAUSED is set. Its socket is still read, so the bytes it sends
 * meanwhile wait in its buffer and a disconnect is noticed. When the pause
 * ends (its timer fires, or CLIENT UNPAUSE), a timer run by the event loop
 * takes the clients off the list and runs their input again, from the held
 * command on: nothing polls, and nothing runs inside another client's
 * command. */
#ifndef PAUSE_H
#define PAUSE_H

#include <stdint.h>

#include "net/client.h"

typedef enum { PAUSE_OFF = 0, PAUSE_WRITE, PAUSE_ALL } pauseType;

/* The pause in force; read on every command, so a plain variable. */
extern pauseType clientPauseType;

/* 1 if a command with these flags must wait while the current pause lasts. */
int pauseHoldsCommand(uint32_t cmdFlags);

/* Pauses until endMs (wall clock). As in Redis a new pause never shortens
 * or weakens the one in force: the later end and the stronger type win. */
void pauseClients(long long endMs, pauseType type);
/* Ends the pause now; the held clients resume on the next loop turn. */
void unpauseClients(void);

/* Holds c's current command: c is flagged and queued until the pause ends. */
void pausePostponeClient(client *c);
/* Called when c is freed. */
void pauseForgetClient(client *c);

#endif
