"""Mini-batch gradient descent on the seed network, recording what every step did.

An epoch visits every training row once: in row order, or in a seeded permutation when
shuffling. A step takes the next ``batch_size`` rows of that order (the last batch of an
epoch may be smaller, and its N is its own size), does one forward pass and one backward
pass, and updates all 24 parameters at once: ``p_new = p_old - alpha * Δp``. The loss
recorded for a step is the batch cost under the weights before that step's update.

Speed: a step on a few rows is dominated by per-call overhead, not arithmetic, so batches
of up to ``SCALAR_MAX_BATCH`` rows go through a plain-float loop over rows
(``row_cost_and_gradients``) and larger ones through NumPy matrix code. Both compute the
same chain rule and agree to rounding (tested).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.checks import check_data, check_int, check_positive_float
from engine.model import Network
from engine.network import (
    PARAM_NAMES,
    columns_cost,
    columns_cost_and_gradients,
    forward_columns,
    row_cost_and_gradients,
    targets_columns,
)

SCALAR_MAX_BATCH = 16
SNAPSHOT_EVERY = 256

_W68, _W69 = PARAM_NAMES.index("w68"), PARAM_NAMES.index("w69")
_B8, _B9 = PARAM_NAMES.index("b8"), PARAM_NAMES.index("b9")

STEP_COLUMNS: tuple[str, ...] = (
    "epoch", "step", "batch_size", "alpha", "loss",
    "dw68", "dw69", "delta8", "delta9",
    "w68", "w69", "b8", "b9",
    "row_start", "row_stop",
)  # fmt: skip
_FLOAT_COLUMNS = STEP_COLUMNS[3:13]

Progress = Callable[[int, int], None]


def _evaluate(params: np.ndarray, Xt: np.ndarray, Tt: np.ndarray) -> tuple[float, float, tuple]:
    """(cost, accuracy, forward pass) of a whole set held as columns (2, n), under params."""
    nets, outs = forward_columns(params, Xt)
    cost = columns_cost(nets[-1], Tt)
    predicted_one = outs[-1][1] > outs[-1][0]
    return cost, float(np.mean(predicted_one == (Tt[1] == 1.0))), (nets, outs, cost)


@dataclass
class History:
    """What a run did: a row per step, a row per epoch, and the networks around them.

    ``steps`` holds the batch loss, the four output-layer gradients the pages show and the
    values of w68, w69, b8, b9 before each update; ``row_start:row_stop`` slices ``order``
    to give the rows of a step's batch. Full parameter vectors are kept only every
    ``SNAPSHOT_EVERY`` steps; ``network_before(step)`` replays from the nearest one, with
    the same arithmetic, so it is exact and the history stays small.
    """

    steps: pd.DataFrame
    epochs: pd.DataFrame
    network: Network
    initial: Network
    diverged_at: int | None
    order: np.ndarray
    alpha: float
    batch_size: int
    data: TrainingData = field(repr=False)
    snapshots: dict[int, tuple[float, ...]] = field(repr=False)
    message: str | None = None

    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def epochs_run(self) -> int:
        """Complete epochs recorded (a run that diverged mid-epoch counts only whole ones)."""
        return len(self.epochs) - 1

    def _row(self, step: int) -> int:
        if isinstance(step, bool) or not isinstance(step, int | np.integer):
            raise ValueError(f"step must be an integer from 1 to {self.n_steps}, got {step!r}")
        if not 1 <= step <= self.n_steps:
            raise ValueError(f"step must be an integer from 1 to {self.n_steps}, got {step}")
        return int(step) - 1

    def batch_rows(self, step: int) -> np.ndarray:
        """Indices into the training rows of the batch used by ``step`` (counted from 1)."""
        row = self._row(step)
        start, stop = self.steps["row_start"].iat[row], self.steps["row_stop"].iat[row]
        return self.order[start:stop].copy()

    def network_before(self, step: int) -> Network:
        """The parameters the step started from, replayed exactly from a snapshot."""
        row = self._row(step)
        base = max(s for s in self.snapshots if s <= row + 1)
        params = list(self.snapshots[base])
        alphas = self.steps["alpha"].to_numpy()
        for k in range(base, row + 1):
            index = self.batch_rows(k)
            alpha = float(alphas[k - 1])
            _, _, params = step_params(params, self.data, index, alpha)
        return Network(params)

    def network_after(self, step: int) -> Network:
        """The parameters the step produced."""
        if step == self.n_steps:
            return self.network
        return self.network_before(step + 1)


@dataclass(frozen=True)
class TrainingData:
    """The training rows in the two layouts the two step paths read.

    ``table`` holds (x0, x1, label) as Python numbers for the per-row path; ``Xt`` and
    ``Tt`` hold features and one-hot targets as contiguous (2, n) columns for the NumPy path.
    """

    X: np.ndarray
    y: np.ndarray
    table: list = field(repr=False)
    Xt: np.ndarray = field(repr=False)
    Tt: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, X: np.ndarray, y: np.ndarray) -> TrainingData:
        table = [(x0, x1, label) for (x0, x1), label in zip(X.tolist(), y.tolist(), strict=True)]
        return cls(X, y, table, np.ascontiguousarray(X.T), targets_columns(y))


def step_params(
    params: list[float],
    data: TrainingData,
    index: slice | np.ndarray,
    alpha: float,
    passed: tuple | None = None,
) -> tuple[float, list[float], list[float]]:
    """One step on a batch: (batch loss, 24 gradients, updated parameters).

    ``index`` selects the batch's rows: a slice when they are consecutive, else an array
    of row numbers. Small batches take the plain-float path, larger ones the NumPy path;
    the choice depends only on the batch size, so replaying a step repeats its arithmetic.
    ``passed`` is an already computed (nets, outs, cost) of these rows under these params.
    """
    rows = range(index.start, index.stop) if isinstance(index, slice) else index.tolist()
    n = len(rows)
    if n <= SCALAR_MAX_BATCH:
        table = data.table
        if n == 1:
            sums = row_cost_and_gradients(params, *table[rows[0]])
        else:
            terms = [row_cost_and_gradients(params, *table[r]) for r in rows]
            sums = [sum(column) for column in zip(*terms, strict=True)]
        scale = 1.0 / (2 * n)
        grads = [g * scale for g in sums[1:]]
        new = [p - alpha * g for p, g in zip(params, grads, strict=True)]
        return sums[0] * scale, grads, new

    with np.errstate(over="ignore", invalid="ignore"):
        array = np.array(params)
        Xt, Tt = data.Xt[:, index], data.Tt[:, index]
        loss, grad_array = columns_cost_and_gradients(array, Xt, Tt, passed)
        new_array = array - alpha * grad_array
    return loss, grad_array.tolist(), new_array.tolist()


def _all_finite(values: list[float]) -> bool:
    # One sum catches any inf or NaN; only a sum that overflows needs the slow check.
    return math.isfinite(sum(values)) or all(map(math.isfinite, values))


def _first_non_finite(loss: float, grads: list[float], new: list[float]) -> str | None:
    """What stopped being finite in a step, in words, or None when all is finite."""
    if not math.isfinite(loss):
        return f"the batch loss ({loss})"
    for values, label in ((grads, "the gradient Δ{}"), (new, "the parameter {}")):
        if not _all_finite(values):
            index = next(k for k, v in enumerate(values) if not math.isfinite(v))
            return label.format(PARAM_NAMES[index])
    return None


class Trainer:
    """Training one step at a time, for live pages; ``train`` drives it for whole runs.

    ``alpha`` and ``batch_size`` may be changed between steps; the change applies from the
    next step and is recorded in that step's row.
    """

    def __init__(
        self,
        net: Network,
        X,
        y,
        alpha: float = 0.5,
        batch_size: int = 4,
        shuffle: bool = False,
        seed: int = 0,
        X_test=None,
        y_test=None,
    ) -> None:
        if not isinstance(net, Network):
            raise ValueError(f"net must be a Network, got {type(net).__name__}")
        self._X, self._y = check_data(X, y)
        if (X_test is None) != (y_test is None):
            raise ValueError("X_test and y_test must be given together, got only one of them")
        self._test = None
        if X_test is not None:
            X_test, y_test = check_data(X_test, y_test, "X_test", "y_test")
            self._test = (np.ascontiguousarray(X_test.T), targets_columns(y_test))
        self.alpha = alpha
        self.batch_size = batch_size
        if not isinstance(shuffle, bool | np.bool_):
            raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
        self._shuffle = bool(shuffle)
        self._rng = np.random.default_rng(check_int(seed, "seed", 0))

        self._initial = net
        self._params: list[float] = net.params.tolist()
        self._data = TrainingData.of(self._X, self._y)
        self._orders: list[np.ndarray] = []
        self._epoch_order: np.ndarray | None = None
        self._position = 0
        self._offset = 0  # rows visited in earlier epochs, to place batches in `order`
        self._epoch = 0
        self._step = 0
        self.diverged_at: int | None = None
        self.message: str | None = None
        self._columns = {name: array("d") for name in _FLOAT_COLUMNS}
        self._ints = {name: array("q") for name in ("epoch", "batch_size", "row_start")}
        self._snapshots: dict[int, tuple[float, ...]] = {}
        self._epoch_rows = [self._epoch_row(self._params, 0)]
        if not math.isfinite(self._epoch_rows[0]["train_loss"]):
            raise ValueError(
                "X is too large in magnitude: the untrained network's cost overflows, got "
                f"features up to {np.abs(self._X).max():.3g}. Standardise the features."
            )

    @property
    def alpha(self) -> float:
        return self._alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        self._alpha = check_positive_float(value, "alpha")

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._batch_size = check_int(value, "batch_size", 1)

    @property
    def network(self) -> Network:
        return Network(self._params)

    @property
    def steps_done(self) -> int:
        return self._step

    @property
    def epoch(self) -> int:
        """The epoch the next step belongs to, counted from 1."""
        return self._epoch + (0 if self._epoch_order is not None else 1)

    def next_batch_rows(self) -> np.ndarray:
        """The rows the next step will use (starting a new epoch's order if needed)."""
        self._ensure_epoch()
        stop = self._position + self._batch_size
        return self._epoch_order[self._position : stop].astype(np.int64)

    def _ensure_epoch(self) -> None:
        if self._epoch_order is None:
            n = len(self._y)
            order = self._rng.permutation(n) if self._shuffle else np.arange(n)
            self._orders.append(order)
            self._epoch_order = order
            self._position = 0
            self._epoch += 1

    def _epoch_row(self, params_list: list[float], step: int) -> dict[str, float]:
        """Loss and accuracy of the whole training (and test) set after ``step`` steps."""
        params = np.asarray(params_list)
        loss, accuracy, passed = _evaluate(params, self._data.Xt, self._data.Tt)
        # Full-batch training would repeat this forward pass in its next step: keep it.
        self._evaluated = (params_list, passed)
        row = {"epoch": self._epoch, "step": step}
        row |= {"train_loss": loss, "train_accuracy": accuracy}
        if self._test is not None:
            test_loss, test_accuracy, _ = _evaluate(params, *self._test)
            row |= {"test_loss": test_loss, "test_accuracy": test_accuracy}
        return row

    def step(self) -> bool:
        """One mini-batch. False, and nothing changes, once the run has diverged."""
        if self.diverged_at is not None:
            return False
        self._ensure_epoch()
        start = self._position
        stop = min(start + self._batch_size, len(self._epoch_order))
        index = self._epoch_order[start:stop] if self._shuffle else slice(start, stop)
        params = self._params
        alpha = self._alpha
        full = not self._shuffle and start == 0 and stop == len(self._epoch_order)
        passed = self._evaluated[1] if full and self._evaluated[0] is params else None
        if self._step % SNAPSHOT_EVERY == 0:
            self._snapshots[self._step + 1] = tuple(params)

        loss, grads, new = step_params(params, self._data, index, alpha, passed)
        problem = _first_non_finite(loss, grads, new)
        ends_epoch = stop == len(self._epoch_order)
        if problem is None and ends_epoch:
            epoch_row = self._epoch_row(new, self._step + 1)
            losses = [epoch_row["train_loss"], epoch_row.get("test_loss", 0.0)]
            if not _all_finite(losses):
                problem = "the loss over the whole data set"
        if problem is not None:
            self._diverge(problem)
            return False

        self._step += 1
        columns = self._columns
        columns["alpha"].append(alpha)
        columns["loss"].append(loss)
        columns["dw68"].append(grads[_W68])
        columns["dw69"].append(grads[_W69])
        columns["delta8"].append(grads[_B8])
        columns["delta9"].append(grads[_B9])
        columns["w68"].append(params[_W68])
        columns["w69"].append(params[_W69])
        columns["b8"].append(params[_B8])
        columns["b9"].append(params[_B9])
        self._ints["epoch"].append(self._epoch)
        self._ints["batch_size"].append(stop - start)
        self._ints["row_start"].append(self._offset + start)
        self._params = new
        self._position = stop

        if ends_epoch:
            self._offset += len(self._epoch_order)
            self._epoch_order = None
            self._epoch_rows.append(epoch_row)
        return True

    def run_epoch(self) -> int:
        """Steps until the current epoch ends (or the run diverges); returns steps taken."""
        self._ensure_epoch()
        epoch, taken = self._epoch, 0
        while self._epoch == epoch and self._epoch_order is not None and self.step():
            taken += 1
        return taken

    def _diverge(self, what: str) -> None:
        step = self._step + 1
        self.diverged_at = step
        self.message = (
            f"Diverged at step {step} (epoch {self._epoch}): {what} stopped being finite. "
            f"The updates grew too large for these inputs and weights: standardise the "
            f"features, lower the learning rate α = {self._alpha:g} (try "
            f"{self._alpha / 10:g}) or start from smaller initial weights. Training stopped; "
            f"the network shown is the last one with finite values (after step {step - 1})."
        )

    @property
    def history(self) -> History:
        """Everything recorded so far, as data (copies: later steps do not change it)."""
        data: dict[str, np.ndarray] = {
            "epoch": np.array(self._ints["epoch"], dtype=np.int32),
            "step": np.arange(1, self._step + 1, dtype=np.int64),
            "batch_size": np.array(self._ints["batch_size"], dtype=np.int32),
        }
        for name in _FLOAT_COLUMNS:
            data[name] = np.array(self._columns[name], dtype=np.float64)
        data["row_start"] = np.array(self._ints["row_start"], dtype=np.int64)
        data["row_stop"] = data["row_start"] + data["batch_size"]
        steps = pd.DataFrame(data, columns=list(STEP_COLUMNS))
        order = np.concatenate(self._orders) if self._orders else np.zeros(0, dtype=np.int64)
        return History(
            steps=steps,
            epochs=pd.DataFrame(self._epoch_rows),
            network=self.network,
            initial=self._initial,
            diverged_at=self.diverged_at,
            order=order.astype(np.int32),
            alpha=self._alpha,
            batch_size=self._batch_size,
            data=self._data,
            snapshots=dict(self._snapshots),
            message=self.message,
        )


def train(
    net: Network,
    X,
    y,
    alpha: float = 0.5,
    batch_size: int = 4,
    epochs: int = 3,
    shuffle: bool = False,
    seed: int = 0,
    X_test=None,
    y_test=None,
    progress: Progress | None = None,
) -> History:
    """Train a copy of ``net`` for ``epochs`` epochs; ``net`` itself is left unchanged.

    ``progress(done, total)``, when given, is called about a hundred times over the run.
    """
    epochs = check_int(epochs, "epochs", 0)
    trainer = Trainer(net, X, y, alpha, batch_size, shuffle, seed, X_test, y_test)
    n = len(trainer._y)
    total = epochs * math.ceil(n / trainer.batch_size)
    every = max(1, total // 100)
    step = trainer.step
    for done in range(1, total + 1):
        if not step():
            break
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)
    return trainer.history


__all__ = ["STEP_COLUMNS", "History", "Trainer", "TrainingData", "step_params", "train"]
