/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd configuration: typed structs filled from YAML by cfg_load().
 *
 * Ownership: written once by cfg_load() before the EAL starts; read-only
 * afterwards (control and worker lcores may read it without locks).
 * This header does not depend on DPDK so that the loader is unit tested
 * without the EAL.
 */
#ifndef LNS_CFG_H
#define LNS_CFG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CFG_MAX_PORTS		8
#define CFG_MAX_EAL_ARGS	64
#define CFG_MAX_LOG_MODULES	32
#define CFG_NAME_LEN		32
#define CFG_DEVICE_LEN		256
#define CFG_PATH_LEN		256
#define CFG_MAX_L2TP_PEERS	64
#define CFG_HOSTNAME_LEN	64
#define CFG_SECRET_LEN		128
#define CFG_MAX_PPP_AUTH	3
#define CFG_MAX_POOLS		32
#define CFG_MAX_USERS		64	/* inline; more in aaa.users_file */
#define CFG_MAX_REALMS		16
#define CFG_MAX_RADIUS_SERVERS	8
#define CFG_MAX_DAE_CLIENTS	16
#define CFG_MAX_QOS_PROFILES	64
#define CFG_MAX_POOLS6		16
#define CFG_MAX_DNS6		3
/* aaa.pools6[]: length - prefix length at most this (2^20 prefixes). */
#define CFG_POOL6_MAX_BITS	20

/* Log levels use the same numbers as DPDK's RTE_LOG_* (1 = emerg .. 8 = debug). */
enum cfg_log_level {
	CFG_LOG_EMERG = 1,
	CFG_LOG_ALERT,
	CFG_LOG_CRIT,
	CFG_LOG_ERR,
	CFG_LOG_WARNING,
	CFG_LOG_NOTICE,
	CFG_LOG_INFO,
	CFG_LOG_DEBUG,
};

enum cfg_port_role {
	CFG_PORT_ACCESS = 0,	/* towards the LACs (L2TP tunnels arrive here) */
	CFG_PORT_CORE,		/* towards the core / Internet */
};

/*
 * ports[].driver: the kernel driver lnsd-setup binds the PCI device to
 * before lnsd starts (docs/packaging.md); lnsd itself does not use it.
 */
enum cfg_port_driver {
	CFG_PORT_DRIVER_NONE = 0,	/* leave the device's driver alone */
	CFG_PORT_DRIVER_VFIO_PCI,
	CFG_PORT_DRIVER_UIO_PCI_GENERIC,
};

/*
 * dataplane.rss: how the access ports' NIC spreads upstream L2TP over the
 * workers' RX queues (drivers/port_flow.h).
 */
enum cfg_rss_mode {
	CFG_RSS_OUTER = 0,	/* the PMD's RSS on the outer IP/UDP header */
	CFG_RSS_L2TP_SESSION,	/* an rte_flow RSS rule on the session ID */
};

struct cfg_ipv4_prefix {
	uint32_t addr;		/* network byte order */
	uint8_t len;		/* 0..32 */
};

/*
 * An IPv6 prefix "2001:db8::/32"; host bits past len are zero, except in
 * an interface address (ports[].address6: "2001:db8:c0::1/64").
 */
struct cfg_ipv6_prefix {
	uint8_t addr[16];
	uint8_t len;		/* 0..128 */
};

struct cfg_port {
	char name[CFG_NAME_LEN];	/* ports[].name, required, unique */
	char device[CFG_DEVICE_LEN];	/* PCI address or DPDK vdev string */
	enum cfg_port_role role;	/* ports[].role, required */
	struct cfg_ipv4_prefix address;	/* ports[].address, required, host bits set */
	uint32_t gateway;		/* network order; 0 = none; must be on-link */
	uint16_t vlan;			/* 802.1Q VID 1..4094; 0 = untagged */
	uint16_t mtu;			/* 576..9600, default 1500 */
	uint16_t rx_desc;		/* 64..16384, default 1024 */
	uint16_t tx_desc;		/* 64..16384, default 1024 */
	uint8_t mac[6];			/* ports[].mac, optional override */
	bool mac_set;
	enum cfg_port_driver driver;	/* ports[].driver, for lnsd-setup only */
	/*
	 * Core ports' IPv6 (docs/ipv6.md "Core side"): our global address
	 * and prefix length (len 0 = none; host bits set, not link-local,
	 * not multicast), and the IPv6 gateway (all zero = none): on-link
	 * in that prefix, or a link-local fe80::/10 router address.
	 */
	struct cfg_ipv6_prefix address6;
	uint8_t gateway6[16];
};

struct cfg_log_module {
	char name[CFG_NAME_LEN];	/* module name, e.g. "arp" (log type lnsd.arp) */
	enum cfg_log_level level;
};

/* log.output: where lnsd's and DPDK's log lines go (control/ctl_log.c). */
enum cfg_log_output {
	CFG_LOG_OUT_STDERR = 0,	/* a timestamp, the level, the line */
	CFG_LOG_OUT_SYSLOG,	/* syslog(3), log.facility and log.ident */
	CFG_LOG_OUT_JOURNAL,	/* sd_journal_send(): MESSAGE and fields */
};

#define CFG_LOG_IDENT_LEN	32

struct cfg_log {
	enum cfg_log_level level;	/* log.level, default info */
	struct cfg_log_module modules[CFG_MAX_LOG_MODULES];
	unsigned int nb_modules;	/* log.modules: map name -> level */
	enum cfg_log_output output;	/* log.output, default stderr */
	int facility;			/* log.facility: a LOG_* of <syslog.h>, default daemon */
	char ident[CFG_LOG_IDENT_LEN];	/* log.ident, default "lnsd" */
};

struct cfg_eal {
	char *args[CFG_MAX_EAL_ARGS];	/* eal.args: list of strings (malloc'd) */
	unsigned int nb_args;
};

enum cfg_dp_spread {
	CFG_SPREAD_OFF = 0,		/* each worker forwards what it receives */
	CFG_SPREAD_AUTO,		/* spread while one worker's RX is skewed */
	CFG_SPREAD_ON,			/* always (with two workers or more) */
};

struct cfg_dataplane {
	uint32_t mbufs;			/* dataplane.mbufs, default 16383 */
	uint32_t mbuf_cache;		/* dataplane.mbuf_cache, default 256 */
	uint16_t burst;			/* dataplane.burst 1..128, default 32 */
	uint32_t punt_ring;		/* dataplane.punt_ring, power of 2, default 4096 */
	uint32_t tx_flush_us;		/* dataplane.tx_flush_us 1..1000, default 100 */
	enum cfg_rss_mode rss;		/* dataplane.rss, default outer */
	/*
	 * dataplane.mss_clamp 0..9560: TCP MSS written into SYNs both ways
	 * when larger; 0 = off; absent (CFG_MSS_AUTO) = per session, the
	 * smaller of the two PPP MRUs minus 40.
	 */
	uint16_t mss_clamp;
	/* Not a YAML key: lns-bench --no-counters (what the counters cost). */
	bool no_session_counters;
	/*
	 * Not a YAML key: lns-bench --spread on. The stage hands every
	 * upstream frame through a ring, a worker's own to itself too, so
	 * its cost shows with one worker (dataplane/dp_spread.h).
	 */
	bool spread_force_self;
	/*
	 * dataplane.spread off|auto|on, default auto: hand upstream L2TP
	 * data frames to a worker chosen by session (dataplane/dp_spread.h).
	 */
	enum cfg_dp_spread spread;
};

#define CFG_MSS_AUTO	UINT16_MAX

struct cfg_neigh {
	uint32_t reachable_ms;		/* neighbor.reachable_ms, default 30000 */
	uint32_t retrans_ms;		/* neighbor.retrans_ms, default 1000 */
	uint32_t probes;		/* neighbor.probes 1..10, default 3 */
	uint32_t max_entries;		/* neighbor.max_entries 16..65536, default 1024 */
};

/* An L2TP peer (LAC) allowed to open tunnels. */
struct cfg_l2tp_peer {
	char name[CFG_HOSTNAME_LEN];	/* expected Host Name AVP; "" = any */
	struct cfg_ipv4_prefix address;	/* source addresses, required */
	char secret[CFG_SECRET_LEN];	/* tunnel secret; "" = l2tp.secret */
};

struct cfg_l2tp {
	char host_name[CFG_HOSTNAME_LEN];	/* l2tp.host_name, default "lnsd" */
	char vendor_name[CFG_HOSTNAME_LEN];	/* l2tp.vendor_name, default "lnsd" */
	uint32_t hello_ms;		/* l2tp.hello_ms 1000..3600000, default 60000 */
	uint32_t setup_timeout_ms;	/* l2tp.setup_timeout_ms 1000..3600000, default 10000 */
	uint32_t call_setup_timeout_ms;	/* l2tp.call_setup_timeout_ms 1000..3600000, default 10000 */
	uint16_t receive_window;	/* l2tp.receive_window 1..1024, default 16 */
	uint32_t retransmit_ms;		/* l2tp.retransmit_ms 100..10000, default 1000 */
	uint32_t retransmit_max_ms;	/* l2tp.retransmit_max_ms 8000..60000, default 8000 */
	uint16_t max_retransmits;	/* l2tp.max_retransmits 1..20, default 5 */
	uint32_t max_tunnels;		/* l2tp.max_tunnels 1..65535, default 4096 */
	uint32_t max_sessions;		/* l2tp.max_sessions 1..1048576, default 65536 */
	uint32_t max_sessions_per_tunnel; /* 1..65535, default 65535 */
	uint32_t max_tunnels_per_peer;	/* 1..65535, default 64 */
	uint32_t max_sessions_per_peer;	/* 1..1048576, 0 (default) = max_sessions / 4 */
	uint32_t max_half_open_calls_per_tunnel; /* 1..65535, default 256 */
	/* Token buckets, per second and burst; a rate of 0: no limit. */
	uint32_t sccrq_rate_per_peer;	/* 0..1000000, default 10 */
	uint32_t sccrq_burst_per_peer;	/* 1..1000000, default 64 */
	uint32_t sccrq_rate;		/* 0..1000000, default 256 */
	uint32_t sccrq_burst;		/* 1..1000000, default 1024 */
	uint32_t icrq_rate_per_peer;	/* 0..1000000, default 2000 */
	uint32_t icrq_burst_per_peer;	/* 1..1000000, default 4000 */
	uint32_t icrq_rate;		/* 0..1000000, default 10000 */
	uint32_t icrq_burst;		/* 1..1000000, default 20000 */
	char secret[CFG_SECRET_LEN];	/* l2tp.secret, "" = no tunnel authentication */
	struct cfg_l2tp_peer peers[CFG_MAX_L2TP_PEERS];
	unsigned int nb_peers;		/* l2tp.peers: none = any peer may connect */
};

/* PPP authentication methods, in ppp.auth. */
enum cfg_ppp_auth {
	CFG_PPP_AUTH_PAP = 1,
	CFG_PPP_AUTH_CHAP,		/* CHAP with MD5 (RFC 1994) */
	CFG_PPP_AUTH_MSCHAPV2,		/* RFC 2759 */
};

/*
 * ppp.proxy_auth: from which tunnels the LAC's proxy authentication (RFC
 * 2661 §4.4.5, AVPs 29-33) is taken instead of authenticating the
 * subscriber ourselves. A captured CHAP exchange replayed in an ICCN logs
 * its user in again, so only a LAC that proved the tunnel secret (§5.1.1)
 * is trusted with it by default; §9.5: it MUST be possible to turn off.
 */
enum cfg_ppp_proxy_auth {
	CFG_PPP_PROXY_AUTH_AUTHENTICATED = 0,	/* tunnels with a secret */
	CFG_PPP_PROXY_AUTH_ALWAYS,		/* any tunnel (trusted LACs) */
	CFG_PPP_PROXY_AUTH_NEVER,		/* always authenticate ourselves */
};

struct cfg_ppp {
	uint16_t mru;			/* ppp.mru 0 or 576..9600; 0 = from the access port MTU */
	char *auth[CFG_MAX_PPP_AUTH];	/* ppp.auth: pap|chap|mschapv2, in order; default [chap] */
	unsigned int nb_auth;
	uint32_t echo_interval_ms;	/* ppp.echo_interval_ms 0 (off) or 1000..3600000, default 30000 */
	uint16_t echo_failures;		/* ppp.echo_failures 1..100, default 3 */
	bool proxy_lcp;			/* ppp.proxy_lcp, default true */
	/* ppp.proxy_auth, default authenticated; only with proxy_lcp. */
	enum cfg_ppp_proxy_auth proxy_auth;
	uint32_t setup_timeout_ms;	/* ppp.setup_timeout_ms 1000..600000, default 30000 */
	uint32_t local_address;		/* ppp.local_address; 0 = the first core port's */
	uint32_t dns1, dns2;		/* ppp.dns1/dns2; 0 = none */
	bool ipv6cp;			/* ppp.ipv6cp, default true */
};

/*
 * static_sessions: TEST BEDS ONLY. Sessions installed in the dataplane at
 * start-up with no L2TP or PPP signalling, so a traffic generator (pktgen
 * replaying tools/lns-pktgen-assets output) can send L2TP data at once.
 * Deterministic: tunnel t = 1..tunnels and session s = 1..sessions_per_tunnel
 * use OUR tunnel/session IDs t/s and the LAC's IDs t/s; subscriber number
 * i = (t-1) * sessions_per_tunnel + (s-1) gets subscribers.base + 1 + i.
 */
struct cfg_static {
	uint32_t tunnels;		/* static_sessions.tunnels 0..65535, 0 = none */
	uint32_t sessions_per_tunnel;	/* 1..65535, default 1 */
	char port[CFG_NAME_LEN];	/* access port name, "" = the first access port */
	uint32_t lac_address;		/* network order, required with tunnels */
	uint16_t lac_port;		/* LAC UDP port of tunnel 1, default 1701 */
	uint16_t lac_port_step;		/* tunnel t: lac_port + (t-1) * step, default 0 */
	uint8_t lac_mac[6];		/* next hop towards the LAC, required */
	bool lac_mac_set;
	/* static_sessions.sequencing: downstream Ns/Nr (DP_SESS_F_SEQ) */
	bool sequencing;
	struct cfg_ipv4_prefix subscribers;	/* required with tunnels */
	uint16_t mru;			/* 576..9600, default 1500 */
};

struct cfg_aaa_pool {
	char name[CFG_NAME_LEN];	/* several entries with one name make one pool */
	struct cfg_ipv4_prefix prefix;
};

/*
 * aaa.pools6[]: prefix cut into prefixes of length (docs/ipv6.md): /56s
 * to delegate, /64s for the sessions' links. One entry per pool.
 */
struct cfg_aaa_pool6 {
	char name[CFG_NAME_LEN];	/* unique among aaa.pools6 */
	uint16_t length;		/* 1..128, > prefix length */
	struct cfg_ipv6_prefix prefix;
	uint8_t pad;			/* explicit: compared by octets */
};

struct cfg_aaa_user {
	char name[CFG_HOSTNAME_LEN * 2];
	char password[CFG_SECRET_LEN];
	uint32_t address;		/* static address; 0 = from a pool */
	char pool[CFG_NAME_LEN];	/* "" = aaa.default_pool */
	char profile[CFG_NAME_LEN];	/* qos.profiles name; "" = default */
};

enum cfg_aaa_backend {
	CFG_AAA_LOCAL = 0,	/* aaa.users and aaa.users_file */
	CFG_AAA_RADIUS,		/* radius.servers */
};

/* aaa.realms[]: the "@realm" suffix of a user name picks the backend. */
struct cfg_aaa_realm {
	char name[CFG_HOSTNAME_LEN];	/* "" = the default realm */
	enum cfg_aaa_backend backend;
	bool strip;			/* drop "@realm" before the backend */
	bool fallback_local;		/* local users when no server answered */
	char radius_group[CFG_NAME_LEN];	/* radius.servers[].group; "" default */
};

struct cfg_aaa {
	char default_pool[CFG_NAME_LEN];
	struct cfg_aaa_pool pools[CFG_MAX_POOLS];
	unsigned int nb_pools;
	struct cfg_aaa_user users[CFG_MAX_USERS];
	unsigned int nb_users;
	char users_file[CFG_PATH_LEN];	/* "" = none; see docs/configuration.md */
	uint32_t interim_interval;	/* s, 0 = no Interim-Updates by default */
	struct cfg_aaa_realm realms[CFG_MAX_REALMS];
	unsigned int nb_realms;		/* 0: one default realm (see docs) */
	struct cfg_aaa_pool6 pools6[CFG_MAX_POOLS6];
	unsigned int nb_pools6;
	char default_pool6[CFG_NAME_LEN];	/* the sessions' /64s; "" none */
	char default_pd_pool[CFG_NAME_LEN];	/* delegated prefixes; "" none */
};

enum cfg_radius_balance {
	CFG_RADIUS_PRIORITY = 0,	/* failover in priority order */
	CFG_RADIUS_WEIGHTED,		/* spread by weight */
};

/* radius.servers[] */
struct cfg_radius_server {
	char name[CFG_NAME_LEN];	/* logs and counters; "" = address */
	char group[CFG_NAME_LEN];	/* the realms' server group; "" default */
	uint32_t address;		/* network order, required */
	uint16_t auth_port;		/* 0: not used for authentication */
	uint16_t acct_port;		/* 0: not used for accounting */
	char secret[CFG_SECRET_LEN];	/* required */
	uint32_t priority;
	uint32_t weight;
	uint32_t timeout_ms;		/* first retransmission */
	uint32_t retries;
	uint32_t max_outstanding;
	bool status_server;		/* probe with Status-Server when dead */
};

/* radius.accounting */
struct cfg_radius_acct {
	char spool_dir[CFG_PATH_LEN];	/* durable Start/Stop records */
	uint32_t spool_max_mb;
	uint32_t spool_sync_ms;
	uint32_t in_flight;		/* records sent and not answered */
	uint32_t retry_ms;		/* after every server failed a record */
	uint32_t timeout_ms;		/* one record, over every server */
};

/* radius.dae.clients[] (RFC 5176) */
struct cfg_radius_dae_client {
	uint32_t address;		/* network order */
	char secret[CFG_SECRET_LEN];
};

/* radius.dae: Disconnect-Request and CoA-Request server. */
struct cfg_radius_dae {
	uint32_t address;		/* listen address, network order; 0 = off */
	uint16_t port;
	uint32_t window_s;		/* Event-Timestamp accepted +/- this */
	bool require_event_timestamp;
	struct cfg_radius_dae_client clients[CFG_MAX_DAE_CLIENTS];
	unsigned int nb_clients;
};

struct cfg_radius {
	char nas_identifier[CFG_HOSTNAME_LEN];	/* "" = l2tp.host_name */
	uint32_t nas_ip_address;	/* network order; 0 = the core port's */
	uint32_t bind_address;		/* source of requests; 0 = any */
	uint32_t sockets;
	enum cfg_radius_balance balance;
	uint32_t dead_after;
	uint32_t dead_ms;
	uint32_t probe_ms;
	uint32_t auth_timeout_ms;	/* one Access-Request, over every server */
	bool require_message_authenticator;
	bool send_tunnel_attributes;	/* RFC 2868 Tunnel-* in Access-Request */
	bool send_station_ids;		/* Calling-/Called-Station-Id */
	bool send_connect_info;
	struct cfg_radius_server servers[CFG_MAX_RADIUS_SERVERS];
	unsigned int nb_servers;
	struct cfg_radius_acct accounting;
	struct cfg_radius_dae dae;
};

/*
 * metrics: the Prometheus endpoint (control/ctl_metrics*.c). Off unless
 * the section is present; then address is required (0.0.0.0: every
 * address). See docs/configuration.md "metrics".
 */
#define CFG_METRICS_PATH_LEN	64

struct cfg_metrics {
	bool enabled;			/* the metrics section is present */
	uint32_t address;		/* network order; listen address */
	uint16_t port;			/* 1..65535, default 9101 */
	char path[CFG_METRICS_PATH_LEN];	/* default "/metrics" */
	uint32_t interval_ms;		/* control snapshot period 100..60000, default 1000 */
	uint32_t max_connections;	/* 1..1024, default 16 */
	uint32_t timeout_ms;		/* one connection, 100..60000, default 2000 */
};

/*
 * control_socket: lnsctl's Unix socket (control/ctl_sock.h). path ""
 * means the default, /run/lnsd/lnsd.sock, or /run/lnsd/<prefix>.sock
 * under a non-default EAL --file-prefix.
 */
#define CFG_SOCK_PATH_LEN	108	/* sizeof(sockaddr_un.sun_path) */

struct cfg_ctl_sock {
	char path[CFG_SOCK_PATH_LEN];
	char mode[8];			/* octal permission bits, "0660" */
	char group[CFG_NAME_LEN];	/* owning group by name; "": lnsd's */
};

/*
 * qos: rate profiles (docs/configuration.md "qos"). Rates in bit/s of
 * the inner IP packet, 0 = unlimited; bursts in octets, 0 = the
 * dataplane's default. "up" is what the subscriber sends (policed),
 * "down" what it receives (shaped).
 */
#define CFG_QOS_RATE_MIN	8000ULL			/* 8k */
#define CFG_QOS_RATE_MAX	400000000000ULL		/* 400G */
#define CFG_QOS_BURST_MIN	1500u			/* one packet */
#define CFG_QOS_BURST_MAX	(64u << 20)		/* 64M */

struct cfg_qos_profile {
	char name[CFG_NAME_LEN];	/* the key of qos.profiles (first) */
	uint64_t up_bps;		/* up */
	uint64_t down_bps;		/* down */
	uint32_t burst_up;		/* burst_up, octets */
	uint32_t burst_down;		/* burst_down, octets */
};

struct cfg_qos {
	struct cfg_qos_profile profiles[CFG_MAX_QOS_PROFILES];
	unsigned int nb_profiles;
	char default_profile[CFG_NAME_LEN];	/* "" = unlimited */
};

/*
 * ipv6: subscriber-side IPv6 (docs/ipv6.md): Router Advertisements,
 * RDNSS and the DHCPv6 server. Lifetimes in seconds.
 */
struct cfg_ipv6_ra {
	bool managed;			/* ra.managed (M), default false */
	bool other;			/* ra.other (O), default true */
	uint32_t router_lifetime;	/* 0 or interval..9000, default 1800 */
	uint32_t interval;		/* 4..1800, default 200 */
	uint32_t prefix_valid;		/* default 86400 */
	uint32_t prefix_preferred;	/* <= prefix_valid, default 14400 */
};

struct cfg_ipv6_dhcp6 {
	bool enabled;			/* dhcp6.enabled, default true */
	bool rapid_commit;		/* default true */
	uint32_t preferred;		/* leases, default 14400 */
	uint32_t valid;			/* >= preferred, default 86400 */
};

struct cfg_ipv6 {
	struct cfg_ipv6_ra ra;
	uint8_t dns[CFG_MAX_DNS6][16];	/* ipv6.dns: RDNSS and option 23 */
	unsigned int nb_dns;
	struct cfg_ipv6_dhcp6 dhcp6;
};

struct cfg {
	char path[CFG_PATH_LEN];
	struct cfg_eal eal;
	struct cfg_log log;
	struct cfg_dataplane dataplane;
	struct cfg_neigh neigh;
	struct cfg_l2tp l2tp;
	struct cfg_ppp ppp;
	struct cfg_aaa aaa;
	struct cfg_radius radius;
	struct cfg_static statics;	/* static_sessions */
	struct cfg_metrics metrics;
	struct cfg_ctl_sock ctl_sock;	/* control_socket */
	struct cfg_qos qos;
	struct cfg_ipv6 ipv6;
	struct cfg_port ports[CFG_MAX_PORTS];
	unsigned int nb_ports;		/* ports: required, 1..CFG_MAX_PORTS */
};

/* RADIUS servers for authentication / accounting exist; RADIUS is used
 * by some realm (no aaa.realms: when a server has an auth_port). */
bool cfg_radius_has_auth(const struct cfg *cfg);
bool cfg_radius_has_acct(const struct cfg *cfg);
bool cfg_radius_used(const struct cfg *cfg);
/* A server of group (radius.servers[].group) has an auth_port. */
bool cfg_radius_group_has_auth(const struct cfg *cfg, const char *group);

/* One configuration error, printed as FILE:LINE:COLUMN: key: message. */
struct cfg_error {
	char file[CFG_PATH_LEN];
	unsigned int line;		/* 1-based */
	unsigned int column;		/* 1-based */
	char key[128];			/* dotted path, e.g. ports[1].address */
	char msg[192];
};

struct cfg_errors {
	struct cfg_error *v;
	unsigned int n;
	unsigned int cap;
};

/* Fill cfg with defaults (no ports). */
void cfg_defaults(struct cfg *cfg);

/*
 * Load and validate a YAML file. Returns 0 on success; -EINVAL when the file
 * has errors (all of them are appended to errs); -errno when it cannot be read
 * (one error is appended too).
 */
int cfg_load(const char *path, struct cfg *cfg, struct cfg_errors *errs);

/* Same, from a memory buffer; name is used as FILE in errors. */
int cfg_load_buffer(const char *name, const char *buf, size_t len,
		    struct cfg *cfg, struct cfg_errors *errs);

void cfg_free(struct cfg *cfg);
void cfg_errors_print(FILE *f, const struct cfg_errors *errs);
void cfg_errors_free(struct cfg_errors *errs);

/* Helpers shared with the rest of lnsd. */
const char *cfg_log_level_name(enum cfg_log_level level);

/* Index in ports[] of static_sessions.port (or the first access port); -1. */
int cfg_static_port(const struct cfg *cfg);
int cfg_log_level_parse(const char *s, enum cfg_log_level *level);
const char *cfg_port_role_name(enum cfg_port_role role);
/* "outer" / "l2tp-session" (dataplane.rss). */
const char *cfg_rss_mode_name(enum cfg_rss_mode mode);
/* "pap" / "chap" / "mschapv2" -> enum; 0 when unknown. */
enum cfg_ppp_auth cfg_ppp_auth_parse(const char *s);
const char *cfg_ppp_proxy_auth_name(enum cfg_ppp_proxy_auth a);
/*
 * qos rates and bursts (cfg_qos.c): a rate is decimal digits with an
 * optional k, M or G suffix (x1000, bit/s), a burst digits with an
 * optional k or M suffix (x1024, octets). 0 is accepted (unlimited / the
 * default); otherwise the value must lie in CFG_QOS_RATE_MIN..MAX or
 * CFG_QOS_BURST_MIN..MAX. 0, -EINVAL (not that syntax) or -ERANGE
 * (overflow, or outside the range; *v holds the value when it fits).
 */
int cfg_qos_parse_rate(const char *s, uint64_t *bps);
int cfg_qos_parse_burst(const char *s, uint32_t *bytes);
/* "10M", "64k", "unlimited" / "default" for 0: for logs and lnsctl. */
void cfg_qos_rate_str(uint64_t bps, char *buf, size_t size);
/* The profile called name, or NULL. */
const struct cfg_qos_profile *cfg_qos_profile_find(const struct cfg_qos *q,
						   const char *name);

/*
 * Whether tunnels are accepted from any address without a shared secret
 * (RFC 2661 §5.1.1): no l2tp.peers and no l2tp.secret, or an
 * l2tp.peers[] entry of prefix length 0 (the first one: the first match
 * applies) without a secret of its own or l2tp.secret.
 */
bool cfg_l2tp_open_to_any(const struct cfg *cfg);

/*
 * The address plan (cfg_plan.c, docs/configuration.md "Address plan"):
 * cfg_load() checks the YAML; the users file is checked user by user by
 * whoever reads it. cfg_plan_create() knows cfg's ports, pools, static
 * sessions and inline users' static addresses (NULL: no memory).
 * cfg_plan_user() checks one more user - static address addr (network
 * order, 0: none) and pool ("" or NULL: the default) - and remembers its
 * address under where ("FILE:LINE"), so a second user with it is refused;
 * on a verdict other than OK, why is in msg.
 */
struct cfg_plan;
enum cfg_plan_verdict {
	CFG_PLAN_OK = 0,
	CFG_PLAN_BAD_ADDRESS,
	CFG_PLAN_BAD_POOL,
	CFG_PLAN_NOMEM,
};
struct cfg_plan *cfg_plan_create(const struct cfg *cfg);
enum cfg_plan_verdict cfg_plan_user(struct cfg_plan *plan, uint32_t addr,
	const char *pool, const char *where, char *msg, size_t size);
void cfg_plan_free(struct cfg_plan *plan);

#endif /* LNS_CFG_H */
