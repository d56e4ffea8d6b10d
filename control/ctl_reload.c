/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Configuration reload on the control lcore (see ctl_reload.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

#include "ctl_reload.h"
#include "lns_log.h"

#define CTL_RELOAD_MAX_PARTS	8
#define CTL_RELOAD_MAX_CLI	CFG_MAX_LOG_MODULES

static struct {
	const struct cfg *boot;		/* the caller's, never freed here */
	struct cfg *running;		/* boot, or a reload's (ours) */
	const char *cli[CTL_RELOAD_MAX_CLI];
	unsigned int nb_cli;
	struct ctl_reload_part parts[CTL_RELOAD_MAX_PARTS];
	unsigned int nb_parts;
	struct ctl_reload_stats st;	/* written here, read by telemetry */
} ctl_rl;

void
ctl_reload_setup(const struct cfg *boot, const char *const *cli_levels,
		 unsigned int nb_cli_levels,
		 const struct ctl_reload_part *parts, unsigned int nb_parts)
{
	unsigned int i;

	ctl_rl.boot = boot;
	ctl_rl.running = (struct cfg *)(uintptr_t)boot;
	ctl_rl.nb_cli = 0;
	for (i = 0; i < nb_cli_levels && i < CTL_RELOAD_MAX_CLI; i++)
		ctl_rl.cli[ctl_rl.nb_cli++] = cli_levels[i];
	ctl_rl.nb_parts = 0;
	for (i = 0; i < nb_parts && i < CTL_RELOAD_MAX_PARTS; i++)
		ctl_rl.parts[ctl_rl.nb_parts++] = parts[i];
}

const struct cfg *
ctl_reload_running(void)
{
	return ctl_rl.running;
}

void
ctl_reload_fini(void)
{
	if (ctl_rl.running != NULL && ctl_rl.running != ctl_rl.boot) {
		cfg_free(ctl_rl.running);
		free(ctl_rl.running);
	}
	ctl_rl.running = NULL;
}

void
ctl_reload_stats_get(struct ctl_reload_stats *st)
{
	st->applied = __atomic_load_n(&ctl_rl.st.applied, __ATOMIC_RELAXED);
	st->refused = __atomic_load_n(&ctl_rl.st.refused, __ATOMIC_RELAXED);
	st->invalid = __atomic_load_n(&ctl_rl.st.invalid, __ATOMIC_RELAXED);
}

static void
ctl_reload_count(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* ---- log levels: the file's, then the command line's on top --------- */

static void
ctl_reload_log_level(const char *module, enum cfg_log_level lvl)
{
	char pattern[CFG_NAME_LEN + 8];

	snprintf(pattern, sizeof(pattern), "lnsd.%s", module);
	rte_log_set_level_pattern(pattern, (uint32_t)lvl);
}

static void
ctl_reload_log_apply(const struct cfg *cfg)
{
	enum cfg_log_level lvl;
	char module[CFG_NAME_LEN];
	unsigned int i;

	ctl_reload_log_level("*", cfg->log.level);
	for (i = 0; i < cfg->log.nb_modules; i++)
		ctl_reload_log_level(cfg->log.modules[i].name,
				     cfg->log.modules[i].level);
	for (i = 0; i < ctl_rl.nb_cli; i++) {
		const char *spec = ctl_rl.cli[i], *colon = strchr(spec, ':');

		snprintf(module, sizeof(module), "*");
		if (colon != NULL) {
			if ((size_t)(colon - spec) >= sizeof(module))
				continue;	/* refused at start already */
			snprintf(module, sizeof(module), "%.*s",
				 (int)(colon - spec), spec);
			spec = colon + 1;
		}
		if (cfg_log_level_parse(spec, &lvl) == 0)
			ctl_reload_log_level(module, lvl);
	}
}

/* ---- the reload ------------------------------------------------------ */

/* The loader's errors: each in the log, the first ones into msg. */
static void
ctl_reload_errors(const struct cfg_errors *errs, char *msg, size_t msglen)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, used = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL) {
		snprintf(msg, msglen, "invalid configuration (%u errors)",
			 errs->n);
		return;
	}
	cfg_errors_print(f, errs);
	fclose(f);
	if (msglen > 0)
		msg[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		LNS_LOG(ERR, main, "event=reload-error error=\"%s\"", line);
		if (used + 2 < msglen) {
			int n = snprintf(msg + used, msglen - used, "%s%s",
					 used > 0 ? "; " : "", line);

			used = n < 0 ? msglen : used + (size_t)n;
		}
	}
	free(text);
}

static int
ctl_reload_invalid(const struct cfg *cfg, const char *why)
{
	ctl_reload_count(&ctl_rl.st.invalid);
	LNS_LOG(ERR, main, "event=reload result=invalid config=%s error=\"%s\"",
		cfg->path, why);
	return -EINVAL;
}

/* Every part prepared, or none (the prepared ones are aborted). */
static int
ctl_reload_prepare(const struct cfg *old, const struct cfg *new,
		   void **state, char *msg, size_t msglen)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ctl_rl.nb_parts; i++) {
		const struct ctl_reload_part *p = &ctl_rl.parts[i];

		state[i] = NULL;
		if (p->prepare == NULL)
			continue;
		ret = p->prepare(old, new, &state[i], msg, msglen);
		if (ret == 0)
			continue;
		LNS_LOG(ERR, main, "event=reload-error part=%s error=\"%s\"",
			p->name, msg);
		while (i-- > 0)
			if (ctl_rl.parts[i].abort != NULL)
				ctl_rl.parts[i].abort(state[i]);
		return ret;
	}
	return 0;
}

int
ctl_reload(char *msg, size_t msglen)
{
	const struct cfg *old = ctl_rl.running;
	void *state[CTL_RELOAD_MAX_PARTS];
	struct cfg_errors errs = { 0 };
	struct ctl_reload_sum sum = { .len = 0 };
	struct ctl_reload_diff *d;
	struct cfg *new;
	unsigned int i;
	int ret;

	if (msglen > 0)
		msg[0] = '\0';
	if (old == NULL) {
		snprintf(msg, msglen, "lnsd is not running");
		return -ENODEV;
	}
	new = calloc(1, sizeof(*new));
	d = calloc(1, sizeof(*d));
	if (new == NULL || d == NULL) {
		free(new);
		free(d);
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	ret = cfg_load(old->path, new, &errs);
	if (ret != 0) {
		ctl_reload_errors(&errs, msg, msglen);
		cfg_errors_free(&errs);
		ret = ctl_reload_invalid(old, msg);
		goto out;
	}
	cfg_errors_free(&errs);
	ctl_reload_diff(old, new, d);
	if (d->nb[CTL_RELOAD_RESTART] + d->nb[CTL_RELOAD_RADIUS] > 0) {
		snprintf(msg, msglen, "refused: %s%s%s%s%s; the running configuration is kept",
			 d->nb[CTL_RELOAD_RESTART] ? "needs a restart: " : "",
			 d->keys[CTL_RELOAD_RESTART],
			 d->nb[CTL_RELOAD_RESTART] && d->nb[CTL_RELOAD_RADIUS] ?
			 "; " : "",
			 d->nb[CTL_RELOAD_RADIUS] ?
			 "RADIUS and realms change only with a restart: " : "",
			 d->keys[CTL_RELOAD_RADIUS]);
		ctl_reload_count(&ctl_rl.st.refused);
		LNS_LOG(WARNING, main, "event=reload result=refused config=%s restart_keys=\"%s\" radius_keys=\"%s\"",
			old->path, d->keys[CTL_RELOAD_RESTART],
			d->keys[CTL_RELOAD_RADIUS]);
		ret = -EPERM;
		goto out;
	}
	ret = ctl_reload_prepare(old, new, state, msg, msglen);
	if (ret != 0) {
		ret = ctl_reload_invalid(old, msg);
		goto out;
	}
	for (i = 0; i < ctl_rl.nb_parts; i++)
		if (ctl_rl.parts[i].apply != NULL)
			ctl_rl.parts[i].apply(state[i], old, new, &sum);
	if (d->nb[CTL_RELOAD_LIVE] > 0)
		ctl_reload_log_apply(new);
	if (ctl_rl.running != ctl_rl.boot) {
		cfg_free(ctl_rl.running);
		free(ctl_rl.running);
	}
	ctl_rl.running = new;
	new = NULL;
	ctl_reload_count(&ctl_rl.st.applied);
	snprintf(msg, msglen, "%s", sum.len > 0 ? sum.buf :
		 d->nb[CTL_RELOAD_LIVE] > 0 ? d->keys[CTL_RELOAD_LIVE] :
		 "no change");
	LNS_LOG(NOTICE, main, "event=reload result=applied config=%s keys=\"%s\" changed=\"%s\"",
		ctl_rl.running->path, d->keys[CTL_RELOAD_LIVE], msg);
	ret = 0;
out:
	if (new != NULL) {
		cfg_free(new);
		free(new);
	}
	free(d);
	return ret;
}
