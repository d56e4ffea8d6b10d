/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ether.h>
#include <rte_udp.h>

#include "lns_l2tp_wire.h"
#include "lns_test_frames.h"

struct rte_mbuf *
lns_test_mbuf(struct rte_mbuf *mb, uint8_t *buf, uint16_t cap,
	      uint16_t headroom, const uint8_t *frame, uint16_t len)
{
	assert_true((uint32_t)headroom + len <= cap);
	memset(mb, 0, sizeof(*mb));
	mb->buf_addr = buf;
	mb->buf_len = cap;
	mb->data_off = headroom;
	mb->nb_segs = 1;
	memcpy(buf + headroom, frame, len);
	mb->data_len = len;
	mb->pkt_len = len;
	return mb;
}

void
lns_test_untouched(const struct rte_mbuf *mb, uint16_t headroom,
		   const uint8_t *orig, uint16_t len)
{
	assert_int_equal(mb->data_off, headroom);
	assert_int_equal(mb->pkt_len, len);
	assert_memory_equal((const uint8_t *)mb->buf_addr + headroom, orig,
			    len);
}

void
lns_test_expect_drop(struct dp_verdict r, enum dp_drop_reason why)
{
	assert_int_equal(r.kind, DP_VERDICT_DROP);
	assert_string_equal(dp_drop_name(r.reason), dp_drop_name(why));
}

void
lns_test_expect_punt(struct dp_verdict r, enum dp_punt_reason why)
{
	assert_int_equal(r.kind, DP_VERDICT_PUNT);
	assert_string_equal(dp_punt_name(r.reason), dp_punt_name(why));
}

void
lns_test_ipv4_cksum(const struct rte_ipv4_hdr *ip)
{
	struct rte_ipv4_hdr c = *ip;

	assert_int_equal(rte_raw_cksum(ip, 20), 0xffff);
	c.hdr_checksum = 0;
	assert_int_equal(ip->hdr_checksum, rte_ipv4_cksum(&c));
}

uint16_t
lns_test_build_up(uint8_t *b, const struct lns_test_up *u, const uint8_t *in,
		  uint16_t ilen, uint16_t *inner_off)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)b;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(e + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint8_t *l = (uint8_t *)(udp + 1);
	uint16_t proto = u->proto ? u->proto : LNS_PPP_PROTO_IPV4;
	uint32_t o = 2, llen;

	e->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	lns_put_be16(l, (uint16_t)((u->t_bit ? LNS_L2TP_T : 0) |
				   (u->lbit ? LNS_L2TP_L : 0) |
				   (u->sbit ? LNS_L2TP_S : 0) |
				   (u->obit ? LNS_L2TP_O : 0) |
				   (u->ver ? u->ver : LNS_L2TP_VERSION)));
	if (u->lbit)
		o += 2;
	lns_put_be16(&l[o], u->tid);
	lns_put_be16(&l[o + 2], u->sid);
	o += 4;
	if (u->sbit) {
		lns_put_be16(&l[o], 0x1234);	/* Ns */
		lns_put_be16(&l[o + 2], 0x5678);	/* Nr */
		o += 4;
	}
	if (u->obit) {
		lns_put_be16(&l[o], u->pad);
		o += 2;
		memset(&l[o], 0xee, u->pad);
		o += u->pad;
	}
	if (!u->no_acf) {
		l[o++] = LNS_PPP_ADDR;
		l[o++] = LNS_PPP_CTRL;
	}
	if (u->pfc) {
		l[o++] = (uint8_t)proto;
	} else {
		lns_put_be16(&l[o], proto);
		o += 2;
	}
	memcpy(&l[o], in, ilen);
	llen = o + ilen;
	if (u->lbit)
		lns_put_be16(&l[2], (uint16_t)(llen + u->l2tp_len_delta));
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 8 + llen));
	ip->packet_id = rte_cpu_to_be_16(0x0707);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(u->src_ip ? u->src_ip :
					LNS_TEST_PEER_IP);
	ip->dst_addr = rte_cpu_to_be_32(LNS_TEST_LOCAL_IP);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(u->src_port ? u->src_port :
					 LNS_TEST_PEER_PORT);
	udp->dst_port = rte_cpu_to_be_16(LNS_L2TP_PORT);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(8 + llen +
						     u->udp_len_delta));
	udp->dgram_cksum = 0;
	memset(&l[llen], 0, u->trailer);
	if (inner_off != NULL)
		*inner_off = (uint16_t)(14 + 20 + 8 + o);
	return (uint16_t)(14 + 20 + 8 + llen + u->trailer);
}
