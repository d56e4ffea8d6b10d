/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd configuration schema: one key table per section. The tables are the
 * single source of the key names, types, ranges and defaults
 * (docs/configuration.md mirrors them), so cfg_defaults() and cfg_free()
 * are derived from them too. Adding a section: a struct in cfg.h, a table
 * here, one line in cfg_root_keys[].
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "cfg_internal.h"

/* Enums are stored through an int; the table macros check the field size. */
_Static_assert(sizeof(enum cfg_log_level) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_log_output) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_port_role) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_port_driver) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_ppp_proxy_auth) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_aaa_backend) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_radius_balance) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_rss_mode) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_dp_spread) == sizeof(int), "enum size");

/* A server group name: "" (the default group) or a name. */
static const char *
cfg_check_group(const char *s)
{
	return s[0] == '\0' ? NULL : cfg_check_name(s);
}

static const struct cfg_enum cfg_aaa_backends[] = {
	{ "local", CFG_AAA_LOCAL },
	{ "radius", CFG_AAA_RADIUS },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_radius_balances[] = {
	{ "priority", CFG_RADIUS_PRIORITY },
	{ "weighted", CFG_RADIUS_WEIGHTED },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_log_levels[] = {
	{ "emerg", CFG_LOG_EMERG },
	{ "alert", CFG_LOG_ALERT },
	{ "crit", CFG_LOG_CRIT },
	{ "err", CFG_LOG_ERR },
	{ "warning", CFG_LOG_WARNING },
	{ "notice", CFG_LOG_NOTICE },
	{ "info", CFG_LOG_INFO },
	{ "debug", CFG_LOG_DEBUG },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_log_outputs[] = {
	{ "stderr", CFG_LOG_OUT_STDERR },
	{ "syslog", CFG_LOG_OUT_SYSLOG },
	{ "journal", CFG_LOG_OUT_JOURNAL },
	{ NULL, 0 },
};

/* The facilities a daemon may log with (syslog(3)); the kernel's is not. */
static const struct cfg_enum cfg_log_facilities[] = {
	{ "daemon", LOG_DAEMON },
	{ "user", LOG_USER },
	{ "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
	{ NULL, 0 },
};

/* log.ident: the tag of every syslog line and the journal's
 * SYSLOG_IDENTIFIER, so it has no blanks, colons or brackets. */
static const char *
cfg_check_ident(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("_-.", *s) == NULL)
			return "allowed characters are A-Z a-z 0-9 _ - .";
	return NULL;
}

static const struct cfg_enum cfg_port_roles[] = {
	{ "access", CFG_PORT_ACCESS },
	{ "core", CFG_PORT_CORE },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_port_drivers[] = {
	{ "vfio-pci", CFG_PORT_DRIVER_VFIO_PCI },
	{ "uio_pci_generic", CFG_PORT_DRIVER_UIO_PCI_GENERIC },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_ppp_proxy_auths[] = {
	{ "authenticated", CFG_PPP_PROXY_AUTH_AUTHENTICATED },
	{ "always", CFG_PPP_PROXY_AUTH_ALWAYS },
	{ "never", CFG_PPP_PROXY_AUTH_NEVER },
	{ NULL, 0 },
};

static const struct cfg_key cfg_eal_keys[] = {
	CFG_KEY_STRLIST(struct cfg_eal, args, nb_args, "args", 0, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_log_keys[] = {
	CFG_KEY_ENUM(struct cfg_log, level, "level", cfg_log_levels,
		     CFG_LOG_INFO, 0),
	CFG_KEY_LOGMAP(struct cfg_log, modules, nb_modules, "modules",
		       cfg_log_levels, 0),
	CFG_KEY_ENUM(struct cfg_log, output, "output", cfg_log_outputs,
		     CFG_LOG_OUT_STDERR, 0),
	CFG_KEY_ENUM(struct cfg_log, facility, "facility", cfg_log_facilities,
		     LOG_DAEMON, 0),
	CFG_KEY_STR(struct cfg_log, ident, "ident", "lnsd", cfg_check_ident,
		    0),
	CFG_KEY_END
};

static const struct cfg_enum cfg_rss_modes[] = {
	{ "outer", CFG_RSS_OUTER },
	{ "l2tp-session", CFG_RSS_L2TP_SESSION },
	{ NULL, 0 },
};

static const struct cfg_enum cfg_dp_spreads[] = {
	{ "off", CFG_SPREAD_OFF },
	{ "auto", CFG_SPREAD_AUTO },
	{ "on", CFG_SPREAD_ON },
	{ NULL, 0 },
};

static const struct cfg_key cfg_dataplane_keys[] = {
	CFG_KEY_U32(struct cfg_dataplane, mbufs, "mbufs",
		    1024, 4194304, 16383, 0),
	/* 512 is RTE_MEMPOOL_CACHE_MAX_SIZE. */
	CFG_KEY_U32(struct cfg_dataplane, mbuf_cache, "mbuf_cache",
		    0, 512, 256, 0),
	CFG_KEY_U16(struct cfg_dataplane, burst, "burst", 1, 128, 128, 0),
	/* rte_ring sizes are powers of two. */
	CFG_KEY_U32(struct cfg_dataplane, punt_ring, "punt_ring",
		    64, 65536, 4096, CFG_F_POW2),
	CFG_KEY_U32(struct cfg_dataplane, tx_flush_us, "tx_flush_us",
		    1, 1000, 100, 0),
	CFG_KEY_ENUM(struct cfg_dataplane, rss, "rss", cfg_rss_modes,
		     CFG_RSS_OUTER, 0),
	/* 9560 = the largest MRU (9600) minus IPv4 and TCP headers. */
	CFG_KEY_U16(struct cfg_dataplane, mss_clamp, "mss_clamp",
		    0, 9560, CFG_MSS_AUTO, 0),
	CFG_KEY_ENUM(struct cfg_dataplane, spread, "spread", cfg_dp_spreads,
		     CFG_SPREAD_AUTO, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_neigh_keys[] = {
	CFG_KEY_U32(struct cfg_neigh, reachable_ms, "reachable_ms",
		    1000, 3600000, 30000, 0),
	CFG_KEY_U32(struct cfg_neigh, retrans_ms, "retrans_ms",
		    100, 60000, 1000, 0),
	CFG_KEY_U32(struct cfg_neigh, probes, "probes", 1, 10, 3, 0),
	CFG_KEY_U32(struct cfg_neigh, max_entries, "max_entries",
		    16, 65536, 1024, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_port_keys[] = {
	CFG_KEY_STR(struct cfg_port, name, "name", NULL, cfg_check_name,
		    CFG_F_REQUIRED),
	CFG_KEY_STR(struct cfg_port, device, "device", NULL, cfg_check_device,
		    CFG_F_REQUIRED),
	CFG_KEY_ENUM(struct cfg_port, role, "role", cfg_port_roles, 0,
		     CFG_F_REQUIRED),
	CFG_KEY_PREFIX(struct cfg_port, address, "address", 1, 32,
		       CFG_F_REQUIRED | CFG_F_HOST),
	CFG_KEY_IPV4(struct cfg_port, gateway, "gateway", CFG_F_HOST),
	/* Default 0 (untagged) is outside the range on purpose. */
	CFG_KEY_U16(struct cfg_port, vlan, "vlan", 1, 4094, 0, 0),
	CFG_KEY_U16(struct cfg_port, mtu, "mtu", 576, 9600, 1500, 0),
	/* PMDs want descriptor ring sizes that are powers of two. */
	CFG_KEY_U16(struct cfg_port, rx_desc, "rx_desc", 64, 16384, 1024,
		    CFG_F_POW2),
	CFG_KEY_U16(struct cfg_port, tx_desc, "tx_desc", 64, 16384, 1024,
		    CFG_F_POW2),
	CFG_KEY_MAC(struct cfg_port, mac, mac_set, "mac", 0),
	/* Absent: CFG_PORT_DRIVER_NONE, outside the names on purpose. */
	CFG_KEY_ENUM(struct cfg_port, driver, "driver", cfg_port_drivers,
		     CFG_PORT_DRIVER_NONE, 0),
	/* /128 allowed: a core link may be numbered with one address. */
	CFG_KEY_PREFIX6(struct cfg_port, address6, "address6", 1, 128,
			CFG_F_HOST),
	CFG_KEY_IPV6(struct cfg_port, gateway6, "gateway6", 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_l2tp_peer_keys[] = {
	CFG_KEY_STR(struct cfg_l2tp_peer, name, "name", "", NULL, 0),
	CFG_KEY_PREFIX(struct cfg_l2tp_peer, address, "address", 0, 32,
		       CFG_F_REQUIRED),
	CFG_KEY_STR(struct cfg_l2tp_peer, secret, "secret", "", NULL, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_l2tp_keys[] = {
	CFG_KEY_STR(struct cfg_l2tp, host_name, "host_name", "lnsd", NULL, 0),
	CFG_KEY_STR(struct cfg_l2tp, vendor_name, "vendor_name", "lnsd",
		    NULL, 0),
	CFG_KEY_U32(struct cfg_l2tp, hello_ms, "hello_ms",
		    1000, 3600000, 60000, 0),
	/* SCCRQ to established, at most (RFC 2661 gives no figure). */
	CFG_KEY_U32(struct cfg_l2tp, setup_timeout_ms, "setup_timeout_ms",
		    1000, 3600000, 10000, 0),
	/* A call's ICRQ to its ICCN, at most (no figure either). */
	CFG_KEY_U32(struct cfg_l2tp, call_setup_timeout_ms,
		    "call_setup_timeout_ms", 1000, 3600000, 10000, 0),
	CFG_KEY_U16(struct cfg_l2tp, receive_window, "receive_window",
		    1, 1024, 16, 0),
	/* RFC 2661 §5.8: 1 s first retransmission, back-off cap >= 8 s. */
	CFG_KEY_U32(struct cfg_l2tp, retransmit_ms, "retransmit_ms",
		    100, 10000, 1000, 0),
	CFG_KEY_U32(struct cfg_l2tp, retransmit_max_ms, "retransmit_max_ms",
		    8000, 60000, 8000, 0),
	CFG_KEY_U16(struct cfg_l2tp, max_retransmits, "max_retransmits",
		    1, 20, 5, 0),
	CFG_KEY_U32(struct cfg_l2tp, max_tunnels, "max_tunnels",
		    1, 65535, 4096, 0),
	CFG_KEY_U32(struct cfg_l2tp, max_sessions, "max_sessions",
		    1, 1048576, 65536, 0),
	CFG_KEY_U32(struct cfg_l2tp, max_sessions_per_tunnel,
		    "max_sessions_per_tunnel", 1, 65535, 65535, 0),
	/* What one peer address may hold (docs/configuration.md). */
	CFG_KEY_U32(struct cfg_l2tp, max_tunnels_per_peer,
		    "max_tunnels_per_peer", 1, 65535, 64, 0),
	/* 0 is outside the range on purpose: the default, derived. */
	CFG_KEY_U32(struct cfg_l2tp, max_sessions_per_peer,
		    "max_sessions_per_peer", 1, 1048576, 0, 0),
	CFG_KEY_U32(struct cfg_l2tp, max_half_open_calls_per_tunnel,
		    "max_half_open_calls_per_tunnel", 1, 65535, 256, 0),
	/*
	 * SCCRQs and ICRQs a second, per source address and in all, and
	 * the bursts (docs/configuration.md has the reasons for the
	 * defaults). 1000000 keeps the bucket's thousandths in 32 bits
	 * (CTL_L2TP_RATE_MAX); a rate of 0 is no limit.
	 */
	CFG_KEY_U32(struct cfg_l2tp, sccrq_rate_per_peer,
		    "sccrq_rate_per_peer", 0, 1000000, 10, 0),
	CFG_KEY_U32(struct cfg_l2tp, sccrq_burst_per_peer,
		    "sccrq_burst_per_peer", 1, 1000000, 64, 0),
	CFG_KEY_U32(struct cfg_l2tp, sccrq_rate, "sccrq_rate",
		    0, 1000000, 256, 0),
	CFG_KEY_U32(struct cfg_l2tp, sccrq_burst, "sccrq_burst",
		    1, 1000000, 1024, 0),
	CFG_KEY_U32(struct cfg_l2tp, icrq_rate_per_peer,
		    "icrq_rate_per_peer", 0, 1000000, 2000, 0),
	CFG_KEY_U32(struct cfg_l2tp, icrq_burst_per_peer,
		    "icrq_burst_per_peer", 1, 1000000, 4000, 0),
	CFG_KEY_U32(struct cfg_l2tp, icrq_rate, "icrq_rate",
		    0, 1000000, 10000, 0),
	CFG_KEY_U32(struct cfg_l2tp, icrq_burst, "icrq_burst",
		    1, 1000000, 20000, 0),
	CFG_KEY_STR(struct cfg_l2tp, secret, "secret", "", NULL, 0),
	CFG_KEY_OBJLIST(struct cfg_l2tp, peers, nb_peers, "peers",
			cfg_l2tp_peer_keys, 0, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_ppp_keys[] = {
	/* 0 is outside the range on purpose: the default, derived. */
	CFG_KEY_U16(struct cfg_ppp, mru, "mru", 576, 9600, 0, 0),
	CFG_KEY_STRLIST(struct cfg_ppp, auth, nb_auth, "auth", 1, 0),
	CFG_KEY_U32(struct cfg_ppp, echo_interval_ms, "echo_interval_ms",
		    0, 3600000, 30000, 0),
	CFG_KEY_U16(struct cfg_ppp, echo_failures, "echo_failures",
		    1, 100, 3, 0),
	CFG_KEY_BOOL(struct cfg_ppp, proxy_lcp, "proxy_lcp", true, 0),
	CFG_KEY_ENUM(struct cfg_ppp, proxy_auth, "proxy_auth",
		     cfg_ppp_proxy_auths, CFG_PPP_PROXY_AUTH_AUTHENTICATED, 0),
	CFG_KEY_U32(struct cfg_ppp, setup_timeout_ms, "setup_timeout_ms",
		    1000, 600000, 30000, 0),
	CFG_KEY_IPV4(struct cfg_ppp, local_address, "local_address", 0),
	CFG_KEY_IPV4(struct cfg_ppp, dns1, "dns1", 0),
	CFG_KEY_IPV4(struct cfg_ppp, dns2, "dns2", 0),
	CFG_KEY_BOOL(struct cfg_ppp, ipv6cp, "ipv6cp", true, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_aaa_pool_keys[] = {
	CFG_KEY_STR(struct cfg_aaa_pool, name, "name", NULL, cfg_check_name,
		    CFG_F_REQUIRED),
	CFG_KEY_PREFIX(struct cfg_aaa_pool, prefix, "prefix", 8, 32,
		       CFG_F_REQUIRED),
	CFG_KEY_END
};

static const struct cfg_key cfg_aaa_user_keys[] = {
	CFG_KEY_STR(struct cfg_aaa_user, name, "name", NULL, NULL,
		    CFG_F_REQUIRED),
	CFG_KEY_STR(struct cfg_aaa_user, password, "password", "", NULL, 0),
	CFG_KEY_IPV4(struct cfg_aaa_user, address, "address", 0),
	CFG_KEY_STR(struct cfg_aaa_user, pool, "pool", "", NULL, 0),
	CFG_KEY_STR(struct cfg_aaa_user, profile, "profile", "", NULL, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_aaa_realm_keys[] = {
	CFG_KEY_STR(struct cfg_aaa_realm, name, "name", "", NULL, 0),
	CFG_KEY_ENUM(struct cfg_aaa_realm, backend, "backend",
		     cfg_aaa_backends, CFG_AAA_LOCAL, CFG_F_REQUIRED),
	CFG_KEY_BOOL(struct cfg_aaa_realm, strip, "strip", false, 0),
	CFG_KEY_BOOL(struct cfg_aaa_realm, fallback_local, "fallback_local",
		     false, 0),
	CFG_KEY_STR(struct cfg_aaa_realm, radius_group, "radius_group", "",
		    cfg_check_group, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_aaa_pool6_keys[] = {
	CFG_KEY_STR(struct cfg_aaa_pool6, name, "name", NULL, cfg_check_name,
		    CFG_F_REQUIRED),
	CFG_KEY_PREFIX6(struct cfg_aaa_pool6, prefix, "prefix", 1, 127,
			CFG_F_REQUIRED),
	CFG_KEY_U16(struct cfg_aaa_pool6, length, "length", 1, 128, 0,
		    CFG_F_REQUIRED),
	CFG_KEY_END
};

static const struct cfg_key cfg_aaa_keys[] = {
	CFG_KEY_STR(struct cfg_aaa, default_pool, "default_pool", "", NULL, 0),
	CFG_KEY_OBJLIST(struct cfg_aaa, pools, nb_pools, "pools",
			cfg_aaa_pool_keys, 0, 0),
	CFG_KEY_OBJLIST(struct cfg_aaa, users, nb_users, "users",
			cfg_aaa_user_keys, 0, 0),
	CFG_KEY_STR(struct cfg_aaa, users_file, "users_file", "", NULL, 0),
	/* Acct-Interim-Interval when the AAA gives none (one week at most). */
	CFG_KEY_U32(struct cfg_aaa, interim_interval, "interim_interval",
		    0, 604800, 0, 0),
	CFG_KEY_OBJLIST(struct cfg_aaa, realms, nb_realms, "realms",
			cfg_aaa_realm_keys, 0, 0),
	CFG_KEY_OBJLIST(struct cfg_aaa, pools6, nb_pools6, "pools6",
			cfg_aaa_pool6_keys, 0, 0),
	CFG_KEY_STR(struct cfg_aaa, default_pool6, "default_pool6", "",
		    NULL, 0),
	CFG_KEY_STR(struct cfg_aaa, default_pd_pool, "default_pd_pool", "",
		    NULL, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_radius_server_keys[] = {
	CFG_KEY_STR(struct cfg_radius_server, name, "name", "", NULL, 0),
	CFG_KEY_STR(struct cfg_radius_server, group, "group", "",
		    cfg_check_group, 0),
	CFG_KEY_IPV4(struct cfg_radius_server, address, "address",
		     CFG_F_REQUIRED),
	/* 0 takes the server out of that role. */
	CFG_KEY_U16(struct cfg_radius_server, auth_port, "auth_port",
		    0, 65535, 1812, 0),
	CFG_KEY_U16(struct cfg_radius_server, acct_port, "acct_port",
		    0, 65535, 1813, 0),
	CFG_KEY_STR(struct cfg_radius_server, secret, "secret", NULL, NULL,
		    CFG_F_REQUIRED),
	CFG_KEY_U32(struct cfg_radius_server, priority, "priority",
		    0, 1000, 1, 0),
	CFG_KEY_U32(struct cfg_radius_server, weight, "weight", 1, 1000, 1, 0),
	CFG_KEY_U32(struct cfg_radius_server, timeout_ms, "timeout_ms",
		    100, 60000, 1000, 0),
	CFG_KEY_U32(struct cfg_radius_server, retries, "retries", 0, 10, 2, 0),
	CFG_KEY_U32(struct cfg_radius_server, max_outstanding,
		    "max_outstanding", 1, 65536, 1024, 0),
	CFG_KEY_BOOL(struct cfg_radius_server, status_server, "status_server",
		     false, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_radius_acct_keys[] = {
	CFG_KEY_STR(struct cfg_radius_acct, spool_dir, "spool_dir",
		    "/var/lib/lnsd/acct-spool", NULL, 0),
	CFG_KEY_U32(struct cfg_radius_acct, spool_max_mb, "spool_max_mb",
		    1, 1048576, 256, 0),
	CFG_KEY_U32(struct cfg_radius_acct, spool_sync_ms, "spool_sync_ms",
		    1, 10000, 100, 0),
	CFG_KEY_U32(struct cfg_radius_acct, in_flight, "in_flight",
		    1, 65536, 256, 0),
	CFG_KEY_U32(struct cfg_radius_acct, retry_ms, "retry_ms",
		    100, 600000, 5000, 0),
	CFG_KEY_U32(struct cfg_radius_acct, timeout_ms, "timeout_ms",
		    100, 600000, 10000, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_radius_dae_client_keys[] = {
	CFG_KEY_IPV4(struct cfg_radius_dae_client, address, "address",
		     CFG_F_REQUIRED),
	CFG_KEY_STR(struct cfg_radius_dae_client, secret, "secret", NULL,
		    NULL, CFG_F_REQUIRED),
	CFG_KEY_END
};

static const struct cfg_key cfg_radius_dae_keys[] = {
	CFG_KEY_IPV4(struct cfg_radius_dae, address, "address", 0),
	CFG_KEY_U16(struct cfg_radius_dae, port, "port", 1, 65535, 3799, 0),
	CFG_KEY_U32(struct cfg_radius_dae, window_s, "window_s",
		    1, 86400, 300, 0),
	CFG_KEY_BOOL(struct cfg_radius_dae, require_event_timestamp,
		     "require_event_timestamp", false, 0),
	CFG_KEY_OBJLIST(struct cfg_radius_dae, clients, nb_clients, "clients",
			cfg_radius_dae_client_keys, 0, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_radius_keys[] = {
	CFG_KEY_STR(struct cfg_radius, nas_identifier, "nas_identifier", "",
		    NULL, 0),
	CFG_KEY_IPV4(struct cfg_radius, nas_ip_address, "nas_ip_address", 0),
	CFG_KEY_IPV4(struct cfg_radius, bind_address, "bind_address", 0),
	CFG_KEY_U32(struct cfg_radius, sockets, "sockets", 1, 64, 4, 0),
	CFG_KEY_ENUM(struct cfg_radius, balance, "balance",
		     cfg_radius_balances, CFG_RADIUS_PRIORITY, 0),
	CFG_KEY_U32(struct cfg_radius, dead_after, "dead_after", 1, 1000, 3, 0),
	CFG_KEY_U32(struct cfg_radius, dead_ms, "dead_ms",
		    1000, 3600000, 30000, 0),
	CFG_KEY_U32(struct cfg_radius, probe_ms, "probe_ms",
		    1000, 3600000, 10000, 0),
	CFG_KEY_U32(struct cfg_radius, auth_timeout_ms, "auth_timeout_ms",
		    100, 120000, 10000, 0),
	CFG_KEY_BOOL(struct cfg_radius, require_message_authenticator,
		     "require_message_authenticator", true, 0),
	CFG_KEY_BOOL(struct cfg_radius, send_tunnel_attributes,
		     "send_tunnel_attributes", true, 0),
	CFG_KEY_BOOL(struct cfg_radius, send_station_ids, "send_station_ids",
		     true, 0),
	CFG_KEY_BOOL(struct cfg_radius, send_connect_info, "send_connect_info",
		     true, 0),
	CFG_KEY_OBJLIST(struct cfg_radius, servers, nb_servers, "servers",
			cfg_radius_server_keys, 0, 0),
	CFG_KEY_OBJ(struct cfg_radius, accounting, "accounting",
		    cfg_radius_acct_keys, 0),
	CFG_KEY_OBJ(struct cfg_radius, dae, "dae", cfg_radius_dae_keys, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_static_keys[] = {
	CFG_KEY_U32(struct cfg_static, tunnels, "tunnels", 0, 65535, 0, 0),
	CFG_KEY_U32(struct cfg_static, sessions_per_tunnel,
		    "sessions_per_tunnel", 1, 65535, 1, 0),
	CFG_KEY_STR(struct cfg_static, port, "port", "", cfg_check_name, 0),
	CFG_KEY_IPV4(struct cfg_static, lac_address, "lac_address", 0),
	CFG_KEY_U16(struct cfg_static, lac_port, "lac_port", 1, 65535, 1701, 0),
	CFG_KEY_U16(struct cfg_static, lac_port_step, "lac_port_step",
		    0, 64, 0, 0),
	CFG_KEY_MAC(struct cfg_static, lac_mac, lac_mac_set, "lac_mac", 0),
	CFG_KEY_PREFIX(struct cfg_static, subscribers, "subscribers", 8, 30, 0),
	CFG_KEY_U16(struct cfg_static, mru, "mru", 576, 9600, 1500, 0),
	CFG_KEY_BOOL(struct cfg_static, sequencing, "sequencing", false, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_metrics_keys[] = {
	CFG_KEY_IPV4(struct cfg_metrics, address, "address", CFG_F_REQUIRED),
	CFG_KEY_U16(struct cfg_metrics, port, "port", 1, 65535, 9101, 0),
	CFG_KEY_STR(struct cfg_metrics, path, "path", "/metrics",
		    cfg_check_http_path, 0),
	CFG_KEY_U32(struct cfg_metrics, interval_ms, "interval_ms",
		    100, 60000, 1000, 0),
	CFG_KEY_U32(struct cfg_metrics, max_connections, "max_connections",
		    1, 1024, 16, 0),
	CFG_KEY_U32(struct cfg_metrics, timeout_ms, "timeout_ms",
		    100, 60000, 2000, 0),
	CFG_KEY_END
};

/* control_socket.path: absolute, fits sun_path (the field's size). */
static const char *
cfg_check_sock_path(const char *s)
{
	return s[0] == '/' ? NULL : "must be an absolute path";
}

/* control_socket.mode: octal permission bits, at most 0777. */
static const char *
cfg_check_sock_mode(const char *s)
{
	const char *c;

	if (*s == '\0' || strlen(s) > 4)
		return "must be octal permission bits, e.g. 0660";
	for (c = s; *c != '\0'; c++)
		if (*c < '0' || *c > '7')
			return "must be octal permission bits, e.g. 0660";
	if (strlen(s) == 4 && s[0] != '0')
		return "only permission bits (at most 0777) are allowed";
	return NULL;
}

/* control_socket.group: a group name (POSIX portable names). */
static const char *
cfg_check_sock_group(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' &&
		    *s != '.')
			return "allowed characters are A-Z a-z 0-9 _ - .";
	return NULL;
}

static const struct cfg_key cfg_ctl_sock_keys[] = {
	CFG_KEY_STR(struct cfg_ctl_sock, path, "path", "",
		    cfg_check_sock_path, 0),
	CFG_KEY_STR(struct cfg_ctl_sock, mode, "mode", "0660",
		    cfg_check_sock_mode, 0),
	CFG_KEY_STR(struct cfg_ctl_sock, group, "group", "",
		    cfg_check_sock_group, 0),
	CFG_KEY_END
};

/* qos.profiles is a map: its entries' names are the keys. */
_Static_assert(offsetof(struct cfg_qos_profile, name) == 0 &&
	       sizeof(((struct cfg_qos_profile *)0)->name) == CFG_NAME_LEN,
	       "CFG_T_OBJMAP element");

static const struct cfg_key cfg_qos_profile_keys[] = {
	CFG_KEY_RATE(struct cfg_qos_profile, up_bps, "up", 0),
	CFG_KEY_RATE(struct cfg_qos_profile, down_bps, "down", 0),
	CFG_KEY_BURST(struct cfg_qos_profile, burst_up, "burst_up", 0),
	CFG_KEY_BURST(struct cfg_qos_profile, burst_down, "burst_down", 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_qos_keys[] = {
	CFG_KEY_OBJMAP(struct cfg_qos, profiles, nb_profiles, "profiles",
		       cfg_qos_profile_keys, 0),
	CFG_KEY_STR(struct cfg_qos, default_profile, "default_profile", "",
		    NULL, 0),
	CFG_KEY_END
};

/* ipv6 (docs/ipv6.md): defaults an ISP's CPEs expect. */
static const struct cfg_key cfg_ipv6_ra_keys[] = {
	CFG_KEY_BOOL(struct cfg_ipv6_ra, managed, "managed", false, 0),
	CFG_KEY_BOOL(struct cfg_ipv6_ra, other, "other", true, 0),
	CFG_KEY_U32(struct cfg_ipv6_ra, router_lifetime, "router_lifetime",
		    0, 9000, 1800, 0),
	/* RFC 4861 §6.2.1: MaxRtrAdvInterval 4..1800 s. */
	CFG_KEY_U32(struct cfg_ipv6_ra, interval, "interval", 4, 1800, 200, 0),
	CFG_KEY_U32(struct cfg_ipv6_ra, prefix_valid, "prefix_valid",
		    0, UINT32_MAX, 86400, 0),
	CFG_KEY_U32(struct cfg_ipv6_ra, prefix_preferred, "prefix_preferred",
		    0, UINT32_MAX, 14400, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_ipv6_dhcp6_keys[] = {
	CFG_KEY_BOOL(struct cfg_ipv6_dhcp6, enabled, "enabled", true, 0),
	CFG_KEY_BOOL(struct cfg_ipv6_dhcp6, rapid_commit, "rapid_commit",
		     true, 0),
	CFG_KEY_U32(struct cfg_ipv6_dhcp6, preferred, "preferred",
		    60, UINT32_MAX, 14400, 0),
	CFG_KEY_U32(struct cfg_ipv6_dhcp6, valid, "valid",
		    60, UINT32_MAX, 86400, 0),
	CFG_KEY_END
};

static const struct cfg_key cfg_ipv6_keys[] = {
	CFG_KEY_OBJ(struct cfg_ipv6, ra, "ra", cfg_ipv6_ra_keys, 0),
	CFG_KEY_IP6LIST(struct cfg_ipv6, dns, nb_dns, "dns", 0),
	CFG_KEY_OBJ(struct cfg_ipv6, dhcp6, "dhcp6", cfg_ipv6_dhcp6_keys, 0),
	CFG_KEY_END
};

/* Top level: one entry per section. */
const struct cfg_key cfg_root_keys[] = {
	CFG_KEY_OBJ(struct cfg, eal, "eal", cfg_eal_keys, 0),
	CFG_KEY_OBJ(struct cfg, log, "log", cfg_log_keys, 0),
	CFG_KEY_OBJ(struct cfg, dataplane, "dataplane", cfg_dataplane_keys, 0),
	CFG_KEY_OBJ(struct cfg, neigh, "neighbor", cfg_neigh_keys, 0),
	CFG_KEY_OBJ(struct cfg, l2tp, "l2tp", cfg_l2tp_keys, 0),
	CFG_KEY_OBJ(struct cfg, ppp, "ppp", cfg_ppp_keys, 0),
	CFG_KEY_OBJ(struct cfg, aaa, "aaa", cfg_aaa_keys, 0),
	CFG_KEY_OBJ(struct cfg, radius, "radius", cfg_radius_keys, 0),
	CFG_KEY_OBJ(struct cfg, statics, "static_sessions", cfg_static_keys, 0),
	CFG_KEY_OBJ(struct cfg, metrics, "metrics", cfg_metrics_keys, 0),
	CFG_KEY_OBJ(struct cfg, ctl_sock, "control_socket", cfg_ctl_sock_keys, 0),
	CFG_KEY_OBJ(struct cfg, qos, "qos", cfg_qos_keys, 0),
	CFG_KEY_OBJ(struct cfg, ipv6, "ipv6", cfg_ipv6_keys, 0),
	CFG_KEY_OBJLIST(struct cfg, ports, nb_ports, "ports", cfg_port_keys,
			1, CFG_F_REQUIRED),
	CFG_KEY_END
};

void
cfg_schema_defaults(const struct cfg_key *keys, void *base)
{
	const struct cfg_key *k;
	char *p;
	int e;

	for (k = keys; k->name != NULL; k++) {
		p = (char *)base + k->off;
		switch (k->type) {
		case CFG_T_U16:
			*(uint16_t *)p = (uint16_t)k->def;
			break;
		case CFG_T_U32:
			*(uint32_t *)p = (uint32_t)k->def;
			break;
		case CFG_T_BOOL:
			*(bool *)p = k->def != 0;
			break;
		case CFG_T_ENUM:
			e = (int)k->def;
			memcpy(p, &e, sizeof(e));
			break;
		case CFG_T_STR:
			snprintf(p, k->size, "%s",
				 k->def_str != NULL ? k->def_str : "");
			break;
		case CFG_T_OBJ:
			cfg_schema_defaults(k->sub, p);
			break;
		default:
			/* Addresses and lists default to zero / empty. */
			break;
		}
	}
}

void
cfg_schema_free(const struct cfg_key *keys, void *base)
{
	const struct cfg_key *k;
	unsigned int *cnt, i;
	char **v, *p;

	for (k = keys; k->name != NULL; k++) {
		p = (char *)base + k->off;
		cnt = (unsigned int *)((char *)base + k->aux_off);
		switch (k->type) {
		case CFG_T_STRLIST:
			v = (char **)p;
			for (i = 0; i < k->max; i++) {
				free(v[i]);
				v[i] = NULL;
			}
			*cnt = 0;
			break;
		case CFG_T_OBJ:
			cfg_schema_free(k->sub, p);
			break;
		case CFG_T_OBJLIST:
		case CFG_T_OBJMAP:
			for (i = 0; i < *cnt && i < k->max; i++)
				cfg_schema_free(k->sub, p + i * k->size);
			*cnt = 0;
			break;
		default:
			break;
		}
	}
}

void
cfg_defaults(struct cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg_schema_defaults(cfg_root_keys, cfg);
}

void
cfg_free(struct cfg *cfg)
{
	if (cfg != NULL)
		cfg_schema_free(cfg_root_keys, cfg);
}

static const char *
cfg_enum_name(const struct cfg_enum *e, int v)
{
	for (; e->name != NULL; e++)
		if (e->value == v)
			return e->name;
	return "unknown";
}

const char *
cfg_log_level_name(enum cfg_log_level level)
{
	return cfg_enum_name(cfg_log_levels, (int)level);
}

int
cfg_log_level_parse(const char *s, enum cfg_log_level *level)
{
	int v;

	if (s == NULL || cfg_enum_parse(cfg_log_levels, s, &v) != 0)
		return -EINVAL;
	*level = (enum cfg_log_level)v;
	return 0;
}

const char *
cfg_port_role_name(enum cfg_port_role role)
{
	return cfg_enum_name(cfg_port_roles, (int)role);
}

const char *
cfg_rss_mode_name(enum cfg_rss_mode mode)
{
	return cfg_enum_name(cfg_rss_modes, (int)mode);
}

static const struct cfg_enum cfg_ppp_auths[] = {
	{ "pap", CFG_PPP_AUTH_PAP },
	{ "chap", CFG_PPP_AUTH_CHAP },
	{ "mschapv2", CFG_PPP_AUTH_MSCHAPV2 },
	{ NULL, 0 },
};

enum cfg_ppp_auth
cfg_ppp_auth_parse(const char *s)
{
	int v;

	if (s == NULL || cfg_enum_parse(cfg_ppp_auths, s, &v) != 0)
		return 0;
	return (enum cfg_ppp_auth)v;
}

const char *
cfg_ppp_proxy_auth_name(enum cfg_ppp_proxy_auth a)
{
	return cfg_enum_name(cfg_ppp_proxy_auths, (int)a);
}

bool
cfg_l2tp_open_to_any(const struct cfg *cfg)
{
	const struct cfg_l2tp *l = &cfg->l2tp;
	unsigned int i;

	if (l->nb_peers == 0)
		return l->secret[0] == '\0';
	for (i = 0; i < l->nb_peers; i++)
		if (l->peers[i].address.len == 0)
			return l->peers[i].secret[0] == '\0' &&
			       l->secret[0] == '\0';
	return false;
}
