"""The malformed-CSV corpus in tests/csv_corpus: every file gets its exact message or mapping.

Each file is one kind of trouble a learner's upload can bring (see csv_corpus/README.md).
csv_corpus/expected.json holds, per file, the kind of trouble and either the exact DataError
message (read_error, select_error) or the exact label mapping and notes. Sizes beyond the limits
are built in memory here rather than stored.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.data import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_MB,
    DataError,
    read_csv,
    select,
    split_scale,
)

CORPUS = Path(__file__).parent / "csv_corpus"

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _cases(outcome):
    chosen = [(name, entry) for name, entry in EXPECTED.items() if outcome in entry]
    return [pytest.param(name, entry, id=name) for name, entry in chosen]


def _read(name):
    return read_csv((CORPUS / name).read_bytes(), name)


def test_every_corpus_file_has_an_expectation():
    """No file in the corpus goes unchecked, and no expectation names a missing file."""
    present = {path.name for path in CORPUS.iterdir() if path.suffix not in (".md", ".json")}
    assert set(EXPECTED) == present
    for entry in EXPECTED.values():
        assert sum(key in entry for key in ("read_error", "select_error", "mapping")) == 1


@pytest.mark.parametrize(("name", "entry"), _cases("read_error"))
def test_unreadable_files_get_their_exact_message(name, entry):
    """A file that cannot be read raises DataError with exactly the expected message."""
    with pytest.raises(DataError) as caught:
        _read(name)
    assert str(caught.value) == entry["read_error"]


@pytest.mark.parametrize(("name", "entry"), _cases("select_error"))
def test_unusable_columns_get_their_exact_message(name, entry):
    """A file that reads but cannot give two classes of numbers is refused by select."""
    table = _read(name)
    with pytest.raises(DataError) as caught:
        select(table.frame, entry["features"], entry["label"], source=name)
    assert str(caught.value) == entry["select_error"]


@pytest.mark.parametrize(("name", "entry"), _cases("mapping"))
def test_usable_files_give_their_exact_mapping_and_notes(name, entry):
    """A usable file yields the expected mapping, exactly the expected notes, finite arrays."""
    table = _read(name)
    classes = entry.get("classes")
    selection = select(table.frame, entry["features"], entry["label"], classes, source=name)
    assert selection.mapping == entry["mapping"]
    assert table.notes[1:] + selection.notes == entry["notes"]
    assert selection.X.shape == (len(selection.y), 2)
    assert np.isfinite(selection.X).all()
    assert set(selection.y) == {0, 1}


def test_bom_does_not_hide_the_first_column_name():
    """With a UTF-8 byte-order mark the first column is still found as 'x1'."""
    table = _read("utf8_bom.csv")
    assert list(table.frame.columns) == ["x1", "x2", "label"]
    assert table.frame["x1"].tolist() == [0.5, 1.5, 0.7, 1.2]


def test_detected_format_is_reported():
    """Separator, decimal mark and encoding found are both returned and stated in a note."""
    table = _read("windows_1252.csv")
    assert (table.separator, table.decimal, table.encoding) == (";", ",", "Windows-1252")
    assert table.notes[0] == (
        "Read windows_1252.csv: 4 data rows, 3 columns (semicolon-separated, decimal comma, "
        "Windows-1252). Line numbers are the file's own: line 1 is its first line."
    )
    assert table.frame["länge"].tolist() == [1.5, 2.5, 1.7, 2.9]


@pytest.mark.parametrize(
    ("name", "separator"),
    [("tab_separated.tsv", "\t"), ("pipe_separated.csv", "|"), ("utf16_tab.txt", "\t")],
)
def test_other_separators_are_detected(name, separator):
    """Tab- and pipe-separated files are split into the same three columns."""
    table = _read(name)
    assert table.separator == separator
    assert list(table.frame.columns) == ["x1", "x2", "label"]


def test_line_numbers_survive_a_quoted_line_break():
    """A quoted value spanning two lines does not shift the line numbers after it."""
    table = _read("multiline_quoted_field.csv")
    assert table.frame.index.tolist() == [2, 3, 5, 6, 7]
    selection = select(table.frame, ("x1", "x2"), "label", source="multiline_quoted_field.csv")
    assert selection.dropped.index.tolist() == [6]
    assert selection.dropped["reason"].tolist() == ["x2: not a number"]


def test_dropped_rows_keep_their_values_and_reasons():
    """Rows dropped for non-numeric cells are listed with their line, values and reason."""
    table = _read("non_numeric_feature.csv")
    selection = select(table.frame, ("x1", "x2"), "label", source="non_numeric_feature.csv")
    assert selection.dropped.index.tolist() == [4, 9]
    assert selection.dropped["x1"].tolist() == ["?", "abc"]
    assert selection.dropped["reason"].tolist() == ["x1: not a number", "x1: not a number"]
    assert selection.lines.tolist() == [2, 3, 5, 6, 7, 8, 10]


def test_three_classes_without_a_pick_are_refused():
    """Labels 0, 1, 2 with no classes picked ask the user to pick two."""
    table = _read("three_classes.csv")
    with pytest.raises(DataError) as caught:
        select(table.frame, ("x1", "x2"), "label", source="three_classes.csv")
    assert str(caught.value) == (
        "three_classes.csv: column 'label' has 3 classes ('0', '1', '2'); this network tells "
        "two apart. Pick the two classes to keep."
    )


def test_constant_feature_stays_finite_after_scaling():
    """A constant column is centred, divided by 1 rather than 0, and flagged in the notes."""
    table = _read("constant_feature.csv")
    selection = select(table.frame, ("x1", "x2"), "label", source="constant_feature.csv")
    split = split_scale(selection.X, selection.y, feature_names=selection.features)
    assert np.isfinite(split.X_train).all()
    assert np.isfinite(split.X_test).all()
    assert split.std[0] == 1.0
    np.testing.assert_array_equal(split.X_train[:, 0], 0.0)
    assert split.notes[1] == (
        "Feature 'x1' has the same value (3) in every training row, so it cannot help tell "
        "the classes apart. Standardising leaves it at 0 (its standard deviation is taken as "
        "1, not 0). Pick another column to learn from it."
    )


def test_file_over_the_size_limit_is_refused():
    """A file larger than MAX_UPLOAD_MB is refused before parsing, naming size and limit."""
    content = b"x1,x2,label\n" + b"1.0,2.0,0\n" * (MAX_UPLOAD_MB * 2**20 // 10 + 1)
    with pytest.raises(DataError) as caught:
        read_csv(content, "big.csv")
    assert str(caught.value) == (
        f"big.csv is {len(content):,} bytes; the limit is {MAX_UPLOAD_MB} MB (5,000,000 bytes, "
        f"at most {MAX_ROWS:,} rows). A classroom example needs a few thousand rows at most: "
        "save a sample of the rows, with only the columns you need, and upload that."
    )


def test_the_size_limit_counts_decimal_megabytes_as_streamlit_does():
    """A 5,033,190-byte file was refused by Streamlit's uploader ("File must be 5.0MB or
    smaller") yet under the 5 × 1,024² bytes read_csv allowed; both now count 5,000,000."""
    line = b"1.0,2.0,0\n"
    header = b"x1,x2,label\n"
    just_over = header + line * ((5_033_190 - len(header)) // len(line))
    just_over += b"1" * (5_033_190 - len(just_over))
    assert len(just_over) == 5_033_190
    with pytest.raises(DataError, match="is 5,033,190 bytes; the limit is 5 MB"):
        read_csv(just_over, "big.csv")


def test_too_many_rows_are_refused():
    """A small file with more than MAX_ROWS data rows is refused, naming the count."""
    content = b"a,b,c\n" + b"1,2,0\n" * (MAX_ROWS + 1)
    with pytest.raises(DataError) as caught:
        read_csv(content, "long.csv")
    assert str(caught.value) == (
        f"long.csv has {MAX_ROWS + 1:,} data rows; the limit is {MAX_ROWS:,}. Save a random "
        "sample of the rows (a few thousand is plenty for this network) and upload that."
    )


def test_too_many_columns_are_refused():
    """A file with more than MAX_COLUMNS columns is refused, naming the count."""
    width = MAX_COLUMNS + 1
    content = (",".join(f"c{k}" for k in range(width)) + "\n" + ",".join(["1"] * width)).encode()
    with pytest.raises(DataError) as caught:
        read_csv(content, "wide.csv")
    assert str(caught.value) == (
        f"wide.csv has {width} columns; the limit is {MAX_COLUMNS}. Keep the two feature "
        "columns and the label column you need, and upload that."
    )
