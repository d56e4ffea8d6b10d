#!/usr/bin/env bash
# Run every test and print one closing line: "N passed, N failed".
# usage: run-tests.sh BUILD_DIR [unit|e2e|all]
# Unit tests (cmocka) and end-to-end tests (shell) both speak TAP; every
# "ok"/"not ok" line counts as one test. A program that exits non-zero
# without reporting a failure counts as one failure (a crash, a bail-out).
set -uo pipefail
BUILD=${1:-build}
WHAT=${2:-all}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
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

if [ "$WHAT" = unit ] || [ "$WHAT" = all ]; then
	mapfile -t units < <(meson introspect --tests "$BUILD" | /usr/bin/python3 -c '
import json, sys
for t in json.load(sys.stdin):
    if "unit" in t["suite"][0]:
        print(t["name"] + " " + " ".join(t["cmd"]))')
	for u in "${units[@]}"; do
		set -- $u
		name=$1; shift
		CMOCKA_MESSAGE_OUTPUT=TAP run_tap "unit-$name" "$@"
	done
fi

if [ "$WHAT" = e2e ] || [ "$WHAT" = all ]; then
	for t in "$ROOT"/tests/e2e/test_*.sh "$ROOT"/tests/interop/test_*.sh; do
		n=$(basename "$t" .sh)
		kind=$(basename "$(dirname "$t")")
		E2E_BIN="$BUILD" run_tap "$kind-${n#test_}" bash "$t"
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
