/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Configuration reload (SIGHUP, later `lnsctl reload`): re-read the file
 * lnsd was started with, compare it with the running configuration and
 * either apply it live or change nothing.
 *
 *   invalid  the file does not load (FILE:LINE:COLUMN: key: message), or
 *            a module cannot take it (a bad users file line)
 *   refused  a key that only a restart can change differs (ports, EAL,
 *            table sizes, RADIUS in this version): the keys are named
 *   applied  every module took its part; established tunnels, calls and
 *            subscribers are not touched
 *
 * Each module's part is prepared first (everything that can fail:
 * parsing, allocation), then, only when every part is ready, applied
 * (cannot fail), in dependency order (aaa before ppp, which reserves
 * its own address in the pools). Modules keep no pointer into a
 * configuration that a reload may free: the running configuration is
 * swapped after the apply, and the configuration lnsd started with stays
 * until it exits (what was sized or bound from it cannot change).
 *
 * ctl_reload() runs on the control lcore only. The comparison
 * (ctl_reload_diff) and the summary builder are pure C (unit tested).
 */
#ifndef LNS_CTL_RELOAD_H
#define LNS_CTL_RELOAD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* Key lists of a comparison: comma separated, truncated with "...". */
#define CTL_RELOAD_KEYS_LEN	512

/* Where a changed key goes. */
enum ctl_reload_class {
	CTL_RELOAD_LIVE = 0,	/* applied by its module */
	CTL_RELOAD_RESTART,	/* sizes, ports, EAL, bound at start */
	CTL_RELOAD_RADIUS,	/* RADIUS servers and realms: restart (docs) */
};

struct ctl_reload_diff {
	unsigned int nb[CTL_RELOAD_RADIUS + 1];		/* by class */
	char keys[CTL_RELOAD_RADIUS + 1][CTL_RELOAD_KEYS_LEN];
};

/* Compare two loaded configurations (old running, new from the file). */
void ctl_reload_diff(const struct cfg *old, const struct cfg *new,
		     struct ctl_reload_diff *d);
/*
 * Octets of struct cfg the comparison looks at (its path excepted): the
 * unit test holds it against sizeof(struct cfg) so that a key added to
 * the configuration is not forgotten here.
 */
size_t ctl_reload_diff_covered(void);
/* The class of a top-level key name as the comparison names it ("ports[0].address"). */
enum ctl_reload_class ctl_reload_key_class(const char *key);

/* What a reload changed, for its answer and its log line. */
struct ctl_reload_sum {
	char buf[512];
	size_t len;
};

/* Append "part" to the summary, ", " separated; truncated with "...". */
void ctl_reload_sum_add(struct ctl_reload_sum *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * One module's part of a reload. prepare() checks and builds everything
 * (it may fail: err says why, the reload is invalid and no part is
 * applied); apply() swaps it in and cannot fail; abort() frees what
 * prepare() built when another part failed. NULL prepare: nothing to
 * build; state is then NULL.
 */
struct ctl_reload_part {
	const char *name;
	int (*prepare)(const struct cfg *old, const struct cfg *new,
		       void **state, char *err, size_t errlen);
	void (*apply)(void *state, const struct cfg *old,
		      const struct cfg *new, struct ctl_reload_sum *sum);
	void (*abort)(void *state);
};

/*
 * Give the reloader the configuration lnsd runs (it stays owned by the
 * caller and must outlive lnsd's modules), the log levels of the command
 * line (they stay above the file's after a reload) and lnsd's parts in
 * the order they apply.
 */
void ctl_reload_setup(const struct cfg *boot, const char *const *cli_levels,
		      unsigned int nb_cli_levels,
		      const struct ctl_reload_part *parts,
		      unsigned int nb_parts);
/* The configuration running now (the boot one until a reload applied). */
const struct cfg *ctl_reload_running(void);
/* Free a configuration a reload put in place (at exit). */
void ctl_reload_fini(void);

/*
 * Reload the configuration file. Returns 0 (applied: msg is the summary
 * of what changed, "no change" when nothing did), -EINVAL (the file or a
 * module's part of it is invalid: msg has the first errors), -EPERM
 * (refused: msg names the keys that need a restart), or another negative
 * errno. Logs one line main: event=reload result=applied|refused|invalid.
 */
int ctl_reload(char *msg, size_t msglen);

struct ctl_reload_stats {
	uint64_t applied;
	uint64_t refused;
	uint64_t invalid;
};

/* Counters, for telemetry (any thread). */
void ctl_reload_stats_get(struct ctl_reload_stats *st);

#endif /* LNS_CTL_RELOAD_H */
