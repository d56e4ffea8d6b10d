/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_DP_SESS_UP_H
#define LNS_DP_SESS_UP_H

#include <stdint.h>

/*
 * What upstream checks of a session for every inner IPv4 packet: copied
 * from line 0 into the session's upstream slot (dp_table.h) by the table
 * writer, so that a packet reads the slot's line and not the entry's
 * (at 1M sessions each is a DRAM miss of its own: docs/benchmarks.md).
 * The entry keeps the originals (dp_sess_up_init(), dp_session.h);
 * what else a packet may need (Framed routes, IPv6, QoS rates, punt
 * metadata) is read from the entry.
 */
struct dp_sess_up {
	uint32_t peer_ip;		/* network order: outer source */
	uint32_t sub_ip;		/* network order */
	uint32_t session_index;		/* per-session counters */
	uint16_t peer_udp_port;		/* network order: outer UDP source */
	uint16_t flags;			/* DP_SESS_F_*, DP_SESS_QOS_* */
	uint16_t mss;			/* host order, 0 = no clamping */
	uint16_t pad;
};

#endif /* LNS_DP_SESS_UP_H */
