"""Writes the fixture of the `eegdecode features` tests, with Debian's python3-pil and python3-torch.

Usage: /usr/bin/python3 make_features_fixture.py [OUTDIR]   (default: this script's folder)

Everything the Java tests compare against is computed here, never in Java:
  tiny_vit.pt          a random ViT (32x32 input, patch 8, width 32, 6 blocks, 4 heads), traced with
                       torch.jit.trace; returns the tuple of 7 hidden states (HF convention)
  images/<concept>/<file>   RGB PNG 45x29 (non-square), RGB JPEG 40x52, RGBA PNG 33x47, palette PNG,
                       grayscale PNG 64x48 and grayscale JPEG 50x35
  big.png              an RGB PNG 150x100 for larger resize factors
  decoded.npz          PIL's Image.open(f).convert("RGB") of every image, uint8 (H, W, 3),
                       key "<concept>__<file>"
  resize.npz           PIL resizes of the RGB PNG and big.png (see RESIZES), uint8 (H, W, 3)
  pixel_values.npy     float32 (6, 3, 32, 32): the images in listing order (concepts sorted, files
                       sorted) through the Hugging Face CLIPImageProcessor steps (convert RGB,
                       shortest edge -> 32 bicubic, centre crop 32, rescale 1/255, ImageNet mean/std)
  pixel_values_edge40.npy  the same with the shorter side resized to 40 before the 32 crop (as
                       DINOv2's processor does 256 -> 224)
  features.npy         float32 (6, 3, 32): hidden states 0, 3 and 6 of the eager model on
                       pixel_values, each the mean over all 17 tokens
  bank.npy             the same as the seed's bank: np.save of the dict {(concept, file): float16 (3, 32)}
  last_hidden_only.pt  the same model returning only its last hidden state (a tensor, not the tuple):
                       breaks the contract
  fixture.json         the settings above

transformers is not installed here (no PyPI), so its CLIPImageProcessor is mirrored step by step
(transformers' image_transforms.resize / center_crop / rescale / normalize): PIL resize of the
uint8 RGB image with reducing_gap=None; crop offsets (H - h) // 2; rescale in float64 then float32;
(x - mean) / std in float32.
"""
import io
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "main", "python"))
import random_vit  # noqa: E402  (training/src/main/python/random_vit.py)

OUT = sys.argv[1] if len(sys.argv) > 1 else HERE
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
SIZE = 32
LAYERS = [0, 3, 6]
RESIZES = {  # name: (source, (width, height), PIL filter)
    "rgb_bicubic_49x32": ("rgb", (49, 32), Image.BICUBIC),
    "rgb_bicubic_13x8": ("rgb", (13, 8), Image.BICUBIC),
    "rgb_bicubic_98x64": ("rgb", (98, 64), Image.BICUBIC),
    "rgb_bicubic_32x32": ("rgb", (32, 32), Image.BICUBIC),
    "rgb_bicubic_45x20": ("rgb", (45, 20), Image.BICUBIC),
    "rgb_bilinear_31x20": ("rgb", (31, 20), Image.BILINEAR),
    "big_bicubic_48x32": ("big", (48, 32), Image.BICUBIC),
    "big_bicubic_150x77": ("big", (150, 77), Image.BICUBIC),
    "big_bilinear_33x22": ("big", (33, 22), Image.BILINEAR),
}


def picture(w, h, seed, smooth=False):
    """A deterministic picture: gradients, a disc, stripes and (unless smooth) pixel noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 120 * np.sin(x / w * 3.1 + seed)
    g = 127 + 120 * np.cos(y / h * 4.3 - seed)
    b = 127 + 120 * np.sin((x + y) / (w + h) * 9.0)
    disc = (x - w * 0.4) ** 2 + (y - h * 0.6) ** 2 < (min(w, h) * 0.3) ** 2
    r[disc], g[disc], b[disc] = 240, 30, 60
    stripes = (x.astype(int) // 3) % 2 == 0
    b[stripes] *= 0.6
    img = np.stack([r, g, b], axis=-1)
    if not smooth:
        img += rng.normal(0, 18, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def save(img, path, **kw):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, **kw)


def hf_clip_preprocess(image, size, crop, resample=Image.BICUBIC):
    """transformers' CLIPImageProcessor.preprocess for one PIL image, step by step."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    arr = np.array(image)
    h, w = arr.shape[:2]
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    new_h, new_w = (new_long, new_short) if w <= h else (new_short, new_long)
    arr = np.array(Image.fromarray(arr).resize((new_w, new_h), resample=resample, reducing_gap=None))
    top, left = (new_h - crop) // 2, (new_w - crop) // 2
    arr = arr[top : top + crop, left : left + crop]
    x = (arr.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return x.transpose(2, 0, 1)


class LastHiddenOnly(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)[-1]


def main():
    images = os.path.join(OUT, "images")
    rgb = picture(45, 29, 1)
    files = {
        ("00001_aardvark", "aardvark_01b.png"): (Image.fromarray(rgb), {}),
        ("00001_aardvark", "aardvark_02s.jpg"): (
            Image.fromarray(picture(40, 52, 2, smooth=True)),
            {"quality": 90},
        ),
        ("00002_abacus", "abacus_01b.png"): (
            Image.fromarray(
                np.dstack([picture(33, 47, 3), np.linspace(0, 255, 33 * 47).reshape(47, 33).astype(np.uint8)])
            ),
            {},
        ),
        ("00002_abacus", "abacus_02s.png"): (
            Image.fromarray(picture(30, 30, 4)).quantize(colors=37),
            {},
        ),
        ("00003_accordion", "accordion_01b.png"): (Image.fromarray(picture(64, 48, 5)).convert("L"), {}),
        ("00003_accordion", "accordion_02s.jpg"): (
            Image.fromarray(picture(50, 35, 6, smooth=True)).convert("L"),
            {"quality": 85},
        ),
    }
    for (concept, name), (img, kw) in files.items():
        save(img, os.path.join(images, concept, name), **kw)
    big = picture(150, 100, 7)
    save(Image.fromarray(big), os.path.join(OUT, "big.png"))

    keys = sorted(files)
    decoded = {}
    for concept, name in keys:
        with Image.open(os.path.join(images, concept, name)) as im:
            decoded[f"{concept}__{name}"] = np.array(im.convert("RGB"))
    np.savez(os.path.join(OUT, "decoded.npz"), **decoded)

    sources = {"rgb": Image.fromarray(rgb), "big": Image.fromarray(big)}
    resized = {
        name: np.array(sources[src].resize(wh, resample=f, reducing_gap=None))
        for name, (src, wh, f) in RESIZES.items()
    }
    np.savez(os.path.join(OUT, "resize.npz"), **resized)

    pixels = []
    for concept, name in keys:
        with Image.open(os.path.join(images, concept, name)) as im:
            pixels.append(hf_clip_preprocess(im, SIZE, SIZE))
    pixels = np.stack(pixels).astype(np.float32)
    np.save(os.path.join(OUT, "pixel_values.npy"), pixels)
    edge40 = []
    for concept, name in keys:
        with Image.open(os.path.join(images, concept, name)) as im:
            edge40.append(hf_clip_preprocess(im, 40, SIZE))
    np.save(os.path.join(OUT, "pixel_values_edge40.npy"), np.stack(edge40).astype(np.float32))

    model = random_vit.build(image=SIZE, patch=8, width=32, depth=6, heads=4, mlp=64, seed=14)
    with torch.no_grad():
        hidden = model(torch.from_numpy(pixels))
        features = torch.stack([hidden[l].mean(dim=1) for l in LAYERS], dim=1).numpy()
        traced = random_vit.trace(model, SIZE)
        check = torch.stack([traced(torch.from_numpy(pixels))[l].mean(dim=1) for l in LAYERS], 1)
    assert np.allclose(check.numpy(), features, atol=1e-6), "the trace differs from the model"
    traced.save(os.path.join(OUT, "tiny_vit.pt"))
    last_only = LastHiddenOnly(model)
    with torch.no_grad():
        torch.jit.trace(last_only, torch.zeros(2, 3, SIZE, SIZE)).save(
            os.path.join(OUT, "last_hidden_only.pt")
        )
    np.save(os.path.join(OUT, "features.npy"), features.astype(np.float32))
    bank = {key: features[i].astype(np.float16) for i, key in enumerate(keys)}
    np.save(os.path.join(OUT, "bank.npy"), bank)

    with open(os.path.join(OUT, "fixture.json"), "w") as f:
        json.dump(
            {
                "image_size": SIZE,
                "mean": MEAN,
                "std": STD,
                "layer_ids": LAYERS,
                "hidden_states": len(hidden),
                "width": 32,
                "tokens": int(hidden[0].shape[1]),
                "order": [[c, n] for c, n in keys],
                "resizes": {k: [v[0], list(v[1]), int(v[2])] for k, v in RESIZES.items()},
                "torch": torch.__version__,
                "pillow": Image.__version__,
                "numpy": np.__version__,
            },
            f,
            indent=1,
        )
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
