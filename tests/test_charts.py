"""Chart builders: bounded, finite data for any run the controls allow."""

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

from engine import PARAM_NAMES, Network, Trainer
from lab import charts, diagram, live, teaching
from lab.format import number, percent

ALTAIR_MAX_ROWS = 5000


def embedded(chart: alt.TopLevelMixin) -> list[list[dict]]:
    """The data sets a chart embeds, after checking the spec is strict JSON (no NaN/inf)."""
    spec = chart.to_dict()
    json.dumps(spec, allow_nan=False)
    return list(spec.get("datasets", {}).values())


def fake_steps(n: int, per_epoch: int = 900, with_bad: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    steps = pd.DataFrame(
        {
            "epoch": np.arange(n) // per_epoch + 1,
            "step": np.arange(1, n + 1),
            "loss": np.exp(-np.arange(n) / n) + rng.uniform(0, 0.1, n),
            "dw68": rng.normal(0, 1e-6, n),
            "dw69": rng.normal(0, 1e-2, n),
            "delta8": rng.normal(0, 1e-3, n),
            "delta9": rng.normal(0, 1e-3, n),
        }
    )
    if with_bad:
        steps.loc[n - 3 :, ["loss", "dw68", "delta8"]] = [np.nan, np.inf, -np.inf]
    return steps


def fake_epochs(n: int, with_bad: bool = False) -> pd.DataFrame:
    epochs = pd.DataFrame(
        {
            "epoch": np.arange(n + 1),
            "train_loss": np.linspace(0.8, 0.3, n + 1),
            "test_loss": np.linspace(0.8, 0.35, n + 1),
            "train_accuracy": np.linspace(0.5, 0.9, n + 1),
            "test_accuracy": np.linspace(0.5, 0.88, n + 1),
        }
    )
    if with_bad:
        epochs.loc[n, ["train_loss", "test_loss"]] = [np.nan, np.inf]
    return epochs


def test_bucketed_keeps_extremes_and_bounds_rows():
    """100,000 points shrink to at most MAX_BUCKETS rows that keep the overall min and max."""
    y = np.sin(np.arange(100_000) / 50.0)
    summary = charts.bucketed(np.arange(100_000), y)
    assert len(summary) <= charts.MAX_BUCKETS
    assert summary["low"].min() == y.min() and summary["high"].max() == y.max()
    assert summary["count"].sum() == 100_000


def test_bucketed_short_series_is_point_by_point():
    """A series shorter than the bucket count is passed through one point per bucket."""
    summary = charts.bucketed(np.arange(10), np.arange(10.0) ** 2)
    assert (summary["count"] == 1).all()
    assert summary["mean"].tolist() == [float(k * k) for k in range(10)]


@pytest.mark.parametrize("n_steps", [5, 720, 100_000, 180_000])
def test_loss_chart_stays_within_altair_limits(n_steps):
    """The loss chart embeds fewer than 5,000 rows per data set even for 180,000 steps."""
    chart = charts.loss_chart(fake_epochs(200), fake_steps(n_steps), 900)
    for rows in embedded(chart):
        assert len(rows) < ALTAIR_MAX_ROWS


def test_charts_never_embed_nan_or_infinity():
    """A diverged history (NaN and ±inf in loss and gradients) still gives strict-JSON charts."""
    steps, epochs = fake_steps(2000, with_bad=True), fake_epochs(20, with_bad=True)
    loss_rows = embedded(charts.loss_chart(epochs, steps, 100))
    embedded(charts.accuracy_chart(epochs))
    gradient_rows = embedded(charts.gradient_chart(steps))
    assert all(len(rows) < ALTAIR_MAX_ROWS for rows in loss_rows + gradient_rows)


def test_gradient_chart_has_the_four_panels_and_bounded_rows():
    """Δw68, Δw69, δ8 and δ9 each get a panel; 100,000 steps stay under 5,000 rows."""
    (rows,) = embedded(charts.gradient_chart(fake_steps(100_000)))
    assert {row["value"] for row in rows} == {"Δw68", "Δw69", "δ8", "δ9"}
    assert len(rows) < ALTAIR_MAX_ROWS


def test_gradient_chart_draws_a_default_run_step_by_step():
    """720 steps (the default run) are drawn one point per step, not averaged in buckets."""
    (rows,) = embedded(charts.gradient_chart(fake_steps(720)))
    assert len(rows) == 4 * 720
    assert all(row["low"] == row["high"] for row in rows)


def test_boundary_chart_with_points():
    """The decision boundary layers a 3,600-cell grid under the points, all finite."""
    g0, g1 = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-2, 2, 60))
    grid = pd.DataFrame(
        {
            "x0": g0.ravel(),
            "x1": g1.ravel(),
            "width": 4 / 60,
            "height": 4 / 60,
            "score": np.tanh(g0.ravel()),
        }
    )
    points = pd.DataFrame(
        {
            "x0": [0.0, 1.0, np.nan],
            "x1": [0.0, 1.0, 0.0],
            "class": ["a", "b", "a"],
            "split": ["training", "test", "test"],
        }
    )
    datasets = embedded(charts.boundary_chart(grid, points, ("a", "b")))
    assert sorted(len(rows) for rows in datasets) == [2, 3600]


def test_network_diagram_names_every_node_and_weight():
    """The diagram draws nodes 0–9 and labels all 16 edges with their names and values."""
    params = Network.init("glorot", 1.0, 0).to_dict()
    nodes = diagram.nodes_frame(params)
    edges = diagram.edges_frame(params)
    assert nodes["node"].tolist() == [str(k) for k in range(10)]
    assert sorted(edges["name"]) == sorted(n for n in PARAM_NAMES if n.startswith("w"))
    assert edges.loc[edges["name"] == "w68", "label"].item() == f"w68 = {params['w68']:.3f}"
    label_positions = set(zip(edges["label_x"], edges["label_y"], strict=True))
    assert len(label_positions) == 16
    embedded(diagram.network_chart(params))


def test_network_diagram_keeps_top_biases_clear_of_crossing_edges():
    """w25 covered b2: crossing edges leave the top row downwards, so the top row's biases
    sit above the node names, the bottom row's below, and edge labels carry a white outline."""
    layers = diagram.network_chart(Network.init("glorot", 1.0, 0).to_dict()).to_dict()["layer"]
    texts = [layer for layer in layers if layer["mark"]["type"] == "text"]
    bias_dy = {
        layer["transform"][0]["filter"]: layer["mark"]["dy"]
        for layer in texts
        if layer["encoding"]["text"]["field"] == "bias"
    }
    assert bias_dy == {"(datum.y === 0.0)": -45, "(datum.y === 1.0)": 31}
    outlined = [layer for layer in texts if layer["mark"].get("stroke") == "white"]
    assert [layer["encoding"]["text"]["field"] for layer in outlined] == ["label"]


def test_numbers_stay_readable():
    """Tiny gradients show in scientific notation, never as a silent 0.0000."""
    assert number(1.2345e-7) == "1.235e-07"
    assert number(-0.5) == "-0.5"
    assert number(0.0) == "0"
    assert number(123456.0) == "1.235e+05"
    assert percent(0.875) == "87.5 %"


def test_constant_init_makes_every_hidden_pair_twins():
    """With every parameter equal, each hidden pair is flagged, and one moved weight unties it."""
    params = Network.init("constant", 0.5).to_dict()
    assert teaching.twin_layers(params) == [(2, 3), (4, 5), (6, 7)]
    assert "stay identical" in teaching.twin_note(params)
    params["w02"] = 0.7
    assert teaching.twin_layers(params) == [(4, 5), (6, 7)]
    assert teaching.twin_note(Network.init("glorot", 1.0, 0).to_dict()) is None


def layers_of(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_loss_chart_of_one_step_reads_0_to_1_epoch():
    """One step of a fresh run (only epoch 0 recorded) gave an x axis of 0.000000: the
    axis now spans 0 to 1 epoch with labels like 0.5, never trailing zeros."""
    steps = fake_steps(1)
    epochs = fake_epochs(0)
    for layer in layers_of(charts.loss_chart(epochs, steps, 18)):
        x = layer["encoding"]["x"]
        assert x["scale"]["domain"] == [0, 1.0]
        assert x["axis"]["format"] == "~f"


def test_epoch_axis_of_a_long_run_is_fixed_point():
    """A 200-epoch run labelled its ticks 1.2e+2, 1.6e+2, 2e+2 ("~g" takes its precision
    from the tick step in Vega); the axis format is fixed-point, without trailing zeros."""
    for layer in layers_of(charts.loss_chart(fake_epochs(200), fake_steps(2000), 10)):
        x = layer["encoding"]["x"]
        assert x["axis"]["format"] == "~f" and x["scale"]["domain"][1] >= 200


def test_loss_chart_draws_test_dashed_over_solid_training():
    """Close training and test losses both stay visible: training solid, test dashed and
    drawn after it, one legend for both."""
    spec = charts.loss_chart(fake_epochs(5), fake_steps(50, per_epoch=10), 10).to_dict()
    series = [layer for layer in spec["layer"] if "strokeDash" in layer["encoding"]]
    assert len(series) == 2
    datasets = spec["datasets"]
    order = [datasets[layer["data"]["name"]][0]["data"] for layer in series]
    assert order == ["training", "test"]
    dash = series[0]["encoding"]["strokeDash"]["scale"]
    assert dash == {"domain": ["training", "test"], "range": [[1, 0], [6, 4]]}


def test_loss_chart_places_batch_losses_by_epoch_position():
    """With an epoch_position column (live training after a batch-size change) the batch
    loss sits there, not at (step − 1) / steps per epoch."""
    steps = fake_steps(6, per_epoch=4)
    steps["epoch_position"] = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5]
    chart = charts.loss_chart(fake_epochs(2), steps, 4)
    rows = next(rows for rows in embedded(chart) if rows and "mean" in rows[0])
    assert [row["x"] for row in rows] == [0.0, 0.25, 0.5, 0.75, 1.0, 1.5]
    without = charts.batch_positions(steps.drop(columns="epoch_position"), 4)
    assert without.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]


def test_live_epoch_positions_follow_a_batch_size_change():
    """Live steps of batch 8 then 20 on 140 rows sit at epoch − 1 + rows done / 140: the
    first batch-20 step at 136/140 … and epoch 2 starts at exactly 1."""
    X = np.random.default_rng(0).normal(size=(140, 2))
    y = np.arange(140) % 2
    trainer = Trainer(Network.init("glorot", 1.0, 0), X, y, alpha=0.5, batch_size=8)
    for _ in range(17):
        trainer.step()
    trainer.batch_size = 20
    for _ in range(3):
        trainer.step()
    steps = trainer.history.steps
    positions = live.epoch_positions(steps, 140)
    assert positions[:2].tolist() == [0.0, 8 / 140]
    assert positions[16] == pytest.approx(128 / 140)
    assert positions[17] == pytest.approx(136 / 140)  # batch 20, but only 4 rows were left
    assert positions[18:].tolist() == [1.0, 1 + 20 / 140]
    assert (np.diff(positions) > 0).all()


def test_point_legends_show_their_symbols():
    """The shape legend (training / test) showed no symbols because the fill was a
    condition; it now sets its symbols' colours, and both legends sit below the chart."""
    points = pd.DataFrame(
        {"x0": [0.0, 1.0], "x1": [0.0, 1.0], "class": ["a", "b"], "split": ["training", "test"]}
    )
    encoding = charts.points_chart(points, ("a", "b")).to_dict()["encoding"]
    shape, color = encoding["shape"]["legend"], encoding["color"]["legend"]
    assert shape["orient"] == color["orient"] == "bottom"
    assert shape["symbolStrokeColor"] == charts.LEGEND_INK
    assert "training" in shape["symbolFillColor"]["expr"]
    assert '"a"' in color["symbolFillColor"]["expr"]
    assert "condition" not in encoding["fill"]


def test_boundary_chart_title_is_short_with_a_subtitle():
    """'Decision boundary (background: o9…' was cut in a third of the page: the title is
    now short, the colours are named in a subtitle, and the legends stack at the right."""
    grid = pd.DataFrame({"x0": [0.0], "x1": [0.0], "width": 1.0, "height": 1.0, "score": [0.2]})
    points = pd.DataFrame({"x0": [0.0], "x1": [0.0], "class": ["a"], "split": ["test"]})
    spec = charts.boundary_chart(grid, points, ("a", "b")).to_dict()
    assert spec["title"]["text"] == "Decision boundary"
    assert "blue = a, orange = b" in spec["title"]["subtitle"]
    dots = spec["layer"][1]["encoding"]
    assert dots["shape"]["legend"]["orient"] == "right"
    assert dots["color"]["legend"] is None
