#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# make image: the lnsd appliance image (docs/packaging.md, "Appliance
# image"), a bootable Debian 12 GPT disk: mkosi 14 builds the operating
# system tree from image/ (the lnsd package of make deb installed with its
# dependencies and recommended NIC drivers, lnsd.service and the config
# drive's seed, lnsd-config-seed.service, enabled), then
# scripts/image-disk.sh makes the disk from it (UEFI: systemd-boot and a
# unified kernel image).
#
# usage: scripts/image-build.sh [OUT]     (default build-image)
#   OUT/lnsd.raw          the disk image (raw, sparse; qemu: -drive
#                         format=raw; a disk: dd or bmaptool)
#   OUT/lnsd.raw.sha256   its checksum; OUT/lnsd.manifest the packages in it
#   OUT/mkosi.cache/      the downloaded packages, kept for the next build
# Environment:
#   DEB_DIR               where make deb put lnsd_*.deb (build-deb)
#   LNSD_YAML             a configuration to install as /etc/lnsd/lnsd.yaml
#                         instead of the package's placeholder; it must
#                         pass lnsd --check (checked in the image, a failure
#                         fails the build)
#   IMAGE_ROOT_PASSWORD   a password for root (default: root is locked, no
#                         login at all)
# Needs root (mkosi: debootstrap, systemd-nspawn) and network or a filled
# cache.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=${1:-$ROOT/build-image}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
DEBS=$(cd "${DEB_DIR:-$ROOT/build-deb}" && pwd -P)
lnsd_deb=$(ls "$DEBS"/lnsd_*_amd64.deb 2>/dev/null | tail -1)
[ -n "$lnsd_deb" ] || { echo "image-build: no lnsd_*_amd64.deb in $DEBS (make deb)" >&2; exit 1; }
yaml=
if [ -n "${LNSD_YAML:-}" ]; then
	yaml=$(cd "$(dirname "$LNSD_YAML")" && pwd -P)/$(basename "$LNSD_YAML")
	[ -f "$yaml" ] || { echo "image-build: LNSD_YAML=$LNSD_YAML: no such file" >&2; exit 1; }
fi

# mkosi reads its configuration and trees from the directory it runs in:
# a fresh copy of image/ with the package (and the configuration) added.
work="$OUT/mkosi"
rm -rf "$work"
cp -a "$ROOT/image" "$work"
mkdir -p "$work/mkosi.extra/root/lnsd-image"
cp "$lnsd_deb" "$work/mkosi.extra/root/lnsd-image/"
[ -z "$yaml" ] || cp "$yaml" "$work/mkosi.extra/root/lnsd-image/lnsd.yaml"

# The package's Depends and Recommends, as apt would install them, for
# mkosi to install before the postinst script dpkg -i's the package
# offline: "a (>= 1) | b" -> a.
pkgs=$(for f in Depends Recommends; do dpkg-deb -f "$lnsd_deb" "$f"; done |
	tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/[[:space:]]//g' | grep -v '^$' |
	sort -u | paste -sd,)

# Packages already on this host (make deb-test's and earlier builds') are
# linked into the cache rather than downloaded again.
mkdir -p "$OUT/mkosi.cache"
find /var/cache/apt/archives -maxdepth 1 -name '*.deb' \
	-exec cp -n -l -t "$OUT/mkosi.cache" {} + 2>/dev/null || true

args=(--default mkosi.default --output "$OUT/lnsd.tree" --cache "$OUT/mkosi.cache"
	--package="$pkgs" --force)
[ -z "${IMAGE_ROOT_PASSWORD:-}" ] || args+=(--password="$IMAGE_ROOT_PASSWORD")

echo "image-build: $(basename "$lnsd_deb")${yaml:+, /etc/lnsd/lnsd.yaml from $yaml}"
echo "image-build: with $pkgs"
start=$(date +%s)
rm -rf "$OUT/lnsd.tree"
(cd "$work" && mkosi "${args[@]}" build)
tree_secs=$(( $(date +%s) - start ))
"$ROOT/scripts/image-disk.sh" "$OUT/lnsd.tree" "$OUT/lnsd.raw"
(cd "$OUT" && sha256sum lnsd.raw >lnsd.raw.sha256)
secs=$(( $(date +%s) - start ))
rm -rf "$work" "$OUT/lnsd.tree"
echo "image-build: the tree in ${tree_secs} s, the disk in $((secs - tree_secs)) s"
echo "image-build: $OUT/lnsd.raw in ${secs} s:" \
	"$(du -h --apparent-size "$OUT/lnsd.raw" | cut -f1) disk," \
	"$(du -h "$OUT/lnsd.raw" | cut -f1) of it allocated"
