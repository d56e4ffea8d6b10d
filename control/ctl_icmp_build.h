/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ICMP / ICMPv6 error messages as bytes: whether one may be sent about a
 * packet, the message itself, and the token bucket that paces them.
 * Pure functions on buffers, no EAL: unit tested in
 * tests/unit/test_icmp_err.c. The glue that finds addresses, mbufs and
 * ports is ctl_icmp_err.c.
 */
#ifndef LNS_CTL_ICMP_BUILD_H
#define LNS_CTL_ICMP_BUILD_H

#include <stdint.h>

#define CTL_ICMP_TTL		64
/* RFC 1812 §4.3.2.3: quote as much as fits in a 576-octet datagram. */
#define CTL_ICMP4_MAX_LEN	576
#define CTL_ICMP4_HDRS		28	/* IPv4 20 + ICMP 8 */
/* RFC 4443 §2.4(c): as much as fits in the IPv6 minimum MTU. */
#define CTL_ICMP6_MAX_LEN	1280
#define CTL_ICMP6_HDRS		48	/* IPv6 40 + ICMPv6 8 */

enum ctl_icmp_kind {
	CTL_ICMP_TIME_EXCEEDED,	/* ICMP 11/0, ICMPv6 3/0 */
	CTL_ICMP_FRAG_NEEDED,	/* ICMP 3/4 (RFC 1191), ICMPv6 2/0 */
};

/* Why no error is sent about a packet; 0 = one may be. */
enum ctl_icmp_verdict {
	CTL_ICMP_SEND = 0,
	CTL_ICMP_SUP_MALFORMED,		/* not a sane IP header */
	CTL_ICMP_SUP_ICMP_ERROR,	/* about an ICMP error message */
	CTL_ICMP_SUP_FRAGMENT,		/* a non-first fragment */
	CTL_ICMP_SUP_DST,		/* to a broadcast/multicast address */
	CTL_ICMP_SUP_SRC,		/* source is not a single host */
};

/*
 * RFC 1812 §4.3.2.7 for the IPv4 packet at ip, len octets readable:
 * no error about an ICMP error (only the query/reply types are
 * answered), a non-initial fragment, a broadcast or multicast
 * destination, or a source that is not one host (0/8, 127/8, 224/4,
 * 240/4 - which holds 255.255.255.255).
 */
enum ctl_icmp_verdict ctl_icmp_check4(const uint8_t *ip, uint32_t len);

/*
 * RFC 4443 §2.4(e) for the IPv6 packet at ip: no error about an ICMPv6
 * error (type < 128, found behind extension headers), a non-first
 * fragment, a multicast destination (except Packet Too Big, ptb != 0),
 * or an unspecified, loopback or multicast source.
 */
enum ctl_icmp_verdict ctl_icmp_check6(const uint8_t *ip, uint32_t len,
				      int ptb);

/*
 * Write at out (room octets) an IPv4 datagram src -> the source of the
 * offending packet at orig (olen octets readable, ctl_icmp_check4() said
 * SEND): TTL 64, DF clear, ID id, precedence Internetwork Control
 * (RFC 1812 §4.3.2.5), the ICMP error of kind (Next-Hop MTU mtu for
 * FRAG_NEEDED, RFC 1191 §4) quoting as much of the packet as fits in
 * 576 octets. src is in network order; out and orig do not overlap.
 * Returns the length written, or 0 if room is too small.
 */
uint32_t ctl_icmp_build4(uint8_t *out, uint32_t room, const uint8_t *orig,
			 uint32_t olen, enum ctl_icmp_kind kind, uint16_t mtu,
			 uint32_t src, uint16_t id);

/*
 * The same for IPv6 (RFC 4443 §3.2, §3.3): hop limit 64, ICMPv6
 * checksum over the pseudo-header, quote up to 1280 octets in all, the
 * 32-bit MTU for Packet Too Big. src is 16 octets.
 */
uint32_t ctl_icmp_build6(uint8_t *out, uint32_t room, const uint8_t *orig,
			 uint32_t olen, enum ctl_icmp_kind kind, uint32_t mtu,
			 const uint8_t *src);

/*
 * The ICMPv6 Echo Request at pkt (an IPv6 packet, len octets readable,
 * to one of our addresses) turned into its Echo Reply in place: source
 * and destination swapped, hop limit 64, type 129, checksum. Returns the
 * reply's length (link padding past the payload length excluded), 0 if
 * it is sane ICMPv6 but not an Echo Request, -1 if malformed (not
 * ICMPv6 directly after the fixed header, short, bad checksum).
 * ctl_icmp_echo6.c.
 */
int32_t ctl_icmp6_echo(uint8_t *pkt, uint32_t len);

/*
 * Token bucket on a millisecond clock: rate tokens a second, at most
 * burst saved; one token per error. Kept in thousandths of a token so
 * every millisecond adds rate of them exactly. rate 0 sends nothing.
 */
struct ctl_icmp_bucket {
	uint64_t last_ms;
	uint64_t milli;		/* thousandths of a token */
	uint32_t rate;		/* tokens per second */
	uint32_t burst;
};

void ctl_icmp_bucket_init(struct ctl_icmp_bucket *b, uint32_t rate,
			  uint32_t burst, uint64_t now_ms);
/* 1 when an error may be sent at now_ms (a token taken), else 0. */
int ctl_icmp_bucket_take(struct ctl_icmp_bucket *b, uint64_t now_ms);

#endif /* LNS_CTL_ICMP_BUILD_H */
