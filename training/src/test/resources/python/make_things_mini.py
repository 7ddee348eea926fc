"""Writes a miniature THINGS-EEG2 folder with real numpy, values given by formulas the Java test repeats.

usage: make_things_mini.py OUT [--nan] [--short-metadata] [--drop-feature]
  eeg[i, r, c, t] = subject*10000 + i*1000 + r*100 + c*10 + t*0.01   (float64, release shapes, 17 channels)
  features[(concept, file)][l, d] = image_number + l*0.25 + d/64       (float16, shape (5, 8))
"""
import os
import sys

import numpy as np

CHANNELS = ["Pz", "P3", "P7", "O1", "Oz", "O2", "P4", "P8", "P1", "P5", "PO7", "PO3", "POz", "PO4",
            "PO8", "P6", "P2"]
TRAIN_CONCEPTS, IMAGES_PER_CONCEPT, TRAIN_REPS = 5, 2, 4
TEST_CONCEPTS, TEST_REPS = 3, 6
T = 100

out = sys.argv[1]
flags = set(sys.argv[2:])
times = np.arange(T) / 100.0 - 0.2  # -0.2 … 0.79 with float64 rounding, like the release


def eeg(subject, images, reps):
    i, r, c, t = np.meshgrid(np.arange(images), np.arange(reps), np.arange(len(CHANNELS)),
                             np.arange(T), indexing="ij")
    return (subject * 10000 + i * 1000 + r * 100 + c * 10 + t * 0.01).astype(np.float64)


train_concepts = ["%05d_thing%d" % (k + 1, k) for k in range(TRAIN_CONCEPTS) for _ in range(IMAGES_PER_CONCEPT)]
train_files = ["thing%d_%02db.jpg" % (k, j + 1) for k in range(TRAIN_CONCEPTS) for j in range(IMAGES_PER_CONCEPT)]
test_concepts = ["%05d_probe%d" % (k + 1, k) for k in range(TEST_CONCEPTS)]
test_files = ["probe%d_01s.jpg" % k for k in range(TEST_CONCEPTS)]
if "--short-metadata" in flags:
    train_concepts, train_files = train_concepts[:-1], train_files[:-1]
metadata = {
    "train_img_concepts": train_concepts,
    "train_img_concepts_THINGS": ["%05d_%s" % (2 * int(c[:5]), c[6:]) for c in train_concepts],
    "train_img_files": train_files,
    "test_img_concepts": test_concepts,
    "test_img_concepts_THINGS": ["%05d_%s" % (2 * int(c[:5]) + 1, c[6:]) for c in test_concepts],
    "test_img_files": test_files,
}
np.save(os.path.join(out, "image_metadata.npy"), metadata)

for subject in (1, 2):
    folder = os.path.join(out, "sub-%02d" % subject)
    os.makedirs(folder, exist_ok=True)
    train = eeg(subject, TRAIN_CONCEPTS * IMAGES_PER_CONCEPT, TRAIN_REPS)
    test = eeg(subject, TEST_CONCEPTS, TEST_REPS)
    if "--nan" in flags and subject == 2:
        test[1, 2, 3, 4] = np.nan
    np.save(os.path.join(folder, "preprocessed_eeg_training.npy"),
            {"preprocessed_eeg_data": train, "ch_names": CHANNELS, "times": times})
    np.save(os.path.join(folder, "preprocessed_eeg_test.npy"),
            {"preprocessed_eeg_data": test, "ch_names": CHANNELS, "times": times})

bank = {}
for n, (c, f) in enumerate(zip(metadata["train_img_concepts"] + metadata["test_img_concepts"],
                               metadata["train_img_files"] + metadata["test_img_files"])):
    layer, dim = np.meshgrid(np.arange(5), np.arange(8), indexing="ij")
    bank[(c, f)] = (n + layer * 0.25 + dim / 64.0).astype(np.float16)
if "--drop-feature" in flags:
    del bank[(metadata["test_img_concepts"][2], metadata["test_img_files"][2])]
feature_dir = os.path.join(out, "image_feature", "internvit_multilevel_20_24_28_32_36")
os.makedirs(feature_dir, exist_ok=True)
np.save(os.path.join(feature_dir, "internvit_features.npy"), bank)
for split, concepts, files in (("training_images", metadata["train_img_concepts"], metadata["train_img_files"]),
                               ("test_images", metadata["test_img_concepts"], metadata["test_img_files"])):
    for c, f in zip(concepts, files):
        os.makedirs(os.path.join(out, split, c), exist_ok=True)
        open(os.path.join(out, split, c, f), "wb").close()
