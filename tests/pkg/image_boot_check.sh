#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs inside the appliance image that tests/pkg/test_image.sh boots under
# qemu (installed into the test's copy of the image only, as a oneshot
# unit after lnsd.service): reports on the second serial port (ttyS1, a
# file on the host) what systemd, lnsd and the kernel say, as lines
# "CHECK key=value" / "CHECK topic text". Then it waits for the host's LAC
# to bring a PPP session up and tear it down again, reports the session
# and lnsd's counters, and powers the VM off. test_image.sh judges.
exec >/dev/ttyS1 2>&1
say() { echo "CHECK $*"; }
tag() { sed "s/^/CHECK $1 /"; }
summary() {
	lnsctl -p lnsd --json show summary 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["l2tp"]["tunnels_established"], d["ppp"]["sessions_up"])' 2>/dev/null ||
		echo "- -"
}

say "uptime_s=$(cut -d' ' -f1 /proc/uptime)"
say "cmdline=$(cat /proc/cmdline)"
say "cpuflags=$(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo | head -1)"
say "seed=$(systemctl show -p Result --value lnsd-config-seed.service)"
journalctl -b -u lnsd-config-seed.service -o cat --no-pager | tag seedlog
say "yaml_sha256=$(sha256sum /etc/lnsd/lnsd.yaml | cut -d' ' -f1)"
say "yaml_mode=$(stat -c %a /etc/lnsd/lnsd.yaml)"
say "enabled=$(systemctl is-enabled lnsd.service)"
say "active=$(systemctl is-active lnsd.service)"
say "status=$(systemctl show -p StatusText --value lnsd.service)"
say "mainpid=$(systemctl show -p MainPID --value lnsd.service)"
say "hugepages=$(cat /proc/sys/vm/nr_hugepages)"
for dev in /sys/bus/pci/devices/*; do
	[ "$(cat "$dev/vendor")" = 0x1af4 ] || continue	# virtio
	drv=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null)
	say "pci $(basename "$dev") device=$(cat "$dev/device") driver=${drv:-none}"
done
lnsctl -p lnsd show ports 2>&1 | tag ports
for i in 0 1; do
	lnsctl -p lnsd telemetry raw "/ethdev/info,$i" 2>&1 | tr -d '\n' | tag "ethdev$i"
	echo
done
# Every listening TCP/UDP socket of the appliance (none expected).
ss -lntupH | tag listen
say "listening=$(ss -lntupH | wc -l)"
journalctl -b -u lnsd.service -o cat --no-pager | tail -60 | tag lnsdlog
say ready

# The host's LAC dials now. Up to 20 minutes (TCG, a loaded host).
i=0
while [ "$i" -lt 240 ]; do
	set -- $(summary)
	[ "${2:-}" != - ] && [ "${2:-0}" -ge 1 ] && break
	sleep 5
	i=$((i + 1))
done
say "tunnels_established=${1:-} sessions_up=${2:-}"
lnsctl -p lnsd show sessions 2>&1 | tag sessions
lnsctl -p lnsd --json show sessions 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    s = json.loads(line)
    print(s["id"])' 2>/dev/null | head -1 >/run/check-session
# While the session is up, its counters; once the LAC has torn it down,
# the last ones seen (the subscriber's pings are in them).
i=0
while [ "$i" -lt 240 ]; do
	set -- $(summary)
	[ "${2:-}" = 0 ] && break
	lnsctl -p lnsd --json show session "$(cat /run/check-session)" \
		>/run/check-detail.new 2>/dev/null && mv /run/check-detail.new /run/check-detail
	sleep 5
	i=$((i + 1))
done
say "after_teardown sessions_up=${2:-}"
python3 -c '
import json, sys
d = json.load(open("/run/check-detail"))
c = d["ppp"]["counters"]
print("session=%s ip=%s up_packets=%d down_packets=%d" % (d.get("id"),
      d["ppp"].get("ip"), c["up_packets"], c["down_packets"]))' 2>&1 | tag counters
lnsctl -p lnsd show stats 2>&1 | tag stats
journalctl -b -u lnsd.service -o cat --no-pager | grep -E "event=|acct" | tail -20 | tag events
say done
systemctl poweroff
