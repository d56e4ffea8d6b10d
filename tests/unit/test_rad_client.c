/* SPDX-License-Identifier: BSD-3-Clause
 * The non-blocking RADIUS client (control/radius/rad_client.c): slots,
 * retransmission, failover, balancing, dead servers and probes,
 * deadlines, cancellation, every bad-answer counter, through a fake
 * transport and a fake clock; and once over real UDP sockets on
 * 127.0.0.1 with a server played by the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "rad_client.h"
#include "rad_codec.h"

#define MAX_SENT	32768
#define SENT_PKT_MAX	128
#define MAX_TREQ	16384

/* ---- the fake world: a clock, a wire, servers answering by hand ---- */

struct sent {
	unsigned int sock;
	int srv;
	uint64_t t;
	size_t len;
	uint8_t pkt[SENT_PKT_MAX];
};

/* One caller's request: what build and done saw. */
struct treq {
	struct rad_req *h;
	int build_err;		/* build returns it when non-zero */
	uint8_t code;		/* RAD_ACCESS_REQUEST or RAD_ACCOUNTING_REQUEST */
	unsigned int builds;
	int builds_srv[RAD_CLIENT_MAX_SERVERS];
	int calls;
	int status;
	uint64_t t;
	uint64_t deadline;	/* for the checks: send time + max_ms */
	uint8_t resp_code;
	int srv;
	struct rad_req **cancel;	/* done cancels *cancel */
	bool cancel_self;
	bool send_another;	/* done starts a new request */
};

static struct sent *sent;
static unsigned int nb_sent;
static uint64_t now;
static struct rad_client *cli;
static struct rad_client_conf conf;
static int send_rc;
static bool in_send;
static struct treq *treqs;
static unsigned int nb_treq;

static int
srv_index(const struct rad_server *s)
{
	unsigned int i;

	for (i = 0; i < rad_client_nb_servers(cli); i++)
		if (rad_client_server(cli, i) == s)
			return (int)i;
	return -1;
}

static int
fake_send(void *ctx, unsigned int sock, const struct rad_server *srv,
	const uint8_t *buf, size_t len)
{
	struct sent *s;

	(void)ctx;
	assert_true(nb_sent < MAX_SENT);
	assert_true(len <= SENT_PKT_MAX);
	s = &sent[nb_sent++];
	s->sock = sock;
	s->srv = srv_index(srv);
	assert_true(s->srv >= 0);
	s->t = now;
	s->len = len;
	memcpy(s->pkt, buf, len);
	return send_rc;
}

static const struct rad_io fake_io = { .send = fake_send };

static int
build_req(void *arg, const struct rad_server *srv, uint8_t id,
	const uint8_t auth[RAD_AUTH_LEN], uint8_t *buf, size_t cap)
{
	struct treq *t = arg;
	const struct rad_server_conf *sc = rad_server_conf(srv);
	struct rad_builder b;

	t->builds++;
	t->builds_srv[srv_index(srv)]++;
	if (t->build_err != 0)
		return t->build_err;
	if (t->code == RAD_ACCOUNTING_REQUEST) {
		rad_build_init(&b, buf, cap, RAD_ACCOUNTING_REQUEST, id, NULL);
		rad_put_u32(&b, RAD_A_ACCT_STATUS_TYPE, RAD_ACCT_START);
		rad_put_str(&b, RAD_A_ACCT_SESSION_ID, "0001");
	} else {
		/* The Message-Authenticator first (BlastRADIUS advice). */
		rad_build_init(&b, buf, cap, RAD_ACCESS_REQUEST, id, auth);
		rad_put_message_authenticator(&b);
		rad_put_str(&b, RAD_A_USER_NAME, "alice");
	}
	return rad_finish_request(&b, sc->secret, sc->secret_len);
}

static void
done_req(void *arg, int status, const struct rad_pkt *resp,
	const struct rad_server *srv)
{
	struct treq *t = arg;

	/* Never from inside rad_client_send, never twice. */
	assert_false(in_send);
	assert_int_equal(t->calls, 0);
	t->calls++;
	t->status = status;
	t->t = now;
	t->srv = srv != NULL ? srv_index(srv) : -1;
	if (status == 0) {
		assert_non_null(resp);
		t->resp_code = resp->code;
	} else {
		assert_null(resp);
		assert_null(srv);
	}
	if (t->cancel != NULL)
		rad_req_cancel(*t->cancel);
	if (t->cancel_self)
		rad_req_cancel(t->h);
	if (t->send_another) {
		struct treq *n = &treqs[nb_treq++];
		int err;

		memset(n, 0, sizeof(*n));
		n->code = RAD_ACCESS_REQUEST;
		n->h = rad_client_send(cli, build_req, done_req, n, 0, now,
			&err);
		assert_non_null(n->h);
	}
}

static void
server_conf(struct rad_server_conf *s, unsigned int i)
{
	memset(s, 0, sizeof(*s));
	s->addr = htonl(0x0a000001u + i);
	s->port = 1812;
	s->secret_len = (size_t)snprintf((char *)s->secret,
		sizeof(s->secret), "secret-%u", i);
	s->timeout_ms = 100;
	s->retries = 2;
	s->require_ma = true;
}

static void
conf_init(unsigned int nb_servers)
{
	unsigned int i;

	memset(&conf, 0, sizeof(conf));
	conf.nb_servers = nb_servers;
	for (i = 0; i < nb_servers; i++)
		server_conf(&conf.servers[i], i);
	conf.nb_sockets = 1;
	conf.io = &fake_io;
}

static void
client_start(void)
{
	int err = 1;

	rad_client_free(cli);
	cli = rad_client_create(&conf, &err);
	assert_non_null(cli);
	assert_int_equal(err, 0);
}

static int
setup(void **state)
{
	(void)state;
	sent = calloc(MAX_SENT, sizeof(*sent));
	treqs = calloc(MAX_TREQ, sizeof(*treqs));
	assert_non_null(sent);
	assert_non_null(treqs);
	nb_sent = 0;
	nb_treq = 0;
	now = 1000;
	send_rc = 0;
	in_send = false;
	cli = NULL;
	conf_init(1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rad_client_free(cli);
	cli = NULL;
	free(sent);
	free(treqs);
	return 0;
}

/* A new request of the caller, max_ms as rad_client_send takes it. */
static struct treq *
send_req(uint32_t max_ms)
{
	struct treq *t;
	int err = 1;

	assert_true(nb_treq < MAX_TREQ);
	t = &treqs[nb_treq++];
	memset(t, 0, sizeof(*t));
	t->code = RAD_ACCESS_REQUEST;
	t->deadline = now + max_ms;
	in_send = true;
	t->h = rad_client_send(cli, build_req, done_req, t, max_ms, now, &err);
	in_send = false;
	assert_non_null(t->h);
	assert_int_equal(err, 0);
	return t;
}

/* Run the clock to t one millisecond at a time. */
static void
run_to(uint64_t t)
{
	while (now < t) {
		now++;
		rad_client_timer(cli, now);
	}
}

static const struct rad_server_stats *
sstats(unsigned int i)
{
	return rad_server_stats(rad_client_server(cli, i));
}

static const struct rad_server_conf *
sconf(unsigned int i)
{
	return rad_server_conf(rad_client_server(cli, i));
}

/* A response to sent[i], signed with secret; Reply-Message, and an MA if ma. */
static size_t
make_resp(uint8_t *out, const struct sent *s, uint8_t code,
	const uint8_t *secret, size_t secret_len, bool ma)
{
	struct rad_builder b;
	int n;

	rad_build_init(&b, out, RAD_PKT_MAX, code, s->pkt[1], NULL);
	rad_put_str(&b, RAD_A_REPLY_MESSAGE, "ok");
	if (ma)
		rad_put_message_authenticator(&b);
	n = rad_finish_response(&b, s->pkt + 4, secret, secret_len);
	assert_true(n >= RAD_HDR_LEN);
	return (size_t)n;
}

static void
deliver_from(const struct sent *s, const uint8_t *buf, size_t len)
{
	const struct rad_server_conf *sc = sconf((unsigned int)s->srv);

	rad_client_input(cli, s->sock, sc->addr, sc->port, buf, len, now);
}

/* The server of sent[i] answers it correctly. */
static void
answer(unsigned int i, uint8_t code)
{
	const struct rad_server_conf *sc = sconf((unsigned int)sent[i].srv);
	uint8_t buf[RAD_PKT_MAX];
	size_t n;

	n = make_resp(buf, &sent[i], code, sc->secret, sc->secret_len, true);
	deliver_from(&sent[i], buf, n);
}

static unsigned int
sent_to(int srv, unsigned int from)
{
	unsigned int i, n = 0;

	for (i = from; i < nb_sent; i++)
		n += sent[i].srv == srv;
	return n;
}

/* ---- identifiers ---- */

/* nb_sockets x 256 pairs, the next request waits, a freed pair serves it. */
static void
test_ids_reuse(void **state)
{
	unsigned int nbs, i, total, k;
	struct treq *first, *last;
	uint8_t seen[64][256];

	(void)state;
	for (nbs = 1; nbs <= 2; nbs++) {
		conf_init(1);
		conf.nb_sockets = nbs;
		conf.servers[0].max_outstanding = 100000;
		client_start();
		nb_sent = 0;
		nb_treq = 0;
		total = nbs * 256;
		memset(seen, 0, sizeof(seen));
		for (i = 0; i < total; i++)
			send_req(5000);
		assert_int_equal(nb_sent, total);
		for (i = 0; i < total; i++) {
			assert_true(sent[i].sock < nbs);
			/* Each (socket, identifier) pair once. */
			assert_int_equal(seen[sent[i].sock][sent[i].pkt[1]], 0);
			seen[sent[i].sock][sent[i].pkt[1]] = 1;
		}
		/* Consecutive requests spread over the sockets. */
		if (nbs == 2)
			assert_int_not_equal(sent[0].sock, sent[1].sock);
		assert_int_equal(sstats(0)->outstanding, total);
		last = send_req(5000);
		assert_int_equal(nb_sent, total);
		assert_int_equal(rad_client_stats(cli)->queued, 1);
		assert_int_equal(rad_client_pending(cli), total + 1);
		/* The answer to the 11th frees its pair for the waiting one. */
		answer(10, RAD_ACCESS_ACCEPT);
		assert_int_equal(treqs[10].calls, 1);
		assert_int_equal(treqs[10].status, 0);
		assert_int_equal(treqs[10].resp_code, RAD_ACCESS_ACCEPT);
		assert_int_equal(nb_sent, total + 1);
		assert_int_equal(sent[total].sock, sent[10].sock);
		assert_int_equal(sent[total].pkt[1], sent[10].pkt[1]);
		assert_int_equal(last->calls, 0);
		answer(total, RAD_ACCESS_REJECT);
		assert_int_equal(last->calls, 1);
		assert_int_equal(last->resp_code, RAD_ACCESS_REJECT);
		/* Everyone else answered: nothing left, every pair free again. */
		for (k = 0; k < total; k++)
			if (k != 10)
				answer(k, RAD_ACCESS_ACCEPT);
		assert_int_equal(rad_client_pending(cli), 0);
		assert_int_equal(sstats(0)->outstanding, 0);
		assert_int_equal(sstats(0)->responses, total + 1);
		first = &treqs[0];
		assert_int_equal(first->calls, 1);
	}
}

/* ---- retransmission ---- */

static void
test_retransmit_backoff(void **state)
{
	static const uint64_t at3[] = { 0, 100, 300, 700 };
	static const uint64_t at5[] = { 0, 100, 300, 700, 1500, 2300 };
	uint64_t t0;
	struct treq *t;
	unsigned int i;

	(void)state;
	conf.servers[0].retries = 3;
	client_start();
	t0 = now;
	t = send_req(10000);
	run_to(t0 + 3000);
	assert_int_equal(nb_sent, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(sent[i].t, t0 + at3[i]);
		/* The same octets each time. */
		assert_int_equal(sent[i].len, sent[0].len);
		assert_memory_equal(sent[i].pkt, sent[0].pkt, sent[0].len);
		assert_int_equal(sent[i].sock, sent[0].sock);
	}
	/* The last wait is 800 ms: given up at 1500, the only server tried. */
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(t->t, t0 + 1500);
	assert_int_equal(sstats(0)->requests, 1);
	assert_int_equal(sstats(0)->retransmits, 3);
	assert_int_equal(sstats(0)->timeouts, 1);
	assert_int_equal(rad_client_stats(cli)->deadline, 1);

	/* Five retries: the interval stops doubling at 8 x 100. */
	conf.servers[0].retries = 5;
	client_start();
	nb_sent = 0;
	t0 = now;
	t = send_req(10000);
	run_to(t0 + 5000);
	assert_int_equal(nb_sent, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(sent[i].t, t0 + at5[i]);
	assert_int_equal(t->t, t0 + 3100);

	/* max_ms 0: the whole schedule of every server, here the same 3100. */
	client_start();
	t0 = now;
	t = send_req(0);
	run_to(t0 + 5000);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(t->t, t0 + 3100);
}

/* A long interval (past one turn of the timer wheel) and a jump of the clock. */
static void
test_long_timers(void **state)
{
	struct treq *t;
	uint64_t t0;

	(void)state;
	conf.servers[0].timeout_ms = 5000;
	conf.servers[0].retries = 1;
	client_start();
	t0 = now;
	t = send_req(60000);
	run_to(t0 + 4999);
	assert_int_equal(nb_sent, 1);
	run_to(t0 + 5000);
	assert_int_equal(nb_sent, 2);
	assert_int_equal(sent[1].t, t0 + 5000);
	/* An hour later in one step: given up at once, done once. */
	now += 3600 * 1000;
	rad_client_timer(cli, now);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(t->t, now);
}

/* ---- servers ---- */

static void
test_failover(void **state)
{
	uint8_t buf[RAD_PKT_MAX];
	struct treq *t;
	uint64_t t0;
	size_t n;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 4;
	conf.servers[0].priority = 5;
	conf.servers[1].priority = 1;	/* first by priority, second configured */
	conf.servers[0].retries = 1;
	conf.servers[1].retries = 1;
	client_start();
	t0 = now;
	t = send_req(5000);
	run_to(t0 + 299);
	assert_int_equal(nb_sent, 2);
	assert_int_equal(sent[0].srv, 1);
	assert_int_equal(sent[1].srv, 1);
	assert_int_equal(t->builds_srv[1], 1);
	run_to(t0 + 300);
	assert_int_equal(nb_sent, 3);
	assert_int_equal(sent[2].srv, 0);
	assert_int_equal(sent[2].t, t0 + 300);
	/* Built again for the other server, on another identifier. */
	assert_int_equal(t->builds, 2);
	assert_int_equal(t->builds_srv[0], 1);
	assert_true(sent[2].sock != sent[0].sock ||
		sent[2].pkt[1] != sent[0].pkt[1]);
	assert_memory_not_equal(sent[2].pkt + 4, sent[0].pkt + 4, RAD_AUTH_LEN);
	assert_int_equal(sstats(1)->timeouts, 1);
	assert_int_equal(sstats(1)->retransmits, 1);
	assert_int_equal(sstats(1)->outstanding, 0);
	assert_int_equal(sstats(0)->outstanding, 1);
	/* A late answer of the first server: its request is not there any more. */
	n = make_resp(buf, &sent[0], RAD_ACCESS_ACCEPT, sconf(1)->secret,
		sconf(1)->secret_len, true);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(sstats(1)->unknown_id, 1);
	assert_int_equal(t->calls, 0);
	answer(2, RAD_ACCESS_ACCEPT);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, 0);
	assert_int_equal(t->srv, 0);
	assert_int_equal(sstats(0)->responses, 1);
	assert_int_equal(sstats(1)->responses, 0);
}

/* Answer everything sent since from, in order. */
static void
answer_all(unsigned int from)
{
	unsigned int i;

	for (i = from; i < nb_sent; i++)
		answer(i, RAD_ACCESS_ACCEPT);
}

static void
test_priority_vs_weighted(void **state)
{
	unsigned int i;

	(void)state;
	conf_init(3);
	conf.nb_sockets = 4;
	conf.servers[0].priority = 2;
	conf.servers[1].priority = 1;
	conf.servers[2].priority = 3;
	client_start();
	for (i = 0; i < 300; i++) {
		send_req(5000);
		answer_all(nb_sent - 1);
	}
	assert_int_equal(sent_to(1, 0), 300);
	assert_int_equal(sstats(1)->responses, 300);

	/* Weights 1:2:5 over 800 requests: exactly 100, 200, 500. */
	conf.balance = RAD_BALANCE_WEIGHTED;
	conf.servers[0].weight = 1;
	conf.servers[1].weight = 2;
	conf.servers[2].weight = 5;
	client_start();
	nb_sent = 0;
	nb_treq = 0;
	for (i = 0; i < 800; i++) {
		send_req(5000);
		answer_all(nb_sent - 1);
	}
	assert_int_equal(sent_to(0, 0), 100);
	assert_int_equal(sent_to(1, 0), 200);
	assert_int_equal(sent_to(2, 0), 500);
	/* Smooth: the heaviest never gets more than its share in a row. */
	for (i = 0; i + 8 <= 800; i += 8)
		assert_int_equal(sent_to(2, i) - sent_to(2, i + 8), 5);

	/* Unanswered: weights still apply to what is in flight. */
	client_start();
	nb_sent = 0;
	nb_treq = 0;
	for (i = 0; i < 160; i++)
		send_req(5000);
	assert_int_equal(sstats(0)->outstanding, 20);
	assert_int_equal(sstats(1)->outstanding, 40);
	assert_int_equal(sstats(2)->outstanding, 100);
}

static void
test_max_outstanding(void **state)
{
	unsigned int i;

	(void)state;
	conf.servers[0].max_outstanding = 4;
	client_start();
	for (i = 0; i < 10; i++)
		send_req(5000);
	assert_int_equal(nb_sent, 4);
	assert_int_equal(sstats(0)->outstanding, 4);
	assert_int_equal(rad_client_stats(cli)->queued, 6);
	answer(0, RAD_ACCESS_ACCEPT);
	assert_int_equal(nb_sent, 5);
	/* FIFO: the 5th request goes first. */
	assert_int_equal(treqs[4].builds, 1);
	assert_int_equal(treqs[5].builds, 0);
	assert_int_equal(sstats(0)->outstanding, 4);

	/* Two servers: the next one by priority takes what the first cannot. */
	conf_init(2);
	conf.servers[0].max_outstanding = 2;
	conf.servers[1].max_outstanding = 2;
	conf.servers[1].priority = 1;
	client_start();
	nb_sent = 0;
	nb_treq = 0;
	for (i = 0; i < 5; i++)
		send_req(5000);
	assert_int_equal(sent_to(0, 0), 2);
	assert_int_equal(sent_to(1, 0), 2);
	assert_int_equal(sent[0].srv, 0);
	assert_int_equal(rad_client_stats(cli)->queued, 1);
	assert_int_equal(rad_client_pending(cli), 5);
}

/*
 * A request failing over to a full server waits, without holding back a
 * new request the first server has room for; it goes before the new
 * requests when the second frees a place.
 */
static void
test_failover_waits(void **state)
{
	struct treq *a, *x, *c, *m;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 2;
	conf.servers[0].max_outstanding = 1;
	conf.servers[1].max_outstanding = 1;
	conf.servers[0].retries = 0;
	conf.servers[1].timeout_ms = 1000;
	client_start();
	a = send_req(5000);
	x = send_req(5000);
	c = send_req(5000);
	m = send_req(5000);
	assert_int_equal(sent[0].srv, 0);
	assert_int_equal(sent[1].srv, 1);
	assert_int_equal(nb_sent, 2);
	assert_int_equal(rad_client_stats(cli)->queued, 2);
	/* a leaves server 0 for server 1, full: it waits; c takes server 0. */
	run_to(now + 100);
	assert_int_equal(nb_sent, 3);
	assert_int_equal(sent[2].srv, 0);
	assert_int_equal(c->builds, 1);
	assert_int_equal(a->builds, 1);
	assert_int_equal(rad_client_stats(cli)->queued, 3);
	assert_int_equal(rad_client_pending(cli), 4);
	assert_int_equal(m->builds, 0);
	/* x answered: a, which waited before, goes to server 1; m still waits. */
	answer(1, RAD_ACCESS_ACCEPT);
	assert_int_equal(x->status, 0);
	assert_int_equal(nb_sent, 4);
	assert_int_equal(sent[3].srv, 1);
	assert_int_equal(a->builds_srv[1], 1);
	assert_int_equal(m->builds, 0);
	answer(3, RAD_ACCESS_ACCEPT);
	assert_int_equal(a->calls, 1);
	assert_int_equal(a->srv, 1);
}

static void
test_queue_full(void **state)
{
	struct rad_req *r;
	struct treq extra = { .code = RAD_ACCESS_REQUEST };
	unsigned int i;
	int err = 0;

	(void)state;
	conf.max_queue = 2;
	conf.servers[0].max_outstanding = 1;
	client_start();
	for (i = 0; i < 3; i++)
		send_req(5000);
	assert_int_equal(rad_client_stats(cli)->queued, 2);
	in_send = true;
	r = rad_client_send(cli, build_req, done_req, &extra, 5000, now, &err);
	in_send = false;
	assert_null(r);
	assert_int_equal(err, -ENOBUFS);
	assert_int_equal(rad_client_stats(cli)->queue_full, 1);
	assert_int_equal(rad_client_pending(cli), 3);
	run_to(now + 10000);
	assert_int_equal(extra.calls, 0);
	assert_int_equal(extra.builds, 0);
}

/* dead_after requests given up in a row make a server dead; an answer resets. */
static void
test_dead_marking(void **state)
{
	struct treq *t;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 4;
	conf.dead_after = 2;
	conf.dead_ms = 5000;
	conf.servers[0].retries = 0;
	conf.servers[1].retries = 0;
	client_start();
	/* One given up, then answered: the count starts again. */
	t = send_req(5000);
	run_to(now + 100);
	assert_int_equal(sent[1].srv, 1);
	answer(1, RAD_ACCESS_ACCEPT);
	assert_int_equal(t->srv, 1);
	assert_int_equal(sstats(0)->timeouts, 1);
	send_req(5000);
	answer(2, RAD_ACCESS_ACCEPT);
	assert_int_equal(sent[2].srv, 0);
	t = send_req(5000);
	run_to(now + 100);
	answer(4, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->state, RAD_SERVER_ALIVE);
	assert_int_equal(sstats(0)->dead_marked, 0);
	/* The second in a row. */
	t = send_req(5000);
	run_to(now + 100);
	assert_int_equal(sstats(0)->timeouts, 3);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	assert_int_equal(sstats(0)->dead_marked, 1);
	answer(6, RAD_ACCESS_ACCEPT);
	assert_int_equal(t->status, 0);
	/* A dead server gets no requests. */
	nb_sent = 0;
	send_req(5000);
	send_req(5000);
	assert_int_equal(sent_to(0, 0), 0);
	assert_int_equal(sent_to(1, 0), 2);
}

/* Without status_server: back after dead_ms, on probation. */
static void
test_recover_dead_ms(void **state)
{
	uint64_t t_dead;

	(void)state;
	conf_init(2);
	conf.dead_after = 2;
	conf.dead_ms = 5000;
	conf.servers[0].retries = 0;
	client_start();
	send_req(5000);
	run_to(now + 100);
	answer(1, RAD_ACCESS_ACCEPT);
	send_req(5000);
	run_to(now + 100);
	t_dead = now;
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	assert_int_equal(sent[3].srv, 1);
	answer(3, RAD_ACCESS_ACCEPT);
	run_to(t_dead + 4999);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	/* No probes without status_server. */
	assert_int_equal(nb_sent, 4);
	send_req(5000);
	assert_int_equal(sent[4].srv, 1);
	answer(4, RAD_ACCESS_ACCEPT);
	run_to(t_dead + 5000);
	assert_int_equal(sstats(0)->state, RAD_SERVER_ALIVE);
	send_req(5000);
	assert_int_equal(sent[5].srv, 0);
	/* One request lost on probation: dead again at once. */
	run_to(now + 100);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	assert_int_equal(sstats(0)->dead_marked, 2);
	answer(6, RAD_ACCESS_ACCEPT);
	/* After dead_ms again, an answer ends the probation. */
	run_to(now + 5000);
	send_req(5000);
	assert_int_equal(sent[7].srv, 0);
	answer(7, RAD_ACCESS_ACCEPT);
	send_req(5000);
	assert_int_equal(sent[8].srv, 0);
	run_to(now + 100);
	answer(9, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->state, RAD_SERVER_ALIVE);
	assert_int_equal(sstats(0)->dead_marked, 2);
	assert_int_equal(sstats(0)->timeouts, 4);
}

/* The Message-Authenticator of a request sent: HMAC-MD5 over it, MA zeroed. */
static void
check_request_ma(const struct sent *s, const struct rad_server_conf *sc)
{
	struct hmac_md5_ctx h;
	uint8_t copy[SENT_PKT_MAX], mac[16];
	struct rad_pkt p;
	const uint8_t *val;
	size_t vlen;

	assert_int_equal(rad_parse(&p, s->pkt, s->len), 0);
	assert_true(p.has_ma);
	assert_int_equal(rad_attr_find(&p, RAD_A_MESSAGE_AUTHENTICATOR, &val,
		&vlen), 0);
	assert_int_equal(vlen, 16);
	memcpy(copy, s->pkt, s->len);
	memset(copy + (val - s->pkt), 0, 16);
	hmac_md5_set_key(&h, sc->secret_len, sc->secret);
	hmac_md5_update(&h, s->len, copy);
	hmac_md5_digest(&h, 16, mac);
	assert_memory_equal(mac, val, 16);
}

/* With status_server: RFC 5997 probes every probe_ms, alive on a verified answer. */
static void
test_recover_probe(void **state)
{
	uint8_t buf[RAD_PKT_MAX];
	uint64_t t_dead;
	size_t n;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 2;
	conf.dead_after = 1;
	conf.probe_ms = 1000;
	conf.dead_ms = 100;	/* not used with status_server */
	conf.servers[0].retries = 0;
	conf.servers[0].status_server = true;
	client_start();
	send_req(5000);
	run_to(now + 100);
	t_dead = now;
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	answer(1, RAD_ACCESS_ACCEPT);
	/* The first probe at once. */
	assert_int_equal(nb_sent, 3);
	assert_int_equal(sent[2].srv, 0);
	assert_int_equal(sent[2].t, t_dead);
	assert_int_equal(sent[2].pkt[0], RAD_STATUS_SERVER);
	check_request_ma(&sent[2], sconf(0));
	assert_int_equal(sstats(0)->outstanding, 1);
	/* Unanswered: a new one (a new packet) probe_ms later, none between. */
	run_to(t_dead + 999);
	assert_int_equal(nb_sent, 3);
	run_to(t_dead + 1000);
	assert_int_equal(nb_sent, 4);
	assert_int_equal(sent[3].t, t_dead + 1000);
	assert_int_equal(sent[3].pkt[0], RAD_STATUS_SERVER);
	assert_true(sent[3].sock != sent[2].sock ||
		sent[3].pkt[1] != sent[2].pkt[1]);
	assert_int_equal(sstats(0)->outstanding, 1);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	/* Still dead past dead_ms: with probes only an answer brings it back. */
	send_req(5000);
	assert_int_equal(sent[4].srv, 1);
	/* A wrongly signed answer to the probe does not count. */
	n = make_resp(buf, &sent[3], RAD_ACCESS_ACCEPT, (const uint8_t *)"x", 1,
		true);
	deliver_from(&sent[3], buf, n);
	assert_int_equal(sstats(0)->bad_authenticator, 1);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	answer(3, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->state, RAD_SERVER_ALIVE);
	assert_int_equal(sstats(0)->outstanding, 0);
	/* Alive: requests again, no probes. */
	send_req(5000);
	assert_int_equal(sent[5].srv, 0);
	run_to(now + 50);
	assert_int_equal(nb_sent, 6);
}

/* Every server dead: the one that died first still gets new requests. */
static void
test_all_dead(void **state)
{
	struct treq *t;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 2;
	conf.dead_after = 1;
	conf.dead_ms = 1000000;
	conf.servers[0].retries = 0;
	conf.servers[1].retries = 0;
	client_start();
	t = send_req(5000);
	run_to(now + 200);
	assert_int_equal(sstats(0)->state, RAD_SERVER_DEAD);
	assert_int_equal(sstats(1)->state, RAD_SERVER_DEAD);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(nb_sent, 2);
	/* To the first to die; given up there, every candidate is tried. */
	t = send_req(5000);
	assert_int_equal(sent[2].srv, 0);
	run_to(now + 100);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(nb_sent, 3);
	assert_int_equal(rad_client_stats(cli)->no_server, 0);
	/* The group's outage ends: the first answer brings that server back. */
	t = send_req(5000);
	assert_int_equal(sent[3].srv, 0);
	answer(3, RAD_ACCESS_ACCEPT);
	assert_int_equal(t->status, 0);
	assert_int_equal(sstats(0)->state, RAD_SERVER_ALIVE);
	assert_int_equal(sstats(1)->state, RAD_SERVER_DEAD);
}

static void
test_no_server(void **state)
{
	struct treq *t;

	(void)state;
	conf_init(0);
	client_start();
	t = send_req(5000);
	/* Not from inside send (done_req asserts it), but at the next timer. */
	assert_int_equal(t->calls, 0);
	assert_int_equal(rad_client_pending(cli), 1);
	rad_client_timer(cli, now);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, -EHOSTUNREACH);
	assert_int_equal(rad_client_stats(cli)->no_server, 1);
	assert_int_equal(rad_client_pending(cli), 0);
	assert_int_equal(nb_sent, 0);
}

static void
test_build_error(void **state)
{
	struct treq *t;
	unsigned int i;
	int err;

	(void)state;
	conf.servers[0].max_outstanding = 1000;
	client_start();
	t = &treqs[nb_treq++];
	t->build_err = -ENOBUFS;
	in_send = true;
	t->h = rad_client_send(cli, build_req, done_req, t, 5000, now, &err);
	in_send = false;
	assert_non_null(t->h);
	assert_int_equal(t->builds, 1);
	assert_int_equal(t->calls, 0);
	rad_client_timer(cli, now);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, -ENOBUFS);
	assert_int_equal(nb_sent, 0);
	/* Its identifier went back: 256 more fit on the one socket. */
	for (i = 0; i < 256; i++)
		send_req(5000);
	assert_int_equal(nb_sent, 256);
	assert_int_equal(rad_client_stats(cli)->queued, 0);
}

/* ---- deadlines ---- */

static void
test_deadline(void **state)
{
	struct treq *t, *q;
	uint64_t t0;

	(void)state;
	conf.servers[0].retries = 10;
	conf.servers[0].max_outstanding = 1;
	client_start();
	t0 = now;
	t = send_req(250);
	/* Waiting for the one slot the first holds. */
	q = send_req(50);
	run_to(t0 + 1000);
	assert_int_equal(q->calls, 1);
	assert_int_equal(q->status, -ETIMEDOUT);
	assert_int_equal(q->t, t0 + 50);
	assert_int_equal(q->builds, 0);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(t->t, t0 + 250);
	assert_int_equal(nb_sent, 2);	/* 0 and 100: no third at 300 */
	/* A deadline in flight gives the server up (it had 100 ms). */
	assert_int_equal(sstats(0)->timeouts, 1);
	assert_int_equal(rad_client_stats(cli)->deadline, 2);

	/* Shorter than one timeout: the server is not blamed. */
	client_start();
	t = send_req(30);
	run_to(now + 100);
	assert_int_equal(t->status, -ETIMEDOUT);
	assert_int_equal(sstats(0)->timeouts, 0);
}

/* Many requests, random deadlines, schedules and answers: never late, once each. */
static void
test_deadline_random(void **state)
{
	unsigned int i, k, answered = 0;
	uint64_t end;

	(void)state;
	srand(7);
	conf_init(3);
	conf.nb_sockets = 2;
	conf.dead_after = 2;
	conf.dead_ms = 700;
	for (i = 0; i < 3; i++) {
		conf.servers[i].timeout_ms = 20 + (uint32_t)rand() % 200;
		conf.servers[i].retries = (uint32_t)rand() % 4;
		conf.servers[i].max_outstanding = 100;
		conf.servers[i].status_server = i == 2;
	}
	conf.probe_ms = 300;
	client_start();
	end = now + 20000;
	while (now < end) {
		/* The last ones have time to end before the checks. */
		if (nb_treq < 1000 && now + 3000 < end && rand() % 20 == 0)
			send_req(1 + (uint32_t)rand() % 3000);
		/* Answer a random earlier datagram now and then (late ones too). */
		if (nb_sent > 0 && rand() % 7 == 0) {
			k = nb_sent - 1 - (unsigned int)rand() % (nb_sent < 50 ?
				nb_sent : 50);
			if (sent[k].srv != 1)	/* server 1 never answers */
				answer(k, RAD_ACCESS_ACCEPT);
		}
		now++;
		rad_client_timer(cli, now);
	}
	for (i = 0; i < nb_treq; i++) {
		assert_int_equal(treqs[i].calls, 1);
		assert_true(treqs[i].t <= treqs[i].deadline);
		answered += treqs[i].status == 0;
	}
	/* Both ways of ending happened. */
	assert_true(answered > nb_treq / 4);
	assert_true(answered < nb_treq);
	assert_int_equal(rad_client_pending(cli), 0);
	assert_int_equal(rad_client_stats(cli)->deadline, nb_treq - answered);
	assert_true(sstats(1)->dead_marked > 0);
	/* Nothing left in flight but, maybe, a probe. */
	assert_int_equal(sstats(0)->outstanding, 0);
	assert_int_equal(sstats(1)->outstanding, 0);
	assert_true(sstats(2)->outstanding <= 1);
}

/*
 * 12000 requests in flight at once over 64 sockets: each retransmitted
 * once at its time, answered once, the retransmission's answer a
 * duplicate; the clock run 1 ms at a time (the wheel's cost per tick).
 */
static void
test_many_in_flight(void **state)
{
	const unsigned int nb = 12000;
	unsigned int i;
	uint64_t t0;

	(void)state;
	conf_init(2);
	conf.nb_sockets = 64;
	conf.balance = RAD_BALANCE_WEIGHTED;
	for (i = 0; i < 2; i++) {
		conf.servers[i].max_outstanding = nb;
		conf.servers[i].timeout_ms = 1000;
	}
	client_start();
	t0 = now;
	for (i = 0; i < nb; i++)
		send_req(60000);
	assert_int_equal(nb_sent, nb);
	assert_int_equal(sstats(0)->outstanding + sstats(1)->outstanding, nb);
	run_to(t0 + 1500);
	assert_int_equal(nb_sent, 2 * nb);
	for (i = nb; i < 2 * nb; i++)
		assert_int_equal(sent[i].t, t0 + 1000);
	for (i = 0; i < 2 * nb; i++)
		answer(i, RAD_ACCESS_ACCEPT);
	for (i = 0; i < nb; i++)
		assert_int_equal(treqs[i].status, 0);
	assert_int_equal(rad_client_pending(cli), 0);
	assert_int_equal(sstats(0)->retransmits + sstats(1)->retransmits, nb);
	assert_int_equal(sstats(0)->responses + sstats(1)->responses, nb);
	assert_int_equal(sstats(0)->unknown_id + sstats(1)->unknown_id, nb);
	run_to(t0 + 70000);
	assert_int_equal(nb_sent, 2 * nb);
}

/* ---- cancellation ---- */

static void
test_cancel(void **state)
{
	struct treq *t, *w;
	unsigned int i;

	(void)state;
	conf.servers[0].max_outstanding = 1000;
	client_start();
	for (i = 0; i < 256; i++)
		send_req(5000);
	w = send_req(5000);
	assert_int_equal(rad_client_pending(cli), 257);
	/* Cancel one in flight: no callback, its pair serves the waiting one. */
	t = &treqs[20];
	rad_req_cancel(t->h);
	assert_int_equal(rad_client_pending(cli), 256);
	assert_int_equal(sstats(0)->outstanding, 255);
	rad_client_timer(cli, now);
	assert_int_equal(nb_sent, 257);
	assert_int_equal(sent[256].pkt[1], sent[20].pkt[1]);
	assert_int_equal(w->builds, 1);
	/* The old answer meets the new request: its authenticator refuses it. */
	answer(20, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->bad_authenticator, 1);
	assert_int_equal(w->calls, 0);
	assert_int_equal(t->calls, 0);

	/* Cancel one more in flight, then its answer: unknown identifier. */
	t = &treqs[30];
	rad_req_cancel(t->h);
	answer(30, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->unknown_id, 1);

	/* Cancel a waiting one. */
	for (i = 0; i < 2; i++)
		send_req(5000);
	t = &treqs[nb_treq - 1];
	rad_req_cancel(t->h);
	assert_int_equal(rad_client_pending(cli), 256);
	run_to(now + 10000);
	assert_int_equal(t->calls, 0);
	assert_int_equal(treqs[20].calls, 0);
	assert_int_equal(treqs[30].calls, 0);
	assert_int_equal(rad_client_pending(cli), 0);

	/* Cancel one whose failure was deferred. */
	conf_init(0);
	client_start();
	t = send_req(5000);
	rad_req_cancel(t->h);
	rad_client_timer(cli, now + 1);
	assert_int_equal(t->calls, 0);
	assert_int_equal(rad_client_stats(cli)->no_server, 0);
	rad_req_cancel(NULL);
}

static void
test_cancel_in_callback(void **state)
{
	struct treq *a, *b, *c, *d;

	(void)state;
	conf.servers[0].timeout_ms = 1000;
	client_start();
	/* Same deadline: whichever ends first cancels the other. */
	a = send_req(150);
	b = send_req(150);
	a->cancel = &b->h;
	b->cancel = &a->h;
	run_to(now + 200);
	assert_int_equal(a->calls + b->calls, 1);
	assert_int_equal(rad_client_pending(cli), 0);
	assert_int_equal(sstats(0)->outstanding, 0);

	/* An answered one cancels one waiting for its deadline; and itself. */
	c = send_req(5000);
	d = send_req(5000);
	c->cancel = &d->h;
	c->cancel_self = true;
	answer(nb_sent - 2, RAD_ACCESS_ACCEPT);
	assert_int_equal(c->calls, 1);
	run_to(now + 6000);
	assert_int_equal(d->calls, 0);
	assert_int_equal(rad_client_pending(cli), 0);

	/* Deferred failures cancelling each other. */
	conf_init(0);
	client_start();
	a = send_req(100);
	b = send_req(100);
	a->cancel = &b->h;
	b->cancel = &a->h;
	rad_client_timer(cli, now);
	assert_int_equal(a->calls, 1);
	assert_int_equal(b->calls, 0);
}

/* A new request from a done callback goes out as usual. */
static void
test_send_from_callback(void **state)
{
	struct treq *a;

	(void)state;
	client_start();
	a = send_req(5000);
	a->send_another = true;
	answer(0, RAD_ACCESS_ACCEPT);
	assert_int_equal(a->calls, 1);
	assert_int_equal(nb_sent, 2);
	answer(1, RAD_ACCESS_ACCEPT);
	assert_int_equal(treqs[1].calls, 1);
	assert_int_equal(treqs[1].status, 0);
}

/* ---- answers ---- */

/* The Response Authenticator recomputed with secret over buf as it is. */
static void
resign(uint8_t *buf, size_t n, const uint8_t *req_auth, const uint8_t *secret,
	size_t secret_len)
{
	struct md5_ctx m;

	memcpy(buf + 4, req_auth, RAD_AUTH_LEN);
	md5_init(&m);
	md5_update(&m, n, buf);
	md5_update(&m, secret_len, secret);
	md5_digest(&m, RAD_AUTH_LEN, buf + 4);
}

static void
test_bad_responses(void **state)
{
	const struct rad_server_conf *sc;
	const struct rad_server_stats *st;
	uint8_t buf[RAD_PKT_MAX];
	struct treq *t;
	size_t n;

	(void)state;
	conf.nb_sockets = 2;
	client_start();
	sc = sconf(0);
	st = sstats(0);
	t = send_req(5000);
	n = make_resp(buf, &sent[0], RAD_ACCESS_ACCEPT, sc->secret,
		sc->secret_len, true);

	/* Unknown source: another address, or the right one and another port. */
	rad_client_input(cli, sent[0].sock, sc->addr + htonl(100), sc->port,
		buf, n, now);
	rad_client_input(cli, sent[0].sock, sc->addr, sc->port + 1, buf, n,
		now);
	assert_int_equal(rad_client_stats(cli)->unknown_source, 2);

	/* Unknown identifier; the right one on the other socket; a socket we lack. */
	buf[1]++;
	deliver_from(&sent[0], buf, n);
	buf[1]--;
	rad_client_input(cli, sent[0].sock ^ 1, sc->addr, sc->port, buf, n,
		now);
	rad_client_input(cli, 7, sc->addr, sc->port, buf, n, now);
	assert_int_equal(st->unknown_id, 3);

	/* Malformed: too short for a header; an attribute of length 1. */
	deliver_from(&sent[0], buf, 10);
	buf[RAD_HDR_LEN + 1] = 1;
	deliver_from(&sent[0], buf, n);
	assert_int_equal(st->malformed, 2);

	/* Signed with another secret. */
	n = make_resp(buf, &sent[0], RAD_ACCESS_ACCEPT,
		(const uint8_t *)"wrong", 5, true);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(st->bad_authenticator, 1);

	/* A right Response Authenticator over a wrong Message-Authenticator. */
	resign(buf, n, sent[0].pkt + 4, sc->secret, sc->secret_len);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(st->bad_message_authenticator, 1);
	assert_int_equal(st->bad_authenticator, 1);

	/* Right, but without the Message-Authenticator require_ma wants. */
	n = make_resp(buf, &sent[0], RAD_ACCESS_ACCEPT, sc->secret,
		sc->secret_len, false);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(st->missing_message_authenticator, 1);

	/* Through all of it the request waited. */
	assert_int_equal(t->calls, 0);
	assert_int_equal(st->responses, 0);
	assert_int_equal(st->outstanding, 1);

	/* The good one, then the same again. */
	n = make_resp(buf, &sent[0], RAD_ACCESS_CHALLENGE, sc->secret,
		sc->secret_len, true);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, 0);
	assert_int_equal(t->resp_code, RAD_ACCESS_CHALLENGE);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(st->unknown_id, 4);
	assert_int_equal(st->responses, 1);
	assert_int_equal(st->malformed, 2);
	assert_int_equal(st->bad_authenticator, 1);
	assert_int_equal(st->bad_message_authenticator, 1);
	assert_int_equal(st->missing_message_authenticator, 1);
	assert_int_equal(rad_client_stats(cli)->unknown_source, 2);

	/* Without require_ma an answer without one is good. */
	conf.servers[0].require_ma = false;
	client_start();
	nb_sent = 0;
	t = send_req(5000);
	sc = sconf(0);
	n = make_resp(buf, &sent[0], RAD_ACCESS_REJECT, sc->secret,
		sc->secret_len, false);
	deliver_from(&sent[0], buf, n);
	assert_int_equal(t->status, 0);
	assert_int_equal(t->resp_code, RAD_ACCESS_REJECT);
}

/* Accounting: the Request Authenticator is the one computed at finish. */
static void
test_accounting(void **state)
{
	struct treq *t;

	(void)state;
	conf.servers[0].port = 1813;
	client_start();
	t = &treqs[nb_treq++];
	t->code = RAD_ACCOUNTING_REQUEST;
	t->h = rad_client_send(cli, build_req, done_req, t, 5000, now, NULL);
	assert_non_null(t->h);
	assert_int_equal(sent[0].pkt[0], RAD_ACCOUNTING_REQUEST);
	answer(0, RAD_ACCOUNTING_RESPONSE);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, 0);
	assert_int_equal(t->resp_code, RAD_ACCOUNTING_RESPONSE);
}

static void
test_rtt_and_send_errors(void **state)
{
	struct treq *t;

	(void)state;
	conf.servers[0].retries = 3;
	client_start();
	send_req(5000);
	run_to(now + 40);
	answer(0, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->rtt_ms, 40);
	send_req(5000);
	run_to(now + 80);
	answer(1, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->rtt_ms, 45);	/* 40 + (80 - 40) / 8 */
	/* Answered after a retransmission: ambiguous, no sample (Karn). */
	send_req(5000);
	run_to(now + 150);
	assert_int_equal(nb_sent, 4);
	answer(3, RAD_ACCESS_ACCEPT);
	assert_int_equal(sstats(0)->rtt_ms, 45);

	/* A send that fails is counted; the request retransmits as if lost. */
	send_rc = -ENOBUFS;
	t = send_req(5000);
	assert_int_equal(sstats(0)->send_errors, 1);
	send_rc = 0;
	run_to(now + 100);
	assert_int_equal(nb_sent, 6);
	answer(5, RAD_ACCESS_ACCEPT);
	assert_int_equal(t->status, 0);
	assert_int_equal(sstats(0)->send_errors, 1);
	assert_int_equal(sstats(0)->requests, 4);
	assert_int_equal(sstats(0)->retransmits, 2);
}

static void
test_create_errors(void **state)
{
	struct rad_client *c;
	int err = 0;

	(void)state;
	conf_init(2);
	conf.servers[1] = conf.servers[0];	/* same address and port */
	c = rad_client_create(&conf, &err);
	assert_null(c);
	assert_int_equal(err, -EINVAL);
	conf_init(1);
	conf.servers[0].secret_len = 0;
	assert_null(rad_client_create(&conf, &err));
	conf_init(1);
	conf.nb_sockets = 65;
	assert_null(rad_client_create(&conf, &err));
	conf_init(1);
	conf.nb_servers = RAD_CLIENT_MAX_SERVERS + 1;
	assert_null(rad_client_create(&conf, &err));
	/* Defaults and the name. */
	conf_init(1);
	conf.servers[0].timeout_ms = 0;
	conf.servers[0].weight = 0;
	client_start();
	assert_string_equal(sconf(0)->name, "10.0.0.1:1812");
	assert_int_equal(sconf(0)->timeout_ms, 1000);
	assert_int_equal(sconf(0)->weight, 1);
	assert_int_equal(sconf(0)->max_outstanding, 256);
	assert_int_equal(rad_client_nb_servers(cli), 1);
	assert_null(rad_client_server(cli, 1));
}

/* ---- real sockets ---- */

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
udp_bound(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)sin, sizeof(*sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)sin, &len), 0);
	return fd;
}

/* Poll the client on the real clock until t answered or 3 s passed. */
static void
poll_until_done(struct treq *t, unsigned int *reads)
{
	struct timespec ms = { 0, 1000000 };
	uint64_t end = mono_ms() + 3000;

	while (t->calls == 0 && mono_ms() < end) {
		now = mono_ms();
		*reads += rad_client_poll(cli, now);
		nanosleep(&ms, NULL);
	}
}

static void
test_real_socket(void **state)
{
	struct sockaddr_in srv, from, other;
	struct pollfd pfd;
	socklen_t flen = sizeof(from);
	uint8_t req[RAD_PKT_MAX], resp[RAD_PKT_MAX];
	const uint8_t *val;
	struct rad_builder b;
	struct rad_pkt p;
	struct treq *t;
	unsigned int reads = 0, i;
	ssize_t n;
	size_t vlen;
	int sfd, ofd, len;

	(void)state;
	sfd = udp_bound(&srv);
	conf_init(1);
	conf.io = NULL;
	conf.nb_sockets = 2;
	conf.bind_addr = htonl(INADDR_LOOPBACK);
	conf.servers[0].addr = srv.sin_addr.s_addr;
	conf.servers[0].port = ntohs(srv.sin_port);
	conf.servers[0].timeout_ms = 2000;
	client_start();
	now = mono_ms();
	t = send_req(5000);

	/* The server: read the Access-Request, check it, answer it signed. */
	pfd.fd = sfd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 3000), 1);
	n = recvfrom(sfd, req, sizeof(req), 0, (struct sockaddr *)&from, &flen);
	assert_true(n >= RAD_HDR_LEN);
	assert_int_equal(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	assert_int_equal(rad_parse(&p, req, (size_t)n), 0);
	assert_int_equal(p.code, RAD_ACCESS_REQUEST);
	assert_int_equal(rad_attr_find(&p, RAD_A_USER_NAME, &val, &vlen), 0);
	assert_int_equal(vlen, 5);
	assert_memory_equal(val, "alice", 5);
	rad_build_init(&b, resp, sizeof(resp), RAD_ACCESS_ACCEPT, p.id, NULL);
	rad_put_str(&b, RAD_A_REPLY_MESSAGE, "welcome");
	rad_put_message_authenticator(&b);
	len = rad_finish_response(&b, p.auth, conf.servers[0].secret,
		conf.servers[0].secret_len);
	assert_true(len > RAD_HDR_LEN);

	/* First a stranger writes to the client's port: counted, ignored. */
	ofd = udp_bound(&other);
	assert_int_equal(sendto(ofd, resp, (size_t)len, 0,
		(struct sockaddr *)&from, sizeof(from)), len);
	assert_int_equal(sendto(sfd, resp, (size_t)len, 0,
		(struct sockaddr *)&from, sizeof(from)), len);
	poll_until_done(t, &reads);
	assert_int_equal(t->calls, 1);
	assert_int_equal(t->status, 0);
	assert_int_equal(t->resp_code, RAD_ACCESS_ACCEPT);
	assert_int_equal(reads, 2);
	assert_int_equal(rad_client_stats(cli)->unknown_source, 1);
	assert_int_equal(sstats(0)->responses, 1);

	/* A burst on one socket is read RAD_SOCK_READ_BUDGET (64) per poll. */
	for (i = 0; i < 100; i++)
		assert_int_equal(sendto(ofd, resp, RAD_HDR_LEN, 0,
			(struct sockaddr *)&from, sizeof(from)), RAD_HDR_LEN);
	assert_int_equal(poll(&(struct pollfd){ .fd = sfd }, 1, 50), 0);
	assert_int_equal(rad_client_poll(cli, mono_ms()), 64);
	assert_int_equal(rad_client_poll(cli, mono_ms()), 36);
	assert_int_equal(rad_client_poll(cli, mono_ms()), 0);
	assert_int_equal(rad_client_stats(cli)->unknown_source, 101);
	close(ofd);
	close(sfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_ids_reuse),
		T(test_retransmit_backoff),
		T(test_long_timers),
		T(test_failover),
		T(test_priority_vs_weighted),
		T(test_max_outstanding),
		T(test_failover_waits),
		T(test_queue_full),
		T(test_dead_marking),
		T(test_recover_dead_ms),
		T(test_recover_probe),
		T(test_all_dead),
		T(test_no_server),
		T(test_build_error),
		T(test_deadline),
		T(test_deadline_random),
		T(test_many_in_flight),
		T(test_cancel),
		T(test_cancel_in_callback),
		T(test_send_from_callback),
		T(test_bad_responses),
		T(test_accounting),
		T(test_rtt_and_send_errors),
		T(test_create_errors),
		T(test_real_socket),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
