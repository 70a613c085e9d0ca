#!/usr/bin/python3
"""Aggregation rules side by side: fedsec against a plain PyTorch implementation of the same
definitions, and both against the cost floor of this machine.

Runs build/bench/fedsec_aggregator_bench (one intra-op thread), which times each rule on seeded
n x d float32 inputs and writes the inputs and outputs as .npy. Then times the straightforward
PyTorch version below on the same inputs (one thread, median of --reps runs after a warm-up),
checks that the outputs agree, and prints a Markdown table. The floor is one pass over the input
(x.sum(0)) for coordinate-wise rules and for each Weiszfeld or clipping iteration, and one n x n
Gram product (x x^T) for the distance- and subspace-based rules.

Usage: bench/compare_aggregators.py [--bench build/bench/fedsec_aggregator_bench] [--n 15,100]
       [--d 100000,1000000] [--reps 5] [--rules mean,median,...]
"""
import argparse
import csv
import io
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
NU, TAU, GM_ITERATIONS, CC_ITERATIONS = 1e-6, 10.0, 3, 3


def cw_median(x):
    s = x.sort(0).values
    n = x.shape[0]
    return (s[(n - 1) // 2] + s[n // 2]) / 2


def trimmed_mean(x, f):
    return x.sort(0).values[f:x.shape[0] - f].mean(0)


def meamed(x, f):
    med = cw_median(x)
    idx = (x - med).abs().topk(x.shape[0] - f, dim=0, largest=False).indices
    return x.gather(0, idx).mean(0)


def krum_scores(x, f):
    d2 = torch.cdist(x, x) ** 2
    k = max(x.shape[0] - f - 2, 0)
    return d2.sort(1).values[:, 1:k + 1].sum(1)  # column 0 is the zero self-distance


def krum(x, f):
    return x[krum_scores(x, f).argmin()]


def multi_krum(x, f):
    return x[krum_scores(x, f).topk(x.shape[0] - f, largest=False).indices].mean(0)


def bulyan(x, f):
    remaining = list(range(x.shape[0]))
    selected = []
    for _ in range(x.shape[0] - 2 * f):
        best = int(krum_scores(x[remaining], f).argmin())
        selected.append(remaining.pop(best))
    return meamed(x[selected], 2 * f)


def geometric_median(x, f):
    z = x.mean(0)
    for _ in range(GM_ITERATIONS):  # tolerance 0: every iteration runs
        dist = (x - z).norm(dim=1).double()
        beta = 1 / dist.clamp_min(NU)
        z = ((beta / beta.sum()).float()[:, None] * x).sum(0)
    return z


def centered_clipping(x, f):
    v = torch.zeros(x.shape[1])
    for _ in range(CC_ITERATIONS):
        diff = x - v
        scale = (TAU / diff.norm(dim=1)).clamp_max(1)
        v = v + (scale[:, None] * diff).mean(0)
    return v


def flag(x, f, iterations=4, eps=1e-7):
    """The official code's form (lambda = 0): IRLS with a thin SVD of the d x n weighted unit updates."""
    n = x.shape[0]
    m = (n + 1) // 2
    u = (x / x.norm(dim=1, keepdim=True)).double().T
    cost = lambda p: (1 - (p ** 2).sum(0)).clamp_min(0).sqrt().sum().item()
    p = torch.zeros(m, n, dtype=torch.float64)
    previous, y = cost(p), None
    for k in range(1, iterations + 1):
        a = ((1 - (p ** 2).sum(0)).abs() + eps) ** -0.5
        left = torch.linalg.svd(u * a.sqrt(), full_matrices=False).U[:, :m]
        nxt = left.T @ u
        value = cost(nxt)
        if k > 1 and value >= previous:
            break
        y, p = left, nxt
        if previous - value <= 1e-10 or value <= 1e-10:
            break
        previous = value
    return (y @ (y.T @ u.sum(1)) / m).float()


def nnm_mean(x, f):
    n = x.shape[0]
    d2 = torch.cdist(x, x) ** 2
    idx = d2.topk(n - f, dim=1, largest=False).indices
    w = torch.zeros(n, n).scatter_(1, idx, 1.0 / (n - f))
    return (w @ x).mean(0)


REFERENCE = {
    "mean": lambda x, f: x.mean(0), "median": lambda x, f: cw_median(x), "trimmed_mean": trimmed_mean,
    "meamed": meamed, "krum": krum, "multi_krum": multi_krum, "bulyan": bulyan,
    "geometric_median": geometric_median, "centered_clipping": centered_clipping, "flag": flag,
    "nnm+mean": nnm_mean,
}
FLOOR = {"median": "pass", "trimmed_mean": "pass", "meamed": "pass", "geometric_median": "pass",
         "centered_clipping": "pass", "mean": "pass", "krum": "gram", "multi_krum": "gram", "bulyan": "gram",
         "flag": "gram", "nnm+mean": "gram"}
TARGET = {"median": 5, "trimmed_mean": 5, "meamed": 5, "geometric_median": 5, "krum": 2, "multi_krum": 2,
          "bulyan": 2, "flag": 2}


def median_time(fn, reps):
    """Median seconds of reps calls; the caller has already called fn once (the agreement check), which
    serves as the warm-up."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bench", default=str(ROOT / "build" / "bench" / "fedsec_aggregator_bench"))
    p.add_argument("--n", default="15,100")
    p.add_argument("--d", default="100000,1000000")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--rules", default="", help="comma-separated rules to run (default: all)")
    args = p.parse_args()
    torch.set_num_threads(1)
    work = Path(tempfile.mkdtemp(prefix="fedsec_aggregators_"))
    command = [args.bench, "--dir", str(work), "--n", args.n, "--d", args.d, "--reps", str(args.reps)]
    if args.rules:
        command += ["--rules", args.rules]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print("| rule | n | d | f | fedsec s | PyTorch s | PyTorch / fedsec | floor | floor s | fedsec / floor "
          "| target | outputs agree |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    inputs = {}
    for row in csv.DictReader(io.StringIO(out)):
        rule, n, d, f = row["rule"], int(row["n"]), int(row["d"]), int(row["f"])
        tag = f"n{n}_d{d}"
        if tag not in inputs:
            inputs.clear()
            inputs[tag] = torch.from_numpy(np.load(work / f"x_{tag}.npy"))
        x = inputs[tag]
        ours = torch.from_numpy(np.load(work / f"out_{rule}_{tag}.npy"))
        reference = REFERENCE[rule](x, f)
        scale = float(x.abs().max())
        agree = torch.allclose(ours, reference.float(), rtol=1e-3, atol=1e-4 * scale)
        ref_seconds = median_time(lambda: REFERENCE[rule](x, f), args.reps)
        seconds, iterations = float(row["seconds"]), int(row["iterations"])
        floor_name = FLOOR[rule]
        floor = float(row["pass_seconds"] if floor_name == "pass" else row["gram_seconds"])
        ratio = seconds / iterations / floor
        per = " per iteration" if iterations > 1 else ""
        target = f"{TARGET[rule]}x{per}" if rule in TARGET else "-"
        print(f"| {rule} | {n} | {d} | {f} | {seconds:.4f} | {ref_seconds:.4f} | {ref_seconds / seconds:.1f} | "
              f"{floor_name} | {floor:.4f} | {ratio:.2f}{per} | {target} | {'yes' if agree else 'NO'} |",
              flush=True)


if __name__ == "__main__":
    main()
