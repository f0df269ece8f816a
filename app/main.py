"""The ASGI application: `create_app()` wires settings, routes, errors and headers."""

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from app import errors
from app.api.annotations import read_router as api_annotations_router
from app.api.annotations import write_router as api_annotations_write_router
from app.api.cross_links import router as api_cross_links_router
from app.api.evidence import router as api_evidence_router
from app.api.imports import router as api_import_router
from app.api.routes import checked_in_thread_router as api_checked_in_thread_router
from app.api.routes import router as api_router
from app.api.writes import router as api_write_router
from app.change_feed import change_feed, note_local_commit
from app.db import get_engine
from app.events import Committed, subscribe
from app.head_requests import HeadAsGetMiddleware
from app.limits import (
    FORM_LIMITS,
    BodyDeadlineMiddleware,
    ConcurrencyLimitMiddleware,
    RequestLimitsMiddleware,
)
from app.maintenance import tidy_forever
from app.page_cache import PageCache, PageCacheMiddleware
from app.page_store import host_page_store
from app.paths import STATIC_DIR
from app.read_threads import WritesFirstMiddleware
from app.security import SecurityHeadersMiddleware
from app.settings import get_settings
from app.static import static_url
from app.templating import render, templates
from app.trailing_slash import TrailingSlashRedirectMiddleware
from app.web.account import router as account_router
from app.web.actor_curation import router as actor_curation_router
from app.web.admin import router as admin_router
from app.web.annotate import router as annotate_router
from app.web.cards import router as cards_router
from app.web.cross_links import router as cross_links_router
from app.web.dispute_curation import router as dispute_curation_router
from app.web.evidence import router as evidence_router
from app.web.exports import router as exports_router
from app.web.feeds import router as feeds_router
from app.web.history import router as history_router
from app.web.imports import router as imports_router
from app.web.links import router as links_router
from app.web.notes import router as notes_router
from app.web.pages import router as pages_router
from app.web.permalinks import LeanPermalinksMiddleware
from app.web.review import router as review_router
from app.web.share_head import install as install_share_head
from app.web.suggestions import router as suggestions_router
from app.web.typeahead import router as typeahead_router

DESCRIPTION = """
Gainsay stores news articles, the claims made in them and the answers to those claims, and
shows every allegation beside its rebuttals. These routes return the same data as the pages;
errors are RFC 9457 problem details (`application/problem+json`).
"""


class Gainsay(FastAPI):
    """FastAPI with the page cache's front door: a reader's request for a stored page is
    answered before any middleware runs. The layers of FastAPI and of this app cost a hit more
    than the hit itself (the store also sits in the middleware stack, which fills it)."""

    page_cache: PageCache | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.page_cache is not None
            and await self.page_cache.answer(scope, send)
        ):
            return
        await super().__call__(scope, receive, send)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Housekeeping runs beside the server for as long as it serves. The page cache reads the
    change log before the first request, then fills its memory with the host's most recently
    used pages in the background; at the end, the pages still on their way to the host's page
    store are written, for the next process."""
    housekeeping = asyncio.create_task(tidy_forever())
    page_cache = getattr(app, "page_cache", None)
    if page_cache is not None:
        # The change feed's first read takes the whole log kept (to check the host's stored
        # pages against it): done here, off the loop, before any request is accepted.
        await asyncio.to_thread(page_cache.refresh)
    # What start-up built (modules, routes, templates, settings) lives as long as the process:
    # frozen, it is left out of the collector's full passes, which otherwise walk all of it
    # every few hundred page renders (about a tenth of a dispute miss's CPU).
    gc.collect()
    gc.freeze()
    background = [housekeeping]
    if page_cache is not None:
        background.append(asyncio.create_task(preload_then_freeze(page_cache)))
    try:
        yield
    finally:
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if page_cache is not None and page_cache.shared is not None:
            await asyncio.to_thread(page_cache.shared.flush)


async def preload_then_freeze(page_cache: PageCache) -> None:
    """Fills the page cache's memory from the host's page store, then freezes what it loaded
    as start-up's objects are: tens of thousands of pages that live until evicted, which the
    collector's full passes would otherwise walk, holding the loop for tens of milliseconds
    each time (the tail of readers' and writes' latency)."""
    await page_cache.preload()
    gc.collect()
    gc.freeze()


def create_app() -> Gainsay:
    settings = get_settings()
    app = Gainsay(
        lifespan=lifespan,
        title=f"{settings.site_name} API",
        version="1",
        description=DESCRIPTION,
        docs_url=None,  # served below from vendored files, under the site's CSP
        redoc_url=None,
        form_limits=FORM_LIMITS,
        telemetry=None
        if settings.opentelemetry
        else {"tracing": False, "metrics": False, "logs": False},
    )
    # Innermost first. The lean route for the permalinks sits inside every other middleware, so
    # what it serves passes all of them, as FastAPI's answers do (app/web/permalinks.py).
    if settings.lean_permalinks:
        app.add_middleware(LeanPermalinksMiddleware)
    # The concurrency limit sits inside the security headers (its 503 carries
    # them) and inside the page cache (a cached page is served without counting). The body
    # deadline is just outside it: a request takes a place only once its body has arrived. The
    # request limits come before the cache, and the front door leaves to them every request they
    # would refuse; they add the security headers to their refusals themselves.
    # Inside the concurrency limit: a write it refuses is not in progress.
    app.add_middleware(WritesFirstMiddleware)
    app.add_middleware(
        ConcurrencyLimitMiddleware,
        max_in_flight=settings.max_in_flight,
        retry_after_s=settings.retry_after_s,
        write_share_percent=settings.write_share_percent,
    )
    app.add_middleware(
        BodyDeadlineMiddleware,
        timeout_s=settings.body_timeout_s,
        min_rate=settings.body_min_rate_kib_s * 1024,
    )
    # Inside the security headers, which its 301s carry like every other answer.
    app.add_middleware(TrailingSlashRedirectMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.page_cache_mb > 0 and settings.page_cache_entries > 0:
        # Stored with their headers (security headers included), pages are filled here and
        # served from the front door (Gainsay.__call__), before the request limits. A commit
        # of this process has the feed read the change log before the next page is served.
        subscribe(Committed, note_local_commit)
        feed = change_feed(get_engine())
        app.page_cache = PageCache(
            feed,
            max_entries=settings.page_cache_entries,
            max_bytes=settings.page_cache_mb << 20,
            # Pages from the host's store are checked against the change log, so only where
            # there is one.
            shared=host_page_store(settings) if feed.source is not None else None,
        )
        app.add_middleware(PageCacheMiddleware, cache=app.page_cache)
    app.add_middleware(RequestLimitsMiddleware)
    # Outermost: a HEAD is a GET from here in, cached page included.
    app.add_middleware(HeadAsGetMiddleware)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    templates.env.globals["static_url"] = static_url
    install_share_head(templates.env)
    # Routes with fixed words ("/disputes/new") come before the permalinks they would shadow.
    for router in (
        account_router,
        admin_router,
        annotate_router,
        links_router,
        typeahead_router,
        review_router,
        dispute_curation_router,
        actor_curation_router,
        notes_router,
        history_router,
        imports_router,
        suggestions_router,
        cross_links_router,
        exports_router,
        evidence_router,
        cards_router,
        feeds_router,
        pages_router,
    ):
        app.include_router(router)
    app.include_router(api_router)
    app.include_router(api_checked_in_thread_router)
    app.include_router(api_write_router)
    app.include_router(api_import_router)
    app.include_router(api_cross_links_router)
    app.include_router(api_evidence_router)
    app.include_router(api_annotations_router)
    app.include_router(api_annotations_write_router)

    @app.get("/docs", include_in_schema=False, name="api_docs")
    def api_docs(request: Request) -> Response:
        return render(request, "pages/api_docs.html", {"app_openapi_url": app.openapi_url})

    @app.get("/healthz", include_in_schema=False, name="healthz")
    def healthz() -> Response:
        try:
            with get_engine().connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # the check's whole job is to report any failure as 503
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        # Never from the page cache: the answer must be this moment's.
        return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})

    return app
