"""The engine against the closed forms of DESIGN.md, finite differences and hand arithmetic.

Run with numpy warnings as errors (pyproject sets it): a warning is a failure here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import PARAM_NAMES, Network, Trainer, gradient_check, numeric_gradients, train
from engine.network import forward_columns, row_cost_and_gradients, scalar_sigmoid, sigmoid
from engine.training import SCALAR_MAX_BATCH, TrainingData, step_params
from tests.conftest import two_class_data

pytestmark = pytest.mark.filterwarnings("error")

ZERO = dict.fromkeys(PARAM_NAMES, 0.0)


def random_network(seed: int, scale: float = 1.0) -> Network:
    return Network.init("normal", scale=scale, seed=seed)


# The worked step -------------------------------------------------------------------------


def test_one_step_worked_by_hand():
    """Three rows labelled 1, 0, 1 under all-zero weights give the textbook numbers."""
    X = np.array([[0.5, -1.0], [2.0, 0.0], [-1.5, 3.0]])
    y = np.array([1, 0, 1])
    net = Network.from_dict(ZERO)

    # Every net is 0, so every out is sigmoid(0) = 1/2, o8 = o9 = 1/2 on every row.
    # Each row costs -(log 1/2 + log 1/2) = 2 ln 2; Cost = 1/(2*3) * 3 * 2 ln 2 = ln 2.
    assert net.cost(X, y) == pytest.approx(math.log(2), rel=1e-15)

    grads = net.gradients(X, y)
    # Targets: label 1 -> (y1, y2) = (0, 1); label 0 -> (1, 0).
    # δ8 = 1/(2N) Σ (o8 - y1) = 1/6 * [(1/2 - 0) + (1/2 - 1) + (1/2 - 0)] = 1/6 * 1/2 = 1/12
    assert grads["b8"] == pytest.approx(1 / 12, rel=1e-14)
    # δ9 = 1/6 * [(1/2 - 1) + (1/2 - 0) + (1/2 - 1)] = 1/6 * (-1/2) = -1/12
    assert grads["b9"] == pytest.approx(-1 / 12, rel=1e-14)
    # Δw68 = 1/6 Σ (o8 - y1) out_h6 with out_h6 = 1/2 on every row: 1/12 * 1/2 = 1/24
    assert grads["w68"] == pytest.approx(1 / 24, rel=1e-14)
    # Δw69 = -1/12 * 1/2 = -1/24
    assert grads["w69"] == pytest.approx(-1 / 24, rel=1e-14)
    # Layers 2 to 4 receive δ through weights that are all 0, so their gradients are 0.
    hidden = [name for name in PARAM_NAMES if name[-1] not in "89"]
    assert all(grads[name] == 0.0 for name in hidden)

    # The recorded step carries the same numbers, and the update is p - α Δp.
    history = train(net, X, y, alpha=0.5, batch_size=3, epochs=1)
    step = history.steps.iloc[0]
    assert step["loss"] == pytest.approx(math.log(2), rel=1e-15)
    assert (step["delta8"], step["delta9"]) == pytest.approx((1 / 12, -1 / 12), rel=1e-14)
    assert (step["dw68"], step["dw69"]) == pytest.approx((1 / 24, -1 / 24), rel=1e-14)
    assert history.network["w68"] == pytest.approx(-0.5 / 24, rel=1e-14)
    assert history.network["b9"] == pytest.approx(0.5 / 12, rel=1e-14)


# Gradients against finite differences ------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rows", [1, 3, 17])
def test_gradients_match_central_differences(seed, rows):
    """All 24 backprop gradients agree with central differences to a relative 1e-6."""
    X, y = two_class_data(rows, seed)
    table = gradient_check(random_network(seed), X, y)
    meaningful = table["analytic"].abs() > 1e-7
    assert (table.loc[meaningful, "rel_error"] < 1e-6).all(), table
    assert (table["abs_error"] < 1e-9).all(), table


@pytest.mark.parametrize("seed", range(4))
def test_gradients_match_when_hidden_layers_saturate(seed):
    """Weights of size 6 push hidden nets far from 0; backprop still matches differences."""
    X, y = two_class_data(9, seed, spread=2.0)
    net = random_network(seed, scale=6.0)
    nets, _ = forward_columns(net.params, X.T.copy())
    assert max(np.abs(z).max() for z in nets[:3]) > 10  # some hidden node is saturated
    table = gradient_check(net, X, y)
    meaningful = table["analytic"].abs() > 1e-6
    assert meaningful.sum() >= 4
    assert (table.loc[meaningful, "rel_error"] < 1e-6).all(), table
    assert (table["abs_error"] < 1e-8).all(), table


def test_huge_inputs_and_weights_stay_finite_without_warnings():
    """Inputs of ±1000 and weights of 50: no warning, a finite cost, correct gradients."""
    X = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [1000.0, 1000.0], [0.001, -0.002]])
    y = np.array([0, 1, 1, 0])
    net = Network.from_dict(
        {name: (50.0 if k % 3 else -50.0) for k, name in enumerate(PARAM_NAMES)}
    )
    cost = net.cost(X, y)
    assert math.isfinite(cost) and cost > 0
    proba = net.predict_proba(X)
    assert np.isfinite(proba).all() and ((proba >= 0) & (proba <= 1)).all()

    grads = np.array(list(net.gradients(X, y).values()))
    assert np.isfinite(grads).all()
    # Differences are meaningful for the output layer, whose inputs are not saturated away.
    numeric = numeric_gradients(net, X, y)
    outputs = [PARAM_NAMES.index(name) for name in ("w68", "w69", "w78", "w79", "b8", "b9")]
    assert np.allclose(grads[outputs], numeric[outputs], rtol=1e-6, atol=1e-9)
    history = train(net, X, y, alpha=1.0, batch_size=1, epochs=3)
    assert history.diverged_at is None
    assert np.isfinite(history.steps.drop(columns=["epoch"]).to_numpy()).all()


def test_cost_is_exact_when_outputs_round_to_zero_or_one():
    """With net8 = ±60 the outputs round to 0 or 1, yet the cost keeps its exact value."""
    values = dict(ZERO, b8=60.0, b9=-60.0)
    net = Network.from_dict(values)
    X = np.zeros((2, 2))
    # Label 1 wants o8 = 0 but o8 = σ(60): that row's o8-term is -log(1 - σ(60)) = softplus(60).
    # Label 0 wants o9 = 0 and gets σ(-60): -log(1 - σ(-60)) = softplus(-60) = log1p(e^-60).
    y = np.array([1, 0])
    softplus60 = 60 + math.log1p(math.exp(-60))
    expected = (softplus60 + softplus60 + math.log1p(math.exp(-60)) * 2) / 4
    assert net.cost(X, y) == pytest.approx(expected, rel=1e-15)
    grads = net.gradients(X, y)
    assert grads["b8"] != 0.0 and grads["b9"] != 0.0  # no clipping zeroes the gradient


def test_sigmoid_is_exact_on_both_tails_and_never_warns():
    """sigmoid keeps relative precision for large |z| and agrees with the scalar version."""
    z = np.array([-1e308, -800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0, 1e308])
    values = sigmoid(z)
    assert np.isfinite(values).all()
    assert values[2] == pytest.approx(math.exp(-40) / (1 + math.exp(-40)), rel=1e-15)
    assert values[4] == 0.5 and values[-1] == 1.0 and 0.0 < values[0] < 1e-300
    assert [scalar_sigmoid(float(v)) for v in z] == pytest.approx(values.tolist(), rel=1e-15)
    assert math.isnan(scalar_sigmoid(math.nan))


# History against the closed forms --------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 4, 7, 40])
@pytest.mark.parametrize("shuffle", [False, True])
def test_history_matches_closed_forms_for_every_step(batch_size, shuffle):
    """δ8, δ9, Δw68, Δw69 in the history equal 1/(2N) Σ (o - y)(·) over each step's batch."""
    X, y = two_class_data(30, 3)
    history = train(random_network(1), X, y, alpha=0.3, batch_size=batch_size, epochs=2,
                    shuffle=shuffle, seed=5)  # fmt: skip
    for step in range(1, history.n_steps + 1):
        rows = history.batch_rows(step)
        before = history.network_before(step)
        result = before.forward(X[rows])
        y1, y2 = (y[rows] == 0).astype(float), (y[rows] == 1).astype(float)
        n = len(rows)
        record = history.steps.iloc[step - 1]
        assert record["batch_size"] == n
        assert record["delta8"] == pytest.approx(np.sum(result.out[8] - y1) / (2 * n), rel=1e-11)
        assert record["delta9"] == pytest.approx(np.sum(result.out[9] - y2) / (2 * n), rel=1e-11)
        dw68 = np.sum((result.out[8] - y1) * result.out[6]) / (2 * n)
        dw69 = np.sum((result.out[9] - y2) * result.out[6]) / (2 * n)
        assert record["dw68"] == pytest.approx(dw68, rel=1e-11)
        assert record["dw69"] == pytest.approx(dw69, rel=1e-11)
        assert record["loss"] == pytest.approx(before.cost(X[rows], y[rows]), rel=1e-12)
        assert record["w68"] == before["w68"] and record["b9"] == before["b9"]


def test_batches_are_consecutive_slices_and_the_last_one_is_short():
    """Without shuffling, batch k of an epoch is rows kB..kB+B-1; the last holds the rest."""
    X, y = two_class_data(10)
    history = train(Network.init(seed=2), X, y, alpha=0.1, batch_size=4, epochs=2)
    assert history.steps["batch_size"].tolist() == [4, 4, 2, 4, 4, 2]
    assert history.steps["epoch"].tolist() == [1, 1, 1, 2, 2, 2]
    assert history.steps["step"].tolist() == [1, 2, 3, 4, 5, 6]
    assert history.batch_rows(3).tolist() == [8, 9]
    assert history.batch_rows(4).tolist() == [0, 1, 2, 3]


def test_shuffling_is_seeded_and_keeps_rows_with_their_labels():
    """The same seed gives the same permutation; every epoch visits each row exactly once."""
    X, y = two_class_data(12)
    net = Network.init(seed=3)
    first = train(net, X, y, alpha=0.1, batch_size=5, epochs=3, shuffle=True, seed=9)
    again = train(net, X, y, alpha=0.1, batch_size=5, epochs=3, shuffle=True, seed=9)
    other = train(net, X, y, alpha=0.1, batch_size=5, epochs=3, shuffle=True, seed=10)
    assert first.order.tolist() == again.order.tolist()
    assert first.order.tolist() != other.order.tolist()
    assert first.network == again.network
    for epoch in range(3):
        assert sorted(first.order[12 * epoch : 12 * (epoch + 1)].tolist()) == list(range(12))
    # A step's loss is the cost of exactly the rows (with their own labels) it names.
    for step in (1, 4, 9):
        rows = first.batch_rows(step)
        loss = first.network_before(step).cost(X[rows], y[rows])
        assert first.steps["loss"].iat[step - 1] == pytest.approx(loss, rel=1e-12)


def test_all_parameters_update_at_once_from_one_forward_pass():
    """p_new = p_old - α Δp for all 24 parameters, with Δ from the weights before the step."""
    X, y = two_class_data(8, 4)
    net = random_network(7)
    history = train(net, X, y, alpha=0.7, batch_size=8, epochs=1)
    grads = np.array(list(net.gradients(X, y).values()))
    assert np.allclose(history.network.params, net.params - 0.7 * grads, rtol=0, atol=1e-15)


def test_epoch_table_starts_with_the_untrained_network():
    """Epoch 0 is the untrained network; each later row is the whole set after that epoch."""
    X, y = two_class_data(20)
    X_test, y_test = two_class_data(10, seed=8)
    net = random_network(2)
    history = train(net, X, y, alpha=0.5, batch_size=6, epochs=2, X_test=X_test, y_test=y_test)
    epochs = history.epochs
    assert epochs["epoch"].tolist() == [0, 1, 2] and history.epochs_run == 2
    assert set(epochs.columns) >= {"train_loss", "train_accuracy", "test_loss", "test_accuracy"}
    assert epochs["train_loss"].iat[0] == pytest.approx(net.cost(X, y), rel=1e-13)
    assert epochs["test_accuracy"].iat[0] == pytest.approx(net.accuracy(X_test, y_test))
    assert epochs["train_loss"].iat[2] == pytest.approx(history.network.cost(X, y), rel=1e-13)
    assert epochs["step"].tolist() == [0, 4, 8]


def test_training_leaves_the_given_network_unchanged_and_learns():
    """train returns a new Network; on separable data the loss falls and accuracy rises."""
    X, y = two_class_data(60, spread=1.5)
    net = Network.init("glorot", seed=1)
    before = net.to_dict()
    history = train(net, X, y, alpha=1.0, batch_size=6, epochs=40, shuffle=True)
    assert net.to_dict() == before
    assert history.network != net
    losses = history.epochs["train_loss"]
    assert losses.iat[-1] < 0.5 * losses.iat[0]
    assert history.epochs["train_accuracy"].iat[-1] >= 0.85


def test_small_and_large_batch_paths_agree():
    """The per-row float path and the NumPy path compute the same step to rounding."""
    X, y = two_class_data(40, 6)
    data = TrainingData.of(X, y)
    params = random_network(4, 2.0).params
    for n in (1, 2, SCALAR_MAX_BATCH):
        loss, grads, new = step_params(params.tolist(), data, slice(0, n), 0.5)
        expected = Network(params).gradients(X[:n], y[:n])  # always the NumPy path
        assert loss == pytest.approx(Network(params).cost(X[:n], y[:n]), rel=1e-13)
        assert grads == pytest.approx(list(expected.values()), rel=1e-10, abs=1e-16)
        assert new == pytest.approx((params - 0.5 * np.array(grads)).tolist(), rel=1e-15)
    terms = row_cost_and_gradients(params.tolist(), X[0, 0], X[0, 1], int(y[0]))
    assert len(terms) == 25


def test_network_before_replays_every_step_exactly():
    """Replaying from the sparse snapshots gives bit-for-bit the weights each step started on."""
    X, y = two_class_data(50, 2)
    trainer = Trainer(random_network(3), X, y, alpha=0.4, batch_size=1, shuffle=True, seed=1)
    seen = []
    for _ in range(600):
        seen.append(trainer.network)
        trainer.step()
    history = trainer.history
    for step in (1, 2, 256, 257, 300, 513, 600):
        assert history.network_before(step) == seen[step - 1]
    assert history.network_after(600) == trainer.network


def test_trainer_applies_new_alpha_and_batch_size_from_the_next_step():
    """Changing α or the batch size mid-run changes the next step only, not earlier ones."""
    X, y = two_class_data(20, 1)
    trainer = Trainer(random_network(5), X, y, alpha=0.5, batch_size=4)
    trainer.step()
    trainer.step()
    trainer.alpha = 0.05
    trainer.batch_size = 3
    assert trainer.next_batch_rows().tolist() == [8, 9, 10]
    trainer.step()
    steps = trainer.history.steps
    assert steps["alpha"].tolist() == [0.5, 0.5, 0.05]
    assert steps["batch_size"].tolist() == [4, 4, 3]
    assert trainer.history.batch_rows(3).tolist() == [8, 9, 10]
    taken = trainer.run_epoch()
    assert taken == 3 and trainer.history.epochs["epoch"].tolist() == [0, 1]
    assert trainer.epoch == 2


def test_training_with_zero_epochs_records_only_epoch_zero():
    """epochs=0 is allowed: no steps, the untrained network, one epoch row."""
    X, y = two_class_data(6)
    history = train(random_network(0), X, y, epochs=0)
    assert history.n_steps == 0 and len(history.epochs) == 1
    assert history.network == history.initial


def test_progress_is_reported_up_to_the_total():
    """progress(done, total) is called about a hundred times and ends at total."""
    X, y = two_class_data(50)
    calls = []
    train(random_network(0), X, y, batch_size=1, epochs=4, progress=lambda d, t: calls.append(d))
    assert calls[-1] == 200 and 50 <= len(calls) <= 201


# Divergence -------------------------------------------------------------------------------


def test_divergent_run_stops_cleanly_with_a_finite_history():
    """α = 50, batch 1, weights 5 on unscaled features of size 1e308 stop at a named step.

    A sigmoid network with cross-entropy keeps bounded gradients on data of ordinary size,
    so runs there never leave the floats; features near the float limit (values in the
    wrong unit, say) make net overflow, and that must end the run cleanly.
    """
    rng = np.random.default_rng(0)
    X = np.clip(rng.normal(size=(100, 2)), -1.7, 1.7) * 1e308
    y = (X[:, 0] > X[:, 1]).astype(int)
    net = Network.init("constant", scale=5.0)
    history = train(net, X, y, alpha=50.0, batch_size=1, epochs=5)

    assert history.diverged_at is not None
    assert history.n_steps == history.diverged_at - 1
    assert np.isfinite(history.steps.to_numpy(dtype=float)).all()
    assert np.isfinite(history.epochs.to_numpy(dtype=float)).all()
    assert np.isfinite(history.network.params).all()
    assert f"Diverged at step {history.diverged_at}" in history.message
    assert "lower the learning rate" in history.message


def test_diverged_trainer_refuses_further_steps():
    """Once diverged, step() returns False and the history does not grow."""
    rng = np.random.default_rng(0)
    X = np.clip(rng.normal(size=(100, 2)), -1.7, 1.7) * 1e308
    y = (X[:, 0] > X[:, 1]).astype(int)
    trainer = Trainer(Network.init("uniform", 5.0, 0), X, y, alpha=50.0, batch_size=1)
    while trainer.step():
        pass
    count = trainer.steps_done
    assert trainer.diverged_at == count + 1
    assert trainer.step() is False and trainer.steps_done == count


# Arguments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"alpha": 0}, "alpha must be a finite number > 0, got 0.0"),
        ({"alpha": -1.0}, "alpha must be a finite number > 0, got -1.0"),
        ({"alpha": math.inf}, "alpha must be a finite number > 0, got inf"),
        ({"alpha": "0.1"}, "alpha must be a finite number > 0, got '0.1'"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1, got 0"),
        ({"batch_size": 2.5}, "batch_size must be an integer >= 1, got 2.5"),
        ({"batch_size": True}, "batch_size must be an integer >= 1, got True"),
        ({"epochs": -1}, "epochs must be an integer >= 0, got -1"),
        ({"seed": -3}, "seed must be an integer >= 0, got -3"),
        ({"shuffle": "yes"}, "shuffle must be True or False, got 'yes'"),
    ],
)
def test_bad_training_arguments_are_named_with_their_value(changes, message):
    """Each bad argument raises ValueError naming the argument, the rule and the value."""
    X, y = two_class_data(6)
    arguments = {"alpha": 0.5, "batch_size": 2, "epochs": 1} | changes
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        train(Network.init(), X, y, **arguments)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.zeros((3, 3)), [0, 1, 0], r"X must have shape \(n, 2\), got shape \(3, 3\)"),
        (np.zeros((0, 2)), [], r"X must have at least one row"),
        ([[0, 1], [np.nan, 2]], [0, 1], r"X must be finite, got nan at row 1, column 0"),
        ([[0, 1], [1, np.inf]], [0, 1], r"X must be finite, got inf at row 1, column 1"),
        ([["a", 1]], [0], r"X must be an array of numbers"),
        (np.zeros((3, 2)), [0, 1], r"y must have shape \(3,\) to match the rows of X"),
        (np.zeros((3, 2)), [0, 2, 1], r"y must hold only the labels 0 and 1, got 2.0 at row 1"),
    ],
)
def test_bad_data_is_refused_with_a_clear_message(X, y, message):
    """Malformed X or y raise ValueError saying what is wrong and where."""
    with pytest.raises(ValueError, match=message):
        train(Network.init(), X, y)


def test_networks_are_checked_and_round_trip_through_dicts():
    """from_dict needs all 24 finite values; to_dict returns them in PARAM_NAMES order."""
    net = Network.init("normal", 0.5, seed=4)
    values = net.to_dict()
    assert list(values) == list(PARAM_NAMES)
    assert Network.from_dict(values) == net
    with pytest.raises(ValueError, match="values is missing w02"):
        Network.from_dict({k: v for k, v in values.items() if k != "w02"})
    with pytest.raises(ValueError, match="values has unknown names w99"):
        Network.from_dict(values | {"w99": 1.0})
    with pytest.raises(ValueError, match="w47 must be a finite number, got nan"):
        Network.from_dict(values | {"w47": math.nan})
    with pytest.raises(ValueError, match="scheme must be one of uniform, normal, glorot"):
        Network.init("xavier")
    assert net.replace(w68=2.0)["w68"] == 2.0 and net["w68"] != 2.0


@pytest.mark.parametrize("scheme", ["uniform", "normal", "glorot", "constant"])
def test_initial_weights_follow_their_scheme_and_seed(scheme):
    """Each scheme is reproducible from its seed and respects its scale."""
    a = Network.init(scheme, scale=0.5, seed=11)
    assert a == Network.init(scheme, scale=0.5, seed=11)
    params = a.params
    if scheme == "uniform":
        assert (np.abs(params) <= 0.5).all() and a != Network.init(scheme, 0.5, seed=12)
    elif scheme == "normal":
        assert np.abs(params).max() < 0.5 * 5 and a != Network.init(scheme, 0.5, seed=12)
    elif scheme == "glorot":
        assert (np.abs(params[:16]) <= 0.5 * math.sqrt(6 / 4)).all()
        assert (params[16:] == 0).all()
    else:
        assert (params == 0.5).all()


def test_full_batch_reuse_of_the_epoch_forward_pass_changes_no_digit():
    """Full-batch steps reuse the epoch evaluation's forward pass; replaying them without it
    gives the same weights bit for bit, and each loss is the previous epoch's train loss."""
    X, y = two_class_data(40, 9)
    history = train(random_network(6), X, y, alpha=0.8, batch_size=40, epochs=6)
    for step in range(1, 7):
        replayed = history.network_before(step)  # recomputed without any reuse
        assert replayed["w68"] == history.steps["w68"].iat[step - 1]
        assert replayed["b9"] == history.steps["b9"].iat[step - 1]
        assert history.steps["loss"].iat[step - 1] == history.epochs["train_loss"].iat[step - 1]
    data = TrainingData.of(X, y)
    _, _, last = step_params(replayed.params.tolist(), data, slice(0, 40), 0.8)
    assert Network(last) == history.network
