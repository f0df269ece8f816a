"""Fill a fresh Gainsay database with a synthetic corpus, fast enough for a million claims.

    python -m bench.generate --articles 100000 --out bench/data/corpus.db

The schema comes from the app's own migrations (`app.migrate.upgrade`); rows go in through the
raw DBAPI connection with `executemany`, all rows in one transaction, with foreign keys ON.
Every trigger is dropped for the load and recreated afterwards from its own SQL as
`sqlite_master` held it: the FTS5 triggers would index every row one at a time (the indexes are
rebuilt in one pass each instead, in a second transaction), and a change log's triggers would
record a million "changes" nobody made. The finished file is in WAL mode, as served.

Text is generated in worker processes, chunk by chunk; every id and every word follows from
`--seed` and the chunk's number, so the same arguments give the same database.
"""

import argparse
import hashlib
import heapq
import math
import os
import random
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import SQLModel

from app.db import make_engine
from app.migrate import upgrade
from app.models import Article
from app.services.anchors import Anchor, anchor_at
from app.slugs import slugify
from bench import prose

CHUNK_ARTICLES = 1000
CLAIMS_PER_ARTICLE = 10
CLAIMS_PER_DISPUTE = 10
DISPUTE_SHARE = 0.9  # of claims that belong to a dispute; the rest are loose statements
SECOND_DISPUTE_SHARE = 0.03  # of dispute claims also held by a second dispute of their story
DRAFT_SHARE = 0.01
WORDS_PER_ARTICLE = (440, 560)
FIRST_STORY_DAY = date(2015, 1, 1)
STORY_DAYS = 3650
INGEST_START = datetime(2024, 1, 1, tzinfo=UTC)

# Timestamps and dates converted by the model's own column types, so that the app reads them
# back exactly as if it had stored them itself.
_DIALECT = sqlite_dialect.dialect()


def _bind(column: Column[Any]) -> Callable[[Any], str]:
    return column.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)  # type: ignore[return-value]


_stamp = _bind(Article.__table__.c.created_at)  # type: ignore[attr-defined]
_day = _bind(Article.__table__.c.published_on)  # type: ignore[attr-defined]

COLUMNS: dict[str, tuple[str, ...]] = {
    "actor": ("id", "created_at", "updated_at", "version", "name", "slug", "kind", "parent_id",
              "description"),
    "actor_alias": ("created_at", "updated_at", "actor_id", "alias"),
    "article": ("id", "created_at", "updated_at", "version", "url", "outlet_id", "title", "slug",
                "published_on", "body", "content_hash", "origin"),
    "claim": ("id", "created_at", "updated_at", "version", "article_id", "claimant_id", "kind",
              "state", "statement", "quote", "quote_start", "quote_end", "quote_prefix",
              "quote_suffix", "event_place", "event_time", "event_date"),
    "claim_reporter": ("claim_id", "position", "actor_id"),
    "figure": ("claim_id", "position", "low", "high", "qualifier", "counts", "text"),
    "dispute": ("id", "created_at", "updated_at", "version", "title", "slug", "status",
                "summary"),
    "dispute_claim": ("dispute_id", "claim_id", "position", "added_at"),
    "claim_link": ("created_at", "updated_at", "version", "source_id", "target_id", "kind",
                   "note"),
}  # fmt: skip
# Parents before children, so that foreign keys hold at every insert.
CHUNK_TABLES = (
    "article", "claim", "claim_reporter", "figure", "dispute", "dispute_claim", "claim_link",
)  # fmt: skip
FTS_TABLES = ("actor_fts", "article_fts", "claim_fts", "dispute_fts")

# Roles a claim can play in a dispute after its first (always an allegation), as a deck to draw
# from: repeated entries are the weights.
_ROLES = (
    ("allegation",) * 3 + ("carried",) * 3 + ("denial",) * 5 + ("counter",) * 2
    + ("corroboration",) * 4 + ("discredit",) + ("reply",) * 2
)  # fmt: skip
_STATUSES = ("open",) * 8 + ("contested",) * 7 + ("settled",) * 3 + ("archived",) * 2


def insert_statement(connection: sqlite3.Connection, table: str) -> tuple[str, tuple]:
    """The INSERT for `table` and the values to append to each row for the columns this module
    does not fill: a column added by a later migration gets its model's default, so the
    harness keeps working as the schema grows (and says so plainly when it cannot)."""
    model = SQLModel.metadata.tables[table]
    columns, extra = list(COLUMNS[table]), []
    for _, name, _, not_null, server_default, primary_key in connection.execute(
        f"PRAGMA table_info({table})"
    ):
        if name in COLUMNS[table] or primary_key or server_default is not None or not not_null:
            continue
        default = model.c[name].default if name in model.c else None
        if default is None or not default.is_scalar:
            raise RuntimeError(f"bench/generate.py does not know how to fill {table}.{name}")
        columns.append(name)
        extra.append(default.arg)
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", tuple(extra)


def _insert(connection: sqlite3.Connection, table: str, rows: list[tuple]) -> None:
    sql, extra = insert_statement(connection, table)
    connection.executemany(sql, [row + extra for row in rows] if extra else rows)


# --- Planning -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """A run of consecutive articles and the id ranges its rows take (fixed in advance, so that
    chunks can be written in parallel)."""

    index: int
    first_article: int
    articles: int
    first_claim: int
    claims: int
    first_dispute: int
    disputes: int


def plan_chunks(articles: int, claims: int, size: int = CHUNK_ARTICLES) -> list[ChunkPlan]:
    plans = []
    claim_id = dispute_id = 1
    for index, start in enumerate(range(0, articles, size)):
        count = min(size, articles - start)
        # Cumulative shares, so that the chunks' claims add up to exactly `claims`.
        here = claims * (start + count) // articles - claims * start // articles
        disputes = round(here * DISPUTE_SHARE / CLAIMS_PER_DISPUTE)
        plans.append(ChunkPlan(index, start + 1, count, claim_id, here, dispute_id, disputes))
        claim_id += here
        dispute_id += disputes
    return plans


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` random-ish shares (±50% around the mean) summing exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for _ in range(total - sum(shares)):
        shares[rng.randrange(parts)] += 1
    return shares


def _apportion(seats: int, sizes: list[int], caps: list[int]) -> list[int]:
    """D'Hondt: `seats` disputes shared among stories by claim count, never above a cap."""
    given = [0] * len(sizes)
    heap = [(-size, i) for i, size in enumerate(sizes) if caps[i] > 0]
    heapq.heapify(heap)
    for _ in range(seats):
        _, i = heapq.heappop(heap)
        given[i] += 1
        if given[i] < caps[i]:
            heapq.heappush(heap, (-sizes[i] / (given[i] + 1), i))
    return given


# --- One chunk of rows (runs in a worker process) -----------------------------------------


@dataclass(slots=True)
class Rows:
    tables: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in CHUNK_TABLES})
    words: int = 0


_world: prose.World | None = None
_seed = 0


def _init_worker(seed: int, world: prose.World) -> None:
    global _world, _seed
    _world, _seed = world, seed


@dataclass(slots=True)
class _Story:
    articles: list[int]
    claims: list[tuple[int, int]]  # (claim id, article id)
    topics: list[prose.Topic] = field(default_factory=list)
    disputes: list[list[int]] = field(default_factory=list)  # claim ids in position order


def build_chunk(plan: ChunkPlan) -> Rows:
    assert _world is not None, "call _init_worker first"
    world, rng = _world, random.Random(f"chunk:{_seed}:{plan.index}")
    rows = Rows()
    article_ids = list(range(plan.first_article, plan.first_article + plan.articles))

    # Claims per article, then stories: runs of 1-4 articles reporting the same events.
    per_article = _split(rng, plan.claims, plan.articles)
    claim_ids: dict[int, list[int]] = {}
    next_claim = plan.first_claim
    for article_id, count in zip(article_ids, per_article, strict=True):
        claim_ids[article_id] = list(range(next_claim, next_claim + count))
        next_claim += count
    stories: list[_Story] = []
    position = 0
    while position < len(article_ids):
        members = article_ids[position : position + rng.choice((1, 2, 2, 3, 3, 4))]
        position += len(members)
        story_claims = [(c, a) for a in members for c in claim_ids[a]]
        stories.append(_Story(members, story_claims))
    in_dispute = [math.ceil(len(s.claims) * DISPUTE_SHARE) for s in stories]
    shares = _apportion(plan.disputes, [len(s.claims) for s in stories], in_dispute)

    texts: dict[int, prose.ClaimText] = {}
    reporters: dict[int, list[int]] = {}
    article_of = {c: a for s in stories for c, a in s.claims}
    next_dispute = plan.first_dispute
    for story, disputes, held in zip(stories, shares, in_dispute, strict=True):
        when = FIRST_STORY_DAY + timedelta(days=rng.randrange(STORY_DAYS))
        story.topics.append(prose.make_topic(rng, world, when))
        for _ in range(1, disputes):
            later = when + timedelta(days=rng.randrange(4))
            story.topics.append(prose.make_topic(rng, world, later, like=story.topics[0]))
        shuffled = [c for c, _ in story.claims]
        rng.shuffle(shuffled)
        held = held if disputes else 0
        story.disputes = [shuffled[d:held:disputes] for d in range(disputes)]
        for claim_id in shuffled[held:]:
            texts[claim_id] = prose.loose_statement(rng, world, rng.choice(story.topics))
        created = _stamp(_ingested(story.articles[-1]))  # disputes follow their last article
        for topic, members in zip(story.topics[:disputes], story.disputes, strict=True):
            _write_dispute(rng, world, topic, members, article_of, texts, created, rows)
        for claim_id, _ in story.claims:
            reporters[claim_id] = _reporters(rng, world)
        if disputes > 1:  # a few claims matter to two of the story's disputes
            for d, members in enumerate([list(m) for m in story.disputes]):
                for claim_id in members:
                    if rng.random() < SECOND_DISPUTE_SHARE:
                        other = rng.choice([i for i in range(disputes) if i != d])
                        story.disputes[other].append(claim_id)
        for topic, members in zip(story.topics[:disputes], story.disputes, strict=True):
            _dispute_rows(rng, world, next_dispute, topic, members, created, rows)
            next_dispute += 1

    for story in stories:
        scene = prose.Scene(rng, world, story.topics[0])
        for article_id in story.articles:
            _article_rows(rng, world, scene, article_id, claim_ids[article_id], texts,
                          reporters, rows)  # fmt: skip
    assert next_dispute == plan.first_dispute + plan.disputes
    return rows


def _reporters(rng: random.Random, world: prose.World) -> list[int]:
    """The chain of outlets a claim reached the article through: usually none, one or two."""
    draw = rng.random()
    if draw < 0.55:
        return []
    if draw < 0.9:
        return [rng.choice(world.outlets)]
    return rng.sample(world.outlets, 2)


def _write_dispute(
    rng: random.Random,
    world: prose.World,
    topic: prose.Topic,
    members: list[int],
    article_of: dict[int, int],
    texts: dict[int, prose.ClaimText],
    created: str,
    rows: Rows,
) -> None:
    """The claims of one dispute: an allegation first, then answers to it, each linked to an
    earlier member, so the dispute page has rows, nested answers and same-claim groups."""
    allegations: list[int] = []
    denials: list[int] = []
    links = rows.tables["claim_link"]
    for claim_id in members:
        role = rng.choice(_ROLES) if allegations else "allegation"
        if role == "carried":
            elsewhere = [a for a in allegations if article_of[a] != article_of[claim_id]]
            role = "carried" if elsewhere else "allegation"
        if role == "reply" and not denials:
            role = "denial"
        target, kind = None, ""
        match role:
            case "allegation":
                texts[claim_id] = prose.allegation(rng, topic)
                allegations.append(claim_id)
            case "carried":  # another outlet carrying the same words: a same-claim link
                target, kind = rng.choice(elsewhere), "same_claim"
                texts[claim_id] = texts[target]
            case "denial":
                target, kind = rng.choice(allegations), "rebuts"
                texts[claim_id] = prose.denial(rng, topic)
                denials.append(claim_id)
            case "counter":
                target, kind = rng.choice(allegations), "counter_accuses"
                texts[claim_id] = prose.counter_claim(rng, topic)
            case "corroboration":
                target, kind = rng.choice(allegations), "corroborates"
                texts[claim_id] = prose.corroboration(rng, world, topic)
            case "discredit":
                target, kind = rng.choice(allegations), "discredits_source"
                source = texts[target].claimant
                texts[claim_id] = prose.discredit(rng, world, topic, source)
            case _:
                target, kind = rng.choice(denials), "rebuts"
                texts[claim_id] = prose.reply_to_denial(rng, topic)
        if target is not None:
            links.append((created, created, 1, claim_id, target, kind, ""))


def _dispute_rows(
    rng: random.Random,
    world: prose.World,
    dispute_id: int,
    topic: prose.Topic,
    members: list[int],
    created: str,
    rows: Rows,
) -> None:
    title = prose.dispute_title(rng, topic)
    # The id keeps slugs unique (the column is) however often a title recurs.
    slug = f"{slugify(title)}-{dispute_id}"
    summary = prose.dispute_summary(world, topic)
    rows.tables["dispute"].append(
        (dispute_id, created, created, 1, title, slug, rng.choice(_STATUSES), summary)
    )
    rows.tables["dispute_claim"].extend(
        (dispute_id, claim_id, position, created) for position, claim_id in enumerate(members)
    )


def _ingested(article_id: int) -> datetime:
    """When an article was stored: about one every five minutes, in id order."""
    return INGEST_START + timedelta(seconds=article_id * 300 + article_id * 7919 % 240)


def _article_rows(
    rng: random.Random,
    world: prose.World,
    scene: prose.Scene,
    article_id: int,
    claims: list[int],
    texts: dict[int, prose.ClaimText],
    reporters: dict[int, list[int]],
    rows: Rows,
) -> None:
    # Filler sentences to bring the story to about 500 words, spread over the paragraphs:
    # slot 0 follows the lead, slot i the i-th claim.
    target_words = rng.randint(*WORDS_PER_ARTICLE)
    fillers = max(2, round((target_words - 25 - 24 * len(claims)) / 17))
    slots: list[list[str]] = [[] for _ in range(len(claims) + 1)]
    for _ in range(fillers):
        slots[rng.randrange(len(slots))].append(scene.filler())

    parts = [scene.dateline(), scene.filler()]
    length = len(parts[0]) + len(parts[1])
    anchors: list[tuple[int, int]] = []

    def paragraph_tail(sentences: list[str], count: int) -> None:
        nonlocal length
        for sentence in sentences:
            separator = " " if count < 3 else "\n\n"
            count = count + 1 if count < 3 else 1
            parts.append(separator + sentence)
            length += len(separator) + len(sentence)

    paragraph_tail(slots[0], 1)
    for claim_id, fill in zip(claims, slots[1:], strict=True):
        text = texts[claim_id]
        before, after = scene.attribution(text.claimant, reporters[claim_id])
        start = length + 2 + len(before)
        anchors.append((start, start + len(text.quote)))
        piece = f"\n\n{before}{text.quote}{after}"
        parts.append(piece)
        length += len(piece)
        paragraph_tail(fill, 1)
    body = "".join(parts)
    rows.words += body.count(" ") + body.count("\n\n") + 1

    created = _stamp(_ingested(article_id))
    title = scene.headline()
    slug = slugify(title)
    outlet = rng.choice(world.outlets) if rng.random() < 0.92 else None
    published = scene.topic.when + timedelta(days=rng.randrange(3))
    url = None
    if outlet is not None and rng.random() < 0.9:
        url = f"https://{world.domains[outlet]}/{published:%Y/%m}/{slug}-{article_id}"
    rows.tables["article"].append(
        (
            article_id, created, created, 1, url, outlet, title, slug,
            _day(published) if rng.random() < 0.96 else None,
            body, hashlib.sha256(body.encode()).hexdigest(), "bench:synthetic",
        )
    )  # fmt: skip

    claim_rows = rows.tables["claim"]
    for claim_id, (start, end) in zip(claims, anchors, strict=True):
        text = texts[claim_id]
        anchor = anchor_at(body, start, end)
        state = "draft" if rng.random() < DRAFT_SHARE else "published"
        claim_rows.append(
            (
                claim_id, created, created, 1, article_id, text.claimant, text.kind, state,
                text.statement, text.quote, start, end, anchor.prefix, anchor.suffix,
                text.place, text.time, _day(text.when) if text.when else None,
            )
        )  # fmt: skip
        rows.tables["claim_reporter"].extend(
            (claim_id, position, actor) for position, actor in enumerate(reporters[claim_id])
        )
        rows.tables["figure"].extend(
            (claim_id, position, *figure) for position, figure in enumerate(text.figures)
        )


# --- Loading ------------------------------------------------------------------------------


def _ordered(
    pool: ProcessPoolExecutor | None, plans: list[ChunkPlan], window: int
) -> Iterator[Rows]:
    """Chunks in plan order, at most `window` of them in flight (bounded memory)."""
    if pool is None:
        yield from map(build_chunk, plans)
        return
    pending: deque[Future[Rows]] = deque()
    for plan in plans:
        pending.append(pool.submit(build_chunk, plan))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _bulk_pragmas(connection: sqlite3.Connection) -> None:
    # Nothing to protect in a file being built from scratch: no journal, no fsync, a big cache.
    # (foreign_keys stays ON, as app.db set it on connect.)
    for pragma in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "cache_size = -1048576",
        "temp_store = MEMORY",
    ):
        connection.execute(f"PRAGMA {pragma}")
    if connection.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        raise RuntimeError("foreign keys must be enforced while loading")


def fts_triggers(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """The triggers that keep the FTS5 indexes current, as (name, SQL)."""
    return connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%\\_fts%' "
        "ESCAPE '\\' ORDER BY name"
    ).fetchall()


def all_triggers(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every trigger of the schema, as (name, SQL): whatever a migration adds (a change log's,
    say) is dropped for the load too, without this file having to know its name."""
    return connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


# Tables that triggers fill as rows are written: a generated corpus starts with them empty, as
# if every row had been there before the first change anyone made.
LOGGED_BY_TRIGGERS = ("change_log",)


def _empty_trigger_logs(connection: sqlite3.Connection) -> None:
    for table in LOGGED_BY_TRIGGERS:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if found:
            connection.execute(f"DELETE FROM {table}")


def _rebuild_fts(connection: sqlite3.Connection) -> None:
    tables = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
        )
    }
    # A new FTS table in a migration must be rebuilt here too; fail rather than leave it empty.
    if tables != set(FTS_TABLES):
        raise RuntimeError(f"unexpected FTS tables {sorted(tables)}; teach bench/generate.py")
    connection.execute("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
    connection.execute("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")
    connection.execute("INSERT INTO dispute_fts(dispute_fts) VALUES ('rebuild')")
    # actor_fts stores its own text: the name and the aliases the triggers would have joined.
    connection.execute(
        "INSERT INTO actor_fts(rowid, name, aliases) SELECT a.id, a.name, "
        "coalesce((SELECT group_concat(alias, ' | ') FROM actor_alias WHERE actor_id = a.id), '')"
        " FROM actor a"
    )


def _actor_rows(world: prose.World) -> tuple[list[tuple], list[tuple], list[tuple]]:
    created = _stamp(INGEST_START)
    actors = [
        (a.id, created, created, 1, a.name, slugify(a.name), a.kind, None, a.description)
        for a in world.actors
    ]
    aliases = [(created, created, a.id, alias) for a in world.actors for alias in a.aliases]
    parents = [(a.parent_id, a.id) for a in world.actors if a.parent_id is not None]
    return actors, aliases, parents


@dataclass
class Report:
    seconds: dict[str, float]
    rows: dict[str, int]
    words_per_article: float
    size_bytes: int


def generate(
    out: Path,
    *,
    articles: int,
    claims: int,
    seed: int = 1,
    workers: int | None = None,
    chunk_articles: int = CHUNK_ARTICLES,
) -> Report:
    """Create `out` (which must not exist) and fill it. Returns timings and row counts.

    The database depends on `seed` and `chunk_articles` only, not on `workers`."""
    if out.exists():
        raise FileExistsError(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    engine = make_engine(f"sqlite:///{out.resolve()}")
    try:
        upgrade(engine)
        engine.dispose()  # the load's connection must be the only one
        lap("schema")
        raw = engine.raw_connection()
        try:
            connection: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
            plans = plan_chunks(articles, claims, chunk_articles)
            words = _load(connection, plans, seed, workers, lap)
        finally:
            raw.close()
    finally:
        engine.dispose()
    with closing(sqlite3.connect(out)) as check:
        counts = {
            table: check.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COLUMNS
        }
    lap("count")
    seconds["total"] = sum(seconds.values())
    return Report(seconds, counts, words / max(1, articles), out.stat().st_size)


def _load(
    connection: sqlite3.Connection,
    plans: list[ChunkPlan],
    seed: int,
    workers: int,
    lap: Callable[[str], None],
) -> int:
    _bulk_pragmas(connection)
    world = prose.build_world(seed)
    triggers = all_triggers(connection)
    connection.execute("BEGIN")
    for name, _ in triggers:
        connection.execute(f"DROP TRIGGER {name}")
    actors, aliases, parents = _actor_rows(world)
    _insert(connection, "actor", actors)
    _insert(connection, "actor_alias", aliases)
    connection.executemany("UPDATE actor SET parent_id = ? WHERE id = ?", parents)

    words = 0
    statements = {table: insert_statement(connection, table) for table in CHUNK_TABLES}
    parallel = workers > 1 and len(plans) > 1
    _init_worker(seed, world)  # for chunks built in this process
    pool = (
        ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(seed, world))
        if parallel
        else None
    )
    try:
        for rows in _ordered(pool, plans, window=2 * workers):
            for table, (sql, extra) in statements.items():
                batch = rows.tables[table]
                connection.executemany(sql, [row + extra for row in batch] if extra else batch)
            words += rows.words
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    connection.execute("COMMIT")
    lap("rows")

    connection.execute("BEGIN")
    _rebuild_fts(connection)
    _empty_trigger_logs(connection)
    for _, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    if all_triggers(connection) != triggers:
        raise RuntimeError("the triggers did not come back identical")
    lap("fts")
    # The served database runs in WAL mode (app.db); leave the file that way.
    if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise RuntimeError("could not put the database back in WAL mode")
    return words


# --- Checking -----------------------------------------------------------------------------


def verify(path: Path) -> list[str]:
    """Problems with a generated database: broken anchors or foreign keys (empty when sound)."""
    problems = []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        for violation in connection.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {violation}")
        for article_id, body in connection.execute("SELECT id, body FROM article"):
            for claim_id, quote, start, end, prefix, suffix in connection.execute(
                "SELECT id, quote, quote_start, quote_end, quote_prefix, quote_suffix "
                "FROM claim WHERE article_id = ?",
                (article_id,),
            ):
                stored = Anchor(start, end, prefix, suffix)
                if body[start:end] != quote or anchor_at(body, start, end) != stored:
                    problems.append(f"claim {claim_id}: anchor does not hold")
    return problems


# --- Command line -------------------------------------------------------------------------


def _print_report(report: Report, out: Path, elapsed: float) -> None:
    print(f"Wrote {out} ({report.size_bytes / 2**20:,.0f} MiB) in {elapsed:.1f} s")
    print("  " + ", ".join(f"{name} {s:.1f} s" for name, s in report.seconds.items()))
    print(f"  {report.words_per_article:.0f} words per article on average")
    for table, count in report.rows.items():
        print(f"  {table:<15} {count:>12,}")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, help="default: 10 per article")
    parser.add_argument("--out", type=Path, default=Path("bench/data/corpus.db"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="text-generating processes (default: CPUs)")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument("--check", action="store_true", help="verify anchors and foreign keys")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    claims = args.claims if args.claims is not None else CLAIMS_PER_ARTICLE * args.articles
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    report = generate(
        args.out, articles=args.articles, claims=claims, seed=args.seed, workers=args.workers
    )
    _print_report(report, args.out, time.perf_counter() - started)
    if args.check:
        problems = verify(args.out)
        for problem in problems[:20]:
            print(problem, file=sys.stderr)
        print(f"check: {len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
