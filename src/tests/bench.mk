# SPDX-License-Identifier: GPL-2.0
# make bench-crypto: ours vs OpenSSL vs libsodium, natively (H2).
BENCH_SRCS := src/tests/bench_crypto.c src/crypto/chacha20.c src/crypto/chacha20_simd.c \
	src/crypto/poly1305.c src/crypto/poly1305_simd.c src/crypto/chacha20poly1305.c \
	src/crypto/chacha20poly1305_selftest.c src/crypto/crypto.c \
	src/crypto/blake2s.c src/crypto/curve25519.c
