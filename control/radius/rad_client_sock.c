/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Non-blocking UDP sockets for the RADIUS client.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "rad_client_sock_priv.h"

/*
 * Room for a burst of answers: 10k requests in flight can be answered
 * faster than one loop pass. Best effort (capped by net.core.rmem_max).
 */
#define RAD_SOCK_RCVBUF	(1 << 20)

static int
sock_open_one(uint32_t bind_addr)
{
	struct sockaddr_in sin;
	int fd, rcvbuf = RAD_SOCK_RCVBUF, err;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = bind_addr;
	sin.sin_port = 0;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int
rad_client_sock_open(int *fds, unsigned int n, uint32_t bind_addr)
{
	unsigned int i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = sock_open_one(bind_addr);
		if (fd < 0) {
			rad_client_sock_close(fds, i);
			return fd;
		}
		fds[i] = fd;
	}
	return 0;
}

void
rad_client_sock_close(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

int
rad_client_sock_send(int fd, uint32_t addr, uint16_t port,
	const uint8_t *buf, size_t len)
{
	struct sockaddr_in sin;
	ssize_t n;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons(port);
	do {
		n = sendto(fd, buf, len, 0, (struct sockaddr *)&sin,
			sizeof(sin));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* A datagram socket sends all or nothing; a short count is an error. */
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

unsigned int
rad_client_sock_read(int fd, uint8_t *buf, size_t cap, unsigned int budget,
	rad_client_sock_rx_cb cb, void *arg)
{
	struct sockaddr_in sin;
	socklen_t slen;
	unsigned int got = 0;
	ssize_t n;

	while (got < budget) {
		slen = sizeof(sin);
		n = recvfrom(fd, buf, cap, 0, (struct sockaddr *)&sin, &slen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* EAGAIN: drained. Anything else: try again next poll. */
			break;
		}
		got++;
		if (slen < sizeof(sin) || sin.sin_family != AF_INET)
			continue;
		/* A datagram longer than cap is cut: rad_parse sees cap octets. */
		cb(arg, sin.sin_addr.s_addr, ntohs(sin.sin_port), buf,
			(size_t)n);
	}
	return got;
}
