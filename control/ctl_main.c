/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd: the L2TP Network Server daemon. The EAL main lcore is the control
 * lcore; every other lcore is a worker polling one queue on every port.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "cfg.h"
#include "ctl_aaa.h"
#include "ctl_arp.h"
#include "ctl_l2tp.h"
#include "ctl_log.h"
#include "ctl_loop.h"
#include "ctl_metrics.h"
#include "ctl_module.h"
#include "ctl_notify.h"
#include "ctl_ppp.h"
#include "ctl_push.h"
#include "ctl_reload.h"
#include "ctl_sock.h"
#include "ctl_static.h"
#include "ctl_telemetry.h"
#include "dp_api.h"
#include "lns_log.h"
#include "lns_rundir.h"
#include "port.h"

#define LNSD_MAX_ARGS 256
#define LNSD_EXIT_CONFIG 2

struct lnsd_opts {
	const char *config;
	bool check;
	const char *log_levels[CFG_MAX_LOG_MODULES];
	unsigned int nb_log_levels;
	int eal_argc;		/* EAL arguments after "--" */
	char **eal_argv;
};

static void
lnsd_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s --config FILE [--check] [--log-level [MODULE:]LEVEL]... [-- EAL-ARGS...]\n"
		"  -c, --config FILE      YAML configuration (see docs/configuration.md)\n"
		"  -n, --check            validate the configuration and exit (0 valid, 2 invalid)\n"
		"  -L, --log-level SPEC   LEVEL or MODULE:LEVEL (emerg..debug), overrides the file\n"
		"  -h, --help             this text\n"
		"EAL arguments come from the file's eal.args, then from the command line after --.\n",
		prog);
}

static int
lnsd_parse_opts(int argc, char **argv, struct lnsd_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "c:nL:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->check = true;
			break;
		case 'L':
			if (o->nb_log_levels == CFG_MAX_LOG_MODULES)
				return -E2BIG;
			o->log_levels[o->nb_log_levels++] = optarg;
			break;
		case 'h':
			lnsd_usage(stdout, argv[0]);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (o->config == NULL)
		return -EINVAL;
	o->eal_argc = argc - optind;
	o->eal_argv = argv + optind;
	return 0;
}

/* "--log-level=lnsd.MODULE:N" for EAL; module "*" for every lnsd type. */
static int
lnsd_log_arg(char **argv, int *argc, const char *module, enum cfg_log_level lvl)
{
	if (*argc >= LNSD_MAX_ARGS - 1)
		return -E2BIG;
	if (asprintf(&argv[*argc], "--log-level=lnsd.%s:%d", module, (int)lvl) < 0)
		return -ENOMEM;
	(*argc)++;
	return 0;
}

static int
lnsd_cli_log_arg(char **argv, int *argc, const char *spec)
{
	char module[CFG_NAME_LEN] = "*";
	const char *colon = strchr(spec, ':');
	enum cfg_log_level lvl;

	if (colon != NULL) {
		if ((size_t)(colon - spec) >= sizeof(module))
			return -EINVAL;
		snprintf(module, sizeof(module), "%.*s", (int)(colon - spec), spec);
		spec = colon + 1;
	}
	if (cfg_log_level_parse(spec, &lvl) != 0)
		return -EINVAL;
	return lnsd_log_arg(argv, argc, module, lvl);
}

/* EAL argv: file's eal.args, the port devices, log levels, then the CLI's. */
static int
lnsd_eal_argv(const struct cfg *cfg, const struct lnsd_opts *o, char *prog,
	      char **argv, int *argc)
{
	unsigned int i;
	int ret;

	*argc = 0;
	argv[(*argc)++] = strdup(prog);
	for (i = 0; i < cfg->eal.nb_args && *argc < LNSD_MAX_ARGS - 1; i++)
		argv[(*argc)++] = strdup(cfg->eal.args[i]);
	ret = port_eal_args(cfg, argv, argc, LNSD_MAX_ARGS - 1);
	if (ret == 0)
		ret = lnsd_log_arg(argv, argc, "*", cfg->log.level);
	for (i = 0; ret == 0 && i < cfg->log.nb_modules; i++)
		ret = lnsd_log_arg(argv, argc, cfg->log.modules[i].name,
				   cfg->log.modules[i].level);
	for (i = 0; ret == 0 && i < o->nb_log_levels; i++) {
		ret = lnsd_cli_log_arg(argv, argc, o->log_levels[i]);
		if (ret == -EINVAL)
			fprintf(stderr, "lnsd: --log-level %s: expected [MODULE:]LEVEL with LEVEL one of emerg alert crit err warning notice info debug\n",
				o->log_levels[i]);
	}
	for (i = 0; ret == 0 && (int)i < o->eal_argc; i++) {
		if (*argc >= LNSD_MAX_ARGS - 1)
			return -E2BIG;
		argv[(*argc)++] = strdup(o->eal_argv[i]);
	}
	argv[*argc] = NULL;
	return ret;
}

/* SIGTERM, SIGINT, SIGQUIT, SIGXCPU: the clean stop; a second one stops at once. */
static void
lnsd_signal_stop(int sig)
{
	(void)sig;
	ctl_loop_request_stop();
}

/* SIGHUP: reload the configuration at the loop's next pass. */
static void
lnsd_signal_reload(int sig)
{
	(void)sig;
	ctl_loop_request_reload();
}

/* SIGUSR1: a one-line summary in the log. */
static void
lnsd_signal_summary(int sig)
{
	(void)sig;
	ctl_loop_request_summary();
}

/*
 * Every signal whose default would end lnsd without its clean stop (no
 * StopCCN, no accounting Stop, a stale DPDK runtime directory) is
 * handled or ignored; docs/operations.md has the table. SIGPIPE: a
 * socket's peer went away, the write says so. SIGXFSZ: the write fails
 * with EFBIG rather than killing lnsd.
 * SIGKILL and SIGSTOP cannot be caught; the real-time signals keep
 * their default.
 */
static void
lnsd_signals(void)
{
	static const int stop[] = { SIGINT, SIGTERM, SIGQUIT, SIGXCPU };
	static const int ignore[] = { SIGPIPE, SIGUSR2, SIGALRM, SIGVTALRM,
				      SIGPROF, SIGIO, SIGPWR, SIGSTKFLT,
				      SIGXFSZ };
	struct sigaction sa = { .sa_handler = lnsd_signal_stop };
	unsigned int i;

	sigemptyset(&sa.sa_mask);
	/* A slow system call is restarted, not failed with EINTR. */
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < RTE_DIM(stop); i++)
		sigaction(stop[i], &sa, NULL);
	sa.sa_handler = lnsd_signal_reload;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = lnsd_signal_summary;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < RTE_DIM(ignore); i++)
		sigaction(ignore[i], &sa, NULL);
}

/* ---- lnsd's modules (ctl_module.h): what each uses, not an order ---- */

static int
lnsd_ports_init(const struct cfg *cfg)
{
	return port_init_all(cfg, rte_lcore_count() - 1);
}

static int
lnsd_arp_init(const struct cfg *cfg)
{
	return ctl_arp_init(cfg, ctl_now_ms());
}

static int
lnsd_telemetry_init(const struct cfg *cfg)
{
	return ctl_telemetry_init();
}

static const struct ctl_module lnsd_modules[] = {
	{ "ports", { NULL }, lnsd_ports_init, port_stop_all },
	{ "dataplane", { "ports", NULL }, dp_init, dp_fini },
	{ "arp", { "ports", "dataplane", NULL }, lnsd_arp_init, ctl_arp_fini },
	{ "push", { "dataplane", "ports", NULL }, ctl_push_init, ctl_push_fini },
	{ "aaa", { NULL }, ctl_aaa_start, ctl_aaa_stop },
	{ "ppp", { "push", "ports", "aaa", NULL }, ctl_ppp_init, ctl_ppp_fini },
	{ "l2tp", { "ports", "ppp", NULL }, ctl_l2tp_init, ctl_l2tp_fini },
	{ "static", { "dataplane", "push", "l2tp", "ppp", "ports", NULL },
	  ctl_static_init, NULL },
	{ "telemetry", { "ports", "arp", "l2tp", "ppp", "push", "dataplane",
			 NULL }, lnsd_telemetry_init, NULL },
	{ "metrics", { "ports", "dataplane", "push", "aaa", "ppp", "l2tp",
		       NULL }, ctl_metrics_init, ctl_metrics_fini },
	/* lnsctl's socket: reads what telemetry reads, acts through ppp/l2tp. */
	{ "control_socket", { "telemetry", "l2tp", "ppp", "aaa", NULL },
	  ctl_sock_init, ctl_sock_fini },
};

/*
 * A configuration that lets anyone who reaches UDP/1701 open tunnels
 * without a shared secret (RFC 2661 §5.1.1) is valid, but the operator
 * should know: said at start-up and by --check. NULL: nothing to say.
 */
static const char *
lnsd_open_tunnels_warning(const struct cfg *cfg)
{
	if (!cfg_l2tp_open_to_any(cfg))
		return NULL;
	if (cfg->ppp.proxy_lcp &&
	    cfg->ppp.proxy_auth == CFG_PPP_PROXY_AUTH_ALWAYS)
		return "any address may open tunnels without a shared secret (set l2tp.secret, or l2tp.peers with secrets), and ppp.proxy_auth: always takes proxy authentication from them: a replayed CHAP exchange logs its user in";
	return "any address may open tunnels without a shared secret (set l2tp.secret, or l2tp.peers with secrets); proxy authentication from them is refused (ppp.proxy_auth)";
}

/* Tell the service manager (ctl_notify.h); a failure is only logged:
 * systemd then times the start out, which says more than we could. */
static void
lnsd_notify(const char *state)
{
	int ret = ctl_notify(state);

	if (ret < 0)
		LNS_LOG(WARNING, main, "event=notify-failed state=\"%.*s\" error=\"%s\"",
			(int)strcspn(state, "\n"), state, strerror(-ret));
}

/* A reload that opens tunnels to anyone says so, as the start does. */
static void
lnsd_reload_warn(void *state, const struct cfg *old, const struct cfg *new,
		 struct ctl_reload_sum *sum)
{
	const char *warning = lnsd_open_tunnels_warning(new);

	(void)state;
	(void)old;
	(void)sum;
	if (warning != NULL)
		LNS_LOG(WARNING, main, "event=config-warning config=%s warning=\"%s\"",
			new->path, warning);
}

/* What a reload changes, in the order it is applied (aaa before ppp). */
static const struct ctl_reload_part lnsd_reload_parts[] = {
	{ "aaa", ctl_aaa_reload_prepare, ctl_aaa_reload_apply,
	  ctl_aaa_reload_abort },
	{ "l2tp", ctl_l2tp_reload_prepare, ctl_l2tp_reload_apply,
	  ctl_l2tp_reload_abort },
	{ "ppp", NULL, ctl_ppp_reload_apply, NULL },
	{ "main", NULL, lnsd_reload_warn, NULL },
};

static int
lnsd_run(const struct cfg *cfg)
{
	unsigned int nb_workers = rte_lcore_count() - 1, launched;
	const char *warning = lnsd_open_tunnels_warning(cfg);
	int ret;

	if (nb_workers == 0) {
		LNS_LOG(ERR, main, "event=start-failed error=\"no worker lcore: give at least two lcores, e.g. -l 0-1\"");
		return -EINVAL;
	}
	lnsd_signals();

	if (warning != NULL)
		LNS_LOG(WARNING, main, "event=config-warning config=%s warning=\"%s\"",
			cfg->path, warning);
	ret = ctl_modules_init(lnsd_modules, RTE_DIM(lnsd_modules), cfg);
	if (ret != 0)
		return ret;
	launched = dp_start();
	if (launched != nb_workers)
		ret = -ENOMEM;
	LNS_LOG(NOTICE, main, "event=running workers=%u ports=%u config=%s",
		launched, port_count, cfg->path);
	if (ret == 0) {
		lnsd_notify("READY=1\nSTATUS=running");
		ctl_loop_run();
	}
	dp_stop();
	LNS_LOG(NOTICE, main, "event=stopping");
	lnsd_notify("STOPPING=1");
	ctl_modules_fini();
	ctl_reload_fini();
	return ret;
}

int
main(int argc, char **argv)
{
	static struct cfg cfg;
	struct cfg_errors errs = { 0 };
	char *eal_argv[LNSD_MAX_ARGS];
	char runtime_dir[PATH_MAX];
	struct lnsd_opts o;
	int eal_argc, i, ret;

	if (lnsd_parse_opts(argc, argv, &o) != 0) {
		lnsd_usage(stderr, argv[0]);
		return LNSD_EXIT_CONFIG;
	}
	ret = cfg_load(o.config, &cfg, &errs);
	if (ret != 0) {
		cfg_errors_print(stderr, &errs);
		cfg_errors_free(&errs);
		cfg_free(&cfg);
		return LNSD_EXIT_CONFIG;
	}
	cfg_errors_free(&errs);
	/* The users file is part of the configuration: check it too. */
	if (ctl_aaa_init(&cfg, stderr) != 0) {
		ctl_aaa_fini();
		cfg_free(&cfg);
		return LNSD_EXIT_CONFIG;
	}
	if (o.check) {
		const char *warning = lnsd_open_tunnels_warning(&cfg);

		if (warning != NULL)
			printf("%s: warning: %s\n", o.config, warning);
		printf("%s: configuration is valid (%u ports, %zu users)\n",
		       o.config, cfg.nb_ports, aaa_local_count(ctl_aaa.users));
		ctl_aaa_fini();
		cfg_free(&cfg);
		return 0;
	}

	ret = lnsd_eal_argv(&cfg, &o, argv[0], eal_argv, &eal_argc);
	if (ret != 0) {
		ret = LNSD_EXIT_CONFIG;
		goto out;
	}
	/* Before the EAL, so its own lines go to log.output too. */
	ret = ctl_log_open(&cfg.log, stderr);
	if (ret != 0) {
		fprintf(stderr, "lnsd: cannot open the log output: %s\n",
			strerror(-ret));
		ret = 1;
		goto out;
	}
	/* rte_eal_init() permutes argv: keep our own copy to free. */
	{
		char *copy[LNSD_MAX_ARGS];

		memcpy(copy, eal_argv, sizeof(copy));
		ret = rte_eal_init(eal_argc, copy);
	}
	if (ret < 0) {
		fprintf(stderr, "lnsd: EAL initialisation failed: %s\n",
			rte_errno != 0 ? rte_strerror(rte_errno) :
			"see the EAL messages above");
		ret = 1;
		goto out;
	}
	ctl_log_eal_done();
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	ctl_reload_setup(&cfg, o.log_levels, o.nb_log_levels, lnsd_reload_parts,
			 RTE_DIM(lnsd_reload_parts));
	ret = lnsd_run(&cfg) == 0 ? 0 : 1;
	rte_eal_cleanup();
	lns_rundir_remove(runtime_dir);
out:
	/* After rte_eal_cleanup(): DPDK 22.11 leaves our stream to us. */
	ctl_log_close();
	ctl_aaa_fini();
	for (i = 0; i < eal_argc; i++)
		free(eal_argv[i]);
	cfg_free(&cfg);
	return ret;
}
