/* SPDX-License-Identifier: BSD-3-Clause
 *
 * sd_notify(3) for lnsd (see ctl_notify.h).
 */
#include <systemd/sd-daemon.h>

#include "ctl_notify.h"

int
ctl_notify(const char *state)
{
	int ret = sd_notify(0, state);

	/* sd_notify(): > 0 sent, 0 no $NOTIFY_SOCKET, < 0 -errno. */
	if (ret > 0)
		return 0;
	return ret == 0 ? 1 : ret;
}
