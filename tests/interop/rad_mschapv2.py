#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""MS-CHAPv2 (RFC 2759) attributes for radclient, which itself only does
MS-CHAPv1 (radtest -t mschap sends MS-CHAP-Response). Independent of lnsd's
own implementation, so that it can check the RADIUS harness.

  rad_mschapv2.py USER PASSWORD EXPECT_FILE
      prints User-Name, MS-CHAP-Challenge, MS-CHAP2-Response (RFC 2548)
      for a random challenge pair, and Message-Authenticator; writes the AuthenticatorResponse the server
      must send back ("S=...") to EXPECT_FILE
  rad_mschapv2.py --selftest
      checks every RFC 2759 section 9.2 value; exit status 0 if all match

MD4 and DES come from the openssl command (its legacy provider): Python's
hashlib has no MD4 under OpenSSL 3 and the standard library has no DES.
"""
import hashlib
import os
import subprocess
import sys

MAGIC1 = b"Magic server to client signing constant"
MAGIC2 = b"Pad to make it do more than one iteration"


def openssl(args, data):
    return subprocess.run(
        ["openssl"] + args + ["-provider", "legacy", "-provider", "default"],
        input=data, capture_output=True, check=True).stdout


def md4(data):
    return openssl(["dgst", "-md4", "-binary"], data)


def des_encrypt(key7, block):
    """DES of one block under a 56-bit key (parity bits left zero)."""
    k = int.from_bytes(key7, "big")
    key8 = bytes(((k >> (49 - 7 * i)) & 0x7F) << 1 for i in range(8))
    return openssl(["enc", "-des-ecb", "-nopad", "-K", key8.hex()], block)


def nt_password_hash(password):
    return md4(password.encode("utf-16-le"))


def challenge_hash(peer, auth, user):
    return hashlib.sha1(peer + auth + user.encode()).digest()[:8]


def challenge_response(challenge, pw_hash):
    z = pw_hash + bytes(5)
    return b"".join(des_encrypt(z[i:i + 7], challenge) for i in (0, 7, 14))


def nt_response(auth, peer, user, password):
    return challenge_response(challenge_hash(peer, auth, user),
                              nt_password_hash(password))


def authenticator_response(password, nt_resp, peer, auth, user):
    hash_hash = md4(nt_password_hash(password))
    digest = hashlib.sha1(hash_hash + nt_resp + MAGIC1).digest()
    digest = hashlib.sha1(digest + challenge_hash(peer, auth, user) +
                          MAGIC2).digest()
    return "S=" + digest.hex().upper()


def selftest():
    user, password = "User", "clientPass"
    auth = bytes.fromhex("5B5D7C7D7B3F2F3E3C2C602132262628")
    peer = bytes.fromhex("21402324255E262A28295F2B3A337C7E")
    checks = [
        ("ChallengeHash", challenge_hash(peer, auth, user).hex().upper(),
         "D02E4386BCE91226"),
        ("NtPasswordHash", nt_password_hash(password).hex().upper(),
         "44EBBA8D5312B8D611474411F56989AE"),
        ("PasswordHashHash", md4(nt_password_hash(password)).hex().upper(),
         "41C00C584BD2D91C4017A2A12FA59F3F"),
        ("NT-Response", nt_response(auth, peer, user, password).hex().upper(),
         "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"),
        ("AuthenticatorResponse",
         authenticator_response(password, nt_response(auth, peer, user, password),
                                peer, auth, user),
         "S=407A5589115FD0D6209F510FE9C04566932CDA56"),
    ]
    bad = 0
    for name, got, want in checks:
        if got != want:
            print(f"{name}: {got} != {want}", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    user, password, expect = sys.argv[1:]
    auth, peer = os.urandom(16), os.urandom(16)
    resp = nt_response(auth, peer, user, password)
    # RFC 2548 2.3.2: Ident, Flags, Peer-Challenge, Reserved (8), Response.
    ms2 = bytes([1, 0]) + peer + bytes(8) + resp
    print(f'User-Name = "{user}"')
    print(f"MS-CHAP-Challenge = 0x{auth.hex()}")
    print(f"MS-CHAP2-Response = 0x{ms2.hex()}")
    print("Message-Authenticator = 0x00")   # radclient computes it
    with open(expect, "w") as f:
        f.write(authenticator_response(password, resp, peer, auth, user) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
