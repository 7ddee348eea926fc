"""Reads a synthetic THINGS-EEG2 folder the way users read the release, prints a JSON summary.

Usage: read_synth.py DATASET_DIR
Every file is loaded with np.load(p, allow_pickle=True).item(), exactly like the public code does.
"""
import glob
import json
import os
import sys

import numpy as np

FEATURE_FILE = "image_feature/internvit_multilevel_20_24_28_32_36/internvit_features.npy"


def load_dict(path):
    raw = np.load(path, allow_pickle=True)
    return raw, raw.item()


def eeg_summary(path):
    raw, d = load_dict(path)
    data = d["preprocessed_eeg_data"]
    times = d["times"]
    onset = int(np.argmin(np.abs(times)))
    return {
        "outer_dtype": raw.dtype.str,
        "outer_shape": list(raw.shape),
        "type": type(d).__name__,
        "keys": list(d.keys()),
        "shape": list(data.shape),
        "dtype": data.dtype.str,
        "c_contiguous": bool(data.flags.c_contiguous),
        "ch_names": list(d["ch_names"]),
        "ch_names_type": type(d["ch_names"]).__name__,
        "times_dtype": times.dtype.str,
        "times_shape": list(times.shape),
        "times": times.tolist(),
        "onset_index": onset,
        "sum": float(data.sum(dtype=np.float64)),
        "first": data.reshape(-1)[:5].tolist(),
        "last": float(data.reshape(-1)[-1]),
        "baseline_mean": float(data[..., :onset].mean()),
        "baseline_std": float(data[..., :onset].std()),
        "finite": bool(np.isfinite(data).all()),
    }


def main(root):
    out = {"numpy": np.__version__, "subjects": {}}
    for sub in sorted(glob.glob(os.path.join(root, "sub-*"))):
        out["subjects"][os.path.basename(sub)] = {
            "training": eeg_summary(os.path.join(sub, "preprocessed_eeg_training.npy")),
            "test": eeg_summary(os.path.join(sub, "preprocessed_eeg_test.npy")),
        }

    _, meta = load_dict(os.path.join(root, "image_metadata.npy"))
    out["metadata"] = {
        "keys": list(meta.keys()),
        "types": {k: type(v).__name__ for k, v in meta.items()},
        "values": {k: list(v) for k, v in meta.items()},
    }

    _, bank = load_dict(os.path.join(root, FEATURE_FILE))
    keys = list(bank.keys())
    first = bank[keys[0]]
    expected = list(zip(meta["train_img_concepts"], meta["train_img_files"])) + list(
        zip(meta["test_img_concepts"], meta["test_img_files"])
    )
    out["features"] = {
        "count": len(keys),
        "key_types": sorted({type(k).__name__ for k in keys}),
        "first_key": list(keys[0]),
        "last_key": list(keys[-1]),
        "keys_match_metadata": keys == expected,
        "shapes": sorted({str(v.shape) for v in bank.values()}),
        "dtypes": sorted({v.dtype.str for v in bank.values()}),
        "first_values": first.reshape(-1)[:5].astype(np.float64).tolist(),
        "first_sum": float(first.astype(np.float64).sum()),
        "total_sum": float(sum(v.astype(np.float64).sum() for v in bank.values())),
        "finite": bool(all(np.isfinite(v).all() for v in bank.values())),
    }

    images = {}
    for split, concepts, files in (
        ("training_images", meta["train_img_concepts"], meta["train_img_files"]),
        ("test_images", meta["test_img_concepts"], meta["test_img_files"]),
    ):
        present = [os.path.isfile(os.path.join(root, split, c, f)) for c, f in zip(concepts, files)]
        images[split] = {"listed": len(present), "present": int(sum(present))}
    out["images"] = images
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
