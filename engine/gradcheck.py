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


def numeric_gradients(net: Network, X, y, eps: float = 1e-6) -> np.ndarray:
    """(Cost(p + eps) - Cost(p - eps)) / (2 eps) for each parameter p: shape (24,).

    The step is relative to the parameter's size (eps * max(1, |p|)), so large weights
    are nudged by an amount their float can still represent.
    """
    X, y = check_data(X, y)
    eps = check_positive_float(eps, "eps")
    params = net.params
    numeric = np.empty(len(params))
    for k, value in enumerate(params):
        h = eps * max(1.0, abs(value))
        up, down = params.copy(), params.copy()
        up[k], down[k] = value + h, value - h
        numeric[k] = (_cost(up, X, y) - _cost(down, X, y)) / (2 * h)
    return numeric


def gradient_check(net: Network, X, y, eps: float = 1e-6) -> pd.DataFrame:
    """Backprop's gradient beside the finite-difference one, for all 24 parameters.

    rel_error = |analytic - numeric| / max(|analytic| + |numeric|, 1e-12): near 1e-8 or
    below when backprop is right; the floor keeps gradients that are both ~0 from dividing
    by zero.
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
