/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Actions of the PPP automaton (RFC 1661 §4.4), shared by ppp_fsm.c and
 * ppp_fsm_rx.c only. The short macros spell the actions as the §4.1 table
 * does, so that each case reads like its table cell.
 */

#ifndef PPP_FSM_PRIV_H
#define PPP_FSM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_fsm.h"

/* tlu/tld/tls/tlf: the protocol's hook, then the owner's layer_cb. */
void ppp_fsm_layer(struct ppp_fsm *fsm, enum ppp_fsm_layer ev);
/* Initialize-Restart-Count with Max-Configure or Max-Terminate. */
void ppp_fsm_irc(struct ppp_fsm *fsm, bool configure);
/* Zero-Restart-Count; the timer runs once more. */
void ppp_fsm_zrc(struct ppp_fsm *fsm, uint64_t now);
/* A new negotiation: failure count and protocol state reset. */
void ppp_fsm_renegotiate(struct ppp_fsm *fsm);
/* Send-Configure-Request (retransmit: same id and options, §5.1). */
void ppp_fsm_scr(struct ppp_fsm *fsm, bool retransmit, uint64_t now);
void ppp_fsm_str(struct ppp_fsm *fsm, uint64_t now);
void ppp_fsm_sta(struct ppp_fsm *fsm, uint8_t id);
void ppp_fsm_scj(struct ppp_fsm *fsm, const uint8_t *pkt, size_t len);
/* A '-' cell of the table: counted, otherwise ignored. */
void ppp_fsm_illegal(struct ppp_fsm *fsm);
/* Run a Close requested by a callback through ppp_fsm_abort(). */
void ppp_fsm_run_pending(struct ppp_fsm *fsm, uint64_t now);

#define tlu(f)		ppp_fsm_layer((f), PPP_LAYER_UP)
#define tld(f)		ppp_fsm_layer((f), PPP_LAYER_DOWN)
#define tls(f)		ppp_fsm_layer((f), PPP_LAYER_STARTED)
#define tlf(f)		ppp_fsm_layer((f), PPP_LAYER_FINISHED)
#define irc		ppp_fsm_irc
#define zrc		ppp_fsm_zrc
#define renegotiate	ppp_fsm_renegotiate
#define scr		ppp_fsm_scr
#define str		ppp_fsm_str
#define sta		ppp_fsm_sta
#define scj		ppp_fsm_scj
#define illegal		ppp_fsm_illegal

#endif /* PPP_FSM_PRIV_H */
