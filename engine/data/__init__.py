"""Data for the network: generated 2-D problems, shipped real data sets, uploaded CSVs.

The path from a file to training arrays is ``read_csv`` -> ``select`` -> ``split_scale``;
each step returns notes saying what it decided and raises ``DataError`` (a ``ValueError``)
with a message a learner can act on. Nothing here imports Streamlit.
"""

from engine.data.errors import DataError
from engine.data.generators import GENERATORS, generate
from engine.data.labels import normalise_label
from engine.data.real import REAL_DATASETS, RealDataset, load_real
from engine.data.select import Selection, label_values, select
from engine.data.split import Split, split_scale
from engine.data.upload import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    CsvTable,
    numeric_columns,
    read_csv,
)

__all__ = [
    "GENERATORS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "REAL_DATASETS",
    "CsvTable",
    "DataError",
    "RealDataset",
    "Selection",
    "Split",
    "generate",
    "label_values",
    "load_real",
    "normalise_label",
    "numeric_columns",
    "read_csv",
    "select",
    "split_scale",
]
