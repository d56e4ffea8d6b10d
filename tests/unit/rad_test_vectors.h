/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Reference RADIUS packets, as hex (blanks ignored), shared by the codec's
 * unit tests (test_rad_codec.c) and the seed writer of the fuzz target
 * (tests/fuzz/fuzz_radius.c built with -DFUZZ_DUMP_SEEDS):
 *
 *  - RFC 2865 §7.1 (PAP) and §7.2 (CHAP), RFC 5997 §6.1 and §6.2
 *    (Status-Server), secret RAD_TV_RFC_SECRET;
 *  - packets produced by FreeRADIUS 3.2.1 (Debian 12), secret
 *    RAD_TV_FR_SECRET: radclient as the client and `freeradius -X -d DIR`
 *    as the server on 127.0.0.1 (DIR a private copy of
 *    /etc/freeradius/3.0 with one client, auth port 28812, acct port
 *    28813, a users file whose reply has Framed-IPv6-Prefix,
 *    Delegated-IPv6-Prefix, tagged Tunnel attributes, an MS vendor
 *    attribute and, for the CHAP exchange, Message-Authenticator = 0x00),
 *    captured with `tshark -i lo -w` and printed with
 *    `tshark -T fields -e udp.payload`. The CoA-Request and
 *    Disconnect-Request were sent by radclient to a port nobody listened
 *    on, only to capture them.
 */
#ifndef LNS_RAD_TEST_VECTORS_H
#define LNS_RAD_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#define RAD_TV_RFC_SECRET	"xyzzy5461"
#define RAD_TV_FR_SECRET	"lns-codec-secret"

/* Octets of hex into out[0..cap): their number, or -1 when hex is not
 * pairs of lower-case digits and blanks or does not fit. */
static inline int
rad_tv_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, x;

	for (; *hex != '\0'; hex++) {
		if (*hex == ' ' || *hex == '\n')
			continue;
		if (*hex >= '0' && *hex <= '9')
			x = *hex - '0';
		else if (*hex >= 'a' && *hex <= 'f')
			x = *hex - 'a' + 10;
		else
			return -1;
		if (hi < 0) {
			hi = x;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | x);
		hi = -1;
	}
	return hi < 0 ? (int)n : -1;
}

/* ---- RFC 2865 §7 ---- */

static const char rfc2865_pap_req[] =
	"01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb"
	"98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d"
	"93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8"
	"01 10 05 06 00 00 00 03";

static const char rfc2865_pap_accept[] =
	"02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf"
	"9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00"
	"0e 06 c0 a8 01 03";

static const char rfc2865_chap_req[] =
	"01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e"
	"0d 33 67 a2 01 08 66 6c 6f 70 73 79 03 13 16 e9"
	"75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75 04"
	"06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00"
	"02 07 06 00 00 00 01";

/* The hex dump, not the attribute list above it (RFC 2865 erratum 1469:
 * the list says Service-Type = Framed-User twice). */
static const char rfc2865_chap_accept[] =
	"02 01 00 38 15 ef bc 7d ab 26 cf a3 dc 34 d9 c0"
	"3c 86 01 a4 06 06 00 00 00 02 07 06 00 00 00 01"
	"08 06 ff ff ff fe 0a 06 00 00 00 02 0d 06 00 00"
	"00 01 0c 06 00 00 05 dc";

/* ---- RFC 5997 §6 ---- */

/* §6.1, to the authentication port, and its Access-Accept. */
static const char rfc5997_auth_req[] =
	"0c da 00 26 8a 54 f4 68 6f b3 94 c5 28 66 e3 02"
	"18 5d 06 23 50 12 5a 66 5e 2e 1e 84 11 f3 e2 43"
	"82 20 97 c8 4f a3";
static const char rfc5997_auth_resp[] =
	"02 da 00 14 ef 0d 55 2a 4b f2 d6 93 ec 2b 6f e8"
	"b5 41 1d 66";
/* §6.2, to the accounting port, and its Accounting-Response. The RFC
 * prints its Code as 02; the authenticator it gives is the one of Code 05,
 * which RFC 5997 §3 requires. */
static const char rfc5997_acct_req[] =
	"0c b3 00 26 92 5f 6b 66 dd 5f ed 57 1f cb 1d b7"
	"ad 38 82 60 50 12 e8 d6 ea bd a9 10 87 5c d9 1f"
	"da de 26 36 78 58";
static const char rfc5997_acct_resp[] =
	"05 b3 00 14 0f 6f 92 14 5f 10 7e 2f 50 4e 86 0a"
	"48 60 66 9c";

/* ---- FreeRADIUS 3.2.1 ---- */

/* Status-Server to each port, and the answers. */
static const char fr_status_auth_req[] =
	"0cbc0026 0c75c31c5ba75fdb194038ee7f3e72e0"
	"5012 186628bdb8d0a40ccf5f808c35329dc1";
static const char fr_status_auth_resp[] =
	"02bc0014 0596bfeacf2331bc334491d15cf74ce0";
static const char fr_status_acct_req[] =
	"0c610026 55b0de4e417a6dc94fe6c608a61841c0"
	"5012 623c2534fc7e8538e28b8dd1dbad0391";
static const char fr_status_acct_resp[] =
	"05610014 026938764eb9ff63dc7c489ff6757795";

static const char fr_acct_start[] =
	"04 52 0063 1f8dce88ee625b118a6e4d855a5b1920"
	"2806 00000001"			/* Acct-Status-Type = Start */
	"0109 6c6e7375736572"		/* User-Name = "lnsuser" */
	"2c0a 3030303030303261"		/* Acct-Session-Id = "0000002a" */
	"0406 c000020a"			/* NAS-IP-Address = 192.0.2.10 */
	"0506 0000002a"			/* NAS-Port = 42 */
	"3d06 00000005"			/* NAS-Port-Type = Virtual */
	"0606 00000002"			/* Service-Type = Framed-User */
	"0706 00000001"			/* Framed-Protocol = PPP */
	"0806 0a141e28"			/* Framed-IP-Address = 10.20.30.40 */
	"2d06 00000001"			/* Acct-Authentic = RADIUS */
	"3706 6553f100"			/* Event-Timestamp = 1700000000 */
	"2906 00000000";		/* Acct-Delay-Time = 0 */
static const char fr_acct_start_resp[] =
	"05520014 d93e3af076aa78978204ff489308ec12";

static const char fr_acct_stop[] =
	"04 d8 007b b7142db90ed04a334c4d53714ac6e15e"
	"5012 dcc8fabff26e3820c7c15c26b9204807"	/* Message-Authenticator */
	"2806 00000002"			/* Acct-Status-Type = Stop */
	"0109 6c6e7375736572"
	"2c0a 3030303030303261"
	"0406 c000020a"
	"2a06 2a05f200"			/* Acct-Input-Octets = 705032704 */
	"3406 00000001"			/* Acct-Input-Gigawords = 1 */
	"2b06 ffffffff"			/* Acct-Output-Octets = 2^32 - 1 */
	"2f06 0001e240"			/* Acct-Input-Packets = 123456 */
	"3006 0009fbf1"			/* Acct-Output-Packets = 654321 */
	"2e06 00001c20"			/* Acct-Session-Time = 7200 */
	"3106 00000001"			/* Acct-Terminate-Cause = User-Req. */
	"4006 01000003"			/* Tunnel-Type:1 = L2TP */
	"3706 65540d20";		/* Event-Timestamp = 1700007200 */
static const char fr_acct_stop_resp[] =
	"05d80014 00ec1dae9aa8a833b4a046d74c3c4e13";

static const char fr_pap_req[] =
	"01 d0 0065 09845ed952c65a93522ec5e38dbf61a8"
	"5012 9f8a23edf4e8513e9d5d0a28ac118bb3"	/* Message-Authenticator */
	"0109 6c6e7375736572"			/* User-Name = "lnsuser" */
	"0212 53f2bb599a99828adc8fbdfca26d4475"	/* User-Password = "lnspass" */
	"0406 c000020a"
	"0506 0000002a"
	"3d06 00000005"
	"0606 00000002"
	"0706 00000001"
	"1f06 6c616331";		/* Calling-Station-Id = "lac1" */

/* The reply attributes of the users file, as FreeRADIUS encodes them. */
#define FR_REPLY_ATTRS							\
	"0606 00000002"			/* Service-Type = Framed-User */ \
	"0706 00000001"			/* Framed-Protocol = PPP */	\
	"0806 0a141e28"			/* Framed-IP-Address */		\
	"6114 0040 20010db8000100020000000000000000"			\
					/* Framed-IPv6-Prefix /64 */	\
	"7b14 0038 20010db8010000000000000000000000"			\
					/* Delegated-IPv6-Prefix /56 */	\
	"600a 0000000000000001"		/* Framed-Interface-Id */	\
	"a912 20010db8000000000000000000000053"				\
					/* DNS-Server-IPv6-Address */	\
	"1b06 00000e10"			/* Session-Timeout = 3600 */	\
	"5506 0000012c"			/* Acct-Interim-Interval = 300 */ \
	"4006 01000003"			/* Tunnel-Type:1 = L2TP */	\
	"4106 01000001"			/* Tunnel-Medium-Type:1 = IPv4 */ \
	"430c 01 3139322e302e322e31"	/* Tunnel-Server-Endpoint:1 */	\
	"190b 6c6e732d636c617373"	/* Class = "lns-class" */	\
	"1a0c 00000137 1c06 c0000235"	/* MS-Primary-DNS-Server */	\
	"1209 77656c636f6d65"		/* Reply-Message = "welcome" */

static const char fr_pap_accept[] =
	"02 d0 00ae 17c2996e6a16f4f74b984e2269a46a15" FR_REPLY_ATTRS;

static const char fr_chap_req[] =
	"01 59 004e df0afdce000fb926b19aa8507c3f481d"
	"5012 ef3ffee21c23bf52ec3e9417abd9a3c7"
	"0109 6c6e7375736572"
	"0313 ed 7da3c78bf36a86774467960bc82f62f9"	/* CHAP-Password */
	"0406 c000020a"
	"0506 00000007";

/* With "Message-Authenticator = 0x00" added to the users file reply. */
static const char fr_chap_accept[] =
	"02 59 00c0 a99a381036b423a75e0dd33114eb9c77" FR_REPLY_ATTRS
	"5012 d6c6d8893ac70c7c3d56929375430355";

/* A wrong 31-character password: two blocks of hiding; the reply came
 * with the same attributes (no reject filtering in that configuration). */
static const char fr_pw2_req[] =
	"01 a1 0045 d89a26007da824b6b310849a302458e0"
	"0109 6c6e7375736572"
	"0222 f0bbbcf1c4cb4945d01d923d844ae220"
	"     f89d5871eb60c9da31a83a6d8f33c1d1"
	"0406 c000020a";

static const char fr_pw2_reject[] =
	"03 a1 00ae 6c52b65629237cc412c129b9c4eb6da9" FR_REPLY_ATTRS;

static const char fr_coa[] =
	"2b c1 0045 98276068b4065bc7264c1e32d6706655"
	"5012 2ea11d7196562733af798bb42c804850"
	"0109 6c6e7375736572"
	"2c0a 3030303030303261"
	"1b06 00000708"				/* Session-Timeout = 1800 */
	"0b06 676f6c64";			/* Filter-Id = "gold" */
static const char fr_disconnect[] =
	"28 ee 002d 87386f32f1d6234d25042e3c7f19191c"
	"0109 6c6e7375736572"
	"2c0a 3030303030303261"
	"0406 c000020a";

/* Requests and their answers (NULL: none), for the fuzz seeds. */
struct rad_tv_pair {
	const char *name;
	const char *secret;
	const char *req;
	const char *resp;
};

static const struct rad_tv_pair rad_tv_pairs[] = {
	{ "rfc2865-pap", RAD_TV_RFC_SECRET, rfc2865_pap_req,
		rfc2865_pap_accept },
	{ "rfc2865-chap", RAD_TV_RFC_SECRET, rfc2865_chap_req,
		rfc2865_chap_accept },
	{ "rfc5997-status-auth", RAD_TV_RFC_SECRET, rfc5997_auth_req,
		rfc5997_auth_resp },
	{ "rfc5997-status-acct", RAD_TV_RFC_SECRET, rfc5997_acct_req,
		rfc5997_acct_resp },
	{ "fr-status-auth", RAD_TV_FR_SECRET, fr_status_auth_req,
		fr_status_auth_resp },
	{ "fr-status-acct", RAD_TV_FR_SECRET, fr_status_acct_req,
		fr_status_acct_resp },
	{ "fr-acct-start", RAD_TV_FR_SECRET, fr_acct_start,
		fr_acct_start_resp },
	{ "fr-acct-stop-ma", RAD_TV_FR_SECRET, fr_acct_stop,
		fr_acct_stop_resp },
	{ "fr-pap-ma", RAD_TV_FR_SECRET, fr_pap_req, fr_pap_accept },
	{ "fr-chap-accept-ma", RAD_TV_FR_SECRET, fr_chap_req,
		fr_chap_accept },
	{ "fr-pap-reject", RAD_TV_FR_SECRET, fr_pw2_req, fr_pw2_reject },
	{ "fr-coa-ma", RAD_TV_FR_SECRET, fr_coa, NULL },
	{ "fr-disconnect", RAD_TV_FR_SECRET, fr_disconnect, NULL },
};

#endif /* LNS_RAD_TEST_VECTORS_H */
