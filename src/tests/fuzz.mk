# SPDX-License-Identifier: GPL-2.0
# libFuzzer harnesses (H8), see src/tests/fuzz/README.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="config set ..."] [FUZZ_ARGS=...]
#     builds build/fuzz/fuzz_<t> with clang -fsanitize=fuzzer,address,undefined
#     and runs each for FUZZ_SECONDS on a scratch copy of its corpus
#     (build/fuzz/work/<t>); crashes land in build/fuzz/crash-<t>-*.
#   make unit / make check  replays every corpus and regress input once
#     (unit tests fuzzreg_<t>, any compiler, no libFuzzer needed).
FUZZ_DIR := src/tests/fuzz
FUZZ_ALL := config set replay allowedips handshake netlink rx
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_NICE ?= nice -n 10
FUZZ_ARGS ?=
# Allocation stacks off for speed; rerun a crash input to get them.
FUZZ_ASAN_OPTIONS ?= malloc_context_size=0
fuzz_maxlen_config := 512
fuzz_maxlen_set := 512
fuzz_maxlen_netlink := 4200
fuzz_maxlen_handshake := 1024
fuzz_maxlen_replay := 4096
fuzz_maxlen_allowedips := 1024
fuzz_maxlen_rx := 2048
FUZZ_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Isrc -Isrc/tests/shim -Isrc/tools -I$(FUZZ_DIR) -D_GNU_SOURCE \
	-DRUNSTATEDIR='"/nonexistent-wgfuzz"' -DFUZZ_LIBFUZZER

FUZZ_TOOL_SRCS := src/tools/config.c src/tools/containers.c src/tools/encoding.c \
	$(FUZZ_DIR)/hermetic.c
# wg's own X25519 (UAPI private_key -> public key) is arithmetic, not parsing:
# the fuzzers link it uninstrumented; the make-check replay instruments it.
FUZZ_TOOL_OBJS := build/fuzz/tools_curve25519.o
build/fuzz/tools_curve25519.o: src/tools/curve25519.c src/tools/curve25519.h
	@mkdir -p build/fuzz
	$(FUZZ_CC) -O2 -g -std=gnu11 -Isrc/tools -Isrc -c -o $@ $<
FUZZ_TOOL_WRAP := -Wl,--wrap=getaddrinfo -Wl,--wrap=fopen
FUZZ_CRYPTO_SRCS := $(wildcard src/crypto/*.c)

fuzz_config_SRCS := $(FUZZ_DIR)/fuzz_config.c $(FUZZ_TOOL_SRCS)
fuzz_config_LIBS := $(FUZZ_TOOL_WRAP)
fuzz_config_OBJS := $(FUZZ_TOOL_OBJS)
fuzz_config_REG_SRCS := src/tools/curve25519.c
fuzz_set_SRCS := $(FUZZ_DIR)/fuzz_set.c $(FUZZ_TOOL_SRCS)
fuzz_set_LIBS := $(FUZZ_TOOL_WRAP)
fuzz_set_OBJS := $(FUZZ_TOOL_OBJS)
fuzz_set_REG_SRCS := src/tools/curve25519.c
fuzz_netlink_SRCS := $(FUZZ_DIR)/fuzz_netlink.c $(FUZZ_DIR)/fake_sockets.c src/tools/ipc.c \
	$(FUZZ_TOOL_SRCS)
fuzz_netlink_LIBS := $(FUZZ_TOOL_WRAP) \
	$(foreach f,mnl_socket_open mnl_socket_bind mnl_socket_get_portid mnl_socket_sendto \
		mnl_socket_recvfrom mnl_socket_close time stat socket connect curve25519_public_key,-Wl,--wrap=$(f)) -lmnl
fuzz_netlink_OBJS := $(FUZZ_TOOL_OBJS)
fuzz_netlink_REG_SRCS := src/tools/curve25519.c
fuzz_handshake_SRCS := $(FUZZ_DIR)/fuzz_handshake.c src/handshake.c src/macs.c src/replay.c \
	src/parse.c $(FUZZ_DIR)/dh_memo.c
fuzz_handshake_LIBS := -Wl,--wrap=wg_curve25519 -Wl,--wrap=wg_curve25519_generate_public
# The primitives are not the target (their own unit and differential tests
# cover them) and use GCC-only vector builtins: the fuzzer links them built
# by GCC at -O2 without instrumentation; the make-check replay builds
# everything with ASan/UBSan.
FUZZ_CRYPTO_CC ?= gcc
fuzz_handshake_OBJS := build/fuzz/crypto.a
build/fuzz/crypto.a: $(FUZZ_CRYPTO_SRCS) $(wildcard src/crypto/*.h src/tests/shim/*.h)
	@mkdir -p build/fuzz/crypto
	cd build/fuzz/crypto && $(FUZZ_CRYPTO_CC) -O2 -g -std=gnu11 -I../../../src \
		-I../../../src/tests/shim -c $(addprefix ../../../,$(FUZZ_CRYPTO_SRCS))
	rm -f $@ && ar rcs $@ $(addprefix build/fuzz/crypto/,$(notdir $(FUZZ_CRYPTO_SRCS:.c=.o)))
fuzz_handshake_REG_SRCS := $(FUZZ_CRYPTO_SRCS)
fuzz_replay_SRCS := $(FUZZ_DIR)/fuzz_replay.c src/replay.c
fuzz_allowedips_SRCS := $(FUZZ_DIR)/fuzz_allowedips.c src/allowedips.c
# The receive path: fuzz_rx.c includes fuzz_handshake.c (its two devices).
fuzz_rx_SRCS := $(FUZZ_DIR)/fuzz_rx.c src/parse.c src/allowedips.c src/handshake.c src/macs.c \
	src/replay.c $(FUZZ_DIR)/dh_memo.c
fuzz_rx_LIBS := $(fuzz_handshake_LIBS)
fuzz_rx_OBJS := build/fuzz/crypto.a
fuzz_rx_REG_SRCS := $(FUZZ_CRYPTO_SRCS)
build/fuzz/fuzz_rx build/unit/fuzzreg_rx: $(FUZZ_DIR)/fuzz_handshake.c

FUZZ_HDRS = $(wildcard src/*.h src/crypto/*.h src/tests/shim/*.h src/tools/*.h $(FUZZ_DIR)/*.h)

define fuzz_rule
build/fuzz/fuzz_$(1): $$(fuzz_$(1)_SRCS) $$(fuzz_$(1)_OBJS) $$(FUZZ_HDRS)
	@mkdir -p build/fuzz
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ $$(fuzz_$(1)_SRCS) $$(fuzz_$(1)_OBJS) $$(fuzz_$(1)_LIBS)

UNIT_TESTS += fuzzreg_$(1)
fuzzreg_$(1)_SRCS := $(FUZZ_DIR)/driver.c $$(fuzz_$(1)_SRCS) $$(fuzz_$(1)_REG_SRCS)
fuzzreg_$(1)_CFLAGS := -DFUZZ_NAME='"$(1)"' -Isrc/tools -I$(FUZZ_DIR) -D_GNU_SOURCE \
	-DRUNSTATEDIR='"/nonexistent-wgfuzz"'
fuzzreg_$(1)_LDLIBS := $$(fuzz_$(1)_LIBS)
build/unit/fuzzreg_$(1): $$(FUZZ_HDRS) $$(wildcard $(FUZZ_DIR)/corpus/$(1)/* $(FUZZ_DIR)/regress/$(1)/*)
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call fuzz_rule,$(t))))

# One target at a time (2 shared cores): -jobs is not used; nice 10.
fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@p=0; f=0; for t in $(FUZZ_TARGETS); do \
		rm -rf build/fuzz/work/$$t; mkdir -p build/fuzz/work/$$t; \
		cp $(FUZZ_DIR)/corpus/$$t/* build/fuzz/work/$$t/ 2>/dev/null || true; \
		dict=; [ -f $(FUZZ_DIR)/dict/$$t.dict ] && dict=-dict=$(FUZZ_DIR)/dict/$$t.dict; \
		echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
		$(foreach x,$(FUZZ_ALL),ml_$(x)=$(fuzz_maxlen_$(x));) eval ml=\$$ml_$$t; \
		if ASAN_OPTIONS=$(FUZZ_ASAN_OPTIONS) $(FUZZ_NICE) build/fuzz/fuzz_$$t \
			-max_total_time=$(FUZZ_SECONDS) -max_len=$$ml -close_fd_mask=3 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/crash-$$t- $$dict $(FUZZ_ARGS) \
			build/fuzz/work/$$t 2>build/fuzz/$$t.log; then \
			grep -E '^stat::number_of_executed_units' build/fuzz/$$t.log | sed "s/^/$$t: /"; \
			echo "PASS fuzz-$$t"; p=$$((p + 1)); \
		else \
			grep -A12 -E 'ERROR:|runtime error|invariant violated' build/fuzz/$$t.log | head -n 30; \
			echo "FAIL fuzz-$$t: crash input in build/fuzz/crash-$$t-*, log build/fuzz/$$t.log"; \
			f=$$((f + 1)); \
		fi; \
	done; echo "$$p passed, $$f failed"; [ $$f -eq 0 ]
