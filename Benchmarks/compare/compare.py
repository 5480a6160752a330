#!/usr/bin/env python3
"""MentorCert calibration against mirt (Python, Rust back-end) and girth on the same seeded data.

Called by run.sh, which prepares the virtual environments; see Benchmarks/README.md. For every data set
the tools run ALTERNATING (the order rotates each repetition), each in its own process:

- peers: a runner script (runners/run_<peer>.py) that times the fit alone in-process and reports wall
  seconds, peak RSS (getrusage), cycles and the estimates;
- ours: the whole process `/usr/bin/time -v mentorcert calibrate DATA --model M [--no-se] --format json
  --out OUT` (CSV parsing and start-up included, so the comparison is conservative for us).

Recovery RMSE of a and b (GRM: a and thresholds) is computed against the generating parameters, and a
Markdown table is printed and written to .work/results/<timestamp>/summary.md with the raw records
(results.jsonl, results.csv).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(HERE, ".work")
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

# ---------------------------------------------------------------------------------------------------
# What runs


class Dataset:
    def __init__(self, model, persons, items, categories=5, large=False):
        self.model, self.persons, self.items, self.categories, self.large = model, persons, items, categories, large

    @property
    def key(self):
        return f"{self.model}-{self.persons}x{self.items}"

    @property
    def size(self):
        return f"{self.persons:,} × {self.items}" + (f" (K={self.categories})" if self.model == "grm" else "")


FULL = [
    Dataset("2pl", 10_000, 50),
    Dataset("rasch", 10_000, 50),
    Dataset("grm", 5_000, 25),
    Dataset("2pl", 100_000, 100, large=True),
    Dataset("3pl", 100_000, 100, large=True),
]
QUICK = [Dataset("2pl", 10_000, 50)]

# Standard-error runs (mirt compute_standard_errors=True vs ours without --no-se).
SE_FULL = {"2pl-10000x50", "2pl-100000x100"}
SE_QUICK = {"2pl-10000x50"}


class Config:
    """One tool at one group of settings."""

    def __init__(self, tool, label, settings, args, se=False, once_if_large=False, large_too=True, skip=()):
        self.tool, self.label, self.settings, self.args, self.se = tool, label, settings, args, se
        self.once_if_large = once_if_large  # run in the first repetition only at the large sizes
        self.large_too = large_too
        self.skip = set(skip)  # data-set keys where this configuration is left out (time budget)

    @property
    def name(self):
        return f"{self.tool} {self.label}" + (" +SE" if self.se else "")


def configs_for(ds: Dataset, se_sets: set[str], tools: set[str], girth_3pl_large: bool = False) -> list[Config]:
    out = []
    if "ours" in tools:
        out.append(Config("ours", "defaults", "CLI defaults (see JSON)", []))
    if "mirt" in tools:
        out.append(Config("mirt", "matched", "61 nodes, tol 1e-4, SQUAREM",
                          ["--nodes", "61", "--tol", "1e-4", "--accelerate", "squarem"]))
        # mirt 1.2.0's SQUAREM runs its generic EM loop (it skips the native 2PL fast path), so plain EM
        # at 61 nodes can be the faster matched setting: both are timed.
        out.append(Config("mirt", "matched EM", "61 nodes, tol 1e-4, no acceleration",
                          ["--nodes", "61", "--tol", "1e-4", "--accelerate", "none"], skip={"3pl-100000x100"}))
        out.append(Config("mirt", "defaults", "21 nodes (default), tol 1e-4, no acceleration",
                          []))
    if "girth" in tools:
        # girth's 3PL (SLSQP per item per cycle) is impractical at 100,000 × 100 within the 30-minute
        # budget: only with --girth-3pl-large.
        out.append(Config("girth", "defaults", "41 nodes on ±4.5 (default), Δa < 1e-3, ≤ 25 cycles",
                          [], once_if_large=True, skip=() if girth_3pl_large else {"3pl-100000x100"}))
        out.append(Config("girth", "61 nodes", "61 nodes on ±4.5, Δa < 1e-3, ≤ 25 cycles",
                          ["--nodes", "61"], large_too=False))
    if ds.key in se_sets:
        if "ours" in tools:
            out.append(Config("ours", "defaults", "CLI defaults, standard errors", [], se=True))
        if "mirt" in tools:
            out.append(Config("mirt", "matched", "61 nodes, tol 1e-4, SQUAREM, SEs (auto = Oakes)",
                              ["--nodes", "61", "--tol", "1e-4", "--accelerate", "squarem", "--se"], se=True))
    return [c for c in out if (c.large_too or not ds.large) and ds.key not in c.skip]


# ---------------------------------------------------------------------------------------------------
# Running one fit


def run_peer(cfg: Config, ds: Dataset, csv_path: str, out_json: str, timeout: float) -> dict:
    python = os.path.join(WORK, f"venv-{cfg.tool}", "bin", "python")
    script = os.path.join(HERE, "runners", f"run_{cfg.tool}.py")
    cmd = [python, "-W", "ignore::DeprecationWarning", script, "--data", csv_path, "--model", ds.model,
           "--out", out_json] + cfg.args
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=os.path.join(HERE, "runners"))
    except subprocess.TimeoutExpired:
        return {"status": f"timeout after {timeout:.0f} s", "elapsedProcess": time.perf_counter() - started}
    if proc.returncode != 0:
        return {"status": "error: " + last_line(proc.stderr or proc.stdout)}
    with open(out_json) as f:
        result = json.load(f)
    result["status"] = "ok"
    return result


def ours_binary() -> str:
    return os.environ.get("MENTORCERT_BIN", os.path.join(REPO, ".build", "release", "mentorcert"))


def run_ours(cfg: Config, ds: Dataset, csv_path: str, out_json: str, timeout: float, extra_3pl: list[str]) -> dict:
    binary = ours_binary()
    if not os.path.exists(binary):
        return {"status": "not available", "why": f"{binary} missing (swift build -c release)"}
    cmd = [binary, "calibrate", csv_path, "--model", ds.model]
    if not cfg.se:
        cmd.append("--no-se")
    # The peers' fit calls compute no item fit and no classical item analysis; ours does both by default
    # (S-X², item-rest correlations …), so the timed comparison turns them off.
    cmd += ["--no-fit", "--no-item-analysis"]
    if ds.model == "3pl":
        cmd += extra_3pl
    # --profile prints `profile: total S s` on stderr: the calibration in-process (DECISIONS §13), the
    # figure that compares with the peers' fit calls.
    cmd += ["--format", "json", "--out", out_json, "--profile"]
    # /usr/bin/time -v as asked for; the child's own rusage (wait4) is the fallback and the cross-check.
    time_bin = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    full = ([time_bin, "-v"] if time_bin else []) + cmd
    if os.path.exists(out_json):
        os.remove(out_json)
    out_path, err_path = out_json + ".stdout", out_json + ".stderr"
    with open(out_path, "w") as fo, open(err_path, "w") as fe:
        started = time.perf_counter()
        proc = subprocess.Popen(full, stdout=fo, stderr=fe, start_new_session=True)
        rusage = None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(proc.pid, 9)  # the session holds /usr/bin/time and mentorcert
                os.wait4(proc.pid, 0)
                return {"status": f"timeout after {timeout:.0f} s"}
            time.sleep(0.005)
        wall = time.perf_counter() - started
    returncode = os.waitstatus_to_exitcode(status)
    proc.returncode = returncode
    with open(out_path) as f:
        stdout = f.read()
    with open(err_path) as f:
        stderr = f.read()
    peak = rusage.ru_maxrss / 1024.0 if rusage else None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if m:
        peak = int(m.group(1)) / 1024.0
    if proc.returncode != 0:
        text = (stderr + "\n" + stdout)
        own = "\n".join(l for l in text.splitlines() if not l.startswith("\t") and "Command exited" not in l)
        if proc.returncode == 2 and "not available" in own.lower():
            return {"status": "not available", "why": last_line(own)}
        return {"status": f"error (exit {proc.returncode}): " + last_line(own)}
    if not os.path.exists(out_json):
        return {"status": "error: no output file"}
    with open(out_json) as f:
        result = json.load(f)
    settings = {k: result[k] for k in ("quadratureNodes", "tolerance", "acceleration", "settings", "configuration")
                if k in result}
    m = re.search(r"profile: total ([0-9.]+) s", stderr)
    in_process = float(m.group(1)) if m else None
    return {"status": "ok", "tool": "ours", "wallSeconds": wall, "inProcessSeconds": in_process,
            "peakMiB": peak, "fitPeakMiB": None,
            "iterations": result.get("iterations"), "converged": result.get("converged"),
            "settings": settings or "CLI defaults", "items": result.get("items", []),
            "timeTool": "/usr/bin/time -v" if time_bin else "none (peak unknown)"}


def ours_settings(settings, se: bool) -> str | None:
    """'61 nodes on -6.0..6.0, tol 0.0001, squarem' from our JSON's `settings` object."""
    s = settings.get("settings") if isinstance(settings, dict) else None
    if not isinstance(s, dict):
        return None
    text = f"{s.get('quadratureNodes', '?')} nodes on {s.get('quadratureRange', '?')}, tol {s.get('tolerance', '?')}, " \
           f"{s.get('acceleration', '?')}"
    return text + (", standard errors" if se else "")


def last_line(text: str) -> str:
    lines = [l.strip() for l in (text or "").strip().splitlines() if l.strip()]
    return lines[-1][:200] if lines else "(no output)"


# ---------------------------------------------------------------------------------------------------
# Recovery


def rmse(pairs):
    pairs = [(x, y) for x, y in pairs if x is not None and y is not None and math.isfinite(x)]
    if not pairs:
        return None
    return math.sqrt(sum((x - y) ** 2 for x, y in pairs) / len(pairs))


def recovery(truth: dict, items: list[dict]) -> dict:
    est = {it.get("id"): it for it in items}
    ta, tb, tc = [], [], []
    for t in truth["items"]:
        e = est.get(t["id"])
        if e is None:
            continue
        ta.append((e.get("discrimination"), t["discrimination"]))
        if truth["model"] == "grm":
            et = e.get("thresholds") or []
            for k, tv in enumerate(t["thresholds"]):
                tb.append((et[k] if k < len(et) else None, tv))
        else:
            tb.append((e.get("difficulty"), t["difficulty"]))
        if "guessing" in t:
            tc.append((e.get("guessing"), t["guessing"]))
    out = {"rmseA": rmse(ta), "rmseB": rmse(tb), "rmseC": rmse(tc) if tc else None,
           "itemsMatched": sum(1 for t in truth["items"] if t["id"] in est)}
    if truth["model"] == "rasch":
        out["rmseA"] = None  # the slope is fixed at 1 by every tool
    return out


# ---------------------------------------------------------------------------------------------------
# Report


def fmt(x, digits=3):
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        if abs(x) >= 100:
            return f"{x:,.0f}"
        if abs(x) >= 10:
            return f"{x:.1f}"
        return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:.2f}"
    return str(x)


def summarise(records: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        groups.setdefault((r["dataset"], r["config"], r["se"]), []).append(r)
    rows = []
    for (dataset, config, se), rs in groups.items():
        ok = [r for r in rs if r["status"] == "ok"]
        row = dict(rs[0])
        row["reps"] = len(ok)
        if ok:
            row["wall"] = statistics.median(r["wallSeconds"] for r in ok)
            # In-process: the peers' timed fit call is in-process already; ours is `profile: total`.
            inner = [r.get("inProcessSeconds") if r["tool"] == "ours" else r["wallSeconds"] for r in ok]
            row["inProcess"] = statistics.median(inner) if all(v is not None for v in inner) else None
            peaks = [r["peakMiB"] for r in ok if r.get("peakMiB") is not None]
            row["peak"] = max(peaks) if peaks else None
            its = [r["iterations"] for r in ok if r.get("iterations") is not None]
            row["cycles"] = int(statistics.median(its)) if its else None
            row["converged"] = all(r.get("converged") is not False for r in ok)
            for k in ("rmseA", "rmseB", "rmseC"):
                row[k] = ok[0].get(k)
            row["status"] = "ok"
        else:
            row["wall"] = row["peak"] = row["cycles"] = row["inProcess"] = None
            row["status"] = rs[-1]["status"]
        rows.append(row)
    # ratio peer / ours, same data set and same SE mode
    ours = {(r["dataset"], r["se"]): r.get("wall") for r in rows if r["tool"] == "ours" and r["status"] == "ok"}
    for r in rows:
        base = ours.get((r["dataset"], r["se"]))
        r["ratio"] = (r["wall"] / base) if (base and r.get("wall") and r["tool"] != "ours") else None
    ours_in = {(r["dataset"], r["se"]): r.get("inProcess") for r in rows if r["tool"] == "ours" and r["status"] == "ok"}
    for r in rows:
        base = ours_in.get((r["dataset"], r["se"]))
        r["ratioInProcess"] = (r["inProcess"] / base) if (base and r.get("inProcess") and r["tool"] != "ours") else None
    return rows


def markdown(rows: list[dict], datasets: list[Dataset], env: dict, ours_note: str | None, notes: list[str]) -> str:
    order = {d.key: i for i, d in enumerate(datasets)}
    tool_order = {"ours": 0, "mirt": 1, "girth": 2}
    rows = sorted(rows, key=lambda r: (r["se"], order.get(r["dataset"], 99), tool_order.get(r["tool"], 9), r["config"]))
    lines = [
        f"Run {env['date']} on {env['host']}; mirt {env.get('mirt', '?')}, girth {env.get('girth', '?')}, "
        f"numpy {env.get('numpy_mirt', '?')} (mirt) / {env.get('numpy_girth', '?')} (girth); "
        f"mentorcert {env.get('ours', '?')}.",
        "",
        "| tool | model | size | settings | SE | wall s | in-process s | peak MiB | cycles | RMSE a | RMSE b | peer/ours | peer/ours in-process |",
        "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        wall = fmt(r.get("wall")) if r["status"] == "ok" else r["status"]
        if r["status"] == "ok" and r["reps"] > 1:
            wall += f" (median of {r['reps']})"
        if r["status"] == "ok" and r.get("converged") is False:
            wall += " (not converged)"
        lines.append("| " + " | ".join([
            r["tool"], r["model"], r["size"], r["settings"], "yes" if r["se"] else "no", wall,
            fmt(r.get("inProcess")), fmt(r.get("peak")), fmt(r.get("cycles")), fmt(r.get("rmseA")), fmt(r.get("rmseB")),
            (f"{r['ratio']:.2f}" if r.get("ratio") else "—"),
            (f"{r['ratioInProcess']:.2f}" if r.get("ratioInProcess") else "—"),
        ]) + " |")
    lines.append("")
    if ours_note:
        lines.append(f"**ours: not available** — {ours_note}")
        lines.append("")
    lines.append("Notes")
    for n in notes:
        lines.append(f"- {n}")
    c_rows = [r for r in rows if r.get("rmseC") is not None]
    if c_rows:
        lines.append("- 3PL guessing RMSE c: " + "; ".join(f"{r['tool']} {r['config']}: {fmt(r['rmseC'])}" for r in c_rows))
    return "\n".join(lines) + "\n"


NOTES = [
    "wall s: peers = the fit call alone, in-process (after an untimed warm-up fit for mirt, whose back-ends "
    "load lazily); ours = the whole `mentorcert calibrate --no-fit --no-item-analysis` process (start-up and CSV parsing included; item fit and classical item analysis, which the peers' fit calls do not compute, are off). "
    "peer/ours = peer wall ÷ our wall on the same data with the same SE setting (> 1: we are faster). "
    "in-process s: peers = the same fit call; ours = `--profile`'s `profile: total` (the calibration with the "
    "responses read, DECISIONS §13); peer/ours in-process = their ratio, the figure the calibration-speed targets use.",
    "peak MiB: the whole process's maximum RSS (peers: getrusage ru_maxrss of the runner, with Python, "
    "numpy and pandas' CSV parse; ours: /usr/bin/time -v). Each fit runs in its own process.",
    "cycles: EM cycles as each tool counts them (ours: E-steps, including those inside an acceleration step, "
    "DECISIONS §5; mirt: n_iterations; girth: outer cycles counted by the runner — girth reports none).",
    "mirt 'matched' = n_quadpts=61, tol=1e-4, accelerate=\"squarem\"; 'matched EM' = the same without "
    "acceleration (mirt 1.2.0 runs SQUAREM in its generic EM loop, skipping the native 2PL fast path, so either "
    "may be its fastest; left out at 3PL 100,000 × 100 for time); mirt 'defaults' = "
    "n_quadpts=21, no acceleration, with compute_standard_errors=False in the no-SE rows (mirt's own default "
    "computes them). +SE rows: compute_standard_errors=True (se_method auto = Oakes) vs ours without --no-se.",
    "girth cannot be matched: its convergence rule is fixed in code (max |Δa| < 1e-3 between cycles, at most "
    "max_iteration = 25 cycles by default), its nodes are equally spaced on (−4.5, 4.5) with N(0, 1) weights, "
    "2PL/GRM difficulties come from a look-up table (use_LUT), a is bounded to [0.2, 5] ([0.25, 4] and "
    "c ∈ [0, 0.33] for 3PL). girth runs once at 100,000 × 100 (minutes) and its 61-node run only at the small "
    "sizes; its 3PL is left out at 100,000 × 100 (SLSQP per item per cycle: far beyond the time budget; "
    "--girth-3pl-large runs it). girth needs numpy < 2 (its 3PL fails on numpy 2.x), so it has its own venv.",
    "Rasch: every tool fixes the slope at 1 (mirt model=\"1PL\", girth rasch_mml(discrimination=1)); "
    "RMSE a is therefore not shown.",
    "3PL: mirt sets no prior on c; ours is run with `--guessing-prior none` to match (DECISIONS §4).",
    "Shared 2-core machine: compare ratios within one run, not absolute times across runs.",
]


def environment() -> dict:
    env = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "host": f"{platform.node()} ({os.cpu_count()} cores, {cpu_model()})"}
    for tool in ("mirt", "girth"):
        py = os.path.join(WORK, f"venv-{tool}", "bin", "python")
        if os.path.exists(py):
            code = (f"import importlib.metadata as m; print(m.version('{tool}'), m.version('numpy'))")
            try:
                v = subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=60).stdout.split()
                env[tool], env[f"numpy_{tool}"] = v[0], v[1]
            except Exception:  # noqa: BLE001
                pass
    try:
        env["ours"] = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                     text=True, timeout=10).stdout.strip() or "?"
    except Exception:  # noqa: BLE001
        env["ours"] = "?"
    return env


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


# ---------------------------------------------------------------------------------------------------


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="only 2PL 10,000 × 50, all tools (CI smoke)")
    p.add_argument("--reps", type=int, default=None,
                   help="repetitions at the small sizes (default 3; 1 at 100,000 × 100; quick: 2)")
    p.add_argument("--timeout", type=float, default=600, help="seconds per fit before it is stopped (default 600)")
    p.add_argument("--dry-run", action="store_true", help="print the planned fits and stop")
    p.add_argument("--girth-3pl-large", action="store_true",
                   help="also run girth's 3PL at 100,000 × 100 (well beyond the 30-minute budget)")
    p.add_argument("--seed", type=int, default=20251124)
    p.add_argument("--tools", default="ours,mirt,girth", help="comma-separated subset of ours,mirt,girth")
    p.add_argument("--datasets", default=None,
                   help="comma-separated data sets MODEL-NxJ, e.g. 2pl-10000x50,grm-5000x25,3pl-2000x20")
    p.add_argument("--ours-3pl-args", default="--guessing-prior none",
                   help="extra arguments for our 3PL runs (default matches mirt: no prior on c)")
    args = p.parse_args(argv)

    datasets = QUICK if args.quick else FULL
    if args.datasets:
        known = {d.key: d for d in FULL + QUICK}
        datasets = []
        for key in args.datasets.split(","):
            m = re.fullmatch(r"(rasch|2pl|3pl|grm)-(\d+)x(\d+)", key.strip())
            if key in known:
                datasets.append(known[key])
            elif m:  # any other size, e.g. 3pl-2000x20 for a quick check
                n, j = int(m.group(2)), int(m.group(3))
                datasets.append(Dataset(m.group(1), n, j, large=n * j >= 1_000_000))
            else:
                raise SystemExit(f"unknown data set {key!r}: use MODEL-NxJ with MODEL in rasch, 2pl, 3pl, grm")
    se_sets = SE_QUICK if args.quick else SE_FULL
    tools = set(args.tools.split(","))
    reps_small = args.reps or (2 if args.quick else 3)

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = os.path.join(WORK, "results", stamp)
    os.makedirs(out_dir, exist_ok=True)
    data_dir = os.path.join(WORK, "data")
    env = environment()
    t0 = time.perf_counter()

    records = []
    ours_unavailable = None
    plan = []
    for ds in datasets:
        reps = 1 if ds.large else reps_small
        for rep in range(reps):
            cfgs = configs_for(ds, se_sets, tools, args.girth_3pl_large)
            shift = rep % len(cfgs)
            for cfg in cfgs[shift:] + cfgs[:shift]:  # alternate: rotate the order every repetition
                if rep > 0 and cfg.once_if_large and ds.large:
                    continue
                plan.append((ds, rep, cfg))
    print(f"# {len(plan)} fits planned over {len(datasets)} data sets; results in {out_dir}", file=sys.stderr)
    if args.dry_run:
        for ds, rep, cfg in plan:
            print(f"{ds.key} rep {rep}: {cfg.name} ({cfg.settings})")
        os.rmdir(out_dir)
        return 0

    generated = {}
    for i, (ds, rep, cfg) in enumerate(plan, 1):
        if ds.key not in generated:
            g0 = time.perf_counter()
            csv_path = gen_data.ensure(ds.model, ds.persons, ds.items, args.seed, data_dir, ds.categories)
            with open(csv_path[:-4] + ".truth.json") as f:
                generated[ds.key] = (csv_path, json.load(f))
            print(f"# data {os.path.basename(csv_path)} ready ({time.perf_counter() - g0:.1f} s)", file=sys.stderr)
        csv_path, truth = generated[ds.key]
        out_json = os.path.join(out_dir, f"{ds.key}-{cfg.tool}-{cfg.label.replace(' ', '_')}"
                                         f"{'-se' if cfg.se else ''}-rep{rep}.json")
        if cfg.tool == "ours" and ours_unavailable:
            result = {"status": "not available"}
        elif cfg.tool == "ours":
            result = run_ours(cfg, ds, csv_path, out_json, args.timeout, args.ours_3pl_args.split())
            if result["status"] == "not available":
                ours_unavailable = result.get("why", "")
        else:
            result = run_peer(cfg, ds, csv_path, out_json, args.timeout)
        rec = {"dataset": ds.key, "model": ds.model, "size": ds.size, "persons": ds.persons, "items": ds.items,
               "tool": cfg.tool, "config": cfg.name, "label": cfg.label, "settings": cfg.settings, "se": cfg.se,
               "rep": rep, "status": result["status"], "wallSeconds": result.get("wallSeconds"),
               "inProcessSeconds": result.get("inProcessSeconds"),
               "peakMiB": result.get("peakMiB"), "fitPeakMiB": result.get("fitPeakMiB"),
               "iterations": result.get("iterations"), "converged": result.get("converged"),
               "toolSettings": result.get("settings"), "version": result.get("version")}
        if result["status"] == "ok":
            rec.update(recovery(truth, result.get("items", [])))
            if cfg.tool == "ours":
                rec["settings"] = ours_settings(result.get("settings"), cfg.se) or rec["settings"]
        records.append(rec)
        with open(os.path.join(out_dir, "results.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        shown = f"{rec['wallSeconds']:.2f} s" if rec["wallSeconds"] is not None else rec["status"]
        print(f"[{i}/{len(plan)}] {ds.key} rep {rep} {cfg.name}: {shown}"
              f"  (elapsed {time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    rows = summarise(records)
    with open(os.path.join(out_dir, "results.csv"), "w", newline="") as f:
        fields = ["dataset", "tool", "config", "settings", "se", "reps", "status", "wall", "peak", "cycles",
                  "converged", "rmseA", "rmseB", "rmseC", "ratio", "inProcess", "ratioInProcess"]
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    text = markdown(rows, datasets, env, ours_unavailable, NOTES)
    text += f"\nTotal run time {time.perf_counter() - t0:.0f} s. Raw records: results.jsonl beside this summary (Benchmarks/compare/.work/results/{os.path.basename(out_dir)}/).\n"
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(text)
    latest = os.path.join(WORK, "results", "latest")
    try:
        if os.path.islink(latest) or os.path.exists(latest):
            os.remove(latest)
        os.symlink(out_dir, latest)
    except OSError:
        pass
    print(text)
    failed = [r for r in rows if r["status"] not in ("ok", "not available")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
