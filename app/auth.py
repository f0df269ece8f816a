"""Who is asking, and may they: the viewer of a request, role checks and CSRF protection.

Readers are anonymous. Analysts and admins sign in (a server-side session behind an HttpOnly
cookie) or, from scripts, send `Authorization: Bearer <personal token>`.
"""

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.db import ReadSessionDep, SessionDep
from app.models import User, UserSession
from app.services.accounts import SESSION_LIFETIME, find_session
from app.services.api_tokens import user_for_token
from app.settings import get_settings
from app.vocabulary import Role

SESSION_COOKIE = "gainsay_session"
# Before sign-in there is no session to hold a CSRF token, so the sign-in form uses a
# double-submit cookie: the form's hidden field must equal this cookie.
ANON_CSRF_COOKIE = "gainsay_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking, as plain values (no ORM objects: error pages render it after the request's
    database session has closed)."""

    user_id: int | None = None
    username: str = ""
    display_name: str = ""
    role: str = Role.reader
    # The signed-in session's CSRF token (None when not signed in through a browser session).
    session_csrf: str | None = None
    via_token: bool = False
    anonymous_csrf: str | None = None

    @classmethod
    def of(
        cls, user: User, *, session: UserSession | None = None, via_token: bool = False
    ) -> "Viewer":
        return cls(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            session_csrf=session.csrf_token if session else None,
            via_token=via_token,
        )

    @property
    def signed_in_user_id(self) -> int:
        """The user's id, where only a signed-in viewer gets (a route that required one)."""
        if self.user_id is None:
            raise HTTPException(401, "Sign in to do this.")
        return self.user_id

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def has_session(self) -> bool:
        return self.session_csrf is not None

    @property
    def is_analyst(self) -> bool:
        return self.role in (Role.analyst, Role.admin)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin

    @property
    def csrf_token(self) -> str | None:
        return self.session_csrf if self.session_csrf else self.anonymous_csrf


ANONYMOUS = Viewer()


def get_viewer(request: Request, session: SessionDep) -> Viewer:
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    viewer = _identify(request, session)
    request.state.viewer = viewer
    return viewer


def _identify(request: Request, session: Session) -> Viewer:
    authorization = request.headers.get("authorization")
    if authorization is not None:
        scheme, _, secret = authorization.partition(" ")
        user = user_for_token(session, secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HTTPException(
                401,
                "That API token is not valid: it may be mistyped or revoked, "
                "or its account disabled.",
                headers={"WWW-Authenticate": 'Bearer realm="gainsay"'},
            )
        return Viewer.of(user, via_token=True)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        found = find_session(session, token)
        if found is not None:
            return Viewer.of(found[1], session=found[0])
    return anonymous_viewer(request)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


async def get_reader(request: Request, session: ReadSessionDep) -> Viewer:
    """`get_viewer` for read-only routes (see `app.db.get_read_session`). A request without
    credentials is anonymous, known at once on the event loop; credentials are checked in the
    threadpool, since the check may write (a session's last use) and wait on the write lock."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    if has_credentials(request):
        viewer = await run_in_threadpool(_identify, request, session)
    else:
        viewer = anonymous_viewer(request)
    request.state.viewer = viewer
    return viewer


def has_credentials(request: Request) -> bool:
    """Whether the request names someone (an API token or a session cookie) to be checked."""
    return "authorization" in request.headers or SESSION_COOKIE in request.cookies


def identify_reader(request: Request, session: Session) -> Viewer:
    """`get_reader`'s answer on the caller's thread: for a read that checks its caller in the
    same thread call as it reads (a bad token is refused before anything is read)."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    viewer = _identify(request, session) if has_credentials(request) else anonymous_viewer(request)
    request.state.viewer = viewer
    return viewer


def anonymous_viewer(request: Request) -> Viewer:
    """The viewer of a request without credentials (the sign-in form's CSRF cookie aside)."""
    return Viewer(anonymous_csrf=request.cookies.get(ANON_CSRF_COOKIE))


ReaderDep = Annotated[Viewer, Depends(get_reader)]


def require_user(viewer: ViewerDep) -> Viewer:
    """Any signed-in user (or API token); checked before CSRF so that a script without
    credentials hears 401, not a CSRF refusal."""
    if not viewer.signed_in:
        raise HTTPException(
            401,
            "Sign in, or send Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="gainsay"'},
        )
    return viewer


def require_analyst(viewer: ViewerDep) -> Viewer:
    if not viewer.signed_in:
        raise HTTPException(401, "Sign in as an analyst to do this.")
    if not viewer.is_analyst:
        raise HTTPException(403, "Only analysts may do this.")
    return viewer


def require_admin(viewer: ViewerDep) -> Viewer:
    if not viewer.signed_in:
        raise HTTPException(401, "Sign in as an administrator to do this.")
    if not viewer.is_admin:
        raise HTTPException(403, "Only administrators may do this.")
    return viewer


def _own_origins(request: Request) -> set[str]:
    origins = {f"{request.url.scheme}://{request.url.netloc}"}
    if public := get_settings().public_url:
        parts = urlsplit(str(public))
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


async def csrf_protect(request: Request, viewer: ViewerDep) -> None:
    """Refuse cross-site writes. Browsers say where a request comes from (Sec-Fetch-Site,
    Origin); on top of that every cookie-authenticated write must carry the session's token
    (a hidden form field, or the X-CSRF-Token header that htmx sends). Token-authenticated API
    calls carry no ambient credential, so they need no CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    _refuse_cross_site(request)
    if viewer.via_token:
        return
    provided: object = request.headers.get(CSRF_HEADER)  # or a form field, maybe a file
    if provided is None and _is_form(request):
        provided = (await request.form()).get(CSRF_FIELD)
    _check_csrf_token(viewer, provided)


def _refuse_cross_site(request: Request) -> None:
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "Cross-site requests may not change anything here.")
    origin = request.headers.get("origin")
    if origin is not None and origin not in _own_origins(request):
        raise HTTPException(403, "Requests from other sites may not change anything here.")


def _check_csrf_token(viewer: Viewer, provided: object) -> None:
    expected = viewer.csrf_token
    if (
        not expected
        or not isinstance(provided, str)
        or not secrets.compare_digest(expected, provided)
    ):
        raise _csrf_refusal()


def _csrf_refusal() -> HTTPException:
    return HTTPException(
        403, "This form has expired or did not come from this site. Reload the page and try again."
    )


# The JSON write API (app.api.writes) checks its callers inside the write's own thread call, so
# that a write crosses between the event loop and a thread once: what needs no database on the
# loop first (`screen_api_write`), the rest with the write (`api_writer`).


async def screen_api_write(request: Request) -> None:
    """Before the body is looked at, in the order of the other write routes' checks: a request
    with neither an API token nor a session cookie hears 401; a cross-site one, or a browser
    session's without its CSRF token, 403. Whether the credentials and the token are good is
    `api_writer`'s to say, after the body's own checks (422)."""
    if not has_credentials(request):
        require_user(ANONYMOUS)
    _refuse_cross_site(request)
    if "authorization" not in request.headers and CSRF_HEADER not in request.headers:
        raise _csrf_refusal()


def api_writer(request: Request, session: Session, role: Role) -> Viewer:
    """Who sends a JSON API write, and may they, after `screen_api_write` and in the order of
    the other write routes' dependencies (`ApiWrite`, then the role's): the credentials (401),
    a browser session's CSRF token (403), the role (403). JSON bodies carry no form field: a
    browser sends its token in the X-CSRF-Token header."""
    viewer = require_user(get_viewer(request, session))
    if not viewer.via_token:
        _check_csrf_token(viewer, request.headers.get(CSRF_HEADER))
    return require_admin(viewer) if role == Role.admin else require_analyst(viewer)


# The dependencies of routes, in one place: a role's Annotated viewer for a handler's
# parameter, and a write's list for `dependencies=` (CSRF first, then the role).
AnalystDep = Annotated[Viewer, Depends(require_analyst)]
AdminDep = Annotated[Viewer, Depends(require_admin)]
AnalystWrite = [Depends(csrf_protect), Depends(require_analyst)]
AdminWrite = [Depends(csrf_protect), Depends(require_admin)]
CsrfWrite = [Depends(csrf_protect)]  # any write, before or after signing in
# The JSON API's writers: a signed-in user or token first (a script without one hears 401).
ApiWrite = [Depends(require_user), Depends(csrf_protect)]


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _secure(request: Request) -> bool:
    """Secure cookies over HTTPS, and whenever the public address is https: TLS then usually
    ends at a proxy in front, and uvicorn sees plain http unless it trusts that proxy."""
    public = get_settings().public_url
    return request.url.scheme == "https" or (public is not None and public.scheme == "https")


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )


def anonymous_csrf(request: Request, viewer: Viewer) -> str:
    """The sign-in form's token: the browser's existing cookie value, or a new one (which
    `set_anonymous_csrf_cookie` must then send)."""
    return viewer.anonymous_csrf or secrets.token_urlsafe(32)


def set_anonymous_csrf_cookie(request: Request, response: Response, token: str) -> None:
    if request.cookies.get(ANON_CSRF_COOKIE) != token:
        response.set_cookie(
            ANON_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/",
        )


def safe_next(target: str | None, default: str = "/") -> str:
    """Where to go after signing in: only a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
