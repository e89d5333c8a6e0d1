// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration-file parser of our wg (src/tools/config.c), as setconf and
 * as addconf. The input is the file's text, split into lines the way
 * config_read_file hands them over; inputs of odd length are parsed as
 * addconf, even ones as setconf. A parse that succeeds must yield a
 * device whose every peer has a public key and whose allowed IPs and
 * endpoints are well formed.
 */
#include <string.h>

#include "config.h"
#include "tools_check.h"

static void parse(const char *text, size_t len, bool append)
{
	struct config_ctx ctx;
	struct wgdev *dev;
	const char *p = text, *end = text + len, *nl;
	const struct wgpeer *peer;

	config_init(&ctx, "fuzz.conf", append, fuzz_devnull());
	while (p < end) {
		char *line;
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p + 1) : (size_t)(end - p);
		line = strndup(p, n);	/* stops at an embedded NUL, as getline+strlen would */
		if (!line)
			abort();
		if (!config_read_line(&ctx, line)) {
			free(line);
			break;
		}
		free(line);
		p += n;
	}
	dev = config_finish(&ctx);
	if (!dev)
		return;
	fuzz_check_dev(dev);
	for_each_peer(dev, peer)
		FUZZ_CHECK(peer->has & WGPEER_HAS_PUBLIC_KEY, "accepted a [Peer] without PublicKey");
	if (!append)
		FUZZ_CHECK(dev->flags & WGDEVICE_F_REPLACE_PEERS, "setconf without REPLACE_PEERS");
	else
		FUZZ_CHECK(!(dev->flags & WGDEVICE_F_REPLACE_PEERS), "addconf with REPLACE_PEERS");
	wgdev_free(dev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	/* the parity of the length picks setconf or addconf: one parse per run */
	fuzz_hermetic(1);
	parse((const char *)data, size, size & 1);
	fuzz_hermetic(0);
	return 0;
}
