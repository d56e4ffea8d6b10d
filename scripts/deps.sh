#!/usr/bin/env bash
# Install the Debian 12 packages lnsd needs to build, test and demo
# (clang and its runtime: the libFuzzer targets, docs/fuzzing.md;
# FreeRADIUS: the RADIUS tests, tests/interop/radius_lib.sh;
# prometheus: its promtool checks the metrics page, tests/e2e/test_metrics.sh;
# systemd: systemd-analyze and systemd-tmpfiles check the service's unit
# and tmpfiles line, tests/pkg/check_service.sh; on Debian 12 it is there;
# mkosi, dosfstools, mtools: tests/pkg/check_image.sh checks the image's
# mkosi configuration and the first-boot seed on a vfat drive image).
# Idempotent and quick when everything is present.
# usage: scripts/deps.sh [bench|deb|image|pktgen]
#   bench: also perf, for make bench's profiles
#   pktgen: what scripts/pktgen-build.sh needs to build pktgen-DPDK
#          23.06.1 with Lua (docs/pktgen.md): Lua 5.3, libpcap and its
#          download fallback's ca-certificates; script (bsdutils) gives
#          pktgen the terminal it needs. In the base set too: make test
#          runs tests/e2e/test_pktgen.sh, which builds it
#   deb:   also what make deb and make deb-test need (docs/packaging.md):
#          debhelper, devscripts, lintian, mmdebstrap (the clean root the
#          packages are installed into),
#          systemd-container (systemd-nspawn boots that root: make deb-test)
#   image: the deb set, and what make image and make image-test need
#          (docs/packaging.md, "Appliance image"): debootstrap, which mkosi
#          (in the base set; Debian 12's is mkosi 14) drives;
#          qemu-system-x86 and qemu-utils boot the image (ovmf: its UEFI
#          firmware, mkosi 14 makes UEFI images only); dosfstools and
#          mtools (base set) make the LNSD-CONFIG drive without mounting it
#   wide-dhcpv6-client (dhcp6c) and ndisc6 (rdisc6): the IPv6 subscribers
#          of tests/e2e/test_ipv6_session.sh, real clients of lnsd's DHCPv6
#          server and Router Advertisements (Debian's dhclient -6 refuses
#          the TUN devices: "Unsupported device type 65534"); dhcp6c's own
#          service is kept off (no interfaces), the tests start their own
set -euo pipefail

pkgs=(
  build-essential pkg-config meson ninja-build
  dpdk dpdk-dev libdpdk-dev libnuma-dev libipsec-mb-dev
  libyaml-dev libcmocka-dev nettle-dev libssl-dev zlib1g-dev libsystemd-dev
  iproute2 iputils-ping ethtool iperf3 procps curl
  python3 python3-scapy python3-yaml tshark xl2tpd
  wide-dhcpv6-client ndisc6
  liblua5.3-dev libpcap-dev ca-certificates bsdutils
  clang libclang-rt-14-dev
  freeradius freeradius-utils
  prometheus
  systemd
  mkosi dosfstools mtools
)
deb_pkgs=(debhelper devscripts lintian fakeroot mmdebstrap systemd-container)
case "${1:-}" in
bench) pkgs+=(linux-perf) ;;
deb) pkgs+=("${deb_pkgs[@]}") ;;
image) pkgs+=("${deb_pkgs[@]}" debootstrap qemu-system-x86 qemu-utils ovmf) ;;
pktgen) pkgs+=(liblua5.3-dev libpcap-dev libnuma-dev ca-certificates bsdutils) ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# FreeRADIUS is installed for the tests only, which start private servers
# on 127.0.0.1: the system's own server must not run nor start at boot
# (Debian's package enables and starts it). Only the daemon of the
# system's pid file is stopped, never the tests' servers.
radius_service_off() {
  local pid
  dpkg-query -W -f='${Status}' freeradius 2>/dev/null | grep -q "install ok installed" || return 0
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now freeradius.service >/dev/null 2>&1 || true
  else
    $SUDO update-rc.d freeradius disable >/dev/null 2>&1 || true
    pid=$(cat /run/freeradius/freeradius.pid 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/freeradius ]; then
      $SUDO kill "$pid" || true
    fi
  fi
}

# prometheus is installed for promtool only: its server must not run.
prometheus_service_off() {
  dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed" || return 0
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  else
    $SUDO update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
}

# wide-dhcpv6-client is installed for the tests' dhcp6c only: its service
# must not ask for DHCPv6 on the machine's own interfaces (Debian's
# default is eth0).
dhcp6c_service_off() {
  local f=/etc/default/wide-dhcpv6-client
  dpkg-query -W -f='${Status}' wide-dhcpv6-client 2>/dev/null | grep -q "install ok installed" || return 0
  if [ -f "$f" ] && ! grep -q '^INTERFACES=""$' "$f"; then
    $SUDO sed -i 's/^INTERFACES=.*/INTERFACES=""/' "$f"
  fi
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now wide-dhcpv6-client.service >/dev/null 2>&1 || true
  else
    $SUDO update-rc.d wide-dhcpv6-client disable >/dev/null 2>&1 || true
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  radius_service_off
  prometheus_service_off
  dhcp6c_service_off
  exit 0
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture; the default (no) is fine.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
# dhcp6c's service on no interface (it is deactivated then).
echo "wide-dhcpv6-client wide-dhcpv6-client/interfaces string" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
radius_service_off
prometheus_service_off
dhcp6c_service_off
