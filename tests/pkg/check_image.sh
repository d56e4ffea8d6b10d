#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The appliance image's pieces, checked in seconds without building it
# (make image-test, tests/pkg/test_image.sh, boots the real image): TAP.
#  - mkosi (when scripts/deps.sh image installed it) parses image/'s
#    configuration: a Debian 12 tree with the kernel, dracut, systemd-boot,
#    the postinst script and extra tree; the kernel command line of
#    docs/packaging.md is one line;
#  - systemd-analyze verify of lnsd-config-seed.service;
#  - lnsd-config-seed on fake config drives: no drive, a drive without
#    lnsd.yaml, a file that fails lnsd --check (nothing changes, the error
#    names LNSD-CONFIG:lnsd.yaml:LINE:COLUMN), a good file (installed
#    0600, the old one kept), the same file again (left alone), a volume
#    that does not mount; and, with dosfstools, mtools and a kernel with
#    vfat, a real vfat volume labelled LNSD-CONFIG, mounted, read and
#    unmounted (make image-test does that in the VM in any case).
# usage: check_image.sh SOURCE_ROOT BUILD_DIR
set -uo pipefail
SRC=$(cd "$1" && pwd -P)
BUILD=$(cd "$2" && pwd -P)
SEED="$SRC/image/mkosi.extra/usr/local/sbin/lnsd-config-seed"
UNIT="$SRC/image/mkosi.extra/etc/systemd/system/lnsd-config-seed.service"
T=$(mktemp -d /tmp/lnsd-check-image.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'; }
# What cannot run here is said, not counted: a skip is no pass.
skip() { echo "# not run: $1 ($2)"; }
check() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1" "${3:-}"; fi; }

# ---- the mkosi configuration and the kernel command line ----
if command -v mkosi >/dev/null; then
	out=$(cd "$SRC/image" && mkosi --default mkosi.default summary 2>&1); rc=$?
	missing=""
	for want in "Distribution: debian" "Release: bookworm" "Output Format: directory" \
		"Image ID: lnsd" "Postinstall Script: $SRC/image/mkosi.postinst" \
		"Extra Trees: $SRC/image/mkosi.extra"; do
		grep -qF "$want" <<<"$out" || missing+="$want; "
	done
	for pkg in linux-image-amd64 dracut systemd-boot udev kmod iproute2; do
		grep -qE "^ +(Packages: )?$pkg\$" <<<"$out" || missing+="package $pkg; "
	done
	check "mkosi summary: a Debian 12 tree with the kernel, dracut, systemd-boot, udev" \
		"$([ "$rc" = 0 ] && [ -z "$missing" ]; echo $?)" "rc=$rc missing: $missing"$'\n'"$out"
else
	skip "mkosi summary" "no mkosi (scripts/deps.sh image)"
fi
cmdline=$(cat "$SRC/image/mkosi.extra/etc/kernel/cmdline")
missing=""
for want in console=ttyS0,115200 default_hugepagesz=2M hugepages=256 \
	intel_iommu=on iommu=pt systemd.firstboot=off; do
	grep -qw -- "$want" <<<"$cmdline" || missing+="$want; "
done
# Debian 12's kernel has no CONFIG_VFIO_NOIOMMU: "vfio: unknown parameter
# 'enable_unsafe_noiommu_mode' ignored" (make image-test with vfio-pci).
grep -q enable_unsafe_noiommu_mode <<<"$cmdline" && missing+="(vfio no-IOMMU: not in this kernel); "
check "kernel command line: serial console, hugepages, IOMMU, no first-boot prompt" \
	"$([ -z "$missing" ] && [ "$(wc -l <"$SRC/image/mkosi.extra/etc/kernel/cmdline")" = 1 ]; echo $?)" \
	"missing: $missing"

# ---- the seed unit ----
sed "s|^ExecStart=.*|ExecStart=$SEED|" "$UNIT" >"$T/lnsd-config-seed.service"
out=$(systemd-analyze verify "$T/lnsd-config-seed.service" 2>&1 | grep -v "lnsd.service")
check "systemd-analyze verify lnsd-config-seed.service" "$([ -z "$out" ]; echo $?)" "$out"
grep -qx "Before=lnsd.service" "$UNIT" && grep -qx "Type=oneshot" "$UNIT" &&
	grep -qx "WantedBy=multi-user.target" "$UNIT"
check "the seed is a oneshot ordered before lnsd.service, wanted at boot" $?

# ---- lnsd-config-seed on fake drives ----
D="$T/etc-lnsd" DRIVE="$T/drive" DEV="$T/by-label"
mkdir -p "$D" "$DRIVE" "$DEV"
cp "$SRC/config/lnsd-default.yaml" "$D/lnsd.yaml"
orig=$(sha256sum <"$D/lnsd.yaml")
seed() {	# seed [VAR=VALUE...]: the script on $D, its output in $out
	out=$(env LNSD_SEED_DEST="$D" LNSD_SEED_LNSD="$BUILD/lnsd" LNSD_SEED_WAIT=0 \
		LNSD_SEED_DEVDIR="$DEV" "$@" sh "$SEED" 2>&1)
}
unchanged() { [ "$(sha256sum <"$D/lnsd.yaml")" = "$orig" ] && [ ! -e "$D/.lnsd.yaml.seed-new" ]; }

seed; rc=$?
[ "$rc" = 0 ] && unchanged && grep -q "no config drive labelled LNSD-CONFIG" <<<"$out"
check "no drive: nothing changes, exit 0" $? "rc=$rc $out"

seed LNSD_SEED_SOURCE="$DRIVE"; rc=$?
[ "$rc" = 1 ] && unchanged && grep -q "has no lnsd.yaml" <<<"$out"
check "a drive without lnsd.yaml: nothing changes, exit 1" $? "rc=$rc $out"

printf 'ports:\n  - name: access\n    device: net_null0\n    role: edge\n    address: 192.0.2.1/24\n' >"$DRIVE/lnsd.yaml"
seed LNSD_SEED_SOURCE="$DRIVE"; rc=$?
[ "$rc" = 1 ] && unchanged && grep -q "LNSD-CONFIG:lnsd.yaml does not pass lnsd --check" <<<"$out" &&
	grep -q "^LNSD-CONFIG:lnsd.yaml:4:11: ports\[0\].role" <<<"$out"
check "a file that fails lnsd --check: nothing changes, exit 1, LNSD-CONFIG:lnsd.yaml:4:11 named" $? "rc=$rc $out"

sed 's/replace-this-secret/seeded-secret/' "$SRC/config/lnsd-default.yaml" >"$DRIVE/lnsd.yaml"
chmod 755 "$DRIVE/lnsd.yaml"	# as a vfat drive shows its files
seed LNSD_SEED_SOURCE="$DRIVE"; rc=$?
[ "$rc" = 0 ] && cmp -s "$DRIVE/lnsd.yaml" "$D/lnsd.yaml" &&
	[ "$(stat -c %a "$D/lnsd.yaml")" = 600 ] &&
	[ "$(sha256sum <"$D/lnsd.yaml.seed-old")" = "$orig" ] &&
	[ ! -e "$D/.lnsd.yaml.seed-new" ] && grep -q "installed from the config drive LNSD-CONFIG" <<<"$out"
check "a good file (0755 on the drive): installed 0600, the old one kept as lnsd.yaml.seed-old" $? "rc=$rc $out"

touch -d @1000000000 "$D/lnsd.yaml"
seed LNSD_SEED_SOURCE="$DRIVE"; rc=$?
[ "$rc" = 0 ] && [ "$(stat -c %Y "$D/lnsd.yaml")" = 1000000000 ] && grep -q "already" <<<"$out"
check "the same file again: left alone" $? "rc=$rc $out"

cp "$SRC/config/lnsd-default.yaml" "$D/lnsd.yaml"
if [ "$(id -u)" = 0 ]; then
	: >"$T/empty.img"
	ln -sf "$T/empty.img" "$DEV/LNSD-CONFIG"
	seed; rc=$?
	[ "$rc" = 1 ] && unchanged && grep -q "does not mount" <<<"$out"
	check "a LNSD-CONFIG volume that does not mount: nothing changes, exit 1" $? "rc=$rc $out"
else
	skip "a volume that does not mount" "not root"
fi

if [ "$(id -u)" = 0 ] && command -v mkfs.vfat >/dev/null && command -v mcopy >/dev/null &&
	grep -qw vfat /proc/filesystems; then
	mkfs.vfat -C -n LNSD-CONFIG "$T/drive.img" 1024 >/dev/null &&
		mcopy -i "$T/drive.img" "$DRIVE/lnsd.yaml" ::lnsd.yaml
	ln -sf "$T/drive.img" "$DEV/LNSD-CONFIG"
	before=$(grep -c lnsd-config-seed /proc/mounts)
	seed; rc=$?
	[ "$rc" = 0 ] && cmp -s "$DRIVE/lnsd.yaml" "$D/lnsd.yaml" &&
		[ "$(grep -c lnsd-config-seed /proc/mounts)" = "$before" ]
	check "a vfat volume labelled LNSD-CONFIG: mounted read-only, lnsd.yaml installed, unmounted" $? "rc=$rc $out"
else
	skip "a real vfat config drive" "needs root, a kernel with vfat, mkfs.vfat and mcopy"
fi

echo "1..$n"
exit $fail
