"""The sidebar's controls through streamlit.testing: values that must survive new data."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    return at.run()


def batch(at: AppTest) -> int:
    return at.slider(key="ctl.batch_size").value


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_batch_size_stays_when_the_test_share_moves():
    """`/?batch=32`, Test share 0.30 → 0.35 reset the batch size to 1 (a new slider, because
    its maximum moved): it stays 32, and so does the URL."""
    at = start({"batch": "32"})
    assert batch(at) == 32
    at.slider(key="ctl.test_ratio").set_value(0.35).run()
    assert not at.exception
    assert batch(at) == 32
    assert at.slider(key="ctl.batch_size").max == 130
    assert at.query_params["batch"] in ("32", ["32"])


def test_batch_size_stays_on_new_samples_and_data_sets():
    """Moving Samples or switching to Iris keeps a batch size that still fits."""
    at = start()
    at.slider(key="ctl.batch_size").set_value(20).run()
    at.slider(key="ctl.n_samples").set_value(400).run()
    assert batch(at) == 20
    at.selectbox(key="ctl.dataset").set_value("iris").run()
    assert not at.exception and batch(at) == 20


def test_batch_size_too_large_for_new_data_is_clamped_with_a_note():
    """Batch 100, then 20 samples (14 training rows): the slider shows 14 and a caption says
    why; back to 200 samples, the 100 asked for returns."""
    at = start()
    at.slider(key="ctl.batch_size").set_value(100).run()
    at.slider(key="ctl.n_samples").set_value(20).run()
    assert batch(at) == 14
    assert "Batch size 100 is more than the 14 training rows" in captions(at)
    assert at.session_state["lab.settings"].batch_size == 14
    at.slider(key="ctl.n_samples").set_value(200).run()
    assert batch(at) == 100
    assert "Batch size 100" not in captions(at)


def test_moving_the_batch_size_by_hand_is_kept_over_the_asked_size():
    """While clamped, a batch size moved by hand becomes the size asked for."""
    at = start()
    at.slider(key="ctl.batch_size").set_value(100).run()
    at.slider(key="ctl.n_samples").set_value(20).run()
    at.slider(key="ctl.batch_size").set_value(5).run()
    at.slider(key="ctl.n_samples").set_value(200).run()
    assert batch(at) == 5


def test_no_batch_notice_when_the_link_data_cannot_be_used():
    """`/?data=iris&x0=nope&x1=petal_width_cm&c0=setosa&c1=setosa` gave a notice about a
    `batch=8` the link never had; only the data's own trouble is reported now."""
    at = start(
        {"data": "iris", "x0": "nope", "x1": "petal_width_cm", "c0": "setosa", "c1": "setosa"}
    )
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "x0=nope" in text
    assert "batch" not in text


def test_link_batch_larger_than_the_data_uses_every_row():
    """`/?n=20&batch=50`: the notice names the link's value and the 14 rows used instead."""
    at = start({"n": "20", "batch": "50"})
    text = " ".join(w.value for w in at.warning)
    assert "`batch=50` is more than the 14 training rows; using 14" in text
    assert batch(at) == 14


def test_a_repeated_link_key_is_normalised_with_a_notice():
    """`/?alpha=1&alpha=10` stayed in the address bar as it was: the URL now holds one alpha,
    the last, and a notice names both values."""
    at = start({"alpha": ["1", "10"]})
    assert not at.exception
    assert at.select_slider(key="ctl.alpha").value == 10.0
    assert at.query_params["alpha"] in ("10", ["10"])
    text = " ".join(w.value for w in at.warning)
    assert "`alpha=1`, `alpha=10`" in text and "using the last, 10" in text


def test_a_repeated_link_key_with_one_value_is_only_normalised():
    """`/?epochs=12&epochs=12` needs no notice, only a URL with one epochs."""
    at = start({"epochs": ["12", "12"]})
    assert not at.warning
    assert at.query_params["epochs"] in ("12", ["12"])


@pytest.mark.parametrize(
    ("dataset", "features", "classes"),
    [
        ("iris", ("petal_length_cm", "petal_width_cm"), ("versicolor", "virginica")),
        ("penguins", ("bill_length_mm", "bill_depth_mm"), ("Adelie", "Chinstrap")),
    ],
)
def test_real_data_sets_open_on_their_declared_defaults(dataset, features, classes):
    """Choosing Iris gave sepal_length/sepal_width and setosa/versicolor (the first two of
    each) instead of the defaults engine/data/real.py declares."""
    at = start()
    at.selectbox(key="ctl.dataset").set_value(dataset).run()
    assert not at.exception and not at.error
    picked = tuple(at.selectbox(key=f"ctl.{k}").value for k in ("x0", "x1", "c0", "c1"))
    assert picked == (*features, *classes)
    data = at.session_state["lab.settings"].data
    assert data.features == features and data.classes == classes


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.selectbox(key="ctl.dataset").set_value("upload").run()
    return at.file_uploader(key="ctl.file").upload(name, content, "text/csv").run()


def test_upload_of_one_row_per_class_gets_a_data_message():
    """Uploading two rows, one of class a and one of class b, showed "Training could not
    start: X_test must have at least one row, got shape (0, 2)"."""
    at = upload(start(), "two_rows.csv", b"x1,x2,label\n1,2,a\n3,4,b\n")
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # names are escaped
    assert "Training could not start" not in errors and "X_test" not in errors
    assert "The data cannot be used: two_rows.csv: class 'a' and class 'b' have 1 row" in errors
    assert "at least 2 rows" in errors


MARKDOWN_CSV = (
    "**bold**,$x^2$,label\n"
    + "\n".join(f"{k},{k % 4},{'_b_' if k % 2 else '`a`'}" for k in range(20))
).encode()


def test_csv_names_are_shown_as_written():
    """Headers `**bold**`, `$x^2$` and labels `_b_`, `` `a` `` showed as bold, x², italics and
    code on the Data page and in the sidebar: every name is escaped before Markdown sees it."""
    at = upload(start(), "marks.csv", MARKDOWN_CSV)
    assert not at.exception and not at.error
    captions = " ".join(c.value for c in at.caption)
    assert r"Classes: **\_b\_** → 0, **\`a\`** → 1" in captions
    at.switch_page("pages/data.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert r"x0 = \*\*bold\*\*, x1 = \$x^2\$" in text
    assert r"\_b\_ → class 0" in text and r"\`a\` → class 1" in text
    assert "**bold**" not in text.replace(r"\*", "")


def test_upload_limit_is_in_the_uploader_label():
    """A 5,033,190-byte file was refused with only a red icon: the label itself now says
    5 MB = 5,000,000 bytes and 20,000 rows before anything is uploaded."""
    at = start()
    at.selectbox(key="ctl.dataset").set_value("upload").run()
    label = at.get("file_uploader")[0].proto.label
    assert label == "CSV file (up to 5 MB = 5,000,000 bytes, 20,000 rows)"


THREE_CLASSES = (Path(__file__).parent / "csv_corpus" / "three_classes.csv").read_bytes()


def test_removing_a_rejected_file_clears_its_error_and_says_what_is_used():
    """Upload three_classes.csv, then empty.csv (error "… Still using three_classes.csv."),
    then the uploader's ✕: the red error stayed, even after another data set and back, while
    the app silently kept training on three_classes.csv."""
    at = upload(start(), "three_classes.csv", THREE_CLASSES)
    assert not at.error
    at.file_uploader(key="ctl.file").set_value(("empty.csv", b"", "text/csv")).run()
    assert "Still using three_classes.csv" in at.error[0].value.replace("\\", "")

    at.file_uploader(key="ctl.file").clear().run()
    assert not at.exception and not at.error
    kept = captions(at).replace("\\", "")
    assert "Using **three_classes.csv** (0.1 KB, uploaded earlier); upload another file" in kept
    assert at.metric  # still training on the kept file, and saying so

    at.selectbox(key="ctl.dataset").set_value("iris").run()
    at.selectbox(key="ctl.dataset").set_value("upload").run()
    assert not at.error and "uploaded earlier" in captions(at)

    forget = next(b for b in at.button if b.label.startswith("Forget"))
    forget.click().run()
    assert not at.exception and "three_classes" not in captions(at)
    assert any("Upload a CSV" in box.value for box in at.info)


def test_samples_and_noise_survive_a_visit_to_a_real_data_set():
    """Moons with 20 samples → Iris → Moons gave back 200 samples (the slider is not drawn for
    real data, so Streamlit dropped it); Samples and Noise now keep their values."""
    at = start()
    at.slider(key="ctl.n_samples").set_value(20).run()
    at.slider(key="ctl.noise").set_value(0.3).run()
    at.selectbox(key="ctl.dataset").set_value("iris").run()
    at.selectbox(key="ctl.dataset").set_value("moons").run()
    assert not at.exception
    assert at.slider(key="ctl.n_samples").value == 20
    assert at.slider(key="ctl.noise").value == 0.3
