# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by netns.sh (and demo.sh) inside the guest.  What a suite file gets:
#
#   run_test NAME FUNCTION   run FUNCTION in a subshell (stdin /dev/null,
#                            own process group, WG_TEST_TIMEOUT seconds,
#                            default 300); status 0 prints `PASS NAME`,
#                            anything else prints its output and
#                            `FAIL NAME: <last line of its output>`.
#                            Afterwards every netns is deleted, every link
#                            but lo in the initial netns removed,
#                            processes it left behind killed, and our module
#                            reloaded if it is not the one loaded.
#   ns_new NAME              a network namespace with lo up
#   ns_cleanup               delete every network namespace
#   wg_reload                rmmod wireguard, insmod $KO (ours)
#   wg_load_intree           replace ours by Debian's in-tree wireguard.ko
#   (WG_T_TIMES=1 prints each test's duration)
#   fail MSG                 print MSG and end the test with status 1
#   wait_until SECS CMD...   poll CMD every 0.1 s until it succeeds (status 1
#                            after SECS seconds)
#   wg_pair [TOOL]           two namespaces joined by a tunnel, see below
#
#   $WG   our wg        $WGU  Debian's wg (wg-upstream)
#   $WGGO wireguard-go  $KO   our wireguard.ko as loaded at boot

WG=${WG:-/usr/local/bin/wg}
WGU=${WGU:-/usr/bin/wg-upstream}
WGGO=${WGGO:-/usr/bin/wireguard-go}
KO=${KO:-/wg/wireguard.ko}
WG_TEST_TIMEOUT=${WG_TEST_TIMEOUT:-300}
suite_passed=${suite_passed:-0}
suite_failed=${suite_failed:-0}
wg_srcversion=$(modinfo -F srcversion "$KO" 2>/dev/null)

fail() {
	echo "$*" | tr '\n\t' '  '
	echo
	exit 1
}

wait_until() {
	local secs=$1 i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge $((secs * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

ns_new() {
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up
}

ns_cleanup() {
	local ns
	for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
		ip netns del "$ns"
	done
}

wg_ours_loaded() {
	[ -n "$wg_srcversion" ] && [ "$(cat /sys/module/wireguard/srcversion 2>/dev/null)" = "$wg_srcversion" ]
}

wg_reload() {
	if [ -d /sys/module/wireguard ]; then
		rmmod wireguard || return 1
	fi
	insmod "$KO"
}

wg_load_intree() {
	local m
	if [ -d /sys/module/wireguard ]; then
		rmmod wireguard || return 1
	fi
	while read -r m; do
		[ -d "/sys/module/$(basename "$m" .ko | tr - _)" ] && continue
		insmod "$m" || return 1
	done </intree/order
}

# After each test: the next one starts from a clean guest.
test_cleanup() {
	local l p
	# daemons that left the test's process group (setsid, -D)
	for p in wireguard-go iperf3 tcpdump; do
		killall -q "$p" 2>/dev/null
	done
	ns_cleanup
	for l in $(ip -o link show 2>/dev/null | awk -F': ' '$2 != "lo" { print $2 }' | cut -d@ -f1); do
		ip link del "$l"
	done
	if ! wg_ours_loaded; then
		[ -d /sys/module/wireguard ] && rmmod wireguard
		insmod "$KO"
	fi
}

# WG_T_TEST_FILTER (regex on test names) runs only the matching tests.
run_test() {
	local name=$1 fn=$2 out rc pid wd t0
	if [ -n "${WG_T_TEST_FILTER:-}" ] && ! printf '%s\n' "$name" | grep -qE -- "$WG_T_TEST_FILTER"; then
		return 0
	fi
	out=$(mktemp /tmp/wg-test.XXXXXX)
	t0=$(date +%s)
	set -m
	(
		set +m
		"$fn"
	) >"$out" 2>&1 </dev/null &
	pid=$!
	(
		sleep "$WG_TEST_TIMEOUT"
		echo "timed out after $WG_TEST_TIMEOUT s" >>"$out"
		kill -TERM -- "-$pid"
		sleep 2
		kill -KILL -- "-$pid"
	) >/dev/null 2>&1 </dev/null &
	wd=$!
	set +m
	wait "$pid" 2>/dev/null
	rc=$?
	kill -KILL -- "-$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	kill -KILL -- "-$pid" 2>/dev/null	# whatever the test left running
	if [ -n "${WG_T_TIMES:-}" ]; then
		echo "   ($name: $(($(date +%s) - t0)) s)"
	fi
	if [ "$rc" -eq 0 ]; then
		echo "PASS $name"
		suite_passed=$((suite_passed + 1))
	else
		sed 's/^/    | /' "$out"
		echo "FAIL $name: $(grep -v '^[[:space:]]*$' "$out" | tail -n 1 | cut -c1-300)"
		suite_failed=$((suite_failed + 1))
	fi
	rm -f "$out"
	test_cleanup >/dev/null 2>&1
}

# wg_pair [TOOL]: namespaces wg-a and wg-b joined by a veth (10.9.0.1/24,
# fd09::1/64 in wg-a; .2 and ::2 in wg-b), each with a wg0 carrying
# 192.168.241.1/24 + fd00:241::1/64 (wg-a) and .2 / ::2 (wg-b), listening on
# 51820 (wg-a) and 51821 (wg-b), each the other's peer with that tunnel
# address as allowed-ips and the veth address as endpoint.  Keys are in
# /tmp/wg-pair/{a,b}.{key,pub}.  TOOL (default $WG if present, else $WGU)
# configures the devices.
wg_pair() {
	local tool=${1:-}
	[ -n "$tool" ] || { [ -x "$WG" ] && tool=$WG || tool=$WGU; }
	mkdir -p /tmp/wg-pair
	umask 077
	ns_new wg-a && ns_new wg-b || return 1
	ip link add veth-a netns wg-a type veth peer name veth-b netns wg-b || return 1
	ip -n wg-a addr add 10.9.0.1/24 dev veth-a
	ip -n wg-b addr add 10.9.0.2/24 dev veth-b
	ip -n wg-a addr add fd09::1/64 dev veth-a nodad
	ip -n wg-b addr add fd09::2/64 dev veth-b nodad
	ip -n wg-a link set veth-a up
	ip -n wg-b link set veth-b up
	for s in a b; do
		"$WGU" genkey >/tmp/wg-pair/$s.key || return 1
		"$WGU" pubkey </tmp/wg-pair/$s.key >/tmp/wg-pair/$s.pub
		ip -n wg-$s link add wg0 type wireguard || return 1
	done
	ip -n wg-a addr add 192.168.241.1/24 dev wg0
	ip -n wg-b addr add 192.168.241.2/24 dev wg0
	ip -n wg-a addr add fd00:241::1/64 dev wg0 nodad
	ip -n wg-b addr add fd00:241::2/64 dev wg0 nodad
	ip netns exec wg-a "$tool" set wg0 listen-port 51820 private-key /tmp/wg-pair/a.key \
		peer "$(cat /tmp/wg-pair/b.pub)" endpoint 10.9.0.2:51821 \
		allowed-ips 192.168.241.2/32,fd00:241::2/128 || return 1
	ip netns exec wg-b "$tool" set wg0 listen-port 51821 private-key /tmp/wg-pair/b.key \
		peer "$(cat /tmp/wg-pair/a.pub)" endpoint 10.9.0.1:51820 \
		allowed-ips 192.168.241.1/32,fd00:241::1/128 || return 1
	ip -n wg-a link set wg0 up && ip -n wg-b link set wg0 up
}
