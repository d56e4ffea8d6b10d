#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build lnsd's Debian packages (docs/packaging.md) without writing into the
# source tree: the tree's files (what git tracks, and new files git does
# not ignore) are copied to OUT/src/lnsd-VERSION, dpkg-buildpackage builds
# there, and the .deb, .buildinfo and .changes files end in OUT.
# Then lintian checks them: a warning or an error fails the build (what is
# accepted is in debian/*.lintian-overrides, each with its reason).
#
# usage: scripts/deb-build.sh [OUT]       (default: build-deb)
#   VERSION: meson's project version, plus +gitN.gSHA (N commits, HEAD's
#   short hash) in a git checkout, and +dirty with uncommitted changes.
#   DEB_BUILD_OPTIONS=nocheck skips the unit tests of the package build.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
OUT=${1:-$ROOT/build-deb}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
cd "$ROOT"

version=$(sed -n "s/^ *version: '\([^']*\)',.*/\1/p" meson.build | head -1)
[ -n "$version" ] || { echo "deb-build: no version in meson.build" >&2; exit 1; }
if git rev-parse --git-dir >/dev/null 2>&1; then
	version+="+git$(git rev-list --count HEAD).g$(git rev-parse --short HEAD)"
	[ -z "$(git status --porcelain --untracked-files=no)" ] || version+="+dirty"
	files() { git ls-files -z --cached --others --exclude-standard; }
else
	files() { find . -path './build*' -prune -o -type f -print0; }
fi

src="$OUT/src/lnsd-$version"
rm -rf "$OUT/src"
mkdir -p "$src"
# Deleted but still tracked files are skipped (tar would fail on them).
files | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$src"
sed -i "1s/^lnsd ([^)]*)/lnsd ($version)/" "$src/debian/changelog"

echo "deb-build: lnsd $version in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b)
rm -f "$OUT"/*.deb "$OUT"/*.buildinfo "$OUT"/*.changes
mv "$OUT"/src/*.deb "$OUT"/src/*.buildinfo "$OUT"/src/*.changes "$OUT"/
echo "deb-build: packages in $OUT:"
ls -l "$OUT"/*.deb

changes=$(ls "$OUT"/lnsd_*.changes)
echo "deb-build: lintian $changes"
lintian --info --fail-on error,warning "$changes"
echo "deb-build: lintian: no error and no warning"
