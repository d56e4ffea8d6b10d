/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The "local" AAA backend: the users of the configuration and the users
 * file (aaa_local.h) behind the asynchronous interface of aaa.h. It
 * answers on the next aaa_poll(), never from inside the request.
 * Accounting goes to a hook (lnsd writes it as a log line).
 */
#ifndef LNS_AAA_LOCAL_BE_H
#define LNS_AAA_LOCAL_BE_H

#include "aaa.h"
#include "aaa_local.h"

typedef void (*aaa_local_acct_cb)(void *ctx, const struct aaa_acct_rec *rec);

struct aaa_local_be;

struct aaa_local_be *aaa_local_be_create(const struct aaa_local *users,
	aaa_local_acct_cb acct, void *acct_ctx);
void aaa_local_be_free(struct aaa_local_be *lb);
/*
 * Answer from users from now on (a configuration reload). Requests not
 * answered yet are judged against them too: a verdict is taken on the
 * next poll, never kept from the old set.
 */
void aaa_local_be_set_users(struct aaa_local_be *lb,
	const struct aaa_local *users);
extern const struct aaa_backend_ops aaa_local_be_ops;

/*
 * The authorisation a local user carries (its static address and pool),
 * in the form every backend answers with.
 */
void aaa_local_be_attrs(const struct aaa_user *u, struct aaa_attrs *at);

#endif /* LNS_AAA_LOCAL_BE_H */
