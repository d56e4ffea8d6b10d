/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The table of tunnels: IDs 1..T are indexes + 1, so a received header
 * Tunnel ID finds its tunnel without a lookup. Allocation, pacing of
 * tunnel setup, timers, RX dispatch and statistics over all tunnels.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "lacgen.h"

void
lacgen_rx_l2tp(void *arg, uint32_t src_ip, uint16_t sport,
    const uint8_t *payload, size_t len, uint64_t now)
{
	struct lacgen *lg = arg;
	struct lacgen_tunnel *t;
	struct l2tp_hdr h;

	if (l2tp_hdr_decode(&h, payload, len) < 0) {
		lg->st.rx_bad_header++;
		return;
	}
	if (!l2tp_hdr_is_ctrl(&h)) {
		lg->st.rx_data++;
		if (lg->conf.ppp)
			lacgen_ppp_rx(lg, &h, payload, now);
		return;
	}
	lg->st.rx_ctrl++;
	if (h.tunnel_id == 0 || h.tunnel_id > lg->conf.tunnels) {
		lg->st.rx_unknown_tunnel++;
		return;
	}
	t = &lg->tun[h.tunnel_id - 1];
	if (!t->xp_ready || t->state == LACGEN_TUNNEL_IDLE) {
		lg->st.rx_unknown_tunnel++;
		return;
	}
	lacgen_tunnel_input(t, &h, payload, sport, now);
}

/* RX chaos output: the frame as if it had just arrived. */
static void
tunnel_rx_out(void *ctx, const uint8_t *buf, size_t len, uint32_t aux,
    uint64_t now)
{
	struct lacgen *lg = ctx;

	lacgen_rx_l2tp(lg, lg->conf.lns_ip, (uint16_t)aux, buf, len, now);
}

/* Port callback: through the RX chaos when --rx-chaos asks for it. */
void
lacgen_rx_udp(void *arg, uint32_t src_ip, uint16_t sport,
    const uint8_t *payload, size_t len, uint64_t now)
{
	struct lacgen *lg = arg;

	/* Chaos is for control frames (T bit); PPP resends its own. */
	if (lg->conf.rx_chaos && len > 0 && (payload[0] & 0x80))
		lacgen_chaos_pass(&lg->chaos_rx, lg, payload, len, sport, now);
	else
		lacgen_rx_l2tp(lg, src_ip, sport, payload, len, now);
}

int
lacgen_tunnels_init(struct lacgen *lg, uint64_t now)
{
	const struct lacgen_conf *c = &lg->conf;
	struct lacgen_session *sess;
	struct lacgen_ppp *ppp = NULL;
	struct ppp_ipv6cp *v6 = NULL;
	size_t total = (size_t)c->tunnels * c->sessions;
	uint32_t i, j;

	l2tp_xport_conf_default(&lg->xconf);
	if (c->rto_ms != 0)
		lg->xconf.rto_initial_ms = c->rto_ms;
	/* Room for a whole window of ICRQs or CDNs plus the odd HELLO ack. */
	if (lg->xconf.max_queue < 2 * c->window + 16)
		lg->xconf.max_queue = 2 * c->window + 16;
	/* Our Receive Window: the LNS may have many ICRPs in flight. */
	lg->xconf.rwin = c->window > L2TP_XPORT_RWIN_MAX ?
	    L2TP_XPORT_RWIN_MAX : (uint16_t)(c->window < L2TP_XPORT_RWIN ?
	    L2TP_XPORT_RWIN : c->window);
	lacgen_chaos_init(&lg->chaos_tx, c->loss, c->dup, c->reorder, &lg->rng,
	    lacgen_tunnel_wire_out);
	lacgen_chaos_init(&lg->chaos_rx, c->loss, c->dup, c->reorder, &lg->rng,
	    tunnel_rx_out);

	lg->tun = calloc(c->tunnels, sizeof(*lg->tun));
	sess = calloc(total, sizeof(*sess));
	if (c->ppp)
		ppp = calloc(total, sizeof(*ppp));
	/* --ipv6 only: IPv6CP's automaton is not in every session's PPP. */
	if (c->ppp && c->ipv6)
		v6 = calloc(total, sizeof(*v6));
	if (lg->tun == NULL || sess == NULL || (c->ppp && ppp == NULL) ||
	    (c->ppp && c->ipv6 && v6 == NULL)) {
		free(lg->tun);
		free(sess);
		free(ppp);
		free(v6);
		lg->tun = NULL;
		return -ENOMEM;
	}
	lg->st.ppp_in_phase[LACGEN_PPP_IDLE] = c->ppp ? total : 0;
	for (i = 0; i < c->tunnels; i++) {
		struct lacgen_tunnel *t = &lg->tun[i];

		t->lg = lg;
		t->local_id = (uint16_t)(i + 1);
		t->peer_udp_port = LNS_L2TP_PORT;
		t->sess = &sess[(size_t)i * c->sessions];
		for (j = 0; j < c->sessions; j++) {
			struct lacgen_session *s = &t->sess[j];

			s->local_id = (uint16_t)(j + 1);
			if (ppp == NULL)
				continue;
			s->ppp = &ppp[(size_t)i * c->sessions + j];
			s->ppp->t = t;
			s->ppp->s = s;
			if (v6 != NULL)
				s->ppp->v6 = &v6[(size_t)i * c->sessions + j];
		}
	}
	return 0;
}

void
lacgen_tunnels_fini(struct lacgen *lg)
{
	uint32_t i;

	if (lg->tun == NULL)
		return;
	for (i = 0; i < lg->conf.tunnels; i++)
		l2tp_xport_fini(&lg->tun[i].xp);
	if (lg->tun[0].sess[0].ppp != NULL)
		free(lg->tun[0].sess[0].ppp->v6);
	free(lg->tun[0].sess[0].ppp);
	free(lg->tun[0].sess);
	free(lg->tun);
	lg->tun = NULL;
}

void
lacgen_tunnels_start(struct lacgen *lg, uint64_t now)
{
	uint64_t setting_up;

	while (lg->next_tunnel < lg->conf.tunnels) {
		setting_up = lg->st.tunnels_started - lg->st.tunnels_resolved;
		if (setting_up >= lg->conf.window)
			break;
		lacgen_tunnel_start(&lg->tun[lg->next_tunnel++], now);
	}
}

void
lacgen_tunnels_timer(struct lacgen *lg, uint64_t now)
{
	uint32_t i;

	lacgen_chaos_flush(&lg->chaos_tx, now);
	lacgen_chaos_flush(&lg->chaos_rx, now);
	for (i = 0; i < lg->next_tunnel; i++)
		lacgen_tunnel_timer(&lg->tun[i], now);
	if (!lg->conf.ppp || now < lg->ppp_tick)
		return;
	lg->ppp_tick = now + LACGEN_PPP_TICK_MS;
	for (i = 0; i < lg->next_tunnel; i++)
		lacgen_ppp_timer(&lg->tun[i], now);
}

void
lacgen_tunnels_teardown(struct lacgen *lg, uint64_t now)
{
	uint32_t i;

	for (i = 0; i < lg->conf.tunnels; i++)
		lacgen_tunnel_teardown(&lg->tun[i], now);
}

bool
lacgen_tunnels_quiet(const struct lacgen *lg)
{
	uint32_t i;

	for (i = 0; i < lg->next_tunnel; i++) {
		const struct lacgen_tunnel *t = &lg->tun[i];

		if (t->xp_ready && !t->xp.dead &&
		    t->state != LACGEN_TUNNEL_CLOSED &&
		    !l2tp_xport_all_acked(&t->xp))
			return false;
	}
	return true;
}

void
lacgen_tunnels_ack_now(struct lacgen *lg)
{
	uint32_t i;

	for (i = 0; i < lg->next_tunnel; i++) {
		struct lacgen_tunnel *t = &lg->tun[i];

		if (t->xp_ready && !t->xp.dead && t->xp.ack_pending)
			l2tp_xport_ack_now(&t->xp);
	}
}

void
lacgen_tunnels_xport_stats(const struct lacgen *lg,
    struct l2tp_xport_stats *sum)
{
	const struct l2tp_xport_stats *s;
	uint32_t i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < lg->next_tunnel; i++) {
		s = &lg->tun[i].xp.stats;
		sum->sent += s->sent;
		sum->retransmitted += s->retransmitted;
		sum->received += s->received;
		sum->delivered += s->delivered;
		sum->duplicates += s->duplicates;
		sum->out_of_order += s->out_of_order;
		sum->out_of_window += s->out_of_window;
		sum->zlb_sent += s->zlb_sent;
		sum->zlb_received += s->zlb_received;
		sum->bad_nr += s->bad_nr;
		sum->send_errors += s->send_errors;
		sum->no_memory += s->no_memory;
	}
}
