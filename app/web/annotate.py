"""Analysts' work on claims: marking a claim in an article's text, editing, publishing and
deleting it (linking claims: links.py; the review queue: review.py). Readers never reach
these routes."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.auth import (
    AnalystDep,
    AnalystWrite,
    ViewerDep,
    safe_next,
)
from app.db import SessionDep
from app.models import Article, Claim, saved_id
from app.schemas import ClaimCreate, ClaimUpdate
from app.services.articles import ArticleView, get_article
from app.services.claims import claim_cards, get_claim
from app.services.disputes import disputes_by_ids
from app.services.edit import claims as claim_edits
from app.templating import is_partial, render
from app.urls import path_to, ref_path
from app.vocabulary import ActorKind, ClaimKind, DenialType, FigureCounts
from app.web.claim_forms import (
    ClaimForm,
    dispute_choices,
    form_values,
    read_claim_form,
    stored_values,
)
from app.web.claim_panel import SAVED_EVENT
from app.web.forms import Refused, act_or_refuse, save_form
from app.web.guards import analyst_page
from app.web.references import id_from_reference

router = APIRouter(include_in_schema=False)


def _form_context(session: Session, form: ClaimForm, **extra: object) -> dict[str, Any]:
    return {
        "form": form,
        "kinds": list(ClaimKind),
        "denial_types": list(DenialType),
        "actor_kinds": list(ActorKind),
        "counts": list(FigureCounts),
        "disputes": dispute_choices(session),
        **extra,
    }


def _article_or_404(session: Session, reference: str, include_drafts: bool = True) -> ArticleView:
    article_id, _ = id_from_reference(reference, "article")
    view = get_article(session, article_id, include_drafts=include_drafts)
    if view is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    return view


def _article_page(
    request: Request,
    session: Session,
    view: ArticleView,
    *,
    status_code: int = 200,
    **extra: object,
) -> Response:
    context = {"view": view, "selected": None, "disputes": {}, **extra}
    return render(
        request, "pages/article.html", context, block="claim_panel", status_code=status_code
    )


@router.get("/articles/{reference}/claims/new", name="claim_new")
def claim_new(
    request: Request,
    reference: str,
    session: SessionDep,
    viewer: ViewerDep,
    start: Annotated[int | None, Query(ge=0, le=10**9)] = None,
    end: Annotated[int | None, Query(ge=1, le=10**9)] = None,
    quote: Annotated[str, Query(max_length=5000)] = "",
) -> Response:
    """The form for a new claim, holding the exact words selected (by offsets) or quoted."""
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    view = _article_or_404(session, reference)
    form = ClaimForm(values={"kind": "allegation", "figures": [], "dispute_ids": []})
    if start is not None and end is not None:
        if not start < end <= len(view.body):
            raise HTTPException(422, "The selection is not inside the article's text.")
        # A selection dragged a little too far picks up spaces and line breaks: drop them.
        while start < end and view.body[start].isspace():
            start += 1
        while end > start and view.body[end - 1].isspace():
            end -= 1
        if start == end:
            raise HTTPException(422, "The selection holds no words.")
        form.values.update(quote=view.body[start:end], quote_start=start, quote_end=end)
    elif quote:
        form.values["quote"] = quote
    return _article_page(request, session, view, **_form_context(session, form, creating=True))


@router.post("/articles/{reference}/claims", name="claim_create", dependencies=AnalystWrite)
async def claim_create(
    request: Request, reference: str, session: SessionDep, viewer: AnalystDep
) -> Response:
    view = _article_or_404(session, reference)
    form_data = await request.form()

    def create() -> Claim:
        shape = read_claim_form(
            session, form_data, ClaimCreate, article_id=view.ref.id, user_id=viewer.user_id
        )
        return claim_edits.create_claim(session, shape, viewer.user_id)

    # A refused form keeps nothing, not even an actor it created inline.
    saved = save_form(session, create)
    if isinstance(saved, Refused):
        form = ClaimForm(values=form_values(form_data), errors=saved.errors)
        return _article_page(
            request, session, view, status_code=422, **_form_context(session, form, creating=True)
        )
    return _saved(request, session, view.ref.id, saved_id(saved))


def _saved(request: Request, session: Session, article_id: int, claim_id: int) -> Response:
    """After a save: htmx gets the refreshed panel and the page is told to refresh its
    highlights; a plain form post is redirected to the article with the claim selected."""
    article = session.get_one(Article, article_id)
    if is_partial(request):
        session.flush()
        view = get_article(session, article_id, include_drafts=True)
        selected = get_claim(session, claim_id, include_drafts=True)
        assert view is not None and selected is not None  # saved in this transaction
        response = _article_page(
            request,
            session,
            view,
            selected=selected,
            disputes=disputes_by_ids(session, selected.dispute_ids),
        )
        response.headers["HX-Trigger"] = SAVED_EVENT
        response.headers["HX-Push-Url"] = (
            ref_path(request, "article_detail", article_id, article.slug) + f"?claim={claim_id}"
        )
        return response
    target = ref_path(request, "article_detail", article_id, article.slug)
    return RedirectResponse(f"{target}?claim={claim_id}#claim-{claim_id}", status_code=303)


def claim_or_404(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, f"There is no claim number {claim_id}.")
    return claim


def _edit_page(
    request: Request,
    session: Session,
    claim: Claim,
    form: ClaimForm,
    *,
    version: int,
    status_code: int = 200,
    conflict: object = None,
) -> Response:
    view = get_article(session, claim.article_id, include_drafts=True)
    assert view is not None  # the claim's article: deleting one deletes its claims
    context = _form_context(
        session, form, creating=False, editing=claim.id, version=version, conflict=conflict
    )
    return _article_page(request, session, view, status_code=status_code, **context)


@router.get("/claims/{claim_id}/edit", name="claim_edit")
def claim_edit(request: Request, claim_id: int, session: SessionDep, viewer: ViewerDep) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    claim = claim_or_404(session, claim_id)
    form = ClaimForm(values=stored_values(claim_edits.editable_fields(session, claim), session))
    return _edit_page(request, session, claim, form, version=claim.version)


@router.post("/claims/{claim_id}/edit", name="claim_update", dependencies=AnalystWrite)
async def claim_update(
    request: Request, claim_id: int, session: SessionDep, viewer: AnalystDep
) -> Response:
    claim = claim_or_404(session, claim_id)
    form_data = await request.form()
    version = _version(form_data.get("version"))

    def update() -> Claim:
        shape = read_claim_form(
            session, form_data, ClaimUpdate, article_id=None, user_id=viewer.user_id
        )
        return claim_edits.update_claim(session, claim_id, shape, version, viewer.user_id)

    saved = save_form(session, update)
    if not isinstance(saved, Refused):
        return _saved(request, session, claim.article_id, claim_id)
    current = claim_or_404(session, claim_id)
    if saved.conflict:
        # Someone saved first: show their version beside what this analyst typed, keep both.
        form = ClaimForm(values=form_values(form_data))
        theirs = stored_values(claim_edits.editable_fields(session, current), session)
        return _edit_page(
            request,
            session,
            current,
            form,
            version=current.version,
            status_code=409,
            conflict=theirs,
        )
    form = ClaimForm(values=form_values(form_data), errors=saved.errors)
    return _edit_page(request, session, current, form, version=version, status_code=422)


def _version(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise HTTPException(
            422, "The form lacks the version it was based on; reload and try again."
        ) from None


@router.post("/claims/{claim_id}/publish", name="claim_publish", dependencies=AnalystWrite)
def claim_publish(
    request: Request,
    claim_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    claim = act_or_refuse(
        session,
        lambda: claim_edits.publish_claim(session, claim_id, version, viewer.user_id),
        conflict="Someone changed this claim after you opened the page; reload to see "
        "their change before publishing.",
    )
    if is_partial(request):
        return Response(status_code=204, headers={"HX-Trigger": SAVED_EVENT, "HX-Refresh": "true"})
    claim_page = path_to(request, "claim_detail", claim_id=claim.id)
    return RedirectResponse(safe_next(next, claim_page), status_code=303)


@router.get("/claims/{claim_id}/delete", name="claim_delete_confirm")
def claim_delete_confirm(
    request: Request, claim_id: int, session: SessionDep, viewer: ViewerDep
) -> Response:
    if (redirect := analyst_page(request, viewer)) is not None:
        return redirect
    claim = claim_or_404(session, claim_id)
    links = claim_edits.links_touching(session, claim_id)
    others = claim_cards(
        session,
        [link.source_id if link.target_id == claim_id else link.target_id for link in links],
        include_drafts=True,
    )
    return render(
        request,
        "pages/claim_delete.html",
        {
            "card": get_claim(session, claim_id, include_drafts=True),
            "version": claim.version,
            "links": links,
            "others": others,
        },
    )


@router.post("/claims/{claim_id}/delete", name="claim_delete", dependencies=AnalystWrite)
def claim_delete(
    request: Request,
    claim_id: int,
    session: SessionDep,
    viewer: AnalystDep,
    version: Annotated[int, Form(ge=1)],
    confirm: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    claim = claim_or_404(session, claim_id)
    article = session.get_one(Article, claim.article_id)
    try:
        act_or_refuse(
            session,
            lambda: claim_edits.delete_claim(
                session, claim_id, version, viewer.user_id, remove_links=confirm == "remove-links"
            ),
            conflict="Someone changed this claim after you opened the page; nothing was "
            "deleted. Reload to see their change.",
        )
    except claim_edits.ClaimHasLinks:
        # Not a refusal: the analyst is asked whether its links go too.
        session.rollback()
        return RedirectResponse(
            path_to(request, "claim_delete_confirm", claim_id=claim_id),
            status_code=303,
        )
    return RedirectResponse(
        ref_path(request, "article_detail", claim.article_id, article.slug) + "?deleted=1",
        status_code=303,
    )
