/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv6CP Interface-Identifier negotiation, RFC 5072 §4.1.
 */

#include <errno.h>
#include <string.h>

#include "ppp_ipv6cp.h"

#define IFID_LEN	8

static inline struct ppp_ipv6cp *
v6_of(struct ppp_fsm *fsm)
{
	return fsm->proto_ctx;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < IFID_LEN; i++)
		v = v << 8 | p[i];
	return v;
}

static void
put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = IFID_LEN - 1; i >= 0; i--) {
		p[i] = v & 0xff;
		v >>= 8;
	}
}

/* §4.1: a random identifier, neither zero nor avoid1/avoid2. */
static uint64_t
new_ifid(struct ppp_fsm *fsm, uint64_t avoid1, uint64_t avoid2)
{
	uint64_t id = 0;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		if (ppp_fsm_random(fsm, &id, sizeof(id)) < 0)
			id = 0;
		if (id != 0 && id != avoid1 && id != avoid2)
			return id;
	}
	/* Broken random source: still distinct and non-zero. */
	for (id = 1; id == avoid1 || id == avoid2; id++)
		;
	return id;
}

static void
v6_reset(struct ppp_fsm *fsm)
{
	struct ppp_ipv6cp *v6 = v6_of(fsm);

	v6->ifid = new_ifid(fsm, v6->conf.peer_ifid, 0);
	v6->peer_ifid = 0;
}

static int
v6_build_req(struct ppp_fsm *fsm, uint8_t *buf, size_t cap)
{
	struct ppp_ipv6cp *v6 = v6_of(fsm);
	uint8_t val[IFID_LEN];
	size_t off = 0;

	if (v6->ifid != 0) {
		put64(val, v6->ifid);
		ppp_opt_put(buf, cap, &off, PPP_IPV6CP_OPT_IFID, val,
		    IFID_LEN);
	}
	return (int)off;
}

static void
v6_check_begin(struct ppp_fsm *fsm)
{
	v6_of(fsm)->peer_ifid = 0;
}

static enum ppp_opt_verdict
v6_check_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len, uint8_t *nak, uint8_t *naklen)
{
	struct ppp_ipv6cp *v6 = v6_of(fsm);
	uint64_t id;

	if (type != PPP_IPV6CP_OPT_IFID || len != IFID_LEN)
		return PPP_OPT_REJ;
	id = get64(val);
	if (v6->conf.peer_ifid != 0) {
		/* Assigned (RFC 3162 §2.2): that one, or a Nak with it. */
		if (id == v6->conf.peer_ifid) {
			v6->peer_ifid = id;
			return PPP_OPT_ACK;
		}
		put64(nak, v6->conf.peer_ifid);
		*naklen = IFID_LEN;
		return PPP_OPT_NAK;
	}
	if (id != 0 && id != v6->ifid) {
		v6->peer_ifid = id;
		return PPP_OPT_ACK;
	}
	/* §4.1: zero, or the same as ours: suggest another one. */
	if (id != 0)
		v6->collisions++;
	put64(nak, new_ifid(fsm, v6->ifid, id));
	*naklen = IFID_LEN;
	return PPP_OPT_NAK;
}

static int
v6_recv_nak_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	struct ppp_ipv6cp *v6 = v6_of(fsm);
	uint64_t id;

	if (type != PPP_IPV6CP_OPT_IFID)
		return 0;
	if (len != IFID_LEN)
		return -EINVAL;
	id = get64(val);
	/* §4.1: use the suggestion unless it is zero or the peer's. */
	if (id != 0 && id != v6->peer_ifid && id != v6->conf.peer_ifid)
		v6->ifid = id;
	else
		v6->ifid = new_ifid(fsm, v6->ifid, v6->peer_ifid ?
				    v6->peer_ifid : v6->conf.peer_ifid);
	return 0;
}

static int
v6_recv_rej_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	if (type == PPP_IPV6CP_OPT_IFID)
		v6_of(fsm)->ifid = 0;
	return 0;
}

static const struct ppp_fsm_ops ipv6cp_ops = {
	.name = "IPV6CP",
	.reset = v6_reset,
	.build_req = v6_build_req,
	.check_begin = v6_check_begin,
	.check_opt = v6_check_opt,
	.recv_nak_opt = v6_recv_nak_opt,
	.recv_rej_opt = v6_recv_rej_opt,
};

void
ppp_ipv6cp_init(struct ppp_ipv6cp *v6, const struct ppp_ipv6cp_conf *conf)
{
	memset(v6, 0, sizeof(*v6));
	v6->conf = *conf;
	ppp_fsm_init(&v6->fsm, &ipv6cp_ops, LNS_PPP_PROTO_IPV6CP, &conf->fsm, v6);
}
