"""Pick two feature columns and a label column, and turn them into ``X`` and ``y``.

``select`` decides which rows can be used and says why any others cannot: a missing or
non-numeric feature cell, a value that is not finite or absurdly large, a missing label, a
class the user did not pick. Each such row lands in ``Selection.dropped`` with its reason,
and each kind of problem gets one note naming the column, the lines and the values.
"""

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.data.errors import DataError, format_lines, format_values
from engine.data.labels import normalise_label, normalise_labels, sort_labels
from engine.data.upload import MISSING_TOKENS, UNEXPECTED

MAX_ABS_VALUE = 1e15
MAX_NUMERIC_CLASSES = 10  # more distinct numbers than this in a label column looks continuous


@dataclass(frozen=True)
class Selection:
    """``X`` (n, 2) float, ``y`` (n,) int 0/1, and everything decided on the way.

    ``mapping`` takes each kept class name to 0 or 1; ``dropped`` holds the rows left out,
    indexed like the frame (line numbers for a CSV), with a ``reason`` column; ``lines`` is
    the frame index of each row of ``X``. ``continuous_label`` is True when the label column
    holds more than ``MAX_NUMERIC_CLASSES`` different numbers (a note says so too).
    """

    X: np.ndarray
    y: np.ndarray
    mapping: dict
    notes: list[str] = field(default_factory=list)
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)
    lines: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    features: tuple = ()
    label: object = None
    continuous_label: bool = False


def column_of(frame: pd.DataFrame, column, source: str, role: str) -> pd.Series:
    """``frame[column]`` as one Series, or a ``DataError`` saying what is wrong with the pick."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{source}: expected a table of rows and columns, got {type(frame)}.")
    matches = [k for k, name in enumerate(frame.columns) if _same(name, column)]
    if not matches:
        names = ", ".join(f"'{name}'" for name in list(frame.columns)[:12])
        raise DataError(
            f"{source}: there is no column '{column}' to use as the {role}. "
            f"The columns are: {names or 'none'}."
        )
    if len(matches) > 1:
        raise DataError(
            f"{source}: the column name '{column}' appears {len(matches)} times; rename the "
            "copies so each name is used once, then pick again."
        )
    return frame.iloc[:, matches[0]]


def label_values(frame: pd.DataFrame, label_column, source: str = "the data") -> list[str]:
    """The distinct class names in ``label_column``, in the order class pickers show them.

    Names are normalised (stripped, spaces collapsed, numbers written one way, case
    variants merged). With exactly two, the first is class 0 and the second class 1.
    """
    try:
        names, _, _ = normalise_labels(column_of(frame, label_column, source, role="label"))
        return sort_labels(names.dropna().unique())
    except DataError:
        raise
    except Exception as exc:
        raise DataError(
            f"{source}: {UNEXPECTED} reading the labels in column '{label_column}' "
            f"({type(exc).__name__}: {exc}). Pick another label column."
        ) from exc


def select(frame, features, label, classes=None, source: str = "the data") -> Selection:
    """Build ``X`` from the two ``features`` and ``y`` from ``label`` (``classes`` -> 0, 1).

    ``classes`` may be ``None`` when the label column holds exactly two classes; they are
    then ordered as ``label_values`` orders them. Raises ``DataError`` when the pick cannot
    give two classes of usable rows.
    """
    try:
        return _select(frame, features, label, classes, source)
    except DataError:
        raise
    except Exception as exc:  # a safety net: no traceback may reach the page
        raise DataError(
            f"{source}: {UNEXPECTED} preparing the columns ({type(exc).__name__}: {exc}). "
            "Try other columns, or save the file again as CSV and upload it."
        ) from exc


def _select(frame, features, label, classes, source: str) -> Selection:
    first, second = _check_picks(features, label, source)
    x0 = column_of(frame, first, source, role="first feature")
    x1 = column_of(frame, second, source, role="second feature")
    label_column = column_of(frame, label, source, role="label")
    picked, columns = (first, second, label), (x0, x1, label_column)
    labels, merged, spaced = normalise_labels(label_column)
    notes = [_merge_note(source, label, group) for group in merged]
    if spaced:
        notes.insert(0, _spaces_note(source, label, spaced))

    found = sort_labels(labels.dropna().unique())
    continuous = _looks_continuous(found)
    if continuous:
        notes.append(_continuous_note(source, label, found))
    kept = _pick_classes(found, classes, label, source, len(frame))
    mapping = {name: code for code, name in enumerate(kept)}

    reasons = pd.Series("", index=frame.index, dtype=object)
    missing_label = labels.isna().to_numpy()
    if missing_label.any():
        reasons[missing_label] = "label missing"
        notes.append(
            f"{source}: column '{label}' has no label on {_where(frame, missing_label)}; "
            f"{_rows(missing_label.sum())} dropped. Fill in the labels to use those rows."
        )
    other = ~missing_label & ~labels.isin(kept).to_numpy()
    if other.any():
        reasons[other] = [f"class '{name}' not picked" for name in labels[other]]
        left_out = ", ".join(f"'{name}'" for name in sort_labels(labels[other].unique()))
        notes.append(
            f"{source}: kept classes '{kept[0]}' and '{kept[1]}'; set aside "
            f"{other.sum()} row{'s' if other.sum() > 1 else ''} of {left_out}."
        )

    labelled = ~missing_label & ~other
    usable = labelled.copy()
    X = np.zeros((len(frame), 2))
    for k, (name, column) in enumerate(((first, x0), (second, x1))):
        X[:, k], problems = _numbers(column, name, source)
        for reason, mask in problems.items():
            mask = mask & labelled
            if not mask.any():
                continue
            reasons[mask] = [_join(old, f"{name}: {reason}") for old in reasons[mask]]
            notes.append(_problem_note(source, frame, name, column, reason, mask))
        for mask in problems.values():
            usable &= ~mask

    y_all = labels.map(mapping).to_numpy()
    _check_classes_left(kept, y_all, usable, reasons, source, label)
    X, y, lines = X[usable], y_all[usable].astype(int), frame.index.to_numpy()[usable]

    notes.append(_summary_note(source, kept, y, len(frame)))
    dropped = pd.DataFrame(
        {name: column.to_numpy()[~usable] for name, column in zip(picked, columns, strict=True)},
        index=frame.index[~usable],
    )
    dropped["reason"] = reasons[~usable].to_numpy()
    return Selection(X, y, mapping, notes, dropped, lines, (first, second), label, continuous)


def _check_picks(features, label, source: str):
    if isinstance(features, str) or not hasattr(features, "__len__") or len(features) != 2:
        raise DataError(f"{source}: pick exactly two feature columns, got {features!r}.")
    first, second = features
    if _same(first, second):
        raise DataError(
            f"{source}: pick two different feature columns; '{first}' was chosen twice."
        )
    if _same(label, first) or _same(label, second):
        raise DataError(
            f"{source}: column '{label}' cannot be both a feature and the label; pick another "
            "label column."
        )
    return first, second


def _pick_classes(found, classes, label, source: str, n_rows: int) -> list[str]:
    if not found:
        raise DataError(
            f"{source}: column '{label}' holds no labels (every cell is blank). Pick the "
            "column that says which class each row belongs to."
        )
    if len(found) == 1:
        raise DataError(
            f"{source}: column '{label}' has only one class ('{found[0]}') in {_count(n_rows)}; "
            "a classifier needs two. Pick another label column, or add rows of a second class."
        )
    if classes is None:
        if len(found) > 2:
            raise DataError(
                f"{source}: column '{label}' has {len(found)} classes "
                f"({format_values(found, limit=6)}); this network tells two apart. Pick the "
                "two classes to keep."
            )
        return found
    if isinstance(classes, str) or not hasattr(classes, "__len__") or len(classes) != 2:
        raise DataError(f"{source}: pick exactly two classes, got {classes!r}.")

    lookup = {name.casefold(): name for name in found}
    kept = []
    for wanted in classes:
        name = normalise_label(wanted)
        if name is None or name.casefold() not in lookup:
            raise DataError(
                f"{source}: class '{wanted}' is not in column '{label}'; its classes are "
                f"{format_values(found, limit=8)}. Pick two of those."
            )
        kept.append(lookup[name.casefold()])
    if kept[0] == kept[1]:
        raise DataError(f"{source}: pick two different classes; '{kept[0]}' was chosen twice.")
    return kept


def _numbers(column: pd.Series, name, source: str) -> tuple[np.ndarray, dict]:
    """Float per row and, per kind of problem, a mask of the rows that have it."""
    if pd.api.types.is_bool_dtype(column.dtype):
        raise DataError(
            f"{source}: column '{name}' holds true/false values, not measurements. Pick a "
            "numeric column as a feature."
        )
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(values)
        not_number = np.zeros(len(values), dtype=bool)
    else:
        text = column.map(lambda value: "" if _is_missing(value) else str(value).strip())
        missing = text.str.lower().isin(MISSING_TOKENS).to_numpy()
        parsed = pd.to_numeric(text.where(~missing, None), errors="coerce")
        values = parsed.to_numpy(dtype=float, na_value=np.nan)
        not_number = ~missing & np.isnan(values)
    if (missing | not_number).all():
        example = next((str(value) for value in column if not _is_missing(value)), "")
        shown = f" (e.g. '{example[:30]}')" if example else ""
        raise DataError(
            f"{source}: column '{name}' holds no numbers{shown}. Pick a numeric column as a "
            "feature."
        )
    with np.errstate(invalid="ignore"):
        infinite = ~missing & ~not_number & ~np.isfinite(values)
        huge = np.isfinite(values) & (np.abs(values) > MAX_ABS_VALUE)
    problems = {
        "missing": missing,
        "not a number": not_number,
        "not finite": infinite,
        "too large": huge,
    }
    values = np.where(missing | not_number | infinite | huge, 0.0, values)
    return values, {reason: mask for reason, mask in problems.items() if mask.any()}


def _problem_note(source, frame, name, column, reason, mask) -> str:
    count = _rows(mask.sum())
    where = _where(frame, mask)
    if reason == "missing":
        return (
            f"{source}: column '{name}' has missing values on {where}; {count} dropped. "
            "Fill them in to use every row."
        )
    values = format_values(column[mask])
    if reason == "not a number":
        what = "non-numeric values"
    elif reason == "not finite":
        what = "infinite values"
    else:
        what = f"values larger than {MAX_ABS_VALUE:.0e} in size"
    return (
        f"{source}: column '{name}' has {what} on {where} ({values}); {count} dropped. "
        "Fix or remove them to use every row."
    )


def _check_classes_left(kept, y_all, usable, reasons, source, label) -> None:
    for code, name in enumerate(kept):
        if np.any(usable & (y_all == code)):
            continue
        of_class = y_all == code
        problems = [
            f"{_where(reasons, np.asarray(reasons.index == index))} — {reason}"
            for index, reason in zip(reasons.index[of_class], reasons[of_class], strict=True)
        ]
        shown = "; ".join(problems[:3]) + ("; …" if len(problems) > 3 else "")
        raise DataError(
            f"{source}: no usable rows of class '{name}' (column '{label}') are left, because "
            f"every one has a problem ({shown}). Fix those rows or pick other columns."
        )


def _looks_continuous(found) -> bool:
    """More than MAX_NUMERIC_CLASSES labels, all numbers: a measurement, not classes."""
    if len(found) <= MAX_NUMERIC_CLASSES:
        return False
    try:
        [float(name) for name in found]
    except ValueError:
        return False
    return True


def _continuous_note(source, label, found) -> str:
    return (
        f"{source}: column '{label}' holds {len(found)} different numbers, so it looks like a "
        "measurement rather than a class label; only the rows of the two classes picked are "
        "used. Pick the column that names each row's class as the label."
    )


def _summary_note(source, kept, y, total) -> str:
    n1 = int(y.sum())
    return (
        f"{source}: using {len(y)} of {total} rows. Labels: '{kept[0]}' → class 0 "
        f"({_count(len(y) - n1)}), '{kept[1]}' → class 1 ({_count(n1)})."
    )


def _count(rows: int) -> str:
    return "1 row" if rows == 1 else f"{rows} rows"


def _merge_note(source, label, group) -> str:
    spellings = ", ".join(f"'{name}'" for name in group)
    return (
        f"{source}: column '{label}' has labels that differ only in case ({spellings}); "
        f"they were treated as one class, '{group[0]}'. Spell them the same way in the file "
        "if they are different classes."
    )


def _spaces_note(source, label, spaced) -> str:
    shown = ", ".join(f"'{raw}'" for raw in spaced[:4]) + (", …" if len(spaced) > 4 else "")
    return (
        f"{source}: column '{label}' has labels with extra spaces ({shown}); the spaces "
        "were ignored, so ' cat ' and 'cat' are the same class."
    )


def _where(frame: pd.DataFrame, mask) -> str:
    index = frame.index[mask]
    if index.name == "line":
        return format_lines(index)
    rows = [int(k) + 1 if isinstance(k, int | np.integer) else k for k in index]
    word = "row" if len(rows) == 1 else "rows"
    return format_lines(rows).replace("lines", word).replace("line", word)


def _rows(count) -> str:
    return "that row was" if count == 1 else f"those {count} rows were"


def _join(old: str, new: str) -> str:
    return f"{old}; {new}" if old else new


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _same(a, b) -> bool:
    try:
        return bool(a == b) and type(a) is not bool
    except Exception:
        return False
