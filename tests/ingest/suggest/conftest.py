"""The crafted tests of the stages read the rules' kinds: the learned kind model that follows
them (app/ingest/suggest/kind_model.py) is tested on its own (test_kind_model.py) and, with the
rest of the engine, against the gold files (the tests marked `kind_model`, and
tests/ingest/test_evaluation.py)."""

import pytest

from app.ingest.suggest import kind_model


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "kind_model: runs the engine with its learned kind model (the default)"
    )


class _RulesOnly:
    def decide(self, units, context, dispute):
        """Leave the rules' kinds as they are."""


@pytest.fixture(autouse=True)
def rules_kinds(request, monkeypatch):
    if request.node.get_closest_marker("kind_model") is None:
        monkeypatch.setattr(kind_model, "packaged_model", _RulesOnly)
