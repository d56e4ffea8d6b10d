/* SPDX-License-Identifier: BSD-3-Clause
 * DHCPv6 server codec and per-session state (control/ipv6/dhcp6_*.c)
 * against scapy's messages (ip6_test_vectors.h, gen_ip6_vectors.py).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ip6.h"
#include "dhcp6.h"
#include "ip6_test_vectors.h"
#include "test_nd6_pcap.h"

/* The scenario of gen_ip6_vectors.py. */
#define V6_IFID		UINT64_C(0x0200000000000001)
static const uint8_t v6_server_mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };

struct fx {
	struct dhcp6_srv_conf c;
	struct dhcp6_binding b;
	struct dhcp6_event ev;
	uint8_t out[512];
};

static void
addr(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	dhcp6_duid_ll(f.c.duid, v6_server_mac);
	f.c.duid_len = DHCP6_DUID_LL_LEN;
	f.c.rapid_commit = true;
	f.c.preferred = 3600;
	f.c.valid = 7200;
	f.c.nb_dns = 2;
	addr("2001:4860:4860::8888", f.c.dns[0]);
	addr("2001:4860:4860::8844", f.c.dns[1]);
	f.b.pd_avail = true;
	addr("2001:db8:100:ab00::", f.b.pd);
	f.b.pd_len = 56;
	f.b.na_avail = true;
	addr("2001:db8:200:1::1", f.b.na);
	*state = &f;
	return 0;
}

/*
 * Answer in; the reply must be want (NULL: none) and the flags flags.
 * A reply always parses back as a server message and fits the buffer.
 */
static void
exchange(struct fx *f, const uint8_t *in, size_t len, const uint8_t *want,
	 size_t wlen, unsigned int flags)
{
	struct dhcp6_msg m;
	size_t n;

	memset(f->out, 0xee, sizeof(f->out));
	n = dhcp6_srv_handle(&f->b, &f->c, in, len, f->out, sizeof(f->out),
			     &f->ev);
	assert_int_equal(f->ev.flags, flags);
	if (want == NULL) {
		assert_int_equal(n, 0);
		return;
	}
	assert_int_equal(n, wlen);
	assert_memory_equal(f->out, want, wlen);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(f->ev.out_type, m.type);
}

#define EXCHANGE(f, in, want, flags) \
	exchange(f, in, sizeof(in), want, sizeof(want), flags)

static void
test_parse_solicit(void **state)
{
	struct dhcp6_msg m;

	(void)state;
	assert_int_equal(dhcp6_parse(v6_c_solicit, sizeof(v6_c_solicit),
				     false, &m), DHCP6_OK);
	assert_int_equal(m.type, DHCP6_SOLICIT);
	assert_int_equal(m.xid, 0x123456);
	assert_int_equal(m.client_id_len, DHCP6_DUID_LL_LEN);
	assert_null(m.server_id);
	assert_true(m.has_ia_na && m.has_ia_pd);
	assert_int_equal(m.ia_na.iaid, 2);
	assert_int_equal(m.ia_pd.iaid, 1);
	assert_false(m.rapid_commit);
	assert_true(dhcp6_oro_has(&m, DHCP6_OPT_DNS_SERVERS));
	assert_int_equal(dhcp6_parse(v6_c_solicit_rc, sizeof(v6_c_solicit_rc),
				     false, &m), DHCP6_OK);
	assert_true(m.rapid_commit);
	/* A server message is not a client's, and the other way round. */
	assert_int_equal(dhcp6_parse(v6_s_advertise, sizeof(v6_s_advertise),
				     false, &m), DHCP6_ERR_TYPE);
	assert_int_equal(dhcp6_parse(v6_c_solicit, sizeof(v6_c_solicit),
				     true, &m), DHCP6_ERR_TYPE);
	assert_int_equal(dhcp6_parse(v6_s_reply_renew,
				     sizeof(v6_s_reply_renew), true, &m),
			 DHCP6_OK);
	assert_true(m.ia_pd.has_addr);
	assert_int_equal(m.ia_pd.plen, 56);
	assert_int_equal(m.ia_pd.valid, 7200);
	assert_int_equal(m.dns_len, 32);
}

/* SOLICIT -> ADVERTISE -> REQUEST -> REPLY -> RENEW -> RELEASE. */
static void
test_lifecycle(void **state)
{
	struct fx *f = *state;

	EXCHANGE(f, v6_c_solicit, v6_s_advertise, 0);
	assert_int_equal(f->ev.out_type, DHCP6_ADVERTISE);
	assert_false(f->b.pd_bound || f->b.na_bound);
	EXCHANGE(f, v6_c_request, v6_s_reply_request,
		 DHCP6_EV_PD_ROUTE | DHCP6_EV_NA_BIND);
	assert_true(f->b.pd_bound && f->b.na_bound);
	assert_int_equal(f->b.pd_iaid, 1);
	assert_int_equal(f->b.duid_len, DHCP6_DUID_LL_LEN);
	/* A retransmitted REQUEST: the same answer, nothing to route. */
	EXCHANGE(f, v6_c_request, v6_s_reply_request, 0);
	EXCHANGE(f, v6_c_renew, v6_s_reply_renew, 0);
	EXCHANGE(f, v6_c_release, v6_s_reply_release, DHCP6_EV_PD_WITHDRAW);
	assert_false(f->b.pd_bound);
	assert_true(f->b.na_bound);
}

static void
test_rapid_commit(void **state)
{
	struct fx *f = *state;
	struct dhcp6_msg m;
	size_t n;

	EXCHANGE(f, v6_c_solicit_rc, v6_s_reply_rc, DHCP6_EV_PD_ROUTE);
	assert_true(f->b.pd_bound);
	/* Not configured: an ADVERTISE, nothing bound. */
	memset(&f->b, 0, offsetof(struct dhcp6_binding, duid));
	setup(state);
	f->c.rapid_commit = false;
	n = dhcp6_srv_handle(&f->b, &f->c, v6_c_solicit_rc,
			     sizeof(v6_c_solicit_rc), f->out, sizeof(f->out),
			     &f->ev);
	assert_int_not_equal(n, 0);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(m.type, DHCP6_ADVERTISE);
	assert_false(m.rapid_commit);
	assert_int_equal(f->ev.flags, 0);
	assert_false(f->b.pd_bound);
}

/* The session came back (lnsd or the PPP link restarted): RENEW. */
static void
test_renew_after_restart(void **state)
{
	struct fx *f = *state;

	EXCHANGE(f, v6_c_renew, v6_s_reply_renew,
		 DHCP6_EV_PD_ROUTE | DHCP6_EV_REGRANT);
	assert_true(f->b.pd_bound);
	assert_int_equal(f->b.pd_iaid, 1);
}

/* REBIND of the prefix the client had before: the new one, old at 0. */
static void
test_rebind_old_prefix(void **state)
{
	struct fx *f = *state;

	EXCHANGE(f, v6_c_rebind_old, v6_s_reply_rebind_old,
		 DHCP6_EV_PD_ROUTE | DHCP6_EV_REGRANT);
}

static void
test_unknown_binding(void **state)
{
	struct fx *f = *state;

	f->b.pd_avail = false;
	EXCHANGE(f, v6_c_renew, v6_s_reply_nobinding, 0);
	assert_false(f->b.pd_bound);
	/* Bound to another IAID: this one is not known. */
	f->b.pd_avail = true;
	f->b.pd_bound = true;
	f->b.pd_iaid = 7;
	EXCHANGE(f, v6_c_renew, v6_s_reply_nobinding, 0);
	/* RELEASE of it: NoBinding (test_release_unknown), nothing
	 * withdrawn, the other IAID's binding kept. */
	assert_int_not_equal(dhcp6_srv_handle(&f->b, &f->c, v6_c_release,
		sizeof(v6_c_release), f->out, sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.flags, 0);
	assert_true(f->b.pd_bound);
	assert_int_equal(f->b.pd_iaid, 7);
}

static void
test_release_unknown(void **state)
{
	struct fx *f = *state;
	struct dhcp6_msg m;
	size_t n;

	n = dhcp6_srv_handle(&f->b, &f->c, v6_c_release, sizeof(v6_c_release),
			     f->out, sizeof(f->out), &f->ev);
	assert_int_not_equal(n, 0);
	assert_int_equal(f->ev.flags, 0);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(m.status, DHCP6_ST_SUCCESS);
	assert_true(m.has_ia_pd);
	assert_int_equal(m.ia_pd.status, DHCP6_ST_NO_BINDING);
}

static void
test_no_prefix_avail(void **state)
{
	struct fx *f = *state;
	struct dhcp6_msg m;
	size_t n;

	f->b.pd_avail = false;
	n = dhcp6_srv_handle(&f->b, &f->c, v6_c_request, sizeof(v6_c_request),
			     f->out, sizeof(f->out), &f->ev);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(m.ia_pd.status, DHCP6_ST_NO_PREFIX_AVAIL);
	assert_true(m.ia_na.has_addr);
	assert_int_equal(f->ev.flags, DHCP6_EV_NA_BIND);
	/* Nothing at all to offer: an ADVERTISE with only a status. */
	f->b.na_avail = false;
	n = dhcp6_srv_handle(&f->b, &f->c, v6_c_solicit, sizeof(v6_c_solicit),
			     f->out, sizeof(f->out), &f->ev);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(m.status, DHCP6_ST_NO_ADDRS_AVAIL);
	assert_false(m.has_ia_pd || m.has_ia_na);
}

static void
test_info_confirm(void **state)
{
	struct fx *f = *state;
	struct dhcp6_msg m;
	size_t n;

	EXCHANGE(f, v6_c_info, v6_s_reply_info, 0);
	EXCHANGE(f, v6_c_confirm, v6_s_reply_confirm, 0);
	addr("2001:db8:999::1", f->b.na);
	n = dhcp6_srv_handle(&f->b, &f->c, v6_c_confirm, sizeof(v6_c_confirm),
			     f->out, sizeof(f->out), &f->ev);
	assert_int_equal(dhcp6_parse(f->out, n, true, &m), DHCP6_OK);
	assert_int_equal(m.status, DHCP6_ST_NOT_ON_LINK);
}

/* The whole packet: UDP/IPv6 in, UDP/IPv6 out. */
static void
test_srv_input(void **state)
{
	struct fx *f = *state;
	uint8_t p[sizeof(v6_p_solicit)];
	size_t n;

	n = dhcp6_srv_input(&f->b, &f->c, V6_IFID, v6_p_solicit,
			    sizeof(v6_p_solicit), f->out, sizeof(f->out),
			    &f->ev);
	assert_int_equal(n, sizeof(v6_p_advertise));
	assert_memory_equal(f->out, v6_p_advertise, n);
	test_ip6_pcap(f->out, n);
	/* A bad UDP checksum, another port, a short buffer: none. */
	memcpy(p, v6_p_solicit, sizeof(p));
	p[sizeof(p) - 1] ^= 1;
	assert_int_equal(dhcp6_srv_input(&f->b, &f->c, V6_IFID, p, sizeof(p),
					 f->out, sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.drop, DHCP6_ERR_UDP);
	memcpy(p, v6_p_solicit, sizeof(p));
	p[43] = 0x24;				/* to port 548 */
	ip6_cksum_set(p, 6);
	assert_int_equal(dhcp6_srv_input(&f->b, &f->c, V6_IFID, p, sizeof(p),
					 f->out, sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.drop, DHCP6_ERR_UDP);
	for (n = 0; n < sizeof(v6_p_advertise); n++)
		assert_int_equal(dhcp6_srv_input(&f->b, &f->c, V6_IFID,
			v6_p_solicit, sizeof(v6_p_solicit), f->out, n,
			&f->ev), 0);
}

/* Write the exchanges' replies for tshark (check_ip6_tshark.sh). */
static void
test_pcap_replies(void **state)
{
	static const struct { const uint8_t *p; size_t n; } in[] = {
		{ v6_c_solicit, sizeof(v6_c_solicit) },
		{ v6_c_request, sizeof(v6_c_request) },
		{ v6_c_renew, sizeof(v6_c_renew) },
		{ v6_c_rebind_old, sizeof(v6_c_rebind_old) },
		{ v6_c_release, sizeof(v6_c_release) },
		{ v6_c_release, sizeof(v6_c_release) },	/* NoBinding */
		{ v6_c_confirm, sizeof(v6_c_confirm) },
		{ v6_c_info, sizeof(v6_c_info) },
	};
	struct fx *f = *state;
	uint8_t src[16], dst[16], pkt[600], msg[512];
	unsigned int i;
	size_t n;

	ip6_link_local(src, V6_IFID);
	addr("fe80::1234:5678:9abc:def0", dst);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		n = dhcp6_srv_handle(&f->b, &f->c, in[i].p, in[i].n, msg,
				     sizeof(msg), &f->ev);
		assert_int_not_equal(n, 0);
		n = ip6_udp_build(pkt, sizeof(pkt), src, dst, 64, 547, 546,
				  msg, n);
		assert_int_not_equal(n, 0);
		test_ip6_pcap(pkt, n);
	}
}

/* A copy of in with octet off set to v; its verdict. */
static enum dhcp6_err
mut(struct fx *f, const uint8_t *in, size_t len, size_t off, uint8_t v)
{
	uint8_t p[256];

	memcpy(p, in, len);
	p[off] = v;
	assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, p, len, f->out,
					  sizeof(f->out), &f->ev), 0);
	return f->ev.drop;
}

static void
test_drops(void **state)
{
	struct fx *f = *state;
	uint8_t p[256];
	size_t i, n;

	/* REQUEST with another server's DUID (its last octet). */
	assert_int_equal(mut(f, v6_c_request, sizeof(v6_c_request), 31, 0x99),
			 DHCP6_ERR_SERVERID);
	/* Relay, RECONFIGURE, unknown type; DECLINE not served. */
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 0, 12),
			 DHCP6_ERR_TYPE);
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 0, 10),
			 DHCP6_ERR_TYPE);
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 0, 200),
			 DHCP6_ERR_TYPE);
	assert_int_equal(mut(f, v6_c_request, sizeof(v6_c_request), 0, 9),
			 DHCP6_ERR_UNSUPPORTED);
	/* SOLICIT / REBIND carrying a Server Identifier. */
	assert_int_equal(mut(f, v6_c_request, sizeof(v6_c_request), 0, 1),
			 DHCP6_ERR_SERVERID);
	/* RENEW without one: option 2 renamed 0x99. */
	assert_int_equal(mut(f, v6_c_renew, sizeof(v6_c_renew), 19, 0x99),
			 DHCP6_ERR_SERVERID);
	/* Client Identifier missing (renamed). */
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 5, 0x99),
			 DHCP6_ERR_CLIENTID);
	/* Client Identifier twice: the Server Identifier renamed 1. */
	assert_int_equal(mut(f, v6_c_request, sizeof(v6_c_request), 19, 1),
			 DHCP6_ERR_DUP);
	/* Option length past the end. */
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 7, 0xff),
			 DHCP6_ERR_OPT_LEN);
	/* A DUID of 2 octets. */
	memcpy(p, v6_c_info, sizeof(v6_c_info));
	p[7] = 2;
	memmove(p + 10, p + 18, sizeof(v6_c_info) - 18);
	n = sizeof(v6_c_info) - 8;
	assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, p, n, f->out,
					  sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.drop, DHCP6_ERR_DUID);
	/* IA_PD's IAPREFIX one octet longer than its IA_PD (nested). */
	n = sizeof(v6_c_renew);
	assert_int_equal(mut(f, v6_c_renew, n, n - 25 - 1, 26),
			 DHCP6_ERR_NESTED);
	/* An IA_PD of 11 octets: its IAID and T1, T2 do not fit. */
	memcpy(p, v6_c_solicit, sizeof(v6_c_solicit));
	n = sizeof(v6_c_solicit);
	p[n - 16 + 3] = 11;
	assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, p, n - 1, f->out,
					  sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.drop, DHCP6_ERR_OPT_LEN);
	/* INFORMATION-REQUEST with an IA (the SOLICIT retyped). */
	assert_int_equal(mut(f, v6_c_solicit, sizeof(v6_c_solicit), 0, 11),
			 DHCP6_ERR_NO_IA);
	/* RENEW without any IA: nothing to answer. */
	memcpy(p, v6_c_renew, sizeof(v6_c_renew));
	n = sizeof(v6_c_renew) - 45;		/* the IA_PD cut off */
	assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, p, n, f->out,
					  sizeof(f->out), &f->ev), 0);
	assert_int_equal(f->ev.drop, DHCP6_ERR_NO_IA);
	/* Truncated anywhere: no reply or a reply that parses back. */
	for (i = 0; i < sizeof(v6_c_request); i++) {
		struct dhcp6_msg m;

		n = dhcp6_srv_handle(&f->b, &f->c, v6_c_request, i, f->out,
				     sizeof(f->out), &f->ev);
		if (n != 0)
			assert_int_equal(dhcp6_parse(f->out, n, true, &m),
					 DHCP6_OK);
		else
			assert_int_not_equal(f->ev.drop, DHCP6_OK);
	}
	assert_string_equal(dhcp6_err_name(DHCP6_ERR_NESTED), "nested_option");
}

/* A reply that does not fit: none, and the binding is as it was. */
static void
test_no_room(void **state)
{
	struct fx *f = *state;
	size_t cap;

	for (cap = 0; cap < sizeof(v6_s_reply_request); cap++) {
		assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, v6_c_request,
			sizeof(v6_c_request), f->out, cap, &f->ev), 0);
		assert_int_equal(f->ev.drop, DHCP6_ERR_CAP);
		assert_int_equal(f->ev.flags, 0);
		assert_false(f->b.pd_bound || f->b.na_bound);
	}
	assert_int_equal(dhcp6_srv_handle(&f->b, &f->c, v6_c_request,
		sizeof(v6_c_request), f->out, cap, &f->ev),
		sizeof(v6_s_reply_request));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_solicit, setup),
		cmocka_unit_test_setup(test_lifecycle, setup),
		cmocka_unit_test_setup(test_rapid_commit, setup),
		cmocka_unit_test_setup(test_renew_after_restart, setup),
		cmocka_unit_test_setup(test_rebind_old_prefix, setup),
		cmocka_unit_test_setup(test_unknown_binding, setup),
		cmocka_unit_test_setup(test_release_unknown, setup),
		cmocka_unit_test_setup(test_no_prefix_avail, setup),
		cmocka_unit_test_setup(test_info_confirm, setup),
		cmocka_unit_test_setup(test_srv_input, setup),
		cmocka_unit_test_setup(test_pcap_replies, setup),
		cmocka_unit_test_setup(test_drops, setup),
		cmocka_unit_test_setup(test_no_room, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
