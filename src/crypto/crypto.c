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
MODULE_PARM_DESC(crypto_paths, "SIMD paths the crypto may use: bitmask of 1 SSSE3, 2 AVX2, 4 AVX-512, 8 BMI2+ADX, 16 AVX-512 IFMA (default: all the CPU has; 0: portable C)");
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
	return 0;
}
