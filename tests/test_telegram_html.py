import pytest

from knowledge.telegram_html import html_problems


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "<b>bold</b> and <i>it</i>",
        '<a href="https://example.org/?a=1&amp;b=2">link</a>',
        "1 &lt; 2 &amp;&amp; 3 &gt; 2 &#169;",
        "<b><i>nested</i></b>",
    ],
)
def test_valid(text: str) -> None:
    assert html_problems(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>open", "unclosed tag <b>"),
        ("close</b>", "closing </b> without matching opening tag"),
        ("<b><i>x</b></i>", "closing </b> without matching opening tag"),
        ("<br>", "unsupported tag <br>"),
        ("a & b", "unescaped '&' (write &lt; &gt; &amp;)"),
        ("1 < 2", "unescaped '<' (write &lt; &gt; &amp;)"),
        ("&nbsp;", "unknown entity &nbsp;"),
    ],
)
def test_invalid(text: str, expected: str) -> None:
    assert expected in html_problems(text)
