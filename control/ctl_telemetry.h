/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_CTL_TELEMETRY_H
#define LNS_CTL_TELEMETRY_H

/* Register the /lnsd/... telemetry commands. */
int ctl_telemetry_init(void);
/* /lnsd/radius (ctl_telemetry_radius.c), registered by ctl_telemetry_init. */
int ctl_telemetry_radius_init(void);

#endif /* LNS_CTL_TELEMETRY_H */
