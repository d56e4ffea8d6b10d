/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the L2TP control path as a conversation with one LAC
 * (up to FZ_TUNNELS tunnels): header codec (l2tp_hdr.c), reliable
 * transport (l2tp_xport.c), AVP parser with hidden AVPs (l2tp_avp.c,
 * RFC 2661 §4.3), tunnel and call FSMs (l2tp_tunnel.c, l2tp_session.c),
 * with fake time. The glue between them is a copy of what
 * control/ctl_l2tp.c and ctl_l2tp_sess.c do (the tunnel table and the SCCRQ
 * look-up, deliver -> parse -> tunnel -> call, dense session IDs, dropping
 * the calls when the tunnel leaves ESTABLISHED, the timer loop), minus
 * the DPDK and PPP parts, as tests/unit/test_l2tp_fsm.c drives the FSMs.
 *
 * Input: one configuration octet, then records
 *
 *     ctl (1) | length (2, big endian) | bytes (length)
 *
 * ctl bits 0-2: time advance before the record (see fz_advance[]), then
 * the timers run; bits 3-5: fix-ups (below); bits 6-7: the operation:
 *   0  bytes are a control message (header + AVPs) from the LAC;
 *   1  local call close (PPP went down): bytes[0] tunnel, [1] call,
 *      [2] result, [3] error;
 *   2  local tunnel close (shutdown): bytes[0] tunnel, [1] result;
 *   3  data traffic on tunnel bytes[0]; bytes[1] bit 0: our sends fail
 *      from now on (mbuf shortage), bit 1: ack now.
 * Fix-ups, for what a fuzzer cannot guess:
 *   bit 3 FZ_FIX_IDS  header Tunnel ID mod (FZ_TUNNELS + 1), Session ID
 *                     mod (FZ_SESSIONS + 1): our IDs are small and dense;
 *   bit 4 FZ_FIX_SEQ  Ns = what the tunnel's transport expects, Nr = all
 *                     it sent (0/0 for a new tunnel);
 *   bit 5 FZ_FIX_AVPS every AVP with the H bit carries its value in clear
 *                     and is hidden here with the secret the LNS will use
 *                     and the preceding Random Vector; a Challenge
 *                     Response in an SCCCN is replaced by the right one.
 * Configuration octet: bit 0 a tunnel secret; bit 1 peer list "lac1" with
 * its own secret then anyone; bit 2 peer list "lac1" only, no secret;
 * bit 3 our receive window 2; bit 4 no delayed ack; bit 5 HELLO every
 * 10 s (else 60 s); bit 6 send queue bound 8.
 *
 * Invariants after each record: a tunnel's call count is the number of
 * calls in its table, calls exist only on an ESTABLISHED tunnel, each
 * points back to its tunnel under its own ID and is never left CLOSED;
 * the transport's queue counters and window hold (1 <= cwnd <= peer
 * window, in flight <= sent and unacked <= queued); every tunnel has a
 * timer running
 * (else nothing would ever free it); every datagram we send decodes and
 * its AVPs parse. ASan/UBSan watch the rest (use after free of calls and
 * held messages, overflows in the codec).
 *
 * Built with -DFUZZ_DUMP_SEEDS this file is instead a program writing the
 * seed conversations (scripts/fuzz-seeds.sh).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "l2tp_session.h"
#include "l2tp_tunnel.h"
#include "l2tp_xport.h"
#include "lns_bytes.h"
#include "fuzz_common.h"


#define FZ_TUNNELS	4	/* our tunnel IDs 1..4 */
#define FZ_SESSIONS	8	/* call IDs 1..8 per tunnel */
#define FZ_MAX_CALLS	12	/* in all tunnels: the LNS-wide limit */
#define FZ_HALF_OPEN	3	/* tunnels waiting for SCCCN */
#define FZ_MAX_RECORDS	96
#define FZ_MSG_MAX	4096

#define FZ_OP_MSG	0
#define FZ_OP_CALL_CLOSE 1
#define FZ_OP_TUN_CLOSE	2
#define FZ_OP_DATA	3

#define FZ_FIX_IDS	0x08
#define FZ_FIX_SEQ	0x10
#define FZ_FIX_AVPS	0x20

#define FZ_CFG_SECRET	0x01
#define FZ_CFG_PEERS	0x02
#define FZ_CFG_PEERS1	0x04
#define FZ_CFG_RWIN2	0x08
#define FZ_CFG_NODELAY	0x10
#define FZ_CFG_HELLO10	0x20
#define FZ_CFG_QUEUE8	0x40

/* ---- the conversation driver --------------------------------------- */

#ifndef FUZZ_DUMP_SEEDS

static const uint8_t fz_secret[] = "tunnel-secret";
static const uint8_t fz_peer_secret[] = "per-peer";

static const uint32_t fz_advance[8] = { 0, 5, 50, 100, 1000, 4000, 10000,
	40000 };

struct fz_tunnel;

struct fz_call {
	struct fz_tunnel *ct;
	struct l2tp_session fsm;
};

struct fz_tunnel {
	bool in_use;
	bool dead;
	uint16_t sccrq_peer_id;
	uint64_t deadline;
	struct l2tp_xport xport;
	struct l2tp_tunnel fsm;
	struct fz_call *sess[FZ_SESSIONS + 1];
	unsigned int nb_sess;
	unsigned int sid_hint;
};

static struct fz_tunnel fz_tun[FZ_TUNNELS + 1];
static unsigned int fz_calls;		/* in all tunnels */
static uint64_t fz_now;
static int fz_send_rc;
static uint32_t fz_rand;
static struct l2tp_msg fz_msg;		/* the glue's one parse buffer */
static struct l2tp_msg fz_out;		/* what we sent, parsed back */
static struct l2tp_tunnel_cfg fz_tcfg;
static struct l2tp_tunnel_peer fz_peers[2];
static struct l2tp_xport_conf fz_xconf;

static void fz_sessions_drop(struct fz_tunnel *ct);

/* FUZZ_TRACE=1 in the environment: state changes on stderr (seeds). */
static bool
fz_trace(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	return on;
}

/* Every datagram we send must be a well-formed control message. */
static int
fz_xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct fz_tunnel *ct = arg;
	struct l2tp_hdr h;
	const uint8_t *s;
	size_t sl;

	FUZZ_CHECK(l2tp_hdr_decode(&h, buf, len) == 0);
	FUZZ_CHECK(l2tp_hdr_is_ctrl(&h));
	FUZZ_CHECK(h.length == len);
	if (h.length > h.payload_off) {
		s = l2tp_tunnel_secret(&ct->fsm, &sl);
		FUZZ_CHECK(l2tp_msg_parse(&fz_out, buf + h.payload_off,
		    h.length - h.payload_off, s, sl) == 0);
		FUZZ_CHECK(fz_out.msg_type >= L2TP_MSG_SCCRQ &&
		    fz_out.msg_type <= L2TP_MSG_TYPE_MAX);
	}
	return fz_send_rc;
}

static int
fz_tunnel_send(void *arg, struct l2tp_tunnel *t, const uint8_t *msg,
    size_t len)
{
	struct fz_tunnel *ct = arg;

	return l2tp_xport_send(&ct->xport, msg, len, fz_now);
}

static void
fz_tunnel_state(void *arg, struct l2tp_tunnel *t, enum l2tp_tunnel_state old,
    enum l2tp_tunnel_state new)
{
	struct fz_tunnel *ct = arg;

	FUZZ_CHECK(t->state == new);
	if (fz_trace())
		fprintf(stderr, "t=%llu tunnel %u: %s -> %s\n",
		    (unsigned long long)fz_now, t->local_id,
		    l2tp_tunnel_state_name(old), l2tp_tunnel_state_name(new));
	if (new == L2TP_TUNNEL_WAIT_CTL_CONN) {
		l2tp_xport_set_peer_tunnel(&ct->xport, t->peer_id);
		l2tp_xport_set_peer_window(&ct->xport, t->peer_rx_window,
		    fz_now);
	}
	/* §5.7: a StopCCN clears every session of the tunnel, no CDN. */
	if (old == L2TP_TUNNEL_ESTABLISHED)
		fz_sessions_drop(ct);
}

/* Deterministic "randomness" (our Challenge): replays must replay. */
static int
fz_random(void *arg, uint8_t *buf, size_t len)
{
	while (len-- > 0) {
		fz_rand = fz_rand * 1103515245u + 12345u;
		*buf++ = (uint8_t)(fz_rand >> 16);
	}
	return 0;
}

static int
fz_session_send(void *arg, struct l2tp_session *s, const uint8_t *msg,
    size_t len)
{
	struct fz_call *cs = arg;

	return l2tp_xport_send(&cs->ct->xport, msg, len, fz_now);
}

static void
fz_session_state(void *arg, struct l2tp_session *s,
    enum l2tp_session_state old, enum l2tp_session_state new)
{
	FUZZ_CHECK(s->state == new);
	if (fz_trace())
		fprintf(stderr, "t=%llu tunnel %u call %u: %s -> %s\n",
		    (unsigned long long)fz_now, s->tunnel->local_id, s->local_id,
		    l2tp_session_state_name(old), l2tp_session_state_name(new));
}

static const struct l2tp_session_ops fz_sops = {
	.send = fz_session_send,
	.state_change = fz_session_state,
};

/* ctl_session_slot(): lowest free call ID from the hint. */
static int
fz_session_slot(struct fz_tunnel *ct, uint16_t *sid)
{
	unsigned int i, id;

	if (ct->nb_sess >= FZ_SESSIONS)
		return -ENOSPC;
	for (i = 0; i < FZ_SESSIONS + 1; i++) {
		id = (ct->sid_hint + i) % (FZ_SESSIONS + 1);
		if (id != 0 && ct->sess[id] == NULL) {
			*sid = (uint16_t)id;
			ct->sid_hint = id + 1;
			return 0;
		}
	}
	return -ENOSPC;
}

static void
fz_session_free(struct fz_call *cs)
{
	struct fz_tunnel *ct = cs->ct;

	l2tp_session_fini(&cs->fsm);
	FUZZ_CHECK(ct->sess[cs->fsm.local_id] == cs);
	ct->sess[cs->fsm.local_id] = NULL;
	ct->nb_sess--;
	fz_calls--;
	free(cs);
}

/* ctl_session_refuse(): a CDN without keeping any state. */
static void
fz_session_refuse(struct fz_tunnel *ct, const struct l2tp_msg *msg)
{
	static const struct l2tp_session_ops ops = { .send = fz_session_send };
	struct fz_call tmp = { .ct = ct };

	if (l2tp_session_init(&tmp.fsm, &ct->fsm, 1, &ops, &tmp) != 0)
		return;
	tmp.fsm.local_id = 0;
	tmp.fsm.peer_id = msg->assigned_session_id;
	l2tp_session_close(&tmp.fsm, L2TP_CDN_RC_TEMP_NO_FACILITY, -1,
	    "session limit");
	l2tp_session_fini(&tmp.fsm);
}

/* ctl_l2tp_session_input(). */
static void
fz_session_input(struct fz_tunnel *ct, uint16_t sid,
    const struct l2tp_msg *msg, int parse_rc)
{
	struct fz_call *cs;

	if (sid == 0) {
		if (msg->msg_type != L2TP_MSG_ICRQ &&
		    msg->msg_type != L2TP_MSG_OCRQ)
			return;
		if (fz_calls >= FZ_MAX_CALLS || fz_session_slot(ct, &sid) != 0) {
			fz_session_refuse(ct, msg);
			return;
		}
		cs = calloc(1, sizeof(*cs));
		FUZZ_CHECK(cs != NULL);
		cs->ct = ct;
		FUZZ_CHECK(l2tp_session_init(&cs->fsm, &ct->fsm, sid, &fz_sops,
		    cs) == 0);
		ct->sess[sid] = cs;
		ct->nb_sess++;
		fz_calls++;
	} else {
		cs = sid <= FZ_SESSIONS ? ct->sess[sid] : NULL;
		if (cs == NULL)
			return;
	}
	l2tp_session_input(&cs->fsm, msg, parse_rc, fz_now);
	if (cs->fsm.state == L2TP_SESSION_CLOSED)
		fz_session_free(cs);
	else if (cs->fsm.state == L2TP_SESSION_ESTABLISHED)
		/* PPP starts and, once it used them, gives the proxy AVPs back. */
		l2tp_session_proxy_release(&cs->fsm);
}

static void
fz_sessions_drop(struct fz_tunnel *ct)
{
	unsigned int i;

	for (i = 1; i <= FZ_SESSIONS && ct->nb_sess > 0; i++) {
		struct fz_call *cs = ct->sess[i];

		if (cs == NULL)
			continue;
		l2tp_session_drop(&cs->fsm);
		fz_session_free(cs);
	}
}

/* ctl_l2tp_deliver(): one in-order message from the transport. */
static void
fz_deliver(void *arg, const uint8_t *buf, size_t len)
{
	struct fz_tunnel *ct = arg;
	const uint8_t *secret;
	struct l2tp_hdr h;
	size_t secret_len;
	int rc;

	if (l2tp_hdr_decode(&h, buf, len) != 0)
		return;
	secret = l2tp_tunnel_secret(&ct->fsm, &secret_len);
	rc = l2tp_msg_parse(&fz_msg, buf + h.payload_off,
	    h.length - h.payload_off, secret, secret_len);
	if (l2tp_tunnel_input(&ct->fsm, &fz_msg, rc, fz_now) ==
	    L2TP_TUNNEL_TO_SESSION)
		fz_session_input(ct, h.session_id, &fz_msg, rc);
}

static void
fz_dead(void *arg)
{
	struct fz_tunnel *ct = arg;

	ct->dead = true;
}

static unsigned int
fz_half_open(void)
{
	unsigned int i, n = 0;

	for (i = 1; i <= FZ_TUNNELS; i++)
		n += fz_tun[i].in_use &&
		    fz_tun[i].fsm.state == L2TP_TUNNEL_WAIT_CTL_CONN;
	return n;
}

static struct fz_tunnel *
fz_tunnel_alloc(void)
{
	static const struct l2tp_xport_ops xops = {
		.send = fz_xmit,
		.deliver = fz_deliver,
		.dead = fz_dead,
	};
	static const struct l2tp_tunnel_ops tops = {
		.send = fz_tunnel_send,
		.state_change = fz_tunnel_state,
		.random = fz_random,
	};
	struct fz_tunnel *ct;
	uint16_t id;

	for (id = 1; id <= FZ_TUNNELS; id++)
		if (!fz_tun[id].in_use)
			break;
	if (id > FZ_TUNNELS)
		return NULL;
	ct = &fz_tun[id];
	memset(ct, 0, sizeof(*ct));
	FUZZ_CHECK(l2tp_xport_init(&ct->xport, &fz_xconf, &xops, ct) == 0);
	ct->in_use = true;
	FUZZ_CHECK(l2tp_tunnel_init(&ct->fsm, &fz_tcfg, id, &tops, ct,
	    fz_now) == 0);
	return ct;
}

static void
fz_tunnel_free(struct fz_tunnel *ct)
{
	if (ct->fsm.state == L2TP_TUNNEL_ESTABLISHED)
		fz_sessions_drop(ct);
	fz_sessions_drop(ct);
	l2tp_xport_fini(&ct->xport);
	ct->in_use = false;
}

static void
fz_tunnel_sched(struct fz_tunnel *ct)
{
	uint64_t a = l2tp_xport_next_deadline(&ct->xport);
	uint64_t b = l2tp_tunnel_next_deadline(&ct->fsm);

	ct->deadline = a < b ? a : b;
}

/* ctl_l2tp_timer(). */
static void
fz_timer(void)
{
	unsigned int i;

	for (i = 1; i <= FZ_TUNNELS; i++) {
		struct fz_tunnel *ct = &fz_tun[i];

		if (!ct->in_use)
			continue;
		if (ct->deadline <= fz_now) {
			l2tp_xport_timer(&ct->xport, fz_now);
			if (!ct->dead && l2tp_tunnel_timer(&ct->fsm, fz_now) == 1) {
				fz_tunnel_free(ct);
				continue;
			}
			fz_tunnel_sched(ct);
		}
		if (ct->dead)
			fz_tunnel_free(ct);
	}
}

/* ctl_l2tp_sccrq(): header Tunnel ID 0. */
static struct fz_tunnel *
fz_sccrq(const uint8_t *buf, const struct l2tp_hdr *h)
{
	unsigned int i;
	struct fz_tunnel *ct;
	int rc;

	rc = l2tp_msg_parse(&fz_msg, buf + h->payload_off,
	    h->length - h->payload_off, fz_tcfg.secret, fz_tcfg.secret_len);
	if (rc != 0 || fz_msg.msg_type != L2TP_MSG_SCCRQ ||
	    !l2tp_msg_has(&fz_msg, L2TP_AVP_ASSIGNED_TUNNEL_ID))
		return NULL;
	for (i = 1; i <= FZ_TUNNELS; i++) {
		ct = &fz_tun[i];
		if (ct->in_use && ct->sccrq_peer_id ==
		    fz_msg.assigned_tunnel_id &&
		    ct->fsm.state == L2TP_TUNNEL_WAIT_CTL_CONN)
			return ct;
	}
	if (fz_half_open() >= FZ_HALF_OPEN)
		return NULL;
	ct = fz_tunnel_alloc();
	if (ct != NULL)
		ct->sccrq_peer_id = fz_msg.assigned_tunnel_id;
	return ct;
}

/* ctl_l2tp_input(), from the L2TP header on. */
static void
fz_input(const uint8_t *buf, size_t len)
{
	struct fz_tunnel *ct;
	struct l2tp_hdr h;

	if (l2tp_hdr_decode(&h, buf, len) != 0 || !l2tp_hdr_is_ctrl(&h))
		return;
	if (h.tunnel_id == 0) {
		ct = fz_sccrq(buf, &h);
	} else {
		ct = h.tunnel_id <= FZ_TUNNELS ? &fz_tun[h.tunnel_id] : NULL;
		if (ct != NULL && !ct->in_use)
			ct = NULL;
	}
	if (ct == NULL)
		return;
	l2tp_tunnel_activity(&ct->fsm, fz_now);
	(void)l2tp_xport_input(&ct->xport, h.ns, h.nr,
	    h.length == h.payload_off, buf, h.length, fz_now);
	fz_tunnel_sched(ct);
}

/* ---- fix-ups ----------------------------------------------------------- */

/*
 * Re-encode the AVPs of the control message in[0..len) (header h) into
 * out: hide every H AVP (value given in clear) with secret and the last
 * Random Vector; put the right Challenge Response in an SCCCN. Returns
 * the new length, or 0 to keep the message as it was.
 */
static size_t
fz_fix_avps(const uint8_t *in, const struct l2tp_hdr *h, uint8_t *out,
    size_t cap, const struct fz_tunnel *ct, const uint8_t *secret,
    size_t secret_len)
{
	size_t off = h->payload_off, end = h->length, o = h->payload_off;
	const uint8_t *rv = NULL;
	uint16_t rv_len = 0, msg_type = 0xffff;
	bool first = true;

	memcpy(out, in, h->payload_off);
	while (off < end) {
		uint16_t w0, alen, vendor, type, vlen, flags;
		const uint8_t *val;
		uint8_t resp[L2TP_MD5_LEN];

		if (end - off < L2TP_AVP_HDR_LEN)
			return 0;
		w0 = lns_get_be16(in + off);
		alen = w0 & L2TP_AVP_LEN_MASK;
		flags = w0 & ~L2TP_AVP_LEN_MASK;
		if (alen < L2TP_AVP_HDR_LEN || alen > end - off)
			return 0;
		vendor = lns_get_be16(in + off + 2);
		type = lns_get_be16(in + off + 4);
		val = in + off + L2TP_AVP_HDR_LEN;
		vlen = alen - L2TP_AVP_HDR_LEN;
		off += alen;
		if (first && vendor == 0 && type == L2TP_AVP_MESSAGE_TYPE &&
		    vlen == 2)
			msg_type = lns_get_be16(val);
		first = false;
		if (vendor == 0 && type == L2TP_AVP_CHALLENGE_RESPONSE &&
		    msg_type == L2TP_MSG_SCCCN && ct != NULL && secret != NULL) {
			l2tp_challenge_response(L2TP_MSG_SCCCN, secret,
			    secret_len, ct->fsm.challenge,
			    sizeof(ct->fsm.challenge), resp);
			val = resp;
			vlen = sizeof(resp);
		}
		if ((flags & L2TP_AVP_H) && secret != NULL && rv != NULL &&
		    L2TP_AVP_HDR_LEN + 2 + vlen <= L2TP_AVP_MAX_LEN) {
			if (o + L2TP_AVP_HDR_LEN + 2 + vlen > cap)
				return 0;
			lns_put_be16(out + o, flags |
			    (L2TP_AVP_HDR_LEN + 2 + vlen));
			lns_put_be16(out + o + 2, vendor);
			lns_put_be16(out + o + 4, type);
			lns_put_be16(out + o + 6, vlen);
			memcpy(out + o + 8, val, vlen);
			l2tp_hide(type, secret, secret_len, rv, rv_len,
			    out + o + 6, out + o + 6, 2 + vlen);
			o += L2TP_AVP_HDR_LEN + 2 + vlen;
			continue;
		}
		if (o + L2TP_AVP_HDR_LEN + vlen > cap)
			return 0;
		lns_put_be16(out + o, flags | (L2TP_AVP_HDR_LEN + vlen));
		lns_put_be16(out + o + 2, vendor);
		lns_put_be16(out + o + 4, type);
		memcpy(out + o + 6, val, vlen);
		if (vendor == 0 && type == L2TP_AVP_RANDOM_VECTOR &&
		    !(flags & L2TP_AVP_H)) {
			rv = out + o + 6;	/* §4.3: the nearest preceding */
			rv_len = vlen;
		}
		o += L2TP_AVP_HDR_LEN + vlen;
	}
	if (o > UINT16_MAX)
		return 0;
	lns_put_be16(out + 2, (uint16_t)o);
	return o;
}

/* Apply the fix-ups of ctl to the message in buf (edited in place). */
static size_t
fz_fix(uint8_t *buf, size_t len, uint8_t ctl)
{
	static uint8_t tmp[FZ_MSG_MAX + 2048];
	struct fz_tunnel *ct = NULL;
	const uint8_t *secret;
	struct l2tp_hdr h;
	size_t secret_len, n;

	/* T=1 messages always have L and S: Tunnel ID at 4, Ns at 8. */
	if (l2tp_hdr_decode(&h, buf, len) != 0 || !l2tp_hdr_is_ctrl(&h))
		return len;
	if (ctl & FZ_FIX_IDS) {
		h.tunnel_id %= FZ_TUNNELS + 1;
		h.session_id %= FZ_SESSIONS + 1;
		lns_put_be16(buf + 4, h.tunnel_id);
		lns_put_be16(buf + 6, h.session_id);
	}
	if (h.tunnel_id != 0 && h.tunnel_id <= FZ_TUNNELS &&
	    fz_tun[h.tunnel_id].in_use)
		ct = &fz_tun[h.tunnel_id];
	if (ctl & FZ_FIX_SEQ) {
		lns_put_be16(buf + 8, ct != NULL ? ct->xport.nr : 0);
		lns_put_be16(buf + 10, ct != NULL ? ct->xport.ns : 0);
	}
	if (!(ctl & FZ_FIX_AVPS))
		return len;
	if (ct != NULL) {
		secret = l2tp_tunnel_secret(&ct->fsm, &secret_len);
	} else {
		secret = fz_tcfg.secret;
		secret_len = fz_tcfg.secret_len;
	}
	n = fz_fix_avps(buf, &h, tmp, sizeof(tmp), ct, secret, secret_len);
	if (n == 0 || n > FZ_MSG_MAX + 1024)
		return len;
	memcpy(buf, tmp, n);
	return n;
}

/* ---- invariants -------------------------------------------------------- */

static void
fz_check(void)
{
	unsigned int i, j, n, calls = 0;

	for (i = 1; i <= FZ_TUNNELS; i++) {
		const struct fz_tunnel *ct = &fz_tun[i];

		if (!ct->in_use)
			continue;
		FUZZ_CHECK(ct->fsm.local_id == i);
		FUZZ_CHECK(ct->fsm.state <= L2TP_TUNNEL_CLOSING);
		for (j = 1, n = 0; j <= FZ_SESSIONS; j++) {
			const struct fz_call *cs = ct->sess[j];

			if (cs == NULL)
				continue;
			n++;
			FUZZ_CHECK(cs->ct == ct);
			FUZZ_CHECK(cs->fsm.tunnel == &ct->fsm);
			FUZZ_CHECK(cs->fsm.local_id == j);
			FUZZ_CHECK(cs->fsm.state != L2TP_SESSION_CLOSED);
			FUZZ_CHECK(cs->fsm.calling_number != NULL &&
			    cs->fsm.called_number != NULL &&
			    cs->fsm.sub_address != NULL);
		}
		FUZZ_CHECK(n == ct->nb_sess);
		FUZZ_CHECK(n == 0 || ct->fsm.state == L2TP_TUNNEL_ESTABLISHED);
		calls += n;
		FUZZ_CHECK(ct->xport.inflight <= ct->xport.queued);
		FUZZ_CHECK(ct->xport.queued <= ct->xport.conf.max_queue);
		/* Appendix A: 1 <= cwnd <= the peer's window. */
		FUZZ_CHECK(ct->xport.cwnd >= 1 &&
		    ct->xport.cwnd <= ct->xport.peer_rwin);
		/* Messages given an Ns and not acked: in flight or after a
		 * go-back, all still queued. */
		FUZZ_CHECK(ct->xport.inflight <=
		    (uint16_t)(ct->xport.ns - ct->xport.snd_una));
		FUZZ_CHECK((uint16_t)(ct->xport.ns - ct->xport.snd_una) <=
		    ct->xport.queued);
		FUZZ_CHECK(ct->xport.reorder_held <= ct->xport.conf.rwin);
		/* Something will happen to every tunnel: none is forgotten. */
		FUZZ_CHECK(ct->dead || l2tp_xport_next_deadline(&ct->xport) !=
		    L2TP_XPORT_NO_DEADLINE || l2tp_tunnel_next_deadline(
		    &ct->fsm) != L2TP_TUNNEL_NO_DEADLINE);
	}
	FUZZ_CHECK(calls == fz_calls);
}

/* ---- one input ----------------------------------------------------------- */

static void
fz_setup(uint8_t c)
{
	memset(&fz_tcfg, 0, sizeof(fz_tcfg));
	fz_tcfg.host_name = "lns.fuzz";
	fz_tcfg.vendor_name = "lnsd";
	fz_tcfg.firmware_rev = 0x0100;
	fz_tcfg.bearer_cap = L2TP_BEARER_DIGITAL;
	fz_tcfg.rx_window = c & FZ_CFG_RWIN2 ? 2 : L2TP_XPORT_RWIN;
	fz_tcfg.hello_ms = c & FZ_CFG_HELLO10 ? 10000 : 60000;
	if (c & FZ_CFG_SECRET) {
		fz_tcfg.secret = fz_secret;
		fz_tcfg.secret_len = sizeof(fz_secret) - 1;
	}
	if (c & FZ_CFG_PEERS) {
		fz_peers[0] = (struct l2tp_tunnel_peer){ "lac1", fz_peer_secret,
		    sizeof(fz_peer_secret) - 1 };
		fz_peers[1] = (struct l2tp_tunnel_peer){ "", NULL, 0 };
		fz_tcfg.peers = fz_peers;
		fz_tcfg.n_peers = 2;
	} else if (c & FZ_CFG_PEERS1) {
		fz_peers[0] = (struct l2tp_tunnel_peer){ "lac1", NULL, 0 };
		fz_tcfg.peers = fz_peers;
		fz_tcfg.n_peers = 1;
	}
	l2tp_xport_conf_default(&fz_xconf);
	fz_xconf.rwin = fz_tcfg.rx_window;
	if (c & FZ_CFG_NODELAY)
		fz_xconf.ack_delay_ms = 0;
	if (c & FZ_CFG_QUEUE8)
		fz_xconf.max_queue = 8;
	fz_tcfg.close_hold_ms = (uint32_t)l2tp_xport_cycle_ms(&fz_xconf);
	memset(fz_tun, 0, sizeof(fz_tun));
	fz_calls = 0;
	fz_now = 1000;
	fz_send_rc = 0;
	fz_rand = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[FZ_MSG_MAX + 2048];
	unsigned int records = 0, i;
	size_t off = 1, len;

	if (size < 1)
		return 0;
	fz_setup(data[0]);
	while (off + 3 <= size && records++ < FZ_MAX_RECORDS) {
		uint8_t ctl = data[off];
		struct fz_tunnel *ct;

		len = lns_get_be16(data + off + 1);
		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > FZ_MSG_MAX)
			len = FZ_MSG_MAX;
		memcpy(buf, data + off, len);
		off += len;

		fz_now += fz_advance[ctl & 7];
		fz_timer();
		switch (ctl >> 6) {
		case FZ_OP_MSG:
			len = fz_fix(buf, len, ctl);
			fz_input(buf, len);
			break;
		case FZ_OP_CALL_CLOSE:
			if (len < 4)
				break;
			ct = &fz_tun[buf[0] % (FZ_TUNNELS + 1)];
			if (!ct->in_use || ct->sess[buf[1] % (FZ_SESSIONS + 1)]
			    == NULL)
				break;
			/* ctl_l2tp_call_close() */
			{
				struct fz_call *cs =
				    ct->sess[buf[1] % (FZ_SESSIONS + 1)];

				l2tp_session_close(&cs->fsm, buf[2] % 12,
				    buf[3] < 128 ? buf[3] % 9 : -1,
				    buf[3] & 1 ? "ppp down" : NULL);
				fz_session_free(cs);
			}
			fz_tunnel_sched(ct);
			break;
		case FZ_OP_TUN_CLOSE:
			if (len < 2)
				break;
			ct = &fz_tun[buf[0] % (FZ_TUNNELS + 1)];
			if (!ct->in_use)
				break;
			l2tp_tunnel_close(&ct->fsm, buf[1] % 8, -1, "shutdown",
			    fz_now);
			fz_tunnel_sched(ct);
			break;
		case FZ_OP_DATA:
			if (len < 2)
				break;
			ct = &fz_tun[buf[0] % (FZ_TUNNELS + 1)];
			fz_send_rc = buf[1] & 1 ? -ENOBUFS : 0;
			if (!ct->in_use)
				break;
			l2tp_tunnel_activity(&ct->fsm, fz_now);
			if (buf[1] & 2)
				l2tp_xport_ack_now(&ct->xport);
			fz_tunnel_sched(ct);
			break;
		}
		fz_check();
	}
	/* Shutdown: what ctl_l2tp_fini() does. */
	for (i = 1; i <= FZ_TUNNELS; i++)
		if (fz_tun[i].in_use)
			fz_tunnel_free(&fz_tun[i]);
	FUZZ_CHECK(fz_calls == 0);
	return 0;
}

#else /* FUZZ_DUMP_SEEDS */

/* ---- seed conversations, from the unit tests' message builders ---------- */

#define LAC_TID		0x0a0a
#define LAC_SID		0x1111

static struct fuzz_conv conv;
static uint8_t mbuf[4096];
static struct l2tp_writer w;




static void
lac_begin(uint16_t tid, uint16_t sid, uint16_t type)
{
	l2tp_writer_init(&w, mbuf, sizeof(mbuf));
	l2tp_ctrl_begin(&w, tid, sid, 0, 0, type);
}

/* The AVP just added gets the H bit: the harness hides it. */
static void
mark_hidden(size_t at)
{
	lns_put_be16(mbuf + at, lns_get_be16(mbuf + at) | L2TP_AVP_H);
}

/* Record: message in w, fix-ups all on, time advance adv. */
static void
lac_send(uint8_t adv)
{
	int n = l2tp_ctrl_finish(&w);

	if (n <= 0) {
		fprintf(stderr, "writer error %d\n", n);
		exit(1);
	}
	fuzz_conv_rec(&conv, (uint8_t)(adv | FZ_FIX_IDS | FZ_FIX_SEQ | FZ_FIX_AVPS), mbuf,
	    (size_t)n);
}

static void
lac_sccrq(const char *host, bool chal, uint16_t tid)
{
	static const uint8_t c[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	lac_begin(0, 0, L2TP_MSG_SCCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0100);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, host);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M,
	    L2TP_FRAMING_SYNC);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, tid);
	l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, 0, "lac-vendor");
	l2tp_avp_add_u16(&w, L2TP_AVP_RX_WINDOW_SIZE, L2TP_AVP_M, 4);
	l2tp_avp_add_u64(&w, L2TP_AVP_TIE_BREAKER, 0, 0x0123456789abcdefULL);
	if (chal)
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE, L2TP_AVP_M, c,
		    sizeof(c));
}

static void
lac_scccn(uint16_t our_tid, bool auth)
{
	static const uint8_t zero[L2TP_MD5_LEN];

	lac_begin(our_tid, 0, L2TP_MSG_SCCCN);
	if (auth)	/* the harness computes it */
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE_RESPONSE, L2TP_AVP_M,
		    zero, sizeof(zero));
}

static void
lac_icrq(uint16_t our_tid, uint16_t lac_sid, bool hidden)
{
	static const uint8_t rv[] = { 9, 8, 7, 6, 5, 4, 3, 2 };

	lac_begin(our_tid, 0, L2TP_MSG_ICRQ);
	if (hidden)
		l2tp_avp_add_random_vector(&w, rv, sizeof(rv));
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M,
	    lac_sid);
	if (hidden)
		mark_hidden(w.len - 8);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 77);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_TYPE, L2TP_AVP_M, 2);
	l2tp_avp_add_str(&w, L2TP_AVP_CALLING_NUMBER, L2TP_AVP_M, "0123");
	if (hidden)
		mark_hidden(w.len - 10);
	l2tp_avp_add_str(&w, L2TP_AVP_CALLED_NUMBER, L2TP_AVP_M, "4567");
	l2tp_avp_add_str(&w, L2TP_AVP_SUB_ADDRESS, 0, "s1");
}

static void
lac_iccn(uint16_t our_tid, uint16_t our_sid, bool proxy, bool hidden)
{
	static const uint8_t lcp[] = { 1, 4, 5, 0xdc, 5, 6, 1, 2, 3, 4 };
	static const uint8_t rv[] = { 1, 1, 2, 3, 5, 8, 13, 21 };
	static const uint8_t chal[] = { 0xc0, 0xff, 0xee, 0x01, 0x02 };
	static const uint8_t resp[16] = { 0xaa, 0xbb };

	lac_begin(our_tid, our_sid, L2TP_MSG_ICCN);
	l2tp_avp_add_u32(&w, L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_M, 100000000);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_TYPE, L2TP_AVP_M,
	    L2TP_FRAMING_SYNC);
	l2tp_avp_add_u32(&w, L2TP_AVP_RX_CONNECT_SPEED, 0, 20000000);
	l2tp_avp_add_bytes(&w, L2TP_AVP_SEQUENCING_REQUIRED, L2TP_AVP_M, NULL,
	    0);
	if (!proxy)
		return;
	l2tp_avp_add_bytes(&w, L2TP_AVP_INITIAL_RX_LCP_CONFREQ, 0, lcp,
	    sizeof(lcp));
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_TX_LCP_CONFREQ, 0, lcp, 4);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_RX_LCP_CONFREQ, 0, lcp,
	    sizeof(lcp));
	if (hidden)
		l2tp_avp_add_random_vector(&w, rv, sizeof(rv));
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_TYPE, 0,
	    L2TP_PROXY_AUTH_CHAP);
	l2tp_avp_add_str(&w, L2TP_AVP_PROXY_AUTHEN_NAME, 0, "bob");
	if (hidden)
		mark_hidden(w.len - 9);
	l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_CHALLENGE, 0, chal,
	    sizeof(chal));
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_ID, 0, 0x42);
	l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_RESPONSE, 0, resp,
	    sizeof(resp));
	if (hidden)
		mark_hidden(w.len - 22);
}

static void
lac_cdn(uint16_t our_tid, uint16_t our_sid, uint16_t lac_sid)
{
	static const uint8_t cause[3] = { 0x00, 0x10, 0x2d };

	lac_begin(our_tid, our_sid, L2TP_MSG_CDN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_CDN_RC_LOST_CARRIER, 0,
	    "carrier lost");
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, lac_sid);
	l2tp_avp_add_bytes(&w, L2TP_AVP_Q931_CAUSE, L2TP_AVP_M, cause,
	    sizeof(cause));
}

static void
lac_stopccn(uint16_t our_tid, uint16_t lac_tid)
{
	lac_begin(our_tid, 0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, lac_tid);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_STOPCCN_RC_SHUTDOWN, -1,
	    NULL);
}

static void
lac_wen_sli(uint16_t our_tid, uint16_t our_sid)
{
	uint8_t ce[26] = { 0 }, accm[10] = { 0 };

	lns_put_be32(ce + 2, 3);
	lac_begin(our_tid, our_sid, L2TP_MSG_WEN);
	l2tp_avp_add_bytes(&w, L2TP_AVP_CALL_ERRORS, L2TP_AVP_M, ce,
	    sizeof(ce));
	lac_send(1);
	lns_put_be32(accm + 2, 0xffffffff);
	lac_begin(our_tid, our_sid, L2TP_MSG_SLI);
	l2tp_avp_add_bytes(&w, L2TP_AVP_ACCM, L2TP_AVP_M, accm, sizeof(accm));
	lac_send(1);
}

/* A whole call on tunnel 1 (ours), secret or not, hidden AVPs or not. */
static void
conv_call(bool auth, bool hidden, bool proxy)
{
	lac_sccrq("lac1", auth, LAC_TID);
	lac_send(0);
	lac_scccn(1, auth);
	lac_send(1);
	lac_icrq(1, LAC_SID, hidden);
	lac_send(2);
	lac_iccn(1, 1, proxy, hidden);
	lac_send(1);
}

int
main(int argc, char **argv)
{
	static const uint8_t close_call[4] = { 1, 1, 3, 0x80 };
	static const uint8_t close_tun[2] = { 1, 6 };
	static const uint8_t quiet[2] = { 1, 0 };
	const char *dir = argc > 1 ? argv[1] : ".";

	/* No secret: SCCRQ .. ICCN, WEN, SLI, CDN, StopCCN. */
	fuzz_conv_start(&conv, 0);
	conv_call(false, false, false);
	lac_wen_sli(1, 1);
	lac_cdn(1, 1, LAC_SID);
	lac_send(2);
	lac_stopccn(1, LAC_TID);
	lac_send(3);
	fuzz_conv_rec(&conv, 7, quiet, 0);		/* the hold period ends */
	fuzz_conv_write(&conv, dir, "call-plain");

	/* Tunnel secret: Challenge / Response, hidden AVPs, proxy AVPs. */
	fuzz_conv_start(&conv, FZ_CFG_SECRET);
	conv_call(true, true, true);
	lac_begin(1, 0, L2TP_MSG_HELLO);
	lac_send(6);
	lac_cdn(1, 1, LAC_SID);
	lac_send(2);
	lac_stopccn(1, LAC_TID);
	lac_send(3);
	fuzz_conv_write(&conv, dir, "call-secret-hidden");

	/* Per-peer secret; the PPP side closes the call, then shutdown. */
	fuzz_conv_start(&conv, FZ_CFG_PEERS | FZ_CFG_HELLO10);
	conv_call(true, true, false);
	fuzz_conv_rec(&conv, (FZ_OP_CALL_CLOSE << 6) | 1, close_call, sizeof(close_call));
	fuzz_conv_rec(&conv, (FZ_OP_TUN_CLOSE << 6) | 1, close_tun, sizeof(close_tun));
	fuzz_conv_rec(&conv, 7, quiet, 0);
	fuzz_conv_write(&conv, dir, "peer-secret-local-close");

	/* Several calls, an OCRQ, two tunnels; the LAC then goes silent. */
	fuzz_conv_start(&conv, FZ_CFG_RWIN2 | FZ_CFG_QUEUE8);
	conv_call(false, false, true);
	lac_icrq(1, LAC_SID + 1, false);
	lac_send(0);
	lac_icrq(1, LAC_SID + 2, false);
	lac_send(0);
	lac_iccn(1, 3, false, false);
	lac_send(1);
	lac_begin(1, 0, L2TP_MSG_OCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, 0x2222);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 5);
	lac_send(1);
	lac_sccrq("lac2", false, LAC_TID + 1);
	lac_send(1);
	lac_scccn(2, false);
	lac_send(1);
	lac_icrq(2, LAC_SID, false);
	lac_send(1);
	fuzz_conv_rec(&conv, (FZ_OP_DATA << 6) | 4, quiet, sizeof(quiet));
	fuzz_conv_rec(&conv, 5, quiet, 0);
	fuzz_conv_rec(&conv, 6, quiet, 0);
	fuzz_conv_rec(&conv, 7, quiet, 0);
	fuzz_conv_rec(&conv, 7, quiet, 0);
	fuzz_conv_write(&conv, dir, "calls-two-tunnels-timeout");

	/* A bad SCCCN response; a retransmitted SCCRQ; unknown M AVP. */
	fuzz_conv_start(&conv, FZ_CFG_SECRET | FZ_CFG_NODELAY);
	lac_sccrq("lac1", true, LAC_TID);
	lac_send(0);
	fuzz_conv_rec(&conv, 4, mbuf, (size_t)l2tp_ctrl_finish(&w)); /* no fix-ups */
	lac_begin(1, 0, L2TP_MSG_SCCCN);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, 99, "x", 1);
	lac_send(1);
	fuzz_conv_write(&conv, dir, "sccrq-retransmit-unknown-avp");
	return 0;
}

#endif /* FUZZ_DUMP_SEEDS */
