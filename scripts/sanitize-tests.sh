#!/usr/bin/env bash
# Run the tests on a sanitizer build (make asan): every report is fatal.
# usage: sanitize-tests.sh BUILD_DIR [unit|e2e|all]
#  - ASan: stop at the first error; LeakSanitizer on (a leak at exit
#    fails the program, and the e2e tests read lnsd's and lacgen's logs
#    for reports: tests/e2e/lib.sh e2e_sanitizer_check).
#  - UBSan: halt on the first error with a stack trace (otherwise UBSan
#    only prints and the test would pass).
set -uo pipefail
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
exec bash "$(dirname "$0")/run-tests.sh" "$@"
