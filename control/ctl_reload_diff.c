/* SPDX-License-Identifier: BSD-3-Clause
 *
 * What differs between two configurations, by key and by class (see
 * ctl_reload.h). A key is compared by its octets: cfg_load() starts from
 * a zeroed struct (cfg_defaults), so unused array slots and string tails
 * are zero on both sides; the two keys held by pointer (eal.args,
 * ppp.auth) are compared by their strings. A key not in the table below
 * cannot change anything: every key of struct cfg is listed (a new key
 * must be added here, with its class; test_ctl_reload checks the sizes
 * add up to the struct).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ctl_reload.h"

struct ctl_reload_key {
	const char *name;
	size_t off, len;		/* the key's octets in struct cfg */
	size_t off2, len2;		/* its count, for arrays; len2 0: none */
	enum ctl_reload_class cls;
};

#define CFG_SZ(f)	sizeof(((struct cfg *)0)->f)
#define KEY(n, f, c)	{ n, offsetof(struct cfg, f), CFG_SZ(f), 0, 0, c }
#define KEYN(n, f, nf, c) \
	{ n, offsetof(struct cfg, f), CFG_SZ(f), \
	  offsetof(struct cfg, nf), CFG_SZ(nf), c }

#define L	CTL_RELOAD_LIVE
#define R	CTL_RELOAD_RESTART
#define RAD	CTL_RELOAD_RADIUS

static const struct ctl_reload_key ctl_reload_keys[] = {
	KEY("log.level", log.level, L),
	KEYN("log.modules", log.modules, log.nb_modules, L),
	/* The log stream is opened before the EAL (ctl_log_open). */
	KEY("log.output", log.output, R),
	KEY("log.facility", log.facility, R),
	KEY("log.ident", log.ident, R),
	KEY("dataplane.mbufs", dataplane.mbufs, R),
	KEY("dataplane.mbuf_cache", dataplane.mbuf_cache, R),
	KEY("dataplane.burst", dataplane.burst, R),
	KEY("dataplane.punt_ring", dataplane.punt_ring, R),
	KEY("dataplane.tx_flush_us", dataplane.tx_flush_us, R),
	/* The rte_flow rule is created once, when the ports start. */
	KEY("dataplane.rss", dataplane.rss, R),
	KEY("dataplane.mss_clamp", dataplane.mss_clamp, R),
	/* The hand-off rings are made when the workers start. */
	KEY("dataplane.spread", dataplane.spread, R),
	KEY("neighbor", neigh, R),
	KEY("l2tp.host_name", l2tp.host_name, R),
	KEY("l2tp.vendor_name", l2tp.vendor_name, R),
	KEY("l2tp.hello_ms", l2tp.hello_ms, L),
	KEY("l2tp.setup_timeout_ms", l2tp.setup_timeout_ms, L),
	KEY("l2tp.call_setup_timeout_ms", l2tp.call_setup_timeout_ms, L),
	KEY("l2tp.receive_window", l2tp.receive_window, R),
	KEY("l2tp.retransmit_ms", l2tp.retransmit_ms, L),
	KEY("l2tp.retransmit_max_ms", l2tp.retransmit_max_ms, L),
	KEY("l2tp.max_retransmits", l2tp.max_retransmits, L),
	KEY("l2tp.max_tunnels", l2tp.max_tunnels, R),
	KEY("l2tp.max_sessions", l2tp.max_sessions, R),
	KEY("l2tp.max_sessions_per_tunnel", l2tp.max_sessions_per_tunnel, R),
	KEY("l2tp.max_tunnels_per_peer", l2tp.max_tunnels_per_peer, L),
	KEY("l2tp.max_sessions_per_peer", l2tp.max_sessions_per_peer, L),
	KEY("l2tp.max_half_open_calls_per_tunnel",
	    l2tp.max_half_open_calls_per_tunnel, L),
	KEY("l2tp.sccrq_rate_per_peer", l2tp.sccrq_rate_per_peer, L),
	KEY("l2tp.sccrq_burst_per_peer", l2tp.sccrq_burst_per_peer, L),
	KEY("l2tp.sccrq_rate", l2tp.sccrq_rate, L),
	KEY("l2tp.sccrq_burst", l2tp.sccrq_burst, L),
	KEY("l2tp.icrq_rate_per_peer", l2tp.icrq_rate_per_peer, L),
	KEY("l2tp.icrq_burst_per_peer", l2tp.icrq_burst_per_peer, L),
	KEY("l2tp.icrq_rate", l2tp.icrq_rate, L),
	KEY("l2tp.icrq_burst", l2tp.icrq_burst, L),
	KEY("l2tp.secret", l2tp.secret, L),
	KEYN("l2tp.peers", l2tp.peers, l2tp.nb_peers, L),
	KEY("ppp.mru", ppp.mru, R),
	KEY("ppp.echo_interval_ms", ppp.echo_interval_ms, L),
	KEY("ppp.echo_failures", ppp.echo_failures, L),
	KEY("ppp.proxy_lcp", ppp.proxy_lcp, L),
	KEY("ppp.proxy_auth", ppp.proxy_auth, L),
	KEY("ppp.setup_timeout_ms", ppp.setup_timeout_ms, L),
	KEY("ppp.local_address", ppp.local_address, R),
	KEY("ppp.dns1", ppp.dns1, L),
	KEY("ppp.dns2", ppp.dns2, L),
	KEY("ppp.ipv6cp", ppp.ipv6cp, L),
	KEY("aaa.default_pool", aaa.default_pool, L),
	KEYN("aaa.pools", aaa.pools, aaa.nb_pools, L),
	KEYN("aaa.users", aaa.users, aaa.nb_users, L),
	KEY("aaa.users_file", aaa.users_file, L),
	KEY("aaa.interim_interval", aaa.interim_interval, L),
	KEYN("aaa.realms", aaa.realms, aaa.nb_realms, RAD),
	KEY("radius.nas_identifier", radius.nas_identifier, RAD),
	KEY("radius.nas_ip_address", radius.nas_ip_address, RAD),
	KEY("radius.bind_address", radius.bind_address, RAD),
	KEY("radius.sockets", radius.sockets, RAD),
	KEY("radius.balance", radius.balance, RAD),
	KEY("radius.dead_after", radius.dead_after, RAD),
	KEY("radius.dead_ms", radius.dead_ms, RAD),
	KEY("radius.probe_ms", radius.probe_ms, RAD),
	KEY("radius.auth_timeout_ms", radius.auth_timeout_ms, RAD),
	KEY("radius.require_message_authenticator",
	    radius.require_message_authenticator, RAD),
	KEY("radius.send_tunnel_attributes", radius.send_tunnel_attributes, RAD),
	KEY("radius.send_station_ids", radius.send_station_ids, RAD),
	KEY("radius.send_connect_info", radius.send_connect_info, RAD),
	KEYN("radius.servers", radius.servers, radius.nb_servers, RAD),
	KEY("radius.accounting", radius.accounting, RAD),
	KEY("radius.dae", radius.dae, RAD),
	KEY("static_sessions", statics, R),
	/* Its HTTP thread binds once, at start. */
	KEY("metrics", metrics, R),
	/* lnsctl's socket is bound once, at start. */
	KEY("control_socket", ctl_sock, R),
	/*
	 * New sessions take the new profiles; sessions whose rate came
	 * from a profile that changed are re-rated (ctl_qos.h).
	 */
	KEYN("qos.profiles", qos.profiles, qos.nb_profiles, L),
	KEY("qos.default_profile", qos.default_profile, L),
	/*
	 * IPv6 prefix pools are created once, at start: unlike aaa.pools
	 * there is no reshape of a pool with prefixes in use (yet).
	 */
	KEYN("aaa.pools6", aaa.pools6, aaa.nb_pools6, R),
	KEY("aaa.default_pool6", aaa.default_pool6, R),
	KEY("aaa.default_pd_pool", aaa.default_pd_pool, R),
	/*
	 * What a Router Advertisement or a DHCPv6 reply says is read from
	 * the running configuration when it is built: the next one says
	 * the new values. ipv6.dhcp6.enabled too: a session started after
	 * the reload has (or lacks) the server.
	 */
	KEY("ipv6.ra.managed", ipv6.ra.managed, L),
	KEY("ipv6.ra.other", ipv6.ra.other, L),
	KEY("ipv6.ra.router_lifetime", ipv6.ra.router_lifetime, L),
	KEY("ipv6.ra.interval", ipv6.ra.interval, L),
	KEY("ipv6.ra.prefix_valid", ipv6.ra.prefix_valid, L),
	KEY("ipv6.ra.prefix_preferred", ipv6.ra.prefix_preferred, L),
	KEYN("ipv6.dns", ipv6.dns, ipv6.nb_dns, L),
	KEY("ipv6.dhcp6.enabled", ipv6.dhcp6.enabled, L),
	KEY("ipv6.dhcp6.rapid_commit", ipv6.dhcp6.rapid_commit, L),
	KEY("ipv6.dhcp6.preferred", ipv6.dhcp6.preferred, L),
	KEY("ipv6.dhcp6.valid", ipv6.dhcp6.valid, L),
};

#undef L
#undef R
#undef RAD

/* ports[i] by field: every field of a port is bound at start. */
struct ctl_reload_port_key {
	const char *name;
	size_t off, len;
};

#define PKEY(f)	{ #f, offsetof(struct cfg_port, f), \
		  sizeof(((struct cfg_port *)0)->f) }

static const struct ctl_reload_port_key ctl_reload_port_keys[] = {
	PKEY(name), PKEY(device), PKEY(role), PKEY(address), PKEY(gateway),
	PKEY(vlan), PKEY(mtu), PKEY(rx_desc), PKEY(tx_desc), PKEY(mac),
	PKEY(driver), PKEY(address6), PKEY(gateway6),
	{ "mac", offsetof(struct cfg_port, mac_set), sizeof(bool) },
};

static void
ctl_reload_diff_add(struct ctl_reload_diff *d, enum ctl_reload_class c,
		    const char *key)
{
	char *b = d->keys[c];
	size_t len = strlen(b);
	int n;

	d->nb[c]++;
	if (len + 4 >= CTL_RELOAD_KEYS_LEN)
		return;		/* already truncated */
	n = snprintf(b + len, CTL_RELOAD_KEYS_LEN - len, "%s%s",
		     len > 0 ? ", " : "", key);
	if (n < 0 || (size_t)n >= CTL_RELOAD_KEYS_LEN - len)
		snprintf(b + CTL_RELOAD_KEYS_LEN - 4, 4, "...");
}

static bool
ctl_reload_strv_eq(char *const *a, unsigned int na, char *const *b,
		   unsigned int nb)
{
	unsigned int i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i] != NULL ? a[i] : "", b[i] != NULL ? b[i] : "") != 0)
			return false;
	return true;
}

static void
ctl_reload_diff_ports(const struct cfg *o, const struct cfg *n,
		      struct ctl_reload_diff *d)
{
	unsigned int i, k, nb = o->nb_ports > n->nb_ports ? o->nb_ports :
				n->nb_ports;
	char key[64];

	for (i = 0; i < nb; i++) {
		if (i >= o->nb_ports || i >= n->nb_ports) {
			snprintf(key, sizeof(key), "ports[%u] (%s)", i,
				 i >= o->nb_ports ? "added" : "removed");
			ctl_reload_diff_add(d, CTL_RELOAD_RESTART, key);
			continue;
		}
		for (k = 0; k < sizeof(ctl_reload_port_keys) /
				sizeof(ctl_reload_port_keys[0]); k++) {
			const struct ctl_reload_port_key *pk =
				&ctl_reload_port_keys[k];

			if (memcmp((const char *)&o->ports[i] + pk->off,
				   (const char *)&n->ports[i] + pk->off,
				   pk->len) == 0)
				continue;
			snprintf(key, sizeof(key), "ports[%u].%s", i, pk->name);
			ctl_reload_diff_add(d, CTL_RELOAD_RESTART, key);
		}
	}
}

void
ctl_reload_diff(const struct cfg *o, const struct cfg *n,
		struct ctl_reload_diff *d)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	if (!ctl_reload_strv_eq(o->eal.args, o->eal.nb_args, n->eal.args,
				n->eal.nb_args))
		ctl_reload_diff_add(d, CTL_RELOAD_RESTART, "eal.args");
	if (!ctl_reload_strv_eq(o->ppp.auth, o->ppp.nb_auth, n->ppp.auth,
				n->ppp.nb_auth))
		ctl_reload_diff_add(d, CTL_RELOAD_LIVE, "ppp.auth");
	for (i = 0; i < sizeof(ctl_reload_keys) / sizeof(ctl_reload_keys[0]);
	     i++) {
		const struct ctl_reload_key *k = &ctl_reload_keys[i];
		const char *a = (const char *)o, *b = (const char *)n;

		if (memcmp(a + k->off, b + k->off, k->len) != 0 ||
		    (k->len2 != 0 &&
		     memcmp(a + k->off2, b + k->off2, k->len2) != 0))
			ctl_reload_diff_add(d, k->cls, k->name);
	}
	ctl_reload_diff_ports(o, n, d);
}

enum ctl_reload_class
ctl_reload_key_class(const char *key)
{
	unsigned int i;

	if (strncmp(key, "ports", 5) == 0 || strcmp(key, "eal.args") == 0)
		return CTL_RELOAD_RESTART;
	for (i = 0; i < sizeof(ctl_reload_keys) / sizeof(ctl_reload_keys[0]);
	     i++)
		if (strcmp(ctl_reload_keys[i].name, key) == 0)
			return ctl_reload_keys[i].cls;
	return CTL_RELOAD_LIVE;		/* ppp.auth */
}

size_t
ctl_reload_diff_covered(void)
{
	size_t n = CFG_SZ(eal) + CFG_SZ(ppp.auth) + CFG_SZ(ppp.nb_auth) +
		   CFG_SZ(ports) + CFG_SZ(nb_ports) + CFG_SZ(path);
	unsigned int i;

	for (i = 0; i < sizeof(ctl_reload_keys) / sizeof(ctl_reload_keys[0]);
	     i++)
		n += ctl_reload_keys[i].len + ctl_reload_keys[i].len2;
	return n;
}

void
ctl_reload_sum_add(struct ctl_reload_sum *s, const char *fmt, ...)
{
	size_t room = sizeof(s->buf) - s->len;
	va_list ap;
	int n;

	if (room < 4)
		return;		/* truncated already */
	if (s->len > 0) {
		n = snprintf(s->buf + s->len, room, ", ");
		s->len += (size_t)n;
		room -= (size_t)n;
	}
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		snprintf(s->buf + sizeof(s->buf) - 4, 4, "...");
		s->len = sizeof(s->buf);
		return;
	}
	s->len += (size_t)n;
}
