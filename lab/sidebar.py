"""The controls every page shares, drawn in the sidebar by ``app.py`` on every run.

On a session's first run the widgets are seeded from the URL; on every run the settings
they describe are written back to the URL, so the address bar is always a link to the
run on screen.
"""

from __future__ import annotations

import dataclasses
import hashlib

import streamlit as st

from engine import INIT_SCHEMES, Network
from engine import data as engine_data
from lab import runs, state
from lab.format import plain
from lab.settings import (
    ALPHAS,
    DEFAULTS,
    EPOCHS,
    GENERATED,
    INIT_SCALE,
    N_SAMPLES,
    SEED,
    TEST_RATIO,
    UPLOAD,
    DataSettings,
    Settings,
    from_query,
    to_query,
    with_weights,
)

KEY = "ctl."  # prefix of every sidebar widget key
KEPT = "lab.kept."  # last values of widgets that some data sets hide
STARTED = "lab.started"
FROM_URL = "lab.from_url"  # widget keys whose value came from the URL and is not checked yet
BATCH = "lab.batch_size"  # the batch size asked for (slider or link); the slider may show less
BATCH_SHOWN = "lab.batch_shown"  # (value, max) the batch slider was drawn with on the last run
TABLE_KEYS = ("x0", "x1", "label", "c0", "c1")
UPLOAD_LABEL = (
    f"CSV file (up to {engine_data.MAX_UPLOAD_MB} MB = {engine_data.MAX_UPLOAD_BYTES:,} bytes, "
    f"{engine_data.MAX_ROWS:,} rows)"
)
DATASET_LABELS = {
    "blobs": "Blobs (two clusters)",
    "moons": "Moons",
    "circles": "Circles",
    "xor": "XOR",
    "spiral": "Spiral",
    "iris": "Iris (real)",
    "penguins": "Penguins (real)",
    UPLOAD: "Upload a CSV…",
}


def _query() -> dict[str, list[str]]:
    """Every value of every key in the URL; ``to_dict`` would keep only a repeated key's last."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _seed_from_url() -> None:
    """Once per session: widget values from the URL, with notices for bad values."""
    ss = st.session_state
    if ss.get(STARTED):
        return
    settings, notices = from_query(_query())
    ss[STARTED] = True
    ss[state.NOTICES] = notices
    ss[state.WEIGHTS] = dict(settings.weights)
    data = settings.data
    values = {
        "dataset": data.dataset,
        "n_samples": data.n_samples,
        "noise": data.noise,
        "test_ratio": data.test_ratio,
        "standardise": data.standardise,
        "data_seed": data.data_seed,
        "alpha": settings.alpha,
        "epochs": settings.epochs,
        "shuffle": settings.shuffle,
        "init": settings.init,
        "init_scale": settings.init_scale,
        "init_seed": settings.init_seed,
    }
    table = dict(zip(("x0", "x1"), data.features, strict=False))
    table |= dict(zip(("c0", "c1"), data.classes, strict=False))
    if data.label:
        table["label"] = data.label
    for name, value in (values | table).items():
        ss[KEY + name] = value
    ss[BATCH] = settings.batch_size
    ss[FROM_URL] = set(table) | ({"batch_size"} if "batch" in st.query_params else set())


def _default(name: str, value) -> str:
    """Give widget ``name`` its value when it has none (first run, or not drawn last run).

    A widget that was drawn before gets back its last value (kept under KEPT), so Samples
    and Noise survive a visit to a real data set, which hides them.
    """
    ss = st.session_state
    ss.setdefault(KEY + name, ss.get(KEPT + name, value))
    return KEY + name


def _keep(*names: str) -> None:
    """Remember these widgets' values beyond Streamlit's life of an undrawn widget."""
    for name in names:
        st.session_state[KEPT + name] = st.session_state[KEY + name]


def _choose(label: str, name: str, options: list[str], default: str, what: str, **kwargs) -> str:
    """A selectbox whose stored value is checked against ``options`` before drawing it."""
    ss = st.session_state
    key = KEY + name
    if ss.get(key) not in options:
        if key in ss and name in ss.get(FROM_URL, set()):
            ss[state.NOTICES].append(
                f"The link's {what} `{name}={ss[key]}` is not one of this data set's "
                f"choices; using {default}."
            )
        ss[key] = default
    ss.get(FROM_URL, set()).discard(name)
    return st.selectbox(label, options, key=key, **kwargs)


def _forget_table_choices() -> None:
    for name in TABLE_KEYS:
        st.session_state.pop(KEY + name, None)


def reset_weights() -> None:
    """Moving the scheme, scale or seed starts every weight slider from the scheme again."""
    st.session_state[state.WEIGHTS] = {}
    for key in [k for k in st.session_state if str(k).startswith("weight.")]:
        del st.session_state[key]


def _store_upload() -> None:
    """Keep a newly uploaded file if it reads; otherwise keep the previous one and say why.

    Removing the file from the uploader (its ✕) clears the error about it; the last good
    file stays in use until another replaces it or "Forget" drops it, and a caption says so.
    """
    ss = st.session_state
    uploaded = ss.get(KEY + "file")
    if uploaded is None:
        ss.pop(state.UPLOAD_ERROR, None)
        return
    content, name = uploaded.getvalue(), uploaded.name
    digest = hashlib.sha256(content).hexdigest()[:16]
    try:
        runs.table_choices(DataSettings(dataset=UPLOAD, upload=digest), content, name)
    except engine_data.DataError as error:
        kept = ss.get(state.UPLOAD_FILE)
        still = f" Still using {kept['name']}." if kept else ""
        ss[state.UPLOAD_ERROR] = plain(f"{name} cannot be used: {error}{still}")
        return
    ss[state.UPLOAD_FILE] = {
        "name": name,
        "content": content,
        "digest": digest,
        "file_id": uploaded.file_id,
    }
    ss.pop(state.UPLOAD_ERROR, None)
    _forget_table_choices()


def _forget_upload() -> None:
    """Drop the file kept from an earlier upload, and any error about a later one."""
    st.session_state.pop(state.UPLOAD_FILE, None)
    st.session_state.pop(state.UPLOAD_ERROR, None)
    _forget_table_choices()


def _upload_controls() -> tuple[bytes | None, str, str]:
    ss = st.session_state
    current = st.file_uploader(
        UPLOAD_LABEL,
        type=["csv", "tsv", "txt"],
        key=KEY + "file",
        on_change=_store_upload,
        help="A comma, semicolon, tab or | separated text file with a header line. It stays "
        "in this browser session.",
    )
    if current is None:  # removed, or the uploader was not drawn (another data set)
        ss.pop(state.UPLOAD_ERROR, None)
    if ss.get(state.UPLOAD_ERROR):
        st.error(ss[state.UPLOAD_ERROR])
    stored = ss.get(state.UPLOAD_FILE)
    if not stored:
        return None, "", ""
    size = f"{len(stored['content']) / 1024:,.1f} KB"
    if current is not None and current.file_id == stored.get("file_id"):
        st.caption(f"Using **{plain(stored['name'])}** ({size}).")
    else:
        st.caption(
            f"Using **{plain(stored['name'])}** ({size}, uploaded earlier); upload another "
            "file to replace it."
        )
        st.button(
            f"Forget {plain(stored['name'])}",
            key="forget_upload",
            on_click=_forget_upload,
            icon=":material/delete:",
            width="stretch",
        )
    return stored["content"], stored["name"], stored["digest"]


def _table_controls(dataset: str) -> DataSettings:
    """Feature, label and class pickers for a real or uploaded table."""
    content, filename, digest = None, "", ""
    if dataset == UPLOAD:
        content, filename, digest = _upload_controls()
        if content is None:
            return DataSettings(dataset=UPLOAD)
    label = st.session_state.get(KEY + "label", "")
    base = DataSettings(dataset=dataset, upload=digest, label=label)
    try:
        choices = runs.table_choices(base, content, filename)
    except engine_data.DataError as error:
        st.error(plain(error))
        return base
    if not choices.fixed_label:
        every = [choices.label, *choices.columns]
        label = _choose(
            "Label column", "label", sorted(every, key=every.index), choices.label, "label column"
        )
        if label != choices.label:
            choices = runs.table_choices(
                DataSettings(dataset=dataset, upload=digest, label=label), content, filename
            )
    else:
        label = choices.label
        st.caption(f"Label column: **{plain(label)}**")
    left, right = st.columns(2)
    with left:
        x0 = _choose("Feature x0", "x0", choices.columns, choices.features[0], "feature")
    with right:
        x1 = _choose("Feature x1", "x1", choices.columns, choices.features[-1], "feature")
    classes: tuple[str, ...] = ()
    if len(choices.labels) > 2:
        left, right = st.columns(2)
        with left:
            c0 = _choose("Class 0", "c0", choices.labels, choices.classes[0], "class")
        with right:
            c1 = _choose("Class 1", "c1", choices.labels, choices.classes[1], "class")
        classes = (c0, c1)
    elif len(choices.labels) == 2:
        classes = tuple(choices.labels)
        st.caption(f"Classes: **{plain(classes[0])}** → 0, **{plain(classes[1])}** → 1")
    return DataSettings(
        dataset=dataset,
        features=(x0, x1),
        label="" if choices.fixed_label else label,
        classes=classes,
        upload=digest,
    )


def _data_controls() -> DataSettings:
    defaults = DEFAULTS.data
    dataset = st.selectbox(
        "Data set",
        list(DATASET_LABELS),
        format_func=DATASET_LABELS.get,
        key=_default("dataset", defaults.dataset),
        on_change=_forget_table_choices,
    )
    if dataset in GENERATED:
        n_samples = st.slider(
            "Samples", *N_SAMPLES, step=10, key=_default("n_samples", defaults.n_samples)
        )
        noise = st.slider("Noise", 0.0, 1.0, step=0.05, key=_default("noise", defaults.noise))
        _keep("n_samples", "noise")
        table = DataSettings(dataset=dataset, n_samples=n_samples, noise=noise)
    else:
        table = _table_controls(dataset)
    test_ratio = st.slider(
        "Test share",
        *TEST_RATIO,
        step=0.05,
        key=_default("test_ratio", defaults.test_ratio),
        help="The share of rows held out to measure test loss and accuracy.",
    )
    standardise = st.toggle(
        "Standardise features",
        key=_default("standardise", defaults.standardise),
        help="Shift and scale each feature to mean 0, standard deviation 1 (training rows).",
    )
    data_seed = st.number_input(
        "Data seed",
        *SEED,
        step=1,
        key=_default("data_seed", defaults.data_seed),
        help="Seeds the generator, the train/test split and the shuffling.",
    )
    return dataclasses.replace(
        table, test_ratio=test_ratio, standardise=standardise, data_seed=int(data_seed)
    )


def _batch_max(data: DataSettings) -> int | None:
    """The number of training rows, or None when the data cannot be used (nothing to count)."""
    content = state.UPLOAD_FILE in st.session_state and st.session_state[state.UPLOAD_FILE]
    try:
        if data.dataset == UPLOAD:
            if not content:
                return None
            return runs.prepare(data, content["content"], content["name"]).n_train
        return runs.prepare(data).n_train
    except (engine_data.DataError, ValueError):
        return None


def _batch_slider(n_train: int | None) -> int:
    """The batch size slider, 1 to the number of training rows, keeping the size asked for.

    Streamlit makes a new slider, starting at its minimum, whenever ``max_value`` changes,
    so new data would reset the batch size to 1. The size asked for lives in its own key
    (``BATCH``) and is handed back to the slider whenever its maximum moves; while the data
    has fewer training rows than that, the slider shows all of them and a caption says so.
    """
    ss = st.session_state
    key = KEY + "batch_size"
    shown = ss.get(BATCH_SHOWN)
    if shown is not None and key in ss and ss[key] != shown[0]:
        ss[BATCH] = ss[key]  # moved by hand
    wanted = ss.setdefault(BATCH, DEFAULTS.batch_size)
    if "batch_size" in ss.get(FROM_URL, set()) and n_train is not None and wanted > n_train:
        ss[state.NOTICES].append(
            f"The link's batch size `batch={wanted}` is more than the {n_train} training "
            f"rows; using {n_train}, all of them."
        )
        wanted = ss[BATCH] = n_train
    ss.get(FROM_URL, set()).discard("batch_size")

    high = max(n_train, 2) if n_train is not None else _kept_max(shown, wanted)
    value = min(max(wanted, 1), high)
    if key not in ss or (value, high) != shown:
        ss[key] = value
    rows = f"all {n_train}" if n_train is not None else "all the"
    batch_size = st.slider(
        "Batch size",
        1,
        high,
        key=key,
        help=f"Rows per step, up to {rows} training rows (full-batch gradient descent).",
    )
    ss[BATCH_SHOWN] = (batch_size, high)
    if n_train is not None and wanted > n_train:
        st.caption(
            f"Batch size {wanted} is more than the {n_train} training rows: each step uses "
            f"all {n_train} for now, and {wanted} comes back when the data has enough rows."
        )
    return batch_size


def _kept_max(shown: tuple[int, int] | None, wanted: int) -> int:
    """With no usable data there are no rows to count: keep the slider's last maximum."""
    return shown[1] if shown else max(wanted, 2)


def _training_controls(n_train: int | None) -> dict:
    alpha = st.select_slider(
        "Learning rate α",
        options=ALPHAS,
        format_func=lambda a: f"{a:g}",
        key=_default("alpha", DEFAULTS.alpha),
        help="Log scale, 0.001 to 10: each update is p ← p − α·Δp.",
    )
    batch_size = _batch_slider(n_train)
    epochs = st.slider("Epochs", *EPOCHS, key=_default("epochs", DEFAULTS.epochs))
    shuffle = st.toggle(
        "Shuffle each epoch",
        key=_default("shuffle", DEFAULTS.shuffle),
        help="Visit the training rows in a new seeded order every epoch.",
    )
    return {"alpha": alpha, "batch_size": batch_size, "epochs": epochs, "shuffle": shuffle}


def _weight_controls() -> dict:
    init = st.selectbox(
        "Scheme",
        INIT_SCHEMES,
        key=_default("init", DEFAULTS.init),
        on_change=reset_weights,
        help="uniform: U(−s, s); normal: N(0, s²); glorot: U(−L, L), L = s·√(6/4), biases 0; "
        "constant: every parameter equals s.",
    )
    init_scale = st.slider(
        "Scale s",
        *INIT_SCALE,
        step=0.05,
        key=_default("init_scale", DEFAULTS.init_scale),
        on_change=reset_weights,
    )
    init_seed = st.number_input(
        "Seed",
        *SEED,
        step=1,
        key=_default("init_seed", DEFAULTS.init_seed),
        on_change=reset_weights,
    )
    moved = len(st.session_state.get(state.WEIGHTS, {}))
    if moved:
        st.caption(f"{moved} of 24 weights moved by hand on the Weights page.")
        st.button("Reset weights to the scheme", on_click=reset_weights, width="stretch")
    return {"init": init, "init_scale": float(init_scale), "init_seed": int(init_seed)}


def controls() -> Settings:
    """Draw the shared controls and return the settings they describe.

    The settings are also stored for the pages (``lab.state.settings()``) and written to
    the URL.
    """
    _seed_from_url()
    with st.sidebar:
        with st.expander("Data", expanded=True):
            data = _data_controls()
        with st.expander("Training", expanded=True):
            training = _training_controls(_batch_max(data))
        with st.expander("Initial weights", expanded=False):
            weights = _weight_controls()
        st.caption("The address bar holds these settings: share it to open the same run.")

    settings = with_weights(
        Settings(data=data, **training, **weights), st.session_state.get(state.WEIGHTS, {})
    )
    st.session_state[state.SETTINGS] = settings
    query = to_query(settings)
    if _query() != {key: [value] for key, value in query.items()}:
        st.query_params.from_dict(query)  # also drops a key repeated in the link
    return settings


def scheme_network(settings: Settings) -> Network:
    """The scheme's weights before any slider was moved."""
    return Network.init(settings.init, settings.init_scale, settings.init_seed)
