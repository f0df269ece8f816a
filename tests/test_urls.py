import pytest
from fastapi import FastAPI
from starlette.routing import NoMatchFound

from app.urls import RoutePaths


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


def test_a_route_asked_without_its_parameters_or_an_unknown_name_is_no_match():
    paths = RoutePaths(_app())
    with pytest.raises(NoMatchFound):
        paths("dispute_detail")
    with pytest.raises(NoMatchFound):
        paths("nowhere")
