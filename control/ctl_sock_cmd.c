/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control socket's commands: one dispatch table, the reply framing,
 * the JSON form of the shared read-outs (struct ctl_out over ctl_json),
 * and the commands that answer in one object. Tunnels, sessions and
 * disconnects are in ctl_sock_sess.c.
 */
#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_log.h>

#include "ctl_loop.h"
#include "ctl_reload.h"
#include "ctl_sock_priv.h"
#include "lns_log.h"

#ifndef LNSD_VERSION
#define LNSD_VERSION "unknown"
#endif

/* ---- reply framing ---- */

void
ctl_sock_error(struct ctl_sock_client *c, const char *why)
{
	ctl_sock_stats.errors++;
	ctl_json_obj_begin(&c->j, NULL);
	ctl_json_bool(&c->j, "ok", false);
	ctl_json_str(&c->j, "error", why);
	ctl_json_obj_end(&c->j);
	ctl_json_newline(&c->j);
}

void
ctl_sock_begin(struct ctl_sock_client *c)
{
	ctl_json_obj_begin(&c->j, NULL);
	ctl_json_bool(&c->j, "ok", true);
	ctl_json_obj_begin(&c->j, "data");
}

void
ctl_sock_done(struct ctl_sock_client *c)
{
	ctl_json_obj_end(&c->j);
	ctl_json_obj_end(&c->j);
	ctl_json_newline(&c->j);
	if (c->j.overflow) {
		/* Only an answer larger than the buffer gets here. */
		ctl_json_init(&c->j, c->out, sizeof(c->out));
		ctl_sock_error(c, "reply too large for the control socket");
	}
}

void
ctl_sock_stream_begin(struct ctl_sock_client *c, const char *name)
{
	ctl_json_obj_begin(&c->j, NULL);
	ctl_json_bool(&c->j, "ok", true);
	ctl_json_str(&c->j, "stream", name);
	ctl_json_obj_end(&c->j);
	ctl_json_newline(&c->j);
	c->rows = 0;
}

void
ctl_sock_stream_end(struct ctl_sock_client *c)
{
	ctl_json_obj_begin(&c->j, NULL);
	ctl_json_bool(&c->j, "end", true);
	ctl_json_u64(&c->j, "count", c->rows);
	ctl_json_obj_end(&c->j);
	ctl_json_newline(&c->j);
}

bool
ctl_sock_room(const struct ctl_sock_client *c)
{
	return c->j.cap - c->j.len >= CTL_SOCK_ROW_MAX;
}

/* ---- struct ctl_out in JSON: lists are arrays, their objects unnamed ---- */

static void
ctl_sock_out_u64(void *ctx, const char *key, uint64_t v)
{
	struct ctl_sock_out *s = ctx;

	ctl_json_u64(s->j, key, v);
}

static void
ctl_sock_out_str(void *ctx, const char *key, const char *v)
{
	struct ctl_sock_out *s = ctx;

	ctl_json_str(s->j, key, v);
}

static void
ctl_sock_out_list(void *ctx, const char *key)
{
	struct ctl_sock_out *s = ctx;

	ctl_json_arr_begin(s->j, key);
	if (s->j->depth > 0 && s->j->depth <= CTL_JSON_DEPTH)
		s->in_list[s->j->depth - 1] = true;
}

static void
ctl_sock_out_list_end(void *ctx)
{
	struct ctl_sock_out *s = ctx;

	ctl_json_arr_end(s->j);
}

static void
ctl_sock_out_obj(void *ctx, const char *key)
{
	struct ctl_sock_out *s = ctx;
	bool list = s->j->depth > 0 && s->in_list[s->j->depth - 1];

	ctl_json_obj_begin(s->j, list ? NULL : key);
	if (s->j->depth > 0 && s->j->depth <= CTL_JSON_DEPTH)
		s->in_list[s->j->depth - 1] = false;
}

static void
ctl_sock_out_obj_end(void *ctx)
{
	struct ctl_sock_out *s = ctx;

	ctl_json_obj_end(s->j);
}

static const struct ctl_out_ops ctl_sock_out_ops = {
	.u64 = ctl_sock_out_u64,
	.str = ctl_sock_out_str,
	.list_begin = ctl_sock_out_list,
	.list_end = ctl_sock_out_list_end,
	.obj_begin = ctl_sock_out_obj,
	.obj_end = ctl_sock_out_obj_end,
};

void
ctl_sock_out_init(struct ctl_out *o, struct ctl_sock_out *state,
		  struct ctl_sock_client *c)
{
	memset(state, 0, sizeof(*state));
	state->j = &c->j;
	o->ops = &ctl_sock_out_ops;
	o->ctx = state;
}

/* ---- one-object answers ---- */

static uint64_t ctl_sock_start_ms;	/* lnsd's uptime counts from here */

void
ctl_sock_cmd_init(uint64_t now)
{
	ctl_sock_start_ms = now;
}

/* A read-out as the whole answer. */
static void
ctl_sock_readout(struct ctl_sock_client *c, void (*readout)(const struct ctl_out *))
{
	struct ctl_sock_out st;
	struct ctl_out o;

	ctl_sock_out_init(&o, &st, c);
	ctl_sock_begin(c);
	readout(&o);
	ctl_sock_done(c);
}

#define CTL_SOCK_SHOW(name, readout)					\
static void								\
ctl_sock_show_##name(struct ctl_sock_client *c, const struct ctl_req *req, \
		     uint64_t now)					\
{									\
	ctl_sock_readout(c, readout);					\
}

CTL_SOCK_SHOW(ports, ctl_tel_read_ports)
CTL_SOCK_SHOW(neighbors, ctl_tel_read_neighbors)
CTL_SOCK_SHOW(pools, ctl_tel_read_pools)
CTL_SOCK_SHOW(drops, ctl_tel_read_drops)
CTL_SOCK_SHOW(radius, ctl_tel_read_radius)
CTL_SOCK_SHOW(l2tp, ctl_tel_read_l2tp)
CTL_SOCK_SHOW(ppp, ctl_tel_read_ppp)
CTL_SOCK_SHOW(dataplane, ctl_tel_read_dataplane)
CTL_SOCK_SHOW(qos, ctl_tel_read_qos)

static void
ctl_sock_read_socket(const struct ctl_out *o)
{
	const struct ctl_sock_stats *s = &ctl_sock_stats;

	o->ops->obj_begin(o->ctx, "socket");
	ctl_out_u64(o, "clients", s->clients);
	ctl_out_u64(o, "clients_max", CTL_SOCK_CLIENTS_MAX);
	ctl_out_u64(o, "accepted", s->accepted);
	ctl_out_u64(o, "refused", s->refused);
	ctl_out_u64(o, "requests", s->requests);
	ctl_out_u64(o, "errors", s->errors);
	ctl_out_u64(o, "malformed", s->malformed);
	ctl_out_u64(o, "oversized", s->oversized);
	ctl_out_u64(o, "stalled", s->stalled);
	ctl_out_u64(o, "idle_closed", s->idle_closed);
	ctl_out_u64(o, "closed", s->closed);
	ctl_out_u64(o, "rows", s->rows);
	ctl_out_u64(o, "bytes_out", s->bytes_out);
	o->ops->obj_end(o->ctx);
}

/* Counters: the dataplane's and control's (as /lnsd/stats), the socket's. */
static void
ctl_sock_read_stats(const struct ctl_out *o)
{
	ctl_tel_read_stats(o);
	ctl_sock_read_socket(o);
}

CTL_SOCK_SHOW(stats, ctl_sock_read_stats)

static void
ctl_sock_read_summary(const struct ctl_out *o)
{
	ctl_out_str(o, "version", LNSD_VERSION);
	ctl_out_u64(o, "uptime_s", (ctl_now_ms() - ctl_sock_start_ms) / 1000);
	ctl_out_u64(o, "workers", rte_lcore_count() - 1);
	o->ops->obj_begin(o->ctx, "l2tp");
	ctl_tel_read_l2tp(o);
	o->ops->obj_end(o->ctx);
	o->ops->obj_begin(o->ctx, "ppp");
	ctl_tel_read_ppp(o);
	o->ops->obj_end(o->ctx);
	ctl_tel_read_pools(o);
}

CTL_SOCK_SHOW(summary, ctl_sock_read_summary)

/* ---- log level MODULE LEVEL ---- */

static const struct {
	const char *name;
	const int *type;
} ctl_sock_log_types[] = {
	{ "main", &lns_logtype_main }, { "port", &lns_logtype_port },
	{ "dp", &lns_logtype_dp }, { "ctl", &lns_logtype_ctl },
	{ "arp", &lns_logtype_arp }, { "icmp", &lns_logtype_icmp },
	{ "neigh", &lns_logtype_neigh }, { "l2tp", &lns_logtype_l2tp },
	{ "ppp", &lns_logtype_ppp }, { "aaa", &lns_logtype_aaa },
	{ "qos", &lns_logtype_qos },
};

static void
ctl_sock_log_level(struct ctl_sock_client *c, const struct ctl_req *req,
		   uint64_t now)
{
	const char *mod = ctl_req_arg(req, "module");
	const char *lvl = ctl_req_arg(req, "level");
	enum cfg_log_level level;
	unsigned int i, n = 0;

	if (mod == NULL || lvl == NULL) {
		ctl_sock_error(c, "log level needs module and level");
		return;
	}
	if (cfg_log_level_parse(lvl, &level) != 0) {
		ctl_sock_error(c, "level is one of emerg alert crit err warning notice info debug");
		return;
	}
	for (i = 0; i < RTE_DIM(ctl_sock_log_types); i++) {
		if (strcmp(mod, "*") != 0 &&
		    strcmp(mod, ctl_sock_log_types[i].name) != 0)
			continue;
		/* cfg_log_level's values are DPDK's RTE_LOG_* levels. */
		rte_log_set_level(*ctl_sock_log_types[i].type, (uint32_t)level);
		n++;
	}
	if (n == 0) {
		ctl_sock_error(c, "unknown module (main port dp ctl arp icmp neigh l2tp ppp aaa qos, or *)");
		return;
	}
	LNS_LOG(NOTICE, ctl, "event=log-level module=%s level=%s source=control-socket",
		mod, cfg_log_level_name(level));
	ctl_sock_begin(c);
	ctl_json_str(&c->j, "module", mod);
	ctl_json_str(&c->j, "level", cfg_log_level_name(level));
	ctl_sock_done(c);
}

/* ---- reload: what SIGHUP does (ctl_reload.h), answered here ---- */

static void
ctl_sock_reload(struct ctl_sock_client *c, const struct ctl_req *req,
		uint64_t now)
{
	char msg[2048];
	int rc;

	rc = ctl_reload(msg, sizeof(msg));
	if (rc != 0) {
		/* Refused or invalid: the old configuration stays. */
		ctl_sock_error(c, msg);
		return;
	}
	ctl_sock_begin(c);
	ctl_json_str(&c->j, "result", "applied");
	ctl_json_str(&c->j, "message", msg);
	ctl_sock_done(c);
}

/* ---- the table ---- */

typedef void (*ctl_sock_cmd_fn)(struct ctl_sock_client *c,
				const struct ctl_req *req, uint64_t now);

static const struct {
	const char *name;
	ctl_sock_cmd_fn fn;
} ctl_sock_cmds[] = {
	{ "show summary", ctl_sock_show_summary },
	{ "show tunnels", ctl_sock_show_tunnels },
	{ "show sessions", ctl_sock_show_sessions },
	{ "show session", ctl_sock_show_session },
	{ "show ports", ctl_sock_show_ports },
	{ "show neighbors", ctl_sock_show_neighbors },
	{ "show pools", ctl_sock_show_pools },
	{ "show stats", ctl_sock_show_stats },
	{ "show drops", ctl_sock_show_drops },
	{ "show radius", ctl_sock_show_radius },
	{ "show l2tp", ctl_sock_show_l2tp },
	{ "show ppp", ctl_sock_show_ppp },
	{ "show dataplane", ctl_sock_show_dataplane },
	{ "show qos", ctl_sock_show_qos },
	{ "set session", ctl_sock_set_session },
	{ "disconnect", ctl_sock_disconnect },
	{ "log level", ctl_sock_log_level },
	{ "reload", ctl_sock_reload },
};

void
ctl_sock_cmd_run(struct ctl_sock_client *c, const struct ctl_req *req,
		 uint64_t now)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(ctl_sock_cmds); i++) {
		if (strcmp(req->cmd, ctl_sock_cmds[i].name) == 0) {
			ctl_sock_cmds[i].fn(c, req, now);
			return;
		}
	}
	ctl_sock_error(c, "unknown command");
}
