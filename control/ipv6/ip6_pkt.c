/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_ip.h>

#include "lns_bytes.h"
#include "ip6.h"

const uint8_t ip6_all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
const uint8_t ip6_all_routers[16] = { 0xff, 0x02, [15] = 0x02 };

enum ip6_err
ip6_parse(const uint8_t *pkt, size_t len, struct ip6_view *v)
{
	uint16_t plen;

	if (len < IP6_HDR_LEN)
		return IP6_ERR_SHORT;
	if ((pkt[0] >> 4) != 6)
		return IP6_ERR_VERSION;
	plen = lns_get_be16(pkt + 4);
	if ((size_t)plen > len - IP6_HDR_LEN)
		return IP6_ERR_SHORT;
	v->next = pkt[6];
	v->hlim = pkt[7];
	v->src = pkt + 8;
	v->dst = pkt + 24;
	v->pl = pkt + IP6_HDR_LEN;
	v->pl_len = plen;
	return IP6_OK;
}

void
ip6_hdr_write(uint8_t *pkt, uint8_t next, uint8_t hlim, uint16_t plen,
	      const uint8_t *src, const uint8_t *dst)
{
	lns_put_be32(pkt, 6u << 28);
	lns_put_be16(pkt + 4, plen);
	pkt[6] = next;
	pkt[7] = hlim;
	memcpy(pkt + 8, src, IP6_ADDR_LEN);
	memcpy(pkt + 24, dst, IP6_ADDR_LEN);
}

/*
 * DPDK's pseudo-header checksum reads the header's payload length and
 * next header, so the same code serves ICMPv6 and UDP. Its result is
 * 0xffff for a sum of zero, as UDP needs (RFC 8200 §8.1) and ICMPv6
 * accepts (the same one's complement value).
 */
void
ip6_cksum_set(uint8_t *pkt, size_t off)
{
	const struct rte_ipv6_hdr *h = (const struct rte_ipv6_hdr *)pkt;

	lns_put_be16(pkt + IP6_HDR_LEN + off, 0);
	/* rte_ipv6_udptcp_cksum() returns the value in network order. */
	memcpy(pkt + IP6_HDR_LEN + off,
	       &(uint16_t){ rte_ipv6_udptcp_cksum(h, pkt + IP6_HDR_LEN) }, 2);
}

bool
ip6_cksum_ok(const uint8_t *pkt)
{
	const struct rte_ipv6_hdr *h = (const struct rte_ipv6_hdr *)pkt;

	return rte_ipv6_udptcp_cksum_verify(h, pkt + IP6_HDR_LEN) == 0;
}

size_t
ip6_udp_build(uint8_t *out, size_t cap, const uint8_t *src,
	      const uint8_t *dst, uint8_t hlim, uint16_t sport,
	      uint16_t dport, const uint8_t *payload, size_t plen)
{
	size_t ulen = IP6_UDP_HDR_LEN + plen;
	uint8_t *u = out + IP6_HDR_LEN;

	if (ulen > UINT16_MAX || cap < IP6_HDR_LEN + ulen)
		return 0;
	if (payload != u + IP6_UDP_HDR_LEN)
		memmove(u + IP6_UDP_HDR_LEN, payload, plen);
	ip6_hdr_write(out, IP6_NH_UDP, hlim, (uint16_t)ulen, src, dst);
	lns_put_be16(u, sport);
	lns_put_be16(u + 2, dport);
	lns_put_be16(u + 4, (uint16_t)ulen);
	ip6_cksum_set(out, 6);
	return IP6_HDR_LEN + ulen;
}

enum ip6_err
ip6_udp_parse(const uint8_t *pkt, size_t len, struct ip6_udp_view *v)
{
	enum ip6_err e = ip6_parse(pkt, len, &v->ip);

	if (e != IP6_OK)
		return e;
	if (v->ip.next != IP6_NH_UDP)
		return IP6_ERR_NEXT;
	if (v->ip.pl_len < IP6_UDP_HDR_LEN)
		return IP6_ERR_SHORT;
	if (lns_get_be16(v->ip.pl + 4) != v->ip.pl_len)
		return IP6_ERR_LEN;
	if (lns_get_be16(v->ip.pl + 6) == 0 || !ip6_cksum_ok(pkt))
		return IP6_ERR_CKSUM;
	v->sport = lns_get_be16(v->ip.pl);
	v->dport = lns_get_be16(v->ip.pl + 2);
	v->data = v->ip.pl + IP6_UDP_HDR_LEN;
	v->data_len = (uint16_t)(v->ip.pl_len - IP6_UDP_HDR_LEN);
	return IP6_OK;
}

void
ip6_link_local(uint8_t out[16], uint64_t ifid)
{
	unsigned int i;

	memset(out, 0, 8);
	out[0] = 0xfe;
	out[1] = 0x80;
	for (i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(ifid >> (56 - 8 * i));
}

void
ip6_solicited_node(uint8_t out[16], const uint8_t *target)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, [11] = 0x01, 0xff };

	memcpy(out, pfx, sizeof(pfx));
	memcpy(out + 13, target + 13, 3);
}

void
ip6_mcast_mac(uint8_t mac[6], const uint8_t *addr)
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, addr + 12, 4);
}

bool
ip6_is_unspecified(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, sizeof(zero)) == 0;
}

bool
ip6_is_multicast(const uint8_t *a)
{
	return a[0] == 0xff;
}

bool
ip6_is_link_local(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

bool
ip6_prefix_eq(const uint8_t *a, const uint8_t *b, unsigned int len)
{
	unsigned int n = len / 8, r = len % 8;
	uint8_t m;

	if (len > 128)
		return false;
	if (memcmp(a, b, n) != 0)
		return false;
	if (r == 0)
		return true;
	m = (uint8_t)(0xff << (8 - r));
	return ((a[n] ^ b[n]) & m) == 0;
}

void
ip6_prefix_mask(uint8_t out[16], const uint8_t *a, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		unsigned int bits = len > i * 8 ? len - i * 8 : 0;

		out[i] = bits >= 8 ? a[i] :
			 (uint8_t)(a[i] & (uint8_t)(0xff << (8 - bits)));
	}
}
