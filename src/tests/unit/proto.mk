# SPDX-License-Identifier: GPL-2.0
# Protocol core (H6): the §11 exchange through handshake.c/macs.c, and the
# replay window and token bucket.
# All of the crypto directory: the same primitives and dispatch the module uses.
PROTO_CRYPTO_SRCS := $(wildcard src/crypto/*.c)

UNIT_TESTS += test_handshake
test_handshake_SRCS := src/tests/unit/test_handshake.c src/handshake.c src/macs.c \
	$(PROTO_CRYPTO_SRCS)

UNIT_TESTS += test_replay
test_replay_SRCS := src/tests/unit/test_replay.c src/replay.c
