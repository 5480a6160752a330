"""Shared helpers of the peer runners: reading the wide CSV, peak memory, writing the result JSON.

Every runner is its own process (one fit per process), so its peak RSS is that fit's alone:
- ``peakMiB``: the whole process's high-water mark (``resource.getrusage(RUSAGE_SELF).ru_maxrss``),
  interpreter, libraries and CSV parsing included — comparable with ours measured as a whole process.
- ``fitPeakMiB``: the high-water mark reached during the fit call alone (Linux: the peak is reset through
  ``/proc/self/clear_refs`` just before the fit and read from ``VmHWM`` after it); null elsewhere.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time

import numpy as np


def load_wide_csv(path: str):
    """Return (person ids, item ids, responses as int64 persons × items; -1 = missing)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={0: str}, na_values=["NA", ""], keep_default_na=False)
    persons = frame.iloc[:, 0].tolist()
    items = list(frame.columns[1:])
    values = frame.iloc[:, 1:].to_numpy(dtype=float)
    responses = np.where(np.isnan(values), -1, values).astype(np.int64)
    return persons, items, responses


def read_truth(csv_path: str) -> dict:
    with open(csv_path[:-4] + ".truth.json") as f:
        return json.load(f)


def _vm_hwm_mib() -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Reset the process's RSS high-water mark (Linux ≥ 4.0). True when it worked."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def process_peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform.startswith("linux") else peak / (1024.0 * 1024.0)


class FitTimer:
    """Times the fit alone and records the memory high-water marks around it."""

    def __enter__(self):
        self.process_peak_before = process_peak_mib()
        self.reset = reset_peak()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.start
        self.fit_peak = _vm_hwm_mib() if self.reset else None
        self.process_peak = max(self.process_peak_before, process_peak_mib(),
                                self.fit_peak or 0.0)
        return False


def write_result(path: str, payload: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f, indent=1, default=_json_default)
    os.replace(tmp, path)


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value)}")


def finite_or_none(x):
    x = float(x)
    return x if np.isfinite(x) else None
