"""Administrators manage users: add, change role, disable and enable."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from app.auth import AdminDep, AdminWrite, Viewer, ViewerDep
from app.db import SessionDep
from app.models import User
from app.passwords import MAX_LENGTH
from app.services.accounts import (
    count_admins,
    create_user,
    get_user,
    list_users,
    set_disabled,
    set_role,
)
from app.templating import render
from app.urls import path_to
from app.vocabulary import Role
from app.web.forms import Refused, act_or_refuse, save_form
from app.web.guards import admin_page

router = APIRouter(include_in_schema=False)


def _users_page(
    request: Request, session: SessionDep, *, status_code: int = 200, **extra: object
) -> Response:
    context = {"users": list_users(session), "errors": {}, "form": {}, **extra}
    return render(request, "pages/admin_users.html", context, status_code=status_code)


@router.get("/admin/users", name="admin_users")
def admin_users(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    return admin_page(request, viewer) or _users_page(request, session)


@router.post("/admin/users", name="admin_user_create", dependencies=AdminWrite)
def admin_user_create(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=MAX_LENGTH)],
    display_name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    saved = save_form(
        session,
        lambda: create_user(session, username, password, role, display_name),
        field="username",
    )
    if isinstance(saved, Refused):
        form = {"username": username, "role": role, "display_name": display_name}
        return _users_page(request, session, status_code=422, errors=saved.errors, form=form)
    return RedirectResponse(path_to(request, "admin_users") + "?added=1", status_code=303)


def _other_user(session: SessionDep, viewer: Viewer, user_id: int) -> User:
    user = get_user(session, user_id)
    if user is None:
        raise HTTPException(404, f"There is no user number {user_id}.")
    return user


def _keep_an_admin(session: SessionDep, user: User, viewer: Viewer) -> None:
    if user.id == viewer.user_id:
        raise HTTPException(
            409, "You cannot disable or demote your own account; ask another admin."
        )
    if user.role == Role.admin and user.disabled_at is None and count_admins(session) <= 1:
        raise HTTPException(409, "Gainsay needs at least one active administrator.")


@router.post("/admin/users/{user_id}/disable", name="admin_user_disable", dependencies=AdminWrite)
def admin_user_disable(
    request: Request, session: SessionDep, viewer: AdminDep, user_id: int
) -> Response:
    user = _other_user(session, viewer, user_id)
    _keep_an_admin(session, user, viewer)
    set_disabled(session, user, True)
    return RedirectResponse(path_to(request, "admin_users"), status_code=303)


@router.post("/admin/users/{user_id}/enable", name="admin_user_enable", dependencies=AdminWrite)
def admin_user_enable(
    request: Request, session: SessionDep, viewer: AdminDep, user_id: int
) -> Response:
    set_disabled(session, _other_user(session, viewer, user_id), False)
    return RedirectResponse(path_to(request, "admin_users"), status_code=303)


@router.post("/admin/users/{user_id}/role", name="admin_user_role", dependencies=AdminWrite)
def admin_user_role(
    request: Request,
    session: SessionDep,
    viewer: AdminDep,
    user_id: int,
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    user = _other_user(session, viewer, user_id)
    if role != user.role:
        _keep_an_admin(session, user, viewer)
        act_or_refuse(session, lambda: set_role(session, user, role))
    return RedirectResponse(path_to(request, "admin_users"), status_code=303)
