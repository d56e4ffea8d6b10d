#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# dataplane.rss: l2tp-session on a port whose PMD has no rte_flow
# (net_af_packet): lnsd with 2 workers (2 RX queues a port, qpairs=2)
# starts, logs the fallback to the software spread stage for the access
# port with the PMD's message, and lnsctl's port JSON (telemetry and the
# control socket) says so; the core port is not touched. With one worker
# (one RX queue) there is nothing to spread: lnsd logs that instead and
# tries no rule. The rule itself is written for the iavf PMD; no such NIC
# here (docs/operations.md).
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology 198.51.100.2/24
e2e_core_topology

# lnsd.yaml for the lcore list $1 (EAL --lcores).
rss_yaml() {
	e2e_yaml_mq "$1"
	cat <<YAML
dataplane:
  rss: l2tp-session
YAML
}

# Two workers: lcore 0 is the control lcore, 1 and 2 share CPU 1.
rss_yaml "0@0,1@1,2@1" >"$E2E_DIR/lnsd.yaml"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

e2e_check "the access port came up with 2 RX queues (one a worker)" \
	grep -q "port=access event=up .* rxq=2 " "$E2E_DIR/lnsd.log"
e2e_check "lnsd logged the fallback for the access port, with the PMD's message" \
	grep -q 'port=access event=rss-fallback mode=outer error="Function not implemented" .*falls back to the software spread stage (dataplane.spread)' \
	"$E2E_DIR/lnsd.log"
e2e_check "exactly one fallback line, none for the core port, no rule reported in place" \
	test "$(grep -c 'event=rss' "$E2E_DIR/lnsd.log"):$(grep -c 'port=core event=rss' "$E2E_DIR/lnsd.log"):$(grep -c 'mode=l2tp-session' "$E2E_DIR/lnsd.log")" = "1:0:0"
e2e_check "lnsctl: the access port's rss is the fallback, the core port's the outer hash" \
	test "$(e2e_json ports "[(p['name'], p['rx_queues'], p['rss']) for p in d.values()]")" = \
	"[('access', 2, 'outer (fallback: Function not implemented)'), ('core', 2, 'outer')]"
e2e_check "lnsctl show ports (the control socket) says the same" \
	test "$(e2e_lnsctl --json show ports | e2e_jexpr "[p['rss'] for p in d['ports']]")" = \
	"['outer (fallback: Function not implemented)', 'outer']"
e2e_check "the access host pings lnsd's access address after the fallback" \
	ip netns exec "$ACC" ping -c 3 -i 0.2 -W 2 198.51.100.1
e2e_check "lnsd stops cleanly (the ports' rules removed, none to destroy)" \
	e2e_stop_lnsd
mv "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-2workers.log"	# e2e_lnsd reuses the name

# One worker: one RX queue, nothing to spread.
rss_yaml "0@0,1@1" >"$E2E_DIR/lnsd.yaml"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_check "one worker: lnsd logged that one RX queue has nothing to spread, and no fallback" \
	test "$(grep -c 'port=access event=rss mode=outer queues=1 reason="one rx queue: nothing to spread"' "$E2E_DIR/lnsd.log"):$(grep -c 'rss-fallback' "$E2E_DIR/lnsd.log")" = "1:0"
e2e_check "one worker: lnsctl shows the access port's rss as the outer hash, one rx queue" \
	e2e_json_is ports "d['access']['rss']" "outer (one rx queue)"
e2e_stop_lnsd

e2e_done
