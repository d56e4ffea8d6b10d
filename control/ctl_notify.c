/* SPDX-License-Identifier: BSD-3-Clause
 *
 * sd_notify(3)'s datagram to $NOTIFY_SOCKET (see ctl_notify.h).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_notify.h"

int
ctl_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len;
	ssize_t n;
	int fd, ret = 0;

	if (path == NULL || path[0] == '\0')
		return 1;
	len = strlen(path);
	if (len >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	if (path[0] != '/' && path[0] != '@')
		return -EINVAL;
	memcpy(sun.sun_path, path, len);
	/* An abstract socket's name starts with a NUL, not with the '@'. */
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
		   (const struct sockaddr *)&sun,
		   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != strlen(state))
		ret = -EMSGSIZE;
	close(fd);
	return ret;
}
