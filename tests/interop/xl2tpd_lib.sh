# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2034  # XL2TPD_PID is for the sourcing test
# xl2tpd as a LAC, for the tests that dial lnsd with it (sourced):
# tests/interop/test_xl2tpd.sh, test_sigkill.sh and the appliance's
# tests/pkg/test_image.sh. Plain bash: no e2e lib needed.
#
# xl2tpd starts pppd on a pty after ICCN. The tests give it their own
# pppd, bind-mounted over /usr/sbin/pppd in a private mount namespace:
# xl2tpd_standin (holds the pty: a call without PPP) or the user-space
# PPP subscriber tests/pkg/pty_ppp_peer.py (for hosts without /dev/ppp).

# xl2tpd_conf DIR LNS [GLOBAL [LAC]]: DIR/xl2tpd.conf with one LAC, "lns",
# towards the LNS address LNS; GLOBAL and LAC are more "key = value"
# lines for [global] and [lac lns]. pppd's options file DIR/options is
# empty: the stand-ins take no options.
xl2tpd_conf() {
	local dir=$1 lns=$2
	{
		printf '%s\n' "[global]" "port = 1701"
		[ -z "${3:-}" ] || printf '%s\n' "$3"
		printf '%s\n' "[lac lns]" "lns = $lns" \
			"require authentication = no" "pppoptfile = $dir/options"
		[ -z "${4:-}" ] || printf '%s\n' "$4"
	} >"$dir/xl2tpd.conf"
	: >"$dir/options"
}

# xl2tpd_standin DIR: DIR/pppd, a pppd stand-in that holds the pty xl2tpd
# gives it until killed (killing it clears the call); the PID of each one
# started is appended to DIR/standin.pids.
xl2tpd_standin() {
	cat >"$1/pppd" <<SH
#!/bin/sh
# pppd stand-in: hold the pty xl2tpd gives us until killed.
echo \$\$ >>"$1/standin.pids"
exec sleep 600
SH
	chmod +x "$1/pppd"
}

# xl2tpd_start NETNS DIR PPPD: xl2tpd in the foreground (-D) in NETNS, in
# the background, with PPPD as its /usr/sbin/pppd; its log in
# DIR/xl2tpd.log, its control pipe DIR/l2tp-control ("c lns" dials,
# "d lns" tears the tunnel down). Sets XL2TPD_PID.
xl2tpd_start() {
	local ns=$1 dir=$2 pppd=$3
	ip netns exec "$ns" unshare -m --propagation private sh -c \
		"mount --bind $pppd /usr/sbin/pppd && exec xl2tpd -D -c $dir/xl2tpd.conf -p $dir/xl2tpd.pid -C $dir/l2tp-control" \
		>"$dir/xl2tpd.log" 2>&1 &
	XL2TPD_PID=$!
}
