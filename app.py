"""Backprop Lab: watch backpropagation train a five-layer, two-node sigmoid network.

Run with ``streamlit run app.py``. This script sets the page up, draws the controls every
page shares (``lab.sidebar``) and routes to the page scripts in ``pages/``.
"""

import streamlit as st

from lab import sidebar, state
from lab.routing import use_navigation

use_navigation()
st.set_page_config(page_title="Backprop Lab", page_icon="🧮", layout="wide")

sidebar.controls()

pages = [
    st.Page("pages/training.py", title="Training", icon=":material/show_chart:", default=True),
    st.Page("pages/gradients.py", title="Gradients", icon=":material/table_chart:"),
    st.Page("pages/step.py", title="Step by step", icon=":material/stairs:"),
    st.Page("pages/data.py", title="Data", icon=":material/scatter_plot:"),
    st.Page("pages/weights.py", title="Weights", icon=":material/tune:"),
    st.Page("pages/math.py", title="Math", icon=":material/functions:"),
]
page = st.navigation(pages)

notices = st.session_state.get(state.NOTICES)
if notices:
    with st.container(border=True):
        st.warning(
            "Some values in the link were not used:\n\n"
            + "\n".join(f"- {notice}" for notice in notices)
        )
        if st.button("Dismiss", key="dismiss_notices"):
            st.session_state[state.NOTICES] = []
            st.rerun()

page.run()
