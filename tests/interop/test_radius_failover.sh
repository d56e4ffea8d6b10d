#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd's RADIUS failover and durable accounting against real FreeRADIUS
# servers (radius_lib.sh), with lns-lacgen's CHAP subscribers:
#
# 1. Failover. r1 (priority 1) and r2 (priority 2) both up: every
#    Access-Request goes to r1. r1 stopped: new sessions come up through
#    r2 within radius.auth_timeout_ms, and lnsd counts r1 dead
#    (/lnsd/radius). r1 started again: after dead_ms it gets the requests
#    again. r2 has status_server: when it comes back after an outage,
#    lnsd's Status-Server probes (auth and acct ports) find it alive.
# 2. Bad answers. A third server (rad_liar.py, last by priority) answers
#    every request with a short datagram, one with an identifier nobody
#    asked for, and one signed with the wrong secret: each is counted
#    (malformed, unknown_id, bad_authenticator), none is believed, the
#    request goes on and lnsd keeps running.
# 3. Durable accounting. Every RADIUS server stopped; sessions churn
#    (authenticated by the local users: the default realm is radius with
#    fallback_local, so their accounting still goes to RADIUS), one is held
#    while lnsd restarts on the same spool, more churn after it; then the
#    servers come back: every Start and Stop of every session of the whole
#    test, and each Accounting-On and -Off, is in the accounting detail
#    files of r1 and r2 exactly once, the records of the outage in the
#    order lnsd wrote them, Acct-Session-Ids are unique across the
#    restart, and lnsd's spool is empty.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
e2e_require_root
e2e_require_lacgen
command -v freeradius >/dev/null ||
	e2e_bail "freeradius is not installed (scripts/deps.sh)"

AUTH_TIMEOUT_MS=3000
DEAD_MS=2000
# One server gives a request up after timeout_ms + 2 x timeout_ms.
SERVER_GIVEUP_MS=900

e2e_access_topology
RAD_NETNS=$LNS
mapfile -t PORTS < <(rad_ports 6)
R1_AUTH=${PORTS[0]} R1_ACCT=${PORTS[1]} R2_AUTH=${PORTS[2]} R2_ACCT=${PORTS[3]}
R3_AUTH=${PORTS[4]} R3_ACCT=${PORTS[5]}

# RADIUS users a*, b*, c* (part 1); local users d*, e*, f*, h1 (part 3),
# unknown to RADIUS: they log in only through the fallback.
for u in a b c; do
	for i in 1 2 3 4; do rad_user "$u$i" pw; done
done
for u in d e f; do
	for i in 1 2 3 4 5; do echo "$u$i pw"; done
done >"$E2E_DIR/users"
echo "h1 pw" >>"$E2E_DIR/users"

rad_start r1 "$R1_AUTH" "$R1_ACCT" || e2e_bail "r1 did not start"
rad_start r2 "$R2_AUTH" "$R2_ACCT" || e2e_bail "r2 did not start"
ip netns exec "$LNS" "$PY" "$HERE/rad_liar.py" "$R3_AUTH" "$R3_ACCT" \
	"not-$RAD_SECRET" >"$E2E_DIR/liar.out" 2>&1 &
E2E_PIDS+=($!)
e2e_wait 50 grep -q ready "$E2E_DIR/liar.out" || e2e_bail "rad_liar.py did not start"

server() {	# NAME AUTH ACCT PRIORITY [MORE]
	echo "    - { name: $1, address: 127.0.0.1, auth_port: $2, acct_port: $3, secret: \"$RAD_SECRET\", priority: $4, timeout_ms: 300, retries: 1${5:+, $5} }"
}
{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/16 }
  realms:
    - { name: "", backend: radius, fallback_local: true }
  users_file: $E2E_DIR/users
radius:
  dead_after: 1
  dead_ms: $DEAD_MS
  probe_ms: 1000
  auth_timeout_ms: $AUTH_TIMEOUT_MS
  servers:
$(server r1 "$R1_AUTH" "$R1_ACCT" 1)
$(server r2 "$R2_AUTH" "$R2_ACCT" 2 "status_server: true")
$(server r3 "$R3_AUTH" "$R3_ACCT" 3)
  accounting:
    spool_dir: $E2E_DIR/spool
    timeout_ms: 3000
    retry_ms: 500
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# lg OUT PREFIX N [ARGS]: N CHAP sessions of users PREFIX1..N in one
# tunnel, up then torn down; lacgen's exit status (0: every session
# reached IPCP-open and was closed cleanly).
lg() {
	local out=$1 prefix=$2 n=$3
	shift 3
	e2e_lacgen "$out.json" --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
		--ppp --auth chap --user-prefix "$prefix" --password pw \
		--tunnels 1 --sessions "$n" --teardown --timeout 30 --json "$@"
}
# setup_ms OUT: the run's set-up time, first SCCRQ to the last IPCP-open.
setup_ms() { e2e_lacgen_json "$1.json" 'int(d["setup_time_s"] * 1000)'; }
# asked NAME: the users of the Access-Requests server NAME received, sorted.
asked() {
	sed -n 's/^\tUser-Name = "\(.*\)"$/\1/p' "$(rad_auth_detail "$1")" \
		2>/dev/null | sort | tr '\n' ' '
}
# has_users NAME PREFIX N: NAME was asked for PREFIX1..N, once each.
has_users() {
	local want
	want=$(for i in $(seq "$3"); do echo "$2$i"; done | sort | tr '\n' ' ')
	[ "$(asked "$1" | tr ' ' '\n' | grep "^$2[0-9]" | tr '\n' ' ')" = "$want" ]
}
lacks_users() { ! asked "$1" | tr ' ' '\n' | grep -q "^$2[0-9]"; }
# srv ROLE NAME FIELD: a server's field in /lnsd/radius (ROLE auth|acct).
srv() {
	e2e_json radius "[v for k, v in d.items() if k.startswith('$1_') and isinstance(v, dict) and v['name'] == '$2'][0]['$3']"
}
srv_is() { [ "$(srv "$1" "$2" "$3" 2>/dev/null)" = "$4" ]; }
srv_ge() { [ "$(srv "$1" "$2" "$3" 2>/dev/null)" -ge "$4" ] 2>/dev/null; }
rad_is() { e2e_json_is radius "d['$1']" "$2"; }

# ---- 1. failover ------------------------------------------------------
e2e_check "/lnsd/radius lists r1, r2 and r3 for authentication and accounting" \
	test "$(srv auth r1 port) $(srv auth r2 port) $(srv auth r3 port) $(srv acct r1 port)" = \
	"$R1_AUTH $R2_AUTH $R3_AUTH $R1_ACCT"
lg a a 4
e2e_ok $? "r1 and r2 up: 4 CHAP sessions come up and are torn down"
e2e_check "... authenticated by r1 (its Access-Request detail has a1..a4)" has_users r1 a 4
e2e_check "... and r2 was not asked" lacks_users r2 a
e2e_check "... r1 answered 4 Access-Requests, r2 got none" \
	test "$(srv auth r1 responses) $(srv auth r2 requests)" = "4 0"
e2e_check "... and their accounting is answered (spool empty)" \
	e2e_wait 100 rad_is spool_pending_records 0

rad_stop r1
lg b b 4
e2e_ok $? "r1 stopped: 4 more sessions come up through the failover"
b_ms=$(setup_ms b)
echo "# set-up with r1 dead: $b_ms ms"
e2e_check "... every set-up ended within auth_timeout_ms ($b_ms < $AUTH_TIMEOUT_MS ms)" \
	test "$b_ms" -lt "$AUTH_TIMEOUT_MS"
e2e_check "... after r1's timeout, not before ($b_ms >= $SERVER_GIVEUP_MS ms)" \
	test "$b_ms" -ge "$SERVER_GIVEUP_MS"
e2e_check "... authenticated by r2 (b1..b4 in its detail)" has_users r2 b 4
e2e_check "... not by r1" lacks_users r1 b
e2e_check "lnsd counted r1 dead once for authentication (dead_marked 1)" \
	srv_is auth r1 dead_marked 1
r1_gaveup=$(srv auth r1 timeouts)
e2e_check "... after retransmitting each request to it once ($r1_gaveup given up)" \
	test "$r1_gaveup" -ge 1 -a "$(srv auth r1 retransmits)" = "$r1_gaveup"
e2e_check "... and the accounting client counted r1 dead too" \
	e2e_wait 50 srv_ge acct r1 dead_marked 1
e2e_check "r2 answered the 4 Access-Requests" srv_is auth r2 responses 4
e2e_check "no Access-Request failed for want of a server" rad_is unavailable 0

rad_start r1 "$R1_AUTH" "$R1_ACCT" || e2e_bail "r1 did not start again"
e2e_check "dead_ms after it died, lnsd tries r1 again (state alive)" \
	e2e_wait $((DEAD_MS / 100 + 20)) srv_is auth r1 state alive
lg c c 4
e2e_ok $? "r1 started again: 4 more sessions"
e2e_check "... authenticated by r1 again (c1..c4 in its detail)" has_users r1 c 4
e2e_check "... not by r2" lacks_users r2 c
e2e_check "the accounting of part 1 is all answered (spool empty)" \
	e2e_wait 100 rad_is spool_pending_records 0

# ---- 2 and 3. every server out; bad answers; churn and a restart -------
rad_stop r1
rad_stop r2
lg d d 5
e2e_ok $? "r1 and r2 stopped, r3 lying: 5 local users come up (fallback_local) and go"
d_ms=$(setup_ms d)
echo "# set-up with every server out: $d_ms ms"
e2e_check "... within auth_timeout_ms plus the local answer ($d_ms < $((AUTH_TIMEOUT_MS + 1000)) ms)" \
	test "$d_ms" -lt $((AUTH_TIMEOUT_MS + 1000))
e2e_check "r3's short answers are counted as malformed" srv_ge auth r3 malformed 1
e2e_check "r3's answers on identifiers not in flight are counted" srv_ge auth r3 unknown_id 1
e2e_check "r3's answers under the wrong secret are counted as bad authenticators" \
	srv_ge auth r3 bad_authenticator 1
e2e_check "... none was believed: r3 has no verified response" srv_is auth r3 responses 0
e2e_check "... nor for accounting (its records fail over to r3 last)" \
	e2e_wait 50 srv_ge acct r3 bad_authenticator 1
e2e_check "... r3 has no verified accounting response either" srv_is acct r3 responses 0
e2e_check "the 5 authentications found no server (unavailable 5)" rad_is unavailable 5
e2e_check "the accounting of the 5 sessions (Start, Stop) waits in the spool" \
	rad_is spool_pending_records 10

# A session held across the restart: its Stop is written at shutdown.
# (Another LAC address: two lacgens on one address see each other's frames.)
e2e_lacgen -b h.json --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 \
	--ppp --auth chap --user-prefix h --password pw --tunnels 1 --sessions 1 \
	--hold 120 --timeout 120 --json
e2e_check "a session of h1 is up before the restart" \
	e2e_wait 100 grep -qs 'event=acct-start user="h1"' "$E2E_DIR/lnsd.log"
lg e e 5
e2e_ok $? "5 more sessions churn"
pending_before=$(e2e_json radius "d['spool_pending_records']")
e2e_stop_lnsd
e2e_ok $? "lnsd stops (servers out: its 2 s drain expires)"
mv "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-1.log"
e2e_check "lnsd logged the Stop of h1 at shutdown (admin-reboot)" \
	grep -q 'event=accounting user="h1".*cause=admin-reboot' "$E2E_DIR/lnsd-1.log"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
# Before the restart: pending_before; then h1's Stop and Accounting-Off.
e2e_check "lnsd restarted on the same spool finds every record ($pending_before, h1's Stop, Off)" \
	rad_is spool_replayed_at_open $((pending_before + 2))
lg f f 5
e2e_ok $? "after the restart, servers still out: 5 more sessions churn"

e2e_check "r2 (status_server) is dead for lnsd while it is out" \
	test "$(srv auth r2 state) $(srv acct r2 state)" = "dead dead"
rad_start r2 "$R2_AUTH" "$R2_ACCT" || e2e_bail "r2 did not start again"
r2_alive() { srv_is auth r2 state alive && srv_is acct r2 state alive; }
e2e_check "r2 back: lnsd's Status-Server probes find it alive (auth and acct ports)" \
	e2e_wait 30 r2_alive
rad_start r1 "$R1_AUTH" "$R1_ACCT" || e2e_bail "r1 did not start again"
e2e_check "r1 and r2 back: lnsd's spool drains to empty" \
	e2e_wait 200 rad_is spool_pending_records 0
e2e_check "... nothing in flight" rad_is acct_in_flight 0
e2e_check "... no record was refused by the spool" rad_is acct_spool_errors 0
e2e_stop_lnsd
e2e_ok $? "lnsd stops (its Accounting-Off is answered within the drain)"
mv "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-2.log"

# The records lnsd wrote (its log lines, in the order it wrote them, with
# an Accounting-On before and an -Off after each run) against those in
# the detail files.
"$PY" - "$E2E_DIR" "$(rad_detail r1)" "$(rad_detail r2)" \
	>"$E2E_DIR/acct.json" <<'PY'
import collections, json, re, sys
d = sys.argv[1]
runs, order, user_of = [], {}, {}
for run, log in enumerate(("lnsd-1.log", "lnsd-2.log")):
    ids = {"Start": [], "Stop": []}
    for n, line in enumerate(open(f"{d}/{log}")):
        m = re.search(r'event=(acct-start|accounting) user="([^"]*)".*acct_session_id=(\S+)', line)
        if m:
            key = (m[3], "Start" if m[1] == "acct-start" else "Stop")
            ids[key[1]].append(m[3])
            order[key], user_of[m[3]] = (run, n), m[2]
    runs.append(ids)
seen, files = collections.Counter(), []
authentic, delay = {}, {}
for f in sys.argv[2:]:
    recs = []
    try:
        text = open(f).read()
    except FileNotFoundError:
        text = ""
    for rec in text.split("\n\n"):
        a = dict(re.findall(r'^\t([\w-]+) = "?(.*?)"?$', rec, re.M))
        if "Acct-Status-Type" not in a:
            continue
        key = (a.get("Acct-Session-Id"), a["Acct-Status-Type"])
        seen[key] += 1
        user = a.get("User-Name", "")[:1]
        authentic.setdefault(user, set()).add(a.get("Acct-Authentic"))
        delay[user] = min(delay.get(user, 1 << 32), int(a.get("Acct-Delay-Time", "0")))
        recs.append(key)
    files.append(recs)
want = [(i, t) for r in runs for t in ("Start", "Stop") for i in r[t]]
onoff = [k for k in seen if k[1].startswith("Accounting-")]
# Each run's On comes first, its Off last; their Acct-Session-Id is their
# event time in hex: the earlier one is the first run's.
for t, pos in (("Accounting-On", -1), ("Accounting-Off", 1 << 30)):
    for run, k in enumerate(sorted((k for k in onoff if k[1] == t),
                                   key=lambda k: int(k[0], 16))):
        order[k] = (run, pos)
ids = [i for r in runs for i in r["Start"]]
# From the outage on (parts 2 and 3), each server got the records in the
# order lnsd wrote them. (Before, records racing in flight may swap when
# one fails over and the other does not: docs/aaa.md.)
def late(k):
    return k in onoff or user_of.get(k[0], "")[:1] in "defh"
swapped = []
for recs in files:
    keys = [order.get(k) for k in recs if late(k)]
    swapped += [recs[i] for i in range(1, len(keys))
                if None not in keys[i - 1:i + 1] and keys[i] < keys[i - 1]]
print(json.dumps({
    "sessions": [len(r["Start"]) for r in runs],
    "stops": [len(r["Stop"]) for r in runs],
    "missing": [k for k in want if seen[k] == 0],
    "twice": [k for k, n in seen.items() if n > 1],
    "unknown": [k for k in seen if k not in want and k not in onoff],
    "on": sum(seen[k] for k in onoff if k[1] == "Accounting-On"),
    "off": sum(seen[k] for k in onoff if k[1] == "Accounting-Off"),
    "ids_unique": len(set(ids)) == len(ids),
    "runs_disjoint": not set(runs[0]["Start"]) & set(runs[1]["Start"]),
    "swapped": swapped,
    "authentic": " ".join(f"{u}:{','.join(sorted(authentic[u]))}"
                          for u in sorted(authentic) if u),
    "delay_d": delay.get("d", -1),
}))
PY
acct() { e2e_jexpr "$1" <"$E2E_DIR/acct.json"; }
echo "# accounting: $(cat "$E2E_DIR/acct.json")"
e2e_check "lnsd accounted 23 sessions before the restart, 5 after, each with a Stop" \
	test "$(acct 'd["sessions"], d["stops"]')" = "[23, 5] [23, 5]"
e2e_check "every Start and Stop reached r1 or r2" test "$(acct 'd["missing"]')" = "[]"
e2e_check "none reached them twice" test "$(acct 'd["twice"]')" = "[]"
e2e_check "and no record of a session lnsd did not account" test "$(acct 'd["unknown"]')" = "[]"
e2e_check "Accounting-On and -Off of both runs arrived, once each" \
	test "$(acct 'd["on"], d["off"]')" = "2 2"
e2e_check "Acct-Session-Ids are unique, across the restart too" \
	test "$(acct 'd["ids_unique"], d["runs_disjoint"]')" = "True True"
e2e_check "the records of the outage reached each server in the order lnsd wrote them" \
	test "$(acct 'd["swapped"]')" = "[]"
e2e_check "Acct-Authentic: RADIUS for the RADIUS users, Local for the fallback ones" \
	test "$(acct 'd["authentic"]')" = "a:RADIUS b:RADIUS c:RADIUS d:Local e:Local f:Local h:Local"
e2e_check "the records delivered after the outage carry their delay (Acct-Delay-Time >= 5 s)" \
	test "$(acct 'd["delay_d"]')" -ge 5

e2e_done
