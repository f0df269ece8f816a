"""app/services/articles.py: the article reader's text, built as one value."""

from types import SimpleNamespace

import pytest

from app.services.articles import ArticleView
from app.services.highlights import Span
from app.services.views import ArticleRef
from app.templating import templates

# The reader's loop as templates/pages/article.html printed the paragraphs run by run, before
# they were built in Python: the built text must give the same bytes.
RUN_BY_RUN = """\
    {% for paragraph in paragraphs %}
    <p>
      {%- for run in paragraph -%}
        {%- for opened in run.opens %}<span class="claim-anchor" id="claim-{{ opened }}"></span>{% endfor -%}
        {%- set top = run.top -%}
        {%- if top -%}
          <a class="hl hl-{{ top.kind }}{% if top.state == 'draft' %} hl-draft{% endif %}{% if run.selected %} is-selected{% endif %}"
             href="{{ top.passage_href }}" data-o="{{ run.start }}"
             hx-get="{{ top.select_href }}" hx-target="#reader" hx-swap="outerHTML" hx-push-url="true"
             data-claims="{{ run.claim_ids }}" title="{{ top.title }}">{{ run.text }}</a>
        {%- else -%}
          <span data-o="{{ run.start }}">{{ run.text }}</span>
        {%- endif -%}
      {%- endfor -%}
    </p>
    {% endfor %}
"""  # noqa: E501

BODY = (
    'The <b>ministry</b> said "38 killed" & more.\n'
    "\n"
    "Officials called it fake; a second quote crosses\n"
    "the line break. Plain words <script>x</script>."
)


class Links:
    def article(self, article_id: int, slug: str) -> str:
        return f"/articles/{article_id}-{slug}"


def view(spans: list[Span]) -> ArticleView:
    ref = ArticleRef(7, "A <title>", "a-title", None, None, None)
    return ArticleView(ref, BODY, "", "", spans)


def run_by_run(article: ArticleView, selected_id: int | None) -> str:
    reading = article.reading(Links(), selected_id)  # type: ignore[arg-type]
    items = {span.claim_id: span for span in reading.spans}
    paragraphs = [
        [
            SimpleNamespace(
                text=run.text,
                start=run.start,
                top=items[run.claims[0].claim_id] if run.claims else None,
                opens=run.opens,
                claim_ids=run.claim_ids,
                selected=any(span.claim_id == selected_id for span in run.claims),
            )
            for run in runs
        ]
        for runs in article.paragraphs
    ]
    return templates.env.from_string(RUN_BY_RUN).render(paragraphs=paragraphs)


SPANS = [
    Span(11, "allegation", 4, 41, 'Says "38 killed" <b>', "published"),
    Span(12, "denial", 18, 30, "A draft & its words", "draft"),
    Span(13, "counter_claim", BODY.index("a second"), BODY.index(" Plain"), "Crosses", "published"),
]


@pytest.mark.parametrize("selected_id", [None, 11, 12, 13, 99])
@pytest.mark.parametrize("spans", [[], SPANS, SPANS[1:2]], ids=["none", "all", "one"])
def test_the_text_is_what_the_template_printed_run_by_run(spans, selected_id):
    article = view(spans)
    assert str(article.reading(Links(), selected_id).text) == run_by_run(article, selected_id)  # type: ignore[arg-type]


def test_words_are_escaped_once_and_each_claim_opens_once():
    text = str(view(SPANS).reading(Links(), 12).text)  # type: ignore[arg-type]
    assert "&lt;b&gt;ministry&lt;/" in text and "<b>" not in text
    assert 'title="allegation: Says &#34;38 killed&#34; &lt;b&gt;"' in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "<script" not in text
    assert "&amp;amp;" not in text and "&amp;lt;" not in text
    assert 'title="denial: A draft &amp; its words"' in text
    for claim_id in (11, 12, 13):
        assert text.count(f'id="claim-{claim_id}"') == 1
    # The selected claim's runs only; the draft is marked as one.
    assert text.count("is-selected") == 1
    assert 'class="hl hl-denial hl-draft is-selected"' in text
    # A quote across the line break is highlighted in both paragraphs.
    assert text.count("<p>") == 3
    assert text.count('data-claims="13"') == 2
