"""The real data sets shipped with the app: Fisher's irises and the Palmer penguins.

The CSV files live in ``engine/data/datasets/`` with a README giving source and licence.
They are read with ``read_csv``, the same path an upload takes, so their frames look alike:
the index is the line number in the file, and ``NA`` cells are NaN.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from engine.data.upload import read_csv

DATASETS_DIR = Path(__file__).parent / "datasets"


@dataclass(frozen=True)
class RealDataset:
    """What the app needs to offer a bundled data set; ``classes`` lists every label."""

    title: str
    label_column: str
    feature_columns: tuple[str, ...]
    classes: tuple[str, ...]
    source: str
    licence: str
    filename: str
    default_features: tuple[str, str]
    default_classes: tuple[str, str]
    description: str


REAL_DATASETS = {
    "iris": RealDataset(
        title="Iris flowers",
        label_column="species",
        feature_columns=("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"),
        classes=("setosa", "versicolor", "virginica"),
        source="R. A. Fisher (1936), Annals of Eugenics 7(2); UCI Machine Learning Repository",
        licence="CC BY 4.0 (UCI); the 1936 measurements are widely treated as public domain",
        filename="iris.csv",
        default_features=("petal_length_cm", "petal_width_cm"),
        default_classes=("versicolor", "virginica"),
        description="150 irises, 50 per species, measured in centimetres.",
    ),
    "penguins": RealDataset(
        title="Palmer penguins",
        label_column="species",
        feature_columns=("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"),
        classes=("Adelie", "Chinstrap", "Gentoo"),
        source=(
            "Gorman, Williams & Fraser (2014), PLoS ONE 9(3): e90081; Palmer Station LTER; "
            "palmerpenguins"
        ),
        licence="CC0 1.0",
        filename="penguins.csv",
        default_features=("bill_length_mm", "bill_depth_mm"),
        default_classes=("Adelie", "Chinstrap"),
        description="344 penguins of three species from the Palmer Archipelago, 2007–2009.",
    ),
}


def load_real(name: str) -> pd.DataFrame:
    """The shipped table ``name`` ("iris" or "penguins"), read from disk."""
    if name not in REAL_DATASETS:
        choices = ", ".join(repr(key) for key in REAL_DATASETS)
        raise ValueError(f"name must be one of {choices}, got {name!r}")
    dataset = REAL_DATASETS[name]
    content = (DATASETS_DIR / dataset.filename).read_bytes()
    return read_csv(content, dataset.filename).frame
