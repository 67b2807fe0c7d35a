"""Tables built from a run's history: the gradient table and its CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lab.format import GENERAL, SCIENTIFIC

# history.steps column -> heading shown; the four gradient headings are fixed by the issue.
STEP_HEADINGS = {
    "epoch": "epoch",
    "step": "step",
    "batch_size": "batch size",
    "loss": "batch loss",
    "dw68": "Δw68",
    "dw69": "Δw69",
    "delta8": "δ8",
    "delta9": "δ9",
    "w68": "w68 before",
    "w69": "w69 before",
    "b8": "b8 before",
    "b9": "b9 before",
}
MAX_TABLE_ROWS = 20_000  # rows sent to the browser at once; the CSV always has every step
# history.steps column -> CSV heading: plain ASCII names that say when each value was taken.
CSV_HEADINGS = {
    "loss": "batch_loss",
    "w68": "w68_before",
    "w69": "w69_before",
    "b8": "b8_before",
    "b9": "b9_before",
}


def gradient_table(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps with the columns the Gradients page shows, under their headings."""
    return steps[list(STEP_HEADINGS)].rename(columns=STEP_HEADINGS)


def gradient_columns() -> dict[str, st.column_config.Column]:
    """Number formats: scientific for the four gradients so 1e-7 never reads as 0.0000."""
    config: dict[str, st.column_config.Column] = {
        "epoch": st.column_config.NumberColumn(format="%d", width="small"),
        "step": st.column_config.NumberColumn(format="%d", width="small"),
        "batch size": st.column_config.NumberColumn(format="%d", width="small"),
        "batch loss": st.column_config.NumberColumn(format=GENERAL),
    }
    for heading in ("Δw68", "Δw69", "δ8", "δ9"):
        config[heading] = st.column_config.NumberColumn(
            format=SCIENTIFIC, help=f"{heading} of this step's batch, as used in its update"
        )
    for name in ("w68", "w69", "b8", "b9"):
        config[f"{name} before"] = st.column_config.NumberColumn(
            format=GENERAL, help=f"{name} before this step's update"
        )
    return config


def epochs_fitting(steps: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> int:
    """The last epoch such that epochs 1..it hold at most ``limit`` steps (at least 1)."""
    counts = steps.groupby("epoch").size().cumsum()
    fitting = counts[counts <= limit]
    return int(fitting.index[-1]) if len(fitting) else int(steps["epoch"].min())


def steps_csv(steps: pd.DataFrame) -> bytes:
    """Every step of the run as CSV, full precision.

    The headings follow the table's in ASCII: ``batch_loss``, the gradients ``dw68``,
    ``dw69``, ``delta8``, ``delta9``, and ``w68_before`` … ``b9_before`` for the parameters
    before the step's update, so none of them reads as a weight after it.
    """
    kept = steps.drop(columns=["row_start", "row_stop"], errors="ignore")
    return kept.rename(columns=CSV_HEADINGS).to_csv(index=False).encode()


def weights_table(
    scheme: dict[str, float], initial: dict[str, float], trained: dict[str, float]
) -> pd.DataFrame:
    """Each parameter's scheme value, the value training started from, and where it ended."""
    return pd.DataFrame(
        {
            "parameter": list(initial),
            "scheme": [scheme[n] for n in initial],
            "initial": list(initial.values()),
            "trained": [trained[n] for n in initial],
            "change": [trained[n] - initial[n] for n in initial],
            "moved by hand": [initial[n] != scheme[n] for n in initial],
        }
    )


def weights_columns() -> dict[str, st.column_config.Column]:
    config: dict[str, st.column_config.Column] = {
        name: st.column_config.NumberColumn(format=GENERAL)
        for name in ("scheme", "initial", "trained", "change")
    }
    config["moved by hand"] = st.column_config.CheckboxColumn()
    return config
