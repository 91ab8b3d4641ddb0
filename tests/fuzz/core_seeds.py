#!/usr/bin/env python3
# Makes seeds for fuzz_core (tests/fuzz/fuzz_core.c) from the CO-RE corpus:
# each seed is an object's .BTF, a target's .BTF, the first code section of
# the object that has relocations, and its CO-RE records.
#   python3 tests/fuzz/core_seeds.py OUTDIR OBJ:TARGET...
# Needs llvm-objcopy (LLVM 19) and objects built by `make core-progs`.
import os, struct, subprocess, sys, tempfile

OBJCOPY = "/usr/lib/llvm-19/bin/llvm-objcopy"

def section(path, name):
    with tempfile.NamedTemporaryFile() as f:
        subprocess.run([OBJCOPY, "--dump-section", f"{name}={f.name}", path, os.devnull],
                       check=True, capture_output=True)
        return open(f.name, "rb").read()

def strs(btf):
    hdr_len, _, _, str_off, str_len = struct.unpack_from("<IIIII", btf, 4)
    return btf[hdr_len + str_off: hdr_len + str_off + str_len]

def relos(ext, btf):
    hdr_len = struct.unpack_from("<I", ext, 4)[0]
    off, length = struct.unpack_from("<II", ext, 24)
    p = hdr_len + off
    end = p + length
    rec = struct.unpack_from("<I", ext, p)[0]
    p += 4
    s = strs(btf)
    while p + 8 <= end:
        name_off, n = struct.unpack_from("<II", ext, p)
        p += 8
        name = s[name_off:s.index(b"\0", name_off)].decode()
        yield name, [ext[p + i * rec: p + i * rec + 16] for i in range(n)]
        p += n * rec

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for pair in sys.argv[2:]:
    obj, targ = pair.split(":")
    local, target = section(obj, ".BTF"), section(targ, ".BTF")
    sec, recs = next(relos(section(obj, ".BTF.ext"), local))
    code = section(obj, sec)[: 255 * 8]
    seed = struct.pack("<II", len(local), len(target)) + local + target
    seed += bytes([len(code) // 8]) + code + b"".join(recs[:64])
    name = os.path.basename(obj).split(".")[0] + "-" + os.path.basename(targ).split(".")[0]
    open(os.path.join(out, name), "wb").write(seed)
