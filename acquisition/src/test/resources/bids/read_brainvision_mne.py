"""Reads a BrainVision file with MNE-Python (a reader eegdecode did not write) for the BIDS tests.

usage: python3 read_brainvision_mne.py FILE.vhdr OUT_DIR [FILE.vhdr OUT_DIR ...]
writes, for each file, OUT_DIR/data.npy: float64 (channels x samples) in each channel's own unit
(MNE's volts divided back by the unit's scale), and OUT_DIR/info.json: sfreq, ch_names, orig_units, n_times,
annotations (onset in seconds, description), mne version.
"""
import json
import sys

import mne
import numpy as np

SCALE = {"V": 1.0, "mV": 1e-3, "µV": 1e-6, "uV": 1e-6, "nV": 1e-9}


def read(vhdr, out):
    raw = mne.io.read_raw_brainvision(vhdr, preload=True, verbose="error")
    units = raw._orig_units
    scale = np.array([SCALE.get(units.get(ch, "n/a"), 1.0) for ch in raw.ch_names])
    np.save(out + "/data.npy", raw.get_data() / scale[:, None])
    info = {
        "mne": mne.__version__,
        "sfreq": float(raw.info["sfreq"]),
        "ch_names": raw.ch_names,
        "orig_units": [units.get(ch) for ch in raw.ch_names],
        "n_times": int(raw.n_times),
        "annotations": [
            {"onset": float(a["onset"]), "description": a["description"]} for a in raw.annotations
        ],
    }
    with open(out + "/info.json", "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False)


args = sys.argv[1:]
for i in range(0, len(args), 2):
    read(args[i], args[i + 1])
