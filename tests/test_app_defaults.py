"""The default settings: a run that visibly learns, fast, and a URL that round-trips."""

from lab import runs
from lab.settings import ALPHAS, DEFAULTS, Settings, from_query, to_query, with_weights


def test_default_run_learns():
    """The default run halves the training loss and reaches at least 85 % test accuracy."""
    history = runs.run(DEFAULTS)
    epochs = history.epochs
    assert epochs["train_loss"].iloc[-1] <= epochs["train_loss"].iloc[0] / 2
    assert epochs["test_accuracy"].iloc[-1] >= 0.85
    assert history.diverged_at is None


def test_alpha_slider_is_log_spaced_from_0_001_to_10():
    """The α choices run 0.001 … 10 with four round values per decade."""
    assert ALPHAS[0] == 0.001 and ALPHAS[-1] == 10.0
    assert ALPHAS[:4] == (0.001, 0.002, 0.003, 0.005)
    assert DEFAULTS.alpha in ALPHAS


def test_settings_round_trip_through_the_url():
    """Every non-default setting, moved weights included, survives to_query → from_query."""
    settings = with_weights(
        DEFAULTS.replace(
            dataset="iris",
            features=("petal_length", "petal_width"),
            classes=("setosa", "virginica"),
            test_ratio=0.25,
            alpha=0.02,
            batch_size=3,
            epochs=7,
            shuffle=False,
            init="normal",
            init_seed=4,
        ),
        {"w68": -0.5, "b2": 1.25},
    )
    back, notices = from_query(to_query(settings))
    assert back == settings and notices == []
    assert to_query(DEFAULTS) == {}
    assert from_query({}) == (Settings(), [])


def test_bad_url_values_name_field_and_value():
    """Each unusable URL value gives a notice naming its key and value; the rest is kept."""
    settings, notices = from_query(
        {"alpha": "0.4", "epochs": "-3", "shuffle": "maybe", "x0": "only one", "data": "upload"}
    )
    assert settings.alpha == 0.5  # nearest slider value
    assert settings.epochs == DEFAULTS.epochs and settings.shuffle == DEFAULTS.shuffle
    assert settings.data.dataset == DEFAULTS.data.dataset
    text = " ".join(notices)
    for shown in ("alpha=0.4", "epochs=-3", "shuffle=maybe", "x0=only one", "uploaded file"):
        assert shown in text


def test_repeated_url_key_takes_the_last_value_with_a_notice():
    """`alpha=1&alpha=10` (a list from st.query_params.get_all) uses 10 and says so; the
    same value twice is no news."""
    settings, notices = from_query({"alpha": ["1", "10"], "epochs": ["12", "12"]})
    assert settings.alpha == 10.0 and settings.epochs == 12
    assert notices == [
        "The link sets `alpha` more than once (`alpha=1`, `alpha=10`); using the last, 10."
    ]


def test_unknown_link_keys_are_named_in_a_notice():
    """`/?foo=1&scheme=constant` (the key is init) was dropped without a word; a notice now
    names the keys that were ignored and the keys a link can use."""
    settings, notices = from_query({"foo": "1", "scheme": "constant", "alpha": "0.1"})
    assert settings == Settings(alpha=0.1)
    assert len(notices) == 1
    assert "`foo=1`, `scheme=constant` are not settings" in notices[0]
    assert "init, init_scale" in notices[0] and "w02 … b9" in notices[0]


def test_a_link_value_that_is_not_a_number_says_so_plainly():
    """`alpha=abc` quoted Python's "could not convert string to float"; it says "not a number"."""
    _, notices = from_query({"alpha": "abc", "w68": "x"})
    assert notices == [
        "The link's learning rate α `alpha=abc` is not valid (not a number); using the default 1.",
        "The link's initial weight `w68=x` is not valid (not a number); using the scheme's value.",
    ]
