#!/usr/bin/env python3
"""Start-up and fixed cost of the mentorcert executable, for one or more binaries side by side.

    startup.py [--reps N] [--binary LABEL=PATH ...]

For each binary (default: .build/release/mentorcert), alternating between binaries every repetition:
- ``mentorcert --help``: whole-process wall time (min and median);
- the dynamic loader: shared objects loaded (``ldd``), and the loader's own start-up cycles
  (``LD_DEBUG=statistics``, summed over every process image the command starts — two when the
  executable re-executes itself);
- 2PL 10,000 × 50 (the comparison's seeded data): whole-process wall of ``calibrate --no-se --no-fit
  --no-item-analysis --profile --format json --out …`` and its ``profile: total`` line; their
  difference is the fixed cost (start-up, CSV read, JSON write) that an in-process timing does not pay.
Run it through ``startup.sh`` (it provides numpy for the data generator).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(HERE, ".work")
sys.path.insert(0, HERE)
import gen_data  # noqa: E402


def wall(cmd, env=None):
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, proc


def loader_cycles(binary):
    env = dict(os.environ, LD_DEBUG="statistics")
    env.pop("OPENBLAS_NUM_THREADS", None)
    _, proc = wall([binary, "--help"], env)
    totals = [int(m) for m in re.findall(r"total startup time in dynamic loader: (\d+) cycles", proc.stderr)]
    return sum(totals), len(totals)


def shared_objects(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "=>" in line or line.strip().startswith("/"))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=15)
    p.add_argument("--binary", action="append", default=[], help="LABEL=PATH (repeatable)")
    p.add_argument("--seed", type=int, default=20251124)
    args = p.parse_args(argv)
    binaries = [tuple(b.split("=", 1)) for b in args.binary] or [
        ("current", os.environ.get("MENTORCERT_BIN", os.path.join(REPO, ".build", "release", "mentorcert")))]
    csv_path = gen_data.ensure("2pl", 10_000, 50, args.seed, os.path.join(WORK, "data"))
    env = dict(os.environ)
    env.pop("OPENBLAS_NUM_THREADS", None)  # as a user runs it
    help_t = {b: [] for b, _ in binaries}
    fit_t = {b: [] for b, _ in binaries}
    fit_in = {b: [] for b, _ in binaries}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.reps):
            order = binaries[rep % len(binaries):] + binaries[:rep % len(binaries)]
            for label, path in order:
                t, _ = wall([path, "--help"], env)
                help_t[label].append(t)
                out = os.path.join(tmp, "out.json")
                t, proc = wall([path, "calibrate", csv_path, "--model", "2pl", "--no-se", "--no-fit",
                                "--no-item-analysis", "--profile", "--format", "json", "--out", out], env)
                if proc.returncode != 0:
                    raise SystemExit(f"{label}: {proc.stderr.strip()}")
                fit_t[label].append(t)
                m = re.search(r"profile: total ([0-9.]+) s", proc.stderr)
                fit_in[label].append(float(m.group(1)) if m else float("nan"))
    load_after = os.getloadavg()
    print(f"{args.reps} repetitions, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after.\n")
    print("| binary | shared objects | loader cycles (images) | `--help` min / median s | "
          "2PL 10,000 × 50 whole process min / median s | in-process (`profile: total`) median s | "
          "fixed cost (median whole − in-process) s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, path in binaries:
        cycles, images = loader_cycles(path)
        h, f, i = help_t[label], fit_t[label], fit_in[label]
        print(f"| {label} | {shared_objects(path)} | {cycles / 1e6:.1f} M ({images}) | {min(h):.4f} / "
              f"{statistics.median(h):.4f} | {min(f):.3f} / {statistics.median(f):.3f} | "
              f"{statistics.median(i):.4f} | {statistics.median(f) - statistics.median(i):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
