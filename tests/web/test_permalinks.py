"""The lean route for the permalinks (app/web/permalinks.py) against FastAPI's routes: the same
status, headers and bytes for every seed dispute, article and claim, and FastAPI for whatever
the lean route leaves to it."""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app import page_deps
from app.main import create_app
from app.models import Article, Claim, Dispute
from app.settings import get_settings
from app.web import permalinks
from tests.conftest import TestClient

# Both apps without the page cache, so that each request is rendered by its own route.
NO_CACHE = {"GAINSAY_PAGE_CACHE_MB": "0"}


def _app_client(monkeypatch: pytest.MonkeyPatch, lean: bool) -> TestClient:
    for name, value in NO_CACHE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GAINSAY_LEAN_PERMALINKS", "1" if lean else "0")
    get_settings.cache_clear()
    try:
        return TestClient(create_app())
    finally:
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def clients(app_database: str) -> Iterator[tuple[TestClient, TestClient]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        lean = _app_client(monkeypatch, lean=True)
        plain = _app_client(monkeypatch, lean=False)
    with lean, plain:
        yield lean, plain


@pytest.fixture(scope="module")
def served_lean() -> Iterator[list[str]]:
    """The paths the lean route rendered itself (not passed on to FastAPI)."""
    served: list[str] = []
    render = permalinks._read_and_render

    def recording(page, request, arguments):
        response = render(page, request, arguments)
        if response is not None:
            served.append(request.url.path)
        return response

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(permalinks, "_read_and_render", recording)
        yield served


def _seed_paths(engine) -> list[str]:
    with Session(engine) as session:
        disputes = session.execute(select(Dispute.id, Dispute.slug)).all()
        articles = session.execute(select(Article.id, Article.slug)).all()
        claims = session.execute(select(Claim.id, Claim.article_id)).all()
    slug_of = dict(articles)
    paths = [f"/disputes/{i}-{slug}" for i, slug in disputes]
    paths += [f"/disputes/{i}-{slug}?denial_type=non_denial" for i, slug in disputes[:3]]
    paths += [f"/articles/{i}-{slug}" for i, slug in articles]
    paths += [f"/articles/{a}-{slug_of[a]}?claim={c}" for c, a in claims[:12]]
    paths += [f"/articles/{a}-{slug_of[a]}?claim={c}&part=text" for c, a in claims[:2]]
    paths += [f"/api/claims/{c}" for c, _ in claims]
    return paths


def _same(lean: TestClient, plain: TestClient, path: str, **kwargs) -> None:
    ours, theirs = lean.get(path, **kwargs), plain.get(path, **kwargs)
    assert ours.status_code == theirs.status_code, path
    assert ours.headers.multi_items() == theirs.headers.multi_items(), path
    assert ours.content == theirs.content, path


def test_every_seed_permalink_is_the_same_bytes_both_ways(clients, served_lean, engine) -> None:
    lean, plain = clients
    paths = _seed_paths(engine)
    for path in paths:
        _same(lean, plain, path, headers={"Accept-Encoding": "gzip"})
    # The lean route served all of them itself: none was passed on to FastAPI.
    assert sorted(served_lean) == sorted(p.split("?")[0] for p in paths)
    # HEAD and htmx's partial article text too.
    article = next(p for p in paths if p.startswith("/articles/"))
    _same(lean, plain, article, headers={"HX-Request": "true"})
    head_ours = lean.head(article)
    assert head_ours.status_code == 200 and head_ours.content == b""
    assert head_ours.headers["content-length"] == plain.head(article).headers["content-length"]


@pytest.mark.parametrize(
    "path",
    [
        "/disputes/999999",  # 404
        "/disputes/new",  # a route of its own
        "/articles/1",  # an outdated slug: the same 301 from the same page function
        "/articles/1-x?claim=0",  # 422
        "/articles/1-x?claim=007",
        "/articles/1-x?part=nope",
        "/articles/1-x?claim=1&claim=2",
        "/disputes/1?denial_type=nonsense",  # 422
        "/disputes/1?utm_source=feed",
        "/api/claims/999999",
        "/api/claims/0",
        "/api/claims/1?x=1",
        "/api/claims/1/",
    ],
)
def test_the_unusual_gets_the_same_answer_both_ways(clients, path) -> None:
    lean, plain = clients
    _same(lean, plain, path, follow_redirects=False)


def test_signed_in_requests_are_left_to_fastapi(clients, served_lean) -> None:
    lean, _plain = clients
    before = len(served_lean)
    response = lean.get("/api/claims/1", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert len(served_lean) == before


def test_the_page_renders_off_the_loop_and_declares_what_it_shows(clients, engine) -> None:
    lean, _plain = clients
    with Session(engine) as session:
        dispute_id, slug = session.execute(select(Dispute.id, Dispute.slug)).first()
    render_threads: list[int] = []
    loop_threads: list[int] = []
    render = permalinks._read_and_render

    def recording(page, request, arguments):
        render_threads.append(threading.get_ident())
        return render(page, request, arguments)

    async def app_collecting(scope, receive, send):
        loop_threads.append(threading.get_ident())
        with page_deps.collecting() as shown:
            await lean.app(scope, receive, send)
        declared.update(shown)

    declared: set[page_deps.Tag] = set()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(permalinks, "_read_and_render", recording)
        with TestClient(app_collecting) as collecting_client:
            response = collecting_client.get(f"/disputes/{dispute_id}-{slug}")
    assert response.status_code == 200
    # Not the event loop's thread, and what it declared reached the caller's collection.
    assert len(render_threads) == 1 and render_threads[0] not in loop_threads
    assert ("dispute", dispute_id) in declared


def test_no_other_route_answers_what_the_lean_route_takes(clients) -> None:
    """The lean route takes `/disputes/<number…>` and the like from their path alone: a
    route added later under the same prefix, for GET, whose first character could be a digit
    would be shadowed by it."""
    lean, _plain = clients
    prefixes = {item.prefix: item.route_name for item in permalinks._LEAN}
    checked = 0
    for path, name, methods in _get_routes(lean.app.router.routes):
        for prefix, lean_name in prefixes.items():
            tail = path[len(prefix) :] if path.startswith(prefix) else None
            if tail is None or "/" in tail or "GET" not in methods:
                continue
            checked += 1
            assert name == lean_name or not (tail[:1].isdigit() or tail.startswith("{")), path
    assert checked >= 4  # the three permalinks and /disputes/new at least


def _get_routes(routes) -> Iterator[tuple[str, str | None, set[str]]]:
    """(full path, name, methods) of every route, those of included routers too."""
    for route in routes:
        if hasattr(route, "effective_route_contexts"):
            for context in route.effective_route_contexts():
                original = context.original_route
                yield context.path, context.name, getattr(original, "methods", None) or set()
        else:
            yield (
                getattr(route, "path", ""),
                getattr(route, "name", None),
                (getattr(route, "methods", None) or set()),
            )
