/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The "local" AAA backend (aaa_local_be.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "aaa_local_be.h"

/* A request waiting for the next poll (kept in the request's priv). */
struct aaa_local_pending {
	TAILQ_ENTRY(aaa_local_pending) next;
	struct aaa_req *r;
	const struct aaa_auth_req *req;
};

TAILQ_HEAD(aaa_local_pending_list, aaa_local_pending);

struct aaa_local_be {
	const struct aaa_local *users;
	aaa_local_acct_cb acct;
	void *acct_ctx;
	struct aaa_local_pending_list q;
};

_Static_assert(sizeof(struct aaa_local_pending) <= AAA_REQ_PRIV,
	       "aaa_local_pending must fit in a request's priv");

struct aaa_local_be *
aaa_local_be_create(const struct aaa_local *users, aaa_local_acct_cb acct,
		    void *acct_ctx)
{
	struct aaa_local_be *lb = calloc(1, sizeof(*lb));

	if (lb == NULL)
		return NULL;
	lb->users = users;
	lb->acct = acct;
	lb->acct_ctx = acct_ctx;
	TAILQ_INIT(&lb->q);
	return lb;
}

void
aaa_local_be_set_users(struct aaa_local_be *lb, const struct aaa_local *users)
{
	lb->users = users;
}

void
aaa_local_be_free(struct aaa_local_be *lb)
{
	free(lb);
}

void
aaa_local_be_attrs(const struct aaa_user *u, struct aaa_attrs *at)
{
	memset(at, 0, sizeof(*at));
	at->framed_ip = u->static_ip;
	if (u->pool != NULL)
		snprintf(at->pool, sizeof(at->pool), "%s", u->pool);
	if (u->profile != NULL)
		snprintf(at->profile, sizeof(at->profile), "%s", u->profile);
	if (u->ip6 != NULL) {
		memcpy(at->ipv6_prefix, u->ip6->prefix, 16);
		at->ipv6_prefix_len = u->ip6->prefix_len;
		memcpy(at->delegated_prefix, u->ip6->pd, 16);
		at->delegated_prefix_len = u->ip6->pd_len;
	}
}

static int
aaa_local_be_start(void *be, struct aaa_req *r, const struct aaa_auth_req *req,
		   uint64_t now_ms)
{
	struct aaa_local_be *lb = be;
	struct aaa_local_pending *p = aaa_req_priv(r);

	(void)now_ms;
	p->r = r;
	p->req = req;
	TAILQ_INSERT_TAIL(&lb->q, p, next);
	return 0;
}

static void
aaa_local_be_cancel(void *be, struct aaa_req *r)
{
	struct aaa_local_be *lb = be;
	struct aaa_local_pending *p = aaa_req_priv(r);

	TAILQ_REMOVE(&lb->q, p, next);
}

/* The verdict on one request, with the user's authorisation. */
static void
aaa_local_be_verify(struct aaa_local_be *lb, const struct aaa_auth_req *req,
		    struct aaa_result *res)
{
	const struct aaa_user *u;
	int rc;

	if (req->method == AAA_PAP)
		rc = aaa_local_pap_verify((void *)(uintptr_t)lb->users,
					  req->user, req->user_len,
					  req->password, req->password_len);
	else
		rc = aaa_local_chap_verify((void *)(uintptr_t)lb->users,
					   req->chap, res->mschap2_success);
	res->status = rc == 0 ? 0 : -EACCES;
	if (rc != 0)
		return;
	u = aaa_local_lookup(lb->users, req->user, req->user_len);
	if (u != NULL)
		aaa_local_be_attrs(u, &res->attrs);
}

static void
aaa_local_be_poll(void *be, uint64_t now_ms)
{
	struct aaa_local_be *lb = be;
	struct aaa_local_pending *p;
	struct aaa_result res;

	(void)now_ms;
	while ((p = TAILQ_FIRST(&lb->q)) != NULL) {
		TAILQ_REMOVE(&lb->q, p, next);
		memset(&res, 0, sizeof(res));
		res.backend = aaa_local_be_ops.name;
		aaa_local_be_verify(lb, p->req, &res);
		aaa_complete(p->r, &res);
	}
}

static int
aaa_local_be_acct(void *be, const struct aaa_acct_rec *rec, uint64_t now_ms)
{
	struct aaa_local_be *lb = be;

	(void)now_ms;
	if (lb->acct != NULL)
		lb->acct(lb->acct_ctx, rec);
	return 0;
}

const struct aaa_backend_ops aaa_local_be_ops = {
	.name = "local",
	.start = aaa_local_be_start,
	.cancel = aaa_local_be_cancel,
	.acct = aaa_local_be_acct,
	.poll = aaa_local_be_poll,
};
