from urllib.parse import quote

import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.routing import NoMatchFound

from app.urls import RoutePaths, quote_segment


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/disputes", name="dispute_list")
    def dispute_list() -> None: ...

    @app.get("/disputes/{reference}", name="dispute_detail")
    def dispute_detail(reference: str) -> None: ...

    return app


def test_route_paths_give_what_starlette_gives():
    app = _app()
    paths = RoutePaths(app)
    assert paths("dispute_list") == app.url_path_for("dispute_list") == "/disputes"
    assert paths("dispute_detail", reference="12-a b/c") == "/disputes/12-a%20b%2Fc"


@pytest.mark.parametrize(
    "value",
    ["", "12-a-title", "A_b.c~d-9", "12-a b", "a/b", "100%", "naïve", "q?x=1#y", "тест", "~/.."],
)
@pytest.mark.parametrize("safe", ["", "/"])
def test_a_segment_is_quoted_as_quote_quotes_it(value, safe):
    # Plain references skip quote(); whatever they give is what quote() gives.
    assert quote_segment(value, safe) == quote(value, safe=safe)


def test_a_route_asked_without_its_parameters_or_an_unknown_name_is_no_match():
    paths = RoutePaths(_app())
    with pytest.raises(NoMatchFound):
        paths("dispute_detail")
    with pytest.raises(NoMatchFound):
        paths("nowhere")


def _request(host: str, root_path: str = "") -> Request:
    return Request(
        {
            "type": "http",
            "app": _app(),
            "scheme": "http",
            "server": (host, 80),
            "path": "/x",
            "root_path": root_path,
            "headers": [(b"host", host.encode())],
            "query_string": b"",
        }
    )


def test_absolute_urls_begin_where_each_request_came(monkeypatch):
    from app.settings import get_settings
    from app.urls import absolute_url

    get_settings.cache_clear()
    monkeypatch.delenv("GAINSAY_PUBLIC_URL", raising=False)
    try:
        one, other = _request("one.example"), _request("other.example", "/sub")
        # The root is kept per request (in its scope), never shared between requests.
        for _ in range(2):
            assert absolute_url(one, "/disputes/3") == "http://one.example/disputes/3"
            assert absolute_url(other, "/disputes/3") == "http://other.example/sub/disputes/3"
        monkeypatch.setenv("GAINSAY_PUBLIC_URL", "https://gainsay.example/")
        get_settings.cache_clear()
        fresh = _request("one.example")
        assert absolute_url(fresh, "/a") == absolute_url(fresh, "/a") == "https://gainsay.example/a"
    finally:
        get_settings.cache_clear()
