"""The application's start-up (app/main.py)."""

import gc

from fastapi.testclient import TestClient

from app.main import create_app


def test_start_up_freezes_what_it_built_out_of_the_collectors_reach(app_database: str) -> None:
    gc.unfreeze()  # an earlier app of this test process may have frozen its own
    assert gc.get_freeze_count() == 0
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 0
