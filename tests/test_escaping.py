from markupsafe import Markup, escape

from app.escaping import escape_str


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


def test_escape_str_escapes_as_markupsafe_does_and_returns_a_plain_str():
    text = """<script>alert('x') & "y"</script> → ‘quoted’ é"""
    assert escape_str(text) == (
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &#34;y&#34;&lt;/script&gt; → ‘quoted’ é"
    )
    assert type(escape_str(text)) is str
    for value in (text, "", "plain", "&amp;", 38, 2.5, None):
        assert escape_str(value) == str(escape(value))


def test_escape_str_never_escapes_markup_twice():
    assert escape_str(Markup("<em>already</em> &amp;")) == "<em>already</em> &amp;"
    assert escape_str(_Html()) == "<b>safe</b>"
