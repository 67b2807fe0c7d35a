"""Property tests: whatever a learner uploads, the data step returns valid arrays or DataError.

Random bytes, random CSV-like text and random tables written to CSV go through read_csv,
label_values, select and split_scale. Each step must either give finite float arrays of
shape (n, 2) with labels 0 and 1, or raise DataError with a message of its own; any other
exception, or a message from the safety net for unexpected errors, fails the test.
"""

import io

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.data import DataError, label_values, read_csv, select, split_scale
from engine.data.upload import UNEXPECTED

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CSV_ALPHABET = st.sampled_from(
    [*"0123456789.,;|\t\n\r \"'?-+eEaxyzé", "NA", "inf", "nan", "\ufeff", "1,5", "\xa0"]
)


def _refusal_is_ours(error: DataError) -> None:
    message = str(error)
    assert message.strip()
    assert UNEXPECTED not in message, message


def _check_selection(selection) -> None:
    X, y = selection.X, selection.y
    assert isinstance(X, np.ndarray) and X.dtype == float
    assert X.ndim == 2 and X.shape[1] == 2 and X.shape[0] == len(y) >= 2
    assert np.isfinite(X).all()
    assert set(np.unique(y)) == {0, 1}
    assert sorted(selection.mapping.values()) == [0, 1]
    assert len(selection.lines) == len(y)


def _check_split(X, y) -> None:
    try:
        split = split_scale(X, y, test_ratio=0.3, seed=1)
    except DataError as error:
        _refusal_is_ours(error)
        return
    assert np.isfinite(split.X_train).all() and np.isfinite(split.X_test).all()
    assert len(split.y_train) + len(split.y_test) == len(y)
    assert set(split.y_train) == {0, 1}


def _through_the_pipeline(content: bytes, name: str = "random.csv") -> None:
    """read_csv, then select on the first three columns, then split_scale."""
    try:
        table = read_csv(content, name)
    except DataError as error:
        _refusal_is_ours(error)
        return
    frame = table.frame
    assert isinstance(frame, pd.DataFrame) and len(frame) >= 1
    assert frame.columns.is_unique
    if frame.shape[1] < 3:
        return
    columns = list(frame.columns)
    try:
        labels = label_values(frame, columns[2], name)
        classes = tuple(labels[:2]) if len(labels) > 2 else None
        selection = select(frame, columns[:2], columns[2], classes, source=name)
    except DataError as error:
        _refusal_is_ours(error)
        return
    _check_selection(selection)
    _check_split(selection.X, selection.y)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_escape_as_other_errors(content):
    """Random bytes give a table or a DataError of our own, never another exception."""
    _through_the_pipeline(content)


@SETTINGS
@given(st.lists(CSV_ALPHABET, max_size=200).map("".join), st.sampled_from(["utf-8", "cp1252"]))
def test_random_csv_like_text_never_escapes(text, encoding):
    """Text made of separators, digits, quotes and line breaks never crashes the loader."""
    _through_the_pipeline(text.encode(encoding, errors="replace"))


PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6)
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    PRINTABLE,
    st.sampled_from(["", "?", "NA", " a ", "A", "1,5", "0", "1"]),
    st.none(),
)


NUMBERS_MOSTLY = st.one_of(
    st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.integers(-100, 100), CELLS
)
LABEL_NAMES = st.sampled_from(["a", "b", " A", "c", 0, 1, 2, 1.0])
LABELS_MOSTLY = st.one_of(LABEL_NAMES, LABEL_NAMES, LABEL_NAMES, LABEL_NAMES, CELLS)
FEATURE_KINDS = st.sampled_from([NUMBERS_MOSTLY, NUMBERS_MOSTLY, NUMBERS_MOSTLY, CELLS])
LABEL_KINDS = st.sampled_from([LABELS_MOSTLY, LABELS_MOSTLY, NUMBERS_MOSTLY, CELLS])


@st.composite
def random_tables(draw):
    n_columns = draw(st.integers(1, 5))
    n_rows = draw(st.integers(0, 20))
    names = draw(st.lists(PRINTABLE, min_size=n_columns, max_size=n_columns))
    # features first, then a label column, so that many tables get through select
    kinds = [draw(LABEL_KINDS if k == 2 else FEATURE_KINDS) for k in range(n_columns)]
    rows = [[draw(kind) for kind in kinds] for _ in range(n_rows)]
    frame = pd.DataFrame(rows, columns=range(n_columns), dtype=object)
    frame.columns = names
    return frame


@SETTINGS
@given(
    random_tables(),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from([".", ","]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_tables_written_to_csv_never_escape(frame, separator, decimal, encoding):
    """Random tables, in any separator, decimal mark and encoding, load or are refused."""
    text = frame.to_csv(index=False, sep=separator, decimal=decimal)
    _through_the_pipeline(text.encode(encoding, errors="replace"))


@st.composite
def clean_tables(draw):
    n_rows = draw(st.integers(2, 30))
    finite = st.floats(-1e6, 1e6, allow_nan=False).map(lambda value: round(value, 6))
    x1 = draw(st.lists(finite, min_size=n_rows, max_size=n_rows))
    x2 = draw(st.lists(finite, min_size=n_rows, max_size=n_rows))
    names = draw(st.lists(st.sampled_from(["yes", "no"]), min_size=n_rows, max_size=n_rows))
    names[:2] = ["yes", "no"]
    return pd.DataFrame({"x1": x1, "x2": x2, "answer": names})


@SETTINGS
@given(clean_tables(), st.sampled_from([(",", "."), (";", ","), ("\t", "."), ("|", ",")]))
def test_clean_tables_round_trip_exactly(frame, style):
    """A clean table comes back whole: every row kept, values equal, 'no' → 0, 'yes' → 1."""
    separator, decimal = style
    text = frame.to_csv(index=False, sep=separator, decimal=decimal)
    table = read_csv(text.encode(), "clean.csv")
    selection = select(table.frame, ("x1", "x2"), "answer", source="clean.csv")
    assert selection.mapping == {"no": 0, "yes": 1}
    np.testing.assert_allclose(selection.X, frame[["x1", "x2"]].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(selection.y, (frame["answer"] == "yes").astype(int))
    assert selection.dropped.empty


@SETTINGS
@given(
    st.integers(2, 60),
    st.integers(2, 60),
    st.floats(0.0, 0.9),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.floats(1e-3, 1e6),
)
def test_split_is_stratified_and_standardised(n0, n1, test_ratio, seed, standardise, scale):
    """Both classes land in both parts when the ratio asks for a test set; scaled data is finite
    and the training rows have mean 0 and standard deviation 1 per feature."""
    rng = np.random.default_rng(seed)
    X = rng.normal(5.0, 1.0, size=(n0 + n1, 2)) * scale
    y = np.array([0] * n0 + [1] * n1)
    split = split_scale(X, y, test_ratio=test_ratio, seed=seed, standardise=standardise)
    assert sorted(np.concatenate([split.train_rows, split.test_rows]).tolist()) == list(
        range(n0 + n1)
    )
    assert set(split.y_train) == {0, 1}
    if test_ratio > 0:
        assert set(split.y_test) == {0, 1}
    else:
        assert len(split.y_test) == 0
    assert np.isfinite(split.X_train).all() and np.isfinite(split.X_test).all()
    if standardise:
        np.testing.assert_allclose(split.X_train.mean(axis=0), 0.0, atol=1e-9)
        np.testing.assert_allclose(split.X_train.std(axis=0), 1.0, rtol=1e-9)
    else:
        np.testing.assert_array_equal(split.X_train, X[split.train_rows])


def test_reading_is_deterministic():
    """The same bytes give the same table and notes every time (uploads survive reruns)."""
    content = b"a;b;c\n1,5;2;x\n2,5;?;y\n"
    first, second = read_csv(content, "same.csv"), read_csv(content, "same.csv")
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.notes == second.notes
    assert io.BytesIO(content).getvalue() == content
