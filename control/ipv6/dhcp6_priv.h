/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The DHCPv6 message writer, shared by dhcp6_srv.c and private to the
 * dhcp6_*.c files. Every write checks the room left; the first that
 * does not fit sets err and the rest write nothing, so a caller checks
 * once, at the end.
 */
#ifndef LNS_DHCP6_PRIV_H
#define LNS_DHCP6_PRIV_H

#include "dhcp6.h"

struct dhcp6_w {
	uint8_t *buf;
	size_t cap, len;
	bool err;
};

void dhcp6_w_init(struct dhcp6_w *w, uint8_t *buf, size_t cap,
		  uint8_t type, uint32_t xid);
void dhcp6_w_opt(struct dhcp6_w *w, uint16_t code, const void *v,
		 size_t vlen);
/* Open an option whose value follows; close it when it ends. */
size_t dhcp6_w_open(struct dhcp6_w *w, uint16_t code);
void dhcp6_w_close(struct dhcp6_w *w, size_t at);
void dhcp6_w_u32(struct dhcp6_w *w, uint32_t v);
void dhcp6_w_status(struct dhcp6_w *w, enum dhcp6_status st);
void dhcp6_w_iaaddr(struct dhcp6_w *w, const uint8_t *addr, uint8_t plen,
		    bool prefix, uint32_t preferred, uint32_t valid);

#endif /* LNS_DHCP6_PRIV_H */
