#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd killed with SIGKILL and started again on the same configuration
# (docs/operations.md, "After a crash"), with every subscriber up:
#  - lns-lacgen (198.51.100.2): 2 tunnels x 5 PPP sessions, one of them a
#    TUN subscriber pinging the core host, with its own HELLO keepalive
#    (--hello 1);
#  - xl2tpd (198.51.100.3), an independent LAC set to redial;
#  - RADIUS authentication (FreeRADIUS r1) and accounting (r2), r2 out
#    while the sessions come up: their Starts wait in lnsd's spool.
# Then SIGKILL: no StopCCN, no CDN, no Accounting-Stop, and EAL's runtime
# directory /var/run/dpdk/<prefix> is left behind. Checked:
#  1. the restart is not hindered by the stale runtime directory, nor by
#     the spool's lock;
#  2. the new lnsd knows none of the old tunnels: what the LACs send on
#     them is dropped and counted (ctl_l2tp_unknown_tunnel,
#     drop_l2tp_data_no_session), nothing is answered;
#  3. the LACs find out by themselves: lacgen's HELLOs go unanswered and
#     its tunnels end dead; xl2tpd's CDN (its pppd gone, as after LCP
#     echoes fail) goes unanswered, it gives the tunnel up and redials on
#     its own; lacgen dials again (the same tunnel IDs): every session is
#     back, the TUN subscriber pings again;
#  4. the spool written before the kill is replayed: r2 gets the Starts of
#     the killed sessions, once or more (delivery is at least once), never
#     a Stop (lnsd cannot know when they ended), and the new run's
#     Accounting-On after them (accounting.in_flight 1 keeps the order):
#     the NAS-reboot signal on which a server closes that NAS's sessions.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
. "$(dirname "$0")/xl2tpd_lib.sh"
e2e_require_root
e2e_require_lacgen
command -v freeradius >/dev/null ||
	e2e_bail "freeradius is not installed (scripts/deps.sh)"
command -v xl2tpd >/dev/null || e2e_bail "xl2tpd is not installed"

e2e_access_topology 198.51.100.3/24
e2e_core_topology
e2e_subscriber_netns
RAD_NETNS=$LNS
mapfile -t PORTS < <(rad_ports 4)
for i in $(seq 10); do rad_user "user$i" pw; done
rad_start r1 "${PORTS[0]}" "${PORTS[1]}" || e2e_bail "r1 did not start"
rad_start r2 "${PORTS[2]}" "${PORTS[3]}" || e2e_bail "r2 did not start"

# xl2tpd's call carries no PPP (its pppd is a stand-in): a long PPP
# set-up deadline keeps lnsd from clearing it meanwhile.
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  hello_ms: 1000
ppp:
  auth: [chap]
  setup_timeout_ms: 600000
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/24 }
radius:
  servers:
    - { name: r1, address: 127.0.0.1, auth_port: ${PORTS[0]}, acct_port: 0, secret: "$RAD_SECRET" }
    - { name: r2, address: 127.0.0.1, auth_port: 0, acct_port: ${PORTS[3]}, secret: "$RAD_SECRET", timeout_ms: 300, retries: 1 }
  accounting:
    spool_dir: $E2E_DIR/spool
    in_flight: 1
    timeout_ms: 1000
    retry_ms: 300
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
rad_is() { e2e_json_is radius "d['$1']" "$2"; }
e2e_check "the accounting server answers lnsd's Accounting-On (spool empty)" \
	e2e_wait 100 rad_is spool_pending_records 0
rad_stop r2

# lg OUT: lacgen's 2 x 5 CHAP sessions, the first on a TUN device, held.
lg() {
	e2e_lacgen -b "$1.json" --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
		--ppp --auth chap --password pw --tunnels 2 --sessions 5 --tun 1 \
		--tun-netns "$SUB" --hello 1 --rto-ms 200 --hold 600 --teardown \
		--timeout 300 --json
}
lg before
LG_PID=$LACGEN_PID
e2e_lacgen_hold before.json
e2e_check "lacgen's 10 sessions are up" e2e_json_is ppp "d['sessions_up']" 10
TUN_ADDR=${ADDR[0]}
e2e_check "its TUN subscriber pings the core host" \
	ip netns exec "$SUB" ping -c 2 -i 0.2 -W 2 -I "$TUN_ADDR" 203.0.113.2

xl2tpd_conf "$E2E_DIR" 198.51.100.1 \
	"$(printf '%s\n' "listen-addr = 198.51.100.3" "max retries = 2")" \
	"$(printf '%s\n' "autodial = yes" "redial = yes" "redial timeout = 1" "max redials = 10")"
xl2tpd_standin "$E2E_DIR"
xl2tpd_start "$ACC" "$E2E_DIR" "$E2E_DIR/pppd"
E2E_PIDS+=("$XL2TPD_PID")
e2e_check "xl2tpd's tunnel and call are up" \
	e2e_wait 100 e2e_json_is l2tp "(d['tunnels_established'], d['sessions_established'])" "(3, 11)"
e2e_check "the 10 Starts (and nothing else) wait in the spool, r2 being out" \
	e2e_wait 50 rad_is spool_pending_records 10
grep 'event=acct-start' "$E2E_DIR/lnsd.log" |
	sed -n 's/.*acct_session_id=\([^ ]*\).*/\1/p' | sort >"$E2E_DIR/killed.ids"

# ---- SIGKILL ------------------------------------------------------------
kill -9 "$LNSD_PID"
T_KILL=$(date +%s%N)
wait "$LNSD_PID" 2>/dev/null
mv "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-1.log"
e2e_check "the killed lnsd left its runtime directory behind" \
	test -S "/var/run/dpdk/$E2E_PREFIX/dpdk_telemetry.v2" -a -f "/var/run/dpdk/$E2E_PREFIX/config"
rad_start r2 "${PORTS[2]}" "${PORTS[3]}" || e2e_bail "r2 did not start again"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_ok 0 "lnsd starts again on the same configuration, prefix and spool"
echo "# lnsd was running again $((($(date +%s%N) - T_KILL) / 1000000)) ms after the kill (r2 restarted meanwhile)"
e2e_check "... and knows no tunnel" e2e_json_is l2tp "d['tunnels']" 0
e2e_check "... and replays the 10 Starts from the spool" \
	rad_is spool_replayed_at_open 10

# The LACs. lacgen's tunnels live on until its HELLO has been retransmitted
# for 12.6 s (--rto-ms 200), its TUN subscriber with them.
ip netns exec "$SUB" ping -c 5 -i 0.2 -W 1 -I "$TUN_ADDR" 203.0.113.2 \
	>"$E2E_DIR/ping-dead.txt" 2>&1
e2e_check "meanwhile the TUN subscriber's pings go nowhere: lnsd drops them, counted" \
	test "$(grep -c 'bytes from' "$E2E_DIR/ping-dead.txt"):$(($(e2e_json stats "d['drop_l2tp_data_no_session']") >= 5))" = 0:1
kill "$(head -1 "$E2E_DIR/standin.pids")"	# xl2tpd's pppd ends (LCP echoes)
t_xl=$(date +%s%N)
e2e_check "xl2tpd gave its tunnel up and redialled on its own: a new tunnel and call" \
	e2e_wait 300 e2e_json_is l2tp "(d['tunnels_established'], d['sessions_established'])" "(1, 1)"
echo "# xl2tpd's new call was up $((($(date +%s%N) - t_xl) / 1000000)) ms after its pppd ended"
grep -E 'Maximum retries|closed to|Connection established|Call established' \
	"$E2E_DIR/xl2tpd.log" | sed 's/^/# xl2tpd: /'
wait "$LG_PID"
echo "# lacgen's tunnels ended $((($(date +%s%N) - T_KILL) / 1000000)) ms after the kill"
e2e_check "lacgen's HELLOs went unanswered: both its tunnels ended dead" \
	test "$(e2e_lacgen_json before.json "(d['tunnels']['ended'], d['sessions']['lost'], d['control']['hellos_sent'] > 0)")" = "({'dead': 2}, 10, True)"
echo "# after the restart lnsd dropped $(e2e_json stats "d['ctl_l2tp_unknown_tunnel']") control messages for unknown tunnels and $(e2e_json stats "d['drop_l2tp_data_no_session']") data messages for unknown sessions"
e2e_check "lnsd dropped and counted the LACs' messages on the old tunnels" \
	test "$(e2e_json stats "d['ctl_l2tp_unknown_tunnel']")" -gt 0
lg after
e2e_lacgen_hold after.json
e2e_check "lacgen dials again (tunnel IDs 1, 2 again): its 10 sessions are up" \
	e2e_json_is ppp "d['sessions_up']" 10
e2e_check "the TUN subscriber pings the core host again" \
	ip netns exec "$SUB" ping -c 2 -i 0.2 -W 2 -I "${ADDR[0]}" 203.0.113.2
e2e_check "the accounting of the killed run and of the new one is all answered" \
	e2e_wait 100 rad_is spool_pending_records 0
kill -USR1 "$LACGEN_PID"
wait "$LACGEN_PID"
e2e_ok $? "lacgen closes its sessions cleanly"
e2e_stop_lnsd
e2e_ok $? "lnsd stops"
e2e_check "a clean stop removes the runtime directory" \
	test ! -e "/var/run/dpdk/$E2E_PREFIX"

# r2's detail file against the killed run's Starts.
"$PY" - "$(rad_detail r2)" "$E2E_DIR/killed.ids" >"$E2E_DIR/acct.json" <<'PY'
import json, re, sys
killed = set(open(sys.argv[2]).read().split())
recs = []
for rec in open(sys.argv[1]).read().split("\n\n"):
    a = dict(re.findall(r'^\t([\w-]+) = "?(.*?)"?$', rec, re.M))
    if "Acct-Status-Type" in a:
        recs.append((a["Acct-Status-Type"], a.get("Acct-Session-Id", "")))
ons = [i for i, r in enumerate(recs) if r[0] == "Accounting-On"]
starts = [i for i, r in enumerate(recs) if r[0] == "Start" and r[1] in killed]
print(json.dumps({
    "killed": len(killed),
    "started": len({recs[i][1] for i in starts}),
    "stopped": sum(1 for r in recs if r[0] == "Stop" and r[1] in killed),
    "ons": len(ons),
    "on_after_starts": len(ons) >= 2 and bool(starts) and ons[-1] > max(starts),
    "offs": sum(1 for r in recs if r[0] == "Accounting-Off"),
}))
PY
acct() { e2e_jexpr "$1" <"$E2E_DIR/acct.json"; }
echo "# accounting at r2: $(cat "$E2E_DIR/acct.json")"
e2e_check "every Start of the killed run reached r2" \
	test "$(acct 'd["killed"], d["started"]')" = "10 10"
e2e_check "no Stop of a killed session (lnsd cannot know when they ended)" \
	test "$(acct 'd["stopped"]')" = 0
e2e_check "the new run's Accounting-On came after those Starts" \
	test "$(acct 'd["ons"], d["on_after_starts"]')" = "2 True"
e2e_check "one Accounting-Off: the killed run never sent its own" \
	test "$(acct 'd["offs"]')" = 1
e2e_done
