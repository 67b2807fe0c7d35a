"""The engine's per-step loss and gradients against PyTorch autograd, when torch is present.

Torch is not a requirement: without it these tests skip. `pip install torch==2.13.0`
brings a CPU build that runs them.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import PARAM_NAMES, Network, train
from tests.conftest import two_class_data

torch = pytest.importorskip("torch", reason="PyTorch is not installed; autograd checks skipped")

pytestmark = pytest.mark.filterwarnings("error")


def torch_cost_and_gradients(net: Network, X: np.ndarray, y: np.ndarray):
    """The DESIGN cost written directly in torch (logs of sigmoids), differentiated by autograd."""
    params = {
        name: torch.tensor(value, dtype=torch.float64, requires_grad=True)
        for name, value in net.to_dict().items()
    }
    x = torch.tensor(X, dtype=torch.float64)
    out = {0: x[:, 0], 1: x[:, 1]}
    nets = {}
    for (i, k), (j, m) in [((0, 1), (2, 3)), ((2, 3), (4, 5)), ((4, 5), (6, 7)), ((6, 7), (8, 9))]:
        for node in (j, m):
            nets[node] = out[i] * params[f"w{i}{node}"] + out[k] * params[f"w{k}{node}"]
            nets[node] = nets[node] + params[f"b{node}"]
            out[node] = torch.sigmoid(nets[node])
    y1 = torch.tensor(y == 0, dtype=torch.float64)
    y2 = torch.tensor(y == 1, dtype=torch.float64)
    logsig = torch.nn.functional.logsigmoid
    rows = y1 * logsig(nets[8]) + (1 - y1) * logsig(-nets[8])
    rows = rows + y2 * logsig(nets[9]) + (1 - y2) * logsig(-nets[9])
    cost = -rows.sum() / (2 * len(y))
    cost.backward()
    return cost.item(), {name: params[name].grad.item() for name in PARAM_NAMES}


@pytest.mark.parametrize("seed", range(5))
def test_cost_and_all_gradients_match_autograd(seed):
    """For random networks and batches, cost and all 24 gradients equal torch's to 1e-12."""
    X, y = two_class_data(7 + seed, seed, spread=1.5)
    net = Network.init("normal", scale=1.0 + seed, seed=seed)
    cost, grads = torch_cost_and_gradients(net, X, y)
    assert net.cost(X, y) == pytest.approx(cost, rel=1e-12)
    ours = net.gradients(X, y)
    for name in PARAM_NAMES:
        assert ours[name] == pytest.approx(grads[name], rel=1e-9, abs=1e-15), name


@pytest.mark.parametrize(("batch_size", "shuffle"), [(1, False), (5, True), (13, False)])
def test_every_recorded_step_matches_autograd(batch_size, shuffle):
    """Each step's batch loss, Δw68, Δw69, δ8, δ9 in a run equal autograd's on that batch."""
    X, y = two_class_data(26, 4)
    history = train(Network.init("glorot", seed=2), X, y, alpha=0.8, batch_size=batch_size,
                    epochs=2, shuffle=shuffle, seed=3)  # fmt: skip
    for step in range(1, history.n_steps + 1):
        rows = history.batch_rows(step)
        cost, grads = torch_cost_and_gradients(history.network_before(step), X[rows], y[rows])
        record = history.steps.iloc[step - 1]
        assert record["loss"] == pytest.approx(cost, rel=1e-12)
        expected = (grads["w68"], grads["w69"], grads["b8"], grads["b9"])
        shown = (record["dw68"], record["dw69"], record["delta8"], record["delta9"])
        assert shown == pytest.approx(expected, rel=1e-10, abs=1e-16)
