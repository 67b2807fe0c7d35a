"""Numbers and names as people read them: small gradients never a silent 0.0000, a column
named `**b**` never bold."""

from __future__ import annotations

import math
import re

# Characters Markdown, Streamlit's LaTeX ($) and its :emoji:/:color[...]: directives act on.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$:])")
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")

# printf formats for st.column_config.NumberColumn (sprintf-js): %e keeps 1e-7 readable.
SCIENTIFIC = "%.3e"
GENERAL = "%.4g"


def number(value: float, digits: int = 4) -> str:
    """``digits`` significant figures; scientific notation below 1e-3 and from 1e4 up.

    >>> number(0.000012345), number(0.5), number(0.0)
    ('1.234e-05', '0.5', '0')
    """
    value = float(value)
    if value == 0:
        return "0"
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.{digits}g}"
    return f"{value:.{digits - 1}e}"


def percent(value: float) -> str:
    """A share as a percentage with one decimal, e.g. ``0.875 -> '87.5 %'``."""
    if not math.isfinite(value):
        return "–"
    return f"{100 * value:.1f} %"


def weight(value: float) -> str:
    """A weight for an edge label: three decimals, or scientific when tiny or huge."""
    value = float(value)
    if value == 0 or 1e-3 <= abs(value) < 1e3:
        return f"{value:.3f}"
    return number(value, 3)


def class_roles(class_names: tuple[str, str]) -> str:
    """Which label is class 0 and which class 1, with the target and output of each.

    >>> class_roles(("Adelie", "Gentoo")).split(" · ")[1]
    'Gentoo → class 1: target (y1, y2) = (0, 1), scored by o9'
    """
    parts = []
    for k, name in enumerate(class_names):
        role = f"class {k}"
        head = role if str(name) == role else f"{name} → {role}"
        target = "(1, 0)" if k == 0 else "(0, 1)"
        parts.append(f"{head}: target (y1, y2) = {target}, scored by o{8 + k}")
    return " · ".join(parts)


def plain(text) -> str:
    r"""``text`` from a user (a column, class or file name) escaped for ``st.markdown``.

    Every character Markdown, ``$…$`` LaTeX or ``:emoji:`` shortcodes would act on gets a
    backslash, as does a leading ``-``, ``+`` or ``1.`` that would start a list, so
    ``**bold**`` or ``$x^2$`` shows as written. Line breaks become spaces.

    >>> plain("$x^2$ *b*")
    '\\$x^2\\$ \\*b\\*'
    """
    escaped = _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)
