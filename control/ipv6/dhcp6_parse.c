/* SPDX-License-Identifier: BSD-3-Clause
 *
 * DHCPv6 message parser (RFC 8415 §8, §21): strict bounds at every
 * level, nothing read outside the buffer, duplicates refused.
 */
#include <string.h>

#include "lns_bytes.h"
#include "dhcp6.h"

#define DHCP6_IA_HDR		12	/* IAID, T1, T2 */
#define DHCP6_IAADDR_LEN	24	/* address, preferred, valid */
#define DHCP6_IAPREFIX_LEN	25	/* preferred, valid, length, prefix */

static const char *const dhcp6_err_names[DHCP6__ERR_MAX] = {
	[DHCP6_OK] = "ok",
	[DHCP6_ERR_SHORT] = "short",
	[DHCP6_ERR_TYPE] = "type",
	[DHCP6_ERR_OPT_LEN] = "option_length",
	[DHCP6_ERR_DUP] = "duplicate_option",
	[DHCP6_ERR_NESTED] = "nested_option",
	[DHCP6_ERR_DUID] = "duid",
	[DHCP6_ERR_CLIENTID] = "no_client_id",
	[DHCP6_ERR_SERVERID] = "server_id",
	[DHCP6_ERR_UNSUPPORTED] = "unsupported",
	[DHCP6_ERR_NO_IA] = "nothing_to_answer",
	[DHCP6_ERR_CAP] = "no_room",
	[DHCP6_ERR_UDP] = "bad_udp",
};

const char *
dhcp6_err_name(enum dhcp6_err e)
{
	return (unsigned int)e < DHCP6__ERR_MAX ? dhcp6_err_names[e] :
						  "unknown";
}

/* One option of a list: its code, value and value length; -1 at end. */
struct dhcp6_it {
	const uint8_t *p;
	size_t len, off;
};

/* 1: an option; 0: the end; -1: an option past the end. */
static int
dhcp6_next(struct dhcp6_it *it, uint16_t *code, const uint8_t **v,
	   uint16_t *vlen)
{
	uint16_t l;

	if (it->off == it->len)
		return 0;
	if (it->len - it->off < 4)
		return -1;
	*code = lns_get_be16(it->p + it->off);
	l = lns_get_be16(it->p + it->off + 2);
	if ((size_t)l > it->len - it->off - 4)
		return -1;
	*v = it->p + it->off + 4;
	*vlen = l;
	it->off += 4 + (size_t)l;
	return 1;
}

static enum dhcp6_err
dhcp6_status_parse(const uint8_t *v, uint16_t vlen, int *status)
{
	if (vlen < 2)
		return DHCP6_ERR_OPT_LEN;
	if (*status != -1)
		return DHCP6_ERR_DUP;
	*status = lns_get_be16(v);
	return DHCP6_OK;
}

/* The options of an IAADDR / IAPREFIX, from off: their Status Code. */
static enum dhcp6_err
dhcp6_sub_status(const uint8_t *v, uint16_t vlen, size_t off, int *st)
{
	struct dhcp6_it it = { .p = v, .len = vlen, .off = off };
	const uint8_t *sv;
	uint16_t sc, sl;
	int rc;

	while ((rc = dhcp6_next(&it, &sc, &sv, &sl)) > 0)
		if (sc == DHCP6_OPT_STATUS_CODE &&
		    dhcp6_status_parse(sv, sl, st) != DHCP6_OK)
			return DHCP6_ERR_NESTED;
	return rc < 0 ? DHCP6_ERR_NESTED : DHCP6_OK;
}

/* The sub-options of an IA_NA (addr_code IAADDR) or IA_PD (IAPREFIX). */
static enum dhcp6_err
dhcp6_ia_parse(const uint8_t *v, uint16_t vlen, uint16_t code,
	       struct dhcp6_ia *ia)
{
	uint16_t sc, sl, want = code == DHCP6_OPT_IA_PD ? DHCP6_OPT_IAPREFIX :
							   DHCP6_OPT_IAADDR;
	struct dhcp6_it it = { .p = v + DHCP6_IA_HDR };
	size_t fixed = code == DHCP6_OPT_IA_PD ? DHCP6_IAPREFIX_LEN :
						 DHCP6_IAADDR_LEN;
	const uint8_t *sv;
	int rc, st;

	memset(ia, 0, sizeof(*ia));
	ia->status = -1;
	if (vlen < DHCP6_IA_HDR)
		return DHCP6_ERR_OPT_LEN;
	ia->iaid = lns_get_be32(v);
	ia->t1 = lns_get_be32(v + 4);
	ia->t2 = lns_get_be32(v + 8);
	it.len = vlen - DHCP6_IA_HDR;
	while ((rc = dhcp6_next(&it, &sc, &sv, &sl)) > 0) {
		if (sc == DHCP6_OPT_STATUS_CODE) {
			if (dhcp6_status_parse(sv, sl, &ia->status) !=
			    DHCP6_OK)
				return DHCP6_ERR_NESTED;
			continue;
		}
		if (sc != want)
			continue;	/* §16: unknown options are ignored */
		if (sl < fixed)
			return DHCP6_ERR_NESTED;
		/* Its own options: only a Status Code is looked at. */
		st = -1;
		if (dhcp6_sub_status(sv, sl, fixed, &st) != DHCP6_OK)
			return DHCP6_ERR_NESTED;
		if (ia->has_addr)
			continue;	/* the first one is served */
		ia->has_addr = true;
		if (want == DHCP6_OPT_IAADDR) {
			memcpy(ia->addr, sv, 16);
			ia->plen = 128;
			ia->preferred = lns_get_be32(sv + 16);
			ia->valid = lns_get_be32(sv + 20);
		} else {
			ia->preferred = lns_get_be32(sv);
			ia->valid = lns_get_be32(sv + 4);
			ia->plen = sv[8];
			memcpy(ia->addr, sv + 9, 16);
			if (ia->plen > 128)
				return DHCP6_ERR_NESTED;
		}
	}
	return rc < 0 ? DHCP6_ERR_NESTED : DHCP6_OK;
}

static bool
dhcp6_type_ok(uint8_t t, bool server_msg)
{
	switch (t) {
	case DHCP6_SOLICIT:
	case DHCP6_REQUEST:
	case DHCP6_CONFIRM:
	case DHCP6_RENEW:
	case DHCP6_REBIND:
	case DHCP6_RELEASE:
	case DHCP6_DECLINE:
	case DHCP6_INFORMATION_REQUEST:
		return !server_msg;
	case DHCP6_ADVERTISE:
	case DHCP6_REPLY:
		return server_msg;
	default:
		return false;	/* relay messages, RECONFIGURE, unknown */
	}
}

static enum dhcp6_err
dhcp6_duid(const uint8_t *v, uint16_t vlen, const uint8_t **dst,
	   uint16_t *dlen)
{
	if (*dst != NULL)
		return DHCP6_ERR_DUP;
	/* A type and at least one octet of it; RFC 8415 §11.1. */
	if (vlen < 3 || vlen > DHCP6_DUID_MAX)
		return DHCP6_ERR_DUID;
	*dst = v;
	*dlen = vlen;
	return DHCP6_OK;
}

/* An IA_NA / IA_PD: keep the first, refuse a second with its IAID. */
static enum dhcp6_err
dhcp6_ia_opt(struct dhcp6_msg *m, uint16_t code, const uint8_t *v,
	     uint16_t vlen)
{
	bool *has = code == DHCP6_OPT_IA_PD ? &m->has_ia_pd : &m->has_ia_na;
	struct dhcp6_ia *ia = code == DHCP6_OPT_IA_PD ? &m->ia_pd : &m->ia_na;
	struct dhcp6_ia tmp;
	enum dhcp6_err e;

	m->nb_ia++;
	e = dhcp6_ia_parse(v, vlen, code, &tmp);
	if (e != DHCP6_OK)
		return e;
	if (*has) {
		if (tmp.iaid == ia->iaid)
			return DHCP6_ERR_DUP;
		return DHCP6_OK;	/* only the first is served */
	}
	*has = true;
	*ia = tmp;
	return DHCP6_OK;
}

static enum dhcp6_err
dhcp6_opt(struct dhcp6_msg *m, uint16_t code, const uint8_t *v,
	  uint16_t vlen, unsigned int *seen)
{
	unsigned int i;

	switch (code) {
	case DHCP6_OPT_CLIENTID:
		return dhcp6_duid(v, vlen, &m->client_id, &m->client_id_len);
	case DHCP6_OPT_SERVERID:
		return dhcp6_duid(v, vlen, &m->server_id, &m->server_id_len);
	case DHCP6_OPT_IA_NA:
	case DHCP6_OPT_IA_PD:
		return dhcp6_ia_opt(m, code, v, vlen);
	case DHCP6_OPT_IA_TA:
		m->nb_ia++;
		m->has_ia_ta = true;
		return vlen < 4 ? DHCP6_ERR_OPT_LEN : DHCP6_OK;
	case DHCP6_OPT_ORO:
		if (*seen & 1)
			return DHCP6_ERR_DUP;
		*seen |= 1;
		if (vlen % 2 != 0)
			return DHCP6_ERR_OPT_LEN;
		for (i = 0; i < vlen / 2u && m->nb_oro < DHCP6_MAX_ORO; i++)
			m->oro[m->nb_oro++] = lns_get_be16(v + 2 * i);
		return DHCP6_OK;
	case DHCP6_OPT_ELAPSED_TIME:
		if (*seen & 2)
			return DHCP6_ERR_DUP;
		*seen |= 2;
		return vlen != 2 ? DHCP6_ERR_OPT_LEN : DHCP6_OK;
	case DHCP6_OPT_RAPID_COMMIT:
		if (m->rapid_commit)
			return DHCP6_ERR_DUP;
		m->rapid_commit = true;
		return vlen != 0 ? DHCP6_ERR_OPT_LEN : DHCP6_OK;
	case DHCP6_OPT_PREFERENCE:
		if (m->preference != -1)
			return DHCP6_ERR_DUP;
		if (vlen != 1)
			return DHCP6_ERR_OPT_LEN;
		m->preference = v[0];
		return DHCP6_OK;
	case DHCP6_OPT_STATUS_CODE:
		return dhcp6_status_parse(v, vlen, &m->status);
	case DHCP6_OPT_DNS_SERVERS:
		if (m->dns != NULL)
			return DHCP6_ERR_DUP;
		if (vlen % 16 != 0)
			return DHCP6_ERR_OPT_LEN;
		m->dns = v;
		m->dns_len = vlen;
		return DHCP6_OK;
	default:
		return DHCP6_OK;	/* §16: ignored */
	}
}

enum dhcp6_err
dhcp6_parse(const uint8_t *buf, size_t len, bool server_msg,
	    struct dhcp6_msg *m)
{
	struct dhcp6_it it = { .p = buf + DHCP6_HDR_LEN };
	unsigned int seen = 0;
	const uint8_t *v;
	enum dhcp6_err e;
	uint16_t code, vlen;
	int rc;

	memset(m, 0, sizeof(*m));
	m->status = -1;
	m->preference = -1;
	if (len < DHCP6_HDR_LEN)
		return DHCP6_ERR_SHORT;
	m->type = buf[0];
	m->xid = lns_get_be32(buf) & 0xffffff;
	if (!dhcp6_type_ok(m->type, server_msg))
		return DHCP6_ERR_TYPE;
	it.len = len - DHCP6_HDR_LEN;
	while ((rc = dhcp6_next(&it, &code, &v, &vlen)) > 0) {
		e = dhcp6_opt(m, code, v, vlen, &seen);
		if (e != DHCP6_OK)
			return e;
	}
	return rc < 0 ? DHCP6_ERR_OPT_LEN : DHCP6_OK;
}

bool
dhcp6_oro_has(const struct dhcp6_msg *m, uint16_t code)
{
	unsigned int i;

	for (i = 0; i < m->nb_oro; i++)
		if (m->oro[i] == code)
			return true;
	return false;
}

void
dhcp6_duid_ll(uint8_t *out, const uint8_t mac[6])
{
	lns_put_be16(out, 3);		/* DUID-LL */
	lns_put_be16(out + 2, 1);	/* Ethernet */
	memcpy(out + 4, mac, 6);
}
