#!/bin/sh
# Installs, when run as root on Debian, whatever the build and tests need.
pkgs="build-essential pkg-config qemu-system-x86 busybox cpio kmod linux-headers-amd64
flex bison bc libelf-dev
libmnl-dev wireguard-tools wireguard-go iperf3 iproute2 iputils-ping clang llvm
libclang-rt-14-dev libsodium-dev libssl-dev valgrind python3-cryptography-vectors
dkms sparse tcpdump rsync xz-utils nftables"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
