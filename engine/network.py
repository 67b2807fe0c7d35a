"""The seed network: five layers of two sigmoid nodes, numbered 0 to 9 layer by layer.

Nodes 0, 1 are the inputs x0, x1; 2, 3 | 4, 5 | 6, 7 are hidden; 8, 9 are the outputs.
``w_ij`` is the weight on the edge from node i to node j and ``b_j`` the bias of node j.
Every node j of layers 2 to 5 computes

    net_j = sum_i w_ij * out_i + b_j        out_j = sigmoid(net_j)

Matrix convention, written down once here: a layer is ``Z = X W + b`` with X of shape
(N, 2), W of shape (2, 2) and ``W[i, j] = w_(i)(j)`` in the layer's local indices, so
rows are the sending nodes and columns the receiving ones. (The seed article writes
``W^T X``: the same numbers, transposed.) The 24 parameters are kept as one flat vector
in ``PARAM_NAMES`` order, in which each layer's four weights are exactly W in row-major
order, followed by the eight biases.

Labels: class 0 is the one-hot target (y1, y2) = (1, 0), class 1 is (0, 1); o8 scores
class 0, o9 class 1. The cost of a batch of N rows is the binary cross-entropy averaged
over rows and over the two outputs:

    Cost = -1/(2N) sum_rows [y1 log o8 + (1-y1) log(1-o8) + y2 log o9 + (1-y2) log(1-o9)]

``delta_j`` means dCost/dnet_j summed over the rows of the batch, as the seed does, so
``delta_j`` equals the bias gradient ``Δb_j``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PARAM_NAMES: tuple[str, ...] = (
    "w02", "w03", "w12", "w13",
    "w24", "w25", "w34", "w35",
    "w46", "w47", "w56", "w57",
    "w68", "w69", "w78", "w79",
    "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9",
)  # fmt: skip

PARAM_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Layer 1 → 2 (x0, x1 → h2, h3)", ("w02", "w03", "w12", "w13", "b2", "b3")),
    ("Layer 2 → 3 (h2, h3 → h4, h5)", ("w24", "w25", "w34", "w35", "b4", "b5")),
    ("Layer 3 → 4 (h4, h5 → h6, h7)", ("w46", "w47", "w56", "w57", "b6", "b7")),
    ("Layer 4 → 5 (h6, h7 → o8, o9)", ("w68", "w69", "w78", "w79", "b8", "b9")),
)

N_PARAMS = len(PARAM_NAMES)
INDEX = {name: k for k, name in enumerate(PARAM_NAMES)}

# The receiving nodes of each layer, for naming forward-pass values.
LAYER_NODES: tuple[tuple[int, int], ...] = ((2, 3), (4, 5), (6, 7), (8, 9))


# exp(709) is close to the largest double; exp(710) would overflow. A net below -709 has
# a sigmoid under 1.3e-308, a subnormal float whose value no later sum can tell apart from
# σ(-709); holding net there keeps exp finite, so nothing overflows or warns.
EXP_LIMIT = 709.0


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z) for any z, without overflow or warnings.

    Accurate to rounding in relative terms on both tails: for z >> 0 e^-z is tiny and the
    result rounds to 1 correctly; for z << 0 the division keeps the tiny result's digits.
    """
    return 1.0 / (1.0 + np.exp(np.minimum(-z, EXP_LIMIT)))


def softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z), finite for every finite z: max(z, 0) + log1p(e^-|z|)."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def scalar_sigmoid(z: float) -> float:
    """The same sigmoid on one Python float, for the per-row loop."""
    return 1.0 / (1.0 + math.exp(EXP_LIMIT if z < -EXP_LIMIT else -z))


def scalar_softplus(z: float) -> float:
    """log(1 + e^z) on one Python float; exp is only taken of -|z|."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def layer_matrices(params: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Views of the flat parameter vector as four W (2, 2) and four b (2,)."""
    weights = [params[4 * k : 4 * k + 4].reshape(2, 2) for k in range(4)]
    biases = [params[16 + 2 * k : 18 + 2 * k] for k in range(4)]
    return weights, biases


def cost_terms(net8: np.ndarray, net9: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-row sum of the two cross-entropy terms, computed from net (log-sum-exp form).

    -[y log σ(z) + (1-y) log(1-σ(z))] is softplus(-z) when y = 1 and softplus(z) when
    y = 0, so no log of a rounded 0 or 1 is ever taken and the value stays exact.
    Class 0 targets o8 = 1, class 1 targets o9 = 1.
    """
    is_one = y == 1
    term8 = softplus(np.where(is_one, net8, -net8))
    term9 = softplus(np.where(is_one, -net9, net9))
    return term8 + term9


@dataclass(frozen=True)
class Forward:
    """Every value of one forward pass: net[j] for nodes 2..9, out[j] for nodes 0..9."""

    net: dict[int, np.ndarray]
    out: dict[int, np.ndarray]


def forward_columns(params: np.ndarray, Xt: np.ndarray) -> tuple[list, list]:
    """The forward pass on a batch held as columns: Xt has shape (2, N), one row per node.

    Computes ``Z^T = W^T X^T + b`` (the seed article's ``W^T X``): the same numbers as
    ``Z = X W + b``, laid out so that each node's values sit in one contiguous row, which
    makes the sums over the batch in the backward pass several times faster.
    Returns (nets, outs): four (2, N) net arrays and five (2, N) out arrays (outs[0] = Xt).
    """
    weights, biases = layer_matrices(params)
    nets, outs = [], [Xt]
    # Inputs near the float limit can overflow net to ±inf, whose sigmoid is still exact;
    # inf - inf gives NaN, which the training loop reports as divergence.
    with np.errstate(over="ignore", invalid="ignore"):
        for W, b in zip(weights, biases, strict=True):
            z = W.T @ outs[-1] + b[:, None]
            nets.append(z)
            outs.append(sigmoid(z))
    return nets, outs


def forward(params: np.ndarray, X: np.ndarray) -> Forward:
    """The forward pass of X (n, 2); every array of the result has shape (n,)."""
    nets, outs = forward_columns(params, np.ascontiguousarray(X.T))
    net = {j: nets[k][i] for k, pair in enumerate(LAYER_NODES) for i, j in enumerate(pair)}
    out = {0: outs[0][0], 1: outs[0][1]}
    out |= {j: outs[k + 1][i] for k, pair in enumerate(LAYER_NODES) for i, j in enumerate(pair)}
    return Forward(net=net, out=out)


def targets_columns(y: np.ndarray) -> np.ndarray:
    """One-hot targets as columns (2, n): row 0 is y1 (class 0), row 1 is y2 (class 1)."""
    return np.vstack((y == 0, y == 1)).astype(float)


def columns_cost(net_out: np.ndarray, Tt: np.ndarray) -> float:
    """The cost from the output nets (2, N) and one-hot targets (2, N), as cost_terms does:
    softplus(-z) where the target is 1, softplus(z) where it is 0."""
    return float(softplus((1.0 - 2.0 * Tt) * net_out).sum()) / (2 * Tt.shape[1])


def columns_cost_and_gradients(
    params: np.ndarray, Xt: np.ndarray, Tt: np.ndarray, passed: tuple | None = None
) -> tuple[float, np.ndarray]:
    """Cost and the 24 gradients of a batch held as columns: Xt, Tt of shape (2, N).

    Vectorised over the rows of the batch; used for batches large enough that NumPy's
    per-call overhead is paid back. ``passed`` may hold the (nets, outs, cost) of this
    batch under these params when the caller has just computed them.
    """
    weights, _ = layer_matrices(params)
    n = Xt.shape[1]
    if passed is None:
        nets, outs = forward_columns(params, Xt)
        cost = columns_cost(nets[-1], Tt)
    else:
        nets, outs, cost = passed

    # Sigmoid output meeting binary cross-entropy: dCost/dnet = (out - target) / (2N).
    delta = (outs[-1] - Tt) / (2 * n)

    grads = np.empty(N_PARAMS)
    for k in range(3, -1, -1):
        grads[4 * k : 4 * k + 4] = (outs[k] @ delta.T).ravel()
        grads[16 + 2 * k : 18 + 2 * k] = delta.sum(axis=1)
        if k:
            out = outs[k]
            delta = (weights[k] @ delta) * out * (1.0 - out)
    return cost, grads


def row_cost_and_gradients(p, x0: float, x1: float, label: int) -> tuple[float, ...]:
    """One row's cost terms and 24 gradients, before the 1/(2N) factor, in plain floats.

    The same chain rule as ``columns_cost_and_gradients``, written node by node with the
    seed's names. For small batches this beats NumPy, whose per-call overhead would cost
    more than the arithmetic. Returns (cost_terms, g_w02, ..., g_b9) in PARAM_NAMES order.
    """
    (w02, w03, w12, w13, w24, w25, w34, w35, w46, w47, w56, w57,
     w68, w69, w78, w79, b2, b3, b4, b5, b6, b7, b8, b9) = p  # fmt: skip
    sig = scalar_sigmoid

    # Forward, layer by layer.
    out2 = sig(x0 * w02 + x1 * w12 + b2)
    out3 = sig(x0 * w03 + x1 * w13 + b3)
    out4 = sig(out2 * w24 + out3 * w34 + b4)
    out5 = sig(out2 * w25 + out3 * w35 + b5)
    out6 = sig(out4 * w46 + out5 * w56 + b6)
    out7 = sig(out4 * w47 + out5 * w57 + b7)
    net8 = out6 * w68 + out7 * w78 + b8
    net9 = out6 * w69 + out7 * w79 + b9
    out8 = sig(net8)
    out9 = sig(net9)

    # Cost from net, as in cost_terms; y1 = 1 for class 0, y2 = 1 for class 1.
    if label == 1:
        cost = scalar_softplus(net8) + scalar_softplus(-net9)
        y1, y2 = 0.0, 1.0
    else:
        cost = scalar_softplus(-net8) + scalar_softplus(net9)
        y1, y2 = 1.0, 0.0

    # Sigmoid output meeting binary cross-entropy: dCost/dnet is out - y (times 1/(2N)).
    d8 = out8 - y1
    d9 = out9 - y2
    d6 = (w68 * d8 + w69 * d9) * out6 * (1.0 - out6)
    d7 = (w78 * d8 + w79 * d9) * out7 * (1.0 - out7)
    d4 = (w46 * d6 + w47 * d7) * out4 * (1.0 - out4)
    d5 = (w56 * d6 + w57 * d7) * out5 * (1.0 - out5)
    d2 = (w24 * d4 + w25 * d5) * out2 * (1.0 - out2)
    d3 = (w34 * d4 + w35 * d5) * out3 * (1.0 - out3)

    return (
        cost,
        x0 * d2, x0 * d3, x1 * d2, x1 * d3,
        out2 * d4, out2 * d5, out3 * d4, out3 * d5,
        out4 * d6, out4 * d7, out5 * d6, out5 * d7,
        out6 * d8, out6 * d9, out7 * d8, out7 * d9,
        d2, d3, d4, d5, d6, d7, d8, d9,
    )  # fmt: skip
