#!/usr/bin/env python3
# Seeds for fuzz_ring (tests/fuzz/fuzz_ring.c): well-formed rings, so that the
# fuzzer starts from records that parse. Usage: ring_seeds.py OUTDIR
import os
import struct
import sys


def ring(size, start, lens, busy_last=False, discard=()):
    data = bytearray(size)
    pos = start
    for i, n in enumerate(lens):
        flags = 0
        if i in discard:
            flags |= 1 << 30
        if busy_last and i == len(lens) - 1:
            flags |= 1 << 31
        hdr = struct.pack("<II", n | flags, 0) + bytes((i + k) & 255 for k in range(n))
        for k, b in enumerate(hdr):
            data[(pos + k) % size] = b
        pos += (n + 8 + 7) & ~7
    return bytes([0]) + struct.pack("<QQ", start, pos) + bytes(data)


def perf(size, start, recs):
    data = bytearray(size)
    pos = start
    for kind, n in recs:
        if kind == "lost":
            rec = struct.pack("<IHHQQ", 2, 0, 24, 1, n)
        else:
            raw = ((n + 4 + 7) & ~7) - 4
            rec = struct.pack("<IHHI", 9, 0, 12 + raw, raw) + bytes(range(raw))
        for k, b in enumerate(rec):
            data[(pos + k) % size] = b
        pos += len(rec)
    return bytes([1]) + struct.pack("<QQ", start, pos) + bytes(data)


seeds = {
    "ring_simple": ring(256, 0, [1, 8, 13, 0]),
    "ring_wrap": ring(256, 232, [30, 5, 40]),
    "ring_discard_busy": ring(512, 480, [10, 20, 30, 4], busy_last=True, discard=(1,)),
    "ring_full": ring(128, 64, [120]),
    "perf_simple": perf(256, 0, [("s", 16), ("lost", 3), ("s", 1)]),
    "perf_wrap": perf(256, 240, [("s", 24), ("s", 60), ("lost", 9)]),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, blob in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(blob)
