# SPDX-License-Identifier: GPL-2.0
#
# make            build wireguard.ko and src/tools/wg
# make check      install what is missing (as root), unit tests, then the VM suite
# make demo       a live tunnel between two namespaces in the VM, with wg show
# make install    module into /lib/modules/<ver>/updates, wg + man page + completion
#
# KERNELDIR defaults to the running kernel's build tree, else the newest
# installed Debian linux-headers-*-amd64.

KERNELDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
	echo /lib/modules/$$(uname -r)/build; else \
	ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)
# The release modules are installed for (Debian's include/config/kernel.release
# holds the upstream version, not the directory name under /lib/modules).
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KERNELDIR)/include/generated/utsrelease.h 2>/dev/null)
PREFIX ?= /usr
DESTDIR ?=
V ?= 0
export KERNELDIR

UNIT_CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -Isrc/tests/shim
UNIT_TESTS :=
BENCH_SRCS :=
# rules in the included fragments must not become the default goal
.DEFAULT_GOAL := all
-include $(wildcard src/tests/unit/*.mk)
-include $(wildcard src/tests/*.mk)

.PHONY: all module tools install clean deps unit check vm-check demo bench bench-crypto \
	check-debug fuzz dkms-src dkms-install dkms-remove

all: module tools

module:
	@test -n "$(KERNELDIR)" || { echo "no kernel headers: apt-get install linux-headers-amd64, or set KERNELDIR" >&2; exit 1; }
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules

tools:
	@if [ -f src/tools/Makefile ]; then $(MAKE) -C src/tools; else echo "src/tools not there yet: no wg"; fi

install: all
	@test -n "$(KVER)" || { echo "cannot tell the kernel release of $(KERNELDIR)" >&2; exit 1; }
	install -D -m 0644 wireguard.ko $(DESTDIR)/lib/modules/$(KVER)/updates/wireguard.ko
	@if [ -z "$(DESTDIR)" ] && command -v depmod >/dev/null; then depmod -a $(KVER); fi
	@if [ -f src/tools/Makefile ]; then $(MAKE) -C src/tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX); fi

clean:
	-$(MAKE) -C $(KERNELDIR) M=$(CURDIR) clean
	-@if [ -f src/tools/Makefile ]; then $(MAKE) -C src/tools clean; fi
	rm -rf build

deps:
	@sh src/tests/deps.sh

# ---- DKMS: copy the module sources to /usr/src/<name>-<version>, add, build, install ----
DKMS_NAME := $(shell sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' dkms.conf)
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC := /usr/src/$(DKMS_NAME)-$(DKMS_VERSION)
dkms-src:
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	tar -c --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude=src/tests --exclude=src/tools \
		Kbuild dkms.conf COPYING src | tar -x -C $(DKMS_SRC)

# --force: the kernel's own wireguard.ko says version 1.0.0, which dkms would
# otherwise refuse to override; /updates wins over it once installed.
dkms-install: dkms-src
	dkms add -m $(DKMS_NAME) -v $(DKMS_VERSION)
	dkms build -m $(DKMS_NAME) -v $(DKMS_VERSION) -k $(KVER)
	dkms install -m $(DKMS_NAME) -v $(DKMS_VERSION) -k $(KVER) --force

dkms-remove:
	-dkms remove -m $(DKMS_NAME) -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

# ---- userspace unit tests (each area adds src/tests/unit/<area>.mk) ----
define unit_rule
build/unit/$(1): $$($(1)_SRCS) $$(wildcard src/*.h src/crypto/*.h src/tests/shim/*.h)
	@mkdir -p build/unit
	$$(CC) $$(UNIT_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) $$($(1)_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(addprefix build/unit/,$(UNIT_TESTS))
	@sh src/tests/run-unit.sh $(UNIT_TESTS)

# The harness builds the module and wg in a private copy (WG_BUILD_DIR,
# default build/kmod), never in the source tree.
vm-check:
	@bash src/tests/qemu/run.sh suite

check: deps
	@bash src/tests/check.sh

# the VM suite on a debug kernel (KASAN, UBSAN, kmemleak, lockdep ...), built
# from Debian's linux-source once and cached in /var/cache/wg-debug-kernel
check-debug:
	@bash src/tests/debug/check-debug.sh

demo: deps
	@bash src/tests/qemu/run.sh demo

# ---- benchmarks: crypto natively ----
build/bench_crypto: $(BENCH_SRCS) $(wildcard src/crypto/*.h src/crypto/*.c)
	@mkdir -p build
	$(CC) -O2 -std=gnu11 -Wall -Wextra -Werror -Isrc -Isrc/tests/shim -o $@ $(BENCH_SRCS) -lsodium -lcrypto

bench-crypto: deps build/bench_crypto
	@build/bench_crypto

# ---- benchmarks: our module vs Debian's in-tree one, interleaved VM boots ----
bench: deps module tools
	@bash src/tests/bench/run.sh
	@$(MAKE) -s bench-crypto
