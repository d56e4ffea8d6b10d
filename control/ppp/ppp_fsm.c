/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic PPP option negotiation automaton, RFC 1661 §4: the actions
 * (§4.4), the administrative and lower layer events (Up, Down, Open,
 * Close) and the Restart timer (TO+, TO-). The receive events are in
 * ppp_fsm_rx.c. Each event is one function with a switch on the state
 * whose cases are the cells of the §4.1 table ("actions/new-state"). The
 * new state is entered first, then the actions run, so that a callback
 * reacting to a layer event sees the automaton in its final state (the
 * one exception: RCR in Opened runs tld before the check of the request
 * decides between Ack-Sent and Req-Sent).
 */

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ppp_fsm.h"
#include "ppp_fsm_priv.h"

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
	if (old != s && fsm->owner != NULL && fsm->owner->state_cb != NULL)
		fsm->owner->state_cb(fsm->arg, fsm, old, s);
}

int
ppp_fsm_random(struct ppp_fsm *fsm, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	if (fsm->owner != NULL && fsm->owner->random != NULL)
		return fsm->owner->random(fsm->arg, buf, len);
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
	size_t max;
	int n;

	/* Never send more than the peer can receive (§6.1). */
	max = fsm->peer_mru < sizeof(buf) ? fsm->peer_mru : sizeof(buf);
	if (PPP_HDR_LEN + len > max)
		len = max > PPP_HDR_LEN ? max - PPP_HDR_LEN : 0;
	n = ppp_pkt_build(buf, sizeof(buf), code, id, data, len);
	if (n < 0)
		return n;
	fsm->stats.tx_pkts++;
	if (fsm->owner != NULL && fsm->owner->send != NULL)
		fsm->owner->send(fsm->arg, fsm->proto, buf, n);
	return 0;
}

void
ppp_fsm_layer(struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
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
	ppp_fsm_owner_layer(fsm, ev);
}

void
ppp_fsm_owner_layer(struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	if (fsm->owner != NULL && fsm->owner->layer_cb != NULL)
		fsm->owner->layer_cb(fsm->arg, fsm, ev);
}

static void
timer_start(struct ppp_fsm *fsm, uint64_t now)
{
	fsm->timer_on = true;
	fsm->deadline = now + fsm->conf.restart_ms;
}

/* irc for Configure-Request (configure) or Terminate-Request. */
void
ppp_fsm_irc(struct ppp_fsm *fsm, bool configure)
{
	fsm->restart = configure ? fsm->conf.max_configure :
	    fsm->conf.max_terminate;
}

/* zrc: zero the counter and run the timer once (§4.4). */
void
ppp_fsm_zrc(struct ppp_fsm *fsm, uint64_t now)
{
	fsm->restart = 0;
	timer_start(fsm, now);
}

/* A new negotiation starts: forget what the previous one agreed. */
void
ppp_fsm_renegotiate(struct ppp_fsm *fsm)
{
	fsm->failures = 0;
	if (fsm->ops->reset != NULL)
		fsm->ops->reset(fsm);
}

/* scr; retransmit resends the outstanding request unchanged (§5.1). */
void
ppp_fsm_scr(struct ppp_fsm *fsm, bool retransmit, uint64_t now)
{
	int n;

	if (!retransmit) {
		n = fsm->ops->build_req(fsm, fsm->req, sizeof(fsm->req));
		fsm->reqlen = n > 0 ? (uint8_t)n : 0;	/* n <= sizeof(req) */
		fsm->reqid = ppp_fsm_next_id(fsm);
	}
	ppp_fsm_send(fsm, PPP_CONF_REQ, fsm->reqid, fsm->req, fsm->reqlen);
	fsm->restart--;
	timer_start(fsm, now);
}

void
ppp_fsm_str(struct ppp_fsm *fsm, uint64_t now)
{
	const char *r = fsm->close_reason;

	ppp_fsm_send(fsm, PPP_TERM_REQ, ppp_fsm_next_id(fsm), r,
	    r != NULL ? strnlen(r, 64) : 0);
	fsm->restart--;
	timer_start(fsm, now);
}

void
ppp_fsm_sta(struct ppp_fsm *fsm, uint8_t id)
{
	ppp_fsm_send(fsm, PPP_TERM_ACK, id, NULL, 0);
}

void
ppp_fsm_scj(struct ppp_fsm *fsm, const uint8_t *pkt, size_t len)
{
	ppp_fsm_send(fsm, PPP_CODE_REJ, ppp_fsm_next_id(fsm), pkt, len);
}

void
ppp_fsm_illegal(struct ppp_fsm *fsm)
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

void
ppp_fsm_run_pending(struct ppp_fsm *fsm, uint64_t now)
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
		ppp_fsm_run_pending(fsm, now);
	}
}

uint64_t
ppp_fsm_next_timeout(const struct ppp_fsm *fsm)
{
	return fsm->timer_on ? fsm->deadline : UINT64_MAX;
}
