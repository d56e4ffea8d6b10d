#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# make deb-test: the packages make deb built, installed into a fresh
# Debian 12 root (mmdebstrap, variant apt) and purged again. TAP.
#
#   1. the root gets lnsd's and lnsd-tools' dependencies (apt-get satisfy
#      on the packages' own Depends), and a listing of its files is taken;
#   2. lnsd and lnsd-tools are installed without their Recommends (the
#      Depends must be enough), the postinst's lnsd --check is silent;
#   3. the files are where docs/packaging.md says; the conffile is one;
#      lnsd --check passes on it and lnsctl, lnsd-setup and the tools
#      run; lnsd's shared libraries all resolve; lnsd-setup --dry-run on
#      the installed configuration;
#   4. lnsd starts in the root on its installed /etc/lnsd/lnsd.yaml
#      (net_null ports, --no-huge) under a notify socket as the unit's
#      Type=notify does, says READY=1 once event=running, and stops
#      cleanly on SIGTERM with STOPPING=1;
#   5. a broken /etc/lnsd/lnsd.yaml: the postinst (configure) warns with
#      the FILE:LINE:COLUMN error and still succeeds;
#   6. a copy of the root is booted with systemd-nspawn: systemctl start
#      lnsd becomes active (Type=notify), the running lnsd has only the
#      unit's capabilities and a read-only /etc, lnsctl reaches it,
#      systemctl reload applies a changed LAC secret in the same process,
#      systemctl stop ends it cleanly, each log line is in the journal once;
#      then (deb_session_check.sh) lns-lacgen holds a CHAP session over a
#      veth pair: systemctl stop sends it a StopCCN and writes the
#      accounting Stop; an upgrade (the package repacked with a higher
#      version, dpkg -i) restarts lnsd with the same StopCCN and Stop,
#      and the LAC dials again onto the new lnsd;
#   7. apt-get purge lnsd lnsd-tools: no package state is left, and the
#      root's files are exactly those of step 1 (nothing added, nothing
#      removed).
#
# usage: test_deb.sh [DEB_DIR]   (default build-deb; make deb makes it)
# Needs root (mmdebstrap's root mode: chroot), network or a filled apt
# cache: the host's /var/cache/apt/archives (hard links when on the same
# file system) and DEB_DIR/apt-cache are used; the second keeps what had
# to be downloaded, for the next run.
# DEB_TEST_KEEP=1 keeps the root in DEB_DIR/root for a look.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
DEBS=$(cd "${1:-$ROOT/build-deb}" && pwd -P) || exit 1
lnsd_deb=$(ls "$DEBS"/lnsd_*_amd64.deb 2>/dev/null | tail -1)
tools_deb=$(ls "$DEBS"/lnsd-tools_*_amd64.deb 2>/dev/null | tail -1)
if [ -z "$lnsd_deb" ] || [ -z "$tools_deb" ]; then
	echo "Bail out! no lnsd_*.deb / lnsd-tools_*.deb in $DEBS (make deb)"
	exit 1
fi
T=$(mktemp -d /tmp/lnsd-deb-test.XXXXXX)
R="$T/root"
CACHE="$DEBS/apt-cache"
mkdir -p "$CACHE"
cleanup() {
	local m
	for m in $(awk -v r="$R" '$2 ~ "^"r {print $2}' /proc/mounts | sort -r); do
		umount -l "$m" 2>/dev/null
	done
	if [ "${DEB_TEST_KEEP:-0}" = 1 ]; then
		rm -rf "$DEBS/root"
		mv "$R" "$DEBS/root" 2>/dev/null
		echo "# root kept in $DEBS/root"
	fi
	rm -rf "$T"
}
trap cleanup EXIT

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1" "${3:-}"; fi; }
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

# Every file of the root but what apt, dpkg and the kernel keep changing.
listing() {
	(cd "$R" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev \
		-o -path ./run -o -path ./tmp -o -path ./var/cache -o -path ./var/log \
		-o -path ./var/lib/apt -o -path ./var/lib/dpkg \) -prune -o \
		-printf '%p %y %m %s\n' | sort)
}

# ---- the root: Debian 12 with apt, and lnsd's dependencies ----
start=$(date +%s)
# systemd, systemd-sysv: for the boot with systemd-nspawn (step 6);
# iproute2 and the af_packet PMD (a Recommends of both packages) for the
# session checks there (a veth pair, lnsd's and lacgen's ports on it).
deps="$(dpkg-deb -f "$lnsd_deb" Depends), $(dpkg-deb -f "$tools_deb" Depends), systemd, systemd-sysv, iproute2, librte-net-af-packet23"
out=$(mmdebstrap --mode=root --variant=apt --skip=download/empty \
	--setup-hook="mkdir -p \"\$1\"/var/cache/apt/archives" \
	--setup-hook="find /var/cache/apt/archives \"$CACHE\" -maxdepth 1 -name '*.deb' -exec cp -n -l -t \"\$1\"/var/cache/apt/archives {} + 2>/dev/null || find /var/cache/apt/archives \"$CACHE\" -maxdepth 1 -name '*.deb' -exec cp -n -t \"\$1\"/var/cache/apt/archives {} +" \
	--customize-hook="chroot \"\$1\" apt-get satisfy -y --no-install-recommends -q \"$deps\"" \
	--customize-hook="for f in \"\$1\"/var/cache/apt/archives/*.deb; do b=\$(basename \"\$f\"); [ -e /var/cache/apt/archives/\$b ] || [ -e \"$CACHE/\$b\" ] || cp \"\$f\" \"$CACHE/\"; done" \
	bookworm "$R" 2>&1)
rc=$?
check "mmdebstrap: a Debian 12 root with lnsd's dependencies ($(( $(date +%s) - start )) s)" "$rc" "$(tail -20 <<<"$out")"
[ "$rc" = 0 ] || { echo "1..$n"; exit 1; }
before=$(listing)

mount -t proc proc "$R/proc"
mount --bind /sys "$R/sys"
mount --bind /dev "$R/dev"
cp "$lnsd_deb" "$tools_deb" "$R/tmp/"

# ---- install ----
out=$(in_root dpkg -i "/tmp/$(basename "$lnsd_deb")" "/tmp/$(basename "$tools_deb")" 2>&1); rc=$?
check "dpkg -i lnsd lnsd-tools (Depends only) succeeds" "$rc" "$out"
grep -q "lnsd: warning" <<<"$out"
check "postinst: the shipped /etc/lnsd/lnsd.yaml passes lnsd --check (no warning)" "$([ $? = 1 ]; echo $?)" "$out"

want=(
	/usr/sbin/lnsd /usr/sbin/lnsd-setup /usr/bin/lnsctl
	/usr/bin/lns-lacgen /usr/bin/lns-bench /usr/bin/lns-pktgen-assets
	/etc/lnsd/lnsd.yaml /lib/systemd/system/lnsd.service
	/usr/lib/tmpfiles.d/lnsd.conf
	/usr/share/doc/lnsd/examples/lnsd.yaml /usr/share/doc/lnsd/examples/lnsd-vdev.yaml
	/usr/share/doc/lnsd/docs/packaging.md /usr/share/doc/lnsd/docs/configuration.md
	/usr/share/doc/lnsd/README.md /usr/share/doc/lnsd/copyright
	/usr/share/doc/lnsd-tools/copyright
)
missing=""
for f in "${want[@]}"; do [ -e "$R$f" ] || missing+="$f "; done
check "the packages' files are in place" "$([ -z "$missing" ]; echo $?)" "missing: $missing"

missing=""
for f in /usr/sbin/lnsd /usr/sbin/lnsd-setup /usr/bin/lnsctl /usr/bin/lns-lacgen /usr/bin/lns-bench /usr/bin/lns-pktgen-assets; do
	[ -x "$R$f" ] || missing+="$f "
done
check "programs are executable" "$([ -z "$missing" ]; echo $?)" "not executable: $missing"

out=$(in_root dpkg-query -W -f='${Conffiles}\n' lnsd)
grep -q "^ /etc/lnsd/lnsd.yaml " <<<"$out"
check "/etc/lnsd/lnsd.yaml is a conffile" $? "$out"

out=$(in_root ldd /usr/sbin/lnsd /usr/bin/lns-lacgen /usr/bin/lns-bench 2>&1)
! grep -q "not found" <<<"$out"
check "every shared library of lnsd, lns-lacgen and lns-bench resolves" $? "$(grep 'not found' <<<"$out")"

out=$(in_root lnsd --check --config /etc/lnsd/lnsd.yaml 2>&1); rc=$?
check "lnsd --check --config /etc/lnsd/lnsd.yaml" "$rc" "$out"

out=$(in_root lnsd --check --config /usr/share/doc/lnsd/examples/lnsd.yaml 2>&1); rc=$?
check "lnsd --check on the hardware example" "$rc" "$out"

out=$(in_root lnsd-setup --dry-run 2>&1); rc=$?
[ "$rc" = 0 ] && grep -q "none needed (--no-huge)" <<<"$out"
check "lnsd-setup --dry-run on the installed configuration" $? "$out"

out=$(in_root lnsctl --help 2>&1); rc=$?
check "lnsctl runs (python3 is there)" "$rc" "$out"
out=$(in_root lns-pktgen-assets --help 2>&1); rc=$?
check "lns-pktgen-assets runs (python3-yaml is there)" "$rc" "$out"
out=$(in_root lns-lacgen --help 2>&1); rc=$?
check "lns-lacgen --help" "$rc" "$out"

# ---- lnsd runs on its installed configuration, with READY=1 ----
mkdir -p "$R/run/lnsd-test"
notify_log="$R/run/lnsd-test/notify.log"
python3 - "$R/run/lnsd-test/notify" "$notify_log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(90)
with open(sys.argv[2], "w") as log:
    try:
        while True:
            msg = s.recv(4096).decode()
            log.write(msg.replace("\n", " ") + "\n")
            log.flush()
            if "STOPPING=1" in msg:
                break
    except socket.timeout:
        pass
PY
listener=$!
for _ in $(seq 50); do [ -S "$R/run/lnsd-test/notify" ] && break; sleep 0.1; done
mkdir -p "$R/run/dpdk"
chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin NOTIFY_SOCKET=/run/lnsd-test/notify \
	lnsd --config /etc/lnsd/lnsd.yaml >"$T/lnsd.log" 2>&1 &
lnsd_pid=$!
for _ in $(seq 600); do
	grep -q "READY=1" "$notify_log" 2>/dev/null && break
	kill -0 "$lnsd_pid" 2>/dev/null || break
	sleep 0.1
done
grep -q "READY=1" "$notify_log" 2>/dev/null && grep -q "event=running" "$T/lnsd.log"
check "lnsd starts on /etc/lnsd/lnsd.yaml in the root and says READY=1 after event=running" $? "$(tail -15 "$T/lnsd.log")"
kill -TERM "$lnsd_pid" 2>/dev/null
for _ in $(seq 300); do kill -0 "$lnsd_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$lnsd_pid" 2>/dev/null; then kill -KILL "$lnsd_pid"; fi
wait "$lnsd_pid"; rc=$?
wait "$listener" 2>/dev/null
[ "$rc" = 0 ] && grep -q "STOPPING=1" "$notify_log"
check "SIGTERM: STOPPING=1 and exit 0" $? "rc=$rc $(tail -5 "$T/lnsd.log")"
rm -rf "$R/run/lnsd-test" "$R/run/dpdk"

# ---- a broken configuration warns, the installation goes on ----
cp "$R/etc/lnsd/lnsd.yaml" "$T/lnsd.yaml.orig"
printf 'ports:\n  - name: access\n    device: net_null0\n    role: edge\n    address: 192.0.2.1/24\n' >"$R/etc/lnsd/lnsd.yaml"
version=$(dpkg-deb -f "$lnsd_deb" Version)
out=$(in_root env DPKG_MAINTSCRIPT_NAME=postinst DPKG_MAINTSCRIPT_PACKAGE=lnsd \
	/var/lib/dpkg/info/lnsd.postinst configure "$version" 2>&1); rc=$?
[ "$rc" = 0 ] && grep -q "warning: /etc/lnsd/lnsd.yaml does not pass lnsd --check" <<<"$out" &&
	grep -q "/etc/lnsd/lnsd.yaml:4:11: ports\[0\].role" <<<"$out"
check "postinst on a broken lnsd.yaml warns with FILE:LINE:COLUMN and succeeds" $? "rc=$rc $out"
cp "$T/lnsd.yaml.orig" "$R/etc/lnsd/lnsd.yaml"

# ---- boot a copy of the root: systemctl start lnsd ----
# What deb_session_check.sh recorded in the booted copy: a LAC's session
# through systemctl stop and through an upgrade of the package.
session_checks() {
	local d="$T/boot/root/boot-test" r="$T/boot/root/boot-test/session.result"
	sv() { sed -n "s/^$1=//p" "$r" | tail -1; }
	if ! grep -qx "done" "$r" 2>/dev/null; then
		nok "the session checks ran to the end" "$(cat "$r" "$d/session-steps.log" 2>/dev/null | tail -30)"
		return
	fi
	sed 's/^/# session: /' "$r"
	[ "$(sv veth_rc)" = 0 ] && [ "$(sv start_rc)" = 0 ] && [ "$(sv stop_up)" = yes ]
	check "lns-lacgen holds a CHAP session through lnsd.service (veth, af_packet)" $? \
		"$(tail -15 "$d/stop.log")"
	# Result Code 6: "shutting down" (RFC 2661 4.4.2).
	[ "$(sv stop_rc)" = 0 ] && [ "$(sv stop_stopccn)" = "{'6': 1}" ]
	check "systemctl stop lnsd: the LAC got a StopCCN, result 6 (shutting down)" $? \
		"$(grep -E '^stop_' "$r"; tail -10 "$d/stop.log")"
	[ "$(sv stop_acct)" = 1 ] && sv stop_acct_line | grep -q 'user="user1" .* cause=admin-reboot acct_session_id='
	check "systemctl stop lnsd: lnsd wrote the session's accounting Stop (cause admin-reboot)" $? \
		"$(grep -E '^stop_acct' "$r")"
	[ "$(sv old_up)" = yes ] && [ "$(sv upgrade_rc)" = 0 ] &&
		[ "$(sv new_version)" = "$upgrade_version" ] && [ "$(sv upgrade_active)" = active ] &&
		sv new_pid | grep -q '^yes'
	check "upgrade to $upgrade_version with a session up: dpkg -i succeeds, lnsd restarted (new MainPID)" $? \
		"$(grep -E '^(old|upgrade|new)' "$r"; tail -20 "$d/upgrade.log")"
	[ "$(sv old_stopccn)" = "{'6': 1}" ]
	check "upgrade: the LAC got a StopCCN from the old lnsd" $? "$(grep -E '^old_' "$r"; tail -10 "$d/old.log")"
	[ "$(sv upgrade_acct)" = 1 ] && sv upgrade_acct_line | grep -q 'cause=admin-reboot'
	check "upgrade: the old lnsd wrote the session's accounting Stop" $? "$(grep -E '^upgrade_acct' "$r")"
	[ "$(sv redial_up)" = yes ] && [ "$(sv redial_rc)" = 0 ] && [ "$(sv redial_ppp_up)" = 1 ]
	check "upgrade: the LAC dials again and its session comes up on the new lnsd" $? \
		"$(grep -E '^redial' "$r"; tail -10 "$d/redial.log")"
}

boot_root() {
	local B="$T/boot" unit=/etc/systemd/system/lnsd-boot-check.service
	cp -ax "$R" "$B" || return 1
	install -m 755 "$ROOT/tests/pkg/deb_boot_check.sh" "$B/usr/local/sbin/lnsd-boot-check"
	install -m 755 "$ROOT/tests/pkg/deb_session_check.sh" "$B/usr/local/sbin/lnsd-session-check"
	# The upgrade: the same package, repacked with a higher version.
	mkdir -p "$B/root/upgrade"
	deb_repack "$lnsd_deb" "$upgrade_version" "$B/root/upgrade" || return 1
	printf '%s\n' "[Unit]" "Description=make deb-test: the lnsd service, then power off" \
		"After=multi-user.target" "[Service]" "Type=oneshot" \
		"TimeoutStartSec=infinity" \
		"ExecStart=/usr/local/sbin/lnsd-boot-check" "[Install]" \
		"WantedBy=default.target" >"$B$unit"
	mkdir -p "$B/etc/systemd/system/default.target.wants"
	ln -s "$unit" "$B/etc/systemd/system/default.target.wants/"
	# No systemd on the host: no machine registration, no scope. The
	# container keeps the capabilities the unit keeps (nspawn's default
	# set lacks CAP_IPC_LOCK, CAP_NET_ADMIN and CAP_SYS_RAWIO), so the
	# bounding set lnsd ends with is the unit's alone. Its own network
	# namespace: the LAC's veth pair stays inside. nspawn then mounts only
	# parts of /sys, without /sys/module, and EAL fails ("Could not get
	# loaded module details!", "Cannot init VFIO") where the kernel has
	# no /proc/modules either: the host's /sys/module, read-only.
	timeout 600 systemd-nspawn -q -D "$B" -b --register=no --keep-unit \
		--private-network --bind-ro=/sys/module \
		--capability=CAP_IPC_LOCK,CAP_NET_ADMIN,CAP_SYS_RAWIO \
		>"$T/nspawn.log" 2>&1
}
# deb_repack DEB VERSION DIR: DEB with its Version replaced, into DIR.
deb_repack() {
	local x="$T/repack"
	rm -rf "$x"
	dpkg-deb -R "$1" "$x" &&
		sed -i "s/^Version: .*/Version: $2/" "$x/DEBIAN/control" &&
		dpkg-deb --root-owner-group -b "$x" "$3/lnsd_$2_amd64.deb" >/dev/null
}
upgrade_version="$(dpkg-deb -f "$lnsd_deb" Version)+upgrade1"
boot_root; rc=$?
res="$T/boot/root/boot-test/result"
grep -q "^done" "$res" 2>/dev/null
check "systemd-nspawn boots the root and runs the check (exit $rc)" $? "$(tail -15 "$T/nspawn.log")"
if [ -f "$res" ]; then
	sed 's/^/# boot: /' "$res"
	grep -qx "start_rc=0" "$res" && grep -qx "active=active" "$res" &&
		grep -q "event=running" "$T/boot/root/boot-test/journal.txt"
	check "systemctl start lnsd: active once lnsd says READY=1 (event=running in the journal)" $? \
		"$(cat "$T/boot/root/boot-test/steps.log" "$T/boot/root/boot-test/journal.txt" 2>/dev/null | tail -30)"
	# IPC_LOCK, NET_ADMIN, NET_RAW, SYS_ADMIN, SYS_RAWIO: bits 14 12 13 21 17.
	grep -qx "CapBnd=0000000000227000" "$res" && grep -qx "NoNewPrivs=1" "$res" &&
		grep -qx "ro_etc=read-only" "$res"
	check "the running lnsd has the five capabilities, NoNewPrivileges, a read-only /etc" $? "$(cat "$res")"
	grep -qx "telemetry=yes" "$res" && grep -qx "lnsctl_rc=0" "$res" &&
		grep -q "access" "$T/boot/root/boot-test/lnsctl.txt"
	check "lnsctl -p lnsd ports talks to the service's telemetry socket" $? "$(cat "$T/boot/root/boot-test/lnsctl.txt")"
	grep -qx "control_socket=yes" "$res" && grep -qx "summary_rc=0" "$res"
	check "lnsctl -p lnsd show summary talks to the control socket in /run/lnsd" $? "$(cat "$T/boot/root/boot-test/summary.txt")"
	grep -qx "reload_rc=0" "$res" && grep -qx "reload=applied" "$res" &&
		grep -qx "same_pid=yes" "$res"
	check "systemctl reload lnsd (a LAC secret changed): SIGHUP, reload applied, same process" $? "$(cat "$res")"
	grep -qx "stop_rc=0" "$res" && grep -qx "after_stop=inactive" "$res" &&
		grep -qx "result=success" "$res" && grep -q "event=stopping" "$T/boot/root/boot-test/journal.txt"
	check "systemctl stop lnsd: clean stop (inactive, result success)" $? "$(cat "$res")"
	n_running=$(grep -c "event=running" "$T/boot/root/boot-test/journal.txt")
	check "each log line is in the journal once (event=running: $n_running)" "$([ "$n_running" = 1 ]; echo $?)"
fi
session_checks

# ---- purge ----
out=$(in_root apt-get purge -y -q lnsd lnsd-tools 2>&1); rc=$?
check "apt-get purge lnsd lnsd-tools" "$rc" "$out"
out=$(in_root dpkg -l 2>/dev/null | grep -E '^.. +lnsd')
check "dpkg knows nothing of lnsd any more" "$([ -z "$out" ]; echo $?)" "$out"
umount "$R/dev" "$R/sys" "$R/proc"
after=$(listing)
diff_out=$(diff <(echo "$before") <(echo "$after"))
check "after the purge the root's files are exactly those before the install" \
	"$([ -z "$diff_out" ]; echo $?)" "$(head -30 <<<"$diff_out")"

echo "1..$n"
exit $fail
