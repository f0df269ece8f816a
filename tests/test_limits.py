"""app/limits.py, in process: overload is a quick 503 with Retry-After, not a queue, with a
share kept for writes; a body that stops arriving is a 408. The middleware alone, then the
whole application (TestClient)."""

import asyncio
import json
from collections.abc import Iterator

import pytest
from starlette.types import Message, Receive, Scope, Send

from app.limits import BodyDeadlineMiddleware, ConcurrencyLimitMiddleware, write_reserve
from app.main import create_app
from app.settings import get_settings
from tests.conftest import TestClient
from tests.limits_fixtures import assert_page, assert_problem, concurrency_limiter

# --- Overload, in process: the middleware alone -----------------------------------------------


def _scope(path: str = "/") -> Scope:
    return {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}


async def _call(app, scope: Scope) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _status(sent: list[Message]) -> tuple[int, dict[bytes, bytes]]:
    start = sent[0]
    return start["status"], dict(start["headers"])


def test_past_the_limit_a_request_is_refused_at_once_and_service_resumes_by_itself():
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["path"] == "/slow":
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        limited = ConcurrencyLimitMiddleware(slow_app, max_in_flight=2, retry_after_s=3)
        held = [asyncio.create_task(_call(limited, _scope("/slow"))) for _ in range(2)]
        while limited.in_flight < 2:
            await asyncio.sleep(0)

        # The third does not wait for the two in progress: it is answered without them moving
        # (they cannot finish before `release`, so a queued request would never be answered;
        # the bound only stops a hang, however slow the machine).
        refused = await asyncio.wait_for(_call(limited, _scope("/")), timeout=30)
        status, headers = _status(refused)
        assert status == 503 and headers[b"retry-after"] == b"3"
        assert b"try again in 3 seconds" in refused[1]["body"]
        assert not any(task.done() for task in held)

        release.set()
        for task in held:
            assert _status(await task)[0] == 200
        assert limited.in_flight == 0
        assert _status(await _call(limited, _scope("/")))[0] == 200

    asyncio.run(scenario())


def test_a_failing_request_gives_its_place_back():
    async def scenario() -> None:
        async def broken(scope: Scope, receive: Receive, send: Send) -> None:
            raise RuntimeError("boom")

        limited = ConcurrencyLimitMiddleware(broken, max_in_flight=1, retry_after_s=2)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                await _call(limited, _scope())
        assert limited.in_flight == 0

    asyncio.run(scenario())


def test_a_limit_of_zero_turns_it_off():
    async def scenario() -> None:
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})

        limited = ConcurrencyLimitMiddleware(app, max_in_flight=0, retry_after_s=2)
        limited.in_flight = 10_000  # would be far over any limit
        assert _status(await _call(limited, _scope()))[0] == 204

    asyncio.run(scenario())


def _write_scope(path: str = "/api/notes") -> Scope:
    return _scope(path) | {"method": "POST"}


def test_the_writes_share_is_rounded_down_and_leaves_readers_a_place():
    assert write_reserve(64, 25) == 16
    assert write_reserve(5, 25) == 1  # 1.25
    assert write_reserve(2, 25) == 0  # too few places to keep one back
    assert write_reserve(2, 50) == 1
    assert write_reserve(1, 50) == 0  # one place: readers and writers share it
    assert write_reserve(4, 100) == 3
    assert write_reserve(10, 0) == 0


def test_readers_past_their_share_are_refused_while_writes_still_get_in():
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["path"].startswith("/slow"):
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        # 4 places, half of them for writes only: readers may have 2.
        limited = ConcurrencyLimitMiddleware(
            slow_app, max_in_flight=4, retry_after_s=2, write_share_percent=50
        )
        readers = [asyncio.create_task(_call(limited, _scope("/slow"))) for _ in range(2)]
        while limited.reads_in_flight < 2:
            await asyncio.sleep(0)
        assert _status(await _call(limited, _scope("/")))[0] == 503
        assert _status(await _call(limited, _scope("/") | {"method": "OPTIONS"}))[0] == 503
        # A write is not refused: the readers cannot take its places.
        assert _status(await _call(limited, _write_scope()))[0] == 200
        writers = [
            asyncio.create_task(
                _call(limited, _write_scope(f"/slow/{method}") | {"method": method})
            )
            for method in ("PUT", "DELETE")
        ]
        while limited.in_flight < 4:
            await asyncio.sleep(0)
        # Every place taken: a write is refused too, at once.
        assert _status(await _call(limited, _write_scope()))[0] == 503

        release.set()
        for task in readers + writers:
            assert _status(await task)[0] == 200
        assert (limited.in_flight, limited.reads_in_flight) == (0, 0)
        assert _status(await _call(limited, _scope("/")))[0] == 200

    asyncio.run(scenario())


def test_writes_may_take_the_readers_places_too():
    async def scenario() -> None:
        release = asyncio.Event()

        async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
            await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        limited = ConcurrencyLimitMiddleware(
            slow_app, max_in_flight=3, retry_after_s=2, write_share_percent=34
        )
        writers = [asyncio.create_task(_call(limited, _write_scope())) for _ in range(3)]
        while limited.in_flight < 3:
            await asyncio.sleep(0)
        assert limited.reads_in_flight == 0
        release.set()
        for task in writers:
            assert _status(await task)[0] == 200

    asyncio.run(scenario())


# --- Slow bodies, in process: the middleware alone --------------------------------------------


def _post(path: str = "/sign-in", length: int = 10) -> Scope:
    return _scope(path) | {
        "method": "POST",
        "headers": [(b"content-length", str(length).encode())],
    }


async def _record_app(seen: list[Message], scope: Scope, receive: Receive, send: Send) -> None:
    seen.append(await receive())
    seen.append(await receive())  # after the body: what the server's receive says next
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _scripted(messages: list[Message], then_wait: bool = True) -> Receive:
    """A receive that gives these messages, then never answers (a client that stopped)."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        if then_wait:
            await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    return receive


def _run_deadline(app, scope: Scope, receive: Receive) -> list[Message]:
    async def scenario() -> list[Message]:
        sent: list[Message] = []

        async def send(message: Message) -> None:
            sent.append(message)

        # The guard only keeps a broken middleware from hanging the suite.
        await asyncio.wait_for(app(scope, receive, send), timeout=30)
        return sent

    return asyncio.run(scenario())


def test_a_body_that_stops_arriving_is_a_408_and_the_app_never_sees_it():
    seen: list[Message] = []
    guarded = BodyDeadlineMiddleware(
        lambda *a: _record_app(seen, *a), timeout_s=0.05, min_rate=1024
    )
    begun = {"type": "http.request", "body": b"user", "more_body": True}
    sent = _run_deadline(guarded, _post(), _scripted([begun]))
    assert _status(sent)[0] == 408 and seen == []
    assert b"did not arrive in time" in sent[1]["body"]
    assert _status(sent)[1][b"connection"] == b"close"
    api = _run_deadline(guarded, _post("/api/notes"), _scripted([begun]))
    assert _status(api)[0] == 408
    assert json.loads(api[1]["body"])["status"] == 408


def test_a_body_is_handed_on_whole_then_the_servers_own_receive():
    seen: list[Message] = []
    guarded = BodyDeadlineMiddleware(lambda *a: _record_app(seen, *a), timeout_s=10, min_rate=0)
    chunks = [
        {"type": "http.request", "body": b"user", "more_body": True},
        {"type": "http.request", "body": b"", "more_body": True},
        {"type": "http.request", "body": b"name=x", "more_body": False},
    ]
    sent = _run_deadline(guarded, _post(), _scripted(chunks, then_wait=False))
    assert _status(sent)[0] == 200
    assert seen == [{"type": "http.request", "body": b"username=x"}, {"type": "http.disconnect"}]


def test_a_steady_body_gets_more_time_than_the_deadline_alone():
    seen: list[Message] = []
    # 0.5 s for the body, plus a second for every byte received: chunks 0.3 s apart, past the
    # 0.5 s, still arrive in time. Only the first chunk must come within 0.5 s (it is at once).
    guarded = BodyDeadlineMiddleware(lambda *a: _record_app(seen, *a), timeout_s=0.5, min_rate=1)

    async def receive_steadily() -> Message:
        receive_steadily.count += 1
        if receive_steadily.count > 1:
            await asyncio.sleep(0.3)
        more = receive_steadily.count < 4
        return {"type": "http.request", "body": b"ab", "more_body": more}

    receive_steadily.count = 0
    assert _status(_run_deadline(guarded, _post(length=8), receive_steadily))[0] == 200
    assert seen[0]["body"] == b"abababab"


def test_a_client_gone_while_sending_gets_no_answer():
    seen: list[Message] = []
    guarded = BodyDeadlineMiddleware(lambda *a: _record_app(seen, *a), timeout_s=10, min_rate=0)
    begun = {"type": "http.request", "body": b"user", "more_body": True}
    assert _run_deadline(guarded, _post(), _scripted([begun], then_wait=False)) == []
    assert seen == []


def test_requests_without_a_body_go_straight_through():
    seen: list[Message] = []
    guarded = BodyDeadlineMiddleware(lambda *a: _record_app(seen, *a), timeout_s=10, min_rate=0)

    async def untouched() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False, "untouched": True}

    for scope in (_scope(), _post(length=0)):
        seen.clear()
        assert _status(_run_deadline(guarded, scope, untouched))[0] == 200
        assert seen[0].get("untouched")  # the server's own receive, not a replay


# --- Overload, through the whole application ----------------------------------------------------


@pytest.fixture
def tuned(app_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app made with GAINSAY_MAX_IN_FLIGHT=5 and GAINSAY_RETRY_AFTER_S=7."""
    monkeypatch.setenv("GAINSAY_MAX_IN_FLIGHT", "5")
    monkeypatch.setenv("GAINSAY_RETRY_AFTER_S", "7")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as tuned_client:
            yield tuned_client
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.fixture
def saturated(tuned: TestClient) -> Iterator[ConcurrencyLimitMiddleware]:
    """The app's limiter with every place taken (as if that many requests were in progress)."""
    limiter = concurrency_limiter(tuned)
    assert limiter.max_in_flight == 5
    limiter.in_flight = limiter.max_in_flight
    try:
        yield limiter
    finally:
        limiter.in_flight = 0


def test_an_overloaded_app_answers_503_in_the_sites_style_with_security_headers(tuned, saturated):
    page = tuned.get("/disputes?limit=7")
    assert_page(page, 503, "Gainsay is busy")
    assert page.headers["retry-after"] == "7"
    api = tuned.get("/api/disputes?limit=7")
    assert_problem(api, 503, "Gainsay is busy")
    assert api.headers["retry-after"] == "7"
    assert tuned.post("/sign-in", data={"username": "x"}).status_code == 503


def test_cached_pages_are_served_during_overload_without_counting(tuned):
    assert tuned.get("/disputes?limit=3").status_code == 200  # now in the page cache
    limiter = concurrency_limiter(tuned)
    limiter.in_flight = limiter.max_in_flight
    try:
        assert tuned.get("/disputes?limit=3").status_code == 200
        assert tuned.get("/disputes?limit=4").status_code == 503  # not cached
        assert limiter.in_flight == limiter.max_in_flight  # the cache hit took no place
    finally:
        limiter.in_flight = 0
    assert tuned.get("/disputes?limit=4").status_code == 200


def test_the_default_limit_is_64_and_zero_turns_it_off(app_database, monkeypatch):
    monkeypatch.delenv("GAINSAY_MAX_IN_FLIGHT", raising=False)
    monkeypatch.delenv("GAINSAY_RETRY_AFTER_S", raising=False)
    get_settings.cache_clear()
    assert (get_settings().max_in_flight, get_settings().retry_after_s) == (64, 2)
    monkeypatch.setenv("GAINSAY_MAX_IN_FLIGHT", "0")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as unlimited:
            limiter = concurrency_limiter(unlimited)
            limiter.in_flight = 10_000
            assert unlimited.get("/disputes?limit=9").status_code == 200
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_defaults_for_writes_bodies_and_proxies(app_database, monkeypatch):
    for name in ("WRITE_SHARE_PERCENT", "BODY_TIMEOUT_S", "BODY_MIN_RATE_KIB_S"):
        monkeypatch.delenv(f"GAINSAY_{name}", raising=False)
    monkeypatch.delenv("GAINSAY_FORWARDED_ALLOW_IPS", raising=False)
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert settings.write_share_percent == 25
        assert (settings.body_timeout_s, settings.body_min_rate_kib_s) == (20, 32)
        assert settings.forwarded_allow_ips == "127.0.0.1,::1"
        with TestClient(create_app()) as default_client:
            limiter = concurrency_limiter(default_client)
            assert (limiter.max_in_flight, limiter.max_reads) == (64, 48)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_through_the_app_readers_past_their_share_get_503_and_writes_do_not(tuned):
    limiter = concurrency_limiter(tuned)
    assert limiter.max_reads == 4  # 5 places, 25% (rounded down: 1) for writes only
    limiter.in_flight = limiter.reads_in_flight = limiter.max_reads
    try:
        assert_page(tuned.get("/disputes?limit=6"), 503, "Gainsay is busy")
        # The write reaches the application, which answers it (no CSRF token here: 403).
        assert tuned.post("/sign-in", data={"username": "x"}).status_code == 403
    finally:
        limiter.in_flight = limiter.reads_in_flight = 0
