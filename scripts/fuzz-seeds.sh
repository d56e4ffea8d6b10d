#!/usr/bin/env bash
# Regenerate the seed corpora written by programs (docs/fuzzing.md): the
# L2TP and PPP conversations and the RADIUS reference packets (the
# harnesses built with -DFUZZ_DUMP_SEEDS), the dataplane frames
# (tests/fuzz/gen_dp_seeds.py) and the DAE requests
# (tests/fuzz/gen_rad_dae_seeds.py). Files found by
# fuzzing (crash reproducers, named repro-*) are kept.
# usage: scripts/fuzz-seeds.sh [BUILD_FUZZ_DIR]
set -euo pipefail
. "$(dirname "$0")/fuzz-lib.sh"
DIR=${1:-$FUZZ_ROOT/build-fuzz}
fuzz_build "$DIR" /dev/stderr
C=$FUZZ_ROOT/tests/fuzz/corpus
for t in fuzz_l2tp fuzz_ppp fuzz_radius; do
	[ -x "$DIR/tests/fuzz/${t}_seeds" ] || continue
	find "$C/$t" -type f ! -name 'repro-*' -delete
	ninja -C "$DIR" "tests/fuzz/${t}_seeds" >/dev/null
	"$DIR/tests/fuzz/${t}_seeds" "$C/$t"
done
find "$C/fuzz_dp" -type f ! -name 'repro-*' -delete
python3 "$FUZZ_ROOT/tests/fuzz/gen_dp_seeds.py" "$C/fuzz_dp"
find "$C/fuzz_rad_dae" -type f ! -name 'repro-*' -delete
python3 "$FUZZ_ROOT/tests/fuzz/gen_rad_dae_seeds.py" "$C/fuzz_rad_dae"
# scapy is Debian's (python3-scapy): the system interpreter.
find "$C/fuzz_dhcp6" -type f ! -name 'repro-*' -delete
/usr/bin/python3 "$FUZZ_ROOT/tests/fuzz/gen_dhcp6_seeds.py" "$C/fuzz_dhcp6"
