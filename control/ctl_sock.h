/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control socket: lnsctl's Unix stream socket (control_socket in the
 * configuration; protocol in docs/operations.md, "The control socket").
 * One JSON request a line, one or more JSON reply lines. Served by the
 * control lcore from its loop without ever blocking: non-blocking
 * accept, read and write, bounded work per pass, bounded buffers, and
 * deadlines for clients that do not read or do not ask.
 */
#ifndef LNS_CTL_SOCK_H
#define LNS_CTL_SOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg.h"

/* Create, bind and listen (after the EAL: the default path needs its
 * file prefix). 0 or negative errno (logged). */
int ctl_sock_init(const struct cfg *cfg);
/* Close every client and the socket; remove the socket file. */
void ctl_sock_fini(void);

/*
 * One pass: accept, read, answer, write, deadlines. True when a listing
 * moved on (it goes on in later passes), so the loop does not back off
 * into its idle sleep meanwhile.
 */
bool ctl_sock_poll(uint64_t now);

#endif /* LNS_CTL_SOCK_H */
