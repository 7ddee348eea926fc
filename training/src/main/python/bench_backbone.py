"""Plain-PyTorch throughput of a TorchScript backbone: the baseline for `eegdecode features`.

Measures, on the same module and device, what eegdecode does per batch without Java: a float32
batch copied from host memory to the device, forward, the chosen hidden states mean-pooled over
tokens, the result copied back. Optionally (--images, needs Pillow and numpy) the whole pipeline as
the seed's Python runs it: Pillow decode, the CLIPImageProcessor steps, forward, pooling.

    python bench_backbone.py --backbone vitb16.pt --image-size 224 --layers 4,6,8,10,12 \\
        [--batch 64] [--device cuda] [--seconds 10] [--images DIR [--images DIR]] [--threads N]

Prints one JSON line: images_per_s (forward only), the per-batch p50/p99 in ms, and
pipeline_images_per_s with --images. Works with torch 1.13 and 2.x.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch


def pooled(module, x, layers):
    hidden = module(x)
    return torch.stack([hidden[i].float().mean(dim=1) for i in layers], dim=1)


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def forward_only(module, args, layers):
    host = torch.randn(args.batch, 3, args.image_size, args.image_size)
    times = []
    with torch.no_grad():
        for _ in range(3):  # warm-up: CUDA context, cuDNN, the JIT's profiling runs
            pooled(module, host.to(args.device), layers).cpu()
        sync(args.device)
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline or len(times) < 5:
            t = time.perf_counter()
            pooled(module, host.to(args.device), layers).cpu()  # .cpu() waits for the device
            times.append(time.perf_counter() - t)
    times.sort()
    return {
        "images_per_s": round(args.batch * len(times) / sum(times), 1),
        "batch_ms_p50": round(1e3 * statistics.median(times), 3),
        "batch_ms_p99": round(1e3 * times[min(len(times) - 1, int(0.99 * len(times)))], 3),
        "batches": len(times),
    }


def pipeline(module, args, layers):
    """The seed's way in Python: Pillow + numpy preprocessing, then the same forward."""
    import numpy as np
    from PIL import Image

    files = []
    for d in args.images:
        for concept in sorted(os.listdir(d)):
            cdir = os.path.join(d, concept)
            if os.path.isdir(cdir):
                files += [os.path.join(cdir, f) for f in sorted(os.listdir(cdir))
                          if f.lower().endswith((".jpg", ".jpeg", ".png"))]
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
    size = args.image_size

    def prep(path):
        with Image.open(path) as im:
            im = im.convert("RGB")
            w, h = im.size
            short, long = (w, h) if w <= h else (h, w)
            nl = int(size * long / short)
            nw, nh = (size, nl) if w <= h else (nl, size)
            arr = np.array(im.resize((nw, nh), resample=Image.BICUBIC, reducing_gap=None))
        top, left = (nh - size) // 2, (nw - size) // 2
        arr = arr[top:top + size, left:left + size]
        x = (arr.astype(np.float64) * (1 / 255)).astype(np.float32)
        return ((x - mean) / std).transpose(2, 0, 1)

    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(files), args.batch):
            batch = torch.from_numpy(np.stack([prep(f) for f in files[i:i + args.batch]]))
            pooled(module, batch.to(args.device), layers).cpu()
    seconds = time.perf_counter() - start
    return {"pipeline_images": len(files),
            "pipeline_images_per_s": round(len(files) / seconds, 1),
            "pipeline_seconds": round(seconds, 3)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backbone", required=True)
    ap.add_argument("--image-size", type=int, required=True)
    ap.add_argument("--layers", required=True, help="comma-separated hidden-state indices")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: default)")
    ap.add_argument("--images", action="append", default=[])
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    layers = [int(v) for v in args.layers.split(",")]
    module = torch.jit.load(args.backbone, map_location=args.device).eval()
    out = {"backbone": args.backbone, "device": args.device, "batch": args.batch,
           "image_size": args.image_size, "torch": torch.__version__,
           "threads": torch.get_num_threads()}
    out.update(forward_only(module, args, layers))
    if args.images:
        try:
            out.update(pipeline(module, args, layers))
        except ImportError as e:
            out["pipeline_error"] = f"{e}"
    print(json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
