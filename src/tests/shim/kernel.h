/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small userspace stand-in for the kernel facilities that the module's
 * portable code (crypto, allowed-IPs trie, replay window, parsers) uses, so
 * that the same sources build for unit tests, fuzzers and benchmarks.
 * Area-specific additions go in their own headers in this directory.
 */
#ifndef WG_SHIM_KERNEL_H
#define WG_SHIM_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/random.h>
#ifdef WG_CT_VALGRIND
#include <valgrind/memcheck.h>
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t __be64;
typedef unsigned __int128 u128;

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __packed __attribute__((__packed__))
#define __force
#define __must_check __attribute__((__warn_unused_result__))
#define __maybe_unused __attribute__((__unused__))
#define __init
#define __exit
#define __ro_after_init
#define __read_mostly
#define fallthrough __attribute__((__fallthrough__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define EXPORT_SYMBOL(x)
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define WARN_ON(c) ({ int __c = !!(c); if (__c) fprintf(stderr, "WARN_ON %s:%d\n", __FILE__, __LINE__); __c; })
#define pr_err(...) fprintf(stderr, __VA_ARGS__)
#define pr_info(...) fprintf(stderr, __VA_ARGS__)
#define pr_debug(...) do { } while (0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y) - 1)))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define BITS_PER_LONG 64
#define BIT(n) (1UL << (n))
#define U64_MAX UINT64_MAX
#define U32_MAX UINT32_MAX

static inline u32 rol32(u32 w, unsigned int s) { return (w << (s & 31)) | (w >> ((-s) & 31)); }
static inline u32 ror32(u32 w, unsigned int s) { return (w >> (s & 31)) | (w << ((-s) & 31)); }
static inline u64 rol64(u64 w, unsigned int s) { return (w << (s & 63)) | (w >> ((-s) & 63)); }

/* x86_64 and every host we test on is little-endian. */
#define cpu_to_le16(x) ((u16)(x))
#define cpu_to_le32(x) ((u32)(x))
#define cpu_to_le64(x) ((u64)(x))
#define le16_to_cpu(x) ((u16)(x))
#define le32_to_cpu(x) ((u32)(x))
#define le64_to_cpu(x) ((u64)(x))
#define cpu_to_be16(x) __builtin_bswap16(x)
#define cpu_to_be32(x) __builtin_bswap32(x)
#define cpu_to_be64(x) __builtin_bswap64(x)
#define be16_to_cpu(x) __builtin_bswap16(x)
#define be32_to_cpu(x) __builtin_bswap32(x)
#define be64_to_cpu(x) __builtin_bswap64(x)
#define htons(x) __builtin_bswap16(x)
#define ntohs(x) __builtin_bswap16(x)
#define le32_to_cpus(p) do { } while (0)
#define cpu_to_le32s(p) do { } while (0)

#define SHIM_GET_UNALIGNED(t, p) ({ t __v; memcpy(&__v, (p), sizeof(__v)); __v; })
#define SHIM_PUT_UNALIGNED(v, p) do { __typeof__(v) __v = (v); memcpy((p), &__v, sizeof(__v)); } while (0)
static inline u16 get_unaligned_le16(const void *p) { return SHIM_GET_UNALIGNED(u16, p); }
static inline u32 get_unaligned_le32(const void *p) { return SHIM_GET_UNALIGNED(u32, p); }
static inline u64 get_unaligned_le64(const void *p) { return SHIM_GET_UNALIGNED(u64, p); }
static inline u32 get_unaligned_be32(const void *p) { return __builtin_bswap32(SHIM_GET_UNALIGNED(u32, p)); }
static inline u64 get_unaligned_be64(const void *p) { return __builtin_bswap64(SHIM_GET_UNALIGNED(u64, p)); }
static inline void put_unaligned_le32(u32 v, void *p) { SHIM_PUT_UNALIGNED(v, p); }
static inline void put_unaligned_le64(u64 v, void *p) { SHIM_PUT_UNALIGNED(v, p); }
static inline void put_unaligned_be32(u32 v, void *p) { SHIM_PUT_UNALIGNED(__builtin_bswap32(v), p); }
static inline void put_unaligned_be64(u64 v, void *p) { SHIM_PUT_UNALIGNED(__builtin_bswap64(v), p); }

static inline void memzero_explicit(void *s, size_t n)
{
	memset(s, 0, n);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

/* Constant time: returns non-zero iff the buffers differ. */
static inline unsigned long crypto_memneq(const void *a, const void *b, size_t n)
{
	const volatile u8 *x = a, *y = b;
	unsigned long neq = 0;

	while (n--)
		neq |= *x++ ^ *y++;
#ifdef WG_CT_VALGRIND
	/* The constant-time test (src/tests/unit/ct_target.c) marks secrets
	 * undefined for valgrind; the verdict of a MAC comparison is public. */
	VALGRIND_MAKE_MEM_DEFINED(&neq, sizeof(neq));
#endif
	return neq;
}

static inline void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;

	while (n) {
		ssize_t r = getrandom(p, n, 0);

		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			abort();
		}
		p += r;
		n -= (size_t)r;
	}
}

static inline u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

/* SIMD sections are free in userspace. */
static inline void kernel_fpu_begin(void) { }
static inline void kernel_fpu_end(void) { }
static inline bool may_use_simd(void) { return true; }

#define kmalloc(n, f) malloc(n)
#define kzalloc(n, f) calloc(1, n)
#define kcalloc(n, s, f) calloc(n, s)
#define kfree(p) free(p)
#define kvfree(p) free(p)
#define kfree_sensitive(p) free(p)
#define GFP_KERNEL 0
#define GFP_ATOMIC 0

#endif /* WG_SHIM_KERNEL_H */
