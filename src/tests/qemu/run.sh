#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots Debian's own kernel (the version our module is built against) in QEMU
# with a small initramfs, loads our wireguard.ko and runs something as root:
#
#   run.sh suite              the netns suite (src/tests/netns.sh)
#   run.sh demo               src/tests/demo.sh
#   run.sh shell-cmd 'CMD'    any shell command line (bash -c)
#
# Exit status: the guest command's status; non-zero as well when the guest
# kernel logged a splat (oops, BUG, WARNING, lockdep, RCU stall ...) or the
# guest never reached its closing line (hang, panic, timeout).
#
# Environment:
#   KERNELDIR       kernel headers to build against (default: as the Makefile)
#   WG_BUILD_DIR    private copy of the tree the module is built in (build/kmod)
#   WG_CACHE        downloaded kernel, extracted vmlinux, cpio images (.cache)
#   SUITE_FILTER    regex on suite file names (passed into the guest)
#   WG_VM_TIMEOUT   seconds before the VM is killed (2400; tests have their own 300 s limit)
#   WG_VM_MEM       guest RAM in MiB (1536);  WG_VM_CPUS  vCPUs (2)
#   WG_ACCEL        kvm or tcg to skip the KVM probe
#   WG_EXTRA_MODULES  more kernel modules to stage and load (names)
#   WG_EXTRA_SUITE  a suite file copied in as 99-extra.sh (e.g. to prove
#                   that a failing test fails the run)
#   WG_INJECT_SPLAT=1  guest init writes a WARNING line into /dev/kmsg (to
#                   prove that splat detection fails the run)
#   WG_QEMU_ARGS    extra QEMU arguments (e.g. a second NIC)
#   WG_TEST_TIMEOUT seconds per test in the guest (300); WG_T_* variables
#                   are passed into the guest's environment as they are
#   WG_NO_BUILD=1   use WG_BUILD_DIR as it is (no rsync, no make)
#   WG_KERNEL_BUILD a kernel built from source (src/tests/debug/build-kernel.sh):
#                   vmlinux, build/ (KERNELDIR) and root/lib/modules from there
#                   instead of Debian's linux-image .deb
#   WG_DEBUG_KERNEL=1  debug mode (make check-debug): builds/reuses the debug
#                   kernel (WG_KERNEL_BUILD), builds the module with WG_DEBUG=1,
#                   boots with panic_on_warn=1, longer timeouts, WG_SLOW=1 in
#                   the guest, and a kmemleak scan after the guest command
#
# The guest keeps time with the HPET: with tsc=reliable a TSC calibrated
# while the host is busy made guest clocks run up to 4x fast (timers,
# sleeps and test timeouts all wrong).

set -u
set -o pipefail
trap 'exit 130' INT TERM HUP

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
mode=${1:-suite}
case $mode in
suite | demo) ;;
shell-cmd | cmd)
	mode=cmd
	[ $# -ge 2 ] || { echo "usage: $0 shell-cmd 'command'" >&2; exit 2; }
	;;
*)
	echo "usage: $0 suite | demo | shell-cmd 'command'" >&2
	exit 2
	;;
esac
shift || true
guest_cmd=${*:-}

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "run.sh: $*" >&2; }

if [ -n "${WG_DEBUG_KERNEL:-}" ] && [ -z "${WG_KERNEL_BUILD:-}" ]; then
	WG_KERNEL_BUILD=$(bash "$top/src/tests/debug/build-kernel.sh" | tail -n 1) &&
		[ -n "$WG_KERNEL_BUILD" ] || die "no debug kernel"
fi
if [ -n "${WG_KERNEL_BUILD:-}" ]; then
	[ -s "$WG_KERNEL_BUILD/vmlinux" ] && [ -d "$WG_KERNEL_BUILD/root/lib/modules" ] ||
		die "WG_KERNEL_BUILD=$WG_KERNEL_BUILD has no vmlinux or root/lib/modules"
	KERNELDIR=$WG_KERNEL_BUILD/build
fi
if [ -z "${KERNELDIR:-}" ]; then
	if [ -d "/lib/modules/$(uname -r)/build" ]; then
		KERNELDIR=/lib/modules/$(uname -r)/build
	else
		KERNELDIR=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
	fi
fi
[ -n "$KERNELDIR" ] && [ -r "$KERNELDIR/include/generated/utsrelease.h" ] ||
	die "no kernel headers (apt-get install linux-headers-amd64, or set KERNELDIR)"
# The release string modules carry (Debian's kernel.release file holds the
# upstream version instead).
KVER=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$KERNELDIR/include/generated/utsrelease.h")
if [ -n "${WG_DEBUG_KERNEL:-}" ]; then
	# KASAN, kmemleak, lockdep and SLUB debugging make the guest several
	# times slower and hungrier.
	WG_BUILD_DIR=${WG_BUILD_DIR:-$top/build/kmod-debug}
	# initramfs images with the debug kernel's modules stay with that kernel
	WG_CACHE=${WG_CACHE:-$WG_KERNEL_BUILD/harness}
	WG_VM_TIMEOUT=${WG_VM_TIMEOUT:-5400}
	WG_VM_MEM=${WG_VM_MEM:-3072}
	WG_TEST_TIMEOUT=${WG_TEST_TIMEOUT:-900}
fi
WG_CACHE=${WG_CACHE:-$top/.cache}
WG_BUILD_DIR=${WG_BUILD_DIR:-$top/build/kmod}
WG_VM_TIMEOUT=${WG_VM_TIMEOUT:-2400}
WG_VM_MEM=${WG_VM_MEM:-1536}
WG_VM_CPUS=${WG_VM_CPUS:-2}
mkdir -p "$WG_CACHE" "$WG_BUILD_DIR" || die "cannot create $WG_CACHE or $WG_BUILD_DIR"
WG_CACHE=$(cd "$WG_CACHE" && pwd)
WG_BUILD_DIR=$(cd "$WG_BUILD_DIR" && pwd)
kcache=$WG_CACHE/kernel-$KVER
[ -n "${WG_KERNEL_BUILD:-}" ] && kcache=$(cd "$WG_KERNEL_BUILD" && pwd)
moddir=$kcache/root/lib/modules/$KVER

# ---------------------------------------------------------------- kernel
fetch_kernel() {
	[ -s "$kcache/vmlinux" ] && [ -d "$moddir/kernel" ] && return 0
	[ -n "${WG_KERNEL_BUILD:-}" ] && { note "no $moddir/kernel in WG_KERNEL_BUILD"; return 1; }
	mkdir -p "$kcache" || return 1
	local deb pkg
	deb=$(ls "$kcache"/linux-image-*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		note "downloading Debian's linux-image-$KVER (once; cached in $kcache)"
		for pkg in "linux-image-$KVER" "linux-image-$KVER-unsigned"; do
			(cd "$kcache" && apt-get download "$pkg" >/dev/null 2>&1) && break
			if [ "$(id -u)" -eq 0 ] && [ -z "${apt_updated:-}" ]; then
				apt_updated=1
				apt-get update -qq >/dev/null 2>&1
				(cd "$kcache" && apt-get download "$pkg" >/dev/null 2>&1) && break
			fi
		done
		deb=$(ls "$kcache"/linux-image-*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { note "apt-get download linux-image-$KVER failed"; return 1; }
	fi
	rm -rf "$kcache/root" "$kcache/x"
	dpkg -x "$deb" "$kcache/x" || return 1
	mkdir -p "$kcache/root/lib/modules"
	mv "$kcache/x/lib/modules/$KVER" "$kcache/root/lib/modules/" || return 1
	# Without a PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, 18) QEMU cannot
	# boot the ELF: fall back to the bzImage itself.
	if extract_vmlinux "$kcache/x/boot/vmlinuz-$KVER" "$kcache/vmlinux.tmp" &&
		readelf -n "$kcache/vmlinux.tmp" 2>/dev/null | grep -q 'Xen.*(0x00000012)'; then
		mv "$kcache/vmlinux.tmp" "$kcache/vmlinux"
	else
		note "no PVH vmlinux: booting the bzImage (slower)"
		rm -f "$kcache/vmlinux.tmp"
		cp "$kcache/x/boot/vmlinuz-$KVER" "$kcache/vmlinux" || return 1
	fi
	rm -rf "$kcache/x"
}

# The bzImage carries the compressed ELF vmlinux; QEMU boots that ELF
# directly through its PVH note, skipping the real-mode setup and the
# in-guest decompression.
extract_vmlinux() {
	local img=$1 out=$2 off magic cmd
	for magic in '\xfd7zXZ\x00:xz -dc' '\x1f\x8b\x08:gzip -dc' '\x28\xb5\x2f\xfd:zstd -dc' \
		'\x02\x21\x4c\x18:lz4 -dc'; do
		cmd=${magic#*:}
		for off in $(LC_ALL=C grep -aobUP "${magic%%:*}" "$img" | cut -d: -f1); do
			tail -c +$((off + 1)) "$img" | $cmd 2>/dev/null >"$out"
			if [ "$(head -c 4 "$out" | od -An -c | tr -d ' ')" = '177ELF' ]; then
				return 0
			fi
		done
	done
	note "could not extract vmlinux from $img"
	return 1
}

# ---------------------------------------------------------------- modules
modindex=$kcache/modindex
modpath() { # module name -> path of its .ko under $moddir
	local n=${1//-/_}
	[ -s "$modindex" ] || (cd "$moddir" && find kernel -name '*.ko' |
		awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko$/, "", n); gsub(/-/, "_", n); print n, $0 }' \
		>"$modindex")
	awk -v n="$n" '$1 == n { print $2; exit }' "$modindex"
}
moddeps() { # .ko file -> its depends= list, space separated
	objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null |
		tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
}
declare -A mod_seen
mod_order=()
resolve_module() { # name: appends it and its dependencies (first) to mod_order
	local n=${1//-/_} f d
	[ -n "${mod_seen[$n]:-}" ] && return 0
	mod_seen[$n]=1
	if grep -qE "/${n//_/[-_]}\.ko\$" "$moddir/modules.builtin" 2>/dev/null; then
		return 0
	fi
	f=$(modpath "$n")
	[ -n "$f" ] || { note "module $n not found in $moddir"; return 1; }
	if [ "$n" = wireguard ]; then
		note "refusing to stage the in-tree wireguard.ko as a dependency"
		return 1
	fi
	for d in $(moddeps "$moddir/$f"); do
		resolve_module "$d" || return 1
	done
	mod_order+=("$f")
}

# ---------------------------------------------------------------- build
build_module() {
	if [ -n "${WG_NO_BUILD:-}" ]; then
		[ -f "$WG_BUILD_DIR/wireguard.ko" ] || die "WG_NO_BUILD set but no $WG_BUILD_DIR/wireguard.ko"
		return 0
	fi
	command -v rsync >/dev/null || die "rsync missing (make deps)"
	# Build products of the source tree are neither copied nor deleted in
	# the copy, so its own incremental build survives.
	rsync -a --delete --exclude .git --exclude /build --exclude /.cache --exclude /vm-logs \
		--exclude '*.o' --exclude '*.ko' --exclude '*.mod' --exclude '*.mod.c' \
		--exclude '.*.cmd' --exclude Module.symvers --exclude modules.order \
		--exclude /src/tools/wg --exclude '.*.log' \
		"$top/" "$WG_BUILD_DIR/" || die "rsync to $WG_BUILD_DIR failed"
	local dbg=()
	# debug mode: all self-tests at load, every SIMD path tried
	[ -n "${WG_DEBUG_KERNEL:-}" ] && dbg=(WG_DEBUG=1)
	note "building wireguard.ko in $WG_BUILD_DIR ${dbg[*]}"
	# A failed incremental build (stale objects of deleted files) is retried
	# once from clean.
	make -s -C "$KERNELDIR" M="$WG_BUILD_DIR" W=1 "${dbg[@]}" modules >"$WG_BUILD_DIR/.build.log" 2>&1 ||
	{ make -s -C "$KERNELDIR" M="$WG_BUILD_DIR" clean >/dev/null 2>&1 &&
		make -s -C "$KERNELDIR" M="$WG_BUILD_DIR" W=1 "${dbg[@]}" modules >"$WG_BUILD_DIR/.build.log" 2>&1; } || {
		cat "$WG_BUILD_DIR/.build.log" >&2
		die "module build failed"
	}
	grep -E 'warning:|error:' "$WG_BUILD_DIR/.build.log" >&2
	if [ -f "$WG_BUILD_DIR/src/tools/Makefile" ]; then
		make -s -C "$WG_BUILD_DIR/src/tools" >"$WG_BUILD_DIR/.tools.log" 2>&1 || {
			cat "$WG_BUILD_DIR/.tools.log" >&2
			note "building src/tools/wg failed: tests that need our wg will fail"
		}
	else
		note "no src/tools/Makefile yet: our wg is not in the guest (\$WG falls back to nothing)"
	fi
}

# ---------------------------------------------------------------- initramfs
# Two cpio archives, concatenated: a cached base (busybox, iproute2, ...,
# Debian's kernel modules) keyed by a hash of its inputs, and a small
# per-run overlay (our module, our wg, the tests, guest tools, the command).
guest_bins="busybox bash ip tc ss genl nstat ping iperf3 tcpdump timeout nproc stty wireguard-go nft"
stage_bin() { # host binary, destination in $1's root -> copies it and its libraries
	local root=$1 src=$2 dst=$3 lib
	mkdir -p "$root$(dirname "$dst")"
	cp -L "$src" "$root$dst" || return 1
	for lib in $(ldd "$src" 2>/dev/null | grep -oE '/[^ ]+'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
which_bin() {
	local p
	for p in /usr/bin /bin /usr/sbin /sbin; do
		[ -x "$p/$1" ] && { echo "$p/$1"; return 0; }
	done
	return 1
}

build_base() { # -> echoes the path of the base cpio
	local b f key root out intree_order=()
	mod_order=()
	mod_seen=()
	for f in $(moddeps "$WG_BUILD_DIR/wireguard.ko"); do
		resolve_module "$f" || return 1
	done
	for f in veth tun dummy sch_netem virtio_pci virtio_net crc32c_generic nf_tables nft_chain_nat nft_masq ${WG_EXTRA_MODULES:-}; do
		resolve_module "$f" || return 1
	done
	main_order=("${mod_order[@]}")
	# Debian's in-tree module and its dependencies, for comparisons only:
	# staged under /intree, never loaded by default.
	mod_order=()
	mod_seen=([wireguard]=1)
	for f in $(moddeps "$moddir/kernel/drivers/net/wireguard/wireguard.ko"); do
		resolve_module "$f" || return 1
	done
	intree_order=("${mod_order[@]}")
	key=$( {
		echo "v3 $KVER $guest_bins"
		for b in $guest_bins wg; do
			f=$(which_bin "$b") && stat -c '%n %s %Y' "$f"
		done
		printf '%s\n' "${main_order[@]}" : "${intree_order[@]}"
		sha256sum "$here/init"
		# a kernel built here may be rebuilt under the same release string
		[ -n "${WG_KERNEL_BUILD:-}" ] && stat -c '%n %s %Y' "$kcache/vmlinux"
	} | sha256sum | cut -c1-16)
	out=$WG_CACHE/base-$KVER-$key.cpio
	if [ -s "$out" ]; then
		echo "$out"
		return 0
	fi
	note "building the base initramfs (cached as $out)"
	root=$(mktemp -d "$WG_CACHE/base.XXXXXX")
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,proc,sys,dev,tmp,run,root,var,mnt,intree}
	ln -s ../run "$root/var/run"
	for b in $guest_bins; do
		f=$(which_bin "$b") || { note "missing host binary $b (make deps)"; rm -rf "$root"; return 1; }
		stage_bin "$root" "$f" "/usr/bin/$b" || { rm -rf "$root"; return 1; }
	done
	f=$(which_bin wg) && stage_bin "$root" "$f" /usr/bin/wg-upstream
	for b in $("$root/usr/bin/busybox" --list 2>/dev/null || busybox --list); do
		[ -e "$root/usr/bin/$b" ] || ln -s ../usr/bin/busybox "$root/bin/$b"
	done
	ln -sf ../usr/bin/busybox "$root/bin/sh"
	for f in "${main_order[@]}" "${intree_order[@]}"; do
		mkdir -p "$root/lib/modules/$KVER/$(dirname "$f")"
		cp "$moddir/$f" "$root/lib/modules/$KVER/$f"
	done
	for f in "${main_order[@]}"; do echo "/lib/modules/$KVER/$f"; done >"$root/etc/wg-modules.order"
	: >"$root/lib/modules/$KVER/modules.dep"
	for f in "${main_order[@]}" "${intree_order[@]}"; do
		echo "$f: $(for d in $(moddeps "$moddir/$f"); do modpath "$d"; done | tr '\n' ' ')" \
			>>"$root/lib/modules/$KVER/modules.dep"
	done
	cp "$moddir/kernel/drivers/net/wireguard/wireguard.ko" "$root/intree/wireguard.ko"
	for f in "${intree_order[@]}"; do echo "/lib/modules/$KVER/$f"; done >"$root/intree/order"
	echo /intree/wireguard.ko >>"$root/intree/order"
	cat >"$root/etc/passwd" <<-EOF
		root:x:0:0:root:/root:/bin/bash
		tcpdump:x:104:108::/nonexistent:/usr/sbin/nologin
		nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
	EOF
	printf 'root:x:0:\ntcpdump:x:108:\nnogroup:x:65534:\n' >"$root/etc/group"
	printf 'hosts: files\npasswd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
	printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
	[ -r /etc/protocols ] && cp /etc/protocols "$root/etc/"
	[ -r /etc/services ] && cp /etc/services "$root/etc/"
	install -m 0755 "$here/init" "$root/init"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.$$.tmp" &&
		mv "$out.$$.tmp" "$out"
	rm -rf "$root"
	# keep the four newest base images
	ls -t "$WG_CACHE"/base-*.cpio 2>/dev/null | tail -n +5 | xargs -r rm -f
	[ -s "$out" ] && echo "$out"
}

build_guest_tools() { # $1: destination dir; compiles src/tests/guest/*.c statically (cached)
	local dst=$1 c name key out
	for c in "$WG_BUILD_DIR"/src/tests/guest/*.c; do
		[ -e "$c" ] || continue
		name=$(basename "$c" .c)
		# wgproto compiles the module's own handshake and crypto sources
		key=$(cat "$c" "$WG_BUILD_DIR"/src/tests/guest/*.h "$WG_BUILD_DIR"/src/*.[ch] \
			"$WG_BUILD_DIR"/src/crypto/*.[ch] 2>/dev/null | sha256sum | cut -c1-16)
		out=$WG_CACHE/guest-tools/$name-$key
		if [ ! -x "$out" ]; then
			mkdir -p "$WG_CACHE/guest-tools"
			gcc -static -O2 -Wall -Wextra -I"$WG_BUILD_DIR/src" -o "$out.$$.tmp" "$c" &&
				mv "$out.$$.tmp" "$out" || { note "guest tool $name does not compile"; continue; }
		fi
		cp "$out" "$dst/$name"
	done
}

build_overlay() { # $1: output cpio
	local root=$logdir/overlay q
	rm -rf "$root"
	mkdir -p "$root/wg" "$root/usr/local/bin" "$root/etc" "$root/tests"
	cp "$WG_BUILD_DIR/wireguard.ko" "$root/wg/wireguard.ko"
	if [ -x "$WG_BUILD_DIR/src/tools/wg" ]; then
		stage_bin "$root" "$WG_BUILD_DIR/src/tools/wg" /usr/local/bin/wg
	fi
	build_guest_tools "$root/usr/local/bin"
	cp -r "$WG_BUILD_DIR/src/tests/suite" "$root/tests/suite"
	cp "$WG_BUILD_DIR/src/tests/netns.sh" "$root/tests/"
	[ -f "$WG_BUILD_DIR/src/tests/demo.sh" ] && cp "$WG_BUILD_DIR/src/tests/demo.sh" "$root/tests/"
	if [ -n "${WG_EXTRA_SUITE:-}" ]; then
		cp "$WG_EXTRA_SUITE" "$root/tests/suite/99-extra.sh" || return 1
	fi
	local gmode=$mode gcmd=$guest_cmd
	if [ -n "${WG_DEBUG_KERNEL:-}" ]; then
		# the guest command, then the kmemleak scan (its PASS/FAIL line
		# follows the suite's closing line)
		cp "$top/src/tests/debug/guest-end.sh" "$root/tests/debug-end.sh" || return 1
		case $mode in
		suite) gcmd='bash /tests/netns.sh' ;;
		demo) gcmd='bash /tests/demo.sh' ;;
		esac
		gmode=cmd
		gcmd="$gcmd; rc=\$?; bash /tests/debug-end.sh || rc=1; exit \$rc"
	fi
	{
		printf 'WG_MODE=%q\n' "$gmode"
		printf 'WG_CMD=%q\n' "$gcmd"
		[ -n "${WG_DEBUG_KERNEL:-}" ] && printf 'export WG_SLOW=1\n'
		printf 'KVER=%q\n' "$KVER"
		printf 'WG_INJECT_SPLAT=%q\n' "${WG_INJECT_SPLAT:-}"
		printf 'export SUITE_FILTER=%q\n' "${SUITE_FILTER:-}"
		[ -n "${WG_TEST_TIMEOUT:-}" ] && printf 'export WG_TEST_TIMEOUT=%q\n' "$WG_TEST_TIMEOUT"
		for q in ${!WG_T_*}; do	# WG_T_* variables are passed to the tests as they are
			printf 'export %s=%q\n' "$q" "${!q}"
		done
	} >"$root/etc/wg-run.env"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) >"$1"
}

# ---------------------------------------------------------------- accel
# KVM is used only when a short probe boots this very kernel with it: on
# some hosts /dev/kvm exists but a guest hangs forever.  The answer is cached
# per host boot.
pick_accel() {
	if [ -n "${WG_ACCEL:-}" ]; then
		echo "$WG_ACCEL"
		return
	fi
	if ! [ -w /dev/kvm ]; then
		echo tcg
		return
	fi
	local bootid stamp
	bootid=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
	stamp=$WG_CACHE/kvm-probe-$bootid
	if [ ! -s "$stamp" ]; then
		# No root file system: a working KVM guest panics within a second or
		# two and, with -no-reboot, QEMU exits 0.
		if timeout -k 1 6 qemu-system-x86_64 -accel kvm -cpu host -M pc -m 256 -nodefaults \
			-no-user-config -display none -no-reboot -serial none \
			-kernel "$kcache/vmlinux" -append "panic=-1 quiet" >/dev/null 2>&1; then
			echo kvm >"$stamp"
		else
			echo tcg >"$stamp"
		fi
	fi
	cat "$stamp"
}

# ---------------------------------------------------------------- splats
# (the debug kernel's checkers: KASAN, UBSAN, lockdep, kmemleak, ODEBUG,
# list debugging, SLUB debugging)
splat_re='Oops|BUG:|WARNING:|RCU stall|rcu_sched detected|rcu_preempt detected|rcu: INFO|possible circular locking|inconsistent lock state|suspicious RCU usage|possible recursive locking|KASAN|UBSAN|kmemleak: .*(suspected memory leak|disabled)|unreferenced object|ODEBUG:|list_(add|del) corruption|kernel BUG at|BUG [^ ]+ \((Not t|T)ainted\)|DEBUG_LOCKS_WARN_ON|general protection|Call Trace|Kernel panic|soft lockup|hung_task|blocked for more than'
scan_splats() { # file -> prints the relevant part, returns 0 if a splat was found
	local f=$1 first
	first=$(grep -nE "$splat_re" "$f" | head -n 1 | cut -d: -f1)
	[ -n "$first" ] || return 1
	echo "==== guest kernel log: splat at line $first of $f ===="
	sed -n "$((first > 5 ? first - 5 : 1)),$((first + 60))p" "$f"
	echo "===="
	return 0
}

# ---------------------------------------------------------------- main
# Several users may share one WG_CACHE: the kernel and the base image are
# made under a lock.
exec 9>"$WG_CACHE/.lock"
flock 9
fetch_kernel || die "no guest kernel"
flock -u 9
build_module
logdir=$WG_BUILD_DIR/vm-logs/$mode
rm -rf "$logdir"
mkdir -p "$logdir"
flock 9
base=$(build_base) || die "base initramfs failed"
flock -u 9
build_overlay "$logdir/overlay.cpio" || die "overlay initramfs failed"
cat "$base" "$logdir/overlay.cpio" >"$logdir/initrd.cpio"
accel=$(pick_accel)
if [ "$accel" = kvm ]; then
	qaccel=(-accel kvm -cpu host)
	clock=
else
	qaccel=(-accel tcg,thread=multi -cpu max)
	clock=clocksource=hpet
fi
: >"$logdir/output.log"
: >"$logdir/console.log"
dbg_append=
[ -n "${WG_DEBUG_KERNEL:-}" ] && dbg_append="panic_on_warn=1"
note "booting $KVER ($accel, $WG_VM_CPUS vCPUs, ${WG_VM_MEM} MiB); logs in $logdir"
start=$(date +%s.%N)
# shellcheck disable=SC2086
timeout --foreground -k 5 "$WG_VM_TIMEOUT" qemu-system-x86_64 "${qaccel[@]}" -M pc -smp "$WG_VM_CPUS" \
	-m "$WG_VM_MEM" -nodefaults -no-user-config -display none -no-reboot \
	-serial "file:$logdir/console.log" -serial "file:$logdir/output.log" \
	-device virtio-rng-pci \
	-kernel "$kcache/vmlinux" -initrd "$logdir/initrd.cpio" \
	-append "console=ttyS0 quiet loglevel=4 panic=-1 mitigations=off $clock $dbg_append rdinit=/init" \
	${WG_QEMU_ARGS:-} </dev/null >"$logdir/qemu.log" 2>&1 &
qpid=$!
# Interrupted or killed: the VM goes too.
trap 'kill $qpid 2>/dev/null' EXIT
trap 'kill $qpid 2>/dev/null; exit 130' INT TERM HUP
# Stream the guest's output (ttyS1) while it runs; the markers stay in the log.
tail -n +1 -s 0.2 -f --pid=$qpid "$logdir/output.log" 2>/dev/null | {
	in_dmesg=
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		WG-GUEST-BOOT\ *)
			awk -v s="$start" -v e="$(date +%s.%N)" -v u="${line#WG-GUEST-BOOT }" \
				'BEGIN { printf "run.sh: guest reached init after %.1f s (guest uptime %s s)\n", e - s, u }'
			;;
		WG-DMESG-BEGIN) in_dmesg=1 ;;
		WG-DMESG-END) in_dmesg= ;;
		WG-GUEST-DONE*) ;;
		*) [ -n "$in_dmesg" ] || printf '%s\n' "$line" ;;
		esac
	done
}
wait $qpid
qrc=$?
end=$(date +%s.%N)
tr -d '\r' <"$logdir/output.log" | sed -n '/^WG-DMESG-BEGIN/,/^WG-DMESG-END/p' >"$logdir/dmesg.log"
awk -v s="$start" -v e="$end" 'BEGIN { printf "run.sh: VM ran %.0f s\n", e - s }'
status=0
done_line=$(tr -d '\r' <"$logdir/output.log" | grep -a '^WG-GUEST-DONE rc=' | tail -n 1)
if [ -z "$done_line" ]; then
	[ "$qrc" -eq 124 ] && note "VM killed after WG_VM_TIMEOUT=$WG_VM_TIMEOUT s"
	echo "FAIL vm: the guest did not reach its closing line (qemu exit $qrc)"
	tail -n 20 "$logdir/qemu.log"
	echo "---- last lines of the guest kernel console ----"
	tail -n 60 "$logdir/console.log" | tr -d '\r'
	status=1
else
	rc=${done_line#WG-GUEST-DONE rc=}
	[ "$rc" = 0 ] || status=1
fi
tr -d '\r' <"$logdir/console.log" >"$logdir/console.txt"
splat=0
for f in "$logdir/console.txt" "$logdir/dmesg.log"; do
	if scan_splats "$f"; then
		splat=1
		break
	fi
done
if [ "$splat" -eq 1 ]; then
	echo "FAIL vm: the guest kernel logged a splat (full logs in $logdir)"
	status=1
fi
exit "$status"
