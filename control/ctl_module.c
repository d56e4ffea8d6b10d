/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "ctl_module.h"
#include "lns_log.h"

/* lnsd.main: the daemon's start and stop, modules included. */
RTE_LOG_REGISTER(lns_logtype_main, lnsd.main, INFO);

static int
ctl_module_find(const struct ctl_module *mods, unsigned int n,
		const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (strcmp(mods[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Kahn's algorithm, picking the first ready module in table order. */
int
ctl_module_order(const struct ctl_module *mods, unsigned int n,
		 unsigned int *order, const char **bad)
{
	bool done[CTL_MODULE_MAX] = { false };
	unsigned int i, k, placed = 0;

	if (bad != NULL)
		*bad = NULL;
	if (n > CTL_MODULE_MAX)
		return -E2BIG;
	for (i = 0; i < n; i++)
		for (k = 0; k < CTL_MODULE_MAX_DEPS && mods[i].deps[k]; k++)
			if (ctl_module_find(mods, n, mods[i].deps[k]) < 0) {
				if (bad != NULL)
					*bad = mods[i].name;
				return -ENOENT;
			}
	while (placed < n) {
		for (i = 0; i < n; i++) {
			bool ready = !done[i];

			for (k = 0; ready && k < CTL_MODULE_MAX_DEPS &&
			     mods[i].deps[k]; k++)
				ready = done[ctl_module_find(mods, n,
							     mods[i].deps[k])];
			if (ready)
				break;
		}
		if (i == n) {
			for (i = 0; i < n && done[i]; i++)
				;
			if (bad != NULL)
				*bad = mods[i].name;
			return -ELOOP;
		}
		done[i] = true;
		order[placed++] = i;
	}
	return 0;
}

/* What ctl_modules_init() started, for ctl_modules_fini(). */
static const struct ctl_module *ctl_module_started[CTL_MODULE_MAX];
static unsigned int ctl_module_nb_started;

int
ctl_modules_init(const struct ctl_module *mods, unsigned int n,
		 const struct cfg *cfg)
{
	unsigned int order[CTL_MODULE_MAX], i;
	const char *bad;
	int ret;

	ret = ctl_module_order(mods, n, order, &bad);
	if (ret != 0) {
		LNS_LOG(ERR, main, "event=modules-invalid module=%s error=\"%s\"",
			bad != NULL ? bad : "-", strerror(-ret));
		return ret;
	}
	ctl_module_nb_started = 0;
	for (i = 0; i < n; i++) {
		const struct ctl_module *m = &mods[order[i]];

		ret = m->init != NULL ? m->init(cfg) : 0;
		if (ret != 0) {
			LNS_LOG(ERR, main, "event=module-init-failed module=%s error=\"%s\"",
				m->name, strerror(ret < 0 ? -ret : ret));
			ctl_modules_fini();
			return ret;
		}
		LNS_LOG(DEBUG, main, "event=module-init module=%s", m->name);
		ctl_module_started[ctl_module_nb_started++] = m;
	}
	return 0;
}

void
ctl_modules_fini(void)
{
	while (ctl_module_nb_started > 0) {
		const struct ctl_module *m =
			ctl_module_started[--ctl_module_nb_started];

		if (m->fini != NULL)
			m->fini();
	}
}
