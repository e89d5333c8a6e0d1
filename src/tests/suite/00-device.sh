# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Device-level behaviour: the link kind, its type and flags, addresses,
# namespaces, deletion, module unload with devices present, genl family.

t_module_is_ours() {
	[ -d /sys/module/wireguard ] || fail "no wireguard module loaded"
	[ -n "$wg_srcversion" ] || fail "cannot read srcversion of $KO"
	wg_ours_loaded || fail "loaded wireguard is not $KO (srcversion $(cat /sys/module/wireguard/srcversion))"
	grep -q O /sys/module/wireguard/taint || fail "module taint '$(cat /sys/module/wireguard/taint)' lacks O (out-of-tree)"
}

t_link_kind() {
	ip link add wg0 type wireguard || fail "ip link add wg0 type wireguard failed"
	ip -d link show wg0 | grep -qw wireguard || fail "ip -d link show: $(ip -d link show wg0)"
}

t_type_flags_mtu() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	[ "$(cat /sys/class/net/wg0/type)" = 65534 ] || fail "type $(cat /sys/class/net/wg0/type), want 65534 (none)"
	ip link show wg0 | grep -q '<POINTOPOINT,NOARP>' || fail "flags: $(ip link show wg0 | head -n 1)"
	ip link show wg0 | grep -q 'link/none' || fail "link type: $(ip link show wg0)"
	[ "$(cat /sys/class/net/wg0/mtu)" = 1420 ] || fail "mtu $(cat /sys/class/net/wg0/mtu), want 1420"
	ip link set wg0 mtu 1280 || fail "cannot set mtu 1280"
	[ "$(cat /sys/class/net/wg0/mtu)" = 1280 ] || fail "mtu did not change"
}

t_up_down() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	ip link set wg0 up || fail "ip link set up failed"
	ip link show wg0 | grep -q '<POINTOPOINT,NOARP,UP,LOWER_UP>' || fail "after up: $(ip link show wg0 | head -n 1)"
	ip link set wg0 down || fail "ip link set down failed"
	ip link show wg0 | grep -q '<POINTOPOINT,NOARP>' || fail "after down: $(ip link show wg0 | head -n 1)"
	ip link set wg0 up || fail "second up failed"
}

t_addr_v4_v6() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	ip addr add 10.7.0.1/24 dev wg0 || fail "ip addr add v4 failed"
	ip addr add fd07::1/64 dev wg0 || fail "ip addr add v6 failed"
	ip link set wg0 up || fail "up failed"
	ip -4 addr show dev wg0 | grep -q 'inet 10.7.0.1/24' || fail "v4 address missing: $(ip addr show dev wg0)"
	ip -6 addr show dev wg0 | grep -q 'inet6 fd07::1/64' || fail "v6 address missing: $(ip addr show dev wg0)"
	ip -4 route show dev wg0 | grep -q '10.7.0.0/24' || fail "no v4 route: $(ip -4 route show dev wg0)"
	ip -6 route show dev wg0 | grep -q 'fd07::/64' || fail "no v6 route: $(ip -6 route show dev wg0)"
}

t_netns_move() {
	ns_new wg-x || fail "ns_new failed"
	ip link add wg0 type wireguard || fail "ip link add failed"
	ip link set wg0 netns wg-x || fail "ip link set netns failed"
	ip link show wg0 >/dev/null 2>&1 && fail "wg0 still in the initial netns"
	ip -n wg-x -d link show wg0 | grep -qw wireguard || fail "wg0 not in wg-x"
	ip -n wg-x addr add 10.7.0.1/24 dev wg0 || fail "addr in wg-x failed"
	ip -n wg-x link set wg0 up || fail "up in wg-x failed"
	ip -n wg-x link set wg0 netns 1 || fail "move back failed"
	ip -d link show wg0 | grep -qw wireguard || fail "wg0 not back in the initial netns"
	ip -n wg-x link show wg0 >/dev/null 2>&1 && fail "wg0 still in wg-x"
	ip link set wg0 up || fail "up after move back failed"
}

t_netns_delete_with_device() {
	ns_new wg-x || fail "ns_new failed"
	ip -n wg-x link add wg0 type wireguard || fail "ip link add in netns failed"
	ip -n wg-x link set wg0 up
	ip netns del wg-x || fail "ip netns del failed"
	# the device dies with its namespace: a new one of the same name works
	ns_new wg-x || fail "ns_new again failed"
	ip -n wg-x link add wg0 type wireguard || fail "ip link add after netns delete failed"
}

t_delete() {
	ip link add wg0 type wireguard || fail "ip link add failed"
	ip link set wg0 up
	ip link del wg0 || fail "ip link del failed"
	ip link show wg0 >/dev/null 2>&1 && fail "wg0 still exists"
	ip link add wg0 type wireguard || fail "re-adding wg0 failed"
	ip link del wg0 || fail "second del failed"
}

t_many_devices() {
	local i
	for i in $(seq 0 7); do
		ip link add "wg$i" type wireguard || fail "ip link add wg$i failed"
		ip link set "wg$i" up || fail "up wg$i failed"
	done
	[ "$(ip -o link show type wireguard | wc -l)" -eq 8 ] || fail "not 8 devices"
	for i in $(seq 0 7); do
		ip link del "wg$i" || fail "del wg$i failed"
	done
	[ "$(ip -o link show type wireguard | wc -l)" -eq 0 ] || fail "devices left"
}

t_rmmod_with_devices() {
	ns_new wg-x || fail "ns_new failed"
	ip link add wg0 type wireguard || fail "add wg0 failed"
	ip link add wg1 type wireguard || fail "add wg1 failed"
	ip addr add 10.7.0.1/24 dev wg0
	ip link set wg0 up
	ip -n wg-x link add wg0 type wireguard || fail "add in netns failed"
	ip -n wg-x link set wg0 up
	rmmod wireguard || fail "rmmod with devices present failed"
	[ -d /sys/module/wireguard ] && fail "module still loaded"
	ip link show wg0 >/dev/null 2>&1 && fail "wg0 survived rmmod"
	ip -n wg-x link show wg0 >/dev/null 2>&1 && fail "wg0 in wg-x survived rmmod"
	insmod "$KO" || fail "insmod after rmmod failed"
	ip link add wg0 type wireguard || fail "add after reload failed"
	wg_ours_loaded || fail "reloaded module is not ours"
}

t_genl_family() {
	genl ctrl get name wireguard >/tmp/genl.out 2>&1 || fail "genl family wireguard not registered: $(cat /tmp/genl.out)"
	grep -q 'wireguard' /tmp/genl.out || fail "unexpected: $(cat /tmp/genl.out)"
	grep -Eiq 'version: (0x)?0*1\b' /tmp/genl.out || fail "family version not 1: $(cat /tmp/genl.out)"
	rmmod wireguard || fail "rmmod failed"
	genl ctrl get name wireguard >/dev/null 2>&1 && fail "family still registered after rmmod"
	insmod "$KO" || fail "insmod failed"
	genl ctrl get name wireguard >/dev/null 2>&1 || fail "family missing after reload"
}

t_wg_show_fresh() {
	local dump
	ip link add wg0 type wireguard || fail "ip link add failed"
	"$WGU" show wg0 >/tmp/show.out 2>&1 || fail "wg-upstream show wg0 failed: $(cat /tmp/show.out)"
	grep -q '^interface: wg0' /tmp/show.out || fail "unexpected wg show output: $(cat /tmp/show.out)"
	dump=$("$WGU" show wg0 dump) || fail "wg-upstream show wg0 dump failed"
	[ "$dump" = "$(printf '(none)\t(none)\t0\toff')" ] || fail "fresh device dump: '$dump'"
	"$WGU" show interfaces | grep -qw wg0 || fail "wg show interfaces lacks wg0"
}

t_intree_swap() {
	wg_load_intree || fail "loading Debian's in-tree wireguard.ko failed"
	wg_ours_loaded && fail "ours still loaded after wg_load_intree"
	grep -q O /sys/module/wireguard/taint && fail "in-tree module marked out-of-tree"
	ip link add wg0 type wireguard || fail "in-tree: ip link add failed"
	ip link del wg0
	wg_reload || fail "reloading ours failed"
	wg_ours_loaded || fail "ours not loaded after wg_reload"
}

run_test module-loaded-is-ours t_module_is_ours
run_test link-kind-wireguard t_link_kind
run_test type-none-pointopoint-noarp-mtu-1420 t_type_flags_mtu
run_test link-up-down t_up_down
run_test addr-add-v4-v6 t_addr_v4_v6
run_test move-to-netns-and-back t_netns_move
run_test netns-delete-with-device t_netns_delete_with_device
run_test link-delete t_delete
run_test many-devices-add-del t_many_devices
run_test rmmod-with-devices-then-insmod t_rmmod_with_devices
run_test genl-family-registered t_genl_family
run_test upstream-wg-show-fresh-device t_wg_show_fresh
run_test intree-module-swaps-in-and-out t_intree_swap
