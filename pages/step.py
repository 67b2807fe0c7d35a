"""Step by step: train live one batch at a time, and see every number of a step worked out."""

import streamlit as st

from lab import live, state
from lab.routing import use_navigation

use_navigation()

settings = state.settings()
data = state.data_or_stop()
run = live.current(settings, data)

st.title("Step by step")
st.markdown(
    "Train the network one mini-batch at a time, then take any step apart: its batch, the "
    "forward pass, the chain rule for δ8, δ9, Δw68 and Δw69 with that step's own numbers, "
    "the update, and a finite-difference check. α and the batch size from the sidebar apply "
    "from the next step."
)

live.controls(run, settings, data)
live.live_area(run, settings, data.n_train)

st.header("One step, explained")
if run.playing:
    st.info("Training is playing. Pause to work out the latest step, or any earlier one.")
    st.stop()

source = live.pick_source()
if source == live.LIVE_SOURCE:
    history, cache_key = run.trainer.history, None
else:
    history, cache_key = state.run_or_stop(), settings
step = live.pick_step(history.n_steps, follow=source == live.LIVE_SOURCE)
if step is None:
    st.caption("No steps yet: press **Step one batch** above.")
    st.stop()

explanation = live.explain(history, step, cache_key)
live.show_heading(explanation, source)
live.show_forward(explanation)
live.show_check_yourself(explanation)
if live.show_answers():
    live.show_gradients(explanation)
    live.show_update(explanation)
    live.show_gradcheck(explanation)
else:
    st.caption("Answers hidden: check yourself first, then turn them back on.")
