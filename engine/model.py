"""The Network value: 24 parameters, how to make them, and what they compute."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.checks import check_data, check_features, check_finite_float, check_int
from engine.network import (
    N_PARAMS,
    PARAM_NAMES,
    Forward,
    columns_cost_and_gradients,
    cost_terms,
    forward,
    targets_columns,
)

INIT_SCHEMES: tuple[str, ...] = ("uniform", "normal", "glorot", "constant")

# Every layer has two inputs and two outputs, so Glorot's limit sqrt(6 / (fan_in + fan_out))
# is the same for all four: sqrt(6 / 4).
GLOROT_LIMIT = float(np.sqrt(6.0 / (2 + 2)))


class Network:
    """An immutable set of the 24 parameters; training returns new Networks."""

    __slots__ = ("_params",)

    def __init__(self, params) -> None:
        array = np.array(params, dtype=float).reshape(-1)
        if array.shape != (N_PARAMS,):
            raise ValueError(f"params must hold {N_PARAMS} numbers, got {array.shape[0]}")
        if not np.isfinite(array).all():
            name = PARAM_NAMES[int(np.argmin(np.isfinite(array)))]
            raise ValueError(f"{name} must be finite, got {array[PARAM_NAMES.index(name)]}")
        array.setflags(write=False)
        self._params = array

    @classmethod
    def init(cls, scheme: str = "uniform", scale: float = 1.0, seed: int = 0) -> Network:
        """Seeded initial weights.

        - ``uniform``: every weight and bias drawn from U(-scale, scale);
        - ``normal``: every weight and bias drawn from N(0, scale²);
        - ``glorot``: weights from U(-L, L) with L = scale * sqrt(6 / (fan_in + fan_out)),
          biases 0 (Glorot and Bengio's convention);
        - ``constant``: every weight and bias equal to scale (both nodes of each layer then
          stay identical forever: a lesson in why we initialise at random).
        """
        if scheme not in INIT_SCHEMES:
            raise ValueError(f"scheme must be one of {', '.join(INIT_SCHEMES)}, got {scheme!r}")
        scale = check_finite_float(scale, "scale")
        if scheme != "constant" and scale < 0:
            raise ValueError(f"scale must be >= 0 for the {scheme} scheme, got {scale}")
        seed = check_int(seed, "seed", 0)
        rng = np.random.default_rng(seed)

        if scheme == "uniform":
            params = rng.uniform(-scale, scale, N_PARAMS)
        elif scheme == "normal":
            params = rng.normal(0.0, scale, N_PARAMS)
        elif scheme == "glorot":
            limit = scale * GLOROT_LIMIT
            params = np.concatenate([rng.uniform(-limit, limit, 16), np.zeros(8)])
        else:
            params = np.full(N_PARAMS, scale)
        return cls(params)

    @classmethod
    def from_dict(cls, values: Mapping[str, float]) -> Network:
        """A Network from all 24 names mapped to finite numbers."""
        if not isinstance(values, Mapping):
            raise ValueError(f"values must be a dict of the 24 parameter names, got {values!r}")
        missing = [name for name in PARAM_NAMES if name not in values]
        unknown = [name for name in values if name not in PARAM_NAMES]
        if missing:
            raise ValueError(f"values is missing {', '.join(missing)}")
        if unknown:
            raise ValueError(f"values has unknown names {', '.join(map(str, unknown))}")
        return cls([check_finite_float(values[name], name) for name in PARAM_NAMES])

    @property
    def params(self) -> np.ndarray:
        """The 24 parameters in PARAM_NAMES order, as a fresh writable copy."""
        return self._params.copy()

    def to_dict(self) -> dict[str, float]:
        """The 24 names mapped to Python floats, in PARAM_NAMES order."""
        return dict(zip(PARAM_NAMES, self._params.tolist(), strict=True))

    def __getitem__(self, name: str) -> float:
        return float(self._params[PARAM_NAMES.index(name)])

    def replace(self, **changes: float) -> Network:
        """A copy with some parameters changed, e.g. ``net.replace(w68=0.5)``."""
        values = self.to_dict()
        for name, value in changes.items():
            if name not in values:
                raise ValueError(f"unknown parameter name {name!r}")
            values[name] = value
        return Network.from_dict(values)

    def forward(self, X) -> Forward:
        """net and out of every node for each row of X (n, 2)."""
        return forward(self._params, check_features(X))

    def predict_proba(self, X) -> np.ndarray:
        """(o8, o9) for each row: shape (n, 2)."""
        result = self.forward(X)
        return np.column_stack((result.out[8], result.out[9]))

    def predict(self, X) -> np.ndarray:
        """Class 1 where o9 > o8, else class 0: shape (n,)."""
        proba = self.predict_proba(X)
        return (proba[:, 1] > proba[:, 0]).astype(np.int64)

    def accuracy(self, X, y) -> float:
        """Fraction of rows whose predicted class equals the label."""
        X, y = check_data(X, y)
        return float(np.mean(self.predict(X) == y))

    def cost(self, X, y) -> float:
        """The DESIGN cost over all rows given."""
        X, y = check_data(X, y)
        result = forward(self._params, X)
        return float(cost_terms(result.net[8], result.net[9], y).sum()) / (2 * len(y))

    def gradients(self, X, y) -> dict[str, float]:
        """∂Cost/∂p for each of the 24 parameters, over all rows given."""
        X, y = check_data(X, y)
        _, grads = columns_cost_and_gradients(self._params, X.T.copy(), targets_columns(y))
        return dict(zip(PARAM_NAMES, grads.tolist(), strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Network) and np.array_equal(self._params, other._params)

    def __hash__(self) -> int:
        return hash(self._params.tobytes())

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.to_dict().items())
        return f"Network({shown})"
