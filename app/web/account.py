"""Signing in and out, and the account page: password and personal API tokens."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import (
    CsrfWrite,
    Viewer,
    ViewerDep,
    anonymous_csrf,
    clear_session_cookie,
    safe_next,
    set_anonymous_csrf_cookie,
    set_session_cookie,
)
from app.db import SessionDep
from app.models import User
from app.passwords import MAX_LENGTH, verify_password
from app.services.accounts import (
    SignInRefused,
    authenticate,
    change_password,
    end_session,
    get_user,
    start_session,
)
from app.services.api_tokens import create_api_token, list_api_tokens, revoke_api_token
from app.services.edit import InvalidInput
from app.templating import render
from app.urls import path_to
from app.web.forms import Refused, save_form
from app.web.guards import signed_in_or_redirect

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=200)]
Password = Annotated[str, Form(max_length=MAX_LENGTH)]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/sign-in", name="sign_in")
def sign_in_page(request: Request, viewer: ViewerDep, next: str = "") -> Response:
    target = safe_next(next)
    if viewer.signed_in:
        return RedirectResponse(target, status_code=303)
    token = anonymous_csrf(request, viewer)
    response = render(
        request,
        "pages/sign_in.html",
        {"next": target, "error": None, "username": "", "form_csrf": token},
    )
    set_anonymous_csrf_cookie(request, response, token)
    # The form holds this browser's own CSRF token: the page cache must not hand it to others.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/sign-in", name="sign_in_submit", dependencies=CsrfWrite)
def sign_in(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    username: Text,
    password: Password,
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    target = safe_next(next)
    try:
        user = authenticate(session, username, password, _client(request))
    except SignInRefused as refused:
        headers = {}
        status = 401
        if refused.retry_after is not None:
            status = 429
            headers["Retry-After"] = str(int(refused.retry_after.total_seconds()) + 1)
        response = render(
            request,
            "pages/sign_in.html",
            {
                "next": target,
                "error": refused.message,
                "username": username,
                "form_csrf": viewer.csrf_token,
            },
            status_code=status,
        )
        response.headers.update(headers)
        response.headers["Cache-Control"] = "no-store"  # it holds this browser's CSRF token
        return response
    if viewer.has_session:
        end_session(session, request.cookies.get("gainsay_session", ""))
    token, _ = start_session(session, user, request.headers.get("user-agent", ""))
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/sign-out", name="sign_out", dependencies=CsrfWrite)
def sign_out(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    token = request.cookies.get("gainsay_session")
    if token:
        end_session(session, token)
    response = RedirectResponse(path_to(request, "home"), status_code=303)
    clear_session_cookie(request, response)
    return response


def _account_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    *,
    status_code: int = 200,
    **extra: object,
) -> Response:
    context = {
        "tokens": list_api_tokens(session, viewer.signed_in_user_id),
        "errors": {},
        "message": None,
        "new_token": None,
        **extra,
    }
    return render(request, "pages/account.html", context, status_code=status_code)


@router.get("/account", name="account")
def account(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    return signed_in_or_redirect(request, viewer) or _account_page(request, session, viewer)


def _signed_in(viewer: ViewerDep) -> None:
    if not viewer.has_session:
        raise HTTPException(401, "Sign in to change your account.")


def _user(session: Session, viewer: Viewer) -> User:
    user = get_user(session, viewer.signed_in_user_id)
    if user is None:  # deleted since the request was let in
        raise HTTPException(401, "Sign in to change your account.")
    return user


@router.post(
    "/account/password", name="account_password", dependencies=[*CsrfWrite, Depends(_signed_in)]
)
def account_password(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    current_password: Password,
    new_password: Password,
    confirm_password: Password,
) -> Response:
    user = _user(session, viewer)

    def change() -> None:
        if not verify_password(user.password_hash, current_password):
            raise InvalidInput({"current_password": "That is not your current password."})
        if new_password != confirm_password:
            raise InvalidInput({"confirm_password": "The two new passwords differ."})
        change_password(session, user, new_password)

    saved = save_form(session, change, field="new_password")
    if isinstance(saved, Refused):
        return _account_page(request, session, viewer, status_code=422, errors=saved.errors)
    # Every session of this account has just ended; this browser gets a fresh one.
    token, _ = start_session(session, user, request.headers.get("user-agent", ""))
    response = RedirectResponse(path_to(request, "account") + "?changed=password", status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post(
    "/account/tokens", name="account_token_create", dependencies=[*CsrfWrite, Depends(_signed_in)]
)
def account_token_create(
    request: Request, session: SessionDep, viewer: ViewerDep, name: Text
) -> Response:
    saved = save_form(session, lambda: create_api_token(session, _user(session, viewer), name))
    if isinstance(saved, Refused):
        return _account_page(request, session, viewer, status_code=422, errors=saved.errors)
    secret, _ = saved
    # Shown this once: only its hash is kept.
    return _account_page(request, session, viewer, new_token=secret, status_code=201)


@router.post(
    "/account/tokens/{token_id}/revoke",
    name="account_token_revoke",
    dependencies=[*CsrfWrite, Depends(_signed_in)],
)
def account_token_revoke(
    request: Request, session: SessionDep, viewer: ViewerDep, token_id: int
) -> Response:
    if not revoke_api_token(session, viewer.signed_in_user_id, token_id):
        raise HTTPException(404, "You have no active token with that number.")
    return RedirectResponse(path_to(request, "account") + "?changed=token", status_code=303)
