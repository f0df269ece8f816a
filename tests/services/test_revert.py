"""app.services.edit.revert: every noun whose history the site shows can be reverted."""

from app.services.edit.revert import RESTORERS
from app.web.history import ENTITIES


def test_every_entity_with_a_history_page_has_a_restorer() -> None:
    assert set(RESTORERS) == set(ENTITIES)
