#!/usr/bin/env bash
# make fuzz: long libFuzzer runs, one target after the other, SECONDS each
# (FUZZ_SECONDS, default 600). The working corpus of each target is
# BUILD_FUZZ_DIR/corpus/TARGET (seeded from tests/fuzz/corpus/TARGET, kept
# between runs); crashes go to BUILD_FUZZ_DIR/crashes/TARGET/. libFuzzer
# stops at a crash: the run then goes on with a new process for the rest
# of the time (at most FUZZ_MAX_CRASHES, default 5, crashes per target).
# Prints executions, exec/s and crashes per target and a summary line.
# usage: scripts/fuzz-run.sh BUILD_FUZZ_DIR [TARGET...]
set -uo pipefail
. "$(dirname "$0")/fuzz-lib.sh"
DIR=${1:?usage: fuzz-run.sh BUILD_FUZZ_DIR [TARGET...]}
shift
SECS=${FUZZ_SECONDS:-600}
MAXC=${FUZZ_MAX_CRASHES:-5}
[ $# -gt 0 ] && FUZZ_TARGETS=("$@")
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
LOGS="$DIR/fuzz-logs"
mkdir -p "$LOGS"
fuzz_build "$DIR" "$LOGS/build.log" || {
	echo "fuzz: cannot build the targets in $DIR (see $LOGS/build.log)"
	tail -20 "$LOGS/build.log"
	exit 1
}
total_runs=0
total_crashes=0
for t in "${FUZZ_TARGETS[@]}"; do
	runs=0 crashes=0 i=0
	start=$(date +%s)
	while :; do
		left=$((SECS - ($(date +%s) - start)))
		[ "$left" -gt 0 ] || break
		i=$((i + 1))
		read -r r rc < <(fuzz_once "$DIR" "$t" "$left" "$DIR/corpus/$t" "$LOGS/$t-$i.log")
		runs=$((runs + r))
		if [ "$rc" -ne 0 ]; then
			crashes=$((crashes + 1))
			echo "fuzz: $t: crash (rc=$rc), see $LOGS/$t-$i.log"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant failed|artifact_prefix|Test unit written)' "$LOGS/$t-$i.log" | head -6 | sed 's/^/    /'
			[ "$crashes" -lt "$MAXC" ] || break
		fi
	done
	el=$(($(date +%s) - start))
	[ "$el" -gt 0 ] || el=1
	corpus=$(find "$DIR/corpus/$t" -type f | wc -l)
	printf 'fuzz: %-16s %10d executions in %4ds, %7d exec/s, %d crashes, corpus %d files\n' \
		"$t" "$runs" "$el" $((runs / el)) "$crashes" "$corpus"
	total_runs=$((total_runs + runs))
	total_crashes=$((total_crashes + crashes))
done
echo "fuzz: ${#FUZZ_TARGETS[@]} targets, $total_runs executions, $total_crashes crashes"
[ "$total_crashes" -eq 0 ]
