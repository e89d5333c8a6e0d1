#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: two network namespaces joined by a veth, a WireGuard tunnel
# between them (our module on both ends), a ping through it, wg show.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=suite/lib.sh
. "$here/suite/lib.sh"

tool=$WG
if ! [ -x "$WG" ]; then
	echo "(our wg is not built: configuring with Debian's wg instead)"
	tool=$WGU
fi
echo "== WireGuard demo: $(cat /sys/module/wireguard/version 2>/dev/null) (out-of-tree module), $(uname -r)"
echo "   namespaces wg-a (10.9.0.1) and wg-b (10.9.0.2) joined by a veth;"
echo "   wg0 in each: 192.168.241.1 <-> 192.168.241.2, fd00:241::1 <-> fd00:241::2"
echo "   configured with: $tool"
echo
setup=0
wg_pair "$tool" || setup=1
[ "$setup" -eq 0 ] || echo "!! configuring the tunnel failed (see above); showing what there is"
echo "-- wg-a: ip address show wg0"
ip -n wg-a address show wg0
echo
rc=0
echo "-- wg-a: ping -c 3 192.168.241.2 (through the tunnel)"
ip netns exec wg-a ping -c 3 -W 2 192.168.241.2 || rc=1
echo
echo "-- wg-a: ping -c 3 fd00:241::2 (through the tunnel)"
ip netns exec wg-a ping -6 -c 3 -W 2 fd00:241::2 || rc=1
echo
if [ "$rc" -ne 0 ]; then
	echo "!! no reply through the tunnel: the data path or handshake does not work (yet);"
	echo "!! the configuration below is what the kernel reports."
	echo
fi
for s in a b; do
	echo "-- wg-$s: wg show"
	ip netns exec "wg-$s" "$tool" show || echo "(wg show failed: status $?)"
	echo
done
if [ "$rc" -eq 0 ] && [ "$setup" -eq 0 ]; then
	echo "demo: the tunnel works"
else
	echo "demo: the tunnel does not carry traffic"
fi
ns_cleanup
[ "$rc" -eq 0 ] && [ "$setup" -eq 0 ]
