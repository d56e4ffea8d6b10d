/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lns-lacgen: an emulated LAC (RFC 2661 L2TP Access Concentrator) that
 * opens T tunnels x S sessions against an LNS over one DPDK port.
 *
 * Single threaded: everything runs on the EAL main lcore. Modules:
 *   lacgen_main.c     EAL, main loop, phases
 *   lacgen_opts.c     command line
 *   lacgen_port.c     the DPDK port, Ethernet/IPv4/UDP, ARP
 *   lacgen_tunnel.c   LAC-side control connection FSM over l2tp_xport
 *   lacgen_tunnels.c  the tunnel table: setup pacing, timers, RX dispatch
 *   lacgen_session.c  LAC-side incoming calls (ICRQ/ICRP/ICCN, CDN)
 *   lacgen_ppp.c      --ppp: the subscriber's PPP per session (LCP, IPCP)
 *   lacgen_ppp_auth.c --ppp: PAP/CHAP client, proxy LCP/auth ICCN AVPs
 *   lacgen_tun.c      --tun: sessions attached to Linux TUN devices
 *   lacgen_chaos.c    loss/duplication/reordering of control frames
 *   lacgen_report.c   progress lines and the final summary
 */

#ifndef _LACGEN_H_
#define _LACGEN_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#include "l2tp_avp.h"
#include "l2tp_proto.h"
#include "l2tp_xport.h"
#include "ppp_ipcp.h"
#include "ppp_ipv6cp.h"
#include "ppp_lcp.h"
#include "ppp_chap.h"

/* Largest control message lacgen builds (SCCRQ with a long host name). */
#define LACGEN_MSG_MAX		1024
/* Largest frame held by the chaos reorder slot (a received UDP payload). */
#define LACGEN_FRAME_MAX	2048
/* Challenge we send in SCCRQ (§4.4.3: any length). */
#define LACGEN_CHALLENGE_LEN	16
#define LACGEN_HOST_NAME	"lns-lacgen"
/* --ppp credentials: user "<prefix><n>" and the password. */
#define LACGEN_USER_PREFIX	"user"
#define LACGEN_PASSWORD		"password"
/* --tun: device names "<prefix><k>". */
#define LACGEN_TUN_PREFIX	"lgtun"

/* ------------------------------------------------------------------ */
/* Configuration (lacgen_opts.c). */

struct lacgen_conf {
	uint32_t lns_ip;		/* network order */
	uint32_t local_ip;		/* network order */
	uint8_t prefix_len;
	bool has_gw_mac;
	struct rte_ether_addr gw_mac;
	uint16_t port_id;
	uint32_t tunnels;
	uint32_t sessions;		/* per tunnel */
	const char *secret;		/* NULL: no tunnel authentication */
	size_t secret_len;
	const char *host_name;
	bool hide;			/* hide call AVPs (§4.3), needs secret */
	uint32_t window;		/* outstanding ICRQs (and SCCRQs) */
	double loss, dup, reorder;	/* 0..1 */
	bool rx_chaos;
	uint64_t seed;
	uint32_t hold_s;
	bool teardown;
	uint32_t timeout_s;		/* 0: none */
	uint32_t rto_ms;		/* first retransmission; 0: default */
	uint32_t hello_s;		/* keepalive (§6.5); 0: none */
	uint16_t rx_queues;		/* RX queues to poll; 0: 1 */
	bool json;
	/* --ppp: the subscriber side, to IPCP-open (lacgen_ppp.c). */
	bool ppp;
	bool proxy_lcp;			/* proxy LCP/auth AVPs in ICCN */
	enum ppp_auth accept_auth[PPP_LCP_MAX_AUTH];	/* preferred first */
	uint8_t accept_auth_count;
	const char *user_prefix;	/* user "<prefix><n><suffix>", n from 1 */
	const char *user_suffix;	/* "" or e.g. "@realm" */
	const char *password;
	uint32_t ppp_timeout_s;		/* per session, to IPCP-open */
	uint16_t mru;			/* our LCP MRU; 0: 1500, not requested */
	/* --ipv6: IPv6CP beside IPCP in every session (RFC 5072). */
	bool ipv6;
	/* --tun: the first tun_count sessions at IPCP-open get a TUN. */
	uint32_t tun_count;
	const char *tun_netns;		/* NULL: our own namespace */
	const char *tun_prefix;		/* device "<prefix><k>" */
};

/* Parse argv up to "--". Returns the index of "--" + 1 (EAL args start
 * there, possibly == argc), -1 after printing an error, -2 after --help. */
int lacgen_opts_parse(struct lacgen_conf *conf, int argc, char **argv);
void lacgen_opts_usage(const char *prog);

/* ------------------------------------------------------------------ */
/* Chaos (lacgen_chaos.c). */

/* Where a frame goes once chaos lets it through. */
typedef void (*lacgen_chaos_out_t)(void *ctx, const uint8_t *buf, size_t len,
    uint32_t aux, uint64_t now);

struct lacgen_chaos_stats {
	uint64_t passed;
	uint64_t dropped;
	uint64_t duplicated;
	uint64_t reordered;
};

/* One direction: a frame may be held back and sent after the next one. */
struct lacgen_chaos {
	double loss, dup, reorder;
	uint64_t *rng;			/* shared PRNG state */
	lacgen_chaos_out_t out;
	bool held;
	void *held_ctx;
	uint32_t held_aux;
	uint16_t held_len;
	uint64_t held_deadline;
	uint8_t held_buf[LACGEN_FRAME_MAX];
	struct lacgen_chaos_stats stats;
};

/* How long a reordered frame waits for a successor before it goes out. */
#define LACGEN_CHAOS_HOLD_MS	20

void lacgen_chaos_init(struct lacgen_chaos *c, double loss, double dup,
    double reorder, uint64_t *rng, lacgen_chaos_out_t out);
void lacgen_chaos_pass(struct lacgen_chaos *c, void *ctx, const uint8_t *buf,
    size_t len, uint32_t aux, uint64_t now);
/* Release a held frame whose deadline passed. */
void lacgen_chaos_flush(struct lacgen_chaos *c, uint64_t now);
uint64_t lacgen_rng_next(uint64_t *state);
/* Uniform in [0, 1). */
double lacgen_rng_unit(uint64_t *state);

/* ------------------------------------------------------------------ */
/* Port (lacgen_port.c). */

/* A UDP datagram to our address and port 1701. */
typedef void (*lacgen_port_rx_t)(void *arg, uint32_t src_ip, uint16_t sport,
    const uint8_t *payload, size_t len, uint64_t now);

#define LACGEN_TX_BURST		32
/* An L2TP data header without L, S, O (§3.1: flags, Tunnel ID, Session
 * ID), then PPP's FF 03 and a 2-octet protocol. */
#define LACGEN_DATA_HDR		(6 + 4)
#define LACGEN_RX_BURST		32

struct lacgen_port_stats {
	uint64_t rx_pkts;
	uint64_t tx_pkts;
	uint64_t tx_dropped;		/* TX ring full: freed */
	uint64_t no_mbuf;
	uint64_t arp_rx;
	uint64_t arp_tx;
	uint64_t rx_not_ours;		/* other ethertypes, addresses, ports */
	uint64_t rx_malformed;		/* bad IPv4/UDP header or checksum */
	uint64_t rx_fragments;
	uint64_t rx_foreign_src;	/* UDP/1701 not from the LNS */
	/* From the PMD (rte_eth_stats), see lacgen_port_read_stats(). */
	uint64_t hw_rx_missed;
	uint64_t hw_rx_errors;
	uint64_t hw_tx_errors;
};

struct lacgen_port {
	uint16_t port_id;
	struct rte_mempool *mp;
	struct rte_ether_addr mac;
	struct rte_ether_addr next_hop_mac;
	bool resolved;
	uint32_t local_ip;		/* network order */
	uint32_t lns_ip;
	uint16_t ip_id;
	uint16_t nb_rxq;		/* polled round robin */
	uint16_t rxq_next;
	lacgen_port_rx_t rx_cb;
	void *rx_arg;
	struct rte_mbuf *tx[LACGEN_TX_BURST];
	uint16_t n_tx;
	struct lacgen_port_stats stats;
};

int lacgen_port_init(struct lacgen_port *p, const struct lacgen_conf *conf,
    lacgen_port_rx_t rx_cb, void *rx_arg);
void lacgen_port_fini(struct lacgen_port *p);
/* Receive and handle one burst; returns the number of frames seen. */
unsigned int lacgen_port_poll(struct lacgen_port *p, uint64_t now);
/* Queue one UDP datagram from local_ip:1701 to lns_ip:dport. */
int lacgen_port_send_udp(struct lacgen_port *p, uint16_t dport,
    const uint8_t *payload, size_t len);
/* The same with the payload already in m (consumed, also on error). */
int lacgen_port_send_mbuf(struct lacgen_port *p, uint16_t dport,
    struct rte_mbuf *m);
void lacgen_port_flush(struct lacgen_port *p);
/* Copy the PMD's drop counters into p->stats. */
void lacgen_port_read_stats(struct lacgen_port *p);
/* Broadcast an ARP request for the LNS address. */
int lacgen_port_arp_request(struct lacgen_port *p);

/* ------------------------------------------------------------------ */
/* Tunnels and sessions (lacgen_tunnel.c, lacgen_session.c). */

enum lacgen_tunnel_state {
	LACGEN_TUNNEL_IDLE = 0,		/* not started */
	LACGEN_TUNNEL_WAIT_REPLY,	/* SCCRQ sent, §7.2 wait-ctl-reply */
	LACGEN_TUNNEL_ESTABLISHED,	/* SCCCN sent */
	LACGEN_TUNNEL_TEARDOWN,		/* CDNs sent, waiting for acks */
	LACGEN_TUNNEL_CLOSING,		/* StopCCN sent, waiting for ack */
	LACGEN_TUNNEL_CLOSED,
};

/* Why a tunnel or session ended. */
enum lacgen_end {
	LACGEN_END_NONE = 0,
	LACGEN_END_CLEAN,		/* we closed it and the LNS acked */
	LACGEN_END_PEER,		/* StopCCN / CDN from the LNS */
	LACGEN_END_REJECTED,		/* we refused the LNS's reply */
	LACGEN_END_DEAD,		/* §5.8 retransmissions exhausted */
	LACGEN_END_TUNNEL,		/* session: its tunnel went down */
	LACGEN_END_UNSTARTED,		/* never started (session: no ICRQ) */
	LACGEN_END_COUNT,
};

enum lacgen_session_state {
	LACGEN_SESSION_IDLE = 0,
	LACGEN_SESSION_WAIT_REPLY,	/* ICRQ sent, §7.3 wait-reply */
	LACGEN_SESSION_ESTABLISHED,	/* ICCN sent */
	LACGEN_SESSION_CLOSING,		/* CDN sent, waiting for the ack */
	LACGEN_SESSION_CLOSED,
};

struct lacgen_ppp;
struct lacgen_tun;
struct rte_mbuf;

struct lacgen_session {
	struct lacgen_ppp *ppp;		/* --ppp only */
	uint16_t local_id;		/* index + 1 */
	uint16_t peer_id;
	uint8_t state;			/* enum lacgen_session_state */
	uint8_t end;			/* enum lacgen_end */
	bool resolved;			/* established or ended (counted) */
	bool was_established;
	uint16_t cdn_result;
};

struct lacgen;

struct lacgen_tunnel {
	struct lacgen *lg;
	enum lacgen_tunnel_state state;
	enum lacgen_end end;
	bool resolved;
	bool was_established;
	bool stop_received;		/* set in deliver, handled after input */
	uint16_t local_id;		/* 1..T */
	uint16_t peer_id;
	uint16_t peer_udp_port;	/* §8.1: the LNS may answer from any */
	uint16_t result_code;		/* StopCCN seen or sent */
	uint64_t last_rx;		/* ms: the LNS's latest frame (--hello) */
	uint8_t challenge[LACGEN_CHALLENGE_LEN];
	struct l2tp_xport xp;
	bool xp_ready;

	struct lacgen_session *sess;	/* conf.sessions entries */
	uint32_t next_session;		/* next index to send an ICRQ for */
	uint32_t outstanding;		/* ICRQs waiting for ICRP, and with
					 * --ppp sessions not yet resolved */
	uint32_t cdn_next;		/* teardown cursor */
	/*
	 * PPP timers (lacgen_ppp_timer): sessions below ppp_lo were quiet
	 * (up with no timer running, or ended) when the scan passed them and
	 * are visited a slice per tick from ppp_cursor, each about once a
	 * second; the others every tick. 1M sessions would otherwise cost
	 * 100M timer checks a second.
	 */
	uint32_t ppp_lo;
	uint32_t ppp_cursor;
};

/* Where a session's PPP is (--ppp, lacgen_ppp.c). */
enum lacgen_ppp_phase {
	LACGEN_PPP_IDLE = 0,		/* not started */
	LACGEN_PPP_LCP,
	LACGEN_PPP_AUTH,
	LACGEN_PPP_IPCP,
	LACGEN_PPP_UP,			/* IPCP opened */
	LACGEN_PPP_AUTH_FAILED,
	LACGEN_PPP_FAILED,
	LACGEN_PPP_CLOSED,		/* the session is gone */
	LACGEN_PPP_NPHASES,
};

/* CDN result codes 0..11 and "other". */
#define LACGEN_CDN_RC_SLOTS	(L2TP_CDN_RC_MAX + 2)
#define LACGEN_STOP_RC_SLOTS	(L2TP_STOPCCN_RC_MAX + 2)

struct lacgen_stats {
	uint64_t tunnels_started;
	uint64_t tunnels_established;
	uint64_t tunnels_failed;	/* ended before established */
	uint64_t tunnels_resolved;
	uint64_t tunnels_ended;		/* reached CLOSED */
	uint64_t tunnels_closed_clean;
	uint64_t tunnels_lost;		/* ended after established, not clean */
	uint64_t stopccn_rc[LACGEN_STOP_RC_SLOTS];	/* received */
	uint64_t tunnel_end[LACGEN_END_COUNT];		/* why they ended */

	uint64_t sessions_started;
	uint64_t sessions_established;
	uint64_t sessions_failed;
	uint64_t sessions_resolved;
	uint64_t sessions_closed_clean;
	uint64_t sessions_lost;
	uint64_t cdn_rc[LACGEN_CDN_RC_SLOTS];		/* received */
	uint64_t session_end[LACGEN_END_COUNT];

	uint64_t tx_errors;		/* message build/queue failures */
	uint64_t rx_ctrl;		/* L2TP control frames received */
	uint64_t rx_data;		/* L2TP data frames (ignored for now) */
	uint64_t rx_bad_header;
	uint64_t rx_unknown_tunnel;
	uint64_t rx_unknown_session;
	uint64_t rx_parse_errors;
	uint64_t rx_unexpected;		/* message not valid in the state */
	uint64_t rx_bad_reply;		/* SCCRP/ICRP missing or bad AVPs */
	uint64_t rx_hello;
	uint64_t tx_hello;		/* --hello keepalives sent */

	/* --ppp (lacgen_ppp.c). */
	uint64_t ppp_started;		/* sessions that began PPP */
	uint64_t ppp_resolved;		/* up, or failed before up */
	uint64_t ppp_up;		/* IPCP opened */
	uint64_t ppp_auth_failed;	/* PAP Nak, CHAP Failure, bad S= */
	uint64_t ppp_auth_failed_closed; /* ... whose call has since ended */
	uint64_t ppp_failed;		/* anything else before IPCP-open */
	uint64_t ppp_timeouts;		/* of which --ppp-timeout */
	uint64_t ppp_lost;		/* went down again after up */
	uint64_t ppp_proxy;		/* sessions started with proxy LCP */
	uint64_t ppp_in_phase[LACGEN_PPP_NPHASES];	/* sessions now in each phase */
	uint64_t ppp_rx;		/* PPP frames received */
	uint64_t ppp_tx;
	uint64_t ppp_rx_bad;		/* no FF03/protocol, unknown session */
	uint64_t ppp_rx_unknown_proto;	/* Protocol-Rejected */
	uint64_t ppp_rx_early;		/* Challenges kept until LCP opened */
	uint64_t ppp_rx_ip;		/* IPv4 for sessions without a TUN */
	uint64_t ppp_v6_up;		/* IPv6CP reached Opened */
	uint64_t ppp_rx_ip6;		/* IPv6 for sessions without IPv6 on
					 * a TUN */
};

enum lacgen_phase {
	LACGEN_PHASE_ARP = 0,
	LACGEN_PHASE_SETUP,
	LACGEN_PHASE_HOLD,
	LACGEN_PHASE_TEARDOWN,
	LACGEN_PHASE_DRAIN,
	LACGEN_PHASE_DONE,
};

struct lacgen {
	struct lacgen_conf conf;
	struct lacgen_port port;
	struct lacgen_tunnel *tun;	/* conf.tunnels entries */
	uint32_t next_tunnel;		/* next index to send SCCRQ for */
	uint32_t call_serial;
	uint64_t rng;
	struct lacgen_chaos chaos_tx;
	struct lacgen_chaos chaos_rx;
	struct l2tp_xport_conf xconf;
	enum lacgen_phase phase;
	bool timed_out;
	bool interrupted;
	uint64_t t_start;		/* ms: program start */
	uint64_t t_setup_start;		/* us: first SCCRQ */
	uint64_t t_setup_end;		/* us: last tunnel/session resolved */
	uint64_t t_phase;		/* current phase entered */
	uint64_t ppp_tick;		/* next PPP timer scan */
	struct lacgen_stats st;
	/* --tun (lacgen_tun.c). */
	struct lacgen_tun *tuns;	/* conf.tun_count entries */
	uint32_t n_tuns;		/* attached so far */
	uint32_t tun_errors;		/* attachments that failed */
	struct rte_mbuf *tun_spare;	/* read buffer kept across polls */
};

/* lacgen_tunnel.c: one tunnel */
struct l2tp_hdr;
/* xport init and SCCRQ. */
int lacgen_tunnel_start(struct lacgen_tunnel *t, uint64_t now);
/* Retransmissions, delayed acks, teardown progress. */
void lacgen_tunnel_timer(struct lacgen_tunnel *t, uint64_t now);
void lacgen_tunnel_teardown(struct lacgen_tunnel *t, uint64_t now);
/* One received control frame for t (header decoded by the caller). */
void lacgen_tunnel_input(struct lacgen_tunnel *t, const struct l2tp_hdr *h,
    const uint8_t *buf, uint16_t sport, uint64_t now);
/* TX chaos output: the frame goes on the wire (ctx is the tunnel). */
void lacgen_tunnel_wire_out(void *ctx, const uint8_t *buf, size_t len,
    uint32_t aux, uint64_t now);
/* Queue a message built with Ns = Nr = 0 on the tunnel's transport. */
int lacgen_tunnel_finish_send(struct lacgen_tunnel *t, struct l2tp_writer *w,
    uint64_t now);
int lacgen_tunnel_send(struct lacgen_tunnel *t, const uint8_t *msg,
    size_t len, uint64_t now);
const char *lacgen_end_name(enum lacgen_end e);

/* lacgen_tunnels.c: the table of tunnels */
int lacgen_tunnels_init(struct lacgen *lg, uint64_t now);
void lacgen_tunnels_fini(struct lacgen *lg);
/* Start tunnels while fewer than conf.window are being set up. */
void lacgen_tunnels_start(struct lacgen *lg, uint64_t now);
/* Timers of every tunnel (retransmissions, acks, teardown progress). */
void lacgen_tunnels_timer(struct lacgen *lg, uint64_t now);
/* Begin teardown of every established tunnel. */
void lacgen_tunnels_teardown(struct lacgen *lg, uint64_t now);
/* True when no tunnel has unacknowledged messages. */
bool lacgen_tunnels_quiet(const struct lacgen *lg);
/*
 * Acknowledge now what the LNS sent and we have not acknowledged yet: at
 * exit, so it does not retransmit its last messages (a CDN, say) to the
 * next LAC that reuses our tunnel ID from this address.
 */
void lacgen_tunnels_ack_now(struct lacgen *lg);
/* Port callback: a datagram from the LNS (RX chaos, then rx_l2tp). */
void lacgen_rx_udp(void *arg, uint32_t src_ip, uint16_t sport,
    const uint8_t *payload, size_t len, uint64_t now);
/* One L2TP datagram from the LNS. */
void lacgen_rx_l2tp(void *arg, uint32_t src_ip, uint16_t sport,
    const uint8_t *payload, size_t len, uint64_t now);
/* Sum of the transports' statistics. */
void lacgen_tunnels_xport_stats(const struct lacgen *lg,
    struct l2tp_xport_stats *sum);

/* lacgen_session.c */
/* Send ICRQs while fewer than conf.window are outstanding. */
void lacgen_sessions_pump(struct lacgen_tunnel *t, uint64_t now);
/* A call-level message for this tunnel (ICRP, CDN, ...). */
void lacgen_session_input(struct lacgen_tunnel *t, uint16_t session_id,
    const struct l2tp_msg *m, int parse_rc, uint64_t now);
/* Teardown: send CDNs while the transport queue has room; returns true
 * once every session has been sent its CDN. */
bool lacgen_sessions_teardown(struct lacgen_tunnel *t, uint64_t now);
/* Every CDN was acknowledged: those sessions closed cleanly. */
void lacgen_sessions_closed_clean(struct lacgen_tunnel *t);
/* The tunnel is gone: end every session still open or never started. */
void lacgen_sessions_drop(struct lacgen_tunnel *t, enum lacgen_end why);

/* lacgen_ppp.c: the subscriber's PPP over the session (--ppp) */

/* Largest early CHAP Challenge kept (lnsd's: 21 octets + its name). */
#define LACGEN_PPP_EARLY_MAX	96

struct lacgen_ppp {
	struct lacgen_tunnel *t;
	struct lacgen_session *s;
	struct ppp_lcp lcp;
	struct ppp_ipcp ipcp;
	uint8_t phase;			/* enum lacgen_ppp_phase */
	bool resolved;			/* counted up or failed */
	bool lower_up;			/* LCP got its Up event */
	bool proxy;			/* ICCN carried proxy LCP */
	bool close_pending;		/* failed: close LCP at the next tick */
	enum ppp_auth auth;		/* how we prove ourselves */
	uint8_t auth_id;		/* PAP: Identifier of our request */
	uint8_t auth_tx;		/* PAP: requests sent */
	uint32_t magic, lac_magic;	/* proxy LCP Magic-Numbers */
	uint64_t t_start;		/* ms */
	uint64_t t_lower_up;		/* LCP up by then even if the LNS is mute */
	uint64_t t_auth;		/* PAP: next retransmission */
	uint32_t addr;			/* assigned by IPCP (host order) */
	uint32_t dns[2];
	struct lacgen_tun *tun;		/* --tun: attached at IPCP-open */
	struct ppp_ipv6cp *v6;		/* --ipv6: our IPv6CP, else NULL */
	bool v6_up;			/* IPv6CP Opened */
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1];	/* MS-CHAPv2 S= */
	/* A CHAP Challenge that overtook the LNS's Configure-Ack. */
	uint8_t early_len;
	uint8_t early[LACGEN_PPP_EARLY_MAX];
};

/* How often the PPP timers of all sessions are looked at. */
#define LACGEN_PPP_TICK_MS	10
/*
 * Restart timer of our LCP/IPCP and PAP retransmission interval: RFC 1661
 * §4.6's 3 s (as pppd). Shorter makes an LNS slowed by thousands of
 * sessions see retransmitted Configure-Requests after it reached Opened,
 * which RFC 1661 answers with a renegotiation.
 */
#define LACGEN_PPP_RESTART_MS	3000
/* LCP's Up event at the latest this long after ICCN (the LNS is mute). */
#define LACGEN_PPP_LOWER_UP_MS	1000

/* After ICCN: start LCP (or open it from the proxy values). */
void lacgen_ppp_start(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint64_t now);
/* A data message for one of our tunnels (header decoded). */
void lacgen_ppp_rx(struct lacgen *lg, const struct l2tp_hdr *h,
    const uint8_t *buf, uint64_t now);
/* Timers of every session of t (LACGEN_PPP_TICK_MS). */
void lacgen_ppp_timer(struct lacgen_tunnel *t, uint64_t now);
/* The session ended: PPP failed if it was not up. */
void lacgen_ppp_closed(struct lacgen_tunnel *t, struct lacgen_session *s);
/* Send one PPP packet (code..data) of protocol proto on the session. */
void lacgen_ppp_send(struct lacgen_ppp *p, uint16_t proto,
    const uint8_t *pkt, size_t len);
/* Write the LACGEN_DATA_HDR octets that carry a PPP packet of protocol
 * proto to the LNS on p's session (L2TP data header, FF 03, protocol). */
void lacgen_ppp_data_hdr(const struct lacgen_ppp *p, uint8_t *buf,
    uint16_t proto);
/* Authentication done (ok) or failed; IPCP starts on success. */
void lacgen_ppp_auth_done(struct lacgen_ppp *p, bool ok, uint64_t now);
const char *lacgen_ppp_phase_name(enum lacgen_ppp_phase ph);

/* lacgen_ppp_auth.c */
/* Subscriber number n (1..T*S) and user name "<prefix><n>". */
int lacgen_ppp_user(const struct lacgen_ppp *p, char *buf, size_t cap);
/* Random octets from the shared PRNG. */
void lacgen_ppp_random(struct lacgen *lg, void *buf, size_t len);
/* --proxy-lcp: AVPs 26-28 and 29-33 for the ICCN (flags: H or 0). */
void lacgen_ppp_iccn_avps(struct lacgen_tunnel *t, struct lacgen_session *s,
    struct l2tp_writer *w, uint16_t flags);
/* Proxy LCP options: ours (the client's CONFREQ) or the LAC's. */
size_t lacgen_ppp_proxy_opts(const struct lacgen_ppp *p, bool ours,
    uint8_t *buf, size_t cap);
/* LCP opened (or proxy): begin authenticating ourselves. */
void lacgen_ppp_auth_begin(struct lacgen_ppp *p, uint64_t now);
/* PAP retransmission. */
void lacgen_ppp_auth_timer(struct lacgen_ppp *p, uint64_t now);
/* A PAP or CHAP packet (from Code on). */
void lacgen_ppp_auth_input(struct lacgen_ppp *p, uint16_t proto,
    const uint8_t *pkt, size_t len, uint64_t now);

/* lacgen_tun.c: --tun, a Linux IP stack behind a session */

struct lacgen_tun_stats {
	uint64_t tx_pkts, tx_bytes;	/* read from the TUN, sent to the LNS */
	uint64_t tx_drops;		/* not IPv4, session down, no mbuf */
	uint64_t rx_pkts, rx_bytes;	/* from the LNS, written to the TUN */
	uint64_t rx_drops;		/* TUN write failed (EAGAIN, ...) */
};

struct lacgen_tun {
	struct lacgen_ppp *p;
	int fd;
	uint32_t addr;			/* host order */
	uint16_t mtu;
	bool configured;		/* every ip command succeeded */
	bool v6_configured;		/* --ipv6: link-local added */
	char name[16];			/* IFNAMSIZ */
	struct lacgen_tun_stats st;
};

/* Most packets read from one TUN per poll. */
#define LACGEN_TUN_BURST	8
/* Policy routing table of TUN k: 100 + k. */
#define LACGEN_TUN_TABLE	100

/* Check the options (namespace exists), allocate the table. */
int lacgen_tun_init(struct lacgen *lg);
void lacgen_tun_fini(struct lacgen *lg);
/* IPCP opened on p: attach a TUN if fewer than --tun are. */
void lacgen_tun_attach(struct lacgen_ppp *p);
/*
 * IPv6CP opened on p (its TUN attached or not yet): give the TUN the
 * link-local address of the negotiated Interface-Identifier.
 */
void lacgen_tun_attach6(struct lacgen_ppp *p);
/* Read every TUN (a burst each) and send to the LNS; returns packets. */
unsigned int lacgen_tun_poll(struct lacgen *lg);
/* An IPv4 packet from the LNS for p's TUN. */
void lacgen_tun_write(struct lacgen_tun *tun, const uint8_t *pkt,
    size_t len);
/* The attachments: text lines, or a JSON array (with its key). */
void lacgen_tun_report(const struct lacgen *lg, bool json);

/* lacgen_report.c */
void lacgen_report_progress(const struct lacgen *lg, uint64_t now);
void lacgen_report_summary(const struct lacgen *lg, uint64_t now, int status);
const char *lacgen_phase_name(enum lacgen_phase p);

/* lacgen_main.c */
uint64_t lacgen_now_ms(void);
uint64_t lacgen_now_us(void);

#endif /* _LACGEN_H_ */
