#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd --check on the shipped examples and on broken files: exit codes and
# the FILE:LINE:COLUMN: key: message format; its warning when any address
# may open tunnels without a secret. Needs no root and no EAL.
. "$(dirname "$0")/lib.sh"
LNSD="$E2E_BIN/lnsd"

for f in "$E2E_ROOT"/config/*.yaml; do
	e2e_check "example $(basename "$f") is valid (exit 0)" "$LNSD" --config "$f" --check
done

# check_bad NAME EXPECTED-REGEX: the file $E2E_DIR/NAME.yaml must exit 2 and
# print a line matching the regex.
check_bad() {
	local name=$1 re=$2 out rc
	out=$("$LNSD" --config "$E2E_DIR/$name.yaml" --check 2>&1)
	rc=$?
	echo "$out" >>"$E2E_DIR/checks.log"
	e2e_ok $((rc != 2)) "$name: exits 2 (got $rc)"
	echo "$out" | grep -qE "$re"
	e2e_ok $? "$name: error names file:line:column and key ($(echo "$out" | head -1))"
}

cat >"$E2E_DIR/unknown_key.yaml" <<'YAML'
ports:
  - name: core
    device: net_null0
    role: core
    address: 203.0.113.1/24
    adress: 203.0.113.9
YAML
check_bad unknown_key "unknown_key\.yaml:6:5: ports\[0\]\.adress: unknown key"

cat >"$E2E_DIR/bad_address.yaml" <<'YAML'
ports:
  - name: core
    device: net_null0
    role: core
    address: 203.0.113.300/24
YAML
check_bad bad_address "bad_address\.yaml:5:14: ports\[0\]\.address: "

cat >"$E2E_DIR/syntax.yaml" <<'YAML'
ports:
  - name: core
    device: [net_null0
    role: core
YAML
check_bad syntax "syntax\.yaml:[0-9]+:[0-9]+: "

cat >"$E2E_DIR/missing.yaml" <<'YAML'
log:
  level: info
YAML
check_bad missing "missing\.yaml:[0-9]+:[0-9]+: ports: missing required section"

cat >"$E2E_DIR/bad_proxy_auth.yaml" <<'YAML'
ppp:
  proxy_auth: sometimes
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
YAML
check_bad bad_proxy_auth "bad_proxy_auth\.yaml:2:15: ppp\.proxy_auth: invalid value \"sometimes\" \(allowed: authenticated, always, never\)"

cat >"$E2E_DIR/bad_rate.yaml" <<'YAML'
l2tp:
  icrq_rate_per_peer: 0
  icrq_burst_per_peer: 0
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
YAML
check_bad bad_rate "bad_rate\.yaml:3:24: l2tp\.icrq_burst_per_peer: value 0 out of range \(allowed range 1\.\.1000000\)"

# The address plan: a pool on a port's subnet; a users-file user with the
# gateway's address and one naming an unknown pool (FILE:LINE:COLUMN).
cat >"$E2E_DIR/plan_pool.yaml" <<'YAML'
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24, gateway: 203.0.113.254 }
aaa:
  pools:
    - { name: subs, prefix: 203.0.113.0/25 }
YAML
check_bad plan_pool "plan_pool\.yaml:5:29: aaa\.pools\[0\]\.prefix: overlaps the subnet 203\.0\.113\.0/24 of ports\[0\] \(core\)"

printf 'ok pw - subs\nbad1 pw 203.0.113.254\nbad2 pw - gold\n' >"$E2E_DIR/plan_users"
sed 's|^aaa:|aaa:\n  users_file: '"$E2E_DIR"'/plan_users|; s|203.0.113.0/25|100.64.0.0/24|' \
	"$E2E_DIR/plan_pool.yaml" >"$E2E_DIR/plan_users.yaml"
check_bad plan_users "plan_users:2:9: aaa\.users_file: address 203\.0\.113\.254 is the gateway of ports\[0\] \(core\)"
e2e_check "plan_users: the unknown pool of line 3 is named too" \
	grep -q "plan_users:3:11: aaa\.users_file: no pool named \"gold\" in aaa\.pools" "$E2E_DIR/checks.log"

sed 's|^aaa:|aaa:\n  users_file: /tmp|; s|203.0.113.0/25|100.64.0.0/24|' \
	"$E2E_DIR/plan_pool.yaml" >"$E2E_DIR/plan_dir.yaml"
check_bad plan_dir "plan_dir\.yaml:4:15: aaa\.users_file: \"/tmp\": is a directory"

# qos: a rate out of range, a default naming no profile, a users-file
# user naming no profile (FILE:LINE:COLUMN); a valid set passes.
cat >"$E2E_DIR/qos_bad.yaml" <<'YAML'
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
qos:
  profiles:
    gold: { up: 10M, down: 4k }
  default_profile: silver
YAML
check_bad qos_bad "qos_bad\.yaml:5:28: qos\.profiles\.gold\.down: rate \"4k\" out of range"
e2e_check "qos_bad: the unknown default profile is named too" \
	grep -q "qos_bad\.yaml:6:20: qos\.default_profile: no profile named \"silver\" in qos\.profiles" "$E2E_DIR/checks.log"

printf 'ok pw profile=gold\nbad pw - profile=gld\n' >"$E2E_DIR/qos_users"
cat >"$E2E_DIR/qos_users.yaml" <<YAML
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/24 }
  users_file: $E2E_DIR/qos_users
qos:
  profiles:
    gold: { up: 10M, down: 50M, burst_up: 64k }
  default_profile: gold
YAML
check_bad qos_users "qos_users:2:18: aaa\.users_file: no profile named \"gld\" in qos\.profiles"
printf 'ok pw profile=gold\n' >"$E2E_DIR/qos_users"
e2e_check "qos: profiles, a default and a users-file profile are valid" \
	"$LNSD" --config "$E2E_DIR/qos_users.yaml" --check

# Tunnels from any address without a secret: valid, with a warning line.
cat >"$E2E_DIR/open.yaml" <<'YAML'
ports:
  - { name: core, device: net_null0, role: core, address: 203.0.113.1/24 }
YAML
sed 's/^ports:/l2tp: { secret: s3cret }\nports:/' "$E2E_DIR/open.yaml" >"$E2E_DIR/secret.yaml"
sed 's/^ports:/ppp: { proxy_auth: always }\nports:/' "$E2E_DIR/open.yaml" >"$E2E_DIR/open_always.yaml"
e2e_check "no tunnel secret: --check exits 0 and warns that any address may open tunnels" \
	sh -c "'$LNSD' --config '$E2E_DIR/open.yaml' --check >'$E2E_DIR/open.out' && grep -q 'open\.yaml: warning: any address may open tunnels without a shared secret' '$E2E_DIR/open.out'"
e2e_check "... and with ppp.proxy_auth: always, that a replayed CHAP exchange logs its user in" \
	sh -c "'$LNSD' --config '$E2E_DIR/open_always.yaml' --check >'$E2E_DIR/always.out' && grep -q 'replayed CHAP exchange logs its user in' '$E2E_DIR/always.out'"
e2e_check "with l2tp.secret: no warning" \
	sh -c "'$LNSD' --config '$E2E_DIR/secret.yaml' --check >'$E2E_DIR/secret.out' && ! grep -q warning '$E2E_DIR/secret.out'"

"$LNSD" --config "$E2E_DIR/does-not-exist.yaml" --check >/dev/null 2>&1
e2e_ok $(($? != 2)) "a missing file exits 2"
"$LNSD" --bogus-option >/dev/null 2>&1
e2e_ok $(($? != 2)) "an unknown option exits 2 with usage"
"$LNSD" --config "$E2E_ROOT/config/lnsd-vdev.yaml" --log-level arp:loud -- --no-pci >"$E2E_DIR/badlvl.log" 2>&1
e2e_ok $(($? == 0)) "a bad --log-level is refused"
e2e_check "the refusal names the allowed levels" grep -q "emerg alert crit err warning notice info debug" "$E2E_DIR/badlvl.log"

e2e_done
