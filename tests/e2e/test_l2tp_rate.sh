#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# SCCRQ and ICRQ rate limits (l2tp.sccrq_*, l2tp.icrq_*, token buckets per
# source address and in all; docs/configuration.md): a flood from one
# address is refused and counted while another address's tunnels and calls
# still come up (tests/e2e/l2tp_rate.py, lns-lacgen).
#  a. 100 SCCRQs at once from 198.51.100.2 (burst 4, 1/s): a few get a
#     tunnel, the others are dropped silently and counted;
#  b. 40 ICRQs at once on a tunnel of 198.51.100.4 (burst 10, 1/s): a few
#     get an ICRP, the others a CDN result 4, counted;
#  c. lns-lacgen from 198.51.100.3 then opens 2 tunnels and 8 calls, all
#     established;
#  d. five more addresses, 10 ICRQs each, within their own rates but over
#     what is left of the global one (burst 30, 1/s): CDN result 4 and the
#     global counter.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

FLOODERS="198.51.100.5 198.51.100.6 198.51.100.7 198.51.100.8 198.51.100.9"
e2e_access_topology 198.51.100.2/24 198.51.100.4/24 \
	$(for a in $FLOODERS; do echo "$a/24"; done)

{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  sccrq_rate_per_peer: 1
  sccrq_burst_per_peer: 4
  icrq_rate_per_peer: 1
  icrq_burst_per_peer: 10
  icrq_rate: 1
  icrq_burst: 30
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

flood() {
	local from=$1; shift
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_rate.py" \
		198.51.100.1 "$from" "$@" >"$E2E_DIR/$from.json"
}
got() { e2e_jexpr "$2" <"$E2E_DIR/$1.json"; }
stats() { e2e_json stats "$1"; }

# a.
e2e_check "a: 100 SCCRQs from one address sent, answers collected" \
	flood 198.51.100.2 sccrq-flood 100
e2e_check "a: its burst (and what refilled meanwhile) got tunnels, no StopCCN" \
	test "$(got 198.51.100.2 "4 <= d['tunnels'] <= 8 and d['stopccn'] == 0")" = True
e2e_check "a: each other SCCRQ was dropped and counted, none made a tunnel" \
	test "$(stats "d['ctl_l2tp_sccrq_rate_limit_per_peer'] + $(got 198.51.100.2 "d['tunnels']")"):$(e2e_json tunnels "len([t for t in d.values() if t['peer'] == '198.51.100.2'])")" = "100:$(got 198.51.100.2 "d['tunnels']")"

# b.
e2e_check "b: 40 ICRQs at once on one tunnel: each gets an ICRP or a CDN result 4" \
	flood 198.51.100.4 icrq-flood 40
e2e_check "b: its burst (and what refilled meanwhile) got calls" \
	test "$(got 198.51.100.4 "10 <= d['icrp'] <= 14")" = True
e2e_check "b: each CDN 4 counted as over the address's ICRQ rate" \
	test "$(stats "(d['ctl_l2tp_icrq_rate_limit_per_peer'], d['ctl_l2tp_icrq_rate_limit'])")" = "($(got 198.51.100.4 "d['cdn4']"), 0)"

# c.
e2e_lacgen legit.json --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 \
	--tunnels 2 --sessions 4 --teardown --timeout 60 --json
e2e_ok $? "c: another address opens its tunnels and calls (and closes them)"
e2e_check "c: lacgen saw 2 tunnels and 8 sessions established" \
	test "$(e2e_lacgen_json legit.json "(d['tunnels']['established'], d['sessions']['established'])")" = "(2, 8)"
e2e_check "c: lnsd refused it nothing" \
	test "$(stats "(d['ctl_l2tp_icrq_rate_limit'], d['ctl_l2tp_icrq_rate_limit_per_peer'], d['ctl_l2tp_sccrq_rate_limit'])")" = "(0, $(got 198.51.100.4 "d['cdn4']"), 0)"

# d.
pids=()
for a in $FLOODERS; do
	flood "$a" icrq-flood 10 &
	pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
e2e_ok "$rc" "d: 5 addresses x 10 ICRQs at once: each gets an ICRP or a CDN result 4"
cdn4=0
for a in $FLOODERS; do cdn4=$((cdn4 + $(got "$a" "d['cdn4']"))); done
e2e_check "d: some were refused for the global rate, each counted" \
	test "$(stats "d['ctl_l2tp_icrq_rate_limit'] == $cdn4 - (d['ctl_l2tp_icrq_rate_limit_per_peer'] - $(got 198.51.100.4 "d['cdn4']")) and d['ctl_l2tp_icrq_rate_limit'] > 0")" = True

e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_check "lnsd logged the refusals by kind" \
	grep -q "event=refused reason=sccrq-rate-per-peer max=1" "$E2E_DIR/lnsd.log"
e2e_done
