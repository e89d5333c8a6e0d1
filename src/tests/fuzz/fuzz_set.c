// SPDX-License-Identifier: GPL-2.0
/*
 * `wg set <interface> ...` argument parser of our wg (config_from_args in
 * src/tools/config.c). The input is the argument vector after the interface
 * name, arguments separated by NUL bytes. Key-file arguments can only name
 * the in-memory fixtures of hermetic.c (key.valid, key.empty, key.short,
 * key.trailing, key.nul, key.noncanon, key.badchar).
 */
#include <string.h>

#include "config.h"
#include "tools_check.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *argv[MAX_ARGS + 1], *p, *end;
	struct wgdev *dev;
	const struct wgpeer *peer;
	int argc = 0;

	if (size > 8192)
		return 0;
	copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy, end = copy + size; p <= end && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	/* a trailing NUL ends the last argument instead of adding an empty one */
	if (argc > 0 && size > 0 && copy[size - 1] == '\0' && !*argv[argc - 1])
		argc--;
	argv[argc] = NULL;

	fuzz_devnull();
	fuzz_hermetic(1);
	dev = config_from_args(argc, argv, fuzz_devnull());
	fuzz_hermetic(0);
	if (dev) {
		fuzz_check_dev(dev);
		for_each_peer(dev, peer)
			FUZZ_CHECK(peer->has & WGPEER_HAS_PUBLIC_KEY, "peer without a public key");
		wgdev_free(dev);
	}
	free(copy);
	return 0;
}
