"""app/slugs.py and app/web/references.py: permalinks are /{noun}/{id}-{slug}; the id decides."""

import pytest
from sqlalchemy import select

from app.models import Actor, Article, Dispute
from app.slugs import MAX_SLUG, parse_reference, slugify
from tests.htmldoc import parse

NOUNS = {"disputes": Dispute, "articles": Article, "actors": Actor}


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("12-some-title", (12, "some-title")),
        ("12", (12, None)),
        ("12-", (12, "")),
        ("7-a-b-c-", (7, "a-b-c-")),
        ("2147483647", (2147483647, None)),  # MAX_ID
    ],
)
def test_parse_reference(reference, expected):
    assert parse_reference(reference) == expected


@pytest.mark.parametrize(
    "reference",
    [
        *("", "abc", "-1", "0", "012", "0-x", "1.5", "1e3", " 1", "x-12"),
        *("2147483648", "999999999999999999", "9999999999999999999"),  # past MAX_ID
    ],
)
def test_parse_reference_rejects(reference):
    assert parse_reference(reference) is None


def test_slugify():
    assert slugify("Who bombed Aleppo: Russia's claim of US A-10 strikes") == (
        "who-bombed-aleppo-russia-s-claim-of-us-a-10-strikes"
    )
    assert slugify("Maarat al-Numan strike, July 2019") == "maarat-al-numan-strike-july-2019"
    assert slugify("") == "untitled"
    assert slugify("!!!") == "untitled"
    long = slugify("word " * 60)
    assert len(long) <= MAX_SLUG and not long.endswith("-")


def first_object(session, noun: str) -> tuple[int, str]:
    model = NOUNS[noun]
    return session.execute(select(model.id, model.slug).order_by(model.id.desc())).first()


@pytest.mark.parametrize("noun", list(NOUNS))
@pytest.mark.parametrize(
    ("suffix", "query"),
    [("", ""), ("-wrong-slug", ""), ("", "?claim=1&x=y"), ("-wrong-slug", "?x=%C3%A9")],
    ids=["bare", "wrong-slug", "bare+query", "wrong-slug+query"],
)
def test_outdated_references_move_permanently_to_the_canonical_url(
    client, session, noun, suffix, query
):
    obj_id, slug = first_object(session, noun)

    response = client.get(f"/{noun}/{obj_id}{suffix}{query}", follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == f"/{noun}/{obj_id}-{slug}{query}"


@pytest.mark.parametrize("noun", list(NOUNS))
def test_the_canonical_url_renders(client, session, noun):
    obj_id, slug = first_object(session, noun)

    response = client.get(f"/{noun}/{obj_id}-{slug}", follow_redirects=False)

    assert response.status_code == 200
    canonical = parse(response.text).find("link", rel="canonical")
    assert canonical.get("href") == f"http://testserver/{noun}/{obj_id}-{slug}"


def test_a_redirect_keeps_the_selected_claim(client, seed_ids):
    article_id = seed_ids.articles["003_cd7533017dceb534.txt"]
    claim_id = seed_ids.claims["konashenkov-charlatans-003"]

    response = client.get(f"/articles/{article_id}?claim={claim_id}")

    assert response.status_code == 200
    assert response.history and response.history[0].status_code == 301
    assert response.url.query.decode() == f"claim={claim_id}"
    panel = parse(response.text).find("aside", id="claim-panel")
    assert panel.get("data-selected-claim") == str(claim_id)


def test_the_slug_is_not_trusted_for_the_id(client, session):
    """Another object's slug on this id moves to this object's own slug."""
    rows = session.execute(select(Dispute.id, Dispute.slug).order_by(Dispute.id)).all()
    (first_id, first_slug), (_, second_slug) = rows[0], rows[1]

    response = client.get(f"/disputes/{first_id}-{second_slug}", follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == f"/disputes/{first_id}-{first_slug}"


@pytest.mark.parametrize(
    ("suffix", "query"),
    [("-some-slug", ""), ("-", ""), ("-x", "?x=%C3%A9")],
    ids=["slug", "empty-slug", "slug+query"],
)
def test_a_claim_with_a_slug_moves_to_its_number(client, seed_ids, suffix, query):
    """Claims have no slug of their own; a link written like the other kinds still works."""
    claim_id = seed_ids.claims["konashenkov-charlatans-003"]

    response = client.get(f"/claims/{claim_id}{suffix}{query}", follow_redirects=False)

    assert response.status_code == 301
    assert response.headers["location"] == f"/claims/{claim_id}{query}"
    assert client.get(response.headers["location"]).status_code == 200


@pytest.mark.parametrize("reference", ["abc", "0", "012", "x-12", "2147483648"])
def test_a_claim_address_without_a_number_is_a_404_page(client, reference):
    response = client.get(f"/claims/{reference}", headers={"Accept": "text/html"})

    assert response.status_code == 404
    assert "should start with its number" in parse(response.text).find("main").text
