/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A subscriber's accounting session and the limits of its authorisation:
 * Start when it is first up, Interim-Updates, Stop with the
 * Acct-Terminate-Cause of the way it ended, Session-Timeout and
 * Idle-Timeout. The records go to the AAA layer (aaa.h), which owns
 * their delivery; the counters are the dataplane's (dp_api.h), summed
 * over workers and over the session's dataplane presences (IPCP may
 * renegotiate without ending the accounting session).
 *
 * Time limits and interims are checked when the PPP timers visit the
 * session (ctl_ppp_timer: every tick while negotiating, every second
 * once quiet), so they are exact to about a second. Idle means no
 * packet from the subscriber (upstream): traffic towards it, such as
 * scans from the Internet, does not keep a session alive.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "ctl_aaa.h"
#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "l2tp_proto.h"
#include "lns_log.h"

void
ctl_ppp_acct_call(const struct ctl_ppp *pp, struct aaa_call *call)
{
	struct ctl_l2tp_call_info info;

	memset(call, 0, sizeof(*call));
	ctl_l2tp_call_info(pp->cs, &info);
	ctl_aaa_session_id_str(pp->acct.session_id, call->session_id);
	/* NAS-Port: our tunnel and session IDs, unique while the call lives. */
	call->nas_port = (uint32_t)pp->tid << 16 | pp->sid;
	call->tunnel_id = pp->tid;
	call->session_id_l2tp = pp->sid;
	call->lac_addr = info.lac_ip;
	call->lns_addr = info.lns_ip;
	call->connect_speed = info.tx_connect_speed;
	snprintf(call->calling, sizeof(call->calling), "%s", info.calling);
	snprintf(call->called, sizeof(call->called), "%s", info.called);
	snprintf(call->lac_name, sizeof(call->lac_name), "%s", info.lac_name);
}

void
ctl_ppp_acct_reset(struct ctl_ppp *pp)
{
	free(pp->acct.attrs);
	memset(&pp->acct, 0, sizeof(pp->acct));
}

/* Whether the session must keep the accept's attributes after set-up. */
static bool
ctl_ppp_acct_keep(const struct aaa_attrs *at)
{
	return at->class_len > 0 || at->ipv6_prefix_len > 0 ||
	       at->delegated_prefix_len > 0 || at->has_interface_id ||
	       at->nb_dns6 > 0 || at->pool6[0] != '\0' ||
	       at->has_ipv6_address || at->nb_routes6 > 0 ||
	       at->pd_pool[0] != '\0' || at->filter_id[0] != '\0' ||
	       at->rate_limit[0] != '\0' || at->nb_routes > 0;
}

int
ctl_ppp_acct_authorise(struct ctl_ppp *pp, const struct aaa_result *res)
{
	struct ctl_ppp_acct *ac = &pp->acct;

	free(ac->attrs);
	ac->attrs = malloc(sizeof(*ac->attrs));
	if (ac->attrs == NULL)
		return -ENOMEM;
	*ac->attrs = res->attrs;
	ac->session_timeout = res->attrs.session_timeout;
	ac->idle_timeout = res->attrs.idle_timeout;
	ac->interim = res->attrs.interim_interval != 0 ?
		      res->attrs.interim_interval : ctl_ppp_ctx.interim_default;
	ac->radius = strcmp(res->backend, "radius") == 0;
	return 0;
}

void
ctl_ppp_acct_counters(const struct ctl_ppp *pp, struct dp_session_counters *c)
{
	struct dp_session_counters now;

	*c = pp->acct.sum;	/* c may be &pp->acct.sum */
	if (!pp->pushed)
		return;
	dp_session_counters(pp->session_index, &now);
	c->up_pkts += now.up_pkts - pp->ctr_base.up_pkts;
	c->up_bytes += now.up_bytes - pp->ctr_base.up_bytes;
	c->down_pkts += now.down_pkts - pp->ctr_base.down_pkts;
	c->down_bytes += now.down_bytes - pp->ctr_base.down_bytes;
}

/* Interims are spread over the last tenth of the interval (no bursts). */
static uint64_t
ctl_ppp_acct_next_interim(const struct ctl_ppp *pp, uint64_t now)
{
	uint64_t ms = (uint64_t)pp->acct.interim * 1000, jitter = 0;
	uint32_t r = 0;

	if (ms == 0)
		return 0;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == sizeof(r))
		jitter = r % (ms / 10 + 1);
	return now + ms - jitter;
}

static void
ctl_ppp_acct_send(struct ctl_ppp *pp, enum aaa_acct_type type,
		  enum aaa_term_cause cause, uint64_t now)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	struct dp_session_counters c;
	struct aaa_call call;
	struct aaa_acct_rec rec = {
		.type = type,
		.cause = cause,
		.user = pp->user,
		.call = &call,
		.framed_ip = pp->addr,
		.event_time = ctl_aaa_wall_s(),
		.radius_authentic = pp->acct.radius,
	};

	ctl_ppp_acct_call(pp, &call);
	if (type != AAA_ACCT_START) {
		ctl_ppp_acct_counters(pp, &c);
		rec.session_time = (uint32_t)((now - pp->acct.start_ms) / 1000);
		rec.in_octets = c.up_bytes;
		rec.in_packets = c.up_pkts;
		rec.out_octets = c.down_bytes;
		rec.out_packets = c.down_pkts;
	}
	if (at != NULL) {
		rec.class = at->class;
		rec.class_len = at->class_len;
	}
	ctl_ppp_ip6_acct(pp, &rec);
	ctl_aaa_acct(&rec, now);
}

void
ctl_ppp_acct_up(struct ctl_ppp *pp, uint64_t now)
{
	struct ctl_ppp_acct *ac = &pp->acct;

	if (ac->started)
		return;		/* IPCP came back: the same session */
	ac->started = true;
	ac->start_ms = now;
	ac->start_wall = ctl_aaa_wall_s();
	ac->last_active_ms = now;
	ac->next_idle_check_ms = now + 1000;
	ac->next_interim_ms = ctl_ppp_acct_next_interim(pp, now);
	ctl_ppp_acct_send(pp, AAA_ACCT_START, 0, now);
	/* Nothing left in the attributes that the session needs: give back. */
	if (ac->attrs != NULL && !ctl_ppp_acct_keep(ac->attrs)) {
		free(ac->attrs);
		ac->attrs = NULL;
	}
}

void
ctl_ppp_acct_end(struct ctl_ppp *pp, enum aaa_term_cause cause)
{
	if (!pp->acct.started)
		return;
	if (pp->acct.cause != 0)
		cause = pp->acct.cause;
	ctl_ppp_acct_send(pp, AAA_ACCT_STOP, cause, ctl_now_ms());
	pp->acct.started = false;
}

void
ctl_ppp_acct_timer(struct ctl_ppp *pp, uint64_t now)
{
	struct ctl_ppp_acct *ac = &pp->acct;
	struct dp_session_counters c;

	if (!ac->started || pp->close_pending)
		return;
	if (ac->session_timeout != 0 &&
	    now - ac->start_ms >= (uint64_t)ac->session_timeout * 1000) {
		ctl_ppp_close_cause(pp, AAA_TERM_SESSION_TIMEOUT,
				    L2TP_CDN_RC_ADMIN, "session timeout");
		return;
	}
	if (ac->idle_timeout != 0 && now >= ac->next_idle_check_ms) {
		ac->next_idle_check_ms = now + 1000;
		ctl_ppp_acct_counters(pp, &c);
		if (c.up_pkts != ac->last_up_pkts) {
			ac->last_up_pkts = c.up_pkts;
			ac->last_active_ms = now;
		} else if (now - ac->last_active_ms >=
			   (uint64_t)ac->idle_timeout * 1000) {
			ctl_ppp_close_cause(pp, AAA_TERM_IDLE_TIMEOUT,
					    L2TP_CDN_RC_ADMIN, "idle timeout");
			return;
		}
	}
	if (ac->next_interim_ms != 0 && now >= ac->next_interim_ms) {
		ctl_ppp_acct_send(pp, AAA_ACCT_INTERIM, 0, now);
		ac->next_interim_ms = ctl_ppp_acct_next_interim(pp, now);
	}
}
