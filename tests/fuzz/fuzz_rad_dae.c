/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the RFC 5176 Dynamic Authorization server's request
 * path (control/radius/rad_dae.c) and the codec under it (rad_parse,
 * rad_verify_request, attribute iteration, rad_attr_check, rad_vsa_parse,
 * rad_finish_response), through rad_dae_input() with a fake transport,
 * clock and handler.
 *
 * Input: a configuration octet, then
 *   bit 4 clear: a whole datagram, as received (framing, codes and
 *     authenticators as the fuzzer makes them: mostly refused early);
 *   bit 4 set ("signed"): a code octet (bits 0-1: 0 Disconnect-Request,
 *     1 and 3 CoA-Request, 2 the octet itself as the code), an Identifier
 *     octet and attribute octets, which the harness frames and signs
 *     (Request Authenticator, and a Message-Authenticator first with
 *     bit 5) with the secret of the client it sends from: the attribute
 *     decoding and the answers are reached.
 * Configuration bits: 0 require_event_timestamp, 1 ma_optional, 2-3 the
 * source (client 0, client 1, a stranger, client 0), 6 the handler NAKs
 * with 503, 7 the datagram is sent twice (the duplicate path).
 * The wall clock is 1700000000 (0x6553f100: tests/fuzz/fuzz_rad_dae.dict).
 * FUZZ_TRACE=1 prints each datagram's outcome.
 *
 * Invariants: exactly one event per datagram; nothing is sent to a
 * stranger or for a drop, and an answer is missing only when it cannot
 * fit in RAD_PKT_MAX; every answer parses, has the request's
 * Identifier, is the request's code + 1 (ACK, without Error-Cause) or + 2
 * (NAK, with the Error-Cause the event gives), and verifies with the
 * client's secret, Message-Authenticator included; the handler sees a
 * request with some identification, changes only in a CoA, strings
 * within bounds; a second copy is a duplicate answered with the same
 * octets, and the handler is not called for it. A CoA's
 * Mikrotik-Rate-Limit goes through the QoS parser as lnsd's CoA check
 * does (control/ctl_qos_parse.c): what it accepts is 0 or in range.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>

#include "ctl_qos.h"
#include "fuzz_common.h"
#include "rad_codec.h"
#include "rad_dae.h"

#define WALL	1700000000u

static const char *const secrets[2] = { "fuzz-secret-0", "another secret" };
/* The source by configuration bits 2-3, and whose secret it has. */
static const uint32_t sources[4] = {
	0xc0000201u, 0xc0000202u, 0xc0000209u, 0xc0000201u,
};
static const unsigned int source_secret[4] = { 0, 1, 0, 0 };

static uint8_t sent[RAD_PKT_MAX];
static size_t sent_len;
static unsigned int nb_sent, nb_handled, nb_events;
static uint32_t handler_answer;
static struct rad_dae_event last_ev;

static uint64_t
fake_wall(void)
{
	return WALL;
}

static int
fake_send(void *ctx, uint32_t addr, uint16_t port, const uint8_t *buf,
	  size_t len)
{
	FUZZ_CHECK(len >= RAD_HDR_LEN && len <= sizeof(sent));
	memcpy(sent, buf, len);
	sent_len = len;
	nb_sent++;
	return 0;
}

static const struct rad_dae_io fake_io = { .send = fake_send };

static uint32_t
handler(void *arg, const struct rad_dae_req *r)
{
	FUZZ_CHECK(r->ident != 0);
	FUZZ_CHECK(r->code == RAD_DISCONNECT_REQUEST ||
		   r->code == RAD_COA_REQUEST);
	FUZZ_CHECK(r->code == RAD_COA_REQUEST || r->change == 0);
	FUZZ_CHECK(strlen(r->user) <= RAD_DAE_STR_MAX);
	FUZZ_CHECK(strlen(r->session_id) <= RAD_DAE_STR_MAX);
	FUZZ_CHECK(strlen(r->filter_id) <= RAD_DAE_STR_MAX);
	FUZZ_CHECK(strlen(r->rate_limit) <= RAD_DAE_STR_MAX);
	FUZZ_CHECK(!(r->ident & RAD_DAE_ID_USER) || r->user[0] != '\0');
	if (r->change & RAD_DAE_SET_RATE_LIMIT) {
		struct ctl_qos_rates q;

		if (ctl_qos_parse_mikrotik(r->rate_limit, &q) == 0) {
			FUZZ_CHECK(q.up_bps == 0 ||
				   (q.up_bps >= CFG_QOS_RATE_MIN &&
				    q.up_bps <= CFG_QOS_RATE_MAX));
			FUZZ_CHECK(q.down_bps == 0 ||
				   (q.down_bps >= CFG_QOS_RATE_MIN &&
				    q.down_bps <= CFG_QOS_RATE_MAX));
		}
	}
	nb_handled++;
	return handler_answer;
}

static void
event(void *arg, const struct rad_dae_event *ev)
{
	static int trace = -1;

	if (trace < 0)
		trace = getenv("FUZZ_TRACE") != NULL;
	if (trace)
		fprintf(stderr, "dae: %s code=%u id=%u error_cause=%u\n",
			rad_dae_ctr_name(ev->what), ev->code, ev->id,
			ev->error_cause);
	last_ev = *ev;
	nb_events++;
}

/* The answer just sent to request req (signed with secret) is right. */
static void
check_answer(const uint8_t *req, const char *secret)
{
	struct rad_pkt p;
	const uint8_t *v;
	uint32_t cause = 0;
	size_t len;

	FUZZ_CHECK(rad_parse(&p, sent, sent_len) == 0);
	FUZZ_CHECK(p.id == req[1]);
	FUZZ_CHECK(rad_verify_response(&p, req + 4, (const uint8_t *)secret,
				       strlen(secret), true) == 0);
	if (rad_attr_find(&p, RAD_A_ERROR_CAUSE, &v, &len) == 0)
		FUZZ_CHECK(rad_val_u32(v, len, &cause) == 0);
	/* An ACK, a NAK by its cause, or a duplicate of either. */
	FUZZ_CHECK(last_ev.what <= RAD_DAE_DUPLICATE &&
		   last_ev.what >= RAD_DAE_ACK);
	FUZZ_CHECK(cause == last_ev.error_cause);
	FUZZ_CHECK((last_ev.what == RAD_DAE_ACK) ==
		   (cause == 0 && last_ev.what != RAD_DAE_DUPLICATE));
	FUZZ_CHECK(p.code == req[0] + (cause == 0 ? 1 : 2));
}

/*
 * The signed form: frame and sign the fuzzer's attributes. Returns the
 * datagram's length.
 */
static size_t
build_signed(uint8_t *pkt, uint8_t cfg, const uint8_t *data, size_t size,
	     const char *secret)
{
	static const uint8_t codes[4] = {
		RAD_DISCONNECT_REQUEST, RAD_COA_REQUEST, 0, RAD_COA_REQUEST,
	};
	struct rad_builder b;
	uint8_t code;
	size_t len;
	int n;

	if (size < 2)
		return 0;
	code = (data[0] & 3) == 2 ? data[0] : codes[data[0] & 3];
	if (size - 2 > RAD_PKT_MAX - RAD_HDR_LEN - 18)
		size = RAD_PKT_MAX - RAD_HDR_LEN - 18 + 2;
	/* A code the codec does not sign (or will not frame without a
	 * random authenticator) goes out unsigned. */
	rad_build_init(&b, pkt, RAD_PKT_MAX, code, data[1],
		       (const uint8_t[RAD_AUTH_LEN]){ 0 });
	if (cfg & 0x20)
		rad_put_message_authenticator(&b);
	/* Raw attribute octets: the builder only frames and signs them. */
	memcpy(b.buf + b.len, data + 2, size - 2);
	b.len += size - 2;
	len = b.len;
	n = rad_finish_request(&b, (const uint8_t *)secret, strlen(secret));
	if (n < 0) {
		pkt[2] = (uint8_t)(len >> 8);
		pkt[3] = (uint8_t)len;
		return len;
	}
	return (size_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pkt[RAD_PKT_MAX];
	uint8_t first[RAD_PKT_MAX];
	struct rad_dae_conf conf;
	struct rad_dae *d;
	unsigned int src, copies, i, handled, sent_before;
	size_t len, first_len = 0;
	uint64_t sent_errors = 0;
	uint8_t cfg;
	int err;

	if (size < 1)
		return 0;
	cfg = data[0];
	data++;
	size--;
	memset(&conf, 0, sizeof(conf));
	for (i = 0; i < 2; i++) {
		conf.clients[i].addr = htonl(sources[i]);
		conf.clients[i].secret_len = strlen(secrets[i]);
		memcpy(conf.clients[i].secret, secrets[i], strlen(secrets[i]));
	}
	conf.nb_clients = 2;
	conf.require_event_timestamp = cfg & 0x01;
	conf.ma_optional = cfg & 0x02;
	conf.nas_ips[0] = htonl(0xc6336401u);
	conf.nb_nas_ips = 1;
	strcpy(conf.nas_identifier, "lns");
	conf.handler = handler;
	conf.event = event;
	conf.wall_s = fake_wall;
	conf.io = &fake_io;
	d = rad_dae_create(&conf, &err);
	FUZZ_CHECK(d != NULL);
	handler_answer = cfg & 0x40 ? RAD_EC_SESSION_CONTEXT_NOT_FOUND : 0;
	src = (cfg >> 2) & 3;
	if (cfg & 0x10) {
		len = build_signed(pkt, cfg, data, size, secrets[source_secret[src]]);
	} else {
		len = size < RAD_PKT_MAX ? size : RAD_PKT_MAX;
		memcpy(pkt, data, len);
	}
	nb_sent = nb_handled = nb_events = 0;
	copies = cfg & 0x80 ? 2 : 1;
	for (i = 0; i < copies; i++) {
		handled = nb_handled;
		sent_before = nb_sent;
		rad_dae_input(d, htonl(sources[src]), 3799, pkt, len,
			      1000 + i);
		FUZZ_CHECK(nb_events == i + 1);
		FUZZ_CHECK(nb_handled <= handled + 1);
		if (nb_sent == sent_before) {
			/* A silent drop, or an answer too long to build: its
			 * Proxy-States (copied) fill a request without a
			 * Message-Authenticator (added) up to RAD_PKT_MAX. */
			FUZZ_CHECK(last_ev.what > RAD_DAE_DUPLICATE ||
				   (len > RAD_PKT_MAX - 18 - 6 &&
				    rad_dae_totals(d)->n[RAD_DAE_SEND_ERROR] >
				    sent_errors));
			sent_errors = rad_dae_totals(d)->n[RAD_DAE_SEND_ERROR];
			continue;
		}
		FUZZ_CHECK(nb_sent == sent_before + 1);
		FUZZ_CHECK(src != 2);
		check_answer(pkt, secrets[source_secret[src]]);
		if (i == 0) {
			memcpy(first, sent, sent_len);
			first_len = sent_len;
		} else {
			/* The retransmission: the same octets, not acted on. */
			FUZZ_CHECK(last_ev.what == RAD_DAE_DUPLICATE);
			FUZZ_CHECK(nb_handled == handled);
			FUZZ_CHECK(sent_len == first_len &&
				   memcmp(sent, first, first_len) == 0);
		}
	}
	FUZZ_CHECK(rad_dae_totals(d)->n[RAD_DAE_UNKNOWN_CLIENT] ==
		   (src == 2 ? copies : 0));
	rad_dae_free(d);
	return 0;
}
