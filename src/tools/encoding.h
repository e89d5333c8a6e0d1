/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_ENCODING_H
#define WGT_ENCODING_H

#include <stdbool.h>
#include "containers.h"

#define WGT_KEY_HEX_LEN 64

void key_to_base64(wg_key_b64 out, const wg_key key);
/* Strict: exactly 44 chars, canonical, '=' at the end.  Constant time. */
bool key_from_base64(wg_key key, const char *b64);
void key_to_hex(char out[WGT_KEY_HEX_LEN + 1], const wg_key key);
bool key_from_hex(wg_key key, const char *hex);
bool key_is_zero(const wg_key key);
void key_wipe(void *p, size_t len);

#endif
