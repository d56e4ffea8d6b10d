# SPDX-License-Identifier: BSD-3-Clause
# FreeRADIUS 3.2 servers for tests (source this file, after
# tests/e2e/lib.sh if the test uses it: the EXIT trap is chained).
#
#   rad_user NAME PASSWORD [ATTR = VALUE]...  a user of every server started
#                       after it (Cleartext-Password: PAP, CHAP, MS-CHAP and
#                       MS-CHAPv2 all work), with its reply attributes, e.g.
#                       rad_user u1 pw1 "Framed-IP-Address = 100.64.9.9"
#   rad_start NAME AUTH_PORT ACCT_PORT        a server on 127.0.0.1 only,
#                       answering Status-Server once it is up; its PID in
#                       RAD_PID[NAME], its start time in RAD_START_MS[NAME]
#   rad_stop NAME       SIGTERM to that PID (SIGKILL 5 s later), reaped
#   rad_detail NAME     path of its accounting detail file (requests)
#   rad_auth_detail NAME  path of its Access-Request detail file (as received)
#   rad_reply_detail NAME path of its reply detail file (Access-Accept/Reject)
#   rad_log NAME        path of its debug log (freeradius -X)
#   rad_status NAME     whether it answers a Status-Server now
#   rad_ports N         N free UDP ports on 127.0.0.1, one a line
#
# Settings (set before rad_start): RAD_SECRET (the shared secret of client
# 127.0.0.1; no quotes or backslashes), RAD_REQUIRE_MA (yes: an
# Access-Request without Message-Authenticator is dropped, as lnsd must
# always send one; no to accept it), RAD_REPLY_MA (yes: Access-Accept,
# Access-Reject and the Status-Server answer carry a Message-Authenticator,
# as servers do since the BlastRADIUS fixes (FreeRADIUS 3.2.5); 3.2.1
# itself sends none; no for a server without).
#
# Each server runs from a private copy of /etc/freeradius/3.0 (its
# dictionaries, module and policy files) with its own radiusd.conf,
# clients.conf, site and modules: no proxying, no CoA/DAE listener, no
# control socket, reject_delay 0, as the user running the test (root, or
# a member of group freerad: Debian's files are not world-readable). Every
# server is stopped and its directory removed on exit (kept with
# RAD_KEEP_LOGS=1, or inside E2E_DIR with tests/e2e/lib.sh's rules).

RAD_SECRET=${RAD_SECRET:-lns-radius-test}
# RAD_NETNS: run the servers (and radclient) in that network namespace,
# e.g. lnsd's in the e2e tests, whose 127.0.0.1 is its own; its loopback
# is brought up by rad_start. rad_ns CMD...: a command run there.
RAD_NETNS=${RAD_NETNS:-}
rad_ns() { if [ -n "$RAD_NETNS" ]; then ip netns exec "$RAD_NETNS" "$@"; else "$@"; fi; }
RAD_REQUIRE_MA=${RAD_REQUIRE_MA:-yes}
RAD_REPLY_MA=${RAD_REPLY_MA:-yes}
RAD_SRC=${RAD_SRC:-/etc/freeradius/3.0}
if [ -n "${E2E_DIR:-}" ]; then
	RAD_TMP="$E2E_DIR/radius"
	mkdir -p "$RAD_TMP"
else
	RAD_TMP=$(mktemp -d /tmp/lnsrad.XXXXXX)
fi
RAD_USERS="$RAD_TMP/users"
: >"$RAD_USERS"
declare -A RAD_PID=() RAD_DIR=() RAD_START_MS=() RAD_AUTH_PORT=()

rad_user() {
	local name=$1 pass=$2 a i=0 sep
	shift 2
	printf '"%s" Cleartext-Password := "%s"\n' "$name" "$pass" >>"$RAD_USERS"
	for a in "$@"; do
		i=$((i + 1))
		sep=,
		[ "$i" -eq $# ] && sep=
		printf '\t%s%s\n' "$a" "$sep" >>"$RAD_USERS"
	done
	echo >>"$RAD_USERS"
}

rad_ports() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
PY
}

rad_detail() { echo "${RAD_DIR[$1]}/detail-acct"; }
rad_auth_detail() { echo "${RAD_DIR[$1]}/detail-auth"; }
rad_reply_detail() { echo "${RAD_DIR[$1]}/detail-reply"; }
rad_log() { echo "${RAD_DIR[$1]}/radius.log"; }

# _rad_conf DIR AUTH ACCT: the server's configuration in DIR/raddb.
_rad_conf() {
	local dir=$1 auth=$2 acct=$3 db=$1/raddb m ma=
	mkdir -p "$dir/run" "$dir/log"
	rm -rf "$db"
	cp -r "$RAD_SRC" "$db" || return 1
	rm -rf "$db/sites-enabled" "$db/mods-enabled" "$db/certs"
	mkdir "$db/sites-enabled" "$db/mods-enabled"
	for m in always attr_filter chap expr mschap pap; do
		ln -s "../mods-available/$m" "$db/mods-enabled/$m"
	done

	cat >"$db/radiusd.conf" <<EOF
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = $dir/log
raddbdir = $db
radacctdir = $dir/log
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
certdir = \${confdir}/certs
cadir = \${confdir}/certs
run_dir = $dir/run
db_dir = $dir/run
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid
correct_escapes = true
max_request_time = 30
cleanup_delay = 5
max_requests = 16384
hostname_lookups = no
log {
	destination = files
	colourise = no
	file = \${logdir}/radius.log
	auth = yes
}
security {
	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 0
	status_server = yes
}
proxy_requests = no
\$INCLUDE clients.conf
thread pool {
	start_servers = 2
	max_servers = 4
	min_spare_servers = 1
	max_spare_servers = 4
	max_requests_per_server = 0
	auto_limit_acct = no
}
modules {
	\$INCLUDE mods-enabled/
}
policy {
	\$INCLUDE policy.d/
}
\$INCLUDE sites-enabled/
EOF

	cat >"$db/clients.conf" <<EOF
client lnstest {
	ipaddr = 127.0.0.1
	proto = udp
	secret = "$RAD_SECRET"
	require_message_authenticator = $RAD_REQUIRE_MA
	nas_type = other
}
EOF

	# The users file of the test; the detail files a test reads.
	cat >"$db/mods-enabled/lnstest" <<EOF
files {
	filename = $RAD_USERS
	acctusersfile = $dir/run/acct_users
	preproxy_usersfile = $dir/run/preproxy_users
}
detail acct_detail {
	filename = $dir/detail-acct
	escape_filenames = no
	permissions = 0600
	header = "%t"
	log_packet_header = yes
}
detail auth_detail {
	filename = $dir/detail-auth
	escape_filenames = no
	permissions = 0600
	header = "%t"
	log_packet_header = yes
}
detail reply_detail {
	filename = $dir/detail-reply
	escape_filenames = no
	permissions = 0600
	header = "%t"
	log_packet_header = yes
}
EOF
	[ "$RAD_REPLY_MA" = yes ] &&
		ma='update reply {
			Message-Authenticator := 0x00
		}'
	: >"$dir/run/acct_users"
	: >"$dir/run/preproxy_users"

	cat >"$db/sites-enabled/lnstest" <<EOF
server lnstest {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $auth
	}
	listen {
		type = acct
		ipaddr = 127.0.0.1
		port = $acct
	}
	authorize {
		auth_detail
		chap
		mschap
		files
		pap
		Autz-Type Status-Server {
			$ma
			ok
		}
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}
	preacct {
	}
	accounting {
		acct_detail
	}
	post-auth {
		$ma
		reply_detail
		Post-Auth-Type REJECT {
			attr_filter.access_reject
			$ma
			reply_detail
		}
	}
}
EOF
}

# rad_status NAME: whether the server answers a Status-Server.
rad_status() {
	local name=$1
	echo "Message-Authenticator = 0x00" |
		${RAD_NETNS:+ip netns exec "$RAD_NETNS"} radclient -q -r 1 -t 1 "127.0.0.1:${RAD_AUTH_PORT[$name]}" status \
			"$RAD_SECRET" >/dev/null 2>&1
}

rad_start() {
	local name=$1 auth=$2 acct=$3 dir="$RAD_TMP/$1" t0 pid
	[ -z "${RAD_PID[$name]:-}" ] || { echo "rad_start: $name is running" >&2; return 1; }
	# A server started again keeps its detail files (what it received
	# before it was stopped), so tests can count across the outage.
	if [ "${RAD_DIR[$name]:-}" != "$dir" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
	fi
	_rad_conf "$dir" "$auth" "$acct" || return 1
	[ -z "$RAD_NETNS" ] || ip netns exec "$RAD_NETNS" ip link set lo up
	RAD_DIR[$name]=$dir
	RAD_AUTH_PORT[$name]=$auth
	t0=$(date +%s%N)
	# -X: foreground, one thread, every packet in the log; RAD_DEBUG=no
	# (benchmarks): foreground, its thread pool, no debug output.
	# (ip netns exec execs: $! is freeradius itself.)
	${RAD_NETNS:+ip netns exec "$RAD_NETNS"} freeradius \
		$([ "${RAD_DEBUG:-yes}" = no ] && echo "-f -l stdout" || echo -X) \
		-d "$dir/raddb" >"$dir/radius.log" 2>&1 &
	pid=$!
	RAD_PID[$name]=$pid
	for _ in $(seq 250); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null
			unset "RAD_PID[$name]"
			echo "rad_start: freeradius $name exited; see $dir/radius.log:" >&2
			grep -E 'rror|Failed' "$dir/radius.log" | tail -5 >&2
			return 1
		fi
		if grep -qs 'Ready to process requests' "$dir/radius.log" &&
		    rad_status "$name"; then
			RAD_START_MS[$name]=$((($(date +%s%N) - t0) / 1000000))
			return 0
		fi
		sleep 0.02
	done
	echo "rad_start: freeradius $name did not answer within 5 s" >&2
	rad_stop "$name"
	return 1
}

rad_stop() {
	local name=$1 pid=${RAD_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "RAD_PID[$name]"
	return 0
}

# Stops every server; keeps $? for the trap that follows.
rad_cleanup() {
	local rc=$? name
	for name in "${!RAD_PID[@]}"; do
		rad_stop "$name"
	done
	if [ -z "${E2E_DIR:-}" ]; then
		if [ "${RAD_KEEP_LOGS:-0}" = 1 ]; then
			echo "# radius logs kept in $RAD_TMP"
		else
			rm -rf "$RAD_TMP"
		fi
	fi
	return $rc
}

_rad_prev_trap=$(trap -p EXIT | sed "s/^trap -- '\(.*\)' EXIT\$/\1/")
trap "rad_cleanup; ${_rad_prev_trap:-}" EXIT
