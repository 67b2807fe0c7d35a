"""Streamlit and Altair helpers the pages share: settings, cached runs, charts, formatting."""
