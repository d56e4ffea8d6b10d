/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa_file.h"

#define AAA_FILE_LINE_MAX 1024

static void
aaa_file_report(aaa_file_err_fn err, void *arg, const char *path,
	unsigned int line, const char *fmt, const char *a)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, a);
	if (err != NULL)
		err(arg, path, line, msg);
}

/* One line; 1 when a user was added, 0 for nothing, -EINVAL when bad. */
static int
aaa_file_line(struct aaa_local *db, char *s, const char *path,
	unsigned int n, aaa_file_err_fn err, void *arg)
{
	char *save = NULL, *f[5];
	struct in_addr a;
	uint32_t ip = 0;
	unsigned int nf = 0;
	int rc;

	s[strcspn(s, "#\r\n")] = '\0';
	for (f[nf] = strtok_r(s, " \t", &save); f[nf] != NULL && nf < 4;
	    f[nf] = strtok_r(NULL, " \t", &save))
		nf++;
	if (nf == 0)
		return 0;
	if (nf < 2 || f[nf] != NULL) {
		aaa_file_report(err, arg, path, n,
		    "expected NAME PASSWORD [ADDRESS|-] [POOL]%s", "");
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
	rc = aaa_local_add_user(db, f[0], f[1], ip, nf == 4 ? f[3] : NULL);
	if (rc == -EEXIST) {
		aaa_file_report(err, arg, path, n, "duplicate user \"%s\"", f[0]);
		return -EINVAL;
	}
	if (rc < 0) {
		aaa_file_report(err, arg, path, n, "cannot add user \"%s\"", f[0]);
		return rc;
	}
	return 1;
}

int
aaa_file_load(struct aaa_local *db, const char *path, aaa_file_err_fn err,
	void *arg)
{
	char line[AAA_FILE_LINE_MAX];
	unsigned int n = 0;
	int added = 0, bad = 0, rc;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		rc = -errno;
		aaa_file_report(err, arg, path, 0, "%s", strerror(-rc));
		return rc;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		n++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			aaa_file_report(err, arg, path, n, "line longer than %s",
			    "1023 characters");
			bad++;
			while (fgets(line, sizeof(line), fp) != NULL &&
			    strchr(line, '\n') == NULL)
				;
			continue;
		}
		rc = aaa_file_line(db, line, path, n, err, arg);
		if (rc > 0)
			added++;
		else if (rc < 0)
			bad++;
	}
	fclose(fp);
	return bad ? -EINVAL : added;
}
