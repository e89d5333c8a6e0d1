#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: the VM suite on a debug kernel.  Installs what is
# missing, builds Debian's kernel source once with debug.config (KASAN,
# UBSAN, kmemleak, lockdep, PROVE_RCU, DEBUG_OBJECTS ...; cached, see
# build-kernel.sh), builds wireguard.ko with WG_DEBUG=1 against it, boots it
# with src/tests/qemu/run.sh (WG_DEBUG_KERNEL=1) and runs every suite file,
# then a kmemleak scan in the guest.  Any test failure, checker report,
# splat or hang fails the run.  Closing line: `N passed, N failed`.
cd "$(dirname "$0")/../../.." || exit 1
start=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

sh src/tests/deps.sh || { echo "0 passed, 1 failed"; exit 1; }
t0=$(date +%s)
kdir=$(bash src/tests/debug/build-kernel.sh | tail -n 1)
if [ -z "$kdir" ] || ! [ -s "$kdir/vmlinux" ]; then
	echo "FAIL debug-kernel-build: see the messages above"
	echo "0 passed, 1 failed"
	exit 1
fi
kt=$(($(date +%s) - t0))
echo "== VM suite on the debug kernel $(cat "$kdir/done") ($kdir; kernel ready after $kt s)"
WG_DEBUG_KERNEL=1 WG_KERNEL_BUILD=$kdir bash src/tests/qemu/run.sh suite 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Counted from the PASS/FAIL lines (the kmemleak line follows the suite's
# own closing line; run.sh adds a FAIL line for a splat or a hang).
p=$(grep -c '^PASS ' "$log")
f=$(grep -c '^FAIL ' "$log")
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo
echo "make check-debug: $(($(date +%s) - start)) s (kernel $kt s); per suite file:"
grep -E '^-- [0-9]+-.* done:' "$log" | sed 's/^/  /'
echo "$p passed, $f failed"
[ "$rc" -eq 0 ] && [ "$f" -eq 0 ]
