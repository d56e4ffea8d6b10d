/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The per-session DHCPv6 server (RFC 8415 §16, §18.3): which messages
 * are answered, what each IA gets, and what the caller must route.
 * The session owns at most one delegated prefix and one IA_NA address
 * (given by its pool or RADIUS), so a binding is one IAID of each.
 */
#include <string.h>

#include "ip6.h"
#include "dhcp6_priv.h"

const uint8_t dhcp6_all_servers[16] = { 0xff, 0x02, [13] = 0x01,
					[15] = 0x02 };

/* What a message does to the IAs it carries. */
enum dhcp6_mode {
	DHCP6_M_OFFER,		/* SOLICIT: say what would be granted */
	DHCP6_M_COMMIT,		/* REQUEST, SOLICIT + Rapid Commit */
	DHCP6_M_EXTEND,		/* RENEW, REBIND */
	DHCP6_M_RELEASE,	/* RELEASE */
};

/* IA_NA and IA_PD differ only by these; one code path serves both. */
struct dhcp6_kind {
	uint16_t code;
	bool prefix;
	bool avail;
	const uint8_t *addr;
	uint8_t plen;
	bool *bound;
	uint32_t *iaid;
	unsigned int ev_grant, ev_release;
	enum dhcp6_status none;		/* nothing to give */
};

static void
dhcp6_kind(struct dhcp6_binding *b, bool pd, struct dhcp6_kind *k)
{
	if (pd) {
		*k = (struct dhcp6_kind){ DHCP6_OPT_IA_PD, true, b->pd_avail,
			b->pd, b->pd_len, &b->pd_bound, &b->pd_iaid,
			DHCP6_EV_PD_ROUTE, DHCP6_EV_PD_WITHDRAW,
			DHCP6_ST_NO_PREFIX_AVAIL };
	} else {
		*k = (struct dhcp6_kind){ DHCP6_OPT_IA_NA, false, b->na_avail,
			b->na, 128, &b->na_bound, &b->na_iaid,
			DHCP6_EV_NA_BIND, DHCP6_EV_NA_RELEASE,
			DHCP6_ST_NO_ADDRS_AVAIL };
	}
}

static uint32_t
dhcp6_t1(const struct dhcp6_srv_conf *c)
{
	return c->t1 != 0 ? c->t1 : c->preferred / 2;
}

static uint32_t
dhcp6_t2(const struct dhcp6_srv_conf *c)
{
	return c->t2 != 0 ? c->t2 : (uint32_t)((uint64_t)c->preferred * 4 / 5);
}

/* An IA holding only a status. */
static void
dhcp6_ia_status(struct dhcp6_w *w, uint16_t code, uint32_t iaid,
		enum dhcp6_status st)
{
	size_t at = dhcp6_w_open(w, code);

	dhcp6_w_u32(w, iaid);
	dhcp6_w_u32(w, 0);
	dhcp6_w_u32(w, 0);
	dhcp6_w_status(w, st);
	dhcp6_w_close(w, at);
}

/*
 * The session's address or prefix in an IA, and, when the client asked
 * to extend another one (an old prefix from before a restart, a pool
 * that now gives another), that one with lifetimes 0 (§18.3.4).
 */
static void
dhcp6_ia_grant(struct dhcp6_w *w, const struct dhcp6_srv_conf *c,
	       const struct dhcp6_kind *k, const struct dhcp6_ia *ia)
{
	size_t at = dhcp6_w_open(w, k->code);

	dhcp6_w_u32(w, ia->iaid);
	dhcp6_w_u32(w, dhcp6_t1(c));
	dhcp6_w_u32(w, dhcp6_t2(c));
	dhcp6_w_iaaddr(w, k->addr, k->plen, k->prefix, c->preferred,
		       c->valid);
	if (ia->has_addr && (ia->plen != k->plen ||
			     memcmp(ia->addr, k->addr, 16) != 0))
		dhcp6_w_iaaddr(w, ia->addr, ia->plen, k->prefix, 0, 0);
	dhcp6_w_close(w, at);
}

/* One IA of the message in mode m; ev->flags gets what to route. */
static void
dhcp6_ia_answer(struct dhcp6_w *w, const struct dhcp6_srv_conf *c,
		const struct dhcp6_kind *k, const struct dhcp6_ia *ia,
		enum dhcp6_mode m, bool same_client, struct dhcp6_event *ev)
{
	bool mine = *k->bound && *k->iaid == ia->iaid && same_client;

	switch (m) {
	case DHCP6_M_OFFER:
	case DHCP6_M_COMMIT:
		if (!k->avail) {
			dhcp6_ia_status(w, k->code, ia->iaid, k->none);
			return;
		}
		dhcp6_ia_grant(w, c, k, ia);
		if (m == DHCP6_M_COMMIT && !*k->bound)
			ev->flags |= k->ev_grant;
		if (m == DHCP6_M_COMMIT) {
			*k->bound = true;
			*k->iaid = ia->iaid;
		}
		return;
	case DHCP6_M_EXTEND:
		/*
		 * Bound to another IAID or client: not this one's. Not
		 * bound at all but the session has an address or prefix:
		 * the binding was lost (lnsd or the session restarted
		 * while the client kept its lease), so grant the session's
		 * again instead of NoBinding, which some CPEs answer by
		 * dropping IPv6 until their next reboot.
		 */
		if (!k->avail || (*k->bound && !mine)) {
			dhcp6_ia_status(w, k->code, ia->iaid,
					DHCP6_ST_NO_BINDING);
			return;
		}
		dhcp6_ia_grant(w, c, k, ia);
		if (!*k->bound)
			ev->flags |= k->ev_grant | DHCP6_EV_REGRANT;
		*k->bound = true;
		*k->iaid = ia->iaid;
		return;
	case DHCP6_M_RELEASE:
		if (!mine) {
			dhcp6_ia_status(w, k->code, ia->iaid,
					DHCP6_ST_NO_BINDING);
			return;
		}
		*k->bound = false;
		ev->flags |= k->ev_release;
		return;
	}
}

static size_t
dhcp6_drop(struct dhcp6_event *ev, enum dhcp6_err e)
{
	ev->drop = e;
	ev->out_type = 0;
	return 0;
}

/* §16: which identifiers each message must, may or must not carry. */
static enum dhcp6_err
dhcp6_srv_check(const struct dhcp6_srv_conf *c, const struct dhcp6_msg *m)
{
	bool ours = m->server_id != NULL && m->server_id_len == c->duid_len &&
		    memcmp(m->server_id, c->duid, c->duid_len) == 0;

	switch (m->type) {
	case DHCP6_SOLICIT:
	case DHCP6_REBIND:
	case DHCP6_CONFIRM:
		if (m->server_id != NULL)
			return DHCP6_ERR_SERVERID;
		break;
	case DHCP6_REQUEST:
	case DHCP6_RENEW:
	case DHCP6_RELEASE:
		if (!ours)
			return DHCP6_ERR_SERVERID;
		break;
	case DHCP6_INFORMATION_REQUEST:
		if (m->server_id != NULL && !ours)
			return DHCP6_ERR_SERVERID;
		/* §16.12: no IA options in it. */
		return m->nb_ia != 0 ? DHCP6_ERR_NO_IA : DHCP6_OK;
	default:
		return DHCP6_ERR_UNSUPPORTED;	/* DECLINE */
	}
	return m->client_id == NULL ? DHCP6_ERR_CLIENTID : DHCP6_OK;
}

static bool
dhcp6_same_client(const struct dhcp6_binding *b, const struct dhcp6_msg *m)
{
	/* No client known (fresh, or lost in a restart): this one. */
	return b->duid_len == 0 ||
	       (m->client_id_len == b->duid_len &&
		memcmp(m->client_id, b->duid, b->duid_len) == 0);
}

/* CONFIRM (§18.3.3): are the client's addresses on this link? */
static enum dhcp6_status
dhcp6_confirm(const struct dhcp6_binding *b, const struct dhcp6_msg *m)
{
	return b->na_avail && memcmp(m->ia_na.addr, b->na, 16) == 0 ?
	       DHCP6_ST_SUCCESS : DHCP6_ST_NOT_ON_LINK;
}

static enum dhcp6_mode
dhcp6_mode(const struct dhcp6_srv_conf *c, const struct dhcp6_msg *m)
{
	switch (m->type) {
	case DHCP6_SOLICIT:
		return c->rapid_commit && m->rapid_commit ? DHCP6_M_COMMIT :
							    DHCP6_M_OFFER;
	case DHCP6_REQUEST:
		return DHCP6_M_COMMIT;
	case DHCP6_RELEASE:
		return DHCP6_M_RELEASE;
	default:
		return DHCP6_M_EXTEND;
	}
}

/* The IAs, or the message-level status when none could be answered. */
static enum dhcp6_err
dhcp6_srv_ias(struct dhcp6_w *w, struct dhcp6_binding *b,
	      const struct dhcp6_srv_conf *c, const struct dhcp6_msg *m,
	      struct dhcp6_event *ev)
{
	enum dhcp6_mode mode = dhcp6_mode(c, m);
	bool same = dhcp6_same_client(b, m);
	struct dhcp6_kind k;

	if (!m->has_ia_na && !m->has_ia_pd) {
		if (mode == DHCP6_M_EXTEND || mode == DHCP6_M_RELEASE)
			return DHCP6_ERR_NO_IA;
		dhcp6_w_status(w, DHCP6_ST_NO_ADDRS_AVAIL);
		return DHCP6_OK;
	}
	if (mode == DHCP6_M_OFFER && !(m->has_ia_na && b->na_avail) &&
	    !(m->has_ia_pd && b->pd_avail)) {
		/* §18.3.9: nothing to offer: only a status. */
		dhcp6_w_status(w, DHCP6_ST_NO_ADDRS_AVAIL);
		return DHCP6_OK;
	}
	if (m->has_ia_na) {
		dhcp6_kind(b, false, &k);
		dhcp6_ia_answer(w, c, &k, &m->ia_na, mode, same, ev);
	}
	if (m->has_ia_pd) {
		dhcp6_kind(b, true, &k);
		dhcp6_ia_answer(w, c, &k, &m->ia_pd, mode, same, ev);
	}
	if (mode == DHCP6_M_RELEASE)
		dhcp6_w_status(w, DHCP6_ST_SUCCESS);	/* §18.3.7 */
	/* A new client took the session's bindings: remember it. */
	if ((mode == DHCP6_M_COMMIT || mode == DHCP6_M_EXTEND) &&
	    (b->pd_bound || b->na_bound)) {
		memcpy(b->duid, m->client_id, m->client_id_len);
		b->duid_len = m->client_id_len;
	}
	if (!b->pd_bound && !b->na_bound)
		b->duid_len = 0;
	return DHCP6_OK;
}

size_t
dhcp6_srv_handle(struct dhcp6_binding *b, const struct dhcp6_srv_conf *c,
		 const uint8_t *in, size_t len, uint8_t *out, size_t cap,
		 struct dhcp6_event *ev)
{
	struct dhcp6_binding saved = *b;
	struct dhcp6_msg m;
	struct dhcp6_w w;
	enum dhcp6_err e;
	bool rapid;		/* a SOLICIT answered by a REPLY */

	memset(ev, 0, sizeof(*ev));
	e = dhcp6_parse(in, len, false, &m);
	ev->in_type = m.type;
	if (e == DHCP6_OK)
		e = dhcp6_srv_check(c, &m);
	if (e != DHCP6_OK)
		return dhcp6_drop(ev, e);
	if (m.type == DHCP6_CONFIRM && !(m.has_ia_na && m.ia_na.has_addr))
		return dhcp6_drop(ev, DHCP6_ERR_NO_IA);	/* §18.3.3 */
	rapid = dhcp6_mode(c, &m) == DHCP6_M_COMMIT &&
		m.type == DHCP6_SOLICIT;
	dhcp6_w_init(&w, out, cap, rapid || m.type != DHCP6_SOLICIT ?
		     DHCP6_REPLY : DHCP6_ADVERTISE, m.xid);
	dhcp6_w_opt(&w, DHCP6_OPT_SERVERID, c->duid, c->duid_len);
	if (m.client_id != NULL)
		dhcp6_w_opt(&w, DHCP6_OPT_CLIENTID, m.client_id,
			    m.client_id_len);
	if (rapid)
		dhcp6_w_opt(&w, DHCP6_OPT_RAPID_COMMIT, NULL, 0);
	if (m.type == DHCP6_SOLICIT && !rapid)
		/* The only server on a PPP link: no need to wait (§18.2.1). */
		dhcp6_w_opt(&w, DHCP6_OPT_PREFERENCE, &(uint8_t){ 255 }, 1);
	if (m.type == DHCP6_CONFIRM)
		dhcp6_w_status(&w, dhcp6_confirm(b, &m));
	else if (m.type != DHCP6_INFORMATION_REQUEST)
		e = dhcp6_srv_ias(&w, b, c, &m, ev);
	if (e == DHCP6_OK && c->nb_dns != 0 && m.type != DHCP6_RELEASE &&
	    m.type != DHCP6_CONFIRM)
		dhcp6_w_opt(&w, DHCP6_OPT_DNS_SERVERS, c->dns,
			    16 * (size_t)c->nb_dns);
	if (e == DHCP6_OK && w.err)
		e = DHCP6_ERR_CAP;
	if (e != DHCP6_OK) {
		*b = saved;	/* nothing answered: nothing changed */
		ev->flags = 0;
		return dhcp6_drop(ev, e);
	}
	ev->out_type = out[0];
	return w.len;
}

size_t
dhcp6_srv_input(struct dhcp6_binding *b, const struct dhcp6_srv_conf *c,
		uint64_t ifid, const uint8_t *pkt, size_t len, uint8_t *out,
		size_t cap, struct dhcp6_event *ev)
{
	struct ip6_udp_view v;
	uint8_t ll[16];
	size_t n;

	ip6_link_local(ll, ifid);
	if (ip6_udp_parse(pkt, len, &v) != IP6_OK ||
	    v.dport != DHCP6_SERVER_PORT || ip6_is_multicast(v.ip.src) ||
	    (memcmp(v.ip.dst, dhcp6_all_servers, 16) != 0 &&
	     memcmp(v.ip.dst, ll, 16) != 0) ||
	    cap < IP6_HDR_LEN + IP6_UDP_HDR_LEN) {
		memset(ev, 0, sizeof(*ev));
		return dhcp6_drop(ev, DHCP6_ERR_UDP);
	}
	n = dhcp6_srv_handle(b, c, v.data, v.data_len,
			     out + IP6_HDR_LEN + IP6_UDP_HDR_LEN,
			     cap - IP6_HDR_LEN - IP6_UDP_HDR_LEN, ev);
	if (n == 0)
		return 0;
	return ip6_udp_build(out, cap, ll, v.ip.src, 64, DHCP6_SERVER_PORT,
			     v.sport, out + IP6_HDR_LEN + IP6_UDP_HDR_LEN, n);
}
