"""Argument checks shared by the engine: each raises ValueError naming argument, rule, value."""

from __future__ import annotations

import numbers

import numpy as np


def _shown(value) -> str:
    """A short repr for messages, so a huge array does not flood them."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_features(X, name: str = "X") -> np.ndarray:
    """X as a float array of shape (n, 2) with n >= 1 and every value finite."""
    try:
        array = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        message = f"{name} must be an array of numbers of shape (n, 2), got {_shown(X)}"
        raise ValueError(message) from None
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must have at least one row, got shape {array.shape}")
    bad = ~np.isfinite(array)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(f"{name} must be finite, got {array[row, col]} at row {row}, column {col}")
    return array


def check_labels(y, n: int, name: str = "y") -> np.ndarray:
    """y as an int array of shape (n,) holding only the labels 0 and 1."""
    try:
        array = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        message = f"{name} must be an array of the labels 0 and 1, got {_shown(y)}"
        raise ValueError(message) from None
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match the rows of X, got {array.shape}")
    bad = (array != 0) & (array != 1)
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(f"{name} must hold only the labels 0 and 1, got {array[row]} at row {row}")
    return array.astype(np.int64)


def check_data(X, y, x_name: str = "X", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Checked (X, y) pair: X (n, 2) finite floats, y (n,) of 0s and 1s."""
    features = check_features(X, x_name)
    return features, check_labels(y, features.shape[0], y_name)


def check_positive_float(value, name: str) -> float:
    """A finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite number > 0, got {_shown(value)}")
    number = float(value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {number}")
    return number


def check_int(value, name: str, minimum: int) -> int:
    """An integer >= minimum (bools refused; 3.0 is refused too, to catch slips)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {_shown(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def check_finite_float(value, name: str) -> float:
    """Any finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite number, got {_shown(value)}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    return number
