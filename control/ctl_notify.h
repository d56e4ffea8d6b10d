/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The service manager's readiness protocol (systemd's sd_notify(3)): one
 * datagram of "KEY=VALUE" lines to the AF_UNIX socket named by
 * $NOTIFY_SOCKET. lnsd says READY=1 once its ports are up and its workers
 * run (event=running), and STOPPING=1 when it starts to stop, so a
 * Type=notify unit (systemd/lnsd.service) orders what depends on lnsd
 * after a daemon that really forwards.
 *
 * Our own twenty lines rather than libsystemd: the datagram is the whole
 * protocol (documented as a stable interface), and lnsd then needs no
 * further shared library at run time nor at build time.
 */
#ifndef CTL_NOTIFY_H
#define CTL_NOTIFY_H

/*
 * Send state (e.g. "READY=1") to $NOTIFY_SOCKET: a path, or an abstract
 * socket when it starts with '@'. Returns 0 when sent, 1 when
 * $NOTIFY_SOCKET is not set (not started by a service manager), or a
 * negative errno (-ENAMETOOLONG, -EINVAL, or what socket()/sendmsg()
 * said).
 */
int ctl_notify(const char *state);

#endif /* CTL_NOTIFY_H */
