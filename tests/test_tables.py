"""The gradient table's CSV: every step, full precision, headings that say when each value is."""

import io

import pandas as pd

from lab import runs, tables
from lab.settings import DEFAULTS


def test_steps_csv_names_the_weights_before_the_update():
    """The CSV was headed loss, w68, w69, b8, b9, which read as the weights after the step;
    its headings now match the table's "batch loss" and "w68 before"."""
    steps = runs.run(DEFAULTS.replace(epochs=2)).steps
    frame = pd.read_csv(io.BytesIO(tables.steps_csv(steps)))
    assert list(frame.columns) == [
        "epoch",
        "step",
        "batch_size",
        "alpha",
        "batch_loss",
        "dw68",
        "dw69",
        "delta8",
        "delta9",
        "w68_before",
        "w69_before",
        "b8_before",
        "b9_before",
    ]
    assert len(frame) == len(steps)
    assert frame["w68_before"].iloc[0] == steps["w68"].iloc[0]
    assert frame["dw68"].tolist() == steps["dw68"].tolist()
