# Top-level entry points. Each target installs what it needs (idempotent),
# builds, and runs. See README.md.
BUILD ?= build
MESON_OPTS ?=

.PHONY: all deps build demo test unit e2e asan bench fuzz soak storm64k deb deb-test image image-test pktgen clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	bash scripts/demo.sh $(BUILD)

test: build
	bash scripts/run-tests.sh $(BUILD)

unit: build
	bash scripts/run-tests.sh $(BUILD) unit

e2e: build
	bash scripts/run-tests.sh $(BUILD) e2e

# lns-bench's full matrix; regenerates benchmarks/RESULTS.md (docs/benchmarks.md).
bench: build
	@bash scripts/deps.sh bench
	bash scripts/bench.sh $(BUILD)

# Long runs (scripts/soak.sh, docs/benchmarks.md): SOAK_MINUTES (default
# 60) of PPP session churn with traffic, lnsd's memory, tables, pools and
# timers sampled every minute and checked back at their baseline at the
# end; storm64k: a LAC with 64k sessions reboots and re-dials them all.
SOAK_MINUTES ?= 60
soak: build
	SOAK_MINUTES=$(SOAK_MINUTES) bash scripts/soak.sh $(BUILD) soak

storm64k: build
	bash scripts/soak.sh $(BUILD) storm64k

# Address + undefined-behaviour sanitizer build in its own directory, and
# every test (unit, e2e, interop) run on it: any ASan, LeakSanitizer or
# UBSan report fails the test it happens in (scripts/sanitize-tests.sh).
# ASAN_WHAT=unit runs the unit tests only. .ci/run runs it after make test.
ASAN_WHAT ?= all
asan: deps
	test -f build-asan/build.ninja || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false $(MESON_OPTS)
	ninja -C build-asan
	bash scripts/sanitize-tests.sh build-asan $(ASAN_WHAT)

# libFuzzer targets (docs/fuzzing.md): FUZZ_SECONDS per target (default
# 600), FUZZ_TARGETS to pick some; clang build in build-fuzz, crashes in
# build-fuzz/crashes/TARGET/. make test runs them briefly (fuzz_smoke).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz-run.sh build-fuzz $(FUZZ_TARGETS)

# Debian packages lnsd and lnsd-tools (docs/packaging.md): built in a copy
# of the tree under build-deb/, the .debs in build-deb/, lintian-clean.
# deb-test installs them into a fresh Debian 12 root (mmdebstrap), checks
# the files, lnsd --check and lnsd-setup there, the service booted with
# systemd-nspawn (with a LAC's session through systemctl stop and through
# a package upgrade), then purges (minutes).
deb:
	@bash scripts/deps.sh deb
	bash scripts/deb-build.sh build-deb

deb-test: deb
	bash tests/pkg/test_deb.sh build-deb

# The appliance image (docs/packaging.md, "Appliance image"): a bootable
# Debian 12 disk (mkosi 14, UEFI) with the lnsd package of make deb, the
# service enabled and the LNSD-CONFIG drive's seed, in build-image/lnsd.raw.
# LNSD_YAML=FILE installs FILE as /etc/lnsd/lnsd.yaml (it must pass lnsd
# --check). image-test boots it under qemu (KVM when usable, else TCG)
# with two virtio-net PCI NICs and dials PPP sessions through it from
# lns-lacgen (pings, iperf3 both ways) and xl2tpd (pings): minutes under
# TCG, not part of make test.
LNSD_YAML ?=
image: deb
	@bash scripts/deps.sh image
	LNSD_YAML="$(LNSD_YAML)" bash scripts/image-build.sh build-image

image-test: image build
	bash tests/pkg/test_image.sh build-image $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-deb build-image build-pktgen

# pktgen-DPDK 23.06.1 with Lua (docs/pktgen.md) in build-pktgen/: from a
# local copy of the release tarball when the machine has one (see
# scripts/pktgen-build.sh), else downloaded; skipped when already built from
# the same tarball. tests/e2e/test_pktgen.sh runs it against lnsd.
pktgen:
	bash scripts/pktgen-build.sh build-pktgen
