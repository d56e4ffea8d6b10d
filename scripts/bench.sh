#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Run lns-bench's full matrix and regenerate benchmarks/RESULTS.md.
# usage: scripts/bench.sh [BUILD_DIR] [extra lns-bench options...]
#
#   1. {up, down, mix} x {64, imix} x {1k, 64k, 1M sessions}, lnsd's
#      default limits, each beside its I/O-only baseline and the plain
#      IPv4 forwarding reference (the default lns-bench run);
#   2. upstream again with tight limits (max_tunnels x
#      max_sessions_per_tunnel = the layout): the same upstream index, so
#      the same cost, or the defaults would need tuning;
#   3. if perf is installed: cpu-clock profiles of the worker thread
#      (up and down, 64B, 64k sessions), top symbols and source lines;
#   4. the tables' memory at l2tp.max_sessions = 1M (lns-bench --memory).
#
# Hugepages: used when at least BENCH_HUGE_MB (default 4096) MiB are free;
# with BENCH_SETUP_HUGEPAGES=1 this script reserves them first (machine-
# wide state: it says so, and BENCH_RELEASE_HUGEPAGES=1 gives them back).
# Otherwise the run uses --no-huge (4 KiB pages: TLB misses cost more,
# the report says which). The worker and generator threads run at nice
# BENCH_NICE (default -20, also their autogroup's, put back at exit): on a
# shared machine other sessions' busy tasks otherwise take half the
# worker's CPU. Takes 3-5 minutes on a 2-vCPU machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
[ $# -gt 0 ] && shift
BUILD=$(cd "$BUILD" && pwd)
BENCH="$BUILD/benchmarks/bench/lns-bench"
OUT="$BUILD/bench-results"
HUGE_MB=${BENCH_HUGE_MB:-4096}
PY=/usr/bin/python3
mkdir -p "$OUT"
# BENCH_REPORT_ONLY=1: rewrite RESULTS.md from the last run's outputs.
if [ "${BENCH_REPORT_ONLY:-0}" != 1 ]; then
rm -f "$OUT"/*.out "$OUT"/*.perf "$OUT"/*.txt

huge_free_mb() {
	awk '/^HugePages_Free/ {f=$2} /^Hugepagesize/ {s=$2} END {print int(f*s/1024)}' /proc/meminfo
}

if [ "$(huge_free_mb)" -lt "$HUGE_MB" ] && [ "${BENCH_SETUP_HUGEPAGES:-0}" = 1 ]; then
	echo "bench: reserving $HUGE_MB MiB of 2 MiB hugepages (machine-wide)"
	mkdir -p /dev/hugepages
	mountpoint -q /dev/hugepages || mount -t hugetlbfs nodev /dev/hugepages
	cur=$(cat /proc/sys/vm/nr_hugepages)
	echo $((cur + HUGE_MB / 2)) >/proc/sys/vm/nr_hugepages
fi
NICE=${BENCH_NICE:--20}
MEMOPT=(--huge --nice "$NICE")
MEMNOTE="2 MiB hugepages (--huge)"
if [ "$(huge_free_mb)" -lt "$HUGE_MB" ]; then
	MEMOPT=(--nice "$NICE")
	MEMNOTE="no hugepages (--no-huge, 4 KiB pages; set BENCH_SETUP_HUGEPAGES=1 for hugepages)"
fi
echo "bench: memory: $MEMNOTE"

run() {	# NAME ARGS...: one lns-bench run, its output kept
	local name=$1; shift
	echo "bench: lns-bench ${MEMOPT[*]} $*" | tee "$OUT/$name.cmd"
	"$BENCH" "${MEMOPT[@]}" "$@" 2>"$OUT/$name.err" | tee "$OUT/$name.out" | grep -v '^{'
}

cat /proc/loadavg >"$OUT/loadavg-start.txt"
run matrix "$@"
run tight --dir up --limits tight --no-io --no-plain "$@"
# QoS on every session (docs/qos.md): the policer upstream, the shaper
# downstream, each with every packet conforming and with half of them over
# the rate, beside the same tables without QoS in the same run.
run qos --dir up,down --size 64 --sessions 1k,64k --qos none,conform,drop-half --no-io --no-plain "$@"
# IPv6 inner packets (docs/ipv6.md): sessions with a /64 and a delegated
# /56 each, beside IPv4 on the same tables in the same run.
run ipv6 --dir up,down --size 64 --sessions 1k,64k --family 4,6 --no-io --no-plain "$@"
# The software spread stage (dataplane.spread): every upstream frame
# through the worker's ring to itself, beside the same tables without it.
run spread --dir up --size 64 --sessions 1k,64k --spread off,on --no-io --no-plain "$@"
# Memory per max_sessions slot and per live session at 1M, lnsd's default
# limits; no traffic, a few seconds.
run memory --memory --sessions 1M "$@"
cat /proc/loadavg >"$OUT/loadavg-end.txt"

# Profiles: the worker thread of a 64k-session run, sampled by cpu-clock
# (this VM has no hardware counters). Inline fast-path code shows up in
# its caller (dp_rx_port, dp_fwd_*_burst); srcline gives the header lines.
profile() {	# NAME ARGS...
	local name=$1 pid tid i; shift
	# --nice 0: perf cannot attach to the reniced threads here (ESRCH).
	"$BENCH" "${MEMOPT[@]}" --nice 0 --no-io --no-plain --seconds 12 --sessions 64k --size 64 "$@" \
		>"$OUT/prof-$name.log" 2>&1 &
	pid=$!
	for i in $(seq 100); do
		grep -q '^# sessions' "$OUT/prof-$name.log" 2>/dev/null && break
		sleep 0.1
	done
	tid=$(sed -n 's/.* tid \([0-9]*\) .*/\1/p' "$OUT/prof-$name.log" | head -1)
	sleep 1
	if [ -n "$tid" ]; then
		perf record -q -e cpu-clock -F 4999 -g -t "$tid" -o "$OUT/prof-$name.perf" -- sleep 5 \
			>/dev/null 2>&1 || true
	fi
	wait "$pid" || true
	if [ -s "$OUT/prof-$name.perf" ]; then
		perf report -i "$OUT/prof-$name.perf" --stdio --no-children --sort symbol \
			-g none --percent-limit 1 2>/dev/null | grep -E '^ +[0-9]' | head -25 \
			>"$OUT/prof-$name-sym.txt" || true
		timeout 300 perf report -i "$OUT/prof-$name.perf" --stdio --no-children \
			--sort srcline -g none --percent-limit 1.5 2>/dev/null |
			grep -E '^ +[0-9]' | head -30 >"$OUT/prof-$name-line.txt" || true
	fi
}
if command -v perf >/dev/null 2>&1; then
	echo "bench: profiling the worker (perf, cpu-clock)"
	profile up --dir up
	profile down --dir down
else
	echo "bench: perf not installed: no profile (apt-get install linux-perf)"
fi

# Session setup: lacgen against lnsd over memif, full L2TP + LCP + CHAP +
# IPCP per session (benchmarks/setup/setup-rate.sh); BENCH_SETUP_1M=0 skips
# the 1M-session run (about 2 minutes here).
setup_run() {	# NAME TUNNELS SESSIONS ECHO_MS
	echo "bench: setup rate $2 x $3 (LCP echo $4 ms)"
	echo "benchmarks/setup/setup-rate.sh $(basename "$BUILD") $2 $3 $4" >"$OUT/setup-$1.cmd"
	bash "$ROOT/benchmarks/setup/setup-rate.sh" "$BUILD" "$2" "$3" "$4" \
		>"$OUT/setup-$1.out" 2>&1 || true
	grep -v '^{' "$OUT/setup-$1.out" | tail -1
}
setup_run 64k 64 1000 30000
[ "${BENCH_SETUP_1M:-1}" = 1 ] && setup_run 1M 256 4096 30000
echo "$MEMNOTE" >"$OUT/memnote.txt"
git -C "$ROOT" rev-parse --short HEAD >"$OUT/commit.txt" 2>/dev/null || true
git -C "$ROOT" status --porcelain -- benchmarks/bench dataplane drivers ":!benchmarks/bench/analysis.md" >"$OUT/dirty.txt" 2>/dev/null || true
fi	# BENCH_REPORT_ONLY
MEMNOTE=$(cat "$OUT/memnote.txt" 2>/dev/null || echo "$MEMNOTE")

$PY - "$ROOT" "$OUT" "$MEMNOTE" <<'PYEOF'
import json, os, re, subprocess, sys, datetime
root, out, memnote = sys.argv[1:4]

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              cwd=root).stdout.strip()
    except Exception:
        return ""

def summary(name):
    for l in reversed(open(os.path.join(out, name + ".out")).read().splitlines()):
        if l.startswith('{"summary"'):
            return json.loads(l)
    return None

def lines(name, prefix="#"):
    return [l for l in open(os.path.join(out, name + ".out")).read().splitlines()
            if l.startswith(prefix)]

def cmd(name):
    return open(os.path.join(out, name + ".cmd")).read().strip().replace("bench: ", "", 1)

lscpu = sh("lscpu")
def lsv(k):
    m = re.search(r"^%s:\s*(.*)$" % re.escape(k), lscpu, re.M)
    return m.group(1).strip() if m else "?"

def saved(name, fallback):
    p = os.path.join(out, name)
    return open(p).read().strip() if os.path.exists(p) else fallback

commit = saved("commit.txt", sh("git rev-parse --short HEAD"))
dirty = saved("dirty.txt", sh("git status --porcelain -- benchmarks/bench dataplane drivers \":!benchmarks/bench/analysis.md\""))
m = summary("matrix")
h = summary("tight") if os.path.exists(os.path.join(out, "tight.out")) else None
o = []
o.append("# lns-bench results\n")
o.append("Generated by `make bench` (scripts/bench.sh); do not edit by hand: "
         "the analysis at the end comes from benchmarks/bench/analysis.md.\n")
o.append("| | |\n|---|---|")
o.append("| date | %s |" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
o.append("| commit | %s%s |" % (commit, " (+ uncommitted changes)" if dirty else ""))
o.append("| CPU | %s, %s vCPUs (%s), %s thread(s)/core |" % (
    lsv("Model name"), lsv("CPU(s)"), lsv("Hypervisor vendor") if "Hypervisor" in lscpu else "bare metal",
    lsv("Thread(s) per core")))
o.append("| TSC | %.3f GHz (cycles/pkt are TSC cycles) |" % m["summary"]["tsc_ghz"])
o.append("| caches | L2 %s, L3 %s |" % (lsv("L2 cache"), lsv("L3 cache")))
o.append("| memory | %s |" % memnote)
o.append("| load average (start / end) | %s / %s |" % (
    " ".join(open(os.path.join(out, "loadavg-start.txt")).read().split()[:3]),
    " ".join(open(os.path.join(out, "loadavg-end.txt")).read().split()[:3])))
o.append("| worker | 1 lcore running lnsd's dp worker loop; generator + sink on the other |")
o.append("| per scenario | %.1f s of batches (%d frames each) after %.1f s warm-up |\n" % (
    m["summary"]["seconds"], m["summary"]["batch"], m["summary"]["warmup"]))
o.append("Mpps and cycles/pkt: median batch, worker CPU time (see docs/benchmarks.md); "
         "p10-p90 is the spread over batches; `cpu%` is how much of the drain wall time "
         "the worker thread had its CPU (below 90%: another task ran there, the row is marked).\n")

def plain(x, key, fmt):
    v = x.get(key)
    if v is None:
        return "-"
    return (fmt % v) + ("" if x.get("plain_fwd_valid", True) else " (invalid)")

def table(sc):
    t = ["| scenario | limits | Mpps | cycles/pkt | p10-p90 | io Mpps (cycles) | ratio | plain fwd cycles/pkt | ratio to plain | wall Mpps | cpu% | target | note |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for x in sc:
        tgt = "-"
        if x["met"] is not None:
            tgt = "%s Mpps / %.0f cyc: **%s**" % (("%.1f" % x["target_mpps"]), x["target_cycles"],
                  "met" if x["met"] else "missed")
        t.append("| %s | %s | %.2f | %.0f | %.0f-%.0f | %s | %s | %s | %s | %.2f | %.0f | %s | %s |" % (
            x["scenario"], x["limits"], x["mpps"], x["cycles_per_pkt"], x["cycles_p10"],
            x["cycles_p90"],
            ("%.1f (%.1f)" % (x["io_mpps"], x["io_cycles_per_pkt"])) if x["io_mpps"] else "-",
            ("%.1f" % x["ratio"]) if x["io_mpps"] else "-",
            plain(x, "plain_fwd", "%.0f"), plain(x, "ratio_to_plain", "%.2f"),
            x["wall_mpps"],
            x["worker_cpu_pct"], tgt,
            ("INVALID: " if not x["valid"] else "") + x["note"]))
    return "\n".join(t)

o.append("## Matrix (lnsd's default limits)\n")
o.append("Command: `%s`\n" % cmd("matrix"))
o.append(table(m["scenarios"]) + "\n")
o.append("I/O-only baselines (rx_burst -> tx_burst on the same ports, no processing) "
         "and the plain IPv4 forwarding reference (the same inner packets routed: "
         "header checks, rte_fib lookup in a FIB of one /32 per session, L2 rewrite, "
         "TTL and checksum update, TX; docs/benchmarks.md):\n")
o.append("```\n" + "\n".join(l for l in lines("matrix") if "io baseline" in l or "# sessions" in l
                              or "# plain forwarding" in l) + "\n```\n")
pl = [x for x in m["scenarios"] if x.get("ratio_to_plain") is not None]
if pl:
    o.append("### lnsd against plain IPv4 forwarding\n")
    o.append("The issue's goal: lnsd at most 1.5x the cycles of plain IPv4 forwarding at "
             "64k sessions, both ways (printed, never asserted). `ratio to plain` = lnsd "
             "cycles/pkt / plain forwarding cycles/pkt of the same direction, size and "
             "session count, both measured on the same worker lcore in this run.\n")
    t = ["| dir | size | sessions | lnsd cycles/pkt | plain cycles/pkt | ratio to plain | goal <= 1.5 at 64k |",
         "|---|---|---|---|---|---|---|"]
    for x in pl:
        goal = "-"
        if x["sessions"] == 65536 and x["dir"] in ("up", "down"):
            goal = "**met**" if x["ratio_to_plain"] <= 1.5 else "**missed**"
        t.append("| %s | %s | %d | %.0f | %s | %s | %s |" % (
            x["dir"], x["size"], x["sessions"], x["cycles_per_pkt"],
            plain(x, "plain_fwd", "%.0f"), plain(x, "ratio_to_plain", "%.2f"), goal))
    o.append("\n".join(t) + "\n")
if h:
    o.append("## Upstream with tight limits (max_tunnels x max_sessions_per_tunnel = the layout)\n")
    o.append("Command: `%s`\n" % cmd("tight"))
    o.append(table(h["scenarios"]) + "\n")
    o.append("```\n" + "\n".join(l for l in lines("tight") if "# sessions" in l) + "\n```\n")
# against(sc, is_base, col, name, cell): the table of a run whose rows are
# compared with a baseline row of the same direction and session count in
# that run (QoS none, IPv4, spread off): cell(x, base) in column name for
# the others, "-" for the baselines; col = (header, value of x) or None.
def against(sc, is_base, col, name, cell):
    base = {(x["dir"], x["sessions"]): x for x in sc if is_base(x)}
    head = ["scenario"] + ([col[0]] if col else []) + \
        ["Mpps", "cycles/pkt", "p10-p90", name, "cpu%", "note"]
    t = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for x in sc:
        b = base.get((x["dir"], x["sessions"]))
        c = cell(x, b) if b and not is_base(x) else "-"
        row = [x["scenario"]] + ([col[1](x)] if col else []) + [
            "%.2f" % x["mpps"], "%.0f" % x["cycles_per_pkt"],
            "%.0f-%.0f" % (x["cycles_p10"], x["cycles_p90"]), c,
            "%.0f" % x["worker_cpu_pct"],
            ("INVALID: " if not x["valid"] else "") + x["note"]]
        t.append("| " + " | ".join(row) + " |")
    return "\n".join(t)

def added(x, b):
    return "%+.0f" % (x["cycles_per_pkt"] - b["cycles_per_pkt"])

q = summary("qos") if os.path.exists(os.path.join(out, "qos.out")) else None
if q:
    o.append("## QoS on every session (policer upstream, shaper downstream)\n")
    o.append("Command: `%s`\n" % cmd("qos"))
    o.append("`conform`: every session has a rate (100 Gbit/s) far above what it is "
             "sent: each packet is metered (upstream) or passes the shaper's token "
             "bucket (downstream) and is forwarded. `drop-half`: every other session "
             "has 1 kbit/s and a 64-octet burst instead: nearly all of its packets are "
             "policed (upstream) or dropped downstream, there mostly at the cap on "
             "mbufs the shapers may hold (`qos_mbuf_limit`) before a FIFO fills. Added "
             "cycles are against `none` of the same direction and table in this run; "
             "in drop-half, cycles/pkt counts every packet received.\n")
    o.append(against(q["scenarios"], lambda x: x["qos"] == "none", None,
                     "added cycles/pkt", added) + "\n")
v = summary("ipv6") if os.path.exists(os.path.join(out, "ipv6.out")) else None
if v:
    o.append("## IPv6 (a /64 and a delegated /56 per session)\n")
    o.append("Command: `%s`\n" % cmd("ipv6"))
    o.append("Upstream IPv6 packets alternate between a source in the session's /64 "
             "and one in its delegated /56; downstream destinations likewise (the "
             "FIB6 lookup). The ratio is IPv6 cycles over IPv4 cycles of the same "
             "direction and table in this run.\n")
    o.append(against(v["scenarios"], lambda x: str(x.get("family", "4")) == "4",
                     ("family", lambda x: str(x.get("family", "4"))), "v6/v4",
                     lambda x, b: "%.2f" % (x["cycles_per_pkt"] / b["cycles_per_pkt"])) + "\n")
sp = summary("spread") if os.path.exists(os.path.join(out, "spread.out")) else None
if sp:
    o.append("## Software spread (dataplane.spread)\n")
    o.append("Command: `%s`\n" % cmd("spread"))
    o.append("`on`: every upstream frame goes through the spread stage's ring "
             "to the worker itself (lns-bench forces the hand-off with one "
             "worker): the per-frame cost a frame owned by another worker "
             "pays, on the receiving and the owning side together. Added "
             "cycles are against `off` of the same table in this run.\n")
    o.append(against(sp["scenarios"], lambda x: x.get("spread", "off") == "off",
                     ("spread", lambda x: x.get("spread", "off")), "added cycles/pkt",
                     added) + "\n")
mem = None
if os.path.exists(os.path.join(out, "memory.out")):
    for l in open(os.path.join(out, "memory.out")).read().splitlines():
        if l.startswith('{"memory"'):
            mem = json.loads(l)["memory"]
if mem:
    n = mem["max_sessions"]
    o.append("## Memory per session (dataplane tables at l2tp.max_sessions = %d)\n" % n)
    o.append("Command: `%s`\n" % cmd("memory"))
    o.append("lnsd's dataplane tables made by `dp_init()` for %d `max_sessions` slots, then "
             "%d live sessions added; per allocation lnsd's code makes (heap: rte_malloc "
             "in use; RSS: resident 4 KiB pages it touched; with hugepages the whole "
             "allocation is resident, `hugetlb` column). Per slot = bytes / %d. Control "
             "state (glibc) per session is not in this table: see docs/benchmarks.md, "
             "\"Memory per session\".\n" % (n, mem["live"], n))
    t = ["| allocation | calls | heap MiB | heap B/slot | RSS at creation B/slot |",
         "|---|---|---|---|---|"]
    for it in sorted(mem["items"], key=lambda i: -i["heap_bytes"]):
        t.append("| %s | %d | %.1f | %.1f | %.1f |" % (
            it["name"], it["calls"], it["heap_bytes"] / 2**20, it["heap_per_slot"],
            it["rss_per_slot"]))
    if mem.get("not_attributed"):
        t.append("| (not attributed to a wrapped call) | | %.1f | %.1f | |" % (
            mem["not_attributed"] / 2**20, mem["not_attributed"] / n))
    for label, k in (("**preallocated per slot** (dp_init)", "prealloc"),
                     ("**added per live session** (dp_session_add)", "live_add")):
        t.append("| %s | | %.1f | %.1f | RSS %.1f, hugetlb %.1f |" % (
            label, mem[k]["heap"] / 2**20, mem[k]["heap"] / n, mem[k]["rss"] / n,
            mem[k]["hugetlb"] / n))
    tot = {k: mem["prealloc"][k] + mem["live_add"][k] for k in ("heap", "rss", "hugetlb")}
    t.append("| **total per session at %d live** | | %.1f | %.1f | RSS %.1f, hugetlb %.1f |" % (
        n, tot["heap"] / 2**20, tot["heap"] / n, tot["rss"] / n, tot["hugetlb"] / n))
    o.append("\n".join(t) + "\n")
inv = [x["scenario"] for s in (m, h, q, v, sp) if s for x in s["scenarios"] if not x["valid"]]
o.append("Invalid scenarios (drops): %s\n" % (", ".join(inv) if inv else "none"))
for name in ("up", "down"):
    p = os.path.join(out, "prof-%s-sym.txt" % name)
    if os.path.exists(p) and os.path.getsize(p):
        o.append("## Profile: %s 64B 64k sessions (worker thread, perf cpu-clock)\n" % name)
        o.append("Command: `perf record -e cpu-clock -g -t <worker tid>` during "
                 "`lns-bench --no-io --seconds 12 --sessions 64k --size 64 --dir %s`; "
                 "the worker idles between batches (eth_ring_rx / the empty poll).\n" % name)
        o.append("Top symbols:\n\n```\n" + open(p).read().rstrip() + "\n```\n")
        q = os.path.join(out, "prof-%s-line.txt" % name)
        if os.path.exists(q) and os.path.getsize(q):
            o.append("Top source lines:\n\n```\n" + open(q).read().rstrip() + "\n```\n")
setups = []
for name in ("64k", "1M"):
    p = os.path.join(out, "setup-%s.out" % name)
    if not os.path.exists(p):
        continue
    js = [l for l in open(p).read().splitlines() if l.startswith("{")]
    if js:
        setups.append((name, json.loads(js[-1]), open(os.path.join(out, "setup-%s.cmd" % name)).read().strip()))
if setups:
    o.append("## Session setup rate (lacgen over memif, full L2TP + LCP + CHAP + IPCP)\n")
    o.append("One control lcore; lnsd's worker and lacgen share the other vCPU with it. "
             "Setup time: lacgen's first SCCRQ to its last IPCP-open; sustained: median of "
             "lnsd's per-second up counts between 10% and 90% of the run; memory: lnsd's "
             "RSS growth per session (what is preallocated per `l2tp.max_sessions` slot comes "
             "on top, see docs/operations.md). Target: >= 10,000 sessions/s, 1M in one run.\n")
    o.append("RSS per slot: lnsd's RSS at start against the same lnsd at `base_slots` "
             "slots, per extra slot; total: lnsd's RSS with every session up against "
             "that baseline, per session (what the issue's <= 2 KiB counts, with "
             "--no-huge: only touched pages are resident); the growth split by owner "
             "(glibc heap / DPDK pages touched / memif's buffers, the benchmark's "
             "transport); with hugepages: the same total with DPDK's whole heap in use "
             "counted, as hugepages make it resident.\n")
    o.append("| sessions | up | setup s | sessions/s | sustained/s | lnsd RSS growth B/session (heap / DPDK / memif) | RSS B/slot at start | total RSS B/session | total with hugepages B/session | LCP echo ms | target | command |")
    o.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r, c in setups:
        o.append("| %d (%d x %d) | %d | %.1f | %.0f | %s | %s (%s / %s / %s) | %s | %s | %s | %d | %s | `%s` |" % (
            r["sessions"], r["tunnels"], r["sessions_per_tunnel"], r["sessions_up"],
            r["setup_time_s"], r["sessions_per_s"],
            "%.0f" % r["sessions_per_s_sustained"] if r.get("sessions_per_s_sustained") else "-",
            r.get("lnsd_rss_bytes_per_session"),
            *(r.get("lnsd_rss_%s_bytes_per_session" % k, "-") for k in ("heap", "dpdk", "memif")),
            r.get("lnsd_rss_bytes_per_slot") if r.get("lnsd_rss_bytes_per_slot") is not None else "-",
            r.get("lnsd_rss_bytes_per_session_total") if r.get("lnsd_rss_bytes_per_session_total") is not None else "-",
            r.get("lnsd_bytes_per_session_total_hugepages") or "-",
            r.get("lcp_echo_interval_ms", 0),
            "**met**" if r.get("met") else "**missed**", c))
    o.append("")
a = os.path.join(root, "benchmarks/bench/analysis.md")
if os.path.exists(a):
    o.append(open(a).read())
open(os.path.join(root, "benchmarks/RESULTS.md"), "w").write("\n".join(o) + "\n")
print("bench: wrote benchmarks/RESULTS.md")
PYEOF

if [ "${BENCH_RELEASE_HUGEPAGES:-0}" = 1 ]; then
	echo 0 >/proc/sys/vm/nr_hugepages
fi
