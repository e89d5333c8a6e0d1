# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Scenarios around routing: reverse-path check by key, NAT between peers,
# fwmark with sockets bound to the device, wg-quick-style policy routing,
# sticky source address with fail-over, and the IPv6 source check.

RT=/tmp/wg-routing
mkdir -p "$RT"

# rt_key NAME: a fresh key pair in $RT/NAME.key / $RT/NAME.pub
rt_key() {
	umask 077
	"$WGU" genkey >"$RT/$1.key" && "$WGU" pubkey <"$RT/$1.key" >"$RT/$1.pub"
}
rt_pub() { cat "$RT/$1.pub"; }

# rt_veth NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth between two namespaces
rt_veth() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
	ip -n "$1" addr add "$3" dev "$2" && ip -n "$4" addr add "$6" dev "$5" &&
		ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}

rt_stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

# rt_icmp NS FIELD: an Icmp: counter of /proc/net/snmp inside NS
rt_icmp() {
	ip netns exec "$1" awk -v f="$2" '$1 == "Icmp:" {
		if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1 } else print $col[f] }' /proc/net/snmp
}

# rt_icmp6 NS FIELD: a counter of /proc/net/snmp6 inside NS
rt_icmp6() { ip netns exec "$1" awk -v f="$2" '$1 == f { print $2 }' /proc/net/snmp6; }

# rt_drops NS PUB REASON: the peer's drop counter for REASON from `wg show`
rt_drops() {
	ip netns exec "$1" "$WG" show wg0 | awk -v k="$2" -v r="$3" '
		/^peer: / { cur = $2 }
		cur == k && /^  drops: / {
			sub(/^  drops: /, ""); n = split($0, a, ", ")
			for (i = 1; i <= n; i++) { split(a[i], b, " "); if (b[2] == r) v = b[1] }
		}
		END { print v + 0 }'
}

# rt_transfer NS PUB rx|tx: the peer's byte counter
rt_transfer() {
	ip netns exec "$1" "$WG" show wg0 transfer | awk -v k="$2" -v f="$3" \
		'$1 == k { print (f == "rx" ? $2 : $3) }'
}

rt_endpoint() {
	ip netns exec "$1" "$WG" show wg0 endpoints | awk -v k="$2" '$1 == k { print $2 }'
}

# rt_cap_start NS IF FILE FILTER / rt_cap_stop: tcpdump into FILE, started
# once it listens
RT_CAP=
rt_cap_start() {
	rm -f "$3" "$3.err"
	ip netns exec "$1" tcpdump -n -l -i "$2" "$4" >"$3" 2>"$3.err" &
	RT_CAP=$!
	wait_until 10 grep -q "listening on" "$3.err"
}
rt_cap_stop() {
	sleep 0.3
	kill -INT "$RT_CAP" 2>/dev/null
	wait "$RT_CAP" 2>/dev/null
	RT_CAP=
}

# ---------------------------------------------------------------- 1
# Fails if the receive path accepts an inner source that any peer's allowed
# IPs cover (or that a less specific range of the decrypting peer covers)
# instead of requiring that the longest match belongs to the decrypting peer.
t_rp_by_key() {
	local e0 x0 d0 r0 e1
	ns_new rt-h && ns_new rt-p1 && ns_new rt-p2 || fail "netns"
	rt_veth rt-h h1 172.16.1.1/24 rt-p1 p1 172.16.1.2/24 || fail "veth p1"
	rt_veth rt-h h2 172.16.2.1/24 rt-p2 p2 172.16.2.2/24 || fail "veth p2"
	for n in h p1 p2; do
		rt_key "$n" || fail "genkey"
		ip -n "rt-$n" link add wg0 type wireguard || fail "link add wg0 in rt-$n"
	done
	ip -n rt-h addr add 10.9.0.1/24 dev wg0
	ip -n rt-p1 addr add 10.9.0.2/24 dev wg0
	ip -n rt-p2 addr add 10.9.0.5/24 dev wg0
	ip netns exec rt-h "$WG" set wg0 listen-port 51820 private-key "$RT/h.key" \
		peer "$(rt_pub p1)" endpoint 172.16.1.2:51821 allowed-ips 10.9.0.0/24 \
		peer "$(rt_pub p2)" endpoint 172.16.2.2:51822 allowed-ips 10.9.0.5/32 || fail "set h"
	ip netns exec rt-p1 "$WG" set wg0 listen-port 51821 private-key "$RT/p1.key" \
		peer "$(rt_pub h)" endpoint 172.16.1.1:51820 allowed-ips 10.9.0.1/32 || fail "set p1"
	ip netns exec rt-p2 "$WG" set wg0 listen-port 51822 private-key "$RT/p2.key" \
		peer "$(rt_pub h)" endpoint 172.16.2.1:51820 allowed-ips 10.9.0.1/32 || fail "set p2"
	for n in h p1 p2; do ip -n "rt-$n" link set wg0 up; done

	ip netns exec rt-p1 ping -c 2 -i 0.2 -W 2 -I 10.9.0.2 10.9.0.1 >/dev/null ||
		fail "P1 cannot reach H from its own address 10.9.0.2"
	ip netns exec rt-p2 ping -c 2 -i 0.2 -W 2 10.9.0.1 >/dev/null ||
		fail "P2 cannot reach H from 10.9.0.5"

	# P1 now sends with P2's address as inner source
	ip -n rt-p1 addr add 10.9.0.5/32 dev wg0 || fail "addr add on P1"
	e0=$(rt_icmp rt-h InEchos) x0=$(rt_stat rt-h wg0 rx_errors)
	d0=$(rt_drops rt-h "$(rt_pub p1)" disallowed_src) r0=$(rt_stat rt-p2 wg0 rx_packets)
	ip netns exec rt-p1 ping -c 3 -i 0.2 -W 1 -I 10.9.0.5 10.9.0.1 >/dev/null 2>&1
	sleep 0.5
	e1=$(rt_icmp rt-h InEchos)
	[ "$e1" = "$e0" ] || fail "H accepted $((e1 - e0)) echo requests from P1 with P2's source 10.9.0.5"
	[ $(($(rt_stat rt-h wg0 rx_errors) - x0)) -eq 3 ] ||
		fail "H rx_errors grew by $(($(rt_stat rt-h wg0 rx_errors) - x0)), expected 3"
	[ $(($(rt_drops rt-h "$(rt_pub p1)" disallowed_src) - d0)) -eq 3 ] ||
		fail "P1's disallowed_src drops grew by $(($(rt_drops rt-h "$(rt_pub p1)" disallowed_src) - d0)), expected 3"
	[ "$(rt_drops rt-h "$(rt_pub p2)" disallowed_src)" = 0 ] || fail "drops counted on P2"
	[ "$(rt_stat rt-p2 wg0 rx_packets)" = "$r0" ] || fail "P2 received replies to P1's spoofed packets"

	# the owner of 10.9.0.5 and P1's other sources still get through
	e0=$(rt_icmp rt-h InEchos)
	ip netns exec rt-p2 ping -c 2 -i 0.2 -W 2 -I 10.9.0.5 10.9.0.1 >/dev/null ||
		fail "P2 lost its tunnel after P1's spoofing"
	ip netns exec rt-p1 ping -c 2 -i 0.2 -W 2 -I 10.9.0.2 10.9.0.1 >/dev/null ||
		fail "P1's legitimate source 10.9.0.2 is no longer delivered"
	[ $(($(rt_icmp rt-h InEchos) - e0)) -eq 4 ] ||
		fail "H saw $(($(rt_icmp rt-h InEchos) - e0)) legitimate echo requests, expected 4"
	[ "$(rt_drops rt-h "$(rt_pub p1)" disallowed_src)" = $((d0 + 3)) ] ||
		fail "legitimate packets counted as disallowed"
}

# ---------------------------------------------------------------- 2
# Fails if persistent keepalives stop while the tunnel is idle, or if the
# responder does not take the NAT's public address:port as the endpoint
# (roaming on authenticated packets).  rt_nat 4|6: over an IPv4 or an IPv6
# outer network.
rt_nat() {
	local f=$1 ep r0 i c r0a r1a s pfx pre x
	if [ "$f" = 4 ]; then
		c=10.0.0.2 r0a=10.0.0.1 r1a=203.0.113.1 s=203.0.113.2 pfx=24 pre=
	else
		c=fd20::2 r0a=fd20::1 r1a=2001:db8:113::1 s=2001:db8:113::2 pfx=64 pre=-6
	fi
	ns_new rt-c && ns_new rt-r && ns_new rt-s || fail "netns"
	# no duplicate address detection: IPv6 addresses usable at once
	for x in rt-c rt-r rt-s; do
		ip netns exec $x sysctl -qw net.ipv6.conf.default.accept_dad=0
	done
	rt_veth rt-c c0 $c/$pfx rt-r r0 $r0a/$pfx || fail "veth c-r"
	rt_veth rt-r r1 $r1a/$pfx rt-s s0 $s/$pfx || fail "veth r-s"
	ip $pre -n rt-c route add default via $r0a || fail "route on C"
	ip netns exec rt-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip netns exec rt-r nft -f - <<-EOF || fail "nft masquerade rule"
		table inet nat {
			chain post {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "r1" masquerade
			}
		}
	EOF
	ip netns exec rt-r sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3 &&
		ip netns exec rt-r sysctl -qw net.netfilter.nf_conntrack_udp_timeout_stream=3 ||
		fail "conntrack timeouts"
	[ "$f" = 6 ] && s="[$s]" r1a="[$r1a]"
	rt_key c && rt_key s || fail "genkey"
	ip -n rt-c link add wg0 type wireguard && ip -n rt-s link add wg0 type wireguard || fail "wg0"
	ip -n rt-c addr add 192.168.50.2/24 dev wg0
	ip -n rt-s addr add 192.168.50.1/24 dev wg0
	ip netns exec rt-s "$WG" set wg0 listen-port 51821 private-key "$RT/s.key" \
		peer "$(rt_pub c)" allowed-ips 192.168.50.2/32 || fail "set S"
	ip netns exec rt-c "$WG" set wg0 listen-port 51820 private-key "$RT/c.key" \
		peer "$(rt_pub s)" endpoint "$s:51821" allowed-ips 192.168.50.1/32 \
		persistent-keepalive 1 || fail "set C"
	ip -n rt-s link set wg0 up && ip -n rt-c link set wg0 up

	ip netns exec rt-c ping -c 2 -i 0.3 -W 2 192.168.50.1 >/dev/null || fail "C cannot reach S through the NAT"
	# masquerade keeps the source port when nothing clashes
	ep=$(rt_endpoint rt-s "$(rt_pub c)")
	[ "$ep" = "$r1a:51820" ] || fail "S sees C at '$ep', not at R's public $r1a:51820"
	# idle, only keepalives: the mapping must survive 8 s of a 3 s timeout
	sleep 8
	ip netns exec rt-s ping -c 2 -i 0.3 -W 2 192.168.50.2 >/dev/null ||
		fail "S cannot reach C after 8 s idle with persistent-keepalive 1"

	# without keepalives the mapping expires and S cannot reach C.  (C
	# answered S's last pings, so 15 s after them C starts a handshake that
	# opens a new mapping: S pings well before that; and what C may still
	# receive meanwhile is counted by ICMP echo requests, not by packets.)
	ip netns exec rt-c "$WG" set wg0 peer "$(rt_pub s)" persistent-keepalive 0 || fail "keepalive off"
	sleep 6
	r0=$(ip netns exec rt-c nstat -az IcmpInEchos | awk '$1 == "IcmpInEchos" { print $2 }')
	if ip netns exec rt-s ping -c 3 -i 0.3 -W 1 192.168.50.2 >/dev/null 2>&1; then
		fail "S reached C after 6 s idle without keepalives: the NAT mapping did not expire (test setup broken)"
	fi
	[ "$(ip netns exec rt-c nstat -az IcmpInEchos | awk '$1 == "IcmpInEchos" { print $2 }')" = "$r0" ] ||
		fail "C received pings through an expired mapping"
	# until C sends again
	ip netns exec rt-c ping -c 1 -W 3 192.168.50.1 >/dev/null || fail "C cannot reach S again"
	ep=$(rt_endpoint rt-s "$(rt_pub c)")
	case $ep in "$r1a":[0-9]*) ;; *) fail "S sees C at '$ep' after the new mapping, not at $r1a" ;; esac
	# (a few tries: on a slow debug kernel the first may still race R's
	# new conntrack entry)
	for i in 1 2 3 4 5; do
		ip netns exec rt-s ping -c 1 -W 2 192.168.50.2 >/dev/null && break
		ip netns exec rt-s "$WG" show wg0 endpoints
		[ "$i" = 5 ] && fail "S cannot reach C after C sent again"
	done
}

t_nat_keepalive() { rt_nat 4; }
t_nat_keepalive_v6() { rt_nat 6; }

# ---------------------------------------------------------------- 3
# Fails if the device fwmark is not put on outer packets (they would be
# routed back into wg0, a loop), or if traffic from sockets bound to wg0
# (SO_BINDTODEVICE) is not carried by the tunnel.
t_fwmark_bound() {
	local out mbit
	wg_pair || fail "wg_pair setup failed"
	# unmarked packets to b's outer address go into wg0, which would carry
	# them as inner traffic to b: every outer packet would loop
	ip netns exec wg-a "$WG" set wg0 peer "$(cat /tmp/wg-pair/b.pub)" \
		allowed-ips 192.168.241.2/32,fd00:241::2/128,10.9.0.2/32 || fail "allowed-ips"
	ip -n wg-a route add 10.9.0.2/32 dev wg0 table 82 || fail "route"
	ip -n wg-a rule add not fwmark 0x52 table 82 priority 10 || fail "rule"
	ip netns exec wg-a "$WG" set wg0 fwmark 0x52 || fail "set fwmark"
	ip -n wg-a route get 10.9.0.2 | grep -q "dev wg0" || fail "unmarked route to the endpoint is not wg0"
	ip -n wg-a route get 10.9.0.2 mark 0x52 | grep -q "dev veth-a" || fail "marked route is not the veth"
	ip netns exec wg-a ping -c 3 -i 0.2 -W 2 192.168.241.2 >/dev/null ||
		fail "no tunnel: outer packets did not carry fwmark 0x52"
	[ "$(rt_transfer wg-b "$(cat /tmp/wg-pair/a.pub)" rx)" -gt 0 ] || fail "b received nothing"

	# sockets bound to wg0
	ip netns exec wg-a ping -c 2 -i 0.2 -W 2 -I wg0 192.168.241.2 >/dev/null || fail "ping -I wg0 failed"
	ip netns exec wg-a ping -6 -c 2 -i 0.2 -W 2 -I wg0 fd00:241::2 >/dev/null || fail "ping6 -I wg0 failed"
	for proto in tcp udp; do
		ip netns exec wg-b iperf3 -s -1 >/dev/null 2>&1 &
		wait_until 5 sh -c "ip netns exec wg-b ss -ltn | grep -q ':5201 '" || fail "iperf3 server"
		# shellcheck disable=SC2046
		out=$(ip netns exec wg-a iperf3 -c 192.168.241.2 --bind-dev wg0 -t 2 -f m \
			$([ $proto = udp ] && echo "-u -b 5M") 2>&1) || fail "iperf3 $proto bound to wg0: $out"
		wait
		mbit=$(echo "$out" | awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }')
		awk -v m="${mbit:-0}" 'BEGIN { exit !(m > 0) }' || fail "iperf3 $proto bound to wg0 moved nothing: $out"
		echo "iperf3 $proto --bind-dev wg0: $mbit Mbit/s"
	done
	ip netns exec wg-a ping -c 1 -W 2 192.168.241.2 >/dev/null || fail "tunnel broke after the bound sockets"
}

# The same over an IPv6 outer address: fails if the mark is missing on
# outer IPv6 packets (table 82 would send them back into wg0).
t_fwmark_v6() {
	local ep
	wg_pair || fail "wg_pair setup failed"
	ip netns exec wg-a "$WG" set wg0 peer "$(cat /tmp/wg-pair/b.pub)" endpoint '[fd09::2]:51821' \
		allowed-ips 192.168.241.2/32,fd00:241::2/128,fd09::2/128 || fail "allowed-ips"
	ip -6 -n wg-a route add fd09::2/128 dev wg0 table 82 || fail "route"
	ip -6 -n wg-a rule add not fwmark 0x52 table 82 priority 10 || fail "rule"
	ip netns exec wg-a "$WG" set wg0 fwmark 0x52 || fail "set fwmark"
	ip -6 -n wg-a route get fd09::2 | grep -q "dev wg0" || fail "unmarked route to the endpoint is not wg0"
	ip -6 -n wg-a route get fd09::2 mark 0x52 | grep -q "dev veth-a" || fail "marked route is not the veth"
	ip netns exec wg-a ping -c 3 -i 0.2 -W 2 192.168.241.2 >/dev/null ||
		fail "no tunnel: outer IPv6 packets did not carry fwmark 0x52"
	ip netns exec wg-a ping -6 -c 2 -i 0.2 -W 2 fd00:241::2 >/dev/null || fail "no IPv6 inner traffic"
	ep=$(rt_endpoint wg-b "$(cat /tmp/wg-pair/a.pub)")
	[ "$ep" = "[fd09::1]:51820" ] || fail "b sees a at '$ep', not over IPv6"
}

# ---------------------------------------------------------------- 4
# rt_only_udp FILE EP: every captured packet is the outer UDP between us
# and EP (IPv6 neighbour discovery aside), and there are some
rt_only_udp() {
	local bad n
	bad=$(grep -vE "ICMP6, (neighbor|router)|multicast listener" "$1" |
		grep -vF "> $2: UDP" | grep -v "^$" | grep -vF " $2 >" )
	n=$(grep -cF "$2" "$1")
	[ -z "$bad" ] || { echo "$bad"; echo "not tunnel UDP on the underlay"; return 1; }
	[ "$n" -ge 6 ] || { cat "$1"; echo "only $n outer packets to/from $2"; return 1; }
}

# Fails if the fwmark is missing on outer packets (they would follow table
# 51820's default route back into wg0), or if 0.0.0.0/0 and ::/0 as allowed
# IPs do not carry traffic to an arbitrary address.
t_wg_quick() {
	local tx0 rx0 p
	wg_pair || fail "wg_pair setup failed"
	p=$(cat /tmp/wg-pair/b.pub)
	# b's outer addresses are reachable from a only by a's default route,
	# so wg-quick's suppress_prefixlength 0 rule does not cover them
	ip -n wg-b addr add 198.51.100.2/32 dev lo
	ip -n wg-b addr add 2001:db8:1::2/128 dev lo
	ip -n wg-b addr add 203.0.113.7/32 dev lo
	ip -n wg-b addr add 2001:db8:7::7/128 dev lo
	ip -n wg-a route add default via 10.9.0.2 dev veth-a || fail "default route"
	ip -n wg-a -6 route add default via fd09::2 dev veth-a || fail "default route v6"
	ip netns exec wg-a "$WG" set wg0 fwmark 51820 peer "$p" endpoint 198.51.100.2:51821 \
		allowed-ips 0.0.0.0/0,::/0 || fail "wg set"
	ip netns exec wg-a sysctl -qw net.ipv4.conf.all.src_valid_mark=1
	for v in 4 6; do
		ip -n wg-a -$v route add default dev wg0 table 51820 || fail "route table 51820 -$v"
		ip -n wg-a -$v rule add not fwmark 51820 table 51820 || fail "rule fwmark -$v"
		ip -n wg-a -$v rule add table main suppress_prefixlength 0 || fail "rule suppress -$v"
	done
	ip -n wg-a route get 203.0.113.7 | grep -q "dev wg0" || fail "203.0.113.7 is not routed into wg0"
	ip -n wg-a route get 198.51.100.2 mark 51820 | grep -q "dev veth-a" || fail "marked outer route is not the veth"

	# IPv4: inner and outer
	tx0=$(rt_transfer wg-a "$p" tx) rx0=$(rt_transfer wg-a "$p" rx)
	rt_cap_start wg-a veth-a "$RT/q4" "not arp" || fail "tcpdump"
	ip netns exec wg-a ping -c 3 -i 0.2 -W 2 203.0.113.7 >/dev/null || fail "ping 203.0.113.7 through the tunnel failed"
	rt_cap_stop
	rt_only_udp "$RT/q4" 198.51.100.2.51821 || fail "IPv4: the underlay carried more than the tunnel"
	[ "$(rt_transfer wg-a "$p" tx)" -gt "$tx0" ] && [ "$(rt_transfer wg-a "$p" rx)" -gt "$rx0" ] ||
		fail "peer counters did not grow"

	# IPv6: inner and outer
	ip netns exec wg-a "$WG" set wg0 peer "$p" endpoint "[2001:db8:1::2]:51821" || fail "v6 endpoint"
	ip -n wg-a -6 route get 2001:db8:7::7 | grep -q "dev wg0" || fail "2001:db8:7::7 is not routed into wg0"
	tx0=$(rt_transfer wg-a "$p" tx) rx0=$(rt_transfer wg-a "$p" rx)
	rt_cap_start wg-a veth-a "$RT/q6" "not arp" || fail "tcpdump"
	ip netns exec wg-a ping -6 -c 3 -i 0.2 -W 2 2001:db8:7::7 >/dev/null ||
		fail "ping6 2001:db8:7::7 through the tunnel failed"
	rt_cap_stop
	rt_only_udp "$RT/q6" 2001:db8:1::2.51821 || fail "IPv6: the underlay carried more than the tunnel"
	[ "$(rt_transfer wg-a "$p" tx)" -gt "$tx0" ] && [ "$(rt_transfer wg-a "$p" rx)" -gt "$rx0" ] ||
		fail "peer counters did not grow over IPv6"
}

# ---------------------------------------------------------------- 5
# rt_srcs FILE PORT: the distinct source addresses of UDP packets from PORT
rt_srcs() {
	awk -v p="$2" '{ for (i = 1; i < NF; i++) if ($(i + 1) == ">") {
		s = $i; n = split(s, a, "."); if (a[n] == p) { sub("\\." p "$", "", s); print s } } }' "$1" | sort -u | tr '\n' ' '
}

# rt_sticky FAMILY ADDR_A ADDR_B1 ADDR_B2 PLEN: A's endpoint for B is B2,
# which is not B's default source towards A; B must answer from B2, and
# from B1 once B2 is gone
rt_sticky() {
	local f=$1 a=$2 b1=$3 b2=$4 plen=$5 nd="" ep_b2 ep_b1 def srcs
	ns_cleanup
	ns_new rt-a && ns_new rt-b || return 1
	[ "$f" = 6 ] && nd=nodad
	ip link add va netns rt-a type veth peer name vb netns rt-b || return 1
	ip -n rt-a addr add "$a/$plen" dev va $nd
	ip -n rt-b addr add "$b1/$plen" dev vb $nd
	ip -n rt-b addr add "$b2/$plen" dev vb $nd
	ip netns exec rt-b sysctl -qw net.ipv4.conf.vb.promote_secondaries=1
	ip -n rt-a link set va up && ip -n rt-b link set vb up || return 1
	def=$(ip -n rt-b -"$f" route get "$a" | sed -n 's/.* src \([^ ]*\).*/\1/p')
	case $def in
	"$b1") ;;
	"$b2") b2=$b1 b1=$def ;;	# the endpoint is the one B would not pick
	*) echo "B's default source towards A is '$def'"; return 1 ;;
	esac
	if [ "$f" = 6 ]; then
		ep_b2="[$b2]:51821" ep_b1="[$b1]:51821"
	else
		ep_b2="$b2:51821" ep_b1="$b1:51821"
	fi
	rt_key a && rt_key b || return 1
	ip -n rt-a link add wg0 type wireguard && ip -n rt-b link add wg0 type wireguard || return 1
	ip -n rt-a addr add 10.66.0.1/24 dev wg0
	ip -n rt-b addr add 10.66.0.2/24 dev wg0
	ip netns exec rt-a "$WG" set wg0 listen-port 51820 private-key "$RT/a.key" \
		peer "$(rt_pub b)" endpoint "$ep_b2" allowed-ips 10.66.0.2/32 || return 1
	ip netns exec rt-b "$WG" set wg0 listen-port 51821 private-key "$RT/b.key" \
		peer "$(rt_pub a)" allowed-ips 10.66.0.1/32 || return 1
	ip -n rt-a link set wg0 up && ip -n rt-b link set wg0 up

	# one capture on A's side; an echo request from A to B1 on the underlay
	# marks where B2 goes away
	rt_cap_start rt-a va "$RT/s$f" "udp or icmp or icmp6" || { echo "tcpdump"; return 1; }
	# handshake response and data from B leave from B2
	ip netns exec rt-a ping -c 2 -i 0.2 -W 3 10.66.0.2 >/dev/null || { rt_cap_stop; echo "no tunnel to B2"; return 1; }
	ip netns exec rt-b ping -c 2 -i 0.2 -W 2 10.66.0.1 >/dev/null || { rt_cap_stop; echo "B cannot reach A"; return 1; }
	ip netns exec rt-a ping -c 1 -W 2 "$b1" >/dev/null || { rt_cap_stop; echo "underlay marker ping failed"; return 1; }
	srcs=$(rt_endpoint rt-a "$(rt_pub b)")
	[ "$srcs" = "$ep_b2" ] || { rt_cap_stop; echo "IPv$f: A's endpoint moved from $ep_b2 to $srcs: B answered from another address"; return 1; }

	# B2 goes away: B's traffic must leave from B1, and A roams to it
	ip -n rt-b -"$f" addr del "$b2/$plen" dev vb || { rt_cap_stop; echo "addr del"; return 1; }
	ip netns exec rt-b ping -c 3 -i 0.2 -W 2 10.66.0.1 >/dev/null ||
		{ rt_cap_stop; cat "$RT/s$f"; echo "IPv$f: B cannot reach A once $b2 is gone"; return 1; }
	rt_cap_stop
	sed '/echo request/,$d' "$RT/s$f" >"$RT/s$f.1"
	sed '1,/echo request/d' "$RT/s$f" >"$RT/s$f.2"
	grep -q "echo request" "$RT/s$f" || { cat "$RT/s$f"; echo "marker not captured"; return 1; }
	srcs=$(rt_srcs "$RT/s$f.1" 51821)
	[ "$srcs" = "$b2 " ] || { cat "$RT/s$f"; echo "IPv$f: B sent from '$srcs', expected only $b2 (where A sent to)"; return 1; }
	srcs=$(rt_srcs "$RT/s$f.2" 51821)
	[ "$srcs" = "$b1 " ] || { cat "$RT/s$f"; echo "IPv$f: after removing $b2, B sent from '$srcs', expected only $b1"; return 1; }
	[ "$(rt_endpoint rt-a "$(rt_pub b)")" = "$ep_b1" ] ||
		{ echo "IPv$f: A did not roam to $ep_b1: $(rt_endpoint rt-a "$(rt_pub b)")"; return 1; }
	ip netns exec rt-a ping -c 2 -i 0.2 -W 2 10.66.0.2 >/dev/null || { echo "IPv$f: A cannot reach B after the fail-over"; return 1; }
}

# Fails if the source address B last received on is not reused for replies
# (stickiness), or if a vanished source address is kept (cached route or
# saved source not dropped when the address goes away).
t_sticky() {
	rt_sticky 4 192.168.1.1 192.168.1.2 192.168.1.3 24 || exit 1
	rt_sticky 6 fd10::1 fd10::2 fd10::3 64 || exit 1
}

# ---------------------------------------------------------------- 6
# Fails if the inner IPv6 source is not checked against the sending peer's
# allowed IPs (40-tunnel's spoofed-source test is IPv4 only).
t_src_check_v6() {
	local e0 x0 d0
	wg_pair || fail "wg_pair setup failed"
	ip netns exec wg-b ping -6 -c 1 -W 2 fd00:241::1 >/dev/null || fail "no tunnel"
	ip -n wg-b addr add fd00:241::99/128 dev wg0 nodad || fail "addr add"
	e0=$(rt_icmp6 wg-a Icmp6InEchos) x0=$(rt_stat wg-a wg0 rx_errors)
	d0=$(rt_drops wg-a "$(cat /tmp/wg-pair/b.pub)" disallowed_src)
	ip netns exec wg-b ping -6 -c 3 -i 0.2 -W 1 -I fd00:241::99 fd00:241::1 >/dev/null 2>&1
	sleep 0.5
	[ "$(rt_icmp6 wg-a Icmp6InEchos)" = "$e0" ] || fail "a accepted echo requests from a spoofed IPv6 source"
	[ $(($(rt_stat wg-a wg0 rx_errors) - x0)) -eq 3 ] || fail "rx_errors grew by $(($(rt_stat wg-a wg0 rx_errors) - x0)), expected 3"
	[ $(($(rt_drops wg-a "$(cat /tmp/wg-pair/b.pub)" disallowed_src) - d0)) -eq 3 ] ||
		fail "disallowed_src for b grew by $(($(rt_drops wg-a "$(cat /tmp/wg-pair/b.pub)" disallowed_src) - d0)), expected 3"
	ip netns exec wg-b ping -6 -c 1 -W 2 -I fd00:241::2 fd00:241::1 >/dev/null || fail "legitimate IPv6 source broke"
	[ $(($(rt_icmp6 wg-a Icmp6InEchos) - e0)) -eq 1 ] || fail "legitimate echo not counted by a"
}

# WG_T_ROUTING_ONLY=<regex> runs only the matching tests
rt_test() {
	if [ -n "${WG_T_ROUTING_ONLY:-}" ] && ! printf '%s\n' "$1" | grep -qE -- "$WG_T_ROUTING_ONLY"; then
		return 0
	fi
	run_test "$@"
}

rt_test reverse-path-check-by-key t_rp_by_key
rt_test nat-between-peers-keepalive-keeps-mapping t_nat_keepalive
rt_test nat-between-peers-keepalive-keeps-mapping-v6-outer t_nat_keepalive_v6
rt_test fwmark-and-sockets-bound-to-the-device t_fwmark_bound
rt_test fwmark-over-ipv6-outer t_fwmark_v6
rt_test wg-quick-style-policy-routing t_wg_quick
rt_test source-address-stickiness-and-failover t_sticky
rt_test allowed-ips-source-check-v6 t_src_check_v6
