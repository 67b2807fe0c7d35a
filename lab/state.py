"""Per-user state in ``st.session_state``: the current settings, the upload, the run.

``app.py`` stores the settings its sidebar reads on every run; pages (including the step
page of issue 5) read them back here and reach data and training through the cached
functions of :mod:`lab.runs`, stopping with a message when the data cannot be used.
"""

from __future__ import annotations

import streamlit as st

from engine import History
from engine.data import DataError
from lab import runs
from lab.format import plain
from lab.settings import DEFAULTS, UPLOAD, Settings

SETTINGS = "lab.settings"  # Settings of the current run, written by the sidebar
UPLOAD_FILE = "lab.upload"  # {"name", "content", "digest", "file_id"} of the last good file
UPLOAD_ERROR = "lab.upload_error"  # message about the last rejected file
WEIGHTS = "lab.weights"  # dict name -> value of the initial weights moved by hand
NOTICES = "lab.notices"  # list of messages about link values that were not used


def settings() -> Settings:
    """The settings of the current run (the defaults before the sidebar has run)."""
    return st.session_state.get(SETTINGS, DEFAULTS)


def upload() -> tuple[bytes | None, str]:
    """The bytes and name of the uploaded file the current settings use, if any."""
    stored = st.session_state.get(UPLOAD_FILE)
    if settings().data.dataset != UPLOAD or not stored:
        return None, ""
    return stored["content"], stored["name"]


def data_or_stop() -> runs.Prepared:
    """The prepared data of the current run; on a data problem, say so and stop the page."""
    current = settings()
    content, filename = upload()
    if current.data.dataset == UPLOAD and content is None:
        st.info("Upload a CSV file in the sidebar (Data set → Upload a CSV) to train on it.")
        st.stop()
    try:
        return runs.prepare(current.data, content, filename)
    except DataError as error:
        st.error(f"The data cannot be used: {plain(error)}")
        st.stop()


def run_or_stop() -> History:
    """The trained history of the current run, with a progress bar while a long run trains."""
    data_or_stop()
    content, filename = upload()
    try:
        return runs.run(settings(), content, filename, slot=st.empty())
    except ValueError as error:
        st.error(f"Training could not start: {error}")
        st.stop()
