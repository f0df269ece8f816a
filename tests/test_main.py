"""app.main: what the application sets up when it starts serving."""

import sys
from collections.abc import Iterator

import pytest

from app.main import create_app
from tests.conftest import TestClient, point_app_at


@pytest.fixture
def restored_switch_interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


@pytest.mark.parametrize("milliseconds", ["0.5", "2"])
def test_the_switch_interval_setting_is_applied_at_start_up(
    app_database: str,
    monkeypatch: pytest.MonkeyPatch,
    restored_switch_interval: None,
    milliseconds: str,
) -> None:
    point_app_at(monkeypatch, app_database, switch_interval_ms=milliseconds)
    sys.setswitchinterval(0.005)
    app = create_app()
    assert sys.getswitchinterval() == 0.005  # building the app changes nothing

    with TestClient(app):
        assert sys.getswitchinterval() == pytest.approx(float(milliseconds) / 1000)
