"""The application's start-up (app/main.py)."""

import asyncio
import gc
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app, preload_then_freeze
from tests.test_page_cache import CountingApp, Feed, stored_by_a_worker, worker


def test_start_up_freezes_what_it_built_out_of_the_collectors_reach(app_database: str) -> None:
    gc.unfreeze()  # an earlier app of this test process may have frozen its own
    assert gc.get_freeze_count() == 0
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 0


def test_the_pages_a_starting_worker_preloads_are_frozen_with_it(tmp_path: Path) -> None:
    stored_by_a_worker(tmp_path / "pages", 1, 2, 3)
    after = worker(CountingApp(), Feed(), tmp_path / "pages")
    after.cache.refresh()  # the feed's first read, as the lifespan does first
    gc.unfreeze()
    try:
        asyncio.run(preload_then_freeze(after.cache))

        assert len(after.cache.entries) == 3
        # Frozen objects are in no generation: the collector's passes no longer walk them.
        walked = {id(o) for o in gc.get_objects()}
        assert not walked & {id(entry) for entry in after.cache.entries.values()}
    finally:
        gc.unfreeze()
