"""Writes or reads a THINGS-EEG2 image_metadata.npy with real numpy, as the release stores it.

Usage:
  things_metadata.py write FILE LISTS.json   LISTS.json: {"train_img_concepts": [...], ...}
  things_metadata.py read FILE               prints the six lists as JSON

The release's file is a pickled dict of six lists of str (np.save of a dict, allow_pickle).
"""
import json
import sys

import numpy as np

KEYS = [
    "test_img_concepts",
    "test_img_concepts_THINGS",
    "test_img_files",
    "train_img_concepts",
    "train_img_concepts_THINGS",
    "train_img_files",
]

if sys.argv[1] == "write":
    with open(sys.argv[3], encoding="utf-8") as f:
        lists = json.load(f)
    np.save(sys.argv[2], {k: [str(v) for v in lists.get(k, [])] for k in KEYS})
elif sys.argv[1] == "read":
    d = np.load(sys.argv[2], allow_pickle=True).item()
    print(json.dumps({k: [str(v) for v in d[k]] for k in KEYS}))
else:
    sys.exit("unknown mode " + sys.argv[1])
