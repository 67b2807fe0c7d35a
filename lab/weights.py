"""The 24 initial-weight sliders of the Weights page, kept in the session across pages.

A page's widgets lose their state when another page is shown, so the moved values live
in ``st.session_state[lab.state.WEIGHTS]`` (name -> value) and each slider is re-seeded
from there when the page is drawn again.
"""

from __future__ import annotations

import math

import streamlit as st

from engine import PARAM_GROUPS
from lab import state

PREFIX = "weight."
STEP = 0.01


def _moved(name: str, scheme_value: float) -> None:
    value = st.session_state[PREFIX + name]
    store = st.session_state.setdefault(state.WEIGHTS, {})
    if math.isclose(value, scheme_value, abs_tol=STEP / 2):
        store.pop(name, None)
    else:
        store[name] = float(value)


def sliders(scheme: dict[str, float]) -> None:
    """A slider per parameter, grouped by layer, starting from the scheme or the moved value."""
    ss = st.session_state
    store = ss.setdefault(state.WEIGHTS, {})
    current = scheme | store
    limit = float(max(3, math.ceil(max(abs(v) for v in current.values()))))
    for title, names in PARAM_GROUPS:
        st.markdown(f"**{title}**")
        columns = st.columns(6)
        for column, name in zip(columns, names, strict=True):
            key = PREFIX + name
            ss.setdefault(key, current[name])
            column.slider(
                name,
                -limit,
                limit,
                step=STEP,
                format="%.2f",
                key=key,
                on_change=_moved,
                args=(name, scheme[name]),
                help=f"scheme value {scheme[name]:.4g}",
            )
