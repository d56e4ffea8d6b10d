#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The appliance's bootable disk from the operating system tree mkosi built
# (scripts/image-build.sh; docs/packaging.md, "Appliance image"), without
# mounting anything (the build host's kernel may have no vfat, and needs
# no loop device):
#
#   GPT  1  ESP (vfat, 256 MB, mtools): systemd-boot as EFI/BOOT/BOOTX64.EFI
#           and EFI/systemd/systemd-bootx64.efi; EFI/Linux/lnsd.efi, a
#           unified kernel image (the tree's kernel, initrd, os-release and
#           TREE/etc/kernel/cmdline + root=PARTLABEL=lnsd rw, on systemd's
#           EFI stub), which systemd-boot finds by itself
#        2  root (ext4, label lnsd-root, partition name lnsd, the GPT type
#           of an x86-64 root): the tree, by mkfs.ext4 -d
#
# usage: scripts/image-disk.sh TREE DISK.raw      ROOT_MB (default 2048)
set -euo pipefail
TREE=$1
DISK=$2
ROOT_MB=${ROOT_MB:-2048}
ESP_MB=256
W=$(mktemp -d "${DISK%/*}/.image-disk.XXXXXX")
trap 'rm -rf "$W"' EXIT

kver=$(ls "$TREE/lib/modules" | sort -V | tail -1)
for f in "boot/vmlinuz-$kver" "boot/initrd.img-$kver" usr/lib/os-release \
	usr/lib/systemd/boot/efi/linuxx64.efi.stub \
	usr/lib/systemd/boot/efi/systemd-bootx64.efi etc/kernel/cmdline; do
	[ -e "$TREE/$f" ] || { echo "image-disk: $TREE/$f missing" >&2; exit 1; }
done

# The unified kernel image: sections at the addresses systemd 252's stub
# expects (as mkosi and ukify lay them out).
echo "$(tr '\n' ' ' <"$TREE/etc/kernel/cmdline")root=PARTLABEL=lnsd rw" >"$W/cmdline"
objcopy \
	--add-section .osrel="$TREE/usr/lib/os-release" --change-section-vma .osrel=0x20000 \
	--add-section .cmdline="$W/cmdline" --change-section-vma .cmdline=0x30000 \
	--add-section .linux="$TREE/boot/vmlinuz-$kver" --change-section-vma .linux=0x2000000 \
	--add-section .initrd="$TREE/boot/initrd.img-$kver" --change-section-vma .initrd=0x3000000 \
	"$TREE/usr/lib/systemd/boot/efi/linuxx64.efi.stub" "$W/lnsd.efi"

# The ESP, written with mtools.
mkfs.vfat -C -F 32 -n ESP "$W/esp.img" $((ESP_MB * 1024)) >/dev/null
mmd -i "$W/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/systemd ::/EFI/Linux ::/loader
boot="$TREE/usr/lib/systemd/boot/efi/systemd-bootx64.efi"
mcopy -i "$W/esp.img" "$boot" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$W/esp.img" "$boot" ::/EFI/systemd/systemd-bootx64.efi
mcopy -i "$W/esp.img" "$W/lnsd.efi" ::/EFI/Linux/lnsd.efi
printf 'timeout 0\neditor no\n' >"$W/loader.conf"
mcopy -i "$W/esp.img" "$W/loader.conf" ::/loader/loader.conf

# The root file system, filled from the tree by mke2fs itself.
mkfs.ext4 -q -L lnsd-root -d "$TREE" "$W/root.img" "${ROOT_MB}M"

# The disk: 1 MB for the GPT, the ESP, the root, 1 MB for the backup GPT.
esp_s=$((ESP_MB * 2048)) root_s=$((ROOT_MB * 2048))
rm -f "$DISK"
truncate -s $(( (2 + ESP_MB + ROOT_MB) * 1024 * 1024 )) "$DISK"
sfdisk -q "$DISK" <<SFDISK
label: gpt
start=2048, size=$esp_s, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=ESP
start=$((2048 + esp_s)), size=$root_s, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=lnsd
SFDISK
dd if="$W/esp.img" of="$DISK" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$W/root.img" of="$DISK" bs=1M seek=$((1 + ESP_MB)) conv=notrunc,sparse status=none
echo "image-disk: $DISK: kernel $kver, $(cat "$W/cmdline")"
