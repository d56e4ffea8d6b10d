# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2034  # ACCEL_* are for the sourcing test
# Sourced by tests/pkg/test_image.sh: which qemu accelerator boots the
# appliance. KVM when it works and gives the guest what Debian's DPDK
# needs, TCG otherwise (docs/packaging.md, "make image-test").
#
# Debian 12's DPDK 22.11 is built for -march=corei7: rte_build_config.h's
# RTE_COMPILE_TIME_CPUFLAGS are SSE to SSE4.2, which EAL checks at start
# ("ERROR: This system does not support ..."), and corei7 code may use
# POPCNT too. A KVM guest has only what the host's KVM passes through:
# under a nested hypervisor that can be less than the host's own flags.
#
# image_accel: sets ACCEL_ARGS (qemu's -accel and -cpu arguments),
# ACCEL_NAME (kvm or tcg) and ACCEL_WHY (why not KVM, for tcg).
# IMAGE_TEST_ACCEL=tcg forces TCG.

# The guest CPU flags DPDK needs, as qemu names them; /proc/cpuinfo says
# pni for sse3 and sse4_1/sse4_2 for sse4.1/sse4.2.
IMAGE_CPU_FLAGS="sse sse2 sse3 ssse3 sse4.1 sse4.2 popcnt"
image_cpuinfo_flags() {
	echo "$IMAGE_CPU_FLAGS" | sed -e 's/sse3/pni/' -e 's/sse4\./sse4_/g'
}

# image_kvm_probe: 0 when KVM can run the appliance's guest; otherwise 1
# with the reason in ACCEL_WHY.
image_kvm_probe() {
	local out flags
	if [ ! -e /dev/kvm ]; then
		ACCEL_WHY="no /dev/kvm"; return 1
	fi
	if ! { exec 9<>/dev/kvm; } 2>/dev/null; then
		ACCEL_WHY="/dev/kvm does not open read-write"; return 1
	fi
	exec 9>&-
	# enforce: qemu refuses to start when KVM cannot give a flag asked.
	flags=$(echo "$IMAGE_CPU_FLAGS" | sed 's/\([^ ]*\)/+\1/g; s/ /,/g')
	# -S: the VM is made (CPU model checked) but does not run; qemu is
	# still there after 5 s when all went well.
	out=$(timeout 5 qemu-system-x86_64 -accel kvm -cpu "host,$flags,enforce" \
		-machine pc -m 64 -nodefaults -display none -S -monitor none \
		-no-reboot 2>&1 </dev/null)
	if grep -q "doesn't support requested feature" <<<"$out"; then
		ACCEL_WHY="KVM's guest CPU lacks $(sed -n "s/.*requested feature: [^.]*\.[^.]*\.\([a-z0-9._]*\) .*/\1/p" <<<"$out" | paste -sd' ')"
		return 1
	fi
	if grep -qi "error\|failed\|terminating" <<<"$out" && ! grep -q "signal 15" <<<"$out"; then
		ACCEL_WHY="qemu -accel kvm does not start: $(head -1 <<<"$out")"; return 1
	fi
	# The vCPU must run too: the UEFI firmware for a few seconds, with no
	# "KVM internal error" (an instruction KVM cannot emulate).
	out=$(timeout 8 qemu-system-x86_64 -accel kvm -cpu host -machine pc \
		-m 128 -nodefaults -display none -no-reboot -serial none \
		-bios "$FIRMWARE" 2>&1 </dev/null)
	if grep -q "KVM internal error" <<<"$out"; then
		ACCEL_WHY="KVM stops the guest at once: $(head -1 <<<"$out")"; return 1
	fi
	return 0
}

image_accel() {
	ACCEL_WHY=
	if [ "${IMAGE_TEST_ACCEL:-}" = tcg ]; then
		ACCEL_WHY="IMAGE_TEST_ACCEL=tcg"
	elif image_kvm_probe; then
		ACCEL_NAME=kvm
		ACCEL_ARGS=(-accel kvm -cpu host)
		return
	fi
	ACCEL_NAME=tcg
	ACCEL_ARGS=(-accel tcg -cpu max)
}
