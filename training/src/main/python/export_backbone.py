"""Trace a Hugging Face vision model into a TorchScript backbone for `eegdecode features`.

The contract eegdecode expects (docs/features.md): forward(pixel_values) takes a float32 batch
(B, 3, H, W), already resized and normalised, and returns the tuple of hidden states in the
Hugging Face `output_hidden_states` convention: index 0 = embedding output, index l = block l,
each (B, tokens, D). This script wraps a model so that it does exactly that, traces it at the
model's input size, checks the trace against the eager model and saves it.

    # the seed's backbone (about 11 GB in float16; trace on a GPU with >= 24 GB)
    python export_backbone.py OpenGVLab/InternViT-6B-448px-V1-5 internvit6b.pt \\
        --dtype float16 --device cuda --trust-remote-code --no-flash-attn

    # any other Hugging Face vision model (local folder or hub id)
    python export_backbone.py facebook/dinov2-base dinov2b.pt --device cuda
    python export_backbone.py openai/clip-vit-large-patch14 clipL.pt --clip-vision

It prints the `eegdecode features` line to use: image_size, mean/std and the resize mode from the
model's image processor, and the number of hidden states (pick layer_ids among them).

Needs torch and transformers (and the model's own code for --trust-remote-code). Not run by the
tests: eegdecode's tests use a random ViT traced by random_vit.py instead.
"""
import argparse
import sys

import torch
from torch import nn

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


class HiddenStates(nn.Module):
    """The model's hidden states as a plain tuple; float32 in, the model's dtype inside."""

    def __init__(self, model, dtype):
        super().__init__()
        self.model = model
        self.dtype = dtype

    def forward(self, pixel_values):
        out = self.model(
            pixel_values=pixel_values.to(self.dtype), output_hidden_states=True, return_dict=True
        )
        return tuple(out.hidden_states)


def load(args):
    from transformers import AutoConfig, AutoModel

    kwargs = {"torch_dtype": DTYPES[args.dtype], "trust_remote_code": args.trust_remote_code}
    if args.no_flash_attn:
        # InternViT's flash-attention path cannot be traced; its plain attention can.
        config = AutoConfig.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
        config.use_flash_attn = False
        kwargs["config"] = config
    if args.clip_vision:
        from transformers import CLIPVisionModel

        model = CLIPVisionModel.from_pretrained(args.model, torch_dtype=DTYPES[args.dtype])
    else:
        model = AutoModel.from_pretrained(args.model, **kwargs)
    return model.eval().to(args.device)


def processor_settings(args):
    """image_size, mean, std, centre crop from the model's preprocessor_config.json, if any."""
    try:
        from transformers import AutoImageProcessor

        p = AutoImageProcessor.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    except Exception as e:  # noqa: BLE001 - a model without a processor config
        print(f"no image processor found ({e}); pass --image-size", file=sys.stderr)
        return None
    crop = getattr(p, "crop_size", None)
    resize = getattr(p, "size", None)
    edge = resize.get("shortest_edge") if isinstance(resize, dict) else resize
    size = (crop.get("height") if isinstance(crop, dict) else crop) or edge
    resample = {2: "bilinear", 3: "bicubic"}.get(int(getattr(p, "resample", 3)), "unsupported")
    return {
        "image_size": int(size),
        "shortest_edge": int(edge or size),
        "mean": list(p.image_mean),
        "std": list(p.image_std),
        "center_crop": bool(getattr(p, "do_center_crop", True)),
        "resize": resample,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="Hugging Face hub id or local folder")
    ap.add_argument("out", help="TorchScript file to write (.pt)")
    ap.add_argument("--image-size", type=int, help="input edge (default: the processor's)")
    ap.add_argument("--dtype", default="float32", choices=sorted(DTYPES))
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--trust-remote-code", action="store_true")
    ap.add_argument("--no-flash-attn", action="store_true", help="InternViT: plain attention")
    ap.add_argument("--clip-vision", action="store_true", help="CLIP: the vision tower only")
    args = ap.parse_args()

    settings = processor_settings(args) or {}
    size = args.image_size or settings.get("image_size")
    if not size:
        sys.exit("give --image-size: the model has no image processor config")
    model = load(args)
    wrapper = HiddenStates(model, DTYPES[args.dtype]).eval()
    example = torch.randn(2, 3, size, size, device=args.device)
    with torch.no_grad():
        traced = torch.jit.trace(wrapper, example, strict=False, check_trace=False)
        eager = wrapper(example)
        again = traced(torch.randn(3, 3, size, size, device=args.device))
        check = traced(example)
    assert isinstance(check, tuple) and len(check) == len(eager), "not a tuple of hidden states"
    worst = max(float((a.float() - b.float()).abs().max()) for a, b in zip(eager, check))
    assert again[0].shape[0] == 3, "the trace fixed the batch size"
    traced.save(args.out)

    n, tokens, width = len(eager), eager[0].shape[1], eager[0].shape[2]
    print(f"{args.out}: {n} hidden states (0 = embeddings, 1..{n - 1} = blocks), "
          f"{tokens} tokens of width {width}; trace vs eager max |diff| {worst:.3g}")
    line = [f"eegdecode features --backbone {args.out} --images DIR --out bank.npy",
            f"image_size={size}", "layer_ids=[...]"]
    if settings:
        if settings["resize"] == "unsupported":
            print("warning: the processor resamples with a filter eegdecode does not offer",
                  file=sys.stderr)
        if settings["shortest_edge"] != size:
            line.append(f"shortest_edge={settings['shortest_edge']}")
        line += [f"resize={settings['resize']}",
                 f"center_crop={str(settings['center_crop']).lower()}",
                 "mean=[" + ",".join(f"{v:g}" for v in settings["mean"]) + "]",
                 "std=[" + ",".join(f"{v:g}" for v in settings["std"]) + "]"]
    print(" ".join(line))


if __name__ == "__main__":
    main()
