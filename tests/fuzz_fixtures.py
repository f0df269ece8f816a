"""Helpers for the property-based fuzzing of the JSON API (tests/api/test_api_fuzz.py): who calls,
which checks every answer must pass, reproducible Hypothesis settings, and a tally of the cases
that actually ran.

Reproducible: Hypothesis is derandomized and keeps no example database, so a run depends on
the code alone; GAINSAY_FUZZ_SEED=N explores with another seed (a failure report names it).
"The code" is the whole project's: Hypothesis also draws literals from the project modules that
are loaded when it generates (`load_the_whole_project`).
"""

import importlib
import os
import pkgutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import Case, CheckContext, Response
from schemathesis.core.failures import AcceptedNegativeData

SEED_VARIABLE = "GAINSAY_FUZZ_SEED"
# The write API's routers: nothing there is for anonymous callers (see `anonymous_cannot_write`).
SIGNED_IN_TAGS = frozenset({"write", "import"})
# The routes that take If-Match (app/api/writes.py `_if_match`).
IF_MATCH_METHODS = frozenset({"PATCH", "DELETE"})
IF_MATCH_SUFFIXES = ("/publish", "/merge")

F = TypeVar("F", bound=Callable[..., Any])


def fuzz_seed() -> int | None:
    raw = os.environ.get(SEED_VARIABLE, "").strip()
    return int(raw) if raw else None


# Imported only by the import workers' forkserver: importing it runs the suggestion engine.
NOT_LOADED = frozenset({"app.ingest.worker_preload"})


def load_the_whole_project() -> None:
    """Import every module of `app` and `bench`. Hypothesis (6.131 on) mixes into what it
    generates the literals of the project's modules loaded at that moment (not the tests'): with
    only those that this run's collected test modules happened to import, the same seed made
    other requests alone than in the whole suite."""
    for package_name in ("app", "bench"):
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if module.name not in NOT_LOADED:
                importlib.import_module(module.name)


def fuzz_settings(**options: Any) -> hypothesis.settings:
    """Hypothesis settings for one fuzzing run (`max_examples`, `stateful_step_count`, …), with
    the whole project loaded first (`load_the_whole_project`)."""
    load_the_whole_project()
    return hypothesis.settings(
        # No .hypothesis/ folder in the repository, and no replay of earlier runs' failures:
        # what runs depends on the code and the seed alone.
        database=None,
        derandomize=fuzz_seed() is None,
        # In-process calls are fast, but their time varies with the machine's load.
        deadline=None,
        # Schemathesis builds large strategies from the schema; Hypothesis' complaints about
        # their size or generation speed say nothing about the API.
        suppress_health_check=list(HealthCheck),
        # No `explain` phase: it replays each failure many times over a database that changes.
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        print_blob=False,
        **options,
    )


def seeded(target: F) -> F:
    """Apply GAINSAY_FUZZ_SEED (when set) to a Hypothesis test or a state machine class."""
    seed = fuzz_seed()
    return target if seed is None else hypothesis.seed(seed)(target)


@dataclass(frozen=True)
class Identity:
    """Who calls the API: an analyst with a valid API token, an anonymous reader, or someone
    whose token is not valid (for the checks, the last two are strangers alike)."""

    name: str
    token: str | None = None
    valid: bool = False

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def takes_if_match(case: Case) -> bool:
    return case.method.upper() in IF_MATCH_METHODS or case.path.endswith(IF_MATCH_SUFFIXES)


def anonymous_cannot_write(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """No write or import route ever succeeds for a caller without valid credentials."""
    if SIGNED_IN_TAGS & set(case.operation.schema.get_tags(case.operation) or ()):
        assert response.status_code >= 400, (
            f"{case.operation.label} answered {response.status_code} to an anonymous caller"
        )
    return None


def _trimmed(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_trimmed(item) for item in value]
    if isinstance(value, dict):
        return {key: _trimmed(item) for key, item in value.items()}
    return value


def negative_data_rejected(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """schemathesis' negative_data_rejection, but for a body that breaks the schema only until
    its text is trimmed (" " plus 300 characters for a 300-character title): the API trims
    text before it checks it, and its request schemas say so (app/schemas.py `Input`). A body
    over the size cap is refused before it is read, with a 413 (app/limits.py): a refusal too,
    which schemathesis' list of refusing statuses lacks."""
    if response.status_code == 413:
        return None
    try:
        return schemathesis.checks.negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        bodies = [body for body in case.operation.body if body.media_type == case.media_type]
        if not any(body.is_valid(_trimmed(case.body)) for body in bodies):
            raise
    return None


# Every answer, in every phase. Left out, with reasons:
# - positive_data_acceptance: it wants a 2xx for every schema-valid request, but many refusals
#   depend on what is stored, not on the request's shape (a claim naming an article that does
#   not exist, an actor name already taken, a claim linked to itself, a quote not in the
#   article: 422; a stale If-Match: 412). The checks below still hold those answers to the
#   documented status codes and problem-detail schema.
# - use_after_free, ensure_resource_availability: added for the stateful phase only, which
#   keeps the history of calls they need.
# - max_response_time: the budget is for correctness; timing belongs to bench/.
RESPONSE_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
STATEFUL_CHECKS = ("use_after_free", "ensure_resource_availability")


def describe(error: BaseException) -> str:
    """A failure for the report: schemathesis' own account of a failed check, or the exception
    the app raised with the notes schemathesis adds to it (the curl command that repeats it)."""
    if isinstance(error, BaseExceptionGroup):
        return str(error)
    return "\n".join([f"{type(error).__name__}: {error}", *getattr(error, "__notes__", ())])


def checks(*names: str) -> list[Callable[..., Any]]:
    """schemathesis' checks by name, and negative data rejected (ours, above)."""
    return [getattr(schemathesis.checks, name) for name in names] + [negative_data_rejected]


@dataclass
class Tally:
    """The cases one run executed: how many, and the status codes they got by operation."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(self.statuses.values())

    def record(self, case: Case, response: Response) -> None:
        self.statuses[(case.operation.label, response.status_code)] += 1

    def succeeded(self) -> set[str]:
        """Operations that answered at least one 2xx."""
        return {label for (label, status), _ in self.statuses.items() if 200 <= status < 300}

    def summary(self) -> str:
        by_class = Counter(f"{status // 100}xx" for (_, status) in self.statuses.elements())
        return f"{self.cases} cases, " + ", ".join(f"{k}: {v}" for k, v in sorted(by_class.items()))


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through SQLite's backup API: safe while the app
    has the target open (its idle connections, and its page cache, see the new data)."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target, timeout=30)) as dst,
    ):
        src.backup(dst)
