"""Property tests: the engine's invariants over random shapes, batch sizes and seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Network, gradient_check, train

pytestmark = pytest.mark.filterwarnings("error")

rows = st.integers(min_value=1, max_value=40)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def data_for(n: int, seed: int, spread: float = 1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(scale=spread, size=(n, 2))
    y = rng.integers(0, 2, size=n)
    return X, y


@settings(max_examples=60, deadline=None)
@given(n=rows, batch_size=st.integers(1, 50), epochs=st.integers(0, 3), seed=seeds,
       shuffle=st.booleans())  # fmt: skip
def test_steps_cover_every_row_once_per_epoch(n, batch_size, epochs, seed, shuffle):
    """Batch sizes that do not divide n still visit each row exactly once per epoch."""
    X, y = data_for(n, seed)
    history = train(Network.init(seed=seed % 1000), X, y, alpha=0.5, batch_size=batch_size,
                    epochs=epochs, shuffle=shuffle, seed=seed)  # fmt: skip
    per_epoch = math.ceil(n / batch_size)
    assert history.n_steps == per_epoch * epochs
    assert history.steps["step"].tolist() == list(range(1, history.n_steps + 1))
    for epoch in range(1, epochs + 1):
        mine = history.steps[history.steps["epoch"] == epoch]
        assert mine["batch_size"].sum() == n
        assert (mine["batch_size"].iloc[:-1] == min(batch_size, n)).all()
        visited = np.concatenate([history.batch_rows(int(s)) for s in mine["step"]])
        assert sorted(visited.tolist()) == list(range(n))
    assert len(history.epochs) == epochs + 1
    assert np.isfinite(history.steps.to_numpy(dtype=float)).all()


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), seed=seeds, scale=st.floats(0.1, 4.0), spread=st.floats(0.1, 5.0))
def test_gradients_match_differences_on_random_networks(n, seed, scale, spread):
    """Backprop agrees with central differences wherever a gradient is big enough to resolve."""
    X, y = data_for(n, seed, spread)
    table = gradient_check(Network.init("normal", scale=scale, seed=seed % 1000), X, y)
    assert (table["abs_error"] < 1e-8).all(), table
    meaningful = table["analytic"].abs() > 1e-5
    assert (table.loc[meaningful, "rel_error"] < 1e-6).all(), table


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 30), batch_size=st.integers(1, 30), seed=seeds)
def test_cost_is_between_zero_and_the_worst_case_and_steps_record_it(n, batch_size, seed):
    """Each recorded batch loss is the batch cost under the weights before that step."""
    X, y = data_for(n, seed)
    history = train(Network.init("uniform", 2.0, seed % 1000), X, y, alpha=0.3,
                    batch_size=batch_size, epochs=1)  # fmt: skip
    for step in range(1, history.n_steps + 1):
        rows = history.batch_rows(step)
        expected = history.network_before(step).cost(X[rows], y[rows])
        assert history.steps["loss"].iat[step - 1] == pytest.approx(expected, rel=1e-12)
        assert 0 < expected < 50
