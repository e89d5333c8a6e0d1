# SPDX-License-Identifier: GPL-2.0
# BLAKE2s / HMAC and X25519 unit tests (H3).
UNIT_TESTS += test_blake2s
test_blake2s_SRCS := src/tests/unit/test_blake2s.c src/crypto/blake2s.c
test_blake2s_LDLIBS := -lcrypto

UNIT_TESTS += test_curve25519
test_curve25519_SRCS := src/tests/unit/test_curve25519.c src/crypto/curve25519.c
test_curve25519_LDLIBS := -lsodium -lcrypto

# The 100,000-pair differential per path, at -O2 without sanitizers (speed).
UNIT_TESTS += test_x25519_diff
test_x25519_diff_SRCS := src/tests/unit/test_curve25519.c src/crypto/curve25519.c
test_x25519_diff_CFLAGS := -O2 -fno-sanitize=all -Wno-unused-function -DX25519_DIFF_ONLY -DX25519_DIFF_DEFAULT=100000
test_x25519_diff_LDLIBS := -lsodium -lcrypto

# Constant-time check: ct_target runs under valgrind memcheck (no sanitizers,
# -O2 as in the kernel); ct_target_planted has a planted secret-dependent
# branch that test_ct must see reported.
CT_SRCS := src/tests/unit/ct_target.c $(wildcard src/crypto/*.c)
CT_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror -Isrc -Isrc/tests/shim -DWG_CT_VALGRIND
build/unit/ct_target: $(CT_SRCS) $(wildcard src/crypto/*.h src/tests/shim/*.h)
	@mkdir -p build/unit
	$(CC) $(CT_CFLAGS) -o $@ $(CT_SRCS)
build/unit/ct_target_planted: $(CT_SRCS) $(wildcard src/crypto/*.h src/tests/shim/*.h)
	@mkdir -p build/unit
	$(CC) $(CT_CFLAGS) -DWG_CT_PLANT -o $@ $(CT_SRCS)
UNIT_TESTS += test_ct
test_ct_SRCS := src/tests/unit/test_ct.c
build/unit/test_ct: build/unit/ct_target build/unit/ct_target_planted

# Both field-arithmetic paths against OpenSSL BIGNUM on carry-heavy limbs.
UNIT_TESTS += test_x25519_field
test_x25519_field_SRCS := src/tests/unit/test_x25519_field.c
test_x25519_field_LDLIBS := -lcrypto
build/unit/test_x25519_field: src/crypto/curve25519.c
