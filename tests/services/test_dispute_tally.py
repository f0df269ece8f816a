"""/disputes and /api/disputes: sort (recent, most answered, most independent origins), status
filter and pagination, and the stored tallies behind the sorts (app/services/dispute_tally.py)
kept current from the change log whatever writes the rows."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from app.main import create_app
from app.settings import get_settings
from tests.conftest import TestClient
from tests.htmldoc import parse

IDLIB = "idlib-bombing-sept-2017"
IDLIB_ANSWERS = (
    "rdm-denies-idlib-deaths-003",
    "konashenkov-charlatans-003",
    "konashenkov-no-residential-003",
    "konashenkov-targets-003",
    "konashenkov-only-fighters-003",
)


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # tests change rows (and put them back)


@pytest.fixture(scope="module")
def client(app_database) -> Iterator[TestClient]:
    # No page cache: rows changed behind the app's back must show at once, on both engines.
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("GAINSAY_PAGE_CACHE_MB", "0")
        get_settings.cache_clear()
        with TestClient(create_app()) as test_client:
            yield test_client
    get_settings.cache_clear()


def run(engine, sql: str, **params) -> list[tuple]:
    with engine.begin() as connection:
        result = connection.execute(text(sql), params)
        return result.all() if result.returns_rows else []


@contextmanager
def changed(engine, do: str, undo: str, **params) -> Iterator[None]:
    run(engine, do, **params)
    try:
        yield
    finally:
        run(engine, undo, **params)


def api_list(client, **query) -> dict:
    response = client.get("/api/disputes", params={"limit": 100, **query})
    assert response.status_code == 200, response.text
    return response.json()


def tiles(client, query: str) -> list[int]:
    response = client.get(f"/disputes?{query}")
    assert response.status_code == 200
    root = parse(response.text)
    return [
        int(re.match(r"/disputes/(\d+)", tile.find("h2").find("a").get("href"))[1])
        for tile in root.find_all("li", cls="dispute-tile")
    ]


def independent_origins(client, dispute_id: int) -> int:
    body = client.get(f"/api/disputes/{dispute_id}/origins").json()
    return len({o["id"] for side in ("allegations", "answers") for o in body[side]["origins"]})


def stored(engine, dispute_id: int) -> tuple[int, int]:
    [row] = run(
        engine,
        "SELECT answer_count, origin_count FROM dispute_tally WHERE dispute_id = :d",
        d=dispute_id,
    )
    return tuple(row)


# ------------------------------------------------------------------ sorting


def test_most_answered_first(client, seed_ids):
    items = api_list(client, sort="answered")["items"]
    counts = [d["answer_count"] for d in items]
    assert len(items) == len(seed_ids.disputes)
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert tiles(client, "sort=answered") == [d["id"] for d in items]


def test_most_independent_origins_first(client, seed_ids):
    ids = [d["id"] for d in api_list(client, sort="origins")["items"]]
    origins = [independent_origins(client, dispute_id) for dispute_id in ids]
    assert origins == sorted(origins, reverse=True) and origins[0] > origins[-1]
    assert tiles(client, "sort=origins") == ids


def test_recent_is_the_default(client):
    assert tiles(client, "") == tiles(client, "sort=recent")
    assert [d["id"] for d in api_list(client)["items"]] == [
        d["id"] for d in api_list(client, sort="recent")["items"]
    ]


# ------------------------------------------------------------------ filter and pages


def test_the_status_filter(client, seed_ids):
    everything = api_list(client)["items"]
    open_ones = {d["id"] for d in everything if d["status"] == "open"}
    assert open_ones and len(open_ones) < len(everything)
    assert {d["id"] for d in api_list(client, status="open")["items"]} == open_ones
    assert set(tiles(client, "status=open")) == open_ones
    assert api_list(client, status="settled")["total"] == 0
    assert "No disputes here." in client.get("/disputes?status=settled").text


def test_pages_keep_the_sort_and_the_filter(client):
    response = client.get("/disputes?sort=answered&status=contested&limit=2")
    root = parse(response.text)
    [following] = [a for a in root.find("nav", cls="pager").find_all("a") if "Next" in a.text]
    href = following.get("href")
    assert href == "/disputes?sort=answered&status=contested&offset=2&limit=2"
    first, second = (
        tiles(client, "sort=answered&status=contested&limit=2"),
        tiles(client, "sort=answered&status=contested&offset=2&limit=2"),
    )
    everything = tiles(client, "sort=answered&status=contested")
    assert first + second == everything[:4]
    controls = root.find("nav", cls="list-controls")
    current = [a.get("href") for a in controls.find_all("a") if a.get("aria-current")]
    assert current == ["/disputes?sort=answered&status=contested&limit=2"] * 2


def test_bad_choices_are_clear_errors(client):
    assert client.get("/disputes?sort=loudest").status_code == 422
    assert client.get("/disputes?status=closed").status_code == 422
    problem = client.get("/api/disputes?sort=loudest")
    assert problem.status_code == 422
    assert problem.headers["content-type"].startswith("application/problem+json")


# ------------------------------------------------------------------ the tallies stay coherent


def test_the_tallies_follow_a_claim_changed_behind_the_apps_back(client, seed_ids, engine):
    idlib = seed_ids.disputes[IDLIB]
    api_list(client, sort="answered")  # brings the tallies up to date
    answers, origins = stored(engine, idlib)
    assert answers == 5
    hidden = [seed_ids.claims[slug] for slug in IDLIB_ANSWERS]
    marks = ", ".join(str(i) for i in hidden)
    with changed(
        engine,
        f"UPDATE claim SET state = 'draft' WHERE id IN ({marks})",
        f"UPDATE claim SET state = 'published' WHERE id IN ({marks})",
    ):
        items = api_list(client, sort="answered")["items"]
        assert stored(engine, idlib) == (0, origins - 1)  # the Russian government is gone
        assert [d["id"] for d in items].index(idlib) > 0
    api_list(client, sort="answered")
    assert stored(engine, idlib) == (5, origins)


def test_the_tallies_follow_an_actors_new_parent(client, seed_ids, engine):
    idlib = seed_ids.disputes[IDLIB]
    konashenkov = seed_ids.actors["Igor Konashenkov"]
    [(parent,)] = run(engine, "SELECT parent_id FROM actor WHERE id = :a", a=konashenkov)
    assert parent is not None
    api_list(client, sort="origins")
    _, origins = stored(engine, idlib)
    # Cut loose from the ministry, the spokesman counts as an origin of his own.
    with changed(
        engine,
        "UPDATE actor SET parent_id = NULL WHERE id = :a",
        "UPDATE actor SET parent_id = :p WHERE id = :a",
        a=konashenkov,
        p=parent,
    ):
        api_list(client, sort="origins")
        assert stored(engine, idlib)[1] == origins + 1
        assert independent_origins(client, idlib) == origins + 1
    api_list(client, sort="origins")
    assert stored(engine, idlib)[1] == origins


def test_a_lost_mark_rebuilds_every_tally(client, seed_ids, engine):
    api_list(client, sort="origins")
    before = run(engine, "SELECT dispute_id, answer_count, origin_count FROM dispute_tally")
    run(engine, "UPDATE dispute_tally_mark SET log_id = -1")
    run(engine, "DELETE FROM dispute_tally")
    api_list(client, sort="origins")
    after = run(engine, "SELECT dispute_id, answer_count, origin_count FROM dispute_tally")
    assert sorted(after) == sorted(before) and len(after) == len(seed_ids.disputes)
    [(mark,)] = run(engine, "SELECT log_id FROM dispute_tally_mark")
    [(newest,)] = run(engine, "SELECT coalesce(max(id), 0) FROM change_log")
    assert mark == newest
