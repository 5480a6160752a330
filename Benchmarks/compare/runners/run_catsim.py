#!/usr/bin/env python3
"""Adaptive tests with catsim 0.21.0 on the comparison bank (`cat.sh`), timed in-process.

Reads bank.csv (``id,a,b,c,d``: catsim's item matrix columns a, b, c and the upper asymptote d) and
theta.csv (``person,theta``), runs one `catsim.simulation.Simulator` over the first N true θ and writes
per-candidate estimates and lengths with the seconds of `Simulator.simulate` alone (bank and θ
reading, imports and item-bank validation excluded).

The roles, as read from catsim 0.21.0's site-packages:

    initializer  FixedPointInitializer(0.0)                    (our start θ is 0)
    selector     MaxInfoSelector()                             (r_max = 1: no exposure control)
    estimator    NumericalSearchEstimator()                    (catsim has no EAP: its only estimator is
                 maximum likelihood, scipy `minimize_scalar(method="bounded")` on [−6, 6], with Dodd's
                 heuristic while all answers are right or all wrong — its default)
    stopper      MinErrorStopper(0.3, max_items=30)            (SE = 1/√(test information at θ̂);
                 stops when SE < 0.3 or at 30 items)

catsim's ICC is c + (d − c)/(1 + exp(−a(θ − b))) (`catsim.irt.icc`): the logistic metric, no 1.702,
the same as ours with d_ours = −a·b and upper asymptote 1. ``--check`` prints catsim's P(θ = 1) of the
first items so the caller can compare with its own formula.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_cat_data import read_bank_csv, read_theta_csv  # noqa: E402


def main(argv) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--bank", required=True)
    p.add_argument("--theta", required=True)
    p.add_argument("--examinees", type=int, default=None, help="the first N of theta.csv (default all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--target-se", type=float, default=0.3)
    p.add_argument("--max-length", type=int, default=30)
    p.add_argument("--check", action="store_true", help="print P(θ = 1) of the first 5 items and exit")
    p.add_argument("--out")
    args = p.parse_args(argv)

    import numpy as np
    import catsim
    from catsim import irt
    from catsim.estimation import NumericalSearchEstimator
    from catsim.initialization import FixedPointInitializer
    from catsim.item_bank import ItemBank
    from catsim.selection import MaxInfoSelector
    from catsim.simulation import Simulator
    from catsim.stopping import MinErrorStopper

    rows = read_bank_csv(args.bank)
    if args.check:
        print(json.dumps([{"id": i, "p": float(irt.icc(1.0, a, b, c, d))} for (i, a, b, c, d) in rows[:5]]))
        return 0

    thetas = read_theta_csv(args.theta, args.examinees)
    bank = ItemBank(np.array([[a, b, c, d] for (_, a, b, c, d) in rows], dtype=float))
    simulator = Simulator(bank, np.array(thetas, dtype=float), seed=args.seed)
    roles = dict(initializer=FixedPointInitializer(0.0), selector=MaxInfoSelector(),
                 estimator=NumericalSearchEstimator(), stopper=MinErrorStopper(args.target_se, max_items=args.max_length))
    start, cpu = time.perf_counter(), time.process_time()
    simulator.simulate(**roles)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu

    estimates = [float(x) for x in simulator.latest_estimations]
    lengths = [len(x) for x in simulator.administered_items]
    # The SE the stopper judged, at the final estimate (after the timing): 1/√(test information).
    ses = [float(irt.see(t, bank.get_items(items))) if items else float("inf")
           for t, items in zip(estimates, simulator.administered_items)]
    from importlib.metadata import version
    result = {
        "tool": "catsim", "version": version("catsim"), "python": sys.version.split()[0], "numpy": np.__version__,
        "seconds": seconds, "cpuSeconds": cpu_seconds, "examinees": len(thetas), "items": sum(lengths),
        "trueTheta": thetas, "estimate": estimates, "standardError": ses, "length": lengths,
        "settings": {k: str(v) for k, v in roles.items()},
        "notes": "estimator: maximum likelihood (catsim 0.21.0 has no EAP); SE = 1/sqrt(test information at the ML estimate)",
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
