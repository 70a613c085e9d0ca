#!/usr/bin/python3
"""Markdown tables of gradient-inversion results from `fedsec attack invert` output directories.

  scripts/inversion_table.py attacks DIR [DIR ...]
      one row per method over the images of all DIRs (their metrics.csv files together): mean PSNR,
      SSIM, label accuracy, gradient loss and seconds (per attacked batch); GIFD's stages as extra
      rows, each with how often the gradient loss selected it.
  scripts/inversion_table.py sweep SWEEP_DIR [SWEEP_DIR ...] KEY
      one row per value of the swept KEY over `fedsec sweep` runs of inversion configs (each
      SWEEP_DIR/results.csv and its cells' metrics.csv; runs over other images add theirs), one
      column per method: mean PSNR / SSIM.
  scripts/inversion_table.py depth DIR [DIR ...]
      GIFD's output for every last stage K up to the run's: per batch the stage in 0..K with the
      lowest gradient loss (GIFD's own rule; each stage's candidate does not depend on later
      stages), mean PSNR / SSIM over the images. K = 0 is the latent-only attack (GIFD's stage 0
      is `latent_adam`, bit for bit).
"""
import math
import sys
from pathlib import Path

import pandas as pd

METHOD_NAMES = {"dlg": "DLG", "idlg": "iDLG", "ig": "Inverting Gradients", "latent_adam": "latent only",
                "ggl": "GGL", "gifd": "GIFD (selected stage)"}


def metrics(dirs):
    """All rows of the DIRs' metrics.csv files; `batch` renumbered so that batches of different DIRs differ."""
    tables = [pd.read_csv(Path(d) / "metrics.csv") for d in dirs]
    offset = 0
    for table in tables:
        table["batch"] += offset
        offset = int(table["batch"].max()) + 1
    return pd.concat(tables, ignore_index=True)


def per_method(rows):
    """Mean of each selected output per method, and each GIFD stage as 'gifd stage k'."""
    chosen = rows[rows["selected"] == 1].copy()
    chosen["row"] = chosen["method"]
    stages = rows[(rows["method"] == "gifd")].copy()
    stages = stages.sort_values("stage", kind="stable")
    stages["row"] = "gifd stage " + stages["stage"].astype(int).astype(str)
    both = pd.concat([chosen, stages])
    return both.groupby("row", sort=False).agg(images=("psnr", "size"), psnr=("psnr", "mean"),
                                               ssim=("ssim", "mean"), labels=("label_correct", "mean"),
                                               loss=("gradient_loss", "mean"), selected=("selected", "sum"),
                                               seconds=("seconds", "mean"))


def attacks_table(dirs):
    table = per_method(metrics(dirs))
    lines = ["| method | images | PSNR (dB) | SSIM | label accuracy | mean gradient loss | seconds per image |",
             "|---|---|---|---|---|---|---|"]
    for name, r in table.iterrows():
        label = METHOD_NAMES.get(name, name)
        if name.startswith("gifd stage"):
            label += f" (selected {int(r.selected)}x)"
        lines.append(f"| {label} | {int(r.images)} | {r.psnr:.2f} | {r.ssim:.3f} | {100 * r.labels:.0f} % | "
                     f"{r.loss:.3f} | {r.seconds:.1f} |")
    return "\n".join(lines)


def depth_table(dirs):
    rows = metrics(dirs)
    stages = rows[rows["method"] == "gifd"].copy()
    stages["rank"] = stages["gradient_loss"].map(lambda v: math.inf if math.isnan(v) else v)
    lines = ["| last stage K | images | GIFD PSNR (dB) | GIFD SSIM | stages selected (0..K) |", "|---|---|---|---|---|"]
    for depth in range(int(stages["stage"].max()) + 1):
        allowed = stages[stages["stage"] <= depth].sort_values(["batch", "rank", "stage"], kind="stable")
        chosen_stage = allowed.groupby("batch")["stage"].first()
        chosen = allowed[allowed["stage"] == allowed["batch"].map(chosen_stage)]
        counts = chosen.groupby("stage")["batch"].nunique().reindex(range(depth + 1), fill_value=0)
        lines.append(f"| {depth} | {len(chosen)} | {chosen.psnr.mean():.2f} | {chosen.ssim.mean():.3f} | "
                     + " / ".join(str(c) for c in counts) + " batches |")
    return "\n".join(lines)


def sweep_table(sweep_dirs, key):
    """One row per value of KEY; sweeps over the same grid on different images add their images."""
    cells_by_value = {}
    for sweep_dir in map(Path, sweep_dirs):
        for _, cell in pd.read_csv(sweep_dir / "results.csv").iterrows():
            cells_by_value.setdefault(cell[key], []).append(sweep_dir / "cells" / cell["cell"])
    tables = {}
    for value, cell_dirs in cells_by_value.items():
        table = per_method(metrics(cell_dirs))
        tables[value] = table[~table.index.str.startswith("gifd stage")]
    methods = list(dict.fromkeys(m for t in tables.values() for m in t.index))
    out = [f"| {key} | images | " + " | ".join(METHOD_NAMES.get(m, m) for m in methods) + " |",
           "|---|---|" + "---|" * len(methods)]
    for value, table in tables.items():
        cols = [f"{table.loc[m, 'psnr']:.2f} / {table.loc[m, 'ssim']:.3f}" if m in table.index else "-"
                for m in methods]
        images = int(table["images"].max()) if len(table) else 0
        out.append(f"| {value} | {images} | " + " | ".join(cols) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "attacks":
        print(attacks_table(sys.argv[2:]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "depth":
        print(depth_table(sys.argv[2:]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "sweep":
        print(sweep_table(sys.argv[2:-1], sys.argv[-1]))
    else:
        sys.exit(__doc__)
