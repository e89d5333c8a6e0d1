// SPDX-License-Identifier: GPL-2.0
/*
 * wgconf-gen PEERS IPS_PER_PEER: prints a wg(8) config with a random private
 * key and PEERS peers with random public keys; the k-th allowed IP overall
 * (k = peer * IPS_PER_PEER + n) is 10.(k>>16).(k>>8).(k)/32 (at most 2^24).
 * Many AllowedIPs lines of up to 500 entries each, as wg accumulates them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

static void b64(const unsigned char k[32], char out[45])
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned int i, o = 0, v;

	for (i = 0; i < 30; i += 3) {
		v = (k[i] << 16) | (k[i + 1] << 8) | k[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = tab[v & 63];
	}
	v = (k[30] << 16) | (k[31] << 8);
	out[o++] = tab[(v >> 18) & 63];
	out[o++] = tab[(v >> 12) & 63];
	out[o++] = tab[(v >> 6) & 63];
	out[o++] = '=';
	out[o] = '\0';
}

static void random_key(unsigned char k[32])
{
	if (getrandom(k, 32, 0) != 32)
		exit(1);
}

int main(int argc, char **argv)
{
	unsigned long peers, ips, p, n, k;
	unsigned char key[32];
	char text[45];

	if (argc != 3)
		return fprintf(stderr, "usage: %s PEERS IPS_PER_PEER\n", argv[0]), 2;
	peers = strtoul(argv[1], NULL, 0);
	ips = strtoul(argv[2], NULL, 0);
	if (peers * ips > (1UL << 24))
		return fprintf(stderr, "too many addresses\n"), 2;
	random_key(key);
	key[0] &= 248;
	key[31] = (key[31] & 127) | 64;
	b64(key, text);
	printf("[Interface]\nPrivateKey = %s\n", text);
	for (p = 0; p < peers; ++p) {
		random_key(key);
		b64(key, text);
		printf("\n[Peer]\nPublicKey = %s\n", text);
		for (n = 0; n < ips; ++n) {
			k = p * ips + n;
			if (n % 500 == 0)
				printf("%sAllowedIPs = ", n ? "\n" : "");
			else
				printf(",");
			printf("10.%lu.%lu.%lu/32", (k >> 16) & 255, (k >> 8) & 255, k & 255);
		}
		if (ips)
			printf("\n");
	}
	return 0;
}
