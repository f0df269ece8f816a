from markupsafe import Markup, escape

from app.escaping import escape_str, markup


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


def test_markup_wraps_a_run_as_markup_would_and_escapes_nothing_again():
    run = f'<a href="{escape_str("/a?b=1&c=2")}">{escape_str("<i>Tom</i> & Jerry")}</a>'
    wrapped = markup(run)
    assert type(wrapped) is Markup
    assert wrapped == Markup(run) == run
    # Printed (autoescape) or joined to more markup, it is taken as it is, never escaped twice.
    assert escape(wrapped) == run
    assert str(wrapped + "<b>") == run + "&lt;b&gt;"
    assert markup("") == Markup("") == ""
