"""The Step by step page through streamlit.testing: live training, and a step worked out."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from engine import train
from lab import live, runs
from lab.format import number
from lab.settings import DEFAULTS


def step_app() -> None:
    """app.py's shared sidebar with the Step by step page (the page's line in app.py may
    still be commented out while issue 5 lands)."""
    from pathlib import Path

    import streamlit as st

    import lab
    from lab import sidebar

    st.set_page_config(page_title="Backprop Lab", layout="wide")
    sidebar.controls()
    page = Path(lab.__file__).resolve().parent.parent / "pages" / "step.py"
    st.navigation([st.Page(str(page), title="Step by step")]).run()


def start() -> AppTest:
    return AppTest.from_function(step_app, default_timeout=60).run()


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def problems(at: AppTest) -> list[str]:
    return [e.message for e in at.exception] + [e.value for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def trainer(at: AppTest):
    return at.session_state[live.LIVE].trainer


def latex(at: AppTest) -> str:
    return "\n".join(block.value for block in at.latex)


def default_history(epochs: int = 1):
    """The cached run's arithmetic for the default settings, trained here directly."""
    data = runs.prepare(DEFAULTS.data)
    return train(
        runs.initial_network(DEFAULTS),
        data.X_train,
        data.y_train,
        alpha=DEFAULTS.alpha,
        batch_size=DEFAULTS.batch_size,
        epochs=epochs,
        shuffle=DEFAULTS.shuffle,
        seed=DEFAULTS.data.data_seed,
    )


@pytest.fixture(scope="module")
def stepped() -> AppTest:
    """A session that has taken three single steps."""
    at = start()
    for _ in range(3):
        click(at, "Step one batch")
    return at


def test_opens_at_step_zero_with_the_controls():
    """A fresh session shows the four buttons, step 0 of epoch 1, and no worked step yet."""
    at = start()
    assert not problems(at)
    assert {"Step one batch", "Step one epoch", "Play", "Reset"} <= {b.label for b in at.button}
    assert metrics(at)["Steps done"] == "0"
    assert metrics(at)["Epoch"].startswith("1 of")
    assert not at.latex


def test_stepping_matches_the_engine_run(stepped):
    """Three clicks take three steps whose table rows equal the same run trained directly."""
    assert not problems(stepped)
    assert metrics(stepped)["Steps done"] == "3"
    shown = stepped.dataframe[0].value
    expected = default_history().steps.iloc[:3]
    assert list(shown["step"]) == [1, 2, 3]
    for column, heading in (("dw68", "Δw68"), ("delta9", "δ9"), ("loss", "batch loss")):
        assert list(shown[heading]) == list(expected[column])


def test_the_explained_numbers_equal_the_history(stepped):
    """The worked step is the latest one, and its δ8, δ9, Δw68, Δw69, cost and new values
    appear in the equations exactly as the engine recorded them (6 significant figures)."""
    history = trainer(stepped).history
    row = history.steps.iloc[2]
    text = latex(stepped)
    for column in ("dw68", "dw69", "delta8", "delta9", "loss"):
        assert live.tex(row[column]) in text, column
    after = history.network
    for name in ("w68", "w69", "b8", "b9"):
        assert live.tex(after[name]) in text, name
    sentences = " ".join(m.value for m in stepped.markdown)
    assert f"**{number(row['dw68'], 6)}**" in sentences
    assert "Step 3** of the live training" in sentences
    check = stepped.dataframe[-1].value
    assert check["passed"].all() and len(check) == 24


def test_step_one_epoch_runs_to_the_end_of_the_epoch():
    """Step one epoch takes every batch of epoch 1 (140 rows at batch 8: 18 steps)."""
    at = click(start(), "Step one epoch")
    assert metrics(at)["Steps done"] == "18"
    assert metrics(at)["Epoch"].startswith("2 of")
    assert trainer(at).history.steps["epoch"].eq(1).all()


def test_play_steps_on_each_tick_and_pause_stops():
    """Play takes steps on every run of the live fragment (a tick); Pause stops them and
    brings back the worked step."""
    at = start()
    at.select_slider(key=live.SPEED).set_value(5).run()
    click(at, "Play")
    after_first = trainer(at).steps_done
    assert after_first == 5
    assert any("Training is playing" in i.value for i in at.info)
    at.run()  # the next tick
    assert trainer(at).steps_done == 10
    click(at, "Pause")
    paused = trainer(at).steps_done
    at.run()
    assert trainer(at).steps_done == paused
    assert not any("Training is playing" in i.value for i in at.info)
    assert at.latex
    assert not problems(at)


def test_reset_goes_back_to_the_initial_weights(stepped):
    """Reset returns to step 0 and the initial network, paused."""
    at = click(start(), "Step one batch")
    click(at, "Reset")
    assert metrics(at)["Steps done"] == "0"
    assert trainer(at).network == runs.initial_network(DEFAULTS)
    assert not at.session_state[live.LIVE].playing


def test_alpha_change_applies_from_the_next_step_only():
    """Moving α mid-run keeps the three steps already taken and uses the new α from step 4:
    w68 after step 4 is w68 before it minus 0.1 · Δw68."""
    at = start()
    for _ in range(3):
        click(at, "Step one batch")
    before = trainer(at).history.steps.copy()
    at.select_slider(key="ctl.alpha").set_value(0.1).run()
    assert metrics(at)["Steps done"] == "3"
    click(at, "Step one batch")
    history = trainer(at).history
    assert list(history.steps["alpha"]) == [1.0, 1.0, 1.0, 0.1]
    assert history.steps.iloc[:3].equals(before)
    step4 = history.steps.iloc[3]
    assert history.network["w68"] == step4["w68"] - 0.1 * step4["dw68"]
    assert any("α 1 → 0.1 from step 4" in c.value for c in at.caption)
    assert live.tex(history.network["w68"]) in latex(at)


def test_batch_size_change_applies_from_the_next_step():
    """A new batch size in the sidebar takes effect on the next step, without a reset."""
    at = start()
    click(at, "Step one batch")
    at.slider(key="ctl.batch_size").set_value(3).run()
    click(at, "Step one batch")
    assert list(trainer(at).history.steps["batch_size"]) == [8, 3]


def test_a_dragged_slider_is_one_change():
    """Dragging the batch size 8 → 9 → 12 → 20 before the next step listed three changes
    "from step 2"; it is one, 8 → 20, and dragging back to 8 removes it."""
    at = click(start(), "Step one batch")
    for size in (9, 12, 20):
        at.slider(key="ctl.batch_size").set_value(size).run()
    assert at.session_state[live.LIVE].changes == ["batch size 8 → 20 from step 2"]
    assert any("batch size 8 → 20 from step 2." in c.value for c in at.caption)
    at.slider(key="ctl.batch_size").set_value(8).run()
    assert at.session_state[live.LIVE].changes == []


def test_note_change_merges_changes_before_the_same_step():
    """Changes of one setting before the same step merge; other settings and steps stay."""
    changes: list[str] = []
    live.note_change(changes, "α", "1", "0.5", 4)
    live.note_change(changes, "batch size", "8", "9", 4)
    live.note_change(changes, "α", "0.5", "0.1", 4)
    live.note_change(changes, "α", "0.1", "0.2", 7)
    assert changes == [
        "batch size 8 → 9 from step 4",
        "α 1 → 0.1 from step 4",
        "α 0.1 → 0.2 from step 7",
    ]


def test_changing_the_data_starts_again():
    """A different data set is a different run: live training starts over and says so."""
    at = click(start(), "Step one batch")
    at.slider(key="ctl.noise").set_value(0.4).run()
    assert metrics(at)["Steps done"] == "0"
    assert any("started again" in i.value for i in at.info)


def test_a_step_of_the_full_run_is_explained_from_its_history():
    """Picking step 5 of the cached full run shows that step's recorded values."""
    at = start()
    at.segmented_control(key=live.SOURCE).set_value(live.RUN_SOURCE).run()
    at.slider(key=live.PICK).set_value(5).run()
    assert not problems(at)
    history = runs.run(DEFAULTS)
    row = history.steps.iloc[4]
    text = latex(at)
    for column in ("dw68", "dw69", "delta8", "delta9", "loss"):
        assert live.tex(row[column]) in text, column
    assert live.tex(history.network_after(5)["b8"]) in text


def test_check_yourself_says_right_and_names_a_slip(stepped):
    """Typing the step's Δw68 is right; typing it without the 1/(2N) names that slip."""
    value = trainer(stepped).history.steps["dw68"].iat[2]
    at = stepped
    at.selectbox(key="step.check_kind").set_value("dw68")
    at.text_input[0].input(f"{value:.4g}")
    at.button(key="FormSubmitter:step.check-Check").click().run()
    assert any(s.value.startswith("Right") for s in at.success)
    at.text_input[0].input(f"{value * 16:.4g}")
    at.button(key="FormSubmitter:step.check-Check").click().run()
    assert any("1/(2N)" in e.value for e in at.error)


def test_check_with_an_empty_box_asks_for_a_value(stepped):
    """Pressing Check with nothing typed said "“” is not a number"; it asks for a value."""
    at = stepped
    at.selectbox(key="step.check_kind").set_value("delta8")
    at.text_input(key=live.CHECK_TEXT).input("  ")
    at.button(key="FormSubmitter:step.check-Check").click().run()
    assert [w.value for w in at.warning if "first" in w.value] == [
        "Type your value of δ8 first, e.g. 0.01179 or -1.2e-4."
    ]
    assert not any("is not a number" in e.value for e in at.error)


def test_play_stops_at_the_sidebars_epochs():
    """With 1 epoch set in the sidebar, play takes the 18 steps of epoch 1, then pauses
    itself and says why."""
    at = start()
    at.slider(key="ctl.epochs").set_value(1).run()
    at.select_slider(key=live.SPEED).set_value(100).run()
    click(at, "Play")
    at.run()
    assert trainer(at).steps_done == 18
    assert not at.session_state[live.LIVE].playing
    assert any("end of epoch 1" in i.value for i in at.info)
    assert not problems(at)


def test_the_pages_own_controls_survive_a_page_switch():
    """Steps per tick 100, answers hidden, the full run as source, step 2 picked, row 3
    traced and a typed Δw69 all came back at their defaults after a visit to the Data page
    (Streamlit drops a widget's state when a run does not draw it); they are kept."""
    from pathlib import Path

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60).run()
    at.switch_page("pages/step.py").run()
    for _ in range(3):
        click(at, "Step one batch")
    at.select_slider(key=live.SPEED).set_value(100).run()
    at.toggle(key=live.REVEAL).set_value(False).run()
    at.slider(key=live.PICK).set_value(2).run()
    at.selectbox(key=live.TRACE_ROW).set_value(3).run()
    at.selectbox(key=live.CHECK_KIND).set_value("dw69")
    at.text_input(key=live.CHECK_TEXT).input("0.0123")
    at.button(key="FormSubmitter:step.check-Check").click().run()
    at.segmented_control(key=live.SOURCE).set_value(live.RUN_SOURCE).run()
    assert not problems(at)

    at.switch_page("pages/data.py").run()
    at.switch_page("pages/step.py").run()
    assert not problems(at)
    assert at.select_slider(key=live.SPEED).value == 100
    assert at.toggle(key=live.REVEAL).value is False
    assert any("Answers hidden" in c.value for c in at.caption)
    assert at.segmented_control(key=live.SOURCE).value == live.RUN_SOURCE
    assert at.slider(key=live.PICK).value == 2
    assert at.selectbox(key=live.TRACE_ROW).value == 3
    assert at.selectbox(key=live.CHECK_KIND).value == "dw69"
    assert at.text_input(key=live.CHECK_TEXT).value == "0.0123"
    assert metrics(at)["Steps done"] == "3"


def test_play_on_a_two_epoch_run_ends_at_epoch_2_of_2():
    """/step?epochs=2 at 100 steps per tick played to the end of epoch 2 while the counter
    read "Epoch 3 of 2"; it reads "2 of 2 (done)", and a step past it says so."""
    at = start()
    at.slider(key="ctl.epochs").set_value(2).run()
    at.select_slider(key=live.SPEED).set_value(100).run()
    click(at, "Play")
    at.run()
    assert trainer(at).steps_done == 36
    assert any("end of epoch 2" in i.value for i in at.info)
    assert metrics(at)["Epoch"] == "2 of 2 (done)"

    click(at, "Play")  # nothing left to play: it says so instead of taking a step
    assert trainer(at).steps_done == 36
    assert any("raise Epochs in the sidebar" in i.value for i in at.info)

    click(at, "Step one batch")
    assert metrics(at)["Epoch"] == "3 (past 2)"
    assert any("past the 2 epochs set in the sidebar" in c.value for c in at.caption)
    click(at, "Step one epoch")
    assert trainer(at).history.epochs_run == 3
    assert metrics(at)["Epoch"] == "3 (past 2)"
    assert not problems(at)


@pytest.mark.parametrize(
    ("next_epoch", "done", "in_progress", "expected"),
    [
        (1, 0, False, "1 of 2"),
        (1, 0, True, "1 of 2"),
        (2, 1, False, "2 of 2"),
        (2, 1, True, "2 of 2"),
        (3, 2, False, "2 of 2 (done)"),
        (3, 2, True, "3 (past 2)"),
        (4, 3, False, "3 (past 2)"),
    ],
)
def test_epoch_counter_text(next_epoch, done, in_progress, expected):
    """Before the sidebar's epochs the counter names the epoch the next step belongs to;
    at them it says done; past them it names the epoch reached, never "3 of 2"."""
    assert live.epoch_text(next_epoch, done, in_progress, 2) == expected


def test_the_batch_table_shows_a_default_batch_whole(monkeypatch):
    """The batch table was 300 px tall, cutting the 8th row of a batch of 8, with o8 far
    to the right; it takes Streamlit's automatic height (up to ten rows, no inner scroll)
    and puts the targets, outputs and out_h6 right after the inputs."""
    import streamlit as st

    heights = {}
    original = st.dataframe

    def dataframe(data, *args, **kwargs):
        frame = getattr(data, "data", data)  # a Styler's frame
        heights[tuple(frame.columns)] = kwargs.get("height", "auto")
        return original(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", dataframe)
    at = click(start(), "Step one batch")
    batch = next(d for d in at.dataframe if "L (row's cost bracket)" in d.value.columns)
    assert len(batch.value) == 8
    assert heights[tuple(batch.value.columns)] == "auto"
    assert list(batch.value.columns[:10]) == [
        "row", "x0", "x1", "class", "y1", "y2", "o8", "o9", "out_h6", "L (row's cost bracket)"
    ]  # fmt: skip


def test_the_traced_row_keeps_its_place_in_the_next_batch():
    """With batch row 3 traced, the next step's batch (other training rows) kept no choice
    (its options were named by training row), and reading the choice before the widget
    raised a TypeError in a real browser; options are places in the batch, kept."""
    at = click(start(), "Step one batch")
    at.selectbox(key=live.TRACE_ROW).set_value(2).run()
    click(at, "Step one batch")
    assert not problems(at)
    assert at.selectbox(key=live.TRACE_ROW).value == 2
    row = int(trainer(at).history.batch_rows(2)[2])
    assert any(e.label.startswith(f"Forward pass of row {row} (batch row 3)") for e in at.expander)
