/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Unit tests of the service manager notification (control/ctl_notify.c,
 * over libsystemd's sd_notify()):
 * the datagram reaches a socket named by a path and an abstract one, with
 * exactly the state given; no $NOTIFY_SOCKET is "not under a manager";
 * names that cannot be a socket (empty, too long, relative) are refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl_notify.h"

/* A datagram socket bound to name (abstract when it starts with '@'). */
static int
listener(const char *name)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_true(len < sizeof(sun.sun_path));
	memcpy(sun.sun_path, name, len);
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	assert_int_equal(bind(fd, (struct sockaddr *)&sun,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)), 0);
	return fd;
}

static void
expect_datagram(int fd, const char *want)
{
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	assert_int_equal(n, (ssize_t)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	/* One datagram per call. */
	assert_true(recv(fd, buf, sizeof(buf), 0) < 0);
}

static void
test_path_socket(void **state)
{
	char dir[] = "/tmp/ctl_notify.XXXXXX", path[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = listener(path);
	assert_int_equal(setenv("NOTIFY_SOCKET", path, 1), 0);
	assert_int_equal(ctl_notify("READY=1\nSTATUS=running"), 0);
	expect_datagram(fd, "READY=1\nSTATUS=running");
	assert_int_equal(ctl_notify("STOPPING=1"), 0);
	expect_datagram(fd, "STOPPING=1");
	close(fd);
	unlink(path);
	rmdir(dir);
	/* Nobody listens any more. */
	assert_int_equal(ctl_notify("READY=1"), -ENOENT);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_abstract_socket(void **state)
{
	char name[64];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@lnsd-test-notify-%d", (int)getpid());
	fd = listener(name);
	assert_int_equal(setenv("NOTIFY_SOCKET", name, 1), 0);
	assert_int_equal(ctl_notify("READY=1"), 0);
	expect_datagram(fd, "READY=1");
	close(fd);
	assert_int_equal(ctl_notify("READY=1"), -ECONNREFUSED);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_no_manager(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(ctl_notify("READY=1"), 1);
	/* Set but empty names no socket: sd_notify() calls it invalid. */
	assert_int_equal(setenv("NOTIFY_SOCKET", "", 1), 0);
	assert_int_equal(ctl_notify("READY=1"), -EINVAL);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_bad_names(void **state)
{
	char longname[200];

	(void)state;
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(setenv("NOTIFY_SOCKET", longname, 1), 0);
	assert_int_equal(ctl_notify("READY=1"), -ENAMETOOLONG);
	assert_int_equal(setenv("NOTIFY_SOCKET", "relative/notify", 1), 0);
	assert_int_equal(ctl_notify("READY=1"), -EINVAL);
	unsetenv("NOTIFY_SOCKET");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_socket),
		cmocka_unit_test(test_abstract_socket),
		cmocka_unit_test(test_no_manager),
		cmocka_unit_test(test_bad_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
