/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command line: lns-lacgen [options] -- EAL-ARGS
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lacgen.h"

enum {
	OPT_LNS_IP = 256,
	OPT_LOCAL_IP,
	OPT_GATEWAY_MAC,
	OPT_PORT,
	OPT_TUNNELS,
	OPT_SESSIONS,
	OPT_SECRET,
	OPT_HOST_NAME,
	OPT_HIDE,
	OPT_WINDOW,
	OPT_LOSS,
	OPT_DUP,
	OPT_REORDER,
	OPT_RX_CHAOS,
	OPT_SEED,
	OPT_HOLD,
	OPT_TEARDOWN,
	OPT_TIMEOUT,
	OPT_RTO,
	OPT_HELLO,
	OPT_RXQ,
	OPT_JSON,
	OPT_PPP,
	OPT_AUTH,
	OPT_USER_PREFIX,
	OPT_USER_SUFFIX,
	OPT_PASSWORD,
	OPT_PROXY_LCP,
	OPT_IPV6,
	OPT_PPP_TIMEOUT,
	OPT_MRU,
	OPT_TUN,
	OPT_TUN_NETNS,
	OPT_TUN_PREFIX,
	OPT_HELP,
};

static const struct option lacgen_long_opts[] = {
	{ "lns-ip", required_argument, NULL, OPT_LNS_IP },
	{ "local-ip", required_argument, NULL, OPT_LOCAL_IP },
	{ "gateway-mac", required_argument, NULL, OPT_GATEWAY_MAC },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "tunnels", required_argument, NULL, OPT_TUNNELS },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "secret", required_argument, NULL, OPT_SECRET },
	{ "host-name", required_argument, NULL, OPT_HOST_NAME },
	{ "hide", no_argument, NULL, OPT_HIDE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "loss", required_argument, NULL, OPT_LOSS },
	{ "dup", required_argument, NULL, OPT_DUP },
	{ "reorder", required_argument, NULL, OPT_REORDER },
	{ "rx-chaos", no_argument, NULL, OPT_RX_CHAOS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "hold", required_argument, NULL, OPT_HOLD },
	{ "teardown", no_argument, NULL, OPT_TEARDOWN },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "rto-ms", required_argument, NULL, OPT_RTO },
	{ "hello", required_argument, NULL, OPT_HELLO },
	{ "rx-queues", required_argument, NULL, OPT_RXQ },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ppp", no_argument, NULL, OPT_PPP },
	{ "auth", required_argument, NULL, OPT_AUTH },
	{ "user-prefix", required_argument, NULL, OPT_USER_PREFIX },
	{ "user-suffix", required_argument, NULL, OPT_USER_SUFFIX },
	{ "password", required_argument, NULL, OPT_PASSWORD },
	{ "proxy-lcp", no_argument, NULL, OPT_PROXY_LCP },
	{ "ipv6", no_argument, NULL, OPT_IPV6 },
	{ "ppp-timeout", required_argument, NULL, OPT_PPP_TIMEOUT },
	{ "mru", required_argument, NULL, OPT_MRU },
	{ "tun", required_argument, NULL, OPT_TUN },
	{ "tun-netns", required_argument, NULL, OPT_TUN_NETNS },
	{ "tun-prefix", required_argument, NULL, OPT_TUN_PREFIX },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

void
lacgen_opts_usage(const char *prog)
{
	fprintf(stderr,
	    "usage: %s [options] -- EAL-ARGS\n"
	    "  --lns-ip A          LNS address (required)\n"
	    "  --local-ip A/len    our address and prefix (required)\n"
	    "  --gateway-mac MAC   next hop MAC (default: ARP for --lns-ip)\n"
	    "  --port N            DPDK port id (default 0)\n"
	    "  --tunnels T         tunnels, IDs 1..T (default 1)\n"
	    "  --sessions S        sessions per tunnel (default 1)\n"
	    "  --secret STR        tunnel secret: Challenge/Response\n"
	    "  --host-name NAME    Host Name AVP (default %s)\n"
	    "  --hide              hide the ICRQ/ICCN AVPs (needs --secret)\n"
	    "  --window N          outstanding ICRQs (--ppp: sessions not\n"
	    "                      yet at IPCP-open) per tunnel and\n"
	    "                      SCCRQs overall (default 32)\n"
	    "  --loss P --dup P --reorder P\n"
	    "                      chaos on transmitted control frames, 0..1\n"
	    "  --rx-chaos          apply the chaos to received frames too\n"
	    "  --seed N            PRNG seed (default 1)\n"
	    "  --hold SECONDS      stay up after setup (default 0)\n"
	    "  --teardown          then CDN every session, StopCCN every\n"
	    "                      tunnel, wait for the acks\n"
	    "  --timeout SECONDS   give up and exit 1 (default 0: never)\n"
	    "  --rto-ms MS         first retransmission timeout (default\n"
	    "                      1000, RFC 2661 §5.8), doubling to 8 s\n"
	    "  --hello SECONDS     HELLO after this long without a message\n"
	    "                      from the LNS (§6.5; default 0: never)\n"
	    "  --rx-queues N       RX queues to poll (default 1); over memif\n"
	    "                      to lnsd: its workers + 1\n"
	    "  --json              final summary as one line of JSON\n"
	    "  --ppp               run PPP to IPCP-open in every session\n"
	    "  --auth M            pap|chap|mschapv2: the only method we\n"
	    "                      accept (default: any of the three)\n"
	    "  --user-prefix NAME  user NAME<n>, n = 1..T*S (default %s)\n"
	    "  --user-suffix S     user NAME<n>S, e.g. @isp.example (a realm)\n"
	    "  --password PW       (default %s)\n"
	    "  --proxy-lcp         proxy LCP and authentication AVPs in ICCN\n"
	    "  --ipv6              IPv6CP beside IPCP; --tun devices get\n"
	    "                      IPv6 (link-local from IPv6CP, SLAAC)\n"
	    "  --ppp-timeout S     per session, to IPCP-open (default 30)\n"
	    "  --mru N             MRU in our LCP Configure-Request\n"
	    "                      (default 1500, not requested)\n"
	    "  --tun N             attach the first N sessions at IPCP-open\n"
	    "                      to TUN devices (needs --ppp)\n"
	    "  --tun-netns NAME    move them into this namespace\n"
	    "  --tun-prefix NAME   device NAME<k>, k from 0 (default %s)\n"
	    "  SIGUSR1 ends --hold early (then --teardown as asked)\n",
	    prog, LACGEN_HOST_NAME, LACGEN_USER_PREFIX, LACGEN_PASSWORD,
	    LACGEN_TUN_PREFIX);
}

static int
opt_u32(const char *name, const char *arg, uint32_t min, uint32_t max,
    uint32_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "lacgen: --%s: expected %u..%u, got '%s'\n",
		    name, min, max, arg);
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

static int
opt_prob(const char *name, const char *arg, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !(v >= 0.0) ||
	    v > 1.0) {
		fprintf(stderr, "lacgen: --%s: expected 0..1, got '%s'\n",
		    name, arg);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int
opt_ip(const char *name, const char *arg, uint32_t *ip, uint8_t *plen)
{
	char buf[INET_ADDRSTRLEN + 4];
	uint32_t len = 32;
	char *slash;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash != NULL) {
		if (plen == NULL)
			goto bad;
		*slash++ = '\0';
		if (opt_u32(name, slash, 1, 32, &len) < 0)
			return -EINVAL;
	} else if (plen != NULL) {
		goto bad;
	}
	if (inet_pton(AF_INET, buf, ip) != 1)
		goto bad;
	if (plen != NULL)
		*plen = (uint8_t)len;
	return 0;
bad:
	fprintf(stderr, "lacgen: --%s: bad address '%s'%s\n", name, arg,
	    plen != NULL ? " (want A.B.C.D/len)" : "");
	return -EINVAL;
}

static void
opts_default(struct lacgen_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->tunnels = 1;
	c->sessions = 1;
	c->window = 32;
	c->seed = 1;
	c->host_name = LACGEN_HOST_NAME;
	c->user_prefix = LACGEN_USER_PREFIX;
	c->user_suffix = "";
	c->password = LACGEN_PASSWORD;
	c->ppp_timeout_s = 30;
	c->tun_prefix = LACGEN_TUN_PREFIX;
	/* Whatever the LNS asks first (proxy LCP: PAP). */
	c->accept_auth[0] = PPP_AUTH_PAP;
	c->accept_auth[1] = PPP_AUTH_CHAP_MD5;
	c->accept_auth[2] = PPP_AUTH_MSCHAPV2;
	c->accept_auth_count = 3;
}

static int
opt_auth(const char *arg, struct lacgen_conf *c)
{
	static const struct {
		const char *name;
		enum ppp_auth auth;
	} methods[] = {
		{ "pap", PPP_AUTH_PAP },
		{ "chap", PPP_AUTH_CHAP_MD5 },
		{ "mschapv2", PPP_AUTH_MSCHAPV2 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcmp(arg, methods[i].name) == 0) {
			c->accept_auth[0] = methods[i].auth;
			c->accept_auth_count = 1;
			return 0;
		}
	}
	fprintf(stderr, "lacgen: --auth: expected pap, chap or mschapv2, "
	    "got '%s'\n", arg);
	return -EINVAL;
}

/* 255: the one-octet Peer-ID / Passwd lengths of PAP (RFC 1334 §2.2.1). */
static int
opt_cred(const char *name, const char *arg, size_t max, const char **out)
{
	if (strlen(arg) > max) {
		fprintf(stderr, "lacgen: --%s: at most %zu octets\n", name,
		    max);
		return -EINVAL;
	}
	*out = arg;
	return 0;
}

static int
opts_check(struct lacgen_conf *c)
{
	uint32_t mask;

	if (c->lns_ip == 0 || c->local_ip == 0) {
		fprintf(stderr, "lacgen: --lns-ip and --local-ip are required\n");
		return -EINVAL;
	}
	mask = c->prefix_len == 0 ? 0 : htonl(~0u << (32 - c->prefix_len));
	if (!c->has_gw_mac && (c->lns_ip & mask) != (c->local_ip & mask)) {
		fprintf(stderr, "lacgen: --lns-ip is not on the --local-ip "
		    "subnet: give --gateway-mac\n");
		return -EINVAL;
	}
	if (c->hide && c->secret == NULL) {
		fprintf(stderr, "lacgen: --hide needs --secret\n");
		return -EINVAL;
	}
	if ((c->proxy_lcp || c->ipv6) && !c->ppp) {
		fprintf(stderr, "lacgen: --proxy-lcp and --ipv6 need --ppp\n");
		return -EINVAL;
	}
	if ((c->tun_count != 0 || c->mru != 0) && !c->ppp) {
		fprintf(stderr, "lacgen: --tun and --mru need --ppp\n");
		return -EINVAL;
	}
	/* IFNAMSIZ 16: the prefix, up to 5 digits, the NUL. */
	if (c->tun_prefix[0] == '\0' || strlen(c->tun_prefix) > 10 ||
	    strchr(c->tun_prefix, '/') != NULL) {
		fprintf(stderr, "lacgen: --tun-prefix: 1..10 characters, "
		    "no '/'\n");
		return -EINVAL;
	}
	if (c->secret != NULL && c->secret_len == 0) {
		fprintf(stderr, "lacgen: --secret must not be empty\n");
		return -EINVAL;
	}
	return 0;
}

int
lacgen_opts_parse(struct lacgen_conf *c, int argc, char **argv)
{
	uint32_t v;
	int nargs, opt, rc = 0;

	opts_default(c);
	/* Our options end at "--"; getopt must not see the EAL's. */
	for (nargs = 1; nargs < argc; nargs++)
		if (strcmp(argv[nargs], "--") == 0)
			break;
	optind = 1;
	while (rc == 0 && (opt = getopt_long(nargs, argv, "h",
	    lacgen_long_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_LNS_IP:
			rc = opt_ip("lns-ip", optarg, &c->lns_ip, NULL);
			break;
		case OPT_LOCAL_IP:
			rc = opt_ip("local-ip", optarg, &c->local_ip,
			    &c->prefix_len);
			break;
		case OPT_GATEWAY_MAC:
			if (rte_ether_unformat_addr(optarg, &c->gw_mac) < 0) {
				fprintf(stderr, "lacgen: bad MAC '%s'\n",
				    optarg);
				rc = -EINVAL;
			}
			c->has_gw_mac = true;
			break;
		case OPT_PORT:
			rc = opt_u32("port", optarg, 0, UINT16_MAX - 1, &v);
			c->port_id = (uint16_t)v;
			break;
		case OPT_TUNNELS:
			rc = opt_u32("tunnels", optarg, 1, UINT16_MAX,
			    &c->tunnels);
			break;
		case OPT_SESSIONS:
			rc = opt_u32("sessions", optarg, 1, UINT16_MAX,
			    &c->sessions);
			break;
		case OPT_SECRET:
			c->secret = optarg;
			c->secret_len = strlen(optarg);
			break;
		case OPT_HOST_NAME:
			c->host_name = optarg;
			if (optarg[0] == '\0' || strlen(optarg) > 256) {
				fprintf(stderr, "lacgen: bad --host-name\n");
				rc = -EINVAL;
			}
			break;
		case OPT_HIDE:
			c->hide = true;
			break;
		case OPT_WINDOW:
			rc = opt_u32("window", optarg, 1, 32767, &c->window);
			break;
		case OPT_LOSS:
			rc = opt_prob("loss", optarg, &c->loss);
			break;
		case OPT_DUP:
			rc = opt_prob("dup", optarg, &c->dup);
			break;
		case OPT_REORDER:
			rc = opt_prob("reorder", optarg, &c->reorder);
			break;
		case OPT_RX_CHAOS:
			c->rx_chaos = true;
			break;
		case OPT_SEED:
			rc = opt_u32("seed", optarg, 0, UINT32_MAX, &v);
			c->seed = v;
			break;
		case OPT_HOLD:
			rc = opt_u32("hold", optarg, 0, 1000000, &c->hold_s);
			break;
		case OPT_TEARDOWN:
			c->teardown = true;
			break;
		case OPT_TIMEOUT:
			rc = opt_u32("timeout", optarg, 0, 1000000,
			    &c->timeout_s);
			break;
		case OPT_RXQ:
			rc = opt_u32("rx-queues", optarg, 1, 64, &v);
			c->rx_queues = (uint16_t)v;
			break;
		case OPT_RTO:
			rc = opt_u32("rto-ms", optarg, 10, 8000, &c->rto_ms);
			break;
		case OPT_HELLO:
			rc = opt_u32("hello", optarg, 0, 3600, &c->hello_s);
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case OPT_PPP:
			c->ppp = true;
			break;
		case OPT_AUTH:
			rc = opt_auth(optarg, c);
			break;
		case OPT_USER_PREFIX:
			/* Room for the session number, up to 10 digits. */
			rc = opt_cred("user-prefix", optarg, 245,
			    &c->user_prefix);
			break;
		case OPT_USER_SUFFIX:
			/* Prefix (<= 245) + 10 digits + suffix fit in 255. */
			rc = opt_cred("user-suffix", optarg, 255 - 10 -
			    strlen(c->user_prefix), &c->user_suffix);
			break;
		case OPT_PASSWORD:
			rc = opt_cred("password", optarg, 255, &c->password);
			break;
		case OPT_PROXY_LCP:
			c->proxy_lcp = true;
			break;
		case OPT_IPV6:
			c->ipv6 = true;
			break;
		case OPT_PPP_TIMEOUT:
			rc = opt_u32("ppp-timeout", optarg, 0, 1000000,
			    &c->ppp_timeout_s);
			break;
		case OPT_MRU:
			rc = opt_u32("mru", optarg, 128, 9600, &v);
			c->mru = (uint16_t)v;
			break;
		case OPT_TUN:
			rc = opt_u32("tun", optarg, 0, 4096, &c->tun_count);
			break;
		case OPT_TUN_NETNS:
			c->tun_netns = optarg;
			break;
		case OPT_TUN_PREFIX:
			c->tun_prefix = optarg;
			break;
		case OPT_HELP:
		case 'h':
			lacgen_opts_usage(argv[0]);
			return -2;
		default:
			lacgen_opts_usage(argv[0]);
			return -1;
		}
	}
	if (rc < 0)
		return -1;
	if (optind != nargs) {
		fprintf(stderr, "lacgen: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	if (opts_check(c) < 0)
		return -1;
	return nargs < argc ? nargs + 1 : argc;
}
