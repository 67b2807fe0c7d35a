"""The network drawn as nodes 0–9 in five layers, each edge labelled with its weight."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from lab.format import weight

NODE_NAMES = ("x0", "x1", "h2", "h3", "h4", "h5", "h6", "h7", "o8", "o9")
LAYER_TITLES = ("input", "hidden", "hidden", "hidden", "output")
# How far along an edge its weight is written: mid-way on straight edges, near the
# sender on crossing ones, so the two labels of a crossing never meet.
STRAIGHT_AT, CROSSING_AT = 0.5, 0.27


def _position(node: int) -> tuple[float, float]:
    """Layer on x (0..4) and row on y (0 top, 1 bottom) of node 0..9."""
    return float(node // 2), float(node % 2)


def edges_frame(params: Mapping[str, float]) -> pd.DataFrame:
    """One row per weight w_ij: its ends, its label position and its value."""
    rows = []
    for name, value in params.items():
        if not name.startswith("w"):
            continue
        source, target = int(name[1]), int(name[2])
        (x, y), (x2, y2) = _position(source), _position(target)
        at = STRAIGHT_AT if y == y2 else CROSSING_AT
        rows.append(
            {
                "name": name,
                "value": value,
                "x": x,
                "y": y,
                "x2": x2,
                "y2": y2,
                "label_x": x + at * (x2 - x),
                "label_y": y + at * (y2 - y),
                "label": f"{name} = {weight(value)}",
                "sign": "positive" if value >= 0 else "negative",
                "thickness": float(np.clip(abs(value), 0.0, 4.0)) if np.isfinite(value) else 0,
            }
        )
    return pd.DataFrame(rows)


def nodes_frame(params: Mapping[str, float]) -> pd.DataFrame:
    """One row per node: position, number, name and bias label (none for inputs)."""
    rows = []
    for node, name in enumerate(NODE_NAMES):
        x, y = _position(node)
        bias = params.get(f"b{node}")
        rows.append(
            {
                "node": str(node),
                "name": name,
                "x": x,
                "y": y,
                "bias": "" if bias is None else f"b{node} = {weight(bias)}",
                "kind": "input" if node < 2 else ("output" if node >= 8 else "hidden"),
            }
        )
    return pd.DataFrame(rows)


def network_chart(params: Mapping[str, float], title: str = "The network") -> alt.LayerChart:
    """Nodes 0–9 with their names and biases; edges coloured by sign, thicker when larger."""
    edges = edges_frame(params)
    nodes = nodes_frame(params)
    layers = pd.DataFrame(
        {
            "x": np.arange(5, dtype=float),
            "y": 1.45,
            "text": [f"layer {k + 1}: {t}" for k, t in enumerate(LAYER_TITLES)],
        }
    )

    x_scale = alt.Scale(domain=[-0.35, 4.35])
    y_scale = alt.Scale(domain=[-0.55, 1.6], reverse=True)
    x = alt.X("x:Q", scale=x_scale, axis=None)
    y = alt.Y("y:Q", scale=y_scale, axis=None)

    lines = (
        alt.Chart(edges)
        .mark_rule(opacity=0.7)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "sign:N",
                title="weight",
                scale=alt.Scale(domain=["positive", "negative"], range=["#2b6cb0", "#c53030"]),
                legend=alt.Legend(orient="top"),
            ),
            strokeWidth=alt.StrokeWidth(
                "thickness:Q", scale=alt.Scale(domain=[0, 4], range=[0.6, 7]), legend=None
            ),
            tooltip=["name:N", alt.Tooltip("value:Q", format=".4g")],
        )
    )
    # Each label is drawn twice: a white outline first, so it reads over a thick edge.
    edge_labels = [
        alt.Chart(edges)
        .mark_text(fontSize=11, dy=-7, color="#1a202c", **outline)
        .encode(
            x=alt.X("label_x:Q", scale=x_scale, axis=None),
            y=alt.Y("label_y:Q", scale=y_scale, axis=None),
            text="label:N",
        )
        for outline in ({"stroke": "white", "strokeWidth": 3, "strokeOpacity": 0.9}, {})
    ]
    circles = (
        alt.Chart(nodes)
        .mark_circle(size=1300, opacity=1, stroke="#1a202c", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "kind:N",
                scale=alt.Scale(
                    domain=["input", "hidden", "output"], range=["#e2e8f0", "#fefcbf", "#c6f6d5"]
                ),
                legend=None,
            ),
            tooltip=["node:N", "name:N", "bias:N"],
        )
    )
    numbers = (
        alt.Chart(nodes).mark_text(fontSize=15, fontWeight="bold").encode(x=x, y=y, text="node:N")
    )
    names = alt.Chart(nodes).mark_text(fontSize=12, dy=-30).encode(x=x, y=y, text="name:N")
    # Crossing edges leave the top row downwards, so a top node's bias sits above its
    # name (below, w25 covered b2); a bottom node's stays below it, where no edge runs.
    biases = [
        alt.Chart(nodes)
        .transform_filter(alt.datum.y == row)
        .mark_text(fontSize=11, dy=dy, color="#4a5568")
        .encode(x=x, y=y, text="bias:N")
        for row, dy in ((0.0, -45), (1.0, 31))
    ]
    captions = (
        alt.Chart(layers).mark_text(fontSize=12, color="#718096").encode(x=x, y=y, text="text:N")
    )
    return alt.layer(lines, *edge_labels, circles, numbers, names, *biases, captions).properties(
        height=380, title=title
    )
