"""Figures over time (app/services/figures_series.py, app/charts.py): each source's figures by
date, the accessible SVG chart with its table, and the same data as JSON."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session
from starlette.testclient import TestClient

from app.main import create_app
from app.models import Article, Claim
from tests.htmldoc import parse

ALEPPO = "aleppo-offensive-toll-feb-2016"
IDLIB_2019 = "idlib-offensive-civilian-harm-2019"
MAARAT = "maarat-al-numan-strike-jul-2019"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # one test dates claims and articles


def server_after_the_write() -> TestClient:
    """A server started after a test's write straight to the database, as another process's:
    one already running, holding the pages an earlier test rendered, drops them when the
    commit's notification arrives (within 1 s on PostgreSQL, docs/reliability.md), not before
    its next response."""
    return TestClient(create_app())


def figures(client, seed_ids, slug):
    response = client.get(f"/disputes/{seed_ids.disputes[slug]}/figures.json")
    assert response.status_code == 200
    return response.json()


def test_seed_figures_are_undated_never_guessed(client, seed_ids):
    body = figures(client, seed_ids, ALEPPO)
    rows = {(r["source"], r["counts"], r["low"], r["qualifier"]) for r in body["figures"]}
    assert ("Syrian Observatory for Human Rights", "killed", 500, "at least") in rows
    assert ("Syrian Observatory for Human Rights", "civilians", 89, "") in rows
    assert ("Turkish government", "civilians", 16, "") in rows
    # No seed article states its date, nor any claim a full event date.
    assert {(r["date"], r["dated_by"]) for r in body["figures"]} == {(None, "unknown")}
    # SOHR's 89 civilians beside Turkey's 16: the spread among the undated figures.
    assert {"counts": "civilians", "date": None, "low": 16, "high": 89, "sources": 2} in body[
        "spreads"
    ]
    turkey = next(r for r in body["figures"] if r["source"] == "Turkish government")
    assert turkey["event_time"] == "Friday, hours after the cessation-of-hostilities announcement"


def test_chart_is_accessible_svg_beside_its_table(client, seed_ids):
    page = client.get(f"/disputes/{seed_ids.disputes[ALEPPO]}/evidence", follow_redirects=True)
    doc = parse(page.text)
    section = doc.find("section", cls="evidence-figures")
    charts = section.find_all("svg", cls="chart")
    panels = [h.text for h in section.find_all("h3")]
    assert panels == ["Killed", "Civilians", "Children", "Fighters"]
    assert len(charts) == 4
    civilians = charts[1]
    assert civilians.get("role") == "img"
    labelled = civilians.get("aria-labelledby").split()
    title, desc = civilians.find("title"), civilians.find("desc")
    assert labelled == [title.get("id"), desc.get("id")]
    assert title.text == "Civilians: figures by source and date"
    assert "the sources range from 16 to 89" in desc.text
    assert "spread 16–89" in civilians.text
    assert "date unknown" in civilians.text
    assert not section.find_all("script")
    # The table holds the same figures, with what the text says of the time.
    table = section.find_all("table")[1]
    cells = [" ".join(td.text.split()) for td in table.find_all("td")]
    assert "16" in cells
    assert any("the text says “Friday, hours after" in cell for cell in cells)
    assert any("16–89 (2 sources)" in cell for cell in cells)
    assert civilians.find_all("circle")  # allegations are circles


def chart_for(client, seed_ids, slug, counts):
    page = client.get(f"/disputes/{seed_ids.disputes[slug]}/evidence", follow_redirects=True)
    section = parse(page.text).find("section", cls="evidence-figures")
    titles = [t.text for t in section.find_all("title") if t.parent.tag == "svg"]
    return section.find_all("svg", cls="chart")[
        titles.index(f"{counts}: figures by source and date")
    ]


def test_answers_are_squares_and_ranges_are_bands(client, seed_ids):
    # Konashenkov's counter-claim of two A-10s answers the allegation: a square.
    a10 = chart_for(client, seed_ids, "us-a10-aleppo-strike-feb-2016", "Other")
    assert not a10.find_all("circle")
    assert a10.find_all("rect", width="10", height="10")
    # OCHA's 100,000 to 150,000 who may flee: a band from the low to the high figure.
    displaced = chart_for(client, seed_ids, "aleppo-siege-displacement-feb-2016", "Displaced")
    bands = displaced.find_all("rect", fill_opacity="0.3")
    assert len(bands) == 1
    assert float(bands[0].get("height")) > 0
    assert "~100k–150k" in [t.text for t in displaced.find_all("text")]


def test_a_dispute_without_figures_says_so(client, seed_ids):
    empty = client.get(
        f"/disputes/{seed_ids.disputes['aleppo-ethnic-cleansing-feb-2016']}/evidence",
        follow_redirects=True,
    )
    assert "No claim in this dispute states a figure" in empty.text
    assert "<svg" not in empty.text.split('class="evidence-figures"')[1]


def date_maarat(engine, seed_ids) -> None:
    """SOHR's 38 gets an event date; its article (and so the 59) a publication date."""
    with Session(engine) as session:
        sohr_38 = session.get(Claim, seed_ids.claims["maarat-sohr-38-004"])
        sohr_38.event_date = date(2019, 7, 22)
        article = session.get(Article, sohr_38.article_id)
        article.published_on = date(2019, 7, 23)
        session.commit()


def test_dates_come_from_the_event_else_the_article(app_database, seed_ids, engine):
    date_maarat(engine, seed_ids)
    with server_after_the_write() as client:
        body = figures(client, seed_ids, MAARAT)
        by_claim = {r["claim_id"]: r for r in body["figures"]}
        assert (by_claim[seed_ids.claims["maarat-sohr-38-004"]]["date"]) == "2019-07-22"
        assert by_claim[seed_ids.claims["maarat-sohr-38-004"]]["dated_by"] == "event date"
        assert by_claim[seed_ids.claims["idlib-sohr-59-004"]]["date"] == "2019-07-23"
        assert by_claim[seed_ids.claims["idlib-sohr-59-004"]]["dated_by"] == "publication date"

        page = client.get(f"/disputes/{seed_ids.disputes[MAARAT]}/evidence", follow_redirects=True)
        chart = parse(page.text).find("svg", cls="chart")
        labels = [t.text for t in chart.find_all("text")]
        assert "2019-07-22" in labels and "2019-07-23" in labels
        assert "date unknown" not in labels


def test_unknown_dispute_is_404(client):
    assert client.get("/disputes/999999/figures.json").status_code == 404
    assert client.get("/disputes/0/figures.json").status_code == 422


def test_chart_spreads_one_date_and_joins_a_series_across_dates(app_database, seed_ids, engine):
    """Two sources on one date make a spread there; one source on two dates, a line."""
    refs = ("aleppo-sohr-toll-000", "aleppo-sohr-breakdown-000", "turkey-16-civilians-002")

    def set_dates(days: tuple[str | None, ...]) -> None:
        with Session(engine) as session:
            session.execute(
                text("UPDATE claim SET event_date = :d WHERE id = :id"),
                [{"d": d, "id": seed_ids.claims[r]} for r, d in zip(refs, days, strict=True)],
            )
            session.commit()

    set_dates(("2016-02-10", "2016-02-12", "2016-02-12"))
    try:
        with server_after_the_write() as client:
            body = figures(client, seed_ids, ALEPPO)
            page = client.get(
                f"/disputes/{seed_ids.disputes[ALEPPO]}/evidence", follow_redirects=True
            )
        spread = {"counts": "civilians", "date": "2016-02-12", "low": 16, "high": 89, "sources": 2}
        assert spread in body["spreads"]
        civilians = parse(page.text).find_all("svg", cls="chart")[1]
        assert civilians.find_all("polyline")  # SOHR's 89 on the 10th and on the 12th
        texts = [t.text for t in civilians.find_all("text")]
        assert texts.count("spread 16–89") == 1
        assert "date unknown" not in texts
    finally:
        set_dates((None, None, None))  # the other tests read the seed data undated


def test_the_csv_has_the_same_dates(app_database, seed_ids, engine):
    """figures.csv (app/web/exports.py) dates each figure as the chart does."""
    date_maarat(engine, seed_ids)
    with server_after_the_write() as client:
        response = client.get(f"/disputes/{seed_ids.disputes[MAARAT]}/figures.csv")
        rows = list(csv.DictReader(io.StringIO(response.text.removeprefix("\ufeff"))))
        dated = {(r["low"], r["date"], r["dated by"]) for r in rows}
        assert dated == {
            ("38", "2019-07-22", "event date"),
            ("59", "2019-07-23", "publication date"),
        }
        body = figures(client, seed_ids, MAARAT)
        assert {(str(r["low"]), r["date"], r["dated_by"]) for r in body["figures"]} == dated


def test_hostile_words_are_shown_as_text_in_the_chart_and_pages(app_database, seed_ids, engine):
    hostile = '"><script>alert(1)</script><svg onload=alert(2)>'
    claim_id = seed_ids.claims["aleppo-sohr-breakdown-000"]  # no other test reads its words
    with Session(engine) as session:
        session.execute(
            text("UPDATE figure SET text = :t WHERE claim_id = :id"), {"t": hostile, "id": claim_id}
        )
        session.execute(
            text("UPDATE claim SET statement = :t, event_time = :t WHERE id = :id"),
            {"t": hostile, "id": claim_id},
        )
        session.commit()
    dispute = seed_ids.disputes[ALEPPO]
    today = datetime.now(UTC).date().isoformat()
    with server_after_the_write() as client:
        for view in ("evidence", "timeline", f"as-of/{today}"):
            page = client.get(f"/disputes/{dispute}-{ALEPPO}/{view}")
            assert page.status_code == 200, view
            assert "<script>alert" not in page.text, view
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, view
            assert not parse(page.text).find_all(where=lambda el: "onload" in el.attrs), view
        evidence = client.get(f"/disputes/{dispute}-{ALEPPO}/evidence").text
    chart = parse(evidence).find_all("svg", cls="chart")[1]
    assert not chart.find_all("script")
    assert any(hostile in t.text for t in chart.find_all("title"))
