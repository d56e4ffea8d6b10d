/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the subscriber-side IPv6 codecs (control/ipv6/):
 * the DHCPv6 server of one session, dhcp6_srv_handle() on a UDP
 * payload or dhcp6_srv_input() on a whole IPv6 packet, from a binding
 * the control octet sets up; and, on the same octets taken as an IPv6
 * packet, the ND parsers (RS, NS, NA).
 *
 * Input:  ctl (1) | cap (2, big endian) | message
 *
 * ctl bits:
 *   bit 0 rapid commit configured;
 *   bit 1 the session has a delegated prefix (2001:db8:100:ab00::/56);
 *   bit 2 the session has an IA_NA address;
 *   bit 3 the message is a whole IPv6 packet (dhcp6_srv_input());
 *   bit 4 the prefix is bound already (IAID 1, the seeds' client);
 *   bit 5 no DNS servers configured.
 * cap is the room for the answer (at most sizeof(out)).
 *
 * Invariants: an answer never exceeds cap; it parses back (as a server
 * message: ADVERTISE or REPLY, our Server Identifier, the client's
 * transaction id; in packet mode, UDP/IPv6 from port 547 with a right
 * checksum); no answer has a reason and leaves the binding untouched;
 * PD_ROUTE comes with a prefix the session has and holds bound,
 * PD_WITHDRAW with one no longer bound. The ND parsers, when they
 * accept, point inside the input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "ip6.h"
#include "nd6.h"
#include "dhcp6.h"

#define FZ_RAPID	0x01
#define FZ_PD		0x02
#define FZ_NA		0x04
#define FZ_PACKET	0x08
#define FZ_BOUND	0x10
#define FZ_NO_DNS	0x20

#define FZ_IFID		UINT64_C(0x0200000000000001)

static const uint8_t fz_mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const uint8_t fz_pd[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, 0xab };
static const uint8_t fz_na[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00, 0,
				   0x01, [15] = 1 };

static bool
fz_inside(const uint8_t *p, size_t n, const uint8_t *in, size_t len)
{
	return p >= in && p + n <= in + len;
}

static void
fz_nd(const uint8_t *in, size_t len)
{
	struct nd6_rs rs;
	struct nd6_nx nx;

	if (nd6_rs_parse(in, len, &rs) == ND6_OK) {
		FUZZ_CHECK(fz_inside(rs.src, 16, in, len));
		FUZZ_CHECK(rs.slla == NULL ||
			   fz_inside(rs.slla, rs.slla_len, in, len));
	}
	if (nd6_ns_parse(in, len, &nx) == ND6_OK)
		FUZZ_CHECK(fz_inside(nx.target, 16, in, len) &&
			   (nx.lla == NULL ||
			    fz_inside(nx.lla, nx.lla_len, in, len)));
	if (nd6_na_parse(in, len, &nx) == ND6_OK)
		FUZZ_CHECK(fz_inside(nx.target, 16, in, len) &&
			   (nx.lla == NULL ||
			    fz_inside(nx.lla, nx.lla_len, in, len)));
}

/* The answer msg (n octets) to the client message in. */
static void
fz_check_answer(const struct dhcp6_srv_conf *c, const uint8_t *msg, size_t n,
		const uint8_t *in, size_t len)
{
	struct dhcp6_msg m, q;

	FUZZ_CHECK(dhcp6_parse(msg, n, true, &m) == DHCP6_OK);
	FUZZ_CHECK(m.type == DHCP6_ADVERTISE || m.type == DHCP6_REPLY);
	FUZZ_CHECK(m.server_id_len == c->duid_len &&
		   memcmp(m.server_id, c->duid, c->duid_len) == 0);
	FUZZ_CHECK(dhcp6_parse(in, len, false, &q) == DHCP6_OK);
	FUZZ_CHECK(m.xid == q.xid);
	FUZZ_CHECK(q.client_id == NULL ||
		   (m.client_id_len == q.client_id_len &&
		    memcmp(m.client_id, q.client_id, q.client_id_len) == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[2048];
	struct dhcp6_srv_conf c = { .preferred = 3600, .valid = 7200 };
	struct dhcp6_binding b = { 0 }, before;
	struct ip6_udp_view uv, iv;
	struct dhcp6_event ev;
	const uint8_t *in;
	size_t len, cap, n;
	uint8_t ctl;

	if (size < 3)
		return 0;
	ctl = data[0];
	cap = lns_get_be16(data + 1);
	if (cap > sizeof(out))
		cap = sizeof(out);
	in = data + 3;
	len = size - 3;

	dhcp6_duid_ll(c.duid, fz_mac);
	c.duid_len = DHCP6_DUID_LL_LEN;
	c.rapid_commit = (ctl & FZ_RAPID) != 0;
	if (!(ctl & FZ_NO_DNS)) {
		c.nb_dns = 1;
		memcpy(c.dns[0], fz_na, 16);
	}
	b.pd_avail = (ctl & FZ_PD) != 0;
	memcpy(b.pd, fz_pd, 16);
	b.pd_len = 56;
	b.na_avail = (ctl & FZ_NA) != 0;
	memcpy(b.na, fz_na, 16);
	if (ctl & FZ_BOUND) {
		b.pd_bound = true;
		b.pd_iaid = 1;
	}
	before = b;

	memset(out, 0xa5, sizeof(out));
	if (ctl & FZ_PACKET) {
		fz_nd(in, len);
		n = dhcp6_srv_input(&b, &c, FZ_IFID, in, len, out, cap, &ev);
	} else {
		n = dhcp6_srv_handle(&b, &c, in, len, out, cap, &ev);
	}
	FUZZ_CHECK(n <= cap);
	/* Nothing written past the answer. */
	FUZZ_CHECK(cap == sizeof(out) || out[cap] == 0xa5);
	if (n == 0) {
		FUZZ_CHECK(ev.drop != DHCP6_OK && ev.flags == 0);
		FUZZ_CHECK(memcmp(&b, &before, sizeof(b)) == 0);
		return 0;
	}
	FUZZ_CHECK(ev.drop == DHCP6_OK);
	if (ctl & FZ_PACKET) {
		FUZZ_CHECK(ip6_udp_parse(out, n, &uv) == IP6_OK);
		FUZZ_CHECK(uv.sport == DHCP6_SERVER_PORT);
		FUZZ_CHECK(ip6_udp_parse(in, len, &iv) == IP6_OK);
		FUZZ_CHECK(memcmp(uv.ip.dst, iv.ip.src, 16) == 0);
		fz_check_answer(&c, uv.data, uv.data_len, iv.data,
				iv.data_len);
	} else {
		fz_check_answer(&c, out, n, in, len);
	}
	if (ev.flags & DHCP6_EV_PD_ROUTE)
		FUZZ_CHECK(b.pd_avail && b.pd_bound && !before.pd_bound);
	if (ev.flags & DHCP6_EV_PD_WITHDRAW)
		FUZZ_CHECK(before.pd_bound && !b.pd_bound);
	if (ev.flags & DHCP6_EV_NA_BIND)
		FUZZ_CHECK(b.na_avail && b.na_bound && !before.na_bound);
	FUZZ_CHECK(!(ev.flags & DHCP6_EV_REGRANT) ||
		   (ev.flags & (DHCP6_EV_PD_ROUTE | DHCP6_EV_NA_BIND)));
	return 0;
}
