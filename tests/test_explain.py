"""engine.explain: every number of one step, worked out, equals what training recorded."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from engine import Network, train
from engine import data as engine_data
from engine.explain import (
    GRADCHECK_FLOOR,
    GRADCHECK_TOLERANCE,
    KINDS,
    agrees,
    check_answer,
    explain_history_step,
    explain_step,
)

GRADIENTS = ("dw68", "dw69", "delta8", "delta9")
UPDATED = {"w68": "dw68", "w69": "dw69", "b8": "delta8", "b9": "delta9"}


def default_like_data():
    """The app's default data: moons, 200 points, noise 0.1, 30 % test, standardised."""
    X, y = engine_data.generate("moons", 200, 0.1, 0)
    split = engine_data.split_scale(X, y, test_ratio=0.3, seed=0, standardise=True)
    return split.X_train, split.y_train


@pytest.fixture(scope="module")
def default_run():
    """The app's default run: glorot start, α = 1, batch 8, shuffled, 40 epochs."""
    X, y = default_like_data()
    net = Network.init("glorot", 1.0, 0)
    return train(net, X, y, alpha=1.0, batch_size=8, epochs=40, shuffle=True, seed=0)


def runs():
    """Runs covering batch 1, a batch of several rows, a short last batch and the NumPy path."""
    X, y = default_like_data()
    net = Network.init("glorot", 1.0, 0)
    return {
        "batch 1": train(net, X, y, alpha=0.5, batch_size=1, epochs=1),
        "batch 8, short last batch": train(net, X, y, alpha=1.0, batch_size=8, epochs=2),
        "batch 32, NumPy path": train(net, X, y, alpha=2.0, batch_size=32, epochs=2, shuffle=True),
    }


RUNS = runs()


def picked_steps(history):
    """The first step, a middle one, the last step of epoch 1 (short batch) and the last."""
    steps = history.steps
    last_of_epoch_1 = int(steps.loc[steps["epoch"] == 1, "step"].max())
    return sorted({1, len(steps) // 2, last_of_epoch_1, len(steps)})


@pytest.mark.parametrize("name", list(RUNS))
def test_worked_numbers_equal_history(name):
    """Loss, δ8, δ9, Δw68, Δw69 and the old values equal the history's exactly, and the new
    values equal the network the step produced."""
    history = RUNS[name]
    for step in picked_steps(history):
        explanation = explain_history_step(history, step, gradcheck=False)
        row = history.steps.iloc[step - 1]
        assert explanation.n == row["batch_size"]
        assert explanation.cost == row["loss"]
        for kind in GRADIENTS:
            assert explanation.table_value(kind) == row[kind]
        after = history.network_after(step)
        for _, update in explanation.update.iterrows():
            assert update["old"] == row[update["parameter"]]
            assert update["new"] == after[update["parameter"]]
            assert update["alpha"] == row["alpha"]
        assert explanation.new_network == after


def test_short_last_batch_uses_its_own_n():
    """The last batch of an epoch (4 of 140 rows at batch 8) is explained with N = 4."""
    history = RUNS["batch 8, short last batch"]
    step = int(history.steps.loc[history.steps["epoch"] == 1, "step"].max())
    explanation = explain_history_step(history, step, gradcheck=False)
    assert explanation.n == 4
    assert explanation.scale == 1 / 8
    assert list(explanation.batch["row"]) == list(history.batch_rows(step))


@pytest.mark.parametrize("name", list(RUNS))
def test_both_forms_equal_the_table(name):
    """The long chain-rule product and the simplified 1/(2N) Σ form agree to 1e-12 of the
    size of their terms, and with the gradient table's value."""
    history = RUNS[name]
    for step in picked_steps(history):
        explanation = explain_history_step(history, step, gradcheck=False)
        terms = explanation.terms
        for kind in GRADIENTS:
            summands = terms[f"term_{kind}" if "w" in kind else f"error{kind[-1]}"]
            size = explanation.scale * np.abs(summands).sum()
            tolerance = 1e-12 * max(size, 1e-300)
            assert abs(explanation.long[kind] - explanation.simplified[kind]) <= tolerance
            assert abs(explanation.simplified[kind] - explanation.table_value(kind)) <= tolerance


def test_per_row_terms_are_the_factors_they_name():
    """Each row's terms are products of the values the forward pass gives for that row."""
    history = RUNS["batch 8, short last batch"]
    explanation = explain_history_step(history, 3, gradcheck=False)
    rows = history.batch_rows(3)
    result = history.network_before(3).forward(history.data.X[rows])
    terms = explanation.terms
    np.testing.assert_allclose(terms["o8"], result.out[8], rtol=1e-15)
    np.testing.assert_allclose(terms["out_h6"], result.out[6], rtol=1e-15)
    for j in range(2, 10):
        np.testing.assert_allclose(explanation.forward[f"net{j}"], result.net[j], rtol=1e-15)
    y1 = (history.data.y[rows] == 0).astype(float)
    np.testing.assert_array_equal(terms["error8"], terms["o8"] - y1)
    np.testing.assert_array_equal(terms["term_dw68"], terms["error8"] * terms["out_h6"])
    n = len(rows)
    expected = (-y1 / terms["o8"] + (1 - y1) / (1 - terms["o8"])) / (2 * n)
    np.testing.assert_allclose(terms["dcost_do8"], expected, rtol=1e-14)
    np.testing.assert_allclose(terms["slope8"], terms["o8"] * (1 - terms["o8"]), rtol=1e-15)
    brackets = explanation.forward["cost_term"].sum() / (2 * n)
    assert brackets == pytest.approx(explanation.cost, rel=1e-13)


def test_gradient_check_passes_on_the_default_run(default_run):
    """Central differences agree with backprop for every parameter on steps spread over the
    whole default run: relative error < 1e-6 wherever the gradient is resolvable (absolute
    error above the 1e-10 rounding floor), and never an absolute error above 1e-9."""
    for step in range(1, default_run.n_steps + 1, 11):
        check = explain_history_step(default_run, step).gradcheck
        assert len(check) == 24
        assert check["passed"].all(), check[~check["passed"]]
        resolvable = check[check["abs_error"] >= GRADCHECK_FLOOR]
        assert (resolvable["rel_error"] < GRADCHECK_TOLERANCE).all()
        assert check["abs_error"].max() < 1e-9
        # With the five-point stencil no parameter needs the floor on this run.
        assert (check["rel_error"] < GRADCHECK_TOLERANCE).all(), check


def test_saturated_output_flags_the_long_form_as_undefined():
    """When o8 rounds to exactly 1 and y1 = 0, ∂Cost/∂o8 is flagged undefined (NaN, no
    warning) while the simplified form and the table value stay finite."""
    net = Network.init("glorot", 1.0, 0).replace(b8=60.0)
    explanation = explain_step(net, [[0.5, -0.5]], [1], alpha=0.1)
    assert explanation.terms["o8"].iat[0] == 1.0
    assert not explanation.long_defined(8)
    assert math.isnan(explanation.long["dw68"])
    assert explanation.simplified["delta8"] == explanation.table_value("delta8") == 0.5
    assert explanation.long_defined(9)


def test_bad_arguments_name_themselves():
    """A wrong alpha or a rows list of the wrong length raises ValueError naming it."""
    net = Network.init("glorot", 1.0, 0)
    with pytest.raises(ValueError, match="alpha"):
        explain_step(net, [[0.0, 1.0]], [0], alpha=0)
    with pytest.raises(ValueError, match="rows"):
        explain_step(net, [[0.0, 1.0]], [0], alpha=1.0, rows=[1, 2])
    explanation = explain_step(net, [[0.0, 1.0]], [0], alpha=1.0)
    with pytest.raises(ValueError, match="kind"):
        check_answer("dw78", 0.1, explanation)


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_answer_accepts_the_right_value(default_run, kind):
    """The exact value and the value rounded to 4 significant figures are both right."""
    explanation = explain_history_step(default_run, 200, gradcheck=False)
    value = explanation.table_value(kind)
    assert check_answer(kind, value, explanation).correct
    assert check_answer(kind, float(f"{value:.4g}"), explanation, digits=4).correct
    assert not check_answer(kind, float(f"{value:.2g}") * 1.05, explanation, digits=4).correct


def slip_values(explanation, kind):
    """Wrong answers worked by hand from the terms, independently of engine.explain."""
    node = KINDS[kind][1]
    t = explanation.terms
    n = explanation.n
    o, y = t[f"o{node}"], t["y1" if node == 8 else "y2"]
    other_y = t["y2" if node == 8 else "y1"]
    factor = t["out_h6"] if "w" in kind else pd.Series(1.0, index=t.index)
    right = ((o - y) * factor).sum() / (2 * n)
    param = {"delta8": "b8", "delta9": "b9"}.get(kind, kind[1:])
    update = explanation.update.set_index("parameter").loc[param]
    values = {
        "x2N": right * 2 * n,
        "x2": right * 2,
        "xN": right * n,
        "sign": -right,
        "x2N+sign": -right * 2 * n,
        "other_target": ((o - other_y) * factor).sum() / (2 * n),
        "extra_slope": ((o - y) * o * (1 - o) * factor).sum() / (2 * n),
        "first_row": (o.iat[0] - y.iat[0]) * factor.iat[0] / (2 * n),
        "new_value": update["new"],
        "change": update["change"],
    }
    if "w" in kind:
        values["no_out_h6"] = (o - y).sum() / (2 * n)
        values["out_h7"] = ((o - y) * explanation.forward["out7"]).sum() / (2 * n)
    else:
        values["with_out_h6"] = ((o - y) * t["out_h6"]).sum() / (2 * n)
    return values


@pytest.fixture(scope="module")
def slip_step():
    """A mixed batch of 8 with α = 0.3, so −α·Δ and α·Δ differ from −Δ, 2Δ and the rest."""
    X, y = default_like_data()
    history = train(Network.init("glorot", 1.0, 0), X, y, alpha=0.3, batch_size=8, epochs=2)
    return explain_history_step(history, 20, gradcheck=False)


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_answer_names_each_slip(slip_step, kind):
    """Each usual slip, worked by hand, is recognised as that slip and called wrong."""
    explanation = slip_step
    for slip, value in slip_values(explanation, kind).items():
        verdict = check_answer(kind, value, explanation, digits=4)
        assert not verdict.correct, slip
        assert verdict.slip == slip, (slip, verdict.message)
        assert verdict.message.startswith("Not right")


def test_check_answer_names_the_wrong_rows_target(default_run):
    """Using one row's target for every row of a mixed batch is named as such."""
    explanation = explain_history_step(default_run, 200, gradcheck=False)
    t = explanation.terms
    assert 0 < t["y1"].sum() < explanation.n  # the batch holds both classes
    r = int(np.argmax(t["y1"].to_numpy() != t["y1"].iat[0]))
    value = ((t["o8"] - t["y1"].iat[r]) * t["out_h6"]).sum() / (2 * explanation.n)
    verdict = check_answer("dw68", value, explanation)
    assert verdict.slip == f"row_target_{r}"
    assert f"row {int(t['row'].iat[r])}'s target" in verdict.message


def test_check_answer_without_a_matching_slip_says_so(default_run):
    """A value no slip explains is wrong, with no guessed cause."""
    explanation = explain_history_step(default_run, 200, gradcheck=False)
    verdict = check_answer("delta8", 123.456, explanation)
    assert not verdict.correct
    assert verdict.slip is None


@pytest.mark.parametrize(
    ("typed", "expected", "digits", "result"),
    [
        (0.01235, 0.0123456, 4, True),
        (0.01234, 0.0123456, 4, False),
        (-1.234e-5, -1.23449e-5, 4, True),
        (1.2345e-5, -1.2345e-5, 4, False),
        (0.0, 0.0, 4, True),
        (math.nan, 0.1, 4, False),
    ],
)
def test_agrees_rounds_to_significant_figures(typed, expected, digits, result):
    """Agreement is judged to the given number of significant figures of the right value."""
    assert agrees(typed, expected, digits) is result
