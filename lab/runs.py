"""Cached data and training, keyed on the settings that define them.

Everything here is a pure function of its arguments, cached with ``st.cache_data`` so a
page switch or an unrelated widget never retrains. Arguments whose names start with an
underscore are left out of the cache key: the uploaded bytes are keyed by their SHA-256
(``DataSettings.upload``) and the progress bar is only a way to report.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from engine import History, Network, train
from engine import data as engine_data
from lab.settings import GENERATED, UPLOAD, DataSettings, Settings

ROW_CAP = 1000  # rows kept from a real or uploaded table; keeps the largest run under ~3 s
PROGRESS_MIN_STEPS = 20_000  # runs shorter than this finish before a bar would be read
GRID = 60  # decision-boundary cells per side: 3,600 rows, under Altair's 5,000
CONTINUOUS_ADVICE = (
    "Column '{label}' holds many different numbers, so it looks like a measurement rather "
    "than a class label: pick the column that names each row's class."
)


@dataclass
class Prepared:
    """The data a run trains on, and what the data step did to get there."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, str]
    features: tuple[str, str]
    source: str
    notes: list[str] = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    dropped: pd.DataFrame | None = None
    rows_read: int = 0

    @property
    def n_train(self) -> int:
        return len(self.y_train)


@dataclass
class TableChoices:
    """What the sidebar may offer for a real or uploaded table, and its defaults."""

    columns: list[str]
    features: tuple[str, str]
    label: str
    labels: list[str]
    classes: tuple[str, str]
    fixed_label: bool


@st.cache_data(max_entries=8, show_spinner=False)
def read_table(dataset: str, upload: str, _content: bytes | None, filename: str):
    """The raw table of a real data set or an uploaded CSV: (frame, notes)."""
    if dataset == UPLOAD:
        if _content is None:
            raise engine_data.DataError("No file uploaded yet: choose a CSV file in the sidebar.")
        table = engine_data.read_csv(_content, filename)
        return table.frame, list(table.notes)
    return engine_data.load_real(dataset), []


@st.cache_data(max_entries=16, show_spinner=False)
def table_choices(data: DataSettings, _content: bytes | None, filename: str) -> TableChoices:
    """Column and class choices for the sidebar, with sensible defaults.

    A real data set has a fixed label column and starts on its declared
    ``default_features`` and ``default_classes``; for an uploaded file the label defaults
    to the last non-numeric column (else the last column), the features to the first two
    numeric columns and the classes to the first two labels.
    """
    frame, _ = read_table(data.dataset, data.upload, _content, filename)
    columns = [str(c) for c in frame.columns]
    if data.dataset in engine_data.REAL_DATASETS:
        info = engine_data.REAL_DATASETS[data.dataset]
        label, fixed = info.label_column, True
        numeric = list(info.feature_columns)
    else:
        fixed = False
        numbers = [str(c) for c in engine_data.numeric_columns(frame)]
        text_columns = [c for c in columns if c not in numbers]
        label = data.label if data.label in columns else (text_columns or columns)[-1]
        numeric = [c for c in numbers if c != label]
    labels = [str(v) for v in engine_data.label_values(frame, label)]
    features = tuple(numeric[:2]) if len(numeric) >= 2 else tuple(columns[:2])
    classes = tuple(labels[:2]) if len(labels) >= 2 else tuple(labels)
    if fixed:
        features, classes = info.default_features, info.default_classes
    return TableChoices(
        columns=numeric if fixed else [c for c in columns if c != label],
        features=features,
        label=label,
        labels=labels,
        classes=classes,
        fixed_label=fixed,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def prepare(data: DataSettings, _content: bytes | None = None, filename: str = "") -> Prepared:
    """Generate or read the data, pick two features and two classes, split and scale.

    Raises ``engine.data.DataError`` with a message for the user when the data cannot be
    used; the caller shows it.
    """
    notes: list[str] = []
    mapping: dict = {0: 0, 1: 1}
    dropped = None
    continuous_label = False
    if data.dataset in GENERATED:
        X, y = engine_data.generate(data.dataset, data.n_samples, data.noise, data.data_seed)
        class_names, features = ("class 0", "class 1"), ("x0", "x1")
        source = f"{engine_data.GENERATORS[data.dataset]}: {data.n_samples} generated points"
        rows_read = len(y)
    else:
        frame, read_notes = read_table(data.dataset, data.upload, _content, filename)
        notes += read_notes
        choices = table_choices(data, _content, filename)
        features = tuple(data.features) if len(data.features) == 2 else choices.features
        label = choices.label if choices.fixed_label or not data.label else data.label
        classes = tuple(data.classes) if len(data.classes) == 2 else choices.classes
        if len(classes) != 2:
            raise engine_data.DataError(
                f"The label column {label!r} has {len(classes)} class(es); "
                "pick a label column with at least two different values."
            )
        selection = engine_data.select(
            frame, features=features, label=label, classes=classes, source=filename or data.dataset
        )
        X, y = selection.X, selection.y
        notes += list(selection.notes)
        mapping, dropped = dict(selection.mapping), selection.dropped
        continuous_label = selection.continuous_label
        by_class = {v: k for k, v in mapping.items()}
        class_names = (str(by_class.get(0, "class 0")), str(by_class.get(1, "class 1")))
        source = (
            filename if data.dataset == UPLOAD else engine_data.REAL_DATASETS[data.dataset].title
        )
        rows_read = len(frame)
        if len(y) > ROW_CAP:
            keep = np.sort(np.random.default_rng(data.data_seed).permutation(len(y))[:ROW_CAP])
            X, y = X[keep], y[keep]
            notes.append(
                f"Kept a random {ROW_CAP:,} of the {len(selection.y):,} usable rows "
                "so that training stays interactive."
            )

    try:
        split = engine_data.split_scale(
            X,
            y,
            test_ratio=data.test_ratio,
            seed=data.data_seed,
            standardise=data.standardise,
            feature_names=features,
            source=source,
            class_names=tuple(
                name if name == f"class {k}" else f"class '{name}'"
                for k, name in enumerate(class_names)
            ),
        )
    except engine_data.DataError as error:
        if not continuous_label:
            raise
        raise engine_data.DataError(f"{error} {CONTINUOUS_ADVICE.format(label=label)}") from error
    notes += list(split.notes)
    return Prepared(
        X_train=split.X_train,
        y_train=split.y_train,
        X_test=split.X_test,
        y_test=split.y_test,
        class_names=class_names,
        features=(str(features[0]), str(features[1])),
        source=source,
        notes=notes,
        mapping=mapping,
        dropped=dropped,
        rows_read=rows_read,
    )


def initial_network(settings: Settings) -> Network:
    """The scheme's seeded weights with the moved sliders applied."""
    net = Network.init(settings.init, settings.init_scale, settings.init_seed)
    return net.replace(**settings.overrides) if settings.weights else net


def steps_per_epoch(settings: Settings, n_train: int) -> int:
    return -(-n_train // max(1, min(settings.batch_size, n_train)))


@st.cache_data(max_entries=8, show_spinner=False)
def _train(settings: Settings, _content: bytes | None, filename: str, _progress=None) -> History:
    data = prepare(settings.data, _content, filename)
    return train(
        initial_network(settings),
        data.X_train,
        data.y_train,
        alpha=settings.alpha,
        batch_size=min(settings.batch_size, data.n_train),
        epochs=settings.epochs,
        shuffle=settings.shuffle,
        seed=settings.data.data_seed,
        X_test=data.X_test,
        y_test=data.y_test,
        progress=_progress,
    )


def run(settings: Settings, content: bytes | None = None, filename: str = "", slot=None) -> History:
    """The trained history for ``settings``, from the cache when it is there.

    ``slot`` (an ``st.empty()``) receives a progress bar while a long run trains. The
    bar is drawn in the caller's context (``contextvars``), not inside the cached function,
    so the cache never records it and a cache hit draws nothing.
    """
    progress = None
    if slot is not None:
        context = contextvars.copy_context()

        def progress(done: int, total: int) -> None:
            if total >= PROGRESS_MIN_STEPS:
                text = f"Training: step {done:,} of {total:,}"
                context.run(slot.progress, min(done / total, 1.0), text=text)

    history = _train(settings, content, filename, _progress=progress)
    if slot is not None:
        slot.empty()
    return history


@st.cache_data(max_entries=8, show_spinner=False)
def boundary(
    settings: Settings, _content: bytes | None, filename: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trained network's o9 − o8 on a grid over the data, and the data points."""
    data = prepare(settings.data, _content, filename)
    history = _train(settings, _content, filename)
    points = points_frame(data)

    X = np.vstack([data.X_train, data.X_test])
    low, high = X.min(axis=0), X.max(axis=0)
    pad = 0.08 * np.maximum(high - low, 1e-9)
    low, high = low - pad, high + pad
    edges0 = np.linspace(low[0], high[0], GRID + 1)
    edges1 = np.linspace(low[1], high[1], GRID + 1)
    g0, g1 = np.meshgrid(edges0[:-1], edges1[:-1])
    width, height = edges0[1] - edges0[0], edges1[1] - edges1[0]
    centres = np.column_stack([g0.ravel() + width / 2, g1.ravel() + height / 2])
    proba = history.network.predict_proba(centres)
    grid = pd.DataFrame(
        {
            "x0": g0.ravel(),
            "x1": g1.ravel(),
            "width": width,
            "height": height,
            "score": proba[:, 1] - proba[:, 0],
        }
    )
    return grid, points


def points_frame(data: Prepared) -> pd.DataFrame:
    """The rows as x0, x1, class (its name) and split, training rows first."""
    parts = []
    for split, X, y in (
        ("training", data.X_train, data.y_train),
        ("test", data.X_test, data.y_test),
    ):
        names = np.asarray(data.class_names, dtype=object)[np.asarray(y, dtype=int)]
        parts.append(pd.DataFrame({"x0": X[:, 0], "x1": X[:, 1], "class": names, "split": split}))
    return pd.concat(parts, ignore_index=True)
