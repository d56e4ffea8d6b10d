/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The AAA seam (aaa.h): realm selection, the request copy the backends
 * work from, deferred delivery of answers, fallback to the local users.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include "aaa.h"

#define AAA_MAX_BACKENDS	4
#define AAA_LOCAL_NAME		"local"

struct aaa_backend {
	const struct aaa_backend_ops *ops;
	void *be;
};

struct aaa_realm {
	struct aaa_realm_conf conf;
	struct aaa_backend *backend;
};

struct aaa_req {
	TAILQ_ENTRY(aaa_req) next;	/* on a->done_q once answered */
	TAILQ_ENTRY(aaa_req) live;	/* on a->live until freed */
	struct aaa *a;
	struct aaa_backend *backend;
	const struct aaa_realm *realm;
	aaa_done_cb done;
	void *arg;
	bool answered;
	bool fell_back;
	/* The request, owned here (aaa.h: valid until answer or cancel). */
	struct aaa_auth_req req;
	struct ppp_chap_response chap;
	struct aaa_call call;
	struct aaa_result res;
	uint8_t user[AAA_USER_MAX];
	uint8_t password[AAA_USER_MAX];
	uint8_t challenge[AAA_CHALLENGE_MAX];
	uint8_t value[PPP_MSCHAP_RESP_LEN];
	alignas(16) uint8_t priv[AAA_REQ_PRIV];
};

TAILQ_HEAD(aaa_req_list, aaa_req);

struct aaa {
	struct aaa_backend backends[AAA_MAX_BACKENDS];
	unsigned int nb_backends;
	struct aaa_realm realms[AAA_REALM_MAX];
	unsigned int nb_realms;
	struct aaa_req_list done_q;	/* answered, not yet delivered */
	struct aaa_req_list live;	/* every request not freed yet */
	struct aaa_stats stats;
};

struct aaa *
aaa_create(void)
{
	struct aaa *a = calloc(1, sizeof(*a));

	if (a != NULL) {
		TAILQ_INIT(&a->done_q);
		TAILQ_INIT(&a->live);
	}
	return a;
}

void
aaa_free(struct aaa *a)
{
	struct aaa_req *r;

	if (a == NULL)
		return;
	/*
	 * Requests still with a backend are forgotten without telling it:
	 * the backends are freed on their own (and drop what they hold).
	 */
	while ((r = TAILQ_FIRST(&a->live)) != NULL) {
		TAILQ_REMOVE(&a->live, r, live);
		free(r);
	}
	free(a);
}

static struct aaa_backend *
aaa_backend_find(struct aaa *a, const char *name)
{
	unsigned int i;

	for (i = 0; i < a->nb_backends; i++)
		if (strcmp(a->backends[i].ops->name, name) == 0)
			return &a->backends[i];
	return NULL;
}

int
aaa_add_backend(struct aaa *a, const struct aaa_backend_ops *ops, void *be)
{
	if (aaa_backend_find(a, ops->name) != NULL)
		return -EEXIST;
	if (a->nb_backends == AAA_MAX_BACKENDS)
		return -ENOSPC;
	a->backends[a->nb_backends++] = (struct aaa_backend){ ops, be };
	return 0;
}

int
aaa_add_realm(struct aaa *a, const struct aaa_realm_conf *rc)
{
	struct aaa_backend *b = aaa_backend_find(a, rc->backend);
	unsigned int i;

	if (b == NULL)
		return -ENOENT;
	for (i = 0; i < a->nb_realms; i++)
		if (strcasecmp(a->realms[i].conf.name, rc->name) == 0)
			return -EEXIST;
	if (a->nb_realms == AAA_REALM_MAX)
		return -ENOSPC;
	a->realms[a->nb_realms].conf = *rc;
	a->realms[a->nb_realms].backend = b;
	a->nb_realms++;
	return 0;
}

/*
 * The realm of user[0..len): the text after the last '@' when a realm of
 * that name exists, else the default realm "" (NULL when there is none).
 * *suffix_len is the length of "@realm" for stripping (0: default).
 */
static const struct aaa_realm *
aaa_realm_of(const struct aaa *a, const uint8_t *user, size_t len,
	     size_t *suffix_len)
{
	const uint8_t *at = NULL;
	unsigned int i;
	size_t rl;

	for (rl = len; rl > 0; rl--)
		if (user[rl - 1] == '@') {
			at = user + rl;
			break;
		}
	*suffix_len = 0;
	if (at != NULL) {
		rl = len - (size_t)(at - user);
		for (i = 0; i < a->nb_realms; i++) {
			const char *n = a->realms[i].conf.name;

			if (n[0] != '\0' && strlen(n) == rl &&
			    strncasecmp(n, (const char *)at, rl) == 0) {
				*suffix_len = rl + 1;
				return &a->realms[i];
			}
		}
	}
	for (i = 0; i < a->nb_realms; i++)
		if (a->realms[i].conf.name[0] == '\0')
			return &a->realms[i];
	return NULL;
}

/* Copy the caller's request into r (the copy backends work from). */
static void
aaa_req_copy(struct aaa_req *r, const struct aaa_auth_req *req, size_t strip)
{
	size_t ulen = req->user_len - strip;

	memcpy(r->user, req->user, ulen);
	r->req = *req;
	r->req.user = r->user;
	r->req.user_len = ulen;
	if (req->method == AAA_PAP) {
		memcpy(r->password, req->password, req->password_len);
		r->req.password = r->password;
	} else if (req->chap != NULL) {
		r->chap = *req->chap;
		memcpy(r->challenge, req->chap->challenge,
		       req->chap->challenge_len);
		memcpy(r->value, req->chap->value, req->chap->value_len);
		r->chap.challenge = r->challenge;
		r->chap.value = r->value;
		/*
		 * The name the peer hashed (MS-CHAPv2's ChallengeHash) is the
		 * whole one it sent: stripping changes only what the backend
		 * looks up.
		 */
		r->chap.name = r->user;
		r->chap.name_len = ulen;
		r->req.chap = &r->chap;
	}
	if (req->call != NULL) {
		r->call = *req->call;
		r->req.call = &r->call;
	}
}

static void
aaa_answer_now(struct aaa_req *r, int status)
{
	struct aaa_result res = { .status = status };

	res.backend = r->backend != NULL ? r->backend->ops->name : "none";
	aaa_complete(r, &res);
}

static void
aaa_start(struct aaa_req *r, uint64_t now_ms)
{
	int rc = r->backend->ops->start(r->backend->be, r, &r->req, now_ms);

	if (rc < 0)
		aaa_answer_now(r, rc);
}

int
aaa_authenticate(struct aaa *a, const struct aaa_auth_req *req,
	aaa_done_cb done, void *arg, struct aaa_req **handle, uint64_t now_ms)
{
	const struct aaa_realm *realm;
	struct aaa_req *r;
	size_t strip;

	if (req->user_len > AAA_USER_MAX ||
	    (req->method == AAA_PAP && req->password_len > AAA_USER_MAX) ||
	    (req->method != AAA_PAP && (req->chap == NULL ||
	     req->chap->value_len > PPP_MSCHAP_RESP_LEN ||
	     req->chap->challenge_len > AAA_CHALLENGE_MAX)))
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	r->a = a;
	TAILQ_INSERT_TAIL(&a->live, r, live);
	r->done = done;
	r->arg = arg;
	a->stats.requests++;
	a->stats.pending++;
	*handle = r;
	realm = aaa_realm_of(a, req->user, req->user_len, &strip);
	aaa_req_copy(r, req, realm != NULL && realm->conf.strip ? strip : 0);
	if (realm == NULL) {
		a->stats.no_realm++;
		aaa_answer_now(r, -ENOENT);
		return 0;
	}
	r->realm = realm;
	r->backend = realm->backend;
	aaa_start(r, now_ms);
	return 0;
}

void
aaa_cancel(struct aaa_req *r)
{
	struct aaa *a = r->a;

	if (r->answered) {
		TAILQ_REMOVE(&a->done_q, r, next);
	} else if (r->backend != NULL && r->backend->ops->cancel != NULL) {
		r->backend->ops->cancel(r->backend->be, r);
	}
	a->stats.cancelled++;
	a->stats.pending--;
	TAILQ_REMOVE(&a->live, r, live);
	free(r);
}

static bool
aaa_unavailable(int status)
{
	return status == -ETIMEDOUT || status == -EHOSTUNREACH;
}

void
aaa_complete(struct aaa_req *r, const struct aaa_result *res)
{
	struct aaa *a = r->a;
	struct aaa_backend *local;

	if (r->answered)
		return;		/* a backend bug; never deliver twice */
	if (aaa_unavailable(res->status) && !r->fell_back &&
	    r->realm != NULL && r->realm->conf.fallback_local &&
	    (local = aaa_backend_find(a, AAA_LOCAL_NAME)) != NULL &&
	    local != r->backend) {
		a->stats.fallback_local++;
		r->fell_back = true;
		r->backend = local;
		/* The local backend answers on the next poll: no clock. */
		aaa_start(r, 0);
		return;
	}
	r->res = *res;
	r->answered = true;
	TAILQ_INSERT_TAIL(&a->done_q, r, next);
}

void *
aaa_req_priv(struct aaa_req *r)
{
	return r->priv;
}

void
aaa_acct(struct aaa *a, const struct aaa_acct_rec *rec, uint64_t now_ms)
{
	const struct aaa_realm *realm;
	unsigned int i;
	size_t strip;
	int rc;

	a->stats.acct_records++;
	if (rec->type == AAA_ACCT_ON || rec->type == AAA_ACCT_OFF) {
		for (i = 0; i < a->nb_backends; i++)
			if (a->backends[i].ops->acct != NULL &&
			    a->backends[i].ops->acct(a->backends[i].be, rec,
						     now_ms) < 0)
				a->stats.acct_errors++;
		return;
	}
	realm = aaa_realm_of(a, (const uint8_t *)rec->user, strlen(rec->user),
			     &strip);
	if (realm == NULL || realm->backend->ops->acct == NULL) {
		a->stats.acct_errors++;
		return;
	}
	/* The backend sees the name it authenticated (realm stripped). */
	if (realm->conf.strip && strip > 0) {
		char user[AAA_USER_MAX + 1];
		struct aaa_acct_rec copy = *rec;
		size_t n = strlen(rec->user) - strip;

		memcpy(user, rec->user, n);
		user[n] = '\0';
		copy.user = user;
		rc = realm->backend->ops->acct(realm->backend->be, &copy,
					       now_ms);
	} else {
		rc = realm->backend->ops->acct(realm->backend->be, rec, now_ms);
	}
	if (rc < 0)
		a->stats.acct_errors++;
}

void
aaa_poll(struct aaa *a, uint64_t now_ms)
{
	struct aaa_req *r;
	unsigned int i;

	for (i = 0; i < a->nb_backends; i++)
		if (a->backends[i].ops->poll != NULL)
			a->backends[i].ops->poll(a->backends[i].be, now_ms);
	/* Each delivery may cancel others (a session torn down): re-read. */
	while ((r = TAILQ_FIRST(&a->done_q)) != NULL) {
		TAILQ_REMOVE(&a->done_q, r, next);
		a->stats.pending--;
		if (r->res.status == 0)
			a->stats.accepts++;
		else if (r->res.status == -EACCES)
			a->stats.rejects++;
		else if (aaa_unavailable(r->res.status))
			a->stats.unavailable++;
		TAILQ_REMOVE(&a->live, r, live);
		r->done(r->arg, &r->res);
		free(r);
	}
}

const struct aaa_stats *
aaa_stats(const struct aaa *a)
{
	return &a->stats;
}
