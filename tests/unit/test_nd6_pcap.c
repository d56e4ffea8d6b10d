/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>

#include "test_nd6_pcap.h"

#define PCAP_LINKTYPE_RAW	101

static void
put32(FILE *f, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, f);	/* host order: the magic says which */
}

void
test_ip6_pcap(const uint8_t *pkt, size_t len)
{
	const char *path = getenv("LNS_IP6_PCAP");
	FILE *f;

	if (path == NULL || (f = fopen(path, "ab")) == NULL)
		return;
	if (ftell(f) == 0) {
		put32(f, 0xa1b2c3d4);
		put32(f, 2 | (4u << 16));	/* version 2.4 */
		put32(f, 0);
		put32(f, 0);
		put32(f, 65535);
		put32(f, PCAP_LINKTYPE_RAW);
	}
	put32(f, 0);
	put32(f, 0);
	put32(f, (uint32_t)len);
	put32(f, (uint32_t)len);
	fwrite(pkt, 1, len, f);
	fclose(f);
}
