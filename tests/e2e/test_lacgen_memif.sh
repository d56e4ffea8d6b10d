#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lns-lacgen against lnsd over memif (shared memory between two DPDK
# processes, no kernel on the path): 16 tunnels x 1000 sessions with
# tunnel authentication, then teardown. Prints the setup rate (a
# measurement, not an assertion: targets live in benchmarks/).
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

LNS=$E2E_PREFIX-l
e2e_netns "$LNS"
SOCK="$E2E_DIR/memif.sock"
cat >"$E2E_DIR/lnsd.yaml" <<YAML
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "512"]
l2tp:
  secret: memif-secret
  retransmit_ms: 200
  icrq_rate_per_peer: 0     # one address carries all 16000, as fast as it can
ports:
  - name: access
    device: "net_memif0,role=server,socket=$SOCK"
    role: access
    address: 198.51.100.1/24
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# lnsd has one worker: TX queues 0 (worker) and 1 (control) -> 2 RX queues.
# memif uses an abstract socket by default: same network namespace. lnsd
# is queried while lacgen holds the sessions: DPDK 22.11's memif PMD can
# crash a poller when its peer disconnects (docs/lacgen.md), so nothing
# is asked of lnsd after lacgen is gone.
e2e_lacgen -b -n "$LNS" -d "net_memif0,role=client,socket=$SOCK" lacgen.json \
	--lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--secret memif-secret --tunnels 16 --sessions 1000 --rx-queues 2 \
	--hold 3 --teardown --timeout 60 --json
e2e_check "lnsd counted 16 tunnels and 16000 sessions opened" \
	e2e_wait 100 e2e_json_is l2tp "(d['tunnels_opened'], d['sessions_opened'])" "(16, 16000)"
wait "$LACGEN_PID"
rc=$?
echo "# lacgen: $(tail -1 "$E2E_DIR/lacgen.json")"
e2e_ok "$rc" "lacgen over memif: all 16 tunnels and 16000 sessions up, then closed cleanly"
echo "# setup rate over memif: $(e2e_lacgen_json lacgen.json "d['sessions_per_s']") sessions/s (L2TP only, no PPP yet)"
e2e_done
