#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the hand-made seed inputs of the binary harnesses into corpus/<t>/.
The formats are documented at the top of each fuzz_<t>.c. Run from this
directory; fuzzing adds further inputs (minimised with -merge=1)."""
import os
import struct

W = 8128
REJECT = (1 << 64) - (8192 - 64) - 1


def put(target, name, data, where="corpus"):
    os.makedirs(f"{where}/{target}", exist_ok=True)
    with open(f"{where}/{target}/{name}", "wb") as f:
        f.write(data)


# ---- replay ----
def abs_op(c, w=0, base=0):
    return bytes([(base << 5) | (w << 2) | 3]) + struct.pack("<H", c)


def hdr_op(idx, counter, typ=4):
    return b"\x00" + struct.pack("<IIQ", typ, idx, counter)


put("replay", "spec-cases", b"\x00" + b"".join(abs_op(c) for c in
    [0, 1, 1, 9, 8, 7, 7, W + 1, W, W - 1, 0]))
put("replay", "slide-2-to-w1", b"\x00" + b"".join(abs_op(c) for c in range(2, 40)) +
    abs_op(W + 1) + abs_op(1) + abs_op(0))
put("replay", "limit", b"\x00" + abs_op(19999, base=5) + abs_op(19999, base=5) +
    abs_op(20000, base=5) + abs_op(19990, base=5))
put("replay", "headers", b"\x00" + hdr_op(0x55667788, 0) + hdr_op(0x11223344, 0) +
    hdr_op(0x55667788, 0) + hdr_op(0x55667788, 1 << 40) + hdr_op(0x99, 3) +
    hdr_op(0x55667788, 5, typ=0x104) + hdr_op(0x55667788, (1 << 40) - W))
put("replay", "small-limit", b"\x03" + struct.pack("<H", 100) + bytes([0x01, 5, 0, 0x02, 99, 0,
    0x02, 1, 0, 0x01, 1, 0]))
put("replay", "jumps", b"\x02" + bytes([0x02, 0xff, 0xff]) * 8 + bytes([0x01, 0xc0, 0x1f]) +
    bytes([0x01, 0xc1, 0x1f]) + abs_op(0, base=7) + abs_op(999, base=7) + abs_op(1000, base=7))

# ---- allowedips ----
def ins(fam6, peer, ctl, tail, cidr):
    return bytes([(0x80 if fam6 else 0) | (peer << 4) | 0, ctl]) + tail + bytes([cidr])


def look(fam6, ctl, tail):
    return bytes([(0x80 if fam6 else 0) | 8, ctl]) + tail


def rm(fam6, peer, ctl, tail, cidr):
    return bytes([(0x80 if fam6 else 0) | (peer << 4) | 5, ctl]) + tail + bytes([cidr])


seq = b""
seq += ins(0, 1, 1, bytes([10, 0, 0, 0]), 8)
seq += ins(0, 2, 1, bytes([10, 1, 0, 0]), 16)
seq += ins(0, 3, 1, bytes([10, 1, 2, 0]), 24)
seq += ins(0, 4, 1, bytes([10, 1, 2, 3]), 32)
seq += ins(0, 5, 1, bytes([0, 0, 0, 0]), 0)
seq += look(0, 1, bytes([10, 1, 2, 3])) + look(0, 1, bytes([10, 1, 2, 4]))
seq += look(0, 1, bytes([10, 1, 3, 4])) + look(0, 1, bytes([10, 9, 9, 9]))
seq += look(0, 1, bytes([192, 0, 2, 1]))
seq += rm(0, 3, 1, bytes([10, 1, 2, 0]), 24) + look(0, 1, bytes([10, 1, 2, 4]))
seq += rm(0, 2, 1, bytes([10, 1, 2, 9]), 16)
seq += bytes([0x10 | 7]) + bytes([0x4d, 0x5d])
put("allowedips", "v4-nested", seq)
seq = b""
seq += ins(1, 1, 1, bytes.fromhex("fd000000000000000000000000000000"), 8)
seq += ins(1, 2, 1, bytes.fromhex("fd001234000000000000000000000000"), 32)
seq += ins(1, 3, 1, bytes.fromhex("fd001234000000000000000000000001"), 128)
seq += ins(1, 4, 1, bytes(16), 0)
seq += ins(1, 4, 1, bytes.fromhex("fd001234000000000000000000000001"), 129)
seq += look(1, 1, bytes.fromhex("fd001234000000000000000000000001"))
seq += look(1, 1, bytes.fromhex("fd001234000000000000000000000002"))
seq += look(1, 1, bytes.fromhex("fe800000000000000000000000000001"))
seq += ins(1, 5, 1, bytes.fromhex("fd001234000000000000000000000001"), 128)
seq += bytes([0x80 | (4 << 4) | 7, 0x8d, 0xdd])
put("allowedips", "v6-takeover", seq)
seq = b""
for i in range(40):
    seq += ins(i & 1, i % 8, (i * 37) & 0xfe, bytes([i * 11 & 0xff]), (i * 7) % 33)
for i in range(20):
    seq += look(i & 1, (i * 29) & 0xfe, bytes([i * 13 & 0xff]))
put("allowedips", "patterns", seq)

# ---- handshake (protocol.md §11) ----
MSG1 = bytes.fromhex(
    "0100000044332211"
    "a1bee9596631ec4a7fe8582c103f1be277f5282916b2043c39cfd74e593f7760"
    "1db6903dcbcb007c8ca37fa68cc5f62b68d83b9d6bac514097e5253468628bcf"
    "7dee7b308403a60c759a31ac44232a3b"
    "1e185bf2ddd49767c7494dd35d6fd15c7a0a9ddf2ff732b6836e08c8"
    "cf624728b1837a9cf1f1d7e95e510d6a00000000000000000000000000000000")
MSG2 = bytes.fromhex(
    "020000008877665544332211"
    "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b"
    "ded0ef89e15e1059a2c40ecd9b2c57a2b6f68f680e2c889a5d11c00ceb6f8a12"
    "00000000000000000000000000000000")
MSG2_NOPSK = bytes.fromhex(
    "020000008877665544332211"
    "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b"
    "2beb3a1b12ef9581165a449f65ea5eb72e665e084c207e7b4a38ad4d326378ac"
    "00000000000000000000000000000000")
KEEPALIVE_TO_R = bytes.fromhex("040000008877665500000000000000007ab4f8a5e4a09cdef9617d94d75c7915")
DATA_TO_I = bytes.fromhex(
    "0400000044332211000000000000000045bbf6d8f17ec54f34803b917529a78c"
    "23c508b01bbd53c4c38b7862fb52a5e829227571fb91fdb43493d39c349d3c96")
COOKIE = bytes.fromhex(
    "0300000044332211d23780a5c9521ebb89fcd940f92057024952281d20e47110"
    "24464ceb4e913a0741efd40ead8143104475f46fef9b11ffedf06f0c71660cde")
INNER = bytes.fromhex("4500001c00010000401166ce0a0000020a0000010035003500080000")
FIX_MAC1, UNDER_LOAD, FIX_MAC2, SEAL, NO_PSK = 1, 2, 4, 8, 16


def rec(msg, kind=0):
    return bytes([kind]) + struct.pack("<H", len(msg)) + msg


def build(e_byte, claim, ts, sender):
    return rec(bytes([e_byte]) * 32 + bytes([claim]) + ts + struct.pack("<I", sender), kind=1)


def data(idx, counter, plain):
    return struct.pack("<IIQ", 4, idx, counter) + plain + bytes(16)


TS = bytes.fromhex("400000006553f10a00000000")
TS2 = bytes.fromhex("400000006553f10b00000000")
put("handshake", "msg1", bytes([0]) + rec(MSG1))
put("handshake", "msg1-twice", bytes([0]) + rec(MSG1) + rec(MSG1))
put("handshake", "msg2-then-data", bytes([0]) + rec(MSG2) + rec(DATA_TO_I) + rec(DATA_TO_I))
put("handshake", "keepalive-to-r", bytes([0]) + rec(KEEPALIVE_TO_R))
put("handshake", "cookie-reply", bytes([0]) + rec(COOKIE) + rec(COOKIE))
put("handshake", "under-load", bytes([UNDER_LOAD]) + rec(MSG1))
put("handshake", "under-load-fixed", bytes([UNDER_LOAD | FIX_MAC1 | FIX_MAC2]) + rec(MSG1) + rec(MSG2))
put("handshake", "no-psk", bytes([NO_PSK]) + rec(MSG1) + rec(MSG2_NOPSK))
put("handshake", "built", bytes([0]) + build(7, 0, TS, 0x01020304) + build(9, 1, TS, 0x0a0b0c0d) +
    build(7, 0, TS, 0x01020304) + build(8, 0, TS2, 0x11223344))
put("handshake", "sealed", bytes([SEAL]) + rec(data(0x55667788, 0, INNER + bytes(4))) +
    rec(data(0x55667788, 0, INNER + bytes(4))) + rec(data(0x55667788, 9000, b"")) +
    rec(data(0x55667788, 1, INNER)) + rec(data(0x11223344, 0, b"")))
put("handshake", "bad-lengths", bytes([FIX_MAC1]) + rec(MSG1 + b"\0") + rec(MSG2[:91]) +
    rec(COOKIE[:63]) + rec(KEEPALIVE_TO_R[:31]) + rec(b"\x01\x01\x00\x00" + MSG1[4:]) + rec(b"\x04"))
put("handshake", "mutated-fixed", bytes([FIX_MAC1]) + rec(MSG1[:8] + bytes(32) + MSG1[40:]) +
    rec(MSG1[:50] + b"\xff" + MSG1[51:]) + rec(MSG2[:12] + bytes([1]) + bytes(31) + MSG2[44:]))

# ---- rx (fuzz_rx.c): the same messages in UDP datagrams ----
FIX_UDP = 32
IDX_R, IDX_I, IDX_B = 0x55667788, 0x11223344, 0x99aabbcc


def udp(msg, ulen=None):
    return struct.pack(">HHHH", 51820, 51820, len(msg) + 8 if ulen is None else ulen, 0) + msg


def urec(msg, ulen=None):
    return rec(udp(msg, ulen))


def ipv4(src, dst, payload=b"", tos=0, tot=None, ver=4):
    tot = 20 + len(payload) if tot is None else tot
    return bytes([ver << 4 | 5, tos]) + struct.pack(">HHHBBH", tot, 1, 0, 64, 17, 0) + \
        bytes(src) + bytes(dst) + payload


def ipv6(src, dst, payload=b"", tc=0, plen=None):
    plen = len(payload) if plen is None else plen
    return bytes([0x60 | tc >> 4, (tc & 15) << 4, 0, 0]) + struct.pack(">HBB", plen, 17, 64) + \
        bytes.fromhex(src) + bytes.fromhex(dst) + payload


A4, R4, B4 = [10, 0, 0, 2], [10, 0, 0, 1], [10, 9, 9, 9]
A6 = "fd000000000000000000000000000002"
B6 = "fd000000000000000000000000000005"
X6 = "20010db8000000000000000000000001"
R6 = "fd000000000000000000000000000001"
UDPP = bytes.fromhex("0035003500080000")
put("rx", "msg1", bytes([0]) + urec(MSG1))
put("rx", "msg1-twice", bytes([0]) + urec(MSG1) + urec(MSG1))
put("rx", "msg2-then-data", bytes([0]) + urec(MSG2) + urec(DATA_TO_I) + urec(DATA_TO_I))
put("rx", "keepalive-to-r", bytes([0]) + urec(KEEPALIVE_TO_R) + urec(KEEPALIVE_TO_R))
put("rx", "cookie-reply", bytes([0]) + urec(COOKIE) + urec(COOKIE))
put("rx", "under-load", bytes([UNDER_LOAD]) + urec(MSG1))
put("rx", "under-load-fixed", bytes([UNDER_LOAD | FIX_MAC1 | FIX_MAC2]) + urec(MSG1) + urec(MSG2))
put("rx", "no-psk", bytes([NO_PSK]) + urec(MSG1) + urec(MSG2_NOPSK))
put("rx", "built", bytes([0]) + build(7, 0, TS, 0x01020304) + build(9, 1, TS, 0x0a0b0c0d) +
    build(8, 0, TS2, 0x11223344))
# sealed transport: A's session on R (10.0.0.2, 192.168/16, fd00::2), B's
# fixed session (10/8, fd00::/64, ::/0), and what R echoes to I (10/8, fd00::/16)
put("rx", "sealed-v4", bytes([SEAL]) +
    urec(data(IDX_R, 0, ipv4(A4, R4, UDPP) + bytes(4))) +
    urec(data(IDX_R, 1, ipv4([192, 168, 7, 7], R4, UDPP, tos=0xb8))) +
    urec(data(IDX_R, 2, ipv4(B4, R4, UDPP))) +
    urec(data(IDX_R, 1, ipv4(A4, R4, UDPP))) +
    urec(data(IDX_B, 0, ipv4(B4, R4, UDPP))) +
    urec(data(IDX_B, 1, ipv4(A4, R4, UDPP))))
put("rx", "sealed-v6", bytes([SEAL]) +
    urec(data(IDX_R, 0, ipv6(A6, R6, UDPP, tc=0x2e))) +
    urec(data(IDX_R, 1, ipv6(B6, R6, UDPP))) +
    urec(data(IDX_B, 0, ipv6(B6, R6, UDPP) + bytes(16))) +
    urec(data(IDX_B, 1, ipv6(X6, R6, UDPP))) +
    urec(data(IDX_B, 2, ipv6(A6, R6, UDPP))))
put("rx", "sealed-bad-inner", bytes([SEAL]) +
    urec(data(IDX_R, 0, ipv4(A4, R4, UDPP, tot=19))) +
    urec(data(IDX_R, 1, ipv4(A4, R4, UDPP, tot=29))) +
    urec(data(IDX_R, 2, ipv4(A4, R4, UDPP, ver=6))) +
    urec(data(IDX_R, 3, ipv6(A6, R6, UDPP, plen=9))) +
    urec(data(IDX_R, 4, ipv4(A4, R4)[:19])) +
    urec(data(IDX_R, 5, ipv6(A6, R6)[:39])) +
    urec(data(IDX_R, 6, bytes([0x45]))) +
    urec(data(IDX_R, 7, ipv4(A4, R4, tot=20))))
put("rx", "sealed-replay", bytes([SEAL]) + urec(data(IDX_R, 9000, b"")) +
    urec(data(IDX_R, 5, ipv4(A4, R4))) + urec(data(IDX_R, 9000, b"")) +
    urec(data(IDX_R, (1 << 64) - 1, b"")) + urec(data(IDX_I, 0, b"")) + urec(data(0x77, 0, b"")))
put("rx", "handshake-then-sealed", bytes([SEAL]) + urec(MSG2) +
    urec(data(IDX_I, 1, ipv4(R4, A4, UDPP))) + urec(data(IDX_I, 2, ipv6(R6, A6))))
put("rx", "msg1-then-echo", bytes([SEAL]) + urec(MSG1) + urec(data(IDX_R, 1, ipv4(A4, R4, UDPP))) +
    urec(data(IDX_R, 2, ipv6(A6, R6, UDPP))) + urec(data(IDX_R, 3, ipv4([192, 168, 0, 1], R4))))
put("rx", "udp-lengths", bytes([0]) + urec(MSG1, ulen=7) + urec(MSG1, ulen=len(MSG1) + 9) +
    urec(MSG1 + bytes(5)) + rec(udp(MSG1, ulen=len(MSG1) + 8) + bytes(7)) +
    urec(KEEPALIVE_TO_R, ulen=8) + urec(KEEPALIVE_TO_R, ulen=11) + rec(bytes(7)) + urec(b""))
put("rx", "fix-udp", bytes([FIX_UDP]) + urec(MSG1, ulen=0) + urec(KEEPALIVE_TO_R, ulen=0xffff))
put("rx", "bad-lengths", bytes([FIX_MAC1]) + urec(MSG1 + b"\0") + urec(MSG1[:147]) +
    urec(MSG2[:91]) + urec(MSG2 + b"\0") + urec(COOKIE[:63]) + urec(COOKIE + b"\0") +
    urec(KEEPALIVE_TO_R[:31]) + urec(b"\x01\x01\x00\x00" + MSG1[4:]))
put("rx", "bad-types", bytes([0]) + urec(b"\x00" * 32) + urec(b"\x05\0\0\0" + bytes(28)) +
    urec(b"\x04\0\0\x01" + KEEPALIVE_TO_R[4:]) + urec(b"\x04\0\0") + urec(b"\x04"))

# ---- netlink (fuzz_netlink.c) ----
SEQ, PID, FAM = 1700000000, 0x4242, 0x1d
NLA_F_NESTED = 0x8000


def attr(t, payload):
    a = struct.pack("<HH", 4 + len(payload), t) + payload
    return a + bytes((4 - len(a) % 4) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def nlmsg(typ, payload, flags=0, seq=SEQ):
    return struct.pack("<IHHII", 16 + len(payload), typ, flags, seq, PID) + payload


def dgram(*msgs):
    d = b"".join(msgs)
    return struct.pack("<H", len(d)) + d


def family_reply():
    return dgram(nlmsg(0x10, bytes([1, 2, 0, 0]) + attr(1, struct.pack("<H", FAM)) +
                       attr(2, b"wireguard\0")),
                 nlmsg(2, struct.pack("<i", 0) + bytes(16)))


def done(err=0):
    return nlmsg(3, struct.pack("<i", err), flags=2)


def aip4(a, cidr):
    return nest(0, attr(1, struct.pack("<H", 2)), attr(2, bytes(a)), attr(3, bytes([cidr])))


def aip6(a, cidr):
    return nest(0, attr(1, struct.pack("<H", 10)), attr(2, bytes(a)), attr(3, bytes([cidr])))


def sin(port, ip):
    return struct.pack("<H", 2) + struct.pack(">H", port) + bytes(ip) + bytes(8)


def sin6(port, ip):
    return struct.pack("<H", 10) + struct.pack(">H", port) + bytes(4) + bytes(ip) + bytes(4)


def peer(key, *extra):
    return nest(0, attr(1, key), *extra)


def devmsg(*attrs, flags=2):
    return nlmsg(FAM, bytes([0, 1, 0, 0]) + b"".join(attrs), flags=flags)


PK = bytes(range(32))
P1 = bytes([1]) * 32
P2 = bytes([2]) * 32
full_peer = peer(P1, attr(2, bytes([9]) * 32), attr(4, sin(51820, [192, 0, 2, 1])), attr(5, struct.pack("<H", 25)),
                 attr(6, struct.pack("<qq", 1700000000, 5)), attr(7, struct.pack("<Q", 1000)),
                 attr(8, struct.pack("<Q", 2000)),
                 nest(9, aip4([10, 0, 0, 0], 8), aip6([0xfd] + [0] * 15, 64)),
                 nest(11, attr(1, struct.pack("<Q", 3)), attr(2, struct.pack("<Q", 4))))
dev_attrs = [attr(1, struct.pack("<I", 7)), attr(2, b"wgfuzz0\0"), attr(3, PK), attr(4, bytes(32)),
             attr(6, struct.pack("<H", 51820)), attr(7, struct.pack("<I", 0x1234))]
put("netlink", "get-full", b"\x00" + family_reply() +
    dgram(devmsg(*dev_attrs, nest(8, full_peer, peer(P2, attr(4, sin6(1, [0] * 15 + [1])))))) +
    dgram(devmsg(attr(2, b"wgfuzz0\0"), nest(8, peer(P2, nest(9, aip4([10, 1, 0, 0], 16)))))) +
    dgram(done()))
put("netlink", "get-one-datagram", b"\x00" + family_reply() +
    dgram(devmsg(*dev_attrs), devmsg(nest(8, full_peer)), done()))
put("netlink", "get-intr", b"\x00" + family_reply() + dgram(devmsg(*dev_attrs, flags=0x12)) +
    dgram(done()) + family_reply() + dgram(devmsg(*dev_attrs), done()))
put("netlink", "get-error", b"\x00" + family_reply() +
    dgram(nlmsg(2, struct.pack("<i", -19) + bytes(16))))
put("netlink", "get-no-family", b"\x00" + dgram(nlmsg(2, struct.pack("<i", -2) + bytes(16))))
put("netlink", "get-bad-aip", b"\x00" + family_reply() +
    dgram(devmsg(nest(8, peer(P1, nest(9, aip4([10, 0, 0, 0], 33)))))) + dgram(done()))
# Regression inputs (regress/, expected to pass once src/tools/ipc.c is
# fixed): a dump message that fills the whole 4096-byte receive buffer and
# ends with an interface name without its terminating NUL; MNL_TYPE_STRING
# does not check termination, and device_cb's strlen reads past the buffer.
pad = 4096 - 16 - 4 - 8 - 8
big = devmsg(attr(1, struct.pack("<I", 7)), attr(0x7f, bytes(pad - 4)), attr(2, b"wgfz"))
assert len(big) == 4096
put("netlink", "get-ifname-unterminated-at-buffer-end", b"\x00" + family_reply() + dgram(big) +
    dgram(done()), where="regress")
# the same for the 32768-byte RTM_GETLINK buffer of `wg show interfaces`:
# link_cb's strlen (IFLA_IFNAME) and strcmp (IFLA_INFO_KIND)
pad = 32768 - 16 - 16 - 20 - 8
biglink = nlmsg(16, bytes(16) + nest(18, attr(1, b"wireguard\0")) + attr(0x7f, bytes(pad - 4)) +
                attr(3, b"wg00"), flags=2)
assert len(biglink) == 32768, len(biglink)
put("netlink", "list-ifname-unterminated-at-buffer-end", b"\x01" + dgram(biglink) + dgram(done()),
    where="regress")

ifi = bytes(16)
link = lambda name, kind: nlmsg(16, ifi + attr(3, name) + nest(18, attr(1, kind)), flags=2)
put("netlink", "list", b"\x01" + dgram(link(b"wg0\0", b"wireguard\0"), link(b"eth0\0", b"veth\0")) +
    dgram(link(b"wg1\0", b"wireguard\0"), done()))

put("netlink", "uapi-get", b"\x02" + (
    "private_key=" + "11" * 32 + "\nlisten_port=51820\nfwmark=0\n"
    "public_key=" + "22" * 32 + "\npreshared_key=" + "00" * 32 + "\n"
    "endpoint=192.0.2.1:51820\nlast_handshake_time_sec=1\nlast_handshake_time_nsec=2\n"
    "tx_bytes=3\nrx_bytes=4\npersistent_keepalive_interval=25\nallowed_ip=10.0.0.0/8\n"
    "allowed_ip=fd00::/64\npublic_key=" + "33" * 32 + "\nendpoint=[fe80::1%lo]:1\n"
    "protocol_version=1\nerrno=0\n\n").encode())
put("netlink", "uapi-errno", b"\x02" + b"errno=-19\n\n")


def set_seed(f, peers, errs=b""):
    return b"\x03" + bytes([f]) + errs + bytes([len(peers)]) + b"".join(
        bytes([pf, pat]) + struct.pack("<H", n) for pf, pat, n in peers)


put("netlink", "set-small", set_seed(0x0f, [(2, 0, 3), (8 | 16 | 32, 0xff, 2)]))
put("netlink", "set-split", set_seed(0x01, [(2, 0x55, 300), (64, 0xaa, 650), (1, 0, 5), (2, 0x80, 699)]))
put("netlink", "set-error", set_seed(0x10 | 0x20, [(2, 0, 400), (2, 0, 400)], errs=bytes([2, 21, 3, 3])))

# found by fuzz_netlink: an NLMSG_ERROR carrying INT_MIN; libmnl sets errno to
# -INT_MIN (which stays INT_MIN) and ipc.c's "-errno" overflows (UBSan)
put("netlink", "nlmsg-error-int-min", b"\x00" + dgram(nlmsg(2, struct.pack("<i", -2**31) + bytes(16))),
    where="regress")
