/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP control packet builder/parser (RFC 1661 §5) and option walker
 * (RFC 1661 §6). Packets here start at the Code field: the PPP protocol
 * field and the HDLC-like Address/Control octets are the caller's.
 */

#ifndef PPP_PKT_H
#define PPP_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "ppp_proto.h"

/* Option walker (RFC 1661 §6): every length is checked before reading. */
struct ppp_opt_iter {
	const uint8_t *p;
	size_t left;
};

void ppp_opt_iter_init(struct ppp_opt_iter *it, const uint8_t *opts,
	size_t len);
/* 1: an option (type, val, vlen), 0: end, -EINVAL: a length field lies. */
int ppp_opt_next(struct ppp_opt_iter *it, uint8_t *type, const uint8_t **val,
	uint8_t *vlen);
/* 0 if every option length is sane, else -EINVAL. */
int ppp_opts_valid(const uint8_t *opts, size_t len);
/* Append one option at buf + *off; 0 or -ENOSPC. */
int ppp_opt_put(uint8_t *buf, size_t cap, size_t *off, uint8_t type,
	const void *val, uint8_t vlen);
/* Build code/id/length + data into buf; total length or -ENOSPC. */
int ppp_pkt_build(uint8_t *buf, size_t cap, uint8_t code, uint8_t id,
	const void *data, size_t len);
/*
 * Parse a control packet header. The Length field must be >= 4 and <= len
 * (octets past Length are padding, §5). 0 or -EINVAL.
 */
int ppp_pkt_parse(const uint8_t *pkt, size_t len, uint8_t *code, uint8_t *id,
	const uint8_t **data, size_t *dlen);

#endif /* PPP_PKT_H */
