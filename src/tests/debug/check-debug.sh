#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: the VM suite on a debug kernel.  Installs what is
# missing, builds Debian's kernel source once with debug.config (KASAN,
# UBSAN, kmemleak, lockdep, PROVE_RCU, DEBUG_OBJECTS ...; cached, see
# build-kernel.sh), builds wireguard.ko with WG_DEBUG=1 against it, boots it
# with src/tests/qemu/run.sh (WG_DEBUG_KERNEL=1) and runs every suite file
# (shared out between WG_DEBUG_JOBS guests, default 2, booted side by side),
# then a kmemleak scan in the guest.  Any test failure, checker report,
# splat or hang fails the run.  Closing line: `N passed, N failed`.
cd "$(dirname "$0")/../../.." || exit 1
start=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log" "$log".*' EXIT

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
# The suite files are shared out between WG_DEBUG_JOBS guests (default 2)
# booted side by side, largest file first to the least loaded guest (file
# size stands in for run time); the tests sleep and wait a lot, so two
# guests take little more than half the time of one even on two cores.
files=()
for f in src/tests/suite/[0-9]*.sh; do
	n=$(basename "$f")
	if [ -z "${SUITE_FILTER:-}" ] || printf '%s\n' "$n" | grep -qE -- "$SUITE_FILTER"; then
		files+=("$(wc -c <"$f") $n")
	fi
done
jobs=${WG_DEBUG_JOBS:-2}
[ "${#files[@]}" -lt "$jobs" ] && jobs=${#files[@]}
[ "$jobs" -ge 1 ] || jobs=1
declare -a group load
for ((j = 0; j < jobs; j++)); do group[j]=; load[j]=0; done
while read -r size n; do
	[ -n "$n" ] || continue
	m=0
	for ((j = 1; j < jobs; j++)); do
		[ "${load[j]}" -lt "${load[m]}" ] && m=$j
	done
	group[m]="${group[m]:+${group[m]}|}${n%.sh}"
	load[m]=$((load[m] + size))
done < <(printf '%s\n' "${files[@]}" | sort -rn)
pids=()
bdir=${WG_BUILD_DIR:-build/kmod-debug}	# guest 1's; guest N's gets -(N-1)
for ((j = 0; j < jobs; j++)); do
	echo "== guest $((j + 1)) of $jobs: ${group[j]}"
	d=$bdir
	[ "$j" -gt 0 ] && d=$bdir-$j
	WG_DEBUG_KERNEL=1 WG_KERNEL_BUILD=$kdir SUITE_FILTER="^(${group[j]})\.sh\$" \
		WG_BUILD_DIR=$d \
		bash src/tests/qemu/run.sh suite >"$log.$j" 2>&1 &
	pids+=($!)
done
rc=0
for ((j = 0; j < jobs; j++)); do
	wait "${pids[j]}" || rc=1
	echo "== guest $((j + 1)) of $jobs (${group[j]})"
	cat "$log.$j"
	cat "$log.$j" >>"$log"
	rm -f "$log.$j"
done
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
