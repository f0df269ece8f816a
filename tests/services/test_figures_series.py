"""The figures table's rows (app.services.figures_series.Panel.table_rows): links built from
the page's links, every word escaped."""

from datetime import date

from markupsafe import escape

from app.services.evidence import HeldClaim
from app.services.figures_series import FiguresView, Panel, Point, Series, Spread
from app.services.views import ActorRef, ArticleRef, FigureView
from app.urls import page_links

HOSTILE = '"><script>alert(1)</script>'


def test_rows_link_the_source_and_the_passage_and_escape_every_word(client):
    source = ActorRef(7, HOSTILE, "hostile-source", "organisation")
    article = ArticleRef(3, "A title", "a-title", None, None, None)

    def point(claim_id, on, event_time, qualifier):
        claim = HeldClaim(
            claim_id, "allegation", None, "s", "q", "", event_time, None, article, source
        )
        figure = FigureView(12, 15, qualifier, "killed", "")
        dated_by = "event date" if on else "unknown"
        return Point(claim, figure, source, "killed", on, dated_by, "allegation")

    points = (point(4, date(2020, 5, 1), "", "at least"), point(5, None, HOSTILE, ""))
    panel = Panel("killed", (Series(source, "killed", points),), (date(2020, 5, 1),), True, ())
    rows = panel.table_rows(page_links(client.app))
    assert HOSTILE not in rows
    first, second = rows.split("</tr>")[:2]
    assert first.startswith("<tr>\n")  # the partial indents the first row
    assert f'<a class="actor" href="/actors/7-hostile-source">{escape(HOSTILE)}</a>' in first
    assert '<a href="/articles/3-a-title?claim=4#claim-4">at least 12–15</a>' in first
    assert '<td>2020-05-01 <small class="meta">(event date)</small></td>' in first
    assert f"(the text says “{escape(HOSTILE)}”)" in second
    assert rows.endswith("</tr>")  # and ends the last


def test_the_description_and_spread_rows_say_each_spread_with_its_date_or_none(client):
    first, second = ActorRef(1, "SOHR", "sohr", "organisation"), ActorRef(2, "MoD", "mod", "state")
    article = ArticleRef(3, "A title", "a-title", None, None, None)

    def point(source, low):
        claim = HeldClaim(1, "allegation", None, "s", "q", "", "", None, article, source)
        return Point(claim, FigureView(low, None, "", "killed", ""), source, "killed", None, "", "")

    series = (
        Series(first, "killed", (point(first, 1200),)),
        Series(second, "killed", (point(second, 30),)),
    )
    day = date(2020, 5, 1)
    panel = Panel("killed", series, (), True, (Spread(day, 10, 20, 2), Spread(None, 30, 1200, 2)))
    assert panel.description == (
        "2 figures from 2 sources; 2020-05-01, the sources range from 10 to 20; with no known"
        " date, the sources range from 30 to 1,200. The same data is in the table beside the chart."
    )
    one = Panel("killed", series[:1], (), True, ())
    assert one.description.startswith("1 figure from 1 source. ")
    rows = panel.table_rows(page_links(client.app))
    assert rows.endswith(
        '<tr class="spread-row"><td colspan="4">Spread on 2020-05-01: 10–20 (2 sources)</td></tr>\n'
        '        <tr class="spread-row"><td colspan="4">Spread among the undated figures:'
        " 30–1,200 (2 sources)</td></tr>"
    )


def test_panels_are_built_in_order_with_every_word_escaped(client):
    source = ActorRef(7, HOSTILE, "hostile-source", "organisation")
    article = ArticleRef(3, "A title", "a-title", None, None, None)
    claim = HeldClaim(4, "allegation", None, "s", "q", "", "", None, article, source)

    def panel(counts):
        figure = FigureView(12, None, "", counts, "")
        point = Point(claim, figure, source, counts, None, "unknown", "allegation")
        return Panel(counts, (Series(source, counts, (point,)),), (), True, ())

    counted = "<b>people</b> & 'others'"
    view = FiguresView(None, [], [panel("killed"), panel(counted)])
    html = view.panels_html(page_links(client.app))
    assert HOSTILE not in html and counted not in html
    assert html.startswith('<h3 class="figure-panel-title">Killed</h3>')  # indented by the partial
    assert html.endswith("</figure>")  # and ended by it
    # Each panel's ids are its own; the second's name is escaped wherever it is written.
    assert 'aria-labelledby="figchart-1-title figchart-1-desc"' in html
    assert 'aria-labelledby="figchart-2-title figchart-2-desc"' in html
    name = escape(counted.capitalize())
    assert html.count(f"{name}:") == 3 and f'<h3 class="figure-panel-title">{name}</h3>' in html


def test_a_panels_points_are_its_series_in_order_and_it_compares_by_value():
    first, second = ActorRef(1, "SOHR", "sohr", "organisation"), ActorRef(2, "MoD", "mod", "state")
    article = ArticleRef(3, "A title", "a-title", None, None, None)

    def point(source, low):
        claim = HeldClaim(low, "allegation", None, "s", "q", "", "", None, article, source)
        figure = FigureView(low, None, "", "killed", "")
        return Point(claim, figure, source, "killed", None, "unknown", "allegation")

    series = (
        Series(first, "killed", (point(first, 5), point(first, 9))),
        Series(second, "killed", (point(second, 7),)),
    )
    panel = Panel("killed", series, (), True, ())
    assert [p.figure.low for p in panel.points] == [5, 9, 7] and panel.top == 9
    # Not frozen (cheaper to build), but values still, as the frozen ones were.
    again = Panel("killed", series, (), True, ())
    assert again == panel
    assert Panel("killed", series[:1], (), True, ()) != panel
    assert hash(Spread(None, 1, 2, 2)) == hash(Spread(None, 1, 2, 2))
