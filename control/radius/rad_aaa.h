/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The "radius" backend of the AAA seam (aaa.h): Access-Requests for PAP,
 * CHAP-MD5 and MS-CHAPv2 through the non-blocking client (rad_client.h),
 * Access-Accept turned into struct aaa_attrs, and durable accounting:
 * Start, Stop, Accounting-On and -Off are written ahead to the spool
 * (rad_spool.h) and sent from it in order, several in flight, each one
 * discarded only when a server answered it; a record no server answers
 * goes back to the spool and is sent again after retry_ms, for as long as
 * it takes. Interim-Updates are not spooled: a lost one is superseded by
 * the next and by the Stop, which carry the totals; they are counted.
 *
 * Pure C (no DPDK); the caller polls it through aaa_poll().
 */
#ifndef LNS_RAD_AAA_H
#define LNS_RAD_AAA_H

#include <stdbool.h>
#include <stdint.h>

#include "aaa.h"
#include "rad_client.h"
#include "rad_spool.h"

struct rad_aaa_conf {
	struct rad_client_conf auth;	/* nb_servers 0: no authentication */
	struct rad_client_conf acct;	/* nb_servers 0: no accounting */
	char nas_identifier[64];
	uint32_t nas_ip;		/* NAS-IP-Address, network order; 0: none */
	uint32_t auth_timeout_ms;	/* one Access-Request, every server */
	bool send_tunnel_attributes;
	bool send_station_ids;
	bool send_connect_info;
	struct rad_spool_conf spool;	/* used when acct has servers */
	uint32_t acct_in_flight;	/* records sent, not answered */
	uint32_t acct_retry_ms;		/* pause after a record failed */
	uint32_t acct_timeout_ms;	/* one record, every server */
	/* Wall clock in s (Acct-Delay-Time, Event-Timestamp); NULL: time(). */
	uint64_t (*wall_s)(void);
};

struct rad_aaa_stats {
	uint64_t access_requests;
	uint64_t accepts;
	uint64_t rejects;
	uint64_t challenges;		/* Access-Challenge: refused (no EAP) */
	uint64_t unavailable;		/* no server answered */
	uint64_t bad_accept;		/* an accept with a malformed attribute */
	uint64_t acct_spooled;		/* Start/Stop/On/Off written ahead */
	uint64_t acct_spool_errors;	/* could not be written (full, I/O) */
	uint64_t acct_sent;		/* transmissions of spooled records */
	uint64_t acct_acked;
	uint64_t acct_failed;		/* no server answered: requeued */
	uint64_t interim_sent;
	uint64_t interim_acked;
	uint64_t interim_lost;		/* not answered / not sent: superseded */
	uint32_t acct_in_flight;
};

struct rad_aaa;

struct rad_aaa *rad_aaa_create(const struct rad_aaa_conf *conf, int *err);
/*
 * Send what is in flight until every record was answered or timeout_ms
 * passed, then close the spool (what was not answered stays in it, for
 * the next start) and free everything.
 */
void rad_aaa_free(struct rad_aaa *ra, uint32_t timeout_ms);

extern const struct aaa_backend_ops rad_aaa_ops;

const struct rad_aaa_stats *rad_aaa_stats(const struct rad_aaa *ra);
struct rad_client *rad_aaa_auth_client(const struct rad_aaa *ra);
struct rad_client *rad_aaa_acct_client(const struct rad_aaa *ra);
struct rad_spool *rad_aaa_spool(const struct rad_aaa *ra);

/*
 * Turn an Access-Accept or Access-Reject into a result (status, message,
 * MS-CHAP2-Success, attributes). Returns 0, or -EBADMSG for an attribute
 * we use whose value is malformed (the accept is then refused). Unit
 * tested on its own.
 */
int rad_aaa_parse_reply(const struct rad_pkt *p, struct aaa_result *res);

#endif /* LNS_RAD_AAA_H */
