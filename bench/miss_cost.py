"""CPU time per page-cache miss, measured in process, for this tree or paired with another
revision of it.

    python -m bench.miss_cost --db bench/data/corpus.db
    python -m bench.miss_cost --db bench/data/corpus.db --compare HEAD~3 --passes 5

For each page (dispute permalink, article page, article with `?claim=`, claim JSON) it draws
random rows of the corpus, then calls the ASGI app directly (no server, no sockets) with the
page cache off (`GAINSAY_PAGE_CACHE_MB=0`), so every request is a miss: a warm-up of unmeasured
requests, then a pass over the sample, timed with `time.process_time()` (every thread of the
process: the render threads included) and divided by the requests. Best of `--passes` passes.
Start-up's objects are frozen before the first request, as the server's lifespan leaves them
(`as_served`); `--unfrozen` measures as the rounds before it did.

With `--compare REV` the other revision is checked out into a temporary `git worktree` and
both trees run side by side, each in its own process, their passes alternating: on a loaded
machine CPU time per request swings between runs, so only figures taken at the same time
compare. The corpus is opened read-only; nothing is written to it. Every answer must be a 200,
else the run stops (a 404 or a redirect costs less than the page it stands for).
"""

import argparse
import asyncio
import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
PAGES = ("dispute", "article", "article_claim", "claim_json")
# What a browser sends (the miss path gzips what it would store).
HEADERS = [(b"host", b"localhost"), (b"accept-encoding", b"gzip, deflate, br")]


# --- What to request ----------------------------------------------------------------------


def sample_paths(db: Path, count: int, seed: int) -> dict[str, list[str]]:
    """`count` random paths per page; slugs are the canonical ones, claims published ones."""
    rng = random.Random(seed)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:

        def pick(table: str, sql: str) -> list[tuple]:
            (top,) = connection.execute(f"SELECT max(id) FROM {table}").fetchone()
            if not top:
                raise SystemExit(f"{db} has no rows in {table}: generate a corpus first")
            ids = rng.sample(range(1, top + 1), min(top, count * 2))
            marks = ",".join("?" * len(ids))
            found = connection.execute(sql.format(marks=marks), ids).fetchall()
            rng.shuffle(found)
            return found[:count]

        disputes = pick("dispute", "SELECT id, slug FROM dispute WHERE id IN ({marks})")
        articles = pick("article", "SELECT id, slug FROM article WHERE id IN ({marks})")
        claims = pick(
            "claim",
            "SELECT claim.id, article.id, article.slug FROM claim"
            " JOIN article ON article.id = claim.article_id"
            " WHERE claim.id IN ({marks}) AND claim.state = 'published'",
        )
    return {
        "dispute": [f"/disputes/{i}-{slug}" for i, slug in disputes],
        "article": [f"/articles/{i}-{slug}" for i, slug in articles],
        "article_claim": [f"/articles/{a}-{slug}?claim={c}" for c, a, slug in claims],
        "claim_json": [f"/api/claims/{c}" for c, _a, _slug in claims],
    }


# --- One tree's measuring process -----------------------------------------------------------


def as_served(frozen: bool = True) -> None:
    """Start-up's objects (modules, routes, templates, settings) left out of the collector's
    full passes, as app.main.lifespan leaves them before a server's first request. Unfrozen,
    a full pass every few hundred misses walks all of them: a cost no served miss pays, which
    also lands on whichever requests a run happens to count."""
    if frozen:
        gc.collect()
        gc.freeze()


def _scope(target: str) -> dict[str, Any]:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": list(HEADERS),
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def answer(app: Any, target: str) -> tuple[int, bytes]:
    """The app's status and body for a reader's GET of `target`, in process."""
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            chunks.append(message.get("body", b""))

    await app(_scope(target), receive, send)
    return status, b"".join(chunks)


async def _request(app: Any, target: str) -> int:
    status, _body = await answer(app, target)
    return status


async def _pass(app: Any, paths: list[str], warmup: int) -> float:
    """CPU seconds per request over `paths`, the first `warmup` of them unmeasured."""
    for target in paths[:warmup]:
        await _request(app, target)
    measured = paths[warmup:]
    start = time.process_time()
    for target in measured:
        status = await _request(app, target)
        if status != 200:
            raise SystemExit(f"{target} answered {status}, not a page: check the corpus")
    return (time.process_time() - start) / len(measured)


def measure_forever(
    db: Path, paths: dict[str, list[str]], warmup: int, frozen: bool = True
) -> None:
    """The measuring process: reads a page name per line on stdin, answers its CPU time per
    request as a JSON line on stdout. Its first line says which tree it imported."""
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///file:{db}?mode=ro&uri=true"
    os.environ["GAINSAY_PAGE_CACHE_MB"] = "0"
    import app
    from app.main import create_app

    application = create_app()  # its lifespan (housekeeping, which writes) never starts
    as_served(frozen)
    print(json.dumps({"tree": str(Path(app.__file__).resolve().parent.parent)}), flush=True)
    loop = asyncio.new_event_loop()
    for line in sys.stdin:
        page = line.strip()
        seconds = loop.run_until_complete(_pass(application, paths[page], warmup))
        print(json.dumps({"page": page, "seconds": seconds}), flush=True)


# --- The driver ---------------------------------------------------------------------------


class Tree:
    """A measuring process running the code of one tree."""

    def __init__(
        self, name: str, root: Path, db: Path, paths_file: Path, warmup: int, frozen: bool
    ) -> None:
        self.name = name
        # This file runs as a script (the other revision may not have it), with the tree's own
        # `app` first on the path, ahead of the installed one.
        command = [sys.executable, __file__, "--db", str(db), "--serve"]
        command += [str(paths_file), "--warmup", str(warmup)]
        command += [] if frozen else ["--unfrozen"]
        env = {**os.environ, "PYTHONPATH": str(root)}
        self.process = subprocess.Popen(
            command, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        imported = json.loads(self._read())["tree"]
        if Path(imported) != root.resolve():
            self.close()
            raise SystemExit(f"{name}: the process imported {imported}, not {root}")

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the measuring process stopped")
        return line

    def measure(self, page: str) -> float:
        stdin: IO[str] | None = self.process.stdin
        assert stdin is not None
        stdin.write(page + "\n")
        stdin.flush()
        return float(json.loads(self._read())["seconds"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@contextmanager
def worktree(revision: str) -> Iterator[Path]:
    """`revision` checked out in a temporary git worktree, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="gainsay-compare-"))
    tree = folder / "tree"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), revision],
        check=True,
        capture_output=True,
    )
    try:
        yield tree
    finally:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False
        )
        folder.rmdir()


def run(
    db: Path,
    trees: dict[str, Path],
    pages: Iterable[str],
    count: int,
    passes: int,
    warmup: int,
    frozen: bool = True,
) -> dict[str, dict[str, float]]:
    """Best CPU ms per request, per page and tree, the trees' passes alternating."""
    paths = sample_paths(db, count + warmup, seed=1)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as paths_file:
        json.dump(paths, paths_file)
    running = [
        Tree(name, root, db, Path(paths_file.name), warmup, frozen) for name, root in trees.items()
    ]
    best: dict[str, dict[str, float]] = {page: {} for page in pages}
    try:
        for page in pages:
            for number in range(passes):
                # Alternate which tree goes first, so neither always meets the same moment.
                order = running if number % 2 == 0 else running[::-1]
                for tree in order:
                    ms = tree.measure(page) * 1000
                    best[page][tree.name] = min(best[page].get(tree.name, ms), ms)
    finally:
        for tree in running:
            tree.close()
        os.unlink(paths_file.name)
    return best


def report(best: dict[str, dict[str, float]], names: list[str]) -> str:
    lines = ["page".ljust(14) + "".join(f"{name:>16}" for name in names)]
    for page, figures in best.items():
        row = page.ljust(14) + "".join(f"{figures[name]:>13.3f} ms" for name in names)
        if len(names) == 2:
            row += f"   {figures[names[1]] / figures[names[0]]:.2f}x"
        lines.append(row)
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (read only)")
    parser.add_argument("--compare", metavar="REV", help="also measure this git revision")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated, of " + ", ".join(PAGES)
    )
    parser.add_argument("--requests", type=int, default=300, help="measured requests per pass")
    parser.add_argument("--passes", type=int, default=3, help="passes per page and tree")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per pass")
    parser.add_argument(
        "--unfrozen",
        action="store_true",
        help="leave start-up's objects to the collector's full passes (as before as_served)",
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # a measuring process
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.db.is_file():
        parser.error(f"{args.db} is not a file")
    if args.serve is not None:
        paths = json.loads(args.serve.read_text())
        measure_forever(args.db.resolve(), paths, args.warmup, frozen=not args.unfrozen)
        return 0
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    db = args.db.resolve()
    frozen = not args.unfrozen
    if args.compare is None:
        best = run(db, {"this tree": REPO}, pages, args.requests, args.passes, args.warmup, frozen)
        print(report(best, ["this tree"]))
        return 0
    with worktree(args.compare) as other:
        trees = {args.compare: other, "this tree": REPO}
        best = run(db, trees, pages, args.requests, args.passes, args.warmup, frozen)
    print(report(best, list(trees)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
