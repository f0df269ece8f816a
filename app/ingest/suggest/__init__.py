"""Candidate claims for an imported article: sentences that attribute an assertion to someone.

`suggest_claims(body, actors)` reads the stored body and proposes, in text order, each
attributed sentence ("X said …", "according to X", "…,” X said", "X denied …") with its kind,
its claimant (matched to a known actor where possible), the figures it states, its anchor in the
body and likely links to the other suggestions (a denial rebuts the allegation it answers).

It is rule-based and runs offline, one module per stage (`pipeline` runs them in order):
`sentences` (pysbd), `attribution` (reporting verbs and the speaker's words), `speakers` (the
words resolved to an actor), `kinds`, `sides` (who accuses, who is accused, who is neither),
figures (`app.ingest.figures`, text2num for spelled-out numbers) and `links`. Nothing here
knows any particular article, actor or conflict.
"""

from app.ingest.suggest.actors import ActorDirectory, ActorRow, KnownActor, normalise_name
from app.ingest.suggest.model import SuggestedLink, Suggestion
from app.ingest.suggest.pipeline import suggest_claims

__all__ = [
    "ActorDirectory",
    "ActorRow",
    "KnownActor",
    "SuggestedLink",
    "Suggestion",
    "normalise_name",
    "suggest_claims",
]
