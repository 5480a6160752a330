#!/usr/bin/env python3
"""Seeded item bank and true abilities for the adaptive-testing comparison (`cat.sh`).

Writes into OUT:

- ``bank.json``  the bank for MentorCert: the parameter document `mentorcert calibrate --format json`
  writes (schemaVersion 1, N(0, 1) latent distribution, one record per item with `id`, `model` "3pl",
  `discrimination` a, `intercept` d = −a·b, `difficulty` b, `guessing` c);
- ``bank.csv``   the same items for the peers: ``id,a,b,c,d`` with d the upper asymptote (1);
- ``theta.csv``  the true abilities, ``person,theta`` (DECISIONS §13, read by `exam simulate --theta`);
- ``meta.json``  what was generated.

Logistic metric without 1.702 on every side (DECISIONS §4):

    P(X = 1 | θ) = c + (1 − c) / (1 + exp(−(aθ + d))),  d = −a·b

Generating distributions: a ~ lognormal(0.3, 0.25) clipped to [0.6, 3] (median 1.35: a bank built for
adaptive testing, on which an SE of 0.3 is reachable within 30 items for most θ); b ~ N(0, 1) clipped to
±3; c ~ U(0.05, 0.20); θ ~ N(0, 1). The standard library's Mersenne Twister (``random.Random(seed)``) draws
them, so no third-party package is needed and the files depend on the seed alone.

Usage: gen_cat_data.py --items 500 --examinees 1000 --seed 1 --out DIR
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys


def generate(items: int, examinees: int, seed: int):
    """Return (item rows [(id, a, b, c)], thetas [float])."""
    rng = random.Random(seed)
    rows = []
    width = len(str(items))
    for j in range(items):
        a = min(3.0, max(0.6, math.exp(rng.gauss(0.3, 0.25))))
        b = min(3.0, max(-3.0, rng.gauss(0.0, 1.0)))
        c = rng.uniform(0.05, 0.20)
        rows.append((f"I{j + 1:0{width}d}", a, b, c))
    thetas = [rng.gauss(0.0, 1.0) for _ in range(examinees)]
    return rows, thetas


def probability(a: float, b: float, c: float, theta: float) -> float:
    """Our 3PL, in slope/intercept form: c + (1 − c)·logistic(aθ + d), d = −a·b."""
    d = -a * b
    return c + (1.0 - c) / (1.0 + math.exp(-(a * theta + d)))


def write(out: str, rows, thetas, seed: int) -> None:
    os.makedirs(out, exist_ok=True)
    document = {
        "schemaVersion": 1,
        "model": "3pl",
        "latentMean": 0.0,
        "latentVariance": 1.0,
        "latentMeanEstimated": False,
        "latentVarianceEstimated": False,
        "items": [
            {"id": i, "model": "3pl", "discrimination": a, "intercept": -a * b, "difficulty": b, "guessing": c}
            for (i, a, b, c) in rows
        ],
    }
    with open(os.path.join(out, "bank.json"), "w") as f:
        json.dump(document, f, indent=1)
    with open(os.path.join(out, "bank.csv"), "w") as f:
        f.write("id,a,b,c,d\n")
        for (i, a, b, c) in rows:
            f.write(f"{i},{a!r},{b!r},{c!r},1.0\n")
    width = len(str(len(thetas)))
    with open(os.path.join(out, "theta.csv"), "w") as f:
        f.write("person,theta\n")
        for k, t in enumerate(thetas):
            f.write(f"p{k + 1:0{width}d},{t!r}\n")
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump({"items": len(rows), "examinees": len(thetas), "seed": seed, "model": "3pl",
                   "distributions": {"a": "lognormal(0.3, 0.25) clipped to [0.6, 3]", "b": "N(0, 1) clipped to ±3",
                                     "c": "U(0.05, 0.20)", "theta": "N(0, 1)"}}, f, indent=1)


def read_bank_csv(path: str):
    """[(id, a, b, c, d)] of bank.csv (used by the peer runners)."""
    rows = []
    with open(path) as f:
        header = f.readline().strip().split(",")
        assert header == ["id", "a", "b", "c", "d"], header
        for line in f:
            i, a, b, c, d = line.strip().split(",")
            rows.append((i, float(a), float(b), float(c), float(d)))
    return rows


def read_theta_csv(path: str, limit: int | None = None):
    """The true θ of theta.csv, the first `limit` when given."""
    values = []
    with open(path) as f:
        assert f.readline().strip() == "person,theta"
        for line in f:
            if line.strip():
                values.append(float(line.split(",")[1]))
    return values[:limit] if limit else values


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--items", type=int, default=500)
    p.add_argument("--examinees", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    rows, thetas = generate(args.items, args.examinees, args.seed)
    write(args.out, rows, thetas, args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
