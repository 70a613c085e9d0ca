#!/usr/bin/python3
"""fedsec against plain PyTorch: one gradient-inversion attack step, side by side.

Runs build/fedsec_inversion_bench and bench/pytorch_inversion_step.py alternately (ROUNDS times
each) and prints, per case and batch size, the median over rounds of each side's median
milliseconds per step and the ratio PyTorch / fedsec (> 1: fedsec is faster).
Usage: bench/compare_inversion.py [--bench build/bench/fedsec_inversion_bench] [--rounds 3] [--repeats 200]
"""
import argparse
import json
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return {(r["case"], r["batch"]): r["ms_per_step"] for r in map(json.loads, out.splitlines())}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bench", default=str(ROOT / "build" / "bench" / "fedsec_inversion_bench"))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeats", type=int, default=200)
    args = p.parse_args()
    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(run([args.bench, str(args.repeats)]))
        theirs.append(run(["/usr/bin/python3", str(ROOT / "bench" / "pytorch_inversion_step.py"), str(args.repeats)]))
    print(f"{'case':<14}{'batch':>6}{'fedsec ms':>12}{'PyTorch ms':>12}{'ratio':>8}")
    for key in ours[0]:
        a = statistics.median(r[key] for r in ours)
        b = statistics.median(r[key] for r in theirs)
        print(f"{key[0]:<14}{key[1]:>6}{a:>12.3f}{b:>12.3f}{b / a:>8.2f}")


if __name__ == "__main__":
    main()
