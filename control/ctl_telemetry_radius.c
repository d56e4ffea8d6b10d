/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The RADIUS read-out (/lnsd/radius, lnsctl show radius): the backend's
 * counters (rad_aaa_stats), the accounting spool's (rad_spool_stats), and
 * per server of the authentication and the accounting clients its
 * state and counters (rad_server_stats), keyed "auth_N" / "acct_N" by
 * the server's index in its client (telemetry names allow no '.' or ':',
 * so the server's name is inside the entry). Client-wide counters are
 * prefixed "auth_" / "acct_". {"configured": 0} when lnsd has no
 * RADIUS servers.
 *
 * May run on the telemetry thread: it reads counters the control lcore
 * writes (64-bit words, as every other lnsd counter), inside
 * ctl_aaa_radius_read() so the backend is not freed meanwhile.
 */
#include <stdio.h>

#include "ctl_aaa.h"
#include "ctl_stats.h"
#include "ctl_telemetry.h"
#include "lns_ipv4.h"
#include "rad_aaa.h"

struct ctl_tel_rad {
	const struct ctl_out *o;
	unsigned int groups;	/* written so far */
};

static const char *
ctl_tel_rad_state(enum rad_server_state s)
{
	return s == RAD_SERVER_ALIVE ? "alive" : "dead";
}

static void
ctl_tel_rad_server(const struct ctl_out *o, const char *role, unsigned int i,
		   const struct rad_server *srv)
{
	const struct rad_server_conf *sc = rad_server_conf(srv);
	const struct rad_server_stats *st = rad_server_stats(srv);
	const struct ctl_stats_field *f;
	char key[16], ip[LNS_IPV4_STRLEN];

	snprintf(key, sizeof(key), "%s_%u", role, i);
	o->ops->obj_begin(o->ctx, key);
	ctl_out_str(o, "name", sc->name);
	ctl_out_str(o, "address", lns_ipv4_str(sc->addr, ip));
	ctl_out_u64(o, "port", sc->port);
	ctl_out_u64(o, "priority", sc->priority);
	ctl_out_str(o, "state", ctl_tel_rad_state(st->state));
	for (f = ctl_stats_rad_server_fields; f->name != NULL; f++)
		ctl_out_u64(o, f->name, ctl_stats_field_get(st, f));
	ctl_out_u64(o, "outstanding", st->outstanding);
	ctl_out_u64(o, "rtt_ms", st->rtt_ms);
	o->ops->obj_end(o->ctx);
}

/* One client: its servers, then its own counters prefixed with role. */
static void
ctl_tel_rad_client(const struct ctl_out *o, const char *role,
		   const struct rad_client *c)
{
	const struct rad_client_stats *st;
	char name[48];
	unsigned int i;

	if (c == NULL)
		return;
	for (i = 0; i < rad_client_nb_servers(c); i++)
		ctl_tel_rad_server(o, role, i, rad_client_server(c, i));
	st = rad_client_stats(c);
#define CTL_TEL_RAD_CLIENT_U64(f) do {				\
		snprintf(name, sizeof(name), "%s_%s", role, #f);	\
		ctl_out_u64(o, name, st->f);		\
	} while (0)
	CTL_TEL_RAD_CLIENT_U64(unknown_source);
	CTL_TEL_RAD_CLIENT_U64(queued);
	CTL_TEL_RAD_CLIENT_U64(queue_full);
	CTL_TEL_RAD_CLIENT_U64(deadline);
	CTL_TEL_RAD_CLIENT_U64(no_server);
#undef CTL_TEL_RAD_CLIENT_U64
	snprintf(name, sizeof(name), "%s_pending", role);
	ctl_out_u64(o, name, rad_client_pending(c));
}

static void
ctl_tel_rad_spool(const struct ctl_out *o, const struct rad_spool *sp)
{
	const struct rad_spool_stats *st;

	if (sp == NULL)
		return;
	st = rad_spool_stats(sp);
	ctl_out_u64(o, "spool_appended", st->appended);
	ctl_out_u64(o, "spool_acked", st->acked);
	ctl_out_u64(o, "spool_pending_records",
				  st->pending_records);
	ctl_out_u64(o, "spool_pending_bytes", st->pending_bytes);
	ctl_out_u64(o, "spool_inflight", st->inflight);
	ctl_out_u64(o, "spool_requeued", st->requeued);
	ctl_out_u64(o, "spool_full", st->full);
	ctl_out_u64(o, "spool_io_errors", st->io_errors);
	ctl_out_u64(o, "spool_replayed_at_open",
				  st->replayed_at_open);
	ctl_out_u64(o, "spool_lost_records", st->lost_records);
	ctl_out_u64(o, "spool_torn_tail_truncated",
				  st->torn_tail_truncated);
	ctl_out_u64(o, "spool_head_invalid", st->head_invalid);
}

static void
ctl_tel_rad_group(const struct ctl_out *o, const struct rad_aaa *ra)
{
	const struct rad_aaa_stats *st = rad_aaa_stats(ra);

	ctl_out_u64(o, "access_requests", st->access_requests);
	ctl_out_u64(o, "accepts", st->accepts);
	ctl_out_u64(o, "rejects", st->rejects);
	ctl_out_u64(o, "challenges", st->challenges);
	ctl_out_u64(o, "unavailable", st->unavailable);
	ctl_out_u64(o, "bad_accept", st->bad_accept);
	ctl_out_u64(o, "acct_spooled", st->acct_spooled);
	ctl_out_u64(o, "acct_spool_errors",
				  st->acct_spool_errors);
	ctl_out_u64(o, "acct_sent", st->acct_sent);
	ctl_out_u64(o, "acct_acked", st->acct_acked);
	ctl_out_u64(o, "acct_failed", st->acct_failed);
	ctl_out_u64(o, "acct_in_flight", st->acct_in_flight);
	ctl_out_u64(o, "interim_sent", st->interim_sent);
	ctl_out_u64(o, "interim_acked", st->interim_acked);
	ctl_out_u64(o, "interim_lost", st->interim_lost);
	ctl_tel_rad_spool(o, rad_aaa_spool(ra));
	ctl_tel_rad_client(o, "auth", rad_aaa_auth_client(ra));
	ctl_tel_rad_client(o, "acct", rad_aaa_acct_client(ra));
}

/*
 * The first server group's counters at the top level (the usual single
 * group), every other group's in an object "group_NAME" (ctl_aaa_radius.c).
 */
static void
ctl_tel_rad_fill(const char *group, const struct rad_aaa *ra, void *arg)
{
	struct ctl_tel_rad *r = arg;
	const struct ctl_out *o = r->o;
	char key[CFG_NAME_LEN + 8];

	if (ra == NULL) {
		ctl_out_u64(o, "configured", 0);
		return;
	}
	if (r->groups++ == 0) {
		ctl_out_u64(o, "configured", 1);
		ctl_out_str(o, "group", group);
		ctl_tel_rad_group(o, ra);
		return;
	}
	snprintf(key, sizeof(key), "group_%s", group);
	o->ops->obj_begin(o->ctx, key);
	ctl_tel_rad_group(o, ra);
	o->ops->obj_end(o->ctx);
}

void
ctl_tel_read_radius(const struct ctl_out *o)
{
	struct ctl_tel_rad r = { .o = o };

	ctl_aaa_radius_read(ctl_tel_rad_fill, &r);
}
