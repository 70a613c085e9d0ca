#!/usr/bin/python3
"""Scale benchmark: time per round and peak memory against the total number of clients and the
number of clients per round. Runs `fedsec run` on the MLP with IID shards (10,000 clients hold 6
samples each) and prints one row per setting. Usage: bench/scale.py [--fedsec build/fedsec]
"""
import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [(100, 10), (1000, 10), (10000, 10), (1000, 100), (10000, 100)]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--fedsec", default=str(ROOT / "build" / "fedsec"))
    p.add_argument("--rounds", type=int, default=20)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fedsec_scale_"))
    print(f"{'clients':>8} {'per round':>9} {'median s/round':>15} {'peak RSS MB':>12}")
    for clients, per_round in SETTINGS:
        out = work / f"{clients}-{per_round}"
        subprocess.run([args.fedsec, "run", str(ROOT / "configs" / "quickstart.yaml"), "model.name=mlp",
                        "partition.name=iid", f"partition.num_clients={clients}",
                        f"federation.clients_per_round={per_round}", f"federation.rounds={args.rounds}",
                        "federation.eval_every=100000", "--out", str(out), "--quiet"],
                       check=True, capture_output=True)
        with open(out / "rounds.jsonl") as f:
            seconds = [json.loads(line)["wall_seconds"] for line in f][:-1]
        summary = json.loads((out / "summary.json").read_text())
        print(f"{clients:8d} {per_round:9d} {statistics.median(seconds):15.4f} {summary['peak_rss_mb']:12.0f}")


if __name__ == "__main__":
    main()
