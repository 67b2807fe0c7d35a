"""Smoke test of what Community Cloud installs: the pinned versions, every module, every page.

A dependency upgrade that breaks an import or a page fails here rather than on a
teacher's shared link. Pages run through app.py exactly as `streamlit run` routes them,
including Streamlit's first-visit mode handled by lab/routing.py (no test fixture helps).
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(path.name for path in (ROOT / "pages").glob("*.py"))


def pins() -> dict[str, str]:
    pinned = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s#]+)\s*(#.*)?", line.strip())
        if match:
            pinned[match[1]] = match[2]
    return pinned


def test_requirements_pin_every_package_and_the_installed_versions_match():
    """Each line of requirements.txt pins an exact version, and that version is installed."""
    pinned = pins()
    assert {"streamlit", "altair", "pandas", "numpy"} <= set(pinned)
    for name, version in pinned.items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}"


@pytest.mark.parametrize(
    "module",
    sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for folder in ("engine", "lab")
        for path in (ROOT / folder).rglob("*.py")
    ),
)
def test_every_module_imports(module):
    """Every module of the engine and the helpers imports with the pinned versions."""
    assert importlib.import_module(module).__name__ == module


def test_the_sidebar_lists_exactly_the_page_scripts():
    """app.py declares one st.Page per script in pages/, and nothing else."""
    declared = re.findall(r'st\.Page\("pages/([a-z_]+\.py)"', (ROOT / "app.py").read_text())
    assert sorted(declared) == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_through_app_py_without_exceptions(page):
    """Each page, opened as a fresh visitor would, runs app.py's sidebar and its own body."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"pages/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [slider.label for slider in at.sidebar.slider] + [
        slider.label for slider in at.sidebar.select_slider
    ]
    assert "Learning rate α" in labels  # the shared controls ran: app.py routed this page
    assert at.title, f"{page} drew no title"
