#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds Debian's own kernel source (linux-source-6.1) once with a small
# debug config (allnoconfig + debug.config next to this script) and caches
# the result outside the source tree.  Prints the build directory as the
# last line of stdout:
#
#   <dir>/vmlinux                    the kernel QEMU boots (a bzImage: with KASAN
#                                    the PVH entry of the ELF vmlinux triple-faults
#                                    before the console is up)
#   <dir>/build                      the kbuild output tree (KERNELDIR)
#   <dir>/root/lib/modules/<kver>    modules_install output
#
# Environment:
#   WG_DEBUG_KERNEL_CACHE  cache root (/var/cache/wg-debug-kernel)
#   WG_DEBUG_KERNEL_PKG    source package (linux-source-6.1)
#   WG_DEBUG_KERNEL_JOBS   make -j (2)

set -eu
set -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
frag=$here/debug.config
cache=${WG_DEBUG_KERNEL_CACHE:-/var/cache/wg-debug-kernel}
pkg=${WG_DEBUG_KERNEL_PKG:-linux-source-6.1}
jobs=${WG_DEBUG_KERNEL_JOBS:-2}
# Bump when the way the kernel is built changes (not the fragment: it is
# hashed itself).
recipe=1

note() { echo "build-kernel.sh: $*" >&2; }
die() { note "$*"; exit 1; }

mkdir -p "$cache" || die "cannot create $cache"
cache=$(cd "$cache" && pwd)

# The version apt would download decides the cache key; a cached source of
# any version is used when apt knows none (offline).
ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	fi
fi
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	ver=$(ls -d "$cache"/src-*/ 2>/dev/null | sed 's|.*/src-||; s|/$||' | sort -V | tail -n 1)
	[ -n "$ver" ] || die "apt knows no $pkg and nothing is cached in $cache"
fi
key=$( { echo "recipe $recipe $pkg $ver"; cat "$frag"; } | sha256sum | cut -c1-16)
out=$cache/$key
src=$cache/src-$ver

exec 9>"$cache/.lock"
flock 9
if [ -s "$out/vmlinux" ] && [ -f "$out/done" ]; then
	note "cached debug kernel $(cat "$out/done") in $out"
	echo "$out"
	exit 0
fi

t0=$(date +%s)
if [ ! -f "$src/Makefile" ]; then
	mkdir -p "$cache/dl"
	deb=$(ls "$cache/dl/${pkg}_${ver}_"*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		note "downloading $pkg $ver"
		(cd "$cache/dl" && apt-get download "$pkg=$ver" >/dev/null 2>&1) ||
			die "apt-get download $pkg=$ver failed"
		deb=$(ls "$cache/dl/${pkg}_${ver}_"*.deb | head -n 1)
	fi
	note "extracting $deb"
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*/linux-source-*.tar.xz' |
		tar -xJ -C "$src.tmp" --strip-components=1
	[ -f "$src.tmp/Makefile" ] || die "no kernel source in $deb"
	rm -rf "$src"
	mv "$src.tmp" "$src"
	rm -f "$deb"
fi

mkdir -p "$out/build"
log=$out/build.log
: >"$log"
mk() { nice -n 10 make -C "$src" O="$out/build" ARCH=x86_64 "$@" >>"$log" 2>&1; }

note "configuring (allnoconfig + $(basename "$frag")) in $out/build"
mk KCONFIG_ALLCONFIG="$frag" allnoconfig || { tail -n 30 "$log" >&2; die "allnoconfig failed"; }
mk olddefconfig || { tail -n 30 "$log" >&2; die "olddefconfig failed"; }
# Every line of the fragment must have survived (a dependency missing
# makes Kconfig drop an option silently).
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$out/build/.config" || {
			note "not in .config: $line (have: $(grep -E "^(# )?${line%%=*}[= ]" "$out/build/.config" || echo unset))"
			bad=1
		}
		;;
	'# CONFIG_'*' is not set')
		opt=${line#\# }
		opt=${opt%% *}
		grep -q "^$opt=" "$out/build/.config" && { note "set but wanted off: $opt"; bad=1; }
		;;
	esac
done <"$frag"
[ "$bad" -eq 0 ] || die "the config fragment does not apply cleanly"

note "building bzImage and modules (make -j$jobs, nice 10; log $log)"
mk -j"$jobs" bzImage modules || { grep -E 'error|Error' "$log" | tail -n 20 >&2; die "kernel build failed"; }
rm -rf "$out/root"
mk INSTALL_MOD_PATH="$out/root" modules_install || { tail -n 20 "$log" >&2; die "modules_install failed"; }
cp "$out/build/arch/x86/boot/bzImage" "$out/vmlinux.tmp" && mv "$out/vmlinux.tmp" "$out/vmlinux"
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$out/build/include/generated/utsrelease.h")
echo "$kver" >"$out/done"
note "built $kver in $(($(date +%s) - t0)) s"
echo "$out"
