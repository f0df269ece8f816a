"""Small invented actors and helpers shared by the suggestion engine's tests."""

from app.ingest.suggest import ActorDirectory, Suggestion

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
