/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_CURVE25519_H
#define WGT_CURVE25519_H

#include <stdint.h>

/* X25519(scalar, 9): the public key of a private key (clamped inside). */
void curve25519_public_key(uint8_t pub[32], const uint8_t priv[32]);
void curve25519_clamp(uint8_t key[32]);

#endif
