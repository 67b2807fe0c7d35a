"""The dashboard through streamlit.testing: every page, the controls, the URL, uploads."""

from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [
    "pages/training.py",
    "pages/gradients.py",
    "pages/data.py",
    "pages/weights.py",
    "pages/math.py",
]
GOOD_CSV = "\n".join(
    ["length,width,kind"]
    + [
        f"{1 + k * 0.1:.1f},{2 + (k % 7) * 0.3:.1f},{'big' if k % 2 else 'small'}"
        for k in range(60)
    ]
).encode()


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    return at.run()


def problems(at: AppTest) -> list[str]:
    return [e.message for e in at.exception]


def gradient_frame(at: AppTest):
    at.switch_page("pages/gradients.py").run()
    assert not problems(at)
    return at.dataframe[0].value


@pytest.fixture(scope="module")
def app() -> AppTest:
    return start()


def test_opens_on_a_trained_default_run(app):
    """The first page shows a run that has learned: loss down, accuracy up, four charts."""
    assert not problems(app)
    metrics = {m.label: m for m in app.metric}
    assert metrics["Training loss"].delta.startswith("-")
    assert float(metrics["Test accuracy"].value.rstrip(" %")) >= 85
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page):
    """Each page renders from a fresh session without an exception or an error."""
    at = start()
    at.switch_page(page).run()
    assert not problems(at)
    assert not at.error
    assert at.title


def test_math_page_writes_the_formulas():
    """The math page writes the cost, the output gradients and the matrix convention."""
    at = start()
    at.switch_page("pages/math.py").run()
    latex = " ".join(block.value for block in at.latex)
    for piece in (r"\delta_8", r"\Delta w_{68}", r"\Delta w_{69}", r"\delta_9", "Cost"):
        assert piece in latex
    assert any("W[i, j] = w_{ij}" in block.value for block in at.markdown)


def test_gradient_table_has_the_four_columns():
    """The gradient table is headed exactly Δw68, Δw69, δ8, δ9 beside step and weights."""
    frame = gradient_frame(start())
    for heading in ("Δw68", "Δw69", "δ8", "δ9", "epoch", "step", "batch size", "batch loss"):
        assert heading in frame.columns
    assert len(frame) > 0
    assert at_least_one_tiny_value_is_kept(frame)
    assert any(b.label.startswith("Download all") for b in start_gradients().get("download_button"))


def at_least_one_tiny_value_is_kept(frame) -> bool:
    """Values are sent as numbers (formatted by the column config), not rounded strings."""
    return frame["Δw68"].dtype.kind == "f" and frame["Δw68"].abs().min() > 0


def start_gradients() -> AppTest:
    at = start()
    at.switch_page("pages/gradients.py").run()
    return at


def test_moving_alpha_changes_the_table():
    """Moving α in the sidebar retrains: the weights before step 2 differ."""
    at = start()
    before = gradient_frame(at)
    at.select_slider(key="ctl.alpha").set_value(0.1).run()
    after = at.dataframe[0].value
    assert not problems(at)
    assert before["w68 before"].iloc[1] != after["w68 before"].iloc[1]
    assert before["Δw68"].iloc[0] == after["Δw68"].iloc[0]  # step 1 is before any update


def test_moving_the_batch_size_changes_the_table():
    """A new batch size shows in the batch size column and changes the step count."""
    at = start()
    before = gradient_frame(at)
    at.slider(key="ctl.batch_size").set_value(20).run()
    after = at.dataframe[0].value
    assert not problems(at)
    assert set(after["batch size"]) == {20}
    assert len(after) < len(before)


def test_settings_survive_a_page_switch():
    """α, batch size and a hand-moved weight keep their values across pages and back."""
    at = start()
    at.select_slider(key="ctl.alpha").set_value(0.3)
    at.slider(key="ctl.batch_size").set_value(4).run()
    at.switch_page("pages/weights.py").run()
    at.slider(key="weight.w68").set_value(1.5).run()
    at.switch_page("pages/gradients.py").run()
    at.switch_page("pages/training.py").run()
    at.switch_page("pages/weights.py").run()
    assert not problems(at)
    assert at.select_slider(key="ctl.alpha").value == 0.3
    assert at.slider(key="ctl.batch_size").value == 4
    assert at.slider(key="weight.w68").value == 1.5
    assert at.query_params["w68"] in ("1.5", ["1.5"])


def test_reset_puts_the_weights_back_to_the_scheme():
    """The reset button drops every hand-moved weight."""
    at = start()
    at.switch_page("pages/weights.py").run()
    scheme_value = at.slider(key="weight.w02").value
    at.slider(key="weight.w02").set_value(2.0).run()
    assert at.session_state["lab.weights"] == {"w02": 2.0}
    next(b for b in at.button if b.label.startswith("Reset all")).click().run()
    assert at.session_state["lab.weights"] == {}
    assert at.slider(key="weight.w02").value == pytest.approx(scheme_value)


def test_constant_weights_explain_the_symmetry():
    """The constant scheme shows why the two nodes of each layer stay identical."""
    at = start()
    at.selectbox(key="ctl.init").set_value("constant").run()
    assert not problems(at)
    assert any("stay identical" in box.value for box in at.info)


def test_link_settings_open_the_same_run():
    """A link's values set the widgets, and the URL is rewritten from them."""
    at = start({"alpha": "0.1", "batch": "16", "epochs": "12", "w68": "0.25"})
    assert not problems(at) and not at.warning
    assert at.select_slider(key="ctl.alpha").value == 0.1
    assert at.slider(key="ctl.batch_size").value == 16
    assert at.slider(key="ctl.epochs").value == 12
    assert at.session_state["lab.settings"].overrides == {"w68": 0.25}


def test_bad_link_values_fall_back_with_a_notice():
    """Invalid or out-of-range link values take the defaults and a notice names each one."""
    at = start({"alpha": "abc", "batch": "5000", "epochs": "0", "data": "nope", "w02": "inf"})
    assert not problems(at)
    text = " ".join(w.value for w in at.warning)
    for shown in ("alpha=abc", "batch=5000", "epochs=0", "data=nope", "w02=inf"):
        assert shown in text
    assert at.select_slider(key="ctl.alpha").value == 1.0
    assert at.metric  # the default run still trains and shows


def test_upload_good_then_bad_keeps_the_good_file():
    """A bad upload shows an error naming the file, and the previous good file stays in use."""
    at = start()
    at.selectbox(key="ctl.dataset").set_value("upload").run()
    assert not problems(at)
    assert any("Upload a CSV" in box.value for box in at.info)

    at.file_uploader(key="ctl.file").upload("plants.csv", GOOD_CSV, "text/csv").run()
    assert not problems(at) and not at.error
    assert at.metric

    at.file_uploader(key="ctl.file").set_value(("broken.csv", b"\x00\x01", "text/csv")).run()
    assert not problems(at)
    assert any("broken.csv" in e.value for e in at.error)
    assert at.metric  # still training on plants.csv
    at.switch_page("pages/data.py").run()
    assert not problems(at)
    assert "plants.csv" in " ".join(m.value for m in at.markdown)


def test_bad_first_upload_keeps_the_app_usable():
    """A first upload that cannot be read shows an error; choosing another data set works."""
    at = start()
    at.selectbox(key="ctl.dataset").set_value("upload").run()
    at.file_uploader(key="ctl.file").upload("empty.csv", b"", "text/csv").run()
    assert not problems(at)
    assert any("empty.csv" in e.value for e in at.error)
    at.selectbox(key="ctl.dataset").set_value("iris").run()
    assert not problems(at) and at.metric


def test_real_data_set_trains():
    """Iris trains on two of its features and two of its classes."""
    at = start()
    at.selectbox(key="ctl.dataset").set_value("iris").run()
    assert not problems(at) and not at.error
    assert at.selectbox(key="ctl.c0").value != at.selectbox(key="ctl.c1").value


def test_data_page_names_the_classes_in_full():
    """The metric "Class 0 / class 1" was cut to "class 0 / clas…": the classes are now a
    line of text with their targets, and the scaling note has no double sign on moons."""
    at = start()
    at.switch_page("pages/data.py").run()
    assert not problems(at)
    assert not any("/" in m.label for m in at.metric)
    text = " ".join(m.value for m in at.markdown)
    assert "class 0: target (y1, y2) = (1, 0), scored by o8" in text
    assert "class 1: target (y1, y2) = (0, 1), scored by o9" in text
    assert "(x0 + 0.0985) / 0.954" in text and "− -" not in text

    at.selectbox(key="ctl.dataset").set_value("penguins").run()
    text = " ".join(m.value for m in at.markdown)
    first, second = at.selectbox(key="ctl.c0").value, at.selectbox(key="ctl.c1").value
    assert f"{first} → class 0" in text and f"{second} → class 1" in text


def test_an_unchanged_test_accuracy_is_shown_neutral():
    """Constant weights 0 (init=constant&init_scale=0) leave accuracy at 50 %: the metric
    showed a green "↑ +0.0 points"; an unchanged value has no colour and no arrow."""
    at = start({"init": "constant", "init_scale": "0"})
    accuracy = next(metric for metric in at.metric if metric.label == "Test accuracy")
    assert accuracy.delta.startswith("+0.0 points")
    assert accuracy.proto.color == MetricProto.MetricColor.GRAY
    assert accuracy.proto.direction == MetricProto.MetricDirection.NONE
