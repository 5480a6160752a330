#!/usr/bin/env python3
"""Reference fixtures from an independent implementation: mirt from PyPI (Python, Rust core).

Writes small JSON fixtures next to this script, read by the Swift tests through #filePath
(`Tests/CalibrationTests/MirtReferenceTests.swift`, `Tests/ScoringTests/MirtScoringReferenceTests.swift`).
The tests never run Python; rerun this script only on purpose and say why in the commit:

    python3 -m venv /tmp/mirt-env && /tmp/mirt-env/bin/pip install mirt==1.2.0 pandas   # itemfit returns a DataFrame
    /tmp/mirt-env/bin/python Tests/Fixtures/mirt/make_fixtures.py

Every fixture records the mirt and NumPy versions and the settings of each call. The data are drawn
here with NumPy's PCG64 generator from fixed seeds (not by mirt's simulator), and stored in the
fixture as one string per person: one character per item, the category 0-9, "." when not presented.

Fixtures
  sx2-2pl.json      2PL data (500 persons x 10 items); mirt's 2PL fit (compared with Calibrator) and
                    mirt's S-X2 (Orlando & Thissen 2000) for those fitted items, on the engine's grid.
  fit-grm.json      GRM data (500 x 8, 4 categories) and mirt's fit.
  fit-gpcm.json     GPCM data (500 x 8, 4 categories) and mirt's fit.
  scores-2pl.json   EAP and WLE scores of 300 persons (5 % not presented) for given 2PL items.
  scores-grm.json   the same for given GRM items (4 categories).
  scores-gpcm.json  the same for given GPCM items (4 categories).

Quadrature. mirt's EM and EAP integrate with Gauss-Hermite rules for N(0, 1); the engine's calibration
uses 61 equally spaced nodes on [-6, 6] with normal weights. Fits are therefore run with
n_quadpts = 61 Gauss-Hermite nodes, where both rules integrate these smooth likelihoods essentially
exactly (the fixture also records the fit at 41 nodes; the difference bounds mirt's quadrature error).
S-X2 is computed by mirt on the engine's own grid (`quadrature_points`/`quadrature_weights`), and EAP by
mirt with 61 Gauss-Hermite nodes, which the Swift test reproduces with `QuadratureRule.gaussHermite(61)`.
Parameterisation (checked below against hand formulas): logit = a(theta - b); GRM thresholds b_k with
P(X >= k) = logistic(a(theta - b_k)); GPCM steps b_v with P(X = k) proportional to
exp(sum_{v<=k} a(theta - b_v)). The engine's intercepts are d = -a b.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import mirt

HERE = Path(__file__).resolve().parent
FIT_SETTINGS = {"estimation": "EM", "n_quadpts": 61, "tol": 1e-7, "max_iter": 5000,
                "accelerate": "none", "compute_standard_errors": False}
ENGINE_GRID = {"nodes": 61, "range": [-6.0, 6.0], "weights": "N(0,1) density at the nodes, normalised"}


def engine_grid():
    nodes = np.linspace(-6.0, 6.0, 61)
    w = np.exp(-0.5 * nodes ** 2)
    return nodes, w / w.sum()


def encode(responses):
    """One string per person: the category per item, '.' when not presented (negative code)."""
    return ["".join("." if v < 0 else str(int(v)) for v in row) for row in responses]


def provenance(seed, extra=None):
    out = {"tool": "mirt (PyPI)", "mirtVersion": mirt.__version__, "numpyVersion": np.__version__,
           "pythonVersion": sys.version.split()[0], "generator": "numpy.random.default_rng (PCG64)",
           "seed": seed, "script": "Tests/Fixtures/mirt/make_fixtures.py"}
    if extra:
        out.update(extra)
    return out


def simulate_dichotomous(rng, a, b, theta):
    p = 1 / (1 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
    return (rng.random(p.shape) < p).astype(int)


def category_probabilities(model, a, bs, theta):
    """persons x categories for one polytomous item (hand formulas, independent of mirt)."""
    if model == "GRM":
        cum = [np.ones_like(theta)] + [1 / (1 + np.exp(-a * (theta - bk))) for bk in bs] + [np.zeros_like(theta)]
        return np.stack([cum[k] - cum[k + 1] for k in range(len(bs) + 1)], axis=1)
    z = np.concatenate([np.zeros((theta.size, 1)), np.cumsum(a * (theta[:, None] - np.asarray(bs)[None, :]), axis=1)], axis=1)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def ordered_thresholds(rng, n_items):
    """Three increasing thresholds (steps) per item, at least 0.5 apart so that 500 persons use every
    category (the engine refuses unused categories unless asked to collapse them)."""
    first = rng.uniform(-2.0, -0.5, n_items)
    gaps = rng.uniform(0.5, 1.3, (n_items, 2))
    return np.round(np.column_stack([first, first + gaps[:, 0], first + gaps.sum(axis=1)]), 2)


def simulate_polytomous(rng, model, a, b, theta):
    out = np.empty((theta.size, a.size), dtype=int)
    for j in range(a.size):
        p = category_probabilities(model, a[j], b[j], theta)
        u = rng.random(theta.size)[:, None]
        out[:, j] = (u > np.cumsum(p, axis=1)).sum(axis=1)
    return np.minimum(out, b.shape[1])


def check_conventions():
    """mirt's probabilities equal the hand formulas above (else the fixtures would mislead)."""
    theta = np.linspace(-3, 3, 13)
    a, bs = 1.3, np.array([-1.0, 0.2, 0.9])
    for name, cls, key in [("GRM", mirt.GradedResponseModel, "thresholds"),
                           ("GPCM", mirt.GeneralizedPartialCredit, "steps")]:
        m = cls(1, 4)
        m.set_parameters(discrimination=np.array([a]), **{key: bs[None, :]})
        got = np.asarray(m.probability(theta[:, None], 0)).reshape(theta.size, 4)
        want = category_probabilities(name, a, bs, theta)
        assert np.max(np.abs(got - want)) < 1e-12, f"{name} convention differs: {np.max(np.abs(got - want))}"
    m = mirt.TwoParameterLogistic(1)
    m.set_parameters(discrimination=np.array([a]), difficulty=np.array([0.4]))
    got = np.asarray(m.probability(theta[:, None], 0)).ravel()
    assert np.max(np.abs(got - 1 / (1 + np.exp(-a * (theta - 0.4))))) < 1e-12, "2PL convention differs"


def fit(model, data, n_quadpts=61):
    kwargs = dict(FIT_SETTINGS, n_quadpts=n_quadpts)
    if model != "2PL":
        kwargs["n_categories"] = 4
    return mirt.fit_mirt(data, model=model, **kwargs)


def fitted_items(model, result):
    p = result.model.parameters
    a = np.asarray(p["discrimination"], dtype=float).reshape(-1)
    items = []
    for j in range(a.size):
        if model == "2PL":
            items.append({"discrimination": float(a[j]), "difficulty": float(np.asarray(p["difficulty"])[j])})
        else:
            key = "thresholds" if model == "GRM" else "steps"
            items.append({"discrimination": float(a[j]), key: [float(v) for v in np.asarray(p[key], dtype=float)[j]]})
    return items


def fit_record(model, data):
    r61 = fit(model, data, 61)
    r41 = fit(model, data, 41)
    return {
        "settings": FIT_SETTINGS,
        "converged": bool(r61.converged), "iterations": int(r61.n_iterations),
        "logLikelihood": float(r61.log_likelihood),
        "items": fitted_items(model, r61),
        "itemsAt41Nodes": fitted_items(model, r41),
        "logLikelihoodAt41Nodes": float(r41.log_likelihood),
    }


def write(name, document):
    path = HERE / name
    path.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {path.relative_to(HERE.parent.parent.parent)} ({path.stat().st_size} bytes)")


def sx2_fixture():
    seed = 14_701
    rng = np.random.default_rng(seed)
    a = np.round(rng.uniform(0.7, 2.0, 10), 2)
    b = np.round(rng.uniform(-1.5, 1.5, 10), 2)
    theta = rng.standard_normal(500)
    data = simulate_dichotomous(rng, a, b, theta)
    fitted = fit_record("2PL", data)
    result = fit("2PL", data, 61)
    nodes, weights = engine_grid()
    settings = {"statistics": ["S_X2"], "min_expected": 1.0, "quadrature_points": ENGINE_GRID,
                "item_parameter_counts": "default (2 free parameters per 2PL item)", "p_adjust": "none"}
    table = mirt.itemfit(result, data, statistics=["S_X2"], min_expected=1.0,
                         quadrature_points=nodes, quadrature_weights=weights)
    rows = table.to_dict(orient="records") if hasattr(table, "to_dict") else table
    cols = list(rows[0].keys())
    sx2 = []
    for j, row in enumerate(rows):
        stat = row.get("S_X2")
        sx2.append({"item": j, "sx2": float(stat), "df": int(row["df"]), "p": float(row["p_value"])})
    write("sx2-2pl.json", {
        "provenance": provenance(seed, {"itemfitSettings": settings, "itemfitColumns": cols}),
        "model": "2PL", "generating": {"discrimination": a.tolist(), "difficulty": b.tolist()},
        "responses": encode(data), "fit": fitted, "sx2": sx2,
    })


def poly_fit_fixture(model, seed, file):
    rng = np.random.default_rng(seed)
    a = np.round(rng.uniform(0.8, 2.0, 8), 2)
    b = ordered_thresholds(rng, 8)
    theta = rng.standard_normal(500)
    data = simulate_polytomous(rng, model, a, b, theta)
    for j in range(data.shape[1]):
        assert set(data[:, j]) == {0, 1, 2, 3}, f"{file}: item {j + 1} leaves a category unused"
    key = "thresholds" if model == "GRM" else "steps"
    write(file, {
        "provenance": provenance(seed), "model": model, "categories": 4,
        "generating": {"discrimination": a.tolist(), key: b.tolist()},
        "responses": encode(data), "fit": fit_record(model, data),
    })


def scores_fixture(model, seed, file):
    rng = np.random.default_rng(seed)
    n_items = 10 if model == "2PL" else 8
    a = np.round(rng.uniform(0.7, 2.0, n_items), 2)
    theta = rng.normal(0.0, 1.2, 300)
    if model == "2PL":
        b = np.round(rng.uniform(-2.0, 2.0, n_items), 2)
        m = mirt.TwoParameterLogistic(n_items)
        m.set_parameters(discrimination=a, difficulty=b)
        data = simulate_dichotomous(rng, a, b, theta)
        items = {"discrimination": a.tolist(), "difficulty": b.tolist()}
    else:
        b = ordered_thresholds(rng, n_items)
        key = "thresholds" if model == "GRM" else "steps"
        m = (mirt.GradedResponseModel if model == "GRM" else mirt.GeneralizedPartialCredit)(n_items, 4)
        m.set_parameters(discrimination=a, **{key: b})
        data = simulate_polytomous(rng, model, a, b, theta)
        items = {"discrimination": a.tolist(), key: b.tolist()}
    data = np.where(rng.random(data.shape) < 0.05, -1, data)
    data[0, :] = 0                                    # extreme patterns: every item in its lowest
    data[1, :] = 1 if model == "2PL" else 3           # and in its highest category
    m._is_fitted = True  # mirt 1.2.0 scores only "fitted" models; these parameters are given, not fitted
    eap = mirt.fscores(m, data, method="EAP", n_quadpts=61)
    wle = mirt.fscores(m, data, method="WLE", bounds=(-6.0, 6.0))
    write(file, {
        "provenance": provenance(seed, {"fscores": {"EAP": {"n_quadpts": 61, "rule": "Gauss-Hermite for N(0, 1)",
                                                              "prior": "N(0, 1)"},
                                                    "WLE": {"bounds": [-6.0, 6.0]}}}),
        "model": model, "categories": 2 if model == "2PL" else 4, "items": items,
        "responses": encode(data),
        "eap": {"theta": np.asarray(eap.theta).ravel().tolist(),
                "standardError": np.asarray(eap.standard_error).ravel().tolist()},
        "wle": {"theta": np.asarray(wle.theta).ravel().tolist(),
                "standardError": np.asarray(wle.standard_error).ravel().tolist()},
    })


def main():
    check_conventions()
    sx2_fixture()
    poly_fit_fixture("GRM", 14_702, "fit-grm.json")
    poly_fit_fixture("GPCM", 14_703, "fit-gpcm.json")
    scores_fixture("2PL", 14_711, "scores-2pl.json")
    scores_fixture("GRM", 14_712, "scores-grm.json")
    scores_fixture("GPCM", 14_713, "scores-gpcm.json")


if __name__ == "__main__":
    main()
