#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# log.output (docs/operations.md "Logs"), through the real binary: stderr
# lines carry an RFC 3339 UTC timestamp with milliseconds and the level,
# DPDK's own lines too; syslog lines reach /dev/log with log.facility and
# log.ident; journal lines reach journald's socket with their fields; with
# no journald the journal's lines go to stderr. The syslog and journal
# sockets are the test's own (log_ns.sh: a private mount namespace), so the
# host's syslog daemon and journald are neither needed nor touched.
. "$(dirname "$0")/lib.sh"
LNSD="$E2E_BIN/lnsd"
HERE=$(cd "$(dirname "$0")" && pwd)
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
LEVELS='(emerg|alert|crit|err|warning|notice|info|debug)'

$PY "$HERE/log_sink.py" "$E2E_DIR" >"$E2E_DIR/sink.log" 2>&1 &
E2E_PIDS+=("$!")
for _ in $(seq 50); do [ -e "$E2E_DIR/sink.ready" ] && break; sleep 0.1; done
[ -e "$E2E_DIR/sink.ready" ] || e2e_bail "the log sink did not start"

# lnsd_yaml OUTPUT: a net_null core port, log.output OUTPUT.
lnsd_yaml() {
	cat <<YAML
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "256", "--file-prefix", "$E2E_PREFIX"]
log:
  output: $1
  facility: local3
  ident: lnsd-e2e
l2tp: { secret: e2e }
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
YAML
}

# run NAME OUTPUT [--no-journal]: lnsd with log.output OUTPUT in the private
# namespace until FILE shows event=stopping, SIGTERM when it is running.
# Its stderr in NAME.log, its pid in LNSD_PID.
run() {
	local name=$1 output=$2 watch
	lnsd_yaml "$output" >"$E2E_DIR/$name.yaml"
	case $output in
	syslog) watch=$E2E_DIR/syslog.out ;;
	journal) watch=$E2E_DIR/journal.out ;;
	*) watch=$E2E_DIR/$name.log ;;
	esac
	[ "${3:-}" = --no-journal ] && watch=$E2E_DIR/$name.log
	unshare -m --propagation private sh "$HERE/log_ns.sh" "$E2E_DIR" ${3:-} \
		"$LNSD" --config "$E2E_DIR/$name.yaml" >"$E2E_DIR/$name.log" 2>&1 &
	LNSD_PID=$!
	E2E_PIDS+=("$LNSD_PID")
	for _ in $(seq 100); do
		grep -qs "event=running" "$watch" && break
		kill -0 "$LNSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	e2e_stop_lnsd
	e2e_ok $? "$name: lnsd ran and stopped on SIGTERM"
}

# stderr: every line stamped (UTC, ms) and levelled, EAL's too.
run stderr stderr
e2e_ok $(grep -cvE "^$STAMP $LEVELS " "$E2E_DIR/stderr.log") \
	"stderr: every line starts with an RFC 3339 UTC timestamp and a level" \
	|| grep -vE "^$STAMP $LEVELS " "$E2E_DIR/stderr.log" | head -3 | sed 's/^/#   /'
e2e_check "stderr: lnsd's lines: notice main: event=running" \
	grep -qE "^$STAMP notice main: event=running " "$E2E_DIR/stderr.log"
e2e_check "stderr: DPDK's own lines: info EAL: ..." \
	grep -qE "^$STAMP info EAL: " "$E2E_DIR/stderr.log"
today=$(date -u +%Y-%m-%dT)
e2e_check "stderr: the timestamp is today's, in UTC" \
	grep -q "^$today" "$E2E_DIR/stderr.log"

# syslog: <PRI> of local3, the ident and lnsd's pid; nothing on stderr.
run syslog syslog
pid=$LNSD_PID
# local3 = 19: notice 19 * 8 + 5 = 157, info 158.
e2e_check "syslog: <157> lnsd-e2e[$pid]: main: event=running" \
	grep -qE "^<157>.{15} lnsd-e2e\[$pid\]: main: event=running " "$E2E_DIR/syslog.out"
e2e_check "syslog: DPDK's own lines, <158> ... EAL: ..." \
	grep -qE "^<158>.{15} lnsd-e2e\[$pid\]: EAL: " "$E2E_DIR/syslog.out"
e2e_check "syslog: event=stopping reached the socket" \
	grep -qE "lnsd-e2e\[$pid\]: main: event=stopping" "$E2E_DIR/syslog.out"
e2e_ok $(grep -c . "$E2E_DIR/syslog.log") "syslog: nothing on stderr"

# journal: MESSAGE and the fields.
run journal journal
e2e_check "journal: MESSAGE=main: event=running, PRIORITY=5, the module and level fields" \
	grep -qE "MESSAGE=main: event=running .* \| PRIORITY=5 \| SYSLOG_IDENTIFIER=lnsd-e2e \| SYSLOG_FACILITY=19 \| LNSD_MODULE=main \| LNSD_LEVEL=notice" \
	"$E2E_DIR/journal.out"
e2e_check "journal: DPDK's own lines, LNSD_MODULE=EAL" \
	grep -qE "MESSAGE=EAL: .*LNSD_MODULE=EAL \| LNSD_LEVEL=info" "$E2E_DIR/journal.out"
e2e_ok $(grep -c . "$E2E_DIR/journal.log") "journal: nothing on stderr"

# journal without journald: the lines on stderr, stamped, none lost.
run nojournal journal --no-journal
e2e_check "no journald: the journal's lines on stderr, stamped" \
	grep -qE "^$STAMP notice main: event=stopping" "$E2E_DIR/nojournal.log"

e2e_done
