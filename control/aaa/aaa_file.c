/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa_file.h"

/* Characters of a line, without its end (LF or CRLF). */
#define AAA_FILE_LINE_MAX 1023
#define AAA_FILE_STR_(x) #x
#define AAA_FILE_STR(x) AAA_FILE_STR_(x)

static void
aaa_file_report(aaa_file_err_fn err, void *arg, const char *path,
	unsigned int line, const char *fmt, const char *a)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, a);
	if (err != NULL)
		err(arg, path, line, msg);
}

/*
 * The "KEY=VALUE" field of f[2..nf) (key includes the '='), taken out of
 * f (the positional fields keep their places); NULL when there is none.
 * -EINVAL (in *rc, left alone otherwise) when it is given twice or has
 * no value.
 */
static char *
aaa_file_kw(char **f, unsigned int *nf, const char *key, int *rc)
{
	size_t klen = strlen(key);
	char *v = NULL;
	unsigned int i, j;

	for (i = 2; i < *nf; i++) {
		if (strncmp(f[i], key, klen) != 0)
			continue;
		if (v != NULL || f[i][klen] == '\0') {
			*rc = -EINVAL;
			return NULL;
		}
		v = f[i];
		for (j = i; j + 1 < *nf; j++)
			f[j] = f[j + 1];
		(*nf)--;
		i--;
	}
	return v;
}

/*
 * "ADDR/LEN" (an IPv6 prefix, host bits clear) with minlen <= LEN <=
 * maxlen into a and *len; -EINVAL otherwise.
 */
static int
aaa_file_prefix6(const char *s, unsigned int minlen, unsigned int maxlen,
	uint8_t a[16], uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN + 4], *slash, *end;
	unsigned long l;
	unsigned int i;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash == NULL)
		return -EINVAL;
	*slash = '\0';
	l = strtoul(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end != '\0' || l < minlen || l > maxlen ||
	    inet_pton(AF_INET6, buf, a) != 1)
		return -EINVAL;
	for (i = (unsigned int)l; i < 128; i++)
		if (a[i / 8] & (0x80 >> (i % 8)))
			return -EINVAL;
	*len = (uint8_t)l;
	return 0;
}

/* One line; 1 when a user was added, 0 for nothing, -EINVAL when bad. */
static int
aaa_file_line(struct aaa_local *db, char *s, const char *path,
	unsigned int n, aaa_file_user_fn check, aaa_file_err_fn err, void *arg)
{
	char *save = NULL, *f[8], *line = s, *prof, *pfx6, *pd;
	struct aaa_user_ip6 v6 = { 0 };
	struct aaa_file_user u;
	struct in_addr a;
	uint32_t ip = 0;
	unsigned int nf = 0;
	int rc;

	s[strcspn(s, "#")] = '\0';
	for (f[nf] = strtok_r(s, " \t", &save); f[nf] != NULL && nf < 7;
	    f[nf] = strtok_r(NULL, " \t", &save))
		nf++;
	if (nf == 0)
		return 0;
	/* f[nf]: a field beyond the seven a line may have. */
	rc = f[nf] == NULL ? 0 : -EINVAL;
	prof = aaa_file_kw(f, &nf, "profile=", &rc);
	pfx6 = aaa_file_kw(f, &nf, "prefix6=", &rc);
	pd = aaa_file_kw(f, &nf, "pd=", &rc);
	if (nf < 2 || nf > 4 || rc != 0) {
		aaa_file_report(err, arg, path, n,
		    "expected NAME PASSWORD [ADDRESS|-] [POOL] [profile=NAME] "
		    "[prefix6=PREFIX/64] [pd=PREFIX/LEN]%s", "");
		return -EINVAL;
	}
	if (prof != NULL)
		prof += strlen("profile=");
	/* A static IPv6 /64 (its RAs) and delegated prefix (at most /64). */
	if (pfx6 != NULL && aaa_file_prefix6(pfx6 + strlen("prefix6="), 64,
	    64, v6.prefix, &v6.prefix_len) != 0) {
		aaa_file_report(err, arg, path, n,
		    "bad prefix6 \"%s\" (an IPv6 /64, host bits clear)",
		    pfx6 + strlen("prefix6="));
		return -EINVAL;
	}
	if (pd != NULL && aaa_file_prefix6(pd + strlen("pd="), 1, 64, v6.pd,
	    &v6.pd_len) != 0) {
		aaa_file_report(err, arg, path, n,
		    "bad pd \"%s\" (an IPv6 prefix of length 1..64, host bits "
		    "clear)", pd + strlen("pd="));
		return -EINVAL;
	}
	if (nf >= 3 && strcmp(f[2], "-") != 0) {
		if (inet_pton(AF_INET, f[2], &a) != 1 || a.s_addr == 0) {
			aaa_file_report(err, arg, path, n,
			    "bad IPv4 address \"%s\"", f[2]);
			return -EINVAL;
		}
		ip = ntohl(a.s_addr);
	}
	if (check != NULL) {
		u = (struct aaa_file_user){
			.name = f[0], .static_ip = ip,
			.pool = nf == 4 ? f[3] : NULL,
			.address_col = nf >= 3 ? (unsigned int)(f[2] - line) + 1 : 0,
			.pool_col = nf == 4 ? (unsigned int)(f[3] - line) + 1 : 0,
			.profile = prof,
			.profile_col = prof != NULL ?
			    (unsigned int)(prof - line) + 1 : 0,
		};
		rc = check(arg, path, n, &u);
		if (rc < 0)
			return rc;
	}
	rc = aaa_local_add_user_qos(db, f[0], f[1], ip, nf == 4 ? f[3] : NULL,
	    prof);
	if (rc == -EINVAL && prof != NULL) {
		aaa_file_report(err, arg, path, n,
		    "bad profile name \"%s\" (1..31 characters)", prof);
		return -EINVAL;
	}
	if (rc == -EEXIST) {
		aaa_file_report(err, arg, path, n, "duplicate user \"%s\"", f[0]);
		return -EINVAL;
	}
	if (rc == 0 && (pfx6 != NULL || pd != NULL))
		rc = aaa_local_set_ip6(db, f[0], &v6);
	if (rc < 0) {
		aaa_file_report(err, arg, path, n, "cannot add user \"%s\"", f[0]);
		return rc;
	}
	return 1;
}

/* What aaa_file_read_line() found besides the line itself. */
enum aaa_file_line_err {
	AAA_FILE_LINE_OK = 0,
	AAA_FILE_LINE_NUL,	/* a NUL byte */
	AAA_FILE_LINE_LONG,	/* more than AAA_FILE_LINE_MAX characters */
};

/*
 * The next line of fp into buf (NUL-terminated, without its LF or CRLF
 * end; the last line may lack one). Read octet by octet rather than with
 * fgets(): a NUL byte inside a line is invisible to strchr()/strlen() on
 * fgets()'s buffer, which then cannot tell where the line ended. An
 * oversized line is consumed to its end, so the next call starts at the
 * next line whatever this one held. Returns false at the end of the file
 * (or on a read error: see ferror()).
 */
static bool
aaa_file_read_line(FILE *fp, char buf[AAA_FILE_LINE_MAX + 2],
	enum aaa_file_line_err *why)
{
	size_t len = 0;
	bool any = false;
	int c;

	*why = AAA_FILE_LINE_OK;
	while ((c = getc_unlocked(fp)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (c == '\0')
			*why = AAA_FILE_LINE_NUL;
		/* One more than the limit: room for the CR of a CRLF end. */
		if (len < AAA_FILE_LINE_MAX + 1)
			buf[len++] = (char)c;
		else if (*why == AAA_FILE_LINE_OK)
			*why = AAA_FILE_LINE_LONG;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > AAA_FILE_LINE_MAX && *why == AAA_FILE_LINE_OK)
		*why = AAA_FILE_LINE_LONG;
	buf[len] = '\0';
	return any;
}

int
aaa_file_load(struct aaa_local *db, const char *path, aaa_file_err_fn err,
	void *arg)
{
	return aaa_file_load_check(db, path, NULL, err, arg);
}

int
aaa_file_load_check(struct aaa_local *db, const char *path,
	aaa_file_user_fn check, aaa_file_err_fn err, void *arg)
{
	char line[AAA_FILE_LINE_MAX + 2];
	enum aaa_file_line_err why;
	unsigned int n = 0;
	int added = 0, bad = 0, rc;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		rc = -errno;
		aaa_file_report(err, arg, path, 0, "%s", strerror(-rc));
		return rc;
	}
	while (aaa_file_read_line(fp, line, &why)) {
		n++;
		if (why == AAA_FILE_LINE_NUL) {
			aaa_file_report(err, arg, path, n, "NUL byte in line%s",
			    "");
			bad++;
			continue;
		}
		if (why == AAA_FILE_LINE_LONG) {
			aaa_file_report(err, arg, path, n, "line longer than %s",
			    AAA_FILE_STR(AAA_FILE_LINE_MAX) " characters");
			bad++;
			continue;
		}
		rc = aaa_file_line(db, line, path, n, check, err, arg);
		if (rc > 0)
			added++;
		else if (rc < 0)
			bad++;
	}
	if (ferror(fp)) {
		aaa_file_report(err, arg, path, n + 1, "%s", strerror(EIO));
		bad++;
	}
	fclose(fp);
	return bad ? -EINVAL : added;
}
