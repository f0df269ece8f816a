"""app/web/cards.py under the page cache: a stored card is dropped when anything it shows
changes, however the change is made (the change log's triggers name it)."""

import time

import pytest
from sqlalchemy import text

from app.cards import CardData
from tests.web.test_feeds import set_dispute

TOLL = "aleppo-offensive-toll-feb-2016"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy


@pytest.fixture
def drawn(monkeypatch) -> list[CardData]:
    """The cards actually drawn (a card served from the page cache is not drawn again)."""
    cards: list[CardData] = []
    from app.web import cards as card_routes

    original = card_routes.render_card
    monkeypatch.setattr(
        card_routes, "render_card", lambda data: cards.append(data) or original(data)
    )
    return cards


def test_a_cached_dispute_card_is_redrawn_when_the_dispute_is_graded(
    client, engine, seed_ids, drawn
):
    dispute_id = seed_ids.disputes[TOLL]
    url = f"/disputes/{dispute_id}/card.png"
    first = client.get(url)
    assert client.get(url).content == first.content
    assert len(drawn) == 1 and drawn[0].grade is None  # the second came from the cache

    set_dispute(engine, dispute_id, grade="fair", grade_note="A credible direct source.")
    second = client.get(url)
    assert second.headers["etag"] != first.headers["etag"]
    assert [card.grade for card in drawn] == [None, "fair"]


def test_an_article_card_is_redrawn_when_its_outlet_is_renamed(client, engine, drawn):
    with engine.connect() as connection:
        article_id = connection.execute(
            text("SELECT min(id) FROM article WHERE outlet_id IS NOT NULL")
        ).scalar_one()
    url = f"/articles/{article_id}/card.png"
    client.get(url)
    client.get(url)
    (before,) = drawn
    assert before.subtitle
    with engine.begin() as connection:  # by hand, past every service: the triggers still see it
        connection.execute(
            text(
                "UPDATE actor SET name = name || ' (renamed)' "
                "WHERE id = (SELECT outlet_id FROM article WHERE id = :id)"
            ),
            {"id": article_id},
        )
    # Not this process's commit: the change feed sees it at its next look (at once on SQLite;
    # on PostgreSQL when the commit's NOTIFY has crossed the socket), so ask until it redraws.
    deadline = time.monotonic() + 30
    while len(drawn) < 2 and time.monotonic() < deadline:
        client.get(url)
        time.sleep(0.01)
    # Dropped while hot, the card is redrawn in the background; a request that comes meanwhile
    # may draw it too. Every drawing after the rename shows the new name.
    renamed = before.subtitle + " (renamed)"
    assert len(drawn) >= 2
    assert [card.subtitle for card in drawn[1:]] == [renamed] * (len(drawn) - 1)
