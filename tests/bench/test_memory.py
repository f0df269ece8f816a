"""bench/memory.py's readings of this process: the kernel's, glibc's and SQLite's."""

import sqlite3
from contextlib import closing

from bench.memory import glibc_view, kernel_view, sqlite_view, trim

MB = 1 << 20


def test_the_kernels_view_splits_resident_memory_into_anonymous_and_file_backed():
    held = bytearray(64 * MB)  # touched: resident, anonymous
    _, arena_starts = glibc_view()
    view = kernel_view(arena_starts)

    assert view["anonymous"] >= 64
    assert abs(view["rss"] - view["anonymous"] - view["file-backed"]) < 0.01
    parts = [value for name, value in view.items() if name.startswith("anon: ")]
    assert abs(sum(parts) - view["anonymous"]) < 0.01
    del held


def test_glibc_counts_its_arenas_and_what_it_keeps_free():
    malloc, _ = glibc_view()
    trim()

    assert malloc["arenas"] >= 1
    assert malloc["in use by malloc (MB)"] > 0
    assert malloc["free, kept by malloc (MB)"] >= malloc["of it at the arenas' tops (MB)"] >= 0


def test_each_open_connection_is_counted_with_its_cache_size(tmp_path):
    with closing(sqlite3.connect(tmp_path / "pages.db")) as connection:
        connection.execute("PRAGMA cache_size = -256")
        view = sqlite_view()

    assert view["open connections"].get("pages.db cache_size=-256") == 1
