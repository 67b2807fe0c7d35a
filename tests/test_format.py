"""Names from an uploaded CSV reach st.markdown escaped, so they show exactly as written."""

import pytest

from lab.format import plain


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        ("$x^2$", r"\$x^2\$"),
        ("_b_", r"\_b\_"),
        ("`a`", r"\`a\`"),
        (":smile:", r"\:smile\:"),
        ("[link](http://x)", r"\[link\](http\://x)"),
        ("# title", r"\# title"),
        ("- item", r"\- item"),
        ("1. first", r"1\. first"),
        ("a\\b", r"a\\b"),
        ("two\nlines", "two lines"),
        ("petal_length_cm", r"petal\_length\_cm"),
        ("plain 1.5-2", "plain 1.5-2"),
    ],
)
def test_plain_escapes_what_markdown_would_act_on(name, escaped):
    """Each CSV header or label the tester tried (**bold**, $x^2$, _b_, `a`) gets a backslash
    before every character Markdown, LaTeX or an emoji shortcode acts on; others stay."""
    assert plain(name) == escaped
