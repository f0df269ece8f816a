"""app/cards.py, app/web/cards.py and app/web/share_head.py: preview cards and the meta tags
that link previews read."""

import io

import pytest
from PIL import Image
from sqlalchemy import text
from sqlmodel import Session

from app import cards
from app.cards import CardData, layout_card, render_card
from app.db import get_engine
from app.main import create_app
from app.services.share import cut_text, iso, page_dates
from app.web import share_head
from tests.conftest import (
    TestClient,
    clear_caches,
    database_url,
    permalink,
    point_app_at,
    seeded_copy,
)
from tests.htmldoc import parse

TOLL = "aleppo-offensive-toll-feb-2016"
IDLIB_ARTICLE = "003_cd7533017dceb534.txt"


def text_of(layout: cards.CardLayout, role: str) -> str:
    return " ".join(item.text for item in layout.items if item.role == role)


def meta(html: str) -> dict[str, str]:
    root = parse(html)
    found = {}
    for el in root.find_all("meta"):
        key = el.get("property") or el.get("name")
        if key:
            found[key] = el.get("content") or ""
    return found


def png_size(body: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "PNG"
        return image.size


# ----------------------------------------------------------------------------- drawing


def test_a_card_is_1200_by_630_and_says_title_counts_and_grade():
    data = CardData(
        "Dispute",
        "Maarat al-Numan market strike, July 2019",
        "Gainsay",
        allegations=3,
        answers=1,
        grade="contested",
    )
    layout = layout_card(data)
    assert text_of(layout, "title") == "Maarat al-Numan market strike, July 2019"
    assert {"3 allegations", "1 answer", "Grade: contested", "DISPUTE", "Gainsay"} <= set(
        layout.texts
    )
    assert png_size(render_card(data)) == (1200, 630)


def test_a_long_title_wraps_at_words_and_ends_with_an_ellipsis():
    title = " ".join(["Shelling"] * 80)
    layout = layout_card(CardData("Dispute", title, "Gainsay"))
    lines = [item for item in layout.items if item.role == "title"]
    assert len(lines) == 3
    assert lines[-1].text.endswith("…")
    assert all(set(line.text.rstrip("…").split()) == {"Shelling"} for line in lines)
    # Every line fits inside the margins.
    font = cards.load_font(lines[0].size, True)
    assert all(font.getlength(line.text) <= 1200 - 2 * cards.MARGIN for line in lines)


def test_without_a_font_file_the_card_falls_back_to_the_builtin_font(monkeypatch):
    monkeypatch.setattr(cards, "_FONT_DIRS", ())
    cards._font_file.cache_clear()
    cards.load_font.cache_clear()
    try:
        body = render_card(
            CardData("Actor", "Syrian Civil Defence", "Gainsay", stats=("9 claims",))
        )
        assert png_size(body) == (1200, 630)
    finally:
        cards._font_file.cache_clear()
        cards.load_font.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short and whole.", "Short and whole."),
        ("word " * 100, ("word " * 40).strip() + "…"),
        ("a" * 250, "a" * 199 + "…"),
        ("  spaced\n\nout  ", "spaced out"),
    ],
)
def test_descriptions_are_cut_at_a_word_with_an_ellipsis(text, expected):
    cut = cut_text(text)
    assert cut == expected
    assert len(cut) <= 200


# ----------------------------------------------------------------------------- the routes


@pytest.fixture(scope="module")
def pages(client: TestClient, seed_ids) -> dict[str, tuple[str, str]]:
    """kind → (page URL, card URL)."""
    dispute = seed_ids.disputes[TOLL]
    article = seed_ids.articles[IDLIB_ARTICLE]
    claim = seed_ids.claims["konashenkov-charlatans-003"]
    actor = seed_ids.actors["Syrian Observatory for Human Rights"]
    return {
        "dispute": (permalink(client, f"/disputes/{dispute}"), f"/disputes/{dispute}/card.png"),
        "article": (permalink(client, f"/articles/{article}"), f"/articles/{article}/card.png"),
        "claim": (f"/claims/{claim}", f"/claims/{claim}/card.png"),
        "actor": (permalink(client, f"/actors/{actor}"), f"/actors/{actor}/card.png"),
    }


@pytest.mark.parametrize("kind", ["dispute", "article", "claim", "actor"])
def test_each_page_names_its_card_and_the_card_is_a_png(client, pages, kind):
    page_url, card_url = pages[kind]
    tags = meta(client.get(page_url).text)
    assert tags["og:image"] == "http://testserver" + card_url
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:width"] == "1200" and tags["og:image:height"] == "630"
    assert tags["og:image:alt"]
    assert len(tags["og:description"]) <= 200
    assert tags["og:description"] == tags["description"] == tags["twitter:description"]
    if kind != "actor":
        assert tags["article:published_time"] and tags["article:modified_time"]
    card = client.get(card_url)
    assert card.status_code == 200
    assert card.headers["content-type"] == "image/png"
    assert card.headers["etag"]
    assert png_size(card.content) == (1200, 630)
    again = client.get(card_url, headers={"If-None-Match": card.headers["etag"]})
    assert again.status_code == 304


def _dates_read(monkeypatch) -> list[str]:
    """The kinds whose dates the share head reads with a statement of their own."""
    read: list[str] = []
    original = share_head.page_dates
    monkeypatch.setattr(
        share_head,
        "page_dates",
        lambda db, kind, entity_id: read.append(kind) or original(db, kind, entity_id),
    )
    return read


def _stored_dates(dispute_id: int) -> tuple[str, str]:
    with Session(get_engine()) as session:
        dates = page_dates(session, "dispute", dispute_id)
    assert dates is not None
    return iso(dates.published), iso(dates.modified)


def test_a_dispute_page_prints_the_dates_read_with_its_dispute(
    client, pages, seed_ids, monkeypatch
):
    """The permalink reads its dispute's dates in its first statement (get_dispute_ref): the
    share head prints them without reading the dispute again; an article reads its own."""
    read = _dates_read(monkeypatch)
    tags = meta(client.get(pages["dispute"][0] + "?fresh=dates").text)  # past the page cache
    published, modified = _stored_dates(seed_ids.disputes[TOLL])
    assert (tags["article:published_time"], tags["article:modified_time"]) == (published, modified)
    assert read == []
    client.get(pages["article"][0] + "?fresh=dates")
    assert read == ["article"]


def test_a_graded_dispute_page_prints_its_dates_and_its_claim_review(
    seed_template, tmp_path, monkeypatch
):
    """A graded dispute's head reads the full view for its JSON-LD; its dates are still the
    ones its permalink read."""
    url = database_url(seeded_copy(seed_template, tmp_path))
    point_app_at(monkeypatch, url)
    dispute_id = seed_template.ids.disputes[TOLL]
    try:
        with get_engine().begin() as connection:
            connection.execute(
                text("UPDATE dispute SET grade = 'contested' WHERE id = :id"), {"id": dispute_id}
            )
        read = _dates_read(monkeypatch)
        with TestClient(create_app()) as graded:
            html = graded.get(permalink(graded, f"/disputes/{dispute_id}")).text
        published, modified = _stored_dates(dispute_id)
    finally:
        clear_caches()
    tags = meta(html)
    assert (tags["article:published_time"], tags["article:modified_time"]) == (published, modified)
    assert read == []
    (block,) = parse(html).find_all("script", type="application/ld+json")
    assert "ClaimReview" in block.text


def test_the_dispute_card_draws_its_title_and_counts(client, pages, monkeypatch):
    drawn: list[CardData] = []
    original = cards.render_card
    monkeypatch.setattr(
        "app.web.cards.render_card", lambda data: drawn.append(data) or original(data)
    )
    page = parse(client.get(pages["dispute"][0]).text)
    response = client.get(pages["dispute"][1] + "?fresh=1")  # past the page cache
    assert response.status_code == 200
    (data,) = drawn
    heading = " ".join(page.find_all("h1")[0].text.split())
    assert data.title == heading
    layout = layout_card(data)
    assert text_of(layout, "title") == heading
    figures = text_of(layout, "figure")
    assert f"{data.allegations} allegation" in figures and f"{data.answers} answer" in figures
    assert data.allegations and data.answers


def test_a_long_description_is_cut_at_a_word(client, pages):
    tags = meta(client.get(pages["article"][0]).text)
    description = tags["description"]
    assert description.endswith("…")
    assert len(description) <= 200
    assert not description[:-1].endswith(" ")


@pytest.mark.parametrize(
    "url", ["/disputes/999999/card.png", "/claims/999999/card.png", "/actors/0/card.png"]
)
def test_a_card_of_nothing_is_a_404_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code in (404, 422)


def test_pages_without_a_card_keep_a_summary_card(client):
    tags = meta(client.get("/disputes").text)
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags


def test_the_404_page_of_a_permalink_offers_no_card(client):
    response = client.get("/disputes/999999")
    assert response.status_code == 404
    tags = meta(response.text)
    assert "og:image" not in tags and tags["twitter:card"] == "summary"
