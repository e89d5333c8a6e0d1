# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Configuration plane: the genl API driven by Debian's unmodified wg, our wg
# and a raw request sender (wg-nlraw); peers, allowed IPs, split dumps, large
# configurations, malformed requests, permissions, listen port, namespaces.

# Figures go straight to the suite's output (run_test captures the rest).
exec 8>&1
conf_note() { echo "    $*" >&8; }

# Centiseconds since boot.
conf_now() {
	local u
	read -r u _ </proc/uptime
	echo "${u/./}" | sed 's/^0*//;s/^$/0/'
}

conf_secs() { # $1 centiseconds -> "S.CC"
	printf '%d.%02d' $(($1 / 100)) $(($1 % 100))
}

conf_keys() { # fills priv, pub1..3, psk1, psk2
	priv=$("$WGU" genkey) || return 1
	pub1=$("$WGU" genkey | "$WGU" pubkey)
	pub2=$("$WGU" genkey | "$WGU" pubkey)
	pub3=$("$WGU" genkey | "$WGU" pubkey)
	psk1=$("$WGU" genpsk)
	psk2=$("$WGU" genpsk)
}

# A config written exactly as `wg showconf` prints it.
conf_three_peers() { # $1 file
	cat >"$1" <<EOF
[Interface]
ListenPort = 51999
FwMark = 0x1234
PrivateKey = $priv

[Peer]
PublicKey = $pub1
PresharedKey = $psk1
AllowedIPs = 10.1.0.0/16, fd00:1::/64
Endpoint = 192.0.2.1:51820
PersistentKeepalive = 25

[Peer]
PublicKey = $pub2
AllowedIPs = 10.2.0.1/32, fd00:2::1/128, 10.2.1.0/24
Endpoint = [2001:db8::1]:4444

[Peer]
PublicKey = $pub3
PresharedKey = $psk2
AllowedIPs = 0.0.0.0/0, ::/0
PersistentKeepalive = 1
EOF
}

t_upstream_setconf_showconf() {
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/c3.conf || fail "wg-upstream setconf failed"
	"$WGU" showconf wg0 >/tmp/c3.out || fail "wg-upstream showconf failed"
	cmp -s /tmp/c3.conf /tmp/c3.out || { diff /tmp/c3.conf /tmp/c3.out; fail "showconf differs from the config set"; }
	# Setting the same again (REPLACE_PEERS) gives the same result.
	"$WGU" setconf wg0 /tmp/c3.conf || fail "second setconf failed"
	"$WGU" showconf wg0 | cmp -s /tmp/c3.conf - || fail "showconf differs after a second setconf"
	# Read by ifindex-free name lookup of a second device: independent state.
	ip link add wg1 type wireguard || fail "second device"
	[ -z "$("$WGU" show wg1 peers)" ] || fail "peers leaked into another device"
}

t_upstream_dump_equals_ours() {
	[ -x "$WG" ] || fail "our wg ($WG) is not in the guest yet: cannot compare dumps"
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/c3.conf || fail "wg-upstream setconf failed"
	ip link set wg0 up || fail "up failed"
	"$WGU" show wg0 dump >/tmp/d.up || fail "wg-upstream show dump failed"
	"$WG" show wg0 dump >/tmp/d.ours || fail "our wg show dump failed"
	cmp -s /tmp/d.up /tmp/d.ours || { diff /tmp/d.up /tmp/d.ours; fail "dumps differ"; }
	"$WGU" show all dump >/tmp/d.up
	"$WG" show all dump >/tmp/d.ours
	cmp -s /tmp/d.up /tmp/d.ours || { diff /tmp/d.up /tmp/d.ours; fail "'show all dump' differs"; }
}

t_private_key_clamped_public_derived() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	echo '//////////////////////////////////////////8=' >/tmp/k
	"$WGU" set wg0 private-key /tmp/k || fail "set private-key failed"
	[ "$("$WGU" show wg0 private-key)" = '+P///////////////////////////////////////38=' ] ||
		fail "private key not stored clamped: $("$WGU" show wg0 private-key)"
	[ "$("$WGU" show wg0 public-key)" = "$("$WGU" pubkey </tmp/k)" ] ||
		fail "public key $("$WGU" show wg0 public-key) is not pubkey(private)"
	"$WGU" set wg0 private-key /dev/null || fail "removing the private key failed"
	[ "$("$WGU" show wg0 private-key)" = '(none)' ] || fail "private key still set after /dev/null"
	[ "$("$WGU" show wg0 public-key)" = '(none)' ] || fail "public key still set"
}

t_own_public_key_peer() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	umask 077
	"$WGU" genkey >/tmp/k1
	"$WGU" genkey >/tmp/k2
	"$WGU" genkey >/tmp/k3
	"$WGU" set wg0 private-key /tmp/k1 || fail "set key"
	# A peer with our own public key is skipped (no error).
	"$WGU" set wg0 peer "$("$WGU" pubkey </tmp/k1)" allowed-ips 10.0.0.0/8 || fail "set own-key peer errored"
	[ -z "$("$WGU" show wg0 peers)" ] || fail "a peer with our own public key was created"
	# Taking a private key whose public key is an existing peer removes that peer.
	"$WGU" set wg0 peer "$("$WGU" pubkey </tmp/k2)" allowed-ips 10.0.0.0/8 || fail "add peer"
	"$WGU" set wg0 peer "$("$WGU" pubkey </tmp/k3)" allowed-ips 10.1.0.0/16 || fail "add peer 2"
	"$WGU" set wg0 private-key /tmp/k2 || fail "switch key"
	[ "$("$WGU" show wg0 peers)" = "$("$WGU" pubkey </tmp/k3)" ] ||
		fail "after taking peer's key, peers are: $("$WGU" show wg0 peers | tr '\n' ' ')"
	"$WGU" show wg0 allowed-ips | grep -q 10.0.0.0/8 && fail "removed peer's allowed IPs remain"
	return 0
}

t_replace_and_remove_peers() {
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/c3.conf || fail "setconf failed"
	printf '[Interface]\nPrivateKey = %s\n\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.9.0.0/16\n' \
		"$priv" "$pub2" >/tmp/c1.conf
	"$WGU" setconf wg0 /tmp/c1.conf || fail "second setconf failed"
	[ "$("$WGU" show wg0 peers)" = "$pub2" ] || fail "after REPLACE_PEERS: $("$WGU" show wg0 peers | tr '\n' ' ')"
	[ "$("$WGU" show wg0 allowed-ips | cut -f2)" = "10.9.0.0/16" ] || fail "old allowed IPs kept"
	[ "$("$WGU" show wg0 listen-port)" = 0 ] || fail "setconf without ListenPort left port $("$WGU" show wg0 listen-port)"
	[ "$("$WGU" show wg0 fwmark)" = off ] || fail "setconf without FwMark left fwmark on"
	"$WGU" addconf wg0 /tmp/c3.conf || fail "addconf failed"
	[ "$("$WGU" show wg0 peers | wc -l)" = 3 ] || fail "addconf: $("$WGU" show wg0 peers | wc -l) peers"
	"$WGU" set wg0 peer "$pub1" remove || fail "remove failed"
	"$WGU" show wg0 peers | grep -qF "$pub1" && fail "removed peer still listed"
	"$WGU" show wg0 allowed-ips | grep -q 10.1.0.0/16 && fail "removed peer's allowed IPs remain"
	"$WGU" set wg0 peer "$pub1" remove || fail "removing an absent peer is not a no-op"
	"$WGU" set wg0 peer "$pub3" preshared-key /dev/null persistent-keepalive off || fail "clearing psk/keepalive"
	"$WGU" show wg0 preshared-keys | grep -F "$pub3" | grep -q '(none)' || fail "psk not cleared"
	"$WGU" show wg0 persistent-keepalive | grep -F "$pub3" | grep -q off || fail "keepalive not cleared"
}

t_allowed_ip_moves_between_peers() {
	conf_keys || fail "key generation failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" set wg0 peer "$pub1" allowed-ips 10.0.0.0/24,10.9.0.0/16,fd00::/64 \
		peer "$pub2" allowed-ips 10.8.0.0/16 || fail "initial set"
	"$WGU" set wg0 peer "$pub2" allowed-ips 10.8.0.0/16,10.0.0.0/24,fd00::/64 || fail "move set"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)" = "10.9.0.0/16" ] ||
		fail "old owner has: $("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub2" | cut -f2)" = "10.8.0.0/16 10.0.0.0/24 fd00::/64" ] ||
		fail "new owner has: $("$WGU" show wg0 allowed-ips | grep -F "$pub2" | cut -f2)"
	# Host bits are dropped.
	"$WGU" set wg0 peer "$pub3" allowed-ips 192.168.5.77/24 || fail "set with host bits"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub3" | cut -f2)" = "192.168.5.0/24" ] || fail "host bits kept"
}

t_remove_one_prefix_raw() {
	conf_keys || fail "key generation failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" set wg0 peer "$pub1" allowed-ips 10.0.0.0/8,10.1.0.0/16,fd00::/64 \
		peer "$pub2" allowed-ips 10.2.0.0/16 || fail "initial set"
	[ "$(wg-nlraw wg0 set-peer-ip "$pub1" 10.1.0.0 16 remove)" = ok ] || fail "remove request refused"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)" = "10.0.0.0/8 fd00::/64" ] ||
		fail "after removal: $("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)"
	# Not owned by that peer, or not present: no-op, success.
	[ "$(wg-nlraw wg0 set-peer-ip "$pub1" 10.2.0.0 16 remove)" = ok ] || fail "remove of a foreign prefix errored"
	[ "$(wg-nlraw wg0 set-peer-ip "$pub1" 10.0.0.0 9 remove)" = ok ] || fail "remove of an absent prefix errored"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub2" | cut -f2)" = "10.2.0.0/16" ] || fail "foreign prefix removed"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)" = "10.0.0.0/8 fd00::/64" ] || fail "wrong prefix removed"
	[ "$(wg-nlraw wg0 set-peer-ip "$pub1" fd00:: 64 remove)" = ok ] || fail "v6 remove refused"
	[ "$("$WGU" show wg0 allowed-ips | grep -F "$pub1" | cut -f2)" = "10.0.0.0/8" ] || fail "v6 prefix not removed"
}

t_remove_one_prefix_wg() {
	[ -x "$WG" ] || fail "our wg ($WG) is not in the guest yet"
	conf_keys || fail "key generation failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" set wg0 peer "$pub1" allowed-ips 10.0.0.0/8,10.1.0.0/16,fd00::/64 || fail "initial set"
	"$WG" set wg0 peer "$pub1" allowed-ips -10.1.0.0/16 || fail "wg set allowed-ips -10.1.0.0/16 failed"
	[ "$("$WGU" show wg0 allowed-ips | cut -f2)" = "10.0.0.0/8 fd00::/64" ] ||
		fail "after -10.1.0.0/16: $("$WGU" show wg0 allowed-ips | cut -f2)"
	"$WG" set wg0 peer "$pub1" allowed-ips +10.7.0.0/16,-fd00::/64 || fail "mixed +/- failed"
	[ "$("$WGU" show wg0 allowed-ips | cut -f2)" = "10.0.0.0/8 10.7.0.0/16" ] ||
		fail "after +10.7.0.0/16,-fd00::/64: $("$WGU" show wg0 allowed-ips | cut -f2)"
}

# Same set of lines? ($1 $2 files, sorted here)
conf_same_set() {
	sort "$1" >"$1.s" && sort "$2" >"$2.s" && cmp -s "$1.s" "$2.s"
}

t_ten_thousand_peers() {
	local t0 t1 n
	wgconf-gen 10000 1 >/tmp/big.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	t0=$(conf_now)
	"$WGU" setconf wg0 /tmp/big.conf || fail "setconf of 10000 peers failed"
	t1=$(conf_now)
	conf_note "setconf 10000 peers: $(conf_secs $((t1 - t0))) s"
	"$WGU" show wg0 peers >/tmp/big.peers || fail "show peers failed"
	n=$(wc -l </tmp/big.peers)
	[ "$n" -eq 10000 ] || fail "read back $n peers, want 10000"
	sed -n 's/^PublicKey = //p' /tmp/big.conf >/tmp/big.want
	conf_same_set /tmp/big.peers /tmp/big.want || fail "public keys read back differ from the config"
	"$WGU" show wg0 allowed-ips | cut -f2 >/tmp/big.ips
	sed -n 's/^AllowedIPs = //p' /tmp/big.conf >/tmp/big.wantips
	conf_same_set /tmp/big.ips /tmp/big.wantips || fail "allowed IPs read back differ"
	# Kernel order = config order.
	cmp -s /tmp/big.peers /tmp/big.want || fail "peers not dumped in insertion order"
}

t_ten_thousand_peers_fast_delete() {
	local t0 t1
	# No private key: peer creation then skips the X25519 precomputation.
	wgconf-gen 10000 1 | grep -v '^PrivateKey' >/tmp/big.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/big.conf || fail "setconf of 10000 peers failed"
	ip link set wg0 up || fail "up failed"
	t0=$(conf_now)
	timeout 200 ip link del wg0 || fail "ip link del did not complete within 200 s"
	t1=$(conf_now)
	conf_note "ip link del with 10000 peers: $(conf_secs $((t1 - t0))) s (in-tree: ~166 s)"
	ip link show wg0 >/dev/null 2>&1 && fail "wg0 still exists"
	# The same for REPLACE_PEERS on a live device.
	ip link add wg0 type wireguard || fail "re-add failed"
	"$WGU" setconf wg0 /tmp/big.conf || fail "setconf failed"
	printf '[Interface]\n' >/tmp/empty.conf
	t0=$(conf_now)
	timeout 200 "$WGU" setconf wg0 /tmp/empty.conf || fail "replacing 10000 peers timed out or failed"
	t1=$(conf_now)
	conf_note "setconf replacing 10000 peers by none: $(conf_secs $((t1 - t0))) s"
	[ -z "$("$WGU" show wg0 peers)" ] || fail "peers left after replacing by none"
}

t_130k_allowed_ips_one_peer() {
	local out n
	wgconf-gen 1 130000 >/tmp/ips.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/ips.conf || fail "setconf with 130000 allowed IPs failed"
	"$WGU" show wg0 allowed-ips | cut -f2 | tr ' ' '\n' >/tmp/ips.got
	n=$(wc -l </tmp/ips.got)
	[ "$n" -eq 130000 ] || fail "read back $n allowed IPs, want 130000"
	sed -n 's/^AllowedIPs = //p' /tmp/ips.conf | tr ',' '\n' >/tmp/ips.want
	cmp -s /tmp/ips.got /tmp/ips.want || fail "allowed IPs differ from the config or are out of order"
	out=$(wg-nlraw wg0 get)
	case $out in
	"ok messages="*" peers=1 ips=130000 intr=0") ;;
	*) fail "raw dump: $out" ;;
	esac
	n=${out#ok messages=}
	n=${n%% *}
	[ "$n" -gt 1 ] || fail "130000 allowed IPs came in $n message(s): not split"
	conf_note "130000 allowed IPs dumped in $n messages"
}

t_dump_stays_consistent_while_changing() {
	local i n u pid key ips
	wgconf-gen 2000 2 | grep -v '^PrivateKey' >/tmp/mid.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/mid.conf || fail "setconf failed"
	# The 10th peer is removed and re-added over and over, which moves it
	# from near the front to the end of the list: a dump that does not
	# notice (NLM_F_DUMP_INTR -> wg retries) would list it twice.
	key=$(sed -n 's/^PublicKey = //p' /tmp/mid.conf | sed -n 10p)
	ips=$("$WGU" show wg0 allowed-ips | grep -F "$key" | cut -f2 | tr ' ' ',')
	(
		while :; do
			"$WGU" set wg0 peer "$key" remove
			"$WGU" set wg0 peer "$key" allowed-ips "$ips"
		done
	) >/dev/null 2>&1 &
	pid=$!
	for i in 1 2 3 4 5 6; do
		"$WGU" show wg0 allowed-ips >/tmp/mid.out || { kill $pid; fail "show failed during changes"; }
		n=$(wc -l </tmp/mid.out)
		u=$(cut -f1 /tmp/mid.out | sort -u | wc -l)
		[ "$u" -eq "$n" ] || { kill $pid; fail "duplicate peers in a dump ($u unique of $n)"; }
		[ "$n" -eq 2000 ] || [ "$n" -eq 1999 ] || { kill $pid; fail "inconsistent dump: $n peers"; }
		awk -F'\t' '$2 !~ /^10\.[0-9.]+\/32 10\.[0-9.]+\/32$/ { bad=1 } END { exit bad }' \
			/tmp/mid.out || { kill $pid; fail "a peer's allowed IPs are incomplete in a dump"; }
	done
	kill $pid
	wait $pid 2>/dev/null
	return 0
}

# Cases for wg-nlraw: each must be refused with this errno, device unchanged.
# (Wrong-length binary attributes: the 6.1 policy code answers ERANGE.)
conf_bad_cases_policy="bad-oversized-private-key:EINVAL/ERANGE bad-port-type:EINVAL
bad-unknown-attribute:EINVAL bad-peers-not-nested:EINVAL bad-trailing-garbage:EINVAL
bad-oversized-psk:EINVAL/ERANGE bad-short-public-key:EINVAL/ERANGE bad-keepalive-type:EINVAL
bad-short-addr:EINVAL/ERANGE"
conf_bad_cases_semantic="bad-missing-public-key:EINVAL bad-device-flag:EOPNOTSUPP
bad-peer-flag:EOPNOTSUPP bad-allowedip-flag:EINVAL bad-protocol-version:EPFNOSUPPORT
bad-family:EINVAL bad-cidr-v4:EINVAL bad-cidr-v6:EINVAL bad-addr-len:EINVAL
bad-missing-cidr:EINVAL bad-missing-family:EINVAL bad-no-selector:EBADR
bad-both-selectors:EBADR"

conf_run_bad_cases() { # $1 list
	local c name want before after out
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/c3.conf || fail "setconf failed"
	before=$("$WGU" showconf wg0)
	for c in $1; do
		name=${c%%:*}
		want=${c#*:}
		out=$(wg-nlraw wg0 "$name" 2>&1)
		case "/$want/" in
		*"/${out#error }/"*) [ "${out%% *}" = error ] ;;
		*) false ;;
		esac || fail "$name: got '$out', want 'error $want'"
		after=$("$WGU" showconf wg0)
		[ "$after" = "$before" ] || fail "$name: refused but the device changed"
	done
	# The valid part alone is applied: the unchanged-check above can see it.
	[ "$(wg-nlraw wg0 good-only)" = ok ] || fail "the valid part alone was refused"
	"$WGU" show wg0 fwmark | grep -qx 0x5151 || fail "valid request not applied (fwmark)"
	"$WGU" show wg0 allowed-ips | grep -q '10.250.0.0/16' || fail "valid request not applied (peer)"
}

t_bad_netlink_policy() { conf_run_bad_cases "$conf_bad_cases_policy"; }
t_bad_netlink_semantics() { conf_run_bad_cases "$conf_bad_cases_semantic"; }

t_selector_errors() {
	local out
	ip link add wg0 type wireguard || fail "ip link add failed"
	out=$(wg-nlraw wg0 get-no-selector) && [ "$out" = "error EBADR" ] || fail "GET without selector: $out"
	out=$(wg-nlraw wg0 get-both-selectors) && [ "$out" = "error EBADR" ] || fail "GET with both selectors: $out"
	out=$(wg-nlraw nosuchdev get) && [ "$out" = "error ENODEV" ] || fail "GET of a missing device: $out"
	out=$(wg-nlraw nosuchdev good-only) && [ "$out" = "error ENODEV" ] || fail "SET of a missing device: $out"
	out=$(wg-nlraw lo get) && [ "$out" = "error EOPNOTSUPP" ] || fail "GET of lo: $out"
	out=$(wg-nlraw lo good-only) && [ "$out" = "error EOPNOTSUPP" ] || fail "SET of lo: $out"
	out=$(wg-nlraw wg0 get) && [ "${out%% *}" = ok ] || fail "GET of wg0: $out"
	"$WGU" show lo 2>&1 | grep -q 'Operation not supported' || fail "wg-upstream show lo: $("$WGU" show lo 2>&1)"
}

t_non_root_refused() {
	local before out
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/c3.conf || fail "setconf failed"
	before=$("$WGU" showconf wg0)
	out=$(wg-nlraw -u 65534 wg0 get) && [ "$out" = "error EPERM" ] || fail "GET as nobody: $out"
	out=$(wg-nlraw -u 65534 wg0 good-only) && [ "$out" = "error EPERM" ] || fail "SET as nobody: $out"
	out=$(wg-nlraw -u 65534 wg0 set-port 1000) && [ "$out" = "error EPERM" ] || fail "SET port as nobody: $out"
	[ "$("$WGU" showconf wg0)" = "$before" ] || fail "device changed by a refused request"
	out=$(wg-nlraw wg0 set-port 1000) && [ "$out" = ok ] || fail "the same request as root: $out"
}

t_listen_port_in_use_unchanged() {
	local before out
	conf_keys || fail "key generation failed"
	ns_new wgc || fail "ns_new"
	ip -n wgc link add wg0 type wireguard || fail "add wg0"
	ip -n wgc link add wg1 type wireguard || fail "add wg1"
	ip netns exec wgc "$WGU" set wg1 listen-port 40001 || fail "wg1 port"
	ip -n wgc link set wg1 up || fail "wg1 up"
	echo "$priv" >/tmp/k
	ip netns exec wgc "$WGU" set wg0 listen-port 40000 private-key /tmp/k \
		peer "$pub1" allowed-ips 10.0.0.0/8 || fail "wg0 set"
	ip -n wgc link set wg0 up || fail "wg0 up"
	before=$(ip netns exec wgc "$WGU" showconf wg0)
	out=$(ip netns exec wgc "$WGU" set wg0 listen-port 40001 fwmark 0x77 \
		peer "$pub2" allowed-ips 10.5.0.0/16 2>&1) && fail "a port in use was accepted"
	echo "$out" | grep -q 'Address in use\|Address already in use' || fail "error was: $out"
	[ "$(ip netns exec wgc "$WGU" showconf wg0)" = "$before" ] || fail "device changed by the failed set"
	ip netns exec wgc ss -Hunl | grep -q ':40000[[:space:]]' || fail "old port 40000 no longer bound"
	# Down, the port is only stored; up then fails on the port in use.
	ip -n wgc link set wg0 down
	ip netns exec wgc "$WGU" set wg0 listen-port 40002 || fail "port change while down"
	ip -n wgc link set wg0 up || fail "up on a free port"
	ip netns exec wgc ss -Hunl | grep -q ':40002[[:space:]]' || fail "new port 40002 not bound after up"
}

t_random_port_reported() {
	local p
	ip link add wg0 type wireguard || fail "ip link add failed"
	[ "$("$WGU" show wg0 listen-port)" = 0 ] || fail "fresh device reports port $("$WGU" show wg0 listen-port)"
	ip link set wg0 up || fail "up failed"
	p=$("$WGU" show wg0 listen-port)
	[ "$p" -gt 0 ] 2>/dev/null || fail "after up the port is '$p'"
	ss -Hunl | grep -q "0.0.0.0:$p[[:space:]]" || fail "no IPv4 socket on $p: $(ss -Hunl)"
	ss -Hunl | grep -q "\[::\]:$p[[:space:]]\|\*:$p[[:space:]]" || fail "no IPv6 socket on $p: $(ss -Hunl)"
	ip link set wg0 down
	[ "$("$WGU" show wg0 listen-port)" = "$p" ] || fail "port after down: $("$WGU" show wg0 listen-port)"
}

t_netns_move_keeps_sockets() {
	ns_new wga && ns_new wgb || fail "ns_new"
	ip -n wga link add wg0 type wireguard || fail "add"
	ip netns exec wga "$WGU" set wg0 listen-port 40100 || fail "port"
	ip -n wga link set wg0 netns wgb || fail "move"
	ip -n wgb link set wg0 up || fail "up in the new netns"
	ip netns exec wga ss -Hunl | grep -q ':40100[[:space:]]' || fail "socket not in the creating netns"
	ip netns exec wgb ss -Hunl | grep -q ':40100[[:space:]]' && fail "socket in the device's new netns"
	[ "$(ip netns exec wgb "$WGU" show wg0 listen-port)" = 40100 ] || fail "listen-port not reported in wgb"
	return 0
}

t_creating_netns_dies() {
	local i err=/tmp/up.err ok=0
	conf_keys || fail "key generation failed"
	ns_new wga && ns_new wgb || fail "ns_new"
	ip -n wga link add wg0 type wireguard || fail "add"
	ip netns exec wga "$WGU" set wg0 listen-port 40200 || fail "port"
	ip -n wga link set wg0 netns wgb || fail "move"
	ip -n wgb link set wg0 up || fail "up"
	ip -n wgb link set wg0 down
	ip netns del wga
	# Namespace cleanup is asynchronous: retry until up is refused.
	for i in $(seq 100); do
		if ! ip -n wgb link set wg0 up 2>"$err"; then
			ok=1
			break
		fi
		ip -n wgb link set wg0 down
		sleep 0.2
	done
	[ "$ok" = 1 ] || fail "device still comes up after its creating netns died"
	grep -q 'not on the network' "$err" || fail "up refused with: $(cat "$err")"
	ip netns exec wgb "$WGU" set wg0 listen-port 1000 2>&1 | grep -q 'Operation not permitted' ||
		fail "listen-port change not refused with EPERM"
	ip netns exec wgb "$WGU" set wg0 fwmark 7 2>&1 | grep -q 'Operation not permitted' ||
		fail "fwmark change not refused with EPERM"
	ip netns exec wgb "$WGU" set wg0 peer "$pub1" allowed-ips 10.0.0.0/8 || fail "peer change refused"
	ip -n wgb link del wg0 || fail "delete failed"
}

t_rmmod_with_configured_devices() {
	conf_keys || fail "key generation failed"
	conf_three_peers /tmp/c3.conf
	wgconf-gen 300 3 >/tmp/mid.conf || fail "wgconf-gen"
	ns_new wga || fail "ns_new"
	ip link add wg0 type wireguard && "$WGU" setconf wg0 /tmp/c3.conf && ip link set wg0 up || fail "wg0"
	ip -n wga link add wg1 type wireguard || fail "wg1"
	ip netns exec wga "$WGU" setconf wg1 /tmp/mid.conf && ip -n wga link set wg1 up || fail "wg1 config"
	rmmod wireguard || fail "rmmod with configured devices failed"
	ip link show wg0 >/dev/null 2>&1 && fail "wg0 survived rmmod"
	insmod "$KO" || fail "insmod after rmmod failed"
	ip link add wg0 type wireguard && "$WGU" setconf wg0 /tmp/c3.conf || fail "module unusable after reload"
}

t_keepalive_set_while_up_sends_now() {
	local hs
	wg_pair "$WGU" || fail "wg_pair failed"
	hs=$(ip netns exec wg-a "$WGU" show wg0 latest-handshakes | cut -f2)
	[ "$hs" = 0 ] || fail "handshake before any traffic ($hs)"
	# 0 -> 25 s while up: a keepalive goes out at once (so a handshake
	# completes long before the first 25 s interval).
	ip netns exec wg-a "$WGU" set wg0 peer "$(cat /tmp/wg-pair/b.pub)" persistent-keepalive 25 ||
		fail "set persistent-keepalive failed"
	wait_until 8 sh -c "[ \"\$(ip netns exec wg-a $WGU show wg0 latest-handshakes | cut -f2)\" != 0 ]" ||
		fail "no handshake within 8 s after enabling persistent keepalive"
}

t_syncconf_removes_many_peers() {
	local t0 t1 n
	wgconf-gen 3000 1 | grep -v '^PrivateKey' >/tmp/s.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/s.conf || fail "setconf failed"
	# Keep the interface section and the first 100 peers: syncconf removes
	# the other 2900 one by one (REMOVE_ME), in a few requests.
	awk '/^\[Peer\]/ { n++ } n <= 100' /tmp/s.conf >/tmp/s100.conf
	t0=$(conf_now)
	timeout 200 "$WGU" syncconf wg0 /tmp/s100.conf || fail "syncconf failed or timed out"
	t1=$(conf_now)
	conf_note "syncconf removing 2900 of 3000 peers: $(conf_secs $((t1 - t0))) s"
	n=$("$WGU" show wg0 peers | wc -l)
	[ "$n" -eq 100 ] || fail "$n peers after syncconf, want 100"
	sed -n 's/^PublicKey = //p' /tmp/s100.conf >/tmp/s100.want
	"$WGU" show wg0 peers | cmp -s - /tmp/s100.want || fail "wrong peers kept"
}

t_peer_flags_and_endpoint_rules() {
	local out
	conf_keys || fail "key generation failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	# UPDATE_ONLY (4) on an unknown peer: success, nothing created.
	out=$(wg-nlraw wg0 peer-flags "$pub1" 4) && [ "$out" = ok ] || fail "UPDATE_ONLY on unknown peer: $out"
	[ -z "$("$WGU" show wg0 peers)" ] || fail "UPDATE_ONLY created a peer"
	# REMOVE_ME (1) on an unknown peer: success, nothing created.
	out=$(wg-nlraw wg0 peer-flags "$pub1" 1) && [ "$out" = ok ] || fail "REMOVE_ME on unknown peer: $out"
	[ -z "$("$WGU" show wg0 peers)" ] || fail "REMOVE_ME created a peer"
	# UPDATE_ONLY on a known peer applies; REPLACE_ALLOWEDIPS (2) replaces.
	"$WGU" set wg0 peer "$pub1" allowed-ips 10.1.0.0/16 || fail "add peer"
	out=$(wg-nlraw wg0 peer-flags "$pub1" 4) && [ "$out" = ok ] || fail "UPDATE_ONLY on known peer: $out"
	[ "$("$WGU" show wg0 allowed-ips | cut -f2)" = "10.1.0.0/16 10.77.0.0/16" ] ||
		fail "UPDATE_ONLY not applied: $("$WGU" show wg0 allowed-ips | cut -f2)"
	out=$(wg-nlraw wg0 peer-flags "$pub1" 6) && [ "$out" = ok ] || fail "REPLACE_ALLOWEDIPS: $out"
	[ "$("$WGU" show wg0 allowed-ips | cut -f2)" = "10.77.0.0/16" ] ||
		fail "REPLACE_ALLOWEDIPS not applied: $("$WGU" show wg0 allowed-ips | cut -f2)"
	# Endpoint: exactly sizeof(sockaddr_in) is used, any other length ignored.
	out=$(wg-nlraw wg0 peer-endpoint "$pub1" 20) && [ "$out" = ok ] || fail "20-byte endpoint: $out"
	[ "$("$WGU" show wg0 endpoints | cut -f2)" = "(none)" ] || fail "a 20-byte AF_INET endpoint was used"
	out=$(wg-nlraw wg0 peer-endpoint "$pub1" 16) && [ "$out" = ok ] || fail "16-byte endpoint: $out"
	[ "$("$WGU" show wg0 endpoints | cut -f2)" = "192.0.2.9:999" ] ||
		fail "endpoint: $("$WGU" show wg0 endpoints | cut -f2)"
	out=$(wg-nlraw wg0 peer-endpoint "$pub1" 12) && [ "$out" = "error EINVAL" ] ||
		[ "$out" = "error ERANGE" ] || fail "12-byte endpoint (below the policy minimum): $out"
	# v6 endpoint with brackets round-trips; scope id kept.
	"$WGU" set wg0 peer "$pub1" endpoint '[fe80::1%lo]:51820' || fail "scoped v6 endpoint refused"
	"$WGU" show wg0 endpoints | cut -f2 | grep -q '^\[fe80::1%lo\]:51820$' ||
		fail "scoped endpoint read back as $("$WGU" show wg0 endpoints | cut -f2)"
}

t_userns_caps() {
	local pid out
	conf_keys || fail "key generation failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	# Root of a child user namespace, device in the initial netns: refused.
	out=$(unshare -U -r "$WGU" set wg0 peer "$pub1" allowed-ips 10.0.0.0/8 2>&1) &&
		fail "a child userns root configured a device of the initial netns"
	echo "$out" | grep -q 'Operation not permitted' || fail "refusal was: $out"
	# Device moved into a netns owned by a child user namespace: its root may
	# change peers there, but port and fwmark need CAP_NET_ADMIN over the
	# creating netns (the initial one): EPERM.
	rm -f /tmp/uns.go
	unshare -U -r -n sh -c "while [ ! -e /tmp/uns.go ]; do sleep 0.1; done
		$WGU set wg0 peer $pub1 allowed-ips 10.0.0.0/8 && echo PEER_OK
		$WGU set wg0 listen-port 1234 || echo PORT_REFUSED
		$WGU set wg0 fwmark 7 || echo FWMARK_REFUSED
		$WGU show wg0 peers" >/tmp/uns.out 2>&1 &
	pid=$!
	wait_until 5 sh -c "[ \"\$(readlink /proc/$pid/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]" ||
		fail "unshare did not start"
	ip link set wg0 netns "$pid" || fail "cannot move wg0 into the child's netns"
	touch /tmp/uns.go
	wait "$pid"
	out=$(cat /tmp/uns.out)
	echo "$out" | grep -q PEER_OK || fail "child userns root could not add a peer: $out"
	echo "$out" | grep -q PORT_REFUSED || fail "listen-port accepted from a child userns: $out"
	echo "$out" | grep -q FWMARK_REFUSED || fail "fwmark accepted from a child userns: $out"
	echo "$out" | grep -qF "$pub1" || fail "peer not shown in the child: $out"
}

t_dump_intr_flag() {
	local key out
	wgconf-gen 2000 2 | grep -v '^PrivateKey' >/tmp/mid.conf || fail "wgconf-gen failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" setconf wg0 /tmp/mid.conf || fail "setconf failed"
	key=$(sed -n 's/^PublicKey = //p' /tmp/mid.conf | sed -n 10p)
	# First message read, then peer 10 removed and re-added (moving to the
	# end), then the rest: the peer shows up twice, and the dump says so.
	out=$(wg-nlraw wg0 get-interleaved "$key")
	case $out in
	"ok "*" first_intr=0") ;;
	*) fail "interleaved dump: $out" ;;
	esac
	case $out in
	*" intr=0 "*) fail "no NLM_F_DUMP_INTR after a change in the middle of a dump: $out" ;;
	esac
	case $out in
	*" seen=2 "*) ;;
	*) fail "expected the moved peer twice in the interrupted dump: $out" ;;
	esac
	# Undisturbed, the same dump is clean.
	out=$(wg-nlraw wg0 get)
	case $out in
	"ok "*" peers=2000 ips=3999 intr=0") ;;	# the re-added peer has one prefix
	*) fail "plain dump: $out" ;;
	esac
}

run_test upstream-wg-setconf-showconf-roundtrip t_upstream_setconf_showconf
run_test upstream-wg-dump-equals-our-wg-dump t_upstream_dump_equals_ours
run_test private-key-stored-clamped-public-derived t_private_key_clamped_public_derived
run_test peer-with-own-public-key-skipped-or-removed t_own_public_key_peer
run_test replace-peers-addconf-remove-peer t_replace_and_remove_peers
run_test allowed-ip-moves-between-peers t_allowed_ip_moves_between_peers
run_test allowed-ip-remove-one-prefix-raw-request t_remove_one_prefix_raw
run_test wg-set-allowed-ips-minus-prefix t_remove_one_prefix_wg
run_test setconf-10000-peers-read-back-complete t_ten_thousand_peers
run_test delete-10000-peer-device-fast t_ten_thousand_peers_fast_delete
run_test 130000-allowed-ips-one-peer-split-dump t_130k_allowed_ips_one_peer
run_test dump-consistent-while-peers-change t_dump_stays_consistent_while_changing
run_test dump-interrupted-by-set-flags-dump-intr t_dump_intr_flag
run_test bad-netlink-attributes-refused-device-unchanged t_bad_netlink_policy
run_test bad-netlink-values-refused-device-unchanged t_bad_netlink_semantics
run_test selector-errors-ebadr-enodev-eopnotsupp t_selector_errors
run_test non-root-refused-eperm t_non_root_refused
run_test child-userns-peers-ok-port-fwmark-eperm t_userns_caps
run_test listen-port-in-use-leaves-device-unchanged t_listen_port_in_use_unchanged
run_test random-listen-port-bound-and-reported t_random_port_reported
run_test netns-move-keeps-sockets-in-creating-netns t_netns_move_keeps_sockets
run_test creating-netns-dies-up-enonet-port-eperm t_creating_netns_dies
run_test rmmod-with-configured-devices t_rmmod_with_configured_devices
run_test keepalive-enabled-while-up-sends-at-once t_keepalive_set_while_up_sends_now
run_test syncconf-removes-thousands-of-peers t_syncconf_removes_many_peers
run_test peer-flags-update-only-remove-replace-endpoint-rules t_peer_flags_and_endpoint_rules
