# SPDX-License-Identifier: GPL-2.0
# ChaCha20 / Poly1305 / (X)ChaCha20-Poly1305 unit and differential tests (H2).
CSYM_SRCS := src/crypto/chacha20.c src/crypto/chacha20_simd.c src/crypto/poly1305.c src/crypto/poly1305_simd.c \
	src/crypto/chacha20poly1305_selftest.c src/crypto/crypto.c \
	src/crypto/blake2s.c src/crypto/curve25519.c

UNIT_TESTS += test_crypto_sym
test_crypto_sym_SRCS := src/tests/unit/test_crypto_sym.c $(CSYM_SRCS)
test_crypto_sym_LDLIBS := -lsodium

# Optimized and without sanitizers so that 100,000 inputs per path stay
# within seconds (test_crypto_sym covers the same code under ASan/UBSan).
UNIT_TESTS += diff_crypto_sym
diff_crypto_sym_SRCS := src/tests/unit/diff_crypto_sym.c $(CSYM_SRCS) src/crypto/chacha20poly1305.c
diff_crypto_sym_CFLAGS := -O2 -fno-sanitize=all
diff_crypto_sym_LDLIBS := -lsodium -lcrypto
