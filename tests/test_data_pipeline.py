"""Tests for the bundled data sets, select, split_scale and the upload limit in the config."""

import hashlib
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.data import (
    MAX_UPLOAD_MB,
    REAL_DATASETS,
    DataError,
    label_values,
    load_real,
    numeric_columns,
    read_csv,
    select,
    split_scale,
)
from engine.data.real import DATASETS_DIR
from lab import runs
from lab.settings import DataSettings

ROOT = Path(__file__).parent.parent


def test_upload_limit_matches_streamlit_config():
    """server.maxUploadSize in .streamlit/config.toml equals MAX_UPLOAD_MB."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert config["browser"]["gatherUsageStats"] is False
    assert config["theme"]["base"] == "light"


def test_iris_is_fishers_data():
    """iris.csv holds Fisher's 150 flowers: 50 per species, and the known species means."""
    frame = load_real("iris")
    assert frame.shape == (150, 5)
    assert frame["species"].value_counts().to_dict() == {
        "setosa": 50,
        "versicolor": 50,
        "virginica": 50,
    }
    means = frame.groupby("species")["sepal_length_cm"].mean().round(3).to_dict()
    assert means == {"setosa": 5.006, "versicolor": 5.936, "virginica": 6.588}
    assert frame.loc[2].tolist() == [5.1, 3.5, 1.4, 0.2, "setosa"]


def test_penguins_are_the_palmer_data():
    """penguins.csv holds the 344 Palmer penguins with their species counts and NA cells."""
    frame = load_real("penguins")
    assert frame.shape == (344, 8)
    assert frame["species"].value_counts().to_dict() == {
        "Adelie": 152,
        "Gentoo": 124,
        "Chinstrap": 68,
    }
    assert frame["bill_length_mm"].isna().sum() == 2
    assert frame.loc[2, "bill_length_mm"] == 39.1


def test_shipped_files_match_the_checksums_in_their_readme():
    """The bundled CSVs are byte for byte the ones whose source the README describes."""
    readme = (DATASETS_DIR / "README.md").read_text()
    for dataset in REAL_DATASETS.values():
        digest = hashlib.sha256((DATASETS_DIR / dataset.filename).read_bytes()).hexdigest()
        assert re.search(rf"{digest}\s+{re.escape(dataset.filename)}", readme)
        assert dataset.licence and dataset.source


@pytest.mark.parametrize("name", list(REAL_DATASETS))
def test_real_dataset_descriptions_fit_their_files(name):
    """Every described feature is numeric, the classes are the labels, the defaults select."""
    dataset = REAL_DATASETS[name]
    frame = load_real(name)
    assert set(dataset.feature_columns) <= set(numeric_columns(frame))
    assert tuple(label_values(frame, dataset.label_column)) == dataset.classes
    selection = select(
        frame,
        dataset.default_features,
        dataset.label_column,
        dataset.default_classes,
        source=dataset.filename,
    )
    assert set(selection.y) == {0, 1}
    assert np.isfinite(selection.X).all()


def test_penguin_rows_without_measurements_are_dropped_with_a_notice():
    """The two penguins with no bill length are dropped and named by line."""
    frame = load_real("penguins")
    selection = select(
        frame, ("bill_length_mm", "bill_depth_mm"), "species", ("Adelie", "Gentoo"), "penguins"
    )
    missing = selection.dropped[selection.dropped["reason"].str.contains("missing")]
    assert missing.index.tolist() == [5, 273]
    assert selection.notes[1] == (
        "penguins: column 'bill_length_mm' has missing values on lines 5, 273; those 2 rows "
        "were dropped. Fill them in to use every row."
    )
    assert selection.mapping == {"Adelie": 0, "Gentoo": 1}
    assert len(selection.y) == 274


def test_load_real_rejects_unknown_names():
    """An unknown data set name raises ValueError listing the choices."""
    with pytest.raises(ValueError, match="name must be one of 'iris', 'penguins', got 'mnist'"):
        load_real("mnist")


def _frame():
    return read_csv(b"a,b,kind,note\n1,2,x,p\n2,1,y,q\n3,3,x,r\n4,0,y,s\n", "t.csv").frame


@pytest.mark.parametrize(
    ("features", "label", "classes", "message"),
    [
        (
            ("a", "a"),
            "kind",
            None,
            "t.csv: pick two different feature columns; 'a' was chosen twice.",
        ),
        (("a", "b"), "a", None, "t.csv: column 'a' cannot be both a feature and the label;"),
        (("a", "zz"), "kind", None, "t.csv: there is no column 'zz' to use as the second feature."),
        (("a",), "kind", None, "t.csv: pick exactly two feature columns, got ('a',)."),
        (("a", "b"), "kind", ("x", "w"), "t.csv: class 'w' is not in column 'kind'; its classes"),
        (("a", "b"), "kind", ("x", " X "), "t.csv: pick two different classes; 'x' was chosen"),
        (("a", "note"), "kind", None, "t.csv: column 'note' holds no numbers (e.g. 'p')."),
    ],
)
def test_bad_picks_are_explained(features, label, classes, message):
    """Each impossible pick of columns or classes raises DataError saying what to change."""
    with pytest.raises(DataError) as caught:
        select(_frame(), features, label, classes, source="t.csv")
    assert str(caught.value).startswith(message)


def test_classes_can_be_picked_in_either_order():
    """The first picked class becomes class 0, whatever the alphabetical order."""
    selection = select(_frame(), ("a", "b"), "kind", ("y", "x"), source="t.csv")
    assert selection.mapping == {"y": 0, "x": 1}
    np.testing.assert_array_equal(selection.y, [1, 0, 1, 0])


def test_select_works_on_plain_frames_with_row_numbers():
    """A frame not read from a file reports 1-based row numbers instead of file lines."""
    frame = pd.DataFrame({"p": [1.0, None, 3.0, 4.0], "q": [1, 2, 3, 4], "c": [0, 1, 0, 1]})
    selection = select(frame, ("p", "q"), "c", source="table")
    assert selection.notes[0] == (
        "table: column 'p' has missing values on row 2; that row was dropped. Fill them in "
        "to use every row."
    )


def test_huge_values_are_dropped_not_trained_on():
    """Values beyond 1e15 in size are dropped with a notice, keeping every result finite."""
    table = read_csv(b"a,b,c\n1,2,0\n1e300,1,1\n2,2,1\n3,1,0\n", "h.csv")
    selection = select(table.frame, ("a", "b"), "c", source="h.csv")
    assert selection.dropped.index.tolist() == [3]
    assert "values larger than 1e+15 in size on line 3 ('1e+300')" in selection.notes[0]


def test_split_is_seeded():
    """The same seed gives the same split; another seed a different one."""
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.array([0, 1] * 10)
    first = split_scale(X, y, 0.3, seed=4)
    again = split_scale(X, y, 0.3, seed=4)
    other = split_scale(X, y, 0.3, seed=5)
    np.testing.assert_array_equal(first.test_rows, again.test_rows)
    assert not np.array_equal(first.test_rows, other.test_rows)


def test_split_statistics_come_from_training_rows_only():
    """mean and std are those of the training rows; test rows are scaled with the same."""
    X = np.column_stack([np.arange(10.0), np.arange(10.0) ** 2])
    y = np.array([0] * 5 + [1] * 5)
    split = split_scale(X, y, 0.4, seed=0)
    train = X[split.train_rows]
    np.testing.assert_allclose(split.mean, train.mean(axis=0))
    np.testing.assert_allclose(split.std, train.std(axis=0))
    np.testing.assert_allclose(split.X_test, (X[split.test_rows] - split.mean) / split.std)
    assert (len(split.y_train), len(split.y_test)) == (6, 4)


def test_split_notes_describe_the_split_and_the_scaling():
    """The notes give the counts per part and class and the scaling formula per feature."""
    X = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 3.0], [6.0, 3.0]])
    y = np.array([0, 0, 1, 1])
    split = split_scale(X, y, 0.5, seed=0, feature_names=("a", "b"))
    assert split.notes[0] == (
        "Split 4 rows into 2 for training and 2 for testing (test share 50% asked), "
        "stratified by class with seed 0: training has 1 of class 0 and 1 of class 1, "
        "testing 1 and 1."
    )
    assert split.notes[1].startswith("Standardised with the training rows' mean and standard")
    assert "a → (a − 4) / 2, b → (b − 2) / 1" in split.notes[1]
    off = split_scale(X, y, 0.5, seed=0, standardise=False)
    assert off.notes[-1] == "Standardisation is off: the features are used as they are."
    np.testing.assert_array_equal(off.mean, [0.0, 0.0])
    np.testing.assert_array_equal(off.std, [1.0, 1.0])


def test_scaling_note_writes_a_negative_mean_as_a_plus():
    """A negative training mean (moons gave x0 → (x0 − -0.0985)) reads x0 → (x0 + 0.0985)."""
    X = np.array([[-1.0, 1.0], [-3.0, 1.0], [-2.0, 3.0], [-4.0, 3.0]])
    y = np.array([0, 0, 1, 1])
    split = split_scale(X, y, 0.5, seed=0)
    assert split.mean[0] < 0
    assert f"x0 → (x0 + {-split.mean[0]:.4g}) / " in split.notes[1]
    assert "− -" not in split.notes[1] and "x1 → (x1 − 2) / 1" in split.notes[1]


def test_a_class_with_one_row_stays_in_training_with_a_note():
    """A class too small to appear in both parts goes to training, and a note says so."""
    X = np.arange(12, dtype=float).reshape(6, 2)
    y = np.array([0, 0, 0, 0, 0, 1])
    split = split_scale(X, y, 0.3, seed=0)
    assert set(split.y_train) == {0, 1}
    assert 1 not in set(split.y_test)
    assert split.notes[1].startswith("Class 1 has a single row, so it is in the training set")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"test_ratio": 0.95}, "test_ratio must be a number from 0 to 0.9, got 0.95"),
        ({"test_ratio": "0.3"}, "test_ratio must be a number from 0 to 0.9, got '0.3'"),
        ({"seed": -2}, "seed must be an integer >= 0, got -2"),
        ({"y": np.array([0, 0, 0, 0])}, "split: there are no rows of class 1"),
        ({"y": np.array([0, 1, 2, 1])}, "split: y must hold only the labels 0 and 1."),
        ({"X": np.ones((4, 3))}, "split: X must have shape (n, 2), got (4, 3)."),
        ({"X": np.full((4, 2), np.nan)}, "split: X holds values that are not finite"),
    ],
)
def test_split_rejects_bad_arguments(kwargs, message):
    """Bad arguments to split_scale raise DataError naming the argument and the value."""
    arguments = {"X": np.ones((4, 2)), "y": np.array([0, 1, 0, 1]), **kwargs}
    with pytest.raises(DataError) as caught:
        split_scale(**arguments)
    assert str(caught.value).startswith(message)


def _prepare_upload(content: bytes, name: str, **picks):
    digest = hashlib.sha256(content).hexdigest()[:16]
    return runs.prepare(DataSettings(dataset="upload", upload=digest, **picks), content, name)


def test_two_classes_of_one_row_each_are_a_data_error():
    """A file of two rows, one of class a and one of class b, failed at training time with
    "X_test must have at least one row, got shape (0, 2)"; the data step now says why."""
    with pytest.raises(DataError) as caught:
        _prepare_upload(b"x1,x2,label\n1,2,a\n3,4,b\n", "two_rows.csv")
    assert str(caught.value) == (
        "two_rows.csv: class 'a' and class 'b' have 1 row each, so no row is left for the "
        "test set (test share 30%). Each class needs at least 2 rows, one to train on and one "
        "to test on: add rows, or pick classes with more rows."
    )


def test_a_label_column_of_many_numbers_is_called_continuous():
    """An all-numeric file whose label column holds 30 different floats: two of them (one row
    each) are refused with advice to pick another label column; a usable pick of that column
    gets a note that it looks like a measurement."""
    rows = [f"{k},{k % 3},{k * 0.37:.2f}" for k in range(30)]
    content = ("a,b,y\n" + "\n".join(rows)).encode()
    with pytest.raises(DataError) as caught:
        _prepare_upload(content, "measures.csv", features=("a", "b"), label="y")
    message = str(caught.value)
    assert message.startswith("measures.csv: class '0' and class '0.37' have 1 row each")
    assert message.endswith(
        "Column 'y' holds many different numbers, so it looks like a measurement rather than "
        "a class label: pick the column that names each row's class."
    )

    rows += ["40,1,0", "41,2,0.37"]
    table = read_csv(("a,b,y\n" + "\n".join(rows)).encode(), "measures.csv")
    selection = select(table.frame, ("a", "b"), "y", ("0", "0.37"), source="measures.csv")
    assert selection.continuous_label
    assert selection.notes[0] == (
        "measures.csv: column 'y' holds 30 different numbers, so it looks like a measurement "
        "rather than a class label; only the rows of the two classes picked are used. Pick "
        "the column that names each row's class as the label."
    )


def test_split_refuses_an_empty_test_set_naming_the_classes():
    """One row per class with a test share asked for leaves no test row: DataError, not an
    empty X_test of shape (0, 2) for training to trip on."""
    with pytest.raises(DataError) as caught:
        split_scale(
            np.ones((2, 2)),
            np.array([0, 1]),
            0.3,
            source="two_rows.csv",
            class_names=("class 'a'", "class 'b'"),
        )
    assert str(caught.value) == (
        "two_rows.csv: class 'a' and class 'b' have 1 row each, so no row is left for the "
        "test set (test share 30%). Each class needs at least 2 rows, one to train on and one "
        "to test on: add rows, or pick classes with more rows."
    )
    assert len(split_scale(np.ones((2, 2)), np.array([0, 1]), 0.0).y_test) == 0


def test_a_constant_column_gets_one_note_under_its_own_name():
    """A constant column 'c' gave two near-duplicate notes, "column 'c' has the same value
    (5)…" from select and "Feature 'x1' has the same value (5)…" from the split; one note
    now names the column itself."""
    rows = [f"{k},5,{'ab'[k % 2]}" for k in range(10)]
    content = ("a,c,label\n" + "\n".join(rows)).encode()
    data = _prepare_upload(content, "constant.csv", features=("a", "c"), label="label")
    same = [note for note in data.notes if "same value" in note]
    assert same == [
        "Feature 'c' has the same value (5) in every training row, so it cannot help tell the "
        "classes apart. Standardising leaves it at 0 (its standard deviation is taken as 1, "
        "not 0). Pick another column to learn from it."
    ]
    off = _prepare_upload(
        content, "constant.csv", features=("a", "c"), label="label", standardise=False
    )
    assert [note for note in off.notes if "same value" in note] == [
        "Feature 'c' has the same value (5) in every training row, so it cannot help tell the "
        "classes apart. Pick another column to learn from it."
    ]
