/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_CTL_LOOP_H
#define LNS_CTL_LOOP_H

#include <stdint.h>

/* Milliseconds since an arbitrary origin, from the TSC. */
uint64_t ctl_now_ms(void);

/* The control lcore's event loop; returns once dp_stop is set. */
void ctl_loop_run(void);

#endif /* LNS_CTL_LOOP_H */
