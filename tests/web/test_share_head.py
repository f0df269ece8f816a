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


# The layout's <head> before page_head built it: the same bytes from the same blocks.
FORMER_HEAD = """\
{%- set page_title = self.title() -%}
{%- set page_description = cut_description(self.description()) -%}
{%- set page_url = canonical(self.canonical_path()) -%}
{%- set json_path = self.json_path() -%}
{%- set site = site_name() -%}
<head>
  <title>{{ page_title }} · {{ site }}</title>
  <meta name="description" content="{{ page_description }}">
  <link rel="canonical" href="{{ page_url }}">
  {% if json_path %}
  <link rel="alternate" type="application/json" href="{{ json_path }}">
  {% endif %}
  <meta property="og:site_name" content="{{ site }}">
  <meta property="og:type" content="{% block og_type %}website{% endblock %}">
  <meta property="og:title" content="{{ page_title }}">
  <meta property="og:description" content="{{ page_description }}">
  <meta property="og:url" content="{{ page_url }}">
{{ share_head(page_title).html() }}{# #}
  <meta name="twitter:title" content="{{ page_title }}">
  <meta name="twitter:description" content="{{ page_description }}">
  <meta name="htmx-config" content='HTMX'>
  <link rel="stylesheet" href="{{ static_url('app.css') }}">
  <link rel="icon" href="{{ static_url('favicon.svg') }}" type="image/svg+xml">
  <script src="{{ static_url('vendor/htmx/htmx.min.js') }}" defer></script>
  <script src="{{ static_url('reader.js') }}" defer></script></head>
"""
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' &amp; " + "long words " * 30
BLOCKS = {
    "a dispute-like page": (
        '{% set og_type = "article" %}',
        "{% block og_type %}article{% endblock %}",
        "{% block title %}{{ t }}{% endblock %}"
        "{% block description %}{{ t }}. {{ t | truncate(220) }}{% endblock %}"
        "{% block canonical_path %}{{ path }}{% endblock %}"
        "{% block json_path %}/api/disputes/3{% endblock %}",
    ),
    "a page without a JSON twin": (
        "",
        "",
        "{% block title %}{{ t }}{% endblock %}{% block description %}{{ t }}{% endblock %}"
        "{% block canonical_path %}/{% endblock %}{% block json_path %}{% endblock %}",
    ),
}


@pytest.mark.parametrize("blocks", BLOCKS.values(), ids=BLOCKS.keys())
def test_the_layout_head_is_what_the_layout_printed(client, blocks):
    from jinja2 import ChoiceLoader, DictLoader
    from starlette.requests import Request

    from app.web.share_head import _HTMX_CONFIG

    new_set, former_block, page = blocks
    env = templates.env.overlay(
        loader=ChoiceLoader(
            [
                DictLoader(
                    {
                        "former.html": FORMER_HEAD.replace("HTMX", _HTMX_CONFIG),
                        "page_former.html": '{% extends "former.html" %}' + former_block + page,
                        "page_new.html": '{% extends "base.html" %}' + new_set + page,
                    }
                ),
                templates.env.loader,
            ]
        )
    )
    scope = {
        "type": "http",
        "app": client.app,
        "scheme": "https",
        "server": ("example.org", 443),
        "path": "/x",
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    context = {"request": Request(scope), "t": HOSTILE, "path": "/disputes/3-a-b?x=1&y=<2>"}
    former = env.get_template("page_former.html").render(context)
    new = env.get_template("page_new.html").render(context)
    head = new[new.index("<head>") : new.index("</head>") + len("</head>")]
    head = head.replace(
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n',
        "",
    )
    assert head == former.strip()
    # Every word escaped once: none raw, none twice.
    assert "<script>" not in head and "&amp;amp;amp;" not in head
    assert (
        head.count("&lt;script&gt;alert(&#34;x&#34;)") == 6
    )  # the title 3 times, the description 3
    assert head.count("&amp;amp;") == 6  # the text's own "&amp;", escaped once
    if blocks is BLOCKS["a dispute-like page"]:
        assert head.count('"https://example.org/disputes/3-a-b?x=1&amp;y=&lt;2&gt;"') == 2
