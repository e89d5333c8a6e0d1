#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the hand-made seed inputs of the binary harnesses into corpus/<t>/.
The formats are documented at the top of each fuzz_<t>.c. Run from this
directory; fuzzing adds further inputs (minimised with -merge=1)."""
import os
import struct

W = 8128
REJECT = (1 << 64) - (8192 - 64) - 1


def put(target, name, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/{name}", "wb") as f:
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
