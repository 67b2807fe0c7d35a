"""The Math page's step 1 with numbers: every number shown is the history's, as shown
on the Gradients page, and the page draws it beside the symbolic formulas."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import Network, train
from engine import data as engine_data
from lab import live, runs, worked

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def history():
    """The default run's shape: moons, glorot weights, batch 8, shuffled."""
    X, y = engine_data.generate("moons", 200, 0.1, 0)
    split = engine_data.split_scale(X, y, test_ratio=0.3, seed=0)
    return train(
        Network.init("glorot", 1.0, 0), split.X_train, split.y_train, alpha=1.0,
        batch_size=8, epochs=1, shuffle=True, seed=0,
    )  # fmt: skip


@pytest.fixture(scope="module")
def step(history):
    return worked.first_step(history)


def test_forward_pass_traces_the_first_row_of_step_ones_batch(history, step):
    """The inputs are row batch_rows(1)[0], every weight is the initial one, and each
    net_j and out_j equals the network's own forward pass at six significant figures."""
    row = int(history.batch_rows(1)[0])
    x = history.data.X[row]
    assert f"training row {row}" in step.about
    assert live.tex(x[0]) in step.forward[0] and live.tex(x[1]) in step.forward[0]
    weights = history.network_before(1).to_dict()
    assert weights == history.initial.to_dict()
    result = history.network_before(1).forward(x[None, :])
    lines = step.forward[1:]
    assert len(lines) == 8
    for j, line in zip(range(2, 10), lines, strict=True):
        a = 2 * (j // 2) - 2
        assert live.par(weights[f"w{a}{j}"]) in line and live.par(weights[f"b{j}"]) in line
        assert live.tex(result.net[j][0]) in line and live.tex(result.out[j][0]) in line


def test_cost_is_step_ones_batch_loss(history, step):
    """The batch cost written ends with the batch loss the history records for step 1."""
    assert step.cost[-1].endswith("= " + live.tex(history.steps["loss"].iat[0]))
    assert rf"2 \cdot {len(history.batch_rows(1))}" in step.cost[-1]


@pytest.mark.parametrize(("index", "column"), [(0, "delta8"), (1, "dw68")])
def test_gradients_end_with_the_gradient_tables_values(history, step, index, column):
    """δ8 and Δw68 are written as 1/(2N) Σ (o8 − y1)[·out_h6] with the first rows' terms
    and totals equal to the step-1 row of the Gradients table."""
    value = history.steps[column].iat[0]
    text = step.gradients[index]
    assert text.endswith(live.tex(value) + r" \end{aligned}")
    first = step.explanation.terms.iloc[0]
    assert f"({live.tex(first['o8'])} - {int(first['y1'])})" in text
    if column == "dw68":
        assert live.par(first["out_h6"]) in text
    assert f"{value:.3e}" in step.table


def test_update_goes_from_w68_before_step_one_to_w68_before_step_two(history, step):
    """w68 ← w68 − α Δw68 starts at the table's 'w68 before' of step 1 and ends at step 2's."""
    text = step.update[0]
    steps = history.steps
    assert text.startswith(r"w_{68} \leftarrow w_{68} - \alpha\,\Delta w_{68} = ")
    assert live.tex(steps["w68"].iat[0]) in text
    assert live.par(steps["dw68"].iat[0]) in text
    assert text.endswith("= " + live.tex(steps["w68"].iat[1]))
    assert np.isclose(steps["w68"].iat[1], steps["w68"].iat[0] - steps["dw68"].iat[0])


def test_a_run_without_steps_has_nothing_to_work_out():
    """Zero epochs train no step: there is no step 1 to show, and no error."""
    X, y = engine_data.generate("blobs", 40, 0.1, 0)
    history = train(Network.init("glorot", 1.0, 0), X, y, epochs=0)
    assert worked.first_step(history) is None


def test_math_page_shows_step_one_and_links_to_step_by_step():
    """The page keeps its symbolic formulas and adds the run's step 1: its batch loss,
    its Δw68 and the new w68, then a link to the Step by step page."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/math.py").run()
    assert not at.exception and not at.error
    latex = "\n".join(block.value for block in at.latex)
    assert r"\Delta w_{68} = \frac{1}{2N}\sum_{n}" in latex  # the symbolic form stays
    history = runs.run(at.session_state["lab.settings"])  # the run the page used
    for value in (history.steps["loss"].iat[0], history.steps["dw68"].iat[0]):
        assert live.tex(value) in latex
    assert live.tex(history.steps["w68"].iat[1]) in latex
    assert sum("With this run's numbers" in m.value for m in at.markdown) == 4
    assert [link.value for link in at.page_link] == [
        "Any other step, all four gradients and the long chain-rule form: Step by step"
    ]


def math_page_latex() -> str:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/math.py").run()
    assert not at.exception and not at.error
    return "\n".join(block.value for block in at.latex)


def test_math_page_names_hidden_outputs_as_the_step_page_does():
    """The symbolic formulas wrote out_6 and out_7 while the numbers below them and the
    Step by step page write out_{h6}: every formula uses the seed's out_{h6}, o_8, x_0."""
    latex = math_page_latex()
    assert not re.findall(r"out_\{?[2-9]", latex)
    assert r"w_{68}\,out_{h6} + w_{78}\,out_{h7} + b_8" in latex
    assert r"(o_8 - y_1)\,out_{h6}" in latex


def test_math_page_delta6_sums_per_row_products():
    """δ6 was written out6(1 − out6)(w68 δ8 + w69 δ9), a row's slope times batch sums; it
    is the sum over the batch of each row's slope times that row's ∂Cost/∂net8, ∂Cost/∂net9."""
    latex = math_page_latex()
    delta6 = next(line for line in latex.split("\n") if line.startswith(r"\delta_6"))
    assert delta6.startswith(r"\delta_6 = \sum_{n} out_{h6}(1-out_{h6})")
    assert r"w_{68}\,\frac{o_8 - y_1}{2N} + w_{69}\,\frac{o_9 - y_2}{2N}" in delta6
    assert r"\delta_8" not in delta6 and r"\delta_9" not in delta6
