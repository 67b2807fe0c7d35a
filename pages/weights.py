"""Weights: move any of the 24 initial parameters, and compare initial with trained."""

import streamlit as st

from lab import charts, sidebar, state, tables, teaching, weights
from lab.routing import use_navigation

use_navigation()

settings = state.settings()
scheme = sidebar.scheme_network(settings).to_dict()

st.title("Weights")
st.markdown(
    f"Training starts from the **{settings.init}** scheme (scale {settings.init_scale:g}, "
    f"seed {settings.init_seed}); move any slider to start from another value. "
    "The sliders keep their values when you visit other pages."
)
st.button(
    "Reset all weights to the scheme",
    on_click=sidebar.reset_weights,
    disabled=not settings.weights,
    icon=":material/restart_alt:",
)
weights.sliders(scheme)

history = state.run_or_stop()
initial = history.initial.to_dict()
note = teaching.twin_note(initial)
if note:
    st.info(note)

st.subheader("Initial and trained values")
left, right = st.columns([3, 2])
left.dataframe(
    tables.weights_table(scheme, initial, history.network.to_dict()),
    column_config=tables.weights_columns(),
    hide_index=True,
    width="stretch",
    height=35 * 25,
)
right.altair_chart(charts.weights_chart(initial, history.network.to_dict()), width="stretch")
