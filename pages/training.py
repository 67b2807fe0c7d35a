"""Training: the loss falling, the accuracy rising, the boundary and the trained network."""

import streamlit as st

from lab import charts, diagram, runs, state, teaching
from lab.format import number, percent
from lab.routing import use_navigation

use_navigation()

settings = state.settings()
data = state.data_or_stop()
history = state.run_or_stop()
content, filename = state.upload()

st.title("Training")
epochs = history.epochs
first, last = epochs.iloc[0], epochs.iloc[-1]
loss_change = last["train_loss"] - first["train_loss"]
cols = st.columns(4)
cols[0].metric(
    "Training loss",
    number(last["train_loss"]),
    delta=f"{number(loss_change)} from {number(first['train_loss'])}",
    delta_color="inverse",
)
if "test_accuracy" in epochs:
    gain = 100 * (last["test_accuracy"] - first["test_accuracy"])
    unchanged = round(gain, 1) == 0
    cols[1].metric(
        "Test accuracy",
        percent(last["test_accuracy"]),
        delta=f"{abs(gain) if unchanged else gain:+.1f} points from "
        f"{percent(first['test_accuracy'])}",
        delta_color="off" if unchanged else "normal",
        delta_arrow="off" if unchanged else "auto",
    )
cols[2].metric(
    "Steps", f"{len(history.steps):,}", help="One step = one batch: forward, back, update."
)
cols[3].metric("Epochs", f"{int(last['epoch'])}", help="One epoch visits every training row once.")

if history.diverged_at is not None:
    step = history.steps[history.steps["step"] == history.diverged_at]
    where = f" (epoch {int(step['epoch'].iloc[0])})" if len(step) else ""
    st.error(
        f"{history.message or 'The run diverged.'}{where}\n\n"
        f"The charts show the run up to step {history.diverged_at:,}. "
        f"Lower α (now {settings.alpha:g}) in the sidebar, or raise the batch size "
        f"(now {history.batch_size}) to average the gradient over more rows."
    )

note = teaching.twin_note(history.initial.to_dict())
if note:
    st.info(note)

per_epoch = runs.steps_per_epoch(settings, data.n_train)
grid, points = runs.boundary(settings, content, filename)
left, middle, right = st.columns(3)
left.altair_chart(charts.loss_chart(epochs, history.steps, per_epoch), width="stretch")
middle.altair_chart(charts.accuracy_chart(epochs), width="stretch")
right.altair_chart(charts.boundary_chart(grid, points, data.class_names), width="stretch")

title = (
    f"The trained network after {len(history.steps):,} steps "
    f"(α = {settings.alpha:g}, batch size {history.batch_size})"
)
st.altair_chart(diagram.network_chart(history.network.to_dict(), title), width="stretch")
st.caption(
    "Edge labels are the trained weights w_ij (from node i to node j); blue edges are "
    "positive, red negative, thicker ones larger. o8 scores class 0 and o9 class 1."
)
