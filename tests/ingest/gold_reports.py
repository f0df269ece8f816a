"""The development gold files' reports, each computed once per test session (seed actors only):
the floor tests of the figures, the denial types and the links read the same report."""

from functools import cache

from app.ingest.evaluation import evaluate_file
from app.ingest.gold import GOLD_DIR
from app.ingest.suggest import ActorDirectory
from app.ingest.suggestion_scoring import EvaluationReport


@cache
def seed_actor_report(name: str) -> EvaluationReport:
    """The engine's report on the gold file `name` (relative to the gold directory)."""
    return evaluate_file(GOLD_DIR / name, ActorDirectory.from_seed_annotations())
