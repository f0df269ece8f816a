"""Each object's history of changes, and reverting one (administrators)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from starlette.responses import RedirectResponse, Response

from app.auth import AdminDep, AdminWrite, ViewerDep
from app.db import SessionDep
from app.models import MAX_ID
from app.services import history, history_names
from app.services.edit.revert import RevertConflict, revert
from app.templating import render
from app.urls import path_to
from app.web.guards import analyst_page

router = APIRouter(include_in_schema=False)
ENTITIES = ("claim", "link", "dispute", "actor", "note")
Entity = Annotated[str, Path(pattern=f"^({'|'.join(ENTITIES)})$")]


@router.get("/history/{entity}/{entity_id}", name="history")
def history_page(
    request: Request,
    entity: Entity,
    entity_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: SessionDep,
    viewer: ViewerDep,
) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    changes = history.history(session, entity, entity_id)
    if not changes:
        raise HTTPException(404, f"No changes are recorded for {entity} number {entity_id}.")
    return render(
        request,
        "pages/history.html",
        {
            "entity": entity,
            "entity_id": entity_id,
            "changes": changes,
            "names": history_names.names_for(session, changes),
            "field_kind": history_names.field_kind,
            "field_label": history_names.field_label,
            "referenced": history_names.referenced,
        },
    )


@router.post(
    "/changes/{change_id}/revert",
    name="change_revert",
    dependencies=AdminWrite,
)
def change_revert(
    request: Request,
    change_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    session: SessionDep,
    viewer: AdminDep,
) -> Response:
    try:
        change = revert(session, change_id, viewer.user_id)
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    except RevertConflict as error:
        raise HTTPException(409, str(error)) from None
    target = path_to(request, "history", entity=change.entity, entity_id=str(change.entity_id))
    return RedirectResponse(f"{target}?reverted={change_id}", status_code=303)
