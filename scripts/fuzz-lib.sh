# Shared by scripts/fuzz-smoke.sh and scripts/fuzz-run.sh (sourced).
# The libFuzzer targets of tests/fuzz (docs/fuzzing.md).
FUZZ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
FUZZ_TARGETS=(fuzz_l2tp fuzz_ppp fuzz_users_file fuzz_cfg fuzz_dp fuzz_radius
	fuzz_rad_dae fuzz_ctl_sock fuzz_metrics_http fuzz_dhcp6)

# fuzz_build DIR LOG: set up (clang, -Dfuzz=true) and build the targets.
# werror is off there: the normal gcc build holds the warning line; a
# clang-only warning must not stop the fuzzing.
fuzz_build() {
	local dir=$1 log=$2 t targets=()
	command -v clang >/dev/null || { echo "clang not installed (scripts/deps.sh)" >"$log"; return 1; }
	if [ ! -f "$dir/build.ninja" ]; then
		CC=clang meson setup "$dir" "$FUZZ_ROOT" -Dfuzz=true \
			-Dwerror=false >"$log" 2>&1 || return 1
	fi
	for t in "${FUZZ_TARGETS[@]}"; do targets+=("tests/fuzz/$t"); done
	ninja -C "$dir" "${targets[@]}" >>"$log" 2>&1
}

# fuzz_once DIR TARGET SECONDS WORKDIR LOG: one libFuzzer run of TARGET
# for SECONDS (0: replay the corpora only) on a scratch corpus WORKDIR
# seeded by the committed tests/fuzz/corpus/TARGET; crashes go to
# DIR/crashes/TARGET/. Prints "RUNS RC" (executions, libFuzzer's status).
fuzz_once() {
	local dir=$1 t=$2 secs=$3 work=$4 log=$5 dict rc runs
	local args=(-print_final_stats=1 -timeout=25 -rss_limit_mb=2048
		-artifact_prefix="$dir/crashes/$t/")
	mkdir -p "$dir/crashes/$t" "$work"
	dict="$FUZZ_ROOT/tests/fuzz/$t.dict"
	[ -f "$dict" ] && args+=(-dict="$dict")
	if [ "$secs" -eq 0 ]; then
		args+=(-runs=0)
	else
		args+=(-max_total_time="$secs")
	fi
	"$dir/tests/fuzz/$t" "${args[@]}" "$work" \
		"$FUZZ_ROOT/tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	echo "${runs:-0} $rc"
}
