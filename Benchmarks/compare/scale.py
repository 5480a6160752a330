#!/usr/bin/env python3
"""How our calibration time and peak memory grow with persons and items.

Called by scale.sh. Two sweeps of seeded 2PL data (gen_data.py):
  persons 10³ … 10⁶ at 50 items, and items 20 … 500 at 10,000 persons.
Each point is the whole `mentorcert calibrate DATA --model 2pl --no-se --no-fit --no-item-analysis --format json` process, timed as
in compare.py (wall clock, peak RSS from /usr/bin/time -v). --with-mirt adds mirt at the matched
settings (61 nodes, tol 1e-4, SQUAREM) for reference.

Writes .work/scale/scale.csv (sweep,tool,persons,items,wall_s,peak_mib,iterations,converged,status) and
.work/scale/scale.svg (four panels: time and peak memory against persons and against items; log axes),
drawn here without matplotlib.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402
import gen_data  # noqa: E402

PERSONS = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
ITEMS = [20, 50, 100, 200, 500]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--persons", default=",".join(map(str, PERSONS)), help="persons sweep (at --items-fixed items)")
    p.add_argument("--items", default=",".join(map(str, ITEMS)), help="items sweep (at --persons-fixed persons)")
    p.add_argument("--items-fixed", type=int, default=50)
    p.add_argument("--persons-fixed", type=int, default=10_000)
    p.add_argument("--model", default="2pl", choices=["rasch", "2pl", "3pl", "grm"])
    p.add_argument("--se", action="store_true", help="with standard errors (default --no-se)")
    p.add_argument("--with-mirt", action="store_true", help="also time mirt (61 nodes, tol 1e-4, SQUAREM)")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--seed", type=int, default=20251124)
    p.add_argument("--out-dir", default=os.path.join(compare.WORK, "scale"))
    args = p.parse_args(argv)

    os.makedirs(args.out_dir, exist_ok=True)
    data_dir = os.path.join(compare.WORK, "data")
    points = [("persons", n, args.items_fixed) for n in parse_list(args.persons)]
    points += [("items", args.persons_fixed, j) for j in parse_list(args.items)]
    tools = ["ours"] + (["mirt"] if args.with_mirt else [])
    rows = []
    t0 = time.perf_counter()
    for sweep, persons, items in points:
        ds = compare.Dataset(args.model, persons, items)
        csv_path = gen_data.ensure(args.model, persons, items, args.seed, data_dir)
        for tool in tools:
            out_json = os.path.join(args.out_dir, f"{ds.key}-{tool}.json")
            if tool == "ours":
                cfg = compare.Config("ours", "defaults", "", [], se=args.se)
                r = compare.run_ours(cfg, ds, csv_path, out_json, args.timeout, ["--guessing-prior", "none"])
            else:
                cfg = compare.Config("mirt", "matched", "", ["--nodes", "61", "--tol", "1e-4", "--accelerate", "squarem"]
                                     + (["--se"] if args.se else []), se=args.se)
                r = compare.run_peer(cfg, ds, csv_path, out_json, args.timeout)
            row = {"sweep": sweep, "tool": tool, "persons": persons, "items": items,
                   "wall_s": r.get("wallSeconds"), "peak_mib": r.get("peakMiB"), "iterations": r.get("iterations"),
                   "converged": r.get("converged"), "status": r["status"]}
            rows.append(row)
            shown = f"{row['wall_s']:.2f} s, {row['peak_mib'] or 0:.0f} MiB" if row["wall_s"] is not None else r["status"]
            print(f"{sweep:7s} {tool:5s} {persons:>9,} × {items:<4} {shown}  (elapsed {time.perf_counter() - t0:.0f} s)",
                  file=sys.stderr)
            if tool == "ours" and r["status"] == "not available":
                print(f"ours not available: {r.get('why', '')}", file=sys.stderr)
    csv_out = os.path.join(args.out_dir, "scale.csv")
    with open(csv_out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["sweep"])
        w.writeheader()
        w.writerows(rows)
    svg_out = os.path.join(args.out_dir, "scale.svg")
    with open(svg_out, "w") as f:
        f.write(svg(rows, args))
    print(f"wrote {csv_out}\nwrote {svg_out}")
    return 0


def parse_list(text: str) -> list[int]:
    return [int(v.replace("_", "")) for v in text.split(",") if v.strip()]


# --------------------------------------------------------------------------------------------------
# A small SVG line plot (log axes), no dependencies.

COLORS = {"ours": "#1f77b4", "mirt": "#d62728"}


def svg(rows, args) -> str:
    width, height = 980, 720
    panels = [
        ("persons", "wall_s", f"Time vs persons ({args.items_fixed} items)", "persons", "seconds"),
        ("persons", "peak_mib", f"Peak memory vs persons ({args.items_fixed} items)", "persons", "MiB"),
        ("items", "wall_s", f"Time vs items ({args.persons_fixed:,} persons)", "items", "seconds"),
        ("items", "peak_mib", f"Peak memory vs items ({args.persons_fixed:,} persons)", "items", "MiB"),
    ]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">MentorCert calibration scaling '
             f'({args.model.upper()}, {"with" if args.se else "no"} standard errors)</text>']
    pw, ph = 440, 290
    for k, (sweep, metric, title, xlabel, ylabel) in enumerate(panels):
        ox, oy = 60 + (k % 2) * (pw + 50), 50 + (k // 2) * (ph + 60)
        series = {}
        for r in rows:
            if r["sweep"] == sweep and r[metric] is not None:
                series.setdefault(r["tool"], []).append((r["persons"] if sweep == "persons" else r["items"], r[metric]))
        parts.append(panel(ox, oy, pw, ph, title, xlabel, ylabel, series))
    parts.append("</svg>\n")
    return "\n".join(parts)


def panel(ox, oy, w, h, title, xlabel, ylabel, series) -> str:
    out = [f'<g transform="translate({ox},{oy})">',
           f'<text x="{w / 2}" y="-8" text-anchor="middle" font-size="13">{esc(title)}</text>',
           f'<rect x="0" y="0" width="{w}" height="{h}" fill="none" stroke="#444"/>']
    pts = [pt for s in series.values() for pt in s if pt[1] > 0]
    if not pts:
        out.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle" fill="#888">no data</text></g>')
        return "\n".join(out)
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    x0, x1 = decade_floor(min(xs)), decade_ceil(max(xs))
    y0, y1 = decade_floor(min(ys)), decade_ceil(max(ys))

    def px(x):
        return (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) * w

    def py(y):
        return h - (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) * h

    for tick in log_ticks(x0, x1):
        X = px(tick)
        out.append(f'<line x1="{X:.1f}" y1="0" x2="{X:.1f}" y2="{h}" stroke="#eee"/>')
        out.append(f'<text x="{X:.1f}" y="{h + 15}" text-anchor="middle">{label(tick)}</text>')
    for tick in log_ticks(y0, y1):
        Y = py(tick)
        out.append(f'<line x1="0" y1="{Y:.1f}" x2="{w}" y2="{Y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="-6" y="{Y + 4:.1f}" text-anchor="end">{label(tick)}</text>')
    out.append(f'<text x="{w / 2}" y="{h + 32}" text-anchor="middle">{esc(xlabel)} (log)</text>')
    out.append(f'<text transform="translate(-45,{h / 2}) rotate(-90)" text-anchor="middle">{esc(ylabel)} (log)</text>')
    for i, (tool, s) in enumerate(sorted(series.items())):
        s = sorted(pt for pt in s if pt[1] > 0)
        color = COLORS.get(tool, "#2ca02c")
        path = " ".join(f"{'M' if j == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for j, (x, y) in enumerate(s))
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, y in s:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}">'
                       f'<title>{esc(tool)}: {x:,} → {y:.3g}</title></circle>')
        out.append(f'<text x="{10}" y="{16 + 14 * i}" fill="{color}">{esc(tool)}</text>')
    out.append("</g>")
    return "\n".join(out)


def decade_floor(v):
    return 10 ** math.floor(math.log10(v))


def decade_ceil(v):
    c = 10 ** math.ceil(math.log10(v))
    return c if c > v else c * 10


def log_ticks(lo, hi):
    ticks, t = [], lo
    while t <= hi * 1.0001:
        for m in (1, 2, 5):
            if lo <= t * m <= hi * 1.0001:
                ticks.append(t * m)
        t *= 10
    return ticks


def label(v):
    if v >= 1e6:
        return f"{v / 1e6:g}M"
    if v >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def esc(s: str) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
