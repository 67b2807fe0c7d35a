"""Central finite differences: the independent check of every gradient the app shows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.checks import check_data, check_positive_float
from engine.model import Network
from engine.network import PARAM_NAMES, cost_terms, forward


def _cost(params: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    result = forward(params, X)
    return float(cost_terms(result.net[8], result.net[9], y).sum()) / (2 * len(y))


def numeric_gradients(net: Network, X, y, eps: float = 1e-4) -> np.ndarray:
    """Central differences of the cost for each parameter p: shape (24,).

    The five-point stencil [8(C(p+h) - C(p-h)) - (C(p+2h) - C(p-2h))] / (12h) has an error
    of order h^4, so with h = eps * max(1, |p|) it resolves gradients to about 1e-12: the
    two-point (C(p+h) - C(p-h)) / 2h would need h so small that rounding dominates.
    """
    X, y = check_data(X, y)
    eps = check_positive_float(eps, "eps")
    params = net.params
    numeric = np.empty(len(params))
    for k, value in enumerate(params):
        h = eps * max(1.0, abs(value))
        costs = []
        for offset in (h, -h, 2 * h, -2 * h):
            shifted = params.copy()
            shifted[k] = value + offset
            costs.append(_cost(shifted, X, y))
        near, far = costs[0] - costs[1], costs[2] - costs[3]
        numeric[k] = (8 * near - far) / (12 * h)
    return numeric


def gradient_check(net: Network, X, y, eps: float = 1e-4) -> pd.DataFrame:
    """Backprop's gradient beside the finite-difference one, for all 24 parameters.

    rel_error = |analytic - numeric| / max(|analytic| + |numeric|, 1e-12): around 1e-9 or
    below when backprop is right; the floor keeps gradients that are both ~0 from dividing
    by zero (their abs_error, around 1e-12, is then the figure to read).
    """
    analytic = np.array(list(net.gradients(X, y).values()))
    numeric = numeric_gradients(net, X, y, eps)
    abs_error = np.abs(analytic - numeric)
    scale = np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12)
    return pd.DataFrame(
        {
            "name": list(PARAM_NAMES),
            "analytic": analytic,
            "numeric": numeric,
            "abs_error": abs_error,
            "rel_error": abs_error / scale,
        }
    )
