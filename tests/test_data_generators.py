"""Tests for the built-in 2-D problems in engine.data.generators."""

import re

import numpy as np
import pytest

from engine.data import GENERATORS, generate


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generator_shapes_and_balance(name):
    """Every generator returns finite (n, 2) floats and balanced 0/1 labels of shape (n,)."""
    X, y = generate(name, n_samples=201, noise=0.2, seed=3)
    assert X.shape == (201, 2)
    assert X.dtype == float
    assert np.isfinite(X).all()
    assert y.shape == (201,)
    assert set(np.unique(y)) == {0, 1}
    assert np.sum(y == 1) == 101
    assert np.abs(X).max() < 4


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generator_is_seeded(name):
    """The same seed gives the same points, and another seed gives other points."""
    X1, y1 = generate(name, seed=7)
    X2, y2 = generate(name, seed=7)
    X3, _ = generate(name, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_rows_mix_classes(name):
    """Rows come shuffled, so the first mini-batches already hold both classes."""
    _, y = generate(name, n_samples=200, seed=0)
    assert 0 < y[:20].sum() < 20


def test_noise_zero_gives_clean_shapes():
    """With noise 0 the circles lie exactly on radius 1.5 (class 0) and 0.75 (class 1)."""
    X, y = generate("circles", n_samples=100, noise=0.0, seed=1)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.5)
    np.testing.assert_allclose(radius[y == 1], 0.75)


def test_xor_without_noise_follows_the_sign_rule():
    """Noise-free XOR labels class 1 exactly where x0 and x1 share a sign."""
    X, y = generate("xor", n_samples=300, noise=0.0, seed=2)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))


def test_more_noise_spreads_the_blobs():
    """Raising the noise widens the blobs."""
    quiet, _ = generate("blobs", n_samples=400, noise=0.0, seed=0)
    loud, _ = generate("blobs", n_samples=400, noise=1.0, seed=0)
    assert loud.std() > quiet.std()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "swirl"}, "name must be one of 'blobs', 'moons', 'circles', 'xor', 'spiral'"),
        ({"n_samples": 3}, "n_samples must be an integer from 4 to 10000, got 3"),
        ({"n_samples": 2.5}, "n_samples must be an integer from 4 to 10000, got 2.5"),
        ({"n_samples": True}, "n_samples must be an integer"),
        ({"noise": -0.1}, "noise must be a number from 0 to 2.0, got -0.1"),
        ({"noise": float("nan")}, "noise must be a number from 0 to 2.0, got nan"),
        ({"noise": "0.2"}, "noise must be a number from 0 to 2.0, got '0.2'"),
        ({"seed": -1}, "seed must be an integer from 0 to"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, message):
    """A bad argument raises ValueError naming the argument, the rule and the value."""
    arguments = {"name": "moons", **kwargs}
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        generate(**arguments)
