#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The service's pieces, checked in seconds without building a package
# (make deb-test, tests/pkg/test_deb.sh, installs the real packages): TAP.
#  - systemd-analyze verify of the unit as meson configured it (its
#    binaries pointed at this build), with no complaint at all;
#  - the unit's promises of docs/packaging.md (notify, check before start,
#    reload by SIGHUP, capability set, read-only system);
#  - the package's /etc/lnsd/lnsd.yaml passes lnsd --check;
#  - the tmpfiles.d line creates /run/dpdk (systemd-tmpfiles --root);
#  - lnsd-setup on a fake sysfs/procfs (--root): hugepages raised per
#    NUMA node and in all, never lowered, idempotent; --dry-run changes
#    nothing; a device already on its driver is left alone; a missing
#    device or a bad driver fails naming the port.
# usage: check_service.sh SOURCE_ROOT BUILD_DIR
set -uo pipefail
SRC=$(cd "$1" && pwd -P)
BUILD=$(cd "$2" && pwd -P)
SETUP="$SRC/tools/lnsd-setup"
T=$(mktemp -d /tmp/lnsd-check-service.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1" "${3:-}"; fi; }

# ---- the unit ----
unit_in="$BUILD/systemd/lnsd.service"
if [ ! -f "$unit_in" ]; then
	nok "the unit is configured ($unit_in)"
	echo "1..$n"; exit 1
fi
sbindir=$(sed -n 's|^ExecStart=\(.*\)/lnsd --config .*|\1|p' "$unit_in")
sed -e "s|$sbindir/lnsd-setup|$SETUP|g" -e "s|$sbindir/lnsd |$BUILD/lnsd |g" \
	"$unit_in" >"$T/lnsd.service"
out=$(systemd-analyze verify "$T/lnsd.service" 2>&1); rc=$?
[ -z "$out" ] || rc=1
check "systemd-analyze verify: no error, no warning" "$rc" "$out"

u="$T/lnsd.service"
want_lines=(
	"Type=notify"
	"ExecStartPre=$BUILD/lnsd --check --config "
	"ExecStartPre=+$SETUP --config "
	"ExecReload=/bin/kill -HUP \$MAINPID"
	"Restart=on-failure"
	"NoNewPrivileges=yes"
	"ProtectSystem=strict"
	"RuntimeDirectory=lnsd"
	"UnsetEnvironment=RUNTIME_DIRECTORY"
	"StateDirectory=lnsd"
	"ReadWritePaths=/run/dpdk -/dev/hugepages"
)
missing=""
for l in "${want_lines[@]}"; do
	grep -qF -- "$l" "$u" || missing+="$l"$'\n'
done
[ -n "$(sed -n 's/^StartLimitBurst=//p' "$u")" ] || missing+="StartLimitBurst"$'\n'
[ -n "$(sed -n 's/^StartLimitIntervalSec=//p' "$u")" ] || missing+="StartLimitIntervalSec"$'\n'
check "the unit has what docs/packaging.md says" "$([ -z "$missing" ]; echo $?)" "missing: $missing"

caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$u" | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$caps" = "CAP_IPC_LOCK CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_ADMIN CAP_SYS_RAWIO " ]
check "capability bounding set is the documented five" $? "got: $caps"

# ---- the conffile ----
out=$("$BUILD/lnsd" --check --config "$SRC/config/lnsd-default.yaml" 2>&1); rc=$?
check "lnsd --check passes the package's /etc/lnsd/lnsd.yaml" "$rc" "$out"

# ---- tmpfiles.d ----
mkdir -p "$T/tmpfiles/run"
out=$(systemd-tmpfiles --root="$T/tmpfiles" --create "$SRC/systemd/lnsd-tmpfiles.conf" 2>&1)
[ "$(stat -c %a "$T/tmpfiles/run/dpdk" 2>/dev/null)" = 700 ]
check "tmpfiles.d creates /run/dpdk 0700" $? "$out"

# ---- lnsd-setup on a fake host ----
H="$T/host"
mkhost() {
	rm -rf "$H"
	mkdir -p "$H/proc" "$H/run" "$H/sys/kernel/mm/hugepages/hugepages-2048kB" \
		"$H/sys/bus/pci/drivers/vfio-pci" "$H/sys/bus/pci/drivers/ixgbe"
	printf 'MemTotal:  16000000 kB\nHugepagesize:       2048 kB\n' >"$H/proc/meminfo"
	printf 'hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n' >"$H/proc/mounts"
	echo 0 >"$H/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
	for node in 0 1; do
		mkdir -p "$H/sys/devices/system/node/node$node/hugepages/hugepages-2048kB"
	done
	echo 0 >"$H/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages"
	echo 100 >"$H/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages"
	mkdir -p "$H/sys/bus/pci/devices/0000:01:00.0" "$H/sys/bus/pci/devices/0000:01:00.1"
	ln -s ../../../bus/pci/drivers/vfio-pci "$H/sys/bus/pci/devices/0000:01:00.0/driver"
	ln -s ../../../bus/pci/drivers/ixgbe "$H/sys/bus/pci/devices/0000:01:00.1/driver"
}
node() { cat "$H/sys/devices/system/node/node$1/hugepages/hugepages-2048kB/nr_hugepages"; }
ports() {	# ports DEV1 DRIVER1 [DEV2 DRIVER2]
	echo "ports:"
	echo "  - {name: access, device: \"$1\", role: access, address: 192.0.2.1/24, driver: $2}"
	[ $# -lt 4 ] || echo "  - {name: core, device: \"$3\", role: core, address: 198.51.100.2/24, driver: $4}"
}

mkhost
{ echo 'eal: {args: ["-l", "0-3", "--socket-mem", "64,150", "--huge-dir", "/dev/hugepages"]}'
  ports 01:00.0 vfio-pci; } >"$T/numa.yaml"
out=$("$SETUP" --root "$H" --dry-run --config "$T/numa.yaml" 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$(node 0)" = 0 ] && [ ! -e "$H/run/dpdk" ] &&
	grep -q "node0 2048kB: 0 present, 32 needed: would set 32" <<<"$out"
check "lnsd-setup --dry-run says what it would do and changes nothing" $? "$out"

out=$("$SETUP" --root "$H" --config "$T/numa.yaml" 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$(node 0)" = 32 ] && [ "$(node 1)" = 100 ] && [ -d "$H/run/dpdk" ] &&
	grep -q "port access 0000:01:00.0: bound to vfio-pci: ok" <<<"$out"
check "--socket-mem 64,150: node0 raised to 32 pages, node1 (100 >= 75) not lowered; bound port left alone" $? "$out"

out=$("$SETUP" --root "$H" --config "$T/numa.yaml" 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$(node 0)" = 32 ] && grep -q "node0 2048kB: 32 present, 32 needed: ok" <<<"$out"
check "lnsd-setup is idempotent (second run changes nothing)" $? "$out"

{ echo 'eal: {args: ["-l", "0-1", "-m", "1000"]}'; ports 0000:01:00.0 vfio-pci; } >"$T/total.yaml"
out=$("$SETUP" --root "$H" --config "$T/total.yaml" 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$(cat "$H/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")" = 500 ]
check "-m 1000: 500 pages of 2 MB in all" $? "$out"

{ echo 'eal: {args: ["-l", "0-1", "--no-huge"]}'; ports 01:00.0 vfio-pci 01:00.1 uio_pci_generic; } >"$T/bind.yaml"
out=$("$SETUP" --root "$H" --dry-run --config "$T/bind.yaml" 2>&1); rc=$?
[ "$rc" = 0 ] && grep -q "none needed (--no-huge)" <<<"$out" &&
	grep -q "port core 0000:01:00.1: on ixgbe: would bind to uio_pci_generic" <<<"$out"
check "a port on another driver would be bound (dry run)" $? "$out"

{ echo 'eal: {args: ["--no-huge"]}'; ports 01:00.0 vfio-pci 0000:03:00.0 vfio-pci; } >"$T/missing.yaml"
out=$("$SETUP" --root "$H" --config "$T/missing.yaml" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "ports\[1\] (core): PCI device 0000:03:00.0 not found" <<<"$out"
check "a missing PCI device fails (1) naming the port" $? "rc=$rc $out"

{ echo 'eal: {args: ["--no-huge"]}'; ports 01:00.0 igb_uio; } >"$T/baddrv.yaml"
out=$("$SETUP" --root "$H" --config "$T/baddrv.yaml" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "ports\[0\].driver (access): 'igb_uio'" <<<"$out"
check "an unknown driver fails (1) naming the key" $? "rc=$rc $out"

{ echo 'eal: {args: ["--socket-mem", "64,0,64"]}'; ports 01:00.0 vfio-pci; } >"$T/nonode.yaml"
out=$("$SETUP" --root "$H" --config "$T/nonode.yaml" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q "NUMA node 2, which this host does not have" <<<"$out"
check "--socket-mem for a NUMA node the host lacks fails (1)" $? "rc=$rc $out"

out=$("$SETUP" --root "$H" --config "$T/nonexistent.yaml" 2>&1); rc=$?
check "an unreadable configuration exits 2" "$([ "$rc" = 2 ]; echo $?)" "rc=$rc $out"

echo "1..$n"
exit $fail
