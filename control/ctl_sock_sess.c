/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control socket's tunnels and sessions: "show tunnels" and "show
 * sessions" stream every tunnel or call a bounded slice per loop pass,
 * resuming from the last one listed (IDs are dense: a listing never
 * holds a pointer across passes, so tunnels and calls may come and go
 * meanwhile); "show session", "disconnect" and "set session" find their
 * session by our IDs directly (or by user or address, through the PPP
 * glue's indexes).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_l2tp.h"
#include "ctl_ppp.h"
#include "ctl_sock_priv.h"
#include "lns_ipv4.h"
#include "lns_log.h"

/* ---- argument parsing ---- */

/* A decimal number in 1..max. */
static bool
ctl_sock_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno == 0 && *end == '\0' && *v >= 1 && *v <= max;
}

/* "T/S": our tunnel and session IDs. */
static bool
ctl_sock_call_id(const char *s, uint16_t *tid, uint16_t *sid)
{
	char t[8], *slash;
	unsigned long a, b;

	if (s == NULL || (slash = strchr(s, '/')) == NULL ||
	    (size_t)(slash - s) >= sizeof(t))
		return false;
	memcpy(t, s, (size_t)(slash - s));
	t[slash - s] = '\0';
	if (!ctl_sock_num(t, UINT16_MAX, &a) ||
	    !ctl_sock_num(slash + 1, UINT16_MAX, &b))
		return false;
	*tid = (uint16_t)a;
	*sid = (uint16_t)b;
	return true;
}

/* "a.b.c.d" or "a.b.c.d/len" into host-order net and mask. */
static bool
ctl_sock_prefix(const char *s, uint32_t *net, uint32_t *mask)
{
	char addr[LNS_IPV4_STRLEN];
	const char *slash = strchr(s, '/');
	unsigned long len = 32;
	struct in_addr a;
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);

	if (n >= sizeof(addr))
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, &a) != 1)
		return false;
	if (slash != NULL && (strcmp(slash + 1, "0") != 0 &&
			      !ctl_sock_num(slash + 1, 32, &len)))
		return false;
	if (slash != NULL && strcmp(slash + 1, "0") == 0)
		len = 0;
	*mask = len == 0 ? 0 : UINT32_MAX << (32 - len);
	*net = ntohl(a.s_addr) & *mask;
	return true;
}

static int
ctl_sock_phase(const char *s)
{
	int p;

	for (p = 0; p < CTL_PPP_PHASES; p++)
		if (strcmp(s, ctl_ppp_phase_name(p)) == 0)
			return p;
	return -1;
}

/* ---- show tunnels ---- */

struct ctl_sock_tun_arg {
	struct ctl_sock_client *c;
	uint64_t now;
};

static void
ctl_sock_tunnel_row(const struct ctl_l2tp_tunnel_info *ti, void *arg)
{
	struct ctl_sock_tun_arg *a = arg;
	struct ctl_sock_out st;
	struct ctl_out o;

	ctl_sock_out_init(&o, &st, a->c);
	o.ops->obj_begin(o.ctx, NULL);
	ctl_tel_read_tunnel(&o, ti, a->now);
	o.ops->obj_end(o.ctx);
	ctl_json_newline(&a->c->j);
	a->c->rows++;
	ctl_sock_stats.rows++;
}

static int
ctl_sock_tunnels_more(struct ctl_sock_client *c, unsigned int *budget,
		      uint64_t now)
{
	struct ctl_sock_tun_arg a = { .c = c, .now = now };
	unsigned int n = (unsigned int)((c->j.cap - c->j.len) /
					CTL_SOCK_ROW_MAX);

	n = RTE_MIN(RTE_MIN(n, *budget), (unsigned int)CTL_SOCK_ROWS_CLIENT);
	if (n == 0)
		return 1;	/* wait for the client to read */
	*budget -= n;
	c->st.next_tid = ctl_l2tp_walk_from(c->st.next_tid, n,
					    ctl_sock_tunnel_row, &a);
	if (c->st.next_tid != 0)
		return 1;
	ctl_sock_stream_end(c);
	return 0;
}

void
ctl_sock_show_tunnels(struct ctl_sock_client *c, const struct ctl_req *req,
		      uint64_t now)
{
	ctl_sock_stream_begin(c, "tunnels");
	c->st.next_tid = 1;
	c->more = ctl_sock_tunnels_more;
}

/* ---- show sessions ---- */

static bool
ctl_sock_sess_match(const struct ctl_sock_sess_filter *f,
		    const struct ctl_l2tp_path *p, const struct ctl_ppp_view *v,
		    bool has_ppp)
{
	if (f->peer != 0 && p->peer_ip != f->peer)
		return false;
	if (!has_ppp)	/* no user, address or phase yet */
		return f->user[0] == '\0' && !f->has_net && f->phase < 0;
	if (f->phase >= 0 && (int)v->phase != f->phase)
		return false;
	if (f->has_net && (v->addr == 0 || (v->addr & f->mask) != f->net))
		return false;
	return f->user[0] == '\0' || fnmatch(f->user, v->user, 0) == 0;
}

static void
ctl_sock_sess_row(struct ctl_sock_client *c, const struct ctl_call *cs,
		  const struct ctl_l2tp_path *p, const struct ctl_ppp_view *v,
		  bool has_ppp, uint64_t now)
{
	struct ctl_l2tp_call_info ci;
	char id[16], ip[LNS_IPV4_STRLEN];
	struct ctl_json *j = &c->j;

	ctl_l2tp_call_info(cs, &ci);
	snprintf(id, sizeof(id), "%u/%u", p->local_tid, p->local_sid);
	ctl_json_obj_begin(j, NULL);
	ctl_json_str(j, "id", id);
	ctl_json_u64(j, "tunnel", p->local_tid);
	ctl_json_u64(j, "session", p->local_sid);
	ctl_json_str(j, "peer", lns_ipv4_str(p->peer_ip, ip));
	ctl_json_str(j, "l2tp_state", ci.state);
	if (has_ppp) {
		ctl_json_str(j, "user", v->user);
		ctl_json_str(j, "ip", v->addr != 0 ?
			     lns_ipv4_str(htonl(v->addr), ip) : "");
		ctl_json_str(j, "state", ctl_ppp_phase_name(v->phase));
		ctl_json_u64(j, "uptime_s", v->up_ms != 0 && now > v->up_ms ?
			     (now - v->up_ms) / 1000 : 0);
		ctl_json_str(j, "acct_session_id", v->session_id);
	} else {
		ctl_json_str(j, "user", "");
		ctl_json_str(j, "ip", "");
		ctl_json_str(j, "state", "l2tp");
		ctl_json_u64(j, "uptime_s", 0);
		ctl_json_str(j, "acct_session_id", "");
	}
	ctl_json_obj_end(j);
	ctl_json_newline(j);
}

static int
ctl_sock_sessions_more(struct ctl_sock_client *c, unsigned int *budget,
		       uint64_t now)
{
	const struct ctl_sock_sess_filter *f = &c->st.sess.f;
	unsigned int visited = 0;
	struct ctl_json_mark m;
	struct ctl_l2tp_path p;
	struct ctl_ppp_view v;
	struct ctl_call *cs;
	bool has_ppp;

	while (*budget > 0 && visited < CTL_SOCK_ROWS_CLIENT) {
		if (!ctl_sock_room(c))
			return 1;	/* wait for the client to read */
		cs = ctl_l2tp_call_at(c->st.sess.tid, c->st.sess.sid, true);
		if (cs != NULL)
			ctl_l2tp_call_path(cs, &p);
		if (cs == NULL || (f->tid != 0 && p.local_tid != f->tid)) {
			ctl_sock_stream_end(c);
			return 0;
		}
		(*budget)--;
		visited++;
		has_ppp = ctl_ppp_view_get(cs, &v) == 0;
		if (ctl_sock_sess_match(f, &p, &v, has_ppp)) {
			ctl_json_mark(&c->j, &m);
			ctl_sock_sess_row(c, cs, &p, &v, has_ppp, now);
			if (c->j.overflow) {
				ctl_json_rollback(&c->j, &m);
				return 1;	/* the same call next pass */
			}
			c->rows++;
			ctl_sock_stats.rows++;
		}
		c->st.sess.tid = p.local_tid;
		c->st.sess.sid = p.local_sid;
	}
	return 1;
}

void
ctl_sock_show_sessions(struct ctl_sock_client *c, const struct ctl_req *req,
		       uint64_t now)
{
	struct ctl_sock_sess_filter *f = &c->st.sess.f;
	const char *s;
	unsigned long n;
	struct in_addr a;

	memset(f, 0, sizeof(*f));
	f->phase = -1;
	if ((s = ctl_req_arg(req, "tunnel")) != NULL) {
		if (!ctl_sock_num(s, UINT16_MAX, &n)) {
			ctl_sock_error(c, "tunnel: a tunnel ID, 1..65535");
			return;
		}
		f->tid = (uint16_t)n;
	}
	if ((s = ctl_req_arg(req, "peer")) != NULL) {
		if (inet_pton(AF_INET, s, &a) != 1 || a.s_addr == 0) {
			ctl_sock_error(c, "peer: an IPv4 address");
			return;
		}
		f->peer = a.s_addr;
	}
	if ((s = ctl_req_arg(req, "user")) != NULL)
		snprintf(f->user, sizeof(f->user), "%s", s);
	if ((s = ctl_req_arg(req, "ip")) != NULL) {
		if (!ctl_sock_prefix(s, &f->net, &f->mask)) {
			ctl_sock_error(c, "ip: ADDRESS or ADDRESS/PREFIX");
			return;
		}
		f->has_net = true;
	}
	if ((s = ctl_req_arg(req, "state")) != NULL &&
	    (f->phase = ctl_sock_phase(s)) < 0) {
		ctl_sock_error(c, "state: link, auth, network, up or closing");
		return;
	}
	ctl_sock_stream_begin(c, "sessions");
	/* Resume from "before" the first call of the tunnel asked for. */
	c->st.sess.tid = f->tid;
	c->st.sess.sid = 0;
	c->more = ctl_sock_sessions_more;
}

/* ---- show session T/S ---- */

static void
ctl_sock_hex(struct ctl_json *j, const char *key, const uint8_t *b,
	     unsigned int n)
{
	char hex[2 * 256 + 1];
	unsigned int i;

	for (i = 0; i < n && i < 256; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[2 * i] = '\0';
	ctl_json_str(j, key, hex);
}

/* "ipv6": IPv6CP, the /64 of its RAs and what DHCPv6 delegated. */
static void
ctl_sock_ip6_detail(struct ctl_json *j, const struct ctl_ppp_detail *d)
{
	char a[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN + 4];

	ctl_json_obj_begin(j, "ipv6");
	ctl_json_str(j, "ipv6cp_state", d->ipv6cp_state);
	s[0] = '\0';
	if (d->has_ip6 && d->ip6.has_prefix)
		snprintf(s, sizeof(s), "%s/64",
			 inet_ntop(AF_INET6, d->ip6.prefix, a, sizeof(a)));
	ctl_json_str(j, "prefix", s);
	s[0] = '\0';
	if (d->has_ip6 && d->ip6.pd_routed)
		snprintf(s, sizeof(s), "%s/%u",
			 inet_ntop(AF_INET6, d->ip6.pd, a, sizeof(a)),
			 d->ip6.pd_len);
	ctl_json_str(j, "delegated", s);
	s[0] = '\0';
	if (d->has_ip6 && d->ip6.na_routed)
		inet_ntop(AF_INET6, d->ip6.na, s, sizeof(s));
	ctl_json_str(j, "address", s);
	ctl_json_u64(j, "ra_sent", d->has_ip6 ? d->ip6.ra_sent : 0);
	ctl_json_obj_end(j);
}

/* Where the rates came from, the rates, and what the dataplane did. */
static void
ctl_sock_qos_detail(struct ctl_json *j, const struct ctl_ppp_detail *d)
{
	const struct dp_session_qos_counters *q = &d->qos_counters;

	ctl_json_obj_begin(j, "qos");
	ctl_json_str(j, "profile", d->qos_profile);
	ctl_json_str(j, "source", d->qos_source);
	ctl_json_str(j, "manual", d->qos_manual);
	ctl_json_str(j, "refused", d->qos_refused);
	ctl_json_u64(j, "up_bps", d->qos.up_bps);
	ctl_json_u64(j, "down_bps", d->qos.down_bps);
	ctl_json_u64(j, "burst_up", d->qos.burst_up);
	ctl_json_u64(j, "burst_down", d->qos.burst_down);
	if (d->has_qos_counters) {
		ctl_json_obj_begin(j, "counters");
		ctl_json_u64(j, "up_policed_packets", q->up_policed_pkts);
		ctl_json_u64(j, "up_policed_bytes", q->up_policed_bytes);
		ctl_json_u64(j, "down_shaped_packets", q->down_shaped_pkts);
		ctl_json_u64(j, "down_shape_drop_packets",
			     q->down_shape_drop_pkts);
		ctl_json_u64(j, "down_shape_drop_bytes",
			     q->down_shape_drop_bytes);
		ctl_json_u64(j, "down_queue_packets", q->down_queue_pkts);
		ctl_json_u64(j, "down_queue_bytes", q->down_queue_bytes);
		ctl_json_obj_end(j);
	}
	ctl_json_obj_end(j);
}

static void
ctl_sock_ppp_detail(struct ctl_json *j, const struct ctl_ppp_detail *d,
		    uint64_t now)
{
	char ip[LNS_IPV4_STRLEN];
	unsigned int i;

	ctl_json_str(j, "user", d->v.user);
	ctl_json_str(j, "ip", d->v.addr != 0 ?
		     lns_ipv4_str(htonl(d->v.addr), ip) : "");
	ctl_json_str(j, "state", ctl_ppp_phase_name(d->v.phase));
	ctl_json_u64(j, "uptime_s", d->v.up_ms != 0 && now > d->v.up_ms ?
		     (now - d->v.up_ms) / 1000 : 0);
	ctl_json_bool(j, "in_dataplane", d->pushed);
	if (d->pushed)
		ctl_json_u64(j, "session_index", d->session_index);
	ctl_json_obj_begin(j, "counters");
	ctl_json_u64(j, "up_packets", d->up_pkts);
	ctl_json_u64(j, "up_bytes", d->up_bytes);
	ctl_json_u64(j, "down_packets", d->down_pkts);
	ctl_json_u64(j, "down_bytes", d->down_bytes);
	ctl_json_obj_end(j);
	ctl_json_obj_begin(j, "lcp");
	ctl_json_str(j, "state", d->lcp_state);
	ctl_json_u64(j, "our_mru", d->our_mru);
	ctl_json_u64(j, "peer_mru", d->peer_mru);
	ctl_json_str(j, "auth", d->auth);
	ctl_json_u64(j, "our_magic", d->our_magic);
	ctl_json_u64(j, "peer_magic", d->peer_magic);
	ctl_json_obj_end(j);
	ctl_json_obj_begin(j, "ipcp");
	ctl_json_str(j, "state", d->ipcp_state);
	ctl_json_arr_begin(j, "dns");
	for (i = 0; i < RTE_DIM(d->dns); i++)
		if (d->dns[i] != 0)
			ctl_json_str(j, NULL, lns_ipv4_str(htonl(d->dns[i]), ip));
	ctl_json_arr_end(j);
	ctl_json_obj_end(j);
	ctl_sock_ip6_detail(j, d);
	ctl_json_obj_begin(j, "aaa");
	ctl_json_str(j, "backend", d->radius ? "radius" : "local");
	ctl_json_str(j, "acct_session_id", d->v.session_id);
	ctl_sock_hex(j, "class", d->class, d->class != NULL ? d->class_len : 0);
	ctl_json_u64(j, "session_timeout", d->session_timeout);
	ctl_json_u64(j, "idle_timeout", d->idle_timeout);
	ctl_json_u64(j, "interim_interval", d->interim);
	ctl_json_obj_end(j);
	ctl_sock_qos_detail(j, d);
}

void
ctl_sock_show_session(struct ctl_sock_client *c, const struct ctl_req *req,
		      uint64_t now)
{
	struct ctl_l2tp_call_info ci;
	struct ctl_ppp_detail d;
	struct ctl_l2tp_path p;
	struct ctl_call *cs;
	char ip[LNS_IPV4_STRLEN], id[16];
	uint16_t tid, sid;

	if (!ctl_sock_call_id(ctl_req_arg(req, "id"), &tid, &sid)) {
		ctl_sock_error(c, "id: TUNNEL/SESSION, our IDs as show sessions lists them");
		return;
	}
	cs = ctl_l2tp_call_at(tid, sid, false);
	if (cs == NULL) {
		ctl_sock_error(c, "no such session");
		return;
	}
	ctl_l2tp_call_path(cs, &p);
	ctl_l2tp_call_info(cs, &ci);
	snprintf(id, sizeof(id), "%u/%u", tid, sid);
	ctl_sock_begin(c);
	ctl_json_str(&c->j, "id", id);
	ctl_json_obj_begin(&c->j, "l2tp");
	ctl_json_u64(&c->j, "tunnel", tid);
	ctl_json_u64(&c->j, "session", sid);
	ctl_json_u64(&c->j, "peer_tunnel", ci.peer_tid);
	ctl_json_u64(&c->j, "peer_session", ci.peer_sid);
	ctl_json_str(&c->j, "peer", lns_ipv4_str(ci.lac_ip, ip));
	ctl_json_u64(&c->j, "peer_port", ci.lac_udp_port);
	ctl_json_str(&c->j, "lac_host", ci.lac_name);
	ctl_json_str(&c->j, "state", ci.state);
	ctl_json_bool(&c->j, "sequencing", p.sequencing);
	ctl_json_str(&c->j, "calling_number", ci.calling);
	ctl_json_str(&c->j, "called_number", ci.called);
	ctl_json_u64(&c->j, "tx_connect_speed", ci.tx_connect_speed);
	ctl_json_obj_end(&c->j);
	if (ctl_ppp_detail_get(cs, &d) == 0) {
		ctl_json_obj_begin(&c->j, "ppp");
		ctl_sock_ppp_detail(&c->j, &d, now);
		ctl_json_obj_end(&c->j);
	}
	ctl_sock_done(c);
}

/* ---- disconnect ---- */

/*
 * The session(s) "session T/S", "user NAME" or "ip ADDR" select, as
 * disconnect and set session take them; false after answering why not.
 * *what and *val name the key and its value for the log; none is the
 * answer when no key is given.
 */
static bool
ctl_sock_sel(struct ctl_sock_client *c, const struct ctl_req *req,
	     struct ctl_ppp_sel *sel, const char **what, const char **val,
	     const char *none)
{
	const char *s;
	uint32_t mask;

	if ((s = ctl_req_arg(req, "session")) != NULL) {
		*what = "session";
		if (!ctl_sock_call_id(s, &sel->tid, &sel->sid)) {
			ctl_sock_error(c, "session: TUNNEL/SESSION");
			return false;
		}
		sel->by_call = true;
	} else if ((s = ctl_req_arg(req, "user")) != NULL) {
		*what = "user";
		if (s[0] == '\0') {
			ctl_sock_error(c, "user: a user name");
			return false;
		}
		sel->user = s;
	} else if ((s = ctl_req_arg(req, "ip")) != NULL) {
		*what = "ip";
		if (strchr(s, '/') != NULL ||
		    !ctl_sock_prefix(s, &sel->addr, &mask)) {
			ctl_sock_error(c, "ip: an IPv4 address");
			return false;
		}
		sel->by_addr = true;
	} else {
		ctl_sock_error(c, none);
		return false;
	}
	*val = s;
	return true;
}

void
ctl_sock_disconnect(struct ctl_sock_client *c, const struct ctl_req *req,
		    uint64_t now)
{
	struct ctl_ppp_sel sel = { 0 };
	const char *s, *what;
	unsigned long n;
	int ret;

	if ((s = ctl_req_arg(req, "tunnel")) != NULL) {
		if (!ctl_sock_num(s, UINT16_MAX, &n)) {
			ctl_sock_error(c, "tunnel: a tunnel ID, 1..65535");
			return;
		}
		if (ctl_l2tp_tunnel_disconnect((uint16_t)n, now) != 0) {
			ctl_sock_error(c, "no such tunnel (or already closing)");
			return;
		}
		ctl_sock_begin(c);
		ctl_json_u64(&c->j, "tunnels", 1);
		ctl_sock_done(c);
		return;
	}
	if (!ctl_sock_sel(c, req, &sel, &what, &s,
			  "disconnect needs session, user, ip or tunnel"))
		return;
	ret = ctl_ppp_admin_disconnect(&sel, now);
	if (ret <= 0) {
		ctl_sock_error(c, "no session matched");
		return;
	}
	LNS_LOG(NOTICE, ctl, "event=admin-disconnect %s=\"%s\" sessions=%d source=control-socket",
		what, s, ret);
	ctl_sock_begin(c);
	ctl_json_u64(&c->j, "sessions", (uint64_t)ret);
	ctl_sock_done(c);
}

/* ---- set session ... profile NAME ---- */

void
ctl_sock_set_session(struct ctl_sock_client *c, const struct ctl_req *req,
		     uint64_t now)
{
	const char *profile = ctl_req_arg(req, "profile"), *s, *what;
	struct ctl_ppp_sel sel = { 0 };
	int ret;

	if (profile == NULL) {
		ctl_sock_error(c, "set session needs profile NAME (\"\": none)");
		return;
	}
	if (!ctl_sock_sel(c, req, &sel, &what, &s,
			  "set session needs session, user or ip"))
		return;
	ret = ctl_ppp_admin_profile(&sel, profile, now);
	if (ret == -ENOENT) {
		ctl_sock_error(c, "profile: no such profile in qos.profiles");
		return;
	}
	if (ret <= 0) {
		ctl_sock_error(c, "no session matched");
		return;
	}
	LNS_LOG(NOTICE, ctl, "event=admin-qos %s=\"%s\" profile=\"%s\" sessions=%d source=control-socket",
		what, s, profile, ret);
	ctl_sock_begin(c);
	ctl_json_u64(&c->j, "sessions", (uint64_t)ret);
	ctl_json_str(&c->j, "profile", profile);
	ctl_sock_done(c);
}
