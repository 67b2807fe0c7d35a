"""The Step by step page's tables write numbers as a learner does: a leading zero, the
equations' six significant figures, scientific notation for tiny values, never a 0.0000."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from engine import Network
from engine import data as engine_data
from engine.explain import explain_step
from lab import live


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.00955162, "0.00955162"),  # printed ".00955162" in the update table
        (-0.0154743, "-0.0154743"),
        (0.768096, "0.768096"),
        (8.5383e-05, "8.53830e-05"),  # printed ".000085383", unlike the equation above it
        (1.2e-12, "1.20000e-12"),
        (2.08949, "2.08949"),
        (0.0, "0"),
        (1.0, "1"),
        (math.nan, "–"),
    ],
)
def test_cell_writes_numbers_as_the_equations_do(value, text):
    """A table cell holds the same digits ``tex`` writes in the equations."""
    assert live.cell(value) == text


def test_tables_of_a_step_show_cells_with_a_leading_zero():
    """Every float column of the update, batch and gradient-term tables is formatted by
    ``cell`` (so b9 = 0.00955162 reads so); whole-number columns stay numbers."""
    X, y = engine_data.generate("moons", 40, 0.1, 0)
    network = Network.init("glorot", 1.0, 0)
    explanation = explain_step(network, X[:8], y[:8], 1.0, gradcheck=False)
    update = explanation.update.assign(old=[0.5, -1.0, 0.00955162, 8.5383e-05])
    text = live.styled(update).to_string()
    assert "0.00955162" in text and "8.53830e-05" in text
    for frame in (live.batch_table(explanation), live.terms_table(explanation, "dw68")):
        shown = live.styled(frame).to_string()
        for column in frame.columns:
            if pd.api.types.is_float_dtype(frame[column]):
                assert live.cell(frame[column].iat[0]) in shown, column
