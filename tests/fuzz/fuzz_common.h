/* SPDX-License-Identifier: BSD-3-Clause
 *
 * What the fuzz targets share: the invariant check (a failed one aborts,
 * which libFuzzer reports as a crash with the input), and the writer of
 * seed conversations for the conversation targets (fuzz_l2tp, fuzz_ppp):
 * one configuration byte, then records of a control byte, a 16-bit
 * big-endian length and that many message octets.
 */
#ifndef LNS_FUZZ_COMMON_H
#define LNS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lns_bytes.h"

#define FUZZ_CHECK(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: invariant failed: %s\n",\
				__FILE__, __LINE__, #c);		\
			abort();					\
		}							\
	} while (0)

struct fuzz_conv {
	uint8_t buf[65536];
	size_t len;
};

static inline void
fuzz_conv_start(struct fuzz_conv *c, uint8_t cfgbits)
{
	c->buf[0] = cfgbits;
	c->len = 1;
}

static inline void
fuzz_conv_rec(struct fuzz_conv *c, uint8_t ctl, const uint8_t *b, size_t n)
{
	FUZZ_CHECK(c->len + 3 + n <= sizeof(c->buf));
	c->buf[c->len] = ctl;
	lns_put_be16(c->buf + c->len + 1, (uint16_t)n);
	memcpy(c->buf + c->len + 3, b, n);
	c->len += 3 + n;
}

static inline void
fuzz_conv_write(const struct fuzz_conv *c, const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(c->buf, 1, c->len, f) != c->len) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

#endif /* LNS_FUZZ_COMMON_H */
