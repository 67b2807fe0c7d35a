"""Gradients: every step's Δw68, Δw69, δ8 and δ9, with the weights they updated."""

import streamlit as st

from lab import charts, state, tables
from lab.routing import use_navigation

use_navigation()

settings = state.settings()
history = state.run_or_stop()
steps = history.steps

st.title("Gradients")
st.markdown(
    "One row per step: the batch it took, the batch loss under the weights **before** the "
    "update, the four output-layer gradients that update used, and w68, w69, b8, b9 before "
    "it. Each of them moves by −α times its gradient (δ8 = Δb8 and δ9 = Δb9)."
)
if steps.empty:
    st.warning("This run has no steps to show.")
    st.stop()

last_epoch = int(steps["epoch"].max())
if last_epoch > 1:
    shown = st.select_slider(
        "Epochs shown",
        options=list(range(1, last_epoch + 1)),
        value=(1, tables.epochs_fitting(steps)),
    )
else:
    shown = (1, 1)
view = steps[steps["epoch"].between(*shown)]
if len(view) > tables.MAX_TABLE_ROWS:
    st.caption(
        f"Showing the first {tables.MAX_TABLE_ROWS:,} of these {len(view):,} steps; "
        "narrow the epochs or download the CSV for all of them."
    )
    view = view.iloc[: tables.MAX_TABLE_ROWS]

st.dataframe(
    tables.gradient_table(view),
    column_config=tables.gradient_columns(),
    hide_index=True,
    width="stretch",
    height=380,
)
st.download_button(
    f"Download all {len(steps):,} steps as CSV",
    data=lambda: tables.steps_csv(steps),
    file_name="backprop-lab-steps.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)

st.subheader("The four values over the steps")
st.altair_chart(charts.gradient_chart(steps), width="content")
if len(steps) > charts.GRADIENT_BUCKETS:
    st.caption(
        f"{len(steps):,} steps are summarised: each point is the mean of a bucket of "
        "consecutive steps, the band spans their lowest and highest value."
    )
