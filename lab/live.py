"""Live training on the Step by step page, and every worked number of a step on screen.

The live run is a :class:`engine.Trainer` kept in ``st.session_state`` with its play state
(:class:`LiveRun`). It is built from the current settings and data exactly as the cached
run of :mod:`lab.runs` is, so its steps are the same steps; a change of α or of the batch
size in the sidebar applies from the next step, while a change to the data, the initial
weights or shuffling starts it again. Play is an ``st.fragment`` that reruns every
``TICK_SECONDS`` and takes a few steps per tick; the rest of the page stays as it was.

The ``latex_*`` functions are pure (strings in, strings out) so tests can check that the
worked equations hold the numbers they claim; the ``show_*`` functions draw.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from engine import History, Trainer
from engine.explain import (
    GRADCHECK_EPS,
    KINDS,
    StepExplanation,
    check_answer,
    explain_history_step,
)
from lab import charts, runs, tables
from lab.format import number
from lab.settings import DEFAULTS, Settings

LIVE = "step.live"  # the LiveRun of this session
KEPT = "step.kept"  # {widget key: value} of this page's controls, kept across page switches
PICK = "step.pick"  # slider: the step explained
PICKED = "step.picked"  # the step explained, kept while the slider is not drawn
PICK_PENDING = "step.pick_pending"  # a step picked in the table, applied before the slider
PICK_LATEST = "step.pick_latest"  # the latest step when the slider was last drawn
TABLE = "step.table"  # the live gradient table (its row selection)
TABLE_SEEN = "step.table_seen"  # the selection already turned into a pick
SOURCE = "step.source"  # which run's steps to explain
SPEED = "step.speed"  # steps per tick while playing
REVEAL = "step.reveal"  # show the worked answers
TRACE_ROW = "step.trace_row"  # the batch row traced node by node
CHECK_KIND = "step.check_kind"  # which value Check yourself judges
CHECK_TEXT = "step.check_text"  # the value typed in Check yourself

TICK_SECONDS = 0.5
TICK_BUDGET = 0.1  # seconds of stepping at most per tick, whatever the speed
SPEEDS = (1, 5, 20, 100)
DIGITS = 6  # significant figures of the worked numbers
CHECK_DIGITS = 4  # the gradient table's precision (%.3e), used to judge typed answers
ROWS_WRITTEN = 3  # rows of a batch written out in full in the equations
TERMS_WRITTEN = 4  # summands written out before "+ ⋯"
LIVE_SOURCE, RUN_SOURCE = "Live training", "Full run (as on the Gradients page)"


# --- The live run --------------------------------------------------------------------


@dataclass
class LiveRun:
    """A Trainer and what the page needs around it: play state and the changes made."""

    trainer: Trainer
    identity: Settings
    playing: bool = False
    changes: list[str] = field(default_factory=list)
    notice: str | None = None
    tick_ms: list[float] = field(default_factory=list)


def _identity(settings: Settings) -> Settings:
    """The settings that define the live run; α, batch size and epochs can change live."""
    return dataclasses.replace(
        settings, alpha=DEFAULTS.alpha, batch_size=DEFAULTS.batch_size, epochs=DEFAULTS.epochs
    )


def _new_trainer(settings: Settings, data: runs.Prepared) -> Trainer:
    """The same Trainer ``lab.runs`` trains the full run with, before its first step."""
    return Trainer(
        runs.initial_network(settings),
        data.X_train,
        data.y_train,
        alpha=settings.alpha,
        batch_size=min(settings.batch_size, data.n_train),
        shuffle=settings.shuffle,
        seed=settings.data.data_seed,
        X_test=data.X_test,
        y_test=data.y_test,
    )


def current(settings: Settings, data: runs.Prepared) -> LiveRun:
    """This session's live run, started again if the data or the start changed, and with
    the sidebar's α and batch size applied from the next step."""
    ss = st.session_state
    live: LiveRun | None = ss.get(LIVE)
    identity = _identity(settings)
    if live is None or live.identity != identity:
        restarted = live is not None
        live = LiveRun(_new_trainer(settings, data), identity)
        if restarted:
            live.notice = (
                "The data, the initial weights or shuffling changed in the sidebar, "
                "so live training started again from step 0."
            )
        ss[LIVE] = live
        return live

    trainer = live.trainer
    batch_size = min(settings.batch_size, data.n_train)
    step = trainer.steps_done + 1
    if trainer.alpha != settings.alpha:
        note_change(live.changes, "α", f"{trainer.alpha:g}", f"{settings.alpha:g}", step)
        trainer.alpha = settings.alpha
    if trainer.batch_size != batch_size:
        note_change(live.changes, "batch size", str(trainer.batch_size), str(batch_size), step)
        trainer.batch_size = batch_size
    return live


def note_change(changes: list[str], what: str, old: str, new: str, step: int) -> None:
    """Add "what old → new from step s" to ``changes``. A slider dragged through several
    values before the next step is one change, from the first value to the last; one
    dragged back to where it was is none."""
    suffix = f" from step {step}"
    for index, earlier in enumerate(changes):
        if earlier.startswith(f"{what} ") and earlier.endswith(suffix):
            old = earlier[len(what) + 1 : -len(suffix)].split(" → ")[0]
            del changes[index]
            break
    if old != new:
        changes.append(f"{what} {old} → {new}{suffix}")


def reset(live: LiveRun, settings: Settings, data: runs.Prepared) -> None:
    """Back to the initial weights, step 0, paused."""
    live.trainer = _new_trainer(settings, data)
    live.playing = False
    live.changes.clear()
    live.notice = None
    for key in (PICK, PICKED, PICK_LATEST, PICK_PENDING, TABLE_SEEN):
        st.session_state.pop(key, None)


def step_batch(live: LiveRun) -> None:
    live.notice = None
    live.trainer.step()


def step_epoch(live: LiveRun) -> None:
    live.notice = None
    live.trainer.run_epoch()


def toggle_play(live: LiveRun, last_epoch: int) -> None:
    """Play or pause; Play on a run that has reached the sidebar's epochs says so instead."""
    live.notice = None
    if not live.playing and live.trainer.epoch > last_epoch:
        live.notice = (
            f"The run has reached the {last_epoch} epoch{'s' * (last_epoch != 1)} set in the "
            "sidebar, so there is nothing left to play: raise Epochs in the sidebar to play "
            "on, or step by hand."
        )
        return
    live.playing = not live.playing


def advance(live: LiveRun, steps: int, last_epoch: int, budget: float = TICK_BUDGET) -> int:
    """One tick of play: up to ``steps`` steps within ``budget`` seconds. Play stops at
    the end of epoch ``last_epoch`` or when the run diverges. Returns the steps taken."""
    trainer = live.trainer
    deadline = time.perf_counter() + budget
    taken = 0
    while taken < steps and time.perf_counter() < deadline:
        if trainer.epoch > last_epoch:
            live.playing = False
            live.notice = f"Played to the end of epoch {last_epoch}, the sidebar's epochs."
            break
        if not trainer.step():
            live.playing = False
            break
        taken += 1
    return taken


# --- Controls kept across page switches ---------------------------------------------


def kept(key: str, default):
    """The kept value of this page's widget ``key`` (``default`` until the user set it)."""
    return st.session_state.get(KEPT, {}).get(key, default)


def keep(key: str, default, options=None) -> dict:
    """Give the widget ``key`` back its kept value and keep what the user sets.

    Streamlit drops a widget's state when a run does not draw it, as when another page is
    shown, so each value also lives in ``KEPT``; when the widget's own state is gone, it is
    seeded from there (or from ``default``, if the kept value is not among ``options``)
    before the widget is drawn. Returns the widget's ``key``, ``on_change`` and ``args``.
    """
    ss = st.session_state
    if key not in ss:
        value = kept(key, default)
        ss[key] = value if options is None or value in options else default
    return {"key": key, "on_change": _remember, "args": (key,)}


def _remember(*keys: str) -> None:
    """Copy the widgets' values to ``KEPT`` (their on_change, or a form's on_click)."""
    ss = st.session_state
    ss[KEPT] = {**ss.get(KEPT, {}), **{key: ss[key] for key in keys}}


# --- Controls and the live area ------------------------------------------------------


def controls(live: LiveRun, settings: Settings, data: runs.Prepared) -> None:
    """Step, step epoch, play/pause, reset and the play speed, in one row."""
    diverged = live.trainer.diverged_at is not None
    cols = st.columns([1, 1, 1, 1, 2], vertical_alignment="bottom")
    cols[0].button(
        "Step one batch",
        icon=":material/skip_next:",
        on_click=step_batch,
        args=(live,),
        disabled=diverged or live.playing,
        width="stretch",
    )
    cols[1].button(
        "Step one epoch",
        icon=":material/fast_forward:",
        on_click=step_epoch,
        args=(live,),
        disabled=diverged or live.playing,
        width="stretch",
    )
    cols[2].button(
        "Pause" if live.playing else "Play",
        icon=":material/pause:" if live.playing else ":material/play_arrow:",
        on_click=toggle_play,
        args=(live, settings.epochs),
        disabled=diverged,
        type="primary",
        width="stretch",
        key="step.play",
    )
    cols[3].button(
        "Reset",
        icon=":material/restart_alt:",
        on_click=reset,
        args=(live, settings, data),
        help="Back to the initial weights, step 0.",
        width="stretch",
    )
    cols[4].select_slider(
        "Steps per tick while playing",
        options=SPEEDS,
        help=f"Play takes this many steps every {TICK_SECONDS:g} s.",
        **keep(SPEED, 5),
    )


def _rows_text(rows: np.ndarray, shown: int = 8) -> str:
    listed = ", ".join(str(int(r)) for r in rows[:shown])
    return listed + (f", … ({len(rows)} rows)" if len(rows) > shown else "")


def epoch_text(next_epoch: int, done: int, in_progress: bool, last_epoch: int) -> str:
    """The counter's epoch: up to the sidebar's ``last_epoch``, the epoch the next step
    belongs to ("2 of 3"); once that many are done, "3 of 3 (done)"; past them, the epoch
    reached, "4 (past 3)". ``done`` counts finished epochs; ``in_progress`` says whether
    the next step's epoch has begun."""
    if next_epoch <= last_epoch:
        return f"{next_epoch} of {last_epoch}"
    if not in_progress and done == last_epoch:
        return f"{last_epoch} of {last_epoch} (done)"
    return f"{next_epoch if in_progress else done} (past {last_epoch})"


def _epoch_line(next_epoch: int, done: int, in_progress: bool, last_epoch: int) -> str | None:
    """A sentence when the run has reached or passed the sidebar's epochs."""
    if next_epoch <= last_epoch:
        return None
    if not in_progress and done == last_epoch:
        return f"Epoch {last_epoch}, the last the sidebar sets, is done: Play stops here."
    reached = next_epoch if in_progress else done
    epochs = f"{last_epoch} epoch{'s' * (last_epoch != 1)}"
    return (
        f"Epoch {reached} goes past the {epochs} set in the sidebar: the step buttons "
        "train on, Play does not (raise Epochs in the sidebar to play on)."
    )


def _counter(live: LiveRun, last_epoch: int) -> None:
    trainer = live.trainer
    history = trainer.history
    done = history.epochs_run
    in_progress = bool(trainer.steps_done) and int(history.steps["epoch"].iat[-1]) == trainer.epoch
    cols = st.columns(4)
    cols[0].metric("Steps done", f"{trainer.steps_done:,}")
    cols[1].metric("Epoch", epoch_text(trainer.epoch, done, in_progress, last_epoch))
    cols[2].metric("α", f"{trainer.alpha:g}")
    cols[3].metric("Batch size", f"{trainer.batch_size}")
    lines = []
    epoch_line = _epoch_line(trainer.epoch, done, in_progress, last_epoch)
    if epoch_line:
        lines.append(epoch_line)
    if trainer.steps_done:
        used = _rows_text(history.batch_rows(trainer.steps_done))
        lines.append(f"Step {trainer.steps_done} used rows {used}.")
    if trainer.diverged_at is None:
        lines.append(f"The next step takes rows {_rows_text(trainer.next_batch_rows())}.")
    if live.changes:
        lines.append("Changed while live: " + "; ".join(live.changes) + ".")
    st.caption(" ".join(lines))


def live_area(live: LiveRun, settings: Settings, n_train: int) -> None:
    """Counter, loss curve and gradient table; while playing, a fragment that steps on."""
    interval = TICK_SECONDS if live.playing else None
    st.fragment(_live_body, run_every=interval)(live, settings, n_train)


def _live_body(live: LiveRun, settings: Settings, n_train: int) -> None:
    started = time.perf_counter()
    was_playing = live.playing
    if live.playing:
        advance(live, int(kept(SPEED, 5)), settings.epochs)

    trainer = live.trainer
    if live.notice:
        st.info(live.notice)
    if trainer.message:
        st.error(f"{trainer.message} Press **Reset** to start again from the initial weights.")
    _counter(live, settings.epochs)

    history = trainer.history
    if history.n_steps:
        per_epoch = -(-n_train // trainer.batch_size)
        steps = history.steps.assign(epoch_position=epoch_positions(history.steps, n_train))
        chart = charts.loss_chart(history.epochs, steps, per_epoch)
        st.altair_chart(chart, width="stretch")
        _live_table(history)
    else:
        st.caption("No steps yet: step or play to start training from the initial weights.")

    live.tick_ms = [*live.tick_ms[-49:], 1000 * (time.perf_counter() - started)]
    if was_playing and not live.playing:
        st.rerun()  # play stopped itself: drop the timer and show the latest step worked out


def epoch_positions(steps: pd.DataFrame, n_train: int) -> np.ndarray:
    """Where each step began on the epoch axis: epoch − 1 + the share of that epoch's rows
    done before it. Unlike (step − 1) / steps per epoch, this stays right when the batch
    size changed mid-run. ``row_start`` counts rows from the start of the run."""
    epoch = steps["epoch"].to_numpy(dtype=float)
    done = steps["row_start"].to_numpy(dtype=float) - (epoch - 1) * n_train
    return epoch - 1 + done / max(n_train, 1)


def _live_table(history: History) -> None:
    steps = history.steps.iloc[: tables.MAX_TABLE_ROWS]
    event = st.dataframe(
        tables.gradient_table(steps),
        column_config=tables.gradient_columns(),
        hide_index=True,
        width="stretch",
        height=260,
        on_select="rerun",
        selection_mode="single-row",
        key=TABLE,
    )
    st.caption("Newest steps at the bottom. Select a row to work that step out below.")
    selected = list(event.selection.rows)
    ss = st.session_state
    if selected != ss.get(TABLE_SEEN, []):
        ss[TABLE_SEEN] = selected
        if selected:
            ss[PICK_PENDING] = int(steps["step"].iat[selected[0]])
            st.rerun()


# --- Picking a step ------------------------------------------------------------------


def pick_source() -> str:
    return st.segmented_control(
        "Explain a step of", [LIVE_SOURCE, RUN_SOURCE], required=True, **keep(SOURCE, LIVE_SOURCE)
    )


def show_answers() -> bool:
    """The switch that hides the worked answers while a learner checks themselves."""
    return st.toggle("Show the worked answers", **keep(REVEAL, True))


def pick_step(n_steps: int, follow: bool) -> int | None:
    """A slider over steps 1..n_steps. With ``follow``, a slider left on the latest step
    moves on with it, and a row picked in the live table is applied first. The pick is
    kept in ``PICKED``, so it outlives a visit to another page."""
    ss = st.session_state
    if n_steps == 0:
        return None
    picked = ss.get(PICKED)
    if follow:
        if PICK_PENDING in ss:
            picked = ss.pop(PICK_PENDING)
        elif picked is None or picked == ss.get(PICK_LATEST):
            picked = n_steps
        ss[PICK_LATEST] = n_steps
    picked = min(max(int(n_steps if picked is None else picked), 1), n_steps)
    ss[PICKED] = picked
    if n_steps == 1:
        st.caption("Step 1 is the only step so far.")
        return 1
    ss[PICK] = picked
    return st.slider("Step", 1, n_steps, key=PICK, on_change=_keep_pick)


def _keep_pick() -> None:
    st.session_state[PICKED] = st.session_state[PICK]


@st.cache_data(max_entries=4, show_spinner=False)
def _explain_cached(settings: Settings, _history: History, step: int) -> StepExplanation:
    return explain_history_step(_history, step)


def explain(history: History, step: int, settings: Settings | None = None) -> StepExplanation:
    """The step worked out; steps of the full run are cached on its settings."""
    if settings is not None:
        return _explain_cached(settings, history, step)
    return explain_history_step(history, step)


# --- Numbers and equations (pure) ----------------------------------------------------


def tex(value: float, digits: int = DIGITS) -> str:
    """A number for LaTeX: ``digits`` significant figures, ``a \\times 10^{k}`` when small
    or large (as ``lab.format.number`` decides)."""
    text = number(value, digits)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def par(value: float, digits: int = DIGITS) -> str:
    """``tex`` in brackets when it would read badly inside a product: negative or scientific."""
    text = tex(value, digits)
    return rf"\left({text}\right)" if value < 0 or "times" in text else text


def out_name(node: int) -> str:
    """The seed's name of a node's output: x_0, out_{h4}, o_8."""
    if node < 2:
        return f"x_{node}"
    return f"out_{{h{node}}}" if node < 8 else f"o_{node}"


def latex_forward_row(explanation: StepExplanation, index: int) -> list[str]:
    """The forward pass of one batch row, node by node, with the numbers substituted: the
    symbolic sum on one line, the numbers and the node's output on the next."""
    weights = explanation.network.to_dict()
    forward = explanation.forward.iloc[index]
    batch = explanation.batch.iloc[index]
    outs = {0: batch["x0"], 1: batch["x1"]} | {j: forward[f"out{j}"] for j in range(2, 10)}
    lines = []
    for j in range(2, 10):
        a = 2 * (j // 2) - 2  # the layer before node j holds nodes a and a + 1
        b = a + 1
        symbolic = rf"w_{{{a}{j}}}\,{out_name(a)} + w_{{{b}{j}}}\,{out_name(b)} + b_{j}"
        numbers = (
            rf"{par(weights[f'w{a}{j}'])} \cdot {par(outs[a])} + "
            rf"{par(weights[f'w{b}{j}'])} \cdot {par(outs[b])} + {par(weights[f'b{j}'])}"
        )
        lines.append(
            rf"\begin{{aligned}} net_{j} &= {symbolic} \\ "
            rf"&= {numbers} = {tex(forward[f'net{j}'])}, \qquad "
            rf"{out_name(j)} = \sigma(net_{j}) = {tex(forward[f'out{j}'])} \end{{aligned}}"
        )
    return lines


def latex_cost_row(explanation: StepExplanation, index: int) -> str:
    """One row's bracket of the cost, with its targets and outputs substituted."""
    batch, forward = explanation.batch.iloc[index], explanation.forward.iloc[index]
    o8, o9 = forward["out8"], forward["out9"]
    y1, y2 = int(batch["y1"]), int(batch["y2"])
    part8 = rf"\log {tex(o8)}" if y1 else rf"\log(1 - {tex(o8)})"
    part9 = rf"\log {tex(o9)}" if y2 else rf"\log(1 - {tex(o9)})"
    return (
        r"\begin{aligned} L &= -\big[y_1 \log o_8 + (1-y_1)\log(1-o_8) + y_2 \log o_9"
        r" + (1-y_2)\log(1-o_9)\big] \\ "
        rf"&= -\big[{part8} + {part9}\big] = {tex(forward['cost_term'])} \end{{aligned}}"
    )


def _sum_text(values: list[float], shown: int = TERMS_WRITTEN) -> str:
    parts = [tex(values[0])] + [
        (rf"- {tex(-v)}" if v < 0 else rf"+ {tex(v)}") for v in values[1:shown]
    ]
    if len(values) > shown:
        parts.append(rf"+ \cdots \text{{ ({len(values) - shown} more)}}")
    return " ".join(parts)


def latex_cost(explanation: StepExplanation) -> str:
    """The batch cost as 1/(2N) times the sum of the rows' brackets."""
    n = explanation.n
    brackets = explanation.forward["cost_term"].tolist()
    return (
        rf"Cost = \frac{{1}}{{2N}}\sum_{{rows}} L = \frac{{1}}{{2 \cdot {n}}}"
        rf"\left({_sum_text(brackets)}\right) = {tex(explanation.cost)}"
    )


def _names(kind: str) -> tuple[str, str, str, int, bool]:
    """(LaTeX title, output name, target name, node, with out_h6) of delta8 … dw69."""
    _, node, with_h6 = KINDS[kind]
    title = rf"\Delta w_{{6{node}}}" if with_h6 else rf"\delta_{node}"
    return title, f"o_{node}", "y_1" if node == 8 else "y_2", node, with_h6


def latex_long_row(explanation: StepExplanation, kind: str, index: int) -> str:
    """One row's term of the long chain-rule form, every factor substituted and valued."""
    _, o, y, node, with_h6 = _names(kind)
    t = explanation.terms.iloc[index]
    row = int(t["row"])
    ov, yv = t[f"o{node}"], int(t[y.replace("_", "")])
    if not t[f"defined{node}"]:
        return (
            rf"\text{{row {row}: }} {o} = {tex(ov)} \text{{ exactly, with }} {y} = {yv}"
            rf"\text{{, so }} \partial Cost/\partial {o} \text{{ is undefined here}}"
        )
    n = explanation.n
    dcost = (
        rf"\underbrace{{\tfrac{{1}}{{2 \cdot {n}}}\Big(-\tfrac{{{yv}}}{{{tex(ov)}}}"
        rf" + \tfrac{{1 - {yv}}}{{1 - {tex(ov)}}}\Big)}}_{{{tex(t[f'dcost_do{node}'])}}}"
    )
    slope = rf"\underbrace{{{tex(ov)}\,(1 - {tex(ov)})}}_{{{tex(t[f'slope{node}'])}}}"
    symbolic = _long_symbol(o, with_h6)
    numbers = rf"{dcost} \times {slope}"
    if with_h6:
        numbers += rf" \times {par(t['out_h6'])}"
    return (
        rf"\begin{{aligned}} \text{{row {row}: }} & {symbolic} \\ &= {numbers} \\ "
        rf"&= {tex(t[f'long_{kind}'])} \end{{aligned}}"
    )


def _long_symbol(o: str, with_h6: bool) -> str:
    symbol = rf"\frac{{\partial Cost}}{{\partial {o}}}\,{o}(1-{o})"
    return symbol + (r"\,out_{h6}" if with_h6 else "")


def latex_long_total(explanation: StepExplanation, kind: str) -> str:
    """The long form's sum over the batch."""
    title, o, _, _, with_h6 = _names(kind)
    values = explanation.terms[f"long_{kind}"].tolist()
    return (
        rf"\begin{{aligned}} {title} &= \sum_{{rows}} {_long_symbol(o, with_h6)} \\ "
        rf"&= {_sum_text(values)} \\ &= {tex(explanation.long[kind])} \end{{aligned}}"
    )


def latex_simplified(explanation: StepExplanation, kind: str) -> str:
    """The simplified form 1/(2N) Σ (o − y) [out_h6] with every row's factors substituted,
    two rows to a line."""
    title, o, y, node, with_h6 = _names(kind)
    t = explanation.terms
    n = explanation.n
    factor = r"\,out_{h6}" if with_h6 else ""
    summands = []
    for i in range(min(n, TERMS_WRITTEN)):
        o_value, y_value = t[f"o{node}"].iat[i], int(t[y.replace("_", "")].iat[i])
        text = rf"({tex(o_value)} - {y_value})"
        if with_h6:
            text += rf" \cdot {par(t['out_h6'].iat[i])}"
        summands.append(text)
    if n > TERMS_WRITTEN:
        summands.append(rf"\cdots \text{{ ({n - TERMS_WRITTEN} more)}}")
    lines = [" + ".join(summands[k : k + 2]) for k in range(0, len(summands), 2)]
    inside = r" \\ &\qquad + ".join(lines)
    column = f"term_{kind}" if with_h6 else f"error{node}"
    total = float(sum(t[column].tolist(), 0.0))
    return (
        rf"\begin{{aligned}} {title} &= \frac{{1}}{{2N}}\sum_{{rows}} ({o} - {y}){factor} \\ "
        rf"&= \frac{{1}}{{2 \cdot {n}}}\Big[{inside}\Big] \\ "
        rf"&= \frac{{1}}{{{2 * n}}}\left({tex(total)}\right) = {tex(explanation.simplified[kind])}"
        r" \end{aligned}"
    )


def latex_update(explanation: StepExplanation, parameter: str) -> str:
    """p ← p − α Δp with the step's numbers."""
    row = explanation.update.set_index("parameter").loc[parameter]
    name = rf"w_{{{parameter[1:]}}}" if parameter.startswith("w") else rf"b_{parameter[1:]}"
    gradient = rf"\Delta {name}" if parameter.startswith("w") else rf"\delta_{parameter[1:]}"
    return (
        rf"{name} \leftarrow {name} - \alpha\,{gradient} = {tex(row['old'])} - "
        rf"{tex(row['alpha'])} \times {par(row['gradient'])} = {tex(row['new'])}"
    )


def parse_number(text: str) -> float | None:
    """A typed number: accepts a comma decimal, a Unicode minus, and ×10^k; None if not."""
    cleaned = text.strip().replace("−", "-").replace(" ", "").replace(",", ".")
    cleaned = cleaned.replace("×10^", "e").replace("x10^", "e").replace("*10^", "e")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- Showing a step ------------------------------------------------------------------

TERM_HEADINGS = {
    "row": "row",
    "y": "target",
    "o": "output",
    "out_h6": "out_h6",
    "error": "o − y",
    "term": "(o − y)·out_h6",
    "dcost": "∂Cost/∂o",
    "slope": "o(1 − o)",
    "long": "long-form term",
}


BATCH_FIRST = ("row", "x0", "x1", "class", "y1", "y2", "o8", "o9", "out_h6")


def batch_table(explanation: StepExplanation) -> pd.DataFrame:
    """The batch rows beside their forward pass: one line per row. What δ8, δ9, Δw68 and
    Δw69 need (targets, outputs, out_h6) and the row's cost come first, then every node's
    net and out."""
    batch = explanation.batch.rename(columns={"label": "class"})
    forward = explanation.forward.drop(columns=["row"])
    names = {f"out{j}": ("o" if j >= 8 else "out_h") + str(j) for j in range(2, 10)}
    names["cost_term"] = "L (row's cost bracket)"
    table = pd.concat([batch, forward.rename(columns=names)], axis=1)
    first = [*BATCH_FIRST, names["cost_term"]]
    return table[first + [c for c in table.columns if c not in first]]


def terms_table(explanation: StepExplanation, kind: str) -> pd.DataFrame:
    """Every row's factors and terms of one gradient, in both forms."""
    _, node, with_h6 = KINDS[kind]
    t = explanation.terms
    y = "y1" if node == 8 else "y2"
    frame = {
        "row": t["row"],
        y: t[y],
        f"o{node}": t[f"o{node}"],
        f"o{node} − {y}": t[f"error{node}"],
    }
    if with_h6:
        frame["out_h6"] = t["out_h6"]
        frame[f"(o{node} − {y})·out_h6"] = t[f"term_{kind}"]
    frame[f"∂Cost/∂o{node}"] = t[f"dcost_do{node}"]
    frame[f"o{node}(1 − o{node})"] = t[f"slope{node}"]
    frame["long-form term"] = t[f"long_{kind}"]
    return pd.DataFrame(frame)


def cell(value: float) -> str:
    """A table cell as the equations write it: ``DIGITS`` significant figures with a
    leading zero, scientific below 1e-3 (``lab.format.number``), "–" where undefined.

    Python formats it: the grid's printf ``%g`` cut the leading zero of narrow columns and
    wrote 8.5e-5 as 0.000085383 where the equation beside it has 8.53830 × 10^-5.
    """
    return "–" if math.isnan(value) else number(value, DIGITS)


def styled(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """``frame`` with every float column written by ``cell``; the values stay numbers."""
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    return frame.style.format(cell, subset=floats)


def _number_columns(frame: pd.DataFrame, integer: tuple[str, ...] = ()) -> dict:
    """Whole-number columns narrow; float columns take ``styled``'s text (a column
    config format would override it)."""
    return {column: st.column_config.NumberColumn(format="%d", width="small") for column in integer}


def show_heading(explanation: StepExplanation, source: str) -> None:
    n = explanation.n
    st.markdown(
        f"**Step {explanation.step}** of the {source.split(' (')[0].lower()}, epoch "
        f"{explanation.epoch}: a batch of N = {n} row{'s' * (n > 1)}, α = {explanation.alpha:g}. "
        f"Every value below is computed from the weights **before** this step."
    )


def show_forward(explanation: StepExplanation) -> None:
    """The batch rows, each row's forward pass and the cost; one row traced in full."""
    st.subheader("The batch and its forward pass")
    table = batch_table(explanation)
    st.dataframe(
        styled(table),
        column_config=_number_columns(table, ("row", "class")),
        hide_index=True,
        width="stretch",
    )  # Streamlit's automatic height shows up to ten rows: a default batch of 8 whole
    rows = [int(r) for r in explanation.batch["row"]]
    index = 0
    if len(rows) > 1:
        # Options named by place in the batch, so the choice carries over to the next step.
        positions = range(len(rows))
        index = st.selectbox(
            "Trace one row node by node",
            positions,
            format_func=lambda k: f"batch row {k + 1}",
            help="Counted down the batch table above: batch row 1 is its first line.",
            **keep(TRACE_ROW, 0, positions),
        )
    place = f" (batch row {index + 1})" if len(rows) > 1 else ""
    with st.expander(f"Forward pass of row {rows[index]}{place}, node by node", expanded=False):
        for line in latex_forward_row(explanation, index):
            st.latex(line)
        st.latex(latex_cost_row(explanation, index))
    st.latex(latex_cost(explanation))
    st.caption(
        "L is a row's bracket of the cross-entropy; the cost is their sum over 2N. It equals "
        "the batch loss the gradient table records for this step."
    )


def show_gradient(explanation: StepExplanation, kind: str) -> None:
    """Both forms of one gradient, the rows' terms, and the table's value beside them."""
    _, o, _, node, with_h6 = _names(kind)
    t = explanation.terms
    st.markdown(
        "**Chain rule, the long way**: "
        + (
            f"∂Cost/∂{o[0]}{node} × {o[0]}{node}(1 − {o[0]}{node}) × out_h6 per row, summed."
            if with_h6
            else f"∂Cost/∂{o[0]}{node} × {o[0]}{node}(1 − {o[0]}{node}) per row, summed."
        )
    )
    if not explanation.long_defined(node):
        st.warning(
            f"On some rows o{node} has rounded to exactly {int(t[f'o{node}'].max() >= 1)} "
            "against the other target, so ∂Cost/∂o is undefined there (a log of 0). "
            "The long form cannot be evaluated in floating point; the simplified form below "
            "can, and it is what the engine uses."
        )
    for index in range(min(explanation.n, ROWS_WRITTEN)):
        st.latex(latex_long_row(explanation, kind, index))
    if explanation.long_defined(node):
        st.latex(latex_long_total(explanation, kind))
    st.markdown(
        "**Simplified**: a sigmoid output meeting cross-entropy, the slope o(1 − o) cancels."
    )
    st.latex(latex_simplified(explanation, kind))
    table_value = explanation.table_value(kind)
    long_text = number(explanation.long[kind], DIGITS) if explanation.long_defined(node) else "–"
    simplified = number(explanation.simplified[kind], DIGITS)
    same = long_text in (simplified, "–") and simplified == number(table_value, DIGITS)
    st.markdown(
        f"Long form **{long_text}** · simplified **{simplified}** · the gradient table's "
        f"{KINDS[kind][0]} for this step **{number(table_value, DIGITS)}**"
        + (f" — equal to {DIGITS} significant figures." if same else "")
    )
    frame = terms_table(explanation, kind)
    st.dataframe(
        styled(frame),
        column_config=_number_columns(frame, ("row",)),
        hide_index=True,
        width="stretch",
    )


def show_gradients(explanation: StepExplanation) -> None:
    st.subheader("The four output-layer gradients, worked out")
    tabs = st.tabs([KINDS[kind][0] for kind in ("dw68", "dw69", "delta8", "delta9")])
    for tab, kind in zip(tabs, ("dw68", "dw69", "delta8", "delta9"), strict=True):
        with tab:
            show_gradient(explanation, kind)


def show_update(explanation: StepExplanation) -> None:
    st.subheader("The update")
    for parameter in explanation.update["parameter"]:
        st.latex(latex_update(explanation, parameter))
    frame = explanation.update.rename(columns={"gradient": "Δ", "change": "−α·Δ"})
    st.dataframe(styled(frame), hide_index=True, width="stretch")
    st.caption("All 24 parameters move at once, from the same forward pass; four are shown.")


def show_gradcheck(explanation: StepExplanation) -> None:
    st.subheader("Gradient check")
    check = explanation.gradcheck
    worst = float(check["rel_error"].max())
    passed = int(check["passed"].sum())
    text = (
        "Central finite differences on this batch, for all 24 parameters: "
        "[8(Cost(p + h) − Cost(p − h)) − (Cost(p + 2h) − Cost(p − 2h))] / 12h with "
        f"h = {GRADCHECK_EPS:g}·max(1, |p|). **{passed} of 24 agree** with backprop (the "
        f"largest relative error is {number(worst, 2)})."
    )
    (st.success if passed == len(check) else st.warning)(text)
    config = {
        "name": st.column_config.TextColumn("parameter"),
        "analytic": st.column_config.NumberColumn("backprop"),
        "numeric": st.column_config.NumberColumn("finite differences"),
        "abs_error": st.column_config.NumberColumn("absolute error", format="%.2e"),
        "rel_error": st.column_config.NumberColumn("relative error", format="%.2e"),
        "passed": st.column_config.CheckboxColumn("agrees"),
    }
    st.dataframe(styled(check), column_config=config, hide_index=True, width="stretch", height=300)
    st.caption(
        "A parameter agrees when its relative error is below 1e-6, or its absolute error "
        "below 1e-10: rounding in the cost limits finite differences to about that, so a "
        "gradient near 1e-8 cannot be checked more finely."
    )


def show_check_yourself(explanation: StepExplanation) -> None:
    """Type δ8, δ9, Δw68 or Δw69 for this step and be told whether it is right, and why not."""
    st.subheader("Check yourself")
    st.markdown(
        "Work one value out by hand from the batch and forward pass above, then type it. "
        f"It is judged to {CHECK_DIGITS} significant figures, the gradient table's precision."
    )
    ss = st.session_state
    for key, default in ((CHECK_KIND, "delta8"), (CHECK_TEXT, "")):
        if key not in ss:  # inside a form only the submit button may have a callback
            ss[key] = kept(key, default)
    with st.form("step.check", border=True):
        left, right = st.columns([1, 2])
        kind = left.selectbox(
            "Value", list(KINDS), format_func=lambda k: KINDS[k][0], key=CHECK_KIND
        )
        typed = right.text_input(
            "Your value", placeholder="e.g. 0.01179 or -1.2e-4", key=CHECK_TEXT
        )
        submitted = st.form_submit_button(
            "Check", on_click=_remember, args=(CHECK_KIND, CHECK_TEXT)
        )
    if not submitted:
        return
    if not typed.strip():
        st.warning(f"Type your value of {KINDS[kind][0]} first, e.g. 0.01179 or -1.2e-4.")
        return
    value = parse_number(typed)
    if value is None:
        st.error(f"“{typed}” is not a number: type e.g. 0.01179, -0.0688 or 1.2e-4.")
        return
    verdict = check_answer(kind, value, explanation, CHECK_DIGITS)
    (st.success if verdict.correct else st.error)(verdict.message)


__all__ = [
    "LiveRun",
    "advance",
    "cell",
    "controls",
    "current",
    "epoch_positions",
    "epoch_text",
    "explain",
    "keep",
    "kept",
    "latex_cost",
    "latex_forward_row",
    "latex_long_row",
    "latex_long_total",
    "latex_simplified",
    "latex_update",
    "live_area",
    "note_change",
    "parse_number",
    "pick_source",
    "pick_step",
    "reset",
    "show_answers",
    "show_check_yourself",
    "show_forward",
    "show_gradcheck",
    "show_gradients",
    "show_update",
    "styled",
    "tex",
]
