"""Load-test Gainsay: the real server on a generated corpus, against a bare ASGI ceiling.

    python -m bench.run --db bench/data/corpus.db --duration 15 --connections 32
    python -m bench.run --scenario mixed --db bench/data/corpus.db   (bench/mixed.py)
    python -m bench.run --db bench/data/corpus.db --database-url postgresql+psycopg://...
        (serves the PostgreSQL copy of the corpus made by bench.to_postgres; paths from --db)

Starts the servers as `gainsay serve` would (bench/serve.py: one worker, no reload, no access
log) on free ports of 127.0.0.1, with bench/bare_asgi.py and with Gainsay on the given
database, and drives them with wrk (or bench/client.py where wrk is missing): every request a
random id drawn from the database. Each page is measured in rounds, each round right after a
run of the bare app, so that each page's share of the bare app's rate compares runs a few
seconds apart. Prints requests per second, p50 and p99 latency and the server's CPU time per
request for each page; the server's peak RSS, its cold start, and the bytes a browser
downloads for a dispute page. Writes everything to bench/results/YYYYMMDD-HHMMSS.json. See
docs/performance.md.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

from rich.console import Console
from rich.table import Table
from sqlalchemy import make_url

from bench.client import LoadResult, run_load

REPO = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk" / "random_paths.lua"
RESULTS_DIR = REPO / "bench" / "results"
HOST = "127.0.0.1"  # load tests stay on this machine
BARE_APP = "bench.bare_asgi:create_app"
GAINSAY_APP = "app.main:create_app"

# What a browser sends; the page cache keeps a gzip copy of each page for it.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"

MAX_PEAK_RSS_MB = 300
MAX_COLD_START_S = 3.0
MAX_DISPUTE_PAGE_KB = 60


@dataclass(frozen=True, slots=True)
class Target:
    key: str
    label: str
    min_ratio: float | None = None  # of the bare app's requests per second
    max_p99_ms: float | None = None

    @property
    def goal(self) -> str:
        goals = []
        if self.min_ratio is not None:
            goals.append(f">= {self.min_ratio:.0%} of bare")
        if self.max_p99_ms is not None:
            goals.append(f"p99 < {self.max_p99_ms:g} ms")
        return ", ".join(goals)

    def met(self, summary: dict[str, Any]) -> bool:
        """Whether a page's figures over its rounds (medians) meet the target. Fast failures
        are no success: every response must have been a 2xx."""
        return (
            (self.min_ratio is None or summary["ratio"] >= self.min_ratio)
            and (self.max_p99_ms is None or (summary["p99_ms"] or 0) < self.max_p99_ms)
            and summary["requests"] > 0
            and summary["non_2xx"] == 0
            and summary["socket_errors"] == 0
        )


TARGETS = (
    Target("dispute", "dispute permalink", 0.50, 25.0),  # /disputes/{id}-{slug}
    Target("article", "article page", 0.35),  # /articles/{id}-{slug}, quotes highlighted
    Target("claim_json", "claim JSON", 0.50),  # /api/claims/{id}
    Target("search", "search", max_p99_ms=50.0),  # /search?q={word}
)

# Words too common to be anyone's search; every other word of the corpus can be drawn.
_STOPWORDS = frozenset(
    (
        "about", "after", "again", "also", "been", "before", "being", "between", "both",
        "could", "days", "each", "from", "further", "have", "into", "last", "little", "more",
        "most", "much", "near", "none", "only", "other", "over", "said", "says", "shortly",
        "since", "some", "than", "that", "their", "them", "then", "there", "these", "they",
        "this", "those", "through", "until", "were", "what", "when", "where", "which", "while",
        "will", "with", "would",
    )
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]{4,}")


# --- What to request ----------------------------------------------------------------------


SEARCHES = 100_000  # search paths drawn when every row is requested
VOCABULARY_ARTICLES = 5_000  # articles whose words make the search vocabulary


def sample_paths(db: Path, count: int, seed: int) -> dict[str, list[str]]:
    """The paths requested, per target: every row when `count` is 0 (so that a response cache
    gets no more hits than uniform traffic over the whole corpus would give it), else `count`
    random rows. Slugs are the canonical ones, so no request is a redirect. Search words are
    drawn uniformly from the words of a few thousand random articles: mostly names of towns
    and people, and some words that most articles contain."""
    rng = random.Random(seed)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:

        def rows(table: str, columns: str, limit: int, where: str = "1") -> list[tuple]:
            (top,) = connection.execute(f"SELECT max(id) FROM {table}").fetchone()
            if not top:
                raise SystemExit(f"{db} has no rows in {table}: generate a corpus first")
            if limit <= 0 or limit >= top:
                found = connection.execute(f"SELECT {columns} FROM {table} WHERE {where}")
                picked = found.fetchall()
            else:
                picked = []
                ids = rng.sample(range(1, top + 1), limit)
                for start in range(0, len(ids), 500):
                    batch = ids[start : start + 500]
                    marks = ",".join("?" * len(batch))
                    picked += connection.execute(
                        f"SELECT {columns} FROM {table} WHERE id IN ({marks}) AND {where}", batch
                    ).fetchall()
            rng.shuffle(picked)
            return picked

        disputes = rows("dispute", "id, slug", count)
        articles = rows("article", "id, slug", count)
        claims = rows("claim", "id", count, "state = 'published'")
        vocabulary: set[str] = set()
        for (body,) in rows("article", "body", VOCABULARY_ARTICLES):
            vocabulary.update(word.lower() for word in _WORD.findall(body))
    words = sorted(vocabulary - _STOPWORDS)
    return {
        "dispute": [f"/disputes/{i}-{slug}" for i, slug in disputes],
        "article": [f"/articles/{i}-{slug}" for i, slug in articles],
        "claim_json": [f"/api/claims/{i}" for (i,) in claims],
        "search": [f"/search?q={quote(rng.choice(words))}" for _ in range(count or SEARCHES)],
    }


# --- The server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from the parent field of every /proc/PID/stat."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        parents.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(parents.get(current, ()))
    return tree


def fetch(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One GET; (status, lower-cased headers, body as sent on the wire)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


class Server:
    """One server process tree serving `app` on a free port, with production settings, launched
    through bench/serve.py: `manager` "gainsay" serves it as `gainsay serve` does (gunicorn,
    uvicorn workers, a listening socket per worker), "uvicorn" with uvicorn's own process
    manager (`uvicorn APP --factory --workers N`, one socket shared by the workers). No reload,
    no access log, no Server header; N = 1 unless asked."""

    def __init__(
        self, app: str, env: dict[str, str], log: Path, workers: int = 1, manager: str = "gainsay"
    ) -> None:
        self.port = _free_port()
        self.workers = workers
        self.manager = manager
        self.options = [
            manager, "--host", HOST, "--port", str(self.port), "--workers", str(workers),
        ]  # fmt: skip
        self.command = shlex.join(["python", "-m", "bench.serve", *self.options])
        self.env = {**env, "BENCH_APP": app}
        self.log = log

    def __enter__(self) -> "Server":
        self.log_file = self.log.open("ab")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.serve", *self.options],
            cwd=REPO,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            # A group of its own: whatever happens to the manager, its workers go with it.
            start_new_session=True,
        )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # the process manager's quick shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # Nothing of the server outlives the measurement (a worker orphaned by a killed manager
        # would take CPU from the next one).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log_file.close()

    def wait_for(self, path: str, timeout: float = 120) -> float:
        """Poll `path` until it answers 200; return the seconds since the process started."""
        answer = "no answer"
        while True:
            self.check_alive()
            try:
                status, _, body = fetch(self.port, path)
                if status == 200:
                    return time.perf_counter() - self.started
                answer = f"{status}: {body[:300]!r}"
            except OSError:
                pass  # not listening yet
            if time.perf_counter() - self.started > timeout:
                raise TimeoutError(
                    f"{path} did not answer 200 within {timeout} s ({answer})\n{self.log_tail()}"
                )
            time.sleep(0.01)

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {self.process.returncode} during the run:\n"
                + self.log_tail()
            )

    def log_tail(self) -> str:
        self.log_file.flush()
        return self.log.read_text(errors="replace")[-3000:]

    def cpu_seconds(self) -> float | None:
        """User and system CPU time the server has used (Linux's /proc), or None: the process
        and, with --workers above 1, its worker processes (uvicorn's supervisor only watches)."""
        by_process = self.cpu_by_process()
        return sum(by_process.values()) if by_process else None

    def cpu_by_process(self) -> dict[int, float]:
        """CPU seconds of each process of the server (empty when it cannot be read): with
        several workers, how the load was shared out among them."""
        tree = {}
        for pid in _process_tree(self.process.pid):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                if pid == self.process.pid:
                    return {}
                continue  # a child that just exited
            # utime and stime, fields 14 and 15 of proc(5); the split left out the first two.
            fields = stat.rsplit(")", 1)[1].split()
            tree[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return tree

    def loop_cpu_seconds(self) -> float | None:
        """CPU seconds of the server's processes' main threads, where uvicorn runs the event
        loop (the rest of `cpu_seconds` is their other threads': the page store's writer, the
        threadpool's): None when it cannot be read."""
        total = None
        for pid in _process_tree(self.process.pid):
            try:
                stat = Path(f"/proc/{pid}/task/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            total = (total or 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def connections_by_process(self) -> dict[int, int]:
        """TCP connections established to the server's port that each of its processes holds
        (Linux's /proc; empty when it cannot be read): with several workers, how the clients'
        connections were shared out among them."""
        established = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                rows = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for row in rows:
                fields = row.split()
                # local address "ADDR:PORT" in hex, state 01 is ESTABLISHED, then the inode.
                if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == self.port:
                    established.add(fields[9])
        found = {}
        for pid in _process_tree(self.process.pid):
            try:
                fds = list(Path(f"/proc/{pid}/fd").iterdir())
            except OSError:
                continue  # gone meanwhile
            found[pid] = 0
            for fd in fds:
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue  # closed meanwhile
                found[pid] += target.startswith("socket:[") and target[8:-1] in established
        return found

    def memory_by_process(self, field: str) -> dict[int, float]:
        """A /proc/<pid>/status memory field (VmHWM, RssAnon, ...) of each of the server's
        processes, in MB: with several workers, the supervisor's own says little."""
        found = {}
        for pid in _process_tree(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue  # a child that just exited
            match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
            if match is not None:
                found[pid] = int(match[1]) * 1024 / 1e6
        return found

    def memory_mb(self, field: str) -> float:
        """VmRSS (resident now) or VmHWM (peak resident) of the server process, in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)[1])  # type: ignore[index]
        return kib * 1024 / 1e6


# --- Load ---------------------------------------------------------------------------------


def wrk_load(
    port: int,
    paths_file: Path,
    connections: int,
    duration: int,
    headers: dict[str, str] | None = None,
    zipf: float | None = None,
    count: bool = True,
    visit: int = 0,
) -> LoadResult:
    """wrk on random paths of `paths_file`: uniformly, or with `zipf` = s on a Zipf curve
    over the file's order. With `count`, every response's status and X-Cache header are
    counted, at a cost to wrk that grows with the response's headers and body (see the
    script); without, only wrk's own count of statuses of 400 and above. With `visit` = N,
    connections last N requests on average (bench/client.py's run_load)."""
    # One wrk thread: the server is one process on one core, and one epoll thread of wrk
    # saturates it while leaving the other core mostly to the server.
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
        *(f"-H{name}: {value}" for name, value in (headers or {}).items()),
        "-s", str(WRK_SCRIPT), f"http://{HOST}:{port}", "--", str(paths_file),
        "-" if zipf is None else repr(zipf), str(visit),
    ]  # fmt: skip
    env = {**os.environ, "BENCH_WRK_COUNT": "1" if count else "0"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120, env=env)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"{shlex.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    measured = data["requests"] > 0
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000 if measured else None,
        p99_ms=data["p99_us"] / 1000 if measured else None,
        mean_ms=data["mean_us"] / 1000 if measured else None,
        max_ms=data["max_us"] / 1000 if measured else None,
        non_2xx=data["non_2xx"],
        socket_errors=sum(data["socket_errors"].values()),
        bytes_per_response=data["bytes"] / data["requests"] if measured else 0.0,
        statuses=data["statuses"],
        socket_error_kinds=data["socket_errors"],
        cache=data["cache"] if data["counted"] else {},
        counted=data["counted"],
    )


class Driver:
    """Runs loads against one path list, with wrk or Python, sending the same headers with
    every request, and measures the server's CPU time meanwhile."""

    def __init__(
        self, client: str, connections: int, duration: int, headers: dict[str, str]
    ) -> None:
        self.client, self.connections = client, connections
        self.duration, self.headers = duration, headers

    def __call__(
        self, server: "Server", paths: list[str], paths_file: Path, seconds: int | None = None
    ) -> dict[str, Any]:
        cpu_before = server.cpu_seconds()
        if self.client == "wrk":
            measured = wrk_load(
                server.port, paths_file, self.connections, seconds or self.duration, self.headers
            )
        else:
            measured = run_load(
                HOST, server.port, paths, self.connections, seconds or self.duration, self.headers
            )
        cpu_after = server.cpu_seconds()
        server.check_alive()
        cpu_us = None
        if cpu_before is not None and cpu_after is not None and measured.requests:
            cpu_us = (cpu_after - cpu_before) / measured.requests * 1e6
        return {**asdict(measured), "rps": measured.rps, "cpu_us_per_request": cpu_us}


def prime(port: int, paths: list[str], headers: dict[str, str]) -> float:
    """GET every path once, one after another (a hot set's pages rendered before it is
    measured, as they would be for pages already shared); return the seconds it took."""
    started = time.perf_counter()
    for path in paths:
        status, _, _ = fetch(port, path, headers)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status} while priming")
    return time.perf_counter() - started


# --- Page weight --------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and "stylesheet" in (found.get("rel") or "").split():
            self.styles.append(found.get("href") or "")
        elif tag == "script":
            if found.get("src"):
                self.scripts.append(found["src"] or "")
            else:
                self.inline_scripts += 1


def _resource(port: int, url: str) -> dict[str, Any]:
    """A resource's size as sent to a browser that accepts compression, and gzip-compressed
    (what it would cost if the server compressed it)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    status, headers, wire = fetch(port, path, {"Accept-Encoding": "gzip, deflate, br"})
    plain_status, _, plain = fetch(port, path)
    if status != 200 or plain_status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return {
        "url": path,
        "bytes": len(wire),
        "content_encoding": headers.get("content-encoding", "identity"),
        "uncompressed_bytes": len(plain),
        "gzip_bytes": len(gzip.compress(plain, compresslevel=6)),
        "text": plain,
    }


def dispute_page_weight(port: int, paths: list[str]) -> dict[str, Any]:
    """What a browser downloads for a typical dispute page, cache empty: the HTML (median of a
    few disputes) plus every stylesheet and script it references."""
    pages = sorted((_resource(port, path) for path in paths[:9]), key=lambda r: r["bytes"])
    page = pages[len(pages) // 2]
    assets = _Assets()
    assets.feed(page.pop("text").decode())
    styles = [_resource(port, url) for url in assets.styles]
    scripts = [_resource(port, url) for url in assets.scripts]
    for resource in (*styles, *scripts):
        del resource["text"]
    every = [page, *styles, *scripts]
    total = sum(r["bytes"] for r in every)
    only_htmx = bool(scripts) and all("htmx" in s["url"] for s in scripts)
    return {
        "html": page,
        "html_bytes_range": [pages[0]["bytes"], pages[-1]["bytes"]],
        "css": styles,
        "js": scripts,
        "inline_scripts": assets.inline_scripts,
        "total_bytes": total,
        "total_gzip_bytes": sum(r["gzip_bytes"] for r in every),
        "only_script_is_htmx": only_htmx and assets.inline_scripts == 0,
    }


# --- Reporting ----------------------------------------------------------------------------


def machine(client: str) -> dict[str, Any]:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    packages = (
        "fastapi", "starlette", "uvicorn", "gunicorn", "sqlalchemy", "jinja2", "uvloop",
        "httptools",
    )  # fmt: skip
    versions = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    if client == "wrk":
        probe = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        load_client = (probe.stdout or probe.stderr).splitlines()[0]
    else:
        load_client = "bench/client.py (asyncio, Python)"
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "system": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "load_client": load_client,
        "load_average_at_start": os.getloadavg(),
    }


def _engine_name(database_url: str | None) -> str:
    """The engine served, without the URL's credentials."""
    if not database_url:
        return "sqlite (the --db file)"
    url = make_url(database_url)
    return f"{url.get_backend_name()} ({url.host}:{url.port}/{url.database})"


def _database(db: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("article", "claim", "dispute", "actor")
        }
    return {"path": str(db), "bytes": db.stat().st_size, "rows": counts}


def _fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "-" if value is None else pattern.format(value)


def print_report(console: Console, result: dict[str, Any]) -> None:
    bare = result["bare"]
    served = result["database"].get("served_from", "sqlite")
    table = Table(title=f"Gainsay on {served} under load (" + result["settings"]["summary"] + ")")
    for column, justify in (
        ("page", "left"), ("req/s", "right"), ("p50 ms", "right"), ("p99 ms (worst)", "right"),
        ("of bare", "right"), ("CPU µs/req", "right"), ("non-2xx / errors", "right"),
        ("goal", "left"), ("", "left"),
    ):  # fmt: skip
        table.add_column(column, justify=justify)  # type: ignore[arg-type]

    def p99(row: dict[str, Any]) -> str:
        return f"{_fmt(row['p99_ms'], '{:.2f}')} ({_fmt(row['worst_p99_ms'], '{:.1f}')})"

    table.add_row(
        "bare ASGI (ceiling)", f"{bare['rps']:,.0f}", _fmt(bare["p50_ms"], "{:.2f}"), p99(bare),
        "100%", _fmt(bare["cpu_us_per_request"], "{:.0f}"),
        f"{bare['non_2xx']} / {bare['socket_errors']}", "", "",
    )  # fmt: skip
    for target in TARGETS:
        row = result["targets"][target.key]
        ratios = " ".join(f"{r:.0%}" for r in row["round_ratios"])
        table.add_row(
            target.label, f"{row['rps']:,.0f}", _fmt(row["p50_ms"], "{:.2f}"), p99(row),
            f"{row['ratio']:.1%} [dim]({ratios})[/]", _fmt(row["cpu_us_per_request"], "{:.0f}"),
            f"{row['non_2xx']} / {row['socket_errors']}", target.goal,
            "[green]pass[/]" if row["met"] else "[red]MISS[/]",
        )  # fmt: skip
    console.print(table)
    console.print(
        "[dim]Medians over the rounds; 'of bare' is the median of each round's ratio to the "
        "bare app's run just before it (each round's in brackets).[/]"
    )

    other = Table(title="Server and page")
    for column in ("measure", "value", "goal", ""):
        other.add_column(column)
    for check in result["checks"]:
        other.add_row(
            check["name"], check["value"], check["goal"],
            "[green]pass[/]" if check["met"] else "[red]MISS[/]",
        )  # fmt: skip
    console.print(other)


def _checks(server: dict[str, Any], page: dict[str, Any]) -> list[dict[str, Any]]:
    scripts = ", ".join(Path(urlsplit(s["url"]).path).name for s in page["js"]) or "none"
    return [
        {
            "name": "peak RSS of the server",
            "value": f"{server['peak_rss_mb']:.0f} MB",
            "goal": f"< {MAX_PEAK_RSS_MB} MB",
            "met": server["peak_rss_mb"] < MAX_PEAK_RSS_MB,
        },
        {
            "name": "cold start to first dispute page",
            "value": f"{server['cold_start_s']:.2f} s",
            "goal": f"< {MAX_COLD_START_S:g} s",
            "met": server["cold_start_s"] < MAX_COLD_START_S,
        },
        {
            "name": "dispute page download (HTML+CSS+JS)",
            "value": f"{page['total_bytes'] / 1000:.1f} KB "
            f"(gzip would be {page['total_gzip_bytes'] / 1000:.1f} KB)",
            "goal": f"< {MAX_DISPUTE_PAGE_KB} KB",
            "met": page["total_bytes"] < MAX_DISPUTE_PAGE_KB * 1000,
        },
        {
            "name": "scripts on the dispute page",
            "value": scripts
            + (f" + {page['inline_scripts']} inline" if page["inline_scripts"] else ""),
            "goal": "htmx only",
            "met": page["only_script_is_htmx"],
        },
    ]


# --- The run ------------------------------------------------------------------------------


def _summary(rounds: list[dict[str, Any]], ratios: list[float] | None = None) -> dict[str, Any]:
    """One page's figures over its rounds: medians, the worst p99, and each round as run."""

    def median(key: str) -> float | None:
        values = [r[key] for r in rounds if r[key] is not None]
        return statistics.median(values) if values else None

    p99s = [r["p99_ms"] for r in rounds if r["p99_ms"] is not None]
    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "worst_p99_ms": max(p99s) if p99s else None,
        "cpu_us_per_request": median("cpu_us_per_request"),
        "requests": sum(r["requests"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "bytes_per_response": median("bytes_per_response"),
        **({"ratio": statistics.median(ratios), "round_ratios": ratios} if ratios else {}),
        "rounds": rounds,
    }


def run(
    db: Path,
    *,
    database_url: str | None = None,
    duration: int,
    rounds: int,
    connections: int,
    warmup: int,
    client: str,
    paths_per_target: int,
    seed: int,
    headers: dict[str, str],
    progress: Callable[[str], None],
) -> dict[str, Any]:
    paths = sample_paths(db, paths_per_target, seed)
    drive = Driver(client, connections, duration, headers)
    env = {
        **os.environ,
        "GAINSAY_DATABASE_URL": database_url or f"sqlite:///{db.resolve()}",
        "GAINSAY_LOAD_SEEDS": "false",
    }
    # An installed app has its bytecode (pip compiles it); let the priming start below write
    # it, so that the cold start measures Gainsay's start-up and not CPython's compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="gainsay-bench-") as scratch:
        files = {}
        for key, listed in paths.items():
            files[key] = Path(scratch, f"{key}.paths")
            files[key].write_text("\n".join(listed) + "\n")
        log = Path(scratch, "server.log")

        progress("Gainsay: priming start (unmeasured), then cold start")
        with Server(GAINSAY_APP, env, log) as primer:
            primer.wait_for(paths["dispute"][0])
        with Server(GAINSAY_APP, env, log) as server:
            server.wait_for("/healthz")
            cold_start = server.wait_for(paths["dispute"][0])
            rss_after_start = server.memory_mb("VmRSS")
            page = dispute_page_weight(server.port, paths["dispute"])
            primed = {}
            if paths_per_target:  # a hot set: its pages already asked for, as shared ones are
                for target in TARGETS:
                    progress(f"priming {target.label}: each of its paths once")
                    primed[target.key] = prime(server.port, paths[target.key], headers)
            with Server(BARE_APP, env, log) as bare:
                bare.wait_for("/")
                if warmup > 0:  # templates compiled, caches and connection pools filled
                    progress(f"warm-up, {warmup} s each")
                    drive(bare, paths["dispute"], files["dispute"], warmup)
                    for target in TARGETS:
                        drive(server, paths[target.key], files[target.key], warmup)
                bare_rounds: list[dict[str, Any]] = []
                page_rounds: dict[str, list[dict[str, Any]]] = {t.key: [] for t in TARGETS}
                ratios: dict[str, list[float]] = {t.key: [] for t in TARGETS}
                for round_ in range(1, rounds + 1):
                    for target in TARGETS:
                        progress(f"round {round_} of {rounds}: bare ASGI, then {target.label}")
                        # The page's own paths, so that requests are the same size; the bare
                        # app ignores them.
                        ceiling = drive(bare, paths[target.key], files[target.key])
                        measured = drive(server, paths[target.key], files[target.key])
                        bare_rounds.append(ceiling)
                        page_rounds[target.key].append(measured)
                        ratios[target.key].append(
                            measured["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
                        )
            peak_rss = server.memory_mb("VmHWM")

    targets: dict[str, Any] = {}
    for target in TARGETS:
        summary = _summary(page_rounds[target.key], ratios[target.key])
        targets[target.key] = {
            **summary,
            "primed_s": primed.get(target.key),
            "goal": target.goal,
            "met": target.met(summary),
        }
    server_figures = {
        "cold_start_s": cold_start,
        "rss_after_start_mb": rss_after_start,
        "peak_rss_mb": peak_rss,
        "command": server.command,
    }
    return {
        "bare": _summary(bare_rounds),
        "targets": targets,
        "server": server_figures,
        "dispute_page": page,
        "checks": _checks(server_figures, page),
        "search_words_sample": [p.split("=", 1)[1] for p in paths["search"][:20]],
    }


def main(argv: Iterable[str] | None = None) -> int:
    arguments = list(argv) if argv is not None else sys.argv[1:]
    # The mixed scenario (readers and a writer at once) has options of its own: bench/mixed.py.
    choose = argparse.ArgumentParser(add_help=False)
    choose.add_argument("--scenario", choices=("pages", "mixed"), default="pages")
    chosen, arguments = choose.parse_known_args(arguments)
    if chosen.scenario == "mixed":
        from bench import mixed

        return mixed.main(arguments)

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--scenario",
        choices=("pages", "mixed"),
        default="pages",
        help="pages: each page alone (this); mixed: readers and a writer at once, "
        "see python -m bench.run --scenario mixed --help",
    )
    parser.add_argument("--db", type=Path, default=Path("bench/data/corpus.db"))
    parser.add_argument(
        "--database-url",
        help="serve this database instead of the --db file: a copy of it on another engine "
        "(python -m bench.to_postgres); the paths are still sampled from --db",
    )
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds measured per page and round"
    )
    parser.add_argument("--rounds", type=int, default=3, help="measured runs per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--paths", type=int, default=0, help="random rows per page (default 0: every row)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--accept-encoding",
        default=BROWSER_ACCEPT_ENCODING,
        help=f"sent with every request (default: {BROWSER_ACCEPT_ENCODING!r}, as browsers do;"
        " '' for none)",
    )
    parser.add_argument("--out", type=Path, help="result file (default: bench/results/<time>.json)")
    args = parser.parse_args(arguments)
    if not args.db.is_file():
        parser.error(f"{args.db} does not exist; make one with python -m bench.generate")
    if args.duration < 1 or args.rounds < 1 or args.connections < 1 or args.warmup < 0:
        parser.error(
            "--duration, --rounds and --connections must be at least 1, --warmup at least 0"
        )
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    elif client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk), or use --client python")

    # A log or a pipe gets the whole table, not 80 columns of it.
    console = Console() if sys.stdout.isatty() else Console(width=120)
    started = datetime.now()
    command = shlex.join(
        [
            "python", "-m", "bench.run", "--db", str(args.db), "--duration", str(args.duration),
            "--rounds", str(args.rounds), "--warmup", str(args.warmup),
            "--connections", str(args.connections), "--client", client,
            "--paths", str(args.paths), "--seed", str(args.seed),
            "--accept-encoding", args.accept_encoding,
            *(["--database-url", args.database_url] if args.database_url else []),
        ]
    )  # fmt: skip
    headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    hot = f"a hot set of {args.paths} per page" if args.paths else "every row once"
    settings = {
        "duration_s": args.duration,
        "rounds": args.rounds,
        "accept_encoding": args.accept_encoding,
        "warmup_s": args.warmup,
        "connections": args.connections,
        "client": client,
        "paths_per_target": args.paths,
        "seed": args.seed,
        "summary": f"{hot}; {client}, {args.connections} connections, "
        f"{args.rounds} rounds of {args.duration} s per page",
    }
    info = machine(client)
    database = _database(args.db)
    database["served_from"] = _engine_name(args.database_url)
    measured = run(
        args.db,
        database_url=args.database_url,
        duration=args.duration,
        rounds=args.rounds,
        connections=args.connections,
        warmup=args.warmup,
        client=client,
        paths_per_target=args.paths,
        seed=args.seed,
        headers=headers,
        progress=lambda what: console.print(f"[dim]measuring {what} ...[/]"),
    )
    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        "database": database,
        "settings": settings,
        **measured,
    }
    print_report(console, result)
    out = args.out or RESULTS_DIR / f"{started:%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"Saved {out}")
    console.print(f"Reproduce with: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
