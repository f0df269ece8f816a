"""app/ingest/suggest/pipeline.py: the stages together."""

import pytest

from app.ingest.suggest import suggest_claims
from tests.ingest.suggest.fixtures import ACTORS


def test_suggestions_are_in_text_order_and_frozen():
    body = (
        "Blue Crescent Rescue said 14 people were injured.\n\n"
        "Tessaly denied the report. “It is fabricated,” Arkady said."
    )
    suggestions = suggest_claims(body, ACTORS)
    starts = [s.anchor.start for s in suggestions]
    assert starts == sorted(starts) and len(starts) == 3
    with pytest.raises(AttributeError):
        suggestions[0].kind = "statement"  # type: ignore[misc]
