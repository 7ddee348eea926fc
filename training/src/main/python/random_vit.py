"""A plain ViT with random weights, traced to TorchScript under eegdecode's backbone contract.

For tests and benchmarks only (no pretrained weights): the module takes a float32 batch
(B, 3, H, W), already resized and normalised, and returns the tuple of hidden states in the
Hugging Face ``output_hidden_states`` convention: index 0 is the embedding output (patch
embeddings, CLS token, position embeddings), index l the output of block l; each (B, tokens, D).
Pre-LayerNorm blocks with exact GELU, attention written out (as Hugging Face's ViT does) so that
the trace holds only basic ops.

    python3 random_vit.py OUT.pt [--image 224] [--patch 16] [--width 768] [--depth 12]
                                 [--heads 12] [--mlp 3072] [--seed 0] [--device cpu|cuda]

Works with torch 1.13 (Debian's python3-torch) and torch 2.x.
"""
import argparse
import math

import torch
from torch import nn
from torch.nn import functional as F


class Block(nn.Module):
    def __init__(self, width, heads, mlp):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(width // heads)
        self.ln1 = nn.LayerNorm(width, eps=1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, mlp)
        self.fc2 = nn.Linear(mlp, width)

    def forward(self, x):
        b, t, d = x.shape
        h = self.heads
        qkv = self.qkv(self.ln1(x)).reshape(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.softmax(q @ k.transpose(-2, -1) * self.scale, dim=-1)
        x = x + self.proj((attn @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class RandomViT(nn.Module):
    def __init__(self, image=224, patch=16, width=768, depth=12, heads=12, mlp=3072):
        super().__init__()
        tokens = (image // patch) ** 2 + 1
        self.patch = nn.Conv2d(3, width, patch, patch)
        self.cls = nn.Parameter(torch.randn(1, 1, width))
        self.pos = nn.Parameter(torch.randn(1, tokens, width) * 0.5)
        self.blocks = nn.ModuleList([Block(width, heads, mlp) for _ in range(depth)])

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        hidden = [x]
        for block in self.blocks:
            x = block(x)
            hidden.append(x)
        return tuple(hidden)


def build(image, patch, width, depth, heads, mlp, seed):
    torch.manual_seed(seed)
    return RandomViT(image, patch, width, depth, heads, mlp).eval()


def trace(model, image, device="cpu", batch=2):
    """TorchScript by tracing at batch 2 (the batch size stays free)."""
    example = torch.zeros(batch, 3, image, image, device=device)
    with torch.no_grad():
        return torch.jit.trace(model.to(device), example)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--image", type=int, default=224)
    p.add_argument("--patch", type=int, default=16)
    p.add_argument("--width", type=int, default=768)
    p.add_argument("--depth", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--mlp", type=int, default=3072)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    model = build(a.image, a.patch, a.width, a.depth, a.heads, a.mlp, a.seed)
    traced = trace(model, a.image, a.device)
    traced.save(a.out)
    print(f"{a.out}: {a.depth} blocks, width {a.width}, {(a.image // a.patch) ** 2 + 1} tokens")


if __name__ == "__main__":
    main()
