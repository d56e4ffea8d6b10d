/* SPDX-License-Identifier: BSD-3-Clause
 *
 * rte_eal_cleanup() leaves the EAL runtime directory
 * (/var/run/dpdk/<file-prefix>) behind; processes that start and stop
 * often (tests, benchmarks) remove it. Copy the path before the cleanup:
 * rte_eal_get_runtime_dir() is not valid afterwards.
 */
#ifndef LNS_RUNDIR_H
#define LNS_RUNDIR_H

#include <dirent.h>
#include <string.h>
#include <unistd.h>

static inline void
lns_rundir_remove(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
	rmdir(dir);
}

#endif /* LNS_RUNDIR_H */
