/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic PPP option negotiation automaton, RFC 1661 §4. Each received
 * event is one function with a switch on the state whose cases are the
 * column entries of the §4.1 table ("action,action/new-state"). The new
 * state is entered first, then the actions run, so a callback that reacts
 * to a layer event sees the automaton in its final state.
 */

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ppp_fsm.h"

static const char *const state_names[PPP_FSM_NSTATES] = {
	"Initial", "Starting", "Closed", "Stopped", "Closing", "Stopping",
	"Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened",
};

static const char *const event_names[PPP_EV_COUNT] = {
	"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA",
	"RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR",
};

const char *
ppp_fsm_state_name(enum ppp_fsm_state s)
{
	return (unsigned int)s < PPP_FSM_NSTATES ? state_names[s] : "?";
}

const char *
ppp_fsm_event_name(enum ppp_fsm_event e)
{
	return (unsigned int)e < PPP_EV_COUNT ? event_names[e] : "?";
}

/* --- helpers --- */

void
ppp_fsm_init(struct ppp_fsm *fsm, const struct ppp_fsm_ops *ops,
	uint16_t proto, const struct ppp_fsm_conf *conf, void *proto_ctx)
{
	memset(fsm, 0, sizeof(*fsm));
	fsm->ops = ops;
	fsm->proto = proto;
	fsm->proto_ctx = proto_ctx;
	if (conf != NULL)
		fsm->conf = *conf;
	if (fsm->conf.restart_ms == 0)
		fsm->conf.restart_ms = PPP_FSM_RESTART_MS;
	if (fsm->conf.max_terminate == 0)
		fsm->conf.max_terminate = PPP_FSM_MAX_TERMINATE;
	if (fsm->conf.max_configure == 0)
		fsm->conf.max_configure = PPP_FSM_MAX_CONFIGURE;
	if (fsm->conf.max_failure == 0)
		fsm->conf.max_failure = PPP_FSM_MAX_FAILURE;
	fsm->peer_mru = PPP_DEFAULT_MRU;
	fsm->state = PPP_FSM_INITIAL;
}

static bool
timer_state(enum ppp_fsm_state s)
{
	return s == PPP_FSM_CLOSING || s == PPP_FSM_STOPPING ||
	    s == PPP_FSM_REQSENT || s == PPP_FSM_ACKRCVD ||
	    s == PPP_FSM_ACKSENT;
}

void
ppp_fsm_set_state(struct ppp_fsm *fsm, enum ppp_fsm_state s)
{
	enum ppp_fsm_state old = fsm->state;

	fsm->state = s;
	/* §4.6: the Restart timer only runs in these states. */
	if (!timer_state(s))
		fsm->timer_on = false;
	if (old != s && fsm->state_cb != NULL)
		fsm->state_cb(fsm->arg, fsm, old, s);
}

int
ppp_fsm_random(struct ppp_fsm *fsm, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	if (fsm->random != NULL)
		return fsm->random(fsm->arg, buf, len);
	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

uint8_t
ppp_fsm_next_id(struct ppp_fsm *fsm)
{
	return ++fsm->id;
}

int
ppp_fsm_send(struct ppp_fsm *fsm, uint8_t code, uint8_t id,
	const void *data, size_t len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	int n;

	/* Never send more than the peer can receive (§6.1). */
	if (PPP_HDR_LEN + len > fsm->peer_mru)
		len = fsm->peer_mru > PPP_HDR_LEN ?
		    fsm->peer_mru - PPP_HDR_LEN : 0;
	n = ppp_pkt_build(buf, sizeof(buf), code, id, data, len);
	if (n < 0)
		return n;
	fsm->stats.tx_pkts++;
	if (fsm->send != NULL)
		fsm->send(fsm->arg, fsm->proto, buf, n);
	return 0;
}

static void
layer(struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	const struct ppp_fsm_ops *ops = fsm->ops;

	switch (ev) {
	case PPP_LAYER_UP:
		if (ops->up != NULL)
			ops->up(fsm);
		break;
	case PPP_LAYER_DOWN:
		if (ops->down != NULL)
			ops->down(fsm);
		break;
	case PPP_LAYER_STARTED:
		if (ops->started != NULL)
			ops->started(fsm);
		break;
	case PPP_LAYER_FINISHED:
		if (ops->finished != NULL)
			ops->finished(fsm);
		break;
	}
	if (fsm->layer_cb != NULL)
		fsm->layer_cb(fsm->arg, fsm, ev);
}

#define tlu(f)	layer((f), PPP_LAYER_UP)
#define tld(f)	layer((f), PPP_LAYER_DOWN)
#define tls(f)	layer((f), PPP_LAYER_STARTED)
#define tlf(f)	layer((f), PPP_LAYER_FINISHED)

static void
timer_start(struct ppp_fsm *fsm, uint64_t now)
{
	fsm->timer_on = true;
	fsm->deadline = now + fsm->conf.restart_ms;
}

/* irc for Configure-Request (configure) or Terminate-Request. */
static void
irc(struct ppp_fsm *fsm, bool configure)
{
	fsm->restart = configure ? fsm->conf.max_configure :
	    fsm->conf.max_terminate;
}

/* zrc: zero the counter and run the timer once (§4.4). */
static void
zrc(struct ppp_fsm *fsm, uint64_t now)
{
	fsm->restart = 0;
	timer_start(fsm, now);
}

/* A new negotiation starts: forget what the previous one agreed. */
static void
renegotiate(struct ppp_fsm *fsm)
{
	fsm->failures = 0;
	if (fsm->ops->reset != NULL)
		fsm->ops->reset(fsm);
}

/* scr; retransmit resends the outstanding request unchanged (§5.1). */
static void
scr(struct ppp_fsm *fsm, bool retransmit, uint64_t now)
{
	int n;

	if (!retransmit) {
		n = fsm->ops->build_req(fsm, fsm->req, sizeof(fsm->req));
		fsm->reqlen = n > 0 ? (size_t)n : 0;
		fsm->reqid = ppp_fsm_next_id(fsm);
	}
	ppp_fsm_send(fsm, PPP_CONF_REQ, fsm->reqid, fsm->req, fsm->reqlen);
	fsm->restart--;
	timer_start(fsm, now);
}

static void
str(struct ppp_fsm *fsm, uint64_t now)
{
	const char *r = fsm->close_reason;

	ppp_fsm_send(fsm, PPP_TERM_REQ, ppp_fsm_next_id(fsm), r,
	    r != NULL ? strnlen(r, 64) : 0);
	fsm->restart--;
	timer_start(fsm, now);
}

static void
sta(struct ppp_fsm *fsm, uint8_t id)
{
	ppp_fsm_send(fsm, PPP_TERM_ACK, id, NULL, 0);
}

static void
scj(struct ppp_fsm *fsm, const uint8_t *pkt, size_t len)
{
	ppp_fsm_send(fsm, PPP_CODE_REJ, ppp_fsm_next_id(fsm), pkt, len);
}

static void
illegal(struct ppp_fsm *fsm)
{
	fsm->stats.illegal_events++;
}

/* --- administrative and lower layer events --- */

void
ppp_fsm_up(struct ppp_fsm *fsm, uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_INITIAL:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSED);
		break;
	case PPP_FSM_STARTING:
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		irc(fsm, true);
		renegotiate(fsm);
		scr(fsm, false, now);
		break;
	default:
		illegal(fsm);
	}
}

void
ppp_fsm_down(struct ppp_fsm *fsm, uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_CLOSED:
	case PPP_FSM_CLOSING:
		ppp_fsm_set_state(fsm, PPP_FSM_INITIAL);
		break;
	case PPP_FSM_STOPPED:
		ppp_fsm_set_state(fsm, PPP_FSM_STARTING);
		tls(fsm);
		break;
	case PPP_FSM_STOPPING:
	case PPP_FSM_REQSENT:
	case PPP_FSM_ACKRCVD:
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_STARTING);
		break;
	case PPP_FSM_OPENED:
		ppp_fsm_set_state(fsm, PPP_FSM_STARTING);
		tld(fsm);
		break;
	default:
		illegal(fsm);
	}
}

void
ppp_fsm_open(struct ppp_fsm *fsm, uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_INITIAL:
		ppp_fsm_set_state(fsm, PPP_FSM_STARTING);
		tls(fsm);
		break;
	case PPP_FSM_CLOSED:
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		irc(fsm, true);
		renegotiate(fsm);
		scr(fsm, false, now);
		break;
	case PPP_FSM_CLOSING:
		/* 5r: the restart option is not implemented. */
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPING);
		break;
	default:
		/* Starting, Stopped, Stopping, 6-9: no change. */
		break;
	}
}

void
ppp_fsm_close(struct ppp_fsm *fsm, const char *reason, uint64_t now)
{
	fsm->close_reason = reason;
	switch (fsm->state) {
	case PPP_FSM_STARTING:
		ppp_fsm_set_state(fsm, PPP_FSM_INITIAL);
		tlf(fsm);
		break;
	case PPP_FSM_STOPPED:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSED);
		break;
	case PPP_FSM_STOPPING:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSING);
		break;
	case PPP_FSM_REQSENT:
	case PPP_FSM_ACKRCVD:
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSING);
		irc(fsm, false);
		str(fsm, now);
		break;
	case PPP_FSM_OPENED:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSING);
		tld(fsm);
		irc(fsm, false);
		str(fsm, now);
		break;
	default:
		/* Initial, Closed, Closing: no change. */
		break;
	}
}

void
ppp_fsm_abort(struct ppp_fsm *fsm, const char *reason)
{
	fsm->pending_abort = reason;
}

static void
run_pending(struct ppp_fsm *fsm, uint64_t now)
{
	const char *r = fsm->pending_abort;

	if (r != NULL) {
		fsm->pending_abort = NULL;
		ppp_fsm_close(fsm, r, now);
	}
}

void
ppp_fsm_timeout(struct ppp_fsm *fsm, uint64_t now)
{
	fsm->timer_on = false;
	if (fsm->restart > 0) {
		/* TO+ */
		switch (fsm->state) {
		case PPP_FSM_CLOSING:
		case PPP_FSM_STOPPING:
			str(fsm, now);
			break;
		case PPP_FSM_REQSENT:
		case PPP_FSM_ACKRCVD:
			ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
			scr(fsm, true, now);
			break;
		case PPP_FSM_ACKSENT:
			scr(fsm, true, now);
			break;
		default:
			illegal(fsm);
		}
		return;
	}
	/* TO- (passive option 'p' not implemented) */
	switch (fsm->state) {
	case PPP_FSM_CLOSING:
		ppp_fsm_set_state(fsm, PPP_FSM_CLOSED);
		tlf(fsm);
		break;
	case PPP_FSM_STOPPING:
	case PPP_FSM_REQSENT:
	case PPP_FSM_ACKRCVD:
	case PPP_FSM_ACKSENT:
		ppp_fsm_set_state(fsm, PPP_FSM_STOPPED);
		tlf(fsm);
		break;
	default:
		illegal(fsm);
	}
}

void
ppp_fsm_timer(struct ppp_fsm *fsm, uint64_t now)
{
	if (fsm->timer_on && now >= fsm->deadline) {
		ppp_fsm_timeout(fsm, now);
		run_pending(fsm, now);
	}
}

uint64_t
ppp_fsm_next_timeout(const struct ppp_fsm *fsm)
{
	return fsm->timer_on ? fsm->deadline : UINT64_MAX;
}

/* --- received packets --- */

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

static void
rca(struct ppp_fsm *fsm, uint8_t id, const uint8_t *opts, size_t len,
	uint64_t now)
{
	switch (fsm->state) {
	case PPP_FSM_CLOSED:
	case PPP_FSM_STOPPED:
		sta(fsm, id);
		return;
	case PPP_FSM_CLOSING:
	case PPP_FSM_STOPPING:
		fsm->stats.rx_discarded++;
		return;
	default:
		break;
	}
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
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		tld(fsm);
		renegotiate(fsm);
		scr(fsm, false, now);
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
	switch (fsm->state) {
	case PPP_FSM_CLOSED:
	case PPP_FSM_STOPPED:
		sta(fsm, id);
		return;
	case PPP_FSM_CLOSING:
	case PPP_FSM_STOPPING:
		fsm->stats.rx_discarded++;
		return;
	default:
		break;
	}
	if (!reply_expected(fsm, id))
		return;
	if (fsm->state == PPP_FSM_OPENED) {
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		tld(fsm);
		renegotiate(fsm);
	}
	if (apply_nakrej(fsm, code, opts, len) < 0) {
		fsm->stats.rx_malformed++;
		return;
	}
	if (fsm->pending_abort != NULL)
		return;
	switch (fsm->state) {
	case PPP_FSM_REQSENT:
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
		ppp_fsm_set_state(fsm, PPP_FSM_REQSENT);
		tld(fsm);
		renegotiate(fsm);
		scr(fsm, false, now);
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
		ppp_fsm_rxj(fsm, data[0] >= PPP_CONF_REQ &&
		    data[0] <= PPP_CODE_REJ, now);
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
	run_pending(fsm, now);
	return rc;
}
