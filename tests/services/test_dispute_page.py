"""app/services/dispute_page.py: the runs the dispute page prints as one value each (its head,
its origins' totals, its filter by kind of answer) against what pages/dispute.html printed
value by value before, through the same Jinja environment (autoescape, trim and lstrip)."""

from itertools import product

import pytest

from app.services.dispute_page import _denial_filter_html, _masthead, _origin_totals
from app.services.disputes import DisputeRef
from app.services.origins import OriginsView, SideOrigins
from app.services.views import ActorRef
from app.templating import templates
from app.vocabulary import DENIAL_TYPE_RULES, GRADE_RULES, label

HOSTILE = "\"><script>alert(1)</script> & 'quotes'"

# The template's lines as they were, then the line after them (the permalink box).
FORMER_HEAD = """\
    <p class="eyebrow">Dispute <span class="status status-{{ d.status }}">{{ d.status | label }}</span></p>
    <h1 id="dispute-title">{{ d.title }}</h1>
    {% if d.summary %}<p class="lede">{{ d.summary }}</p>{% endif %}
    <p class="tally">
      <span class="tally-allegations">{{ view.allegation_count }} allegation{{ 's' if view.allegation_count != 1 }}</span>
      <span class="tally-answers">{{ view.answer_count }} answer{{ 's' if view.answer_count != 1 }}</span>
      {% if view.statement_count %}<span class="tally-statements">{{ view.statement_count }} statement{{ 's' if view.statement_count != 1 }}</span>{% endif %}
      <span>{{ view.articles | length }} article{{ 's' if view.articles | length != 1 }}</span>
      <span>{{ view.actors | length }} actor{{ 's' if view.actors | length != 1 }}</span>
    </p>
    {% if d.grade %}
    <div class="grade grade-{{ d.grade }}">
      <p><span class="grade-label">Graded <strong>{{ d.grade }}</strong></span> <span class="grade-rule">{{ grade_rules[d.grade] }}</span></p>
      {% if d.grade_note %}<p class="grade-note">{{ d.grade_note }}</p>{% endif %}
    </div>
    {% endif %}
    {{ after }}"""  # noqa: E501
HEAD_NOW = "    {{ masthead }}\n    {{ after }}"

FORMER_TOTALS = """<p class="origin-totals">{% for side, name in [(o.allegations, 'Allegations'), (o.answers, 'Answers')] %}<span class="origin-total"><strong>{{ name }}:</strong> {% if side.claims %}{{ side.origin_count }} independent origin{{ 's' if side.origin_count != 1 }}, {{ side.outlet_count }} outlet{{ 's' if side.outlet_count != 1 }}{% else %}none recorded{% endif %}</span>{% endfor %}</p>"""  # noqa: E501

FORMER_FILTER = """\
    {% if view.denial_types %}
    <p class="denial-filter">Answers by kind:
      <a href="{{ view.href }}#exchange-title"{% if not view.denial_filter %} aria-current="true"{% endif %}>all</a>
      {% for value, name, count in view.denial_types %}· <a href="{{ view.href }}?denial_type={{ value }}#exchange-title" title="{{ denial_rules[value] }}"{% if view.denial_filter == value %} aria-current="true"{% endif %}>{{ name }} ({{ count }})</a> {% endfor %}
    </p>
    {% endif %}
    {{ after }}"""  # noqa: E501
FILTER_NOW = """\
    {% if denial_types %}
    {{ denial_filter_html }}
    {% endif %}
    {{ after }}"""


def render(source: str, **context) -> str:
    return templates.env.from_string(source).render(after="NEXT", **context)


class _View:
    def __init__(self, counts: tuple[int, int, int], articles: int, actors: int) -> None:
        self.allegation_count, self.answer_count, self.statement_count = counts
        self.articles, self.actors = [None] * articles, [None] * actors


@pytest.mark.parametrize(
    ("summary", "grade", "grade_note"),
    [("", None, ""), (HOSTILE, None, ""), ("Plain.", "contested", ""), (HOSTILE, "weak", HOSTILE)],
)
@pytest.mark.parametrize("counts", [(0, 0, 0), (1, 1, 1), (2, 3, 0), (1, 0, 2)])
def test_the_head_reads_as_the_template_printed_it(summary, grade, grade_note, counts):
    dispute = DisputeRef(1, HOSTILE, "s", "open", summary, grade, grade_note)
    for articles, actors in product((0, 1, 2), (1, 3)):
        view = _View(counts, articles, actors)
        built = _masthead(dispute, *counts, articles, actors)
        former = render(FORMER_HEAD, d=dispute, view=view, grade_rules=GRADE_RULES)
        assert render(HEAD_NOW, masthead=built) == former
    # The title, and the summary and grade note where they hold it: each escaped once.
    hostile = 1 + (summary == HOSTILE) + (grade_note == HOSTILE)
    assert HOSTILE not in built and built.count("&lt;script&gt;") == hostile
    assert "&amp;amp;" not in built


def _side(claims: int, origins: int, outlets: int) -> SideOrigins:
    return SideOrigins(
        claims, tuple(ActorRef(i, "a", "a", "person") for i in range(origins)), ("o",) * outlets
    )


@pytest.mark.parametrize(
    "sides",
    [
        ((0, 0, 0), (0, 0, 0)),
        ((1, 1, 1), (0, 0, 0)),
        ((3, 2, 4), (1, 1, 2)),
        ((2, 0, 1), (5, 3, 0)),
    ],
)
def test_the_origins_totals_read_as_the_template_printed_them(sides):
    origins = OriginsView(None, [], _side(*sides[0]), _side(*sides[1]))  # type: ignore[arg-type]
    former = render(FORMER_TOTALS, o=origins)
    assert f'<p class="origin-totals">{_origin_totals(origins)}</p>' == former


@pytest.mark.parametrize("current", [None, "", "partial", "dismissal", "categorical"])
@pytest.mark.parametrize("href", ["/disputes/7-a-b", '/disputes/7-"<x>&'])
def test_the_denial_filter_reads_as_the_template_printed_it(current, href):
    for kinds in (
        [],
        [("partial", label("partial"), 1)],
        [
            ("categorical", label("categorical"), 3),
            ("partial", label("partial"), 2),
            ("dismissal", HOSTILE, 1),
        ],
    ):
        view = _View((0, 0, 0), 0, 0)
        view.href, view.denial_types, view.denial_filter = href, kinds, current  # type: ignore[attr-defined]
        former = render(FORMER_FILTER, view=view, denial_rules=DENIAL_TYPE_RULES)
        built = _denial_filter_html(href, kinds, current)
        assert render(FILTER_NOW, denial_types=kinds, denial_filter_html=built) == former
        assert HOSTILE not in built and "<x>" not in built
