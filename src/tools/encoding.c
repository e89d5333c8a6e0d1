// SPDX-License-Identifier: GPL-2.0
/*
 * Key text encodings: standard base64 (44 characters for 32 bytes) and
 * lowercase hex (the UAPI protocol).  Decoding avoids branches and table
 * lookups that depend on the secret characters.
 */
#include <string.h>

#include "encoding.h"

/* all ones if lo <= c <= hi, else 0; c, lo, hi in 0..255 */
static int in_range_mask(int c, int lo, int hi)
{
	return ((lo - 1 - c) & (c - hi - 1)) >> 8;
}

static char b64_char(unsigned int v)
{
	/* v in 0..63 */
	int c = 'A' + v;
	int x = (int)v;

	c += in_range_mask(x, 26, 51) & ('a' - 'A' - 26);
	c += in_range_mask(x, 52, 61) & ('0' - 'A' - 52);
	c += in_range_mask(x, 62, 62) & ('+' - 'A' - 62);
	c += in_range_mask(x, 63, 63) & ('/' - 'A' - 63);
	return (char)c;
}

/* 0..63, or -1 for a character outside the alphabet */
static int b64_value(unsigned char ch)
{
	int c = ch, v = -1;

	v += in_range_mask(c, 'A', 'Z') & (c - 'A' + 1);
	v += in_range_mask(c, 'a', 'z') & (c - 'a' + 26 + 1);
	v += in_range_mask(c, '0', '9') & (c - '0' + 52 + 1);
	v += in_range_mask(c, '+', '+') & (62 + 1);
	v += in_range_mask(c, '/', '/') & (63 + 1);
	return v;
}

void key_to_base64(wg_key_b64 out, const wg_key key)
{
	unsigned int i, v;

	for (i = 0; i < WGT_KEY_LEN / 3; i++) {
		v = key[i * 3] << 16 | key[i * 3 + 1] << 8 | key[i * 3 + 2];
		out[i * 4 + 0] = b64_char((v >> 18) & 63);
		out[i * 4 + 1] = b64_char((v >> 12) & 63);
		out[i * 4 + 2] = b64_char((v >> 6) & 63);
		out[i * 4 + 3] = b64_char(v & 63);
	}
	v = key[30] << 16 | key[31] << 8;
	out[40] = b64_char((v >> 18) & 63);
	out[41] = b64_char((v >> 12) & 63);
	out[42] = b64_char((v >> 6) & 63);
	out[43] = '=';
	out[44] = '\0';
}

bool key_from_base64(wg_key key, const char *b64)
{
	unsigned int i;
	int bad = 0, a, b, c, d;
	wg_key tmp;

	if (!b64 || strlen(b64) != WGT_KEY_B64_LEN || b64[43] != '=')
		return false;
	for (i = 0; i < WGT_KEY_LEN / 3; i++) {
		a = b64_value(b64[i * 4]);
		b = b64_value(b64[i * 4 + 1]);
		c = b64_value(b64[i * 4 + 2]);
		d = b64_value(b64[i * 4 + 3]);
		bad |= (a | b | c | d) & 0x100;	/* -1 has bit 8 set */
		tmp[i * 3] = (uint8_t)((unsigned int)a << 2 | (unsigned int)b >> 4);
		tmp[i * 3 + 1] = (uint8_t)((unsigned int)b << 4 | (unsigned int)c >> 2);
		tmp[i * 3 + 2] = (uint8_t)((unsigned int)c << 6 | (unsigned int)d);
	}
	a = b64_value(b64[40]);
	b = b64_value(b64[41]);
	c = b64_value(b64[42]);
	bad |= (a | b | c) & 0x100;
	bad |= c & 3;			/* non-canonical: low bits must be zero */
	tmp[30] = (uint8_t)((unsigned int)a << 2 | (unsigned int)b >> 4);
	tmp[31] = (uint8_t)((unsigned int)b << 4 | (unsigned int)c >> 2);
	if (!bad)
		memcpy(key, tmp, WGT_KEY_LEN);
	key_wipe(tmp, sizeof(tmp));
	return !bad;
}

void key_to_hex(char out[WGT_KEY_HEX_LEN + 1], const wg_key key)
{
	unsigned int i, n;

	for (i = 0; i < WGT_KEY_LEN; i++) {
		n = key[i] >> 4;
		out[i * 2] = (char)('0' + n + (in_range_mask((int)n, 10, 15) & ('a' - '0' - 10)));
		n = key[i] & 15;
		out[i * 2 + 1] = (char)('0' + n + (in_range_mask((int)n, 10, 15) & ('a' - '0' - 10)));
	}
	out[WGT_KEY_HEX_LEN] = '\0';
}

static int hex_value(unsigned char ch)
{
	int c = ch, v = -1;

	v += in_range_mask(c, '0', '9') & (c - '0' + 1);
	v += in_range_mask(c, 'a', 'f') & (c - 'a' + 10 + 1);
	v += in_range_mask(c, 'A', 'F') & (c - 'A' + 10 + 1);
	return v;
}

bool key_from_hex(wg_key key, const char *hex)
{
	unsigned int i;
	int bad = 0, h, l;
	wg_key tmp;

	if (!hex || strlen(hex) != WGT_KEY_HEX_LEN)
		return false;
	for (i = 0; i < WGT_KEY_LEN; i++) {
		h = hex_value(hex[i * 2]);
		l = hex_value(hex[i * 2 + 1]);
		bad |= (h | l) & 0x100;
		tmp[i] = (uint8_t)((unsigned int)h << 4 | (unsigned int)l);
	}
	if (!bad)
		memcpy(key, tmp, WGT_KEY_LEN);
	key_wipe(tmp, sizeof(tmp));
	return !bad;
}

bool key_is_zero(const wg_key key)
{
	unsigned int i;
	volatile uint8_t acc = 0;

	for (i = 0; i < WGT_KEY_LEN; i++)
		acc |= key[i];
	return acc == 0;
}

void key_wipe(void *p, size_t len)
{
	memset(p, 0, len);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}
