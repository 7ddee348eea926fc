"""Independent float64 numpy reference for the SUPAEEG losses (eegdecode's LossReferenceTest).

Usage: loss_reference.py INPUT.json  ->  JSON on stdout

INPUT: {"schedule": {"stage1_epochs", "mmd_start", "mmd_end", "epochs": [...]},
        "cases": [{"name", "eeg": [[...]], "img": [[...]], "scale", "bandwidths": [...]}]}
For each case: symmetric InfoNCE and its gradients (eeg, img, scale), the unbiased multi-kernel
RBF MMD^2 (raw and clamped at 0) and its gradients, and the staged total loss per epoch.
"""
import json
import sys

import numpy as np


def log_softmax(a, axis):
    m = a.max(axis=axis, keepdims=True)
    return a - m - np.log(np.exp(a - m).sum(axis=axis, keepdims=True))


def info_nce(e, i, scale):
    n = e.shape[0]
    sim = e @ i.T
    logits = scale * sim
    idx = np.arange(n)
    lr = log_softmax(logits, 1)
    lc = log_softmax(logits, 0)
    loss = 0.5 * (-lr[idx, idx].mean() - lc[idx, idx].mean())
    eye = np.eye(n)
    g = 0.5 * ((np.exp(lr) - eye) / n + (np.exp(lc) - eye) / n)  # dL/dlogits
    return loss, scale * g @ i, scale * g.T @ e, float((g * sim).sum())


def rbf(a, b, bandwidths):
    diff = a[:, None, :] - b[None, :, :]
    d2 = (diff ** 2).sum(-1)
    k = np.zeros_like(d2)
    dk = np.zeros_like(diff)  # d k(a_p, b_q) / d a_p
    for s in bandwidths:
        ks = np.exp(-d2 / (2.0 * s * s))
        k += ks
        dk += -(ks / (s * s))[:, :, None] * diff
    return k, dk


def mmd(x, y, bandwidths):
    n, m = x.shape[0], y.shape[0]
    kxx, dxx = rbf(x, x, bandwidths)
    kyy, dyy = rbf(y, y, bandwidths)
    kxy, dxy = rbf(x, y, bandwidths)
    off_x = 1.0 - np.eye(n)
    off_y = 1.0 - np.eye(m)
    raw = ((kxx * off_x).sum() / (n * (n - 1))
           + (kyy * off_y).sum() / (m * (m - 1))
           - 2.0 * kxy.sum() / (n * m))
    # k is symmetric, so each off-diagonal pair counts twice for its first argument.
    gx = 2.0 * (dxx * off_x[:, :, None]).sum(1) / (n * (n - 1)) - 2.0 * dxy.sum(1) / (n * m)
    gy = 2.0 * (dyy * off_y[:, :, None]).sum(1) / (m * (m - 1)) + 2.0 * dxy.sum(0) / (n * m)
    if raw < 0:
        gx, gy = np.zeros_like(gx), np.zeros_like(gy)
    return max(raw, 0.0), raw, gx, gy


def weight(epoch, stage1, start, end):
    if epoch > stage1:
        return 0.0
    if stage1 == 1:
        return start
    return start + (end - start) * (epoch - 1) / (stage1 - 1)


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    sched = spec["schedule"]
    out = {"numpy": np.__version__, "weights": {}, "cases": {}}
    for epoch in sched["epochs"]:
        out["weights"][str(epoch)] = weight(
            epoch, sched["stage1_epochs"], sched["mmd_start"], sched["mmd_end"])
    for case in spec["cases"]:
        e = np.array(case["eeg"], dtype=np.float64)
        i = np.array(case["img"], dtype=np.float64)
        bw = [float(b) for b in case["bandwidths"]]
        value, raw, gx, gy = mmd(e, i, bw)
        result = {"mmd": value, "mmd_raw": raw, "mmd_grad_x": gx.tolist(), "mmd_grad_y": gy.tolist()}
        if e.shape == i.shape:  # InfoNCE needs pairs
            nce, ge, gi, gs = info_nce(e, i, float(case["scale"]))
            total = {}
            for ep in sched["epochs"]:
                w = out["weights"][str(ep)]
                total[str(ep)] = w * value + (1.0 - w) * nce if ep <= sched["stage1_epochs"] else nce
            result.update({
                "infonce": nce,
                "infonce_grad_eeg": ge.tolist(),
                "infonce_grad_img": gi.tolist(),
                "infonce_grad_scale": gs,
                "total": total,
            })
        out["cases"][case["name"]] = result
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
