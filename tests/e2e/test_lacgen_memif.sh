#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lns-lacgen against lnsd over memif (shared memory between two DPDK
# processes, no kernel on the path): 16 tunnels x 1000 sessions with
# tunnel authentication, then teardown. Prints the setup rate (a
# measurement, not an assertion: targets live in benchmarks/).
. "$(dirname "$0")/lib.sh"
e2e_require_root
LACGEN="$E2E_BIN/tools/lacgen/lns-lacgen"
[ -x "$LACGEN" ] || e2e_bail "lns-lacgen not built"

LNS=$E2E_PREFIX-l
e2e_netns "$LNS"
SOCK="$E2E_DIR/memif.sock"
cat >"$E2E_DIR/lnsd.yaml" <<YAML
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "512"]
l2tp:
  secret: memif-secret
  retransmit_ms: 200
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
ip netns exec "$LNS" "$LACGEN" --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--secret memif-secret --tunnels 16 --sessions 1000 --rx-queues 2 \
	--hold 3 --teardown --timeout 60 --json \
	-- --no-pci --no-huge -m 512 -l 0 --file-prefix "${E2E_PREFIX}g" \
	--log-level=warning --vdev "net_memif0,role=client,socket=$SOCK" \
	>"$E2E_DIR/lacgen.json" 2>"$E2E_DIR/lacgen.log" &
LG=$!
E2E_PIDS+=("$LG")
opened() {
	for _ in $(seq 100); do
		[ "$(e2e_json l2tp "(d['tunnels_opened'], d['sessions_opened'])" 2>/dev/null)" = "(16, 16000)" ] && return 0
		sleep 0.1
	done
	return 1
}
e2e_check "lnsd counted 16 tunnels and 16000 sessions opened" opened
wait "$LG"
rc=$?
E2E_LAST=$(tail -1 "$E2E_DIR/lacgen.json")
echo "# lacgen: $E2E_LAST"
e2e_ok "$rc" "lacgen over memif: all 16 tunnels and 16000 sessions up, then closed cleanly"
jq_() { echo "$E2E_LAST" | "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
echo "# setup rate over memif: $(jq_ "d['sessions_per_s']") sessions/s (L2TP only, no PPP yet)"
e2e_done
