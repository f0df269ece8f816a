"""Every state-changing route of the app, enumerated from the route table, with who may call
it and a request that would succeed for someone allowed (used by test_permissions.py and
test_csrf.py).

A write route that is missing from the classification below, or that has no request here,
makes those tests fail: a new route has to be placed before it can ship."""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlmodel import Session
from starlette.routing import Mount

from app.api.concurrency import etag
from app.db import write_session
from app.models import (
    Actor,
    ApiToken,
    Article,
    Change,
    Claim,
    ClaimLink,
    ClaimSuggestion,
    CrossLinkSuggestion,
    Dispute,
    Note,
    User,
)
from app.schemas import ActorCreate, ClaimCreate, DisputeCreate, DisputeUpdate, NoteCreate
from app.services.accounts import set_disabled
from app.services.edit import actors as actor_edits
from app.services.edit import claims as claim_edits
from app.services.edit import disputes as dispute_edits
from app.services.edit import notes as note_edits
from app.vocabulary import Role
from tests.conftest import SeedIds
from tests.htmldoc import Element
from tests.workspace_fixtures import PASSWORD, add_user, api_token, open_session

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Who may call each write route. Anyone: signing in and out.
PUBLIC = frozenset({"sign_in_submit", "sign_out"})
# Any signed-in browser session (analyst or admin): one's own password and API tokens.
OWN_ACCOUNT = frozenset({"account_password", "account_token_create", "account_token_revoke"})
# Administrators only.
ADMIN_ONLY = frozenset(
    {
        "admin_user_create",
        "admin_user_disable",
        "admin_user_enable",
        "admin_user_role",
        "change_revert",
        "api_change_revert",
    }
)
# Analysts and administrators.
ANALYST = frozenset(
    {
        "claim_create",
        "claim_update",
        "claim_publish",
        "claim_delete",
        "link_create",
        "link_delete",
        "dispute_create",
        "dispute_update",
        "dispute_merge",
        "dispute_delete",
        "actor_create",
        "actor_update",
        "actor_delete",
        "note_create",
        "note_update",
        "note_delete",
        "import_submit",
        "suggestion_accept",
        "suggestion_reject",
        "cross_link_accept",
        "cross_link_reject",
        "api_cross_link_accept",
        "api_cross_link_reject",
        "api_claim_create",
        "api_claim_update",
        "api_claim_publish",
        "api_claim_delete",
        "api_link_create",
        "api_link_delete",
        "api_dispute_create",
        "api_dispute_update",
        "api_dispute_merge",
        "api_dispute_delete",
        "api_actor_create",
        "api_actor_update",
        "api_actor_delete",
        "api_note_create",
        "api_note_update",
        "api_note_delete",
        "api_article_import",
        "api_article_annotations_import",
        "api_suggestion_accept",
        "api_suggestion_reject",
    }
)
CLASSIFIED = PUBLIC | OWN_ACCOUNT | ADMIN_ONLY | ANALYST


@dataclass(frozen=True)
class WriteRoute:
    method: str
    path: str
    name: str

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.name})"


def write_routes(app: object) -> list[WriteRoute]:
    """Every (method, path, name) that may change state, read from the app's route table:
    routers included in the app (FastAPI wraps them; their effective contexts carry the full
    path), and routes added to the app itself. A mount other than the static files fails: its
    routes could not be checked."""
    found = []
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):
            contexts = [(c.path, c.methods, c.name) for c in route.effective_route_contexts()]
        elif isinstance(route, Mount):
            assert route.path == "/static", f"an unexpected mount at {route.path}"
            continue
        else:
            contexts = [(route.path, getattr(route, "methods", None), route.name)]
        for path, methods, name in contexts:
            for method in sorted(set(methods or ()) & UNSAFE):
                found.append(WriteRoute(method, path, name))
    return found


def required_role(route: WriteRoute) -> str:
    if route.name in PUBLIC:
        return "anyone"
    if route.name in OWN_ACCOUNT:
        return "signed-in"
    if route.name in ADMIN_ONLY:
        return Role.admin
    if route.name in ANALYST:
        return Role.analyst
    raise AssertionError(f"{route} is not classified in tests/write_routes.py")


# --- The objects the requests act on ------------------------------------------------------------


@dataclass
class Identity:
    """How a request says who sends it: cookies, a CSRF token, an Authorization header."""

    label: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str | None = None
    authorization: str | None = None
    user_id: int | None = None

    def headers(self, *, with_csrf: bool = True) -> dict[str, str]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.authorization:
            headers["Authorization"] = self.authorization
        if with_csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return headers


@dataclass
class Targets:
    """Real objects for every path parameter and request body (seed objects where the route
    leaves them usable, objects made here where it would use them up)."""

    seed: SeedIds
    article_id: int
    article_ref: str
    claim_id: int  # a published seed claim
    claim: dict[str, object]  # its fields as the edit form holds them
    claim_version: int
    link_target_id: int  # a claim `claim_id` is not linked to yet
    draft_id: int  # a draft claim nothing links to
    draft_version: int
    link_id: int
    link_version: int
    dispute_id: int
    dispute_version: int
    merge_target_id: int
    actor_id: int  # an actor nothing refers to
    actor_version: int
    note_id: int  # written by the analyst
    note_version: int
    change_id: int  # a change nothing has overwritten (revertable)
    suggestion_id: int
    cross_link_id: int  # proposed from a suggestion already accepted as the draft
    victim_id: int  # an analyst admins act on
    victim_name: str
    disabled_id: int
    tokens: dict[int, int]  # user id → the id of their API token
    token_secrets: dict[int, str]  # user id → that token
    free_quote: str  # words of the article no claim marks


# Sentences of seed article 000 that no seed claim marks.
FREE_QUOTES = (
    "Tens of thousands of Syrians have fled their homes in Aleppo's suburbs and are waiting "
    "on the Turkish border.",
    "The Syrian government holds the west of Aleppo city while the rebels hold the east, but "
    "the situation is largely reversed in the countryside.",
    "The UN Security Council is expected to discuss the humanitarian situation in Syria in a "
    "closed door meeting later on Wednesday.",
)
ARTICLE_FILE = "000_e76c41c0d3b84bab.txt"


def make_targets(
    engine: Engine, seed: SeedIds, analyst_id: int, token_owners: list[int]
) -> Targets:
    claim_id = seed.claims["konashenkov-us-a10-002"]
    article_id = seed.articles[ARTICLE_FILE]
    actors = seed.actors
    with write_session(engine) as session:
        article = session.get(Article, article_id)
        article_slug = article.slug
        draft = claim_edits.create_claim(
            session,
            ClaimCreate(
                article_id=article_id,
                kind="statement",
                statement="A draft nothing links to",
                claimant_id=actors["United Nations"],
                quote=FREE_QUOTES[1],
            ),
            analyst_id,
        )
        link = ClaimLink(
            source_id=seed.claims["zakharova-only-terrorists-000"],
            target_id=seed.claims["msf-azaz-camps-000"],
            kind="same_claim",
        )
        session.add(link)
        dispute = dispute_edits.create_dispute(
            session, DisputeCreate(title="Permission matrix dispute"), analyst_id
        )
        merge_target = dispute_edits.create_dispute(
            session, DisputeCreate(title="Permission matrix merge target"), analyst_id
        )
        actor = actor_edits.create_actor(
            session, ActorCreate(name="Permission matrix actor", kind="other"), analyst_id
        )
        note = note_edits.create_note(
            session, NoteCreate(claim_id=claim_id, body="A note by the analyst"), analyst_id
        )
        session.flush()
        # A change nothing overwrites afterwards: a summary set on a dispute of its own.
        revertable = dispute_edits.create_dispute(
            session, DisputeCreate(title="Permission matrix revert target"), analyst_id
        )
        dispute_edits.update_dispute(
            session, revertable.id, DisputeUpdate(summary="set, to be reverted"), 1, analyst_id
        )
        change_id = session.execute(
            select(Change.id).order_by(Change.id.desc()).limit(1)
        ).scalar_one()
        body = article.body
        start = body.index(FREE_QUOTES[2])
        suggestion = ClaimSuggestion(
            article_id=article_id,
            position=0,
            kind="statement",
            statement="UN Security Council to discuss Syria",
            quote=FREE_QUOTES[2],
            quote_start=start,
            quote_end=start + len(FREE_QUOTES[2]),
            claimant_id=actors["United Nations"],
            speaker_text="The UN Security Council",
        )
        session.add(suggestion)
        accepted = ClaimSuggestion(
            article_id=article_id,
            position=1,
            kind="statement",
            statement=draft.statement,
            quote=draft.quote,
            quote_start=draft.quote_start,
            quote_end=draft.quote_end,
            claimant_id=draft.claimant_id,
            status="accepted",
            claim_id=draft.id,
        )
        session.add(accepted)
        session.flush()
        cross_link = CrossLinkSuggestion(
            article_id=article_id,
            suggestion_id=accepted.id,
            target_claim_id=claim_id,
            kind="corroborates",
            score=4.0,
            reason="same place (Aleppo)",
        )
        session.add(cross_link)
        session.flush()
        stored = session.get(Claim, claim_id)
        claimant = session.get(Actor, stored.claimant_id)
        claim_fields = {
            "kind": stored.kind,
            "statement": stored.statement + " (edited)",
            "quote": stored.quote,
            "quote_start": str(stored.quote_start),
            "quote_end": str(stored.quote_end),
            "claimant": claimant.name,
            "event_place": stored.event_place,
            "event_time": stored.event_time,
        }
        ids = dict(
            draft_id=draft.id,
            link_id=link.id,
            dispute_id=dispute.id,
            merge_target_id=merge_target.id,
            actor_id=actor.id,
            note_id=note.id,
            suggestion_id=suggestion.id,
            cross_link_id=cross_link.id,
        )
        session.commit()
    victim_id, victim_name = add_user(engine, Role.analyst)
    disabled_id, _ = add_user(engine, Role.analyst)
    tokens = {}
    token_secrets = {owner: api_token(engine, owner, "matrix") for owner in token_owners}
    with Session(engine) as session:
        for owner in token_owners:
            tokens[owner] = session.execute(
                select(ApiToken.id).where(ApiToken.user_id == owner)
            ).scalar_one()
        versions = {
            model: session.get(model, obj_id).version
            for model, obj_id in (
                (Claim, claim_id),
                (Dispute, ids["dispute_id"]),
                (Actor, ids["actor_id"]),
                (Note, ids["note_id"]),
            )
        }
        draft_version = session.get(Claim, ids["draft_id"]).version
        link_version = session.get(ClaimLink, ids["link_id"]).version
    return Targets(
        seed=seed,
        article_id=article_id,
        article_ref=f"{article_id}-{article_slug}",
        claim_id=claim_id,
        claim=claim_fields,
        claim_version=versions[Claim],
        link_target_id=seed.claims["msf-bab-al-salameh-000"],
        draft_id=ids["draft_id"],
        draft_version=draft_version,
        link_id=ids["link_id"],
        link_version=link_version,
        dispute_id=ids["dispute_id"],
        dispute_version=versions[Dispute],
        merge_target_id=ids["merge_target_id"],
        actor_id=ids["actor_id"],
        actor_version=versions[Actor],
        note_id=ids["note_id"],
        note_version=versions[Note],
        change_id=change_id,
        suggestion_id=ids["suggestion_id"],
        cross_link_id=ids["cross_link_id"],
        victim_id=victim_id,
        victim_name=victim_name,
        disabled_id=disabled_id,
        tokens=tokens,
        token_secrets=token_secrets,
        free_quote=FREE_QUOTES[0],
    )


def disabled_identity(engine: Engine, user_id: int) -> tuple[Identity, Identity]:
    """A user's session cookie and API token from before an administrator disabled them."""
    cookie, csrf = open_session(engine, user_id)
    secret = api_token(engine, user_id, "before disabling")
    with write_session(engine) as session:
        set_disabled(session, session.get(User, user_id), True)
        session.commit()
    return (
        Identity("disabled user (old session)", {"gainsay_session": cookie}, csrf, None, user_id),
        Identity("disabled user (old token)", authorization=f"Bearer {secret}", user_id=user_id),
    )


# --- A request for every route -------------------------------------------------------------


@dataclass
class Call:
    """One request: the path filled in, a form or JSON body, extra headers, and the status
    that says it succeeded."""

    method: str
    path: str
    ok: int
    form: dict[str, object] | None = None
    json: dict[str, object] | None = None
    headers: dict[str, str] = field(default_factory=dict)


PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def fill(route: WriteRoute, t: Targets, acting_user: int | None) -> str:
    """The route's path with its parameters filled in with real objects."""
    by_route = {
        ("claim_publish", "claim_id"): t.draft_id,
        ("api_claim_publish", "claim_id"): t.draft_id,
        ("claim_delete", "claim_id"): t.draft_id,
        ("api_claim_delete", "claim_id"): t.draft_id,
        ("admin_user_enable", "user_id"): t.disabled_id,
    }
    by_param = {
        "reference": t.article_ref,
        "article_id": t.article_id,
        "claim_id": t.claim_id,
        "link_id": t.link_id,
        "dispute_id": t.dispute_id,
        "actor_id": t.actor_id,
        "note_id": t.note_id,
        "change_id": t.change_id,
        "suggestion_id": t.suggestion_id,
        "cross_link_id": t.cross_link_id,
        "user_id": t.victim_id,
        "token_id": t.tokens.get(acting_user, next(iter(t.tokens.values()))),
    }

    def value(match: re.Match) -> str:
        param = match.group(1)
        if (route.name, param) in by_route:
            return str(by_route[(route.name, param)])
        assert param in by_param, f"{route}: no real object for the path parameter {param!r}"
        return str(by_param[param])

    return PARAM.sub(value, route.path)


def if_match(entity: str, obj_id: int, version: int) -> dict[str, str]:
    return {"If-Match": etag(entity, obj_id, version)}


ARTICLE_TEXT = (
    "Aid convoy reaches besieged town\n\n"
    "A convoy of 40 trucks reached the besieged town on Tuesday, the local council said.\n\n"
    "The council said at least 12,000 people had been without food for a month.\n\n"
    "Government officials denied that the town had been under siege at all."
)

BODIES: dict[str, Callable[[Targets, str], Call]] = {
    # The functions take the targets and the path, and return the request.
    "sign_in_submit": lambda t, p: Call(
        "POST", p, 303, form={"username": t.victim_name, "password": PASSWORD, "next": "/"}
    ),
    "sign_out": lambda t, p: Call("POST", p, 303, form={}),
    "account_password": lambda t, p: Call(
        "POST",
        p,
        303,
        form={
            "current_password": PASSWORD,
            "new_password": "a brand new password 99",
            "confirm_password": "a brand new password 99",
        },
    ),
    "account_token_create": lambda t, p: Call("POST", p, 201, form={"name": "nightly"}),
    "account_token_revoke": lambda t, p: Call("POST", p, 303, form={}),
    "admin_user_create": lambda t, p: Call(
        "POST",
        p,
        303,
        form={
            "username": f"new-{secrets.token_hex(3)}",
            "role": "analyst",
            "password": PASSWORD,
            "display_name": "New",
        },
    ),
    "admin_user_disable": lambda t, p: Call("POST", p, 303, form={}),
    "admin_user_enable": lambda t, p: Call("POST", p, 303, form={}),
    "admin_user_role": lambda t, p: Call("POST", p, 303, form={"role": "admin"}),
    "change_revert": lambda t, p: Call("POST", p, 303, form={}),
    "claim_create": lambda t, p: Call(
        "POST",
        p,
        303,
        form={
            "kind": "allegation",
            "statement": "Tens of thousands have fled to the Turkish border",
            "quote": t.free_quote,
            "claimant": "Syrian Observatory for Human Rights",
            "dispute_ids": [str(t.dispute_id)],
            "figure_low": ["10000"],
            "figure_high": [""],
            "figure_qualifier": ["tens of thousands"],
            "figure_counts": ["displaced"],
            "figure_text": ["Tens of thousands of Syrians"],
        },
    ),
    "claim_update": lambda t, p: Call(
        "POST", p, 303, form={**t.claim, "version": str(t.claim_version)}
    ),
    "claim_publish": lambda t, p: Call("POST", p, 303, form={"version": str(t.draft_version)}),
    "claim_delete": lambda t, p: Call("POST", p, 303, form={"version": str(t.draft_version)}),
    "link_create": lambda t, p: Call(
        "POST", p, 303, form={"kind": "rebuts", "other": f"#{t.link_target_id}", "note": "n"}
    ),
    "link_delete": lambda t, p: Call(
        "POST", p, 303, form={"version": str(t.link_version), "back": str(t.claim_id)}
    ),
    "dispute_create": lambda t, p: Call(
        "POST", p, 303, form={"title": "A new dispute", "summary": "", "status": "open"}
    ),
    "dispute_update": lambda t, p: Call(
        "POST",
        p,
        303,
        form={
            "version": str(t.dispute_version),
            "title": "Permission matrix dispute, renamed",
            "summary": "Summed up",
            "status": "contested",
            "grade": "weak",
            "grade_note": "One source",
        },
    ),
    "dispute_merge": lambda t, p: Call(
        "POST",
        p,
        303,
        form={"version": str(t.dispute_version), "target_id": str(t.merge_target_id)},
    ),
    "dispute_delete": lambda t, p: Call("POST", p, 303, form={"version": str(t.dispute_version)}),
    "actor_create": lambda t, p: Call(
        "POST", p, 303, form={"name": "A new actor", "kind": "ngo", "parent": "", "aliases": ""}
    ),
    "actor_update": lambda t, p: Call(
        "POST",
        p,
        303,
        form={
            "version": str(t.actor_version),
            "name": "Permission matrix actor, renamed",
            "kind": "ngo",
            "parent": "United Nations",
            "aliases": "PMA",
            "description": "",
        },
    ),
    "actor_delete": lambda t, p: Call("POST", p, 303, form={"version": str(t.actor_version)}),
    "note_create": lambda t, p: Call(
        "POST", p, 303, form={"body": "A new note", "claim_id": str(t.claim_id)}
    ),
    "note_update": lambda t, p: Call(
        "POST",
        p,
        303,
        form={"version": str(t.note_version), "body": "Edited", "visibility": "analysts"},
    ),
    "note_delete": lambda t, p: Call("POST", p, 303, form={"version": str(t.note_version)}),
    "import_submit": lambda t, p: Call(
        "POST", p, 200, form={"text": ARTICLE_TEXT, "title": "Aid convoy", "outlet": ""}
    ),
    "suggestion_accept": lambda t, p: Call("POST", p, 303, form={}),
    "suggestion_reject": lambda t, p: Call("POST", p, 303, form={}),
    "cross_link_accept": lambda t, p: Call("POST", p, 303, form={}),
    "cross_link_reject": lambda t, p: Call("POST", p, 303, form={}),
    "api_cross_link_accept": lambda t, p: Call("POST", p, 200),
    "api_cross_link_reject": lambda t, p: Call("POST", p, 200),
    "api_suggestion_accept": lambda t, p: Call("POST", p, 200, json={}),
    "api_suggestion_reject": lambda t, p: Call("POST", p, 200),
    "api_claim_create": lambda t, p: Call(
        "POST",
        p,
        201,
        json={
            "article_id": t.article_id,
            "kind": "allegation",
            "statement": "Tens of thousands have fled to the Turkish border",
            "claimant_id": t.seed.actors["Syrian Observatory for Human Rights"],
            "quote": t.free_quote,
        },
    ),
    "api_claim_update": lambda t, p: Call(
        "PATCH",
        p,
        200,
        json={"statement": "Changed through the API"},
        headers=if_match("claim", t.claim_id, t.claim_version),
    ),
    "api_claim_publish": lambda t, p: Call(
        "POST", p, 200, headers=if_match("claim", t.draft_id, t.draft_version)
    ),
    "api_claim_delete": lambda t, p: Call(
        "DELETE", p, 204, headers=if_match("claim", t.draft_id, t.draft_version)
    ),
    "api_link_create": lambda t, p: Call(
        "POST",
        p,
        201,
        json={"source_id": t.claim_id, "target_id": t.link_target_id, "kind": "rebuts"},
    ),
    "api_link_delete": lambda t, p: Call(
        "DELETE", p, 204, headers=if_match("link", t.link_id, t.link_version)
    ),
    "api_dispute_create": lambda t, p: Call("POST", p, 201, json={"title": "An API dispute"}),
    "api_dispute_update": lambda t, p: Call(
        "PATCH",
        p,
        200,
        json={"summary": "Summed up"},
        headers=if_match("dispute", t.dispute_id, t.dispute_version),
    ),
    "api_dispute_merge": lambda t, p: Call(
        "POST",
        p,
        200,
        json={"target_id": t.merge_target_id},
        headers=if_match("dispute", t.dispute_id, t.dispute_version),
    ),
    "api_dispute_delete": lambda t, p: Call(
        "DELETE", p, 204, headers=if_match("dispute", t.dispute_id, t.dispute_version)
    ),
    "api_actor_create": lambda t, p: Call(
        "POST", p, 201, json={"name": "An API actor", "kind": "ngo"}
    ),
    "api_actor_update": lambda t, p: Call(
        "PATCH",
        p,
        200,
        json={"description": "Described"},
        headers=if_match("actor", t.actor_id, t.actor_version),
    ),
    "api_actor_delete": lambda t, p: Call(
        "DELETE", p, 204, headers=if_match("actor", t.actor_id, t.actor_version)
    ),
    "api_note_create": lambda t, p: Call(
        "POST", p, 201, json={"claim_id": t.claim_id, "body": "An API note"}
    ),
    "api_note_update": lambda t, p: Call(
        "PATCH",
        p,
        200,
        json={"body": "Edited through the API"},
        headers=if_match("note", t.note_id, t.note_version),
    ),
    "api_note_delete": lambda t, p: Call(
        "DELETE", p, 204, headers=if_match("note", t.note_id, t.note_version)
    ),
    "api_change_revert": lambda t, p: Call("POST", p, 201),
    "api_article_import": lambda t, p: Call(
        "POST", p, 201, json={"body": ARTICLE_TEXT, "title": "Aid convoy"}
    ),
    "api_article_annotations_import": lambda t, p: Call(
        "POST",
        p,
        201,
        json={
            "type": "AnnotationPage",
            "items": [
                {
                    "type": "Annotation",
                    "body": {"type": "TextualBody", "value": "Many fled to the border"},
                    "creator": {"name": "Syrian Observatory for Human Rights"},
                    "target": {"selector": {"type": "TextQuoteSelector", "exact": t.free_quote}},
                }
            ],
        },
    ),
}


def call_for(route: WriteRoute, t: Targets, acting_user: int | None = None) -> Call:
    assert route.name in BODIES, f"{route}: tests/write_routes.py has no request for it"
    call = BODIES[route.name](t, fill(route, t, acting_user))
    assert call.method == route.method, (route, call.method)
    return call


def send(
    client: object,
    call: Call,
    identity: Identity,
    *,
    with_csrf: bool = True,
    extra_headers: dict[str, str] | None = None,
) -> object:
    """Send the call as `identity`: its cookies and Authorization header, and its CSRF token
    both as the form field and as the header (as a page's form and htmx would)."""
    client.cookies.clear()
    headers = {**identity.headers(with_csrf=with_csrf), **call.headers, **(extra_headers or {})}
    kwargs: dict[str, object] = {"headers": headers, "follow_redirects": False}
    if call.form is not None:
        form = dict(call.form)
        if with_csrf and identity.csrf:
            form["csrf_token"] = identity.csrf
        kwargs["data"] = form
    elif call.json is not None:
        kwargs["json"] = call.json
    return client.request(call.method, call.path, **kwargs)


def form_fields(form: Element) -> dict[str, list[str]]:
    """What a browser would submit for a form as it stands (the values it shows)."""
    fields: dict[str, list[str]] = {}
    for el in form.iter():
        name = el.get("name")
        if not name or "disabled" in el.attrs:
            continue
        if el.tag == "input":
            kind = (el.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in el.attrs:
                    value = el.get("value")
                    fields.setdefault(name, []).append("on" if value is None else value)
                continue
            fields.setdefault(name, []).append(el.get("value") or "")
        elif el.tag == "textarea":
            fields.setdefault(name, []).append(el.text.removeprefix("\n"))
        elif el.tag == "select":
            options = el.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            for option in chosen:
                value = option.get("value")
                fields.setdefault(name, []).append(value if value is not None else option.text)
    return fields
