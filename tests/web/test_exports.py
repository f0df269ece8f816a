"""app/web/exports.py: a dispute's figures as CSV, the same rows as the page's figures table,
with every cell a spreadsheet would run as a formula neutralised."""

import csv
import io

import pytest

from app.db import write_session
from app.schemas import ClaimCreate, DisputeCreate, FigureIn
from app.services.edit import claims as claim_edits
from app.services.edit import disputes as dispute_edits
from app.web.exports import CSV_COLUMNS, csv_filename, neutralise
from tests import workspace_fixtures as ws
from tests.conftest import TestClient, permalink
from tests.htmldoc import parse
from tests.write_routes import ARTICLE_FILE, FREE_QUOTES

db_path = ws.db_path  # the module adds a claim: its own copy of the database
analyst = ws.analyst

TOLL = "aleppo-offensive-toll-feb-2016"
PAYLOAD = "=cmd|' /C calc'!A0"


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")  # the BOM is there for Excel
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]


def test_a_seed_disputes_figures_as_csv_are_the_pages_figures_table(client, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    response = client.get(f"/disputes/{dispute_id}/figures.csv")
    rows = read_csv(response)
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="{TOLL}-figures.csv"'

    # The page's figures are the charts' data tables, one per counted thing (grouped by source,
    # so in another order than the CSV's): the same figures, each once.
    page = parse(client.get(permalink(client, f"/disputes/{dispute_id}")).text)
    section = page.find("section", cls="evidence-figures")
    cells = [
        [cell.text.strip() for cell in tr.find_all("td")]
        for table in section.find_all("table", cls="figures-table")
        for tr in table.find("tbody").find_all("tr")
        if "spread-row" not in tr.classes
    ]
    shown = sorted((source, figure, side) for source, figure, _date, side in cells)
    expected = sorted(
        (row["who"], f"{row['qualifier']} {int(row['low']):,}".strip(), row["side"]) for row in rows
    )
    assert len(rows) > 0
    assert shown == expected

    # The seed annotations, read independently of the page.
    sohr = [r for r in rows if r["who"] == "Syrian Observatory for Human Rights"]
    toll = next(r for r in sohr if r["text"] == "At least 500 people")
    assert (toll["qualifier"], toll["low"], toll["high"], toll["counts"]) == (
        "at least",
        "500",
        "",
        "killed",
    )
    assert (toll["via"], toll["place"], toll["side"]) == ("", "Aleppo province", "allegation")


def test_the_dispute_page_links_to_its_csv(client, seed_ids):
    dispute_id = seed_ids.disputes[TOLL]
    page = parse(client.get(permalink(client, f"/disputes/{dispute_id}")).text)
    link = page.find("section", cls="evidence-figures").find("a", where=lambda a: a.text == "CSV")
    assert link is not None and link.get("href") == f"/disputes/{dispute_id}/figures.csv"


@pytest.fixture(scope="module")
def hostile_claim(engine, seed_ids, analyst) -> int:
    """A draft claim in the toll dispute whose words are spreadsheet formulas."""
    with write_session(engine) as session:
        claim = claim_edits.create_claim(
            session,
            ClaimCreate(
                article_id=seed_ids.articles[ARTICLE_FILE],
                kind="allegation",
                statement=PAYLOAD,
                claimant_id=seed_ids.actors["United Nations"],
                quote=FREE_QUOTES[0],
                figures=[
                    FigureIn(low=7, counts="killed", text=PAYLOAD, qualifier="+1"),
                    FigureIn(low=8, counts="injured", text="@SUM(A1:A9)"),
                    FigureIn(low=9, counts="displaced", text="-1+1"),
                ],
                event_place="-2+3",
                event_time='=HYPERLINK("http://evil.example")',
                dispute_ids=[seed_ids.disputes[TOLL]],
            ),
            analyst.user_id,
        )
        session.commit()
        return claim.id


def test_formula_cells_are_neutralised_with_a_leading_quote(analyst, seed_ids, hostile_claim):
    response = analyst.client.get(f"/disputes/{seed_ids.disputes[TOLL]}/figures.csv")
    rows = [r for r in read_csv(response) if r["low"] in ("7", "8", "9")]
    assert [r["text"] for r in rows] == ["'" + PAYLOAD, "'@SUM(A1:A9)", "'-1+1"]
    assert {r["qualifier"] for r in rows} == {"'+1", ""}
    assert {r["place"] for r in rows} == {"'-2+3"}
    assert {r["when"] for r in rows} == {'\'=HYPERLINK("http://evil.example")'}
    # Nothing in the whole file starts a cell with a formula character.
    for row in read_csv(response):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_readers_do_not_get_draft_claims_figures(client, seed_ids, hostile_claim):
    rows = read_csv(client.get(f"/disputes/{seed_ids.disputes[TOLL]}/figures.csv"))
    assert rows and not any(r["text"] == "'" + PAYLOAD for r in rows)


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert neutralise(-5) == -5  # a number is never a formula
    assert neutralise(None) == ""
    assert neutralise("Aleppo") == "Aleppo"
    assert neutralise("=1") == "'=1"
    # Stored text has its edges trimmed, but the export does not rely on that.
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("\r=1") == "'\r=1"


def test_the_filename_is_safe_whatever_the_slug(seed_ids):
    assert csv_filename('a"b\r\nc/../d', 5) == "a-b-c-d-figures.csv"
    assert csv_filename("", 5) == "dispute-5-figures.csv"


def test_a_merged_disputes_csv_redirects_to_the_one_it_went_into(engine, client, seed_ids):
    target_id = seed_ids.disputes[TOLL]
    with write_session(engine) as session:
        source = dispute_edits.create_dispute(session, DisputeCreate(title="Merged away"), None)
        session.flush()
        source_id = source.id
        dispute_edits.merge_disputes(session, source_id, target_id, source.version, None)
        session.commit()
    response = client.get(f"/disputes/{source_id}/figures.csv", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/disputes/{target_id}/figures.csv"


@pytest.mark.parametrize("path", ["/disputes/999999/figures.csv", "/disputes/0/figures.csv"])
def test_an_unknown_dispute_is_a_4xx_page(client: TestClient, path):
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert response.headers["content-type"].startswith("text/html")
