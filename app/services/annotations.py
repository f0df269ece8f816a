"""An article's claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/);
importing such annotations back as draft claims is app/services/annotation_import.py.

Each claim is one annotation: the analyst's statement is its body (purpose "describing") with
the claim's kind as a tag (purpose "tagging"); the claimant is its creator; the target is the
article with a TextQuoteSelector (the exact words, 32 characters either side) and a
TextPositionSelector (character offsets into the stored body)."""

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app import page_deps
from app.models import Article
from app.services.claims import list_claims
from app.urls import UrlFor

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
_PERSON_KINDS = {"person"}


def _iso(moment: Any) -> str:
    text = moment.isoformat(timespec="seconds")
    return text if moment.tzinfo else text + "Z"  # stored in UTC


def article_collection(
    session: Session, article_id: int, url_for: UrlFor, collection_url: str, drafts: bool
) -> dict[str, Any] | None:
    """`url_for(route, id, slug="")` gives an absolute URL. None: no such article."""
    row = session.execute(
        select(Article.title, Article.slug).where(Article.id == article_id)
    ).first()
    if row is None:
        return None
    title, slug = row
    source = url_for("article_detail", article_id, slug)
    claims = list_claims(
        session, limit=100_000, offset=0, article_id=article_id, include_drafts=drafts
    ).items
    # What the collection shows, for the page cache: the article, its claims, their claimants.
    page_deps.shows_one("article", article_id)
    page_deps.shows_one("in_article", article_id)
    page_deps.shows("claim", (card.id for card in claims))
    page_deps.shows("actor", (card.claimant.id for card in claims))
    items = []
    for card in sorted(claims, key=lambda c: (c.quote_start, c.id)):
        claimant = card.claimant
        items.append(
            {
                "id": url_for("claim_detail", card.id),
                "type": "Annotation",
                "motivation": "describing",
                "created": _iso(card.created_at),
                "modified": _iso(card.updated_at),
                "creator": {
                    "id": url_for("actor_detail", claimant.id, claimant.slug),
                    "type": "Person" if claimant.kind in _PERSON_KINDS else "Organization",
                    "name": claimant.name,
                },
                "body": [
                    {
                        "type": "TextualBody",
                        "value": card.statement,
                        "format": "text/plain",
                        "purpose": "describing",
                    },
                    {"type": "TextualBody", "value": card.kind, "purpose": "tagging"},
                ],
                "target": {
                    "source": source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": card.quote,
                            "prefix": card.quote_prefix,
                            "suffix": card.quote_suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": card.quote_start,
                            "end": card.quote_end,
                        },
                    ],
                },
            }
        )
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"Claims in “{title}”",
        "total": len(items),
        "first": {
            "id": collection_url + "#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
