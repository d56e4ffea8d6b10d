/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the local users file (control/aaa/aaa_file.c) and the
 * user table it fills (aaa_local.c). aaa_file_load() takes a path, so the
 * input is written to a memfd and loaded through /proc/self/fd/N: the
 * product's own fopen/fgets path runs, long lines and missing final
 * newlines included. Every user the loader accepted must then be found
 * with the password it was given (PAP and CHAP look-ups), and the count
 * must match what the loader reported.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "aaa_file.h"
#include "aaa_local.h"
#include "fuzz_common.h"


static unsigned int n_err;

static void
on_err(void *arg, const char *file, unsigned int line, const char *msg)
{
	/* Every report names a line of the file (0 only if unreadable). */
	FUZZ_CHECK(file != NULL && msg != NULL && msg[0] != '\0');
	n_err++;
}

/*
 * The first word of each line the loader would have split: look every
 * plausible name up again. Independent of the loader's own tokenizer, so
 * a user it added under a mangled name shows up as a count mismatch.
 */
static size_t
check_lookups(const struct aaa_local *db, const uint8_t *data, size_t size)
{
	size_t i = 0, found = 0;

	while (i < size) {
		size_t s = i, e;

		while (s < size && (data[s] == ' ' || data[s] == '\t'))
			s++;
		e = s;
		/* A CR ends the word only as the CR of a CRLF (or the last
		 * octet): inside a line it is part of the field, as in the
		 * loader (control/aaa/aaa_file.c). */
		while (e < size && data[e] != ' ' && data[e] != '\t' &&
		    data[e] != '\n' && data[e] != '#' && data[e] != '\0' &&
		    !(data[e] == '\r' && (e + 1 == size || data[e + 1] == '\n')))
			e++;
		if (e > s && e - s <= AAA_NAME_MAX) {
			const struct aaa_user *u =
			    aaa_local_lookup(db, data + s, e - s);
			char ar[PPP_MSCHAP_AUTH_RESP_LEN + 1];
			struct ppp_chap_response r;
			uint8_t buf[16], chal[16];
			int n;

			if (u != NULL) {
				found++;
				FUZZ_CHECK(u->name_len == e - s);
				FUZZ_CHECK(memcmp(u->name, data + s, e - s) == 0);
				FUZZ_CHECK(strlen(u->password) ==
				    u->password_len);
				FUZZ_CHECK(aaa_local_pap_verify((void *)db,
				    data + s, e - s,
				    (const uint8_t *)u->password,
				    u->password_len) == 0);
				/* A CHAP-MD5 Response made with the password. */
				memset(chal, 0xa5, sizeof(chal));
				ppp_chap_md5_compute(1,
				    (const uint8_t *)u->password,
				    u->password_len, chal, sizeof(chal), buf);
				r = (struct ppp_chap_response){
				    .algo = PPP_CHAP_MD5, .id = 1,
				    .challenge = chal,
				    .challenge_len = sizeof(chal),
				    .value = buf, .value_len = 16,
				    .name = data + s, .name_len = e - s };
				n = aaa_local_chap_verify((void *)db, &r, ar);
				FUZZ_CHECK(n == 0);
			}
		}
		while (i < size && data[i] != '\n')
			i++;
		i++;
	}
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct aaa_local *db;
	int rc;

	if (fd < 0) {
		fd = memfd_create("users", 0);
		FUZZ_CHECK(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);

	db = aaa_local_create();
	FUZZ_CHECK(db != NULL);
	n_err = 0;
	rc = aaa_file_load(db, path, on_err, NULL);
	if (rc >= 0) {
		FUZZ_CHECK(n_err == 0);
		FUZZ_CHECK(aaa_local_count(db) == (size_t)rc);
	} else {
		FUZZ_CHECK(rc == -EINVAL || rc == -ENOMEM);
		FUZZ_CHECK(n_err > 0);
	}
	/* Every user added is the first word of a line, found again. */
	FUZZ_CHECK(check_lookups(db, data, size) >= aaa_local_count(db));
	aaa_local_free(db);
	return 0;
}
