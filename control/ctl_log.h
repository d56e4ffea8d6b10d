/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Where log lines go (log.output, docs/operations.md "Logs"). Every line
 * of rte_log() - lnsd's LNS_LOG() and DPDK's own (EAL, ethdev, mempool...)
 * - goes through one stdio cookie stream handed to rte_openlog_stream(),
 * which writes it out as configured:
 *   stderr   "2026-12-03T05:40:12.345Z notice main: event=running ..."
 *            (RFC 3339, UTC, milliseconds; then the level)
 *   syslog   syslog(3) with log.facility and log.ident (syslog adds the
 *            time itself)
 *   journal  sd_journal_send(): MESSAGE (the line), PRIORITY,
 *            SYSLOG_IDENTIFIER, SYSLOG_FACILITY, LNSD_MODULE, LNSD_LEVEL;
 *            with no journald socket (or a send error) the line goes to
 *            the stderr output instead, counted
 * Thread-safe as stdio is: the stream's lock is held while a line is out.
 */
#ifndef LNS_CTL_LOG_H
#define LNS_CTL_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cfg.h"

/*
 * Route rte_log() to log's output; out is the stream of the stderr output
 * (and of the journal's refusals): stderr, or a test's file. Called before
 * rte_eal_init(), so the EAL's own lines go the same way. 0 or -errno.
 */
int ctl_log_open(const struct cfg_log *log, FILE *out);
/* After rte_eal_init(): the EAL calls openlog() with its own ident and
 * facility; take ours back. */
void ctl_log_eal_done(void);
/* Back to DPDK's default stream; closes syslog. */
void ctl_log_close(void);

struct ctl_log_stats {
	uint64_t lines;			/* lines written */
	uint64_t journal_errors;	/* not sent to the journal: on out */
};
void ctl_log_stats(struct ctl_log_stats *st);

/* "YYYY-MM-DDThh:mm:ss.mmmZ" of ts (UTC) and a NUL. */
#define CTL_LOG_STAMP_LEN	25
void ctl_log_stamp(const struct timespec *ts, char buf[CTL_LOG_STAMP_LEN]);

/* Length of the module name a line starts with ("ppp: ...", DPDK's
 * "EAL: ..."), 0 when it has none. */
size_t ctl_log_module(const char *line, size_t len);

#endif /* LNS_CTL_LOG_H */
