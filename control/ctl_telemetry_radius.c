/* SPDX-License-Identifier: BSD-3-Clause
 *
 * /lnsd/radius on the DPDK telemetry socket: the RADIUS backend's
 * counters (rad_aaa_stats), the accounting spool's (rad_spool_stats), and
 * per server of the authentication and the accounting clients its
 * state and counters (rad_server_stats), keyed "auth_N" / "acct_N" by
 * the server's index in its client (telemetry names allow no '.' or ':',
 * so the server's name is inside the entry). Client-wide counters are
 * prefixed "auth_" / "acct_". {"configured": 0} when lnsd has no
 * RADIUS servers.
 *
 * Runs on the telemetry thread: it reads counters the control lcore
 * writes (64-bit words, as every other lnsd counter), inside
 * ctl_aaa_radius_read() so the backend is not freed meanwhile.
 */
#include <stdio.h>

#include <rte_telemetry.h>

#include "ctl_aaa.h"
#include "ctl_stats.h"
#include "ctl_telemetry.h"
#include "lns_ipv4.h"
#include "rad_aaa.h"

/* Groups written so far by the command in progress (telemetry thread). */
static unsigned int ctl_tel_rad_groups;

static const char *
ctl_tel_rad_state(enum rad_server_state s)
{
	return s == RAD_SERVER_ALIVE ? "alive" : "dead";
}

static void
ctl_tel_rad_server(struct rte_tel_data *d, const char *role, unsigned int i,
		   const struct rad_server *srv)
{
	const struct rad_server_conf *sc = rad_server_conf(srv);
	const struct rad_server_stats *st = rad_server_stats(srv);
	struct rte_tel_data *c = rte_tel_data_alloc();
	const struct ctl_stats_field *f;
	char key[16], ip[LNS_IPV4_STRLEN];

	if (c == NULL)
		return;
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_string(c, "name", sc->name);
	rte_tel_data_add_dict_string(c, "address",
				     lns_ipv4_str(sc->addr, ip));
	rte_tel_data_add_dict_int(c, "port", sc->port);
	rte_tel_data_add_dict_int(c, "priority", (int)sc->priority);
	rte_tel_data_add_dict_string(c, "state", ctl_tel_rad_state(st->state));
	for (f = ctl_stats_rad_server_fields; f->name != NULL; f++)
		rte_tel_data_add_dict_u64(c, f->name, ctl_stats_field_get(st, f));
	rte_tel_data_add_dict_u64(c, "outstanding", st->outstanding);
	rte_tel_data_add_dict_u64(c, "rtt_ms", st->rtt_ms);
	snprintf(key, sizeof(key), "%s_%u", role, i);
	if (rte_tel_data_add_dict_container(d, key, c, 0) != 0)
		rte_tel_data_free(c);
}

/* One client: its servers, then its own counters prefixed with role. */
static void
ctl_tel_rad_client(struct rte_tel_data *d, const char *role,
		   const struct rad_client *c)
{
	const struct rad_client_stats *st;
	char name[48];
	unsigned int i;

	if (c == NULL)
		return;
	for (i = 0; i < rad_client_nb_servers(c); i++)
		ctl_tel_rad_server(d, role, i, rad_client_server(c, i));
	st = rad_client_stats(c);
#define CTL_TEL_RAD_CLIENT_U64(f) do {				\
		snprintf(name, sizeof(name), "%s_%s", role, #f);	\
		rte_tel_data_add_dict_u64(d, name, st->f);		\
	} while (0)
	CTL_TEL_RAD_CLIENT_U64(unknown_source);
	CTL_TEL_RAD_CLIENT_U64(queued);
	CTL_TEL_RAD_CLIENT_U64(queue_full);
	CTL_TEL_RAD_CLIENT_U64(deadline);
	CTL_TEL_RAD_CLIENT_U64(no_server);
#undef CTL_TEL_RAD_CLIENT_U64
	snprintf(name, sizeof(name), "%s_pending", role);
	rte_tel_data_add_dict_u64(d, name, rad_client_pending(c));
}

static void
ctl_tel_rad_spool(struct rte_tel_data *d, const struct rad_spool *sp)
{
	const struct rad_spool_stats *st;

	if (sp == NULL)
		return;
	st = rad_spool_stats(sp);
	rte_tel_data_add_dict_u64(d, "spool_appended", st->appended);
	rte_tel_data_add_dict_u64(d, "spool_acked", st->acked);
	rte_tel_data_add_dict_u64(d, "spool_pending_records",
				  st->pending_records);
	rte_tel_data_add_dict_u64(d, "spool_pending_bytes", st->pending_bytes);
	rte_tel_data_add_dict_u64(d, "spool_inflight", st->inflight);
	rte_tel_data_add_dict_u64(d, "spool_requeued", st->requeued);
	rte_tel_data_add_dict_u64(d, "spool_full", st->full);
	rte_tel_data_add_dict_u64(d, "spool_io_errors", st->io_errors);
	rte_tel_data_add_dict_u64(d, "spool_replayed_at_open",
				  st->replayed_at_open);
	rte_tel_data_add_dict_u64(d, "spool_lost_records", st->lost_records);
	rte_tel_data_add_dict_u64(d, "spool_torn_tail_truncated",
				  st->torn_tail_truncated);
	rte_tel_data_add_dict_u64(d, "spool_head_invalid", st->head_invalid);
}

static void
ctl_tel_rad_group(struct rte_tel_data *d, const struct rad_aaa *ra)
{
	const struct rad_aaa_stats *st = rad_aaa_stats(ra);

	rte_tel_data_add_dict_u64(d, "access_requests", st->access_requests);
	rte_tel_data_add_dict_u64(d, "accepts", st->accepts);
	rte_tel_data_add_dict_u64(d, "rejects", st->rejects);
	rte_tel_data_add_dict_u64(d, "challenges", st->challenges);
	rte_tel_data_add_dict_u64(d, "unavailable", st->unavailable);
	rte_tel_data_add_dict_u64(d, "bad_accept", st->bad_accept);
	rte_tel_data_add_dict_u64(d, "acct_spooled", st->acct_spooled);
	rte_tel_data_add_dict_u64(d, "acct_spool_errors",
				  st->acct_spool_errors);
	rte_tel_data_add_dict_u64(d, "acct_sent", st->acct_sent);
	rte_tel_data_add_dict_u64(d, "acct_acked", st->acct_acked);
	rte_tel_data_add_dict_u64(d, "acct_failed", st->acct_failed);
	rte_tel_data_add_dict_u64(d, "acct_in_flight", st->acct_in_flight);
	rte_tel_data_add_dict_u64(d, "interim_sent", st->interim_sent);
	rte_tel_data_add_dict_u64(d, "interim_acked", st->interim_acked);
	rte_tel_data_add_dict_u64(d, "interim_lost", st->interim_lost);
	ctl_tel_rad_spool(d, rad_aaa_spool(ra));
	ctl_tel_rad_client(d, "auth", rad_aaa_auth_client(ra));
	ctl_tel_rad_client(d, "acct", rad_aaa_acct_client(ra));
}

/*
 * The first server group's counters at the top level (the usual single
 * group), every other group's in a dict "group_NAME" (ctl_aaa_radius.c).
 */
static void
ctl_tel_rad_fill(const char *group, const struct rad_aaa *ra, void *arg)
{
	struct rte_tel_data *d = arg, *g;
	char key[CFG_NAME_LEN + 8];

	if (ra == NULL) {
		rte_tel_data_add_dict_int(d, "configured", 0);
		return;
	}
	if (ctl_tel_rad_groups++ == 0) {
		rte_tel_data_add_dict_int(d, "configured", 1);
		rte_tel_data_add_dict_string(d, "group", group);
		ctl_tel_rad_group(d, ra);
		return;
	}
	g = rte_tel_data_alloc();
	if (g == NULL)
		return;
	rte_tel_data_start_dict(g);
	ctl_tel_rad_group(g, ra);
	snprintf(key, sizeof(key), "group_%s", group);
	rte_tel_data_add_dict_container(d, key, g, 0);
}

static int
ctl_tel_radius(const char *cmd, const char *params, struct rte_tel_data *d)
{
	rte_tel_data_start_dict(d);
	ctl_tel_rad_groups = 0;
	ctl_aaa_radius_read(ctl_tel_rad_fill, d);
	return 0;
}

int
ctl_telemetry_radius_init(void)
{
	return rte_telemetry_register_cmd("/lnsd/radius", ctl_tel_radius,
		"RADIUS: backend, spool, per-server counters and state. No parameters");
}
