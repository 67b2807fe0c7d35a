"""Altair chart builders: data in, ``alt.Chart`` out, no Streamlit and no engine math.

Every builder drops rows that are not finite before embedding them (Vega cannot draw
NaN or infinity, and a diverged run produces both), and long histories are summarised
per bucket of consecutive steps by their minimum, mean and maximum, so a chart never
embeds more than a few thousand rows whatever the run length.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

CLASS_COLORS = ("#2b6cb0", "#dd6b20")
SERIES_COLORS = {"training": "#2b6cb0", "test": "#dd6b20"}
SERIES_DASHES = {"training": [1, 0], "test": [6, 4]}  # test dashed, so training shows through
LEGEND_INK = "#4a5568"  # stroke of legend symbols that stand for no colour
MAX_BUCKETS = 1500
# Four panels share one data set: 4 × 1,000 rows stays under Altair's 5,000-row limit, so
# runs of up to 1,000 steps are drawn step by step.
GRADIENT_BUCKETS = 1000
GRADIENT_COLUMNS = {"dw68": "Δw68", "dw69": "Δw69", "delta8": "δ8", "delta9": "δ9"}


def finite(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The rows of ``frame`` whose ``columns`` are all finite numbers."""
    if frame.empty:
        return frame
    values = frame[list(columns)].to_numpy(dtype=float)
    return frame[np.isfinite(values).all(axis=1)]


def bucketed(x: np.ndarray, y: np.ndarray, max_buckets: int = MAX_BUCKETS) -> pd.DataFrame:
    """Consecutive points grouped into at most ``max_buckets`` buckets.

    Returns columns x (mean x of the bucket), low, mean, high and count. With no more
    points than buckets each bucket holds one point, so low = mean = high.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size == 0:
        return pd.DataFrame({"x": [], "low": [], "mean": [], "high": [], "count": []})
    buckets = min(max_buckets, x.size)
    index = np.minimum((np.arange(x.size) * buckets) // x.size, buckets - 1)
    frame = pd.DataFrame({"bucket": index, "x": x, "y": y})
    grouped = frame.groupby("bucket", sort=True)
    return pd.DataFrame(
        {
            "x": grouped["x"].mean().to_numpy(),
            "low": grouped["y"].min().to_numpy(),
            "mean": grouped["y"].mean().to_numpy(),
            "high": grouped["y"].max().to_numpy(),
            "count": grouped["y"].size().to_numpy(),
        }
    )


def _epoch_long(epochs: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Per-epoch ``{prefix}`` columns of training and test data in long form."""
    parts = []
    for series in ("train", "test"):
        column = f"{series}_{prefix}"
        if column in epochs:
            part = pd.DataFrame({"epoch": epochs["epoch"], "value": epochs[column]})
            part["data"] = "training" if series == "train" else "test"
            parts.append(part)
    if not parts:
        return pd.DataFrame({"epoch": [], "value": [], "data": []})
    return finite(pd.concat(parts, ignore_index=True), ["epoch", "value"])


def _series_lines(data: pd.DataFrame, y: alt.Y, x: alt.X, tooltip: list, points: bool):
    """Training and test as two lines: training solid, test dashed and drawn on top, so
    where the two run together the test dashes show with the training line in the gaps."""
    legend = alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=2.5)
    color = alt.Color(
        "data:N",
        title=None,
        scale=alt.Scale(domain=list(SERIES_COLORS), range=list(SERIES_COLORS.values())),
        legend=legend,
    )
    dash = alt.StrokeDash(
        "data:N",
        title=None,
        scale=alt.Scale(domain=list(SERIES_DASHES), range=list(SERIES_DASHES.values())),
        legend=legend,
    )
    return [
        alt.Chart(data[data["data"] == series])
        .mark_line(point=points, strokeWidth=2.5)
        .encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip)
        for series in ("training", "test")
    ]


def epoch_end(*epochs: np.ndarray) -> float:
    """The right end of an epoch axis: the last epoch shown, and at least 1."""
    shown = [float(np.nanmax(e)) for e in epochs if len(e) and np.isfinite(e).any()]
    return max([1.0, *shown])


def epoch_axis(end: float, field: str = "epoch") -> alt.X:
    """An epoch axis from 0 to ``end``, labelled without trailing zeros: the first step
    of a fresh run reads 0 … 1, never 0.000000, and 200 epochs read 120, 160, 200.

    Fixed-point ("~f"), not "~g": Vega sets a "g" format's precision from the tick step,
    which turned ticks of 20 epochs into 1.2e+2, 1.6e+2, 2e+2."""
    return alt.X(
        f"{field}:Q",
        title="epoch",
        scale=alt.Scale(domain=[0, end], nice=False),
        axis=alt.Axis(format="~f", tickMinStep=0.25 if end <= 2 else 1),
    )


def batch_positions(steps: pd.DataFrame, steps_per_epoch: int) -> np.ndarray:
    """Where each step's batch loss sits on the epoch axis (its loss is measured before the
    update, so step 1 sits at 0).

    Uses the steps' own ``epoch_position`` column when there is one (live training whose
    batch size changed mid-run supplies it); else (step − 1) / steps_per_epoch, right for
    a run that kept one batch size.
    """
    if "epoch_position" in steps:
        return steps["epoch_position"].to_numpy(dtype=float)
    return (steps["step"].to_numpy(dtype=float) - 1) / max(steps_per_epoch, 1)


def loss_chart(
    epochs: pd.DataFrame,
    steps: pd.DataFrame,
    steps_per_epoch: int,
    max_buckets: int = MAX_BUCKETS,
) -> alt.LayerChart:
    """Training and test loss per epoch, over the faint per-step batch loss.

    The batch loss of step s was measured before that step's update, so it is drawn where
    that step began (``batch_positions``). A long run shows the batch loss as a band from the
    lowest to the highest value in each bucket of steps, with the bucket mean as a line.
    """
    per_epoch = _epoch_long(epochs, "loss")
    x = batch_positions(steps, steps_per_epoch)
    batch = bucketed(x, steps["loss"].to_numpy(dtype=float), max_buckets)
    summarised = bool((batch["count"] > 1).any())
    end = epoch_end(per_epoch["epoch"].to_numpy(dtype=float), batch["x"].to_numpy())
    epoch_x, batch_x = epoch_axis(end), epoch_axis(end, "x")
    band = (
        alt.Chart(batch)
        .mark_area(color="#718096", opacity=0.18)
        .encode(x=batch_x, y=alt.Y("low:Q", title="loss"), y2="high:Q")
    )
    title = "batch loss, min–max per bucket" if summarised else "batch loss per step"
    faint = (
        alt.Chart(batch)
        .mark_line(color="#718096", opacity=0.45, strokeWidth=1)
        .encode(
            x=batch_x,
            y=alt.Y("mean:Q", title="loss"),
            tooltip=[
                alt.Tooltip("x:Q", title="epoch", format=".2f"),
                alt.Tooltip("mean:Q", title=title, format=".4g"),
            ],
        )
    )
    tooltip = ["data:N", "epoch:Q", alt.Tooltip("value:Q", title="loss", format=".4g")]
    lines = _series_lines(
        per_epoch, alt.Y("value:Q", title="loss"), epoch_x, tooltip, len(epochs) <= 40
    )
    layers = [band, faint, *lines] if summarised else [faint, *lines]
    return alt.layer(*layers).properties(
        height=320, title=alt.TitleParams("Loss", subtitle=f"grey: {title}; test dashed")
    )


def accuracy_chart(epochs: pd.DataFrame) -> alt.LayerChart:
    """Training and test accuracy per epoch, on a 0–100 % axis."""
    data = _epoch_long(epochs, "accuracy")
    y = alt.Y(
        "value:Q", title="accuracy", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
    )
    tooltip = ["data:N", "epoch:Q", alt.Tooltip("value:Q", title="accuracy", format=".1%")]
    x = epoch_axis(epoch_end(data["epoch"].to_numpy(dtype=float)))
    lines = _series_lines(data, y, x, tooltip, len(epochs) <= 40)
    return alt.layer(*lines).properties(
        height=320, title=alt.TitleParams("Accuracy", subtitle="test dashed")
    )


def _pick(values: Sequence[str], colors: Sequence[str]) -> alt.ExprRef:
    """A Vega expression giving a legend entry's colour: ``colors[i]`` for ``values[i]``.

    Legend symbols take no colour from a conditional or second colour encoding, so the
    point legends set theirs explicitly."""
    expression = f"{json.dumps(colors[-1])}"
    for value, color in zip(values[:-1], colors[:-1], strict=True):
        expression = f"datum.value == {json.dumps(value)} ? {json.dumps(color)} : {expression}"
    return alt.ExprRef(expression)


def _class_color(classes: Sequence[str], orient: str | None) -> alt.Color:
    """Colour by class; ``orient`` None leaves the legend out (a title names the colours)."""
    legend = None
    if orient is not None:
        legend = alt.Legend(
            orient=orient,
            direction="vertical",
            symbolType="circle",
            symbolFillColor=_pick(list(classes), CLASS_COLORS),
            symbolStrokeWidth=1.5,
            labelLimit=160,
        )
    return alt.Color(
        "class:N",
        title="class",
        scale=alt.Scale(domain=list(classes), range=list(CLASS_COLORS)),
        legend=legend,
    )


def points_chart(
    points: pd.DataFrame,
    classes: Sequence[str],
    legend_orient: str = "bottom",
    class_legend: bool = True,
) -> alt.Chart:
    """The rows as dots coloured by class: filled circles for training, hollow diamonds
    for test.

    ``points`` has columns x0, x1, class (one of ``classes``) and split. The legends are
    vertical lists (below the chart by default), so they stay whole in a narrow column;
    ``class_legend=False`` leaves the class one out for a chart whose title names colours.
    """
    data = finite(points, ["x0", "x1"])
    data = data.assign(fill=data["class"].where(data["split"] == "training", "test"))
    return (
        alt.Chart(data)
        .mark_point(size=45, strokeWidth=1.5)
        .encode(
            x=alt.X("x0:Q", title="x0", scale=alt.Scale(zero=False)),
            y=alt.Y("x1:Q", title="x1", scale=alt.Scale(zero=False)),
            color=_class_color(classes, legend_orient if class_legend else None),
            fill=alt.Fill(
                "fill:N",
                scale=alt.Scale(domain=[*classes, "test"], range=[*CLASS_COLORS, "white"]),
                legend=None,
            ),
            shape=alt.Shape(
                "split:N",
                title="rows",
                scale=alt.Scale(domain=["training", "test"], range=["circle", "diamond"]),
                legend=alt.Legend(
                    orient=legend_orient,
                    direction="vertical",
                    symbolStrokeColor=LEGEND_INK,
                    symbolFillColor=_pick(["training", "test"], ["#a0aec0", "white"]),
                    symbolStrokeWidth=1.5,
                ),
            ),
            tooltip=[
                "class:N",
                "split:N",
                alt.Tooltip("x0:Q", format=".3g"),
                alt.Tooltip("x1:Q", format=".3g"),
            ],
        )
    )


def boundary_chart(grid: pd.DataFrame, points: pd.DataFrame, classes: Sequence[str]) -> alt.Chart:
    """The network's preference o9 − o8 over a grid, with the data drawn on top.

    ``grid`` has columns x0, x1 (cell centres), width, height and score = o9 − o8 in
    [-1, 1]: blue where the network says class 0, orange where it says class 1, and the
    boundary where the colour turns.
    """
    cells = finite(grid, ["x0", "x1", "score"]).assign(
        x0_end=lambda f: f["x0"] + f["width"], x1_end=lambda f: f["x1"] + f["height"]
    )
    heat = (
        alt.Chart(cells)
        .mark_rect(opacity=0.55)
        .encode(
            x=alt.X("x0:Q", title="x0", scale=alt.Scale(zero=False, nice=False)),
            x2="x0_end:Q",
            y=alt.Y("x1:Q", title="x1", scale=alt.Scale(zero=False, nice=False)),
            y2="x1_end:Q",
            color=alt.Color(
                "score:Q",
                title="o9 − o8",
                scale=alt.Scale(
                    domain=[-1, 0, 1],
                    range=[CLASS_COLORS[0], "#f7fafc", CLASS_COLORS[1]],
                    interpolate="rgb",
                ),
                legend=alt.Legend(orient="right", gradientLength=80),
            ),
        )
    )
    return (
        alt.layer(heat, points_chart(points, classes, legend_orient="right", class_legend=False))
        .resolve_scale(color="independent")
        .properties(
            height=320,
            title=alt.TitleParams(
                "Decision boundary",
                subtitle=[
                    "background: o9 − o8, the network's preference",
                    f"blue = {classes[0]}, orange = {classes[1]}",
                ],
            ),
        )
    )


def gradient_chart(steps: pd.DataFrame, max_buckets: int = GRADIENT_BUCKETS) -> alt.FacetChart:
    """Δw68, Δw69, δ8 and δ9 over the steps, one panel each with its own y axis.

    Long runs show a band from the lowest to the highest value per bucket of steps and
    the bucket mean as a line.
    """
    parts = []
    for column, title in GRADIENT_COLUMNS.items():
        part = bucketed(steps["step"], steps[column], max_buckets)
        part["value"] = title
        parts.append(part)
    data = pd.concat(parts, ignore_index=True)
    data["x"] = data["x"].round(1)

    base = alt.Chart().encode(x=alt.X("x:Q", title="step"))
    band = base.mark_area(opacity=0.25, color="#805ad5").encode(
        y=alt.Y("low:Q", title=None), y2="high:Q"
    )
    line = base.mark_line(color="#553c9a", strokeWidth=1.2).encode(
        y=alt.Y("mean:Q", title=None),
        tooltip=[
            alt.Tooltip("x:Q", title="step"),
            alt.Tooltip("mean:Q", format=".3e"),
            alt.Tooltip("low:Q", format=".3e"),
            alt.Tooltip("high:Q", format=".3e"),
        ],
    )
    return (
        alt.layer(band, line, data=data)
        .properties(height=170, width=320)
        .facet(
            facet=alt.Facet("value:N", title=None, sort=list(GRADIENT_COLUMNS.values())), columns=2
        )
        .resolve_scale(y="independent")
    )


def weights_chart(initial: Mapping[str, float], trained: Mapping[str, float]) -> alt.LayerChart:
    """Each parameter's initial and trained value, joined by a line (a dumbbell plot)."""
    names = list(initial)
    rows = [
        {"parameter": name, "initial": initial[name], "trained": trained[name]}
        for name in names
        if np.isfinite(initial[name]) and np.isfinite(trained[name])
    ]
    wide = pd.DataFrame(rows, columns=["parameter", "initial", "trained"])
    long = wide.melt("parameter", var_name="weights", value_name="value")
    y = alt.Y("parameter:N", sort=names, title=None)
    rule = (
        alt.Chart(wide)
        .mark_rule(color="#a0aec0")
        .encode(y=y, x=alt.X("initial:Q", title="value"), x2="trained:Q")
    )
    dots = (
        alt.Chart(long)
        .mark_circle(size=70, opacity=1)
        .encode(
            y=y,
            x=alt.X("value:Q", title="value"),
            color=alt.Color(
                "weights:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=["initial", "trained"], range=["#a0aec0", "#2f855a"]),
            ),
            tooltip=["parameter:N", "weights:N", alt.Tooltip("value:Q", format=".4g")],
        )
    )
    return alt.layer(rule, dots).properties(height=24 * 22, title="Initial → trained")
