# SPDX-License-Identifier: BSD-3-Clause
# End-to-end harness: network namespaces, veth pairs, lnsd on net_af_packet
# ports, TAP output. Everything created is recorded and removed on exit,
# also on failure or interrupt. Source this file; then call e2e_setup.
#
# Names are short (interface names are limited to 15 characters) and
# carry a random id so parallel runs do not collide.

set -u

# Directory holding the lnsd binary (meson build dir).
E2E_BIN=${E2E_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
# The LAC and PPP subscriber emulator (tools/lacgen, docs/lacgen.md).
LACGEN="$E2E_BIN/tools/lacgen/lns-lacgen"
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_ID=$(printf '%04x' $((RANDOM)))
E2E_PREFIX="lnse2e$E2E_ID"
E2E_DIR=$(mktemp -d "/tmp/lnse2e.$E2E_ID.XXXX")
E2E_NS=()
E2E_PIDS=()
E2E_TESTNO=0
E2E_FAILED=0
E2E_LACGEN_RUNS=0
LNSD_PID=
LACGEN_PID=

PY=/usr/bin/python3

# Sanitizer builds (make asan): an AddressSanitizer, LeakSanitizer or
# UBSan report in any log of the test is a failure, even when every check
# passed (a leak shows only when lnsd or lacgen exits).
e2e_sanitizer_check() {
	local f hits
	hits=$(grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
		"$E2E_DIR"/*.log 2>/dev/null)
	[ -z "$hits" ] && return 0
	for f in $hits; do
		echo "not ok - sanitizer report in $(basename "$f")"
		grep -m8 -E 'ERROR: |runtime error:|^ +#[0-9]+ ' "$f" | sed 's/^/#   /'
	done
	E2E_FAILED=$((E2E_FAILED + 1))
	return 1
}

e2e_cleanup() {
	local pid ns rc=$?
	for pid in "${E2E_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${E2E_PIDS[@]}"; do
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	e2e_sanitizer_check || rc=1
	for ns in "${E2E_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "/var/run/dpdk/$E2E_PREFIX"*	# lnsd and its peers (lacgen: ...g)
	rm -f "/run/lnsd/$E2E_PREFIX.sock"	# lnsd's control socket, if killed
	if [ "${E2E_KEEP_LOGS:-0}" = 1 ] || [ "$E2E_FAILED" -ne 0 ]; then
		echo "# logs kept in $E2E_DIR"
	else
		rm -rf "$E2E_DIR"
	fi
	exit "$rc"
}

# TAP helpers. ok CONDITION-EXIT-CODE "description"
e2e_ok() {
	local rc=$1; shift
	E2E_TESTNO=$((E2E_TESTNO + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $E2E_TESTNO - $*"
	else
		echo "not ok $E2E_TESTNO - $*"
		E2E_FAILED=$((E2E_FAILED + 1))
	fi
	return "$rc"
}

e2e_check() {
	echo "# check: $1" >>"$E2E_DIR/checks.log"
	local desc=$1; shift
	"$@" >>"$E2E_DIR/checks.log" 2>&1
	e2e_ok $? "$desc"
}

e2e_done() {
	echo "1..$E2E_TESTNO"
	[ "$E2E_FAILED" -eq 0 ]
}

e2e_bail() {
	echo "Bail out! $*"
	[ -f "$E2E_DIR/lnsd.log" ] && sed 's/^/# lnsd: /' "$E2E_DIR/lnsd.log" | tail -40
	exit 1
}

e2e_require_root() {
	[ "$(id -u)" -eq 0 ] || e2e_bail "end-to-end tests need root (namespaces, veth)"
}

e2e_require_lacgen() {
	[ -x "$LACGEN" ] || e2e_bail "lns-lacgen not built"
}

# e2e_wait TRIES CMD...: run CMD every 0.1 s until it succeeds, TRIES times
# at the most; fails if it never did.
e2e_wait() {
	local n=$1; shift
	for _ in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# e2e_netns NAME: create a namespace with loopback up.
e2e_netns() {
	ip netns add "$1" || e2e_bail "cannot create namespace $1"
	E2E_NS+=("$1")
	ip -n "$1" link set lo up
}

# e2e_veth NS_A IF_A NS_B IF_B: a veth pair between two namespaces, both up,
# IPv6 off (no autoconf noise) and TX checksum offload off (frames leave
# with complete checksums, as on a wire).
# e2e_subscriber_netns: the namespace $SUB for lacgen's TUN subscribers,
# with IPv6 off there and on the core host (call it after
# e2e_core_topology): the tests that use it carry IPv4 only.
e2e_subscriber_netns() {
	SUB=$E2E_PREFIX-s
	e2e_netns "$SUB"
	local ns
	for ns in "$SUB" "$CORE"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
}

e2e_veth() {
	local nsa=$1 ifa=$2 nsb=$3 ifb=$4 ns ifn
	ip link add "$ifa" netns "$nsa" type veth peer name "$ifb" netns "$nsb" ||
		e2e_bail "cannot create veth $ifa/$ifb"
	for pair in "$nsa $ifa" "$nsb $ifb"; do
		set -- $pair
		ns=$1 ifn=$2
		ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifn.disable_ipv6=1"
		ip netns exec "$ns" ethtool -K "$ifn" tx off >/dev/null 2>&1
		ip -n "$ns" link set "$ifn" up
	done
}

# The usual topology: lnsd's namespace $LNS and an access-side namespace
# $ACC joined by veth a$E2E_ID (lnsd) / ah$E2E_ID (access side).
# e2e_access_topology [ADDRESS/LEN...]: the access side's kernel addresses
# on ah$E2E_ID (none when the LAC is lns-lacgen, which has its own).
e2e_access_topology() {
	local a
	LNS=$E2E_PREFIX-l ACC=$E2E_PREFIX-a
	e2e_netns "$LNS"; e2e_netns "$ACC"
	e2e_veth "$LNS" "a$E2E_ID" "$ACC" "ah$E2E_ID"
	for a in "$@"; do
		ip -n "$ACC" addr add "$a" dev "ah$E2E_ID"
	done
}

# A core-side namespace $CORE: a host 203.0.113.2 on lnsd's second veth
# (c$E2E_ID, lnsd 203.0.113.1), routing the subscribers via lnsd.
e2e_core_topology() {
	CORE=$E2E_PREFIX-c
	e2e_netns "$CORE"
	e2e_veth "$LNS" "c$E2E_ID" "$CORE" "ch$E2E_ID"
	ip -n "$CORE" addr add 203.0.113.2/24 dev "ch$E2E_ID"
	ip -n "$CORE" route add 100.64.0.0/16 via 203.0.113.1
}

# lnsd's core port of e2e_core_topology (a ports[] entry: append it right
# after e2e_yaml_access).
e2e_yaml_core() {
	cat <<YAML
  - name: core
    device: "net_af_packet1,iface=c$E2E_ID"
    role: core
    address: 203.0.113.1/24
    gateway: 203.0.113.2
YAML
}

# The forwarding tests' set-up: access host 198.51.100.2 (a Python LAC and
# subscriber), core host 203.0.113.2, lnsd between them with CHAP user
# user1/pw1 and the pool 100.64.1.0/24, running.
e2e_subscriber_lnsd() {
	e2e_access_topology 198.51.100.2/24
	e2e_core_topology
	{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users:
    - { name: user1, password: pw1 }
YAML
	e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
}

# The YAML every such test starts from: EAL arguments and lnsd's access
# port on a$E2E_ID (198.51.100.1/24). Tests append their own sections.
e2e_yaml_access() {
	cat <<YAML
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "${1:-512}"]
ports:
  - name: access
    device: "net_af_packet0,iface=a$E2E_ID"
    role: access
    address: 198.51.100.1/24
YAML
}

# e2e_yaml_mq LCORES: eal and ports of lnsd with several workers (EAL
# --lcores LCORES, e.g. "0@0,1@1,2@1": two workers on 2 vCPUs) and two
# queue pairs on both af_packet ports (their fanout hashes per flow, so
# one L2TP tunnel lands on one queue, as outer RSS on a NIC). The PMD
# also sets the fanout's rollover flag: once a queue's ring is three
# quarters full, the kernel hands frames to the other queue. 4096 frames
# a ring (the default is 512) keep a test's burst of 2048 frames on the
# queue its hash picks even when that worker's vCPU is busy.
e2e_yaml_mq() {
	cat <<YAML
eal:
  args: ["--lcores", "$1", "--no-pci", "--no-huge", "-m", "512"]
ports:
  - name: access
    device: "net_af_packet0,iface=a$E2E_ID,qpairs=2,framecnt=4096"
    role: access
    address: 198.51.100.1/24
  - name: core
    device: "net_af_packet1,iface=c$E2E_ID,qpairs=2,framecnt=4096"
    role: core
    address: 203.0.113.1/24
    gateway: 203.0.113.2
YAML
}

# e2e_lnsd NS CONFIG [extra lnsd args]: start lnsd in NS, wait until running.
e2e_lnsd() {
	local ns=$1 cfg=$2; shift 2
	# E2E_GDB=1: run lnsd under gdb and get a backtrace in lnsd.log.
	ip netns exec "$ns" ${E2E_GDB:+gdb -batch -ex run -ex bt --args} \
		"$E2E_BIN/lnsd" --config "$cfg" "$@" \
		-- --file-prefix "$E2E_PREFIX" >"$E2E_DIR/lnsd.log" 2>&1 &
	LNSD_PID=$!
	E2E_PIDS+=("$LNSD_PID")
	for _ in $(seq 100); do
		grep -qs "event=running" "$E2E_DIR/lnsd.log" && return 0
		kill -0 "$LNSD_PID" 2>/dev/null || e2e_bail "lnsd exited during start"
		sleep 0.1
	done
	e2e_bail "lnsd did not report event=running within 10 s"
}

# e2e_stop_lnsd: SIGTERM to lnsd; its exit status (1 if it is still running
# 5 s later).
e2e_stop_lnsd() {
	kill -TERM "$LNSD_PID"
	for _ in $(seq 50); do
		if ! kill -0 "$LNSD_PID" 2>/dev/null; then
			wait "$LNSD_PID"
			return
		fi
		sleep 0.1
	done
	return 1
}

# e2e_lacgen [-b] [-n NS] [-d DEVICE] OUT ARGS...: run lns-lacgen with the
# options ARGS in namespace NS (default $ACC) on the DPDK port DEVICE
# (default af_packet on ah$E2E_ID), one lcore, no huge pages, a file prefix
# of its own; its stdout in $E2E_DIR/OUT, its log in $E2E_DIR/OUT less the
# extension, .log. -b: in the background, pid in LACGEN_PID (stopped on
# exit); else its exit status.
e2e_lacgen() {
	local bg= ns=${ACC:-} dev="net_af_packet0,iface=ah$E2E_ID" out
	while :; do
		case $1 in
		-b) bg=1; shift ;;
		-n) ns=$2; shift 2 ;;
		-d) dev=$2; shift 2 ;;
		*) break ;;
		esac
	done
	out=$1; shift
	E2E_LACGEN_RUNS=$((E2E_LACGEN_RUNS + 1))
	set -- ip netns exec "$ns" "$LACGEN" "$@" \
		-- --no-pci --no-huge -m 512 -l 0 --file-prefix "${E2E_PREFIX}g$E2E_LACGEN_RUNS" \
		--log-level=warning --vdev "$dev"
	if [ -z "$bg" ]; then
		"$@" >"$E2E_DIR/$out" 2>"$E2E_DIR/${out%.*}.log"
		return
	fi
	"$@" >"$E2E_DIR/$out" 2>"$E2E_DIR/${out%.*}.log" &
	LACGEN_PID=$!
	E2E_PIDS+=("$LACGEN_PID")
}

# e2e_lacgen_json OUT EXPR: EXPR with `d` bound to the JSON summary (--json)
# that lacgen printed last in $E2E_DIR/OUT.
e2e_lacgen_json() {
	tail -1 "$E2E_DIR/$1" | e2e_jexpr "$2"
}

# e2e_lacgen_hold OUT: wait (30 s at most: a loaded machine can take 10 s
# and more) until the background lacgen run OUT holds its sessions
# (phase=hold) or has exited. Then ADDR and DEV are
# its TUN subscribers' addresses and devices, in attachment (IPCP-open)
# order, from its log lines
# "lacgen: tun lgtun0 session 1/3 addr 100.64.1.2 mtu 1452 netns ...".
e2e_lacgen_hold() {
	local log="$E2E_DIR/${1%.*}.log"
	for _ in $(seq 300); do
		grep -qs 'phase=hold' "$log" && break
		kill -0 "$LACGEN_PID" 2>/dev/null || break
		sleep 0.1
	done
	mapfile -t ADDR < <(sed -n 's/^lacgen: tun lgtun[0-9]* session [0-9/]* addr \([0-9.]*\) .*/\1/p' "$log")
	mapfile -t DEV < <(sed -n 's/^lacgen: tun \(lgtun[0-9]*\) session [0-9/]* addr [0-9.]* .*/\1/p' "$log")
}

# e2e_capture NS IFACE FILE: tshark writes what IFACE in NS sees to FILE
# (pcapng) until e2e_capture_stop.
e2e_capture() {
	ip netns exec "$1" tshark -i "$2" -w "$3" -q >/dev/null 2>&1 &
	E2E_CAPTURE_PID=$!
	E2E_PIDS+=("$E2E_CAPTURE_PID")
	e2e_wait 50 test -s "$3"
}

e2e_capture_stop() {
	kill "$E2E_CAPTURE_PID" 2>/dev/null; sleep 1
}

# e2e_iperf3_server: an iperf3 server (daemon) on the core host
# 203.0.113.2, stopped on exit.
e2e_iperf3_server() {
	ip netns exec "$CORE" iperf3 -s -B 203.0.113.2 -D -I "$E2E_DIR/iperf3.pid" \
		>/dev/null 2>&1
	e2e_wait 20 test -s "$E2E_DIR/iperf3.pid"
	E2E_PIDS+=("$(cat "$E2E_DIR/iperf3.pid" 2>/dev/null)")
}

# lnsctl against the lnsd of this run.
e2e_lnsctl() {
	"$PY" "$E2E_ROOT/tools/lnsctl" -p "$E2E_PREFIX" "$@"
}

# e2e_jexpr PYTHON-EXPR: print EXPR with `d` bound to the JSON on stdin.
e2e_jexpr() {
	"$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# e2e_json CMD PYTHON-EXPR: evaluate EXPR with `d` bound to CMD's JSON.
e2e_json() {
	local cmd=$1 expr=$2
	e2e_lnsctl --json "$cmd" | e2e_jexpr "$expr" | tee -a "$E2E_DIR/checks.log"
}

# e2e_json_is CMD PYTHON-EXPR VALUE: whether EXPR on CMD's JSON is VALUE.
e2e_json_is() {
	[ "$(e2e_json "$1" "$2" 2>/dev/null)" = "$3" ]
}

# Frequently needed: the MAC of an interface inside a namespace.
e2e_mac() {
	ip -n "$1" -o link show "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'
}

trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

# e2e_core_ipv6 ADDRESS/LEN: IPv6 back on for the core host of
# e2e_core_topology (e2e_veth turns it off on every veth), with ADDRESS
# on ch$E2E_ID, no duplicate address detection (usable at once).
e2e_core_ipv6() {
	ip netns exec "$CORE" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 \
		"net.ipv6.conf.ch$E2E_ID.disable_ipv6=0" \
		"net.ipv6.conf.ch$E2E_ID.accept_ra=0"
	ip -n "$CORE" -6 addr add "$1" dev "ch$E2E_ID" nodad ||
		e2e_bail "cannot add $1 on the core host"
}
