#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A stalled worker: ptrace stops lnsd's worker thread alone for 3 s, as a
# bug or a stolen CPU would. The control lcore keeps
# running, notices within a second or two that the worker finished no
# loop pass (event=worker-stalled, counter worker_stalled), and logs when
# it resumes; the worker then serves its queues again.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology 198.51.100.2/24
e2e_yaml_access >"$E2E_DIR/lnsd.yaml"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_check "the access host pings lnsd through its worker" \
	ip netns exec "$ACC" ping -c 2 -i 0.2 -W 2 198.51.100.1
sleep 1.5	# a watchdog pass has taken the worker's loop count
e2e_check "no stall reported while the worker runs" \
	test "$(e2e_json stats "d['ctl_worker_stalled']")" = 0

tid=$(ps -T -p "$LNSD_PID" -o tid=,comm= | awk '$2 ~ /worker/ { print $1; exit }')
e2e_check "lnsd has a worker thread" test -n "$tid"
# ptrace stops that one thread (tests/e2e/stall_thread.py); every other
# thread, the control lcore among them, runs on.
/usr/bin/python3 "$E2E_ROOT/tests/e2e/stall_thread.py" "$tid" 3 \
	>"$E2E_DIR/stall.txt" 2>&1
e2e_ok $? "the worker thread was stopped for 3 s and let go"
e2e_check "the control lcore logged the stalled worker" \
	grep -q 'event=worker-stalled' "$E2E_DIR/lnsd.log"
e2e_check "and counted it once (worker_stalled = 1)" \
	test "$(e2e_json stats "d['ctl_worker_stalled']")" = 1
e2e_wait 30 grep -q 'event=worker-resumed' "$E2E_DIR/lnsd.log"
e2e_ok $? "the control lcore logged the worker's resumption"
e2e_check "the worker serves its queues again" \
	ip netns exec "$ACC" ping -c 2 -i 0.2 -W 2 198.51.100.1
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
