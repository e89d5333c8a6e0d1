# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Scenarios (issue 7, data path and routing): exact byte counters after a
# ping flood, v4/v6 batteries over v4 and v6 outer at 1500 and 9000, route
# MTU and padding, WireGuard inside WireGuard, a routing loop through the
# device, ICMP errors carried back through the tunnel, namespace teardown
# with cached routes.  Each test says above it which module bug fails it.

SC=/tmp/wg-scen
mkdir -p "$SC"

sc_pub() { cat "/tmp/wg-pair/$1.pub"; }
# sc_stat NS DEV FIELD: a /sys/class/net statistics counter
sc_stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
# sc_transfer TOOL NS DEV PUB: "rx tx" for peer PUB as TOOL shows them
sc_transfer() {
	ip netns exec "$2" "$1" show "$3" transfer | awk -v k="$4" '$1 == k { print $2, $3 }'
}
# sc_iperf_server NS: iperf3 daemons in NS (IPv4 and IPv6, ports 5201 and 5202)
sc_iperf_server() {
	ip netns exec "$1" iperf3 -s -D >/dev/null 2>&1 || return 1
	ip netns exec "$1" iperf3 -s -D -p 5202 >/dev/null 2>&1 || return 1
	wait_until 10 sh -c "ip netns exec $1 ss -ltn | grep -q ':5201 ' && ip netns exec $1 ss -ltn | grep -q ':5202 '"
}
# sc_iperf_both NS ADDR ARGS...: TCP both ways at once, one iperf3 client
# per direction.  (Not --bidir: iperf3 3.12's server is single-threaded and
# on a slow guest may stop reading one stream while it writes the other; the
# data then sits unread in its socket and that direction reports 0 bytes.)
sc_iperf_both() {
	local ns=$1 addr=$2 pid rc
	shift 2
	sc_iperf "$ns" "$addr" "$@" &
	pid=$!
	sc_iperf "$ns" "$addr" -p 5202 -R "$@"
	rc=$?
	wait "$pid" && [ "$rc" = 0 ]
}
sc_iperf() {
	local ns=$1 addr=$2 out
	shift 2
	out=$(ip netns exec "$ns" timeout 30 iperf3 -c "$addr" -f m "$@" 2>&1)
	echo "$out" | grep -E 'receiver|error'
	echo "$out" | awk '/receiver/ { n++; for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec" && $i > 0) ok++ }
		END { exit !(n > 0 && ok == n) }'
}

# sc_capture_start NS IFACE FILTER: tcpdump of FILTER into $SC/cap.txt
sc_capture_start() {
	rm -f "$SC/cap.txt" "$SC/cap.err"
	ip netns exec "$1" tcpdump -n -l -i "$2" "$3" >"$SC/cap.txt" 2>"$SC/cap.err" &
	SC_CAP=$!
	wait_until 10 grep -q listening "$SC/cap.err" || { cat "$SC/cap.err"; return 1; }
}
sc_capture_stop() {
	sleep 0.5
	kill -INT "$SC_CAP" 2>/dev/null
	wait "$SC_CAP" 2>/dev/null
}

# ------------------------------------------------------------------ counters
# Message sizes: a -s 101 ping is a 129-byte IPv4 packet (padded to 144,
# message 176) or a 149-byte IPv6 packet (padded to 160, message 192).
SC_FLOOD4=100 SC_FLOOD6=50

sc_flood() {
	local out
	wg_pair || fail "wg_pair setup failed"
	ip netns exec wg-a ping -c 1 -s 101 -W 5 192.168.241.2 >/dev/null || fail "no tunnel"
	out=$(ip netns exec wg-a timeout 60 ping -f -c $SC_FLOOD4 -s 101 -W 5 192.168.241.2 2>&1)
	echo "$out" | grep -q "$SC_FLOOD4 packets transmitted, $SC_FLOOD4 received" || fail "IPv4 flood lost packets: $(echo "$out" | tail -n 2)"
	out=$(ip netns exec wg-a timeout 60 ping -6 -f -c $SC_FLOOD6 -s 101 -W 5 fd00:241::2 2>&1)
	echo "$out" | grep -q "$SC_FLOOD6 packets transmitted, $SC_FLOOD6 received" || fail "IPv6 flood lost packets: $(echo "$out" | tail -n 2)"
	# a's passive keepalive leaves 10 s after the last reply it got; wait
	# for it, so that every counter read afterwards sees the same traffic
	# (on a slow guest it used to land between two reads).
	wait_until 40 sc_a_sent $((148 + (SC_FLOOD4 + 1) * 176 + SC_FLOOD6 * 192 + 32)) ||
		fail "a's passive keepalive never left (a rx/tx: $(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)"))"
}
# sc_a_sent BYTES: wg-a has sent exactly BYTES to b
sc_a_sent() {
	[ "$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)" | cut -d' ' -f2)" = "$1" ]
}

# Fails if the module counts padding wrong, forgets handshake bytes, counts
# a message twice or not at all, or if our wg and Debian's wg disagree.
t_flood_transfer() {
	local data ka a b au bu
	sc_flood
	a=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	b=$(sc_transfer "$WG" wg-b wg0 "$(sc_pub a)")
	au=$(sc_transfer "$WGU" wg-a wg0 "$(sc_pub b)")
	bu=$(sc_transfer "$WGU" wg-b wg0 "$(sc_pub a)")
	data=$(((SC_FLOOD4 + 1) * 176 + SC_FLOOD6 * 192))
	echo "a rx/tx: $a (wg-upstream: $au); b rx/tx: $b (wg-upstream: $bu); data each way $data"
	[ "$a" = "$au" ] && [ "$b" = "$bu" ] || fail "our wg and wg-upstream disagree: $a / $au, $b / $bu"
	# a's passive keepalive (sc_flood waited for it) shows on both sides
	ka=32
	[ "$a" = "$((92 + data)) $((148 + data + ka))" ] ||
		fail "a rx/tx $a, expected $((92 + data)) $((148 + data + ka))"
	[ "$b" = "$((148 + data + ka)) $((92 + data))" ] ||
		fail "b rx/tx $b, expected $((148 + data + ka)) $((92 + data))"
}

# The interface counters follow netlink.md ("rx/tx counters as in
# protocol.md 8.7", which is what the in-tree module does): one packet and
# the message length per message sent or authenticated, handshakes and
# keepalives included, so they equal the peers' transfer totals.  Fails if
# the device counts inner lengths, skips handshakes/keepalives, or derives
# tx bytes from a stale inner header offset.
t_flood_dev_counters() {
	local s peer_rx peer_tx n rxp rxb txp txb bad=
	sc_flood
	for s in a b; do
		read -r peer_rx peer_tx <<<"$(sc_transfer "$WG" "wg-$s" wg0 "$(sc_pub "$([ $s = a ] && echo b || echo a)")")"
		rxp=$(sc_stat "wg-$s" wg0 rx_packets) rxb=$(sc_stat "wg-$s" wg0 rx_bytes)
		txp=$(sc_stat "wg-$s" wg0 tx_packets) txb=$(sc_stat "wg-$s" wg0 tx_bytes)
		# one handshake message each way, then 1 + 100 + 50 data messages
		# (and at most one keepalive from a, counted in peer bytes)
		n=$((1 + 1 + SC_FLOOD4 + SC_FLOOD6))
		echo "$s: rx $rxp packets $rxb bytes, tx $txp packets $txb bytes; peer rx $peer_rx tx $peer_tx"
		[ "$rxb" = "$peer_rx" ] || bad="$bad $s:rx_bytes=$rxb(peer $peer_rx)"
		[ "$txb" = "$peer_tx" ] || bad="$bad $s:tx_bytes=$txb(peer $peer_tx)"
		[ "$rxp" -ge "$n" ] && [ "$rxp" -le $((n + 1)) ] || bad="$bad $s:rx_packets=$rxp(want $n)"
		[ "$txp" -ge "$n" ] && [ "$txp" -le $((n + 1)) ] || bad="$bad $s:tx_packets=$txp(want $n)"
	done
	[ -z "$bad" ] || fail "interface counters differ from the messages on the wire:$bad"
}

# ------------------------------------------------------------------ batteries
# sc_frags: IPv4 + IPv6 fragments created in wg-a and wg-b so far
sc_frags() {
	local ns
	for ns in wg-a wg-b; do
		ip netns exec $ns nstat -az IpFragCreates Ip6FragCreates
	done | awk '/FragCreates/ { n += $2 } END { print n + 0 }'
}

# sc_battery VETH_MTU: wg0 MTU = VETH_MTU - 80 (fits the IPv6 outer exactly).
# For each outer (v4, v6) x inner (v4, v6): pings of 1, 100 and exactly the
# tunnel MTU with DF (one byte more is refused locally), one that the inner
# stack must fragment, iperf3 TCP both ways at once and a UDP burst.
# Fails if padding overflows the outer MTU (the underlay then fragments),
# fragments or large packets are mangled, or either family breaks over
# either outer.
sc_battery() {
	local vmtu=$1 mtu=$(($1 - 80)) outer inner ep_a ep_b dst hdr fam s out f0
	wg_pair || fail "wg_pair setup failed"
	for s in a b; do
		ip -n "wg-$s" link set "veth-$s" mtu "$vmtu" || fail "veth MTU $vmtu refused"
		ip -n "wg-$s" link set wg0 mtu "$mtu" || fail "wg0 MTU $mtu refused"
	done
	sc_iperf_server wg-b || fail "iperf3 server did not start"
	for outer in 4 6; do
		if [ $outer = 4 ]; then ep_a=10.9.0.1:51820 ep_b=10.9.0.2:51821
		else ep_a="[fd09::1]:51820" ep_b="[fd09::2]:51821"; fi
		ip netns exec wg-a "$WG" set wg0 peer "$(sc_pub b)" endpoint "$ep_b" || fail "endpoint"
		ip netns exec wg-b "$WG" set wg0 peer "$(sc_pub a)" endpoint "$ep_a" || fail "endpoint"
		for inner in 4 6; do
			if [ $inner = 4 ]; then dst=192.168.241.2 hdr=28 fam=-4
			else dst=fd00:241::2 hdr=48 fam=-6; fi
			echo "-- inner IPv$inner over outer IPv$outer, MTU $mtu"
			f0=$(sc_frags)
			for s in 1 100 $((mtu - hdr)); do
				ip netns exec wg-a ping $fam -M do -c 1 -W 3 -s $s $dst >/dev/null ||
					fail "IPv$inner over IPv$outer: DF ping of $((s + hdr)) bytes failed (MTU $mtu)"
			done
			# a full-MTU inner packet, padded and encapsulated, fits the
			# underlay without fragmenting the outer packet
			[ "$(sc_frags)" = "$f0" ] ||
				fail "IPv$inner over IPv$outer: full-size messages were fragmented on the underlay ($f0 -> $(sc_frags) fragments)"
			out=$(ip netns exec wg-a ping $fam -M do -c 1 -W 1 -s $((mtu - hdr + 1)) $dst 2>&1) &&
				fail "IPv$inner over IPv$outer: DF ping of $((mtu + 1)) bytes went through MTU $mtu"
			echo "$out" | grep -Eq "message too long|Frag needed|Packet too big" ||
				fail "IPv$inner: oversized DF ping not refused as too long: $out"
			ip netns exec wg-a ping $fam -M dont -c 1 -W 3 -s $((mtu + 500)) $dst >/dev/null ||
				fail "IPv$inner over IPv$outer: fragmented ping of $((mtu + 500 + hdr)) bytes failed"
			sc_iperf_both wg-a $dst -t 2 ||
				fail "IPv$inner over IPv$outer: iperf3 TCP both directions failed"
			sc_iperf wg-a $dst -u -b 20M -l 1000 -t 1 ||
				fail "IPv$inner over IPv$outer: iperf3 UDP burst failed"
		done
	done
}
t_battery_1500() { sc_battery 1500; }
t_battery_9000() { sc_battery 9000; }

# ------------------------------------------------------------------ route MTU
# A route through wg0 with mtu lock 1300: padding stops at the route MTU
# (protocol.md §3), DF pings above it fail locally, larger ones fragment at
# 1300.  b has no such route: its replies are padded against wg0's 1420.
# Fails if padding is computed against the device MTU instead of the
# route's (a 1300-byte packet would become a 1344-byte message, not 1332),
# or if padding is wrong at all.
t_route_mtu() {
	local out got want
	wg_pair || fail "wg_pair setup failed"
	ip netns exec wg-a ping -c 1 -W 5 192.168.241.2 >/dev/null || fail "no tunnel"
	ip -n wg-a route add 192.168.241.2/32 dev wg0 mtu lock 1300 || fail "route add"
	ip -n wg-a -6 route add fd00:241::2/128 dev wg0 mtu lock 1300 || fail "route add -6"
	sc_capture_start wg-a veth-a "udp and not port 53" || fail "tcpdump did not start"
	# inner 1300 (route MTU), 1290, 29 (IPv4); 1300 (IPv6)
	ip netns exec wg-a ping -M do -c 1 -W 3 -s 1272 192.168.241.2 >/dev/null || fail "1300-byte DF ping failed"
	ip netns exec wg-a ping -M do -c 1 -W 3 -s 1262 192.168.241.2 >/dev/null || fail "1290-byte DF ping failed"
	ip netns exec wg-a ping -M do -c 1 -W 3 -s 1 192.168.241.2 >/dev/null || fail "29-byte ping failed"
	ip netns exec wg-a ping -6 -M do -c 1 -W 3 -s 1252 fd00:241::2 >/dev/null || fail "1300-byte DF ping6 failed"
	out=$(ip netns exec wg-a ping -M do -c 1 -W 1 -s 1273 192.168.241.2 2>&1) &&
		fail "1301-byte DF ping went through a 1300 route MTU"
	echo "$out" | grep -q "message too long, mtu=1300" || fail "1301-byte DF ping not refused locally: $out"
	# 2028 bytes without DF: fragments of 1300 and 748 bytes leave a;
	# b answers with 1420 + 628 (its route MTU is wg0's 1420)
	ip netns exec wg-a ping -M dont -c 1 -W 3 -s 2000 192.168.241.2 >/dev/null || fail "fragmented ping failed"
	sc_capture_stop
	got=$(awk '/10\.9\.0\.1\.51820 >/ { print "a" $NF } /10\.9\.0\.2\.51821 >/ { print "b" $NF }' "$SC/cap.txt" |
		sort | tr '\n' ' ')
	# a: 16 + min(1300, round16(L)) + 16 for L = 1300 1290 29 1300 1300 748
	# b: the same against 1420 for its replies L = 1300 1290 29 1300 1420 628
	want=$(printf '%s\n' a1332 a1328 a64 a1332 a1332 a784 b1344 b1328 b64 b1344 b1452 b672 | sort | tr '\n' ' ')
	echo "UDP payload lengths on the wire: $got"
	[ "$got" = "$want" ] || {
		cat "$SC/cap.txt"
		fail "outer lengths '$got', expected '$want'"
	}
}

# ------------------------------------------------------------------ nesting
# wg1 runs over wg0 (its endpoint is b's wg0 address).  Fails if the module
# cannot send from inside its own transmit path (recursion, lock order),
# loses nested traffic, or if the outer tunnel does not carry it.
t_nested() {
	local k a1 b1 a0 b0 a0b
	wg_pair || fail "wg_pair setup failed"
	for k in c d; do
		"$WGU" genkey >"$SC/$k.key" && "$WGU" pubkey <"$SC/$k.key" >"$SC/$k.pub" || fail "genkey"
	done
	ip -n wg-a link add wg1 type wireguard && ip -n wg-b link add wg1 type wireguard || fail "wg1"
	ip -n wg-a addr add 192.168.243.1/24 dev wg1
	ip -n wg-b addr add 192.168.243.2/24 dev wg1
	ip -n wg-a addr add fd00:243::1/64 dev wg1 nodad
	ip -n wg-b addr add fd00:243::2/64 dev wg1 nodad
	ip netns exec wg-a "$WG" set wg1 listen-port 51900 private-key "$SC/c.key" \
		peer "$(cat "$SC/d.pub")" endpoint 192.168.241.2:51901 \
		allowed-ips 192.168.243.2/32,fd00:243::2/128 || fail "wg1 config a"
	ip netns exec wg-b "$WG" set wg1 listen-port 51901 private-key "$SC/d.key" \
		peer "$(cat "$SC/c.pub")" endpoint 192.168.241.1:51900 \
		allowed-ips 192.168.243.1/32,fd00:243::1/128 || fail "wg1 config b"
	# 1420 of wg0 minus the IPv6-worst-case 80 of a second layer
	ip -n wg-a link set wg1 mtu 1340 up && ip -n wg-b link set wg1 mtu 1340 up || fail "wg1 up"
	read -r _ a0b <<<"$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")"
	ip netns exec wg-a ping -c 3 -i 0.2 -W 5 192.168.243.2 || fail "ping over wg1 (over wg0) failed"
	ip netns exec wg-a ping -6 -c 2 -i 0.2 -W 3 fd00:243::2 >/dev/null || fail "ping6 over wg1 failed"
	ip netns exec wg-a ping -M do -c 2 -i 0.2 -W 3 -s 1312 192.168.243.2 >/dev/null ||
		fail "1340-byte DF ping over wg1 failed"
	ip netns exec wg-b ping -c 2 -i 0.2 -W 3 192.168.243.1 >/dev/null || fail "ping back over wg1 failed"
	# wg1's outer endpoint moves to IPv6 inside wg0
	ip netns exec wg-a "$WG" set wg1 peer "$(cat "$SC/d.pub")" endpoint "[fd00:241::2]:51901" || fail "endpoint6"
	ip netns exec wg-a ping -c 2 -i 0.2 -W 3 192.168.243.2 >/dev/null || fail "ping over wg1 over IPv6 wg0 address failed"
	sc_iperf_server wg-b || fail "iperf3 server did not start"
	sc_iperf_both wg-a 192.168.243.2 -t 2 || fail "iperf3 over wg1 failed"
	read -r a1 b1 <<<"$(sc_transfer "$WG" wg-a wg1 "$(cat "$SC/d.pub")")"
	read -r _ a0 <<<"$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")"
	read -r b0 _ <<<"$(sc_transfer "$WG" wg-b wg0 "$(sc_pub a)")"
	echo "wg1 on a: rx $a1 tx $b1; wg0 a tx grew $a0b -> $a0, b wg0 rx $b0"
	[ "${a1:-0}" -gt 100000 ] && [ "${b1:-0}" -gt 100000 ] || fail "wg1 counters did not grow both ways: rx $a1 tx $b1"
	# every wg1 message (plus 60-80 bytes of headers) went through wg0
	[ $((a0 - a0b)) -gt "$b1" ] || fail "wg0 carried $((a0 - a0b)) bytes, less than wg1 sent ($b1)"
	[ "$b0" -gt "$b1" ] || fail "b's wg0 received $b0 bytes, less than a's wg1 sent ($b1)"
}

# ------------------------------------------------------------------ routing loop
# a's outer packets to the peer are routed back into wg0 itself.  First with
# a live session whose endpoint becomes an allowed IP routed through wg0:
# each encrypted packet goes into wg0 again.  Then with no session at all
# (the endpoint is inside the tunnel).  Fails on a runaway (counters still
# growing after the traffic stopped, more than 32 KiB sent per ping, i.e.
# packets multiplying), a dead underlay, a hang, a crash, or a module that
# cannot be unloaded afterwards.
t_routing_loop() {
	local t0 t1 t2 e0 e1 i
	wg_pair || fail "wg_pair setup failed"
	ip netns exec wg-a ping -c 1 -W 5 192.168.241.2 >/dev/null || fail "no tunnel"
	ip netns exec wg-a "$WG" set wg0 peer "$(sc_pub b)" allowed-ips 192.168.241.2/32,10.9.0.2/32 || fail "allowed-ips"
	ip -n wg-a route add 10.9.0.2/32 dev wg0 || fail "route add"
	e0=$(sc_stat wg-a wg0 tx_errors)
	t0=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	ip netns exec wg-a timeout 10 ping -c 5 -i 0.2 -W 1 192.168.241.2 >/dev/null 2>&1 &&
		fail "ping succeeded through a routing loop"
	# The loop must die out by itself: a's tx counter has to stop growing
	# (a slow guest may still be re-encrypting the last ping a second later,
	# so this waits for two equal reads one second apart, up to 30 s).
	t1=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	for i in $(seq 1 30); do
		sleep 1
		t2=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
		[ "${t2#* }" = "${t1#* }" ] && break
		t1=$t2
	done
	e1=$(sc_stat wg-a wg0 tx_errors)
	echo "live session: transfer $t0 -> $t1 -> (1 s) $t2 after $i s; tx_errors $e0 -> $e1"
	# the underlay still works meanwhile (IPv6 is not routed into wg0)
	ip netns exec wg-a timeout 10 ping -6 -c 1 -W 3 fd09::2 >/dev/null || {
		ip -n wg-a route del 10.9.0.2/32 dev wg0
		fail "the underlay stopped working during the loop"
	}
	if [ "${t2#* }" != "${t1#* }" ]; then
		ip -n wg-a route del 10.9.0.2/32 dev wg0	# stop it before failing
		fail "runaway: a still sends 30 s after the pings (tx bytes ${t1#* } -> ${t2#* } in 1 s)"
	fi
	# Each packet is encrypted again on every pass and grows by 64 bytes
	# until the kernel stops it (the in-tree module behaves the same: 18
	# passes, 12,096 bytes per 84-byte ping); more than 32 KiB per ping
	# means packets multiply.
	[ "${t2#* }" -le $((${t0#* } + 5 * 32768)) ] ||
		fail "loop: 5 pings made a send $((${t2#* } - ${t0#* })) bytes into its own device"
	ip -n wg-a route del 10.9.0.2/32 dev wg0

	# no session: the peer comes back with its endpoint inside the tunnel
	# (b goes quiet: its own new handshake would roam a back to the veth)
	ip -n wg-b link set wg0 down
	ip netns exec wg-a "$WG" set wg0 peer "$(sc_pub b)" remove || fail "remove"
	ip netns exec wg-a "$WG" set wg0 peer "$(sc_pub b)" endpoint 192.168.241.2:51821 \
		allowed-ips 192.168.241.2/32 || fail "endpoint"
	e0=$(sc_stat wg-a wg0 tx_errors)
	ip netns exec wg-a timeout 10 ping -c 10 -i 0.1 -W 1 192.168.241.2 >/dev/null 2>&1 &&
		fail "ping succeeded with the endpoint inside the tunnel"
	t1=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	sleep 2
	t2=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	echo "no session: transfer $t1 -> $t2 in 2 s, tx_errors $e0 -> $(sc_stat wg-a wg0 tx_errors)"
	[ "${t1#* }" -le 148 ] && [ "${t2#* }" -le $((${t1#* } + 148)) ] ||
		fail "loop without a session: a kept sending ($t1 -> $t2)"
	ip netns exec wg-a ping -c 1 -W 3 10.9.0.2 >/dev/null || fail "the underlay stopped working"
	ns_cleanup
	wait_until 10 rmmod wireguard || fail "rmmod failed after the loop"
	insmod "$KO" || fail "insmod failed"
}

# ------------------------------------------------------------------ ICMP errors
# Behind b: 10.77.0.0/16 and fd77::/64 are unreachable routes, 10.78.0.0/24
# and fd78::/64 sit behind a 1280-MTU veth to namespace wg-c.  a routes both
# into the tunnel.  b's ICMP errors come from its tunnel address and must
# pass a's allowed-IPs check.  Fails if the receive path drops ICMP errors
# (e.g. an inner source check against the quoted header), or the send path
# cannot carry them.
t_icmp_errors() {
	local out
	wg_pair || fail "wg_pair setup failed"
	ns_new wg-c || fail "ns_new"
	ip link add veth-bc netns wg-b mtu 1280 type veth peer name veth-c netns wg-c mtu 1280 || fail "veth"
	ip -n wg-b addr add 10.78.0.1/24 dev veth-bc
	ip -n wg-c addr add 10.78.0.2/24 dev veth-c
	ip -n wg-b addr add fd78::1/64 dev veth-bc nodad
	ip -n wg-c addr add fd78::2/64 dev veth-c nodad
	ip -n wg-b link set veth-bc up && ip -n wg-c link set veth-c up
	ip -n wg-c route add default via 10.78.0.1
	ip -n wg-c -6 route add default via fd78::1
	ip netns exec wg-b sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || fail "sysctl"
	ip -n wg-b route add unreachable 10.77.0.0/16
	ip -n wg-b -6 route add unreachable fd77::/64
	ip netns exec wg-a "$WG" set wg0 peer "$(sc_pub b)" \
		allowed-ips 192.168.241.2/32,fd00:241::2/128,10.77.0.0/16,10.78.0.0/24,fd77::/64,fd78::/64 || fail "allowed-ips"
	ip -n wg-a route add 10.77.0.0/16 dev wg0 && ip -n wg-a route add 10.78.0.0/24 dev wg0 || fail "route"
	ip -n wg-a -6 route add fd77::/64 dev wg0 && ip -n wg-a -6 route add fd78::/64 dev wg0 || fail "route -6"
	ip netns exec wg-a ping -c 1 -W 5 192.168.241.2 >/dev/null || fail "no tunnel"
	ip netns exec wg-a ping -c 1 -W 3 10.78.0.2 >/dev/null || fail "c behind b not reachable"
	ip netns exec wg-a ping -6 -c 1 -W 3 fd78::2 >/dev/null || fail "c behind b not reachable over IPv6"

	out=$(ip netns exec wg-a ping -c 1 -W 3 10.77.0.1 2>&1)
	echo "$out" | grep -q "From 192.168.241.2 .*Destination Host Unreachable" ||
		fail "no host unreachable from b's tunnel address: $out"
	out=$(ip netns exec wg-a ping -6 -c 1 -W 3 fd77::1 2>&1)
	echo "$out" | grep -Eq "From fd00:241::2 .*Destination unreachable" ||
		fail "no ICMPv6 unreachable from b's tunnel address: $out"
	out=$(ip netns exec wg-a ping -M do -c 1 -W 3 -s 1300 10.78.0.2 2>&1)
	echo "$out" | grep -q "From 192.168.241.2 .*Frag needed and DF set (mtu = 1280)" ||
		fail "no frag-needed from b's tunnel address: $out"
	out=$(ip netns exec wg-a ping -6 -M do -c 1 -W 3 -s 1300 fd78::2 2>&1)
	echo "$out" | grep -q "From fd00:241::2 .*Packet too big: mtu=1280" ||
		fail "no packet-too-big from b's tunnel address: $out"
	# the errors were learnt: the next big DF ping is refused locally
	out=$(ip netns exec wg-a ping -M do -c 1 -W 3 -s 1300 10.78.0.2 2>&1)
	echo "$out" | grep -Eq "mtu ?[=:] ?1280" || fail "path MTU 1280 not learnt from the tunnelled ICMP: $out"
}

# ------------------------------------------------------------------ netns teardown
# wg0 is created in wg-u (its UDP socket stays there) and moved to wg-a;
# wg-u holds the underlay veth to wg-b.  Traffic fills the socket's route
# cache, then the underlay goes away under it.  Fails on a splat (the
# harness scans the kernel log), a use of a freed route, a hang, a device
# that cannot be deleted, or a module that cannot be unloaded.
sc_split_setup() {
	ns_new wg-u && ns_new wg-a && ns_new wg-b || return 1
	ip link add veth-u netns wg-u type veth peer name veth-b netns wg-b || return 1
	ip -n wg-u addr add 10.9.0.1/24 dev veth-u
	ip -n wg-b addr add 10.9.0.2/24 dev veth-b
	ip -n wg-u link set veth-u up && ip -n wg-b link set veth-b up
	mkdir -p /tmp/wg-pair
	for s in a b; do
		"$WGU" genkey >/tmp/wg-pair/$s.key && "$WGU" pubkey </tmp/wg-pair/$s.key >/tmp/wg-pair/$s.pub || return 1
	done
	ip -n wg-u link add wg0 type wireguard && ip -n wg-u link set wg0 netns wg-a || return 1
	ip -n wg-b link add wg0 type wireguard || return 1
	ip -n wg-a addr add 192.168.241.1/24 dev wg0
	ip -n wg-b addr add 192.168.241.2/24 dev wg0
	ip netns exec wg-a "$WG" set wg0 listen-port 51820 private-key /tmp/wg-pair/a.key \
		peer "$(sc_pub b)" endpoint 10.9.0.2:51821 allowed-ips 192.168.241.2/32 || return 1
	ip netns exec wg-b "$WG" set wg0 listen-port 51821 private-key /tmp/wg-pair/b.key \
		peer "$(sc_pub a)" endpoint 10.9.0.1:51820 allowed-ips 192.168.241.1/32 || return 1
	ip -n wg-a link set wg0 up && ip -n wg-b link set wg0 up || return 1
	ip netns exec wg-a ping -c 2 -i 0.2 -W 5 192.168.241.2 >/dev/null
}

t_teardown() {
	local e0 e1 t1 t2 pid
	# 1: the underlay veth, then the socket's namespace, die under traffic
	sc_split_setup || fail "setup failed (wg0 created in wg-u, moved to wg-a)"
	ip netns exec wg-a ping -f -w 6 192.168.241.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	e0=$(sc_stat wg-a wg0 tx_errors)
	ip -n wg-u link del veth-u || fail "deleting the underlay veth failed"
	sleep 0.5
	t1=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	sleep 1
	t2=$(sc_transfer "$WG" wg-a wg0 "$(sc_pub b)")
	e1=$(sc_stat wg-a wg0 tx_errors)
	echo "after the underlay veth went away: tx_errors $e0 -> $e1, transfer $t1 -> $t2"
	[ "$t1" = "$t2" ] || fail "bytes counted as sent over a route that no longer exists ($t1 -> $t2)"
	# (beyond upstream, which drops these silently)
	[ "$e1" -gt "$e0" ] || fail "failed sends were not counted as tx errors"
	ip netns del wg-u
	kill "$pid" 2>/dev/null
	wait "$pid"
	# the device stays in wg-a, without sockets, and can be deleted
	wait_until 10 sh -c 'ip -n wg-a link set wg0 down; ! ip -n wg-a link set wg0 up 2>/dev/null' ||
		fail "wg0 still comes up after its socket namespace died"
	ip -n wg-a link del wg0 || fail "ip link del wg0 failed"
	ns_cleanup

	# 2: the namespace holding wg0 dies while the peer floods it
	sc_split_setup || fail "setup failed (round 2)"
	ip netns exec wg-b ping -f -w 6 192.168.241.1 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	ip netns del wg-a
	sleep 0.5
	kill "$pid" 2>/dev/null
	wait "$pid"
	wait_until 10 sh -c "! ip netns exec wg-u ss -uan | grep -q ':51820 '" ||
		fail "wg0's socket in wg-u outlived the device"
	ip netns exec wg-b ping -c 1 -W 2 10.9.0.1 >/dev/null || fail "the underlay broke"
	ns_cleanup
	wait_until 10 rmmod wireguard || fail "rmmod failed after the teardowns"
	insmod "$KO" || fail "insmod failed"
}

# WG_T_SCEN_ONLY=<regex> runs only the matching tests
scen_test() {
	if [ -n "${WG_T_SCEN_ONLY:-}" ] && ! printf '%s\n' "$1" | grep -qE -- "$WG_T_SCEN_ONLY"; then
		return 0
	fi
	run_test "$@"
}

scen_test ping-flood-exact-byte-counters t_flood_transfer
scen_test ping-flood-exact-interface-counters t_flood_dev_counters
scen_test battery-v4-v6-over-v4-and-v6-outer-default-mtu t_battery_1500
scen_test battery-v4-v6-over-v4-and-v6-outer-mtu-9000 t_battery_9000
scen_test route-mtu-lower-than-device-mtu-padding t_route_mtu
scen_test nested-wireguard-in-wireguard t_nested
scen_test icmp-errors-routed-back-through-tunnel t_icmp_errors
scen_test netns-teardown-with-cached-routes t_teardown
scen_test routing-loop-through-device-no-runaway t_routing_loop
