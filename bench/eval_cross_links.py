"""Precision and recall of the cross-article link proposals, on the seed articles.

The five seed articles report overlapping events of the Syrian war, and the seed data set
links some claims across articles (same claim, corroborates, rebuts, counter-accuses): those
links are the gold pairs. For each seed article in turn, a fresh database gets every seed
article but that one, with their curated claims and links; the article is then imported
through `import_article`, as a new article would be (the suggestion engine proposes its
claims, then the cross-article links are proposed). A proposal finds a gold pair when its
suggested claim's words overlap the gold claim's quote in the article and it points at the
gold pair's stored claim; its kind is right when it also has the gold link's kind and direction.

    .venv/bin/python bench/eval_cross_links.py [-v]
"""

import sys
import tempfile
from pathlib import Path

from sqlalchemy import select, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import make_engine
from app.ingest.importing.prepare import prepare
from app.ingest.importing.results import ArticleMetadata
from app.ingest.importing.store import import_article
from app.ingest.seeds import article_body, load_seeds, read_seed_set
from app.migrate import upgrade
from app.models import Claim, ClaimSuggestion
from app.paths import SEEDS_DIR
from app.services.cross_links import article_cross_links


def _drop_article(session: Session, article_id: int) -> None:
    claims = "SELECT id FROM claim WHERE article_id = :a"
    for statement in (
        f"DELETE FROM claim_link WHERE source_id IN ({claims}) OR target_id IN ({claims})",
        f"DELETE FROM dispute_claim WHERE claim_id IN ({claims})",
        f"DELETE FROM note WHERE claim_id IN ({claims})",
        "DELETE FROM claim WHERE article_id = :a",
        "DELETE FROM article WHERE id = :a",
    ):
        session.execute(text(statement), {"a": article_id})


def evaluate(verbose: bool = False) -> dict[str, float]:
    seed_set = read_seed_set()
    article_of = {c.ref: i for i, a in enumerate(seed_set.articles) for c in a.claims}
    quote_of = {c.ref: c.quote for a in seed_set.articles for c in a.claims}
    gold_total = found = right_kind = proposed = hits = 0
    for index, seed_article in enumerate(seed_set.articles):
        gold = [
            link
            for link in seed_set.links
            if (article_of[link.source] == index) != (article_of[link.target] == index)
        ]
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/eval.db")
            upgrade(engine)
            with Session(engine) as session:
                load_seeds(session, SEEDS_DIR)
                body = article_body(SEEDS_DIR, seed_article)
                stored_id = session.execute(
                    text("SELECT id FROM article WHERE origin = :o"),
                    {"o": f"seed:{seed_article.file}"},
                ).scalar_one()
                _drop_article(session, stored_id)
                session.flush()
                claim_ids = {
                    ref: session.execute(
                        select(Claim.id).where(Claim.quote == quote)
                    ).scalar_one_or_none()
                    for ref, quote in quote_of.items()
                    if article_of[ref] != index
                }
                prepared = prepare(
                    body.encode(),
                    "article.txt",
                    ArticleMetadata(
                        title=seed_article.title,
                        outlet=seed_article.outlet,
                        published_on=seed_article.published_on,
                    ),
                )
                result = import_article(session, prepared, None)
                views = article_cross_links(session, result.article_id)
                spans = {
                    s.id: (s.quote_start, s.quote_end)
                    for s in session.execute(
                        select(ClaimSuggestion).where(
                            ClaimSuggestion.article_id == result.article_id
                        )
                    ).scalars()
                }
            engine.dispose()
        proposed += len(views)
        matched_views: set[int] = set()
        for link in gold:
            new_ref, stored_ref = (
                (link.source, link.target)
                if article_of[link.source] == index
                else (link.target, link.source)
            )
            outgoing = new_ref == link.source
            start = body.find(quote_of[new_ref])
            end = start + len(quote_of[new_ref])
            candidates = [
                v
                for v in views
                if v.target_claim_id == claim_ids.get(stored_ref)
                and spans[v.suggestion_id][0] < end
                and start < spans[v.suggestion_id][1]
            ]
            hit = next(
                (v for v in candidates if v.kind == link.kind and v.outgoing == outgoing),
                candidates[0] if candidates else None,
            )
            gold_total += 1
            if hit is not None:
                found += 1
                right_kind += hit.kind == link.kind and hit.outgoing == outgoing
                matched_views.add(hit.id)
            if verbose:
                got = f"{hit.kind} ({hit.reason})" if hit else "missed"
                print(f"  [{index}] {new_ref} -{link.kind}-> {stored_ref}: {got}")
        hits += len(matched_views)
        if verbose:
            for v in views:
                if v.id not in matched_views:
                    print(
                        f"  [{index}] extra: #{v.suggestion_number} {v.kind} → claim "
                        f"{v.target_claim_id} ({v.reason})"
                    )
    return {
        "gold pairs": gold_total,
        "proposals": proposed,
        "recall": found / gold_total if gold_total else 0.0,
        "precision": hits / proposed if proposed else 0.0,
        "kind accuracy (of found)": right_kind / found if found else 0.0,
    }


if __name__ == "__main__":
    for name, value in evaluate(verbose="-v" in sys.argv).items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
