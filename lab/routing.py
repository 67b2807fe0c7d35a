"""Keep Streamlit out of its old pages-directory mode, which ignores app.py's navigation.

Streamlit keeps a process-wide flag for its old multipage mode: it turns it on at start
when a ``pages/`` folder sits beside the main script, and off at the first
``st.navigation`` call. A freshly started server therefore runs its first visitor's first
script run in the old mode (upstream notes the same:
https://github.com/streamlit/streamlit/pull/10276), with two effects we must avoid:

- a page URL (a link a teacher shared, say ``/gradients?alpha=0.1``) runs that page script
  alone: no sidebar controls, and every file in ``pages/`` listed;
- at ``/``, app.py runs wrapped as an old-style page, so its widgets get other IDs than on
  every later run, and the first click resets every sidebar control to its minimum.

app.py and every page call ``use_navigation()`` before drawing anything: in the old mode
it clears the flag and reruns, so the run that draws widgets is already app.py's own.
"""

from __future__ import annotations

import streamlit as st


def use_navigation() -> None:
    """Rerun in st.navigation mode when Streamlit started this run in the old mode."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the old mode: nothing to undo
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
