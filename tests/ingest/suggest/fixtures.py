"""Small invented actors and helpers shared by the suggestion engine's tests."""

from app.ingest.suggest import ActorDirectory, Suggestion, suggest_claims

ACTORS = ActorDirectory(
    [
        (1, "Orvan Monitor for Civil Rights", "monitor", ["OMCR", "the Observatory"]),
        (2, "Tessaly government", "government", ["Tessaly"]),
        (3, "Tessalian Defence Ministry", "ministry", ["the ministry"], 2),
        (4, "Pel Arkady", "person", ["Arkady"], 3),
        (5, "Blue Crescent Rescue", "rescue_group", []),
        (6, "Harbour Post", "media", []),
        (7, "Valen Mining", "other", ["Valen"]),
    ]
)


def only(suggestions: list[Suggestion]) -> Suggestion:
    assert len(suggestions) == 1, suggestions
    return suggestions[0]


def suggest_by_rules(
    body: str, actors: ActorDirectory, *, publisher: str | None = None
) -> list[Suggestion]:
    """The engine with the rules' kinds and the hand-set link weights alone, without the learned
    kind model and link scorer that the pipeline runs instead: what the crafted tests of the
    rule stages (attribution, kinds, sides, links) check. The models are tested on their own
    (test_kind_model.py, test_link_model.py) and, with the whole engine, against the gold files
    (tests/ingest/test_evaluation.py, the link floors)."""
    return suggest_claims(body, actors, publisher=publisher, kind_model=None, link_model=None)
