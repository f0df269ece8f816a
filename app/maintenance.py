"""Housekeeping each server process does on a schedule: expired sessions and old sign-in
failures deleted, the change log pruned to its retention. Started and stopped by the app's
lifespan (app.main); each run is a short write transaction, off the event loop."""

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from app.change_feed import KEEP_ROWS, prune
from app.db import commit, get_engine, write_session
from app.services.accounts import purge_expired

log = logging.getLogger("gainsay.maintenance")

# Often enough that the change log stays small; every worker runs it (it is idempotent).
INTERVAL_S = 600.0


@dataclass(frozen=True, slots=True)
class Tidied:
    sessions: int
    change_log_rows: int


def tidy(engine: Engine | None = None, keep_rows: int = KEEP_ROWS) -> Tidied:
    with write_session(engine) as session:
        sessions = purge_expired(session)
        rows = prune(session.connection(), keep=keep_rows)
        commit(session)
    return Tidied(sessions, rows)


async def tidy_forever(interval_s: float = INTERVAL_S) -> None:
    """Runs `tidy` every `interval_s` until cancelled; a failed run is logged and retried at
    the next interval (the database may be briefly unreachable or locked)."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            done = await asyncio.to_thread(tidy, get_engine())
            log.info("tidied: %s", done)
        except Exception:
            log.exception("housekeeping failed; retrying in %.0f s", interval_s)
