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


def test_the_claims_are_paired_once_for_the_kinds_first_link_pass_and_the_link_stage(
    monkeypatch,
):
    from app.ingest.suggest import links

    body = (
        "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
        "The Tessalian Defence Ministry denied the report, calling it a fabrication."
    )
    expected = suggest_claims(body, ACTORS)
    read = []
    real = links.Pairing.__init__

    def counted(self, units, actors):
        read.append(len(units))
        real(self, units, actors)

    monkeypatch.setattr(links.Pairing, "__init__", counted)
    assert suggest_claims(body, ACTORS) == expected
    assert read == [2]
    # Without a kind model the link stage still reads them once.
    suggest_claims(body, ACTORS, kind_model=None)
    assert read == [2, 2]
