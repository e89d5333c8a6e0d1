#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boots the QEMU guest WG_BENCH_BOOTS times (default 4),
# alternating our wireguard.ko and Debian's in-tree one (ours, in-tree, ours,
# in-tree ...), runs src/tests/bench/guest.sh in each boot and prints, per
# figure, the mean of the boots of each side:
#   bench <name> ours=<x> intree=<y> ratio=<x/y>
# A side whose boots all failed a figure prints `fail`; a capped figure
# prints `>N` (a lower bound) when any boot of that side hit the cap.
#
# Environment: WG_BENCH_BOOTS, WG_BUILD_DIR (as src/tests/qemu/run.sh),
# WG_T_BENCH_TIME (iperf3 seconds, 5), WG_T_BENCH_CAP (link-del cap, 240),
# WG_BENCH_LOG (raw per-boot output; default build/bench.log).

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
boots=${WG_BENCH_BOOTS:-4}
export WG_BUILD_DIR=${WG_BUILD_DIR:-$top/build/kmod}
export WG_T_BENCH_TIME=${WG_T_BENCH_TIME:-5}
export WG_T_BENCH_CAP=${WG_T_BENCH_CAP:-240}
mkdir -p "$WG_BUILD_DIR" || exit 1
mkdir -p "$top/build" || exit 1
log=${WG_BENCH_LOG:-$top/build/bench.log}
: >"$log"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
script=$(cat "$here/guest.sh") || exit 1

for i in $(seq 1 "$boots"); do
	if [ $((i % 2)) = 1 ]; then side=ours; else side=intree; fi
	echo "bench: boot $i/$boots ($side)" >&2
	nobuild=
	[ "$i" -gt 1 ] && nobuild=1
	start=$(date +%s)
	WG_NO_BUILD=$nobuild WG_T_BENCH_SIDE=$side WG_VM_TIMEOUT=1500 \
		"$top/src/tests/qemu/run.sh" shell-cmd "$script" >"$log.boot" 2>&1
	rc=$?
	{ echo "==== boot $i $side (run.sh exit $rc, $(($(date +%s) - start)) s)"; cat "$log.boot"; } >>"$log"
	if grep -q '^run.sh: module build failed' "$log.boot"; then
		cat "$log.boot" >&2
		echo "bench: the module did not build" >&2
		exit 1
	fi
	n=$(grep -c '^BENCH ' "$log.boot")
	[ "$n" -gt 0 ] || { echo "bench: boot $i gave no figures (see $log)" >&2; tail -n 20 "$log.boot" >&2; }
	grep '^BENCH ' "$log.boot" | tr -d '\r' | awk -v s="$side" '{ print s, $2, $3 }' >>"$results"
done
rm -f "$log.boot"

# name order of the first boot; mean per side; veth ceiling ratio
awk '
function fmt(v) { return v >= 100 ? sprintf("%.0f", v) : sprintf("%.3g", v) }
function rfmt(v) { return v < 0.1 ? sprintf("%.2g", v) : sprintf("%.2f", v) }
{
	k = $1 SUBSEP $2
	if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
	if ($3 ~ /^>/) { cap[k] = $3 }
	else if ($3 ~ /^[0-9.]+$/) { sum[k] += $3; cnt[k]++ }
}
function val(s, name,   k) {
	k = s SUBSEP name
	if (k in cap) return cap[k]
	if (cnt[k] > 0) return fmt(sum[k] / cnt[k])
	return "fail"
}
function num(s, name,   k) {
	k = s SUBSEP name
	if (k in cap) return substr(cap[k], 2) + 0
	if (cnt[k] > 0) return sum[k] / cnt[k]
	return -1
}
END {
	for (i = 1; i <= n; i++) {
		name = order[i]
		if (name ~ /^veth-/) continue
		o = val("ours", name); t = val("intree", name)
		r = "n/a"
		if (o !~ /^(>|fail)/ && t !~ /^(>|fail)/ && num("intree", name) > 0)
			r = rfmt(num("ours", name) / num("intree", name))
		else if (o !~ /^(>|fail)/ && t ~ /^>/ && num("intree", name) > 0)
			r = "<" rfmt(num("ours", name) / num("intree", name))
		printf "bench %s ours=%s intree=%s ratio=%s\n", name, o, t, r
	}
	# the veth ceiling: mean over every boot, whichever module was loaded
	vs = sum["ours" SUBSEP "veth-tcp-1-mbps"] + sum["intree" SUBSEP "veth-tcp-1-mbps"]
	vc = cnt["ours" SUBSEP "veth-tcp-1-mbps"] + cnt["intree" SUBSEP "veth-tcp-1-mbps"]
	if (vc > 0 && vs > 0 && num("ours", "tcp-1-mbps") > 0) {
		v = vs / vc
		r = num("intree", "tcp-1-mbps") > 0 ? sprintf("%.2f", num("intree", "tcp-1-mbps") / v) : "fail"
		printf "bench veth-ceiling veth_tcp_mbps=%s ours_ratio=%.2f intree_ratio=%s\n", fmt(v),
			num("ours", "tcp-1-mbps") / v, r
	} else {
		print "bench veth-ceiling ours_ratio=fail"
	}
}' "$results"
echo "bench: $boots boots (raw output in $log); TCG guest on a shared 2-core host: figures are noisy" >&2
