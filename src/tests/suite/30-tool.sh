# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Our wg(8): against wireguard-go through the UAPI socket and against our
# module through generic netlink, compared with Debian's wg (wg-upstream).

T5=/tmp/wg-tool
TOOL_GO_PID=

# tool_in NS CMD...: CMD in netns NS, or here if NS is empty
tool_in() {
	local ns=$1
	shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# tool_go NS NAME: wireguard-go in the foreground (killed with the test)
tool_go() {
	rm -f "/var/run/wireguard/$2.sock"	# stale, from an earlier instance
	tool_in "$1" env WG_PROCESS_FOREGROUND=1 "$WGGO" -f "$2" >/dev/null 2>&1 &
	TOOL_GO_PID=$!
	wait_until 10 tool_in "$1" "$WGU" show "$2" || fail "wireguard-go $2 does not answer on its socket"
}

tool_stop_go() {
	if [ -n "$TOOL_GO_PID" ]; then
		kill "$TOOL_GO_PID" 2>/dev/null
		wait "$TOOL_GO_PID" 2>/dev/null
	fi
	TOOL_GO_PID=
}

# tool_keys N: $T5/k$i.key $T5/k$i.pub $T5/p$i.psk for i in 0..N-1 (by wg-upstream)
tool_keys() {
	local i
	mkdir -p "$T5"
	for i in $(seq 0 $(($1 - 1))); do
		[ -s "$T5/k$i.pub" ] && continue
		(umask 077 && "$WGU" genkey >"$T5/k$i.key" && "$WGU" genpsk >"$T5/p$i.psk") || return 1
		"$WGU" pubkey <"$T5/k$i.key" >"$T5/k$i.pub" || return 1
	done
}

pub() { cat "$T5/k$1.pub"; }

# wireguard-go lists peers in random order (a Go map): compare each
# blank-line separated block as a sorted set of lines, and the blocks as a set
tool_unorder() {
	if [ -n "${TOOL_UNORDERED:-}" ]; then
		awk 'BEGIN { RS = "" } { n = split($0, l, "\n"); s = ""
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (l[j] < l[i]) { t = l[i]; l[i] = l[j]; l[j] = t }
			for (i = 1; i <= n; i++) if (l[i] != "") s = s l[i] "|"; print s }' | sort
	else
		cat
	fi
}

# tool_same NS DESC ARGS...: $WG ARGS and $WGU ARGS print the same bytes
tool_same() {
	local ns=$1 desc=$2 a b i
	shift 2
	# live devices (wireguard-go peers with endpoints) may send a message
	# between the two reads: a difference must persist over three tries
	for i in 1 2 3; do
		a=$(tool_in "$ns" "$WG" "$@" 2>&1 | tool_unorder; echo "rc=${PIPESTATUS[0]}")
		b=$(tool_in "$ns" "$WGU" "$@" 2>&1 | tool_unorder; echo "rc=${PIPESTATUS[0]}")
		[ "$a" = "$b" ] && return 0
	done
	echo "--- ours:"; echo "$a"; echo "--- upstream:"; echo "$b"
	fail "$desc: wg $* differs from wg-upstream"
}

# the config used by several tests: 3 peers, v4+v6, PSK, keepalive, fwmark
tool_conf() {
	cat <<-EOF
	[Interface]
	PrivateKey = $(cat "$T5/k0.key")
	ListenPort = 51900
	FwMark = 0x1234

	[Peer]
	PublicKey = $(pub 1)
	PresharedKey = $(cat "$T5/p1.psk")
	AllowedIPs = 10.1.0.0/16, fd01::/64
	Endpoint = 127.0.0.1:51901

	[Peer]
	PublicKey = $(pub 2)
	AllowedIPs = 10.2.0.1/32
	AllowedIPs = fd02::1/128, 10.2.0.2/32
	Endpoint = [::1]:51902

	[Peer]
	PublicKey = $(pub 3)
	AllowedIPs = 0.0.0.0/0, ::/0
	PersistentKeepalive = 25
	EOF
}

tool_compare_all() { # NS IF: every read-only form matches upstream
	local ns=$1 ifn=$2 f
	for f in "" dump public-key private-key listen-port fwmark peers preshared-keys \
		endpoints allowed-ips latest-handshakes transfer persistent-keepalive; do
		# shellcheck disable=SC2086
		tool_same "$ns" "show $f" show "$ifn" $f
	done
	tool_same "$ns" showconf showconf "$ifn"
	WG_HIDE_KEYS=never tool_same "$ns" "show (keys shown)" show "$ifn"
	WG_COLOR_MODE=always tool_same "$ns" "show (colour)" show "$ifn"
	WG_COLOR_MODE=always tool_same "$ns" "show all (colour)" show all
	tool_same "$ns" "show all dump" show all dump
	tool_same "$ns" "show interfaces" show interfaces
}

# ---------------------------------------------------------------- wireguard-go

t_uapi_set_matches_upstream() {
	export WG_COLOR_MODE=never TOOL_UNORDERED=1
	tool_keys 4 || fail "key generation failed"
	ns_new wg-t5 || fail "ns_new failed"
	tool_go wg-t5 wgt5go
	ip netns exec wg-t5 "$WG" set wgt5go listen-port 51900 fwmark 0x1234 private-key "$T5/k0.key" \
		peer "$(pub 1)" preshared-key "$T5/p1.psk" endpoint 127.0.0.1:51901 allowed-ips 10.1.0.0/16,fd01::/64 \
		peer "$(pub 2)" endpoint '[::1]:51902' allowed-ips '10.2.0.1/32, fd02::1/128' \
		peer "$(pub 3)" allowed-ips 0.0.0.0/0,::/0 persistent-keepalive 25 ||
		fail "our wg set on wireguard-go failed"
	ip netns exec wg-t5 "$WGU" show wgt5go dump | grep -q "$(pub 3).*0.0.0.0/0,::/0.*25$" ||
		fail "upstream does not read back what we set: $(ip netns exec wg-t5 "$WGU" show wgt5go dump)"
	tool_compare_all wg-t5 wgt5go
	# removal of a peer and of the PSK, keepalive off
	ip netns exec wg-t5 "$WG" set wgt5go peer "$(pub 2)" remove peer "$(pub 1)" preshared-key /dev/null \
		peer "$(pub 3)" persistent-keepalive off || fail "our wg set (remove) failed"
	d=$(ip netns exec wg-t5 "$WGU" show wgt5go dump)
	echo "$d" | grep -q "$(pub 2)" && fail "peer 2 not removed: $d"
	echo "$d" | grep -q "^$(pub 1)	(none)	" || fail "PSK of peer 1 not removed: $d"
	echo "$d" | grep -q "^$(pub 3)	.*	off$" || fail "keepalive of peer 3 not off: $d"
	tool_compare_all wg-t5 wgt5go
	tool_stop_go
}

t_uapi_setconf_roundtrip() {
	export WG_COLOR_MODE=never TOOL_UNORDERED=1
	tool_keys 4 || fail "key generation failed"
	ns_new wg-t5 || fail "ns_new failed"
	tool_go wg-t5 wgt5go
	tool_conf >"$T5/c.conf"
	ip netns exec wg-t5 "$WG" setconf wgt5go "$T5/c.conf" || fail "our setconf failed"
	ip netns exec wg-t5 "$WGU" showconf wgt5go | tool_unorder >"$T5/up.conf"
	ip netns exec wg-t5 "$WG" showconf wgt5go | tool_unorder >"$T5/our.conf"
	cmp -s "$T5/up.conf" "$T5/our.conf" || fail "showconf differs: $(diff "$T5/up.conf" "$T5/our.conf")"
	ip netns exec wg-t5 "$WG" showconf wgt5go >"$T5/our.conf"
	# what was applied is the file: upstream's setconf of the same file gives the same dump
	a=$(ip netns exec wg-t5 "$WGU" show wgt5go dump | cut -f1-4,8 | sort)
	ip netns exec wg-t5 "$WGU" setconf wgt5go "$T5/c.conf" || fail "upstream setconf failed"
	b=$(ip netns exec wg-t5 "$WGU" show wgt5go dump | cut -f1-4,8 | sort)
	[ "$a" = "$b" ] || fail "our setconf and upstream's give different state: $a // $b"
	grep -q "AllowedIPs = 10.2.0.1/32, fd02::1/128, 10.2.0.2/32" "$T5/our.conf" ||
		fail "repeated AllowedIPs lines not accumulated: $(cat "$T5/our.conf")"
	# setconf of our showconf output is a fixed point
	ip netns exec wg-t5 "$WG" setconf wgt5go "$T5/our.conf" || fail "setconf of showconf output failed"
	ip netns exec wg-t5 "$WG" showconf wgt5go | tool_unorder >"$T5/again.conf"
	tool_unorder <"$T5/our.conf" | cmp -s - "$T5/again.conf" || fail "showconf not a fixed point"
	tool_compare_all wg-t5 wgt5go
	tool_stop_go
}

t_uapi_addconf_syncconf() {
	export WG_COLOR_MODE=never
	tool_keys 5 || fail "key generation failed"
	ns_new wg-t5 || fail "ns_new failed"
	tool_go wg-t5 wgt5go
	tool_conf >"$T5/c.conf"
	ip netns exec wg-t5 "$WG" setconf wgt5go "$T5/c.conf" || fail "setconf failed"
	printf '[Peer]\nPublicKey = %s\nAllowedIPs = 10.4.0.0/24\n' "$(pub 4)" >"$T5/add.conf"
	ip netns exec wg-t5 "$WG" addconf wgt5go "$T5/add.conf" || fail "addconf failed"
	[ "$(ip netns exec wg-t5 "$WGU" show wgt5go peers | wc -l)" = 4 ] || fail "addconf: not 4 peers"
	ip netns exec wg-t5 "$WGU" show wgt5go listen-port | grep -qx 51900 || fail "addconf changed the port"
	# syncconf: peer 2 and 4 go, peer 1 loses its PSK, peer 3 its keepalive
	cat >"$T5/sync.conf" <<-EOF
	[Interface]
	PrivateKey = $(cat "$T5/k0.key")
	ListenPort = 51900
	[Peer]
	PublicKey = $(pub 1)
	AllowedIPs = 10.1.0.0/16
	[Peer]
	PublicKey = $(pub 3)
	AllowedIPs = 10.3.0.0/16
	EOF
	ip netns exec wg-t5 "$WG" syncconf wgt5go "$T5/sync.conf" || fail "syncconf failed"
	d=$(ip netns exec wg-t5 "$WGU" show wgt5go dump)
	[ "$(echo "$d" | wc -l)" = 3 ] || fail "syncconf: want 2 peers: $d"
	echo "$d" | grep -q "^$(pub 1)	(none)	127.0.0.1:51901	10.1.0.0/16	" || fail "peer 1 after syncconf: $d"
	echo "$d" | grep -q "^$(pub 3)	(none)	(none)	10.3.0.0/16	.*	off$" || fail "peer 3 after syncconf: $d"
	echo "$d" | head -n 1 | grep -q "	off$" || fail "fwmark not cleared by syncconf: $d"
	tool_stop_go
}

# tool_bad_configs: writes $T5/bad-N.conf files and the expected message parts
tool_bad_configs() {
	local good="PrivateKey = $(cat "$T5/k0.key")"
	printf '[Interface]\n%s\nListenPort = 51999\n\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.0.0.0/33\n' \
		"$good" "$(pub 1)" >"$T5/bad-1.conf"
	echo "bad-1.conf:7:.*AllowedIPs.*10.0.0.0/33" >"$T5/bad-1.want"
	printf '[Interface]\n%s\n[Peer]\nPublicKey = %s\n' "$good" "AAAA$(pub 1 | cut -c5-43)x" >"$T5/bad-2.conf"
	echo "bad-2.conf:4:.*PublicKey" >"$T5/bad-2.want"
	printf '# comment\n[Interface]\n%s\nListenPort = 51999\nFrobnicate = 1\n' "$good" >"$T5/bad-3.conf"
	echo "bad-3.conf:5:.*Frobnicate" >"$T5/bad-3.want"
	printf '[Interface]\n%s\n\nListenPort 51999\n' "$good" >"$T5/bad-4.conf"
	echo "bad-4.conf:4:.*=" >"$T5/bad-4.want"
	printf '[Interface]\n%s\n[Peer]\nPublicKey = %s\nEndpoint = 10.0.0.1\n' "$good" "$(pub 1)" >"$T5/bad-5.conf"
	echo "bad-5.conf:5:.*Endpoint" >"$T5/bad-5.want"
	# canonical-encoding check: last base64 character with low bits set
	printf '[Interface]\nPrivateKey = %s\n' "$(cut -c1-42 "$T5/k0.key")B=" >"$T5/bad-6.conf"
	echo "bad-6.conf:2:.*PrivateKey" >"$T5/bad-6.want"
}

# tool_bad_config_check NS IF: each bad file fails with file:line, state unchanged
tool_bad_config_check() {
	local ns=$1 ifn=$2 before after i err
	before=$(tool_in "$ns" "$WGU" show "$ifn" dump)
	for i in 1 2 3 4 5 6; do
		for cmd in setconf addconf syncconf; do
			err=$(cd "$T5" && tool_in "$ns" "$WG" $cmd "$ifn" "bad-$i.conf" 2>&1) &&
				fail "$cmd accepted bad-$i.conf"
			echo "$err" | grep -q "$(cat "$T5/bad-$i.want")" ||
				fail "$cmd bad-$i.conf: message '$err' lacks $(cat "$T5/bad-$i.want")"
		done
	done
	err=$(tool_in "$ns" "$WG" set "$ifn" listen-port 51998 peer "$(pub 1)" allowed-ips 10.0.0.0/8,300.1.1.1 2>&1) &&
		fail "set accepted a bad allowed IP"
	echo "$err" | grep -q "300.1.1.1" || fail "set error does not name the bad value: $err"
	tool_in "$ns" "$WG" set "$ifn" listen-port 51998 bogus-word 1 2>/dev/null && fail "set accepted bogus-word"
	tool_in "$ns" "$WG" set "$ifn" peer "$(pub 1)" listen-port 51998 2>/dev/null &&
		fail "set accepted listen-port after peer"
	after=$(tool_in "$ns" "$WGU" show "$ifn" dump)
	[ "$before" = "$after" ] || fail "device changed by rejected input: before $before after $after"
}

t_uapi_config_errors() {
	tool_keys 2 || fail "key generation failed"
	ns_new wg-t5 || fail "ns_new failed"
	tool_go wg-t5 wgt5go
	ip netns exec wg-t5 "$WG" set wgt5go listen-port 51900 private-key "$T5/k1.key" || fail "set failed"
	tool_bad_configs
	tool_bad_config_check wg-t5 wgt5go
	tool_stop_go
}

# ---------------------------------------------------------------- our module

tool_module_ready() { # our module answers genl GET for a fresh device
	mkdir -p "$T5"
	ip link add wgt5 type wireguard || fail "ip link add failed"
	"$WGU" show wgt5 dump >/dev/null 2>&1 || fail "module netlink not answering (wg-upstream show wgt5 dump failed)"
}

t_module_dump_matches_upstream() {
	export WG_COLOR_MODE=never
	tool_keys 4 || fail "key generation failed"
	tool_module_ready
	tool_conf >"$T5/c.conf"
	"$WGU" setconf wgt5 "$T5/c.conf" || fail "wg-upstream setconf failed"
	[ "$("$WG" show all dump)" = "$("$WGU" show all dump)" ] ||
		fail "show all dump differs: ours $("$WG" show all dump) upstream $("$WGU" show all dump)"
	tool_compare_all "" wgt5
	# and the other way round: our setconf, upstream reads back the same thing
	"$WGU" showconf wgt5 >"$T5/up.conf"
	ip link del wgt5
	ip link add wgt5 type wireguard || fail "ip link add failed"
	"$WG" setconf wgt5 "$T5/c.conf" || fail "our setconf failed"
	"$WGU" showconf wgt5 | cmp -s - "$T5/up.conf" || fail "our setconf differs: $(diff "$T5/up.conf" <("$WGU" showconf wgt5))"
}

t_module_set_and_remove() {
	export WG_COLOR_MODE=never
	tool_keys 3 || fail "key generation failed"
	tool_module_ready
	"$WG" set wgt5 private-key "$T5/k0.key" listen-port 51910 \
		peer "$(pub 1)" allowed-ips 10.1.0.0/16,10.9.0.0/24,fd01::/64 endpoint '[::1]:51911' \
		peer "$(pub 2)" preshared-key "$T5/p2.psk" allowed-ips 10.2.0.0/16 persistent-keepalive 7 ||
		fail "our wg set failed"
	"$WGU" show wgt5 allowed-ips | grep -q "^$(pub 1)	10.1.0.0/16 10.9.0.0/24 fd01::/64$" ||
		fail "allowed ips: $("$WGU" show wgt5 allowed-ips)"
	"$WG" set wgt5 peer "$(pub 1)" allowed-ips -10.9.0.0/24,+10.8.0.0/24 || fail "incremental allowed-ips failed"
	"$WGU" show wgt5 allowed-ips | grep -q "^$(pub 1)	10.1.0.0/16 fd01::/64 10.8.0.0/24$" ||
		fail "after -10.9.0.0/24,+10.8.0.0/24: $("$WGU" show wgt5 allowed-ips)"
	"$WG" set wgt5 peer "$(pub 1)" allowed-ips 10.7.0.0/24 || fail "replacing allowed-ips failed"
	"$WGU" show wgt5 allowed-ips | grep -q "^$(pub 1)	10.7.0.0/24$" || fail "replace: $("$WGU" show wgt5 allowed-ips)"
	"$WG" set wgt5 peer "$(pub 2)" remove || fail "peer remove failed"
	[ "$("$WGU" show wgt5 peers)" = "$(pub 1)" ] || fail "peer 2 not removed: $("$WGU" show wgt5 peers)"
	"$WG" set wgt5 private-key /dev/null || fail "removing the private key failed"
	"$WGU" show wgt5 private-key | grep -qx '(none)' || fail "private key not removed"
	tool_compare_all "" wgt5
}

t_module_config_errors() {
	tool_keys 2 || fail "key generation failed"
	tool_module_ready
	"$WG" set wgt5 listen-port 51920 private-key "$T5/k1.key" || fail "set failed"
	tool_bad_configs
	tool_bad_config_check "" wgt5
}

# 10,000 peers of one /32 each from one file, read back complete by both tools
t_module_10000_peers() {
	local n=10000
	tool_module_ready
	awk -v n=$n 'BEGIN {
		srand(7); print "[Interface]\nListenPort = 51930"
		for (i = 0; i < n; i++) {
			k = ""; for (j = 0; j < 42; j++) k = k substr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", int(rand() * 64) + 1, 1)
			printf "[Peer]\nPublicKey = %sA=\nAllowedIPs = 10.%d.%d.%d/32\n", k, int(i / 65536) + 100, int(i / 256) % 256, i % 256
		}
	}' >"$T5/big.conf" || fail "cannot write config"
	"$WG" setconf wgt5 "$T5/big.conf" || fail "setconf of $n peers failed"
	[ "$("$WG" show wgt5 peers | wc -l)" = $n ] || fail "ours reads $("$WG" show wgt5 peers | wc -l) peers"
	[ "$("$WGU" show wgt5 allowed-ips | grep -c '/32$')" = $n ] || fail "upstream reads back fewer /32s"
	[ "$("$WG" show wgt5 dump)" = "$("$WGU" show wgt5 dump)" ] || fail "dumps of $n peers differ"
}

# 130,000 allowed IPs on one peer: split SET messages and split dumps
t_module_130000_allowed_ips() {
	tool_keys 2 || fail "key generation failed"
	tool_module_ready
	# 100,000 IPv4 /32s and 30,000 IPv6 /128s, several per line
	awk -v k="$(pub 1)" 'BEGIN {
		print "[Peer]\nPublicKey = " k
		for (i = 0; i < 100000; i++)
			printf "AllowedIPs = 10.%d.%d.%d/32\n", int(i / 65536), int(i / 256) % 256, i % 256
		for (i = 0; i < 30000; i += 3)
			printf "AllowedIPs = fd00::%x/128, fd00::%x/128,fd00::%x/128\n", i, i + 1, i + 2
	}' >"$T5/aips.conf"
	"$WG" setconf wgt5 "$T5/aips.conf" || fail "setconf of 130000 allowed IPs failed"
	[ "$("$WG" show wgt5 allowed-ips | tr ' ' '\n' | grep -c /)" = 130000 ] ||
		fail "ours reads back $("$WG" show wgt5 allowed-ips | tr ' ' '\n' | grep -c /) allowed IPs"
	[ "$("$WG" show wgt5 dump)" = "$("$WGU" show wgt5 dump)" ] || fail "dumps differ"
}

# ---------------------------------------------------------------- misc

t_show_json() {
	tool_keys 4 || fail "key generation failed"
	tool_module_ready
	tool_conf >"$T5/c.conf"
	"$WG" setconf wgt5 "$T5/c.conf" || fail "setconf failed"
	j=$("$WG" show wgt5 json) || fail "show json failed"
	echo "$j" | json-check || fail "invalid JSON: $j"
	[ "$(echo "$j" | json-check peers)" = "array 3" ] || fail "want 3 peers: $j"
	[ "$(echo "$j" | json-check peers.1.public_key)" = "$(pub 2)" ] || fail "peer order/key: $j"
	[ "$(echo "$j" | json-check peers.0.preshared_key)" = "(hidden)" ] || fail "PSK not hidden: $j"
	[ "$(echo "$j" | json-check private_key)" = "(hidden)" ] || fail "private key not hidden: $j"
	[ "$(echo "$j" | json-check peers.1.allowed_ips.2)" = "10.2.0.2/32" ] || fail "allowed ips: $j"
	[ "$(echo "$j" | json-check peers.1.endpoint)" = "[::1]:51902" ] || fail "endpoint: $j"
	[ "$(echo "$j" | json-check peers.2.persistent_keepalive)" = 25 ] || fail "keepalive: $j"
	[ "$(echo "$j" | json-check fwmark)" = 4660 ] || fail "fwmark: $j"
	echo "$j" | json-check drops.replay >/dev/null || fail "no drops object: $j"
	j=$(WG_HIDE_KEYS=never "$WG" show wgt5 json)
	[ "$(echo "$j" | json-check private_key)" = "$(cat "$T5/k0.key")" ] || fail "WG_HIDE_KEYS=never: $j"
	j=$("$WG" show all json)
	echo "$j" | json-check || fail "invalid JSON (all): $j"
	[ "$(echo "$j" | json-check interfaces.0.name)" = wgt5 ] || fail "all json: $j"
}

# the module's drop counters (our extension) show up in pretty output and JSON
t_show_drop_counters() {
	export WG_COLOR_MODE=never
	tool_keys 2 || fail "key generation failed"
	tool_module_ready
	"$WG" set wgt5 private-key "$T5/k0.key" peer "$(pub 1)" allowed-ips 10.66.1.0/24 || fail "set failed"
	ip addr add 10.66.0.1/16 dev wgt5 && ip link set wgt5 up || fail "cannot bring wgt5 up"
	"$WG" show wgt5 | grep -q drops && fail "drops line before any drop: $("$WG" show wgt5)"
	# no peer has 10.66.0.2: each packet is a "no peer" drop on the device
	ping -c 3 -i 0.2 -W 1 10.66.0.2 >/dev/null 2>&1
	out=$("$WG" show wgt5)
	echo "$out" | grep -qE '^  drops: [1-9][0-9]* no_peer$' || fail "no drops line: $out"
	n=$("$WG" show wgt5 json | json-check drops.no_peer) || fail "json drops: $("$WG" show wgt5 json)"
	[ "$n" -ge 3 ] || fail "json drops.no_peer = $n, want >= 3"
	# upstream ignores the extension; apart from that line the outputs agree
	[ "$(echo "$out" | grep -v '^  drops: ')" = "$("$WGU" show wgt5)" ] ||
		fail "pretty output differs beyond the drops line: $out"
	[ "$("$WG" show wgt5 dump)" = "$("$WGU" show wgt5 dump)" ] || fail "dump differs"
}

# colours: on when stdout is a terminal, off in a pipe; WG_COLOR_MODE overrides
t_colour_only_on_tty() {
	local esc
	esc=$(printf '\033')
	tool_keys 2 || fail "key generation failed"
	tool_module_ready
	"$WG" set wgt5 private-key "$T5/k0.key" listen-port 51940 peer "$(pub 1)" allowed-ips 10.1.0.0/16 ||
		fail "set failed"
	unset WG_COLOR_MODE
	tty=$(pty-run "$WG" show wgt5) || fail "pty-run failed"
	echo "$tty" | grep -qF "${esc}[1minterface" || fail "no colour on a terminal: $tty"
	[ "$tty" = "$(pty-run "$WGU" show wgt5)" ] || fail "terminal output differs from wg-upstream's"
	[ "$tty" = "$(WG_COLOR_MODE=always "$WG" show wgt5)" ] || fail "WG_COLOR_MODE=always differs from terminal"
	"$WG" show wgt5 | grep -q "$esc" && fail "colour in a pipe"
	WG_COLOR_MODE=never pty-run "$WG" show wgt5 | grep -q "$esc" && fail "colour with WG_COLOR_MODE=never"
	WG_COLOR_MODE=auto pty-run "$WG" show wgt5 | grep -q "$esc" || fail "no colour with WG_COLOR_MODE=auto on a terminal"
	pty-run "$WG" show wgt5 dump | grep -q "$esc" && fail "colour in dump"
	return 0
}

t_genkey_umask_warning() {
	mkdir -p "$T5"
	err=$( (umask 022 && "$WG" genkey >"$T5/g.key") 2>&1) || fail "genkey failed"
	echo "$err" | grep -q "world accessible" || fail "no warning with umask 022: '$err'"
	err=$( (umask 077 && rm -f "$T5/g2.key" && "$WG" genkey >"$T5/g2.key") 2>&1) || fail "genkey failed"
	[ -z "$err" ] || fail "warning with umask 077: '$err'"
	[ "$("$WG" pubkey <"$T5/g.key")" = "$("$WGU" pubkey <"$T5/g.key")" ] || fail "pubkey of genkey output differs"
	[ "$(head -c 44 "$T5/g2.key" | "$WG" pubkey | wc -c)" = 45 ] || fail "genkey output not a usable key"
	"$WG" genpsk | grep -qE '^[A-Za-z0-9+/]{43}=$' || fail "genpsk output not base64"
	"$WG" genkey extra 2>/dev/null && fail "genkey accepted an argument"
	return 0
}

t_pubkey_known_vectors() {
	# RFC 7748 section 6.1 (Alice and Bob), as base64
	[ "$(echo dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo= | "$WG" pubkey)" = \
		hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo= ] || fail "RFC 7748 Alice"
	[ "$(echo XasIfmJKikt54X+Lg4AO5m87sSkmGLb9HC+LJ/+I4Os= | "$WG" pubkey)" = \
		3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08= ] || fail "RFC 7748 Bob"
	tool_keys 4 || fail "key generation failed"
	for i in 0 1 2 3; do
		[ "$("$WG" pubkey <"$T5/k$i.key")" = "$(pub "$i")" ] || fail "pubkey differs from upstream for k$i"
	done
	echo "not a key" | "$WG" pubkey 2>/dev/null && fail "pubkey accepted garbage"
	# non-canonical: last character with the two low bits set
	echo "$(cut -c1-42 "$T5/k0.key")B=" | "$WG" pubkey 2>/dev/null && fail "pubkey accepted a non-canonical key"
	return 0
}

t_show_lists_kernel_and_userspace() {
	export WG_COLOR_MODE=never
	tool_keys 1 || fail "key generation failed"
	tool_module_ready
	tool_go "" wgt5go
	[ "$("$WG" show interfaces)" = "$("$WGU" show interfaces)" ] ||
		fail "show interfaces: ours '$("$WG" show interfaces)' upstream '$("$WGU" show interfaces)'"
	"$WG" show interfaces | grep -qw wgt5 || fail "kernel device missing from show interfaces"
	"$WG" show interfaces | grep -qw wgt5go || fail "userspace device missing from show interfaces"
	[ "$("$WG")" = "$("$WGU")" ] || fail "bare wg differs from upstream"
	tool_stop_go
}

run_test tool-uapi-set-matches-upstream t_uapi_set_matches_upstream
run_test tool-uapi-setconf-roundtrip t_uapi_setconf_roundtrip
run_test tool-uapi-addconf-syncconf t_uapi_addconf_syncconf
run_test tool-uapi-bad-config-file-line-unchanged t_uapi_config_errors
run_test tool-module-dump-matches-upstream t_module_dump_matches_upstream
run_test tool-module-set-incremental-remove t_module_set_and_remove
run_test tool-module-bad-config-file-line-unchanged t_module_config_errors
run_test tool-module-10000-peers-setconf t_module_10000_peers
run_test tool-module-130000-allowed-ips t_module_130000_allowed_ips
run_test tool-show-json-parses t_show_json
run_test tool-show-drop-counters t_show_drop_counters
run_test tool-colour-only-on-tty t_colour_only_on_tty
run_test tool-genkey-umask-warning t_genkey_umask_warning
run_test tool-pubkey-known-vectors t_pubkey_known_vectors
run_test tool-show-lists-kernel-and-userspace t_show_lists_kernel_and_userspace
