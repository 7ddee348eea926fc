"""Writes .npy/.npz fixtures with real numpy for the Java codec tests.

Usage: make_npy_fixtures.py OUTDIR

Every value follows a formula that the Java tests reproduce exactly (see NpyFixtures.java);
keep both sides in step. Also writes malformed and malicious files. The malicious pickles are
only ever written here, never loaded.
"""
import json
import os
import pickle
import struct
import sys
import zipfile

import numpy as np
from numpy.lib import format as npformat

try:  # numpy 2.x
    from numpy._core.multiarray import _reconstruct
except ImportError:  # numpy 1.x
    from numpy.core.multiarray import _reconstruct

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
GOLDEN = 0x9E3779B97F4A7C15


def p(name):
    return os.path.join(OUT, name)


# ---- formulas (mirrored in NpyFixtures.java) -------------------------------------------------
def lin(n):
    """float64 i * 0.5 - 3."""
    return np.arange(n, dtype=np.float64) * 0.5 - 3.0


def f32(n):
    return (np.arange(n, dtype=np.float64) * 0.25 - 5.0).astype(np.float32)


F16_SPECIAL = [0.0, -0.0, 1.0, -2.5, 65504.0, -65504.0, 2.0 ** -14, 2.0 ** -24, 3 * 2.0 ** -24,
               1023 * 2.0 ** -24, float("inf"), float("-inf"), float("nan")]


def f16():
    vals = F16_SPECIAL + [i * 0.125 - 4.0 for i in range(64)]
    return np.array(vals, dtype=np.float16)


def ints(kind, width, n=50):
    """Low `width` bits of i * GOLDEN mod 2^64, as uint then viewed as signed for kind 'i'."""
    mask = (1 << width) - 1
    raw = np.array([((i * GOLDEN) % 2 ** 64) & mask for i in range(n)], dtype=f"<u{width // 8}")
    return raw if kind == "u" else raw.view(f"<i{width // 8}")


def bools(n=20):
    return np.array([i % 3 == 0 for i in range(n)], dtype=np.bool_)


def eeg(images):
    n = images * 4 * 17 * 100
    return (np.arange(n, dtype=np.float64) * 0.001 - 20.0).reshape(images, 4, 17, 100)


CH_NAMES = ["Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz",
            "PO4", "PO8", "P6", "P2"]


def times():
    return (np.arange(100, dtype=np.float64) - 20.0) / 100.0


def feature(k):
    j = np.arange(5 * 3200, dtype=np.int64)
    return (((k * 131 + j) % 4001 - 2000) / 16.0).astype(np.float16).reshape(5, 3200)


def fortran_f8():
    return np.asfortranarray(lin(120).reshape(4, 6, 5))


# ---- writers --------------------------------------------------------------------------------
def save_object(name, obj, protocol):
    """What np.save(path, obj) does, with the pickle protocol of our choice."""
    arr = np.empty((), dtype=object)
    arr[()] = obj
    with open(p(name), "wb") as f:
        npformat.write_array_header_1_0(f, npformat.header_data_from_array_1_0(arr))
        pickle.dump(arr, f, protocol=protocol)


def object_payload():
    shared = lin(5)
    d = {
        "f8": lin(24).reshape(2, 3, 4),
        "f4": f32(77).reshape(7, 11),
        "f16": f16(),
        "i1": ints("i", 8), "i2": ints("i", 16), "i4": ints("i", 32), "i8": ints("i", 64),
        "u1": ints("u", 8), "u2": ints("u", 16), "u4": ints("u", 32), "u8": ints("u", 64),
        "bool": bools(),
        "fortran": fortran_f8(),
        "be_f8": lin(10).astype(">f8"),
        "be_i4": ints("i", 32).astype(">i4"),
        "big": lin(300_000),  # 2.4 MB: above the Java lazy threshold
        "big_fortran": np.asfortranarray(f32(600 * 500).reshape(600, 500)),  # 1.2 MB, lazy + F
        "scalars": [np.float64(1.5), np.float32(0.25), np.int64(-3), np.uint8(200), np.bool_(True),
                    np.float16(-2.0)],
        "py": {"int": 42, "neg": -7, "big": 2 ** 70, "float": 1.25, "str": "h\u00e9llo \u2713",
               "list": [1, "a", None, True, False], "tuple": (1, 2.5, "x"), "empty_list": [],
               "empty_tuple": (), "empty_dict": {}, "bytes": b"\x00\x01\xff"},
        "shared_a": shared,
        "shared_b": shared,
        "objarr": np.array(["x", "y", "z"], dtype=object),
    }
    return d


def write_plain():
    np.save(p("f8.npy"), lin(60).reshape(3, 4, 5))
    np.save(p("f4.npy"), f32(77).reshape(7, 11))
    np.save(p("f16.npy"), f16())
    for kind in "iu":
        for width in (8, 16, 32, 64):
            np.save(p(f"{kind}{width // 8}.npy"), ints(kind, width))
    np.save(p("bool.npy"), bools())
    np.save(p("fortran_f8.npy"), fortran_f8())
    np.save(p("fortran_i2_be.npy"), np.asfortranarray(ints("i", 16).reshape(5, 10).astype(">i2")))
    np.save(p("be_f8.npy"), lin(10).astype(">f8"))
    np.save(p("be_f2.npy"), f16().astype(">f2"))
    np.save(p("be_u4.npy"), ints("u", 32).astype(">u4"))
    np.save(p("be_i8.npy"), ints("i", 64).astype(">i8"))
    np.save(p("scalar_f8.npy"), np.float64(2.5))
    np.save(p("empty_f4.npy"), np.zeros((0, 3), dtype=np.float32))
    np.save(p("big_plain_f8.npy"), lin(300_000).reshape(600, 500))
    for version in ((2, 0), (3, 0)):
        with open(p(f"v{version[0]}.npy"), "wb") as f:
            npformat.write_array(f, lin(12).reshape(3, 4), version=version)


def write_objects():
    for protocol in (2, 3, 4, 5):
        save_object(f"obj_p{protocol}.npy", object_payload(), protocol)
    np.save(p("eeg_release.npy"), {"preprocessed_eeg_data": eeg(20), "ch_names": CH_NAMES,
                                   "times": times()}, allow_pickle=True)
    bank = {}
    for k in range(4):
        bank[(f"{k + 1:05d}_concept{k}", f"concept{k}_{k:02d}b.jpg")] = feature(k)
    np.save(p("features.npy"), bank, allow_pickle=True)


def write_npz():
    arrays = {"a": lin(12).reshape(3, 4), "b": ints("i", 32), "c": f16()}
    np.savez(p("arrays.npz"), **arrays)
    np.savez_compressed(p("arrays_compressed.npz"), **arrays)


def write_float16_checks():
    rng = np.random.default_rng(42)
    rand = rng.standard_normal(20000) * 10.0 ** rng.integers(-9, 6, 20000)
    ties = [1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11, 2.0 ** -25, 3 * 2.0 ** -25, 5 * 2.0 ** -25,
            65519.99, 65520.0, 65536.0, 1e10, -1e10, 2.0 ** -14 - 2.0 ** -25, 2.0 ** -14 - 2.0 ** -26,
            0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-300, -1e-300, 2049.0, 2051.0]
    src = np.concatenate([np.array(ties), rand])
    with np.errstate(over="ignore"):
        half = src.astype(np.float16)
    np.savez(p("f16_round.npz"), src=src, half=half)
    np.save(p("all_halves.npy"), np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32))


# ---- bad and malicious files ---------------------------------------------------------------
OBJECT_HEADER = None


def object_header():
    arr = np.empty((), dtype=object)
    import io
    buf = io.BytesIO()
    npformat.write_array_header_1_0(buf, npformat.header_data_from_array_1_0(arr))
    return buf.getvalue()


class Evil:
    def __init__(self, func, arg):
        self.func, self.arg = func, arg

    def __reduce__(self):
        return (self.func, (self.arg,))


class BadArray:
    """Pickles as a 10-element float64 ndarray that carries only 8 bytes of data."""

    def __reduce__(self):
        return (_reconstruct, (np.ndarray, (0,), b"b"),
                (1, (10,), np.dtype("<f8"), False, b"\x00" * 8))


def write_bad():
    pwned = p("pwned")
    cmd = ("touch " + pwned).encode()
    header = object_header()
    with open(p("evil_os_system.npy"), "wb") as f:  # protocol 2, GLOBAL 'os system'
        f.write(header + b"\x80\x02cos\nsystem\nX" + struct.pack("<I", len(cmd)) + cmd + b"\x85R.")
    with open(p("evil_posix_p4.npy"), "wb") as f:  # protocol 4, STACK_GLOBAL 'posix system'
        f.write(header + pickle.dumps(Evil(os.system, "touch " + pwned), protocol=4))
    with open(p("evil_eval.npy"), "wb") as f:  # GLOBAL 'builtins eval'
        code = "__import__('os').system('touch %s')" % pwned
        f.write(header + pickle.dumps(Evil(eval, code), protocol=3))
    with open(p("evil_inst.npy"), "wb") as f:  # protocol 0 INST
        f.write(header + b"(S'touch " + pwned.encode() + b"'\nios\nsystem\n.")
    with open(p("evil_nested.npy"), "wb") as f:  # a good array, then an evil value
        f.write(header + pickle.dumps({"ok": lin(3), "bad": Evil(os.system, "touch " + pwned)},
                                      protocol=3))
    with open(p("mismatch.npy"), "wb") as f:
        f.write(header + pickle.dumps(BadArray(), protocol=3))

    good = open(p("f8.npy"), "rb").read()
    open(p("trunc_header.npy"), "wb").write(good[:30])
    np.save(p("full_f8.npy"), lin(1000))
    full = open(p("full_f8.npy"), "rb").read()
    open(p("trunc_data.npy"), "wb").write(full[:-100])
    open(p("bad_magic.npy"), "wb").write(b"NOTNUMPY" + good[8:])
    open(p("bad_version.npy"), "wb").write(good[:6] + b"\x09\x00" + good[8:])
    text = b"{'descr': '<f8', 'fortran_order': False, }"
    text += b" " * (64 - 10 - len(text) - 1) + b"\n"
    open(p("bad_header.npy"), "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text
                                          + b"\x00" * 8)
    np.save(p("unicode.npy"), np.array(["ab", "c"]))
    np.save(p("structured.npy"), np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    save_object("pickle_unicode.npy", {"names": np.array(["a", "bc"])}, 3)

    save_object("small_obj.npy", {"a": lin(40), "b": "text"}, 3)
    small = open(p("small_obj.npy"), "rb").read()
    open(p("trunc_pickle.npy"), "wb").write(small[:-3])  # stops before STOP
    open(p("trunc_pickle_mid.npy"), "wb").write(small[:len(header) + (len(small) - len(header)) // 2])
    big = open(p("obj_p3.npy"), "rb").read()
    start = big.find(lin(300_000)[100:104].tobytes()) - 800  # inside the 'big' payload
    open(p("trunc_lazy.npy"), "wb").write(big[:start + 1_000_000])
    open(p("not_a_zip.npz"), "wb").write(b"PK\x05\x06 this is not a zip archive at all")


write_plain()
write_objects()
write_npz()
write_float16_checks()
write_bad()
with open(p("manifest.json"), "w") as f:
    json.dump({"numpy": np.__version__, "python": sys.version.split()[0]}, f)
print(np.__version__)
