/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer harnesses and the standalone corpus driver.
 * FUZZ_CHECK aborts with a message: a violated invariant is a finding,
 * exactly like a sanitizer report.
 */
#ifndef WG_FUZZ_H
#define WG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz invariant violated at %s:%d: %s: ", \
			__FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* Checking code of a harness (models, parsers of what was sent) gives the
 * fuzzer no useful feedback: keep libFuzzer's coverage hooks out of it. */
#if defined(__clang__) && defined(FUZZ_LIBFUZZER)
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NOCOV
#endif

/* Sequential reader over the fuzz input: reading past the end yields zeros
 * and sets @eof, so harnesses never index the input themselves. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
	int eof;
};

static inline uint8_t fin_u8(struct fuzz_in *in)
{
	if (!in->left) {
		in->eof = 1;
		return 0;
	}
	in->left--;
	return *in->p++;
}

static inline uint16_t fin_u16(struct fuzz_in *in)
{
	uint16_t v = fin_u8(in);

	return (uint16_t)(v | fin_u8(in) << 8);
}

static inline uint64_t fin_u64(struct fuzz_in *in)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)fin_u8(in) << (8 * i);
	return v;
}

/* Copies up to @n bytes; the rest of @dst is zeroed. Returns bytes copied. */
static inline size_t fin_bytes(struct fuzz_in *in, void *dst, size_t n)
{
	size_t k = n < in->left ? n : in->left;
	size_t i;

	for (i = 0; i < k; i++)
		((uint8_t *)dst)[i] = in->p[i];
	for (; i < n; i++)
		((uint8_t *)dst)[i] = 0;
	if (k < n)
		in->eof = 1;
	in->p += k;
	in->left -= k;
	return k;
}

/* Where the harnesses send the parsers' diagnostics (opened once). */
FILE *fuzz_devnull(void);
/* hermetic.c: fopen limited to the key.* fixtures while on */
void fuzz_hermetic(_Bool on);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* WG_FUZZ_H */
