"""The write API for analysts' scripts (Authorization: Bearer <token>) and for the browser
(session cookie plus X-CSRF-Token). Each route calls the same service as its HTML form. The
routes come noun by noun, in the order claims, links, disputes, actors, notes, history.

A write crosses from the event loop to a thread once (`in_one_call`): who is asking, may they,
the change, the answer's body and the commit (with what it announces) run in one thread call.
Under a full reader load the event loop answers many connections' cached pages per turn, and
each hand-off between it and a thread waited for such a turn: with one for each dependency,
the route, the answer's check and the commit, a write spent most of its time waiting for them.
"""

from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.concurrency import etag, expected_version
from app.api.responses import ActorPublic, ClaimPublic, DisputePublic, LinkDetail, NotePublic
from app.api.routes import actor_public, dispute_url
from app.auth import Viewer, api_writer, screen_api_write
from app.db import request_write_session, write_turn
from app.errors import problem_responses
from app.models import MAX_ID, Actor, Claim, ClaimLink, Dispute, Note, saved_id
from app.schemas import (
    ActorCreate,
    ActorUpdate,
    ClaimCreate,
    ClaimUpdate,
    DisputeCreate,
    DisputeMerge,
    DisputeUpdate,
    LinkCreate,
    NoteCreate,
    NoteUpdate,
)
from app.services.actors import get_actor
from app.services.claims import get_claim
from app.services.disputes import get_dispute_view
from app.services.edit import InvalidInput, VersionConflict
from app.services.edit import actors as actor_edits
from app.services.edit import claims as claim_edits
from app.services.edit import disputes as dispute_edits
from app.services.edit import links as link_edits
from app.services.edit import notes as note_edits
from app.services.edit.revert import RevertConflict, revert
from app.urls import entity_url
from app.vocabulary import Role

router = APIRouter(prefix="/api", tags=["write"], dependencies=[Depends(screen_api_write)])
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
T = TypeVar("T")

PROBLEMS: dict[int | str, dict[str, Any]] = problem_responses(
    {
        401: "Not signed in, or a bad API token",
        403: "Not allowed for this role, or a cross-site request",
        404: "No such object",
        409: "Conflicts with what is stored",
        412: "If-Match names an outdated version",
        422: "Invalid input (with the fields at fault)",
        428: "If-Match is required",
    }
)
# A route that reads a JSON body also refuses one that is not JSON (or not UTF-8) and one
# nested deeper than app/limits.py allows, before anything else is looked at.
BODY_PROBLEMS = PROBLEMS | problem_responses(
    {
        400: "The body is not well-formed JSON, or it nests too deep",
        413: "The body is over the size limit",
    }
)


_turn = asynccontextmanager(write_turn)


async def in_one_call(
    request: Request, write: Callable[[Session, Viewer], T], role: Role = Role.analyst
) -> T:
    """`write(session, viewer)`, in the request's turn at the database (`app.db.write_turn`,
    waited for on the event loop), as one thread call: the caller checked (`api_writer`), the
    write, then the commit, which publishes `Committed` to its subscribers in the same thread.
    What `write` returns is the answer (a model is then checked and serialised on the loop)."""
    async with _turn(request):
        return await run_in_threadpool(_whole_write, request, write, role)


def _whole_write(request: Request, write: Callable[[Session, Viewer], T], role: Role) -> T:
    with request_write_session() as session:
        return write(session, api_writer(request, session, role))


def _conflict(error: InvalidInput) -> HTTPException:
    """A rule that the stored state breaks (not the input): 409."""
    return HTTPException(409, " ".join(error.errors.values()))


@contextmanager
def _if_match(
    request: Request, session: Session, model: type, entity: str, obj_id: int
) -> Iterator[int]:
    """The version the client's If-Match names for this object (404, 428, 412 otherwise); a
    change that loses a race to another writer inside the block is a 412 too."""
    current = session.get(model, obj_id)
    if current is None:
        raise HTTPException(404, f"There is no {entity} number {obj_id}.")
    try:
        yield expected_version(request, entity, obj_id, current.version)
    except VersionConflict:
        session.rollback()
        now = session.get(model, obj_id)
        raise HTTPException(
            412,
            f"This {entity} changed while your request was handled; GET it again.",
            headers={"ETag": etag(entity, obj_id, now.version if now else 0)},
        ) from None


# Invalid input (InvalidInput) needs no handling here: app/errors.py answers it with a 422
# problem detail listing the fields at fault.


def _claim_out(
    request: Request, session: Session, response: Response, claim_id: int
) -> ClaimPublic:
    session.flush()
    card = get_claim(session, claim_id, include_drafts=True)
    assert card is not None  # written in this transaction
    response.headers["ETag"] = etag("claim", claim_id, card.version)
    return ClaimPublic.of(card, entity_url(request, "claim_detail", claim_id))


@router.post(
    "/claims",
    name="api_claim_create",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Create a claim (a draft until published)",
)
async def api_claim_create(request: Request, data: ClaimCreate, response: Response) -> ClaimPublic:
    def write(session: Session, viewer: Viewer) -> ClaimPublic:
        claim = claim_edits.create_claim(session, data, viewer.user_id)
        claim_id = saved_id(claim)
        response.headers["Location"] = entity_url(request, "claim_detail", claim_id)
        return _claim_out(request, session, response, claim_id)

    return await in_one_call(request, write)


@router.patch(
    "/claims/{claim_id}",
    name="api_claim_update",
    responses=BODY_PROBLEMS,
    summary="Change a claim (a published claim's change waits as a pending edit)",
)
async def api_claim_update(
    request: Request, claim_id: Id, data: ClaimUpdate, response: Response
) -> ClaimPublic:
    def write(session: Session, viewer: Viewer) -> ClaimPublic:
        with _if_match(request, session, Claim, "claim", claim_id) as version:
            claim_edits.update_claim(session, claim_id, data, version, viewer.user_id)
        return _claim_out(request, session, response, claim_id)

    return await in_one_call(request, write)


@router.post(
    "/claims/{claim_id}/publish",
    name="api_claim_publish",
    responses=PROBLEMS,
    summary="Publish a draft claim or its pending edit",
)
async def api_claim_publish(request: Request, claim_id: Id, response: Response) -> ClaimPublic:
    def write(session: Session, viewer: Viewer) -> ClaimPublic:
        with _if_match(request, session, Claim, "claim", claim_id) as version:
            try:
                claim_edits.publish_claim(session, claim_id, version, viewer.user_id)
            except InvalidInput as error:
                raise _conflict(error) from None
        return _claim_out(request, session, response, claim_id)

    return await in_one_call(request, write)


@router.delete(
    "/claims/{claim_id}",
    name="api_claim_delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete a claim (remove_links=true also removes the links to it)",
)
async def api_claim_delete(
    request: Request, claim_id: Id, remove_links: Annotated[bool, Query()] = False
) -> Response:
    def write(session: Session, viewer: Viewer) -> Response:
        with _if_match(request, session, Claim, "claim", claim_id) as version:
            try:
                claim_edits.delete_claim(
                    session, claim_id, version, viewer.user_id, remove_links=remove_links
                )
            except claim_edits.ClaimHasLinks as error:
                raise HTTPException(
                    409,
                    f"{error.count} link(s) join this claim to others; repeat with "
                    "remove_links=true to delete them with it.",
                ) from None
        return Response(status_code=204)

    return await in_one_call(request, write)


@router.post(
    "/links",
    name="api_link_create",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Link two claims",
)
async def api_link_create(request: Request, data: LinkCreate, response: Response) -> LinkDetail:
    def write(session: Session, viewer: Viewer) -> LinkDetail:
        link = link_edits.create_link(session, data, viewer.user_id)
        response.headers["ETag"] = etag("link", saved_id(link), link.version)
        return LinkDetail.model_validate(link, from_attributes=True)

    return await in_one_call(request, write)


@router.delete(
    "/links/{link_id}",
    name="api_link_delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Remove a link",
)
async def api_link_delete(request: Request, link_id: Id) -> Response:
    def write(session: Session, viewer: Viewer) -> Response:
        with _if_match(request, session, ClaimLink, "link", link_id) as version:
            link_edits.delete_link(session, link_id, version, viewer.user_id)
        return Response(status_code=204)

    return await in_one_call(request, write)


def _dispute_out(
    request: Request, session: Session, response: Response, dispute_id: int
) -> DisputePublic:
    session.flush()
    view = get_dispute_view(session, dispute_id, include_drafts=True)
    assert view is not None  # written in this transaction
    response.headers["ETag"] = etag("dispute", dispute_id, view.dispute.version)
    return DisputePublic.of_view(
        view,
        dispute_url(request, view.dispute),
        {c.id: entity_url(request, "claim_detail", c.id) for c in view.claims},
    )


@router.post(
    "/disputes",
    name="api_dispute_create",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Create a dispute",
)
async def api_dispute_create(
    request: Request, data: DisputeCreate, response: Response
) -> DisputePublic:
    def write(session: Session, viewer: Viewer) -> DisputePublic:
        dispute = dispute_edits.create_dispute(session, data, viewer.user_id)
        return _dispute_out(request, session, response, saved_id(dispute))

    return await in_one_call(request, write)


@router.patch(
    "/disputes/{dispute_id}",
    name="api_dispute_update",
    responses=BODY_PROBLEMS,
    summary="Rename, summarise, set the status or grade a dispute",
)
async def api_dispute_update(
    request: Request, dispute_id: Id, data: DisputeUpdate, response: Response
) -> DisputePublic:
    def write(session: Session, viewer: Viewer) -> DisputePublic:
        with _if_match(request, session, Dispute, "dispute", dispute_id) as version:
            dispute_edits.update_dispute(session, dispute_id, data, version, viewer.user_id)
        return _dispute_out(request, session, response, dispute_id)

    return await in_one_call(request, write)


@router.post(
    "/disputes/{dispute_id}/merge",
    name="api_dispute_merge",
    responses=BODY_PROBLEMS,
    summary="Merge a dispute into another (its permalink then redirects)",
)
async def api_dispute_merge(
    request: Request, dispute_id: Id, data: DisputeMerge, response: Response
) -> DisputePublic:
    def write(session: Session, viewer: Viewer) -> DisputePublic:
        with _if_match(request, session, Dispute, "dispute", dispute_id) as version:
            target = dispute_edits.merge_disputes(
                session, dispute_id, data.target_id, version, viewer.user_id
            )
        return _dispute_out(request, session, response, saved_id(target))

    return await in_one_call(request, write)


@router.delete(
    "/disputes/{dispute_id}",
    name="api_dispute_delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete a dispute (its claims stay)",
)
async def api_dispute_delete(request: Request, dispute_id: Id) -> Response:
    def write(session: Session, viewer: Viewer) -> Response:
        with _if_match(request, session, Dispute, "dispute", dispute_id) as version:
            try:
                dispute_edits.delete_dispute(session, dispute_id, version, viewer.user_id)
            except InvalidInput as error:
                raise _conflict(error) from None
        return Response(status_code=204)

    return await in_one_call(request, write)


def _actor_out(
    request: Request, session: Session, response: Response, actor_id: int
) -> ActorPublic:
    session.flush()
    view = get_actor(session, actor_id, include_drafts=True)
    assert view is not None  # written in this transaction
    response.headers["ETag"] = etag("actor", actor_id, view.version)
    return actor_public(request, view)


@router.post(
    "/actors",
    name="api_actor_create",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Create an actor",
)
async def api_actor_create(request: Request, data: ActorCreate, response: Response) -> ActorPublic:
    def write(session: Session, viewer: Viewer) -> ActorPublic:
        actor = actor_edits.create_actor(session, data, viewer.user_id)
        return _actor_out(request, session, response, saved_id(actor))

    return await in_one_call(request, write)


@router.patch(
    "/actors/{actor_id}",
    name="api_actor_update",
    responses=BODY_PROBLEMS,
    summary="Change an actor",
)
async def api_actor_update(
    request: Request, actor_id: Id, data: ActorUpdate, response: Response
) -> ActorPublic:
    def write(session: Session, viewer: Viewer) -> ActorPublic:
        with _if_match(request, session, Actor, "actor", actor_id) as version:
            actor_edits.update_actor(session, actor_id, data, version, viewer.user_id)
        return _actor_out(request, session, response, actor_id)

    return await in_one_call(request, write)


@router.delete(
    "/actors/{actor_id}",
    name="api_actor_delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete an actor nothing refers to",
)
async def api_actor_delete(request: Request, actor_id: Id) -> Response:
    def write(session: Session, viewer: Viewer) -> Response:
        with _if_match(request, session, Actor, "actor", actor_id) as version:
            try:
                actor_edits.delete_actor(session, actor_id, version, viewer.user_id)
            except InvalidInput as error:
                raise _conflict(error) from None
        return Response(status_code=204)

    return await in_one_call(request, write)


def _note_out(response: Response, note: Note) -> NotePublic:
    response.headers["ETag"] = etag("note", saved_id(note), note.version)
    return NotePublic.model_validate(note, from_attributes=True)


@router.post(
    "/notes",
    name="api_note_create",
    status_code=201,
    responses=BODY_PROBLEMS,
    summary="Add a note to a claim or a dispute",
)
async def api_note_create(request: Request, data: NoteCreate, response: Response) -> NotePublic:
    def write(session: Session, viewer: Viewer) -> NotePublic:
        return _note_out(response, note_edits.create_note(session, data, viewer.user_id))

    return await in_one_call(request, write)


@router.patch(
    "/notes/{note_id}", name="api_note_update", responses=BODY_PROBLEMS, summary="Change a note"
)
async def api_note_update(
    request: Request, note_id: Id, data: NoteUpdate, response: Response
) -> NotePublic:
    def write(session: Session, viewer: Viewer) -> NotePublic:
        with _if_match(request, session, Note, "note", note_id) as version:
            try:
                note = note_edits.update_note(
                    session, note_id, data, version, viewer.user_id, is_admin=viewer.is_admin
                )
            except note_edits.NotYours as error:
                raise HTTPException(403, str(error)) from None
        return _note_out(response, note)

    return await in_one_call(request, write)


@router.delete(
    "/notes/{note_id}",
    name="api_note_delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete a note and its replies",
)
async def api_note_delete(request: Request, note_id: Id) -> Response:
    def write(session: Session, viewer: Viewer) -> Response:
        with _if_match(request, session, Note, "note", note_id) as version:
            try:
                note_edits.delete_note(
                    session, note_id, version, viewer.user_id, is_admin=viewer.is_admin
                )
            except note_edits.NotYours as error:
                raise HTTPException(403, str(error)) from None
        return Response(status_code=204)

    return await in_one_call(request, write)


@router.post(
    "/changes/{change_id}/revert",
    name="api_change_revert",
    status_code=201,
    responses=PROBLEMS,
    summary="Revert a recorded change (administrators)",
)
async def api_change_revert(request: Request, change_id: Id) -> dict[str, int | str]:
    def write(session: Session, viewer: Viewer) -> dict[str, int | str]:
        try:
            change = revert(session, change_id, viewer.user_id)
        except LookupError as error:
            raise HTTPException(404, str(error)) from None
        except RevertConflict as error:
            raise HTTPException(409, str(error)) from None
        return {
            "change_id": saved_id(change),
            "entity": change.entity,
            "entity_id": change.entity_id,
        }

    return await in_one_call(request, write, Role.admin)
