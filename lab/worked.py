"""The Math page's formulas again, with the current run's first step substituted.

Step 1 is the one step every run has, and it starts from the initial weights the sidebar
shows. Its equations are built by the same ``lab.live`` LaTeX builders the Step by step
page uses, from ``engine.explain.explain_history_step``, which replays the step with the
function training ran: so every number equals the history's (the Gradients table's step 1)
at the precision shown. Pure: a history in, LaTeX strings out.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import History
from engine.explain import KINDS, StepExplanation, explain_history_step
from lab import live

STEP = 1  # the step worked out on the Math page
ROW = 0  # the batch row traced through the forward pass: its first


@dataclass(frozen=True)
class WorkedStep:
    """LaTeX lines for each section of the Math page, and a sentence saying what they are."""

    about: str
    forward: list[str]
    cost: list[str]
    gradients: list[str]
    update: list[str]
    table: str
    explanation: StepExplanation


def latex_inputs(explanation: StepExplanation, index: int = ROW) -> str:
    """The traced row's inputs and targets: x0, x1 and (y1, y2)."""
    batch = explanation.batch.iloc[index]
    return (
        rf"out_0 = x_0 = {live.tex(batch['x0'])}, \quad out_1 = x_1 = {live.tex(batch['x1'])},"
        rf" \quad (y_1, y_2) = ({int(batch['y1'])}, {int(batch['y2'])})"
    )


def worked_step(explanation: StepExplanation) -> WorkedStep:
    """The forward pass of the batch's first row, the batch cost, δ8 and Δw68, and the
    update of w68 and b8, each with the step's numbers substituted."""
    row = int(explanation.batch["row"].iat[ROW])
    n = explanation.n
    about = (
        f"Step {explanation.step} of this run (epoch {explanation.epoch}): a batch of "
        f"N = {n} row{'s' * (n > 1)} from the initial weights, α = {explanation.alpha:g}. "
        f"The forward pass traces training row {row}, the batch's first."
    )
    return WorkedStep(
        about=about,
        forward=[latex_inputs(explanation), *live.latex_forward_row(explanation, ROW)],
        cost=[live.latex_cost_row(explanation, ROW), live.latex_cost(explanation)],
        gradients=[
            live.latex_simplified(explanation, "delta8"),
            live.latex_simplified(explanation, "dw68"),
        ],
        update=[live.latex_update(explanation, "w68"), live.latex_update(explanation, "b8")],
        table=table_row(explanation),
        explanation=explanation,
    )


def table_row(explanation: StepExplanation) -> str:
    """The step's δ8 and Δw68 as the Gradients table prints them (``%.3e``)."""
    values = ", ".join(
        f"{KINDS[kind][0]} = {explanation.table_value(kind):.3e}" for kind in ("delta8", "dw68")
    )
    return f"The Gradients table's row for step {explanation.step}: {values}."


def first_step(history: History) -> WorkedStep | None:
    """Step 1 of ``history`` worked out, or None when the run took no step."""
    if history.n_steps < STEP:
        return None
    return worked_step(explain_history_step(history, STEP, gradcheck=False))
