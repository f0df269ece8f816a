"""The figures table's rows (app.services.figures_series.Panel.table_rows): links built from
the page's links, every word escaped."""

from datetime import date

from markupsafe import escape

from app.services.evidence import HeldClaim
from app.services.figures_series import Panel, Point, Series
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
