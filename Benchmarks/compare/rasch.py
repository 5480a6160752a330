#!/usr/bin/env python3
"""Rasch 10,000 × 50: MentorCert's score-group E-step against its pattern E-step, girth and mirt.

Run through ``rasch.sh`` (it creates the virtual environments of ``run.sh``). Every fit runs in its own
process and the tools alternate (the order rotates every repetition):

- ours, in-process: the ``profile: total S s`` line of ``mentorcert calibrate --profile`` (the
  calibration with the data in memory, DECISIONS §13); whole process: the wall time of the command
  (start-up, CSV read and JSON write included). Both with ``--e-step auto`` (score groups) and
  ``--e-step patterns`` (the general E-step), ``--no-fit --no-item-analysis`` as in ``run.sh``.
- girth 0.8.0 ``rasch_mml(discrimination=1)`` and mirt 1.2.0 ``fit_mirt(model="1PL")``: the fit call
  alone, in-process (``runners/run_girth.py``, ``runners/run_mirt.py``).

Prints a Markdown table (median wall per configuration, in-process ratio peer ÷ ours) and the largest
differences between the estimates: ours by score groups vs ours by patterns (the exactness check, target
1e-8), and ours vs each peer. Raw records go to ``.work/rasch/<timestamp>/``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(HERE, ".work")
sys.path.insert(0, HERE)
import gen_data  # noqa: E402


def ours(binary, csv_path, out_json, e_step, se):
    cmd = [binary, "calibrate", csv_path, "--model", "rasch", "--no-fit", "--no-item-analysis", "--profile",
           "--e-step", e_step, "--format", "json", "--out", out_json] + ([] if se else ["--no-se"])
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"ours failed: {proc.stderr.strip()}")
    m = re.search(r"profile: total ([0-9.]+) s", proc.stderr)
    with open(out_json) as f:
        result = json.load(f)
    return {"inProcess": float(m.group(1)) if m else None, "wholeProcess": wall,
            "iterations": result.get("iterations"), "result": result}


def peer(tool, csv_path, out_json, extra):
    python = os.path.join(WORK, f"venv-{tool}", "bin", "python")
    cmd = [python, "-W", "ignore::DeprecationWarning", os.path.join(HERE, "runners", f"run_{tool}.py"),
           "--data", csv_path, "--model", "rasch", "--out", out_json] + extra
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.join(HERE, "runners"))
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{tool} failed: {proc.stderr.strip()[-400:]}")
    with open(out_json) as f:
        result = json.load(f)
    return {"inProcess": result["wallSeconds"], "wholeProcess": wall, "iterations": result.get("iterations"),
            "result": result}


def difficulties(result):
    return {it["id"]: it["difficulty"] for it in result.get("items", []) if it.get("difficulty") is not None}


def max_diff(a, b):
    keys = a.keys() & b.keys()
    return max(abs(a[k] - b[k]) for k in keys) if keys else None


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--persons", type=int, default=10_000)
    p.add_argument("--items", type=int, default=50)
    p.add_argument("--seed", type=int, default=20251124)
    p.add_argument("--se", action="store_true", help="also time ours with standard errors")
    args = p.parse_args(argv)

    binary = os.environ.get("MENTORCERT_BIN", os.path.join(REPO, ".build", "release", "mentorcert"))
    csv_path = gen_data.ensure("rasch", args.persons, args.items, args.seed, os.path.join(WORK, "data"))
    with open(csv_path[:-4] + ".truth.json") as f:
        truth = {it["id"]: it["difficulty"] for it in json.load(f)["items"]}
    out_dir = os.path.join(WORK, "rasch", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out_dir, exist_ok=True)

    configs = [
        ("ours score groups", lambda o: ours(binary, csv_path, o, "auto", False)),
        ("ours patterns", lambda o: ours(binary, csv_path, o, "patterns", False)),
        ("girth defaults (41 nodes on ±4.5)", lambda o: peer("girth", csv_path, o, [])),
        ("girth 61 nodes", lambda o: peer("girth", csv_path, o, ["--nodes", "61"])),
        ("mirt matched (61 nodes, tol 1e-4, SQUAREM)",
         lambda o: peer("mirt", csv_path, o, ["--nodes", "61", "--tol", "1e-4", "--accelerate", "squarem"])),
        ("mirt matched EM (61 nodes, no acceleration)",
         lambda o: peer("mirt", csv_path, o, ["--nodes", "61", "--tol", "1e-4", "--accelerate", "none"])),
        ("mirt defaults (21 nodes)", lambda o: peer("mirt", csv_path, o, [])),
    ]
    if args.se:
        configs += [("ours score groups + SEs", lambda o: ours(binary, csv_path, o, "auto", True)),
                    ("ours patterns + SEs", lambda o: ours(binary, csv_path, o, "patterns", True))]
    runs = {name: [] for name, _ in configs}
    load_before = os.getloadavg()
    for rep in range(args.reps):
        shift = rep % len(configs)
        for name, run in configs[shift:] + configs[:shift]:
            out = os.path.join(out_dir, re.sub(r"[^a-z0-9]+", "_", name.lower()) + f"-rep{rep}.json")
            r = run(out)
            runs[name].append(r)
            print(f"# rep {rep} {name}: in-process {r['inProcess']}, whole {r['wholeProcess']:.3f}", file=sys.stderr)
    load_after = os.getloadavg()

    ours_in = statistics.median(r["inProcess"] for r in runs["ours score groups"])
    ours_whole = statistics.median(r["wholeProcess"] for r in runs["ours score groups"])
    reference = runs["ours score groups"][0]["result"]
    b_ours = difficulties(reference)
    b_patterns = difficulties(runs["ours patterns"][0]["result"])
    lines = [f"Rasch {args.persons:,} × {args.items}, {args.reps} repetitions, load average "
             f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; mentorcert {binary}.", "",
             "| tool, setting | in-process s (median) | whole process s (median) | E-steps / cycles | "
             "in-process peer ÷ ours | max abs Δb vs ours | RMSE b vs truth |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, _ in configs:
        rs = runs[name]
        med_in = statistics.median(r["inProcess"] for r in rs)
        med_whole = statistics.median(r["wholeProcess"] for r in rs)
        b = difficulties(rs[0]["result"])
        keys = truth.keys() & b.keys()
        rmse = (sum((b[k] - truth[k]) ** 2 for k in keys) / len(keys)) ** 0.5 if keys else None
        ratio = med_in / ours_in if not name.startswith("ours") else None
        d = max_diff(b, b_ours)
        lines.append(f"| {name} | {med_in:.4f} | {med_whole:.3f} | {rs[0]['iterations'] or '—'} | "
                     f"{'—' if ratio is None else f'{ratio:.2f}'} | {'—' if d is None else f'{d:.2e}'} | "
                     f"{'—' if rmse is None else f'{rmse:.4f}'} |")
    pat = runs["ours patterns"][0]["result"]
    lines += ["",
              f"Score groups vs patterns: max |Δb| = {max_diff(b_ours, b_patterns):.2e}, "
              f"|Δ latent variance| = {abs(reference['latentVariance'] - pat['latentVariance']):.2e}, "
              f"|Δ log-likelihood| = {abs(reference['logLikelihood'] - pat['logLikelihood']):.2e} "
              f"(E-steps {reference['iterations']} and {pat['iterations']}).",
              f"Ours whole process {ours_whole:.3f} s = in-process {ours_in:.4f} s + "
              f"{ours_whole - ours_in:.3f} s start-up, CSV read and JSON write."]
    text = "\n".join(lines)
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({k: [{kk: vv for kk, vv in r.items() if kk != "result"} for r in v] for k, v in runs.items()}, f,
                  indent=1)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
