/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Non-blocking RADIUS client: the request scheduler (see rad_client.h).
 *
 * A request is in one of these places:
 *  - in flight: it holds a (socket, identifier) slot, c->slot_req[slot]
 *    points to it, and its timer is armed at its next retransmission or
 *    its deadline, whichever is first;
 *  - queued: waiting for a slot or for room on a server, its timer armed
 *    at its deadline: a new request in c->queue (FIFO, max_queue long),
 *    one that failed over in c->requeue (FIFO, served first: it has
 *    waited already; at most one per slot, so not counted in max_queue);
 *  - failed: on c->failed, its done callback deferred to the end of the
 *    next rad_client_timer() or rad_client_input() (a failure found
 *    inside rad_client_send, which never calls done).
 * Slots are handed out from a FIFO ring of free slots, so an identifier
 * freed last is reused last: a late answer to a request given up is the
 * least likely to meet a new request on the same identifier (and when it
 * does, the new request's authenticator refuses it).
 *
 * Timers: one per request, on a hashed wheel of 1 ms ticks (rad_timer_priv.h).
 * Servers' own timers (probes, dead_ms) are checked by a scan of the at
 * most RAD_CLIENT_MAX_SERVERS servers at each rad_client_timer().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <sys/random.h>

#include "rad_client.h"
#include "rad_client_sock_priv.h"
#include "rad_list_priv.h"
#include "rad_timer_priv.h"

#define RAD_IDS_PER_SOCK	256u
#define RAD_MAX_SOCKETS		64u
#define RAD_BACKOFF_MAX		8u	/* the interval stops doubling at 8 x timeout */
#define RAD_SLOT_NONE		UINT32_MAX
/* Request Authenticators are drawn from a pool: one getrandom() per 16. */
#define RAD_RANDOM_POOL		256u

/* Sanity bounds, so that no schedule or deadline can overflow. */
#define RAD_TIMEOUT_MAX_MS	3600000u
#define RAD_RETRIES_MAX		1000u

#define DEF_TIMEOUT_MS		1000u
#define DEF_MAX_OUTSTANDING	256u
#define DEF_NB_SOCKETS		4u
#define DEF_MAX_QUEUE		65536u
#define DEF_DEAD_AFTER		3u
#define DEF_DEAD_MS		30000u
#define DEF_PROBE_MS		10000u

enum req_state {
	REQ_DETACHED = 0,	/* on no list, no slot (being created or moved) */
	REQ_QUEUED,		/* in c->queue */
	REQ_REQUEUED,		/* in c->requeue */
	REQ_INFLIGHT,
	REQ_FAILED,		/* done deferred, status in r->status */
	REQ_DONE,		/* its done callback is running */
};

struct rad_server {
	struct rad_client *c;
	unsigned int idx;
	struct rad_server_conf conf;	/* defaults applied */
	struct rad_server_stats stats;
	uint32_t fails;		/* requests given up in a row without an answer */
	uint64_t dead_since;
	uint64_t next_probe;	/* DEAD with status_server: next Status-Server */
	struct rad_req *probe;	/* the Status-Server in flight */
	int64_t swrr;		/* smooth weighted round robin: current weight */
	uint32_t srtt_x8;	/* smoothed RTT in ms, times 8 */
	bool rtt_valid;
};

struct rad_req {
	struct rad_client *c;
	struct rad_link link;	/* c->queue, c->requeue or c->failed */
	struct rad_timer timer;
	rad_build_cb build;
	rad_done_cb done;
	void *arg;
	uint64_t deadline;
	uint64_t first_tx;	/* first transmission to the current server */
	uint64_t next_tx;	/* next retransmission, or giving up this server */
	uint64_t rto;		/* the interval after the last transmission */
	uint32_t tx;		/* transmissions to the current server */
	uint32_t slot;		/* sock * 256 + id, or RAD_SLOT_NONE */
	uint32_t tried;		/* servers this request was sent to (bit mask) */
	int srv;		/* the current server's index, -1: none */
	int status;		/* REQ_FAILED: the status done will get */
	enum req_state state;
	bool probe;		/* a Status-Server of our own: arg is its server */
	uint16_t pkt_len;
	uint16_t pkt_cap;
	uint8_t *pkt;		/* the octets, kept for retransmission */
	uint8_t req_auth[RAD_AUTH_LEN];
};

struct rad_client {
	struct rad_client_conf conf;	/* defaults applied */
	struct rad_server srv[RAD_CLIENT_MAX_SERVERS];
	unsigned int nb_servers;
	unsigned int nb_sockets;
	int fds[RAD_MAX_SOCKETS];
	struct rad_io io;
	bool use_io;
	struct rad_client_stats stats;
	uint64_t default_max_ms;
	/* (socket, identifier) slots: owner by slot, and a FIFO ring of free ones. */
	struct rad_req **slot_req;
	uint32_t *free_ring;
	uint32_t nb_slots;
	uint32_t free_head;
	uint32_t free_count;
	struct rad_link queue;
	uint32_t nb_queued;
	struct rad_link requeue;
	struct rad_link failed;
	uint32_t nb_reqs;	/* the callers' requests not done nor cancelled */
	size_t rnd_pos;
	uint8_t rnd[RAD_RANDOM_POOL];
	uint8_t txbuf[RAD_PKT_MAX];	/* build callbacks write here */
	uint8_t rxbuf[RAD_PKT_MAX];	/* the sockets read here */
	struct rad_wheel wheel;
};

/* ---- slots ----------------------------------------------------------- */

static inline unsigned int
slot_sock(uint32_t slot)
{
	return slot / RAD_IDS_PER_SOCK;
}

static inline uint8_t
slot_id(uint32_t slot)
{
	return (uint8_t)(slot % RAD_IDS_PER_SOCK);
}

static uint32_t
slot_take(struct rad_client *c)
{
	uint32_t slot;

	if (c->free_count == 0)
		return RAD_SLOT_NONE;
	slot = c->free_ring[c->free_head];
	c->free_head = (c->free_head + 1) % c->nb_slots;
	c->free_count--;
	return slot;
}

static void
slot_put(struct rad_client *c, uint32_t slot)
{
	c->free_ring[(c->free_head + c->free_count) % c->nb_slots] = slot;
	c->free_count++;
}

/* ---- randomness --------------------------------------------------------- */

static int
random_auth(struct rad_client *c, uint8_t out[RAD_AUTH_LEN])
{
	ssize_t n;

	if (c->rnd_pos + RAD_AUTH_LEN > sizeof(c->rnd)) {
		/*
		 * Up to 256 octets, getrandom() returns them all once the
		 * kernel's pool is initialised; GRND_NONBLOCK keeps an early
		 * boot from blocking the loop (the request fails instead).
		 */
		do {
			n = getrandom(c->rnd, sizeof(c->rnd), GRND_NONBLOCK);
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			return -errno;
		if ((size_t)n != sizeof(c->rnd))
			return -EAGAIN;
		c->rnd_pos = 0;
	}
	memcpy(out, c->rnd + c->rnd_pos, RAD_AUTH_LEN);
	/* Used octets are not left behind for anyone reading memory later. */
	memset(c->rnd + c->rnd_pos, 0, RAD_AUTH_LEN);
	c->rnd_pos += RAD_AUTH_LEN;
	return 0;
}

/* ---- servers ------------------------------------------------------------ */

static struct rad_server *
server_by_addr(struct rad_client *c, uint32_t addr, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < c->nb_servers; i++)
		if (c->srv[i].conf.addr == addr && c->srv[i].conf.port == port)
			return &c->srv[i];
	return NULL;
}

static void
server_mark_dead(struct rad_client *c, struct rad_server *s, uint64_t now)
{
	s->stats.state = RAD_SERVER_DEAD;
	s->stats.dead_marked++;
	s->dead_since = now;
	/*
	 * The first probe goes at once: the requests that killed the server
	 * were sent up to a whole retransmission schedule ago, it may be
	 * back already, and one Status-Server costs little.
	 */
	s->next_probe = now;
}

/* A request got no answer from s in all the time it was given. */
static void
server_gave_up(struct rad_client *c, struct rad_server *s, uint64_t now)
{
	s->stats.timeouts++;
	s->fails++;
	if (s->stats.state == RAD_SERVER_ALIVE &&
	    s->fails >= c->conf.dead_after)
		server_mark_dead(c, s, now);
}

/* A verified answer: whatever it answers, the server is there. */
static void
server_answered(struct rad_server *s, uint32_t rtt_ms, bool rtt_sample)
{
	s->fails = 0;
	s->stats.state = RAD_SERVER_ALIVE;
	s->stats.responses++;
	if (!rtt_sample)
		return;
	/* RFC 6298's SRTT gain of 1/8, in ms. */
	if (!s->rtt_valid) {
		s->srtt_x8 = rtt_ms * 8;
		s->rtt_valid = true;
	} else {
		s->srtt_x8 = s->srtt_x8 - s->srtt_x8 / 8 + rtt_ms;
	}
	s->stats.rtt_ms = s->srtt_x8 / 8;
}

/*
 * The server for r: among the live servers r was not sent to yet, the
 * first by priority (RAD_BALANCE_PRIORITY) or by smooth weighted round
 * robin (RAD_BALANCE_WEIGHTED), skipping the ones at max_outstanding: a
 * server's limit protects that server, and the next one is better than a
 * wait. NULL when there is none: *full tells whether candidates exist but
 * are all at their limit (r waits) or r has tried every one (r is done).
 *
 * When no server at all is alive, the candidate is the one that died
 * first: requests keep flowing to one server, so the end of an outage of
 * the whole group is noticed by the first answer (a probe needs
 * status_server, and dead_ms can be long), and that server is the one
 * whose outage is the oldest, so the likeliest to be back. -EHOSTUNREACH
 * is then left for a client without servers.
 */
static struct rad_server *
select_server(struct rad_client *c, const struct rad_req *r, bool *full)
{
	struct rad_server *s, *best = NULL, *oldest = NULL;
	uint32_t cand = 0, room = 0;
	int64_t total = 0;
	unsigned int i;

	for (i = 0; i < c->nb_servers; i++) {
		s = &c->srv[i];
		if (s->stats.state == RAD_SERVER_ALIVE)
			cand |= 1u << i;
		else if (oldest == NULL || s->dead_since < oldest->dead_since)
			oldest = s;
	}
	if (cand == 0 && oldest != NULL)
		cand = 1u << oldest->idx;
	cand &= ~r->tried;
	for (i = 0; i < c->nb_servers; i++)
		if ((cand & (1u << i)) &&
		    c->srv[i].stats.outstanding < c->srv[i].conf.max_outstanding)
			room |= 1u << i;
	*full = cand != 0;
	if (room == 0)
		return NULL;
	for (i = 0; i < c->nb_servers; i++) {
		if (!(room & (1u << i)))
			continue;
		s = &c->srv[i];
		if (c->conf.balance == RAD_BALANCE_WEIGHTED) {
			s->swrr += s->conf.weight;
			total += s->conf.weight;
			if (best == NULL || s->swrr > best->swrr)
				best = s;
		} else if (best == NULL || s->conf.priority < best->conf.priority) {
			best = s;	/* ties: the first configured */
		}
	}
	if (c->conf.balance == RAD_BALANCE_WEIGHTED)
		best->swrr -= total;
	return best;
}

/* ---- requests ----------------------------------------------------------- */

static struct rad_req *
req_new(struct rad_client *c, rad_build_cb build, rad_done_cb done,
	void *arg)
{
	struct rad_req *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->c = c;
	rad_list_init(&r->link);
	rad_timer_init(&r->timer);
	r->build = build;
	r->done = done;
	r->arg = arg;
	r->slot = RAD_SLOT_NONE;
	r->srv = -1;
	r->state = REQ_DETACHED;
	return r;
}

static void
req_free(struct rad_req *r)
{
	free(r->pkt);
	free(r);
}

/* Take r off its slot, list and timer (it is then REQ_DETACHED). */
static void
req_detach(struct rad_client *c, struct rad_req *r)
{
	rad_timer_stop(&r->timer);
	rad_list_del(&r->link);
	if (r->state == REQ_QUEUED)
		c->nb_queued--;
	if (r->slot != RAD_SLOT_NONE) {
		c->slot_req[r->slot] = NULL;
		slot_put(c, r->slot);
		c->srv[r->srv].stats.outstanding--;
		r->slot = RAD_SLOT_NONE;
	}
	r->state = REQ_DETACHED;
}

static void
req_arm(struct rad_client *c, struct rad_req *r)
{
	uint64_t t = r->deadline;

	if (r->state == REQ_INFLIGHT && r->next_tx < t)
		t = r->next_tx;
	rad_timer_arm(&c->wheel, &r->timer, t);
}

/* r waits: a new request in c->queue, one failing over in c->requeue. */
static void
req_enqueue(struct rad_client *c, struct rad_req *r)
{
	if (r->tried != 0) {
		rad_list_push_tail(&c->requeue, &r->link);
		r->state = REQ_REQUEUED;
	} else {
		rad_list_push_tail(&c->queue, &r->link);
		r->state = REQ_QUEUED;
		c->nb_queued++;
	}
	c->stats.queued++;
	req_arm(c, r);
}

/* A failure to report later, from rad_client_timer (never from send). */
static void
req_defer_fail(struct rad_client *c, struct rad_req *r, int status)
{
	req_detach(c, r);
	r->status = status;
	r->state = REQ_FAILED;
	rad_list_push_tail(&c->failed, &r->link);
}

static void probe_end(struct rad_req *r);

/* The end of r: detached, then its callback, then freed. */
static void
req_finish(struct rad_client *c, struct rad_req *r, int status,
	const struct rad_pkt *resp, const struct rad_server *s)
{
	req_detach(c, r);
	r->state = REQ_DONE;
	if (r->probe) {
		probe_end(r);
		req_free(r);
		return;
	}
	c->nb_reqs--;
	if (status == -ETIMEDOUT)
		c->stats.deadline++;
	else if (status == -EHOSTUNREACH)
		c->stats.no_server++;
	r->done(r->arg, status, resp, s);
	req_free(r);
}

static void
req_xmit(struct rad_client *c, struct rad_req *r, struct rad_server *s)
{
	unsigned int sock = slot_sock(r->slot);
	int rc;

	if (c->use_io)
		rc = c->io.send(c->io.ctx, sock, s, r->pkt, r->pkt_len);
	else
		rc = rad_client_sock_send(c->fds[sock], s->conf.addr,
			s->conf.port, r->pkt, r->pkt_len);
	/* A datagram not sent is a datagram lost: the retransmissions go on. */
	if (rc < 0)
		s->stats.send_errors++;
}

/* Build r's packet for s with the identifier of slot. */
static int
req_build(struct rad_client *c, struct rad_req *r, struct rad_server *s,
	uint32_t slot)
{
	uint8_t auth[RAD_AUTH_LEN];
	uint8_t *p;
	int n;

	n = random_auth(c, auth);
	if (n < 0)
		return n;
	n = r->build(r->arg, s, slot_id(slot), auth, c->txbuf,
		sizeof(c->txbuf));
	if (n < 0)
		return n;
	/* The packet must be one we can match an answer to. */
	if (n < RAD_HDR_LEN || (size_t)n > sizeof(c->txbuf) ||
	    c->txbuf[1] != slot_id(slot))
		return -EINVAL;
	if (n > r->pkt_cap) {
		p = realloc(r->pkt, (size_t)n);
		if (p == NULL)
			return -ENOMEM;
		r->pkt = p;
		r->pkt_cap = (uint16_t)n;
	}
	memcpy(r->pkt, c->txbuf, (size_t)n);
	r->pkt_len = (uint16_t)n;
	/*
	 * Accounting-Request and the like compute theirs at finish: the
	 * authenticator answers are checked against is the one sent.
	 */
	memcpy(r->req_auth, r->pkt + 4, RAD_AUTH_LEN);
	return 0;
}

/*
 * Build r for s on a free slot and send it: 0, -EAGAIN (no slot) or the
 * build's error.
 */
static int
req_launch(struct rad_client *c, struct rad_req *r, struct rad_server *s,
	uint64_t now)
{
	uint32_t slot = slot_take(c);
	int rc;

	if (slot == RAD_SLOT_NONE)
		return -EAGAIN;
	rc = req_build(c, r, s, slot);
	if (rc < 0) {
		slot_put(c, slot);
		return rc;
	}
	r->slot = slot;
	c->slot_req[slot] = r;
	r->srv = (int)s->idx;
	r->tried |= 1u << s->idx;
	r->state = REQ_INFLIGHT;
	r->tx = 1;
	r->first_tx = now;
	r->rto = s->conf.timeout_ms;
	/* A probe is sent once; it lives until its deadline. */
	r->next_tx = r->probe ? r->deadline : now + r->rto;
	s->stats.outstanding++;
	s->stats.requests++;
	req_xmit(c, r, s);
	req_arm(c, r);
	return 0;
}

/*
 * Send r (detached or queued) to its next server. 0: in flight; -EAGAIN:
 * it must wait, left where it was (no slot, or every candidate at its
 * limit); -ETIMEDOUT: every server was tried; else the build's error.
 */
static int
req_start(struct rad_client *c, struct rad_req *r, uint64_t now)
{
	struct rad_server *s;
	bool full;

	if (c->free_count == 0)
		return -EAGAIN;
	s = select_server(c, r, &full);
	if (s == NULL)
		return full ? -EAGAIN : -ETIMEDOUT;
	req_detach(c, r);	/* off the queue if it waited */
	return req_launch(c, r, s, now);
}

/* Give r's current server up and go on to the next one. */
static void
req_failover(struct rad_client *c, struct rad_req *r, struct rad_server *s,
	uint64_t now)
{
	int rc;

	server_gave_up(c, s, now);
	req_detach(c, r);
	rc = req_start(c, r, now);
	if (rc == -EAGAIN)
		req_enqueue(c, r);
	else if (rc < 0)
		req_finish(c, r, rc, NULL, NULL);
}

/* r's timer fired: its deadline, a retransmission, or the end of a server. */
static void
req_expire(struct rad_client *c, struct rad_req *r, uint64_t now)
{
	struct rad_server *s;

	if (now >= r->deadline) {
		/*
		 * In flight, the deadline gives the server up only if it had
		 * one timeout's time to answer: a short max_ms must not
		 * make a slow but healthy server dead.
		 */
		if (r->state == REQ_INFLIGHT && !r->probe) {
			s = &c->srv[r->srv];
			if (now - r->first_tx >= s->conf.timeout_ms)
				server_gave_up(c, s, now);
		}
		req_finish(c, r, -ETIMEDOUT, NULL, NULL);
		return;
	}
	if (r->state != REQ_INFLIGHT || now < r->next_tx) {
		req_arm(c, r);
		return;
	}
	s = &c->srv[r->srv];
	if (r->tx > s->conf.retries) {
		req_failover(c, r, s, now);
		return;
	}
	/* The same octets to the same server, after a doubled interval. */
	r->tx++;
	s->stats.retransmits++;
	r->rto = r->rto * 2 < (uint64_t)s->conf.timeout_ms * RAD_BACKOFF_MAX ?
		r->rto * 2 : (uint64_t)s->conf.timeout_ms * RAD_BACKOFF_MAX;
	r->next_tx = now + r->rto;
	req_xmit(c, r, s);
	req_arm(c, r);
}

/* ---- Status-Server probes (RFC 5997) ------------------------------------ */

static int
probe_build(void *arg, const struct rad_server *srv, uint8_t id,
	const uint8_t auth[RAD_AUTH_LEN], uint8_t *buf, size_t cap)
{
	struct rad_builder b;

	(void)arg;
	/* RFC 5997 §3: a Status-Server carries a Message-Authenticator. */
	rad_build_init(&b, buf, cap, RAD_STATUS_SERVER, id, auth);
	rad_put_message_authenticator(&b);
	return rad_finish_request(&b, srv->conf.secret, srv->conf.secret_len);
}

static void
probe_end(struct rad_req *r)
{
	struct rad_server *s = r->arg;

	s->probe = NULL;
}

/*
 * One Status-Server to the dead server s. RFC 5997 §4.1: never
 * retransmitted; unanswered after probe_ms, the next one is a new packet.
 */
static void
probe_send(struct rad_client *c, struct rad_server *s, uint64_t now)
{
	struct rad_req *r;

	if (c->free_count == 0)
		return;		/* no slot: try again at the next tick */
	s->next_probe = now + c->conf.probe_ms;
	r = req_new(c, probe_build, NULL, s);
	if (r == NULL)
		return;
	r->probe = true;
	r->deadline = now + c->conf.probe_ms;
	if (req_launch(c, r, s, now) < 0) {
		req_free(r);
		return;
	}
	s->probe = r;
}

static void
servers_tick(struct rad_client *c, uint64_t now)
{
	struct rad_server *s;
	unsigned int i;

	for (i = 0; i < c->nb_servers; i++) {
		s = &c->srv[i];
		if (s->stats.state != RAD_SERVER_DEAD)
			continue;
		if (s->conf.status_server) {
			if (s->probe == NULL && now >= s->next_probe)
				probe_send(c, s, now);
		} else if (now - s->dead_since >= c->conf.dead_ms) {
			/*
			 * Without probes, real requests find out: the server
			 * is alive again on probation, one more request given
			 * up makes it dead for another dead_ms.
			 */
			s->stats.state = RAD_SERVER_ALIVE;
			s->fails = c->conf.dead_after - 1;
		}
	}
}

/* ---- the loop ------------------------------------------------------------ */

/*
 * Start the requests of one wait list in order while they can go. The
 * head waiting for room on its servers holds the others back (FIFO):
 * scanning past it would cost O(queue) each time a slot frees. New
 * requests all have the same candidates, so in c->queue that costs
 * nothing; in c->requeue the requests failing over differ by the servers
 * they tried, and keeping them apart is what lets a failover waiting for
 * a full backup server not hold back new requests to the primary.
 */
static void
dispatch_list(struct rad_client *c, struct rad_link *list, uint64_t now)
{
	struct rad_link *e;
	struct rad_req *r;
	int rc;

	while ((e = rad_list_first(list)) != NULL) {
		r = rad_container_of(e, struct rad_req, link);
		rc = req_start(c, r, now);
		if (rc == -EAGAIN)
			return;
		if (rc < 0)
			req_defer_fail(c, r, rc);
	}
}

static void
dispatch(struct rad_client *c, uint64_t now)
{
	dispatch_list(c, &c->requeue, now);
	dispatch_list(c, &c->queue, now);
}

static void
flush_failed(struct rad_client *c)
{
	struct rad_link *e;
	struct rad_req *r;

	/* A callback may add to the list or cancel on it: the head each time. */
	while ((e = rad_list_first(&c->failed)) != NULL) {
		r = rad_container_of(e, struct rad_req, link);
		req_finish(c, r, r->status, NULL, NULL);
	}
}

static void
run_timers(struct rad_client *c, uint64_t now)
{
	struct rad_link due, *e;
	struct rad_req *r;

	rad_list_init(&due);
	rad_wheel_advance(&c->wheel, now, &due);
	/* A callback may cancel a request still on due: it unlinks itself. */
	while ((e = rad_list_first(&due)) != NULL) {
		rad_list_del(e);
		r = rad_container_of(e, struct rad_req, timer.link);
		req_expire(c, r, now);
	}
}

void
rad_client_timer(struct rad_client *c, uint64_t now_ms)
{
	run_timers(c, now_ms);
	servers_tick(c, now_ms);
	dispatch(c, now_ms);
	flush_failed(c);
}

void
rad_client_input(struct rad_client *c, unsigned int sock, uint32_t src_addr,
	uint16_t src_port, const uint8_t *buf, size_t len, uint64_t now_ms)
{
	struct rad_server *s;
	struct rad_req *r;
	struct rad_pkt pkt;
	int rc;

	s = server_by_addr(c, src_addr, src_port);
	if (s == NULL) {
		c->stats.unknown_source++;
		return;
	}
	/* The identifier is read only once the header is known to be there. */
	if (len < RAD_HDR_LEN) {
		s->stats.malformed++;
		return;
	}
	r = sock < c->nb_sockets ?
		c->slot_req[sock * RAD_IDS_PER_SOCK + buf[1]] : NULL;
	if (r == NULL || r->srv != (int)s->idx) {
		s->stats.unknown_id++;
		return;
	}
	if (rad_parse(&pkt, buf, len) < 0) {
		s->stats.malformed++;
		return;
	}
	rc = rad_verify_response(&pkt, r->req_auth, s->conf.secret,
		s->conf.secret_len, s->conf.require_ma);
	if (rc == -EPERM) {
		s->stats.bad_message_authenticator++;
		return;
	}
	if (rc == -ENOMSG) {
		s->stats.missing_message_authenticator++;
		return;
	}
	if (rc < 0) {
		s->stats.bad_authenticator++;
		return;
	}
	/* Karn: a retransmitted request's answer says nothing of the RTT. */
	server_answered(s, (uint32_t)(now_ms - r->first_tx), r->tx == 1);
	req_finish(c, r, 0, &pkt, s);
	dispatch(c, now_ms);
	flush_failed(c);
}

struct poll_ctx {
	struct rad_client *c;
	unsigned int sock;
	uint64_t now;
};

static void
poll_rx(void *arg, uint32_t addr, uint16_t port, const uint8_t *buf,
	size_t len)
{
	struct poll_ctx *p = arg;

	rad_client_input(p->c, p->sock, addr, port, buf, len, p->now);
}

unsigned int
rad_client_poll(struct rad_client *c, uint64_t now_ms)
{
	struct poll_ctx p = { .c = c, .now = now_ms };
	unsigned int got = 0;

	if (!c->use_io) {
		for (p.sock = 0; p.sock < c->nb_sockets; p.sock++)
			got += rad_client_sock_read(c->fds[p.sock], c->rxbuf,
				sizeof(c->rxbuf), RAD_SOCK_READ_BUDGET,
				poll_rx, &p);
	}
	rad_client_timer(c, now_ms);
	return got;
}

/* ---- the API ------------------------------------------------------------ */

struct rad_req *
rad_client_send(struct rad_client *c, rad_build_cb build, rad_done_cb done,
	void *arg, uint32_t max_ms, uint64_t now_ms, int *err)
{
	struct rad_req *r;
	int dummy, rc;

	if (err == NULL)
		err = &dummy;
	if (c == NULL || build == NULL || done == NULL) {
		*err = -EINVAL;
		return NULL;
	}
	/* An empty queue always has room: only a waiting line can be full. */
	if (!rad_list_empty(&c->queue) && c->nb_queued >= c->conf.max_queue) {
		c->stats.queue_full++;
		*err = -ENOBUFS;
		return NULL;
	}
	r = req_new(c, build, done, arg);
	if (r == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = 0;
	c->nb_reqs++;
	r->deadline = now_ms + (max_ms != 0 ? max_ms : c->default_max_ms);
	if (c->nb_servers == 0) {
		req_defer_fail(c, r, -EHOSTUNREACH);
		return r;
	}
	/* Behind requests already waiting, in order. */
	if (rad_list_empty(&c->queue)) {
		rc = req_start(c, r, now_ms);
		if (rc == 0)
			return r;
		if (rc != -EAGAIN) {
			req_defer_fail(c, r, rc);
			return r;
		}
	}
	req_enqueue(c, r);
	return r;
}

void
rad_req_cancel(struct rad_req *r)
{
	struct rad_client *c;

	/* Inside its own done callback it is being finished already. */
	if (r == NULL || r->state == REQ_DONE)
		return;
	c = r->c;
	c->nb_reqs--;
	/* A slot freed here serves the queue at the next rad_client_timer(). */
	req_detach(c, r);
	req_free(r);
}

/* The time every server gets with its whole retransmission schedule. */
static uint64_t
schedule_ms(const struct rad_server_conf *sc)
{
	uint64_t t = sc->timeout_ms, sum = 0;
	uint32_t k;

	/* Intervals T, 2T, 4T, then 8T for every further one. */
	for (k = 0; k <= sc->retries && k < 3; k++)
		sum += t << k;
	if (sc->retries >= 3)
		sum += (uint64_t)(sc->retries - 2) * t * RAD_BACKOFF_MAX;
	return sum;
}

static int
server_init(struct rad_client *c, unsigned int i,
	const struct rad_server_conf *sc)
{
	struct rad_server *s = &c->srv[i];
	char a[INET_ADDRSTRLEN];
	unsigned int j;

	if (sc->secret_len == 0 || sc->secret_len > RAD_SECRET_MAX ||
	    sc->port == 0 || sc->addr == 0 ||
	    sc->timeout_ms > RAD_TIMEOUT_MAX_MS || sc->retries > RAD_RETRIES_MAX)
		return -EINVAL;
	/* Answers are told apart by source: one server per address and port. */
	for (j = 0; j < i; j++)
		if (c->srv[j].conf.addr == sc->addr &&
		    c->srv[j].conf.port == sc->port)
			return -EINVAL;
	s->c = c;
	s->idx = i;
	s->conf = *sc;
	s->conf.name[sizeof(s->conf.name) - 1] = '\0';
	if (s->conf.name[0] == '\0') {
		inet_ntop(AF_INET, &sc->addr, a, sizeof(a));
		snprintf(s->conf.name, sizeof(s->conf.name), "%s:%u", a,
			sc->port);
	}
	if (s->conf.weight == 0)
		s->conf.weight = 1;
	if (s->conf.timeout_ms == 0)
		s->conf.timeout_ms = DEF_TIMEOUT_MS;
	if (s->conf.max_outstanding == 0)
		s->conf.max_outstanding = DEF_MAX_OUTSTANDING;
	s->stats.state = RAD_SERVER_ALIVE;
	return 0;
}

static uint32_t
or_default(uint32_t v, uint32_t def)
{
	return v != 0 ? v : def;
}

struct rad_client *
rad_client_create(const struct rad_client_conf *conf, int *err)
{
	struct rad_client *c;
	unsigned int i;
	int dummy, rc = -EINVAL;

	if (err == NULL)
		err = &dummy;
	if (conf == NULL || conf->nb_servers > RAD_CLIENT_MAX_SERVERS ||
	    conf->nb_sockets > RAD_MAX_SOCKETS ||
	    (conf->io != NULL && conf->io->send == NULL) ||
	    (conf->balance != RAD_BALANCE_PRIORITY &&
	     conf->balance != RAD_BALANCE_WEIGHTED)) {
		*err = -EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	c->conf = *conf;
	c->conf.nb_sockets = or_default(conf->nb_sockets, DEF_NB_SOCKETS);
	c->conf.max_queue = or_default(conf->max_queue, DEF_MAX_QUEUE);
	c->conf.dead_after = or_default(conf->dead_after, DEF_DEAD_AFTER);
	c->conf.dead_ms = or_default(conf->dead_ms, DEF_DEAD_MS);
	c->conf.probe_ms = or_default(conf->probe_ms, DEF_PROBE_MS);
	c->nb_sockets = c->conf.nb_sockets;
	for (i = 0; i < RAD_MAX_SOCKETS; i++)
		c->fds[i] = -1;
	rad_list_init(&c->queue);
	rad_list_init(&c->requeue);
	rad_list_init(&c->failed);
	rad_wheel_init(&c->wheel, 0);
	c->rnd_pos = sizeof(c->rnd);	/* empty: filled at the first request */

	for (i = 0; i < conf->nb_servers; i++) {
		rc = server_init(c, i, &conf->servers[i]);
		if (rc < 0)
			goto fail;
		c->nb_servers++;
		c->default_max_ms += schedule_ms(&c->srv[i].conf);
	}
	/* Without servers requests fail at once anyway. */
	if (c->default_max_ms == 0)
		c->default_max_ms = 1;

	c->nb_slots = c->nb_sockets * RAD_IDS_PER_SOCK;
	c->slot_req = calloc(c->nb_slots, sizeof(*c->slot_req));
	c->free_ring = calloc(c->nb_slots, sizeof(*c->free_ring));
	if (c->slot_req == NULL || c->free_ring == NULL) {
		rc = -ENOMEM;
		goto fail;
	}
	/* Consecutive requests go out on different sockets. */
	for (i = 0; i < c->nb_slots; i++)
		c->free_ring[i] = (i % c->nb_sockets) * RAD_IDS_PER_SOCK +
			i / c->nb_sockets;
	c->free_count = c->nb_slots;

	if (conf->io != NULL) {
		c->io = *conf->io;
		c->use_io = true;
		c->conf.io = &c->io;
	} else {
		rc = rad_client_sock_open(c->fds, c->nb_sockets,
			conf->bind_addr);
		if (rc < 0)
			goto fail;
	}
	*err = 0;
	return c;
fail:
	free(c->slot_req);
	free(c->free_ring);
	free(c);
	*err = rc;
	return NULL;
}

static void
free_list(struct rad_client *c, struct rad_link *head)
{
	struct rad_link *e;
	struct rad_req *r;

	while ((e = rad_list_first(head)) != NULL) {
		r = rad_container_of(e, struct rad_req, link);
		req_detach(c, r);
		req_free(r);
	}
}

void
rad_client_free(struct rad_client *c)
{
	struct rad_req *r;
	uint32_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nb_slots; i++) {
		r = c->slot_req[i];
		if (r != NULL) {
			req_detach(c, r);
			req_free(r);
		}
	}
	free_list(c, &c->queue);
	free_list(c, &c->requeue);
	free_list(c, &c->failed);
	if (!c->use_io)
		rad_client_sock_close(c->fds, c->nb_sockets);
	free(c->slot_req);
	free(c->free_ring);
	free(c);
}

unsigned int
rad_client_nb_servers(const struct rad_client *c)
{
	return c->nb_servers;
}

const struct rad_server *
rad_client_server(const struct rad_client *c, unsigned int i)
{
	return i < c->nb_servers ? &c->srv[i] : NULL;
}

const struct rad_server_conf *
rad_server_conf(const struct rad_server *s)
{
	return &s->conf;
}

const struct rad_server_stats *
rad_server_stats(const struct rad_server *s)
{
	return &s->stats;
}

const struct rad_client_stats *
rad_client_stats(const struct rad_client *c)
{
	return &c->stats;
}

uint32_t
rad_client_pending(const struct rad_client *c)
{
	return c->nb_reqs;
}
