#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the userspace unit tests, then the VM suite; one closing line
# `N passed, N failed` summing both, non-zero exit if anything failed.
cd "$(dirname "$0")/../.." || exit 1
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
start=$(date +%s)
count() { # file -> "passed failed" from its last closing line
	sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$1" | tail -n 1
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
set -- $(count "$log/vm")
vp=${1:-0} vf=${2:-1}
# a splat, a hang or a build failure fails the run even if no test did
[ "$vm_rc" -ne 0 ] && [ "$vf" -eq 0 ] && vf=1
echo
echo "make check: unit $up passed, $uf failed; VM $vp passed, $vf failed; $(($(date +%s) - start)) s"
echo "$((up + vp)) passed, $((uf + vf)) failed"
[ "$((uf + vf))" -eq 0 ]
