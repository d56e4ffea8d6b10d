/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TP sessions of a tunnel: allocation of dense local session IDs,
 * dispatch of call-level messages to the session FSM, limits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#include "ctl_l2tp.h"
#include "ctl_l2tp_priv.h"
#include "ctl_ppp.h"
#include "ctl_stats.h"
#include "l2tp_proto.h"
#include "lns_log.h"

static int
ctl_session_send(void *arg, struct l2tp_session *s, const uint8_t *msg,
		 size_t len)
{
	struct ctl_call *cs = arg;

	return l2tp_xport_send(&cs->ct->xport, msg, len, ctl_l2tp.now);
}

static void
ctl_session_state(void *arg, struct l2tp_session *s,
		  enum l2tp_session_state old, enum l2tp_session_state new)
{
	struct ctl_call *cs = arg;
	struct ctl_tunnel *ct = cs->ct;

	/* Entered in deadline order: every call's is now + call_setup_ms. */
	if (new == L2TP_SESSION_WAIT_CONNECT) {
		TAILQ_INSERT_TAIL(&ct->waiting, cs, wait_link);
		ct->nb_waiting++;
	} else if (old == L2TP_SESSION_WAIT_CONNECT) {
		TAILQ_REMOVE(&ct->waiting, cs, wait_link);
		ct->nb_waiting--;
	}
	ctl_l2tp_gauges.sessions[old]--;
	ctl_l2tp_gauges.sessions[new]++;
	/* We cleared it: a CDN went out (§6.11). */
	if (new == L2TP_SESSION_CLOSED && s->cdn_sent)
		CTL_COUNT(L2TP_CDN_TX);
	if (new == L2TP_SESSION_ESTABLISHED)
		ctl_l2tp_gauges.sessions_opened++;
	LNS_LOG(DEBUG, l2tp, "tunnel=%u session=%u peer_session=%u event=state old=%s new=%s result=%u error=%u calling=\"%s\"",
		s->tunnel->local_id, s->local_id, s->peer_id,
		l2tp_session_state_name(old), l2tp_session_state_name(new),
		s->result_code, s->error_code, s->calling_number);
}

/* Lowest free session ID at or after the hint; grows the table. */
static int
ctl_session_slot(struct ctl_tunnel *ct, uint16_t *sid)
{
	uint32_t i, id, max = ctl_l2tp.max_sessions_per_tunnel;

	if (ct->nb_sess >= max)
		return -ENOSPC;
	if (ct->nb_sess + 1 >= ct->sess_cap && ct->sess_cap <= max) {
		uint32_t cap = RTE_MIN(RTE_MAX(ct->sess_cap * 2, 64u), max + 1);
		struct ctl_call **v = realloc(ct->sess, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		memset(v + ct->sess_cap, 0, (cap - ct->sess_cap) * sizeof(*v));
		ct->sess = v;
		ct->sess_cap = cap;
	}
	for (i = 0; i < ct->sess_cap; i++) {
		id = (ct->sid_hint + i) % ct->sess_cap;
		if (id != 0 && ct->sess[id] == NULL) {
			*sid = (uint16_t)id;
			ct->sid_hint = id + 1;
			return 0;
		}
	}
	return -ENOSPC;
}

static void
ctl_session_free(struct ctl_call *cs)
{
	struct ctl_tunnel *ct = cs->ct;

	ctl_ppp_stop(cs);
	l2tp_session_fini(&cs->fsm);
	ctl_l2tp_gauges.sessions[cs->fsm.state]--;
	ctl_l2tp_gauges.sessions_total--;
	ct->sess[cs->fsm.local_id] = NULL;
	ct->nb_sess--;
	ctl_l2tp_lim_session_del(&ctl_l2tp.lim, ct->peer_ip);
	free(cs);
}

/* Refuse a new call with a CDN without keeping any state (§5.4.1). */
static void
ctl_session_refuse(struct ctl_tunnel *ct, const struct l2tp_msg *msg,
		   uint16_t result, const char *why)
{
	static const struct l2tp_session_ops ops = { .send = ctl_session_send };
	struct ctl_call tmp = { .ct = ct };

	if (l2tp_session_init(&tmp.fsm, &ct->fsm, 1, &ops, &tmp) != 0)
		return;
	tmp.fsm.local_id = 0;		/* no session was assigned */
	tmp.fsm.peer_id = msg->assigned_session_id;
	l2tp_session_close(&tmp.fsm, result, -1, why);
}

/* ICCN accepted: PPP starts (and may clear the call at once). */
static void
ctl_session_establish(struct ctl_call *cs, uint64_t now)
{
	if (cs->fsm.proxy_nomem) {
		static struct lns_ratelimit rl;
		uint32_t sup;

		/* Negotiated as if the LAC had sent no proxy AVP. */
		CTL_COUNT(L2TP_PROXY_NOMEM);
		if (lns_ratelimit(&rl, now, 1000, &sup))
			LNS_LOG(WARNING, l2tp, "tunnel=%u session=%u event=proxy-ignored reason=out-of-memory total=%" PRIu64 " suppressed=%u",
				cs->ct->fsm.local_id, cs->fsm.local_id,
				l2tp_session_proxy_nomem, sup);
	}
	ctl_ppp_start(cs, now);
}

void
ctl_l2tp_session_input(struct ctl_tunnel *ct, uint16_t sid,
		       const struct l2tp_msg *msg, int parse_rc, uint64_t now)
{
	static const struct l2tp_session_ops ops = {
		.send = ctl_session_send,
		.state_change = ctl_session_state,
	};
	enum ctl_l2tp_lim_verdict verdict;
	struct ctl_call *cs;
	int ret;

	if (sid == 0) {
		if (msg->msg_type != L2TP_MSG_ICRQ &&
		    msg->msg_type != L2TP_MSG_OCRQ) {
			CTL_L2TP_BAD(L2TP_UNKNOWN_SESSION,
				     "tunnel=%u session=0 event=dropped reason=not-a-call-request type=%u",
				     ct->fsm.local_id, msg->msg_type);
			return;
		}
		if (ctl_l2tp_gauges.sessions_total >= ctl_l2tp.max_sessions) {
			CTL_L2TP_BAD(L2TP_SESSION_LIMIT,
				     "tunnel=%u event=call-refused reason=max-sessions max=%u",
				     ct->fsm.local_id, ctl_l2tp.max_sessions);
			ctl_session_refuse(ct, msg, L2TP_CDN_RC_TEMP_NO_FACILITY,
					   "session limit of the LNS");
			return;
		}
		verdict = ctl_l2tp_lim_call_admit(&ctl_l2tp.lim, ct->peer_ip,
						  ct->nb_waiting);
		/* Then the rates: only a call that would be made spends. */
		if (verdict == CTL_L2TP_LIM_OK)
			verdict = ctl_l2tp_lim_icrq_rate(&ctl_l2tp.lim,
							 ct->peer_ip, now);
		if (verdict != CTL_L2TP_LIM_OK) {
			ctl_l2tp_lim_refused(verdict, ct->peer_ip,
					     ct->fsm.local_id);
			ctl_session_refuse(ct, msg, L2TP_CDN_RC_TEMP_NO_FACILITY,
					   ctl_l2tp_lim_text(verdict));
			return;
		}
		ret = ctl_session_slot(ct, &sid);
		cs = ret == 0 ? calloc(1, sizeof(*cs)) : NULL;
		if (cs == NULL) {
			CTL_L2TP_BAD(L2TP_SESSION_LIMIT,
				     "tunnel=%u event=call-refused reason=max-sessions-per-tunnel max=%u",
				     ct->fsm.local_id,
				     ctl_l2tp.max_sessions_per_tunnel);
			ctl_session_refuse(ct, msg, L2TP_CDN_RC_TEMP_NO_FACILITY,
					   "session limit of the tunnel");
			return;
		}
		cs->ct = ct;
		l2tp_session_init(&cs->fsm, &ct->fsm, sid, &ops, cs);
		ct->sess[sid] = cs;
		ct->nb_sess++;
		ctl_l2tp_lim_session_add(&ctl_l2tp.lim, ct->peer_ip);
		ctl_l2tp_gauges.sessions_total++;
		ctl_l2tp_gauges.sessions[L2TP_SESSION_IDLE]++;
	} else {
		cs = sid < ct->sess_cap ? ct->sess[sid] : NULL;
		if (cs == NULL) {
			CTL_L2TP_BAD(L2TP_UNKNOWN_SESSION,
				     "tunnel=%u session=%u event=dropped reason=unknown-session type=%u",
				     ct->fsm.local_id, sid, msg->msg_type);
			return;
		}
	}
	l2tp_session_input(&cs->fsm, msg, parse_rc, now);
	if (cs->fsm.state == L2TP_SESSION_CLOSED) {
		if (msg->msg_type == L2TP_MSG_CDN && !cs->fsm.cdn_sent)
			CTL_COUNT(L2TP_CDN_RX);
		ctl_session_free(cs);
	} else if (cs->fsm.state == L2TP_SESSION_ESTABLISHED && cs->ppp == NULL)
		ctl_session_establish(cs, now);
}

uint64_t
ctl_l2tp_calls_next_deadline(const struct ctl_tunnel *ct)
{
	const struct ctl_call *cs = TAILQ_FIRST(&ct->waiting);

	return cs != NULL ? l2tp_session_next_deadline(&cs->fsm) :
		L2TP_SESSION_NO_DEADLINE;
}

void
ctl_l2tp_calls_timer(struct ctl_tunnel *ct, uint64_t now)
{
	struct ctl_call *cs;

	while ((cs = TAILQ_FIRST(&ct->waiting)) != NULL &&
	       l2tp_session_timer(&cs->fsm, now) == 1) {
		CTL_L2TP_BAD(L2TP_CALL_SETUP_TIMEOUT,
			     "tunnel=%u session=%u peer_session=%u event=call-setup-timeout",
			     ct->fsm.local_id, cs->fsm.local_id,
			     cs->fsm.peer_id);
		ctl_session_free(cs);
	}
}

void
ctl_l2tp_call_close(struct ctl_call *cs, uint16_t result, int error,
		       const char *text)
{
	l2tp_session_close(&cs->fsm, result, error, text);
	ctl_session_free(cs);
}

void
ctl_l2tp_sessions_drop(struct ctl_tunnel *ct)
{
	uint32_t i;

	for (i = 1; i < ct->sess_cap && ct->nb_sess > 0; i++) {
		struct ctl_call *cs = ct->sess[i];

		if (cs == NULL)
			continue;
		l2tp_session_drop(&cs->fsm);
		ctl_session_free(cs);
	}
}

void
ctl_l2tp_sessions_free(struct ctl_tunnel *ct)
{
	ctl_l2tp_sessions_drop(ct);
	free(ct->sess);
	ct->sess = NULL;
	ct->sess_cap = 0;
}
