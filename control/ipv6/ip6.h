/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv6 packet helpers for the control plane's subscriber-side IPv6
 * (docs/ipv6.md): the fixed header, the upper-layer checksum over the
 * pseudo-header (RFC 8200 §8.1), UDP wrapping and unwrapping, link-local
 * and solicited-node addresses and their multicast MACs. Pure functions
 * on buffers, no EAL: the ND and DHCPv6 codecs (nd6.h, dhcp6.h) and
 * their unit tests build on them. Extension headers are not walked: ND
 * and DHCPv6 from a subscriber's own link never need them, and a packet
 * that has one is refused (a counted drop for the caller).
 */
#ifndef LNS_IP6_H
#define LNS_IP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IP6_HDR_LEN		40u
#define IP6_ADDR_LEN		16u
#define IP6_UDP_HDR_LEN		8u
#define IP6_NH_ICMP6		58
#define IP6_NH_UDP		17
#define IP6_MIN_MTU		1280u

/* Why ip6_parse() / ip6_udp_parse() refused a packet. */
enum ip6_err {
	IP6_OK = 0,
	IP6_ERR_SHORT,		/* shorter than its headers say */
	IP6_ERR_VERSION,	/* not version 6 */
	IP6_ERR_NEXT,		/* not the expected next header */
	IP6_ERR_CKSUM,		/* bad upper-layer checksum */
	IP6_ERR_LEN,		/* UDP length disagrees with IPv6 */
};

/* A parsed IPv6 packet; the pointers point into the caller's buffer. */
struct ip6_view {
	const uint8_t *src, *dst;	/* 16 octets each */
	uint8_t next;			/* next header */
	uint8_t hlim;			/* hop limit */
	const uint8_t *pl;		/* payload */
	uint16_t pl_len;		/* payload length (octets after these
					 * are link padding, ignored) */
};

/*
 * Check the fixed header of the packet at pkt (len octets) and fill v.
 * IP6_OK or why not.
 */
enum ip6_err ip6_parse(const uint8_t *pkt, size_t len, struct ip6_view *v);

/*
 * Write a fixed header at pkt: traffic class and flow label 0, payload
 * length plen, next header next, hop limit hlim.
 */
void ip6_hdr_write(uint8_t *pkt, uint8_t next, uint8_t hlim, uint16_t plen,
		   const uint8_t *src, const uint8_t *dst);

/*
 * The upper-layer checksum of the packet at pkt (its header's payload
 * length octets after it): ip6_cksum_set() writes it at payload offset
 * off (2 for ICMPv6, 6 for UDP); ip6_cksum_ok() says whether the one
 * there is right.
 */
void ip6_cksum_set(uint8_t *pkt, size_t off);
bool ip6_cksum_ok(const uint8_t *pkt);

/*
 * A UDP datagram sport -> dport carrying payload (plen octets) in an
 * IPv6 packet src -> dst, hop limit hlim, at out (cap octets). The
 * payload may already be at out + 48 (payload == out + 48: not copied).
 * Returns the packet's length, or 0 when cap is too small or the
 * datagram would not fit the 16-bit length.
 */
size_t ip6_udp_build(uint8_t *out, size_t cap, const uint8_t *src,
		     const uint8_t *dst, uint8_t hlim, uint16_t sport,
		     uint16_t dport, const uint8_t *payload, size_t plen);

/* A UDP datagram in an IPv6 packet: the view and the UDP part. */
struct ip6_udp_view {
	struct ip6_view ip;
	uint16_t sport, dport;
	const uint8_t *data;		/* UDP payload */
	uint16_t data_len;
};

/*
 * Parse a UDP/IPv6 packet: fixed header, next header UDP, UDP length
 * equal to the IPv6 payload length, a checksum that is right (zero is
 * refused, RFC 8200 §8.1). IP6_OK or why not.
 */
enum ip6_err ip6_udp_parse(const uint8_t *pkt, size_t len,
			   struct ip6_udp_view *v);

/* fe80::/64 with the interface identifier ifid (host order, RFC 5072). */
void ip6_link_local(uint8_t out[16], uint64_t ifid);
/* ff02::1:ffXX:XXXX of target (RFC 4291 §2.7.1). */
void ip6_solicited_node(uint8_t out[16], const uint8_t *target);
/* 33:33 and the last 32 bits of the multicast address (RFC 2464 §7). */
void ip6_mcast_mac(uint8_t mac[6], const uint8_t *addr);

bool ip6_is_unspecified(const uint8_t *a);
bool ip6_is_multicast(const uint8_t *a);
bool ip6_is_link_local(const uint8_t *a);
/* Whether the first len bits of a and b are equal (len 0..128). */
bool ip6_prefix_eq(const uint8_t *a, const uint8_t *b, unsigned int len);
/* a with every bit past the first len cleared. */
void ip6_prefix_mask(uint8_t out[16], const uint8_t *a, unsigned int len);

extern const uint8_t ip6_all_nodes[16];		/* ff02::1 */
extern const uint8_t ip6_all_routers[16];	/* ff02::2 */

#endif /* LNS_IP6_H */
