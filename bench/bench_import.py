"""Benchmark: importing 1,000 articles with claim suggestions, as `gainsay import` does it.

    .venv/bin/python bench/bench_import.py [--articles 1000] [--seed 7] [--keep DIR] [--one-by-one]

It writes the articles as files into a temporary folder (about 500 words each, from the
synthetic world of bench/prose.py: wire copy with allegations, denials and counter-claims),
mixing plain text (half of them with page furniture such as "Share" and photo credits, some
with mis-decoded apostrophes), Markdown and full HTML pages (navigation, scripts, metadata).
The world's actors (~650, with aliases) are loaded into a fresh migrated SQLite database first,
as a working Gainsay would have them, so that speakers resolve as they would in use.

Only the import is timed: `app.ingest.importing.sources.iter_sources` and
`app.ingest.importing.batch.run_import`, the code path of `gainsay import FOLDER`: read, then
decode, extract, clean and suggest in the budgeted import worker, then de-duplicate and store
the article and its suggestions, one committed transaction per article.

`--one-by-one` times the server's way instead (the import page and `POST /api/articles`, less
HTTP): each article analysed through `app.ingest.worker.run_job`, waiting for its analysis,
then stored, as one request after another would.
"""

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, insert, select, update
from sqlmodel import Session

from app.db import make_engine, write_session
from app.ingest import worker
from app.ingest.importing.batch import job_for_source, run_import
from app.ingest.importing.results import ImportResult, ImportStatus, ImportSummary, Refusal
from app.ingest.importing.sources import iter_sources
from app.ingest.importing.store import import_prepared, load_directory
from app.migrate import upgrade
from app.models import Actor, ActorAlias, Article, ClaimSuggestion
from app.slugs import slugify
from bench import prose

TARGET_SECONDS = 60.0
FIRST_DAY = date(2019, 1, 1)


def _story(rng: random.Random, world: prose.World, number: int) -> dict[str, object]:
    """One article: headline, outlet, date, URL and ~500 words of paragraphs."""
    when = FIRST_DAY + timedelta(days=rng.randrange(1500))
    topic = prose.make_topic(rng, world, when)
    scene = prose.Scene(rng, world, topic)
    makers = (
        lambda: prose.allegation(rng, topic),
        lambda: prose.denial(rng, topic),
        lambda: prose.counter_claim(rng, topic),
        lambda: prose.corroboration(rng, world, topic),
        lambda: prose.discredit(rng, world, topic, topic.accusers[0]),
        lambda: prose.reply_to_denial(rng, topic),
        lambda: prose.loose_statement(rng, world, topic),
    )
    claims = [makers[0](), makers[1]()] + [rng.choice(makers)() for _ in range(rng.randint(2, 6))]
    paragraphs = [scene.dateline() + scene.filler() + " " + scene.filler()]
    for claim in claims:
        reporters = [rng.choice(world.outlets)] if rng.random() < 0.3 else []
        before, after = scene.attribution(claim.claimant, reporters)
        paragraphs.append(f"{before}{claim.quote}{after}")
        paragraphs.append(" ".join(scene.filler() for _ in range(rng.randint(1, 3))))
    while sum(len(p.split()) for p in paragraphs) < rng.randint(440, 560):
        paragraphs.append(" ".join(scene.filler() for _ in range(2)))
    outlet_id = rng.choice(world.outlets)
    outlet = world.actors[outlet_id - 1].name
    title = scene.headline()
    url = f"https://{world.domains[outlet_id]}/{when:%Y/%m}/{slugify(title)}-{number}"
    return {"title": title, "outlet": outlet, "when": when, "url": url, "paragraphs": paragraphs}


def _as_text(story: dict, rng: random.Random) -> str:
    paragraphs = list(story["paragraphs"])
    if rng.random() < 0.5:  # page furniture copied along with the text
        paragraphs.insert(1, "Advertisement")
        paragraphs.insert(3, "A resident walks past a damaged building on Tuesday.\nAFP")
        paragraphs.insert(0, "Share")
    body = "\n\n".join(paragraphs)
    if rng.random() < 0.1:  # a copy that went through the wrong encoding once
        body = body.replace("’", "â€™") if "’" in body else body.replace("'", "â€™")
    header = [story["url"], story["outlet"], story["when"].isoformat(), story["title"], ""]
    return "\n".join(header) + "\n" + body if rng.random() < 0.5 else story["title"] + "\n\n" + body


def _as_markdown(story: dict) -> str:
    paragraphs = [f"*{p}*" if i == 0 else p for i, p in enumerate(story["paragraphs"])]
    return f"# {story['title']}\n\n" + "\n\n".join(paragraphs) + "\n"


def _as_html(story: dict) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(story["title"])} | {escape(story["outlet"])}</title>
<meta property="og:title" content="{escape(story["title"])}">
<meta property="og:site_name" content="{escape(story["outlet"])}">
<meta property="og:url" content="{escape(story["url"])}">
<meta property="article:published_time" content="{story["when"].isoformat()}T08:00:00Z">
<script>window.dataLayer = [];</script><script src="/analytics.js"></script>
<style>body {{ font-family: serif; }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About</a></nav>
<main><article><h1>{escape(story["title"])}</h1>
<p class="byline">By Staff Reporter</p>
{paragraphs}
<aside><h2>Related</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
</article></main>
<footer><p>© {story["when"].year} {escape(story["outlet"])}. All rights reserved.</p></footer>
<script>track();</script></body></html>"""


def write_corpus(folder: Path, world: prose.World, articles: int, seed: int) -> int:
    rng = random.Random(f"import-bench:{seed}")
    total = 0
    for number in range(1, articles + 1):
        story = _story(rng, world, number)
        draw = rng.random()
        if draw < 0.5:
            path, text = folder / f"{number:05d}.txt", _as_text(story, rng)
        elif draw < 0.75:
            path, text = folder / f"{number:05d}.html", _as_html(story)
        else:
            path, text = folder / f"{number:05d}.md", _as_markdown(story)
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def load_actors(engine: object, world: prose.World) -> None:
    with write_session(engine) as session:
        session.execute(
            insert(Actor),
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "slug": slugify(a.name),
                    "kind": a.kind,
                    "parent_id": None,  # set below: a parent may come later in the list
                    "description": a.description,
                }
                for a in world.actors
            ],
        )
        for actor in world.actors:
            if actor.parent_id is not None:
                session.execute(
                    update(Actor).where(Actor.id == actor.id).values(parent_id=actor.parent_id)
                )
        rows = [{"actor_id": a.id, "alias": alias} for a in world.actors for alias in a.aliases]
        if rows:
            session.execute(insert(ActorAlias), rows)
        session.commit()


def import_one_by_one(engine: Engine, corpus: Path) -> ImportSummary:
    """Each article as the server imports it: analysed in a kept worker (`run_job`), then
    stored in a transaction of its own."""
    summary = ImportSummary()
    with Session(engine) as session:
        directory = load_directory(session)
    for source in iter_sources([corpus]):
        job = job_for_source(source, directory)
        if isinstance(job, Refusal):
            summary.results.append(ImportResult.refused(job))
            continue
        try:
            analysis = worker.run_job(job, worker.budget_s())
        except worker.ImportTooSlow as error:
            analysis = worker.Analysis(error.refusal())
        with write_session(engine) as session:
            summary.results.append(
                import_prepared(session, analysis.prepared, None, directory, analysis.suggestions)
            )
            session.commit()
    return summary


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the files and database here and keep them")
    parser.add_argument(
        "--one-by-one", action="store_true", help="the server's way: run_job, article by article"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gainsay-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        world = prose.build_world(args.seed)
        corpus = folder / "articles"
        corpus.mkdir(exist_ok=True)
        size = write_corpus(corpus, world, args.articles, args.seed)
        database = folder / "bench.db"
        database.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        load_actors(engine, world)
        print(
            f"corpus: {args.articles:,} files ({size / 1e6:.1f} MB: .txt, .md, .html), "
            f"{len(world.actors):,} actors in the database"
        )

        started = time.perf_counter()
        if args.one_by_one:
            summary = import_one_by_one(engine, corpus)
        else:
            summary = run_import(engine, iter_sources([corpus]))
        seconds = time.perf_counter() - started

        with write_session(engine) as session:
            stored = len(session.execute(select(Article.id)).all())
            suggestions = len(session.execute(select(ClaimSuggestion.id)).all())
        engine.dispose()
        refused = [r for r in summary.results if r.status == ImportStatus.refused]
        print(
            f"imported {summary.imported:,}, already present {summary.duplicates:,}, "
            f"refused {summary.refused:,}; {stored:,} articles and {suggestions:,} suggestions "
            "stored"
        )
        for result in refused[:5]:
            print(f"  refused {result.name}: {result.message}")
        print(
            f"{seconds:.1f} s in all, {summary.imported / seconds:.1f} articles/s, "
            f"{seconds / max(1, len(summary.results)) * 1000:.1f} ms per article "
            f"(target < {TARGET_SECONDS:.0f} s for 1,000)"
        )
        return 0 if seconds < TARGET_SECONDS * args.articles / 1000 and not refused else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
