#!/usr/bin/python3
"""fedsec against plain PyTorch: time per FedAvg round on the identical setup, side by side.

For each model it runs `fedsec run` (one worker thread, one intra-op thread), then
bench/pytorch_fedavg.py with the same partition (`fedsec partition`), the same participants per
round (the run's rounds.jsonl), batch size, learning rate, epochs and one thread. Both report the
median seconds per round of training (the evaluation round is left out). Prints a table with the
ratio baseline / fedsec. Usage: bench/compare_pytorch.py [--fedsec build/fedsec] [--rounds N]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = {  # model: rounds
    "logreg": 30,
    "mlp": 20,
    "convnet": 10,
}


def run(cmd):
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return result.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--fedsec", default=str(ROOT / "build" / "fedsec"))
    p.add_argument("--rounds", type=int, default=0, help="rounds per model (default: 30/20/10)")
    p.add_argument("--models", default="logreg,mlp,convnet")
    args = p.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fedsec_compare_"))
    common = ["partition.name=dirichlet", "partition.alpha=0.5", "partition.num_clients=100",
              "federation.clients_per_round=10", "client.epochs=1", "client.batch_size=32", "client.lr=0.05",
              "federation.threads=1", "federation.eval_every=100000"]
    rows = []
    for model in args.models.split(","):
        rounds = args.rounds or SETUP[model]
        overrides = common + [f"model.name={model}", f"federation.rounds={rounds}"]
        config = ROOT / "configs" / "quickstart.yaml"
        out = work / model
        run([args.fedsec, "partition", str(config), *overrides, "--out", str(work / f"{model}-partition.json")])
        run([args.fedsec, "run", str(config), *overrides, "--out", str(out), "--quiet"])
        with open(out / "rounds.jsonl") as f:
            fedsec_rounds = [json.loads(line)["wall_seconds"] for line in f][:-1]  # last round evaluates
        fedsec_median = statistics.median(fedsec_rounds)
        baseline = json.loads(run([sys.executable, str(ROOT / "bench" / "pytorch_fedavg.py"), "--model", model,
                                   "--partition", str(work / f"{model}-partition.json"),
                                   "--rounds-jsonl", str(out / "rounds.jsonl"), "--batch-size", "32",
                                   "--lr", "0.05", "--epochs", "1", "--threads", "1"]))
        rows.append((model, rounds, baseline["median_seconds_per_round"], fedsec_median))

    print(f"{'model':8} {'rounds':>6} {'pytorch s/round':>16} {'fedsec s/round':>15} {'speedup':>8}")
    for model, rounds, base, ours in rows:
        print(f"{model:8} {rounds:6d} {base:16.4f} {ours:15.4f} {base / ours:7.2f}x")
    print(f"(GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '')!r}; files in {work})")


if __name__ == "__main__":
    main()
