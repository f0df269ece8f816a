"""A small HTTP/1.1 load generator, for machines without wrk.

Each of N asyncio connections sends GET requests one after another over keep-alive, a random
path each time, until the time is up, recording every latency. Raw sockets and a minimal
response parser (Content-Length or chunked) keep the client's own cost per request low; it
still needs far more CPU than wrk, which shares the machine with the server, so its figures
are lower than wrk's (the ratio to the bare ASGI app, measured the same way, compensates).
"""

import asyncio
import bisect
import itertools
import math
import random
import time
from dataclasses import dataclass, field


@dataclass(slots=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    mean_ms: float | None
    max_ms: float | None
    non_2xx: int
    socket_errors: int
    bytes_per_response: float
    statuses: dict[str, int] = field(default_factory=dict)
    # wrk tells connect, read, write and timeout errors apart; the Python client does not.
    socket_error_kinds: dict[str, int] = field(default_factory=dict)
    # The page cache's X-Cache header: "hit", "miss", or "unknown" for a response without one.
    cache: dict[str, int] = field(default_factory=dict)
    # False for a wrk load that left responses uncounted (bench/wrk/random_paths.lua): then
    # `statuses` and `cache` are empty and `non_2xx` counts the statuses of 400 and above only.
    counted: bool = True

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def percentile(ordered: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending list (None when it is empty)."""
    if not ordered:
        return None
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool, str]:
    """Read one response; return (status, body bytes, whether the server closes, X-Cache)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked, closing, cache = 0, False, False, "unknown"
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            closing = value == b"close"
        elif name == b"x-cache":
            cache = value.decode(errors="replace")
    if not chunked:
        await reader.readexactly(length)
        return status, length, closing, cache
    size = 0
    while True:
        chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if chunk == 0:
            await reader.readuntil(b"\r\n")  # end of the (empty) trailer section
            return status, size, closing, cache
        await reader.readexactly(chunk + 2)
        size += chunk


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.bytes = 0
        self.socket_errors = 0
        self.cache: dict[str, int] = {}


async def _connection(
    host: str,
    port: int,
    paths: list[bytes],
    headers: dict[str, str],
    cumulative: list[float] | None,
    seed: int,
    stop_at: float,
    tally: _Tally,
    visit: int = 0,
) -> None:
    rng = random.Random(seed)
    # A Host among the headers names the site (as a proxy in front would), else the address.
    site = next((v for k, v in headers.items() if k.lower() == "host"), f"{host}:{port}")
    lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items() if k.lower() != "host")
    prefix, suffix = b"GET ", f" HTTP/1.1\r\nHost: {site}\r\n{lines}\r\n".encode()
    leaving = f" HTTP/1.1\r\nHost: {site}\r\n{lines}Connection: close\r\n\r\n".encode()
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < stop_at:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            if cumulative is None:
                path = paths[rng.randrange(len(paths))]
            else:  # weighted: the first path with a cumulative weight above the draw
                path = paths[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
            started = time.perf_counter()
            last = visit > 0 and rng.random() * visit < 1  # the visit's last request
            writer.write(prefix + path + (leaving if last else suffix))
            status, size, closing, cache = await _read_response(reader)
            tally.latencies.append(time.perf_counter() - started)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            tally.socket_errors += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        key = str(status)
        tally.statuses[key] = tally.statuses.get(key, 0) + 1
        tally.cache[cache] = tally.cache.get(cache, 0) + 1
        tally.bytes += size
        if closing:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _drive(
    host: str,
    port: int,
    paths: list[str],
    connections: int,
    duration: float,
    headers: dict[str, str],
    zipf: float | None,
    visit: int = 0,
) -> LoadResult:
    encoded = [p.encode() for p in paths]
    cumulative = None if zipf is None else zipf_cumulative(len(paths), zipf)
    tally = _Tally()
    started = time.perf_counter()
    stop_at = started + duration
    await asyncio.gather(
        *(
            _connection(
                host, port, encoded, headers, cumulative, 7919 * (i + 1), stop_at, tally, visit
            )
            for i in range(connections)
        )
    )
    seconds = time.perf_counter() - started
    ordered = sorted(tally.latencies)
    count = len(ordered)
    non_2xx = sum(n for status, n in tally.statuses.items() if not status.startswith("2"))
    return LoadResult(
        requests=count,
        seconds=seconds,
        p50_ms=_ms(percentile(ordered, 0.50)),
        p99_ms=_ms(percentile(ordered, 0.99)),
        mean_ms=_ms(sum(ordered) / count if count else None),
        max_ms=_ms(ordered[-1] if ordered else None),
        non_2xx=non_2xx,
        socket_errors=tally.socket_errors,
        bytes_per_response=tally.bytes / count if count else 0.0,
        statuses=dict(sorted(tally.statuses.items())),
        cache=dict(sorted(tally.cache.items())),
    )


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..count on a Zipf curve (weight of rank k: 1 / k^s)."""
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1)))


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def run_load(
    host: str,
    port: int,
    paths: list[str],
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
    zipf: float | None = None,
    visit: int = 0,
) -> LoadResult:
    """Drive http://host:port with `connections` keep-alive connections for `duration` s,
    sending `headers` with every request. Paths are drawn uniformly, or with `zipf` = s on a
    Zipf curve over their order (the first path the most requested). With `visit` = N, each
    request is a connection's last with chance 1 / N (it asks `Connection: close`, and a new
    connection takes its place), so connections last N requests on average."""
    try:
        import uvloop  # the faster loop when installed (uvicorn[standard] brings it)

        loop_factory = uvloop.new_event_loop
    except ImportError:
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(
            _drive(host, port, paths, connections, duration, headers or {}, zipf, visit)
        )
