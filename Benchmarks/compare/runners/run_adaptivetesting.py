#!/usr/bin/env python3
"""Adaptive tests with adaptivetesting (PyPI) on the comparison bank (`cat.sh`), timed in-process.

Reads bank.csv (``id,a,b,c,d``) and theta.csv (``person,theta``) and runs, for each of the first N true
θ, one `adaptivetesting.TestAssembler` driven by `adaptivetesting.Simulation.simulate` — what the
package's own `setup_simulation_and_start` does, without writing the result files. As read from
adaptivetesting 1.2.1's site-packages:

    TestAssembler(item_pool, simulation_id, participant_id,
                  ability_estimator=ExpectedAPosteriori,                 # EAP: trapezoid rule on 1,000
                  estimator_args={"prior": NormalPrior(0, 1),            # equally spaced points of the
                                  "optimization_interval": (-6, 6)},     # interval (ours: 61 nodes, ±6)
                  item_selector=maximum_information_criterion,           # maximum Fisher information
                  true_ability_level=θ, initial_ability_level=0, seed=…)
    Simulation(test, ResultOutputFormat.CSV).simulate(
        criterion=[StoppingCriterion.SE, StoppingCriterion.LENGTH], value=[0.3, 30])

The SE is the posterior SD (the EAP's), stop when SE ≤ 0.3 or at 30 items. Responses: the package draws
one response per bank item when the test is constructed (`generate_response_pattern`, numpy
RandomState(seed)) and the item pool is deep-copied per candidate. Two times are recorded:
``seconds`` — the `simulate` loops alone (selection, estimation, SE; the figure used for items per
second, generous to the peer) — and ``setupSeconds`` — constructing the tests (pool copy and response
drawing). Its probability is c + (d − c)·logistic(a(θ − b)) (`probability_y1`): logistic metric, no 1.702.
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
    import adaptivetesting as adt

    rows = read_bank_csv(args.bank)
    if args.check:
        print(json.dumps([{"id": i, "p": float(adt.probability_y1(np.array(1.0), np.array(a), np.array(b), np.array(c),
                                                                  np.array(d)))} for (i, a, b, c, d) in rows[:5]]))
        return 0

    thetas = read_theta_csv(args.theta, args.examinees)
    pool = adt.ItemPool.load_from_list(b=[r[2] for r in rows], a=[r[1] for r in rows], c=[r[3] for r in rows],
                                       d=[r[4] for r in rows], ids=list(range(len(rows))))
    estimates, lengths, ses = [], [], []
    loop_seconds = setup_seconds = cpu_seconds = 0.0
    for k, theta in enumerate(thetas):
        t0 = time.perf_counter()
        test = adt.TestAssembler(item_pool=pool, simulation_id="cat-compare", participant_id=str(k),
                                 ability_estimator=adt.ExpectedAPosteriori,
                                 estimator_args={"prior": adt.NormalPrior(0, 1), "optimization_interval": (-6, 6)},
                                 item_selector=adt.maximum_information_criterion,
                                 true_ability_level=theta, initial_ability_level=0, seed=args.seed * 1_000_003 + k)
        simulation = adt.Simulation(test=test, test_result_output=adt.ResultOutputFormat.CSV)
        t1, c1 = time.perf_counter(), time.process_time()
        simulation.simulate(criterion=[adt.StoppingCriterion.SE, adt.StoppingCriterion.LENGTH],
                            value=[args.target_se, args.max_length])
        t2, c2 = time.perf_counter(), time.process_time()
        cpu_seconds += c2 - c1
        setup_seconds += t1 - t0
        loop_seconds += t2 - t1
        estimates.append(float(test.ability_level))
        ses.append(float(test.standard_error))
        lengths.append(len(test.answered_items))

    from importlib.metadata import version
    result = {
        "tool": "adaptivetesting", "version": version("adaptivetesting"), "python": sys.version.split()[0],
        "numpy": np.__version__, "seconds": loop_seconds, "cpuSeconds": cpu_seconds, "setupSeconds": setup_seconds,
        "examinees": len(thetas), "items": sum(lengths),
        "trueTheta": thetas, "estimate": estimates, "standardError": ses, "length": lengths,
        "settings": {"estimator": "ExpectedAPosteriori, NormalPrior(0, 1), interval (-6, 6)",
                     "selector": "maximum_information_criterion",
                     "stop": f"SE <= {args.target_se} or {args.max_length} items"},
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
