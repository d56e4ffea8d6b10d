/* SPDX-License-Identifier: BSD-3-Clause
 *
 * RADIUS events in lnsd's log: a server marked dead or alive again (both
 * clients, authentication and accounting), answers refused as bogus
 * (bad authenticators, Message-Authenticators, malformed, unknown
 * identifiers or sources) and accounting records the spool refused —
 * from the counters, once a second, with at most one line per kind every
 * CTL_AAA_RADLOG_MS so a flood of bad answers cannot flood the log. The
 * counters themselves are in telemetry (/lnsd/radius).
 */
#include <inttypes.h>

#include "ctl_aaa.h"
#include "lns_log.h"
#include "lns_ratelimit.h"
#include "rad_aaa.h"

#define CTL_AAA_RADLOG_TICK_MS	1000
#define CTL_AAA_RADLOG_MS	10000

struct ctl_aaa_radlog {
	uint64_t next_ms;
	enum rad_server_state state[2][RAD_CLIENT_MAX_SERVERS];
	uint64_t bogus[2];		/* refused answers, per client */
	uint64_t spool_errors;
	uint64_t interim_lost;
	struct lns_ratelimit rl_bogus, rl_spool, rl_interim;
};

/* One per RADIUS server group (ctl_aaa_radius.c). */
static struct ctl_aaa_radlog ctl_aaa_radlog[CFG_MAX_RADIUS_SERVERS];

static uint64_t
ctl_aaa_radlog_bogus(const struct rad_client *c)
{
	const struct rad_server_stats *st;
	uint64_t n = rad_client_stats(c)->unknown_source;
	unsigned int i;

	for (i = 0; i < rad_client_nb_servers(c); i++) {
		st = rad_server_stats(rad_client_server(c, i));
		n += st->bad_authenticator + st->bad_message_authenticator +
		     st->missing_message_authenticator + st->malformed +
		     st->unknown_id;
	}
	return n;
}

static void
ctl_aaa_radlog_client(struct ctl_aaa_radlog *l, const char *group,
		      const struct rad_client *c, unsigned int k,
		      const char *role, uint64_t now)
{
	const struct rad_server *s;
	enum rad_server_state st;
	uint32_t suppressed;
	unsigned int i;
	uint64_t n;

	if (c == NULL)
		return;
	for (i = 0; i < rad_client_nb_servers(c); i++) {
		s = rad_client_server(c, i);
		st = rad_server_stats(s)->state;
		if (st == l->state[k][i])
			continue;
		l->state[k][i] = st;
		if (st == RAD_SERVER_DEAD)
			LNS_LOG(WARNING, aaa, "event=radius-server-dead group=\"%s\" role=%s server=%s timeouts=%" PRIu64,
				group, role, rad_server_conf(s)->name,
				rad_server_stats(s)->timeouts);
		else
			LNS_LOG(NOTICE, aaa, "event=radius-server-alive group=\"%s\" role=%s server=%s",
				group, role, rad_server_conf(s)->name);
	}
	n = ctl_aaa_radlog_bogus(c);
	if (n > l->bogus[k] &&
	    lns_ratelimit(&l->rl_bogus, now, CTL_AAA_RADLOG_MS, &suppressed)) {
		LNS_LOG(WARNING, aaa, "event=radius-answers-refused group=\"%s\" role=%s count=%" PRIu64 " (bad authenticator, Message-Authenticator, malformed, unknown identifier or source: /lnsd/radius)",
			group, role, n - l->bogus[k]);
		l->bogus[k] = n;
	}
}

void
ctl_aaa_radlog_tick(unsigned int idx, const char *group,
		    const struct rad_aaa *ra, uint64_t now)
{
	struct ctl_aaa_radlog *l = &ctl_aaa_radlog[idx];
	const struct rad_aaa_stats *st;
	uint32_t suppressed;

	if (ra == NULL || idx >= CFG_MAX_RADIUS_SERVERS || now < l->next_ms)
		return;
	l->next_ms = now + CTL_AAA_RADLOG_TICK_MS;
	ctl_aaa_radlog_client(l, group, rad_aaa_auth_client(ra), 0, "auth",
			      now);
	ctl_aaa_radlog_client(l, group, rad_aaa_acct_client(ra), 1, "acct",
			      now);
	st = rad_aaa_stats(ra);
	if (st->acct_spool_errors > l->spool_errors &&
	    lns_ratelimit(&l->rl_spool, now, CTL_AAA_RADLOG_MS, &suppressed)) {
		LNS_LOG(ERR, aaa, "event=radius-acct-not-spooled group=\"%s\" count=%" PRIu64 " total=%" PRIu64 " (spool full or unwritable: radius.accounting)",
			group, st->acct_spool_errors - l->spool_errors,
			st->acct_spool_errors);
		l->spool_errors = st->acct_spool_errors;
	}
	if (st->interim_lost > l->interim_lost &&
	    lns_ratelimit(&l->rl_interim, now, CTL_AAA_RADLOG_MS, &suppressed)) {
		LNS_LOG(NOTICE, aaa, "event=radius-interims-lost group=\"%s\" count=%" PRIu64 " (superseded by the next interim and the Stop)",
			group, st->interim_lost - l->interim_lost);
		l->interim_lost = st->interim_lost;
	}
}
