"""Instructions per page-cache hit against per bare ASGI request, counted by valgrind.

    python -m bench.hit_instructions --db bench/data/corpus-head.db

What a reader's request costs when its page is stored, set beside what the bare ASGI app
(bench/bare_asgi.py) costs for its request: the difference is the price of the hit path. Two
ways in, each run for both apps:

- `asgi`: the app called in process, with the scope uvicorn would build (only the app's work);
- `uvicorn`: a uvicorn server with bench/run.py's settings (httptools, uvloop, no access log)
  in the counted process, fed over loopback by a client process that valgrind does not count
  (the app's work, uvicorn's parsing and writing, and the event loop's).

Each count is one run under callgrind (`--callgrind-out-file=/dev/null`) with `--requests A`
requests after `--warmup` unmeasured ones and one with `--requests B`; the difference of the two
runs' "Collected" totals over B - A is the instructions per request, start-up and shut-down
cancelled. The page is a real dispute of the corpus (the first of bench.miss_cost's sample for
`--seed`), asked for with the mixed scenario's headers: `Host: gainsay.bench` and a browser's
Accept-Encoding. The corpus is opened read only and the host's page store is off (nothing is
written); the page cache's change feed reads the log once before the first request, as in
production.

The change feed looks at the log at most once a millisecond, and under valgrind a hit takes
about that long, so whether a hit looks would depend on the machine's speed: by default it
never does (`--poll never`, as for nearly every hit of a server answering thousands a second),
and `--poll every` counts a look (`PRAGMA data_version`) in every hit instead.
Run it from the tree to count (its `app` is imported).

`--load SECONDS` measures the same thing in time instead, on real servers: bench/run.py's
server (uvicorn, one worker) for the bare app, then for Gainsay with `--pages` disputes of
the corpus fetched once (so every measured request is a hit), each loaded by wrk with 32
connections on those pages; reported: requests per second, Gainsay's as a share of the bare
app's, and the server's CPU time per request. Timings swing with the machine's load: compare
trees in the same sitting, alternating.
"""

import argparse
import asyncio
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.client import LoadResult
from bench.miss_cost import sample_paths
from bench.mixed import SITE, ranked_disputes
from bench.run import (
    BARE_APP,
    BROWSER_ACCEPT_ENCODING,
    GAINSAY_APP,
    HOST,
    Server,
    fetch,
    wrk_load,
)

REPO = Path(__file__).resolve().parent.parent
APPS = ("gainsay", "bare")
WAYS = ("asgi", "uvicorn")
_COLLECTED = re.compile(rb"Collected : (\d+)")

# The request as the mixed scenario's readers send it (wrk adds nothing else).
HEADERS = {"Host": SITE, "Accept-Encoding": BROWSER_ACCEPT_ENCODING}


def _environ(db: Path, poll: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "GAINSAY_DATABASE_URL": f"sqlite:///file:{db}?mode=ro&uri=true",
        "GAINSAY_PAGE_STORE_MB": "0",
        "GAINSAY_LOAD_SEEDS": "false",
        # Both runs of a count start alike: with a random seed, start-up's dicts and sets
        # differ from run to run by more than the requests counted.
        "PYTHONHASHSEED": "0",
    }
    if poll is not None:
        env["BENCH_POLL"] = poll
    return env


def _app(name: str) -> Any:
    """The app as bench/run.py serves it: Gainsay's factory, or the bare one."""
    if name == "bare":
        from bench.bare_asgi import create_app as bare

        return bare()
    from app.main import create_app

    application = create_app()
    poll = os.environ.get("BENCH_POLL")
    if poll is not None and application.page_cache is not None:
        # The first read of the log (the lifespan's) happens whatever this says.
        application.page_cache.feed.recheck_s = 0.0 if poll == "every" else float("inf")
    return application


# --- In the counted process ----------------------------------------------------------------


def _scope(path: str) -> dict[str, Any]:
    """The scope uvicorn's httptools protocol builds for this request."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": (HOST, 8000),
        "client": (HOST, 50000),
        "scheme": "http",
        "method": "GET",
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()],
        "state": {},
    }


def run_asgi(app_name: str, path: str, requests: int, warmup: int) -> None:
    application = _app(app_name)
    cache = getattr(application, "page_cache", None)
    if cache is not None:
        cache.refresh()  # as the lifespan does before the first request

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def one() -> tuple[int, bytes | None]:
        answer: dict[str, Any] = {}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer.update(message)

        await application(_scope(path), receive, send)
        return answer["status"], dict(answer["headers"]).get(b"x-cache")

    async def run() -> None:
        for number in range(warmup + requests):
            status, cache_state = await one()
            _check(app_name, path, number, status, cache_state)

    asyncio.run(run())


def run_uvicorn(
    app_name: str, path: str, requests: int, warmup: int, port: int, status: str
) -> None:
    """Serves on `port` until the client process, started here, has sent its requests."""
    import uvicorn

    # bench/run.py's `uvicorn APP --factory --workers 1 --no-access-log --no-server-header
    # --log-level warning`.
    config = uvicorn.Config(
        lambda: _app(app_name),
        factory=True,
        host=HOST,
        port=port,
        workers=1,
        access_log=False,
        server_header=False,
        log_level="warning",
    )
    client = [sys.executable, "-m", "bench.hit_instructions", "--client", app_name]
    client += ["--path", path, "--requests", str(requests), "--warmup", str(warmup)]
    client += ["--port", str(port), "--status", status]
    subprocess.Popen(client, cwd=REPO)
    uvicorn.Server(config).run()


def _check(app_name: str, path: str, number: int, status: int, cache_state: bytes | None) -> None:
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not a page: check the corpus")
    # The first request stores the page; every later one must be a hit, or this counts misses.
    if app_name == "gainsay" and number > 0 and cache_state != b"hit":
        raise SystemExit(f"request {number} for {path} was not a page-cache hit ({cache_state!r})")


# --- The client (not counted) ----------------------------------------------------------------


def run_client(
    app_name: str, path: str, requests: int, warmup: int, port: int, status: str
) -> None:
    """Sends the requests on one keep-alive connection once the server listens, then stops the
    server (its parent process) as Ctrl-C would; writes "ok" to `status` if all went well."""
    deadline = time.monotonic() + 600
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the server never listened") from None
            time.sleep(0.2)
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        for number in range(warmup + requests):
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            _check(app_name, path, number, response.status, _header(response, "x-cache"))
        Path(status).write_text("ok")
    finally:
        connection.close()
        os.kill(os.getppid(), signal.SIGINT)


def _header(response: http.client.HTTPResponse, name: str) -> bytes | None:
    value = response.getheader(name)
    return None if value is None else value.encode()


# --- The driver --------------------------------------------------------------------------------


def count(args: argparse.Namespace, way: str, app_name: str, path: str, requests: int) -> int:
    """The instructions valgrind collected in one run of `requests` counted requests."""
    child = [sys.executable, "-m", "bench.hit_instructions", "--child", way, "--app", app_name]
    child += ["--path", path, "--requests", str(requests), "--warmup", str(args.warmup)]
    status = Path(tempfile.mkdtemp(prefix="gainsay-hits-"), "status")
    if way == "uvicorn":
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            child += ["--port", str(probe.getsockname()[1]), "--status", str(status)]
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *child]
    done = subprocess.run(
        command,
        cwd=REPO,
        env=_environ(args.db, args.poll),
        capture_output=True,
        check=False,
    )
    found = _COLLECTED.search(done.stderr)
    # The server ends on the client's SIGINT, which uvicorn raises again once it has stopped.
    served = done.returncode == 0 if way == "asgi" else status.exists()
    shutil.rmtree(status.parent)
    if not served or found is None:
        sys.stderr.buffer.write(done.stderr[-4000:])
        raise SystemExit(f"valgrind run failed: {' '.join(command)}")
    return int(found.group(1))


def load(db: Path, pages: int, seconds: int) -> None:
    """Bare, then Gainsay with every page stored, each under wrk for `seconds`."""
    paths = [path for _, path in ranked_disputes(db, 1)[:pages]]
    with tempfile.TemporaryDirectory(prefix="gainsay-hits-") as scratch:
        paths_file = Path(scratch, "disputes.paths")
        paths_file.write_text("\n".join(paths) + "\n")
        # The database is only read; the host's page store is off (nothing is written).
        env = _environ(db, poll=None)  # as in production
        figures = []
        for app in (BARE_APP, GAINSAY_APP):
            with Server(app, env, Path(scratch, "server.log")) as server:
                server.wait_for("/")
                for path in paths:
                    fetch(server.port, path, HEADERS)
                wrk_load(server.port, paths_file, 32, 2, HEADERS)  # warm-up
                before = server.cpu_seconds()
                measured = wrk_load(server.port, paths_file, 32, seconds, HEADERS)
                after = server.cpu_seconds()
            figures.append(_load_figures(app, measured, before, after))
        bare, gainsay = figures
        if gainsay["hits"] != gainsay["requests"]:
            raise SystemExit(f"not every request was a hit: {gainsay}")
        print(f"bare     {bare['rate']:>8,.0f} req/s {bare['cpu_us']:>6.1f} µs CPU/request")
        print(
            f"gainsay  {gainsay['rate']:>8,.0f} req/s {gainsay['cpu_us']:>6.1f} µs CPU/request,"
            f" {gainsay['rate'] / bare['rate']:.1%} of bare (load average {os.getloadavg()[0]:.1f})"
        )


def _load_figures(
    app: str, measured: LoadResult, before: float | None, after: float | None
) -> dict[str, Any]:
    if measured.non_2xx or measured.socket_errors or before is None or after is None:
        raise SystemExit(f"{app}: {measured}")
    return {
        "requests": measured.requests,
        "rate": measured.requests / measured.seconds,
        "cpu_us": (after - before) / measured.requests * 1e6,
        "hits": measured.cache.get("hit", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a SQLite corpus at schema head (read only)")
    parser.add_argument("--ways", default=",".join(WAYS), help="asgi, uvicorn or both")
    parser.add_argument("--apps", default=",".join(APPS), help="gainsay, bare or both")
    parser.add_argument("--requests", default="200,2200", help="the two counts: A,B")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--poll", choices=("never", "every"), default="never", help="the change feed's looks"
    )
    parser.add_argument("--load", type=int, metavar="SECONDS", help="timed, under wrk instead")
    parser.add_argument("--pages", type=int, default=1000, help="pages with --load")
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--client", choices=APPS, help=argparse.SUPPRESS)
    parser.add_argument("--app", choices=APPS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--status", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        run_client(args.client, args.path, int(args.requests), args.warmup, args.port, args.status)
        return
    if args.child == "asgi":
        run_asgi(args.app, args.path, int(args.requests), args.warmup)
        return
    if args.child == "uvicorn":
        run_uvicorn(args.app, args.path, int(args.requests), args.warmup, args.port, args.status)
        return
    if args.db is None:
        parser.error("--db is required")
    if args.load:
        load(args.db, args.pages, args.load)
        return
    low, high = (int(n) for n in args.requests.split(","))
    path = sample_paths(args.db, 1, args.seed)["dispute"][0]
    print(f"page: {path}; the change feed looks at the log: {args.poll}")
    results: dict[tuple[str, str], float] = {}
    for way in args.ways.split(","):
        for app_name in args.apps.split(","):
            before = count(args, way, app_name, path, low)
            after = count(args, way, app_name, path, high)
            results[way, app_name] = (after - before) / (high - low)
            print(f"{way:8} {app_name:8} {results[way, app_name]:>10,.0f} instructions/request")
            sys.stdout.flush()
    for way in args.ways.split(","):
        if (way, "gainsay") in results and (way, "bare") in results:
            extra = results[way, "gainsay"] - results[way, "bare"]
            print(f"{way:8} hit - bare {extra:>10,.0f} instructions/request")


if __name__ == "__main__":
    main()
