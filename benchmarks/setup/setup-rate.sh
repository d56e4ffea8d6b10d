#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Session setup rate and memory per session: lns-lacgen against lnsd over
# memif (both DPDK, shared memory, no kernel on the path). Every session
# is full signalling: SCCRQ..ICCN (tunnel authentication), LCP, CHAP
# against lnsd's local users file, IPCP with a pool address, dataplane ADD.
#
# usage: benchmarks/setup/setup-rate.sh [BUILD] [TUNNELS] [SESSIONS_PER_TUNNEL] [ECHO_MS]
#   defaults: build 64 1000 (64,000 sessions); 256 4096 is 1,048,576.
#   ECHO_MS: lnsd's ppp.echo_interval_ms (default 30000, lnsd's; 0 = off).
#   SETUP_EXTRA_YAML (environment): a file appended to lnsd's YAML (e.g.
#   a radius section: benchmarks/setup/setup-radius.sh); SETUP_TARGET the
#   target in sessions/s (default 10000); SETUP_LABEL names the run.
# Prints human lines and one JSON line (last line) with: sessions, setup
# time (lacgen: first SCCRQ to last IPCP-open), sessions/s over the whole
# run and sustained (median of lnsd's per-second up counts between 10% and
# 90% of the run), lnsd's RSS before and with every session up, and the
# RSS growth per session, split into glibc's heap, DPDK's memory, the
# memif transport's packet buffers and the rest
# (benchmarks/setup/setup-smaps.py says how each is recognised in
# /proc/PID/smaps). A measurement, never an assertion.
# Before the run, the same lnsd with l2tp.max_sessions = SETUP_BASE_SLOTS
# (default 1024; 0 skips it) is started and stopped: its RSS gives what
# lnsd keeps resident per max_sessions slot from the start, and the total
# per session with every session up (docs/benchmarks.md, "Memory per
# session").
set -u
BUILD=$(cd "${1:-build}" && pwd)
T=${2:-64}
S=${3:-1000}
ECHO=${4:-30000}
N=$((T * S))
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
ID=$(printf '%04x' $((RANDOM)))
PREFIX=lnssetup$ID
DIR=$(mktemp -d "/tmp/lnssetup.$ID.XXXX")
SOCK=$DIR/memif.sock
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "/var/run/dpdk/$PREFIX" "/var/run/dpdk/${PREFIX}g"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Memory: ~1.5 KiB of DPDK memory per session slot (tables, FIBs,
# counters; docs/packaging.md "Sizing a box") plus fixed pools.
MEM=$(( N * 3 / 2048 + 512 ))
[ "$MEM" -lt 1024 ] && MEM=1024
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) print "user" i " pw" }' >"$DIR/users"
cat >"$DIR/lnsd.yaml" <<YAML
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "$MEM"]
log:
  level: notice
l2tp:
  secret: bench-secret
  max_tunnels: $((T < 64 ? 64 : T))
  max_sessions_per_tunnel: $S
  max_sessions: $N
  max_tunnels_per_peer: $((T < 64 ? 64 : T))   # lacgen: one address
  max_sessions_per_peer: $N
  # One lacgen address opens every tunnel and call: no per-peer or global
  # SCCRQ/ICRQ rate limit in a benchmark of the setup rate itself.
  sccrq_rate_per_peer: 0
  icrq_rate_per_peer: 0
  icrq_rate: 0
  retransmit_ms: 1000
ppp:
  auth: [chap]
  setup_timeout_ms: 600000
  echo_interval_ms: $ECHO
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/10 }
  users_file: $DIR/users
ports:
  - name: access
    device: "net_memif0,role=server,socket=$SOCK,rsize=14"
    role: access
    address: 198.51.100.1/24
YAML
[ -n "${SETUP_EXTRA_YAML:-}" ] && cat "$SETUP_EXTRA_YAML" >>"$DIR/lnsd.yaml"
start_lnsd() {	# YAML LOG: lnsd in the background until event=running (LNSD)
	"$BUILD/lnsd" --config "$1" -- --file-prefix "$PREFIX" >"$2" 2>&1 &
	LNSD=$!
	PIDS+=("$LNSD")
	for _ in $(seq 600); do
		grep -q "event=running" "$2" && return 0
		kill -0 "$LNSD" 2>/dev/null || { cat "$2"; exit 1; }
		sleep 0.1
	done
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$LNSD/status"; }
smaps() { "$PY" "$ROOT/benchmarks/setup/setup-smaps.py" "$LNSD" "$MEM"; }
# DPDK's heap in use (KiB): with hugepages all of it is resident, touched
# or not, so "with hugepages" counts it whole in place of its touched
# pages (docs/benchmarks.md, "Memory per session").
dpdk_alloc() {
	"$PY" "$ROOT/tools/lnsctl" -p "$PREFIX" --json telemetry raw \
		/eal/heap_info,0 2>/dev/null | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
d = d.get('/eal/heap_info', d)
print(int(d['Alloc_size']) // 1024)" 2>/dev/null || echo 0
}
BASE_SLOTS=${SETUP_BASE_SLOTS:-1024}
RSSB=0
if [ "$BASE_SLOTS" -gt 0 ] && [ "$BASE_SLOTS" -lt "$N" ]; then
	# The same lnsd (same EAL memory, ports, pools) for fewer slots.
	sed -e "s/^  max_sessions: .*/  max_sessions: $BASE_SLOTS/" \
		-e "s/^  max_sessions_per_peer: .*/  max_sessions_per_peer: $BASE_SLOTS/" \
		"$DIR/lnsd.yaml" >"$DIR/lnsd-base.yaml"
	start_lnsd "$DIR/lnsd-base.yaml" "$DIR/lnsd-base.log"
	sleep 1
	RSSB=$(rss)
	smaps >"$DIR/smapsB.json"
	ALLOCB=$(dpdk_alloc)
	kill -TERM "$LNSD"; wait "$LNSD" 2>/dev/null
	rm -rf "/var/run/dpdk/$PREFIX"
else
	BASE_SLOTS=0
fi
start_lnsd "$DIR/lnsd.yaml" "$DIR/lnsd.log"
lnsctl() { "$PY" "$ROOT/tools/lnsctl" -p "$PREFIX" --json "$@"; }
up() { lnsctl ppp | "$PY" -c "import json,sys; print(json.load(sys.stdin)['sessions_up'])" 2>/dev/null; }
sleep 1
RSS0=$(rss)
smaps >"$DIR/smaps0.json"

"$BUILD/tools/lacgen/lns-lacgen" --lns-ip 198.51.100.1 \
	--local-ip 198.51.100.2/24 --secret bench-secret --tunnels "$T" \
	--sessions "$S" --ppp --auth chap --password pw --rx-queues 2 \
	--hold 3600 --timeout 3600 --json \
	-- --no-pci --no-huge -m "$MEM" -l 0 --file-prefix "${PREFIX}g" \
	--log-level=warning --vdev "net_memif0,role=client,socket=$SOCK,rsize=14" \
	>"$DIR/lacgen.json" 2>"$DIR/lacgen.log" &
LG=$!
PIDS+=("$LG")
T0=$(date +%s.%N)
: >"$DIR/up.txt"
while :; do
	u=$(up)
	echo "$(date +%s.%N) ${u:-0}" >>"$DIR/up.txt"
	[ "${u:-0}" -ge "$N" ] && break
	kill -0 "$LG" 2>/dev/null || break
	grep -q "phase=hold" "$DIR/lacgen.log" && [ "${u:-0}" -ge "$N" ] && break
	sleep 1
done
RSS1=$(rss)
smaps >"$DIR/smaps1.json"
ALLOC1=$(dpdk_alloc)
UP=$(up)
for w in ppp l2tp stats dataplane; do lnsctl "$w" >"$DIR/lnsd-$w.json" 2>/dev/null; done
# lacgen prints its summary when the hold ends (SIGUSR1); lnsd is stopped
# first: DPDK 22.11's memif PMD can crash a poller whose peer goes away.
kill -TERM "$LNSD"; wait "$LNSD" 2>/dev/null
kill -USR1 "$LG" 2>/dev/null
for _ in $(seq 100); do kill -0 "$LG" 2>/dev/null || break; sleep 0.1; done
kill "$LG" 2>/dev/null; wait "$LG" 2>/dev/null
"$PY" - "$DIR" "$N" "$T" "$S" "${UP:-0}" "$RSS0" "$RSS1" "$T0" "$ECHO" \
	"${SETUP_TARGET:-10000}" "${SETUP_LABEL:-local users}" "$RSSB" "$BASE_SLOTS" \
	"${ALLOCB:-0}" "${ALLOC1:-0}" <<'EOF'
import json, statistics, sys
d, n, t, s, up, rss0, rss1, t0, echo, target, label, rssb, nb, allocb, alloc1 = sys.argv[1:]
allocb, alloc1 = int(allocb), int(alloc1)
target = int(target)
n, up, rss0, rss1, t0 = int(n), int(up), int(rss0), int(rss1), float(t0)
rssb, nb = int(rssb), int(nb)
try:
    lg = json.loads(open(d + "/lacgen.json").read().strip().splitlines()[-1])
except (OSError, ValueError, IndexError):
    lg = {}
pts = [tuple(map(float, l.split())) for l in open(d + "/up.txt") if l.strip()]
rates = []
for (a, x), (b, y) in zip(pts, pts[1:]):
    if 0.1 * n <= y <= 0.9 * n and b > a:
        rates.append((y - x) / (b - a))
setup = lg.get("setup_time_s") or (pts[-1][0] - t0 if pts else 0)
res = {
    "bench": "setup_rate", "transport": "memif", "tunnels": int(t),
    "sessions_per_tunnel": int(s), "sessions": n, "sessions_up": up,
    "setup_time_s": round(setup, 3),
    "sessions_per_s": round(up / setup, 1) if setup else 0,
    "sessions_per_s_sustained": round(statistics.median(rates), 1) if rates else None,
    "lnsd_rss_kib_before": rss0, "lnsd_rss_kib_up": rss1,
    "lnsd_rss_bytes_per_session": round((rss1 - rss0) * 1024 / up) if up else None,
    # The same lnsd at nb slots: resident per slot from the start, and
    # everything lnsd holds beyond it per session with all of them up.
    "lnsd_rss_kib_base": rssb if nb else None, "base_slots": nb if nb else None,
    "lnsd_rss_bytes_per_slot": round((rss0 - rssb) * 1024 / (n - nb)) if nb else None,
    "lnsd_rss_bytes_per_session_total": round((rss1 - rssb) * 1024 / up) if nb and up else None,
    "target_sessions_per_s": target, "aaa": label,
    "lcp_echo_interval_ms": int(echo),
}
try:
    ppp = json.load(open(d + "/lnsd-ppp.json"))
    res["lnsd_ppp"] = {k: v for k, v in ppp.items() if v and k != "sessions_up"}
except (OSError, ValueError):
    pass
# The growth by owner (setup-smaps.py): glibc heap, DPDK, memif, rest.
try:
    m0, m1 = (json.load(open(f"{d}/smaps{i}.json")) for i in (0, 1))
except (OSError, ValueError):
    m0 = m1 = None
for k in ("heap", "dpdk", "memif", "rest"):
    res[f"lnsd_rss_{k}_bytes_per_session"] = \
        round((m1[k] - m0[k]) * 1024 / up) if m0 and up else None
# With hugepages: everything but DPDK's memory as resident now, plus
# DPDK's heap in use whole, against the same for the base lnsd.
try:
    mb = json.load(open(f"{d}/smapsB.json"))
except (OSError, ValueError):
    mb = None
if nb and up and mb and m1 and allocb and alloc1:
    res["lnsd_dpdk_alloc_kib_base"] = allocb
    res["lnsd_dpdk_alloc_kib_up"] = alloc1
    res["lnsd_bytes_per_session_total_hugepages"] = round(
        ((rss1 - m1["dpdk"]) - (rssb - mb["dpdk"]) + (alloc1 - allocb))
        * 1024 / up)
else:
    res["lnsd_bytes_per_session_total_hugepages"] = None
res["lacgen"] = {k: lg.get("sessions", {}).get(k) for k in ("failed", "ppp_up")} if lg else None
res["met"] = bool(res["sessions_per_s"] >= target and up == n)
print(f"setup ({label}): {up}/{n} sessions up ({t} tunnels x {s}, LCP echo {echo} ms) in {res['setup_time_s']} s: "
      f"{res['sessions_per_s']} sessions/s (sustained {res['sessions_per_s_sustained']}), "
      f"lnsd RSS {rss0} -> {rss1} KiB = {res['lnsd_rss_bytes_per_session']} B/session"
      f" (heap {res['lnsd_rss_heap_bytes_per_session']}, DPDK {res['lnsd_rss_dpdk_bytes_per_session']},"
      f" memif {res['lnsd_rss_memif_bytes_per_session']}, rest {res['lnsd_rss_rest_bytes_per_session']})"
      + (f" (+ {res['lnsd_rss_bytes_per_slot']} B/slot resident at start: {res['lnsd_rss_bytes_per_session_total']} "
         f"B/session in all, against lnsd at {nb} slots {rssb} KiB; with hugepages, "
         f"DPDK's whole heap counted: {res['lnsd_bytes_per_session_total_hugepages']} B/session)"
         if nb else "") + "; "
      f"target >= {target}/s {'met' if res['met'] else 'MISSED'}")
print(json.dumps(res))
EOF
