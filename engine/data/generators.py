"""Five seeded 2-D problems with two classes, in plain NumPy.

Each generator draws the clean shape and then adds Gaussian jitter whose standard deviation
is ``noise`` times a per-problem scale, so that the default ``noise=0.2`` gives a pleasant,
slightly overlapping picture for every problem. Points lie roughly within [-2, 2] on both
axes. Classes are balanced (class 1 gets the extra row when ``n_samples`` is odd) and the
rows come out in a seeded random order, so consecutive mini-batches mix both classes.
"""

import numpy as np

GENERATORS = {
    "blobs": "Gaussian blobs",
    "moons": "Two moons",
    "circles": "Circles",
    "xor": "XOR",
    "spiral": "Spiral",
}

MIN_SAMPLES = 4
MAX_SAMPLES = 10_000
MAX_NOISE = 2.0


def generate(name: str, n_samples: int = 200, noise: float = 0.2, seed: int = 0):
    """Draw ``n_samples`` points of problem ``name``.

    Returns ``X`` of shape ``(n, 2)`` (float) and ``y`` of shape ``(n,)`` (int, 0 or 1).
    Raises ``ValueError`` naming the argument when one is out of range.
    """
    if name not in GENERATORS:
        choices = ", ".join(repr(key) for key in GENERATORS)
        raise ValueError(f"name must be one of {choices}, got {name!r}")
    n_samples = _check_int("n_samples", n_samples, MIN_SAMPLES, MAX_SAMPLES)
    noise = _check_noise(noise)
    seed = _check_int("seed", seed, 0, 2**32 - 1)

    rng = np.random.default_rng(seed)
    n1 = (n_samples + 1) // 2
    n0 = n_samples - n1
    X0, X1, scale = _SHAPES[name](rng, n0, n1)
    X = np.vstack([X0, X1])
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n1, dtype=int)])
    X = X + rng.normal(0.0, noise * scale, size=X.shape)

    order = rng.permutation(n_samples)
    return X[order].astype(float), y[order]


def _check_int(argument: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{argument} must be an integer from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{argument} must be an integer from {low} to {high}, got {value}")
    return int(value)


def _check_noise(noise) -> float:
    rule = f"noise must be a number from 0 to {MAX_NOISE}"
    if isinstance(noise, bool) or not isinstance(noise, int | float | np.number):
        raise ValueError(f"{rule}, got {noise!r}")
    if not 0.0 <= float(noise) <= MAX_NOISE:
        raise ValueError(f"{rule}, got {noise}")
    return float(noise)


def _blobs(rng, n0, n1):
    # Two round clouds on the diagonal; the jitter widens them until they overlap.
    X0 = rng.normal([-1.0, -1.0], 0.5, size=(n0, 2))
    X1 = rng.normal([1.0, 1.0], 0.5, size=(n1, 2))
    return X0, X1, 1.0


def _moons(rng, n0, n1):
    # Two interlocking half circles of radius 1, centred on the origin.
    t0 = rng.uniform(0.0, np.pi, n0)
    t1 = rng.uniform(0.0, np.pi, n1)
    X0 = np.column_stack([np.cos(t0), np.sin(t0)]) - [0.5, 0.25]
    X1 = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]) - [0.5, 0.25]
    return X0, X1, 1.0


def _circles(rng, n0, n1):
    # Class 0 on the outer ring (radius 1.5), class 1 on the inner one (radius 0.75).
    t0 = rng.uniform(0.0, 2 * np.pi, n0)
    t1 = rng.uniform(0.0, 2 * np.pi, n1)
    X0 = 1.5 * np.column_stack([np.cos(t0), np.sin(t0)])
    X1 = 0.75 * np.column_stack([np.cos(t1), np.sin(t1)])
    return X0, X1, 1.0


def _xor(rng, n0, n1):
    # Class 1 where x0 and x1 share a sign; a small gap keeps the quadrants apart.
    def quadrant_points(n, same_sign):
        points = rng.uniform(0.1, 1.5, size=(n, 2))
        signs = rng.choice([-1.0, 1.0], size=n)
        second = signs if same_sign else -signs
        return points * np.column_stack([signs, second])

    return quadrant_points(n0, False), quadrant_points(n1, True), 0.5


def _spiral(rng, n0, n1):
    # Two arms, half a turn apart, each winding 1.25 times out to radius 1.8.
    def arm(n, phase):
        t = rng.uniform(0.05, 1.0, n)
        angle = 2.5 * np.pi * t + phase
        return 1.8 * t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])

    return arm(n0, 0.0), arm(n1, np.pi), 0.5


_SHAPES = {
    "blobs": _blobs,
    "moons": _moons,
    "circles": _circles,
    "xor": _xor,
    "spiral": _spiral,
}
