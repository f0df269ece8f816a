"""A dispute in schema.org terms, as JSON-LD.

A graded dispute is a `ClaimReview` of each allegation it holds (the grade is the rating and
its rule the explanation). An ungraded dispute has no review to give, so it exports its
allegations and answers as schema.org `Claim` items, each with where it appeared and who made
it, and the few terms schema.org lacks (which claim answers which, and how) from Gainsay's own
vocabulary, served at /ns/gainsay.jsonld (`jsonld_context` below)."""

import json
from typing import Any

from markupsafe import Markup

from app.services.disputes import DisputeView, build_dispute_view
from app.services.views import ActorRef, ClaimCard
from app.urls import UrlFor
from app.vocabulary import GRADE_RULES, ClaimState, Grade, LinkKind, label

SCHEMA_ORG = "https://schema.org"
# Best first: the scale's order (app.vocabulary.Grade) as schema.org's 1-5 rating.
RATING = {grade: 5 - i for i, grade in enumerate(Grade)}
# Gainsay's terms, with the schema.org term each refines where there is one.
TERMS: dict[str, dict[str, str]] = {
    "claimKind": {
        "comment": "What the claim does: allegation, denial, counter-claim, "
        "corroboration or statement."
    },
    "quote": {
        "comment": "The exact words in the article that carry the claim.",
        "subPropertyOf": "https://schema.org/text",
    },
    "answers": {
        "comment": "This claim argues against the object claim (any of rebuts, "
        "counterAccuses, discreditsSource)."
    },
    "rebuts": {"comment": "Denies the fact the object claim asserts.", "subPropertyOf": "answers"},
    "counterAccuses": {
        "comment": "Blames someone else for what the object claim alleges.",
        "subPropertyOf": "answers",
    },
    "discreditsSource": {
        "comment": "Attacks the messenger of the object claim.",
        "subPropertyOf": "answers",
    },
    "corroborates": {"comment": "Supports the object claim."},
    "sameClaimAs": {"comment": "The same assertion, carried by another article."},
}
_LINK_TERMS: dict[str, str] = {
    LinkKind.rebuts: "rebuts",
    LinkKind.counter_accuses: "counterAccuses",
    LinkKind.discredits_source: "discreditsSource",
    LinkKind.corroborates: "corroborates",
    LinkKind.same_claim: "sameClaimAs",
}
_PERSON_KINDS = {"person"}


def jsonld_context(vocabulary_url: str) -> dict[str, Any]:
    """The JSON-LD context of Gainsay's terms (`vocabulary_url` is where it is served)."""
    terms: dict[str, Any] = {
        "gainsay": vocabulary_url + "#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    for term in TERMS:
        if term in ("claimKind", "quote"):
            terms[term] = {"@id": f"gainsay:{term}"}
        else:
            terms[term] = {"@id": f"gainsay:{term}", "@type": "@id"}
    return {
        "@context": terms,
        # Not part of the context proper: what each term means, for people reading it.
        "@graph": [
            {"@id": f"gainsay:{term}", "rdfs:comment": meaning["comment"]}
            | (
                {"rdfs:subPropertyOf": meaning["subPropertyOf"]}
                if "subPropertyOf" in meaning
                else {}
            )
            for term, meaning in TERMS.items()
        ],
    }


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: `<`, `>` and `&` escaped, so no text can close
    the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _actor(actor: ActorRef, url_for: UrlFor) -> dict[str, Any]:
    return {
        "@type": "Person" if actor.kind in _PERSON_KINDS else "Organization",
        "@id": url_for("actor_detail", actor.id, actor.slug),
        "name": actor.name,
    }


def _appearance(card: ClaimCard, url_for: UrlFor) -> dict[str, Any]:
    article = card.article
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": url_for("article_detail", article.id, article.slug),
        "headline": article.title,
    }
    if article.url:
        appearance["sameAs"] = article.url
    if article.published_on:
        appearance["datePublished"] = article.published_on.isoformat()
    if article.outlet:
        appearance["publisher"] = _actor(article.outlet, url_for)
    return appearance


def _claim(card: ClaimCard, url_for: UrlFor, held: set[int]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Claim",
        "@id": url_for("claim_detail", card.id),
        "name": card.statement,
        "claimKind": card.kind,
        "quote": card.quote,
        "author": _actor(card.claimant, url_for),
        "appearance": _appearance(card, url_for),
        "dateCreated": card.created_at.date().isoformat(),
    }
    for link in card.links_out:
        if link.target_id in held:  # a link to a claim outside the dispute points nowhere here
            item.setdefault(_LINK_TERMS[link.kind], []).append(
                url_for("claim_detail", link.target_id)
            )
    return item


def published_view(view: DisputeView) -> DisputeView:
    """The dispute as readers see it (an analyst's view holds drafts, which never leave)."""
    published = [c for c in view.claims if c.state == ClaimState.published]
    if len(published) == len(view.claims):
        return view
    return build_dispute_view(view.dispute, published)


def dispute_jsonld(
    view: DisputeView, url_for: UrlFor, site: dict[str, str], vocabulary_url: str
) -> dict[str, Any]:
    """`url_for(route, id, slug="")` gives an absolute URL; `site` is {"name", "url"}."""
    view = published_view(view)
    dispute = view.dispute
    page = url_for("dispute_detail", dispute.id, dispute.slug)
    held = {c.id for c in view.claims}
    context: list[Any] = [SCHEMA_ORG, vocabulary_url]
    allegations = [row.allegation for row in view.rows if row.allegation is not None]
    if dispute.grade:
        reviewer = {"@type": "Organization", "name": site["name"], "url": site["url"]}
        rating = {
            "@type": "Rating",
            "ratingValue": RATING[Grade(dispute.grade)],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label(dispute.grade),
            "ratingExplanation": dispute.grade_note or GRADE_RULES[dispute.grade],
        }
        reviews = []
        for node in allegations:
            claim = _claim(node.lead, url_for, held)
            claim["appearance"] = [_appearance(c, url_for) for c in node.carriers]
            reviews.append(
                {
                    "@type": "ClaimReview",
                    "url": page,
                    "name": dispute.title,
                    "claimReviewed": node.lead.statement,
                    "author": reviewer,
                    "reviewRating": rating,
                    "itemReviewed": claim,
                }
            )
        return {"@context": context, "@graph": reviews}
    return {
        "@context": context,
        "@id": page,
        "@type": "WebPage",
        "name": dispute.title,
        "description": dispute.summary,
        "hasPart": [_claim(card, url_for, held) for card in view.claims],
    }
