// SPDX-License-Identifier: GPL-2.0
/*
 * X25519 for `wg pubkey`/`genkey`: the module's own constant-time code
 * (src/crypto/curve25519.c), built here through the userspace shim, so the
 * tool and the kernel share one audited implementation. The portable path is
 * used (no CPU dispatch in the tool; speed does not matter here).
 */
#include "../crypto/curve25519.c"
#include "curve25519.h"

unsigned int wg_crypto_enabled;

void curve25519_public_key(uint8_t pub[32], const uint8_t priv[32])
{
	static const u8 basepoint[CURVE25519_KEY_SIZE] = { 9 };

	/* As upstream wg: no special case for an all-zero key (clamping makes
	 * it a valid scalar); a low-order result cannot come from base point 9. */
	wg_curve25519(pub, priv, basepoint);
}

void curve25519_clamp(uint8_t key[32])
{
	wg_curve25519_clamp_secret(key);
}
