/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP LCP options (RFC 1661 §6) and LCP-only codes (§5.7-§5.9) on top of
 * the generic automaton.
 */

#include <errno.h>
#include <string.h>

#include "lns_bytes.h"
#include "ppp_lcp.h"

#define LCP_ECHO_MAX_FAIL	3
#define LCP_MAX_LOOPS		5

static inline struct ppp_lcp *
lcp_of(struct ppp_fsm *fsm)
{
	return fsm->proto_ctx;
}

uint16_t
ppp_auth_proto(enum ppp_auth a)
{
	switch (a) {
	case PPP_AUTH_PAP:
		return LNS_PPP_PROTO_PAP;
	case PPP_AUTH_CHAP_MD5:
	case PPP_AUTH_MSCHAPV2:
		return LNS_PPP_PROTO_CHAP;
	default:
		return 0;
	}
}

/* Encode the Authentication-Protocol option value; its length. */
static uint8_t
auth_encode(enum ppp_auth a, uint8_t *val)
{
	lns_put_be16(val, ppp_auth_proto(a));
	if (a == PPP_AUTH_PAP)
		return 2;
	val[2] = a == PPP_AUTH_CHAP_MD5 ? PPP_CHAP_MD5 : PPP_CHAP_MSCHAPV2;
	return 3;
}

/* Decode; PPP_AUTH_NONE for anything we do not implement. */
static enum ppp_auth
auth_decode(const uint8_t *val, uint8_t len)
{
	uint16_t proto;

	if (len < 2)
		return PPP_AUTH_NONE;
	proto = lns_get_be16(val);
	if (proto == LNS_PPP_PROTO_PAP && len == 2)
		return PPP_AUTH_PAP;
	if (proto == LNS_PPP_PROTO_CHAP && len == 3) {
		if (val[2] == PPP_CHAP_MD5)
			return PPP_AUTH_CHAP_MD5;
		if (val[2] == PPP_CHAP_MSCHAPV2)
			return PPP_AUTH_MSCHAPV2;
	}
	return PPP_AUTH_NONE;
}

/* §6.4: a random, non-zero Magic-Number. */
static uint32_t
new_magic(struct ppp_fsm *fsm, uint32_t avoid)
{
	uint32_t m = 0;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		if (ppp_fsm_random(fsm, &m, sizeof(m)) < 0)
			m = 0;
		if (m != 0 && m != avoid)
			return m;
	}
	return avoid != 0x5a5aa5a5 ? 0x5a5aa5a5 : 0xa5a55a5a;
}

static void
lcp_reset(struct ppp_fsm *fsm)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	lcp->want_mru = lcp->conf.mru;
	lcp->req_mru = lcp->conf.mru != PPP_DEFAULT_MRU;
	lcp->auth_idx = 0;
	lcp->req_auth = lcp->conf.auth_count > 0;
	lcp->magic = new_magic(fsm, 0);
	lcp->peer_mru = PPP_DEFAULT_MRU;
	lcp->peer_magic = 0;
	lcp->auth = PPP_AUTH_NONE;
	lcp->client_auth = PPP_AUTH_NONE;
	lcp->pfc = false;
	lcp->acfc = false;
	lcp->loops = 0;
}

static int
lcp_build_req(struct ppp_fsm *fsm, uint8_t *buf, size_t cap)
{
	struct ppp_lcp *lcp = lcp_of(fsm);
	uint8_t val[4];
	size_t off = 0;
	uint8_t n;

	if (lcp->req_mru) {
		lns_put_be16(val, lcp->want_mru);
		ppp_opt_put(buf, cap, &off, PPP_LCP_OPT_MRU, val, 2);
	}
	if (lcp->req_auth && lcp->auth_idx < lcp->conf.auth_count) {
		n = auth_encode(lcp->conf.auth[lcp->auth_idx], val);
		ppp_opt_put(buf, cap, &off, PPP_LCP_OPT_AUTH, val, n);
	}
	if (lcp->magic != 0) {
		lns_put_be32(val, lcp->magic);
		ppp_opt_put(buf, cap, &off, PPP_LCP_OPT_MAGIC, val, 4);
	}
	return (int)off;
}

static void
lcp_check_begin(struct ppp_fsm *fsm)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	/* Only the options of the request being checked count. */
	lcp->peer_mru = PPP_DEFAULT_MRU;
	lcp->peer_magic = 0;
	lcp->client_auth = PPP_AUTH_NONE;
	lcp->pfc = false;
	lcp->acfc = false;
}

/* Client mode: the method the peer asks for, or Nak with our first. */
static enum ppp_opt_verdict
lcp_check_auth(struct ppp_lcp *lcp, const uint8_t *val, uint8_t len,
	uint8_t *nak, uint8_t *naklen)
{
	enum ppp_auth a = auth_decode(val, len);
	unsigned int i;

	for (i = 0; i < lcp->conf.accept_auth_count; i++)
		if (a != PPP_AUTH_NONE && lcp->conf.accept_auth[i] == a) {
			lcp->client_auth = a;
			return PPP_OPT_ACK;
		}
	*naklen = auth_encode(lcp->conf.accept_auth[0], nak);
	return PPP_OPT_NAK;
}

static enum ppp_opt_verdict
lcp_check_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len, uint8_t *nak, uint8_t *naklen)
{
	struct ppp_lcp *lcp = lcp_of(fsm);
	uint32_t m;

	switch (type) {
	case PPP_LCP_OPT_MRU:
		if (len != 2)
			return PPP_OPT_REJ;
		if (lns_get_be16(val) < lcp->conf.min_mru) {
			/* §6.1: suggest what we accept. */
			lns_put_be16(nak, lcp->conf.min_mru);
			*naklen = 2;
			return PPP_OPT_NAK;
		}
		lcp->peer_mru = lns_get_be16(val);
		return PPP_OPT_ACK;
	case PPP_LCP_OPT_ACCM:
		/* Meaningless over L2TP; acknowledged and ignored. */
		return len == 4 ? PPP_OPT_ACK : PPP_OPT_REJ;
	case PPP_LCP_OPT_MAGIC:
		if (len != 4)
			return PPP_OPT_REJ;
		m = lns_get_be32(val);
		if (m != 0 && (m != lcp->magic || lcp->magic == 0)) {
			lcp->peer_magic = m;
			return PPP_OPT_ACK;
		}
		if (m != 0) {
			/* §6.4: our own magic came back: maybe a loop. */
			lcp->stats.magic_collisions++;
			if (++lcp->loops >= lcp->conf.max_loops) {
				lcp->looped = true;
				ppp_fsm_abort(fsm, "loopback detected");
			}
		}
		lns_put_be32(nak, new_magic(fsm, lcp->magic));
		*naklen = 4;
		return PPP_OPT_NAK;
	case PPP_LCP_OPT_PFC:
		if (len != 0 || !lcp->conf.accept_pfc)
			return PPP_OPT_REJ;
		lcp->pfc = true;
		return PPP_OPT_ACK;
	case PPP_LCP_OPT_ACFC:
		if (len != 0 || !lcp->conf.accept_acfc)
			return PPP_OPT_REJ;
		lcp->acfc = true;
		return PPP_OPT_ACK;
	case PPP_LCP_OPT_AUTH:
		/* Authenticator mode: we do not prove ourselves. */
		if (lcp->conf.accept_auth_count == 0)
			return PPP_OPT_REJ;
		return lcp_check_auth(lcp, val, len, nak, naklen);
	default:
		/* Quality-Protocol and anything unknown. */
		return PPP_OPT_REJ;
	}
}

static void
lcp_recv_ack(struct ppp_fsm *fsm)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	lcp->auth = lcp->req_auth && lcp->auth_idx < lcp->conf.auth_count ?
	    lcp->conf.auth[lcp->auth_idx] : PPP_AUTH_NONE;
}

static int
lcp_recv_nak_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	struct ppp_lcp *lcp = lcp_of(fsm);
	enum ppp_auth want;
	unsigned int i;
	uint16_t mru;

	switch (type) {
	case PPP_LCP_OPT_MRU:
		if (len != 2)
			return -EINVAL;
		mru = lns_get_be16(val);
		/* Smaller is fine down to min_mru; never above the tunnel's. */
		if (mru >= lcp->conf.min_mru && mru <= lcp->conf.mru) {
			lcp->want_mru = mru;
			lcp->req_mru = true;
		}
		return 0;
	case PPP_LCP_OPT_MAGIC:
		if (len != 4)
			return -EINVAL;
		/* §6.4: a Nak'd Magic-Number: choose another one. */
		lcp->magic = new_magic(fsm, lns_get_be32(val));
		return 0;
	case PPP_LCP_OPT_AUTH:
		if (len < 2)
			return -EINVAL;
		/* Move down our list, to the peer's suggestion if listed. */
		want = auth_decode(val, len);
		i = lcp->auth_idx + 1;
		if (want != PPP_AUTH_NONE) {
			for (; i < lcp->conf.auth_count; i++)
				if (lcp->conf.auth[i] == want)
					break;
			if (i == lcp->conf.auth_count)
				i = lcp->auth_idx + 1;
		}
		lcp->auth_idx = i;
		if (lcp->auth_idx >= lcp->conf.auth_count)
			ppp_fsm_abort(fsm, "no acceptable authentication protocol");
		return 0;
	default:
		/* Options we did not ask for: we keep our defaults. */
		return 0;
	}
}

static int
lcp_recv_rej_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	switch (type) {
	case PPP_LCP_OPT_MRU:
		lcp->req_mru = false;
		lcp->want_mru = PPP_DEFAULT_MRU;
		break;
	case PPP_LCP_OPT_MAGIC:
		lcp->magic = 0;
		break;
	case PPP_LCP_OPT_AUTH:
		/* Authentication is our policy: the peer cannot refuse it. */
		lcp->req_auth = false;
		ppp_fsm_abort(fsm, "peer refuses authentication");
		break;
	default:
		break;
	}
	return 0;
}

static void
lcp_up(struct ppp_fsm *fsm)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	fsm->peer_mru = lcp->peer_mru;
	lcp->echo_outstanding = 0;
	lcp->echo_armed = lcp->conf.echo_interval_ms > 0 &&
	    !lcp->echo_unsupported;
	lcp->next_echo = lcp->now + lcp->conf.echo_interval_ms;
}

static void
lcp_down(struct ppp_fsm *fsm)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	lcp->echo_armed = false;
	fsm->peer_mru = PPP_DEFAULT_MRU;
}

/* §5.6: no Echo-Request support at the peer: no keepalive either. */
static void
lcp_code_rejected(struct ppp_fsm *fsm, uint8_t code)
{
	struct ppp_lcp *lcp = lcp_of(fsm);

	if (code == PPP_ECHO_REQ) {
		lcp->echo_unsupported = true;
		lcp->echo_armed = false;
	}
}

static int
lcp_extcode(struct ppp_fsm *fsm, uint8_t code, uint8_t id,
	const uint8_t *data, size_t len, uint64_t now)
{
	struct ppp_lcp *lcp = lcp_of(fsm);
	uint8_t reply[PPP_FSM_MAX_PKT];
	uint16_t proto;

	switch (code) {
	case PPP_PROTO_REJ:
		if (len < 2) {
			fsm->stats.rx_malformed++;
			return -EINVAL;
		}
		/* §5.7: only meaningful in Opened. */
		if (fsm->state != PPP_FSM_OPENED) {
			fsm->stats.rx_discarded++;
			return 0;
		}
		lcp->stats.proto_rej_rx++;
		proto = lns_get_be16(data);
		/* LCP itself rejected: RXJ-; another protocol: RXJ+. */
		ppp_fsm_rxj(fsm, proto == LNS_PPP_PROTO_LCP, now);
		if (proto != LNS_PPP_PROTO_LCP && lcp->protrej_cb != NULL)
			lcp->protrej_cb(fsm->arg, proto);
		return 0;
	case PPP_ECHO_REQ:
	case PPP_ECHO_REP:
	case PPP_DISC_REQ:
		/* RXR: Magic-Number (4) then data (§5.8, §5.9). */
		if (len < 4) {
			fsm->stats.rx_malformed++;
			return -EINVAL;
		}
		if (fsm->state != PPP_FSM_OPENED) {
			fsm->stats.rx_discarded++;
			return 0;
		}
		if (lcp->magic != 0 && lns_get_be32(data) == lcp->magic) {
			/* Our own magic: looped back (§6.4). */
			lcp->stats.magic_collisions++;
			return 0;
		}
		if (code == PPP_DISC_REQ) {
			lcp->stats.discard_rx++;
		} else if (code == PPP_ECHO_REP) {
			lcp->stats.echo_rep_rx++;
			lcp->echo_outstanding = 0;
		} else {
			/* ser: Echo-Reply with our magic and the data. */
			lcp->stats.echo_req_rx++;
			if (len > sizeof(reply))
				len = sizeof(reply);
			lns_put_be32(reply, lcp->magic);
			memcpy(reply + 4, data + 4, len - 4);
			ppp_fsm_send(fsm, PPP_ECHO_REP, id, reply, len);
		}
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static const struct ppp_fsm_ops lcp_ops = {
	.name = "LCP",
	.reset = lcp_reset,
	.build_req = lcp_build_req,
	.check_begin = lcp_check_begin,
	.check_opt = lcp_check_opt,
	.recv_ack = lcp_recv_ack,
	.recv_nak_opt = lcp_recv_nak_opt,
	.recv_rej_opt = lcp_recv_rej_opt,
	.up = lcp_up,
	.down = lcp_down,
	.code_rejected = lcp_code_rejected,
	.extcode = lcp_extcode,
};

void
ppp_lcp_init(struct ppp_lcp *lcp, const struct ppp_lcp_conf *conf)
{
	memset(lcp, 0, sizeof(*lcp));
	lcp->conf = *conf;
	if (lcp->conf.mru == 0)
		lcp->conf.mru = PPP_DEFAULT_MRU;
	if (lcp->conf.min_mru == 0)
		lcp->conf.min_mru = PPP_MIN_MRU;
	if (lcp->conf.auth_count > PPP_LCP_MAX_AUTH)
		lcp->conf.auth_count = PPP_LCP_MAX_AUTH;
	if (lcp->conf.accept_auth_count > PPP_LCP_MAX_AUTH)
		lcp->conf.accept_auth_count = PPP_LCP_MAX_AUTH;
	if (lcp->conf.echo_max_fail == 0)
		lcp->conf.echo_max_fail = LCP_ECHO_MAX_FAIL;
	if (lcp->conf.max_loops == 0)
		lcp->conf.max_loops = LCP_MAX_LOOPS;
	ppp_fsm_init(&lcp->fsm, &lcp_ops, LNS_PPP_PROTO_LCP, &conf->fsm, lcp);
	lcp->want_mru = lcp->conf.mru;
	lcp->peer_mru = PPP_DEFAULT_MRU;
}

int
ppp_lcp_input(struct ppp_lcp *lcp, const uint8_t *pkt, size_t len,
	uint64_t now)
{
	lcp->now = now;
	return ppp_fsm_input(&lcp->fsm, pkt, len, now);
}

void
ppp_lcp_timer(struct ppp_lcp *lcp, uint64_t now)
{
	struct ppp_fsm *fsm = &lcp->fsm;
	uint8_t magic[4];

	lcp->now = now;
	ppp_fsm_timer(fsm, now);
	if (fsm->state != PPP_FSM_OPENED || !lcp->echo_armed ||
	    now < lcp->next_echo)
		return;
	if (lcp->echo_outstanding >= lcp->conf.echo_max_fail) {
		/* Dead peer: tld and Terminate-Request (Close event). */
		lcp->echo_armed = false;
		ppp_fsm_close(fsm, "peer not responding to echo requests",
		    now);
		return;
	}
	lns_put_be32(magic, lcp->magic);
	ppp_fsm_send(fsm, PPP_ECHO_REQ, ++lcp->echo_id, magic, sizeof(magic));
	lcp->stats.echo_req_tx++;
	lcp->echo_outstanding++;
	lcp->next_echo = now + lcp->conf.echo_interval_ms;
}

uint64_t
ppp_lcp_next_timeout(const struct ppp_lcp *lcp)
{
	uint64_t t = ppp_fsm_next_timeout(&lcp->fsm);

	if (lcp->fsm.state == PPP_FSM_OPENED && lcp->echo_armed &&
	    lcp->next_echo < t)
		t = lcp->next_echo;
	return t;
}

int
ppp_lcp_send_protrej(struct ppp_lcp *lcp, uint16_t proto,
	const uint8_t *info, size_t len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];

	if (lcp->fsm.state != PPP_FSM_OPENED)
		return -ENOTCONN;
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	lns_put_be16(buf, proto);
	if (len > 0)
		memcpy(buf + 2, info, len);
	lcp->stats.proto_rej_tx++;
	/* ppp_fsm_send() truncates to the peer's MRU (§5.7). */
	return ppp_fsm_send(&lcp->fsm, PPP_PROTO_REJ,
	    ppp_fsm_next_id(&lcp->fsm), buf, len + 2);
}

/* The LAC's request, taken as ours: is it within our policy? */
static int
proxy_ours(struct ppp_lcp *lcp, const uint8_t *opts, size_t len)
{
	struct ppp_opt_iter it;
	const uint8_t *val;
	uint8_t type, vlen;
	bool auth_seen = false;
	enum ppp_auth a;
	unsigned int i;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &type, &val, &vlen) > 0) {
		switch (type) {
		case PPP_LCP_OPT_MRU:
			if (vlen != 2 || lns_get_be16(val) > lcp->conf.mru ||
			    lns_get_be16(val) < lcp->conf.min_mru)
				return -EPROTO;
			lcp->want_mru = lns_get_be16(val);
			break;
		case PPP_LCP_OPT_ACCM:
			if (vlen != 4)
				return -EPROTO;
			break;
		case PPP_LCP_OPT_AUTH:
			a = auth_decode(val, vlen);
			for (i = 0; i < lcp->conf.auth_count; i++)
				if (a != PPP_AUTH_NONE && lcp->conf.auth[i] == a)
					break;
			if (i == lcp->conf.auth_count)
				return -EPROTO;
			lcp->auth_idx = i;
			lcp->auth = a;
			auth_seen = true;
			break;
		case PPP_LCP_OPT_MAGIC:
			if (vlen != 4 || lns_get_be32(val) == 0)
				return -EPROTO;
			lcp->magic = lns_get_be32(val);
			break;
		case PPP_LCP_OPT_PFC:
			if (vlen != 0 || !lcp->conf.accept_pfc)
				return -EPROTO;
			break;
		case PPP_LCP_OPT_ACFC:
			if (vlen != 0 || !lcp->conf.accept_acfc)
				return -EPROTO;
			break;
		default:
			return -EPROTO;
		}
	}
	/* Our policy requires authentication: the LAC must have asked. */
	if (lcp->conf.auth_count > 0 && !auth_seen)
		return -EPROTO;
	return 0;
}

int
ppp_lcp_proxy(struct ppp_lcp *lcp, const uint8_t *sent, size_t sent_len,
	const uint8_t *rcvd, size_t rcvd_len, uint64_t now)
{
	struct ppp_fsm *fsm = &lcp->fsm;
	struct ppp_opt_iter it;
	const uint8_t *val;
	uint8_t type, vlen, nak[255], naklen;
	int rc;

	if (fsm->state != PPP_FSM_INITIAL && fsm->state != PPP_FSM_STARTING &&
	    fsm->state != PPP_FSM_CLOSED && fsm->state != PPP_FSM_STOPPED)
		return -EBUSY;
	if (sent_len > sizeof(fsm->req) || ppp_opts_valid(sent, sent_len) < 0 ||
	    ppp_opts_valid(rcvd, rcvd_len) < 0)
		return -EINVAL;
	lcp->now = now;
	lcp_reset(fsm);
	lcp->magic = 0;
	lcp->req_auth = false;
	rc = proxy_ours(lcp, sent, sent_len);
	if (rc == 0) {
		/* The client's request: every option must be acked. */
		lcp_check_begin(fsm);
		ppp_opt_iter_init(&it, rcvd, rcvd_len);
		while (rc == 0 && ppp_opt_next(&it, &type, &val, &vlen) > 0)
			if (lcp_check_opt(fsm, type, val, vlen, nak,
			    &naklen) != PPP_OPT_ACK)
				rc = -EPROTO;
	}
	fsm->pending_abort = NULL;
	if (rc < 0) {
		lcp_reset(fsm);
		return rc;
	}
	lcp->req_mru = lcp->want_mru != PPP_DEFAULT_MRU;
	lcp->req_auth = lcp->auth != PPP_AUTH_NONE;
	memcpy(fsm->req, sent, sent_len);
	fsm->reqlen = (uint8_t)sent_len;	/* <= sizeof(fsm->req) */
	fsm->restart = fsm->conf.max_configure;
	ppp_fsm_set_state(fsm, PPP_FSM_OPENED);
	lcp_up(fsm);
	ppp_fsm_owner_layer(fsm, PPP_LAYER_UP);
	return 0;
}
