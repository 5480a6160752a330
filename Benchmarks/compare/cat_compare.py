#!/usr/bin/env python3
"""MentorCert's adaptive engine against catsim 0.21.0 and adaptivetesting on one seeded bank, in one run.

Called by cat.sh, which prepares the virtual environments; see Benchmarks/README.md ("Adaptive testing vs
catsim"). Steps:

1. gen_cat_data.py writes a seeded 500-item 3PL bank (bank.json for us, bank.csv for the peers) and
   N true θ ~ N(0, 1) (theta.csv) under .work/cat-data/;
2. the metric check: P(θ = 1) of the first items by catsim's `irt.icc`, by adaptivetesting's
   `probability_y1` and by our formula c + (1 − c)·logistic(aθ + d) from bank.json must agree to 1e-12
   (logistic metric, no 1.702 anywhere) — the run stops otherwise;
3. ours: `mentorcert exam simulate --params bank.json --theta theta.csv … --format json --profile`, REPS
   times; in-process = the `profile: total S s` line (DECISIONS §13), whole process = the command's wall
   time; the median of each is reported. Once more pinned to one core (`taskset -c 0`) when taskset
   exists, since the peers run on one core and ours on all (candidates in parallel);
4. each peer in its own process (runners/run_<peer>.py), which times its simulation alone in-process;
   peers too slow for N candidates run the first M (items per second makes the sizes comparable), and
   ours is run once more on those M candidates so that RMSE is compared on the same people;
5. per tool: administered items per second, mean length, RMSE, bias, mean SE (where the tool reports
   one), and ours/peer ratios; .work/results/<timestamp>/cat-summary.md (and stdout), with the raw
   records in cat-results.json.

RMSE = √(mean (θ̂ − θ)²), bias = mean(θ̂ − θ) over the candidates, computed here from the peers'
estimates and read from our JSON (`rmse`, `bias`, same definitions). Responses are drawn by each tool's
own generator, so RMSEs differ also by sampling noise (about RMSE/√(2N) of standard error).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(HERE, ".work")
sys.path.insert(0, HERE)
import gen_cat_data  # noqa: E402

PEERS = {
    "catsim": {"venv": "venv-catsim", "runner": "run_catsim.py",
               "estimator": "ML (bounded Brent; Dodd's heuristic while all right/wrong)",
               "se": "1/√I(θ̂), stop SE < 0.3 or 30 items"},
    "adaptivetesting": {"venv": "venv-adaptivetesting", "runner": "run_adaptivetesting.py",
                        "estimator": "EAP, N(0, 1), 1,000 points on ±6",
                        "se": "posterior SD, stop SE ≤ 0.3 or 30 items"},
}
OURS_ESTIMATOR = "EAP interim and final, N(0, 1), 61 nodes on ±6"
OURS_SE = "posterior SD, stop SE ≤ 0.3 or 30 items"


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def uptime() -> str:
    try:
        with open("/proc/loadavg") as f:
            one, five, fifteen = f.read().split()[:3]
        return f"load average {one}, {five}, {fifteen}"
    except OSError:
        return "load average unknown"


def one_minute_load() -> float:
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return float("nan")


def venv_python(name: str) -> str:
    return os.path.join(WORK, name, "bin", "python")


# ---------------------------------------------------------------------------------------------------
# Ours


def ours_command(binary, data, theta_csv, examinees, seed):
    return [binary, "exam", "simulate", "--params", os.path.join(data, "bank.json"), "--examinees", str(examinees),
            "--seed", str(seed), "--theta", theta_csv, "--selection", "mfi", "--estimator", "eap",
            "--final-estimator", "eap", "--stop", "se", "--target-se", "0.3", "--max-length", "30",
            "--min-length", "1", "--exposure", "none", "--format", "json", "--profile"]


def run_ours(cmd, pin=False):
    """One run: (in-process seconds, whole-process wall seconds, whole-process CPU seconds, JSON)."""
    full = (["taskset", "-c", "0"] + cmd) if pin else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = sh(full)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"ours failed ({proc.returncode}): {proc.stderr.strip()}")
    m = re.search(r"profile: total ([0-9.]+) s", proc.stderr)
    if not m:
        raise RuntimeError("no `profile: total` line on standard error: " + proc.stderr.strip())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(m.group(1)), wall, cpu, json.loads(proc.stdout)


# ---------------------------------------------------------------------------------------------------
# Peers


def run_peer(name, data, theta_csv, examinees, seed, out_dir, timeout):
    peer = PEERS[name]
    out = os.path.join(out_dir, f"cat-{name}.json")
    cmd = [venv_python(peer["venv"]), os.path.join(HERE, "runners", peer["runner"]), "--bank",
           os.path.join(data, "bank.csv"), "--theta", theta_csv, "--examinees", str(examinees), "--seed", str(seed),
           "--out", out]
    start = time.perf_counter()
    proc = sh(cmd, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    with open(out) as f:
        result = json.load(f)
    errors = [e - t for e, t in zip(result["estimate"], result["trueTheta"])]
    finite = [e for e in errors if math.isfinite(e)]
    result["rmse"] = math.sqrt(sum(e * e for e in finite) / len(finite)) if finite else None
    result["bias"] = sum(finite) / len(finite) if finite else None
    result["nonFinite"] = len(errors) - len(finite)
    result["meanLength"] = sum(result["length"]) / len(result["length"])
    ses = [s for s in result.get("standardError", []) if math.isfinite(s)]
    result["meanSE"] = sum(ses) / len(ses) if ses else None
    result["processWall"] = wall
    return result


def metric_check(data, tools):
    """P(θ = 1) of the first five items by each peer's own function and by our formula."""
    with open(os.path.join(data, "bank.json")) as f:
        items = json.load(f)["items"][:5]
    ours = [it["guessing"] + (1 - it["guessing"]) / (1 + math.exp(-(it["discrimination"] * 1.0 + it["intercept"])))
            for it in items]
    lines, worst = [], 0.0
    for name in tools:
        peer = PEERS[name]
        proc = sh([venv_python(peer["venv"]), os.path.join(HERE, "runners", peer["runner"]), "--bank",
                   os.path.join(data, "bank.csv"), "--theta", os.path.join(data, "theta.csv"), "--check"])
        if proc.returncode != 0:
            raise RuntimeError(f"{name} --check failed: {proc.stderr.strip()[-2000:]}")
        theirs = [r["p"] for r in json.loads(proc.stdout)]
        diff = max(abs(a - b) for a, b in zip(ours, theirs))
        worst = max(worst, diff)
        lines.append(f"{name}: P(θ = 1) of {items[0]['id']} = {theirs[0]:.12f} (ours {ours[0]:.12f}); "
                     f"max |difference| over the first 5 items {diff:.1e}")
    return lines, worst


# ---------------------------------------------------------------------------------------------------
# Report


def fmt(x, digits=3):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    return f"{x:.{digits}f}"


def fmt_rate(x):
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def main(argv) -> int:
    p = argparse.ArgumentParser(description="MentorCert CAT vs catsim and adaptivetesting (see cat.sh).")
    p.add_argument("--examinees", type=int, default=1000, help="candidates for ours and catsim (default 1000)")
    p.add_argument("--catsim-examinees", type=int, default=None, help="catsim's candidates (default --examinees)")
    p.add_argument("--adaptivetesting-examinees", type=int, default=20,
                   help="adaptivetesting's candidates (default 20: it gives a few items per second)")
    p.add_argument("--items", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reps", type=int, default=3, help="runs of ours (median reported; default 3)")
    p.add_argument("--tools", default="ours,catsim,adaptivetesting")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per peer run")
    args = p.parse_args(argv)

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    peers = [t for t in tools if t in PEERS]
    left_out = []
    for t in peers:
        if not os.path.exists(venv_python(PEERS[t]["venv"])):
            left_out.append(f"{t}: left out, no virtual environment at .work/{PEERS[t]['venv']} (cat.sh makes it; "
                            "adaptivetesting needs a Python ≥ 3.13)")
            print("# " + left_out[-1], file=sys.stderr)
    peers = [t for t in peers if os.path.exists(venv_python(PEERS[t]["venv"]))]
    sizes = {"catsim": args.catsim_examinees or args.examinees,
             "adaptivetesting": min(args.adaptivetesting_examinees, args.examinees)}

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out_dir = os.path.join(WORK, "results", stamp)
    os.makedirs(out_dir, exist_ok=True)
    data = os.path.join(WORK, "cat-data", f"3pl-{args.items}-n{args.examinees}-seed{args.seed}")
    rows, thetas = gen_cat_data.generate(args.items, args.examinees, args.seed)
    gen_cat_data.write(data, rows, thetas, args.seed)

    load_before = uptime()
    max_load = one_minute_load()
    print(f"# {load_before}", file=sys.stderr)
    check_lines, worst = metric_check(data, peers) if peers else ([], 0.0)
    for line in check_lines:
        print("# metric check: " + line, file=sys.stderr)
    if worst > 1e-12:
        print(f"# metric check FAILED (max difference {worst:.2e}): the bank means different things to the tools",
              file=sys.stderr)
        return 1

    records = {}
    theta_all = os.path.join(data, "theta.csv")
    binary = os.environ.get("MENTORCERT_BIN") or os.path.join(REPO, ".build", "release", "mentorcert")
    if "ours" in tools:
        if not os.access(binary, os.X_OK):
            left_out.append("ours: left out, no release binary (build it or set MENTORCERT_BIN)")
            print(f"# ours: no binary at {binary}; left out", file=sys.stderr)
        else:
            cmd = ours_command(binary, data, theta_all, args.examinees, args.seed)
            runs = []
            for r in range(args.reps):
                runs.append(run_ours(cmd))
                print(f"# ours run {r + 1}: in-process {runs[-1][0]:.4f} s, whole process {runs[-1][1]:.4f} s",
                      file=sys.stderr)
                max_load = max(max_load, one_minute_load())
            doc = runs[-1][3]
            items = doc["meanLength"] * doc["examinees"]
            rec = {"examinees": doc["examinees"], "items": items, "rmse": doc["rmse"], "bias": doc["bias"],
                   "meanSE": doc["meanSE"], "meanLength": doc["meanLength"], "stopReasons": doc["stopReasons"],
                   "inProcess": [r[0] for r in runs], "wholeProcess": [r[1] for r in runs],
                   "cpu": [r[2] for r in runs], "settings": doc["settings"]}
            if shutil.which("taskset"):
                pinned = run_ours(cmd, pin=True)
                rec["pinnedInProcess"], rec["pinnedWholeProcess"] = pinned[0], pinned[1]
                print(f"# ours on one core: in-process {pinned[0]:.4f} s, whole process {pinned[1]:.4f} s",
                      file=sys.stderr)
            rec["subsets"] = {}
            for peer in peers:
                n = sizes[peer]
                if n < args.examinees and str(n) not in rec["subsets"]:
                    sub = os.path.join(data, f"theta-first{n}.csv")
                    with open(sub, "w") as f:
                        f.write("person,theta\n" + "".join(f"p{k + 1},{t!r}\n" for k, t in enumerate(thetas[:n])))
                    _, _, _, sdoc = run_ours(ours_command(binary, data, sub, n, args.seed))
                    rec["subsets"][str(n)] = {"rmse": sdoc["rmse"], "bias": sdoc["bias"], "meanLength": sdoc["meanLength"],
                                              "meanSE": sdoc["meanSE"]}
            rec["command"] = " ".join(["mentorcert"] + cmd[1:])
            records["ours"] = rec

    for peer in peers:
        print(f"# {peer}: {sizes[peer]} candidates …", file=sys.stderr)
        records[peer] = run_peer(peer, data, theta_all, sizes[peer], args.seed, out_dir, args.timeout)
        r = records[peer]
        print(f"# {peer}: {r['items']} items in {r['seconds']:.2f} s in-process", file=sys.stderr)
        max_load = max(max_load, one_minute_load())
    load_after = uptime()
    max_load = max(max_load, one_minute_load())
    print(f"# {load_after}", file=sys.stderr)

    # ----- the table
    lines = [f"# Adaptive testing: MentorCert vs catsim and adaptivetesting ({stamp})", ""]
    lines.append(f"Bank: {args.items} items, 3PL (a ~ lognormal(0.3, 0.25) in [0.6, 3], b ~ N(0, 1) in ±3, "
                 f"c ~ U(0.05, 0.20)), seed {args.seed}; true θ ~ N(0, 1). Rules: maximum Fisher information, "
                 "start θ = 0, stop at SE ≤ 0.3 or 30 items, no exposure control, no content balancing.")
    lines.append("")
    lines.append("| tool | estimator (SE of the stop) | candidates | items | mean length | RMSE | bias | mean SE | "
                 "seconds | items/s | ours in-process ÷ tool |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ours = records.get("ours")
    ours_rate = None
    if ours:
        t_in, t_whole = statistics.median(ours["inProcess"]), statistics.median(ours["wholeProcess"])
        ours_rate = ours["items"] / t_in
        common = (f"{ours['examinees']:,} | {ours['items']:,.0f} | {fmt(ours['meanLength'], 2)} | {fmt(ours['rmse'])} | "
                  f"{fmt(ours['bias'])} | {fmt(ours['meanSE'])}")
        lines.append(f"| MentorCert, in-process (`profile: total`), all cores | {OURS_ESTIMATOR} ({OURS_SE}) | {common} | "
                     f"{t_in:.3f} | {fmt_rate(ours_rate)} | 1 |")
        lines.append(f"| MentorCert, whole process (wall) | same run | {common} | {t_whole:.3f} | "
                     f"{fmt_rate(ours['items'] / t_whole)} | {fmt(ours_rate / (ours['items'] / t_whole), 2)} |")
        if "pinnedInProcess" in ours:
            lines.append(f"| MentorCert, in-process, one core (`taskset -c 0`) | same settings | {common} | "
                         f"{ours['pinnedInProcess']:.3f} | {fmt_rate(ours['items'] / ours['pinnedInProcess'])} | "
                         f"{fmt(ours_rate / (ours['items'] / ours['pinnedInProcess']), 2)} |")
    for peer in peers:
        r = records[peer]
        rate = r["items"] / r["seconds"]
        ratio = fmt(ours_rate / rate, 0) + "×" if ours_rate else "—"
        lines.append(f"| {peer} {r['version']} (Python {r['python']}, numpy {r['numpy']}), in-process | "
                     f"{PEERS[peer]['estimator']} ({PEERS[peer]['se']}) | {r['examinees']:,} | {r['items']:,} | "
                     f"{fmt(r['meanLength'], 2)} | {fmt(r['rmse'])} | {fmt(r['bias'])} | {fmt(r['meanSE'])} | "
                     f"{r['seconds']:.2f} | {fmt_rate(rate)} | {ratio} |")
    lines.append("")
    if ours:
        lines.append("Speed ratios (items per second, ours ÷ peer):")
        lines.append("")
        lines.append("| ours measured as | " + " | ".join(peers) + " |")
        lines.append("|---|" + "---:|" * len(peers))
        variants = [("in-process, all cores", statistics.median(ours["inProcess"])),
                    ("whole process, all cores", statistics.median(ours["wholeProcess"]))]
        if "pinnedInProcess" in ours:
            variants += [("in-process, one core", ours["pinnedInProcess"]),
                         ("whole process, one core", ours["pinnedWholeProcess"])]
        for label, secs in variants:
            rate = ours["items"] / secs
            lines.append(f"| {label} | " + " | ".join(
                fmt(rate / (records[p]["items"] / records[p]["seconds"]), 0) + "×" for p in peers) + " |")
        lines.append("")
        lines.append("Per CPU second (robust to a shared machine: ours whole process, user + system time of all "
                     "threads; peers in-process `time.process_time`): " + "; ".join(
                         [f"ours {fmt_rate(ours['items'] / statistics.median(ours['cpu']))} items/CPU-s"] +
                         [f"{p} {fmt_rate(records[p]['items'] / records[p]['cpuSeconds'])} items/CPU-s "
                          f"(ours ÷ {p} {fmt((ours['items'] / statistics.median(ours['cpu'])) / (records[p]['items'] / records[p]['cpuSeconds']), 0)}×)"
                          for p in peers]) + ".")
        lines.append("")
        for peer in peers:
            n = sizes[peer]
            sub = ours["subsets"].get(str(n))
            if sub:
                lines.append(f"RMSE on {peer}'s {n} candidates (the first {n} of theta.csv): ours "
                             f"{fmt(sub['rmse'])} (bias {fmt(sub['bias'])}, mean length {fmt(sub['meanLength'], 2)}), "
                             f"{peer} {fmt(records[peer]['rmse'])}.")
        if ours["subsets"]:
            lines.append("")
        lines.append(f"Ours: runs {', '.join(f'{x:.4f}' for x in ours['inProcess'])} s in-process, "
                     f"{', '.join(f'{x:.4f}' for x in ours['wholeProcess'])} s whole process (median reported); "
                     f"stop reasons {json.dumps(ours['stopReasons'])}.")
        lines.append("")
        lines.append(f"Command (ours): `{ours['command'].replace(REPO + os.sep, '').replace(HERE + os.sep, 'Benchmarks/compare/')}`")
        lines.append("")
    for peer in peers:
        r = records[peer]
        extra = f"; constructing the tests (pool copy, responses) took {r['setupSeconds']:.2f} s more" \
            if "setupSeconds" in r else ""
        lines.append(f"{peer}: settings {json.dumps(r['settings'])}; {r['nonFinite']} non-finite estimates"
                     f"{extra}; its process ran {r['processWall']:.1f} s.")
    lines.append("")
    for line in left_out:
        lines.append(f"**{line}.**")
        lines.append("")
    lines.append("Metric check (logistic metric, no 1.702): " + ("; ".join(check_lines) or "no peer ran") + ".")
    lines.append("")
    lines.append(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
                 f"before: {load_before}; after: {load_after}.")
    if max_load > 1:
        lines.append(f"**The machine was shared** (one-minute load average up to {max_load:.2f} during the run): "
                     "wall-clock figures are inflated by other jobs; the ratios and the per-CPU-second figures "
                     "are the more reliable.")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "cat-summary.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "cat-results.json"), "w") as f:
        slim = {k: {kk: vv for kk, vv in v.items() if kk not in ("trueTheta", "estimate", "length", "standardError")}
                for k, v in records.items()}
        json.dump({"stamp": stamp, "loadBefore": load_before, "loadAfter": load_after, "records": slim}, f, indent=1)
    print(text)
    print(f"# written to {os.path.relpath(out_dir, REPO)}/cat-summary.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
