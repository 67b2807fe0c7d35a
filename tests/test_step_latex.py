"""The worked equations of the Step by step page hold the numbers they claim."""

from __future__ import annotations

import re

import pytest

from engine import Network, train
from engine import data as engine_data
from engine.explain import explain_history_step, explain_step
from lab import live

KINDS = ("dw68", "dw69", "delta8", "delta9")


@pytest.fixture(scope="module")
def explanation():
    """Step 7 of a batch-8 run on moons: a batch of both classes."""
    X, y = engine_data.generate("moons", 200, 0.1, 0)
    split = engine_data.split_scale(X, y, test_ratio=0.3, seed=0)
    history = train(Network.init("glorot", 1.0, 0), split.X_train, split.y_train, batch_size=8)
    return explain_history_step(history, 7, gradcheck=False)


def numbers_in(text: str) -> list[float]:
    """The plain decimal numbers written in a LaTeX string (scientific ones read whole)."""
    text = re.sub(r"([-\d.]+) \\times 10\^\{(-?\d+)\}", r"\1e\2", text)
    return [float(m) for m in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


@pytest.mark.parametrize("kind", KINDS)
def test_simplified_form_writes_its_terms_and_total(explanation, kind):
    """The simplified equation shows each of the first rows' o and out_h6, N, and a total
    equal to the table's value at six significant figures."""
    text = live.latex_simplified(explanation, kind)
    node = 8 if kind.endswith("8") else 9
    for i in range(live.TERMS_WRITTEN):
        assert live.tex(explanation.terms[f"o{node}"].iat[i]) in text
        if kind.startswith("dw"):
            assert live.par(explanation.terms["out_h6"].iat[i]) in text
    assert rf"2 \cdot {explanation.n}" in text
    assert "(4 more)" in text
    assert text.endswith(live.tex(explanation.table_value(kind)) + r" \end{aligned}")


@pytest.mark.parametrize("kind", KINDS)
def test_long_form_rows_redo_to_their_stated_values(explanation, kind):
    """Redoing one row's long-form product from its shown factors gives its shown value
    to about five significant figures: a learner can follow the arithmetic."""
    text = live.latex_long_row(explanation, kind, 0)
    row = explanation.terms.iloc[0]
    node = 8 if kind.endswith("8") else 9
    dcost, slope = row[f"dcost_do{node}"], row[f"slope{node}"]
    assert live.tex(dcost) in text and live.tex(slope) in text
    stated = numbers_in(text)[-1]
    redone = float(live.tex(dcost)) * float(live.tex(slope))
    if kind.startswith("dw"):
        redone *= float(live.tex(row["out_h6"]))
    assert redone == pytest.approx(stated, rel=2e-5)
    assert stated == float(live.tex(row[f"long_{kind}"]))


def test_update_equations_show_old_alpha_gradient_and_new(explanation):
    """Each update line is old − α × Δ = new, with the step's numbers."""
    for _, row in explanation.update.iterrows():
        text = live.latex_update(explanation, row["parameter"])
        for value in (row["old"], row["new"]):
            assert live.tex(value) in text
        assert live.par(row["gradient"]) in text
        old, alpha, gradient, new = (float(live.tex(row[c])) for c in
                                     ("old", "alpha", "gradient", "new"))  # fmt: skip
        assert old - alpha * gradient == pytest.approx(new, abs=2e-5 * max(1, abs(new)))


def test_cost_and_forward_equations_hold_the_forward_values(explanation):
    """The cost line ends with the batch cost; a traced row shows every net and out."""
    assert live.latex_cost(explanation).endswith(live.tex(explanation.cost))
    lines = live.latex_forward_row(explanation, 2)
    forward = explanation.forward.iloc[2]
    assert len(lines) == 8
    for j, line in zip(range(2, 10), lines, strict=True):
        assert line.startswith(rf"\begin{{aligned}} net_{j} &= ")
        assert live.tex(forward[f"net{j}"]) in line and live.tex(forward[f"out{j}"]) in line
    assert live.tex(forward["cost_term"]) in live.latex_cost_row(explanation, 2)


def test_an_undefined_row_is_said_in_words():
    """A row whose o8 rounded to 1 against y1 = 0 is explained in words, not inf or NaN."""
    net = Network.init("glorot", 1.0, 0).replace(b8=60.0)
    explanation = explain_step(net, [[0.5, -0.5]], [1], alpha=0.1)
    text = live.latex_long_row(explanation, "dw68", 0)
    assert "undefined" in text
    assert "nan" not in text.lower() and "inf" not in text.lower()


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0117904123, "0.0117904"), (-1.23456789e-5, r"-1.23457 \times 10^{-5}"), (0.0, "0")],
)
def test_tex_numbers(value, shown):
    """Six significant figures, scientific below 1e-3, written for LaTeX."""
    assert live.tex(value) == shown


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.01179", 0.01179), ("−0,0688", -0.0688), ("1.2e-4", 1.2e-4), ("3×10^-2", 0.03),
     ("abc", None), ("inf", None)],
)  # fmt: skip
def test_parse_number_reads_what_people_type(text, value):
    """Typed answers accept a comma decimal, a Unicode minus and ×10^k; nonsense is None."""
    assert live.parse_number(text) == value
