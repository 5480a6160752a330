#!/usr/bin/env python3
"""GFLOP/s of the E-step's matrix products against a plain BLAS dgemm of the same shape.

The ceiling ("roof") is what OpenBLAS dgemm reaches on this machine for the E-step shape
(N persons × J items by J × Q nodes, and Xᵀ·W back to J × Q), measured by the BLASProducts suite. The
E-step side is what the calibration engine achieves: its matrix-product flops (2 products of 2·N·J·Q)
divided by the measured time of one E-step. An E-step also evaluates exp/log over N × Q values, so it
cannot reach the roof; the ratio shows how much of its time the products account for.

    # plain gemm side: runs `swift package --disable-sandbox benchmark --target BLASProducts --format jmh`
    python3 Benchmarks/compare/roofline.py
    # reuse an export instead of running the suite
    python3 Benchmarks/compare/roofline.py --jmh Benchmarks/compare/.work/roofline/Current_run.jmh.json
    # add the E-step timing (milliseconds per E-step at N, J, Q)
    python3 Benchmarks/compare/roofline.py --estep-ms 95 --persons 100000 --items 100 --nodes 61

Benchmarks whose name starts with "E-step" in the same JMH export (a later Calibration suite) are
picked up too; their shape is read from "NxJxQ" in the name (e.g. "E-step-2pl-100000x100x61").
Only the standard library is needed.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.abspath(os.path.join(HERE, ".."))


def run_suite(out_dir: str, targets: list[str]) -> str:
    os.makedirs(out_dir, exist_ok=True)
    cmd = ["swift", "package", "--disable-sandbox", "benchmark"]
    for t in targets:
        cmd += ["--target", t]
    cmd += ["--filter", "dgemm.*", "--filter", "E-step.*", "--format", "jmh", "--path", out_dir, "--no-progress"]
    print("# " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=BENCH, check=True)
    files = sorted(glob.glob(os.path.join(out_dir, "*.jmh.json")), key=os.path.getmtime)
    if not files:
        raise SystemExit(f"no .jmh.json written under {out_dir}")
    return files[-1]


def metric(element: dict, name: str):
    m = (element.get("secondaryMetrics") or {}).get(name)
    if m is None and name == "throughput":
        m = element.get("primaryMetric")
    if not m:
        return None
    values = [v for row in m.get("rawData", []) for v in row]
    return values or None


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jmh", help="a JMH export of the BLASProducts suite (default: run it now)")
    p.add_argument("--out-dir", default=os.path.join(HERE, ".work", "roofline"))
    p.add_argument("--targets", default="BLASProducts",
                   help="suites to run when no --jmh is given (add CalibrationSuite once it has E-step benchmarks)")
    p.add_argument("--estep-ms", type=float, action="append", default=[],
                   help="milliseconds of one E-step (repeatable; shape from --persons/--items/--nodes)")
    p.add_argument("--persons", type=int, default=100_000)
    p.add_argument("--items", type=int, default=100)
    p.add_argument("--nodes", type=int, default=61)
    p.add_argument("--products", type=int, default=2, help="matrix products per E-step (default 2)")
    args = p.parse_args(argv)

    path = args.jmh or run_suite(args.out_dir, args.targets.split(","))
    with open(path) as f:
        elements = json.load(f)

    plain = []
    esteps = []
    for e in elements:
        name = e["benchmark"].split(".", 3)[-1].replace("_", " ")
        if name.startswith("dgemm"):
            mf = metric(e, "MFLOP/s")
            if mf:
                plain.append((name, max(mf) / 1000, statistics.median(mf) / 1000, len(mf)))
        elif name.startswith("E-step"):
            shape = re.search(r"(\d+)x(\d+)x(\d+)", name)
            wall = metric(e, "Time (wall clock)")
            if shape and wall:
                n, j, q = map(int, shape.groups())
                # JMH export divides non-countable metrics by 1,000: wall clock is then in µs.
                best_s, med_s = min(wall) / 1e6, statistics.median(wall) / 1e6
                flops = args.products * 2 * n * j * q
                esteps.append((name, flops / best_s / 1e9, flops / med_s / 1e9, best_s * 1e3))

    print(f"Source: {path}\n")
    print("| plain OpenBLAS dgemm (BLASProducts) | best GFLOP/s | median GFLOP/s | samples |")
    print("|---|---:|---:|---:|")
    for name, best, med, k in sorted(plain):
        print(f"| {name} | {best:.1f} | {med:.1f} | {k} |")
    # The roof of one E-step: its forward and backward product each at the best plain rate measured for
    # that product (any threading), i.e. the harmonic combination of the two.
    fwd = max((best for name, best, _, _ in plain if "forward" in name), default=None)
    bwd = max((best for name, best, _, _ in plain if "backward" in name), default=None)
    roof = 2.0 / (1.0 / fwd + 1.0 / bwd) if fwd and bwd else None
    print()
    flops = args.products * 2 * args.persons * args.items * args.nodes
    rows = list(esteps)
    for ms in args.estep_ms:
        g = flops / (ms / 1e3) / 1e9
        rows.append((f"E-step (given) {args.persons}x{args.items}x{args.nodes}", g, g, ms))
    print(f"| E-step | effective GFLOP/s (best) | median | ms | share of roof ({roof:.1f} GFLOP/s) |"
          if roof else "| E-step | effective GFLOP/s (best) | median | ms | share of roof |")
    print("|---|---:|---:|---:|---:|")
    if not rows:
        print(f"| (not measured yet: pass --estep-ms, or add an \"E-step …NxJxQ\" benchmark) | — | — | — | — |")
    for name, best, med, ms in rows:
        share = f"{best / roof:.0%}" if roof else "—"
        print(f"| {name} | {best:.1f} | {med:.1f} | {ms:.1f} | {share} |")
    print(f"\nE-step matrix-product work: {args.products} × 2·N·J·Q = {flops / 1e9:.2f} GFLOP "
          f"(N={args.persons:,}, J={args.items}, Q={args.nodes}); the roof is both products at the best plain "
          f"dgemm rate above (forward {fwd or 0:.1f}, backward {bwd or 0:.1f} GFLOP/s). With Q fixed, an E-step "
          f"at another N or J is compared through --persons/--items.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
