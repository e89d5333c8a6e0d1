#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the userspace unit tests, then the VM suite; one closing line
# `N passed, N failed` summing both, non-zero exit if anything failed.
cd "$(dirname "$0")/../.." || exit 1
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
start=$(date +%s)
count() { # file -> "passed failed" from its closing line
	sed -n 's/^\(unit: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2 \3/p' "$1" | tail -n 1
}
echo "== unit tests (userspace, ASan/UBSan)"
make -s unit 2>&1 | tee "$log/unit"
unit_rc=${PIPESTATUS[0]}
set -- $(count "$log/unit")
up=${1:-0} uf=${2:-1}
[ "$unit_rc" -ne 0 ] && [ "$uf" -eq 0 ] && uf=1
echo
echo "== VM suite (Debian's kernel in QEMU, our wireguard.ko)"
make -s vm-check 2>&1 | tee "$log/vm"
vm_rc=${PIPESTATUS[0]}
# Counted from the PASS/FAIL lines themselves: they are there even when the
# VM was killed before its closing line.
vp=$(grep -c '^PASS ' "$log/vm")
vf=$(grep -c '^FAIL ' "$log/vm")
# a splat, a hang or a build failure fails the run even if no test did
[ "$vm_rc" -ne 0 ] && [ "$vf" -eq 0 ] && vf=1
echo
echo "make check: unit $up passed, $uf failed; VM $vp passed, $vf failed; $(($(date +%s) - start)) s"
echo "$((up + vp)) passed, $((uf + vf)) failed"
[ "$((uf + vf))" -eq 0 ]
