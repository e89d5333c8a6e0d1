// SPDX-License-Identifier: GPL-2.0
/* `wg genkey`, `wg genpsk`, `wg pubkey`. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "curve25519.h"
#include "encoding.h"
#include "subcommands.h"

static bool random_bytes(uint8_t *out, size_t len)
{
	ssize_t n;
	size_t got = 0;
	int fd;

	while (got < len) {
		n = getrandom(out + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (got == len)
		return true;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	for (got = 0; got < len;) {
		n = read(fd, out + got, len - got);
		if (n <= 0) {
			close(fd);
			return false;
		}
		got += (size_t)n;
	}
	close(fd);
	return true;
}

int genkey_main(int argc, char *argv[])
{
	wg_key key;
	wg_key_b64 b64;
	struct stat st;

	if (argc != 1) {
		fprintf(stderr, "Usage: %s %s\n", prog, argv[0]);
		return 1;
	}
	if (!fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode) && (st.st_mode & S_IRWXO))
		fputs("Warning: writing to world accessible file.\n"
		      "Consider setting the umask to 077 and trying again.\n", stderr);
	if (!random_bytes(key, sizeof(key))) {
		perror("getrandom");
		return 1;
	}
	if (!strcmp(argv[0], "genkey"))
		curve25519_clamp(key);
	key_to_base64(b64, key);
	puts(b64);
	key_wipe(key, sizeof(key));
	key_wipe(b64, sizeof(b64));
	return fflush(stdout) ? 1 : 0;
}

int pubkey_main(int argc, char *argv[])
{
	wg_key key, pub;
	wg_key_b64 b64;
	size_t n;
	int c;

	if (argc != 1) {
		fprintf(stderr, "Usage: %s %s\n", prog, argv[0]);
		return 1;
	}
	n = fread(b64, 1, WGT_KEY_B64_LEN, stdin);
	b64[n] = '\0';
	if (n != WGT_KEY_B64_LEN) {
		key_wipe(b64, sizeof(b64));
		fprintf(stderr, "%s: Key is not the correct length or format\n", prog);
		return 1;
	}
	while ((c = getc(stdin)) != EOF) {
		if (!isspace(c) && c != '\0') {
			key_wipe(b64, sizeof(b64));
			fprintf(stderr, "%s: Trailing characters found after key\n", prog);
			return 1;
		}
	}
	if (!key_from_base64(key, b64)) {
		key_wipe(b64, sizeof(b64));
		fprintf(stderr, "%s: Key is not the correct length or format\n", prog);
		return 1;
	}
	curve25519_public_key(pub, key);
	key_to_base64(b64, pub);
	puts(b64);
	key_wipe(key, sizeof(key));
	return fflush(stdout) ? 1 : 0;
}
