#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build pktgen-DPDK 23.06.1 with Lua against the system's DPDK 22.11
# (docs/pktgen.md): make pktgen, and tests/e2e/test_pktgen.sh when the
# binary is missing.
# usage: scripts/pktgen-build.sh [DIR]      (default: build-pktgen)
# Source: the release tarball $PKTGEN_TARBALL, or by default the copy a
# machine may keep in shared/vendor/ beside the repository's directory
# (or beside the local repository a clone was made from), when that file
# exists; else tag pktgen-23.06.1 of
# github.com/pktgen/Pktgen-DPDK downloaded into DIR (so the script works
# on any machine). Idempotent: nothing is rebuilt when DIR/pktgen was
# built from a tarball with the same SHA-256 (DIR/stamp).
# Result: DIR/pktgen (the binary) and DIR/Pktgen.lua (the Lua helpers
# that pktgen scripts `require`); the last line printed is DIR/pktgen.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
DIR=${1:-$ROOT/build-pktgen}
TAG=pktgen-23.06.1
URL=https://github.com/pktgen/Pktgen-DPDK/archive/refs/tags/$TAG.tar.gz
# The vendor copy beside this repository, or beside the one this clone was
# made from when that is a local directory (a CI's fresh clone elsewhere).
VENDOR=${PKTGEN_TARBALL:-}
if [ -z "$VENDOR" ]; then
	VENDOR=$(dirname "$ROOT")/shared/vendor/$TAG.tar.gz
	ORIGIN=$(git -C "$ROOT" config --get remote.origin.url 2>/dev/null || true)
	if [ ! -f "$VENDOR" ] && [ -n "$ORIGIN" ] && [ -d "$ORIGIN" ] &&
	   [ -f "$(dirname "$(cd "$ORIGIN" && pwd -P)")/shared/vendor/$TAG.tar.gz" ]; then
		VENDOR=$(dirname "$(cd "$ORIGIN" && pwd -P)")/shared/vendor/$TAG.tar.gz
	fi
fi

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
bash "$ROOT/scripts/deps.sh" pktgen

if [ -f "$VENDOR" ]; then
	TARBALL=$VENDOR
else
	TARBALL=$DIR/$TAG.tar.gz
	if [ ! -s "$TARBALL" ]; then
		echo "pktgen-build: $VENDOR not found, downloading $URL"
		curl -fsSL --retry 3 -o "$TARBALL.part" "$URL" || {
			echo "pktgen-build: cannot download $URL; put the" \
				"release tarball in $VENDOR or set PKTGEN_TARBALL" >&2
			exit 1
		}
		mv "$TARBALL.part" "$TARBALL"
	fi
fi
SUM=$(sha256sum "$TARBALL" | cut -d' ' -f1)

if [ -x "$DIR/pktgen" ] && [ "$(cat "$DIR/stamp" 2>/dev/null)" = "$SUM" ]; then
	echo "pktgen-build: up to date ($TARBALL)"
	echo "$DIR/pktgen"
	exit 0
fi

echo "pktgen-build: building $TAG from $TARBALL in $DIR"
rm -rf "$DIR/src" "$DIR/stamp"
mkdir "$DIR/src"
# The vendored tarball's top directory is pktgen-23.06.1/, GitHub's is
# Pktgen-DPDK-pktgen-23.06.1/: strip either.
tar -xzf "$TARBALL" -C "$DIR/src" --strip-components=1
# Debian's libdpdk.pc lists its include directory under Cflags only;
# pktgen's Lua library takes the DPDK dependency's link flags but not its
# include path, so without CFLAGS it does not find rte_version.h.
(
	cd "$DIR/src"
	CFLAGS="$(pkg-config --cflags libdpdk)" \
		meson setup build -Denable_lua=true -Dbuildtype=release >../meson.log
	ninja -C build >../ninja.log
) || {
	echo "pktgen-build: build failed, see $DIR/meson.log and $DIR/ninja.log" >&2
	exit 1
}
cp "$DIR/src/build/app/pktgen" "$DIR/pktgen"
cp "$DIR/src/Pktgen.lua" "$DIR/Pktgen.lua"
echo "$SUM" >"$DIR/stamp"
echo "pktgen-build: built $DIR/pktgen"
echo "$DIR/pktgen"
