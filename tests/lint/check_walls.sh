#!/usr/bin/env bash
# Module walls (docs/architecture.md), checked on the source tree. TAP.
#  1. The dataplane's one public header is dataplane/dp_api.h (with the
#     dp_drop.def X-macro it includes): no other dataplane header is
#     included outside dataplane/, the unit tests and the fuzz targets
#     (tests/fuzz: they drive the header-only fast path as the unit tests
#     do).
#  2. A control module's private header (control/ctl_X_priv.h) is included
#     only by that module's files (control/ctl_X*.c).
#  3. A protocol library's private header (control/*/*_priv.h) only by its
#     own library's files.
#  4. No file of the product refers to a path outside the repository:
#     no ../shared, no absolute /work or /home path.
#  5. Every relative link of the Markdown files leads to a file inside
#     the repository.
#  6. Every tests/e2e/test_*.sh and tests/interop/test_*.sh is in its
#     folder's meson.build (the registry scripts/run-tests.sh runs), and
#     every script listed there exists.
set -uo pipefail
ROOT=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || exit 1
n=0
fail=0
check() {	# check DESCRIPTION OFFENDING-LINES
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$2" | sed 's/^/#   /'
		fail=1
	fi
}
src() { git ls-files -- '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build*'; }

dp_private=$(ls dataplane/*.h | xargs -n1 basename | grep -v '^dp_api\.h$')
bad=""
for h in $dp_private; do
	bad+=$(src | grep -v '^dataplane/' | grep -v '^tests/unit/' |
	       grep -v '^tests/fuzz/' |
	       xargs grep -Hn "#include \"$h\"" 2>/dev/null)
done
check "only dp_api.h of the dataplane is included outside it" "$bad"

bad=""
for h in control/ctl_*_priv.h; do
	mod=$(basename "$h" _priv.h)
	# A module's own unit tests (tests/unit/test_<module>_*.c) may see
	# its internals, as the dataplane's do.
	bad+=$(src | grep -v "^control/${mod}[_.]" |
	       grep -v "^tests/unit/test_${mod}_" |
	       xargs grep -Hn "#include \"$(basename "$h")\"" 2>/dev/null)
done
check "control modules' private headers stay in their module" "$bad"

bad=""
for h in control/*/*_priv.h; do
	dir=$(dirname "$h")
	bad+=$(src | grep -v "^$dir/" |
	       xargs grep -Hn "#include \"$(basename "$h")\"" 2>/dev/null)
done
check "protocol libraries' private headers stay in their library" "$bad"

files() { git ls-files 2>/dev/null || find . -type f -not -path './build*' -not -path './.git/*' | sed 's|^\./||'; }

bad=$(files | grep -v '^tests/lint/' |
      xargs grep -InE -e '\.\./shared' -e '(^|[^A-Za-z0-9_.~-])/(work|home)/' \
	-e 'DESIGN\.md' -e 'DESIGN §' -e 'RUNBOOK' 2>/dev/null)
check "no reference to files outside the repository" "$bad"

bad=""
for md in $(files | grep '\.md$'); do
	dir=$(dirname "$md")
	for link in $(grep -oE '\]\([^)#[:space:]]+' "$md" | sed 's/^](//' |
		      grep -vE '^[a-z]+:'); do
		target=$(realpath -m "$dir/$link")
		case $target in
		"$(pwd -P)"/*) [ -e "$target" ] ||
			bad+="$md: ($link) does not exist"$'\n' ;;
		*) bad+="$md: ($link) leads outside the repository"$'\n' ;;
		esac
	done
done
check "Markdown links lead to files inside the repository" "${bad%$'\n'}"

bad=""
for dir in tests/e2e tests/interop; do
	for t in $(files | grep -E "^$dir/test_[^/]*\.sh$"); do
		grep -q "'$(basename "$t")'" "$dir/meson.build" ||
			bad+="$t is not registered in $dir/meson.build"$'\n'
	done
	for t in $(grep -oE "'test_[^']*\.sh'" "$dir/meson.build" | tr -d "'"); do
		[ -e "$dir/$t" ] ||
			bad+="$dir/meson.build lists $t, which does not exist"$'\n'
	done
done
check "every e2e and interop test script is registered in meson" "${bad%$'\n'}"

echo "1..$n"
exit $fail
