// SPDX-License-Identifier: GPL-2.0
/*
 * CPU-feature detection, the choice of SIMD paths, and the load-time
 * self-test of every primitive.
 */
#include "crypto.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#ifdef CONFIG_X86_64
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xstate.h>
#endif
#endif

static unsigned int wg_crypto_avail __ro_after_init;
unsigned int wg_crypto_enabled __read_mostly;

#ifdef __KERNEL__
/* Under QEMU TCG, emulated vector instructions make the portable code the
 * fastest: crypto_paths=0 selects it, at load or later through sysfs (each
 * operation reads the mask once, so a change applies to the next one). */
static unsigned int crypto_paths = ~0U;

static int crypto_paths_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	if (!ret && wg_crypto_avail)
		WRITE_ONCE(wg_crypto_enabled, wg_crypto_avail & crypto_paths);
	return ret;
}

static const struct kernel_param_ops crypto_paths_ops = {
	.set = crypto_paths_set,
	.get = param_get_uint,
};
module_param_cb(crypto_paths, &crypto_paths_ops, &crypto_paths, 0644);
MODULE_PARM_DESC(crypto_paths, "SIMD paths the crypto may use: bitmask of 1 SSSE3, 2 AVX2, 4 AVX-512, 8 BMI2+ADX, 16 AVX-512 IFMA (default: all the CPU has, each family calibrated at load against the portable C; 0: portable C)");
#else
static const unsigned int crypto_paths = ~0U;
#endif

/* AVX-512 here means AVX512F + AVX512VL with the OS saving the zmm state. */
static unsigned int wg_crypto_detect(void)
{
	unsigned int m = 0;

#if defined(__KERNEL__) && defined(CONFIG_X86_64)
	if (boot_cpu_has(X86_FEATURE_SSSE3))
		m |= WG_IMPL_SSSE3;
	if (boot_cpu_has(X86_FEATURE_AVX) && boot_cpu_has(X86_FEATURE_AVX2) &&
	    cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL))
		m |= WG_IMPL_AVX2;
	if ((m & WG_IMPL_AVX2) && boot_cpu_has(X86_FEATURE_AVX512F) &&
	    boot_cpu_has(X86_FEATURE_AVX512VL) &&
	    cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM |
			      XFEATURE_MASK_AVX512, NULL))
		m |= WG_IMPL_AVX512;
	if ((m & WG_IMPL_AVX512) && boot_cpu_has(X86_FEATURE_AVX512IFMA))
		m |= WG_IMPL_AVX512IFMA;
	if (boot_cpu_has(X86_FEATURE_BMI2) && boot_cpu_has(X86_FEATURE_ADX))
		m |= WG_IMPL_BMI2_ADX;
#elif !defined(__KERNEL__) && defined(__x86_64__)
	/* libgcc also checks that the OS enabled the ymm/zmm state */
	__builtin_cpu_init();
	if (__builtin_cpu_supports("ssse3"))
		m |= WG_IMPL_SSSE3;
	if (__builtin_cpu_supports("avx2"))
		m |= WG_IMPL_AVX2;
	if ((m & WG_IMPL_AVX2) && __builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512vl"))
		m |= WG_IMPL_AVX512;
	if ((m & WG_IMPL_AVX512) && __builtin_cpu_supports("avx512ifma"))
		m |= WG_IMPL_AVX512IFMA;
	if (__builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx"))
		m |= WG_IMPL_BMI2_ADX;
#endif
	return m;
}

unsigned int wg_crypto_available(void)
{
	return wg_crypto_avail;
}

void wg_crypto_force(unsigned int mask)
{
	WRITE_ONCE(wg_crypto_enabled, wg_crypto_avail & mask);
}

static bool wg_crypto_selftest_path(void)
{
	bool ok = true;

	ok &= wg_chacha20poly1305_selftest();
	ok &= wg_blake2s_selftest();
	ok &= wg_curve25519_selftest();
	return ok;
}

bool wg_crypto_selftest(bool all)
{
	static const unsigned int paths[] = {
		WG_IMPL_SSSE3, WG_IMPL_AVX2, WG_IMPL_AVX512, WG_IMPL_BMI2_ADX,
		WG_IMPL_AVX512 | WG_IMPL_AVX512IFMA
	};
	unsigned int saved = READ_ONCE(wg_crypto_enabled), i;
	bool ok;

	if (!all)
		return wg_crypto_selftest_path();
	wg_crypto_force(0);
	ok = wg_crypto_selftest_path();
	if (!ok)
		pr_err("crypto self-test failed on the portable path\n");
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		if ((wg_crypto_avail & paths[i]) != paths[i])
			continue;
		wg_crypto_force(paths[i]);
		if (!wg_crypto_selftest_path()) {
			pr_err("crypto self-test failed on path 0x%x\n", paths[i]);
			ok = false;
		}
	}
	WRITE_ONCE(wg_crypto_enabled, saved);
	return ok;
}

#ifdef __KERNEL__
/*
 * Load-time calibration (as the kernel does for raid6 and xor): time each
 * family on the SIMD paths the CPU offers and on the portable code, keep the
 * faster. Natively SIMD wins by far; under an emulator such as QEMU TCG the
 * emulated vector and ADX instructions can lose to plain C. Only when
 * crypto_paths was left at its default; the choice is logged.
 */
enum { WG_CAL_LEN = 1420, WG_CAL_ROUNDS = 3 };

/* Best of WG_CAL_ROUNDS, in ns, of one X25519 or one 1420-byte AEAD. */
static u64 wg_crypto_time(unsigned int mask, u8 *buf, bool x25519)
{
	static const u8 nine[CURVE25519_KEY_SIZE] = { 9 };
	u64 best = U64_MAX, t;
	int i;

	wg_crypto_force(mask);
	for (i = 0; i < WG_CAL_ROUNDS; i++) {
		t = ktime_get_ns();
		if (x25519)
			wg_curve25519(buf, buf + CURVE25519_KEY_SIZE, nine);
		else
			wg_chacha20poly1305_encrypt(buf + 64, buf + 64 + WG_CAL_LEN + 16,
						    WG_CAL_LEN, NULL, 0, i, buf);
		best = min(best, ktime_get_ns() - t);
	}
	return best;
}

static unsigned int wg_crypto_calibrate(void)
{
	const unsigned int sym = WG_IMPL_SSSE3 | WG_IMPL_AVX2 | WG_IMPL_AVX512 |
				 WG_IMPL_AVX512IFMA;
	unsigned int mask = wg_crypto_avail;
	u64 aead[2] = { 0, 0 }, x[2] = { 0, 0 };
	u8 *buf;

	if (!(mask & (sym | WG_IMPL_BMI2_ADX)))
		return mask;
	buf = kzalloc(64 + 2 * (WG_CAL_LEN + 16), GFP_KERNEL);
	if (!buf)
		return mask;
	if (mask & sym) {
		aead[0] = wg_crypto_time(wg_crypto_avail, buf, false);
		aead[1] = wg_crypto_time(wg_crypto_avail & ~sym, buf, false);
		if (aead[1] < aead[0])
			mask &= ~sym;
	}
	if (mask & WG_IMPL_BMI2_ADX) {
		x[0] = wg_crypto_time(wg_crypto_avail, buf, true);
		x[1] = wg_crypto_time(wg_crypto_avail & ~WG_IMPL_BMI2_ADX, buf, true);
		if (x[1] < x[0])
			mask &= ~WG_IMPL_BMI2_ADX;
	}
	kfree_sensitive(buf);
	pr_info("crypto paths 0x%x of 0x%x (1420 B AEAD %llu ns SIMD, %llu ns portable; X25519 %llu ns ADX, %llu ns portable)\n",
		mask, wg_crypto_avail, aead[0], aead[1], x[0], x[1]);
	return mask;
}
#endif

int wg_crypto_init(void)
{
	bool all = false;

#ifdef WG_DEBUG
	all = true;
#endif
	wg_crypto_avail = wg_crypto_detect();
	wg_crypto_enabled = wg_crypto_avail & crypto_paths;
	if (!wg_crypto_selftest(all)) {
		pr_err("crypto self-test failed, refusing to load\n");
		return -ENOTRECOVERABLE;
	}
	if (all)
		pr_info("crypto self-tests: pass (paths 0x%x, using 0x%x)\n",
			wg_crypto_avail, wg_crypto_enabled);
#ifdef __KERNEL__
	if (crypto_paths == ~0U)
		WRITE_ONCE(wg_crypto_enabled, wg_crypto_calibrate());
#endif
	return 0;
}
