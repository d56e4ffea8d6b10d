#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs inside the root tests/pkg/test_deb.sh boots with systemd-nspawn
# (its own network namespace), called by deb_boot_check.sh after the
# service checks: what a subscriber's session sees of the service.
#
#   stop:    lns-lacgen (the packaged one) dials a CHAP session over a veth
#            pair into lnsd's af_packet port; systemctl stop lnsd; the LAC
#            must get a StopCCN and lnsd must log the accounting Stop;
#   upgrade: a session again, then dpkg -i of the newer lnsd package
#            test_deb.sh put in /root/upgrade/ (the postinst restarts the
#            service): a new MainPID, StopCCN and accounting Stop for the
#            old session, and a new dial comes up on the new lnsd.
#
# Records key=value lines in /root/boot-test/session.result and the LAC's
# logs beside it; test_deb.sh judges them. Local accounting has no file of
# its own: the Stop is lnsd's "event=accounting ... cause=..." line
# (docs/aaa.md), here in the journal.
out=/root/boot-test
res=$out/session.result
: >"$res"
rec() { echo "$1" >>"$res"; }
acct_lines() { journalctl -u lnsd --no-pager -o cat | grep -c "event=accounting"; }
# sessions_up in lnsd's summary (- when lnsd does not answer).
sessions_up() {
	lnsctl -p lnsd --json show summary 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["ppp"]["sessions_up"])' 2>/dev/null ||
		echo -
}
# wait_for TENTHS CMD...: CMD every 0.1 s until it succeeds.
wait_for() {
	n=$1; shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
held() { grep -q "phase=hold" "$1"; }
up1() { [ "$(sessions_up)" = 1 ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# lacgen NAME HOLD_S [ARGS]: a tunnel and a CHAP session in the background
# (LAC_PID), its log in $out/NAME.log and its JSON report in NAME.json.
lacgen() {
	name=$1 hold=$2; shift 2
	lns-lacgen --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
		--secret deb-test-secret --tunnels 1 --sessions 1 --ppp \
		--auth chap --password pw1 --hold "$hold" --timeout 300 --json "$@" \
		-- --no-pci --no-huge -m 256 -l 0 --file-prefix "lac-$name" \
		--log-level=warning --vdev net_af_packet0,iface=lnslac \
		>"$out/$name.json" 2>"$out/$name.log" &
	LAC_PID=$!
}
# json NAME EXPR: EXPR on lacgen NAME's report d.
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" \
		"$out/$1.json" 2>/dev/null
}
# dial NAME [ARGS]: lacgen NAME holds a session lnsd has up; records
# NAME_up.
dial() {
	name=$1; shift; lacgen "$name" 300 "$@"
	set -- "$name"
	wait_for 600 held "$out/$1.log" && wait_for 300 up1
	rec "$1_up=$([ $? = 0 ] && echo yes || echo no)"
}
# ended NAME: after lnsd stopped, lacgen NAME's hold ends (lnsd cleared
# its only tunnel); records the StopCCN result codes the LAC received.
ended() {
	wait_for 300 gone "$LAC_PID"
	wait "$LAC_PID" 2>/dev/null
	rec "$1_stopccn=$(json "$1" "d['tunnels']['stopccn_result_codes']")"
}

# The LAC's wire: a veth pair in the container's own network namespace.
ip link add lnsacc type veth peer name lnslac &&
	ip link set lnsacc up && ip link set lnslac up
rec "veth_rc=$?"
for i in lnsacc lnslac; do sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"; done
cat >/etc/lnsd/lnsd.yaml <<'YAML'
# make deb-test: lnsd with a LAC on the veth lnsacc/lnslac.
eal:
  args: ["-l", "0-1", "--no-pci", "--no-huge", "-m", "512",
         "--file-prefix", "lnsd"]
log:
  output: journal
dataplane:
  mbufs: 8191
l2tp:
  host_name: lnsd
  peers:
    - { address: 198.51.100.0/24, secret: "deb-test-secret" }
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users:
    - { name: user1, password: pw1 }
ports:
  - name: access
    device: "net_af_packet0,iface=lnsacc"
    role: access
    address: 198.51.100.1/24
  - name: core
    device: net_null0
    role: core
    address: 203.0.113.1/24
    gateway: 203.0.113.2
YAML

# ---- systemctl stop with a session up ----
systemctl start lnsd
rec "start_rc=$?"
dial stop
a0=$(acct_lines)
systemctl stop lnsd
rec "stop_rc=$?"
ended stop
rec "stop_acct=$(($(acct_lines) - a0))"
journalctl -u lnsd --no-pager -o cat | grep "event=accounting" | tail -1 |
	sed 's/^/stop_acct_line=/' >>"$res"

# ---- an upgrade with a session up ----
systemctl start lnsd
dial old
pid=$(systemctl show -p MainPID --value lnsd)
rec "old_version=$(dpkg-query -W -f='${Version}' lnsd)"
a0=$(acct_lines)
deb=$(ls /root/upgrade/lnsd_*.deb)
dpkg -i "$deb" >"$out/upgrade.log" 2>&1
rec "upgrade_rc=$?"
rec "new_version=$(dpkg-query -W -f='${Version}' lnsd)"
ended old
rec "upgrade_acct=$(($(acct_lines) - a0))"
journalctl -u lnsd --no-pager -o cat | grep "event=accounting" | tail -1 |
	sed 's/^/upgrade_acct_line=/' >>"$res"
wait_for 300 sh -c '[ "$(systemctl is-active lnsd)" = active ]'
rec "upgrade_active=$(systemctl is-active lnsd)"
new=$(systemctl show -p MainPID --value lnsd)
rec "new_pid=$([ "$new" != 0 ] && [ "$new" != "$pid" ] && echo yes || echo no) ($pid -> $new)"
# The LAC dials again, on the new lnsd: up, then torn down by the LAC.
dial redial --teardown
kill -USR1 "$LAC_PID"
wait_for 300 gone "$LAC_PID"
wait "$LAC_PID"
rec "redial_rc=$?"
rec "redial_ppp_up=$(json redial "d['sessions']['ppp_up']")"
systemctl stop lnsd
journalctl -u lnsd --no-pager -o cat >"$out/session-journal.txt" 2>&1
rec "done"
