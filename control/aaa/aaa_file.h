/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Local users file (aaa.users_file): one user per line,
 *
 *     NAME PASSWORD [ADDRESS|-] [POOL] [profile=NAME]
 *
 * separated by blanks; '#' starts a comment; blank lines are ignored.
 * Lines end with LF or CRLF (the last one may end with the file) and hold
 * at most 1023 characters; a longer line, or one with a NUL byte, is an
 * error of that line alone.
 * ADDRESS is a static IPv4 address ("-" or absent: from a pool), POOL the
 * pool to allocate from (absent: aaa.default_pool), profile=NAME the
 * user's QoS profile (qos.profiles; anywhere after the password, at most
 * once; absent: qos.default_profile). Names and passwords
 * cannot contain blanks. Made for large user sets (the YAML file holds
 * at most a few inline users).
 */
#ifndef AAA_FILE_H
#define AAA_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "aaa_local.h"

/* Called once per bad line: file, 1-based line, message. */
typedef void (*aaa_file_err_fn)(void *arg, const char *file,
	unsigned int line, const char *msg);

/* A user of the file, before it is added; columns are 1-based, 0: absent. */
struct aaa_file_user {
	const char *name;
	uint32_t static_ip;	/* host order; 0 = none */
	const char *pool;	/* NULL = the default pool */
	const char *profile;	/* NULL = none */
	unsigned int address_col;
	unsigned int pool_col;
	unsigned int profile_col;	/* of NAME, after "profile=" */
};

/*
 * Called for each well-formed line before its user is added: 0 adds it;
 * a negative errno makes the line bad (the callback reported why).
 */
typedef int (*aaa_file_user_fn)(void *arg, const char *file,
	unsigned int line, const struct aaa_file_user *u);

/*
 * Add every user of path to db. Returns the number of users added, or a
 * negative errno if the file cannot be read or any line is bad (each bad
 * line is reported through err; good lines are still added).
 */
int aaa_file_load(struct aaa_local *db, const char *path, aaa_file_err_fn err,
	void *arg);
/* Same, with check called (with arg) for each user before it is added. */
int aaa_file_load_check(struct aaa_local *db, const char *path,
	aaa_file_user_fn check, aaa_file_err_fn err, void *arg);

#endif /* AAA_FILE_H */
