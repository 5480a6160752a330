#!/usr/bin/env python3
"""Seeded response data for the comparison, identical for every tool.

Writes DATA.csv (wide: header ``person,I001,...``, person ids ``p00001``...) and DATA.truth.json with
the generating parameters in the logistic metric (no 1.702):

    dichotomous  P(X=1 | θ) = c + (1 − c) / (1 + exp(−(aθ + d))),  d = −a·b      (c = 0 unless 3PL)
    GRM          P(X ≥ k | θ) = 1 / (1 + exp(−(aθ + d_k))),  d_k = −a·b_k,  k = 1..K−1

Generating distributions: θ ~ N(0, 1); a ~ lognormal(0, 0.25) (Rasch: a = 1); b ~ N(0, 1);
c ~ U(0.10, 0.25) for 3PL; GRM thresholds b_k = μ + (−1.5, −0.5, 0.5, 1.5) + N(0, 0.15²), sorted,
μ ~ N(0, 0.5²) (5 categories, spaced so that no category is empty at 5,000 persons).

Usage: gen_data.py --model 2pl --persons 10000 --items 50 --seed 1 --out DIR
Prints the path of the CSV. Existing files with the same name are reused (the name carries model,
size and seed), unless --force.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

MODELS = ("rasch", "2pl", "3pl", "grm")


def dataset_name(model: str, persons: int, items: int, seed: int, categories: int) -> str:
    suffix = f"-k{categories}" if model == "grm" else ""
    return f"{model}-{persons}x{items}{suffix}-seed{seed}"


def generate(model: str, persons: int, items: int, seed: int, categories: int = 5):
    """Return (responses uint8 persons × items, truth dict)."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal(persons)
    if model == "rasch":
        a = np.ones(items)
    else:
        a = rng.lognormal(0.0, 0.25, items)
    truth_items = []
    if model in ("rasch", "2pl", "3pl"):
        b = rng.standard_normal(items)
        c = rng.uniform(0.10, 0.25, items) if model == "3pl" else np.zeros(items)
        d = -a * b
        responses = np.empty((persons, items), dtype=np.uint8)
        block = 50_000  # bounded memory at 10⁶ persons
        for start in range(0, persons, block):
            t = theta[start:start + block, None]
            p = c + (1.0 - c) / (1.0 + np.exp(-(a * t + d)))
            responses[start:start + block] = rng.random(p.shape) < p
        for j in range(items):
            item = {"id": item_id(j, items), "discrimination": float(a[j]), "difficulty": float(b[j]),
                    "intercept": float(d[j])}
            if model == "3pl":
                item["guessing"] = float(c[j])
            truth_items.append(item)
    elif model == "grm":
        k1 = categories - 1
        base = np.linspace(-1.5, 1.5, k1)
        mu = rng.normal(0.0, 0.5, items)
        thresholds = np.sort(mu[:, None] + base[None, :] + rng.normal(0.0, 0.15, (items, k1)), axis=1)
        intercepts = -a[:, None] * thresholds
        responses = np.empty((persons, items), dtype=np.uint8)
        block = 20_000
        for start in range(0, persons, block):
            t = theta[start:start + block, None, None]
            cumulative = 1.0 / (1.0 + np.exp(-(a[None, :, None] * t + intercepts[None])))  # P(X ≥ k)
            u = rng.random((t.shape[0], items, 1))
            responses[start:start + block] = (u < cumulative).sum(axis=2)
        for j in range(items):
            truth_items.append({"id": item_id(j, items), "discrimination": float(a[j]),
                                "thresholds": [float(v) for v in thresholds[j]],
                                "intercepts": [float(v) for v in intercepts[j]]})
    else:
        raise SystemExit(f"unknown model {model!r}; use one of {', '.join(MODELS)}")
    truth = {
        "model": model, "persons": persons, "itemCount": items, "seed": seed,
        "categories": categories if model == "grm" else 2,
        "metric": "logistic, no 1.702: P = c + (1-c)/(1+exp(-(a*theta + d))), d = -a*b; "
                  "GRM P(X>=k) = 1/(1+exp(-(a*theta + d_k))), d_k = -a*b_k",
        "generator": {
            "theta": "N(0,1)", "a": "1" if model == "rasch" else "lognormal(0, 0.25)",
            "b": "N(0,1)" if model != "grm" else "mu + (-1.5,-0.5,0.5,1.5) + N(0,0.15^2), sorted; mu ~ N(0,0.5^2)",
            "c": "U(0.10, 0.25)" if model == "3pl" else "0",
            "numpy": np.__version__, "bitGenerator": "PCG64 (numpy.random.default_rng)",
        },
        "items": truth_items,
    }
    return responses, truth


def item_id(j: int, items: int) -> str:
    return f"I{j + 1:0{max(3, len(str(items)))}d}"


def write_csv(path: str, responses: np.ndarray) -> None:
    """Write the wide CSV fast: single-digit cells, so the file is built as one byte array."""
    persons, items = responses.shape
    if responses.max(initial=0) > 9:
        raise SystemExit("write_csv handles single-digit categories only")
    width = max(5, len(str(persons)))
    header = "person," + ",".join(item_id(j, items) for j in range(items)) + "\n"
    prefix_len = 1 + width + 1  # "p" + digits + ","
    row_len = prefix_len + 2 * items  # digits and separators, last separator is "\n"
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(header.encode())
        block = 100_000
        for start in range(0, persons, block):
            stop = min(persons, start + block)
            n = stop - start
            buf = np.empty((n, row_len), dtype=np.uint8)
            ids = np.array([f"p{i:0{width}d}," for i in range(start + 1, stop + 1)], dtype=f"S{prefix_len}")
            buf[:, :prefix_len] = np.frombuffer(ids.tobytes(), dtype=np.uint8).reshape(n, prefix_len)
            buf[:, prefix_len::2] = responses[start:stop] + ord("0")
            buf[:, prefix_len + 1::2] = ord(",")
            buf[:, -1] = ord("\n")
            f.write(buf.tobytes())
    os.replace(tmp, path)


def ensure(model: str, persons: int, items: int, seed: int, out_dir: str, categories: int = 5,
           force: bool = False) -> str:
    """Generate DATA.csv and DATA.truth.json unless present; return the CSV path."""
    os.makedirs(out_dir, exist_ok=True)
    name = dataset_name(model, persons, items, seed, categories)
    csv_path = os.path.join(out_dir, name + ".csv")
    truth_path = os.path.join(out_dir, name + ".truth.json")
    if not force and os.path.exists(csv_path) and os.path.exists(truth_path):
        return csv_path
    responses, truth = generate(model, persons, items, seed, categories)
    write_csv(csv_path, responses)
    tmp = truth_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(truth, f, indent=1)
    os.replace(tmp, truth_path)
    return csv_path


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=MODELS, required=True)
    p.add_argument("--persons", type=int, required=True)
    p.add_argument("--items", type=int, required=True)
    p.add_argument("--categories", type=int, default=5, help="GRM only (default 5)")
    p.add_argument("--seed", type=int, default=20251124)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--force", action="store_true")
    args = p.parse_args(argv)
    print(ensure(args.model, args.persons, args.items, args.seed, args.out, args.categories, args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
