# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Runs inside the QEMU guest (passed as the shell-cmd by src/tests/bench/run.sh).
# WG_T_BENCH_SIDE=ours (the module loaded at boot) or intree (Debian's
# /intree/wireguard.ko swapped in).  Prints one line `BENCH <name> <value>` per
# figure; a value `fail` means the measurement did not complete, `>N` that
# it hit the N-second cap.  All configuration goes through Debian's wg
# (wg-upstream) on both sides, so only the module differs.
#
# WG_T_BENCH_TIME   iperf3 seconds per run (5)
# WG_T_BENCH_CAP    cap in seconds for deleting the 10,000-peer device (240)
# WG_T_BENCH_HS     handshakes per timed run (2000)

. /tests/suite/lib.sh
side=${WG_T_BENCH_SIDE:-ours}
dur=${WG_T_BENCH_TIME:-5}
cap=${WG_T_BENCH_CAP:-240}

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
out() { echo "BENCH $1 ${2:-fail}"; }
# median3 V...: the middle of three numeric values; nothing unless all three are numbers
median3() { printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -n | awk '{ v[NR] = $1 } END { if (NR == 3) print v[2] }'; }

if [ "$side" = intree ]; then
	wg_load_intree || { echo "cannot load the in-tree module"; exit 1; }
	wg_ours_loaded && { echo "ours still loaded"; exit 1; }
else
	wg_ours_loaded || { echo "our module is not the one loaded"; exit 1; }
fi
echo "bench side=$side module srcversion=$(cat /sys/module/wireguard/srcversion 2>/dev/null)"

# TCP Mbit/s as the receiver saw it: $1 = server address, $2 = streams
tcp_mbps() {
	local o
	o=$(ip netns exec wg-a timeout $((dur + 20)) iperf3 -f m -c "$1" -P "$2" -t "$dur" 2>&1) ||
		return 1
	if [ "$2" -gt 1 ]; then
		o=$(echo "$o" | grep '^\[SUM\].*receiver')
	else
		o=$(echo "$o" | grep 'receiver')
	fi
	echo "$o" | awk '{ for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") { print $(i - 1); exit } }'
}

# received UDP datagrams per second, 64-byte payloads, unlimited rate
udp_pps() {
	local o
	o=$(ip netns exec wg-a timeout $((dur + 20)) iperf3 -f m -u -l 64 -b 0 -c "$1" -t "$dur" 2>&1) ||
		return 1
	echo "$o" | grep 'receiver' | awk '{
		for (i = 2; i <= NF; i++) {
			if ($i == "sec" && !t) { split($(i - 1), r, "-"); t = r[2] - r[1] }
			if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, n, "/"); lt = n[1]; tot = n[2] }
		}
		if (t > 0 && tot > 0) printf "%.0f\n", (tot - lt) / t
	}'
}

wg_pair "$WGU" || { echo "wg_pair failed"; exit 1; }
ip netns exec wg-b iperf3 -s -D -1 >/dev/null 2>&1
sleep 0.3

# first packet, handshake included: the median of 5 (a fresh pair, then 4
# times both peers removed and added back, which drops their sessions)
first_ms() { ip netns exec wg-a ping -c 1 -W 5 192.168.241.2 2>&1 | sed -n 's/.*time=\([0-9.]*\).*/\1/p'; }
fp=$(first_ms)
for i in 1 2 3 4; do
	ip netns exec wg-a "$WGU" set wg0 peer "$(cat /tmp/wg-pair/b.pub)" remove
	ip netns exec wg-b "$WGU" set wg0 peer "$(cat /tmp/wg-pair/a.pub)" remove
	ip netns exec wg-a "$WGU" set wg0 peer "$(cat /tmp/wg-pair/b.pub)" endpoint 10.9.0.2:51821 \
		allowed-ips 192.168.241.2/32,fd00:241::2/128
	ip netns exec wg-b "$WGU" set wg0 peer "$(cat /tmp/wg-pair/a.pub)" endpoint 10.9.0.1:51820 \
		allowed-ips 192.168.241.1/32,fd00:241::1/128
	fp="$fp $(first_ms)"
done
echo "first packets (ms): $fp"
out first-packet-ms "$(echo "$fp" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR == 5) print v[3] }')"
o=$(ip netns exec wg-a ping -c 20 -i 0.2 -W 2 192.168.241.2 2>&1)
out ping-rtt-ms "$(echo "$o" | sed -n 's/.*= [0-9.]*\/\([0-9.]*\)\/.*/\1/p')"

srv() { ip netns exec wg-b iperf3 -s -D -1 >/dev/null 2>&1; sleep 0.3; }
out tcp-1-mbps "$(tcp_mbps 192.168.241.2 1)"
srv
out tcp-4-mbps "$(tcp_mbps 192.168.241.2 4)"
srv
# the median of three runs: the receiving iperf3 competes with the
# tunnel's own softirq work for two vCPUs, and one run varies a lot
u=
for i in 1 2 3; do
	[ "$i" = 1 ] || srv
	u="$u $(udp_pps 192.168.241.2)"
done
echo "udp64 pps runs:$u"
out udp64-pps "$(median3 $u)"
srv
out veth-tcp-1-mbps "$(tcp_mbps 10.9.0.2 1)"
ns_cleanup
pkill iperf3 2>/dev/null

# handshakes a responder completes per second: wgproto (a userspace
# initiator in one process) precomputes one initiation for each of HS_N
# peers, then keeps 32 unanswered (far below the responder's under-load mark
# of 512 queued, so no cookie replies), and times first send to last
# response; it checks every response after the clock stops.  So the figure
# is the responder's work (one DH on the initiation, an ephemeral and two DH
# for the response) plus loopback UDP, the same for both modules.  The
# median of three runs, each with fresh initiations from the same peers.
hs_n=${WG_T_BENCH_HS:-2000}
ns_new hs || exit 1
ip -n hs link add wg0 type wireguard
h=
if wgproto hskeys "$hs_n" /tmp/hs-keys >/tmp/hs.conf &&
	ip netns exec hs "$WGU" setconf wg0 /tmp/hs.conf && ip -n hs link set wg0 up; then
	for i in 1 2 3; do
		o=$(ip netns exec hs wgproto hsbench 127.0.0.1 51900 /tmp/hs-keys 2>&1)
		echo "$o" | grep -q '^per_s:' || echo "handshakes run $i: $(echo "$o" | tr '\n' ' ')"
		h="$h $(echo "$o" | awk '$1 == "per_s:" { print $2 }')"
	done
fi
echo "handshakes/s runs:$h"
out handshakes-per-s "$(median3 $h)"
ns_cleanup

# configuration plane: big configurations on a device in its own netns
ns_new cfg || exit 1
for n in 1000 10000; do
	wgconf-gen "$n" 1 >/tmp/bench-$n.conf || { out "setconf-$n-s"; continue; }
	ip -n cfg link add wg$n type wireguard || { out "setconf-$n-s"; continue; }
	t0=$(now)
	if ip netns exec cfg "$WGU" setconf wg$n /tmp/bench-$n.conf; then
		t1=$(now)
		[ "$(ip netns exec cfg "$WGU" show wg$n peers | wc -l)" = "$n" ] &&
			out "setconf-$n-s" "$(elapsed "$t0" "$t1")" || out "setconf-$n-s"
	else
		out "setconf-$n-s"
	fi
done
ip -n cfg link del wg1000
t0=$(now)
if ip netns exec cfg "$WGU" show wg10000 dump >/tmp/bench-dump; then
	t1=$(now)
	[ "$(wc -l </tmp/bench-dump)" = 10001 ] && out show-dump-10000-s "$(elapsed "$t0" "$t1")" ||
		out show-dump-10000-s
else
	out show-dump-10000-s
fi

# Last, as it may still hold the RTNL lock when the cap is hit.
t0=$(now)
ip -n cfg link del wg10000 &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((cap * 10)) ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	out link-del-10000-s ">$cap"
else
	wait "$pid" && out link-del-10000-s "$(elapsed "$t0" "$(now)")" || out link-del-10000-s
fi
echo "bench side=$side done"
exit 0
