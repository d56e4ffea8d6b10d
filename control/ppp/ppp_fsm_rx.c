/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive events of the PPP automaton (RFC 1661 §4.3 RCR+/-, RCA, RCN,
 * RTR, RTA, RUC, RXJ+/-): one function per event, one case per column of
 * the §4.1 table; the actions are in ppp_fsm.c (ppp_fsm_priv.h).
 */

#include <errno.h>
#include <string.h>

#include "ppp_fsm.h"
#include "ppp_fsm_priv.h"

/*
 * Check the peer's Configure-Request option by option (§5.2-§5.4) and
 * build the reply into out. Returns the reply code.
 */
static uint8_t
check_req(struct ppp_fsm *fsm, const uint8_t *opts, size_t len,
	uint8_t *out, size_t *outlen)
{
	uint8_t nak[PPP_FSM_MAX_PKT], rej[PPP_FSM_MAX_PKT], val[255];
	size_t naklen = 0, rejlen = 0;
	bool nak_as_rej = fsm->failures >= fsm->conf.max_failure;
	struct ppp_opt_iter it;
	enum ppp_opt_verdict v;
	const uint8_t *p;
	uint8_t type, vlen, sugg;

	if (fsm->ops->check_begin != NULL)
		fsm->ops->check_begin(fsm);
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &type, &p, &vlen) > 0) {
		sugg = 0;
		v = fsm->ops->check_opt(fsm, type, p, vlen, val, &sugg);
		if (v == PPP_OPT_NAK && nak_as_rej) {
			/* §4.6: not converging, Nak becomes Reject. */
			fsm->stats.tx_naks_as_rejects++;
			v = PPP_OPT_REJ;
		}
		if (v == PPP_OPT_REJ)
			ppp_opt_put(rej, sizeof(rej), &rejlen, type, p, vlen);
		else if (v == PPP_OPT_NAK)
			ppp_opt_put(nak, sizeof(nak), &naklen, type, val, sugg);
	}
	if (rejlen > 0) {
		memcpy(out, rej, rejlen);
		*outlen = rejlen;
		return PPP_CONF_REJ;
	}
	if (fsm->ops->check_end != NULL && !nak_as_rej)
		fsm->ops->check_end(fsm, nak, sizeof(nak), &naklen);
	if (naklen > 0) {
		memcpy(out, nak, naklen);
		*outlen = naklen;
		return PPP_CONF_NAK;
	}
	memcpy(out, opts, len);
	*outlen = len;
	return PPP_CONF_ACK;
}

static void
rcr(struct ppp_fsm *fsm, uint8_t id, const uint8_t *opts, size_t len,
	uint64_t now)
{
	uint8_t out[PPP_FSM_MAX_PKT];
	size_t outlen = 0;
	uint8_t code;

	switch (fsm->state) {
	case PPP_FSM_CLOSED:
		sta(fsm, id);
		return;
	case PPP_FSM_CLOSING:
	case PPP_FSM_STOPPING:
		fsm->stats.rx_discarded++;
		return;
	case PPP_FSM_STOPPED:
		irc(fsm, true);
		renegotiate(fsm);
		scr(fsm, false, now);
		break;
	case PPP_FSM_OPENED:
		tld(fsm);
		renegotiate(fsm);
		scr(fsm, false, now);
		break;
	default:
		break;
	}
	code = check_req(fsm, opts, len, out, &outlen);
	if (fsm->pending_abort != NULL)
		return;
	ppp_fsm_send(fsm, code, id, out, outlen);
	if (code == PPP_CONF_ACK) {
		/* RCR+ */
		fsm->failures = 0;
		if (fsm->state == PPP_FSM_ACKRCVD) {
			ppp_fsm_set_state(fsm, PPP_FSM_OPENED);
			tlu(fsm);
		} else {
			ppp_fsm_set_state(fsm, PPP_FSM_ACKSENT);
		}
	} else {
		/* RCR- */
		if (code == PPP_CONF_NAK)
			fsm->failures++;
		if (fsm->state != PPP_FSM_ACKRCVD)
			ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
	}
}

static bool
reply_expected(struct ppp_fsm *fsm, uint8_t id)
{
	if (id != fsm->reqid) {
		fsm->stats.rx_bad_id++;
		return false;
	}
	return true;
}

/*
 * RCA and RCN share these cells of the §4.1 table: in Closed/Stopped the
 * peer is told we are down (sta), in Closing/Stopping the reply is
 * ignored. Returns true when the reply is for a negotiation in progress.
 */
/* §4.1, Opened on RCA / RTA: "tld, scr" and back to Req-Sent. */
static void
opened_renegotiate(struct ppp_fsm *fsm, uint64_t now)
{
	ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
	tld(fsm);
	renegotiate(fsm);
	scr(fsm, false, now);
}

static bool
reply_in_negotiation(struct ppp_fsm *fsm, uint8_t id)
{
	switch (fsm->state) {
	case PPP_FSM_CLOSED:
	case PPP_FSM_STOPPED:
		sta(fsm, id);
		return false;
	case PPP_FSM_CLOSING:
	case PPP_FSM_STOPPING:
		fsm->stats.rx_discarded++;
		return false;
	default:
		return true;
	}
}

static void
rca(struct ppp_fsm *fsm, uint8_t id, const uint8_t *opts, size_t len,
	uint64_t now)
{
	if (!reply_in_negotiation(fsm, id))
		return;
	/* §5.2: the options must be exactly those we sent. */
	if (!reply_expected(fsm, id))
		return;
	if (len != fsm->reqlen || memcmp(opts, fsm->req, len) != 0) {
		fsm->stats.rx_bad_id++;
		return;
	}
	switch (fsm->state) {
	case PPP_FSM_REQSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_ACKRCVD);
		irc(fsm, true);
		if (fsm->ops->recv_ack != NULL)
			fsm->ops->recv_ack(fsm);
		/* The timer keeps running: the peer's request is awaited. */
		break;
	case PPP_FSM_ACKRCVD:
		/* x: crossed connection */
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		scr(fsm, false, now);
		break;
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_OPENED);
		irc(fsm, true);
		if (fsm->ops->recv_ack != NULL)
			fsm->ops->recv_ack(fsm);
		tlu(fsm);
		break;
	case PPP_FSM_OPENED:
		opened_renegotiate(fsm, now);
		break;
	default:
		break;
	}
}

/* Apply a Configure-Nak or -Reject to our request; 0 or -EINVAL. */
static int
apply_nakrej(struct ppp_fsm *fsm, uint8_t code, const uint8_t *opts,
	size_t len)
{
	struct ppp_opt_iter it, mine;
	const uint8_t *p, *q;
	uint8_t type, vlen, t2, l2;
	bool found;
	int rc;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &type, &p, &vlen) > 0) {
		if (code == PPP_CONF_REJ) {
			/* §5.4: only options we requested can be rejected. */
			found = false;
			ppp_opt_iter_init(&mine, fsm->req, fsm->reqlen);
			while (!found && ppp_opt_next(&mine, &t2, &q, &l2) > 0)
				found = t2 == type;
			if (!found)
				return -EINVAL;
			rc = fsm->ops->recv_rej_opt != NULL ?
			    fsm->ops->recv_rej_opt(fsm, type, p, vlen) : 0;
		} else {
			rc = fsm->ops->recv_nak_opt != NULL ?
			    fsm->ops->recv_nak_opt(fsm, type, p, vlen) : 0;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void
rcn(struct ppp_fsm *fsm, uint8_t code, uint8_t id, const uint8_t *opts,
	size_t len, uint64_t now)
{
	bool was_opened;

	if (!reply_in_negotiation(fsm, id))
		return;
	if (!reply_expected(fsm, id))
		return;
	was_opened = fsm->state == PPP_FSM_OPENED;
	if (was_opened) {
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		tld(fsm);
		renegotiate(fsm);
	}
	if (apply_nakrej(fsm, code, opts, len) < 0) {
		fsm->stats.rx_malformed++;
		/* Opened: the link is already down, renegotiate anyway. */
		if (!was_opened)
			return;
	}
	if (fsm->pending_abort != NULL)
		return;
	switch (fsm->state) {
	case PPP_FSM_REQSENT:
		/* From Opened: tld,scr/6 (no irc) */
		if (!was_opened)
			irc(fsm, true);
		scr(fsm, false, now);
		break;
	case PPP_FSM_ACKSENT:
		irc(fsm, true);
		scr(fsm, false, now);
		break;
	case PPP_FSM_ACKRCVD:
		/* x: crossed connection */
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		scr(fsm, false, now);
		break;
	default:
		break;
	}
}

static void
rtr(struct ppp_fsm *fsm, uint8_t id, uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_REQSENT:
	case PPP_FSM_ACKRCVD:
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		sta(fsm, id);
		break;
	case PPP_FSM_OPENED:
		fsm->close_reason = "peer requested termination";
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPING);
		tld(fsm);
		zrc(fsm, now);
		sta(fsm, id);
		break;
	default:
		/* Closed, Stopped, Closing, Stopping: stay */
		sta(fsm, id);
		break;
	}
}

static void
rta(struct ppp_fsm *fsm, uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_CLOSING:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSED);
		tlf(fsm);
		break;
	case PPP_FSM_STOPPING:
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPED);
		tlf(fsm);
		break;
	case PPP_FSM_ACKRCVD:
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		break;
	case PPP_FSM_OPENED:
		opened_renegotiate(fsm, now);
		break;
	default:
		break;
	}
}

void
ppp_fsm_rxj(struct ppp_fsm *fsm, bool catastrophic, uint64_t now)
{
	if (!catastrophic) {
		/* RXJ+ */
		if (fsm->state == PPP_FSM_ACKRCVD)
			ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		return;
	}
	/* RXJ- */
	fsm->close_reason = "peer rejected a required code or protocol";
	switch (fsm->state) {
	case PPP_FSM_CLOSED:
	case PPP_FSM_CLOSING:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSED);
		tlf(fsm);
		break;
	case PPP_FSM_STOPPED:
	case PPP_FSM_STOPPING:
	case PPP_FSM_REQSENT:
	case PPP_FSM_ACKRCVD:
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPED);
		tlf(fsm);
		break;
	case PPP_FSM_OPENED:
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPING);
		tld(fsm);
		irc(fsm, false);
		str(fsm, now);
		break;
	default:
		illegal(fsm);
	}
}

int
ppp_fsm_input(struct ppp_fsm *fsm, const uint8_t *pkt, size_t len,
	uint64_t now)
{
	const uint8_t *data;
	uint8_t code, id;
	size_t dlen;
	int rc = 0;

	fsm->stats.rx_pkts++;
	if (ppp_pkt_parse(pkt, len, &code, &id, &data, &dlen) < 0) {
		fsm->stats.rx_malformed++;
		return -EINVAL;
	}
	/* Larger than anything we negotiate (MRU over L2TP): dropped. */
	if (PPP_HDR_LEN + dlen > PPP_FSM_MAX_PKT) {
		fsm->stats.rx_too_long++;
		return -EMSGSIZE;
	}
	/* Lower layer down: every receive event is illegal (§4.1 '-'). */
	if (fsm->state == PPP_FSM_INITIAL || fsm->state == PPP_FSM_STARTING) {
		illegal(fsm);
		fsm->stats.rx_discarded++;
		return -EAGAIN;
	}
	switch (code) {
	case PPP_CONF_REQ:
	case PPP_CONF_ACK:
	case PPP_CONF_NAK:
	case PPP_CONF_REJ:
		if (ppp_opts_valid(data, dlen) < 0) {
			fsm->stats.rx_malformed++;
			return -EINVAL;
		}
		if (code == PPP_CONF_REQ)
			rcr(fsm, id, data, dlen, now);
		else if (code == PPP_CONF_ACK)
			rca(fsm, id, data, dlen, now);
		else
			rcn(fsm, code, id, data, dlen, now);
		break;
	case PPP_TERM_REQ:
		rtr(fsm, id, now);
		break;
	case PPP_TERM_ACK:
		rta(fsm, now);
		break;
	case PPP_CODE_REJ:
		if (dlen < 1) {
			fsm->stats.rx_malformed++;
			return -EINVAL;
		}
		/* §5.6: a rejected code 1-7 is catastrophic. */
		if (data[0] >= PPP_CONF_REQ && data[0] <= PPP_CODE_REJ) {
			ppp_fsm_rxj(fsm, true, now);
			break;
		}
		ppp_fsm_rxj(fsm, false, now);
		if (fsm->ops->code_rejected != NULL)
			fsm->ops->code_rejected(fsm, data[0]);
		break;
	default:
		rc = fsm->ops->extcode != NULL ?
		    fsm->ops->extcode(fsm, code, id, data, dlen, now) :
		    -EOPNOTSUPP;
		if (rc == -EOPNOTSUPP) {
			/* RUC: scj, same state (§5.6) */
			fsm->stats.rx_unknown_code++;
			scj(fsm, pkt, PPP_HDR_LEN + dlen);
			rc = 0;
		}
		break;
	}
	ppp_fsm_run_pending(fsm, now);
	return rc;
}
