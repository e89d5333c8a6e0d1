# SPDX-License-Identifier: GPL-2.0
# BLAKE2s / HMAC and X25519 unit tests (H3).
UNIT_TESTS += test_blake2s
test_blake2s_SRCS := src/tests/unit/test_blake2s.c src/crypto/blake2s.c
test_blake2s_LDLIBS := -lcrypto
