"""Data: the rows the network trains on, by class, and what the data step did to them."""

import streamlit as st

from lab import charts, runs, state
from lab.format import class_roles, plain
from lab.routing import use_navigation

use_navigation()

data = state.data_or_stop()

st.title("Data")
st.markdown(f"**Source:** {plain(data.source)}")
cols = st.columns(4)
cols[0].metric("Training rows", f"{data.n_train:,}")
cols[1].metric("Test rows", f"{len(data.y_test):,}")
x0, x1 = data.features
names = "" if data.features == ("x0", "x1") else f"x0 = {x0}, x1 = {x1}"
shown = f"x0 = {plain(x0)}, x1 = {plain(x1)}" if names else "x0, x1"
roles = class_roles(tuple(plain(name) for name in data.class_names))
st.markdown(f"**Features:** {shown}  \n**Classes:** {roles}")

points = runs.points_frame(data)
scaled = " (standardised)" if state.settings().data.standardise else ""
st.altair_chart(
    charts.points_chart(points, data.class_names).properties(
        height=480, title=f"The rows by class{scaled}. {names}".strip(". ")
    ),
    width="stretch",
)

st.subheader("What the data step did")
if data.notes:
    st.markdown("\n".join(f"- {plain(note)}" for note in data.notes))
else:
    st.markdown("- Nothing to report: every row was used as generated.")
if data.mapping and any(not isinstance(k, int) for k in data.mapping):
    st.markdown(
        "**Labels mapped:** "
        + ", ".join(f"{plain(label)} → {target}" for label, target in data.mapping.items())
    )
if data.dropped is not None and len(data.dropped):
    st.markdown(f"**{len(data.dropped):,} rows dropped**, each with its reason:")
    st.dataframe(data.dropped, width="stretch", height=260)
