#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# What a Prometheus scraper costs the session set-up: setup-rate.sh (lacgen
# against lnsd over memif, full L2TP + LCP + CHAP + IPCP per session) run
# in turns, in one sitting:
#   off      no metrics section (nothing published, no HTTP thread)
#   idle     metrics on 127.0.0.1, nobody scraping (the control lcore's
#            snapshot every metrics.interval_ms)
#   scraped  metrics on, scraped SCRAPE_HZ times a second (one Python
#            process by default, SCRAPER_KIND=curl forks a curl each time)
# ROUNDS times each (alternating, so machine noise spreads over all three).
#
# usage: benchmarks/setup/setup-metrics.sh [BUILD] [TUNNELS] [SESSIONS_PER_TUNNEL]
#   defaults: build 16 1000 (16,000 sessions); ROUNDS (default 2),
#   SCRAPE_HZ (default 10), SCRAPER_KIND (python, default, or curl) from
#   the environment.
# Prints each run's line and one JSON line (last) with each mode's median
# sessions/s and its ratio to "off". A measurement, never an assertion.
set -u
BUILD=$(cd "${1:-build}" && pwd)
T=${2:-16}
S=${3:-1000}
ROUNDS=${ROUNDS:-2}
HZ=${SCRAPE_HZ:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d /tmp/lnssetupm.XXXX)
PORT=$((19100 + RANDOM % 800))
SCRAPER=
cleanup() {
	[ -n "$SCRAPER" ] && kill "$SCRAPER" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
command -v curl >/dev/null || { echo "setup-metrics: curl not installed"; exit 1; }
printf 'metrics:\n  address: 127.0.0.1\n  port: %s\n' "$PORT" >"$DIR/metrics.yaml"

# scraper: GET /metrics HZ times a second from one Python process (as a
# Prometheus server elsewhere would: its own cost stays off lnsd's box as
# far as one process allows; SCRAPER=curl forks a curl per scrape instead,
# which on a machine with no spare core mostly measures curl); counts the
# pages it got. Failures while lnsd starts and stops are expected.
scraper() {
	if [ "${SCRAPER_KIND:-python}" = curl ]; then
		local ok=0
		trap 'echo "$ok" >"$DIR/scrapes"; exit 0' TERM
		while :; do
			curl -s -o /dev/null -m 1 "http://127.0.0.1:$PORT/metrics" && ok=$((ok + 1))
			sleep "$(awk -v h="$HZ" 'BEGIN { printf "%.3f", 1 / h }')"
		done
	fi
	exec python3 - "$PORT" "$HZ" "$DIR/scrapes" <<'PY'
import signal, socket, sys, time
port, hz, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
ok = 0
def done(*_):
    open(out, "w").write(f"{ok}\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
while True:
    t = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: lnsd\r\n\r\n")
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        s.close()
        ok += data.startswith(b"HTTP/1.1 200")
    except OSError:
        pass
    time.sleep(max(0.0, 1 / hz - (time.time() - t)))
PY
}

run() {	# MODE: one setup-rate.sh run; its JSON line to $DIR/MODE.jsonl
	local mode=$1 extra=
	[ "$mode" != off ] && extra=$DIR/metrics.yaml
	if [ "$mode" = scraped ]; then
		scraper & SCRAPER=$!
	fi
	SETUP_EXTRA_YAML=$extra SETUP_LABEL="metrics $mode" \
		bash "$ROOT/benchmarks/setup/setup-rate.sh" "$BUILD" "$T" "$S" \
		>"$DIR/run.out" 2>&1
	grep -m1 '^setup (' "$DIR/run.out"
	tail -1 "$DIR/run.out" >>"$DIR/$mode.jsonl"
	if [ -n "$SCRAPER" ]; then
		kill -TERM "$SCRAPER"; wait "$SCRAPER" 2>/dev/null; SCRAPER=
		echo "  scrapes answered: $(cat "$DIR/scrapes" 2>/dev/null)"
	fi
}

for r in $(seq "$ROUNDS"); do
	for m in off idle scraped; do run "$m"; done
done
python3 - "$DIR" "$HZ" "$T" "$S" <<'PY'
import json, statistics, sys
d, hz, t, s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
med = {}
for m in ("off", "idle", "scraped"):
    rates = []
    for l in open(f"{d}/{m}.jsonl"):
        try:
            rates.append(json.loads(l)["sessions_per_s"])
        except (ValueError, KeyError):
            pass
    med[m] = statistics.median(rates) if rates else 0
res = {"bench": "setup_metrics", "sessions": t * s, "scrape_hz": hz,
       "sessions_per_s": med,
       "ratio_to_off": {m: round(v / med["off"], 3) if med["off"] else None
                        for m, v in med.items()}}
print(f"setup with metrics ({t * s} sessions, medians): off {med['off']:.0f}/s, "
      f"idle {med['idle']:.0f}/s, scraped at {hz}/s {med['scraped']:.0f}/s "
      f"({res['ratio_to_off']['scraped']} of off)")
print(json.dumps(res))
PY
