/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The set-up guard of one PPP link (ctl_ppp*.c): how long a subscriber
 * may take to come up (ppp.setup_timeout_ms) and how many authentication
 * attempts it gets meanwhile. Pure C, header only, unit tested
 * (tests/unit/test_ppp_setup.c).
 *
 * A set-up begins when PPP starts on the call and again each time a
 * subscriber that was up leaves up (it renegotiates LCP, RFC 1661 §3.2,
 * or IPCP): one fresh deadline and one fresh authentication budget per
 * time up. A renegotiation before the subscriber was up changes neither:
 * otherwise a peer that restarts LCP just before every deadline (and
 * before every last CHAP Challenge) holds a call without ever
 * authenticating.
 */
#ifndef LNS_CTL_PPP_SETUP_H
#define LNS_CTL_PPP_SETUP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Authentication attempts in one set-up: CHAP Challenges sent, PAP
 * Authenticate-Requests taken (the authenticators' own default, RFC 1661
 * §3.5: give up after a number of attempts).
 */
#define CTL_PPP_SETUP_AUTH_MAX	10

struct ctl_ppp_setup {
	uint64_t deadline;	/* ms: up by then, or torn down */
	uint16_t auth_spent;	/* attempts of this set-up so far */
};

/* A set-up begins at now: PPP starts, or an up subscriber left up. */
static inline void
ctl_ppp_setup_begin(struct ctl_ppp_setup *s, uint64_t now,
		    uint32_t timeout_ms)
{
	s->deadline = now + timeout_ms;
	s->auth_spent = 0;
}

/* LCP or IPCP renegotiates at now; was_up: the subscriber was up. */
static inline void
ctl_ppp_setup_renegotiated(struct ctl_ppp_setup *s, bool was_up,
			   uint64_t now, uint32_t timeout_ms)
{
	if (was_up)
		ctl_ppp_setup_begin(s, now, timeout_ms);
}

static inline bool
ctl_ppp_setup_expired(const struct ctl_ppp_setup *s, uint64_t now)
{
	return now >= s->deadline;
}

/* Milliseconds left until the deadline (0: past it). */
static inline uint64_t
ctl_ppp_setup_left_ms(const struct ctl_ppp_setup *s, uint64_t now)
{
	return now < s->deadline ? s->deadline - now : 0;
}

/* Attempts an authenticator starting now may still make (0: none). */
static inline uint16_t
ctl_ppp_setup_auth_left(const struct ctl_ppp_setup *s)
{
	return s->auth_spent < CTL_PPP_SETUP_AUTH_MAX ?
	       (uint16_t)(CTL_PPP_SETUP_AUTH_MAX - s->auth_spent) : 0;
}

static inline void
ctl_ppp_setup_auth_spend(struct ctl_ppp_setup *s, uint16_t n)
{
	s->auth_spent = (uint16_t)(s->auth_spent + n < CTL_PPP_SETUP_AUTH_MAX ?
				   s->auth_spent + n : CTL_PPP_SETUP_AUTH_MAX);
}

#endif /* LNS_CTL_PPP_SETUP_H */
