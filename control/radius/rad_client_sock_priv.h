/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The RADIUS client's real transport: non-blocking UDP sockets over
 * IPv4. Private to rad_client.c; tests replace it with a struct rad_io.
 */
#ifndef LNS_RAD_CLIENT_SOCK_PRIV_H
#define LNS_RAD_CLIENT_SOCK_PRIV_H

#include <stddef.h>
#include <stdint.h>

/* Datagrams read from one socket per poll: a busy socket cannot hold the loop. */
#define RAD_SOCK_READ_BUDGET	64

/*
 * Open n non-blocking UDP sockets bound to bind_addr (network order, 0 =
 * any) and an ephemeral port each. Returns 0, or a negative errno with
 * nothing left open.
 */
int rad_client_sock_open(int *fds, unsigned int n, uint32_t bind_addr);
void rad_client_sock_close(int *fds, unsigned int n);
/* Send one datagram to addr (network order):port (host order). 0 or -errno. */
int rad_client_sock_send(int fd, uint32_t addr, uint16_t port,
	const uint8_t *buf, size_t len);

/* One datagram read: source address (network order), port (host order). */
typedef void (*rad_client_sock_rx_cb)(void *arg, uint32_t addr,
	uint16_t port, const uint8_t *buf, size_t len);

/*
 * Read fd until it would block or budget datagrams were read, each into
 * buf[0..cap) and handed to cb. Returns the number read.
 */
unsigned int rad_client_sock_read(int fd, uint8_t *buf, size_t cap,
	unsigned int budget, rad_client_sock_rx_cb cb, void *arg);

#endif /* LNS_RAD_CLIENT_SOCK_PRIV_H */
