#!/usr/bin/env bash
# Install the Debian 12 packages lnsd needs to build, test and demo
# (clang and its runtime: the libFuzzer targets, docs/fuzzing.md).
# Idempotent and quick when everything is present.
# usage: scripts/deps.sh [bench]   (bench: also perf, for make bench's profiles)
set -euo pipefail

pkgs=(
  build-essential pkg-config meson ninja-build
  dpdk dpdk-dev libdpdk-dev libnuma-dev libipsec-mb-dev
  libyaml-dev libcmocka-dev nettle-dev libssl-dev zlib1g-dev
  iproute2 iputils-ping ethtool iperf3 procps
  python3 python3-scapy python3-yaml tshark xl2tpd
  clang libclang-rt-14-dev
)
[ "${1:-}" = bench ] && pkgs+=(linux-perf)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture; the default (no) is fine.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
