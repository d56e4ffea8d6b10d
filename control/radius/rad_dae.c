/* SPDX-License-Identifier: BSD-3-Clause
 *
 * RFC 5176 Dynamic Authorization server (see rad_dae.h for the order of
 * the checks and the answers).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "rad_client_sock_priv.h"
#include "rad_dae.h"

/*
 * The answer given to (Identifier, Request Authenticator) of one client.
 * The answer itself is not kept: a duplicate is the same octets, so the
 * same answer is built again from it (its Proxy-States included).
 */
struct rad_dae_cache_ent {
	uint64_t expires_ms;		/* 0: empty */
	uint32_t error_cause;		/* 0: ACK */
	uint8_t auth[RAD_AUTH_LEN];
};

struct rad_dae_client {
	struct rad_dae_counters ctr;
	/* One entry per Identifier: §6.4, an Identifier is not reused
	 * within the window, so 256 entries cover it. */
	struct rad_dae_cache_ent cache[256];
};

struct rad_dae {
	struct rad_dae_conf conf;
	struct rad_dae_client clients[RAD_DAE_MAX_CLIENTS];
	struct rad_dae_counters total;
	int fd;
	uint16_t port;
	uint64_t now_ms;		/* of the poll under way */
	uint8_t rx[RAD_PKT_MAX];
	uint8_t tx[RAD_PKT_MAX];
};

static const char *const rad_dae_ctr_names[] = {
#define RAD_DAE_CTR_NAME(e, n) [RAD_DAE_ ## e] = n,
	RAD_DAE_CTRS(RAD_DAE_CTR_NAME)
#undef RAD_DAE_CTR_NAME
};

const char *
rad_dae_ctr_name(enum rad_dae_ctr c)
{
	return (unsigned int)c < RAD_DAE_CTR_MAX ? rad_dae_ctr_names[c] : NULL;
}

/* ---- socket ------------------------------------------------------------ */

static int
dae_sock_open(uint32_t addr, uint16_t port, uint16_t *bound)
{
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	int fd, err;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &slen) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	*bound = ntohs(sin.sin_port);
	return fd;
}

static int
dae_send(struct rad_dae *d, uint32_t addr, uint16_t port, size_t len)
{
	if (d->conf.io != NULL)
		return d->conf.io->send(d->conf.io->ctx, addr, port, d->tx,
			len);
	return rad_client_sock_send(d->fd, addr, port, d->tx, len);
}

/* ---- life -------------------------------------------------------------- */

static int
dae_conf_check(const struct rad_dae_conf *c)
{
	unsigned int i, j;

	if (c->handler == NULL || c->nb_clients == 0 ||
	    c->nb_clients > RAD_DAE_MAX_CLIENTS ||
	    c->nb_nas_ips > RAD_DAE_MAX_NAS_IPS ||
	    (c->io != NULL && c->io->send == NULL))
		return -EINVAL;
	for (i = 0; i < c->nb_clients; i++) {
		if (c->clients[i].secret_len == 0 ||
		    c->clients[i].secret_len > RAD_SECRET_MAX)
			return -EINVAL;
		/* A source address names one secret. */
		for (j = 0; j < i; j++)
			if (c->clients[j].addr == c->clients[i].addr)
				return -EINVAL;
	}
	return 0;
}

struct rad_dae *
rad_dae_create(const struct rad_dae_conf *conf, int *err)
{
	struct rad_dae *d;
	int rc;

	rc = dae_conf_check(conf);
	if (rc != 0) {
		*err = rc;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	d->conf = *conf;
	d->conf.nas_identifier[RAD_DAE_STR_MAX] = '\0';
	if (d->conf.window_s == 0)
		d->conf.window_s = RAD_DAE_WINDOW_S;
	d->fd = -1;
	if (conf->io == NULL) {
		rc = dae_sock_open(conf->addr, conf->port, &d->port);
		if (rc < 0) {
			rad_dae_free(d);
			*err = rc;
			return NULL;
		}
		d->fd = rc;
	}
	return d;
}

void
rad_dae_free(struct rad_dae *d)
{
	if (d == NULL)
		return;
	if (d->fd >= 0)
		close(d->fd);
	explicit_bzero(d->conf.clients, sizeof(d->conf.clients));
	free(d);
}

uint16_t
rad_dae_port(const struct rad_dae *d)
{
	return d->port;
}

const struct rad_dae_counters *
rad_dae_totals(const struct rad_dae *d)
{
	return &d->total;
}

const struct rad_dae_counters *
rad_dae_client_counters(const struct rad_dae *d, unsigned int client)
{
	return client < d->conf.nb_clients ? &d->clients[client].ctr : NULL;
}

/* ---- one request --------------------------------------------------------- */

/* Count the outcome and tell the caller. */
static void
dae_done(struct rad_dae *d, struct rad_dae_event *ev, enum rad_dae_ctr what)
{
	d->total.n[what]++;
	if (ev->client >= 0)
		d->clients[ev->client].ctr.n[what]++;
	ev->what = what;
	if (d->conf.event != NULL)
		d->conf.event(d->conf.event_arg, ev);
}

static void
dae_count(struct rad_dae *d, int client, enum rad_dae_ctr what)
{
	d->total.n[what]++;
	d->clients[client].ctr.n[what]++;
}

static int
dae_client_find(const struct rad_dae *d, uint32_t addr)
{
	unsigned int i;

	for (i = 0; i < d->conf.nb_clients; i++)
		if (d->conf.clients[i].addr == addr)
			return (int)i;
	return -1;
}

static enum rad_dae_ctr
dae_nak_ctr(uint32_t cause)
{
	switch (cause) {
	case RAD_EC_UNSUPPORTED_ATTRIBUTE:
		return RAD_DAE_NAK_UNSUPPORTED_ATTRIBUTE;
	case RAD_EC_MISSING_ATTRIBUTE:
		return RAD_DAE_NAK_MISSING_ATTRIBUTE;
	case RAD_EC_NAS_IDENTIFICATION_MISMATCH:
		return RAD_DAE_NAK_NAS_MISMATCH;
	case RAD_EC_INVALID_REQUEST:
		return RAD_DAE_NAK_INVALID_REQUEST;
	case RAD_EC_UNSUPPORTED_SERVICE:
		return RAD_DAE_NAK_UNSUPPORTED_SERVICE;
	case RAD_EC_INVALID_ATTRIBUTE_VALUE:
		return RAD_DAE_NAK_INVALID_VALUE;
	case RAD_EC_ADMINISTRATIVELY_PROHIBITED:
		return RAD_DAE_NAK_PROHIBITED;
	case RAD_EC_SESSION_CONTEXT_NOT_FOUND:
		return RAD_DAE_NAK_NOT_FOUND;
	case RAD_EC_SESSION_CONTEXT_NOT_REMOVABLE:
		return RAD_DAE_NAK_NOT_REMOVABLE;
	case RAD_EC_RESOURCES_UNAVAILABLE:
		return RAD_DAE_NAK_RESOURCES;
	default:
		return RAD_DAE_NAK_OTHER;
	}
}

/* The verification's verdict as a counter; RAD_DAE_CTR_MAX: authentic. */
static enum rad_dae_ctr
dae_verify(const struct rad_dae *d, const struct rad_pkt *p, int client)
{
	const struct rad_dae_client_conf *c = &d->conf.clients[client];

	switch (rad_verify_request(p, c->secret, c->secret_len,
				   !d->conf.ma_optional)) {
	case 0:
		return RAD_DAE_CTR_MAX;
	case -EACCES:
		return RAD_DAE_BAD_AUTHENTICATOR;
	case -EPERM:
		return RAD_DAE_BAD_MA;
	case -ENOMSG:
		return RAD_DAE_MISSING_MA;
	default:
		return RAD_DAE_MALFORMED;
	}
}

/*
 * RFC 5176 §6.4: a request whose Event-Timestamp is not current is
 * silently discarded. RAD_DAE_CTR_MAX: fresh, or without one and none
 * required, or malformed (the attribute check NAKs that with 404).
 */
static enum rad_dae_ctr
dae_timestamp(const struct rad_dae *d, const struct rad_pkt *p)
{
	const uint8_t *v;
	uint32_t ts;
	uint64_t wall, skew;
	size_t len;

	if (rad_attr_find(p, RAD_A_EVENT_TIMESTAMP, &v, &len) != 0)
		return d->conf.require_event_timestamp ?
		       RAD_DAE_MISSING_TIMESTAMP : RAD_DAE_CTR_MAX;
	if (rad_val_u32(v, len, &ts) != 0)
		return RAD_DAE_CTR_MAX;
	wall = d->conf.wall_s != NULL ? d->conf.wall_s() :
	       (uint64_t)time(NULL);
	skew = ts > wall ? ts - wall : wall - ts;
	return skew > d->conf.window_s ? RAD_DAE_STALE_TIMESTAMP :
	       RAD_DAE_CTR_MAX;
}

/* A string attribute into dst; false when it holds a NUL octet. */
static bool
dae_str(char *dst, const uint8_t *v, size_t len)
{
	memcpy(dst, v, len);
	dst[len] = '\0';
	return memchr(v, '\0', len) == NULL;
}

static bool
dae_nas_ip_ours(const struct rad_dae *d, const uint8_t *v)
{
	unsigned int i;
	uint32_t a;

	memcpy(&a, v, sizeof(a));	/* network order, as configured */
	for (i = 0; i < d->conf.nb_nas_ips; i++)
		if (d->conf.nas_ips[i] == a)
			return true;
	return false;
}

/* What the attributes of a request found, beyond the decoded request. */
struct dae_scan {
	bool mismatch;			/* a NAS identification not ours */
	bool unsupported;
	bool service;			/* Service-Type: Authorize Only is not done */
	bool nul;			/* a string with a NUL octet */
};

/*
 * A Vendor-Specific: Mikrotik-Rate-Limit alone in it is a CoA change,
 * anything else is not supported. False when malformed or repeated.
 */
static bool
dae_vsa(struct rad_dae_req *r, struct dae_scan *s, const uint8_t *val,
	size_t len)
{
	const uint8_t *vv;
	uint32_t vendor;
	uint8_t vt;
	size_t vl;

	if (rad_vsa_parse(val, len, &vendor, &vt, &vv, &vl) != 0)
		return false;
	if (r->code != RAD_COA_REQUEST || vendor != RAD_VENDOR_MIKROTIK ||
	    vt != RAD_MIKROTIK_RATE_LIMIT || vl + 6 != len) {
		s->unsupported = true;
		return true;
	}
	if (vl == 0 || (r->change & RAD_DAE_SET_RATE_LIMIT))
		return false;
	r->change |= RAD_DAE_SET_RATE_LIMIT;
	s->nul |= !dae_str(r->rate_limit, vv, vl);
	return true;
}

/* A CoA's integer change (4 octets, checked); unsupported in a Disconnect. */
static void
dae_set_u32(struct rad_dae_req *r, struct dae_scan *s, uint32_t flag,
	    uint32_t *dst, const uint8_t *v, size_t len)
{
	if (r->code != RAD_COA_REQUEST) {
		s->unsupported = true;
		return;
	}
	r->change |= flag;
	(void)rad_val_u32(v, len, dst);
}

/*
 * One attribute into r or s. Returns false for a malformed request (404).
 * Lengths were checked by rad_attr_check() against the dictionary.
 */
static bool
dae_attr(const struct rad_dae *d, struct rad_dae_req *r, struct dae_scan *s,
	 uint8_t type, const uint8_t *v, size_t len)
{
	switch (type) {
	case RAD_A_USER_NAME:
		r->ident |= RAD_DAE_ID_USER;
		s->nul |= !dae_str(r->user, v, len);
		break;
	case RAD_A_ACCT_SESSION_ID:
		r->ident |= RAD_DAE_ID_SESSION;
		s->nul |= !dae_str(r->session_id, v, len);
		break;
	case RAD_A_FRAMED_IP_ADDRESS:
		r->ident |= RAD_DAE_ID_FRAMED_IP;
		(void)rad_val_u32(v, len, &r->framed_ip);
		break;
	case RAD_A_NAS_IP_ADDRESS:
		s->mismatch |= !dae_nas_ip_ours(d, v);
		break;
	case RAD_A_NAS_IDENTIFIER:
		s->mismatch |= len != strlen(d->conf.nas_identifier) ||
			       memcmp(v, d->conf.nas_identifier, len) != 0;
		break;
	case RAD_A_NAS_IPV6_ADDRESS:
		s->mismatch = true;	/* we have no IPv6 NAS address */
		break;
	case RAD_A_MESSAGE_AUTHENTICATOR:
	case RAD_A_EVENT_TIMESTAMP:
	case RAD_A_PROXY_STATE:
		break;
	case RAD_A_ACCT_TERMINATE_CAUSE:
		/* §3.6: a Disconnect-Request may say why; ours is Admin-Reset. */
		s->unsupported |= r->code != RAD_DISCONNECT_REQUEST;
		break;
	case RAD_A_SERVICE_TYPE:
		s->service = true;
		break;
	case RAD_A_SESSION_TIMEOUT:
		dae_set_u32(r, s, RAD_DAE_SET_SESSION_TIMEOUT,
			    &r->session_timeout, v, len);
		break;
	case RAD_A_IDLE_TIMEOUT:
		dae_set_u32(r, s, RAD_DAE_SET_IDLE_TIMEOUT, &r->idle_timeout,
			    v, len);
		break;
	case RAD_A_ACCT_INTERIM_INTERVAL:
		dae_set_u32(r, s, RAD_DAE_SET_INTERIM, &r->interim, v, len);
		break;
	case RAD_A_FILTER_ID:
		if (r->code != RAD_COA_REQUEST) {
			s->unsupported = true;
			break;
		}
		r->change |= RAD_DAE_SET_FILTER_ID;
		s->nul |= !dae_str(r->filter_id, v, len);
		break;
	case RAD_A_VENDOR_SPECIFIC:
		return dae_vsa(r, s, v, len);
	default:
		s->unsupported = true;
		break;
	}
	return true;
}

/* Attributes that may appear more than once (RFC 5176 §3.6: 0+). */
static bool
dae_repeatable(uint8_t type)
{
	return type == RAD_A_PROXY_STATE || type == RAD_A_VENDOR_SPECIFIC;
}

/* Decode p into r: 0, or the Error-Cause of the NAK (rad_dae.h, step 7). */
static uint32_t
dae_decode(const struct rad_dae *d, const struct rad_pkt *p,
	   struct rad_dae_req *r)
{
	uint8_t seen[256 / 8] = { 0 };
	struct dae_scan s = { 0 };
	struct rad_attr_iter it;
	const uint8_t *v;
	uint8_t type;
	size_t len;

	rad_attr_iter_init(&it, p);
	while (rad_attr_next(&it, &type, &v, &len) == 1) {
		if (rad_attr_check(type, v, len) != 0)
			return RAD_EC_INVALID_REQUEST;
		if (!dae_repeatable(type)) {
			if (seen[type / 8] & (1u << (type % 8)))
				return RAD_EC_INVALID_REQUEST;
			seen[type / 8] |= (uint8_t)(1u << (type % 8));
		}
		if (!dae_attr(d, r, &s, type, v, len))
			return RAD_EC_INVALID_REQUEST;
	}
	if (s.mismatch)
		return RAD_EC_NAS_IDENTIFICATION_MISMATCH;
	if (s.unsupported)
		return RAD_EC_UNSUPPORTED_ATTRIBUTE;
	if (s.service)
		return RAD_EC_UNSUPPORTED_SERVICE;
	if (s.nul)
		return RAD_EC_INVALID_ATTRIBUTE_VALUE;
	if (r->ident == 0)
		return RAD_EC_MISSING_ATTRIBUTE;
	return 0;
}

/*
 * The ACK or NAK of request p into d->tx: Message-Authenticator, the
 * Proxy-States in their order (§3.1), the Error-Cause of a NAK. Returns
 * the length, or a negative errno (a request at RAD_PKT_MAX whose answer
 * would not fit).
 */
static int
dae_build(struct rad_dae *d, const struct rad_pkt *p, int client,
	  uint32_t cause)
{
	const struct rad_dae_client_conf *c = &d->conf.clients[client];
	struct rad_attr_iter it;
	struct rad_builder b;
	const uint8_t *v;
	uint8_t type;
	size_t len;

	/* ACK = request + 1, NAK = request + 2 (§2.3). */
	rad_build_init(&b, d->tx, sizeof(d->tx),
		       (uint8_t)(p->code + (cause == 0 ? 1 : 2)), p->id, NULL);
	rad_put_message_authenticator(&b);
	rad_attr_iter_init(&it, p);
	/* An empty one (only in a request NAKed 404) cannot be sent. */
	while (rad_attr_next(&it, &type, &v, &len) == 1)
		if (type == RAD_A_PROXY_STATE && len > 0)
			rad_put(&b, type, v, len);
	if (cause != 0)
		rad_put_u32(&b, RAD_A_ERROR_CAUSE, cause);
	return rad_finish_response(&b, p->auth, c->secret, c->secret_len);
}

static void
dae_answer(struct rad_dae *d, const struct rad_pkt *p, int client,
	   uint32_t addr, uint16_t port, uint32_t cause)
{
	int n = dae_build(d, p, client, cause);

	if (n < 0 || dae_send(d, addr, port, (size_t)n) != 0)
		dae_count(d, client, RAD_DAE_SEND_ERROR);
}

void
rad_dae_input(struct rad_dae *d, uint32_t addr, uint16_t port,
	      const uint8_t *buf, size_t len, uint64_t now_ms)
{
	struct rad_dae_event ev = { .client = -1, .addr = addr, .port = port };
	struct rad_dae_cache_ent *ent;
	struct rad_dae_req req;
	enum rad_dae_ctr drop;
	struct rad_pkt p;
	uint32_t cause;
	int ci;

	ci = dae_client_find(d, addr);
	if (ci < 0) {
		dae_done(d, &ev, RAD_DAE_UNKNOWN_CLIENT);
		return;
	}
	ev.client = ci;
	if (rad_parse(&p, buf, len) != 0) {
		dae_done(d, &ev, RAD_DAE_MALFORMED);
		return;
	}
	ev.code = p.code;
	ev.id = p.id;
	if (p.code != RAD_DISCONNECT_REQUEST && p.code != RAD_COA_REQUEST) {
		dae_done(d, &ev, RAD_DAE_BAD_CODE);
		return;
	}
	drop = dae_verify(d, &p, ci);
	if (drop == RAD_DAE_CTR_MAX)
		drop = dae_timestamp(d, &p);
	if (drop != RAD_DAE_CTR_MAX) {
		dae_done(d, &ev, drop);
		return;
	}
	ent = &d->clients[ci].cache[p.id];
	if (ent->expires_ms > now_ms &&
	    memcmp(ent->auth, p.auth, RAD_AUTH_LEN) == 0) {
		ev.error_cause = ent->error_cause;
		dae_answer(d, &p, ci, addr, port, ent->error_cause);
		dae_done(d, &ev, RAD_DAE_DUPLICATE);
		return;
	}
	dae_count(d, ci, p.code == RAD_COA_REQUEST ? RAD_DAE_COA :
		  RAD_DAE_DISCONNECT);
	memset(&req, 0, sizeof(req));
	req.code = p.code;
	req.id = p.id;
	req.client = (unsigned int)ci;
	req.client_addr = addr;
	cause = dae_decode(d, &p, &req);
	if (cause == 0)
		cause = d->conf.handler(d->conf.handler_arg, &req);
	ent->expires_ms = now_ms + (uint64_t)d->conf.window_s * 1000;
	ent->error_cause = cause;
	memcpy(ent->auth, p.auth, RAD_AUTH_LEN);
	dae_answer(d, &p, ci, addr, port, cause);
	ev.error_cause = cause;
	ev.req = &req;
	dae_done(d, &ev, cause == 0 ? RAD_DAE_ACK : dae_nak_ctr(cause));
}

static void
dae_rx(void *arg, uint32_t addr, uint16_t port, const uint8_t *buf,
       size_t len)
{
	struct rad_dae *d = arg;

	rad_dae_input(d, addr, port, buf, len, d->now_ms);
}

unsigned int
rad_dae_poll(struct rad_dae *d, uint64_t now_ms)
{
	if (d->fd < 0)
		return 0;
	d->now_ms = now_ms;
	return rad_client_sock_read(d->fd, d->rx, sizeof(d->rx),
		RAD_DAE_READ_BUDGET, dae_rx, d);
}
