/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control socket (ctl_sock.h): the listening socket and its clients.
 * Everything is non-blocking and polled from the control loop; a client
 * costs at most CTL_SOCK_LINE_MAX + CTL_SOCK_OUT_MAX octets, and one
 * that stops reading (CTL_SOCK_STALL_MS), sends nothing
 * (CTL_SOCK_IDLE_MS), sends what is not a request or a line longer than
 * CTL_SOCK_LINE_MAX is cut off and counted. A request is read only once
 * the previous reply is fully buffered, so a client cannot queue work.
 */
#include <errno.h>
#include <stddef.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>

#include "ctl_loop.h"
#include "ctl_sock.h"
#include "ctl_sock_priv.h"
#include "lns_log.h"

#define CTL_SOCK_DIR		"/run/lnsd"
#define CTL_SOCK_ACCEPTS	8	/* new clients per pass */
#define CTL_SOCK_BACKLOG	64

struct ctl_sock_stats ctl_sock_stats;

static struct {
	int fd;				/* listening; -1: none */
	char path[CFG_SOCK_PATH_LEN];
	struct ctl_sock_client *clients[CTL_SOCK_CLIENTS_MAX];
	unsigned int rr;		/* first client of the next pass */
	uint64_t last_ms;		/* last pass that looked at the fds */
} ctl_sock = { .fd = -1 };

/* /run/lnsd/lnsd.sock, or /run/lnsd/<prefix>.sock under --file-prefix. */
static int
ctl_sock_default_path(char *buf, size_t len)
{
	char dir[PATH_MAX];
	const char *prefix;
	int n;

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	prefix = basename(dir);
	if (prefix[0] == '\0' || strcmp(prefix, "rte") == 0)
		prefix = "lnsd";
	n = snprintf(buf, len, CTL_SOCK_DIR "/%s.sock", prefix);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* A socket file there already: another lnsd's (live) or a stale one. */
static int
ctl_sock_clear_stale(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int live;

	if (fd < 0)
		return -errno;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	if (live)
		return -EADDRINUSE;
	if (unlink(sa->sun_path) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int
ctl_sock_perms(const char *path, const struct cfg_ctl_sock *cs)
{
	mode_t mode = (mode_t)strtoul(cs->mode, NULL, 8);
	struct group *gr;

	if (cs->group[0] != '\0') {
		gr = getgrnam(cs->group);
		if (gr == NULL) {
			LNS_LOG(ERR, ctl, "event=control-socket-failed path=%s error=\"group %s: no such group\"",
				path, cs->group);
			return -ENOENT;
		}
		if (chown(path, (uid_t)-1, gr->gr_gid) != 0)
			return -errno;
	}
	return chmod(path, mode) != 0 ? -errno : 0;
}

static int
ctl_sock_listen(const struct cfg_ctl_sock *cs)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[CFG_SOCK_PATH_LEN];
	int fd, ret;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", ctl_sock.path);
	snprintf(dir, sizeof(dir), "%s", ctl_sock.path);
	/* The directory (usually /run/lnsd) is created; its parents not. */
	if (mkdir(dirname(dir), 0755) != 0 && errno != EEXIST)
		return -errno;
	ret = ctl_sock_clear_stale(&sa);
	if (ret != 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = ctl_sock_perms(ctl_sock.path, cs);
	if (ret == 0 && listen(fd, CTL_SOCK_BACKLOG) != 0)
		ret = -errno;
	if (ret != 0) {
		close(fd);
		unlink(ctl_sock.path);
		return ret;
	}
	ctl_sock.fd = fd;
	return 0;
}

int
ctl_sock_init(const struct cfg *cfg)
{
	const struct cfg_ctl_sock *cs = &cfg->ctl_sock;
	int ret = 0;

	if (cs->path[0] != '\0')
		snprintf(ctl_sock.path, sizeof(ctl_sock.path), "%s", cs->path);
	else
		ret = ctl_sock_default_path(ctl_sock.path, sizeof(ctl_sock.path));
	if (ret == 0)
		ret = ctl_sock_listen(cs);
	if (ret != 0) {
		/*
		 * A configured path is the operator's: lnsd does not start
		 * without it. The default one may be out of reach (lnsd not
		 * run as root): lnsd runs, lnsctl will say it is not there.
		 */
		LNS_LOG(ERR, ctl, "event=control-socket-failed path=%s error=\"%s\"%s%s",
			ctl_sock.path, strerror(-ret), ret == -EADDRINUSE ?
			" hint=\"another lnsd serves this path: give control_socket.path or another --file-prefix\"" : "",
			cs->path[0] == '\0' ? " fatal=no" : "");
		return cs->path[0] == '\0' ? 0 : ret;
	}
	ctl_sock_cmd_init(ctl_now_ms());
	LNS_LOG(NOTICE, ctl, "event=control-socket path=%s mode=%s group=%s",
		ctl_sock.path, cs->mode, cs->group[0] ? cs->group : "-");
	return 0;
}

static void
ctl_sock_close(unsigned int i)
{
	struct ctl_sock_client *c = ctl_sock.clients[i];
	unsigned int n;

	/*
	 * Unread input makes close() reset the connection, and the client
	 * may then lose our last line (why it is cut off): read a bounded
	 * amount of what it sent first.
	 */
	for (n = 0; n < 16 && recv(c->fd, c->in, sizeof(c->in),
				   MSG_DONTWAIT) > 0; n++)
		;
	close(c->fd);
	free(c);
	ctl_sock.clients[i] = NULL;
	ctl_sock_stats.clients--;
	ctl_sock_stats.closed++;
}

void
ctl_sock_fini(void)
{
	unsigned int i;

	for (i = 0; i < CTL_SOCK_CLIENTS_MAX; i++)
		if (ctl_sock.clients[i] != NULL)
			ctl_sock_close(i);
	if (ctl_sock.fd >= 0) {
		close(ctl_sock.fd);
		unlink(ctl_sock.path);
		ctl_sock.fd = -1;
	}
}

/* Over the limit: one line saying so (if the socket takes it), closed. */
static void
ctl_sock_refuse(int fd)
{
	static const char msg[] = "{\"ok\":false,\"error\":\"too many clients\"}\n";

	ctl_sock_stats.refused++;
	if (send(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		(void)0;	/* best effort: it is being refused anyway */
	close(fd);
}

static void
ctl_sock_accept(uint64_t now)
{
	struct ctl_sock_client *c;
	unsigned int n, i;
	int fd;

	for (n = 0; n < CTL_SOCK_ACCEPTS; n++) {
		fd = accept4(ctl_sock.fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;	/* EAGAIN, or an error of that one client */
		for (i = 0; i < CTL_SOCK_CLIENTS_MAX &&
		     ctl_sock.clients[i] != NULL; i++)
			;
		c = i < CTL_SOCK_CLIENTS_MAX ?
		    malloc(sizeof(*c)) : NULL;
		if (c == NULL) {
			ctl_sock_refuse(fd);
			continue;
		}
		memset(c, 0, offsetof(struct ctl_sock_client, in));
		c->fd = fd;
		c->last_ms = now;
		ctl_json_init(&c->j, c->out, sizeof(c->out));
		ctl_sock.clients[i] = c;
		ctl_sock_stats.accepted++;
		ctl_sock_stats.clients++;
	}
}

/* Send what is buffered. False: the client is gone. */
static bool
ctl_sock_flush(struct ctl_sock_client *c, uint64_t now)
{
	ssize_t n;

	while (c->out_off < c->j.len) {
		n = send(c->fd, c->out + c->out_off, c->j.len - c->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			       errno == EINTR;
		c->out_off += (size_t)n;
		ctl_sock_stats.bytes_out += (uint64_t)n;
		c->last_ms = now;
	}
	/* All sent: the buffer starts over; a partial one is compacted
	 * when a listing needs room. */
	c->out_off = 0;
	c->j.len = 0;
	return true;
}

/* Room for the next row: move what is not sent yet to the front. */
static void
ctl_sock_compact(struct ctl_sock_client *c)
{
	if (c->out_off == 0)
		return;
	memmove(c->out, c->out + c->out_off, c->j.len - c->out_off);
	c->j.len -= c->out_off;
	c->out_off = 0;
}

/* Cut off with a last error line: malformed or oversized input. */
static void
ctl_sock_cut(struct ctl_sock_client *c, uint64_t *counter, const char *why)
{
	(*counter)++;
	ctl_sock_error(c, why);
	c->closing = true;
	c->in_len = 0;
}

/* The next complete line of c->in, if any, answered. */
static void
ctl_sock_request(struct ctl_sock_client *c, uint64_t now)
{
	struct ctl_req req;
	const char *why = NULL;
	char *nl = memchr(c->in, '\n', c->in_len);
	size_t len;

	if (nl == NULL) {
		if (c->in_len == sizeof(c->in))
			ctl_sock_cut(c, &ctl_sock_stats.oversized,
				     "request line too long");
		return;
	}
	len = (size_t)(nl - c->in);
	ctl_sock_stats.requests++;
	if (ctl_req_parse(c->in, len, &req, &why) != 0) {
		char msg[96];

		snprintf(msg, sizeof(msg), "malformed request: %s", why);
		ctl_sock_cut(c, &ctl_sock_stats.malformed, msg);
		return;
	}
	c->in_len -= len + 1;
	memmove(c->in, nl + 1, c->in_len);
	ctl_sock_cmd_run(c, &req, now);
}

/* Read what fits. False: the client closed or failed. */
static bool
ctl_sock_read(struct ctl_sock_client *c, uint64_t now)
{
	ssize_t n;

	if (c->in_len == sizeof(c->in))
		return true;
	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len,
		 MSG_DONTWAIT);
	if (n == 0)
		return false;
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	c->in_len += (size_t)n;
	c->last_ms = now;
	return true;
}

/* One client's turn. False: close it. */
static bool
ctl_sock_serve(struct ctl_sock_client *c, unsigned int *budget, uint64_t now)
{
	if (c->more != NULL && *budget > 0) {
		ctl_sock_compact(c);
		if (c->more(c, budget, now) == 0)
			c->more = NULL;
	}
	if (!ctl_sock_flush(c, now))
		return false;
	if (c->j.len > 0) {
		if (now - c->last_ms >= CTL_SOCK_STALL_MS) {
			ctl_sock_stats.stalled++;
			return false;
		}
		return true;
	}
	if (c->closing)
		return false;
	if (c->more != NULL)
		return true;
	/* Idle: a new request, one at a time. */
	if (!ctl_sock_read(c, now))
		return false;
	ctl_sock_request(c, now);
	if (c->j.len == 0 && c->more == NULL &&
	    now - c->last_ms >= CTL_SOCK_IDLE_MS) {
		ctl_sock_stats.idle_closed++;
		return false;
	}
	return ctl_sock_flush(c, now);
}

bool
ctl_sock_poll(uint64_t now)
{
	unsigned int budget = CTL_SOCK_ROWS_PASS, i, k;
	bool busy = false;

	if (ctl_sock.fd < 0)
		return false;
	for (k = 0; k < CTL_SOCK_CLIENTS_MAX; k++) {
		struct ctl_sock_client *c = ctl_sock.clients[k];

		if (c != NULL && c->more != NULL)
			busy = true;
	}
	/* Nothing in progress: look at the sockets once a millisecond. */
	if (!busy && now == ctl_sock.last_ms)
		return false;
	ctl_sock.last_ms = now;
	ctl_sock_accept(now);
	for (k = 0; k < CTL_SOCK_CLIENTS_MAX; k++) {
		i = (ctl_sock.rr + k) % CTL_SOCK_CLIENTS_MAX;
		if (ctl_sock.clients[i] == NULL)
			continue;
		if (!ctl_sock_serve(ctl_sock.clients[i], &budget, now))
			ctl_sock_close(i);
	}
	ctl_sock.rr = (ctl_sock.rr + 1) % CTL_SOCK_CLIENTS_MAX;
	/*
	 * Busy while listings move; one that waits for its client to read
	 * lets the loop back off (and is looked at again within 1 ms).
	 */
	return budget != CTL_SOCK_ROWS_PASS;
}
