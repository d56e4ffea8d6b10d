#!/usr/bin/env bash
# Run every test and print one closing line: "N passed, N failed".
# usage: run-tests.sh BUILD_DIR [unit|e2e|all]
# Unit tests (cmocka) and end-to-end tests (shell) both speak TAP; every
# "ok"/"not ok" line counts as one test. A program that exits non-zero
# without reporting a failure counts as one failure (a crash, a bail-out).
# Which tests run, and in which order, is meson's registry (meson
# introspect --tests): tests/unit/meson.build (suite unit),
# tests/e2e/meson.build and tests/interop/meson.build (suites e2e and
# interop, registered in tests/meson.build). A tests/e2e/test_*.sh or
# tests/interop/test_*.sh that is not registered there is a failed test.
set -uo pipefail
BUILD=${1:-build}
WHAT=${2:-all}
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
BUILD=$(cd "$BUILD" && pwd)
LOGDIR="$BUILD/test-logs"
mkdir -p "$LOGDIR"
passed=0
failed=0

run_tap() {
	local name=$1; shift
	local log="$LOGDIR/$name.log" rc ok nok
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	ok=$(grep -cE '^ok ' "$log")
	nok=$(grep -cE '^not ok ' "$log")
	grep -E '^(not ok|ok|Bail out!|# )' "$log" | sed 's/^/   /'
	if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		nok=1
		echo "   not ok - $name exited with status $rc (see $log)"
		tail -20 "$log" | sed 's/^/   | /'
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
}

# registered SUITE...: meson's tests of those suites, in registration order,
# one a line: "SUITE-NAME ENV=VALUE... COMMAND ARGS..." (no spaces inside).
registered() {
	meson introspect --tests "$BUILD" | /usr/bin/python3 -c '
import json, sys
suites = sys.argv[1:]
for t in json.load(sys.stdin):
    suite = t["suite"][0].split(":")[-1]
    if suite in suites:
        env = [k + "=" + v for k, v in sorted(t["env"].items())]
        print(" ".join([suite + "-" + t["name"]] + env + t["cmd"]))' "$@"
}

# run_registered SUITE...: run each of those tests under run_tap.
run_registered() {
	local t name
	mapfile -t tests < <(registered "$@")
	for t in "${tests[@]}"; do
		set -- $t
		name=$1; shift
		run_tap "$name" env "$@"
	done
}

# Every test script in tests/e2e and tests/interop must be registered, or
# it would never run: one TAP line, "not ok" for each one that is not.
check_registry() {
	local f rel nok=0
	local -A reg=()
	for f in $(registered e2e interop); do reg[$f]=1; done
	echo "== e2e-registry"
	for f in "$ROOT"/tests/e2e/test_*.sh "$ROOT"/tests/interop/test_*.sh; do
		[ -e "$f" ] || continue
		if [ -z "${reg[$f]:-}" ]; then
			rel=${f#"$ROOT"/}
			echo "   not ok - $rel is not registered: add it to $(dirname "$rel")/meson.build"
			nok=$((nok + 1))
		fi
	done
	if [ "$nok" -eq 0 ]; then
		echo "   ok - every tests/e2e/test_*.sh and tests/interop/test_*.sh is registered in meson"
		passed=$((passed + 1))
	fi
	failed=$((failed + nok))
}

if [ "$WHAT" = unit ] || [ "$WHAT" = all ]; then
	run_registered unit
fi

if [ "$WHAT" = e2e ] || [ "$WHAT" = all ]; then
	check_registry
	run_registered e2e interop
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
