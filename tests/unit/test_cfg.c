/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Unit tests of the YAML configuration loader: valid files, the shipped
 * examples, and one test per error class with its exact position and key.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <syslog.h>
#include <cmocka.h>

#include "cfg.h"
#include "cfg_internal.h"
#include "cfg_test_fx.h"

/* A valid port, for tests about something else. */
#define PORT_A \
	"  - name: access\n" \
	"    device: net_af_packet0,iface=veth0\n" \
	"    role: access\n" \
	"    address: 192.0.2.1/24\n"
#define PORTS	"ports:\n" PORT_A

static void
test_defaults(void **state)
{
	struct cfg c;

	(void)state;
	cfg_defaults(&c);
	assert_int_equal(c.log.level, CFG_LOG_INFO);
	assert_int_equal(c.log.nb_modules, 0);
	assert_int_equal(c.eal.nb_args, 0);
	assert_int_equal(c.dataplane.mbufs, 16383);
	assert_int_equal(c.dataplane.mbuf_cache, 256);
	assert_int_equal(c.dataplane.burst, 128);
	assert_int_equal(c.dataplane.punt_ring, 4096);
	assert_int_equal(c.dataplane.tx_flush_us, 100);
	assert_int_equal(c.dataplane.mss_clamp, CFG_MSS_AUTO);
	assert_int_equal(c.dataplane.rss, CFG_RSS_OUTER);
	assert_int_equal(c.dataplane.spread, CFG_SPREAD_AUTO);
	assert_int_equal(c.neigh.reachable_ms, 30000);
	assert_int_equal(c.neigh.retrans_ms, 1000);
	assert_int_equal(c.neigh.probes, 3);
	assert_int_equal(c.neigh.max_entries, 1024);
	assert_int_equal(c.nb_ports, 0);
	cfg_free(&c);
}

static void
test_minimal(void **state)
{
	struct fx *fx = *state;
	const struct cfg_port *p = &fx->cfg.ports[0];

	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(fx->errs.n, 0);
	assert_string_equal(fx->cfg.path, "t.yaml");
	assert_int_equal(fx->cfg.nb_ports, 1);
	assert_string_equal(p->name, "access");
	assert_string_equal(p->device, "net_af_packet0,iface=veth0");
	assert_int_equal(p->role, CFG_PORT_ACCESS);
	assert_int_equal(p->address.addr, htonl(0xc0000201));
	assert_int_equal(p->address.len, 24);
	assert_int_equal(p->gateway, 0);
	assert_int_equal(p->vlan, 0);
	assert_int_equal(p->mtu, 1500);
	assert_int_equal(p->rx_desc, 1024);
	assert_int_equal(p->tx_desc, 1024);
	assert_false(p->mac_set);
	assert_int_equal(fx->cfg.dataplane.burst, 128);
}

static void
test_full(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0xab };
	struct fx *fx = *state;
	const struct cfg *c = &fx->cfg;

	assert_int_equal(load(state,
		"eal:\n"
		"  args: [\"-l\", \"0-1\", --no-pci]\n"
		"log:\n"
		"  level: debug\n"
		"  modules: { arp: debug, port_2: err }\n"
		"dataplane: {mbufs: 8191, mbuf_cache: 0, burst: 64,\n"
		"            punt_ring: 65536, tx_flush_us: 1000, mss_clamp: 0,\n"
		"            rss: l2tp-session, spread: on}\n"
		"neighbor:\n"
		"  reachable_ms: 1000\n"
		"  retrans_ms: 60000\n"
		"  probes: 10\n"
		"  max_entries: 16\n"
		PORTS
		"    gateway: 192.0.2.254\n"
		"  - name: Core-1\n"
		"    device: 0000:01:00.0\n"
		"    role: core\n"
		"    address: 198.51.100.2/31\n"
		"    gateway: 198.51.100.3\n"
		"    vlan: 4094\n"
		"    mtu: 9600\n"
		"    rx_desc: 16384\n"
		"    tx_desc: 64\n"
		"    mac: \"02:00:00:00:00:AB\"\n"), 0);
	assert_int_equal(c->eal.nb_args, 3);
	assert_string_equal(c->eal.args[0], "-l");
	assert_string_equal(c->eal.args[1], "0-1");
	assert_string_equal(c->eal.args[2], "--no-pci");
	assert_int_equal(c->log.level, CFG_LOG_DEBUG);
	assert_int_equal(c->log.nb_modules, 2);
	assert_string_equal(c->log.modules[0].name, "arp");
	assert_int_equal(c->log.modules[0].level, CFG_LOG_DEBUG);
	assert_string_equal(c->log.modules[1].name, "port_2");
	assert_int_equal(c->log.modules[1].level, CFG_LOG_ERR);
	assert_int_equal(c->dataplane.mbufs, 8191);
	assert_int_equal(c->dataplane.mbuf_cache, 0);
	assert_int_equal(c->dataplane.burst, 64);
	assert_int_equal(c->dataplane.punt_ring, 65536);
	assert_int_equal(c->dataplane.tx_flush_us, 1000);
	assert_int_equal(c->dataplane.mss_clamp, 0);
	assert_int_equal(c->dataplane.rss, CFG_RSS_L2TP_SESSION);
	assert_string_equal(cfg_rss_mode_name(c->dataplane.rss),
			    "l2tp-session");
	assert_int_equal(c->dataplane.spread, CFG_SPREAD_ON);
	assert_int_equal(c->neigh.reachable_ms, 1000);
	assert_int_equal(c->neigh.retrans_ms, 60000);
	assert_int_equal(c->neigh.probes, 10);
	assert_int_equal(c->neigh.max_entries, 16);
	assert_int_equal(c->nb_ports, 2);
	assert_int_equal(c->ports[0].gateway, htonl(0xc00002fe));
	assert_string_equal(c->ports[1].name, "Core-1");
	assert_string_equal(c->ports[1].device, "0000:01:00.0");
	assert_int_equal(c->ports[1].role, CFG_PORT_CORE);
	assert_int_equal(c->ports[1].address.len, 31);
	assert_int_equal(c->ports[1].vlan, 4094);
	assert_int_equal(c->ports[1].mtu, 9600);
	assert_int_equal(c->ports[1].rx_desc, 16384);
	assert_int_equal(c->ports[1].tx_desc, 64);
	assert_true(c->ports[1].mac_set);
	assert_memory_equal(c->ports[1].mac, mac, 6);
}

/* "section:" with nothing under it, or {}, keeps the defaults. */
static void
test_empty_sections(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "eal:\nlog: {}\nneighbor: ~\n"
			      "dataplane:\n" PORTS), 0);
	assert_int_equal(fx->cfg.neigh.probes, 3);
	assert_int_equal(fx->cfg.log.level, CFG_LOG_INFO);
	assert_int_equal(fx->cfg.eal.nb_args, 0);
}

/* Path of a shipped example, config/NAME, found from this source file. */
static void
example_path(const char *name, char *out, size_t size)
{
	char base[PATH_MAX], *s;
	ssize_t n;
	int i;

	if (__FILE__[0] == '/') {
		assert_true(snprintf(base, sizeof(base), "%s", __FILE__) <
			    (int)sizeof(base));
	} else {
		/* meson compiles with paths relative to the build root,
		 * three levels above the binary (build/tests/unit/test_cfg).
		 */
		n = readlink("/proc/self/exe", base, sizeof(base) - 1);
		assert_true(n > 0);
		base[n] = '\0';
		for (i = 0; i < 3; i++) {
			s = strrchr(base, '/');
			assert_non_null(s);
			*s = '\0';
		}
		i = (int)strlen(base);
		assert_true(snprintf(base + i, sizeof(base) - (size_t)i,
				     "/%s", __FILE__) < (int)sizeof(base) - i);
	}
	s = strstr(base, "tests/unit/test_cfg.c");
	assert_non_null(s);
	*s = '\0';
	assert_true(snprintf(out, size, "%sconfig/%s", base, name) <
		    (int)size);
}

static void
load_example(void **state, const char *name)
{
	struct fx *fx = *state;
	char path[PATH_MAX];
	int ret;

	example_path(name, path, sizeof(path));
	ret = cfg_load(path, &fx->cfg, &fx->errs);
	if (ret != 0)
		dump(fx);
	assert_int_equal(ret, 0);
	assert_true(fx->cfg.nb_ports >= 1);
}

/* The package's /etc/lnsd/lnsd.yaml: safe to start, touches no NIC. */
static void
test_example_default(void **state)
{
	struct fx *fx = *state;
	bool no_pci = false;
	unsigned int i;

	load_example(state, "lnsd-default.yaml");
	assert_int_equal(fx->cfg.nb_ports, 2);
	for (i = 0; i < fx->cfg.nb_ports; i++) {
		assert_memory_equal(fx->cfg.ports[i].device, "net_null", 8);
		assert_int_equal(fx->cfg.ports[i].driver, CFG_PORT_DRIVER_NONE);
	}
	for (i = 0; i < fx->cfg.eal.nb_args; i++)
		no_pci |= strcmp(fx->cfg.eal.args[i], "--no-pci") == 0;
	assert_true(no_pci);
	assert_false(cfg_l2tp_open_to_any(&fx->cfg));
}

static void
test_example_hw(void **state)
{
	struct fx *fx = *state;

	load_example(state, "lnsd.yaml");
	assert_int_equal(fx->cfg.nb_ports, 2);
	assert_int_equal(fx->cfg.ports[0].role, CFG_PORT_ACCESS);
	assert_int_equal(fx->cfg.ports[1].role, CFG_PORT_CORE);
	assert_int_not_equal(fx->cfg.ports[1].gateway, 0);
	assert_true(fx->cfg.eal.nb_args > 0);
	/* The hardware example is the one to copy: LACs with a secret. */
	assert_false(cfg_l2tp_open_to_any(&fx->cfg));
	assert_int_equal(fx->cfg.ppp.proxy_auth,
			 CFG_PPP_PROXY_AUTH_AUTHENTICATED);
	assert_int_equal(fx->cfg.ports[0].driver, CFG_PORT_DRIVER_VFIO_PCI);
}

static void
test_example_vdev(void **state)
{
	struct fx *fx = *state;

	load_example(state, "lnsd-vdev.yaml");
	assert_int_equal(strncmp(fx->cfg.ports[0].device, "net_af_packet", 13),
			 0);
}

static void
test_example_vlan(void **state)
{
	struct fx *fx = *state;

	load_example(state, "lnsd-vlan.yaml");
	assert_int_equal(fx->cfg.ports[0].vlan, 100);
}

static void
test_file_not_found(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(cfg_load("/nonexistent/lnsd.yaml", &fx->cfg,
				  &fx->errs), -ENOENT);
	assert_int_equal(fx->errs.n, 1);
	assert_string_equal(fx->errs.v[0].file, "/nonexistent/lnsd.yaml");
	assert_int_equal(fx->errs.v[0].line, 0);
	assert_non_null(strstr(fx->errs.v[0].msg, strerror(ENOENT)));
}

static void
test_syntax_error(void **state)
{
	/* Line 3 is indented under a scalar value. */
	expect_one(state, "log:\n  level: info\n   bad: [\n" PORTS,
		   3, 7, "log", "YAML syntax error: mapping values are "
		   "not allowed");
}

static void
test_syntax_error_context(void **state)
{
	/* The flow list is still open at the end of the input. */
	expect_one(state, PORTS "    gateway: [1, 2\n", 7, 1,
		   "ports[0].gateway[2]", "YAML syntax error: did not find "
		   "expected ',' or ']' (while parsing a flow sequence started "
		   "at line 6, column 14)");
}

static void
test_bad_utf8(void **state)
{
	expect_one(state, "log:\n  level: \xff\n", 2, 10, "",
		   "invalid leading UTF-8 octet");
}

static void
test_root_not_map(void **state)
{
	expect_one(state, "- a\n- b\n", 1, 1, "", "top level must be a map "
		   "of sections, got a list");
}

static void
test_multiple_documents(void **state)
{
	struct fx *fx = *state;

	/* A trailing "---" alone is an empty document, not an error. */
	assert_int_equal(load(state, PORTS "---\n"), 0);
	cfg_free(&fx->cfg);
	expect_one(state, PORTS "---\nlog: {level: info}\n", 6, 1, "",
		   "only one YAML document");
}

static void
test_empty_document(void **state)
{
	expect_one(state, "# nothing\n", 1, 1, "ports",
		   "missing required section");
}

static void
test_missing_section(void **state)
{
	expect_one(state, "log:\n  level: info\n", 1, 1, "ports",
		   "missing required section");
}

static void
test_unknown_key(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "portz: 1\n" PORTS
			      "    adress: 192.0.2.9/24\n"
			      "    colour: blue\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 1, 1, "portz", "unknown key (did you mean "
		   "\"ports\"?)");
	expect_err(fx, 1, 7, 5, "ports[0].adress", "unknown key (did you "
		   "mean \"address\"?)");
	expect_err(fx, 2, 8, 5, "ports[0].colour", "unknown key");
	assert_null(strstr(fx->errs.v[2].msg, "mean"));
}

/* control_socket (control/ctl_sock.h): defaults, values, errors. */
static void
test_control_socket(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS), 0);
	assert_string_equal(fx->cfg.ctl_sock.path, "");	/* by file prefix */
	assert_string_equal(fx->cfg.ctl_sock.mode, "0660");
	assert_string_equal(fx->cfg.ctl_sock.group, "");
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, PORTS "control_socket:\n"
			      "  path: /run/x/lnsd.sock\n  mode: \"0640\"\n"
			      "  group: lns-ops\n"), 0);
	assert_string_equal(fx->cfg.ctl_sock.path, "/run/x/lnsd.sock");
	assert_string_equal(fx->cfg.ctl_sock.mode, "0640");
	assert_string_equal(fx->cfg.ctl_sock.group, "lns-ops");
	cfg_free(&fx->cfg);
}

static void
test_control_socket_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS "control_socket:\n"
			      "  path: run/lnsd.sock\n  mode: \"0668\"\n"
			      "  group: \"a b\"\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 7, 9, "control_socket.path", "absolute path");
	expect_err(fx, 1, 8, 9, "control_socket.mode", "octal");
	expect_err(fx, 2, 9, 10, "control_socket.group", "allowed characters");
	cfg_errors_free(&fx->errs);
	memset(&fx->errs, 0, sizeof(fx->errs));
	cfg_free(&fx->cfg);
	expect_one(state, PORTS "control_socket:\n  mode: \"1777\"\n", 7, 9,
		   "control_socket.mode", "at most 0777");
}

static void
test_wrong_type_container(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log: info\n"
			      "eal: {args: -l}\n"
			      "dataplane: [1]\n"
			      "ports:\n"
			      "  - name: [a]\n"
			      "    device: {x: 1}\n"
			      "    role: access\n"
			      "    address: 192.0.2.1/24\n"
			      "  - just-a-string\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 6);
	expect_err(fx, 0, 1, 6, "log", "expected a map, got a scalar");
	expect_err(fx, 1, 2, 13, "eal.args", "expected a list, got a scalar");
	expect_err(fx, 2, 3, 12, "dataplane", "expected a map, got a list");
	expect_err(fx, 3, 5, 11, "ports[0].name",
		   "expected a scalar value, got a list");
	expect_err(fx, 4, 6, 13, "ports[0].device",
		   "expected a scalar value, got a map");
	expect_err(fx, 5, 9, 5, "ports[1]", "expected a map, got a scalar");
}

static void
test_wrong_type_integer(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "dataplane:\n"
			      "  mbufs: abc\n"
			      "  burst: -5\n"
			      "  mbuf_cache: 12x\n"
			      "  punt_ring: 0x100\n"
			      "  tx_flush_us: 99999999999999999999999\n"
			      "neighbor:\n"
			      "  probes: 010\n"
			      "  retrans_ms: 1.5\n"
			      "  max_entries:\n" PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 8);
	expect_err(fx, 0, 2, 10, "dataplane.mbufs",
		   "expected a decimal integer, got \"abc\"");
	expect_err(fx, 1, 3, 10, "dataplane.burst",
		   "negative value \"-5\" (allowed range 1..128)");
	expect_err(fx, 2, 4, 15, "dataplane.mbuf_cache",
		   "expected a decimal integer, got \"12x\"");
	expect_err(fx, 3, 5, 14, "dataplane.punt_ring",
		   "expected a decimal integer, got \"0x100\"");
	expect_err(fx, 4, 6, 16, "dataplane.tx_flush_us",
		   "integer \"99999999999999999999999\" is too large "
		   "(allowed range 1..1000)");
	expect_err(fx, 5, 8, 11, "neighbor.probes", "leading zero");
	expect_err(fx, 6, 9, 15, "neighbor.retrans_ms",
		   "expected a decimal integer, got \"1.5\"");
	expect_err(fx, 7, 10, 15, "neighbor.max_entries", "missing value");
	/* Invalid values leave the defaults in place. */
}

static void
test_static_sessions(void **state)
{
	struct fx *fx = *state;
	const struct cfg_static *st = &fx->cfg.statics;

	assert_int_equal(load(state, "l2tp: {max_tunnels: 8}\n"
			      "static_sessions:\n"
			      "  tunnels: 8\n"
			      "  sessions_per_tunnel: 100\n"
			      "  lac_address: 192.0.2.2\n"
			      "  lac_port_step: 1\n"
			      "  lac_mac: \"02:00:00:00:00:02\"\n"
			      "  sequencing: true\n"
			      "  subscribers: 100.64.0.0/22\n" PORTS), 0);
	assert_true(st->sequencing);
	assert_int_equal(st->tunnels, 8);
	assert_int_equal(st->sessions_per_tunnel, 100);
	assert_int_equal(st->lac_port, 1701);
	assert_int_equal(st->lac_port_step, 1);
	assert_int_equal(st->mru, 1500);
	assert_true(st->lac_mac_set);
	assert_int_equal(st->subscribers.len, 22);
}

static void
test_static_sessions_errors(void **state)
{
	struct fx *fx = *state;

	/* 9 tunnels > 8; 9 x 100 > /23 - 2; overlaps the pool; no MAC. */
	assert_int_equal(load(state, "l2tp: {max_tunnels: 8}\n"
			      "aaa: {pools: [{name: p, prefix: 100.64.1.0/24}]}\n"
			      "static_sessions:\n"
			      "  tunnels: 9\n"
			      "  sessions_per_tunnel: 100\n"
			      "  port: nope\n"
			      "  lac_address: 192.0.2.2\n"
			      "  subscribers: 100.64.0.0/23\n" PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 5);
	/* Missing keys are reported at the section. */
	expect_err(fx, 0, 4, 3, "static_sessions.lac_mac",
		   "required when tunnels is set");
	expect_err(fx, 1, 4, 12, "static_sessions.tunnels",
		   "9 tunnels exceed l2tp.max_tunnels (8)");
	expect_err(fx, 2, 6, 9, "static_sessions.port",
		   "no port named \"nope\"");
	expect_err(fx, 3, 8, 16, "static_sessions.subscribers",
		   "a /23 holds fewer than the 900 subscriber addresses");
	expect_err(fx, 4, 8, 16, "static_sessions.subscribers",
		   "overlaps aaa.pools[0] (\"p\")");
}

static void
test_out_of_range(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "neighbor: {probes: 11}\n"
			      "dataplane: {mss_clamp: 65535}\n" PORTS
			      "    mtu: 575\n"
			      "    vlan: 4095\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 4);
	expect_err(fx, 0, 1, 20, "neighbor.probes",
		   "value 11 out of range (allowed range 1..10)");
	/* The "derived" default is not a value one can write. */
	expect_err(fx, 1, 2, 24, "dataplane.mss_clamp",
		   "value 65535 out of range (allowed range 0..9560)");
	expect_err(fx, 2, 8, 10, "ports[0].mtu",
		   "value 575 out of range (allowed range 576..9600)");
	expect_err(fx, 3, 9, 11, "ports[0].vlan",
		   "value 4095 out of range (allowed range 1..4094)");
}

/* 2^32 fits the 64-bit parser but not a uint32_t field: range error. */
static void
test_u32_overflow(void **state)
{
	expect_one(state, "dataplane: {mbufs: 4294967296}\n" PORTS, 1, 20,
		   "dataplane.mbufs", "value 4294967296 out of range");
}

static void
test_non_power_of_two(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "dataplane: {punt_ring: 1000}\n" PORTS
			      "    rx_desc: 1000\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	expect_err(fx, 0, 1, 24, "dataplane.punt_ring",
		   "value 1000 is not a power of two (allowed: a power of "
		   "two in 64..65536)");
	expect_err(fx, 1, 7, 14, "ports[0].rx_desc",
		   "not a power of two");
}

static void
test_bad_ipv4(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS "    gateway: 192.0.2.300\n"
			      "  - name: b\n"
			      "    device: net_tap0\n"
			      "    role: core\n"
			      "    address: 198.51.100.1/24\n"
			      "    gateway: 224.0.0.1\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	expect_err(fx, 0, 6, 14, "ports[0].gateway",
		   "invalid IPv4 address \"192.0.2.300\"");
	expect_err(fx, 1, 11, 14, "ports[1].gateway", "multicast");
	assert_int_equal(fx->cfg.ports[0].gateway, 0);
}

static void
test_bad_prefix(void **state)
{
	static const char *const bad[][2] = {
		{ "192.0.2.1", "missing /length" },
		{ "192.0.2.1/33", "length must be 0..32" },
		{ "192.0.2/24", "invalid address part" },
		{ "192.0.2.1/", "invalid length" },
		{ "192.0.2.1/2a", "invalid length" },
		{ "192.0.2.1/0", "prefix length 0 out of range (allowed "
		  "range 1..32)" },
		{ "192.0.2.0/24", "network address of its subnet" },
		{ "192.0.2.255/24", "broadcast address of its subnet" },
		{ "127.0.0.1/8", "loopback" },
	};
	char yaml[256];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(yaml, sizeof(yaml), "ports:\n  - name: a\n"
			 "    device: net_tap0\n    role: core\n"
			 "    address: %s\n", bad[i][0]);
		expect_one(state, yaml, 5, 14, "ports[0].address", bad[i][1]);
		fx_teardown(state);
		fx_setup(state);
	}
}

/* /31 and /32 have no network or broadcast address. */
static void
test_prefix_31_32(void **state)
{
	assert_int_equal(load(state, "ports:\n"
			      "  - {name: a, device: net_tap0, role: core,"
			      " address: 10.0.0.0/31}\n"
			      "  - {name: b, device: net_tap1, role: core,"
			      " address: 10.0.1.255/32}\n"), 0);
}

static void
test_bad_mac(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ports:\n"
			      "  - {name: a, device: net_tap0, role: core, "
			      "address: 10.0.0.1/24, mac: \"02:00:00:00:00\"}\n"
			      "  - {name: b, device: net_tap1, role: core, "
			      "address: 10.0.1.1/24, mac: \"02:zz:00:00:00:01\"}\n"
			      "  - {name: c, device: net_tap2, role: core, "
			      "address: 10.0.2.1/24, mac: \"01:00:5e:00:00:01\"}\n"),
			 -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 2, 72, "ports[0].mac", "invalid MAC address");
	expect_err(fx, 1, 3, 72, "ports[1].mac", "invalid MAC address");
	expect_err(fx, 2, 4, 72, "ports[2].mac", "not a unicast address");
	assert_false(fx->cfg.ports[2].mac_set);
}

static void
test_bad_enum(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log: {level: verbose}\n"
			      "ports:\n"
			      "  - name: a\n"
			      "    device: net_tap0\n"
			      "    role: edge\n"
			      "    address: 10.0.0.1/24\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	expect_err(fx, 0, 1, 14, "log.level", "invalid value \"verbose\" "
		   "(allowed: emerg, alert, crit, err, warning, notice, "
		   "info, debug)");
	expect_err(fx, 1, 5, 11, "ports[0].role",
		   "invalid value \"edge\" (allowed: access, core)");
}

/* dataplane.spread: a YAML boolean is not one of its names. */
static void
test_bad_spread(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "dataplane:\n"
			      "  spread: yes\n" PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 1);
	expect_err(fx, 0, 2, 11, "dataplane.spread",
		   "invalid value \"yes\" (allowed: off, auto, on)");
}

static void
test_bad_rss(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "dataplane:\n  rss: session\n"
			      PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 1);
	expect_err(fx, 0, 2, 8, "dataplane.rss", "invalid value \"session\" "
		   "(allowed: outer, l2tp-session)");
}

static void
test_missing_key(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS
			      "  - name: core\n"
			      "    role: core\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	/* Position: the start of the port's map. */
	expect_err(fx, 0, 6, 5, "ports[1].device", "missing required key");
	expect_err(fx, 1, 6, 5, "ports[1].address", "missing required key");
}

static void
test_duplicate_key(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log: {level: info}\n"
			      "log: {level: debug}\n"
			      "dataplane: {burst: 16, burst: 8}\n"
			      PORTS "    role: core\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 2, 1, "log",
		   "duplicate key (first defined at line 1)");
	expect_err(fx, 1, 3, 24, "dataplane.burst", "duplicate key");
	expect_err(fx, 2, 9, 5, "ports[0].role",
		   "duplicate key (first defined at line 7)");
	/* The first definition wins. */
	assert_int_equal(fx->cfg.log.level, CFG_LOG_INFO);
}

static void
test_empty_ports(void **state)
{
	struct fx *fx = *state;

	expect_one(state, "ports: []\n", 1, 8, "ports",
		   "empty list (at least 1 item required)");
	cfg_errors_free(&fx->errs);
	expect_one(state, "ports:\n", 1, 7, "ports", "empty list");
}

static void
test_too_many_ports(void **state)
{
	struct fx *fx = *state;
	char yaml[2048];
	size_t n = 0;
	unsigned int i;

	n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "ports:\n");
	for (i = 0; i <= CFG_MAX_PORTS; i++)
		n += (size_t)snprintf(yaml + n, sizeof(yaml) - n,
			"  - {name: p%u, device: net_tap%u, role: core, "
			"address: 10.0.%u.1/24}\n", i, i, i);
	expect_one(state, yaml, 2 + CFG_MAX_PORTS, 5, "ports",
		   "too many items (9, at most 8)");
	assert_int_equal(fx->cfg.nb_ports, 0);	/* freed on error */
}

static void
test_too_many_eal_args(void **state)
{
	char yaml[1024];
	size_t n = 0;
	unsigned int i;

	n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "eal: {args: [");
	for (i = 0; i <= CFG_MAX_EAL_ARGS; i++)
		n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "%sa",
				      i > 0 ? "," : "");
	n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "]}\n" PORTS);
	expect_one(state, yaml, 1, 14 + 2 * CFG_MAX_EAL_ARGS, "eal.args",
		   "too many items (65, at most 64)");
}

static void
test_string_too_long(void **state)
{
	expect_one(state, "ports:\n"
		   "  - name: abcdefghijabcdefghijabcdefghijabcdefghij\n"
		   "    device: net_tap0\n"
		   "    role: core\n"
		   "    address: 10.0.0.1/24\n", 2, 11, "ports[0].name",
		   "string too long (40 characters, at most 31)");
}

static void
test_bad_strings(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ports:\n"
			      "  - name: \"a b\"\n"
			      "    device: eth0\n"
			      "    role: core\n"
			      "    address: 10.0.0.1/24\n"
			      "  - name: \"\"\n"
			      "    device: \"net_af_packet0,iface=veth 0\"\n"
			      "    role: core\n"
			      "    address: 10.0.1.1/24\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 4);
	expect_err(fx, 0, 2, 11, "ports[0].name", "allowed characters");
	expect_err(fx, 1, 3, 13, "ports[0].device",
		   "expected a PCI address");
	expect_err(fx, 2, 6, 11, "ports[1].name", "must not be empty");
	expect_err(fx, 3, 7, 13, "ports[1].device", "spaces");
}

static void
test_duplicate_name_device(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ports:\n"
			      "  - {name: a, device: 01:00.0, role: core, "
			      "address: 10.0.0.1/24}\n"
			      "  - {name: a, device: 0000:01:00.0, role: core, "
			      "address: 10.0.1.1/24}\n"
			      "  - {name: c, device: \"net_tap0,iface=x\", "
			      "role: core, address: 10.0.2.1/24}\n"
			      "  - {name: d, device: \"net_tap0,iface=y\", "
			      "role: core, address: 10.0.3.1/24}\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 3, 12, "ports[1].name",
		   "duplicate port name \"a\" (also ports[0])");
	expect_err(fx, 1, 3, 23, "ports[1].device",
		   "device \"0000:01:00.0\" is already used by ports[0] (a)");
	expect_err(fx, 2, 5, 23, "ports[3].device",
		   "device \"net_tap0\" is already used by ports[2] (c)");
}

static void
test_overlapping_subnets(void **state)
{
	expect_one(state, PORTS
		   "  - name: core\n"
		   "    device: net_tap0\n"
		   "    role: core\n"
		   "    address: 192.0.2.129/25\n", 9, 14, "ports[1].address",
		   "subnet 192.0.2.128/25 overlaps subnet 192.0.2.0/24 of "
		   "ports[0] (access)");
}

static void
test_gateway(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ports:\n"
			      "  - {name: a, device: net_tap0, role: core, "
			      "address: 10.0.0.1/24, gateway: 10.0.1.1}\n"
			      "  - {name: b, device: net_tap1, role: core, "
			      "address: 10.0.1.1/24, gateway: 10.0.1.1}\n"
			      "  - {name: c, device: net_tap2, role: core, "
			      "address: 10.0.2.1/24, gateway: 10.0.2.255}\n"
			      "  - {name: d, device: net_tap3, role: core, "
			      "address: 10.0.3.1/32, gateway: 10.0.3.2}\n"),
			 -EINVAL);
	assert_int_equal(fx->errs.n, 4);
	expect_err(fx, 0, 2, 76, "ports[0].gateway",
		   "gateway 10.0.1.1 is outside the port's subnet "
		   "10.0.0.0/24");
	expect_err(fx, 1, 3, 76, "ports[1].gateway", "port's own address");
	expect_err(fx, 2, 4, 76, "ports[2].gateway", "broadcast");
	expect_err(fx, 3, 5, 76, "ports[3].gateway", "outside");
}

static void
test_log_modules(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log:\n"
			      "  modules:\n"
			      "    arp: debug\n"
			      "    ARP: info\n"
			      "    port: loud\n"
			      "    arp: err\n"
			      "    abcdefghijabcdefghijabcdefghijab: info\n"
			      PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 4);
	expect_err(fx, 0, 4, 5, "log.modules.ARP", "allowed characters are "
		   "a-z 0-9 _");
	expect_err(fx, 1, 5, 11, "log.modules.port", "invalid value \"loud\"");
	expect_err(fx, 2, 6, 5, "log.modules.arp", "duplicate key");
	expect_err(fx, 3, 7, 5, "log.modules.abcdefghijabcdefghijabcdefghijab",
		   "1..31 characters");
}

/* Two independent errors: both reported, in file order. */
static void
test_multiple_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "neighbor: {probes: 0}\n" PORTS
			      "    mtu: big\n"), -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	expect_err(fx, 0, 1, 20, "neighbor.probes", "out of range");
	expect_err(fx, 1, 7, 10, "ports[0].mtu", "expected a decimal integer");
}

static void
test_errors_print(void **state)
{
	struct fx *fx = *state;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(load(state, "neighbor: {probes: 0}\n" PORTS
			      "    adress: 1.2.3.4/8\n"), -EINVAL);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	cfg_errors_print(f, &fx->errs);
	fclose(f);
	assert_string_equal(out,
		"t.yaml:1:20: neighbor.probes: value 0 out of range "
		"(allowed range 1..10)\n"
		"t.yaml:7:5: ports[0].adress: unknown key (did you mean "
		"\"address\"?)\n");
	free(out);
}

/* Errors accumulate across loads; the return value is per load. */
static void
test_errors_accumulate(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log: 1\n" PORTS), -EINVAL);
	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(fx->errs.n, 1);
	assert_int_equal(cfg_load_buffer("x", "log: 1\n", 7, &fx->cfg, NULL),
			 -EINVAL);
}

static void
test_level_helpers(void **state)
{
	enum cfg_log_level l;

	(void)state;
	assert_string_equal(cfg_log_level_name(CFG_LOG_EMERG), "emerg");
	assert_string_equal(cfg_log_level_name(CFG_LOG_DEBUG), "debug");
	assert_int_equal(cfg_log_level_parse("warning", &l), 0);
	assert_int_equal(l, CFG_LOG_WARNING);
	assert_int_equal(cfg_log_level_parse("warn", &l), -EINVAL);
	assert_int_equal(cfg_log_level_parse(NULL, &l), -EINVAL);
	assert_string_equal(cfg_port_role_name(CFG_PORT_ACCESS), "access");
	assert_string_equal(cfg_port_role_name(CFG_PORT_CORE), "core");
}

/* log.output, log.facility, log.ident (control/ctl_log.c). */
static void
test_log_output_keys(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(fx->cfg.log.output, CFG_LOG_OUT_STDERR);
	assert_int_equal(fx->cfg.log.facility, LOG_DAEMON);
	assert_string_equal(fx->cfg.log.ident, "lnsd");
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, "log:\n  output: syslog\n"
		"  facility: local3\n  ident: lns-1.pop2\n" PORTS), 0);
	assert_int_equal(fx->cfg.log.output, CFG_LOG_OUT_SYSLOG);
	assert_int_equal(fx->cfg.log.facility, LOG_LOCAL3);
	assert_string_equal(fx->cfg.log.ident, "lns-1.pop2");
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, "log: { output: journal }\n" PORTS), 0);
	assert_int_equal(fx->cfg.log.output, CFG_LOG_OUT_JOURNAL);
}

static void
test_log_output_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "log:\n  output: file\n"
		"  facility: kern\n  ident: \"lnsd[1]\"\n" PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 3);
	expect_err(fx, 0, 2, 11, "log.output",
		   "invalid value \"file\" (allowed: stderr, syslog, journal)");
	expect_err(fx, 1, 3, 13, "log.facility", "invalid value \"kern\"");
	expect_err(fx, 2, 4, 10, "log.ident",
		   "allowed characters are A-Z a-z 0-9 _ - .");
}

/* A section added by declaring a table: the walker needs nothing else. */
struct demo {
	bool enabled;
	char secret[8];
	uint16_t port;
};

struct demo_root {
	struct demo demo;
};

static const struct cfg_key demo_keys[] = {
	CFG_KEY_BOOL(struct demo, enabled, "enabled", 1, 0),
	CFG_KEY_STR(struct demo, secret, "secret", "none", NULL,
		    CFG_F_REQUIRED),
	CFG_KEY_U16(struct demo, port, "port", 1, 65535, 1701, 0),
	CFG_KEY_END
};

static const struct cfg_key demo_root_keys[] = {
	CFG_KEY_OBJ(struct demo_root, demo, "demo", demo_keys, 0),
	CFG_KEY_END
};

static void
test_table_driven(void **state)
{
	struct fx *fx = *state;
	struct demo_root r;
	const char *ok = "demo: {enabled: no, secret: s3cr3t}\n";
	const char *bad = "demo: {enabled: maybe, secret: toolongsecret}\n";

	memset(&r, 0, sizeof(r));
	cfg_schema_defaults(demo_root_keys, &r);
	assert_true(r.demo.enabled);
	assert_string_equal(r.demo.secret, "none");
	assert_int_equal(r.demo.port, 1701);
	assert_int_equal(cfg_load_doc("t.yaml", ok, strlen(ok), demo_root_keys,
				      &r, NULL, &fx->errs), 0);
	assert_false(r.demo.enabled);
	assert_string_equal(r.demo.secret, "s3cr3t");
	assert_int_equal(cfg_load_doc("t.yaml", bad, strlen(bad),
				      demo_root_keys, &r, NULL, &fx->errs),
			 -EINVAL);
	assert_int_equal(fx->errs.n, 2);
	expect_err(fx, 0, 1, 17, "demo.enabled", "invalid boolean \"maybe\"");
	expect_err(fx, 1, 1, 32, "demo.secret", "string too long (13 "
		   "characters, at most 7)");
	assert_int_equal(cfg_load_doc("t.yaml", "demo: {}", 8, demo_root_keys,
				      &r, NULL, &fx->errs), -EINVAL);
	expect_err(fx, 2, 1, 7, "demo.secret", "missing required key");
}

static void
test_parsers(void **state)
{
	uint8_t mac[6];
	uint64_t v;
	uint32_t a;

	(void)state;
	assert_int_equal(cfg_parse_uint("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cfg_parse_uint("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(cfg_parse_uint("18446744073709551616", &v), -ERANGE);
	assert_int_equal(cfg_parse_uint("", &v), -EINVAL);
	assert_int_equal(cfg_parse_uint("+1", &v), -EINVAL);
	assert_int_equal(cfg_parse_ipv4("1.2.3.04", &a), -EINVAL);
	assert_int_equal(cfg_parse_ipv4("1.2.3.4 ", &a), -EINVAL);
	assert_int_equal(cfg_parse_mac("02:00:00:00:00:01:", mac), -EINVAL);
	assert_int_equal(cfg_parse_mac("2:00:00:00:00:01", mac), -EINVAL);
	assert_int_equal(cfg_prefix_mask(0), 0);
	assert_int_equal(cfg_prefix_mask(32), UINT32_MAX);
	assert_int_equal(cfg_prefix_mask(24), htonl(0xffffff00));
	assert_null(cfg_check_device("01:00.0"));
	assert_null(cfg_check_device("0000:af:1f.7"));
	assert_non_null(cfg_check_device("0000:af:1f.8"));
	assert_non_null(cfg_check_device("net_"));
	assert_non_null(cfg_check_device("net_a-b"));
}

static void
test_l2tp_section(void **state)
{
	struct fx *fx = *state;
	const struct cfg_l2tp *l;

	assert_int_equal(load(state, PORTS), 0);
	l = &fx->cfg.l2tp;
	assert_string_equal(l->host_name, "lnsd");
	assert_int_equal(l->hello_ms, 60000);
	assert_int_equal(l->receive_window, 16);
	assert_int_equal(l->retransmit_ms, 1000);
	assert_int_equal(l->retransmit_max_ms, 8000);
	assert_int_equal(l->max_retransmits, 5);
	assert_int_equal(l->max_tunnels, 4096);
	assert_string_equal(l->secret, "");
	assert_int_equal(l->nb_peers, 0);
	cfg_free(&fx->cfg);

	assert_int_equal(load(state,
		"l2tp:\n"
		"  host_name: lns1.example.net\n"
		"  secret: s3cret\n"
		"  max_tunnels: 16\n"
		"  peers:\n"
		"    - name: lac1\n"
		"      address: 198.51.100.0/24\n"
		"      secret: other\n"
		"    - address: 203.0.113.7/32\n"
		PORTS), 0);
	l = &fx->cfg.l2tp;
	assert_string_equal(l->host_name, "lns1.example.net");
	assert_string_equal(l->secret, "s3cret");
	assert_int_equal(l->max_tunnels, 16);
	assert_int_equal(l->nb_peers, 2);
	assert_string_equal(l->peers[0].name, "lac1");
	assert_int_equal(l->peers[0].address.addr, htonl(0xc6336400));
	assert_int_equal(l->peers[0].address.len, 24);
	assert_string_equal(l->peers[0].secret, "other");
	assert_string_equal(l->peers[1].name, "");
	assert_int_equal(l->peers[1].address.len, 32);
}

static void
test_l2tp_errors(void **state)
{
	expect_one(state, "l2tp:\n  retransmit_max_ms: 4000\n" PORTS,
		   2, 22, "l2tp.retransmit_max_ms", "8000");
	cfg_errors_free(&((struct fx *)*state)->errs);
	expect_one(state, "l2tp:\n  peers:\n    - name: lac1\n" PORTS,
		   3, 7, "l2tp.peers[0].address", "missing required key");
}

/* The deadlines and limits that bound what one peer can hold. */
static void
test_l2tp_bounds(void **state)
{
	struct fx *fx = *state;
	const struct cfg_l2tp *l = &fx->cfg.l2tp;

	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(l->setup_timeout_ms, 10000);
	assert_int_equal(l->call_setup_timeout_ms, 10000);
	assert_int_equal(l->max_tunnels_per_peer, 64);
	/* Derived by lnsd from max_sessions: not a value one can write. */
	assert_int_equal(l->max_sessions_per_peer, 0);
	assert_int_equal(l->max_half_open_calls_per_tunnel, 256);
	cfg_free(&fx->cfg);

	assert_int_equal(load(state,
		"l2tp:\n"
		"  setup_timeout_ms: 2500\n"
		"  call_setup_timeout_ms: 1000\n"
		"  max_tunnels_per_peer: 1\n"
		"  max_sessions_per_peer: 1048576\n"
		"  max_half_open_calls_per_tunnel: 65535\n"
		PORTS), 0);
	assert_int_equal(l->max_tunnels_per_peer, 1);
	assert_int_equal(l->max_sessions_per_peer, 1048576);
	assert_int_equal(l->max_half_open_calls_per_tunnel, 65535);
	assert_int_equal(l->setup_timeout_ms, 2500);
	assert_int_equal(l->call_setup_timeout_ms, 1000);
}

static void
test_l2tp_bounds_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state,
		"l2tp:\n"
		"  setup_timeout_ms: 999\n"
		"  call_setup_timeout_ms: 3600001\n"
		"  max_tunnels_per_peer: 0\n"
		"  max_sessions_per_peer: 0\n"
		"  max_half_open_calls_per_tunnel: 65536\n"
		PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 5);
	expect_err(fx, 0, 2, 21, "l2tp.setup_timeout_ms",
		   "value 999 out of range (allowed range 1000..3600000)");
	expect_err(fx, 1, 3, 26, "l2tp.call_setup_timeout_ms",
		   "value 3600001 out of range (allowed range 1000..3600000)");
	expect_err(fx, 2, 4, 25, "l2tp.max_tunnels_per_peer",
		   "value 0 out of range (allowed range 1..65535)");
	expect_err(fx, 3, 5, 26, "l2tp.max_sessions_per_peer",
		   "value 0 out of range (allowed range 1..1048576)");
	expect_err(fx, 4, 6, 35, "l2tp.max_half_open_calls_per_tunnel",
		   "value 65536 out of range (allowed range 1..65535)");
}

static void
test_ppp_aaa_sections(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(fx->cfg.ppp.mru, 0);
	assert_int_equal(fx->cfg.ppp.nb_auth, 0);
	assert_int_equal(fx->cfg.ppp.echo_interval_ms, 30000);
	assert_true(fx->cfg.ppp.proxy_lcp);
	/* Proxy authentication from authenticated tunnels only. */
	assert_int_equal(fx->cfg.ppp.proxy_auth,
			 CFG_PPP_PROXY_AUTH_AUTHENTICATED);
	assert_string_equal(cfg_ppp_proxy_auth_name(fx->cfg.ppp.proxy_auth),
			    "authenticated");
	assert_int_equal(fx->cfg.aaa.nb_pools, 0);
	cfg_free(&fx->cfg);

	assert_int_equal(load(state,
		"ppp:\n"
		"  mru: 1452\n"
		"  auth: [mschapv2, chap, pap]\n"
		"  dns1: 192.0.2.53\n"
		"  proxy_lcp: false\n"
		"  proxy_auth: never\n"
		"aaa:\n"
		"  default_pool: subs\n"
		"  pools:\n"
		"    - { name: subs, prefix: 100.64.0.0/16 }\n"
		"    - { name: subs, prefix: 100.65.0.0/24 }\n"
		"  users:\n"
		"    - { name: alice@isp, password: pw, address: 100.64.9.9 }\n"
		"  users_file: /etc/passwd\n"	/* must exist */
		PORTS), 0);
	assert_int_equal(fx->cfg.ppp.mru, 1452);
	assert_int_equal(fx->cfg.ppp.nb_auth, 3);
	assert_int_equal(cfg_ppp_auth_parse(fx->cfg.ppp.auth[0]),
			 CFG_PPP_AUTH_MSCHAPV2);
	assert_int_equal(cfg_ppp_auth_parse(fx->cfg.ppp.auth[2]),
			 CFG_PPP_AUTH_PAP);
	assert_int_equal(fx->cfg.ppp.dns1, htonl(0xc0000235));
	assert_false(fx->cfg.ppp.proxy_lcp);
	assert_int_equal(fx->cfg.ppp.proxy_auth, CFG_PPP_PROXY_AUTH_NEVER);
	assert_int_equal(fx->cfg.aaa.nb_pools, 2);
	assert_int_equal(fx->cfg.aaa.pools[1].prefix.len, 24);
	assert_string_equal(fx->cfg.aaa.users[0].name, "alice@isp");
	assert_int_equal(fx->cfg.aaa.users[0].address, htonl(0x64400909));
	assert_string_equal(fx->cfg.aaa.users_file, "/etc/passwd");
}

static void
test_ppp_aaa_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state,
		"ppp:\n"
		"  auth: [chap, eap]\n"
		"aaa:\n"
		"  default_pool: nope\n"
		"  pools:\n"
		"    - { name: subs, prefix: 100.64.0.0/16 }\n"
		"  users:\n"
		"    - { name: bob, pool: other }\n"
		"    - { name: bob }\n"
		PORTS), -EINVAL);
	assert_int_equal(fx->errs.n, 4);
	expect_err(fx, 0, 2, 16, "ppp.auth[1]", "unknown method \"eap\"");
	expect_err(fx, 1, 4, 17, "aaa.default_pool", "no pool named \"nope\"");
	expect_err(fx, 2, 8, 26, "aaa.users[0].pool", "no pool named \"other\"");
	expect_err(fx, 3, 9, 15, "aaa.users[1].name", "duplicate user \"bob\"");
}

/* aaa.realms and radius: values, defaults and the derived realm. */
static void
test_radius(void **state)
{
	struct fx *fx = *state;
	const struct cfg_radius *r = &fx->cfg.radius;

	assert_int_equal(load(state, PORTS), 0);
	assert_false(cfg_radius_used(&fx->cfg));
	assert_string_equal(r->accounting.spool_dir,
			    "/var/lib/lnsd/acct-spool");
	assert_true(r->require_message_authenticator);
	cfg_free(&fx->cfg);

	assert_int_equal(load(state,
		"aaa:\n"
		"  interim_interval: 600\n"
		"  realms:\n"
		"    - { name: \"\", backend: radius, fallback_local: true }\n"
		"    - { name: staff.example, backend: local, strip: true }\n"
		"radius:\n"
		"  balance: weighted\n"
		"  servers:\n"
		"    - { address: 192.0.2.10, secret: s1, weight: 3 }\n"
		"    - { address: 192.0.2.11, secret: s2, auth_port: 0 }\n"
		"  accounting: { spool_dir: /tmp/x, spool_max_mb: 16 }\n"
		"  dae:\n"
		"    address: 192.0.2.1\n"
		"    clients: [{ address: 192.0.2.10, secret: d1 }]\n"
		PORTS), 0);
	assert_true(cfg_radius_used(&fx->cfg));
	assert_true(cfg_radius_has_auth(&fx->cfg));
	assert_int_equal(fx->cfg.aaa.interim_interval, 600);
	assert_int_equal(fx->cfg.aaa.nb_realms, 2);
	assert_int_equal(fx->cfg.aaa.realms[0].backend, CFG_AAA_RADIUS);
	assert_true(fx->cfg.aaa.realms[0].fallback_local);
	assert_true(fx->cfg.aaa.realms[1].strip);
	assert_int_equal(r->balance, CFG_RADIUS_WEIGHTED);
	assert_int_equal(r->nb_servers, 2);
	assert_int_equal(r->servers[0].auth_port, 1812);
	assert_int_equal(r->servers[0].acct_port, 1813);
	assert_int_equal(r->servers[0].weight, 3);
	assert_int_equal(r->servers[1].auth_port, 0);
	assert_int_equal(r->servers[1].timeout_ms, 1000);
	assert_int_equal(r->accounting.spool_max_mb, 16);
	assert_int_equal(r->dae.port, 3799);
	assert_int_equal(r->dae.nb_clients, 1);
	cfg_free(&fx->cfg);

	/* Servers without realms: the default realm is RADIUS. */
	assert_int_equal(load(state,
		"radius: {servers: [{address: 192.0.2.10, secret: s}]}\n"
		PORTS), 0);
	assert_true(cfg_radius_used(&fx->cfg));
}

static void
test_radius_errors(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state,
		"aaa:\n"
		"  realms:\n"
		"    - { name: a@b, backend: radius }\n"
		"    - { name: A@B, backend: local, fallback_local: true }\n"
		"radius:\n"
		"  servers:\n"
		"    - { address: 192.0.2.10, secret: \"\", auth_port: 0, acct_port: 0 }\n"
		"    - { address: 192.0.2.11 }\n"
		PORTS), -EINVAL);
	if (fx->errs.n != 7)
		dump(fx);
	assert_int_equal(fx->errs.n, 7);
	expect_err(fx, 0, 3, 15, "aaa.realms[0].name", "contains one");
	expect_err(fx, 1, 4, 15, "aaa.realms[1].name", "contains one");
	expect_err(fx, 2, 4, 15, "aaa.realms[1].name", "duplicate realm");
	expect_err(fx, 3, 4, 52, "aaa.realms[1].fallback_local", "only a radius realm");
	expect_err(fx, 4, 7, 7, "radius.servers[0]", "both 0");
	expect_err(fx, 5, 7, 38, "radius.servers[0].secret", "must not be empty");
	expect_err(fx, 6, 8, 7, "radius.servers[1].secret", "missing");
	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);

	/* ... of its own server group. */
	expect_one(state,
		"aaa: {realms: [{name: x, backend: radius, radius_group: wh}]}\n"
		"radius: {servers: [{address: 192.0.2.1, secret: s}]}\n"
		PORTS, 1, 35, "aaa.realms[0].backend",
		"no radius.servers entry of its radius_group");
	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);
	assert_int_equal(load(state,
		"aaa: {realms: [{name: x, backend: radius, radius_group: wh}]}\n"
		"radius: {servers: [{address: 192.0.2.1, secret: s, group: wh}]}\n"
		PORTS), 0);
	assert_string_equal(fx->cfg.radius.servers[0].group, "wh");
	assert_true(cfg_radius_group_has_auth(&fx->cfg, "wh"));
	assert_false(cfg_radius_group_has_auth(&fx->cfg, ""));
	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);

	/* A RADIUS realm needs a server that authenticates. */
	expect_one(state,
		"aaa: {realms: [{name: x, backend: radius}]}\n"
		"radius: {servers: [{address: 192.0.2.1, secret: s, auth_port: 0}]}\n"
		PORTS, 1, 35, "aaa.realms[0].backend",
		"no radius.servers entry has an auth_port");
}

/* ppp.proxy_auth: its three values, and a wrong one named with its place. */
static void
test_ppp_proxy_auth(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ppp: {proxy_auth: always}\n" PORTS), 0);
	assert_int_equal(fx->cfg.ppp.proxy_auth, CFG_PPP_PROXY_AUTH_ALWAYS);
	assert_string_equal(cfg_ppp_proxy_auth_name(fx->cfg.ppp.proxy_auth),
			    "always");
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, "ppp:\n  proxy_auth: authenticated\n"
			      PORTS), 0);
	assert_int_equal(fx->cfg.ppp.proxy_auth,
			 CFG_PPP_PROXY_AUTH_AUTHENTICATED);
	cfg_free(&fx->cfg);
	expect_one(state, "ppp:\n  auth: [chap]\n  proxy_auth: yes\n" PORTS,
		   3, 15, "ppp.proxy_auth",
		   "invalid value \"yes\" (allowed: authenticated, always, "
		   "never)");
}

/* Which configurations let any address open a tunnel without a secret. */
static void
test_l2tp_open_to_any(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *yaml;
		bool open;
	} t[] = {
		{ "", true },
		{ "l2tp: {secret: s}\n", false },
		/* Listed LACs only: not any address. */
		{ "l2tp:\n  peers:\n    - {address: 192.0.2.7/32}\n", false },
		{ "l2tp:\n  peers:\n    - {address: 192.0.2.0/24, secret: a}\n"
		  "    - {address: 0.0.0.0/0}\n", true },
		{ "l2tp:\n  secret: s\n  peers:\n    - {address: 0.0.0.0/0}\n",
		  false },
		{ "l2tp:\n  peers:\n    - {address: 0.0.0.0/0, secret: a}\n"
		  "    - {address: 0.0.0.0/0}\n", false },
	};
	unsigned int i;
	char buf[512];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", t[i].yaml, PORTS);
		assert_int_equal(load(state, buf), 0);
		if (cfg_l2tp_open_to_any(&fx->cfg) != t[i].open)
			fprintf(stderr, "case %u: %s", i, t[i].yaml);
		assert_int_equal(cfg_l2tp_open_to_any(&fx->cfg), t[i].open);
		cfg_free(&fx->cfg);
	}
}

/* metrics: off unless the section is present; its defaults and errors. */
static void
test_metrics(void **state)
{
	struct fx *fx = *state;
	const struct cfg_metrics *m = &fx->cfg.metrics;

	assert_int_equal(load(state, PORTS), 0);
	assert_false(m->enabled);
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, "metrics:\n  address: 127.0.0.1\n"
			      PORTS), 0);
	assert_true(m->enabled);
	assert_int_equal(m->address, htonl(0x7f000001));
	assert_int_equal(m->port, 9101);
	assert_string_equal(m->path, "/metrics");
	assert_int_equal(m->interval_ms, 1000);
	assert_int_equal(m->max_connections, 16);
	assert_int_equal(m->timeout_ms, 2000);
	cfg_free(&fx->cfg);
	expect_one(state, "metrics:\n  port: 9102\n" PORTS,
		   2, 3, "metrics.address", "missing required key");
	cfg_errors_free(&fx->errs);
	cfg_free(&fx->cfg);
	expect_one(state, "metrics:\n  address: 0.0.0.0\n  path: /a b\n"
		   PORTS, 3, 9, "metrics.path", "visible ASCII");
	cfg_errors_free(&fx->errs);
	cfg_free(&fx->cfg);
	expect_one(state, "metrics:\n  address: 0.0.0.0\n  path: metrics\n"
		   PORTS, 3, 9, "metrics.path", "must start with");
}

/* ports[].driver: for lnsd-setup; absent is none; PCI devices only. */
static void
test_port_driver(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, "ports:\n"
			      "  - {name: a, device: 01:00.0, role: access, "
			      "address: 10.0.0.1/24, driver: vfio-pci}\n"
			      "  - {name: b, device: 0000:01:00.1, role: core, "
			      "address: 10.0.1.1/24, driver: uio_pci_generic}\n"
			      "  - {name: c, device: 0000:02:00.0, role: core, "
			      "address: 10.0.2.1/24}\n"), 0);
	assert_int_equal(fx->cfg.ports[0].driver, CFG_PORT_DRIVER_VFIO_PCI);
	assert_int_equal(fx->cfg.ports[1].driver,
			 CFG_PORT_DRIVER_UIO_PCI_GENERIC);
	assert_int_equal(fx->cfg.ports[2].driver, CFG_PORT_DRIVER_NONE);
	cfg_free(&fx->cfg);
	expect_one(state, "ports:\n"
		   "  - {name: a, device: 01:00.0, role: access, "
		   "address: 10.0.0.1/24, driver: igb_uio}\n", 2, 76,
		   "ports[0].driver",
		   "invalid value \"igb_uio\" (allowed: vfio-pci, uio_pci_generic)");
	cfg_errors_free(&fx->errs);
	cfg_free(&fx->cfg);
	expect_one(state, PORTS "    driver: vfio-pci\n", 6, 13,
		   "ports[0].driver", "PCI devices only");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_defaults),
		T(test_minimal),
		T(test_full),
		T(test_empty_sections),
		T(test_example_default),
		T(test_example_hw),
		T(test_example_vdev),
		T(test_example_vlan),
		T(test_file_not_found),
		T(test_syntax_error),
		T(test_syntax_error_context),
		T(test_bad_utf8),
		T(test_root_not_map),
		T(test_multiple_documents),
		T(test_empty_document),
		T(test_missing_section),
		T(test_unknown_key),
		T(test_control_socket),
		T(test_control_socket_errors),
		T(test_wrong_type_container),
		T(test_wrong_type_integer),
		T(test_out_of_range),
		T(test_static_sessions),
		T(test_static_sessions_errors),
		T(test_u32_overflow),
		T(test_non_power_of_two),
		T(test_bad_ipv4),
		T(test_bad_prefix),
		T(test_prefix_31_32),
		T(test_bad_mac),
		T(test_bad_enum),
		T(test_bad_rss),
		T(test_bad_spread),
		T(test_missing_key),
		T(test_duplicate_key),
		T(test_empty_ports),
		T(test_too_many_ports),
		T(test_too_many_eal_args),
		T(test_string_too_long),
		T(test_bad_strings),
		T(test_duplicate_name_device),
		T(test_overlapping_subnets),
		T(test_gateway),
		T(test_log_modules),
		T(test_multiple_errors),
		T(test_errors_print),
		T(test_errors_accumulate),
		T(test_level_helpers),
		T(test_log_output_keys),
		T(test_log_output_errors),
		T(test_table_driven),
		T(test_parsers),
		T(test_l2tp_section),
		T(test_l2tp_errors),
		T(test_metrics),
		T(test_l2tp_bounds),
		T(test_l2tp_bounds_errors),
		T(test_ppp_aaa_sections),
		T(test_ppp_aaa_errors),
		T(test_radius),
		T(test_radius_errors),
		T(test_ppp_proxy_auth),
		T(test_l2tp_open_to_any),
		T(test_port_driver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
