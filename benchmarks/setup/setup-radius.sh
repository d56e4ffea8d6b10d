#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Session setup rate with RADIUS: setup-rate.sh (lacgen against lnsd over
# memif, full L2TP + LCP + CHAP + IPCP per session) with every CHAP
# Response checked by FreeRADIUS 3.2 on 127.0.0.1 (its thread pool, no
# debug output: tests/interop/radius_lib.sh with RAD_DEBUG=no) and
# accounting Start records sent to it through lnsd's spool; then
# FreeRADIUS's own ceiling for the same Access-Requests (CHAP, NAS and
# tunnel attributes, Message-Authenticator) sent by radclient with 256 in
# flight, so the two figures come from the same machine in the same run.
#
# usage: benchmarks/setup/setup-radius.sh [BUILD] [TUNNELS] [SESSIONS_PER_TUNNEL]
#   defaults: build 16 1000 (16,000 sessions).
#   SETUP_RADIUS_ACCT=1 (environment): accounting Starts go to FreeRADIUS
#   too (twice its work per session); default 0: authentication only, the
#   same work as the radclient ceiling.
# Prints both figures and one JSON line (last line). A measurement, never
# an assertion. Target (docs/benchmarks.md): >= 5,000 sessions/s, or
# FreeRADIUS's ceiling when that is lower.
set -u
BUILD=$(cd "${1:-build}" && pwd)
T=${2:-16}
S=${3:-1000}
N=$((T * S))
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
RAD_DEBUG=no
. "$ROOT/tests/interop/radius_lib.sh"
command -v radclient >/dev/null || { echo "setup-radius: radclient not installed (scripts/deps.sh)"; exit 1; }

awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) printf "\"user%d\" Cleartext-Password := \"pw\"\n\n", i }' >"$RAD_USERS"
read -r AP CP < <(rad_ports 2 | tr '\n' ' ')
rad_start r1 "$AP" "$CP" || exit 1
cat >"$RAD_TMP/radius.yaml" <<YAML
radius:
  servers:
    - { address: 127.0.0.1, auth_port: $AP, acct_port: $([ "${SETUP_RADIUS_ACCT:-0}" = 1 ] && echo "$CP" || echo 0), secret: "$RAD_SECRET", max_outstanding: 4096 }
  sockets: 16
  accounting:
    spool_dir: $RAD_TMP/spool
YAML
SETUP_EXTRA_YAML=$RAD_TMP/radius.yaml SETUP_TARGET=5000 \
	SETUP_LABEL="RADIUS CHAP, FreeRADIUS 3.2 on 127.0.0.1" \
	bash "$ROOT/benchmarks/setup/setup-rate.sh" "$BUILD" "$T" "$S" 30000 \
	| tee "$RAD_TMP/setup.out"
LNS_JSON=$(tail -1 "$RAD_TMP/setup.out")
AUTHS=$(grep -c 'Packet-Type = Access-Request' "$(rad_auth_detail r1)")
STARTS=$(cat "$(rad_detail r1)" 2>/dev/null | grep -c 'Acct-Status-Type = Start')

# The ceiling: the same Access-Requests from radclient, 256 in flight.
"$PY" - "$N" >"$RAD_TMP/requests.txt" <<'PY'
import hashlib, os, sys
for i in range(1, int(sys.argv[1]) + 1):
    chal = os.urandom(16)
    ident = i & 0xff
    resp = hashlib.md5(bytes([ident]) + b"pw" + chal).digest()
    print(f'User-Name = "user{i}"\nCHAP-Password = 0x{bytes([ident]).hex()}{resp.hex()}\n'
          f'CHAP-Challenge = 0x{chal.hex()}\nNAS-IP-Address = 198.51.100.1\n'
          f'NAS-Identifier = "lnsd"\nNAS-Port = {i}\nNAS-Port-Type = Virtual\n'
          f'Service-Type = Framed-User\nFramed-Protocol = PPP\n'
          f'Acct-Session-Id = "bench{i:08x}"\nCalling-Station-Id = "lacgen-1-{i}"\n'
          f'Tunnel-Type:1 = L2TP\nTunnel-Medium-Type:1 = IPv4\n'
          f'Tunnel-Client-Endpoint:1 = "198.51.100.2"\nTunnel-Server-Endpoint:1 = "198.51.100.1"\n'
          f'Message-Authenticator = 0x00\n')
PY
T0=$(date +%s.%N)
radclient -q -s -c 1 -p 256 -r 3 -t 5 -f "$RAD_TMP/requests.txt" \
	"127.0.0.1:$AP" auth "$RAD_SECRET" >"$RAD_TMP/radclient.out" 2>&1
T1=$(date +%s.%N)
"$PY" - "$N" "$T0" "$T1" "$RAD_TMP/radclient.out" "$AUTHS" "$STARTS" "$LNS_JSON" <<'PY'
import json, re, sys
n, t0, t1, out, auths, starts, lns = sys.argv[1:]
n, t0, t1 = int(n), float(t0), float(t1)
txt = open(out).read()
acc = re.search(r"Accepted\s*:\s*(\d+)", txt)
acc = int(acc.group(1)) if acc else 0
lost = re.search(r"Lost\s*:\s*(\d+)", txt)
lost = int(lost.group(1)) if lost else None
ceiling = acc / (t1 - t0) if t1 > t0 else 0
try:
    lnsd = json.loads(lns)
except ValueError:
    lnsd = {}
rate = lnsd.get("sessions_per_s", 0)
target = min(5000, ceiling)
res = {"bench": "setup_rate_radius", "sessions": n,
       "lnsd_sessions_per_s": rate,
       "lnsd_sessions_up": lnsd.get("sessions_up"),
       "freeradius_access_requests_seen": int(auths),
       "freeradius_acct_starts_seen": int(starts),
       "freeradius_ceiling_per_s": round(ceiling, 1),
       "freeradius_ceiling_accepted": acc, "freeradius_ceiling_lost": lost,
       "ratio_to_ceiling": round(rate / ceiling, 2) if ceiling else None,
       "target_per_s": round(target, 1),
       "met": bool(rate >= target * 0.999 and lnsd.get("sessions_up") == n)}
print(f"FreeRADIUS ceiling (radclient, 256 in flight, same requests): {acc}/{n} accepted ({lost} lost), {res['freeradius_ceiling_per_s']}/s; "
      f"lnsd with RADIUS: {rate}/s = {res['ratio_to_ceiling']} of the ceiling; "
      f"FreeRADIUS saw {auths} Access-Requests and {starts} accounting Starts; "
      f"target >= min(5000, ceiling) = {res['target_per_s']}/s {'met' if res['met'] else 'MISSED'}")
print(json.dumps(res))
PY
