#!/usr/bin/env python3
"""Fit one data set with mirt (PyPI "mirt", Rust back-end) and write the result JSON.

The fit alone is timed (CSV parsing excluded). Calls, as read from mirt 1.2.0's site-packages:

    mirt.fit_mirt(data, model="2PL"|"3PL"|"GRM"|"1PL", n_quadpts=21, max_iter=500, tol=1e-4,
                  compute_standard_errors=True, accelerate="none"|"squarem", ...) -> FitResult
    FitResult.n_iterations, .converged, .log_likelihood, .standard_errors, .model.parameters
    model.parameters: "discrimination" (a), "difficulty" (b; logit = a(θ − b), no 1.702),
                      "guessing" (c, 3PL), "thresholds" (GRM, items × (K−1), b_k)
    mirt.coef(result.model, irt_pars=False) -> {"slope": a, "intercept": −a·b, ...}
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from common import FitTimer, finite_or_none, load_wide_csv, write_result

MODELS = {"rasch": "1PL", "2pl": "2PL", "3pl": "3PL", "grm": "GRM"}


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", choices=sorted(MODELS), required=True)
    p.add_argument("--nodes", type=int, default=None, help="n_quadpts (mirt default 21)")
    p.add_argument("--tol", type=float, default=None, help="tol (mirt default 1e-4)")
    p.add_argument("--accelerate", choices=["none", "squarem"], default=None)
    p.add_argument("--max-iter", type=int, default=None)
    p.add_argument("--se", action="store_true", help="compute_standard_errors=True")
    p.add_argument("--no-warmup", action="store_true",
                   help="skip the untimed warm-up fit (mirt imports its back-ends lazily on first use)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)

    import mirt

    _, items, responses = load_wide_csv(args.data)
    kwargs = {"model": MODELS[args.model], "compute_standard_errors": bool(args.se), "item_names": items}
    if args.nodes is not None:
        kwargs["n_quadpts"] = args.nodes
    if args.tol is not None:
        kwargs["tol"] = args.tol
    if args.accelerate is not None:
        kwargs["accelerate"] = args.accelerate
    if args.max_iter is not None:
        kwargs["max_iter"] = args.max_iter

    if not args.no_warmup:
        # Untimed: the same call on the first 200 persons for two cycles, so that lazy imports and
        # back-end initialisation are not charged to the timed fit.
        warm = dict(kwargs, max_iter=2, compute_standard_errors=False)
        try:
            mirt.fit_mirt(responses[:200], **warm)
        except Exception:  # noqa: BLE001 - a warm-up failure must not hide the real fit's outcome
            pass

    with FitTimer() as timer:
        result = mirt.fit_mirt(responses, **kwargs)

    params = result.model.parameters
    a = np.asarray(params["discrimination"], dtype=float).reshape(len(items), -1)[:, 0]
    out_items = []
    for j, item in enumerate(items):
        entry = {"id": item, "discrimination": float(a[j])}
        if "difficulty" in params:
            b = float(np.asarray(params["difficulty"])[j])
            entry["difficulty"] = b
            entry["intercept"] = -float(a[j]) * b
        if "guessing" in params:
            entry["guessing"] = float(np.asarray(params["guessing"])[j])
        if "thresholds" in params:
            thr = np.asarray(params["thresholds"], dtype=float)[j]
            thr = thr[np.isfinite(thr)]
            entry["thresholds"] = [float(v) for v in thr]
            entry["intercepts"] = [-float(a[j]) * float(v) for v in thr]
        out_items.append(entry)

    write_result(args.out, {
        "tool": "mirt", "version": mirt.__version__,
        "settings": {"n_quadpts": kwargs.get("n_quadpts", 21), "tol": kwargs.get("tol", 1e-4),
                     "accelerate": kwargs.get("accelerate", "none"),
                     "compute_standard_errors": bool(args.se)},
        "wallSeconds": timer.wall, "peakMiB": timer.process_peak, "fitPeakMiB": timer.fit_peak,
        "iterations": int(result.n_iterations), "converged": bool(result.converged),
        "logLikelihood": finite_or_none(result.log_likelihood),
        "standardErrors": sorted(result.standard_errors) if result.standard_errors else [],
        "items": out_items,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
