#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# usage: unshare -m --propagation private sh log_ns.sh DIR [--no-journal] CMD...
# In a private mount namespace (only this process sees it), give CMD a
# /dev/log that is DIR/log.sock and a /run/systemd/journal/socket that is
# DIR/journal.sock (none with --no-journal), the test's own sockets: the
# host's syslog and journald, if any, see nothing. /dev and /run become
# tmpfs with every other entry bound back from the real ones.
set -e
T=$1
shift
journal=1
if [ "$1" = --no-journal ]; then
	journal=
	shift
fi

# overlay DIR SKIP...: DIR as a tmpfs holding the real DIR's entries but
# SKIP... (made anew in the tmpfs if needed).
overlay() {
	old="$T/old$(echo "$1" | tr / _)"
	mkdir -p "$old"
	mount --rbind "$1" "$old"
	mount -t tmpfs -o size=1m,mode=755 lnsdlogns "$1"
	for n in $(ls -A "$old"); do
		case " $* " in *" $n "*) continue ;; esac
		if [ -L "$old/$n" ]; then
			cp -a "$old/$n" "$1/$n"
		elif [ -d "$old/$n" ]; then
			mkdir "$1/$n"
			mount --rbind "$old/$n" "$1/$n"
		else
			touch "$1/$n"
			mount --bind "$old/$n" "$1/$n"
		fi
	done
}

overlay /dev log
ln -s "$T/log.sock" /dev/log
# /run/mount: util-linux's own (utab), which mount writes in this tmpfs.
overlay /run systemd mount
mkdir -p /run/systemd/journal
[ -n "$journal" ] && ln -s "$T/journal.sock" /run/systemd/journal/socket
exec "$@"
