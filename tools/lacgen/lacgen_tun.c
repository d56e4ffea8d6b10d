/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --tun: a real Linux IP stack as the subscriber behind a PPP session.
 *
 * The first --tun sessions whose IPCP opens each get a TUN device
 * ("<prefix><k>", IFF_TUN | IFF_NO_PI, non-blocking). At attachment the
 * device is moved to --tun-netns (the fd stays valid), IPv6 is turned off
 * on it unless --ipv6 (without IPv6CP the kernel's own RS/MLD would only
 * be dropped), its MTU set to the LNS's MRU (what the LNS accepts from
 * us), the IPCP address added as /32 and the device brought up.
 *
 * With --ipv6 the device keeps IPv6 with no address of the kernel's own
 * making (addr_gen_mode 1) and no DAD; when IPv6CP opens it gets
 * fe80::<our Interface-Identifier>/64, as pppd gives a ppp device. The
 * kernel then solicits routers and, from the LNS's Router Advertisement,
 * forms its SLAAC address from that same identifier (a device without a
 * MAC inherits the link-local's: the kernel's addrconf); accept_ra 2 so a
 * namespace that forwards still takes it. A DHCPv6 client (dhclient -6
 * -P) can then run on the device. IPv6 has no policy routing here: one
 * IPv6 subscriber per namespace, or bind to the device.
 *
 * Policy routing of IPv4 lets several subscribers share one namespace:
 *
 *   ip rule add from ADDR table 100+k
 *   ip route add default dev <prefix><k> table 100+k
 *
 * so traffic sourced from (bound to) a subscriber's address leaves
 * through its session. The configuration runs `ip` (a few ms, once per
 * device, during setup); the data path never blocks:
 *
 *   TUN -> LNS  lacgen_tun_poll(), from the main loop: up to
 *               LACGEN_TUN_BURST packets per device and loop, read
 *               straight into an mbuf behind room for the L2TP data
 *               header and FF 03 00 21, then UDP/IPv4/Ethernet.
 *   LNS -> TUN  lacgen_tun_write(), from the PPP dispatch: PPP protocol
 *               0x0021 of an attached session (and 0x0057 once its
 *               IPv6 is configured), written as is.
 *
 * Closing the fd at exit deletes the device; rules stay in the namespace.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include <rte_mbuf.h>

#include "lacgen.h"
#include "ppp_proto.h"

#define TUN_DEV		"/dev/net/tun"
#define TUN_IP_ARGS	16

extern char **environ;

static const char *
tun_ip_str(uint32_t a, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

int
lacgen_tun_init(struct lacgen *lg)
{
	const struct lacgen_conf *c = &lg->conf;
	char path[256];
	struct stat sb;
	uint32_t k;

	if (c->tun_count == 0)
		return 0;
	if (c->tun_netns != NULL) {
		snprintf(path, sizeof(path), "/var/run/netns/%s", c->tun_netns);
		if (strchr(c->tun_netns, '/') != NULL ||
		    stat(path, &sb) != 0) {
			fprintf(stderr, "lacgen: --tun-netns %s: no such "
			    "namespace (%s)\n", c->tun_netns, path);
			return -ENOENT;
		}
	}
	if (access(TUN_DEV, R_OK | W_OK) != 0) {
		fprintf(stderr, "lacgen: --tun: %s: %s\n", TUN_DEV,
		    strerror(errno));
		return -errno;
	}
	lg->tuns = calloc(c->tun_count, sizeof(*lg->tuns));
	if (lg->tuns == NULL)
		return -ENOMEM;
	for (k = 0; k < c->tun_count; k++)
		lg->tuns[k].fd = -1;
	return 0;
}

void
lacgen_tun_fini(struct lacgen *lg)
{
	uint32_t k;

	for (k = 0; k < lg->n_tuns; k++)
		if (lg->tuns[k].fd >= 0)
			close(lg->tuns[k].fd);
	rte_pktmbuf_free(lg->tun_spare);
	lg->tun_spare = NULL;
	free(lg->tuns);
	lg->tuns = NULL;
}

/*
 * Run one command (argv NULL-terminated, at most TUN_IP_ARGS - 5 words),
 * optionally under "ip netns exec NS". Returns 0 if it exited 0; a
 * failure is described on stderr.
 */
static int
tun_run(const char *netns, const char *const *argv)
{
	const char *av[TUN_IP_ARGS];
	char line[256];
	size_t n = 0, i, off = 0;
	int status;
	pid_t pid;

	if (netns != NULL) {
		av[n++] = "ip";
		av[n++] = "netns";
		av[n++] = "exec";
		av[n++] = netns;
	}
	for (i = 0; argv[i] != NULL && n < TUN_IP_ARGS - 1; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	if (posix_spawnp(&pid, av[0], NULL, NULL, (char *const *)av,
	    environ) != 0)
		status = -1;
	else if (waitpid(pid, &status, 0) < 0)
		status = -1;
	if (status == 0)
		return 0;
	for (i = 0; av[i] != NULL && off < sizeof(line); i++)
		off += (size_t)snprintf(line + off, sizeof(line) - off, "%s%s",
		    i ? " " : "", av[i]);
	fprintf(stderr, "lacgen: tun: '%s' failed (status %d)\n", line,
	    status);
	return -1;
}

#define TUN_RUN(ns, ...) \
	tun_run((ns), (const char *const []){ __VA_ARGS__, NULL })

/* Move the device, then address, MTU, up and policy routing. */
static int
tun_configure(const struct lacgen_conf *c, struct lacgen_tun *tun,
    uint32_t k)
{
	const char *ns = c->tun_netns;
	char addr[24], mtu[8], table[12], sysctl[64];
	int rc = 0;

	tun_ip_str(tun->addr, addr, sizeof(addr));
	snprintf(mtu, sizeof(mtu), "%u", tun->mtu);
	snprintf(table, sizeof(table), "%u", LACGEN_TUN_TABLE + k);
	if (ns != NULL)
		rc |= TUN_RUN(NULL, "ip", "link", "set", tun->name, "netns", ns);
	if (rc != 0)
		return rc;
	if (c->ipv6) {
		static const char *const v6set[] = {
			"disable_ipv6=0", "addr_gen_mode=1", "accept_dad=0",
			"accept_ra=2", "autoconf=1",
		};
		unsigned int i;

		for (i = 0; i < RTE_DIM(v6set); i++) {
			snprintf(sysctl, sizeof(sysctl), "net.ipv6.conf.%s.%s",
			    tun->name, v6set[i]);
			rc |= TUN_RUN(ns, "sysctl", "-qw", sysctl);
		}
	} else {
		snprintf(sysctl, sizeof(sysctl),
		    "net.ipv6.conf.%s.disable_ipv6=1", tun->name);
		/* Not fatal: a kernel without IPv6 has nothing to turn off. */
		TUN_RUN(ns, "sysctl", "-qw", sysctl);
	}
	rc |= TUN_RUN(ns, "ip", "link", "set", tun->name, "mtu", mtu, "up");
	strncat(addr, "/32", sizeof(addr) - strlen(addr) - 1);
	rc |= TUN_RUN(ns, "ip", "addr", "add", addr, "dev", tun->name);
	tun_ip_str(tun->addr, addr, sizeof(addr));
	rc |= TUN_RUN(ns, "ip", "rule", "add", "from", addr, "table", table);
	rc |= TUN_RUN(ns, "ip", "route", "add", "default", "dev", tun->name,
	    "table", table);
	return rc;
}

/* Inner packets must fit one mbuf behind the data header. */
static uint16_t
tun_max_mtu(const struct lacgen *lg)
{
	return (uint16_t)(rte_pktmbuf_data_room_size(lg->port.mp) -
	    RTE_PKTMBUF_HEADROOM - LACGEN_DATA_HDR);
}

void
lacgen_tun_attach(struct lacgen_ppp *p)
{
	struct lacgen *lg = p->t->lg;
	struct lacgen_tun *tun;
	struct ifreq ifr;
	char addr[16];
	uint32_t k;

	if (p->tun != NULL || lg->n_tuns >= lg->conf.tun_count)
		return;
	k = lg->n_tuns;
	tun = &lg->tuns[k];
	snprintf(tun->name, sizeof(tun->name), "%s%u", lg->conf.tun_prefix,
	    k);
	tun->fd = open(TUN_DEV, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, tun->name, sizeof(ifr.ifr_name));
	if (tun->fd < 0 || ioctl(tun->fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "lacgen: tun %s: %s\n", tun->name,
		    strerror(errno));
		if (tun->fd >= 0)
			close(tun->fd);
		tun->fd = -1;
		lg->tun_errors++;
		return;
	}
	lg->n_tuns++;
	tun->p = p;
	tun->addr = p->addr;
	/* What the LNS accepts from us: its MRU (1500 if it asked none). */
	tun->mtu = p->lcp.peer_mru;
	if (tun->mtu > tun_max_mtu(lg)) {
		fprintf(stderr, "lacgen: tun %s: MTU %u clamped to %u (mbuf "
		    "data room)\n", tun->name, tun->mtu, tun_max_mtu(lg));
		tun->mtu = tun_max_mtu(lg);
	}
	p->tun = tun;
	tun->configured = tun_configure(&lg->conf, tun, k) == 0;
	if (!tun->configured)
		lg->tun_errors++;
	if (p->v6_up)	/* IPv6CP opened first */
		lacgen_tun_attach6(p);
	fprintf(stderr, "lacgen: tun %s session %u/%u addr %s mtu %u%s%s%s\n",
	    tun->name, p->t->local_id, p->s->local_id,
	    tun_ip_str(tun->addr, addr, sizeof(addr)), tun->mtu,
	    lg->conf.tun_netns ? " netns " : "",
	    lg->conf.tun_netns ? lg->conf.tun_netns : "",
	    tun->configured ? "" : " (configuration failed)");
}

void
lacgen_tun_attach6(struct lacgen_ppp *p)
{
	struct lacgen_tun *tun = p->tun;
	const char *ns = p->t->lg->conf.tun_netns;
	uint64_t id = p->v6->ifid;
	char ll[48];

	if (tun == NULL || tun->v6_configured || !tun->configured)
		return;
	snprintf(ll, sizeof(ll), "fe80::%x:%x:%x:%x/64",
	    (unsigned int)(id >> 48), (unsigned int)(id >> 32) & 0xffff,
	    (unsigned int)(id >> 16) & 0xffff, (unsigned int)id & 0xffff);
	tun->v6_configured = TUN_RUN(ns, "ip", "-6", "addr", "add", ll,
	    "dev", tun->name) == 0;
	if (!tun->v6_configured)
		p->t->lg->tun_errors++;
	fprintf(stderr, "lacgen: tun %s link-local %s%s\n", tun->name, ll,
	    tun->v6_configured ? "" : " (configuration failed)");
}

static bool
tun_session_up(const struct lacgen_tun *tun)
{
	return tun->p->phase == LACGEN_PPP_UP &&
	    tun->p->s->state == LACGEN_SESSION_ESTABLISHED;
}

/* The PPP protocol of an IP packet of this version, 0: not sent. */
static uint16_t
tun_proto(const struct lacgen_tun *tun, unsigned int version)
{
	if (version == 4)
		return LNS_PPP_PROTO_IPV4;
	if (version == 6 && tun->v6_configured && tun->p->v6_up)
		return LNS_PPP_PROTO_IPV6;
	return 0;
}

/* Up to LACGEN_TUN_BURST packets of one device to the LNS. */
static unsigned int
tun_read(struct lacgen *lg, struct lacgen_tun *tun)
{
	struct lacgen_tunnel *t = tun->p->t;
	struct rte_mbuf *m;
	unsigned int i;
	uint16_t proto;
	uint8_t *d;
	ssize_t n;

	for (i = 0; i < LACGEN_TUN_BURST; i++) {
		m = lg->tun_spare;
		if (m == NULL)
			m = rte_pktmbuf_alloc(lg->port.mp);
		if (m == NULL) {
			lg->port.stats.no_mbuf++;
			break;	/* the packets wait in the device's queue */
		}
		lg->tun_spare = m;
		d = rte_pktmbuf_mtod(m, uint8_t *);
		n = read(tun->fd, d + LACGEN_DATA_HDR,
		    rte_pktmbuf_tailroom(m) - LACGEN_DATA_HDR);
		if (n <= 0)
			break;	/* EAGAIN: empty */
		proto = tun_proto(tun, d[LACGEN_DATA_HDR] >> 4);
		if (!tun_session_up(tun) || proto == 0) {
			tun->st.tx_drops++;
			continue;	/* the spare mbuf is read into again */
		}
		lg->tun_spare = NULL;
		m->data_len = (uint16_t)(LACGEN_DATA_HDR + n);
		m->pkt_len = m->data_len;
		lacgen_ppp_data_hdr(tun->p, d, proto);
		if (lacgen_port_send_mbuf(&lg->port, t->peer_udp_port, m) == 0) {
			tun->st.tx_pkts++;
			tun->st.tx_bytes += (uint64_t)n;
		} else {
			tun->st.tx_drops++;
		}
	}
	return i;
}

unsigned int
lacgen_tun_poll(struct lacgen *lg)
{
	unsigned int n = 0;
	uint32_t k;

	for (k = 0; k < lg->n_tuns; k++)
		if (lg->tuns[k].fd >= 0)
			n += tun_read(lg, &lg->tuns[k]);
	return n;
}

void
lacgen_tun_write(struct lacgen_tun *tun, const uint8_t *pkt, size_t len)
{
	if (tun->fd >= 0 && write(tun->fd, pkt, len) == (ssize_t)len) {
		tun->st.rx_pkts++;
		tun->st.rx_bytes += len;
	} else {
		tun->st.rx_drops++;
	}
}

void
lacgen_tun_report(const struct lacgen *lg, bool json)
{
	const struct lacgen_tun *tun;
	char addr[16];
	uint32_t k;

	if (json)
		printf("\"tun\":{\"requested\":%u,\"attached\":%u,"
		    "\"errors\":%u,\"devices\":[", lg->conf.tun_count,
		    lg->n_tuns, lg->tun_errors);
	else if (lg->conf.tun_count != 0)
		printf("  tun: requested %u attached %u errors %u\n",
		    lg->conf.tun_count, lg->n_tuns, lg->tun_errors);
	for (k = 0; k < lg->n_tuns; k++) {
		tun = &lg->tuns[k];
		tun_ip_str(tun->addr, addr, sizeof(addr));
		if (json)
			printf("%s{\"device\":\"%s\",\"tunnel\":%u,"
			    "\"session\":%u,\"addr\":\"%s\",\"mtu\":%u,"
			    "\"configured\":%s,\"ipv6\":%s,\"tx_pkts\":%" PRIu64
			    ",\"tx_bytes\":%" PRIu64 ",\"tx_drops\":%" PRIu64
			    ",\"rx_pkts\":%" PRIu64 ",\"rx_bytes\":%" PRIu64
			    ",\"rx_drops\":%" PRIu64 "}", k ? "," : "",
			    tun->name, tun->p->t->local_id,
			    tun->p->s->local_id, addr, tun->mtu,
			    tun->configured ? "true" : "false",
			    tun->v6_configured ? "true" : "false",
			    tun->st.tx_pkts, tun->st.tx_bytes,
			    tun->st.tx_drops, tun->st.rx_pkts,
			    tun->st.rx_bytes, tun->st.rx_drops);
		else
			printf("  tun %s session %u/%u addr %s mtu %u: tx %"
			    PRIu64 " pkts %" PRIu64 " bytes %" PRIu64
			    " drops, rx %" PRIu64 " pkts %" PRIu64 " bytes %"
			    PRIu64 " drops\n", tun->name, tun->p->t->local_id,
			    tun->p->s->local_id, addr, tun->mtu,
			    tun->st.tx_pkts, tun->st.tx_bytes,
			    tun->st.tx_drops, tun->st.rx_pkts,
			    tun->st.rx_bytes, tun->st.rx_drops);
	}
	if (json)
		printf("]},");
}
