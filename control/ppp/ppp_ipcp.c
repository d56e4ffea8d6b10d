/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPCP options (RFC 1332 §3, RFC 1877 §1) on the generic automaton.
 */

#include <errno.h>
#include <string.h>

#include "ppp_ipcp.h"

static inline struct ppp_ipcp *
ipcp_of(struct ppp_fsm *fsm)
{
	return fsm->proto_ctx;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static void
ipcp_reset(struct ppp_fsm *fsm)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	ipcp->req_addr = ipcp->conf.local_addr != 0;
	ipcp->peer_addr = 0;
}

static int
ipcp_build_req(struct ppp_fsm *fsm, uint8_t *buf, size_t cap)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	uint8_t val[4];
	size_t off = 0;

	if (ipcp->req_addr) {
		put32(val, ipcp->conf.local_addr);
		ppp_opt_put(buf, cap, &off, PPP_IPCP_OPT_ADDR, val, 4);
	}
	return (int)off;
}

static void
ipcp_check_begin(struct ppp_fsm *fsm)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	ipcp->peer_addr = 0;
	ipcp->addr_seen = false;
}

/* Nak with want, or Ack when the peer already asks for it. */
static enum ppp_opt_verdict
want_value(uint32_t have, uint32_t want, uint8_t *nak, uint8_t *naklen)
{
	if (have == want)
		return PPP_OPT_ACK;
	put32(nak, want);
	*naklen = 4;
	return PPP_OPT_NAK;
}

static enum ppp_opt_verdict
ipcp_check_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len, uint8_t *nak, uint8_t *naklen)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	enum ppp_opt_verdict v;
	uint32_t dns;

	switch (type) {
	case PPP_IPCP_OPT_ADDR:
		/* RFC 1332 §3.3: the peer gets the address AAA gave. */
		if (len != 4 || ipcp->conf.peer_addr == 0)
			return PPP_OPT_REJ;
		ipcp->addr_seen = true;
		v = want_value(get32(val), ipcp->conf.peer_addr, nak, naklen);
		if (v == PPP_OPT_ACK)
			ipcp->peer_addr = get32(val);
		return v;
	case PPP_IPCP_OPT_DNS1:
	case PPP_IPCP_OPT_DNS2:
		/* RFC 1877 §1.1, §1.3 */
		dns = ipcp->conf.dns[type == PPP_IPCP_OPT_DNS1 ? 0 : 1];
		if (len != 4 || dns == 0)
			return PPP_OPT_REJ;
		return want_value(get32(val), dns, nak, naklen);
	default:
		/*
		 * IP-Compression-Protocol (no VJ over the fast path), NBNS
		 * (RFC 1877 §1.2, §1.4), IP-Addresses and unknown options.
		 */
		return PPP_OPT_REJ;
	}
}

static void
ipcp_check_end(struct ppp_fsm *fsm, uint8_t *buf, size_t cap, size_t *off)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	uint8_t val[4];

	/* No IP-Address at all: tell the peer which one it has. */
	if (!ipcp->addr_seen && ipcp->conf.peer_addr != 0) {
		put32(val, ipcp->conf.peer_addr);
		ppp_opt_put(buf, cap, off, PPP_IPCP_OPT_ADDR, val, 4);
	}
}

static int
ipcp_recv_nak_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	if (type == PPP_IPCP_OPT_ADDR && len != 4)
		return -EINVAL;
	/* Our address is ours: a Nak does not change it. */
	return 0;
}

static int
ipcp_recv_rej_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	if (type == PPP_IPCP_OPT_ADDR)
		ipcp->req_addr = false;
	return 0;
}

static const struct ppp_fsm_ops ipcp_ops = {
	.name = "IPCP",
	.reset = ipcp_reset,
	.build_req = ipcp_build_req,
	.check_begin = ipcp_check_begin,
	.check_opt = ipcp_check_opt,
	.check_end = ipcp_check_end,
	.recv_nak_opt = ipcp_recv_nak_opt,
	.recv_rej_opt = ipcp_recv_rej_opt,
};

void
ppp_ipcp_init(struct ppp_ipcp *ipcp, const struct ppp_ipcp_conf *conf)
{
	memset(ipcp, 0, sizeof(*ipcp));
	ipcp->conf = *conf;
	ppp_fsm_init(&ipcp->fsm, &ipcp_ops, PPP_PROTO_IPCP, &conf->fsm, ipcp);
	ipcp->req_addr = conf->local_addr != 0;
}

void
ppp_ipcp_set_peer_addr(struct ppp_ipcp *ipcp, uint32_t addr)
{
	ipcp->conf.peer_addr = addr;
}
