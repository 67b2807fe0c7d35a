"""Median wall time of the dashboard through AppTest: first run, rerun after α, largest run.

Run with ``.venv/bin/python benchmarks/app.py [repeats]``. Each repeat uses a fresh AppTest
session and clears Streamlit's caches first, so "first run" includes training. Targets:
a rerun after moving α at the default settings under 300 ms; the largest run the
controls allow (1,000 samples, test share 0.1, batch size 1, the most epochs) under 3 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
# The repository root first: benchmarks/engine.py would otherwise shadow the engine package.
sys.path.insert(0, str(ROOT))

from lab.settings import EPOCHS, N_SAMPLES, TEST_RATIO  # noqa: E402

APP = str(ROOT / "app.py")


def _timed(action) -> float:
    start = time.perf_counter()
    at = action()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure(repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        "first run": [],
        "rerun after moving α": [],
        "largest run": [],
        "largest run, cached rerun": [],
    }
    for k in range(repeats):
        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=120)
        times["first run"].append(_timed(at.run))
        alpha = at.select_slider(key="ctl.alpha")
        alpha.set_value(0.5 if k % 2 == 0 else 2.0)
        times["rerun after moving α"].append(_timed(at.run))

        big = AppTest.from_file(APP, default_timeout=120)
        big.query_params.update(
            {
                "n": str(N_SAMPLES[1]),
                "test": str(TEST_RATIO[0]),
                "batch": "1",
                "epochs": str(EPOCHS[1]),
                "seed": str(k + 1),
            }
        )
        times["largest run"].append(_timed(big.run))
        times["largest run, cached rerun"].append(_timed(big.run))
    return times


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    AppTest.from_file(APP, default_timeout=120).run()  # imports and warm-up
    for name, values in measure(repeats).items():
        print(
            f"{name:28s} median {1000 * statistics.median(values):7.0f} ms"
            f"   (min {1000 * min(values):.0f}, max {1000 * max(values):.0f}, n={len(values)})"
        )


if __name__ == "__main__":
    main()
