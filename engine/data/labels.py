"""Turn the cells of a label column into class names people recognise.

A label is stripped, its inner runs of spaces become one space, and a label that reads as a
number is written the same way however the file spelled it (``1``, ``1.0``, `` 1 `` are all
``"1"``). Labels that then differ only in case are one class, spelled as most rows spell it.
Blank cells and ``NA``-like tokens are missing labels.
"""

import math

import pandas as pd

from engine.data.upload import MISSING_TOKENS


def normalise_label(value) -> str | None:
    """One cell -> its class name, or ``None`` when the cell holds no label."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    text = " ".join(str(value).split())
    if text.lower() in MISSING_TOKENS:
        return None
    try:
        number = float(text)
    except (ValueError, OverflowError):
        return text
    if not math.isfinite(number):
        return text
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def normalise_labels(series: pd.Series) -> tuple[pd.Series, list[list[str]], list[str]]:
    """Class name per row (``None`` where missing), the case groups merged, the spaced labels.

    Each merged group lists the spellings found, the kept one first. The last item lists
    the distinct raw labels whose surrounding or repeated spaces were removed.
    """
    names = series.map(normalise_label).astype(object)
    spaced = [
        str(raw)
        for raw in series.dropna().unique()
        if isinstance(raw, str) and raw.strip() and " ".join(raw.split()) != raw
    ]
    present = names.dropna()
    counts = present.value_counts(sort=False)
    spellings: dict[str, list[str]] = {}
    for spelling in counts.index:
        spellings.setdefault(spelling.casefold(), []).append(spelling)

    rename, merged = {}, []
    for group in spellings.values():
        if len(group) == 1:
            continue
        group.sort(key=lambda spelling: (-counts[spelling], spelling))
        merged.append(group)
        rename.update({spelling: group[0] for spelling in group[1:]})
    if rename:
        names = names.map(lambda label: rename.get(label, label)).astype(object)
    return names, merged, spaced


def sort_labels(labels) -> list[str]:
    """Numbers in numeric order, text alphabetically ignoring case; numbers first."""

    def key(label: str):
        try:
            return (0, float(label), "")
        except ValueError:
            return (1, 0.0, label.casefold())

    return sorted(labels, key=key)
