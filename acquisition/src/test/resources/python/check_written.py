"""Loads .npy files written by the Java NpyWriter with real numpy and prints a JSON summary.

Usage: check_written.py FILE...

For each file: how numpy sees it (a recursive description: types, dict key order, ints as
strings, floats as their IEEE bits, arrays as dtype/shape/order and a SHA-256 of their elements in
C order, little-endian). For plain arrays also whether np.save of the loaded array writes the very
same bytes. Any warning (e.g. a deprecated module name in the pickle) is an error.
"""
import hashlib
import io
import json
import os
import struct
import sys
import warnings

import numpy as np

warnings.simplefilter("error")


def float_bits(x):
    return str(struct.unpack("<q", struct.pack("<d", float(x)))[0])


def array_sha(a):
    little = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"), copy=True)
    return hashlib.sha256(little.tobytes(order="C")).hexdigest()


def describe(v):
    if v is None:
        return {"t": "none"}
    if isinstance(v, (bool, np.bool_)):
        return {"t": "bool", "v": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"t": "int", "v": str(int(v))}
    if isinstance(v, (float, np.floating)):
        return {"t": "float", "bits": float_bits(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, bytes):
        return {"t": "bytes", "hex": v.hex()}
    if isinstance(v, list):
        return {"t": "list", "items": [describe(x) for x in v]}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [describe(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "keys": [describe(k) for k in v],
                "values": [describe(x) for x in v.values()]}
    if isinstance(v, np.ndarray):
        return {"t": "ndarray", "dtype": v.dtype.str, "shape": list(v.shape),
                "fortran": bool(v.flags.f_contiguous and not v.flags.c_contiguous),
                "sha256": array_sha(v)}
    raise TypeError("unexpected type %r" % type(v))


out = {"numpy": np.__version__, "files": {}}
for path in sys.argv[1:]:
    name = os.path.basename(path)
    try:
        arr = np.load(path)  # allow_pickle=False: plain arrays only
        buf = io.BytesIO()
        np.save(buf, arr)
        with open(path, "rb") as f:
            same = f.read() == buf.getvalue()
        out["files"][name] = {"pickled": False, "value": describe(arr), "identical_to_np_save": same}
    except ValueError as e:
        if "allow_pickle" not in str(e):
            raise
        obj = np.load(path, allow_pickle=True)
        assert obj.dtype == object and obj.shape == (), (obj.dtype, obj.shape)
        out["files"][name] = {"pickled": True, "value": describe(obj.item())}
print(json.dumps(out, sort_keys=True))
