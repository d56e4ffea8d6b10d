#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The LAC side of IPv6 (lns-lacgen --ipv6, docs/lacgen.md): IPv6CP opens
# beside IPCP in every session, and a TUN subscriber's Linux stack gets
# IPv6 on its device:
#  a. 2 tunnels x 20 sessions: IPv6CP Opened in all 40, torn down;
#  b. one TUN subscriber: its device has fe80::<the Interface-Identifier
#     lnsd acked>/64 and no address of the kernel's own making, and the
#     kernel's Router Solicitations reach lnsd (punted as IPv6 link-local
#     traffic, counted);
#  c. without --ipv6, lnsd's IPv6CP is Protocol-Rejected and the
#     session still comes up on IPCP.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
for i in $(seq 40); do echo "user$i pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

lacgen() {	# NAME ARGS...: JSON summary in $E2E_DIR/NAME.json
	local name=$1; shift
	e2e_lacgen "$name.json" --lns-ip 198.51.100.1 \
		--local-ip 198.51.100.2/24 --ppp --password pw --json "$@"
}
j() { e2e_lacgen_json "$1.json" "$2" 2>/dev/null; }

# a.
lacgen many --tunnels 2 --sessions 20 --auth chap --ipv6 --teardown --timeout 60
e2e_ok $? "a. lacgen --ipv6: 2 x 20 sessions up, torn down"
e2e_check "a. IPv6CP Opened in all 40 sessions, nothing Protocol-Rejected" \
	test "$(j many "(d['ppp']['up'], d['ppp']['ipv6cp_up'], d['ppp']['protocol_rejected'])")" = "(40, 40, 0)"

# b.
e2e_lacgen -b one.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --password pw --json --auth chap --ipv6 --tun 1 --tun-netns "$SUB" \
	--hold 60 --teardown --timeout 90
e2e_lacgen_hold one.json
e2e_check "b. the TUN subscriber is attached" test "${DEV[0]:-}" = lgtun0
ll=$(sed -n 's/^lacgen: tun lgtun0 link-local \([0-9a-f:]*\)\/64$/\1/p' "$E2E_DIR/one.log")
echo "# lgtun0 link-local: ${ll:-none}"
e2e_check "b. lgtun0 has the link-local of its IPv6CP Interface-Identifier, and only that" \
	test "$(ip -n "$SUB" -6 -o addr show dev lgtun0 | awk '{print $4}' | tr '\n' ' ')" = "$ll/64 "
# The kernel solicits once the link-local is there (no DAD), then at 4 s.
for _ in $(seq 100); do
	e2e_json_is stats "d['punt_ipv6_link_local'] > 0" True && break
	sleep 0.1
done
e2e_check "b. the kernel's Router Solicitations reach lnsd (IPv6 link-local punts counted)" \
	e2e_json_is stats "d['punt_ipv6_link_local'] > 0" True
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
wait "$LACGEN_PID"
e2e_check "b. lacgen counted IPv6CP up and the device's IPv6 configured" \
	test "$(j one "(d['ppp']['ipv6cp_up'], d['tun']['devices'][0]['ipv6'])")" = "(1, True)"

# c.
lacgen plain --tunnels 1 --sessions 2 --auth chap --teardown --timeout 60
e2e_ok $? "c. without --ipv6: 2 sessions up on IPCP"
e2e_check "c. lnsd's IPv6CP was Protocol-Rejected by lacgen (2), no IPv6CP up" \
	test "$(j plain "(d['ppp']['up'], d['ppp']['protocol_rejected'], d['ppp']['ipv6cp_up'])")" = "(2, 2, 0)"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
