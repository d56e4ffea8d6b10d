#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs inside the root tests/pkg/test_deb.sh boots with systemd-nspawn,
# as a oneshot unit once the system is up: starts the lnsd service on the
# installed /etc/lnsd/lnsd.yaml, records what systemd and lnsd say into
# /root/boot-test/, stops it, runs deb_session_check.sh (a LAC's session
# through a stop and an upgrade) and powers the container off. test_deb.sh
# judges the records.
out=/root/boot-test
mkdir -p "$out"
exec >"$out/steps.log" 2>&1
set -x
systemctl start lnsd
echo "start_rc=$?" >"$out/result"
echo "active=$(systemctl is-active lnsd)" >>"$out/result"
pid=$(systemctl show -p MainPID --value lnsd)
echo "status=$(systemctl show -p StatusText --value lnsd)" >>"$out/result"
grep -E '^(CapBnd|CapEff|NoNewPrivs):' "/proc/$pid/status" | tr -d '\t' |
	sed 's/:/=/' >>"$out/result"
echo "ro_etc=$(nsenter -t "$pid" -m sh -c 'touch /etc/lnsd/x 2>/dev/null && echo writable || echo read-only')" >>"$out/result"
echo "telemetry=$(test -S /run/dpdk/lnsd/dpdk_telemetry.v2 && echo yes || echo no)" >>"$out/result"
lnsctl -p lnsd ports >"$out/lnsctl.txt" 2>&1
echo "lnsctl_rc=$?" >>"$out/result"
echo "control_socket=$(test -S /run/lnsd/lnsd.sock && echo yes || echo no)" >>"$out/result"
lnsctl -p lnsd show summary >"$out/summary.txt" 2>&1
echo "summary_rc=$?" >>"$out/result"
# Reload: a live key (a LAC's secret) changed, systemctl reload (SIGHUP).
sed -i 's/replace-this-secret/reloaded-secret/' /etc/lnsd/lnsd.yaml
systemctl reload lnsd
echo "reload_rc=$?" >>"$out/result"
for i in $(seq 50); do
	journalctl -u lnsd --no-pager -o cat | grep -q "event=reload result=" && break
	sleep 0.2
done
echo "reload=$(journalctl -u lnsd --no-pager -o cat | sed -n 's/.*event=reload result=\([a-z]*\).*/\1/p' | tail -1)" >>"$out/result"
echo "same_pid=$([ "$(systemctl show -p MainPID --value lnsd)" = "$pid" ] && echo yes || echo no)" >>"$out/result"
systemctl stop lnsd
echo "stop_rc=$?" >>"$out/result"
echo "after_stop=$(systemctl is-active lnsd)" >>"$out/result"
echo "result=$(systemctl show -p Result --value lnsd)" >>"$out/result"
journalctl -u lnsd --no-pager -o cat >"$out/journal.txt" 2>&1
echo done >>"$out/result"
# A session's view of systemctl stop and of an upgrade (its own records).
/usr/local/sbin/lnsd-session-check >"$out/session-steps.log" 2>&1
systemctl poweroff
