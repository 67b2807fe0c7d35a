"""Read an uploaded CSV file into a table, or say plainly why it cannot be read.

``read_csv`` never lets anything but ``DataError`` escape. It works in small steps: check
size and type, decode (UTF-8, then Windows-1252 with a note), find the separator and the
decimal mark, tokenise with pandas (every cell as text), then turn the columns that hold
only numbers into floats. The frame's index is the line number a person sees in a text
editor, counting the header as line 1, so later messages can point at rows.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.data.errors import DataError, format_lines

MAX_UPLOAD_MB = 5
# Decimal megabytes, as Streamlit's uploader counts them outside Windows (it uses 1,024² on
# Windows): a file over this many bytes is refused here even where the browser let it through.
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 100

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none"})
UNEXPECTED = "unexpected problem"

_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$")
_CSV_ADVICE = "In a spreadsheet use File → Save As → CSV, then upload the .csv file."


@dataclass(frozen=True)
class CsvTable:
    """A parsed upload: ``frame`` (index = line number, header = line 1) and what was decided.

    Numeric columns are float (blank or ``NA`` cells are NaN); other columns keep their
    text, stripped of surrounding spaces.
    """

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    filename: str = ""
    separator: str = ","
    decimal: str = "."
    encoding: str = "UTF-8"


def read_csv(content: bytes, filename: str) -> CsvTable:
    """Parse ``content`` (the uploaded file's bytes) named ``filename``.

    Raises ``DataError`` for a file that is empty, has a header and no rows, is larger
    than ``MAX_UPLOAD_MB``, is not text, or cannot be tokenised; every other surprise is
    reported in ``CsvTable.notes``.
    """
    name = display_name(filename)
    try:
        return _read(content, name)
    except DataError:
        raise
    except Exception as exc:  # a safety net: no traceback may reach the page
        raise DataError(
            f"{name}: {UNEXPECTED} while reading it ({type(exc).__name__}: {exc}). "
            f"Save it again as a comma-separated UTF-8 CSV and upload that."
        ) from exc


def display_name(filename) -> str:
    """The file's base name, for messages; ``"the uploaded file"`` when there is none."""
    text = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    text = "".join(ch for ch in text if ch.isprintable())
    if not text:
        return "the uploaded file"
    return text if len(text) <= 60 else text[:57] + "…"


def numeric_columns(frame: pd.DataFrame) -> list:
    """Columns worth offering as features: at least half of their non-blank cells are numbers."""
    names = []
    for column in frame.columns:
        series = frame[column]
        if isinstance(series, pd.DataFrame):
            continue
        if pd.api.types.is_bool_dtype(series.dtype):
            continue
        if pd.api.types.is_numeric_dtype(series.dtype):
            if series.notna().any():
                names.append(column)
            continue
        text = series.astype(str).str.strip()
        present = text[~text.str.lower().isin(MISSING_TOKENS)]
        numbers = pd.to_numeric(present, errors="coerce")
        if len(present) and numbers.notna().sum() * 2 >= len(present):
            names.append(column)
    return names


def _read(content, name: str) -> CsvTable:
    content = _as_bytes(content, name)
    _check_size(content, name)
    text, encoding, notes = _decode(content, name)

    text, offset, hinted = _strip_preamble(text, name)
    if hinted:
        notes.append(f"{name}: line {offset} ('sep={hinted}') sets the separator; it was used.")
    separator = hinted or _detect_separator(text, name)

    records = _record_lines(text, separator, name, offset)
    cells = _tokenise(text, separator, records, name)
    frame, table_notes = _build_frame(cells, records, name)
    notes += table_notes

    decimal = _detect_decimal(frame, separator)
    frame = _convert_numbers(frame, decimal)

    how = f"{SEPARATORS.get(separator, repr(separator))}-separated"
    if decimal == ",":
        how += ", decimal comma"
    summary = (
        f"Read {name}: {len(frame)} data rows, {frame.shape[1]} columns "
        f"({how}, {encoding}). Line numbers are the file's own: line 1 is its first line."
    )
    return CsvTable(frame, [summary, *notes], name, separator, decimal, encoding)


def _as_bytes(content, name: str) -> bytes:
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    raise DataError(f"{name}: expected the file's contents as bytes, got {type(content).__name__}.")


def _check_size(content: bytes, name: str) -> None:
    if not content:
        raise DataError(
            f"{name} is empty (0 bytes). Choose a CSV file with a header line and data rows."
        )
    if len(content) > MAX_UPLOAD_BYTES:
        raise DataError(
            f"{name} is {len(content):,} bytes; the limit is {MAX_UPLOAD_MB} MB "
            f"({MAX_UPLOAD_BYTES:,} bytes, at most {MAX_ROWS:,} rows). A classroom example "
            "needs a few thousand rows at most: save a sample of the rows, with only the "
            "columns you need, and upload that."
        )


_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


def _decode(content: bytes, name: str) -> tuple[str, str, list[str]]:
    for signature, kind in _SIGNATURES.items():
        if content.startswith(signature):
            raise DataError(f"{name} looks like {kind}, not a CSV text file. {_CSV_ADVICE}")

    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{name} starts like UTF-16 text but byte {exc.start + 1} cannot be decoded. "
                "Save it as 'CSV UTF-8' and upload it again."
            ) from exc
        note = f"{name} is UTF-16 text (as Excel's 'Unicode Text' export writes); it was decoded."
        return _check_text(text, name, "UTF-16"), "UTF-16", [note]

    if b"\x00" in content:
        position = content.index(b"\x00") + 1
        raise DataError(
            f"{name} is not a text file: it contains binary data (a zero byte at byte "
            f"{position}). {_CSV_ADVICE}"
        )

    notes = []
    try:
        text = content.decode("utf-8-sig")
        encoding = "UTF-8"
        if content.startswith(b"\xef\xbb\xbf"):
            notes.append(
                f"{name} starts with a UTF-8 byte-order mark (BOM); it was removed, so the "
                "first column name reads as written."
            )
    except UnicodeDecodeError as exc:
        bad = content[exc.start]
        try:
            text, encoding = content.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = content.decode("latin-1"), "Latin-1 (ISO-8859-1)"
        notes.append(
            f"{name} is not UTF-8 (byte 0x{bad:02X} at byte {exc.start + 1}); it was read "
            f"as {encoding}. If accented letters look wrong, save the file as 'CSV UTF-8' and "
            "upload it again."
        )
    return _check_text(text, name, encoding), encoding, notes


def _check_text(text: str, name: str, encoding: str) -> str:
    text = text.lstrip("\ufeff").rstrip("\x1a")  # a second BOM; an old DOS end-of-file mark
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for position, char in enumerate(text):
        if char not in "\t\n" and unicodedata.category(char) == "Cc":
            line = text.count("\n", 0, position) + 1
            what = "neither UTF-8 nor Windows-1252" if encoding.startswith("Latin") else "not plain"
            raise DataError(
                f"{name} is {what} text: line {line} holds the control code "
                f"0x{ord(char):02X}, which a CSV file never contains. If it came from a "
                f"spreadsheet, save it as 'CSV UTF-8' and upload that."
            )
    if not text.strip():
        raise DataError(
            f"{name} has no data: it holds only blank lines or spaces. Choose a CSV file with "
            "a header line and data rows."
        )
    return text


def _strip_preamble(text: str, name: str) -> tuple[str, int, str]:
    """Drop leading blank lines and an Excel ``sep=;`` line; return how many lines went."""
    lines = text.split("\n")
    offset = 0
    while offset < len(lines) and not lines[offset].strip():
        offset += 1
    hinted = ""
    match = _SEP_HINT.match(lines[offset]) if offset < len(lines) else None
    if match and match.group(1) != '"':
        hinted = match.group(1)
        offset += 1
        while offset < len(lines) and not lines[offset].strip():
            offset += 1
    rest = "\n".join(lines[offset:])
    if not rest.strip():
        raise DataError(
            f"{name} has no header line and no data rows after line {offset}. Add a header "
            "line naming the columns, then the data rows."
        )
    return rest, offset, hinted


def _detect_separator(text: str, name: str) -> str:
    """The candidate that splits the first lines into the most consistent, widest rows."""
    sample = "\n".join(line for line in text.split("\n")[:200] if line.strip())
    best, best_score = None, (0.0, 0)
    for separator in SEPARATORS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=separator)]
        except csv.Error:
            continue
        widths = [width for width in widths if width]
        if not widths or widths[0] < 2:
            continue
        consistent = sum(width == widths[0] for width in widths) / len(widths)
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = separator, score
    if best is None:
        first = text.split("\n", 1)[0].strip()
        first = first if len(first) <= 40 else first[:37] + "…"
        raise DataError(
            f"{name}: line 1 ('{first}') holds a single column. Backprop Lab needs at least "
            "three columns (two numeric features and a label) separated by commas, "
            "semicolons, tabs or |. Check the separator your spreadsheet used when saving."
        )
    return best


def _record_lines(text: str, separator: str, name: str, offset: int) -> list[tuple[int, int]]:
    """``(line, width)`` of every record: its first line in the original file, its cell count."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    records, previous_end = [], 0
    try:
        for row in reader:
            records.append((previous_end + 1 + offset, len(row)))
            previous_end = reader.line_num
    except csv.Error as exc:
        line = reader.line_num + offset
        raise DataError(
            f"{name}: line {line} cannot be read as CSV ({exc}). This usually means a "
            'double quote (") is opened and never closed; remove or close it.'
        ) from exc

    spans = [(start, width) for start, width in records]
    if text.count('"') % 2 == 1 and len(records) > 1:
        last_start = spans[-1][0]
        if reader.line_num + offset > last_start:
            raise DataError(
                f'{name}: line {last_start} opens a double quote (") that is never closed, so '
                "the rest of the file would be read as one value. Remove the stray quote or "
                "close it, and upload again."
            )
    return records


def _tokenise(text: str, separator: str, records, name: str) -> pd.DataFrame:
    header_width = next(width for _, width in records if width)
    too_wide = [line for line, width in records if width > header_width]
    if too_wide:
        raise DataError(
            f"{name}: {format_lines(too_wide)} "
            f"{'has' if len(too_wide) == 1 else 'have'} more values than the {header_width} "
            f"column names on the header line. Check for an extra separator there: a decimal "
            "comma in a comma-separated file (write 1.5, not 1,5), or a value containing the "
            "separator that needs quotes."
        )
    if header_width > MAX_COLUMNS:
        raise DataError(
            f"{name} has {header_width} columns; the limit is {MAX_COLUMNS}. Keep the two "
            "feature columns and the label column you need, and upload that."
        )
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            names=list(range(header_width)),
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            quotechar='"',
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataError(
            f"{name} could not be parsed as CSV ({str(exc).strip()}). Check that every line "
            "has the same number of values and that quotes are closed."
        ) from exc


def _build_frame(cells: pd.DataFrame, records, name: str) -> tuple[pd.DataFrame, list[str]]:
    """Header from the first row, duplicate names made unique, blank rows and columns gone."""
    notes = []
    if len(cells) == len(records):
        lines = np.array([line for line, _ in records])
        widths = np.array([width for _, width in records])
    else:  # pandas and csv disagree on some quoting subtlety: fall back to one line per row
        lines = np.arange(len(cells)) + records[0][0]
        widths = np.full(len(cells), cells.shape[1])
    raw = cells.fillna("").astype(str)
    cells = raw.apply(lambda column: column.str.strip())

    header = [str(value) for value in cells.iloc[0]]
    data, data_lines, data_widths = raw.iloc[1:], lines[1:], widths[1:]
    if _looks_like_data(header):
        notes.append(
            f"{name}: line {lines[0]} holds numbers, not column names, so it was kept as a "
            "data row and the columns are called 'column 1', 'column 2', …. Add a header line "
            "to name them."
        )
        header = [f"column {k + 1}" for k in range(len(header))]
        data, data_lines, data_widths = raw, lines, widths

    blank = data.apply(lambda column: column.str.strip() == "").all(axis=1).to_numpy()
    if blank.any() and not blank.all():
        notes.append(f"{name}: skipped blank {format_lines(data_lines[blank])}.")
    short = (data_widths < len(header)) & ~blank
    if short.any():
        notes.append(
            f"{name}: {format_lines(data_lines[short])} "
            f"{'has' if short.sum() == 1 else 'have'} fewer values than the {len(header)} "
            "columns on the header line; the missing cells were left blank."
        )
    data, data_lines = data[~blank], data_lines[~blank]

    header, data, name_notes = _name_columns(header, data, name)
    notes += name_notes
    if data.empty:
        preview = ", ".join(header[:5]) + (", …" if len(header) > 5 else "")
        raise DataError(
            f"{name} has a header line ({preview}) but no data rows. Add the data below the "
            "header, one row per example, and upload again."
        )
    if len(data) > MAX_ROWS:
        raise DataError(
            f"{name} has {len(data):,} data rows; the limit is {MAX_ROWS:,}. Save a random "
            "sample of the rows (a few thousand is plenty for this network) and upload that."
        )
    data.columns = header
    data.index = pd.Index(data_lines, name="line")
    return data, notes


def _looks_like_data(header: list[str]) -> bool:
    filled = [value for value in header if value]
    return bool(filled) and pd.to_numeric(pd.Series(filled), errors="coerce").notna().all()


def _name_columns(header: list[str], data: pd.DataFrame, name: str):
    """Give blank names a placeholder, drop empty unnamed columns, make duplicates unique."""
    notes, keep = [], []
    for k, column_name in enumerate(header):
        if column_name:
            keep.append(k)
        elif (data.iloc[:, k].str.strip() != "").any():
            header[k] = f"column {k + 1}"
            keep.append(k)
            notes.append(f"{name}: column {k + 1} has no name; it is called 'column {k + 1}'.")
    dropped = len(header) - len(keep)
    if dropped:
        notes.append(
            f"{name}: ignored {dropped} column{'s' if dropped > 1 else ''} with no name and no "
            "values (often a separator at the end of every line)."
        )
    header = [header[k] for k in keep]
    data = data.iloc[:, keep]

    seen: dict[str, list[int]] = {}
    for k, column_name in enumerate(header):
        seen.setdefault(column_name, []).append(k)
    taken = set(header)
    for column_name, positions in seen.items():
        if len(positions) == 1:
            continue
        renamed = [column_name]
        for copy, k in enumerate(positions[1:], start=2):
            candidate = f"{column_name} ({copy})"
            while candidate in taken:
                candidate += "'"
            taken.add(candidate)
            header[k] = candidate
            renamed.append(candidate)
        where = _and_list([str(k + 1) for k in positions])
        shown = _and_list([f"'{value}'" for value in renamed])
        notes.append(
            f"{name}: the column name '{column_name}' appears {len(positions)} times (columns "
            f"{where}); they are called {shown} here. Rename them in the file if they hold "
            "different things."
        )
    return header, data, notes


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _detect_decimal(frame: pd.DataFrame, separator: str) -> str:
    if separator == ",":
        return "."
    cells = pd.Series(frame.to_numpy().ravel(), dtype=object).astype(str).str.strip()
    commas = cells.str.match(_COMMA_DECIMAL).sum()
    dots = cells.str.match(_DOT_DECIMAL).sum()
    return "," if commas and not dots else "."


def _convert_numbers(frame: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Columns whose every non-missing cell is a number become float; the rest stay text.

    Text columns keep their cells as written (select reports and strips surrounding spaces),
    except that numbers with a decimal comma are rewritten with a dot.
    """
    columns = {}
    for k in range(frame.shape[1]):
        raw = frame.iloc[:, k]
        text = raw.str.strip()
        missing = text.str.lower().isin(MISSING_TOKENS)
        candidate = text.str.replace(",", ".", regex=False) if decimal == "," else text
        numbers = pd.to_numeric(candidate.where(~missing, None), errors="coerce")
        if (~missing).any() and numbers[~missing].notna().all():
            columns[k] = numbers.astype(float)
        else:  # keep the text, with decimal commas already read, for select to report
            columns[k] = candidate.where(numbers.notna(), raw)
    converted = pd.DataFrame(columns, index=frame.index)
    converted.columns = frame.columns
    return converted
