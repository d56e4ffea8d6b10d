#!/usr/bin/env bash
# The fuzzers' place in make test (TAP): build the fuzz directory if
# needed, replay every committed corpus file of every target, then fuzz
# each target briefly (FUZZ_SMOKE_SECONDS, default 10). Two TAP lines per
# target, e.g. "ok 2 - fuzz_l2tp: 12345 runs, 0 crashes"; a crash leaves
# its input in BUILD_FUZZ_DIR/crashes/TARGET/. Long runs: make fuzz.
# usage: scripts/fuzz-smoke.sh BUILD_FUZZ_DIR
set -uo pipefail
. "$(dirname "$0")/fuzz-lib.sh"
DIR=${1:?usage: fuzz-smoke.sh BUILD_FUZZ_DIR}
SECS=${FUZZ_SMOKE_SECONDS:-10}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
LOGS="$DIR/fuzz-logs"
mkdir -p "$LOGS"

echo "1..$((2 * ${#FUZZ_TARGETS[@]}))"
if ! fuzz_build "$DIR" "$LOGS/build.log"; then
	echo "Bail out! cannot build the fuzz targets in $DIR (see $LOGS/build.log)"
	tail -20 "$LOGS/build.log" | sed 's/^/# /'
	exit 1
fi
n=0
fail=0
for t in "${FUZZ_TARGETS[@]}"; do
	work=$(mktemp -d)
	files=$(find "$FUZZ_ROOT/tests/fuzz/corpus/$t" -type f | wc -l)
	read -r runs rc < <(fuzz_once "$DIR" "$t" 0 "$work" "$LOGS/$t-replay.log")
	n=$((n + 1))
	if [ "$rc" -eq 0 ] && [ "$files" -gt 0 ]; then
		echo "ok $n - $t: replayed $files corpus files"
	else
		echo "not ok $n - $t: corpus replay failed (rc=$rc, $files files; see $LOGS/$t-replay.log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed)' "$LOGS/$t-replay.log" | head -5 | sed 's/^/# /'
		fail=1
	fi
	read -r runs rc < <(fuzz_once "$DIR" "$t" "$SECS" "$work" "$LOGS/$t-run.log")
	rm -rf "$work"
	n=$((n + 1))
	if [ "$rc" -eq 0 ] && [ "$runs" -gt 0 ]; then
		echo "ok $n - $t: $runs runs, 0 crashes"
	else
		echo "not ok $n - $t: $runs runs, 1 crashes (rc=$rc; input in $DIR/crashes/$t/, log $LOGS/$t-run.log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed)' "$LOGS/$t-run.log" | head -5 | sed 's/^/# /'
		fail=1
	fi
done
exit $fail
