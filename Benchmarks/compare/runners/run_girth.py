#!/usr/bin/env python3
"""Fit one data set with girth 0.8.0 and write the result JSON.

The fit alone is timed (CSV parsing and the transpose girth needs excluded). Calls, as read from
girth 0.8.0's site-packages (data are items × persons; -99999 = missing):

    girth.rasch_mml(dataset, discrimination=1, options=None) -> {"Discrimination", "Difficulty"}
    girth.twopl_mml(dataset, options=None)   -> {"Discrimination", "Difficulty", "Ability", ...}
    girth.threepl_mml(dataset, options=None) -> {"Discrimination", "Difficulty", "Guessing"}
    girth.grm_mml(dataset, options=None)     -> {"Discrimination", "Difficulty" (items × K−1), ...}

Options (girth.default_options()): max_iteration 25, quadrature_n 41, quadrature_bounds (−4.5, 4.5)
(equally spaced nodes, N(0, 1) density), use_LUT True (2PL/GRM difficulties from a look-up table).
Convergence is fixed in girth's code: max |Δ discrimination| < 1e-3 between cycles (no tolerance
option). Discrimination is bounded to [0.2, 5] (2PL/GRM) or [0.25, 4] (3PL), guessing to [0, 0.33].
Logistic metric without 1.702: logit = a(θ − b).

Cycles: girth returns no iteration count; the runner counts them by wrapping the per-cycle call
(LatentPDF for 2PL/GRM, the full-test partial integral for 3PL). Rasch is one direct minimisation.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from common import FitTimer, load_wide_csv, write_result

MISSING = -99999  # girth.utilities.INVALID_RESPONSE


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", choices=["rasch", "2pl", "3pl", "grm"], required=True)
    p.add_argument("--nodes", type=int, default=None, help="quadrature_n (girth default 41)")
    p.add_argument("--bounds", type=float, nargs=2, default=None, help="quadrature_bounds (default -4.5 4.5)")
    p.add_argument("--max-iter", type=int, default=None, help="max_iteration (girth default 25)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)

    import girth

    _, items, responses = load_wide_csv(args.data)
    dataset = np.ascontiguousarray(np.where(responses < 0, MISSING, responses).T)
    options = {}
    if args.nodes is not None:
        options["quadrature_n"] = args.nodes
    if args.bounds is not None:
        options["quadrature_bounds"] = tuple(args.bounds)
    if args.max_iter is not None:
        options["max_iteration"] = args.max_iter
    effective = dict(girth.default_options())
    effective.update(options)

    cycles = {"n": 0}
    if args.model in ("2pl", "grm"):
        module = sys.modules["girth.unidimensional.polytomous.grm_mml"]
        base = module.LatentPDF

        class CountingLatentPDF(base):
            def __call__(self, *a, **k):
                cycles["n"] += 1
                return super().__call__(*a, **k)

        module.LatentPDF = CountingLatentPDF
    elif args.model == "3pl":
        module = sys.modules["girth.unidimensional.dichotomous.threepl_mml"]
        original = module._compute_partial_integral_3pl
        n_items = dataset.shape[0]

        def counting(theta, difficulty, *rest):
            if np.shape(difficulty)[0] == n_items and n_items > 1:
                cycles["n"] += 1
            return original(theta, difficulty, *rest)

        module._compute_partial_integral_3pl = counting

    fit = {"rasch": lambda d: girth.rasch_mml(d, discrimination=1, options=options),
           "2pl": lambda d: girth.twopl_mml(d, options=options),
           "3pl": lambda d: girth.threepl_mml(d, options=options),
           "grm": lambda d: girth.grm_mml(d, options=options)}[args.model]

    with FitTimer() as timer:
        result = fit(dataset)

    a = np.broadcast_to(np.asarray(result["Discrimination"], dtype=float), (len(items),))
    out_items = []
    for j, item in enumerate(items):
        entry = {"id": item, "discrimination": float(a[j])}
        if args.model == "grm":
            thr = np.asarray(result["Difficulty"], dtype=float)[j]
            thr = thr[np.isfinite(thr)]
            entry["thresholds"] = [float(v) for v in thr]
            entry["intercepts"] = [-float(a[j]) * float(v) for v in thr]
        else:
            b = float(np.asarray(result["Difficulty"], dtype=float).reshape(-1)[j])
            entry["difficulty"] = b
            entry["intercept"] = -float(a[j]) * b
            if "Guessing" in result:
                entry["guessing"] = float(np.asarray(result["Guessing"])[j])
        out_items.append(entry)

    max_iteration = effective["max_iteration"]
    n_cycles = cycles["n"] if args.model != "rasch" else None
    write_result(args.out, {
        "tool": "girth", "version": getattr(girth, "__version__", "0.8.0"),
        "settings": {"quadrature_n": effective["quadrature_n"],
                     "quadrature_bounds": list(effective["quadrature_bounds"]),
                     "max_iteration": max_iteration, "use_LUT": effective["use_LUT"],
                     "convergence": "max |delta a| < 1e-3 (fixed)"},
        "wallSeconds": timer.wall, "peakMiB": timer.process_peak, "fitPeakMiB": timer.fit_peak,
        "iterations": n_cycles,
        # girth does not report convergence; hitting max_iteration means it stopped unconverged.
        "converged": None if n_cycles is None else bool(n_cycles < max_iteration),
        "items": out_items,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
