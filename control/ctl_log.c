/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The log output (ctl_log.h). A cookie stream rather than a callback:
 * rte_openlog_stream() is DPDK's one hook for where its lines go, and
 * rte_vlog() formats into the stream and flushes it once per call, so the
 * cookie's write sees one whole message, with the level of that message
 * (rte_log_cur_msg_loglevel(), per thread) still current.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <rte_log.h>
/* Our CODE_FILE/LINE would say ctl_log.c of every line: no use. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "ctl_log.h"

/* journald's native socket (systemd.journal-fields(7), sd_journal_send). */
#define CTL_LOG_JOURNAL_SOCKET	"/run/systemd/journal/socket"

/* One rte_log() call reaches the cookie whole when it fits. */
#define CTL_LOG_BUF	16384

static struct {
	FILE *stream;		/* the cookie stream given to DPDK */
	FILE *out;		/* stderr output */
	enum cfg_log_output output;
	int facility;
	char ident[CFG_LOG_IDENT_LEN];
	struct ctl_log_stats st;
} ctl_log;

void
ctl_log_stamp(const struct timespec *ts, char buf[CTL_LOG_STAMP_LEN])
{
	struct tm tm;

	gmtime_r(&ts->tv_sec, &tm);
	snprintf(buf, CTL_LOG_STAMP_LEN, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
		 (unsigned int)(tm.tm_year + 1900) % 10000,
		 (unsigned int)(tm.tm_mon + 1) % 100,
		 (unsigned int)tm.tm_mday % 100, (unsigned int)tm.tm_hour % 100,
		 (unsigned int)tm.tm_min % 100, (unsigned int)tm.tm_sec % 100,
		 (unsigned int)(ts->tv_nsec / 1000000) % 1000);
}

size_t
ctl_log_module(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < CFG_NAME_LEN; i++) {
		if (line[i] == ':')
			return i > 0 && i + 1 < len && line[i + 1] == ' ' ?
				i : 0;
		if (!isalnum((unsigned char)line[i]) && line[i] != '_' &&
		    line[i] != '-' && line[i] != '.')
			return 0;
	}
	return 0;
}

/* RTE_LOG_* (1 emerg .. 8 debug) -> LOG_* (0 .. 7). */
static int
ctl_log_severity(uint32_t level)
{
	if (level < RTE_LOG_EMERG)
		return LOG_EMERG;
	if (level > RTE_LOG_DEBUG)
		return LOG_DEBUG;
	return (int)level - 1;
}

static void
ctl_log_stderr(uint32_t level, const char *s, size_t len)
{
	char stamp[CTL_LOG_STAMP_LEN];
	struct timespec ts;
	const char *name = cfg_log_level_name((enum cfg_log_level)
		(ctl_log_severity(level) + 1));

	clock_gettime(CLOCK_REALTIME, &ts);
	ctl_log_stamp(&ts, stamp);
	fprintf(ctl_log.out, "%s %s %.*s\n", stamp, name ? name : "-",
		(int)len, s);
	fflush(ctl_log.out);
}

static int
ctl_log_journal(uint32_t level, const char *s, size_t len)
{
	int sev = ctl_log_severity(level);
	size_t mlen = ctl_log_module(s, len);
	const char *name = cfg_log_level_name((enum cfg_log_level)(sev + 1));

	return sd_journal_send("MESSAGE=%.*s", (int)len, s,
			       "PRIORITY=%d", sev,
			       "SYSLOG_IDENTIFIER=%s", ctl_log.ident,
			       "SYSLOG_FACILITY=%d", ctl_log.facility >> 3,
			       "LNSD_MODULE=%.*s", (int)mlen,
			       mlen > 0 ? s : "",
			       "LNSD_LEVEL=%s", name ? name : "-",
			       NULL);
}

static void
ctl_log_line(uint32_t level, const char *s, size_t len)
{
	ctl_log.st.lines++;
	switch (ctl_log.output) {
	case CFG_LOG_OUT_SYSLOG:
		syslog(ctl_log.facility | ctl_log_severity(level), "%.*s",
		       (int)len, s);
		break;
	case CFG_LOG_OUT_JOURNAL:
		/*
		 * Nothing lost when journald is down: the line on stderr.
		 * sd_journal_send() returns 0 both when it sent the line and
		 * when there is no journal socket, so that is looked at first.
		 */
		if (access(CTL_LOG_JOURNAL_SOCKET, F_OK) == 0 &&
		    ctl_log_journal(level, s, len) >= 0)
			break;
		ctl_log.st.journal_errors++;
		/* fall through */
	case CFG_LOG_OUT_STDERR:
		ctl_log_stderr(level, s, len);
		break;
	}
}

/* One rte_log() message: each of its lines (an empty one is dropped). */
static ssize_t
ctl_log_write(void *cookie, const char *buf, size_t size)
{
	uint32_t level = (uint32_t)rte_log_cur_msg_loglevel();
	size_t off = 0, n;
	const char *nl;

	while (off < size) {
		nl = memchr(buf + off, '\n', size - off);
		n = nl != NULL ? (size_t)(nl - (buf + off)) : size - off;
		if (n > 0 && buf[off + n - 1] == '\r')
			n--;
		if (n > 0)
			ctl_log_line(level, buf + off, n);
		off += (nl != NULL ? (size_t)(nl - (buf + off)) + 1 : n);
		if (nl == NULL)
			break;
	}
	return (ssize_t)size;
}

int
ctl_log_open(const struct cfg_log *log, FILE *out)
{
	cookie_io_functions_t io = { .write = ctl_log_write };
	FILE *f;

	ctl_log_close();
	ctl_log.out = out;
	ctl_log.output = log->output;
	ctl_log.facility = log->facility;
	snprintf(ctl_log.ident, sizeof(ctl_log.ident), "%s", log->ident);
	f = fopencookie(NULL, "w", io);
	if (f == NULL)
		return -errno;
	if (setvbuf(f, NULL, _IOFBF, CTL_LOG_BUF) != 0) {
		fclose(f);
		return -ENOMEM;
	}
	if (rte_openlog_stream(f) != 0) {
		fclose(f);
		return -EINVAL;
	}
	ctl_log.stream = f;
	ctl_log_eal_done();
	return 0;
}

void
ctl_log_eal_done(void)
{
	if (ctl_log.output == CFG_LOG_OUT_SYSLOG)
		openlog(ctl_log.ident, LOG_PID | LOG_NDELAY, ctl_log.facility);
}

void
ctl_log_close(void)
{
	if (ctl_log.stream == NULL)
		return;
	rte_openlog_stream(NULL);
	fclose(ctl_log.stream);
	ctl_log.stream = NULL;
	if (ctl_log.output == CFG_LOG_OUT_SYSLOG)
		closelog();
}

void
ctl_log_stats(struct ctl_log_stats *st)
{
	*st = ctl_log.st;
}
