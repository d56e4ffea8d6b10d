/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The "radius" backend of the AAA seam (rad_aaa.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "lns_bytes.h"
#include "rad_aaa.h"

#define RAD_AAA_TUNNEL_TAG	1
/* Spooled record: | type (1) | pad (7) | event time (8, LE) | attributes | */
#define RAD_AAA_REC_HDR		16
#define RAD_AAA_INTERIM_MIN	60	/* RFC 2869 §5.16: SHOULD NOT be < 60 */

/* One accounting request in flight (spooled or interim). */
struct rad_acct_slot {
	struct rad_aaa *ra;
	struct rad_req *rr;
	struct rad_acct_slot *next_free;
	uint64_t seq;			/* spool seq; interims: none */
	bool interim;
	size_t len;
	uint8_t rec[RAD_SPOOL_REC_MAX];
};

struct rad_aaa {
	struct rad_aaa_conf conf;
	struct rad_client *auth;
	struct rad_client *acct;
	struct rad_spool *spool;
	struct rad_acct_slot *slots;
	struct rad_acct_slot *free_slots;
	uint64_t now;
	uint64_t pause_until;		/* accounting: after a failure */
	/*
	 * A record found no server: once nothing is in flight, the oldest
	 * goes alone, until a server answers one (rad_aaa_pump).
	 */
	bool resuming;
	struct rad_aaa_stats stats;
};

/* An authentication in flight (in the aaa request's private area). */
struct rad_auth_ctx {
	struct rad_aaa *ra;
	struct aaa_req *r;
	const struct aaa_auth_req *req;
	struct rad_req *rr;
};

_Static_assert(sizeof(struct rad_auth_ctx) <= AAA_REQ_PRIV,
	       "rad_auth_ctx must fit in a request's priv");

static uint64_t
rad_aaa_wall(const struct rad_aaa *ra)
{
	return ra->conf.wall_s != NULL ? ra->conf.wall_s() :
	       (uint64_t)time(NULL);
}

/* ---- Access-Request ---------------------------------------------------- */

static void
rad_put_ip_str(struct rad_builder *b, uint8_t type, uint8_t tag, uint32_t ip)
{
	char s[INET_ADDRSTRLEN];
	struct in_addr a = { .s_addr = ip };

	if (ip != 0 && inet_ntop(AF_INET, &a, s, sizeof(s)) != NULL)
		rad_put_tagged_str(b, type, tag, s);
}

/* NAS identity and the call: shared by Access- and Accounting-Requests. */
static void
rad_put_nas_call(const struct rad_aaa *ra, struct rad_builder *b,
		 const struct aaa_call *call)
{
	char s[16];

	if (ra->conf.nas_ip != 0)
		rad_put_ipv4(b, RAD_A_NAS_IP_ADDRESS, ra->conf.nas_ip);
	if (ra->conf.nas_identifier[0] != '\0')
		rad_put_str(b, RAD_A_NAS_IDENTIFIER, ra->conf.nas_identifier);
	if (call == NULL)
		return;
	rad_put_u32(b, RAD_A_NAS_PORT, call->nas_port);
	rad_put_u32(b, RAD_A_NAS_PORT_TYPE, RAD_NAS_PORT_VIRTUAL);
	rad_put_u32(b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	if (call->session_id[0] != '\0')
		rad_put_str(b, RAD_A_ACCT_SESSION_ID, call->session_id);
	if (ra->conf.send_station_ids) {
		if (call->calling[0] != '\0')
			rad_put_str(b, RAD_A_CALLING_STATION_ID, call->calling);
		if (call->called[0] != '\0')
			rad_put_str(b, RAD_A_CALLED_STATION_ID, call->called);
	}
	if (ra->conf.send_connect_info && call->connect_speed != 0) {
		snprintf(s, sizeof(s), "%u", call->connect_speed);
		rad_put_str(b, RAD_A_CONNECT_INFO, s);
	}
	if (ra->conf.send_tunnel_attributes) {
		/* RFC 2868: the L2TP tunnel the call came in on. */
		rad_put_tagged_u24(b, RAD_A_TUNNEL_TYPE, RAD_AAA_TUNNEL_TAG,
				   RAD_TUNNEL_L2TP);
		rad_put_tagged_u24(b, RAD_A_TUNNEL_MEDIUM_TYPE,
				   RAD_AAA_TUNNEL_TAG, RAD_TUNNEL_MEDIUM_IPV4);
		rad_put_ip_str(b, RAD_A_TUNNEL_CLIENT_ENDPOINT,
			       RAD_AAA_TUNNEL_TAG, call->lac_addr);
		rad_put_ip_str(b, RAD_A_TUNNEL_SERVER_ENDPOINT,
			       RAD_AAA_TUNNEL_TAG, call->lns_addr);
		if (call->lac_name[0] != '\0')
			rad_put_tagged_str(b, RAD_A_TUNNEL_CLIENT_AUTH_ID,
					   RAD_AAA_TUNNEL_TAG, call->lac_name);
		snprintf(s, sizeof(s), "%u", call->tunnel_id);
		rad_put_tagged_str(b, RAD_A_TUNNEL_ASSIGNMENT_ID,
				   RAD_AAA_TUNNEL_TAG, s);
	}
}

/* RFC 2759 §4 Response value -> RFC 2548 §2.3.2 MS-CHAP2-Response. */
static void
rad_put_mschap2(struct rad_builder *b, const struct ppp_chap_response *c)
{
	uint8_t v[RAD_MS_CHAP2_RESPONSE_LEN];

	v[0] = c->id;				/* Ident */
	v[1] = c->value[48];			/* Flags */
	memcpy(v + 2, c->value, 16);		/* Peer-Challenge */
	memcpy(v + 18, c->value + 16, 8);	/* Reserved */
	memcpy(v + 26, c->value + 24, 24);	/* Response */
	rad_put_vsa(b, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE,
		    c->challenge, c->challenge_len);
	rad_put_vsa(b, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_RESPONSE, v,
		    sizeof(v));
}

/* rad_build_cb: the Access-Request for one server. */
static int
rad_aaa_build_access(void *arg, const struct rad_server *srv, uint8_t id,
		     const uint8_t auth[RAD_AUTH_LEN], uint8_t *buf, size_t cap)
{
	const struct rad_auth_ctx *ax = arg;
	const struct aaa_auth_req *req = ax->req;
	const struct rad_server_conf *sc = rad_server_conf(srv);
	uint8_t chap[1 + 16];
	struct rad_builder b;

	rad_build_init(&b, buf, cap, RAD_ACCESS_REQUEST, id, auth);
	/* First, so that any server may check it (RFC 3579, BlastRADIUS). */
	rad_put_message_authenticator(&b);
	rad_put(&b, RAD_A_USER_NAME, req->user, req->user_len);
	switch (req->method) {
	case AAA_PAP:
		rad_put_user_password(&b, req->password, req->password_len,
				      sc->secret, sc->secret_len);
		break;
	case AAA_CHAP_MD5:
		/* RFC 2865 §5.3: CHAP Ident, then the 16-octet Response. */
		chap[0] = req->chap->id;
		memcpy(chap + 1, req->chap->value, 16);
		rad_put(&b, RAD_A_CHAP_PASSWORD, chap, sizeof(chap));
		rad_put(&b, RAD_A_CHAP_CHALLENGE, req->chap->challenge,
			req->chap->challenge_len);
		break;
	case AAA_MSCHAPV2:
		rad_put_mschap2(&b, req->chap);
		break;
	}
	rad_put_nas_call(ax->ra, &b, req->call);
	return rad_finish_request(&b, sc->secret, sc->secret_len);
}

/* ---- Access-Accept / Reject ------------------------------------------- */

static int
rad_copy_str(char *dst, size_t cap, const uint8_t *v, size_t len)
{
	if (len >= cap)
		return -EBADMSG;
	memcpy(dst, v, len);
	dst[len] = '\0';
	return 0;
}

/*
 * A route attribute's destination, "ADDR/LEN [GATEWAY [METRIC]]" (RFC
 * 2865 §5.22, RFC 3162 §2.5), as an address of family af into addr and
 * its length (minlen..maxlen) into *plen.
 */
static int
rad_parse_dest(const uint8_t *v, size_t len, int af, unsigned long minlen,
	       unsigned long maxlen, void *addr, uint8_t *plen)
{
	char s[96], *slash, *end;
	unsigned long l;

	if (rad_copy_str(s, sizeof(s), v, len) != 0)
		return -EBADMSG;
	s[strcspn(s, " ")] = '\0';
	slash = strchr(s, '/');
	if (slash == NULL)
		return -EBADMSG;
	*slash = '\0';
	l = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || end == slash + 1 || l < minlen || l > maxlen ||
	    inet_pton(af, s, addr) != 1)
		return -EBADMSG;
	*plen = (uint8_t)l;
	return 0;
}

/* Framed-Route: the destination prefix. */
static int
rad_parse_route(const uint8_t *v, size_t len, struct aaa_route *rt)
{
	struct in_addr a;
	int rc = rad_parse_dest(v, len, AF_INET, 0, 32, &a, &rt->len);

	if (rc == 0)
		rt->prefix = ntohl(a.s_addr);
	return rc;
}

/* Framed-IPv6-Prefix / Delegated-IPv6-Prefix: | 0 | len | prefix | */
static void
rad_parse_v6prefix(const uint8_t *v, size_t len, uint8_t out[16],
		   uint8_t *plen)
{
	memset(out, 0, 16);
	memcpy(out, v + 2, len - 2);
	*plen = v[1];
}

/* The same on the way out, the prefix cut to its length (RFC 3162 §2.3). */
static void
rad_put_v6prefix(struct rad_builder *b, uint8_t type, const uint8_t *pfx,
		 uint8_t plen)
{
	uint8_t v[18] = { 0 };
	size_t n = ((size_t)plen + 7) / 8;

	if (pfx == NULL || plen == 0 || plen > 128)
		return;
	v[1] = plen;
	memcpy(v + 2, pfx, n);
	if (plen % 8)
		v[2 + n - 1] &= (uint8_t)(0xff << (8 - plen % 8));
	rad_put(b, type, v, 2 + n);
}

static int
rad_parse_vsa(const uint8_t *val, size_t len, struct aaa_result *res)
{
	struct aaa_attrs *at = &res->attrs;
	const uint8_t *vv;
	uint32_t vendor;
	uint8_t vt;
	size_t vl;

	if (rad_vsa_parse(val, len, &vendor, &vt, &vv, &vl) != 0)
		return -EBADMSG;
	if (vendor == RAD_VENDOR_MICROSOFT) {
		switch (vt) {
		case RAD_MS_CHAP2_SUCCESS:
			/* Ident, then "S=" and 40 hex digits. */
			if (vl != 1 + PPP_MSCHAP_AUTH_RESP_LEN)
				return -EBADMSG;
			memcpy(res->mschap2_success, vv + 1,
			       PPP_MSCHAP_AUTH_RESP_LEN);
			res->mschap2_success[PPP_MSCHAP_AUTH_RESP_LEN] = '\0';
			break;
		case RAD_MS_PRIMARY_DNS_SERVER:
		case RAD_MS_SECONDARY_DNS_SERVER:
			if (vl != 4)
				return -EBADMSG;
			at->dns[vt == RAD_MS_PRIMARY_DNS_SERVER ? 0 : 1] =
				lns_get_be32(vv);
			break;
		default:
			break;
		}
	} else if (vendor == 14988 && vt == 8) {
		/* Mikrotik-Rate-Limit: kept for the QoS work as sent. */
		if (rad_copy_str(at->rate_limit, sizeof(at->rate_limit), vv,
				 vl) != 0)
			return -EBADMSG;
	}
	return 0;
}

/* Reply-Message: several are concatenated (RFC 2865 §5.18). */
static void
rad_append_msg(struct aaa_result *res, const uint8_t *v, size_t len)
{
	size_t have = strlen(res->message), room = sizeof(res->message) - 1;

	if (have >= room)
		return;
	if (len > room - have)
		len = room - have;
	memcpy(res->message + have, v, len);
	res->message[have + len] = '\0';
}

int
rad_aaa_parse_reply(const struct rad_pkt *p, struct aaa_result *res)
{
	struct aaa_attrs *at = &res->attrs;
	struct rad_attr_iter it;
	const uint8_t *v;
	uint8_t type;
	uint32_t u;
	size_t len;
	int rc = 0;

	res->status = p->code == RAD_ACCESS_ACCEPT ? 0 : -EACCES;
	rad_attr_iter_init(&it, p);
	while (rc == 0 && rad_attr_next(&it, &type, &v, &len)) {
		if (rad_attr_check(type, v, len) != 0) {
			rc = -EBADMSG;
			break;
		}
		switch (type) {
		case RAD_A_REPLY_MESSAGE:
			rad_append_msg(res, v, len);
			break;
		case RAD_A_FRAMED_IP_ADDRESS:
			rad_val_u32(v, len, &u);
			/* 255.255.255.254 (and .255): the NAS picks (a pool). */
			at->framed_ip = u >= RAD_FRAMED_IP_POOL ?
					AAA_IP_POOL : u;
			break;
		case RAD_A_FRAMED_IP_NETMASK:
			rad_val_u32(v, len, &at->netmask);
			break;
		case RAD_A_FRAMED_POOL:
			rc = rad_copy_str(at->pool, sizeof(at->pool), v, len);
			break;
		case RAD_A_FRAMED_ROUTE:
			if (at->nb_routes < AAA_ROUTES_MAX) {
				rc = rad_parse_route(v, len,
						     &at->routes[at->nb_routes]);
				at->nb_routes += rc == 0;
			}
			break;
		case RAD_A_SESSION_TIMEOUT:
			rad_val_u32(v, len, &at->session_timeout);
			break;
		case RAD_A_IDLE_TIMEOUT:
			rad_val_u32(v, len, &at->idle_timeout);
			break;
		case RAD_A_ACCT_INTERIM_INTERVAL:
			rad_val_u32(v, len, &u);
			at->interim_interval = u == 0 ? 0 :
				u < RAD_AAA_INTERIM_MIN ? RAD_AAA_INTERIM_MIN : u;
			break;
		case RAD_A_FRAMED_MTU:
			rad_val_u32(v, len, &u);
			at->framed_mtu = u > 0xffff ? 0xffff : (uint16_t)u;
			break;
		case RAD_A_CLASS:
			/* The first Class is echoed (one is what servers send). */
			if (at->class_len == 0) {
				memcpy(at->class, v, len);
				at->class_len = (uint8_t)len;
			}
			break;
		case RAD_A_FILTER_ID:
			rc = rad_copy_str(at->filter_id, sizeof(at->filter_id),
					  v, len);
			break;
		case RAD_A_FRAMED_IPV6_PREFIX:
			rad_parse_v6prefix(v, len, at->ipv6_prefix,
					   &at->ipv6_prefix_len);
			break;
		case RAD_A_DELEGATED_IPV6_PREFIX:
			rad_parse_v6prefix(v, len, at->delegated_prefix,
					   &at->delegated_prefix_len);
			break;
		case RAD_A_FRAMED_INTERFACE_ID:
			memcpy(at->interface_id, v, 8);
			at->has_interface_id = true;
			break;
		case RAD_A_DNS_SERVER_IPV6_ADDRESS:
			if (at->nb_dns6 < 2)
				memcpy(at->dns6[at->nb_dns6++], v, 16);
			break;
		case RAD_A_FRAMED_IPV6_ADDRESS:
			memcpy(at->ipv6_address, v, 16);
			at->has_ipv6_address = true;
			break;
		case RAD_A_FRAMED_IPV6_ROUTE:
			if (at->nb_routes6 < AAA_ROUTES6_MAX) {
				rc = rad_parse_dest(v, len, AF_INET6, 1, 128,
					at->routes6[at->nb_routes6].prefix,
					&at->routes6[at->nb_routes6].len);
				at->nb_routes6 += rc == 0;
			}
			break;
		case RAD_A_FRAMED_IPV6_POOL:
			rc = rad_copy_str(at->pool6, sizeof(at->pool6), v, len);
			break;
		case RAD_A_DELEGATED_IPV6_PREFIX_POOL:
			rc = rad_copy_str(at->pd_pool, sizeof(at->pd_pool), v,
					  len);
			break;
		case RAD_A_VENDOR_SPECIFIC:
			rc = rad_parse_vsa(v, len, res);
			break;
		default:
			break;
		}
	}
	return rc;
}

/* rad_done_cb of an Access-Request. */
static void
rad_aaa_auth_done(void *arg, int status, const struct rad_pkt *resp,
		  const struct rad_server *srv)
{
	struct rad_auth_ctx *ax = arg;
	struct rad_aaa *ra = ax->ra;
	struct aaa_result res;

	memset(&res, 0, sizeof(res));
	res.backend = rad_aaa_ops.name;
	ax->rr = NULL;
	if (status != 0) {
		ra->stats.unavailable++;
		res.status = status == -EHOSTUNREACH ? -EHOSTUNREACH :
			     -ETIMEDOUT;
	} else if (resp->code == RAD_ACCESS_CHALLENGE) {
		ra->stats.challenges++;
		res.status = -EACCES;
	} else if (rad_aaa_parse_reply(resp, &res) != 0) {
		ra->stats.bad_accept++;
		memset(&res, 0, sizeof(res));
		res.backend = rad_aaa_ops.name;
		res.status = -EACCES;
	} else if (res.status == 0) {
		ra->stats.accepts++;
	} else {
		ra->stats.rejects++;
	}
	aaa_complete(ax->r, &res);
}

static int
rad_aaa_start(void *be, struct aaa_req *r, const struct aaa_auth_req *req,
	      uint64_t now_ms)
{
	struct rad_aaa *ra = be;
	struct rad_auth_ctx *ax = aaa_req_priv(r);
	int err = 0;

	if (ra->auth == NULL)
		return -EHOSTUNREACH;
	ax->ra = ra;
	ax->r = r;
	ax->req = req;
	ra->stats.access_requests++;
	ax->rr = rad_client_send(ra->auth, rad_aaa_build_access,
				 rad_aaa_auth_done, ax,
				 ra->conf.auth_timeout_ms, now_ms, &err);
	if (ax->rr == NULL) {
		ra->stats.unavailable++;
		return err == -ENOBUFS ? -ETIMEDOUT : err;
	}
	return 0;
}

static void
rad_aaa_cancel(void *be, struct aaa_req *r)
{
	struct rad_auth_ctx *ax = aaa_req_priv(r);

	if (ax->rr != NULL)
		rad_req_cancel(ax->rr);
	ax->rr = NULL;
}

/* ---- accounting ------------------------------------------------------- */

/* The record's attributes, built once when it is created. */
static int
rad_aaa_acct_encode(const struct rad_aaa *ra, const struct aaa_acct_rec *rec,
		    uint8_t *out, size_t cap)
{
	uint8_t pkt[RAD_PKT_MAX];
	struct rad_builder b;
	char id[24];
	int n;

	rad_build_init(&b, pkt, sizeof(pkt), RAD_ACCOUNTING_REQUEST, 0, NULL);
	rad_put_u32(&b, RAD_A_ACCT_STATUS_TYPE, rec->type);
	if (rec->call == NULL) {
		/* Accounting-On/Off: a session id of their own. */
		snprintf(id, sizeof(id), "%016llx",
			 (unsigned long long)rec->event_time);
		rad_put_str(&b, RAD_A_ACCT_SESSION_ID, id);
		rad_put_nas_call(ra, &b, NULL);
	} else {
		if (rec->user != NULL && rec->user[0] != '\0')
			rad_put_str(&b, RAD_A_USER_NAME, rec->user);
		rad_put_nas_call(ra, &b, rec->call);
		if (rec->framed_ip != 0)
			rad_put_u32(&b, RAD_A_FRAMED_IP_ADDRESS, rec->framed_ip);
		rad_put_u32(&b, RAD_A_ACCT_AUTHENTIC, rec->radius_authentic ?
			    RAD_ACCT_AUTHENTIC_RADIUS :
			    RAD_ACCT_AUTHENTIC_LOCAL);
		if (rec->class_len > 0)
			rad_put(&b, RAD_A_CLASS, rec->class, rec->class_len);
		rad_put_v6prefix(&b, RAD_A_FRAMED_IPV6_PREFIX,
				 rec->ipv6_prefix, rec->ipv6_prefix_len);
		rad_put_v6prefix(&b, RAD_A_DELEGATED_IPV6_PREFIX,
				 rec->delegated_prefix,
				 rec->delegated_prefix_len);
	}
	rad_put_u32(&b, RAD_A_EVENT_TIMESTAMP, (uint32_t)rec->event_time);
	if (rec->type == AAA_ACCT_STOP || rec->type == AAA_ACCT_INTERIM) {
		rad_put_u32(&b, RAD_A_ACCT_SESSION_TIME, rec->session_time);
		rad_put_u64(&b, RAD_A_ACCT_INPUT_OCTETS,
			    RAD_A_ACCT_INPUT_GIGAWORDS, rec->in_octets);
		rad_put_u64(&b, RAD_A_ACCT_OUTPUT_OCTETS,
			    RAD_A_ACCT_OUTPUT_GIGAWORDS, rec->out_octets);
		rad_put_u32(&b, RAD_A_ACCT_INPUT_PACKETS,
			    (uint32_t)rec->in_packets);
		rad_put_u32(&b, RAD_A_ACCT_OUTPUT_PACKETS,
			    (uint32_t)rec->out_packets);
	}
	if (rec->type == AAA_ACCT_STOP && rec->cause != 0)
		rad_put_u32(&b, RAD_A_ACCT_TERMINATE_CAUSE, rec->cause);
	if (b.err != 0)
		return b.err;
	n = (int)(b.len - RAD_HDR_LEN);
	if ((size_t)n + RAD_AAA_REC_HDR > cap)
		return -EMSGSIZE;
	memset(out, 0, RAD_AAA_REC_HDR);
	out[0] = (uint8_t)rec->type;
	lns_put_be32(out + 8, (uint32_t)(rec->event_time >> 32));
	lns_put_be32(out + 12, (uint32_t)rec->event_time);
	memcpy(out + RAD_AAA_REC_HDR, pkt + RAD_HDR_LEN, (size_t)n);
	return n + RAD_AAA_REC_HDR;
}

/* rad_build_cb: an Accounting-Request from a record, Acct-Delay-Time now. */
static int
rad_aaa_build_acct(void *arg, const struct rad_server *srv, uint8_t id,
		   const uint8_t auth[RAD_AUTH_LEN], uint8_t *buf, size_t cap)
{
	const struct rad_acct_slot *sl = arg;
	const struct rad_server_conf *sc = rad_server_conf(srv);
	size_t alen = sl->len - RAD_AAA_REC_HDR;
	uint64_t ev, now = rad_aaa_wall(sl->ra);
	struct rad_builder b;

	ev = (uint64_t)lns_get_be32(sl->rec + 8) << 32 |
	     lns_get_be32(sl->rec + 12);
	rad_build_init(&b, buf, cap, RAD_ACCOUNTING_REQUEST, id, NULL);
	if (b.err == 0 && b.len + alen > b.cap)
		b.err = -ENOBUFS;
	if (b.err == 0) {
		memcpy(b.buf + b.len, sl->rec + RAD_AAA_REC_HDR, alen);
		b.len += alen;
	}
	rad_put_u32(&b, RAD_A_ACCT_DELAY_TIME,
		    now > ev ? (uint32_t)(now - ev) : 0);
	rad_put_message_authenticator(&b);
	return rad_finish_request(&b, sc->secret, sc->secret_len);
}

static void
rad_slot_put(struct rad_aaa *ra, struct rad_acct_slot *sl)
{
	sl->rr = NULL;
	sl->next_free = ra->free_slots;
	ra->free_slots = sl;
	ra->stats.acct_in_flight--;
}

static struct rad_acct_slot *
rad_slot_get(struct rad_aaa *ra)
{
	struct rad_acct_slot *sl = ra->free_slots;

	if (sl != NULL) {
		ra->free_slots = sl->next_free;
		ra->stats.acct_in_flight++;
	}
	return sl;
}

/* seq could not be delivered: kept, in order, for after the pause. */
static void
rad_aaa_acct_fail(struct rad_aaa *ra, uint64_t seq)
{
	rad_spool_requeue(ra->spool, seq);
	ra->pause_until = ra->now + ra->conf.acct_retry_ms;
	ra->resuming = true;
}

static void
rad_aaa_acct_done(void *arg, int status, const struct rad_pkt *resp,
		  const struct rad_server *srv)
{
	struct rad_acct_slot *sl = arg;
	struct rad_aaa *ra = sl->ra;
	bool ok = status == 0 && resp->code == RAD_ACCOUNTING_RESPONSE;

	if (sl->interim) {
		if (ok)
			ra->stats.interim_acked++;
		else
			ra->stats.interim_lost++;
	} else if (ok) {
		ra->stats.acct_acked++;
		rad_spool_ack(ra->spool, sl->seq);
		ra->resuming = false;
	} else {
		ra->stats.acct_failed++;
		rad_aaa_acct_fail(ra, sl->seq);
	}
	rad_slot_put(ra, sl);
}

static bool
rad_aaa_acct_send(struct rad_aaa *ra, struct rad_acct_slot *sl)
{
	int err = 0;

	sl->rr = rad_client_send(ra->acct, rad_aaa_build_acct,
				 rad_aaa_acct_done, sl,
				 ra->conf.acct_timeout_ms, ra->now, &err);
	return sl->rr != NULL;
}

/*
 * Send spooled records while slots are free and no failure pauses us.
 * After a failure, records sent at different moments would fail and be
 * retried at different moments, out of step for good, and a server back
 * from an outage would get them in the order of their retries (the
 * backlog of a restart after the records of the new run, a Stop before
 * its Start). So the records in flight are let finish first, then the
 * oldest goes alone, and the window opens again when one is answered.
 */
static void
rad_aaa_pump(struct rad_aaa *ra)
{
	struct rad_acct_slot *sl;
	int rc;

	if (ra->spool == NULL || ra->now < ra->pause_until ||
	    (ra->resuming && ra->stats.acct_in_flight > 0))
		return;
	while ((sl = rad_slot_get(ra)) != NULL) {
		rc = rad_spool_next(ra->spool, &sl->seq, sl->rec,
				    sizeof(sl->rec), &sl->len);
		if (rc != 0 || sl->len < RAD_AAA_REC_HDR) {
			if (rc == 0)	/* not one of ours: drop it, counted */
				rad_spool_ack(ra->spool, sl->seq);
			rad_slot_put(ra, sl);
			break;
		}
		sl->interim = false;
		if (!rad_aaa_acct_send(ra, sl)) {
			rad_aaa_acct_fail(ra, sl->seq);
			rad_slot_put(ra, sl);
			break;
		}
		ra->stats.acct_sent++;
		if (ra->resuming)
			break;
	}
}

static int
rad_aaa_acct(void *be, const struct aaa_acct_rec *rec, uint64_t now_ms)
{
	struct rad_aaa *ra = be;
	uint8_t buf[RAD_SPOOL_REC_MAX];
	struct rad_acct_slot *sl;
	uint64_t seq;
	int n, rc;

	if (ra->acct == NULL)
		return 0;	/* no accounting servers: nothing asked */
	ra->now = now_ms;
	if (rec->type == AAA_ACCT_INTERIM) {
		sl = rad_slot_get(ra);
		if (sl == NULL) {
			ra->stats.interim_lost++;
			return -ENOBUFS;
		}
		n = rad_aaa_acct_encode(ra, rec, sl->rec, sizeof(sl->rec));
		sl->interim = true;
		sl->len = n > 0 ? (size_t)n : 0;
		if (n < 0 || !rad_aaa_acct_send(ra, sl)) {
			ra->stats.interim_lost++;
			rad_slot_put(ra, sl);
			return n < 0 ? n : -EAGAIN;
		}
		ra->stats.interim_sent++;
		return 0;
	}
	n = rad_aaa_acct_encode(ra, rec, buf, sizeof(buf));
	if (n < 0) {
		ra->stats.acct_spool_errors++;
		return n;
	}
	rc = rad_spool_append(ra->spool, buf, (size_t)n, &seq);
	if (rc != 0) {
		ra->stats.acct_spool_errors++;
		return rc;
	}
	ra->stats.acct_spooled++;
	rad_aaa_pump(ra);
	return 0;
}

static void
rad_aaa_poll(void *be, uint64_t now_ms)
{
	struct rad_aaa *ra = be;

	ra->now = now_ms;
	if (ra->auth != NULL)
		rad_client_poll(ra->auth, now_ms);
	if (ra->acct != NULL) {
		rad_client_poll(ra->acct, now_ms);
		rad_spool_tick(ra->spool, now_ms);
		rad_aaa_pump(ra);
	}
}

const struct aaa_backend_ops rad_aaa_ops = {
	.name = "radius",
	.start = rad_aaa_start,
	.cancel = rad_aaa_cancel,
	.acct = rad_aaa_acct,
	.poll = rad_aaa_poll,
};

/* ---- life ------------------------------------------------------------- */

struct rad_aaa *
rad_aaa_create(const struct rad_aaa_conf *conf, int *err)
{
	struct rad_aaa *ra = calloc(1, sizeof(*ra));
	uint32_t i, n;

	*err = -ENOMEM;
	if (ra == NULL)
		return NULL;
	ra->conf = *conf;
	if (conf->auth.nb_servers > 0) {
		ra->auth = rad_client_create(&conf->auth, err);
		if (ra->auth == NULL)
			goto fail;
	}
	if (conf->acct.nb_servers > 0) {
		ra->acct = rad_client_create(&conf->acct, err);
		if (ra->acct == NULL)
			goto fail;
		ra->spool = rad_spool_open(&conf->spool, err);
		if (ra->spool == NULL)
			goto fail;
		n = conf->acct_in_flight != 0 ? conf->acct_in_flight : 64;
		ra->slots = calloc(n, sizeof(*ra->slots));
		if (ra->slots == NULL) {
			*err = -ENOMEM;
			goto fail;
		}
		for (i = 0; i < n; i++) {
			ra->slots[i].ra = ra;
			ra->slots[i].next_free = ra->free_slots;
			ra->free_slots = &ra->slots[i];
		}
		ra->stats.acct_in_flight = 0;
	}
	*err = 0;
	return ra;
fail:
	rad_aaa_free(ra, 0);
	return NULL;
}

/* The drain at free runs outside the caller's loop: its own clock. */
static uint64_t
rad_aaa_mono_ms(void)
{
	struct timespec mono;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (uint64_t)mono.tv_sec * 1000 + (uint64_t)mono.tv_nsec / 1000000;
}

void
rad_aaa_free(struct rad_aaa *ra, uint32_t timeout_ms)
{
	struct timespec ts = { .tv_nsec = 1000000 };
	uint64_t now, end;

	if (ra == NULL)
		return;
	if (ra->acct != NULL && ra->spool != NULL && timeout_ms > 0) {
		now = rad_aaa_mono_ms();
		end = now + timeout_ms;
		/*
		 * Shutting down: one more try without the pause (the oldest
		 * alone first if records were failing), then stop.
		 */
		ra->pause_until = 0;
		while (now < end) {
			rad_aaa_poll(ra, now);
			if (ra->stats.acct_in_flight == 0 &&
			    (rad_spool_stats(ra->spool)->pending_records == 0 ||
			     ra->pause_until > now))
				break;
			nanosleep(&ts, NULL);
			now = rad_aaa_mono_ms();
		}
	}
	/* Unanswered records stay in the spool: sent after the restart. */
	rad_client_free(ra->auth);
	rad_client_free(ra->acct);
	if (ra->spool != NULL)
		rad_spool_close(ra->spool);
	free(ra->slots);
	free(ra);
}

const struct rad_aaa_stats *
rad_aaa_stats(const struct rad_aaa *ra)
{
	return &ra->stats;
}

struct rad_client *
rad_aaa_auth_client(const struct rad_aaa *ra)
{
	return ra->auth;
}

struct rad_client *
rad_aaa_acct_client(const struct rad_aaa *ra)
{
	return ra->acct;
}

struct rad_spool *
rad_aaa_spool(const struct rad_aaa *ra)
{
	return ra->spool;
}
