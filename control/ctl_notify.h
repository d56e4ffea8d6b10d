/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The service manager's readiness protocol (sd_notify(3)): lnsd says
 * READY=1 once its ports are up and its workers run (event=running), and
 * STOPPING=1 when it starts to stop, so a Type=notify unit
 * (systemd/lnsd.service) orders what depends on lnsd after a daemon that
 * really forwards. libsystemd's sd_notify() writes the datagram to
 * $NOTIFY_SOCKET (lnsd links libsystemd for its journal output anyway).
 */
#ifndef CTL_NOTIFY_H
#define CTL_NOTIFY_H

/*
 * Send state (e.g. "READY=1") to $NOTIFY_SOCKET: a path, or an abstract
 * socket when it starts with '@'. Returns 0 when sent, 1 when
 * $NOTIFY_SOCKET is not set (not started by a service manager), or a
 * negative errno (-EINVAL for a name that is empty, relative or too long).
 */
int ctl_notify(const char *state);

#endif /* CTL_NOTIFY_H */
