/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd's modules and the order they start in (DPDK's grout declares its
 * modules and their dependencies the same way). Each module names the
 * modules it calls at init time or later; they are initialised
 * dependencies first and finalised in the reverse order, so no module is
 * ever called after its own fini or before its init. The table itself is
 * lnsd's (ctl_main.c); this file only orders and runs it.
 */
#ifndef LNS_CTL_MODULE_H
#define LNS_CTL_MODULE_H

#include "cfg.h"

#define CTL_MODULE_MAX		16
#define CTL_MODULE_MAX_DEPS	8

struct ctl_module {
	const char *name;
	/* Names of the modules this one uses; NULL-terminated. */
	const char *deps[CTL_MODULE_MAX_DEPS];
	int (*init)(const struct cfg *cfg);	/* 0 or negative errno */
	void (*fini)(void);			/* may be NULL */
};

/*
 * A start order for mods[0..n): order[] receives indexes into mods, each
 * after its dependencies (ties keep the table's order). 0, -ENOENT for a
 * dependency that names no module, -ELOOP for a cycle, -E2BIG for more
 * than CTL_MODULE_MAX modules. *bad (may be NULL) names the module at
 * fault.
 */
int ctl_module_order(const struct ctl_module *mods, unsigned int n,
		     unsigned int *order, const char **bad);

/*
 * Initialise in that order; on a failure, finalise what was initialised
 * and return the error (logged with the module's name).
 * ctl_modules_fini() finalises every initialised module, last first.
 */
int ctl_modules_init(const struct ctl_module *mods, unsigned int n,
		     const struct cfg *cfg);
void ctl_modules_fini(void);

#endif /* LNS_CTL_MODULE_H */
