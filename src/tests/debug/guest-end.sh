#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs in the debug-kernel guest after the suite (run.sh, WG_DEBUG_KERNEL=1):
# unloads our module, so that whatever it failed to free on the way out is
# unreferenced too, then asks kmemleak for two scans and prints its report.
# One test line: PASS kmemleak-no-leaks, or FAIL with the count; the report
# itself follows.  Exit status 0 only on PASS.
km=/sys/kernel/debug/kmemleak
name=kmemleak-no-leaks

if [ -d /sys/module/wireguard ]; then
	# devices and peers still configured by a test are torn down here
	rmmod wireguard 2>/dev/null || echo "note: rmmod wireguard failed (still in use?)"
fi
[ -d /sys/kernel/debug ] && [ -e "$km" ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if ! [ -w "$km" ]; then
	echo "FAIL $name: no $km (kernel without CONFIG_DEBUG_KMEMLEAK, or kmemleak disabled: $(dmesg | grep -m1 'kmemleak:'))"
	exit 1
fi
# Objects younger than 5 s are never reported; RCU callbacks and deferred
# work of the last test finish first.
sleep 6
t0=$(date +%s)
echo scan >"$km" || { echo "FAIL $name: kmemleak scan refused: $(dmesg | grep 'kmemleak:' | tail -n 1)"; exit 1; }
sleep 5
echo scan >"$km"
report=$(cat "$km")
n=$(printf '%s\n' "$report" | grep -c '^unreferenced object')
echo "kmemleak: two scans in $(($(date +%s) - t0)) s, $n unreferenced object(s)"
if [ "$n" -ne 0 ]; then
	printf '%s\n' "$report" | head -n 400
	echo "FAIL $name: $n unreferenced object(s) (report above)"
	exit 1
fi
echo "PASS $name"
exit 0
