"""Errors as people and programs expect them: an HTML page for the site, an RFC 9457 problem
detail (application/problem+json) for the API. Bad input is a 4xx saying what was wrong,
never a 500."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.security import apply_security_headers
from app.services.edit import InvalidInput, NotFound
from app.templating import templates

log = logging.getLogger("gainsay")

API_PREFIX = "/api"
PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is: the part, then the field")
    msg: str
    type: str


class ProblemDetail(BaseModel):
    """How the API answers every error: an RFC 9457 problem detail."""

    type: str = "about:blank"
    title: str = Field(description="The status code's phrase")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="What went wrong, for people")
    errors: list[FieldError] = Field(
        default=[], description="For invalid input: the fields at fault (absent otherwise)"
    )


def problem_responses(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """A route's `responses=` for the errors it can answer: documented as problem details, so
    that the OpenAPI document states every status code and the body that comes with it."""
    return {
        status: {"description": text, "model": ProblemDetail}
        for status, text in descriptions.items()
    }


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/") or path == "/openapi.json"


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def error_page(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    response = templates.TemplateResponse(
        request,
        "pages/error.html",
        {"status": status, "title": HTTPStatus(status).phrase, "detail": detail},
        status_code=status,
        headers=headers,
    )
    return response


# Messages of a write that gave up waiting for another one's lock (another worker process's,
# on SQLite; any transaction's, on PostgreSQL): worth a retry, not a 500.
_LOCK_WAITS = (
    "database is locked",  # SQLite: the busy timeout ran out
    "lock timeout",  # PostgreSQL: lock_timeout
    "deadlock detected",  # PostgreSQL: one of the two was chosen to fail
    "could not serialize access",  # PostgreSQL: serialization failure
)


def is_lock_wait(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return any(wait in message for wait in _LOCK_WAITS)


def respond_error(
    request: Request,
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        return problem(status, detail, errors=errors, headers=headers)
    return error_page(request, status, detail, headers=headers)


def _describe(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors without echoing the whole input back."""
    return [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]


def _problems_as_problem_json(schema: dict[str, Any]) -> None:
    """FastAPI files every response model under the route's media type (application/json);
    problem details are sent as application/problem+json, so say that instead."""
    ref = {"$ref": f"#/components/schemas/{ProblemDetail.__name__}"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if content.get("application/json", {}).get("schema") == ref:
                    content[PROBLEM_JSON] = content.pop("application/json")


def allowed_methods(request: Request) -> str:
    """Every method some route offers at this path. Starlette's 405 names only the methods of
    the first route whose path matched (`PUT /api/claims/1` said `Allow: GET`, though PATCH
    and DELETE are there too, in another router)."""
    path = request.scope["path"]
    methods: set[str] = set()
    for route in request.app.router.routes:
        # An included router keeps its routes as contexts, each with its full path's regex.
        contexts = (
            route.effective_route_contexts()
            if hasattr(route, "effective_route_contexts")
            else [route]
        )
        for context in contexts:
            regex, offered = getattr(context, "path_regex", None), getattr(context, "methods", None)
            if regex is not None and offered and regex.match(path):
                methods |= offered
    if "GET" in methods:  # app.head_requests answers a HEAD wherever there is a GET
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        schema = app.openapi_schema
        if schema is None:  # built once (FastAPI keeps it), then its cached copy is served
            schema = build_openapi()
            _problems_as_problem_json(schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return respond_error(request, exc.status_code, detail, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = _describe(list(exc.errors()))
        summary = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in errors
        )
        return respond_error(request, 422, f"Invalid request: {summary}", errors=errors)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return respond_error(request, 404, str(exc))

    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput) -> Response:
        errors = [
            {"loc": [field], "msg": message, "type": "value_error"}
            for field, message in exc.errors.items()
        ]
        return respond_error(request, 422, str(exc), errors=errors)

    @app.exception_handler(OperationalError)
    async def database_busy(request: Request, exc: OperationalError) -> Response:
        if not is_lock_wait(exc):
            return await unexpected_error(request, exc)
        log.warning("gave up waiting for a lock on %s %s", request.method, request.url.path)
        return respond_error(
            request,
            503,
            "Other changes held the database for too long; nothing was saved. "
            "Try again in a moment.",
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        response = respond_error(
            request, 500, "Something went wrong on our side. It has been logged."
        )
        # Starlette sends this answer from ServerErrorMiddleware, outside every middleware of
        # the app, so SecurityHeadersMiddleware never sees it: add its headers here.
        apply_security_headers(request.scope, response.headers)
        return response
