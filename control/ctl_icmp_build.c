/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "lns_ipv4.h"
#include "ctl_icmp_build.h"

#define CTL_IPV6_HDR		40u
#define CTL_ICMP6_TIME_EXCEEDED	3
#define CTL_ICMP6_PACKET_TOO_BIG	2
#define CTL_ICMP_TOS_INTERNETWORK	0xc0	/* precedence 6 */
#define CTL_IPV6_EXT_MAX	8	/* extension headers walked */

/*
 * ICMP queries and replies (RFC 792, RFC 1256): echo, router
 * advertisement/solicitation, timestamp, information, address mask.
 * Any other type, known or not, is taken for an error message.
 */
static int
ctl_icmp4_is_query(uint8_t type)
{
	return type == 0 || (type >= 8 && type <= 10) ||
	       (type >= 13 && type <= 18);
}

static int
ctl_ipv4_not_a_host(uint32_t a)
{
	uint8_t hi = (uint8_t)(rte_be_to_cpu_32(a) >> 24);

	/* 0/8 this network, 127/8 loopback, 224/4 multicast, 240/4 + bcast */
	return hi == 0 || hi == 127 || hi >= 224;
}

enum ctl_icmp_verdict
ctl_icmp_check4(const uint8_t *p, uint32_t len)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)p;
	uint32_t ihl, tot, dst;

	if (len < sizeof(*ip))
		return CTL_ICMP_SUP_MALFORMED;
	ihl = (uint32_t)(ip->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ip->total_length);
	if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) || ihl > len ||
	    tot < ihl)
		return CTL_ICMP_SUP_MALFORMED;
	if (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK))
		return CTL_ICMP_SUP_FRAGMENT;
	dst = rte_be_to_cpu_32(ip->dst_addr);
	if (dst >= LNS_IPV4(224, 0, 0, 0))	/* multicast, 240/4, bcast */
		return CTL_ICMP_SUP_DST;
	if (ctl_ipv4_not_a_host(ip->src_addr))
		return CTL_ICMP_SUP_SRC;
	if (ip->next_proto_id == IPPROTO_ICMP) {
		if (tot < ihl + 1 || len < ihl + 1)
			return CTL_ICMP_SUP_MALFORMED;
		if (!ctl_icmp4_is_query(p[ihl]))
			return CTL_ICMP_SUP_ICMP_ERROR;
	}
	return CTL_ICMP_SEND;
}

static int
ctl_ipv6_is_loopback(const uint8_t *a)
{
	static const uint8_t lo[16] = { [15] = 1 };

	return memcmp(a, lo, sizeof(lo)) == 0;
}

static int
ctl_ipv6_is_unspec(const uint8_t *a)
{
	static const uint8_t any[16];

	return memcmp(a, any, sizeof(any)) == 0;
}

enum ctl_icmp_verdict
ctl_icmp_check6(const uint8_t *p, uint32_t len, int ptb)
{
	const struct rte_ipv6_hdr *h = (const struct rte_ipv6_hdr *)p;
	uint32_t off = CTL_IPV6_HDR;
	uint8_t nh;
	int i;

	if (len < CTL_IPV6_HDR || (rte_be_to_cpu_32(h->vtc_flow) >> 28) != 6)
		return CTL_ICMP_SUP_MALFORMED;
	if (h->dst_addr[0] == 0xff && !ptb)
		return CTL_ICMP_SUP_DST;
	if (h->src_addr[0] == 0xff || ctl_ipv6_is_unspec(h->src_addr) ||
	    ctl_ipv6_is_loopback(h->src_addr))
		return CTL_ICMP_SUP_SRC;
	len = RTE_MIN(len, (uint32_t)CTL_IPV6_HDR +
		      rte_be_to_cpu_16(h->payload_len));
	nh = h->proto;
	/* Hop-by-Hop, Routing, Destination Options, Fragment (RFC 8200 §4). */
	for (i = 0; i < CTL_IPV6_EXT_MAX; i++) {
		switch (nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (len < off + 2)	/* cannot see past it */
				return CTL_ICMP_SEND;
			nh = p[off];
			off += ((uint32_t)p[off + 1] + 1) * 8;
			break;
		case IPPROTO_FRAGMENT:
			if (len < off + 8)
				return CTL_ICMP_SEND;
			if ((p[off + 2] << 8 | p[off + 3]) & 0xfff8)
				return CTL_ICMP_SUP_FRAGMENT;
			nh = p[off];
			off += 8;
			break;
		case IPPROTO_ICMPV6:
			if (len < off + 1)
				return CTL_ICMP_SUP_MALFORMED;
			/* RFC 4443 §2.1: types 0-127 are errors. */
			return p[off] < 128 ? CTL_ICMP_SUP_ICMP_ERROR :
					      CTL_ICMP_SEND;
		default:
			return CTL_ICMP_SEND;
		}
	}
	return CTL_ICMP_SEND;
}

uint32_t
ctl_icmp_build4(uint8_t *out, uint32_t room, const uint8_t *orig,
		uint32_t olen, enum ctl_icmp_kind kind, uint16_t mtu,
		uint32_t src, uint16_t id)
{
	const struct rte_ipv4_hdr *oh = (const struct rte_ipv4_hdr *)orig;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)out;
	struct rte_icmp_hdr *ic = (struct rte_icmp_hdr *)(ip + 1);
	uint32_t q, len;

	q = RTE_MIN(olen, (uint32_t)rte_be_to_cpu_16(oh->total_length));
	q = RTE_MIN(q, (uint32_t)(CTL_ICMP4_MAX_LEN - CTL_ICMP4_HDRS));
	len = CTL_ICMP4_HDRS + q;
	if (room < len)
		return 0;
	memcpy(ic + 1, orig, q);
	memset(out, 0, CTL_ICMP4_HDRS);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = CTL_ICMP_TOS_INTERNETWORK;
	ip->total_length = rte_cpu_to_be_16((uint16_t)len);
	ip->packet_id = rte_cpu_to_be_16(id);
	ip->time_to_live = CTL_ICMP_TTL;
	ip->next_proto_id = IPPROTO_ICMP;
	ip->src_addr = src;
	ip->dst_addr = oh->src_addr;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (kind == CTL_ICMP_FRAG_NEEDED) {
		ic->icmp_type = 3;	/* destination unreachable */;
		ic->icmp_code = 4;	/* fragmentation needed and DF set */
		/* RFC 1191 §4: Next-Hop MTU in the low 16 bits. */
		ic->icmp_seq_nb = rte_cpu_to_be_16(mtu);
	} else {
		ic->icmp_type = 11;	/* time exceeded */
		ic->icmp_code = 0;	/* TTL exceeded in transit */
	}
	ic->icmp_cksum = (uint16_t)~rte_raw_cksum(ic, len - sizeof(*ip));
	return len;
}

uint32_t
ctl_icmp_build6(uint8_t *out, uint32_t room, const uint8_t *orig,
		uint32_t olen, enum ctl_icmp_kind kind, uint32_t mtu,
		const uint8_t *src)
{
	const struct rte_ipv6_hdr *oh = (const struct rte_ipv6_hdr *)orig;
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)out;
	struct rte_icmp_hdr *ic = (struct rte_icmp_hdr *)(h + 1);
	uint32_t q, len;

	q = RTE_MIN(olen, CTL_IPV6_HDR +
		    (uint32_t)rte_be_to_cpu_16(oh->payload_len));
	q = RTE_MIN(q, (uint32_t)(CTL_ICMP6_MAX_LEN - CTL_ICMP6_HDRS));
	len = CTL_ICMP6_HDRS + q;
	if (room < len)
		return 0;
	memcpy(ic + 1, orig, q);
	memset(out, 0, CTL_ICMP6_HDRS);
	h->vtc_flow = rte_cpu_to_be_32(UINT32_C(6) << 28);
	h->payload_len = rte_cpu_to_be_16((uint16_t)(len - CTL_IPV6_HDR));
	h->proto = IPPROTO_ICMPV6;
	h->hop_limits = CTL_ICMP_TTL;
	memcpy(h->src_addr, src, sizeof(h->src_addr));
	memcpy(h->dst_addr, oh->src_addr, sizeof(h->dst_addr));
	if (kind == CTL_ICMP_FRAG_NEEDED) {
		ic->icmp_type = CTL_ICMP6_PACKET_TOO_BIG;
		ic->icmp_ident = rte_cpu_to_be_16((uint16_t)(mtu >> 16));
		ic->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)mtu);
	} else {
		ic->icmp_type = CTL_ICMP6_TIME_EXCEEDED;	/* code 0 */
	}
	/* ICMPv6 has the pseudo-header of UDP and TCP (RFC 4443 §2.3). */
	ic->icmp_cksum = rte_ipv6_udptcp_cksum(h, ic);
	return len;
}

void
ctl_icmp_bucket_init(struct ctl_icmp_bucket *b, uint32_t rate, uint32_t burst,
		     uint64_t now_ms)
{
	b->rate = rate;
	b->burst = burst;
	b->milli = rate != 0 ? (uint64_t)burst * 1000 : 0;
	b->last_ms = now_ms;
}

int
ctl_icmp_bucket_take(struct ctl_icmp_bucket *b, uint64_t now_ms)
{
	uint64_t cap = (uint64_t)b->burst * 1000;

	if (now_ms > b->last_ms) {
		b->milli = RTE_MIN(cap, b->milli +
				   (now_ms - b->last_ms) * b->rate);
		b->last_ms = now_ms;
	}
	if (b->milli < 1000)
		return 0;
	b->milli -= 1000;
	return 1;
}
