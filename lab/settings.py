"""Every setting that defines a run, with its default, its range and its URL form.

One frozen :class:`Settings` value describes a run completely: the data, the training
knobs and the initial weights. It is what the cached functions in :mod:`lab.runs` are
keyed on, and what the URL carries so a shared link opens on the same run.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from engine import INIT_SCHEMES, PARAM_NAMES

GENERATED = ("blobs", "moons", "circles", "xor", "spiral")
REAL = ("iris", "penguins")
UPLOAD = "upload"
DATASETS = (*GENERATED, *REAL, UPLOAD)

# Four nice values per decade, 0.001 to 10: the α slider moves on a log scale.
ALPHAS: tuple[float, ...] = (
    *(round(m * 10.0**e, 6) for e in range(-3, 1) for m in (1, 2, 3, 5)),
    10.0,
)

N_SAMPLES = (20, 1000)
NOISE = (0.0, 1.0)
TEST_RATIO = (0.1, 0.5)
EPOCHS = (1, 200)
INIT_SCALE = (0.0, 3.0)
SEED = (0, 9999)
WEIGHT_LIMIT = 50.0
MAX_TEXT = 80  # longest column or class name accepted from a URL


@dataclass(frozen=True)
class DataSettings:
    """What the data step needs: which data set, how much of it, and how it is split.

    ``features``, ``label`` and ``classes`` name columns and labels of a real or uploaded
    table (empty means the data set's own choice); ``upload`` is the SHA-256 of the
    uploaded file's bytes, so two different files never share a cached run.
    """

    dataset: str = "moons"
    n_samples: int = 200
    noise: float = 0.1
    test_ratio: float = 0.3
    standardise: bool = True
    data_seed: int = 0
    features: tuple[str, ...] = ()
    label: str = ""
    classes: tuple[str, ...] = ()
    upload: str = ""


@dataclass(frozen=True)
class Settings:
    """A whole run: the data, α, the batch size, epochs, shuffling and initial weights.

    ``weights`` holds only the parameters moved away from the scheme's values, as sorted
    (name, value) pairs, so the value stays hashable and the URL stays short.
    """

    data: DataSettings = DataSettings()
    alpha: float = 1.0
    batch_size: int = 8
    epochs: int = 40
    shuffle: bool = True
    init: str = "glorot"
    init_scale: float = 1.0
    init_seed: int = 0
    weights: tuple[tuple[str, float], ...] = ()

    def replace(self, **changes) -> Settings:
        """A copy with training fields or data fields (by their own names) changed."""
        data_names = {field.name for field in dataclasses.fields(DataSettings)}
        data_changes = {k: v for k, v in changes.items() if k in data_names}
        own = {k: v for k, v in changes.items() if k not in data_names}
        if data_changes:
            own["data"] = dataclasses.replace(self.data, **data_changes)
        return dataclasses.replace(self, **own)

    @property
    def overrides(self) -> dict[str, float]:
        """The moved initial weights as a dict name -> value."""
        return dict(self.weights)


DEFAULTS = Settings()


# --- URL form ------------------------------------------------------------------------
# Each field has a short query key; a value equal to the default is left out of the URL.

_DATA_KEYS = {
    "dataset": "data",
    "n_samples": "n",
    "noise": "noise",
    "test_ratio": "test",
    "standardise": "scale_data",
    "data_seed": "data_seed",
    "label": "label",
}
_RUN_KEYS = {
    "alpha": "alpha",
    "batch_size": "batch",
    "epochs": "epochs",
    "shuffle": "shuffle",
    "init": "init",
    "init_scale": "init_scale",
    "init_seed": "seed",
}
_PAIR_KEYS = {"features": ("x0", "x1"), "classes": ("c0", "c1")}
_SETTING_KEYS = (
    *_DATA_KEYS.values(),
    *(key for pair in _PAIR_KEYS.values() for key in pair),
    *_RUN_KEYS.values(),
)
_KNOWN_KEYS = frozenset((*_SETTING_KEYS, *PARAM_NAMES))
LABELS = {
    "dataset": "data set",
    "n_samples": "samples",
    "noise": "noise",
    "test_ratio": "test share",
    "standardise": "standardise features",
    "data_seed": "data seed",
    "label": "label column",
    "alpha": "learning rate α",
    "batch_size": "batch size",
    "epochs": "epochs",
    "shuffle": "shuffle",
    "init": "initial weights scheme",
    "init_scale": "initial weights scale",
    "init_seed": "initial weights seed",
    "features": "features",
    "classes": "classes",
}


def _format(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def to_query(settings: Settings) -> dict[str, str]:
    """The URL query parameters of a run: only what differs from the defaults."""
    query: dict[str, str] = {}
    for name, key in _DATA_KEYS.items():
        value = getattr(settings.data, name)
        if value != getattr(DEFAULTS.data, name):
            query[key] = _format(value)
    for name, keys in _PAIR_KEYS.items():
        for key, value in zip(keys, getattr(settings.data, name), strict=False):
            query[key] = value
    for name, key in _RUN_KEYS.items():
        value = getattr(settings, name)
        if value != getattr(DEFAULTS, name):
            query[key] = _format(value)
    for name, value in settings.weights:
        query[name] = _format(value)
    return query


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected 1 or 0")


def _parse_number(text: str, kind: type, bounds: tuple[float, float]):
    try:
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    if kind is int:
        if value != int(value):
            raise ValueError("expected a whole number")
        value = int(value)
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(f"expected a value from {_format(low)} to {_format(high)}")
    return value


def _parse_choice(text: str, choices: tuple[str, ...]) -> str:
    if text not in choices:
        raise ValueError(f"expected one of {', '.join(choices)}")
    return text


def _parse_text(text: str) -> str:
    if not text.strip() or len(text) > MAX_TEXT:
        raise ValueError(f"expected a name of 1 to {MAX_TEXT} characters")
    return text


def _parse_alpha(text: str) -> float:
    value = _parse_number(text, float, (ALPHAS[0], ALPHAS[-1]))
    return min(ALPHAS, key=lambda a: abs(math.log(a / value)))


_PARSERS = {
    "dataset": lambda t: _parse_choice(t, DATASETS),
    "n_samples": lambda t: _parse_number(t, int, N_SAMPLES),
    "noise": lambda t: _parse_number(t, float, NOISE),
    "test_ratio": lambda t: _parse_number(t, float, TEST_RATIO),
    "standardise": _parse_bool,
    "data_seed": lambda t: _parse_number(t, int, SEED),
    "label": _parse_text,
    "alpha": _parse_alpha,
    "batch_size": lambda t: _parse_number(t, int, (1, 10**6)),
    "epochs": lambda t: _parse_number(t, int, EPOCHS),
    "shuffle": _parse_bool,
    "init": lambda t: _parse_choice(t, INIT_SCHEMES),
    "init_scale": lambda t: _parse_number(t, float, INIT_SCALE),
    "init_seed": lambda t: _parse_number(t, int, SEED),
}


def _last(value) -> str:
    """The last value of a key repeated in the URL, as st.query_params reads it."""
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _disagree(value) -> bool:
    """True for a key repeated in the URL with different values (``alpha=1&alpha=10``)."""
    return isinstance(value, list | tuple) and len({str(v) for v in value}) > 1


def _repeat_notice(key: str, values) -> str:
    shown = ", ".join(f"`{key}={value}`" for value in values)
    return f"The link sets `{key}` more than once ({shown}); using the last, {values[-1]}."


def from_query(query: Mapping[str, object]) -> tuple[Settings, list[str]]:
    """Settings from URL query parameters, and a notice for every value that was not used.

    Missing keys take their defaults silently; a value that does not parse or lies out of
    range takes the default and gets a notice naming the field, the value and the rule.
    """
    params = {key: _last(value) for key, value in query.items()}
    notices = [_repeat_notice(key, value) for key, value in query.items() if _disagree(value)]
    unknown = [key for key in params if key not in _KNOWN_KEYS]
    if unknown:
        shown = ", ".join(f"`{key}={str(params[key])[:MAX_TEXT]}`" for key in unknown[:5])
        notices.append(
            f"The link's {shown} {'is not a setting' if len(unknown) == 1 else 'are not settings'}"
            f" of Backprop Lab and {'was' if len(unknown) == 1 else 'were'} ignored. Links use "
            f"{', '.join(_SETTING_KEYS)}, and the weight names w02 … b9."
        )
    data_values: dict[str, object] = {}
    run_values: dict[str, object] = {}

    def parse(name: str, key: str, target: dict[str, object], default) -> None:
        if key not in params:
            return
        text = params[key]
        try:
            value = _PARSERS[name](text)
        except ValueError as error:
            notices.append(
                f"The link's {LABELS[name]} `{key}={text}` is not valid ({error}); "
                f"using the default {_format(default)}."
            )
            return
        if name == "alpha" and not math.isclose(value, float(text)):
            notices.append(
                f"The link's {LABELS[name]} `{key}={text}` is not on the slider; "
                f"using the nearest value {_format(value)}."
            )
        target[name] = value

    for name, key in _DATA_KEYS.items():
        parse(name, key, data_values, getattr(DEFAULTS.data, name))
    for name, key in _RUN_KEYS.items():
        parse(name, key, run_values, getattr(DEFAULTS, name))

    for name, keys in _PAIR_KEYS.items():
        given = [params[key] for key in keys if key in params]
        if not given:
            continue
        if len(given) != 2 or not all(t.strip() and len(t) <= MAX_TEXT for t in given):
            shown = ", ".join(f"{k}={params.get(k, '')}" for k in keys)
            notices.append(
                f"The link's {LABELS[name]} `{shown}` need two names; "
                "using the data set's own choice."
            )
            continue
        data_values[name] = tuple(given)

    if data_values.get("dataset") == UPLOAD:
        data_values["dataset"] = DEFAULTS.data.dataset
        notices.append(
            "The link asks for an uploaded file, which a link cannot carry; using the default "
            f"data set {DEFAULTS.data.dataset}. Choose “Upload a CSV” in the sidebar to add one."
        )

    weights: dict[str, float] = {}
    for name in PARAM_NAMES:
        if name not in params:
            continue
        try:
            weights[name] = _parse_number(params[name], float, (-WEIGHT_LIMIT, WEIGHT_LIMIT))
        except ValueError as error:
            notices.append(
                f"The link's initial weight `{name}={params[name]}` is not valid ({error}); "
                "using the scheme's value."
            )
    if weights:
        run_values["weights"] = tuple(sorted(weights.items(), key=_param_order))

    settings = Settings(data=DataSettings(**data_values), **run_values)
    return settings, notices


def _param_order(item: tuple[str, float]) -> int:
    return PARAM_NAMES.index(item[0])


def with_weights(settings: Settings, overrides: Mapping[str, float]) -> Settings:
    """Settings with the moved initial weights replaced, in PARAM_NAMES order."""
    pairs = tuple(sorted(((k, float(v)) for k, v in overrides.items()), key=_param_order))
    return dataclasses.replace(settings, weights=pairs)
