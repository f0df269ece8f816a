"""Property-based fuzzing of the JSON API from its own OpenAPI document (/openapi.json), with
schemathesis calling the app in-process (ASGI).

Every answer must not be a server error, must have a status code the document lists for the
operation, with the documented content type, headers and body schema, and, for input that
breaks the schema (negative data), must be a 4xx refusal. Anonymous callers never get a 2xx
from the write or import routes.

Three phases, each run signed in as an analyst (Bearer API token) and anonymously (the
positive one also with a token that is not valid):
- positive: schema-valid requests to every operation;
- negative: requests of which some part breaks the schema;
- stateful: chains of calls where an answer's ids feed the next request (the links that
  schemathesis infers from the schema), with valid and invalid data mixed.

Profiles (tests/reliability_fixtures.py): the quick one by default, GAINSAY_LONG_TESTS=1 for
the long one. Every run counts the cases it executed and fails below its floor; the floors add
up to at least MIN_CASES. GAINSAY_FUZZ_SEED=N explores with another seed (tests/fuzz_fixtures.py).
The module writes to its own copy of the seeded database.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis import Case, GenerationMode, Response
from schemathesis.schemas import BaseSchema
from sqlalchemy import Engine

from app.main import create_app
from app.vocabulary import Role
from tests import workspace_fixtures as ws
from tests.fuzz_fixtures import (
    RESPONSE_CHECKS,
    STATEFUL_CHECKS,
    Identity,
    Tally,
    anonymous_cannot_write,
    checks,
    copy_database,
    describe,
    fuzz_settings,
    seeded,
    takes_if_match,
)
from tests.reliability_fixtures import profile

pytestmark = pytest.mark.sqlite_only(
    reason="the fuzzing runs once, on SQLite: it checks the API's contract, not the engine"
)

db_path = ws.db_path  # this module writes: a private copy of the seeded database

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
MIN_CASES = profile(quick=1_000, long=20_000)
# Examples per operation for the per-operation runs, by (identity, mode). Anonymous calls to
# the write routes all end at the same 401, so they get fewer.
PER_OPERATION: dict[tuple[str, GenerationMode], int] = {
    ("analyst", POSITIVE): profile(quick=15, long=300),
    ("analyst", NEGATIVE): profile(quick=12, long=250),
    ("anonymous", POSITIVE): profile(quick=5, long=100),
    ("anonymous", NEGATIVE): profile(quick=5, long=100),
    # A revoked or mistyped token: every route that looks at the caller must refuse it, with
    # a documented 401.
    ("bad-token", POSITIVE): profile(quick=4, long=40),
}
# Scenarios and the most steps in each, for the stateful runs.
STATEFUL: dict[str, tuple[int, int]] = {
    "analyst": profile(quick=(30, 10), long=(600, 10)),
    "anonymous": profile(quick=(15, 10), long=(300, 10)),
}
# The cases each run must have executed (not merely asked for: Hypothesis stops early when it
# runs out of distinct inputs).
FLOORS: dict[str, int] = {
    "analyst-positive": profile(quick=400, long=8_000),
    "analyst-negative": profile(quick=310, long=6_500),
    "anonymous-positive": profile(quick=125, long=2_500),
    "anonymous-negative": profile(quick=125, long=2_500),
    "bad-token-positive": profile(quick=100, long=1_000),
    "analyst-stateful": profile(quick=150, long=3_000),
    "anonymous-stateful": profile(quick=75, long=1_500),
}
# A stale ETag, so that 412 answers are fuzzed too.
IF_MATCH = st.sampled_from(("*", None, '"claim-1-v0"'))
# Ids the seeded database holds (51 claims, 39 actors, 29 links, 7 disputes, 5 articles) and
# a few more the run creates. Random 64-bit ids almost never name a stored object, and a case
# that stops at 404 never reaches the code behind it.
STORED_ID = st.integers(min_value=1, max_value=60)


@pytest.fixture(scope="module", autouse=True)
def hypothesis_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Hypothesis keeps caches (constants found in the code, Unicode tables) in .hypothesis/
    under the working directory: keep them out of the repository."""
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    yield
    set_hypothesis_home_dir(None)


@pytest.fixture(scope="module")
def fuzz_app(app_database: str) -> FastAPI:
    return create_app()


@pytest.fixture(scope="module")
def api_schema(fuzz_app: FastAPI) -> BaseSchema:
    # An explicit, empty configuration: no schemathesis.toml found on disk changes the run.
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app, config=schemathesis.Config())


@pytest.fixture(scope="module")
def identities(engine: Engine) -> dict[str, Identity]:
    user_id, _ = ws.add_user(engine, Role.analyst)
    return {
        "analyst": Identity("analyst", ws.api_token(engine, user_id, "fuzzing"), valid=True),
        "anonymous": Identity("anonymous"),
        "bad-token": Identity("bad-token", "gsy_not-a-token-anyone-was-given"),
    }


def extra_checks(identity: Identity) -> list[Callable[..., Any]]:
    return [] if identity.valid else [anonymous_cannot_write]


def aim_at_stored_objects(case: Case, data: st.DataObject) -> None:
    """Let some of a valid case's ids (path and top-level body fields named *_id) name stored
    objects, so that edits, links, notes and merges get past 404 to the services."""
    containers = [case.path_parameters, case.body if isinstance(case.body, dict) else {}]
    for container in containers:
        for name, value in container.items():
            if name.endswith("_id") and isinstance(value, int) and data.draw(st.booleans()):
                container[name] = data.draw(STORED_ID)


def fuzz_operations(
    schema: BaseSchema, identity: Identity, mode: GenerationMode, per_operation: int
) -> Tally:
    """`per_operation` cases of the given mode for every operation; failures are collected
    (one per operation, shrunk) so that one run reports them all."""
    tally = Tally()
    response_checks = checks(*RESPONSE_CHECKS) + extra_checks(identity)
    for result in schema.get_all_operations():
        operation = result.ok()

        @seeded
        @fuzz_settings(max_examples=per_operation)
        @given(case=operation.as_strategy(generation_mode=mode), if_match=IF_MATCH, data=st.data())
        def fuzz(case: Case, if_match: str | None, data: st.DataObject) -> None:
            if mode is POSITIVE:
                aim_at_stored_objects(case, data)
            headers = identity.headers
            if if_match is not None and takes_if_match(case):
                headers |= {"If-Match": if_match}
            response = case.call(headers=headers)
            tally.record(case, response)
            case.validate_response(
                response, checks=response_checks, headers=headers, transport_kwargs={}
            )

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis' FailureGroup included
            tally.errors.append(f"{operation.label}:\n{describe(error)}")
    return tally


def fuzz_statefully(
    schema: BaseSchema, identity: Identity, scenarios: int, steps: int, database: Path
) -> Tally:
    """Scenarios of up to `steps` linked calls. Each starts from the same database: Hypothesis
    replays scenarios (to shrink, and to explore around them), and a replay that met other
    data would take other branches, which it reports as flaky generation."""
    tally = Tally()
    response_checks = checks(*RESPONSE_CHECKS, *STATEFUL_CHECKS) + extra_checks(identity)
    start = database.with_name(f"{database.stem}-stateful-start.db")
    copy_database(database, start)

    class Workflow(schema.as_state_machine()):
        def setup(self) -> None:
            copy_database(start, database)

        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            headers = identity.headers
            if identity.valid and takes_if_match(case):
                # Edit whatever version is current, so that the chains reach the services'
                # code rather than stopping at 428 (the other runs fuzz If-Match itself).
                headers |= {"If-Match": "*"}
            return {"headers": headers}

        def after_call(self, response: Response, case: Case) -> None:
            super().after_call(response, case)
            tally.record(case, response)

        def validate_response(
            self,
            response: Response,
            case: Case,
            additional_checks: list[Callable[..., Any]] | None = None,
            **kwargs: Any,
        ) -> None:
            case.validate_response(
                response,
                checks=response_checks,
                headers=kwargs.get("headers"),
                transport_kwargs={},
                recorder=self.recorder,
            )

    try:
        seeded(Workflow).run(
            settings=fuzz_settings(max_examples=scenarios, stateful_step_count=steps)
        )
    except (Exception, BaseExceptionGroup) as error:
        tally.errors.append(f"stateful:\n{describe(error)}")
    return tally


def assert_clean(tally: Tally, run: str) -> None:
    assert tally.errors == [], f"{run}: {len(tally.errors)} failure(s)\n\n" + "\n\n".join(
        tally.errors
    )
    assert tally.cases >= FLOORS[run], f"{run}: only {tally.summary()}; at least {FLOORS[run]}"


def test_floors_add_up_to_the_profile_minimum():
    assert sum(FLOORS.values()) >= MIN_CASES
    assert {f"{who}-{mode.value}" for who, mode in PER_OPERATION} | {
        f"{who}-stateful" for who in STATEFUL
    } == set(FLOORS)


@pytest.mark.parametrize(
    ("who", "mode"), list(PER_OPERATION), ids=[f"{w}-{m.value}" for w, m in PER_OPERATION]
)
def test_every_operation(api_schema, identities, who, mode):
    run = f"{who}-{mode.value}"
    tally = fuzz_operations(api_schema, identities[who], mode, PER_OPERATION[(who, mode)])
    print(f"{run}: {tally.summary()}")
    assert_clean(tally, run)
    if run == "analyst-positive":
        # Aimed at stored objects, valid edits get past 404 and 428 to the services.
        writes = sorted(op for op in tally.succeeded() if not op.startswith("GET "))
        assert len(writes) >= 3, writes


@pytest.mark.parametrize("who", ["analyst", "anonymous"])
def test_stateful(api_schema, identities, db_path, who):
    run = f"{who}-stateful"
    scenarios, steps = STATEFUL[who]
    tally = fuzz_statefully(api_schema, identities[who], scenarios, steps, db_path)
    print(f"{run}: {tally.summary()}")
    assert_clean(tally, run)
    if who == "analyst":
        # The chains reach the services: creations and the edits that follow them succeed.
        succeeded = tally.succeeded()
        assert {
            "POST /api/disputes",
            "PATCH /api/disputes/{dispute_id}",
            "DELETE /api/disputes/{dispute_id}",
        } <= succeeded, sorted(succeeded)
