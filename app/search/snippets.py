"""Highlighted snippets built from a bounded window of each hit's text.

FTS5's `snippet()` scores a fragment around every match of every phrase against every other,
so its cost grows with the square of the matches in the text: over a 2 MB article where "said"
comes 55,000 times it took 23 s of CPU, in one C call that no progress handler can interrupt.
In the ranking query it also ran for every candidate in the rank window, not only the hits.

Here FTS5 only matches and ranks. The hits' texts, cut to their first WINDOW_CHARS, go into a
scratch FTS5 table in memory (one per thread, same tokenizer) and `snippet()` runs there: the
same snippet as before for any text within the window (every article and quote seen so far),
and one from the opening of the text beyond it. Measured on the pathological text above, a
snippet over 4,000 / 16,000 / 32,000 / 64,000 characters took 0.7 / 2.8 / 8.4 / 27 ms."""

import sqlite3
import threading
from collections.abc import Callable, Sequence

# The tokenizer of the FTS5 indexes (migration 0001), so the scratch table matches alike.
TOKENIZER = "porter unicode61 remove_diacritics 2"
WINDOW_CHARS = 16_000
ELLIPSIS = "…"

_scratch = threading.local()


def _table() -> sqlite3.Connection:
    connection: sqlite3.Connection | None = getattr(_scratch, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=True)
        # `anchor` holds one word in every row, so that a text whose window lacks the words
        # (they come later) still has a row and gets its opening as the snippet.
        connection.execute(
            f"CREATE VIRTUAL TABLE w USING fts5(title, body, anchor, tokenize='{TOKENIZER}')"
        )
        _scratch.connection = connection
    return connection


def window(text: str) -> str:
    """The first WINDOW_CHARS of `text`, cut after a space where there is one near the end."""
    if len(text) <= WINDOW_CHARS:
        return text
    space = text.rfind(" ", WINDOW_CHARS - 200, WINDOW_CHARS)
    return text[: space if space > 0 else WINDOW_CHARS]


def window_snippets(
    hits: Sequence[tuple[int, str, str]],
    match: str,
    open_mark: str,
    close_mark: str,
    tokens: int,
    stop: Callable[[], bool] | None = None,
) -> dict[int, str]:
    """Snippets of the `body` of each (key, title, body) for the FTS5 query `match`, as FTS5
    would make them, from windows of the bodies. The title takes part in matching only (a
    query may match some words there and some in the body). `stop` is the search's progress
    handler (non-zero ends the statement with "interrupted")."""
    if not hits:
        return {}
    connection = _table()
    cut = {key: body for key, _, body in hits if len(body) > WINDOW_CHARS}
    # Rolled back afterwards: nothing stays in the table, and the index never grows.
    connection.execute("BEGIN")
    try:
        if stop is not None:
            # Every 10 steps: a row here takes only 25-45 of them (the work is in FTS5's C
            # code), so the handler is asked about once per row, not once per search.
            connection.set_progress_handler(stop, 10)
        connection.executemany(
            "INSERT INTO w(rowid, title, body, anchor) VALUES (?, ?, ?, 'x')",
            [(key, title, window(body)) for key, title, body in hits],
        )
        found = dict(
            connection.execute(
                "SELECT rowid, snippet(w, 1, ?, ?, ?, ?) FROM w WHERE w MATCH ?",
                (open_mark, close_mark, ELLIPSIS, tokens, f"({match}) OR anchor : x"),
            ).fetchall()
        )
    finally:
        if stop is not None:
            connection.set_progress_handler(None, 0)  # first: it would stop the rollback too
        if connection.in_transaction:  # an interrupted write has rolled back already
            connection.execute("ROLLBACK")
    # A cut text goes on past its window even where the snippet reached the window's end.
    for key in cut:
        if key in found and not found[key].endswith(ELLIPSIS):
            found[key] += ELLIPSIS
    return found
