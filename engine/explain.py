"""One training step worked out with its own numbers, for a learner to check by hand.

``explain_step`` takes the network a step started from, the rows of its batch and α, and
returns every number of that step: the forward pass of each row, the cost, the per-row
terms of the output-layer sums, both forms of δ8, δ9, Δw68, Δw69, the update of w68, w69,
b8, b9, and a finite-difference check of all 24 gradients.

The two forms of the output gradients, per row of a batch of N rows (for o9, read y2):

    long:        ∂Cost/∂o8 × o8(1 − o8) × out_h6,   ∂Cost/∂o8 = (1/(2N)) (−y1/o8 + (1−y1)/(1−o8))
    simplified:  (1/(2N)) (o8 − y1) out_h6

They are equal because a sigmoid output meets binary cross-entropy: the sigmoid's slope
o(1 − o) cancels the log's 1/(o(1 − o)). The long form's ∂Cost/∂o8 is undefined when o8
has rounded to exactly 1 with y1 = 0 (or to 0 with y1 = 1); such rows are flagged, never
shown as inf or NaN. The gradients, loss and new values are those of ``step_params``, the
very function training runs, so they equal the history's values exactly.

``check_answer`` says whether a typed δ or Δw is right to a number of significant figures
and, when it is not, which usual slip (a missing 1/(2N), a flipped sign, a left-out
out_h6, the wrong row's target, ...) reproduces it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.checks import check_data, check_int, check_positive_float
from engine.gradcheck import gradient_check
from engine.model import Network
from engine.network import PARAM_NAMES
from engine.training import History, TrainingData, step_params

# Central differences lose about eps_machine * Cost / eps to rounding and eps² to truncation.
# engine.gradient_check takes central differences with a five-point stencil and a step
# h = ε·max(1, |p|); with ε = 1e-4 its error is about 1e-12, so on the app's default run
# every gradient of every step agrees with backprop to a relative 1e-7 or better. A gradient
# near 1e-10 or smaller cannot be resolved to a relative 1e-6 by any difference quotient (its
# absolute error sits at the rounding floor, ~1e-12), so a parameter passes when its
# relative error is below 1e-6 or its absolute error below 1e-10.
GRADCHECK_EPS = 1e-4
GRADCHECK_TOLERANCE = 1e-6
GRADCHECK_FLOOR = 1e-10

# What the learner may check, with the output node and the target it uses.
KINDS: dict[str, tuple[str, int, bool]] = {
    "delta8": ("δ8", 8, False),
    "delta9": ("δ9", 9, False),
    "dw68": ("Δw68", 8, True),
    "dw69": ("Δw69", 9, True),
}
UPDATED = {"w68": "dw68", "w69": "dw69", "b8": "delta8", "b9": "delta9"}


@dataclass(frozen=True)
class StepExplanation:
    """Every number of one step. Per-row frames have one row per batch row, in batch order.

    - ``batch``: row (index into the training rows), x0, x1, label, y1, y2.
    - ``forward``: row, then net_j and out_j for j = 2..9, and the row's cost term
      (its bracket of the cost, before −1/(2N)).
    - ``terms``: row, y1, y2, o8, o9, out_h6, error8 = o8 − y1, error9 = o9 − y2,
      term_dw68 = error8 · out_h6, term_dw69 = error9 · out_h6 (the simplified form's
      summands), and the long form's factors dcost_do8, slope8 = o8(1 − o8), long_delta8 =
      their product, long_dw68 = long_delta8 · out_h6 (and the same for 9); ``defined8`` /
      ``defined9`` are False where ∂Cost/∂o is undefined (the long columns then hold NaN).
    - ``simplified`` and ``long``: δ8, δ9, Δw68, Δw69 from each form (long is NaN when a row
      is undefined); ``gradients``: all 24 as training computed them (the table's values).
    - ``update``: parameter, old, alpha, gradient, change = −α·Δ, new for w68, w69, b8, b9.
    - ``gradcheck``: ``engine.gradient_check`` of this batch (name, analytic, numeric,
      abs_error, rel_error) with a ``passed`` column: rel_error < 1e-6, or abs_error < 1e-10
      for a gradient too small for finite differences to resolve more finely.
    """

    network: Network
    alpha: float
    n: int
    batch: pd.DataFrame
    forward: pd.DataFrame
    cost: float
    terms: pd.DataFrame
    simplified: dict[str, float]
    long: dict[str, float]
    gradients: dict[str, float]
    update: pd.DataFrame
    new_network: Network
    gradcheck: pd.DataFrame | None
    step: int | None = None
    epoch: int | None = None

    @property
    def scale(self) -> float:
        """The factor 1/(2N) in front of every sum."""
        return 1.0 / (2 * self.n)

    def long_defined(self, node: int) -> bool:
        """Whether ∂Cost/∂o of ``node`` (8 or 9) is defined on every row of the batch."""
        return bool(self.terms[f"defined{node}"].all())

    def table_value(self, kind: str) -> float:
        """δ8, δ9, Δw68 or Δw69 as training used it: the gradient table's value."""
        return self.gradients[_param_of(kind)]


def _param_of(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return {"delta8": "b8", "delta9": "b9"}.get(kind, kind[1:])


def _forward_frame(network: Network, X: np.ndarray, rows: np.ndarray) -> pd.DataFrame:
    result = network.forward(X)
    frame = {"row": rows}
    for j in range(2, 10):
        frame[f"net{j}"] = result.net[j]
        frame[f"out{j}"] = result.out[j]
    return pd.DataFrame(frame)


def _long_factors(o: np.ndarray, y: np.ndarray, scale: float) -> tuple[np.ndarray, ...]:
    """∂Cost/∂o per row, the sigmoid slope, and whether ∂Cost/∂o is defined."""
    defined = ~(((o == 1.0) & (y == 0.0)) | ((o == 0.0) & (y == 1.0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        # A zero target's term is dropped, not computed as 0/0 when o is exactly 0 or 1.
        from_one = np.where(y == 1.0, -1.0 / np.where(o == 0.0, 1.0, o), 0.0)
        from_zero = np.where(y == 0.0, 1.0 / np.where(o == 1.0, 1.0, 1.0 - o), 0.0)
    dcost = np.where(defined, scale * (from_one + from_zero), np.nan)
    return dcost, o * (1.0 - o), defined


def _terms_frame(forward: pd.DataFrame, y1: np.ndarray, y2: np.ndarray, scale: float):
    o8, o9, h6 = (forward[c].to_numpy() for c in ("out8", "out9", "out6"))
    terms = {"row": forward["row"].to_numpy(), "y1": y1, "y2": y2, "o8": o8, "o9": o9}
    terms["out_h6"] = h6
    for node, o, y in ((8, o8, y1), (9, o9, y2)):
        terms[f"error{node}"] = o - y
        terms[f"term_dw6{node}"] = (o - y) * h6
    for node, o, y in ((8, o8, y1), (9, o9, y2)):
        dcost, slope, defined = _long_factors(o, y, scale)
        terms[f"dcost_do{node}"] = dcost
        terms[f"slope{node}"] = slope
        terms[f"long_delta{node}"] = dcost * slope
        terms[f"long_dw6{node}"] = dcost * slope * h6
        terms[f"defined{node}"] = defined
    return pd.DataFrame(terms)


def _sum(values: pd.Series) -> float:
    """Left-to-right sum, as the training loop adds its rows."""
    return float(sum(values.tolist(), 0.0))


def explain_step(
    network_before: Network,
    X_batch,
    y_batch,
    alpha: float,
    rows=None,
    gradcheck: bool = True,
) -> StepExplanation:
    """Every number of one step on the batch ``X_batch`` (N, 2), ``y_batch`` (N,).

    ``rows`` names the batch's rows in the training set (default 0..N-1), for display.
    Set ``gradcheck=False`` to skip the 48 extra forward passes of the gradient check.
    """
    if not isinstance(network_before, Network):
        raise ValueError(f"network_before must be a Network, got {type(network_before).__name__}")
    X, y = check_data(X_batch, y_batch, "X_batch", "y_batch")
    alpha = check_positive_float(alpha, "alpha")
    n = len(y)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64).reshape(-1)
    if rows.shape != (n,):
        raise ValueError(f"rows must name the {n} rows of the batch, got shape {rows.shape}")
    scale = 1.0 / (2 * n)

    # The step exactly as training takes it: same function, same order of rows.
    params = network_before.params.tolist()
    loss, grads, new = step_params(params, TrainingData.of(X, y), slice(0, n), alpha)
    gradients = dict(zip(PARAM_NAMES, grads, strict=True))

    y1, y2 = (y == 0).astype(float), (y == 1).astype(float)
    batch = pd.DataFrame({"row": rows, "x0": X[:, 0], "x1": X[:, 1], "label": y, "y1": y1})
    batch["y2"] = y2
    forward = _forward_frame(network_before, X, rows)
    forward["cost_term"] = _cost_brackets(forward, y1, y2)
    terms = _terms_frame(forward, y1, y2, scale)

    simplified, long = {}, {}
    for node in (8, 9):
        simplified[f"delta{node}"] = scale * _sum(terms[f"error{node}"])
        simplified[f"dw6{node}"] = scale * _sum(terms[f"term_dw6{node}"])
        defined = bool(terms[f"defined{node}"].all())
        for kind in (f"delta{node}", f"dw6{node}"):
            long[kind] = _sum(terms[f"long_{kind}"]) if defined else math.nan

    old = network_before.to_dict()
    new_values = dict(zip(PARAM_NAMES, new, strict=True))
    update = pd.DataFrame(
        {
            "parameter": list(UPDATED),
            "old": [old[p] for p in UPDATED],
            "alpha": alpha,
            "gradient": [gradients[p] for p in UPDATED],
            "change": [-alpha * gradients[p] for p in UPDATED],
            "new": [new_values[p] for p in UPDATED],
        }
    )

    check = None
    if gradcheck:
        check = gradient_check(network_before, X, y, eps=GRADCHECK_EPS)
        check["passed"] = (check["rel_error"] < GRADCHECK_TOLERANCE) | (
            check["abs_error"] < GRADCHECK_FLOOR
        )

    return StepExplanation(
        network=network_before,
        alpha=alpha,
        n=n,
        batch=batch,
        forward=forward,
        cost=loss,
        terms=terms,
        simplified=simplified,
        long=long,
        gradients=gradients,
        update=update,
        new_network=Network(new),
        gradcheck=check,
    )


def _cost_brackets(forward: pd.DataFrame, y1: np.ndarray, y2: np.ndarray) -> np.ndarray:
    """Each row's −[y1 log o8 + (1−y1) log(1−o8) + y2 log o9 + (1−y2) log(1−o9)].

    Computed from net (softplus form) like the engine's cost, so it stays finite when an
    output has rounded to 0 or 1.
    """
    net8, net9 = forward["net8"].to_numpy(), forward["net9"].to_numpy()
    softplus = np.logaddexp  # softplus(z) = log(e^0 + e^z)
    term8 = np.where(y1 == 1.0, softplus(0.0, -net8), softplus(0.0, net8))
    term9 = np.where(y2 == 1.0, softplus(0.0, -net9), softplus(0.0, net9))
    return term8 + term9


def explain_history_step(history: History, step: int, gradcheck: bool = True) -> StepExplanation:
    """``explain_step`` for step ``step`` (from 1) of a recorded run, replayed exactly."""
    step = check_int(step, "step", 1)
    network = history.network_before(step)
    rows = history.batch_rows(step)
    row = history.steps.iloc[step - 1]
    X, y = history.data.X[rows], history.data.y[rows]
    explanation = explain_step(network, X, y, float(row["alpha"]), rows, gradcheck)
    return _with_place(explanation, step, int(row["epoch"]))


def _with_place(explanation: StepExplanation, step: int, epoch: int) -> StepExplanation:
    return dataclasses.replace(explanation, step=step, epoch=epoch)


# --- Check yourself -------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The outcome of ``check_answer``: right or not, and the slip that explains a miss."""

    correct: bool
    expected: float
    typed: float
    digits: int
    slip: str | None = None  # short name of the matched slip, e.g. "no_scale"
    message: str = ""


def round_sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant figures."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def agrees(typed: float, expected: float, digits: int) -> bool:
    """Whether ``typed`` equals ``expected`` to ``digits`` significant figures.

    Both are rounded to ``digits`` significant figures of ``expected``'s size; a typed value
    within a hair of a rounding boundary is accepted on either side.
    """
    if not (math.isfinite(typed) and math.isfinite(expected)):
        return False
    if expected == 0:
        return abs(typed) < 10.0**-12
    unit = 10.0 ** (math.floor(math.log10(abs(expected))) - digits + 1)
    return abs(typed - expected) <= 0.5 * unit * (1 + 1e-9) + 1e-15 * abs(expected)


def _slips(kind: str, explanation: StepExplanation) -> list[tuple[str, str, float, int]]:
    """Usual wrong answers: (slip name, what the learner did, the value it gives, mistakes).

    Each mistake in the sum itself (a wrong factor, a wrong target, wrong rows) is also
    tried with a wrong scale in front and with the sign flipped, so two slips at once are
    recognised too.
    """
    title, node, with_h6 = KINDS[kind]
    terms, forward = explanation.terms, explanation.forward
    n, scale = explanation.n, explanation.scale
    o_name, y_name = ("o_8", "y_1") if node == 8 else ("o_9", "y_2")
    o = terms[f"o{node}"].to_numpy()
    y = terms["y1" if node == 8 else "y2"].to_numpy()
    other_y = terms["y2" if node == 8 else "y1"].to_numpy()
    other_o = terms["o9" if node == 8 else "o8"].to_numpy()
    h6 = terms["out_h6"].to_numpy()
    factor = h6 if with_h6 else np.ones(n)

    def total(values) -> float:
        return scale * float(np.sum(values))

    sums = [("right", "", total((o - y) * factor))]
    if with_h6:
        sums += [
            ("no_out_h6", f"left out the factor out_h6 (that gives δ{node})", total(o - y)),
            ("out_h7", "used out_h7 instead of out_h6", total((o - y) * forward["out7"])),
            ("net_h6", "used net_h6 instead of out_h6", total((o - y) * forward["net6"])),
        ]
    else:
        what = f"multiplied by out_h6 (that gives Δw6{node})"
        sums.append(("with_out_h6", what, total((o - y) * h6)))
    other = "o_9" if node == 8 else "o_8"
    sums += [
        ("other_target", f"used the other target in ({o_name} − …)", total((o - other_y) * factor)),
        ("other_output", f"used the other output {other}", total((other_o - y) * factor)),
        (
            "extra_slope",
            f"multiplied by the sigmoid slope {o_name}(1 − {o_name}) as well; with "
            "cross-entropy it cancels and ∂Cost/∂net is just (o − y)/(2N) per row",
            total((o - y) * o * (1 - o) * factor),
        ),
    ]
    if n > 1:
        for r in range(n):
            same = np.full(n, y[r])
            if not np.array_equal(same, y):
                what = f"used row {int(terms['row'].iat[r])}'s target for every row"
                sums.append((f"row_target_{r}", what, total((o - same) * factor)))
        shifted = np.roll(y, 1)
        if not np.array_equal(shifted, y):
            what = "paired each row with the previous row's target"
            sums.append(("shifted_target", what, total((o - shifted) * factor)))
        first = float((o[0] - y[0]) * factor[0])
        sums.append(("first_row", "used only the first row of the batch", scale * first))

    scalings = [(1.0, "", ""), (2.0 * n, "x2N", "left out the factor 1/(2N)")]
    scalings.append((2.0, "x2", "used 1/N instead of 1/(2N)"))
    if n > 1:
        scalings.append((float(n), "xN", "used 1/2 instead of 1/(2N) (did not divide by N)"))
    flipped = f"flipped the sign: ({y_name} − {o_name}) instead of ({o_name} − {y_name})"
    signs = [(1.0, "", ""), (-1.0, "sign", flipped)]

    slips = []
    for name, what, value in sums:
        for times, times_name, times_what in scalings:
            for sign, sign_name, sign_what in signs:
                names = [x for x in (name if name != "right" else "", times_name, sign_name) if x]
                if names:
                    whats = "; and ".join(x for x in (what, times_what, sign_what) if x)
                    slips.append(("+".join(names), whats, sign * times * value, len(names)))

    param = _param_of(kind)
    update = explanation.update.set_index("parameter").loc[param]
    expected, alpha = explanation.table_value(kind), explanation.alpha
    slips += [
        ("new_value", f"typed the new value of {param}, not {title}", float(update["new"]), 1),
        ("change", f"typed the change −α·{title}, not {title}", float(update["change"]), 1),
        ("alpha_times", f"multiplied by α = {alpha:g}", alpha * expected, 1),
    ]
    return slips


def value_of(explanation: StepExplanation, kind: str) -> float:
    """The right value of δ8, δ9, Δw68 or Δw69 for this step (the table's value)."""
    return explanation.table_value(kind)


def check_answer(kind: str, typed: float, explanation: StepExplanation, digits: int = 4) -> Verdict:
    """Whether ``typed`` is the step's ``kind`` (delta8, delta9, dw68, dw69) to ``digits``
    significant figures, and if not, the usual slip that gives the typed value.

    Slips are tried with the fewest mistakes first, so a value that two explanations fit
    gets the simpler one. A value that no slip reproduces is called wrong without a guess.
    """
    _param_of(kind)
    digits = check_int(digits, "digits", 1)
    typed = float(typed)
    expected = value_of(explanation, kind)
    title = KINDS[kind][0]
    shown = f"{round_sig(expected, digits):.{digits}g}"
    if agrees(typed, expected, digits):
        message = f"Right: {title} = {shown} to {digits} significant figures."
        return Verdict(True, expected, typed, digits, None, message)

    candidates = sorted(_slips(kind, explanation), key=lambda slip: slip[3])
    for name, what, value, _ in candidates:
        if agrees(typed, value, digits) and not agrees(value, expected, digits):
            message = f"Not right to {digits} significant figures: it looks like you {what}."
            return Verdict(False, expected, typed, digits, name, message)
    message = (
        f"Not right to {digits} significant figures, and no usual slip gives your value: "
        "compare your factors one by one with the worked step."
    )
    return Verdict(False, expected, typed, digits, None, message)


__all__ = [
    "GRADCHECK_EPS",
    "GRADCHECK_FLOOR",
    "GRADCHECK_TOLERANCE",
    "KINDS",
    "StepExplanation",
    "Verdict",
    "agrees",
    "check_answer",
    "explain_history_step",
    "explain_step",
    "round_sig",
    "value_of",
]
