#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# make image-test: the appliance image of make image, booted under qemu
# (KVM when it works and gives the guest DPDK's CPU flags, TCG otherwise:
# tests/pkg/image_accel.sh) with two virtio-net PCI NICs, drives lnsd on
# them with DPDK's virtio PMD, and an emulated LAC on the host dials a PPP
# session through it. TAP.
#
#   host namespaces                       the VM (2 vCPUs, 2 GiB, UEFI)
#   A: lns-lacgen 198.51.100.2 -- tap --  0000:00:04.0 access 198.51.100.1
#   C: core host  203.0.113.2  -- tap --  0000:00:05.0 core   203.0.113.1
#   S: the subscriber's TUN device (lacgen --tun)
#
#   1. a copy of the image gets a report unit (tests/pkg/image_boot_check.sh,
#      on the second serial port); the image itself is not changed;
#   2. the configuration reaches the VM on a config drive (vfat, label
#      LNSD-CONFIG): the seed unit installs it before lnsd starts;
#   3. at boot: lnsd.service active, the seeded file in place, the two NICs
#      bound to uio_pci_generic by lnsd-setup and lnsd's ports are those
#      PCI devices on net_virtio; nothing listens on TCP/UDP;
#   4. lacgen opens a tunnel and a CHAP session; lnsd has it up; the
#      subscriber pings the core host through lnsd; iperf3 (TCP, 5 s)
#      from the subscriber to the core host and back (-R), throughput
#      printed; meanwhile a second LAC, xl2tpd (198.51.100.3), dials a
#      tunnel and a call whose PPP runs in user space on xl2tpd's pty
#      (tests/pkg/pty_ppp_peer.py: this host's kernel has no PPP for
#      pppd) and pings the core host; both LACs tear down, lnsd counted
#      the pings in lacgen's session; the VM powers off.
#
# usage: test_image.sh [IMAGE_DIR] [BUILD_DIR]   (build-image, build)
# IMAGE_TEST_DRIVER: uio_pci_generic (default) or vfio-pci (fails in this VM:
# Debian 12's kernel has no vfio no-IOMMU mode, docs/packaging.md).
# IMAGE_TEST_ACCEL=tcg: TCG even where KVM would do.
# IMAGE_TEST_KEEP=1 keeps the work directory (logs, the disk copy).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
IMG=$(cd "${1:-$ROOT/build-image}" && pwd -P)/lnsd.raw
BUILD=$(cd "${2:-$ROOT/build}" && pwd -P)
LACGEN=$BUILD/tools/lacgen/lns-lacgen
DRIVER=${IMAGE_TEST_DRIVER:-uio_pci_generic}
FIRMWARE=/usr/share/ovmf/OVMF.fd
for need in "$IMG" "$LACGEN" "$FIRMWARE"; do
	[ -e "$need" ] || { echo "Bail out! $need missing (make image; make build; scripts/deps.sh image)"; exit 1; }
done
for tool in qemu-system-x86_64 mkfs.vfat mcopy sfdisk iperf3 xl2tpd; do
	command -v "$tool" >/dev/null || { echo "Bail out! $tool missing (scripts/deps.sh image)"; exit 1; }
done

. "$ROOT/tests/pkg/image_accel.sh"
. "$ROOT/tests/interop/xl2tpd_lib.sh"

T=$(mktemp -d /tmp/lnsd-image-test.XXXXXX)
ID=$$
NSA=lnsimg-a$ID NSC=lnsimg-c$ID NSS=lnsimg-s$ID
TAPA=lnsimga$ID TAPC=lnsimgc$ID
QEMU_PID="" LACGEN_PID="" IPERF_PID="" XL2TPD_PID=""
cleanup() {
	local p
	for p in $LACGEN_PID $IPERF_PID $XL2TPD_PID $QEMU_PID; do
		kill "$p" 2>/dev/null && { sleep 1; kill -KILL "$p" 2>/dev/null; }
	done
	# lacgen's DPDK runtime directory (--file-prefix lnsimg$ID, below).
	rm -rf "/var/run/dpdk/lnsimg$ID"
	umount "$T/mnt" 2>/dev/null
	for p in $NSA $NSC $NSS; do ip netns del "$p" 2>/dev/null; done
	ip link del "$TAPA" 2>/dev/null; ip link del "$TAPC" 2>/dev/null
	rm -f "$T/disk.raw" "$T/seed.img"
	if [ "${IMAGE_TEST_KEEP:-0}" = 1 ]; then echo "# kept: $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/#   /'; }
check() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1" "${3:-}"; fi; }
finish() { echo "1..$n"; exit $fail; }
# The VM's report, without the serial line's carriage returns, as a file
# (grep -q on a pipe would fail the pipe under pipefail).
report() { tr -d '\r' <"$T/check.log" >"$T/report.txt" 2>/dev/null; cat "$T/report.txt"; }
has() { report >/dev/null; grep -q "$@" "$T/report.txt"; }
val() { report | sed -n "s/^CHECK $1=//p" | tail -1; }
# alive PID: running, not a zombie (kill -0 succeeds on those).
alive() { [ -n "$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] && [ -e "/proc/$1" ]; }
# wait_for SECONDS CMD...: CMD every second until it succeeds; fails once
# SECONDS have passed or the VM is gone.
wait_for() {
	local s=$1; shift
	for _ in $(seq "$s"); do
		"$@" && return 0
		alive "$QEMU_PID" || return 1
		sleep 1
	done
	return 1
}
# iperf_through ADDR: iperf3 TCP from the subscriber ADDR to the core
# host and back (-R), 5 s each through the VM; the throughput is printed
# (TCG is slow: only that bytes flowed and iperf3 succeeded is asserted).
iperf_through() {
	local dir rc bytes mbps rate rev
	ip netns exec "$NSC" iperf3 -s -B 203.0.113.2 >"$T/iperf3-server.log" 2>&1 &
	IPERF_PID=$!
	sleep 1
	for dir in up down; do
		rev=()
		[ "$dir" = up ] || rev=(-R)
		ip netns exec "$NSS" timeout 120 iperf3 -c 203.0.113.2 -B "$1" -t 5 -J \
			"${rev[@]}" >"$T/iperf3-$dir.json" 2>&1
		rc=$?
		# The receiver's bytes; both ends' rates (under TCG the receiver
		# can take much longer than the sender's 5 s to get everything).
		read -r bytes mbps rate < <(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["end"]
s, r = e["sum_sent"], e["sum_received"]
print(int(r["bytes"]), "%.1f" % (r["bits_per_second"] / 1e6),
      "sender:%.1f_Mbit/s_in_%.1f_s,_receiver:%.1f_Mbit/s_in_%.1f_s" % (
          s["bits_per_second"] / 1e6, s["seconds"],
          r["bits_per_second"] / 1e6, r["seconds"]))' "$T/iperf3-$dir.json" 2>/dev/null)
		echo "# iperf3 $dir ($([ "$dir" = up ] && echo "subscriber -> core" || echo "core -> subscriber, -R")): ${bytes:-0} bytes received; ${rate//_/ }"
		[ "$rc" = 0 ] && [ "${bytes:-0}" -gt 0 ]
		check "iperf3 TCP $dir through lnsd: exit 0, ${bytes:-0} bytes in 5 s (${mbps:-?} Mbit/s)" $? \
			"rc=$rc $(tail -5 "$T/iperf3-$dir.json")"
	done
	kill "$IPERF_PID" 2>/dev/null; wait "$IPERF_PID" 2>/dev/null
	IPERF_PID=
}
# xl2tpd_through: xl2tpd dials lnsd (tunnel authentication, a call for
# user2) with pty_ppp_peer.py as its pppd, which pings the core host;
# then xl2tpd tears its tunnel down (StopCCN).
xl2tpd_through() {
	local d="$T/xl2tpd" res got
	mkdir -p "$d"
	xl2tpd_conf "$d" 198.51.100.1 \
		"$(printf '%s\n' "listen-addr = 198.51.100.3" "auth file = $d/l2tp-secrets")" \
		"$(printf '%s\n' "challenge = yes" "redial = no" "autodial = no")"
	echo "* * image-test-secret" >"$d/l2tp-secrets"
	# xl2tpd gives the pty as the first argument: raw and without echo at
	# once (stty is quicker than python's start), the frames in the log.
	printf '%s\n' "#!/bin/sh" "stty -F \"\$1\" raw -echo 2>/dev/null" \
		"PTY_PPP_DEBUG=1 exec python3 $ROOT/tests/pkg/pty_ppp_peer.py --user user2 \\" \
		"	--password pw2 --ping 203.0.113.2 --count 10 --out $d/ppp.result -- \"\$@\"" \
		>"$d/pppd"
	chmod +x "$d/pppd"
	xl2tpd_start "$NSA" "$d" "$d/pppd"
	wait_for 30 test -p "$d/l2tp-control"
	echo "c lns" >"$d/l2tp-control"
	wait_for 600 grep -qs "^done=\|^error=" "$d/ppp.result"
	res=$(cat "$d/ppp.result" 2>/dev/null)
	sed 's/^/# xl2tpd pppd: /' <<<"$res"
	grep -q "Connection established to 198.51.100.1" "$d/xl2tpd.log" &&
		grep -q "Call established with 198.51.100.1" "$d/xl2tpd.log" &&
		grep -q "^addr=100\.64\.1\." <<<"$res"
	check "xl2tpd: tunnel (challenge authentication) and call through lnsd; PPP with CHAP (user2) up on its pty" $? \
		"$(tail -15 "$d/xl2tpd.log"; echo "$res")"
	got=$(sed -n 's/.*ping_received=\([0-9]*\).*/\1/p' <<<"$res")
	check "xl2tpd's subscriber pings the core host 203.0.113.2 through lnsd (${got:-0}/10 answered)" \
		"$([ "${got:-0}" -ge 1 ]; echo $?)" "$res"
	echo "d lns" >"$d/l2tp-control"
	sleep 5
	kill "$XL2TPD_PID" 2>/dev/null; wait "$XL2TPD_PID" 2>/dev/null
	XL2TPD_PID=
}
lacgen_held() { grep -q "phase=hold" "$T/lacgen.log" || ! alive "$LACGEN_PID"; }

# ---- 1. a copy of the image with the report unit ----
cp --sparse=always "$IMG" "$T/disk.raw"
# The root partition (GPT type root-x86-64), mounted through a loop
# device at its offset.
read -r start size < <(sfdisk --json "$T/disk.raw" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["partitiontable"]["partitions"]:
    if p["type"].upper() == "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709":
        print(p["start"] * 512, p["size"] * 512)')
mkdir -p "$T/mnt"
if [ -z "${start:-}" ] || ! mount -o "loop,offset=$start,sizelimit=$size" "$T/disk.raw" "$T/mnt"; then
	nok "the image's root partition mounts (offset ${start:-?})"; finish
fi
install -m 755 "$ROOT/tests/pkg/image_boot_check.sh" "$T/mnt/usr/local/sbin/lnsd-image-check"
printf '%s\n' "[Unit]" "Description=make image-test: report on ttyS1, then power off" \
	"After=lnsd.service lnsd-config-seed.service" "[Service]" "Type=oneshot" \
	"TimeoutStartSec=infinity" "ExecStart=/usr/local/sbin/lnsd-image-check" \
	>"$T/mnt/etc/systemd/system/lnsd-image-check.service"
ln -sf /etc/systemd/system/lnsd-image-check.service \
	"$T/mnt/etc/systemd/system/multi-user.target.wants/lnsd-image-check.service"
enabled=$(readlink "$T/mnt/etc/systemd/system/multi-user.target.wants/lnsd.service")
umount "$T/mnt"
check "the image enables lnsd.service (multi-user.target.wants)" \
	"$([ -n "$enabled" ]; echo $?)"

# ---- 2. the config drive ----
cat >"$T/lnsd.yaml" <<YAML
# make image-test: lnsd on the VM's two virtio-net PCI NICs.
eal:
  args: ["-l", "0-1", "-m", "512", "--file-prefix", "lnsd"]
log:
  output: journal
dataplane:
  mbufs: 8191
l2tp:
  host_name: lnsd-image
  peers:
    - { address: 198.51.100.0/24, secret: "image-test-secret" }
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users:
    - { name: user1, password: pw1 }
    - { name: user2, password: pw2 }
ports:
  - name: access
    device: "0000:00:04.0"
    driver: $DRIVER
    role: access
    address: 198.51.100.1/24
  - name: core
    device: "0000:00:05.0"
    driver: $DRIVER
    role: core
    address: 203.0.113.1/24
    gateway: 203.0.113.2
YAML
mkfs.vfat -C -n LNSD-CONFIG "$T/seed.img" 2048 >/dev/null &&
	mcopy -i "$T/seed.img" "$T/lnsd.yaml" ::lnsd.yaml
check "a vfat config drive labelled LNSD-CONFIG holds lnsd.yaml" $?

# ---- 3. the host side and the VM ----
for ns in $NSA $NSC $NSS; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip tuntap add dev "$TAPA" mode tap && ip tuntap add dev "$TAPC" mode tap
check "tap devices for the two NICs" $?
image_accel
echo "# accel: $ACCEL_NAME${ACCEL_WHY:+ ($ACCEL_WHY)}"
start_s=$(date +%s)
# vnet_hdr=off: no checksum/segmentation offload between the host's stack
# and the guest; frames cross as on a wire.
nice -n 19 qemu-system-x86_64 -machine pc "${ACCEL_ARGS[@]}" -smp 2 -m 2048 \
	-bios "$FIRMWARE" -display none -monitor none -no-reboot \
	-serial "file:$T/console.log" -serial "file:$T/check.log" \
	-netdev "tap,id=acc,ifname=$TAPA,script=no,downscript=no,vnet_hdr=off" \
	-device virtio-net-pci,netdev=acc,addr=0x4,mac=52:54:00:4c:00:01 \
	-netdev "tap,id=core,ifname=$TAPC,script=no,downscript=no,vnet_hdr=off" \
	-device virtio-net-pci,netdev=core,addr=0x5,mac=52:54:00:4c:00:02 \
	-drive "file=$T/disk.raw,format=raw,if=virtio" \
	-drive "file=$T/seed.img,format=raw,if=virtio,readonly=on" \
	>"$T/qemu.log" 2>&1 &
QEMU_PID=$!
sleep 2
# qemu holds the taps open by now; they go into their namespaces (the
# open files stay attached).
ip link set "$TAPA" netns "$NSA" && ip link set "$TAPC" netns "$NSC"
check "qemu runs and its taps are in the access and core namespaces" \
	"$(alive "$QEMU_PID" && ip -n "$NSA" link show "$TAPA" >/dev/null 2>&1; echo $?)" \
	"$(cat "$T/qemu.log")"
for pair in "$NSA $TAPA" "$NSC $TAPC"; do
	set -- $pair
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip -n "$1" link set "$2" up
done
ip -n "$NSC" addr add 203.0.113.2/24 dev "$TAPC"
# xl2tpd's address; lacgen's 198.51.100.2 is its own (DPDK), not the kernel's.
ip -n "$NSA" addr add 198.51.100.3/24 dev "$TAPA"
ip -n "$NSC" route add 100.64.0.0/16 via 203.0.113.1

# Boot: OVMF, systemd-boot, the kernel, systemd, the seed, lnsd (under
# TCG every step is slow): up to 20 minutes for the report.
wait_for 1200 grep -q "^CHECK ready" "$T/check.log"; rc=$?
boot_s=$(( $(date +%s) - start_s ))
check "the VM boots and reports (accel $ACCEL_NAME, ${boot_s} s from qemu's start; guest uptime $(val uptime_s) s)" \
	"$rc" "$(tail -30 "$T/console.log" | tr -d '\r')"
[ "$rc" = 0 ] || finish
report | grep -E "^CHECK (cmdline|cpuflags|seed|yaml|enabled|active|status|hugepages|pci|ports|ethdev|listen)" | sed 's/^/# vm: /'

missing=
for f in $(image_cpuinfo_flags); do
	grep -qw "$f" <<<"$(val cpuflags)" || missing+=" $f"
done
check "the guest CPU ($ACCEL_NAME) has the flags Debian's DPDK needs ($(image_cpuinfo_flags))" \
	"$([ -z "$missing" ]; echo $?)" "missing:$missing"

has "^CHECK seedlog .*installed from the config drive LNSD-CONFIG" &&
	[ "$(val seed)" = success ] &&
	[ "$(val yaml_sha256)" = "$(sha256sum <"$T/lnsd.yaml" | cut -d' ' -f1)" ] &&
	[ "$(val yaml_mode)" = 600 ]
check "first boot: lnsd-config-seed installed the drive's lnsd.yaml (checked, 0600) before lnsd started" $? \
	"$(report | grep -E '^CHECK (seed|yaml)')"
grep -q "console=ttyS0" <<<"$(val cmdline)" && grep -q "hugepages=" <<<"$(val cmdline)" &&
	grep -q "iommu=pt" <<<"$(val cmdline)"
check "kernel command line: serial console, hugepages, IOMMU" $? "$(val cmdline)"
[ "$(val enabled)" = enabled ] && [ "$(val active)" = active ]
check "lnsd.service is enabled and active (READY=1 reached systemd)" $? \
	"$(report | grep -E '^CHECK (enabled|active|status|lnsdlog)')"
has -x "CHECK pci 0000:00:04.0 device=0x1000 driver=$DRIVER" &&
	has -x "CHECK pci 0000:00:05.0 device=0x1000 driver=$DRIVER"
check "lnsd-setup bound both virtio-net PCI NICs to $DRIVER" $? "$(report | grep '^CHECK pci')"
for i in 0 1; do
	dev=0000:00:0$((i + 4)).0
	# The ethdev is that PCI device (telemetry), which EAL probed with
	# the virtio PMD (lnsd's journal).
	has "^CHECK ethdev$i .*\"name\": \"$dev\"" &&
		has "^CHECK lnsdlog EAL: Probe PCI driver: net_virtio (1af4:1000) device: $dev"
	check "lnsd's port $i is the PCI device $dev on DPDK's virtio PMD (net_virtio)" $? \
		"$(report | grep -E "^CHECK (ethdev$i|ports|lnsdlog EAL)")"
done
[ "$(val listening)" = 0 ]
check "nothing listens on TCP or UDP (ss -lntup is empty)" $? "$(report | grep '^CHECK listen')"
# Without a running lnsd there is nothing to dial.
[ "$(val active)" = active ] || finish

# ---- 4. a PPP session through lnsd ----
ip netns exec "$NSA" nice -n 19 "$LACGEN" --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--secret image-test-secret --tunnels 1 --sessions 1 --ppp --auth chap \
	--password pw1 --tun 1 --tun-netns "$NSS" --hold 1200 --teardown \
	--timeout 1500 --json \
	-- --no-pci --no-huge -m 512 -l 0 --file-prefix "lnsimg$ID" \
	--log-level=warning --vdev "net_af_packet0,iface=$TAPA" \
	>"$T/lacgen.json" 2>"$T/lacgen.log" &
LACGEN_PID=$!
wait_for 600 lacgen_held
addr=$(sed -n 's/^lacgen: tun lgtun0 session [0-9/]* addr \([0-9.]*\) .*/\1/p' "$T/lacgen.log")
check "lacgen: tunnel and CHAP session up, the subscriber has ${addr:-no address}" \
	"$([ -n "$addr" ]; echo $?)" "$(tail -20 "$T/lacgen.log")"
wait_for 120 grep -q "^CHECK tunnels_established=" "$T/check.log"
[ "$(report | sed -n 's/^CHECK tunnels_established=\([0-9]*\) sessions_up=\([0-9]*\)/\1 \2/p')" = "1 1" ]
check "lnsd has the tunnel established and the session up" $? \
	"$(report | grep -E '^CHECK (tunnels|sessions)')"
report | grep "^CHECK sessions" | sed 's/^/# vm: /'
if [ -n "$addr" ]; then
	ip netns exec "$NSS" ping -c 10 -i 1 -W 5 -I "$addr" 203.0.113.2 >"$T/ping.log" 2>&1
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping.log")
	check "the subscriber $addr pings the core host 203.0.113.2 through lnsd (${got:-0}/10 answered)" \
		"$([ "${got:-0}" -ge 1 ]; echo $?)" "$(cat "$T/ping.log")"
	iperf_through "$addr"
fi
xl2tpd_through
# The traffic is over: lacgen ends its hold and tears down.
kill -USR1 "$LACGEN_PID" 2>/dev/null
wait "$LACGEN_PID"; rc=$?
LACGEN_PID=
check "lacgen tears down cleanly (exit 0)" "$rc" "$(tail -10 "$T/lacgen.log")"
wait_for 300 grep -q "^CHECK done" "$T/check.log"
report | grep -E "^CHECK (counters|after_teardown|events)" | sed 's/^/# vm: /'
up=$(report | sed -n 's/^CHECK counters .*up_packets=\([0-9]*\).*/\1/p')
down=$(report | sed -n 's/^CHECK counters .*down_packets=\([0-9]*\).*/\1/p')
[ "${up:-0}" -ge "${got:-1}" ] && [ "${down:-0}" -ge "${got:-1}" ]
check "lnsd's session counters hold the pings (up ${up:-?}, down ${down:-?} packets)" $? \
	"$(report | grep '^CHECK counters')"
wait_for 300 false
alive "$QEMU_PID"; still=$?
check "the VM powers off (qemu exits; $(( $(date +%s) - start_s )) s in all)" \
	"$([ "$still" != 0 ]; echo $?)"
wait "$QEMU_PID" 2>/dev/null
QEMU_PID=
finish
