"""app/web/share_head.py: the share tags, built as one value (ShareHead.html)."""

import pytest
from markupsafe import Markup

from app.services.jsonld import script_json
from app.templating import templates
from app.web.share_head import ShareHead

# The partial the layout included before the tags were built in Python: the same bytes.
PARTIAL = """\
{% if share.image %}
  <meta property="og:image" content="{{ share.image }}">
  <meta property="og:image:type" content="image/png">
  <meta property="og:image:width" content="1200">
  <meta property="og:image:height" content="630">
  <meta property="og:image:alt" content="{{ share.image_alt }}">
  <meta name="twitter:card" content="summary_large_image">
  <meta name="twitter:image" content="{{ share.image }}">
  <meta name="twitter:image:alt" content="{{ share.image_alt }}">
{% else %}
  <meta name="twitter:card" content="summary">
{% endif %}
{% if share.published %}
  <meta property="article:published_time" content="{{ share.published }}">
{% endif %}
{% if share.modified %}
  <meta property="article:modified_time" content="{{ share.modified }}">
{% endif %}
{% for feed_title, feed_url in share.feeds %}
  <link rel="alternate" type="application/atom+xml" title="{{ feed_title }}" href="{{ feed_url }}">
{% endfor %}
{% if share.jsonld_url and not share.jsonld %}
  <link rel="alternate" type="application/ld+json" href="{{ share.jsonld_url }}">
{% endif %}
{% if share.jsonld %}
  <script type="application/ld+json">{{ share.jsonld }}</script>
{% endif %}
"""

FEEDS = [
    ("Gainsay: disputes", "https://example.org/feeds/disputes.atom"),
    ('Gainsay: "Strike" <b> & more', "https://example.org/disputes/3/feed.atom?a=1&b=2"),
]
HEADS = {
    "a page without a card": ShareHead(feeds=FEEDS[:1]),
    "an actor": ShareHead(
        image="https://example.org/actors/4/card.png",
        image_alt='Gainsay preview of the actor “<i>Ministry</i> & "friends"”',
        feeds=FEEDS[:1],
    ),
    "an ungraded dispute": ShareHead(
        image="https://example.org/disputes/3/card.png",
        image_alt="Gainsay preview of the dispute “Strike”: its allegations",
        published="2026-01-02T03:04:05Z",
        modified="2026-02-03T04:05:06Z",
        feeds=FEEDS,
        jsonld_url="https://example.org/disputes/3/claimreview.json",
    ),
    "a graded dispute": ShareHead(
        image="https://example.org/disputes/3/card.png",
        published="2026-01-02T03:04:05Z",
        feeds=FEEDS,
        jsonld=script_json({"name": "</script><script>alert(1)</script> & more"}),
        jsonld_url="https://example.org/disputes/3/claimreview.json",
    ),
}


@pytest.mark.parametrize("head", HEADS.values(), ids=HEADS.keys())
def test_the_tags_are_what_the_partial_printed(head):
    html = head.html()
    assert isinstance(html, Markup)
    assert str(html) == templates.env.from_string(PARTIAL).render(share=head)


def test_words_are_escaped_once_and_the_json_ld_cannot_end_its_element():
    actor = str(HEADS["an actor"].html())
    alt = "Gainsay preview of the actor “&lt;i&gt;Ministry&lt;/i&gt; &amp; &#34;friends&#34;”"
    assert f'content="{alt}"' in actor
    dispute = str(HEADS["a graded dispute"].html())
    assert 'title="Gainsay: &#34;Strike&#34; &lt;b&gt; &amp; more"' in dispute
    assert 'href="https://example.org/disputes/3/feed.atom?a=1&amp;b=2"' in dispute
    assert dispute.count("</script>") == 1 and "<script>alert" not in dispute
    # Embedded, the JSON-LD is not linked as well.
    assert "claimreview.json" not in dispute
