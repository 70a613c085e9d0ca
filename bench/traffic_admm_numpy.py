#!/usr/bin/env python3
"""Network-lasso ADMM, side by side: fedsec's C++ solver against a straightforward NumPy
implementation of the same iteration on the same problem.

For each number of regions, runs bench/traffic_admm_bench (which writes the problem and its
models after the timed iterations), runs the same iterations here from x = z = u = 0, checks that
both end at the same models, and prints a Markdown table of median iterations per second of wall
time and of CPU time (the process's; on a shared machine the CPU-time figures do not depend on
the load). Both run on one thread: call it with OPENBLAS_NUM_THREADS=1.

    /usr/bin/python3 bench/traffic_admm_numpy.py --bench build/bench/traffic_admm_bench

The iteration (Hallac, Leskovec & Boyd, KDD 2015; as traffic/network_lasso.cpp): per node the
prox of the one-class SVM at the mean of (z - u) over its edge ends with step 1/(rho deg), solved
by exact dual coordinate ascent (Hsieh et al., ICML 2008) warm-started from the last call; per
edge the closed-form group soft-threshold; the dual update; the residuals of the stopping test.
Edge updates and residuals are vectorised over edges; the coordinate ascent is sequential by
nature, so it loops over coordinates with NumPy vector operations inside.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def read_problem(directory):
    with open(os.path.join(directory, "meta.txt")) as f:
        nodes, edges, rows, features, iterations = (int(t) for t in f.readline().split())
        lam, rho, nu, tol, eps_abs, eps_rel = (float.fromhex(t) for t in f.readline().split())
    data = np.fromfile(os.path.join(directory, "data.f64"), dtype="<f8").reshape(nodes, rows, features)
    ends = []
    with open(os.path.join(directory, "edges.txt")) as f:
        for line in f:
            a, b, w = line.split()
            ends.append((int(a), int(b), float.fromhex(w)))
    assert len(ends) == edges
    x_cpp = np.fromfile(os.path.join(directory, "x_cpp.f64"), dtype="<f8").reshape(nodes, features + 1)
    return dict(data=data, edges=ends, iterations=iterations, lam=lam, rho=rho, nu=nu, tol=tol, eps_abs=eps_abs,
                eps_rel=eps_rel, x_cpp=x_cpp)


class OneClassSvmProx:
    """argmin_x f(x) + sigma/2 ||x - v||^2 for the primal one-class SVM
    f(theta, r) = 1/2 ||theta||^2 - r + sum_j c_j max(0, r - theta . a_j), c_j = 1 / (nu m),
    through its box-constrained dual, keeping the dual variables between calls."""

    def __init__(self, a, nu, tol, seed):
        m = a.shape[0]
        self.a, self.tol = a, tol
        self.c = np.full(m, 1.0 / (nu * m))
        self.norms = np.einsum("ij,ij->i", a, a)
        self.alpha = np.zeros(m)
        self.w = np.zeros(a.shape[1])
        self.alpha_sum = 0.0
        self.rng = np.random.default_rng(seed)

    def prox(self, v, sigma, max_sweeps=5000):
        a, alpha, c = self.a, self.alpha, self.c
        d = a.shape[1]
        theta = (sigma * v[:d] + self.w) / (1.0 + sigma)
        r = v[d] + (1.0 - self.alpha_sum) / sigma
        curvature = self.norms / (1.0 + sigma) + 1.0 / sigma
        for _ in range(max_sweeps):
            max_violation = 0.0
            for j in self.rng.permutation(len(alpha)):
                g = r - a[j] @ theta
                if (alpha[j] <= 0.0 and g <= 0.0) or (alpha[j] >= c[j] and g >= 0.0):
                    continue
                max_violation = max(max_violation, abs(g))
                updated = min(max(alpha[j] + g / curvature[j], 0.0), c[j])
                delta = updated - alpha[j]
                if delta == 0.0:
                    continue
                alpha[j] = updated
                self.w += delta * a[j]
                self.alpha_sum += delta
                theta += (delta / (1.0 + sigma)) * a[j]
                r -= delta / sigma
            if max_violation <= self.tol:
                break
        return np.concatenate([(sigma * v[:d] + self.w) / (1.0 + sigma), [v[d] + (1.0 - self.alpha_sum) / sigma]])


def run_admm(problem):
    """The ADMM iterations from x = z = u = 0; returns the node models."""
    data, lam, rho = problem["data"], problem["lam"], problem["rho"]
    n, _, features = data.shape
    p = features + 1
    heads = np.array([e[0] for e in problem["edges"]])
    tails = np.array([e[1] for e in problem["edges"]])
    weights = np.array([e[2] for e in problem["edges"]])
    # End 2e belongs to the edge's first node, end 2e + 1 to its second.
    node_of_end = np.empty(2 * len(heads), dtype=int)
    node_of_end[0::2], node_of_end[1::2] = heads, tails
    ends_of_node = [np.flatnonzero(node_of_end == i) for i in range(n)]
    degree = np.array([len(e) for e in ends_of_node])
    nodes = [OneClassSvmProx(data[i], problem["nu"], problem["tol"], seed=i) for i in range(n)]
    x = np.zeros((n, p))
    z = np.zeros((2 * len(heads), p))
    u = np.zeros_like(z)
    for _ in range(problem["iterations"]):
        for i in range(n):
            v = (z[ends_of_node[i]] - u[ends_of_node[i]]).mean(axis=0)
            x[i] = nodes[i].prox(v, rho * degree[i])
        z_old = z.copy()
        a = x[heads] + u[0::2]
        b = x[tails] + u[1::2]
        gap = np.linalg.norm(a - b, axis=1)
        with np.errstate(divide="ignore"):
            theta = np.where(gap > 0, np.maximum(1.0 - lam * weights / (rho * gap), 0.5), 0.5)[:, None]
        z[0::2] = theta * a + (1.0 - theta) * b
        z[1::2] = (1.0 - theta) * a + theta * b
        u += x[node_of_end] - z
        # The stopping test (Boyd et al. 2011, section 3.3; with the benchmark's tolerances it never
        # passes, so both implementations run the same number of iterations).
        primal = np.linalg.norm(x[node_of_end] - z)
        dual = rho * np.linalg.norm(np.stack([(z - z_old)[e].sum(axis=0) for e in ends_of_node]))
        eps_primal = np.sqrt(z.size) * problem["eps_abs"] + problem["eps_rel"] * max(
            np.linalg.norm(x[node_of_end]), np.linalg.norm(z))
        eps_dual = np.sqrt(x.size) * problem["eps_abs"] + problem["eps_rel"] * rho * np.linalg.norm(
            np.stack([u[e].sum(axis=0) for e in ends_of_node]))
        if primal <= eps_primal and dual <= eps_dual:
            break
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", required=True, help="path of the built traffic_admm_bench")
    parser.add_argument("--regions", type=int, nargs="+", default=[5, 10, 20, 40, 80])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of the C++ solver per size")
    parser.add_argument("--numpy-repeats", type=int, default=1, help="timed runs of the NumPy one per size")
    parser.add_argument("--tolerance", type=float, default=1e-5,
                        help="largest allowed |x_numpy - x_cpp| / max(1, max |x_cpp|)")
    args = parser.parse_args()
    print("| regions | edges | C++ it/s | NumPy it/s | ratio | C++ it/CPU-s | NumPy it/CPU-s | ratio | "
          "max rel. difference |")
    print("|---|---|---|---|---|---|---|---|---|")
    failed = False
    for regions in args.regions:
        with tempfile.TemporaryDirectory() as directory:
            out = subprocess.run([args.bench, str(regions), str(args.iterations), str(args.repeats), directory],
                                 check=True, capture_output=True, text=True).stdout
            cpp = json.loads(out)
            problem = read_problem(directory)
        rates, cpu_rates = [], []
        for _ in range(args.numpy_repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            x = run_admm(problem)
            cpu_rates.append(problem["iterations"] / (time.process_time() - cpu_start))
            rates.append(problem["iterations"] / (time.perf_counter() - start))
        numpy_rate, numpy_cpu_rate = statistics.median(rates), statistics.median(cpu_rates)
        cpp_rate, cpp_cpu_rate = cpp["median_iterations_per_s"], cpp["median_iterations_per_cpu_s"]
        difference = np.abs(x - problem["x_cpp"]).max() / max(1.0, np.abs(problem["x_cpp"]).max())
        failed |= not difference <= args.tolerance
        print(f"| {regions} | {len(problem['edges'])} | {cpp_rate:.4g} | {numpy_rate:.4g} | "
              f"{cpp_rate / numpy_rate:.0f} | {cpp_cpu_rate:.4g} | {numpy_cpu_rate:.4g} | "
              f"{cpp_cpu_rate / numpy_cpu_rate:.0f} | {difference:.1e} |", flush=True)
    if failed:
        print(f"outputs differ by more than {args.tolerance}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
