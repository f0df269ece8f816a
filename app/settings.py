"""Configuration, read from GAINSAY_* environment variables (and an optional .env file)."""

from functools import lru_cache

from pydantic import AnyHttpUrl, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GAINSAY_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///gainsay.db"
    # The address people reach Gainsay at; canonical links and Open Graph URLs use it.
    # Unset, they are built from the request's own host.
    public_url: AnyHttpUrl | None = None
    site_name: str = "Gainsay"
    # Load the bundled seed data set when serving (idempotent: existing rows are kept).
    load_seeds: bool = True
    # Longest search query accepted, in characters.
    search_max_length: int = 200
    # How long one search may run, in milliseconds; past it the database stops it and the
    # reader hears 503 (too broad or too busy) instead of waiting.
    search_deadline_ms: int = 2000
    # Rendered pages kept for readers, per worker process: at most this many megabytes and
    # this many pages, least recently used first (0 turns the cache off). Pages are kept
    # gzip-compressed: a dispute page of the 1M-claim corpus takes about 14 KB with its
    # objects, so the default budget holds some 18,000 of them. A worker's memory is the
    # budget plus 125-175 MB (docs/performance.md, "A worker's memory, broken down").
    # Readers on a Zipf curve over 90,000 disputes need about 50,000 entries for 95% of their
    # requests to be hits (the host's page store, behind, holds more).
    page_cache_mb: int = 256
    page_cache_entries: int = 50_000
    # Behind each worker's pages in memory: the pages of every worker of this host, kept
    # across restarts in a file of their own (app.page_store), at most this many megabytes and
    # pages on disk. The file: `page_store_path`, or beside a SQLite database file
    # ("<file>-pages"), or for a server database in ~/.cache/gainsay/. 0 turns it off.
    page_store_mb: int = 2048
    page_store_entries: int = 250_000
    page_store_path: str | None = None
    # Readers' requests for a dispute, an article or a claim's JSON take the lean route
    # (app.web.permalinks) instead of FastAPI's router; off, FastAPI serves them (the same bytes).
    lean_permalinks: bool = True
    # SQLite: how long a writer waits for the lock before failing, in milliseconds.
    sqlite_busy_timeout_ms: int = 5000
    # SQLite: how much of the database file each connection reads through a memory map, in
    # megabytes, instead of a read() call and a copy per page (0: no map). The pages are the
    # OS's page cache either way, shared by every connection: the map is address space, not
    # memory of its own. SQLite caps it at its build's limit (2 GB in most builds).
    sqlite_mmap_mb: int = Field(default=2048, ge=0)
    # How long a write waits for its turn at the write lock (app.db.write_turn) before it is
    # answered 503. Longer than the busy timeout: a write that waits its turn in order is
    # better served late than refused, and a loaded machine can take seconds per turn.
    write_queue_timeout_s: float = 30.0
    # Requests in progress at once; past it the server answers 503 at once (0 turns it off).
    max_in_flight: int = 64
    # The Retry-After a 503 for overload carries, in seconds.
    retry_after_s: int = 2
    # The share of those places (in percent, rounded down) that only writes may take, so that
    # readers past their share get the 503 and analysts' writes still get in.
    write_share_percent: int = Field(default=25, ge=0, le=100)
    # A request body must arrive within this many seconds of the headers (408 after it), plus a
    # second for every `body_min_rate_kib_s` KiB received (large uploads on slow links).
    body_timeout_s: float = Field(default=20.0, gt=0)
    body_min_rate_kib_s: int = Field(default=32, ge=0)
    # Addresses whose X-Forwarded-For and X-Forwarded-Proto are believed (uvicorn's
    # forwarded_allow_ips: comma-separated IPs or networks, "*" for any): the proxy in front.
    forwarded_allow_ips: str = "127.0.0.1,::1"
    # Seconds an imported article's extraction and claim suggestions may take (in a worker
    # process, killed at the limit); past it the article is refused as taking too long.
    import_time_budget_s: float = 60.0
    # FastAPI's own OpenTelemetry (traces, metrics and logs to the global providers, which
    # the deployment configures). Off, no request pays for looking the providers up.
    opentelemetry: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
