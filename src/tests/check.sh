#!/bin/sh
# make check: unit tests, then the VM suite; one closing line for both.
cd "$(dirname "$0")/../.." || exit 1
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
count() { # file -> "passed failed" from its last closing line
	sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$1" | tail -n 1
}
make -s unit 2>&1 | tee "$log/unit"
set -- $(count "$log/unit"); up=${1:-0}; uf=${2:-1}
make -s vm-check 2>&1 | tee "$log/vm"
vm_rc=$?
set -- $(count "$log/vm"); vp=${1:-0}; vf=${2:-1}
[ "$vm_rc" -ne 0 ] && [ "$vf" -eq 0 ] && vf=1
echo
echo "$((up + vp)) passed, $((uf + vf)) failed"
[ "$((uf + vf))" -eq 0 ]
