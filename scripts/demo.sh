#!/usr/bin/env bash
# make demo: lnsd on virtual ports, no NIC needed.
#   [access host ns] --veth-- [lnsd ns: access port | core port] --veth-- [core host ns]
# Shows the hosts pinging lnsd's addresses, lnsd's ARP table (its gateway
# resolved by ARP) and counters, then stops lnsd and removes everything.
set -u
E2E_BIN=$(cd "${1:-build}" && pwd)
. "$(dirname "$0")/../tests/e2e/lib.sh"
e2e_require_root

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

LNS=$E2E_PREFIX-l ACC=$E2E_PREFIX-a CORE=$E2E_PREFIX-c
e2e_netns "$LNS"; e2e_netns "$ACC"; e2e_netns "$CORE"
e2e_veth "$LNS" "a$E2E_ID" "$ACC" "ah$E2E_ID"
e2e_veth "$LNS" "c$E2E_ID" "$CORE" "ch$E2E_ID"
ip -n "$ACC" addr add 198.51.100.2/24 dev "ah$E2E_ID"
ip -n "$CORE" addr add 203.0.113.2/24 dev "ch$E2E_ID"

sed -e "s/@ACC@/a$E2E_ID/; s/@CORE@/c$E2E_ID/" \
	"$E2E_ROOT/config/lnsd-demo.yaml.in" >"$E2E_DIR/lnsd.yaml"

say "configuration ($E2E_DIR/lnsd.yaml)"
cat "$E2E_DIR/lnsd.yaml"
"$E2E_BIN/lnsd" --config "$E2E_DIR/lnsd.yaml" --check || exit 1

say "starting lnsd in namespace $LNS (access a$E2E_ID, core c$E2E_ID)"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
grep -E "event=(up|running)" "$E2E_DIR/lnsd.log"

say "access host (LAC side, 198.51.100.2) pings lnsd's access address 198.51.100.1"
ip netns exec "$ACC" ping -c 3 -i 0.2 198.51.100.1
say "core host (203.0.113.2, lnsd's gateway) pings lnsd's core address 203.0.113.1"
ip netns exec "$CORE" ping -c 3 -i 0.2 203.0.113.1

say "lnsctl ports"
e2e_lnsctl ports
say "lnsctl neighbors (the gateway was resolved by lnsd, the access host learnt)"
e2e_lnsctl neighbors
say "lnsctl stats (non-zero counters)"
e2e_lnsctl stats

say "stopping lnsd (SIGTERM)"
kill -TERM "$LNSD_PID"; wait "$LNSD_PID"; echo "lnsd exited with status $?"
grep -E "event=(stopping|down)" "$E2E_DIR/lnsd.log"
