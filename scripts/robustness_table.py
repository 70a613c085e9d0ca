#!/usr/bin/python3
"""Markdown tables of final test accuracy from a robustness sweep's results.csv.

One table per partition: a row per aggregator, the clean run (f = 0) first, then each attack as
"f=1 / f=3". Usage: scripts/robustness_table.py runs/robustness/results.csv
"""
import sys

import pandas as pd

ATTACK_ORDER = ["sign_flip", "label_flip", "gaussian", "alie", "ipm", "min_max", "min_sum", "mimic"]


def accuracy(value):
    return "-" if pd.isna(value) else f"{100 * value:.1f}"


def table(cells):
    rules = list(dict.fromkeys(cells["server.aggregator"]))
    attacks = [a for a in ATTACK_ORDER if a in set(cells["attack.behaviour"])]
    header = "| rule | clean | " + " | ".join(attacks) + " |"
    lines = [header, "|" + "---|" * (2 + len(attacks))]
    for rule in rules:
        own = cells[cells["server.aggregator"] == rule]
        clean = own[own["attack.num_clients"] == 0]["final_test_accuracy"]
        row = [rule, accuracy(clean.iloc[0] if len(clean) else float("nan"))]
        for attack in attacks:
            by_f = own[own["attack.behaviour"] == attack].set_index("attack.num_clients")["final_test_accuracy"]
            row.append(" / ".join(accuracy(by_f.get(f, float("nan"))) for f in sorted(by_f.index)))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: robustness_table.py RESULTS.csv")
    results = pd.read_csv(sys.argv[1])
    for partition, cells in results.groupby("partition.name", sort=False):
        print(f"\n**{partition}** (final test accuracy, %; attacks as f=1 / f=3)\n")
        print(table(cells))


if __name__ == "__main__":
    main()
