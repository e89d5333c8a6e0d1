# wg(8) userspace: key encodings, value and config-file parsers, output formatting, X25519
UNIT_TESTS += test_tools
test_tools_SRCS := src/tests/unit/test_tools.c src/tools/config.c src/tools/containers.c \
	src/tools/encoding.c src/tools/curve25519.c src/tools/terminal.c
test_tools_CFLAGS := -D_GNU_SOURCE -Isrc/tools

# netlink message building (SET split across messages) and parsing (GET replies)
UNIT_TESTS += test_tools_ipc
test_tools_ipc_SRCS := src/tests/unit/test_tools_ipc.c src/tools/ipc.c src/tools/containers.c \
	src/tools/encoding.c src/tools/curve25519.c
test_tools_ipc_CFLAGS := -D_GNU_SOURCE -Isrc/tools
test_tools_ipc_LDLIBS := -lmnl

# endpoint resolution retries (WG_ENDPOINT_RESOLUTION_RETRIES), with getaddrinfo and usleep faked
UNIT_TESTS += test_tools_resolve
test_tools_resolve_SRCS := src/tests/unit/test_tools_resolve.c src/tools/config.c \
	src/tools/containers.c src/tools/encoding.c src/tools/curve25519.c
test_tools_resolve_CFLAGS := -D_GNU_SOURCE -Isrc/tools
test_tools_resolve_LDLIBS := -Wl,--wrap=getaddrinfo -Wl,--wrap=usleep
