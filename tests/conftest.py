"""Shared fixtures: small seeded data sets for the engine tests."""

from __future__ import annotations

import numpy as np
import pytest


def two_class_data(n: int = 40, seed: int = 0, spread: float = 1.0):
    """Two overlapping gaussian clouds, labels 0 and 1, features of size ~spread."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    centres = np.where(y[:, None] == 1, 1.0, -1.0) * np.array([1.0, 0.5])
    X = (centres + rng.normal(scale=0.8, size=(n, 2))) * spread
    return X, y


@pytest.fixture
def data():
    return two_class_data()
