/* SPDX-License-Identifier: BSD-3-Clause
 *
 * radius.dae: Disconnect-Request and CoA-Request (RFC 5176) acted on
 * through ctl_ppp_admin_* (see ctl_aaa_dae.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "ctl_aaa.h"
#include "ctl_aaa_dae.h"
#include "ctl_ppp.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "lns_ratelimit.h"
#include "rad_dae.h"

/*
 * Refusals are logged at most once a second, NAKs (to authentic
 * clients) and drops (anyone) apart: forged datagrams cannot hide NAKs.
 */
#define CTL_DAE_LOG_MS	1000
/* RFC 2869 §5.16: an interim interval SHOULD NOT be < 60 s (as rad_aaa.c
 * applies to an Access-Accept's). */
#define CTL_DAE_INTERIM_MIN	60

/*
 * The counters as the telemetry thread reads them: a copy the control
 * lcore refreshes after a poll that read something (plain 64-bit
 * stores), so the thread never reads the server while it is freed.
 */
struct ctl_dae_snapshot {
	struct rad_dae_counters total;
	struct rad_dae_counters client[RAD_DAE_MAX_CLIENTS];
	uint32_t client_addr[RAD_DAE_MAX_CLIENTS];	/* network order */
	unsigned int nb_clients;
	uint32_t addr;
	uint16_t port;
	bool running;
};

static struct {
	struct rad_dae *dae;
	uint64_t now_ms;		/* of the poll under way */
	uint64_t last_poll_ms;
	int sessions;			/* the handler's last count, for the log */
	struct lns_ratelimit rl_nak;
	struct lns_ratelimit rl_drop;
	struct ctl_dae_snapshot snap;
	bool tel_registered;
} ctl_dae;

/* ---- acting -------------------------------------------------------------- */

/* Each session a CoA changed, for the operator (the ACK says how many). */
static void
ctl_dae_coa_session(void *arg, const struct ctl_ppp_view *v)
{
	char ip[LNS_IPV4_STRLEN];

	RTE_SET_USED(arg);
	if (v->phase != CTL_PPP_NETWORK && v->phase != CTL_PPP_UP)
		return;		/* not changed: no authorisation yet */
	LNS_LOG(INFO, aaa, "tunnel=%u session=%u event=dae-coa user=\"%s\" ip=%s acct_session_id=%s",
		v->tid, v->sid, v->user, lns_ipv4_str(htonl(v->addr), ip),
		v->session_id);
}

static void
ctl_dae_coa(const struct rad_dae_req *r, const struct ctl_ppp_sel *sel)
{
	struct ctl_ppp_coa c = {
		.session_timeout = r->session_timeout,
		.idle_timeout = r->idle_timeout,
		.interim = r->interim == 0 ? 0 :
			   RTE_MAX(r->interim, (uint32_t)CTL_DAE_INTERIM_MIN),
		.filter_id = r->filter_id,
		.rate_limit = r->rate_limit,
	};

	/* RAD_DAE_SET_* and CTL_PPP_COA_* are different namespaces. */
	if (r->change & RAD_DAE_SET_SESSION_TIMEOUT)
		c.set |= CTL_PPP_COA_SESSION_TIMEOUT;
	if (r->change & RAD_DAE_SET_IDLE_TIMEOUT)
		c.set |= CTL_PPP_COA_IDLE_TIMEOUT;
	if (r->change & RAD_DAE_SET_INTERIM)
		c.set |= CTL_PPP_COA_INTERIM;
	if (r->change & RAD_DAE_SET_FILTER_ID)
		c.set |= CTL_PPP_COA_FILTER_ID;
	if (r->change & RAD_DAE_SET_RATE_LIMIT)
		c.set |= CTL_PPP_COA_RATE_LIMIT;
	ctl_dae.sessions = ctl_ppp_admin_coa(sel, &c, ctl_dae.now_ms);
	if (ctl_dae.sessions > 0)
		ctl_ppp_admin_find(sel, ctl_dae_coa_session, NULL);
}

static uint32_t
ctl_dae_handler(void *arg, const struct rad_dae_req *r)
{
	struct ctl_ppp_sel sel = {
		.session_id = r->ident & RAD_DAE_ID_SESSION ? r->session_id :
			      NULL,
		.user = r->ident & RAD_DAE_ID_USER ? r->user : NULL,
		.addr = r->framed_ip,
		.by_addr = (r->ident & RAD_DAE_ID_FRAMED_IP) != 0,
	};

	RTE_SET_USED(arg);
	if (r->code == RAD_DISCONNECT_REQUEST)
		ctl_dae.sessions = ctl_ppp_admin_disconnect(&sel,
							     ctl_dae.now_ms);
	else
		ctl_dae_coa(r, &sel);
	switch (ctl_dae.sessions) {
	case 0:
		return RAD_EC_SESSION_CONTEXT_NOT_FOUND;
	case -E2BIG:
		return RAD_EC_INVALID_ATTRIBUTE_VALUE;	/* Filter-Id too long */
	case -ERANGE:
		/* A bad rate string or a Filter-Id naming no profile. */
		return RAD_EC_INVALID_ATTRIBUTE_VALUE;
	case -EINVAL:
		return RAD_EC_MISSING_ATTRIBUTE;	/* no identification */
	case -ENOMEM:
		return RAD_EC_RESOURCES_UNAVAILABLE;
	default:
		return ctl_dae.sessions > 0 ? 0 : RAD_EC_RESOURCES_UNAVAILABLE;
	}
}

/* ---- logging ------------------------------------------------------------- */

/* The request's identification and changes as key=value pairs. */
static void
ctl_dae_req_str(const struct rad_dae_req *r, char *buf, size_t len)
{
	char ip[LNS_IPV4_STRLEN];
	int n = 0;

#define CTL_DAE_PUT(...)						\
	do {								\
		if (n >= 0 && (size_t)n < len)				\
			n += snprintf(buf + n, len - (size_t)n, __VA_ARGS__); \
	} while (0)
	buf[0] = '\0';
	if (r->ident & RAD_DAE_ID_USER)
		CTL_DAE_PUT(" user=\"%s\"", r->user);
	if (r->ident & RAD_DAE_ID_SESSION)
		CTL_DAE_PUT(" acct_session_id=\"%s\"", r->session_id);
	if (r->ident & RAD_DAE_ID_FRAMED_IP)
		CTL_DAE_PUT(" ip=%s", lns_ipv4_str(htonl(r->framed_ip), ip));
	if (r->change & RAD_DAE_SET_SESSION_TIMEOUT)
		CTL_DAE_PUT(" session_timeout=%" PRIu32, r->session_timeout);
	if (r->change & RAD_DAE_SET_IDLE_TIMEOUT)
		CTL_DAE_PUT(" idle_timeout=%" PRIu32, r->idle_timeout);
	if (r->change & RAD_DAE_SET_INTERIM)
		CTL_DAE_PUT(" interim=%" PRIu32, r->interim);
	if (r->change & RAD_DAE_SET_FILTER_ID)
		CTL_DAE_PUT(" filter_id=\"%s\"", r->filter_id);
	if (r->change & RAD_DAE_SET_RATE_LIMIT)
		CTL_DAE_PUT(" rate_limit=\"%s\"", r->rate_limit);
#undef CTL_DAE_PUT
}

static void
ctl_dae_event(void *arg, const struct rad_dae_event *ev)
{
	char src[LNS_IPV4_STRLEN], what[4 * (RAD_DAE_STR_MAX + 24)];
	const char *code = ev->code != 0 ? rad_code_name(ev->code) : NULL;
	uint32_t sup;

	RTE_SET_USED(arg);
	lns_ipv4_str(ev->addr, src);
	what[0] = '\0';
	if (ev->req != NULL)
		ctl_dae_req_str(ev->req, what, sizeof(what));
	if (code == NULL)
		code = "none";
	if (ev->what == RAD_DAE_ACK) {
		/* Accepted requests are few and all worth a line. */
		LNS_LOG(NOTICE, aaa, "client=%s event=dae-ack code=%s id=%u sessions=%d%s",
			src, code, ev->id, ctl_dae.sessions, what);
		return;
	}
	if (!lns_ratelimit(ev->error_cause != 0 ? &ctl_dae.rl_nak :
			   &ctl_dae.rl_drop, ctl_dae.now_ms, CTL_DAE_LOG_MS,
			   &sup))
		return;
	if (ev->error_cause != 0)
		LNS_LOG(NOTICE, aaa, "client=%s event=dae-%s code=%s id=%u error_cause=%" PRIu32 " reason=%s%s suppressed=%u",
			src, ev->what == RAD_DAE_DUPLICATE ? "duplicate" :
			"nak", code, ev->id, ev->error_cause,
			rad_dae_ctr_name(ev->what), what, sup);
	else
		LNS_LOG(NOTICE, aaa, "client=%s port=%u event=dae-%s code=%s id=%u reason=%s suppressed=%u",
			src, ev->port, ev->what == RAD_DAE_DUPLICATE ?
			"duplicate" : "dropped", code, ev->id,
			rad_dae_ctr_name(ev->what), sup);
}

/* ---- telemetry ----------------------------------------------------------- */

static void
ctl_dae_tel_counters(struct rte_tel_data *d, const struct rad_dae_counters *c,
		     bool all)
{
	unsigned int i;

	for (i = 0; i < RAD_DAE_CTR_MAX; i++)
		if (all || c->n[i] != 0)
			rte_tel_data_add_dict_u64(d, rad_dae_ctr_name(i),
						  c->n[i]);
}

/*
 * /lnsd/dae: the totals, then per client ("c0", "c1"...) its address and
 * its non-zero counters (the reply must fit in 16 KiB).
 */
static int
ctl_dae_tel(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct ctl_dae_snapshot *s = &ctl_dae.snap;
	char buf[LNS_IPV4_STRLEN], key[16];
	struct rte_tel_data *c;
	unsigned int i;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_int(d, "running", s->running);
	rte_tel_data_add_dict_string(d, "address", lns_ipv4_str(s->addr, buf));
	rte_tel_data_add_dict_int(d, "port", s->port);
	ctl_dae_tel_counters(d, &s->total, true);
	for (i = 0; i < s->nb_clients; i++) {
		c = rte_tel_data_alloc();
		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_string(c, "address",
			lns_ipv4_str(s->client_addr[i], buf));
		ctl_dae_tel_counters(c, &s->client[i], false);
		snprintf(key, sizeof(key), "c%u", i);
		if (rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

static void
ctl_dae_copy(struct rad_dae_counters *dst, const struct rad_dae_counters *src)
{
	unsigned int i;

	for (i = 0; i < RAD_DAE_CTR_MAX; i++)
		dst->n[i] = src->n[i];
}

static void
ctl_dae_snapshot(void)
{
	unsigned int i;

	ctl_dae_copy(&ctl_dae.snap.total, rad_dae_totals(ctl_dae.dae));
	for (i = 0; i < ctl_dae.snap.nb_clients; i++)
		ctl_dae_copy(&ctl_dae.snap.client[i],
			     rad_dae_client_counters(ctl_dae.dae, i));
}

/* ---- start, poll, stop ------------------------------------------------- */

/*
 * Our identity for NAS-IP-Address: radius.nas_ip_address, every port's
 * address and the DAE address (a server may name any of them).
 */
static void
ctl_dae_nas_ips(const struct cfg *cfg, struct rad_dae_conf *dc)
{
	uint32_t cand[CFG_MAX_PORTS + 2];
	unsigned int i, j, n = 0;

	cand[n++] = cfg->radius.nas_ip_address;
	cand[n++] = cfg->radius.dae.address;
	for (i = 0; i < cfg->nb_ports; i++)
		cand[n++] = cfg->ports[i].address.addr;
	for (i = 0; i < n && dc->nb_nas_ips < RAD_DAE_MAX_NAS_IPS; i++) {
		if (cand[i] == 0)
			continue;
		for (j = 0; j < dc->nb_nas_ips; j++)
			if (dc->nas_ips[j] == cand[i])
				break;
		if (j == dc->nb_nas_ips)
			dc->nas_ips[dc->nb_nas_ips++] = cand[i];
	}
}

static void
ctl_dae_conf(const struct cfg *cfg, struct rad_dae_conf *dc)
{
	const struct cfg_radius_dae *cd = &cfg->radius.dae;
	unsigned int i;

	dc->addr = cd->address;
	dc->port = cd->port;
	dc->window_s = cd->window_s;
	dc->require_event_timestamp = cd->require_event_timestamp;
	/* The same rule as for the answers lnsd's own requests get. */
	dc->ma_optional = !cfg->radius.require_message_authenticator;
	for (i = 0; i < cd->nb_clients && i < RAD_DAE_MAX_CLIENTS; i++) {
		struct rad_dae_client_conf *c = &dc->clients[i];

		c->addr = cd->clients[i].address;
		c->secret_len = strnlen(cd->clients[i].secret, RAD_SECRET_MAX);
		memcpy(c->secret, cd->clients[i].secret, c->secret_len);
		ctl_dae.snap.client_addr[i] = c->addr;
	}
	dc->nb_clients = i;
	snprintf(dc->nas_identifier, sizeof(dc->nas_identifier), "%s",
		 cfg->radius.nas_identifier[0] != '\0' ?
		 cfg->radius.nas_identifier : cfg->l2tp.host_name);
	ctl_dae_nas_ips(cfg, dc);
	dc->handler = ctl_dae_handler;
	dc->event = ctl_dae_event;
	dc->wall_s = ctl_aaa_wall_s;
}

int
ctl_aaa_dae_start(const struct cfg *cfg)
{
	struct rad_dae_conf *dc;
	char ip[LNS_IPV4_STRLEN];
	int err = 0;

	memset(&ctl_dae.snap, 0, sizeof(ctl_dae.snap));
	if (cfg->radius.dae.address == 0)
		return 0;
	dc = calloc(1, sizeof(*dc));
	if (dc == NULL)
		return -ENOMEM;
	ctl_dae_conf(cfg, dc);
	ctl_dae.snap.nb_clients = dc->nb_clients;
	ctl_dae.dae = rad_dae_create(dc, &err);
	explicit_bzero(dc, sizeof(*dc));
	free(dc);
	lns_ipv4_str(cfg->radius.dae.address, ip);
	if (ctl_dae.dae == NULL) {
		LNS_LOG(ERR, aaa, "event=dae-start-failed address=%s port=%u error=\"%s\"",
			ip, cfg->radius.dae.port, strerror(-err));
		return err;
	}
	ctl_dae.snap.addr = cfg->radius.dae.address;
	ctl_dae.snap.port = rad_dae_port(ctl_dae.dae);
	ctl_dae.snap.running = true;
	/* Commands cannot be unregistered: once per process. */
	if (!ctl_dae.tel_registered &&
	    rte_telemetry_register_cmd("/lnsd/dae", ctl_dae_tel,
		"RFC 5176 dynamic authorization counters. No parameters") == 0)
		ctl_dae.tel_registered = true;
	LNS_LOG(INFO, aaa, "event=dae-listening address=%s port=%u clients=%u",
		ip, ctl_dae.snap.port, ctl_dae.snap.nb_clients);
	return 0;
}

void
ctl_aaa_dae_poll(uint64_t now_ms)
{
	/* One pass of reads a millisecond: not a system call per loop pass. */
	if (ctl_dae.dae == NULL || now_ms == ctl_dae.last_poll_ms)
		return;
	ctl_dae.last_poll_ms = now_ms;
	ctl_dae.now_ms = now_ms;
	if (rad_dae_poll(ctl_dae.dae, now_ms) > 0)
		ctl_dae_snapshot();
}

void
ctl_aaa_dae_stop(void)
{
	ctl_dae.snap.running = false;
	rad_dae_free(ctl_dae.dae);
	ctl_dae.dae = NULL;
}
