/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The metrics endpoint: the snapshot's hand-over and the HTTP thread.
 *
 * Hand-over. The control lcore fills a staging copy of what it owns
 * (ctl_metrics_snap.c) every metrics.interval_ms, then copies it into
 * the published one inside a seqlock (DPDK's rte_seqlock): the writer
 * never waits for a reader (the spinlock inside only orders writers, and
 * there is one), a reader that overlapped a write sees the sequence
 * number change and copies again. So a scrape, however slow, costs the
 * control lcore nothing but its own periodic memcpy of a few KiB.
 *
 * HTTP thread. Made with rte_ctrl_thread_create() rather than plain
 * pthread_create(): DPDK places it on the control threads' CPU set,
 * never on a worker's lcore, and names it ("lnsd-metrics"). It owns the
 * listening socket and every connection: non-blocking sockets under one
 * poll(), at most metrics.max_connections at once (one more is accepted,
 * answered 503 and closed, and counted), each with metrics.timeout_ms to
 * send its request and take the answer (a client that never sends, or
 * never reads, is cut and counted), requests capped at CTL_HTTP_REQ_MAX.
 * It reads the dataplane's and the ports' counters itself, as the
 * telemetry thread does (per-worker words only their worker writes).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_seqlock.h>

#include "ctl_metrics.h"
#include "ctl_metrics_http.h"
#include "ctl_metrics_priv.h"
#include "lns_ipv4.h"
#include "lns_log.h"

#define CTL_METRICS_PAGE_MAX	(8u << 20)	/* a page beyond this: 500 */

struct ctl_metrics_conn {
	int fd;				/* -1: free slot */
	uint64_t deadline_ms;
	size_t in_len;
	char in[CTL_HTTP_REQ_MAX];
	char *out;			/* the answer, once known */
	size_t out_len, out_off;
};

static struct {
	bool on;
	const struct cfg_metrics *cfg;
	int lfd, wake;
	pthread_t thread;
	bool thread_up;
	uint64_t next_publish;
	rte_seqlock_t lock;
	struct ctl_metrics_snap staging;	/* control lcore only */
	struct ctl_metrics_snap pub;		/* under lock */
	/* HTTP thread only from here. */
	struct ctl_metrics_snap copy;
	struct ctl_metrics_http_stats http;
	struct ctl_mx page;
	struct ctl_metrics_conn *conns;
} cm = { .lfd = -1, .wake = -1 };

void
ctl_metrics_publish(uint64_t now_ms)
{
	if (!cm.on || now_ms < cm.next_publish)
		return;
	cm.next_publish = now_ms + cm.cfg->interval_ms;
	ctl_metrics_snap_fill(&cm.staging);
	rte_seqlock_write_lock(&cm.lock);
	memcpy(&cm.pub, &cm.staging, sizeof(cm.pub));
	rte_seqlock_write_unlock(&cm.lock);
}

static uint64_t
ctl_metrics_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t
ctl_metrics_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
ctl_metrics_close(struct ctl_metrics_conn *c)
{
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->in_len = c->out_len = c->out_off = 0;
}

/* The answer into c->out: head and body. false: no memory (closed). */
static bool
ctl_metrics_answer(struct ctl_metrics_conn *c, int status, const char *body,
		   size_t body_len, const char *ctype)
{
	char head[256];
	int n = ctl_http_head(head, sizeof(head), status, ctype, body_len);

	if (n < 0 || (c->out = malloc((size_t)n + body_len)) == NULL)
		return false;
	memcpy(c->out, head, (size_t)n);
	memcpy(c->out + n, body, body_len);
	c->out_len = (size_t)n + body_len;
	c->out_off = 0;
	return true;
}

/* The page: copy the snapshot (again if a publish overlapped), render. */
static int
ctl_metrics_page(void)
{
	uint64_t t0 = ctl_metrics_now_ns(), dt;
	uint32_t sn;

	for (;;) {
		sn = rte_seqlock_read_begin(&cm.lock);
		memcpy(&cm.copy, &cm.pub, sizeof(cm.copy));
		if (!rte_seqlock_read_retry(&cm.lock, sn))
			break;
		cm.http.snapshot_retries++;
	}
	ctl_mx_reset(&cm.page);
	ctl_metrics_render(&cm.page, &cm.copy, &cm.http);
	dt = ctl_metrics_now_ns() - t0;
	cm.http.render_ns += dt;
	if (dt > cm.http.render_max_ns)
		cm.http.render_max_ns = dt;
	return cm.page.err;
}

static void
ctl_metrics_request(struct ctl_metrics_conn *c, enum ctl_http_verdict v)
{
	static const char text[] = "text/plain; charset=utf-8";
	const char *msg;
	int status = (int)v;

	switch (v) {
	case CTL_HTTP_OK:
		cm.http.scrapes++;	/* before rendering: this page counts */
		if (ctl_metrics_page() == 0) {
			if (!ctl_metrics_answer(c, 200, cm.page.buf,
						cm.page.len,
						CTL_MX_CONTENT_TYPE))
				ctl_metrics_close(c);
			return;
		}
		cm.http.render_errors++;
		status = 500;
		break;
	case CTL_HTTP_BAD:
		cm.http.bad_request++;
		break;
	case CTL_HTTP_NOT_FOUND:
		cm.http.not_found++;
		break;
	case CTL_HTTP_METHOD:
		cm.http.bad_method++;
		break;
	case CTL_HTTP_TOO_BIG:
		cm.http.too_large++;
		break;
	default:
		return;
	}
	msg = ctl_http_reason(status);
	if (!ctl_metrics_answer(c, status, msg, strlen(msg), text))
		ctl_metrics_close(c);
}

static void
ctl_metrics_readable(struct ctl_metrics_conn *c)
{
	enum ctl_http_verdict v;
	ssize_t r;

	r = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
		ctl_metrics_close(c);	/* the client gave up */
		return;
	}
	if (r < 0)
		return;
	c->in_len += (size_t)r;
	v = ctl_http_parse(c->in, c->in_len, sizeof(c->in), cm.cfg->path);
	if (v != CTL_HTTP_MORE)
		ctl_metrics_request(c, v);
}

static void
ctl_metrics_writable(struct ctl_metrics_conn *c)
{
	ssize_t r = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r < 0) {
		ctl_metrics_close(c);
		return;
	}
	c->out_off += (size_t)r;
	if (c->out_off == c->out_len) {
		/* Our FIN first: the client's TIME_WAIT, not ours. */
		shutdown(c->fd, SHUT_WR);
		ctl_metrics_close(c);
	}
}

/* Every pending connection: into a free slot, or 503 and closed. */
static void
ctl_metrics_accept(uint64_t now)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
		"Content-Length: 0\r\nConnection: close\r\n\r\n";
	unsigned int i;
	int fd;

	while ((fd = accept4(cm.lfd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		for (i = 0; i < cm.cfg->max_connections &&
			    cm.conns[i].fd >= 0; i++)
			;
		if (i == cm.cfg->max_connections) {
			cm.http.refused++;
			(void)!send(fd, busy, sizeof(busy) - 1,
				    MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			continue;
		}
		cm.http.connections++;
		cm.conns[i].fd = fd;
		cm.conns[i].deadline_ms = now + cm.cfg->timeout_ms;
	}
}

static void *
ctl_metrics_thread(void *arg)
{
	unsigned int n = cm.cfg->max_connections, i, k;
	struct pollfd *pfd = calloc(n + 2, sizeof(*pfd));
	unsigned int *slot = calloc(n + 2, sizeof(*slot));

	(void)arg;
	if (pfd == NULL || slot == NULL) {
		LNS_LOG(ERR, ctl, "event=metrics-failed error=\"no memory\"");
		goto out;
	}
	for (;;) {
		uint64_t now = ctl_metrics_now_ms(), next = now + 1000;
		int timeout;

		pfd[0] = (struct pollfd){ .fd = cm.wake, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = cm.lfd, .events = POLLIN };
		for (i = 0, k = 2; i < n; i++) {
			struct ctl_metrics_conn *c = &cm.conns[i];

			if (c->fd < 0)
				continue;
			if (now >= c->deadline_ms) {
				cm.http.timeouts++;
				ctl_metrics_close(c);
				continue;
			}
			next = RTE_MIN(next, c->deadline_ms);
			pfd[k] = (struct pollfd){ .fd = c->fd,
				.events = c->out ? POLLOUT : POLLIN };
			slot[k++] = i;
		}
		timeout = (int)(next - now);
		if (poll(pfd, k, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents != 0)
			break;			/* ctl_metrics_fini() */
		now = ctl_metrics_now_ms();
		for (i = 2; i < k; i++) {
			struct ctl_metrics_conn *c = &cm.conns[slot[i]];

			if (pfd[i].revents == 0 || c->fd != pfd[i].fd)
				continue;
			if (c->out == NULL)
				ctl_metrics_readable(c);
			else
				ctl_metrics_writable(c);
		}
		if (pfd[1].revents & POLLIN)
			ctl_metrics_accept(now);
	}
out:
	free(pfd);
	free(slot);
	return NULL;
}

static int
ctl_metrics_listen(const struct cfg_metrics *m)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(m->port),
		.sin_addr.s_addr = m->address,
	};
	int one = 1, fd, err;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 64) != 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int
ctl_metrics_init(const struct cfg *cfg)
{
	const struct cfg_metrics *m = &cfg->metrics;
	char ip[LNS_IPV4_STRLEN];
	unsigned int i;
	int ret;

	if (!m->enabled)
		return 0;
	cm.cfg = m;
	rte_seqlock_init(&cm.lock);
	cm.conns = calloc(m->max_connections, sizeof(*cm.conns));
	if (cm.conns == NULL ||
	    ctl_mx_init(&cm.page, 64 << 10, CTL_METRICS_PAGE_MAX) != 0) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < m->max_connections; i++)
		cm.conns[i].fd = -1;
	cm.lfd = ctl_metrics_listen(m);
	if (cm.lfd < 0) {
		ret = cm.lfd;
		LNS_LOG(ERR, ctl, "event=metrics-failed address=%s port=%u error=\"%s\"",
			lns_ipv4_str(m->address, ip), m->port, strerror(-ret));
		goto fail;
	}
	cm.wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (cm.wake < 0) {
		ret = -errno;
		goto fail;
	}
	/* A first snapshot before any scrape can ask. */
	cm.on = true;
	ctl_metrics_publish(0);
	ret = rte_ctrl_thread_create(&cm.thread, "lnsd-metrics", NULL,
				     ctl_metrics_thread, NULL);
	if (ret != 0) {
		ret = -ret;
		goto fail;
	}
	cm.thread_up = true;
	LNS_LOG(NOTICE, ctl, "event=metrics-listening address=%s port=%u path=%s",
		lns_ipv4_str(m->address, ip), m->port, m->path);
	return 0;
fail:
	ctl_metrics_fini();
	return ret;
}

void
ctl_metrics_fini(void)
{
	uint64_t one = 1;
	unsigned int i;

	if (cm.thread_up) {
		(void)!write(cm.wake, &one, sizeof(one));
		pthread_join(cm.thread, NULL);
		cm.thread_up = false;
	}
	for (i = 0; cm.conns != NULL && i < cm.cfg->max_connections; i++)
		if (cm.conns[i].fd >= 0)
			ctl_metrics_close(&cm.conns[i]);
	if (cm.lfd >= 0)
		close(cm.lfd);
	if (cm.wake >= 0)
		close(cm.wake);
	free(cm.conns);
	ctl_mx_free(&cm.page);
	cm.conns = NULL;
	cm.lfd = cm.wake = -1;
	cm.on = false;
}
