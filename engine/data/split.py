"""Split ``X, y`` into training and test rows, stratified and seeded, then standardise.

Standardisation uses the training rows' mean and standard deviation only, so nothing about
the test rows leaks into training; the test rows are scaled with the same numbers.
"""

from dataclasses import dataclass, field

import numpy as np

from engine.data.errors import DataError
from engine.data.upload import UNEXPECTED

MAX_TEST_RATIO = 0.9


@dataclass(frozen=True)
class Split:
    """Training and test rows, the scaling applied (``mean``, ``std``, shape ``(2,)``), notes.

    ``train_rows`` and ``test_rows`` index the ``X`` given to ``split_scale``; with
    standardisation off, ``mean`` is 0 and ``std`` is 1.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    notes: list[str] = field(default_factory=list)
    train_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    test_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


def split_scale(
    X,
    y,
    test_ratio=0.3,
    seed=0,
    standardise=True,
    feature_names=("x0", "x1"),
    source="",
    class_names=("class 0", "class 1"),
) -> Split:
    """Stratified, seeded split, then (optionally) standardisation from the training rows.

    ``test_ratio`` from 0 (no test set) to 0.9. Each class puts ``round(test_ratio * n_c)``
    rows in the test set, but at least one and at most ``n_c - 1`` when it has two or more,
    so both parts see both classes. Training and test rows come out in a seeded random order.
    A test set asked for but left empty (each class has one row) raises ``DataError``;
    ``source`` and ``class_names`` name the file and the classes in that message.
    """
    try:
        return _split_scale(X, y, test_ratio, seed, standardise, feature_names, source, class_names)
    except DataError:
        raise
    except Exception as exc:  # a safety net: no traceback may reach the page
        raise DataError(
            f"split: {UNEXPECTED} ({type(exc).__name__}: {exc}). Pick the data again."
        ) from exc


def _split_scale(X, y, test_ratio, seed, standardise, feature_names, source, class_names) -> Split:
    X, y = _check_data(X, y)
    test_ratio, seed = _check_ratio(test_ratio), _check_seed(seed)
    names = [str(name) for name in feature_names] if len(feature_names) == 2 else ["x0", "x1"]

    rng = np.random.default_rng(seed)
    train_rows, test_rows, notes = [], [], []
    for code in (0, 1):
        rows = rng.permutation(np.flatnonzero(y == code))
        n_test = _test_count(len(rows), test_ratio)
        if test_ratio > 0 and len(rows) == 1:
            notes.append(
                f"Class {code} has a single row, so it is in the training set only and the "
                "test set has no row of that class. Add rows of that class for a fair test."
            )
        test_rows.append(rows[:n_test])
        train_rows.append(rows[n_test:])
    if test_ratio > 0 and not any(len(rows) for rows in test_rows):
        raise DataError(_nothing_to_test(source, class_names, test_ratio))
    train_rows = rng.permutation(np.concatenate(train_rows))
    test_rows = rng.permutation(np.concatenate(test_rows))

    X_train, y_train = X[train_rows], y[train_rows]
    X_test, y_test = X[test_rows], y[test_rows]
    notes.insert(0, _split_note(y_train, y_test, test_ratio, seed))

    mean, std, scale_notes = _statistics(X_train, standardise, names)
    notes += scale_notes
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    if not (np.isfinite(X_train).all() and np.isfinite(X_test).all()):
        raise DataError(
            "The feature values are too large to standardise. Rescale the columns (for "
            "example use kilograms instead of grams) and load the data again."
        )
    return Split(X_train, y_train, X_test, y_test, mean, std, notes, train_rows, test_rows)


def _nothing_to_test(source, class_names, test_ratio) -> str:
    where = f"{source}: " if source else ""
    first, second = (str(name) for name in class_names)
    return (
        f"{where}{first} and {second} have 1 row each, so no row is left for the test set "
        f"(test share {test_ratio:.0%}). Each class needs at least 2 rows, one to train on "
        "and one to test on: add rows, or pick classes with more rows."
    )


def _check_data(X, y):
    try:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
    except (TypeError, ValueError) as exc:
        raise DataError(f"split: X must be numbers of shape (n, 2) ({exc}).") from exc
    if X.ndim != 2 or X.shape[1] != 2:
        raise DataError(f"split: X must have shape (n, 2), got {X.shape}.")
    if y.shape != (len(X),):
        raise DataError(f"split: y must have shape ({len(X)},), got {y.shape}.")
    if not np.isfinite(X).all():
        raise DataError("split: X holds values that are not finite; load the data again.")
    if not np.isin(y, (0, 1)).all():
        raise DataError("split: y must hold only the labels 0 and 1.")
    y = y.astype(int)
    for code in (0, 1):
        if not np.any(y == code):
            raise DataError(
                f"split: there are no rows of class {code}; the network needs both classes. "
                "Pick data with two classes."
            )
    return X, y


def _check_ratio(test_ratio) -> float:
    rule = f"test_ratio must be a number from 0 to {MAX_TEST_RATIO}"
    if isinstance(test_ratio, bool) or not isinstance(test_ratio, int | float | np.number):
        raise DataError(f"{rule}, got {test_ratio!r}")
    if not 0.0 <= float(test_ratio) <= MAX_TEST_RATIO:
        raise DataError(f"{rule}, got {test_ratio}")
    return float(test_ratio)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise DataError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def _test_count(n_rows: int, test_ratio: float) -> int:
    if test_ratio == 0 or n_rows < 2:
        return 0
    return int(min(max(np.floor(test_ratio * n_rows + 0.5), 1), n_rows - 1))


def _split_note(y_train, y_test, test_ratio, seed) -> str:
    n_train, n_test = len(y_train), len(y_test)
    if n_test == 0:
        return (
            f"All {n_train} rows are used for training (test share 0 %); there is no test "
            f"set. Rows shuffled with seed {seed}."
        )
    return (
        f"Split {n_train + n_test} rows into {n_train} for training and {n_test} for testing "
        f"(test share {test_ratio:.0%} asked), stratified by class with seed {seed}: training "
        f"has {np.sum(y_train == 0)} of class 0 and {np.sum(y_train == 1)} of class 1, "
        f"testing {np.sum(y_test == 0)} and {np.sum(y_test == 1)}."
    )


def _scaling_text(name: str, mean: float, std: float) -> str:
    """``x0 → (x0 − 0.5) / 2``; a negative mean reads ``(x0 + 0.5)``, never ``− -0.5``."""
    sign = "+" if mean < 0 else "−"
    return f"{name} → ({name} {sign} {abs(mean):.4g}) / {std:.4g}"


def _statistics(X_train, standardise: bool, names) -> tuple[np.ndarray, np.ndarray, list[str]]:
    notes = []
    mean = X_train.mean(axis=0)
    with np.errstate(over="ignore", invalid="ignore"):
        std = X_train.std(axis=0)
    constant = ~(std > 1e-12 * np.maximum(1.0, np.abs(mean)))
    for k in np.flatnonzero(constant):
        scaled = (
            " Standardising leaves it at 0 (its standard deviation is taken as 1, not 0)."
            if standardise
            else ""
        )
        notes.append(
            f"Feature '{names[k]}' has the same value ({mean[k]:g}) in every training row, so "
            f"it cannot help tell the classes apart.{scaled} Pick another column to learn from it."
        )
    if not standardise:
        notes.append("Standardisation is off: the features are used as they are.")
        return np.zeros(2), np.ones(2), notes

    std = np.where(constant, 1.0, std)
    formulas = ", ".join(_scaling_text(names[k], mean[k], std[k]) for k in range(2))
    notes.append(
        f"Standardised with the training rows' mean and standard deviation: {formulas}. "
        "The test rows are scaled with the same numbers."
    )
    return mean, std, notes
