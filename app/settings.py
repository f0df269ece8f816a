"""Configuration, read from GAINSAY_* environment variables (and an optional .env file)."""

from functools import lru_cache

from pydantic import AnyHttpUrl
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
    # Rendered pages kept for readers, in megabytes (0 turns the cache off).
    page_cache_mb: int = 32
    # SQLite: how long a writer waits for the lock before failing, in milliseconds.
    sqlite_busy_timeout_ms: int = 5000
    # Requests in progress at once; past it the server answers 503 at once (0 turns it off).
    max_in_flight: int = 64
    # The Retry-After a 503 for overload carries, in seconds.
    retry_after_s: int = 2
    # Seconds an imported article's extraction and claim suggestions may take (in a worker
    # process, killed at the limit); past it the article is refused as taking too long.
    import_time_budget_s: float = 60.0
    # FastAPI's own OpenTelemetry (traces, metrics and logs to the global providers, which
    # the deployment configures). Off, no request pays for looking the providers up.
    opentelemetry: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
