# SPDX-License-Identifier: BSD-3-Clause
# IPv6 subscribers behind lacgen --ipv6 --tun, for the e2e and interop
# tests (sourced after lib.sh; $SUB is the subscribers' namespace).
#
# ip6_slaac DEV: wait (10 s at most) for the kernel's global address on DEV
# (SLAAC from lnsd's RA) and print it (ADDR/64), or nothing.
ip6_slaac() {
	local a
	for _ in $(seq 100); do
		a=$(ip netns exec "$SUB" ip -6 -o addr show dev "$1" scope global |
			awk '{print $4}' | head -1)
		[ -n "$a" ] && break
		sleep 0.1
	done
	echo "$a"
}

# ip6_dhcp6c_start DEV NAME [na]: WIDE dhcp6c asking for a delegated prefix
# (and with "na" an IA_NA address too) on DEV (Debian's dhclient -6 refuses TUN devices: "Unsupported device type
# 65534"). It takes its DUID from an interface with a MAC: NAME0, one end
# of a veth pair made here, which also gets a host address of the prefix
# (prefix-interface, sla-id 1). Its control channel listens on ::1, so lo
# gets IPv6 in the namespace. DHCP6C_PID; stopping it sends a RELEASE.
ip6_dhcp6c_start() {
	local dev=$1 lan=${2}0 na= na_ia=
	if [ "${3:-}" = na ]; then
		na="send ia-na 0;"
		na_ia="id-assoc na 0 { };"
	fi
	ip netns exec "$SUB" sysctl -qw net.ipv6.conf.lo.disable_ipv6=0
	ip netns exec "$SUB" ip link set lo up
	ip -n "$SUB" link add "$lan" type veth peer name "${2}1"
	# No DAD: the address is usable (ping -I) as soon as it is there.
	ip netns exec "$SUB" sysctl -qw "net.ipv6.conf.$lan.disable_ipv6=0" \
		"net.ipv6.conf.$lan.accept_dad=0"
	ip -n "$SUB" link set "${2}1" up
	ip -n "$SUB" link set "$lan" up
	cat >"$E2E_DIR/dhcp6c-$2.conf" <<CONF
interface $dev {
	send ia-pd 0;
	$na
	request domain-name-servers;
};
$na_ia
id-assoc pd 0 {
	prefix-interface $lan {
		sla-id 1;
		sla-len 8;
	};
};
CONF
	# ip netns exec execs dhcp6c: $! is dhcp6c itself.
	ip netns exec "$SUB" dhcp6c -f -D -c "$E2E_DIR/dhcp6c-$2.conf" \
		-p "$E2E_DIR/dhcp6c-$2.pid" "$dev" >"$E2E_DIR/dhcp6c-$2.log" 2>&1 &
	DHCP6C_PID=$!
	E2E_PIDS+=("$DHCP6C_PID")
}

# ip6_dhcp6c_addr NAME: wait (10 s at most) for the address dhcp6c gave
# NAME0 from the delegated prefix; print it (ADDR/64) or nothing.
ip6_dhcp6c_addr() {
	ip6_slaac "${1}0"
}

# ip6_pd_granted: the last prefix lnsd's log says it delegated (no /len).
ip6_pd_granted() {
	sed -n 's/.*event=pd-granted.* prefix=\([0-9a-f:]*\)\/[0-9]*$/\1/p' \
		"$E2E_DIR/lnsd.log" | tail -1
}
