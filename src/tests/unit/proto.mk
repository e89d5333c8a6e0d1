# SPDX-License-Identifier: GPL-2.0
# Protocol core (H6): the §11 exchange through handshake.c/macs.c, and the
# replay window and token bucket.
PROTO_CRYPTO_SRCS := src/crypto/blake2s.c src/crypto/curve25519.c \
	src/crypto/chacha20.c src/crypto/chacha20_simd.c src/crypto/poly1305.c \
	src/crypto/chacha20poly1305.c src/crypto/chacha20poly1305_selftest.c \
	src/crypto/crypto.c

UNIT_TESTS += test_handshake
test_handshake_SRCS := src/tests/unit/test_handshake.c src/handshake.c src/macs.c \
	$(PROTO_CRYPTO_SRCS)

UNIT_TESTS += test_replay
test_replay_SRCS := src/tests/unit/test_replay.c src/replay.c
