"""app/ingest/importing: from received bytes to a stored article with suggestions."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.ingest import worker
from app.ingest.importing import prepare as prepare_stage
from app.ingest.importing import sources as sources_stage
from app.ingest.importing import store as store_stage
from app.ingest.importing.batch import run_import
from app.ingest.importing.clean import drop_page_furniture, normalise_paragraphs
from app.ingest.importing.decode import decode
from app.ingest.importing.limits import MAX_IMPORT_BYTES
from app.ingest.importing.metadata import normalise_url
from app.ingest.importing.prepare import TITLE_MAX, prepare
from app.ingest.importing.results import (
    ArticleMetadata,
    ImportStatus,
    PreparedArticle,
    Refusal,
    RefusalReason,
)
from app.ingest.importing.sources import MAX_ZIP_ENTRIES, iter_sources
from app.ingest.importing.statements import statement_for
from app.ingest.importing.store import import_article, import_prepared, load_directory
from app.models import Actor, Article, Change, ClaimSuggestion
from tests import import_fixtures

db_path = import_fixtures.db_path  # this module writes: its own copy of the database

WIRE = (
    "Shelling of Kelmora market kills 23, monitor says\n\n"
    "At least 23 people were killed when shells struck a crowded market in Kelmora on Monday, "
    "the Varessa Casualty Monitor said.\n\n"
    "The Varessan Armed Forces denied any involvement, calling the report “a fabrication”.\n\n"
    "“These were not stray rounds,” the monitor’s director, Ilse Marrow, told reporters.\n"
)


def prepared(text: str = WIRE, name: str = "wire.txt", **metadata: object) -> PreparedArticle:
    result = prepare(text.encode("utf-8"), name, ArticleMetadata(**metadata))
    assert isinstance(result, PreparedArticle), result
    return result


def refused(raw: bytes, name: str | None = "file.txt") -> Refusal:
    result = prepare(raw, name)
    assert isinstance(result, Refusal), result
    return result


# --- Decoding ----------------------------------------------------------------------------


def test_utf8_with_and_without_a_byte_order_mark():
    assert decode("café ’".encode()) == "café ’"
    assert decode(b"\xef\xbb\xbf" + "café".encode()) == "café"


def test_utf16_with_a_byte_order_mark_is_decoded():
    assert decode("Die Armee dementierte.".encode("utf-16")) == "Die Armee dementierte."


def test_windows_1252_text_is_recognised():
    text = "The ministry’s spokesman said the café was “destroyed” — at least 12 died.\n" * 3
    assert decode(text.encode("cp1252")) == text


def test_an_html_page_declaring_its_charset_is_decoded_with_it():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Élite troops left.</p>'
    assert "Élite troops" in decode(page.encode("latin-1"), html=True)


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"\x00\x01\x02 binary \x00 data", "NUL"),
        (b"%PDF-1.7 rest", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_binary_data_is_refused(raw, words):
    refusal = refused(raw)
    assert refusal.reason == RefusalReason.binary
    assert words in refusal.message


def test_empty_and_blank_files_are_refused():
    assert refused(b"").reason == RefusalReason.empty
    assert refused(b" \n\n\t ").reason == RefusalReason.empty
    # Markup and nothing else is empty too, once the markup is gone.
    assert refused(b"# \n\n---\n", "x.md").reason == RefusalReason.empty


def test_over_the_size_limit_is_refused_with_413():
    refusal = refused(b"a" * (MAX_IMPORT_BYTES + 1))
    assert refusal.reason == RefusalReason.too_large
    assert refusal.status_code == 413
    assert "2.0 MiB" in refusal.message
    assert isinstance(prepare(b"word " * (MAX_IMPORT_BYTES // 5), "big.txt"), PreparedArticle)


def test_unsupported_file_types_are_refused():
    refusal = refused(b"hello", "report.docx")
    assert refusal.reason == RefusalReason.unsupported
    assert ".docx" in refusal.message


# --- Cleaning ----------------------------------------------------------------------------


def test_mis_decoded_text_is_repaired():
    article = prepared("The ministryâ€™s spokesman said it was â€œfalseâ€\x9d.\n\nMore text here.")
    assert "ministry’s spokesman" in article.body
    assert "“false”" in article.body
    assert "repaired mis-decoded characters" in article.notes


def test_page_furniture_lines_are_dropped_and_nothing_else():
    text = (
        "Share\n\nThe army denied it.\n\nAdvertisement\n\n"
        "Related: Kerry wants 'all or nothing' truce\n\n"
        "A man walks past the rubble on Tuesday.\nAFP\n\n"
        "The ministry said the Share of votes was false.\n\n"
        "A man walks past the rubble on Tuesday.\n\n"
        "Photo: Jane Doe/Reuters\n\n© 2024 The Herald\n\n202\n\nThe end."
    )
    cleaned, dropped = drop_page_furniture(text)
    assert normalise_paragraphs(cleaned) == (
        "The army denied it.\n\nThe ministry said the Share of votes was false.\n\nThe end."
    )
    assert dropped == 9


def test_text_title_rule_takes_a_headline_line_out_of_the_body():
    article = prepared()
    assert article.title == "Shelling of Kelmora market kills 23, monitor says"
    assert article.body.startswith("At least 23 people")


def test_text_without_a_headline_is_titled_by_its_first_sentence():
    article = prepared("At least 23 people were killed on Monday, the monitor said. More later.")
    assert article.title == "At least 23 people were killed on Monday, the monitor said."
    assert article.body.startswith("At least 23 people")


def test_given_metadata_wins_and_a_repeated_title_line_goes():
    article = prepared(
        WIRE,
        title="Shelling of Kelmora market kills 23, monitor says",
        outlet="Meridian Press Agency",
        url="HTTPS://Wire.Example.org/2024/kelmora#top",
    )
    assert article.body.startswith("At least 23 people")
    assert article.outlet == "Meridian Press Agency"
    assert article.url == "https://wire.example.org/2024/kelmora"


def test_a_given_title_is_kept_whole_and_a_derived_one_shortened():
    typed = "Kelmora " + "market " * 60  # 428 characters: within the 500 a form accepts
    assert prepared(WIRE, title=typed).title == typed.strip()
    first_sentence = "Residents " + "said " * 60 + "that the market burned."
    derived = prepared(first_sentence).title
    assert len(derived) <= TITLE_MAX and derived.endswith("…")


def test_the_gold_file_header_gives_the_metadata():
    text = "https://x.example/a\nNorthern Courier\n2025-01-22\nA headline\n\nBody text here."
    article = prepared(text)
    assert (article.url, article.outlet, str(article.published_on), article.title) == (
        "https://x.example/a",
        "Northern Courier",
        "2025-01-22",
        "A headline",
    )
    assert article.body == "Body text here."


def test_hard_wrapped_text_is_unwrapped_into_paragraphs():
    text = (
        "The ministry said on Monday that its forces\nhad not fired on the market and that\n"
        "the reports were false.\n\nThe monitor said it stood by\nits count of the dead.\n"
    )
    assert normalise_paragraphs(text) == (
        "The ministry said on Monday that its forces had not fired on the market and that the "
        "reports were false.\n\nThe monitor said it stood by its count of the dead."
    )


def test_paragraphs_are_separated_by_one_blank_line():
    assert normalise_paragraphs("One.  \n\n\n\n  Two.\n") == "One.\n\n  Two."[:0] + "One.\n\nTwo."
    lines = "\n".join(f"Paragraph number {n} is a long line of text, " * 3 for n in range(3))
    assert normalise_paragraphs(lines).count("\n\n") == 2


@pytest.mark.parametrize(
    "url, stored",
    [
        ("https://Example.ORG/a?b=1#frag", "https://example.org/a?b=1"),
        ("http://user:pw@example.org", "http://example.org/"),
        ("javascript:alert(1)", None),
        ("/relative/path", None),
        ("https://exa mple.org/", None),
    ],
)
def test_urls_are_normalised_or_rejected(url, stored):
    assert normalise_url(url) == stored


def test_a_bad_url_given_by_hand_is_refused():
    refusal = prepare(WIRE.encode(), "w.txt", ArticleMetadata(url="ftp://x"))
    assert isinstance(refusal, Refusal)
    assert refusal.reason == RefusalReason.bad_metadata


# --- HTML and Markdown -------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Market strike kills 12 | The Daily Herald</title>
<meta property="og:title" content="Market strike kills 12">
<meta property="og:site_name" content="The Daily Herald">
<meta property="og:url" content="https://herald.example/news/market-strike">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<script>alert("evil")</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Market strike kills 12</h1>
<p>At least 12 civilians were killed when a strike hit a market in Kelmora, the monitor said.</p>
<script>document.write("injected text")</script>
<p>The ministry denied the claim, calling it “fabricated”. It said it only targeted fighters.</p>
<p onclick="steal()">Residents said the market was crowded at the time of the strike.</p>
</article><footer>Copyright 2024 Herald.</footer></body></html>"""


def test_html_is_reduced_to_its_article_text_with_its_metadata():
    article = prepare(PAGE.encode(), "page.html")
    assert isinstance(article, PreparedArticle)
    assert article.title == "Market strike kills 12"
    assert article.outlet == "The Daily Herald"
    assert article.url == "https://herald.example/news/market-strike"
    assert str(article.published_on) == "2024-03-05"
    assert [p[:40] for p in article.body.split("\n\n")] == [
        "At least 12 civilians were killed when a",
        "The ministry denied the claim, calling i",
        "Residents said the market was crowded at",
    ]
    for unwanted in ("evil", "injected", "steal", "color", "Home", "Copyright"):
        assert unwanted not in article.body
    assert "removed 2 script elements" in article.notes


def test_a_page_of_scripts_and_nothing_else_is_refused():
    page = "<html><head><title>x</title></head><body>" + "<script>run()</script>" * 500
    refusal = refused(page.encode(), "scripts.html")
    assert refusal.reason == RefusalReason.no_text
    assert "500 scripts" in refusal.message


def test_html_saved_as_txt_is_still_read_as_html():
    article = prepare(PAGE.encode(), "saved.txt")
    assert isinstance(article, PreparedArticle)
    assert "<p>" not in article.body and "evil" not in article.body


def test_markdown_markup_goes_and_paragraphs_stay():
    text = (
        "---\ntitle: From the front matter\noutlet: Northern Courier\ndate: 2025-01-22\n---\n"
        "# A heading\n\nThe **army** denied the [report](https://x.example), calling it "
        "*baseless*.\n\n> The monitor said `23` people died.\n\n- first point\n- second point\n"
    )
    article = prepare(text.encode(), "story.md")
    assert isinstance(article, PreparedArticle)
    assert article.title == "From the front matter"
    assert article.outlet == "Northern Courier"
    assert str(article.published_on) == "2025-01-22"
    assert article.body == (
        "The army denied the report, calling it baseless.\n\n"
        "The monitor said 23 people died.\n\nfirst point\nsecond point"
    )


# --- Files, folders and zip archives -------------------------------------------------------


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def outcomes(paths: list[Path]) -> dict[str, str]:
    """Each source's name → "ok" or its refusal reason."""
    result = {}
    for source in iter_sources(paths):
        raw = source if isinstance(source, Refusal) else source.read()
        item = raw if isinstance(raw, Refusal) else prepare(raw, source.name)
        result[source.name] = "ok" if isinstance(item, PreparedArticle) else str(item.reason)
    return result


def test_zip_entries_are_read_and_paths_escaping_the_folder_refused(tmp_path):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "good/one.txt": WIRE.encode(),
                "two.html": PAGE.encode(),
                "../escape.txt": b"escaping",
                "/etc/absolute.txt": b"absolute",
                "C:\\windows.txt": b"drive",
                "inner.zip": zip_bytes({"x.txt": b"x"}),
                "image.png": b"\x89PNG",
                "__MACOSX/._one.txt": b"resource fork",
            }
        )
    )
    before = set(os.listdir(tmp_path))
    found = outcomes([archive])
    assert found == {
        f"{archive}/good/one.txt": "ok",
        f"{archive}/two.html": "ok",
        f"{archive}/../escape.txt": "unsafe_path",
        f"{archive}//etc/absolute.txt": "unsafe_path",
        f"{archive}/C:\\windows.txt": "unsafe_path",
        f"{archive}/inner.zip": "archive",
        f"{archive}/image.png": "unsupported",
    }
    assert set(os.listdir(tmp_path)) == before  # nothing was extracted to disk


def test_a_zip_with_too_many_entries_is_refused_whole(tmp_path):
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"{n}.txt": b"x" for n in range(MAX_ZIP_ENTRIES + 1)}))
    [refusal] = list(iter_sources([archive]))
    assert isinstance(refusal, Refusal)
    assert refusal.reason == RefusalReason.archive
    assert "2,001 entries" in refusal.message


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_stage, "MAX_ZIP_TOTAL_BYTES", 10 * 1024 * 1024)
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zip_bytes({f"{n}.txt": b"\0" * (4 * 1024 * 1024) for n in range(3)}))
    assert archive.stat().st_size < 200_000
    [refusal] = list(iter_sources([archive]))
    assert isinstance(refusal, Refusal)
    assert "zip bomb" in refusal.message


def test_a_zip_entry_over_the_limit_is_refused_without_reading_it(tmp_path):
    archive = tmp_path / "big.zip"
    archive.write_bytes(zip_bytes({"big.txt": b"a " * MAX_IMPORT_BYTES, "ok.txt": WIRE.encode()}))
    assert outcomes([archive]) == {f"{archive}/big.txt": "too_large", f"{archive}/ok.txt": "ok"}


def test_a_broken_zip_is_refused(tmp_path):
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")
    assert outcomes([archive]) == {str(archive): "archive"}


def test_folders_are_read_recursively_by_suffix(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(WIRE)
    (tmp_path / "a" / "b" / "two.md").write_text("# Title\n\nThe army denied it.")
    (tmp_path / "a" / "notes.docx").write_bytes(b"ignored")
    (tmp_path / "a" / ".hidden.txt").write_text("ignored")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (tmp_path / "a" / "link.txt").symlink_to(outside)
    assert outcomes([tmp_path / "a"]) == {
        str(tmp_path / "a" / "link.txt"): "unsafe_path",
        str(tmp_path / "a" / "one.txt"): "ok",
        str(tmp_path / "a" / "b" / "two.md"): "ok",
    }


def test_missing_and_unsupported_paths_are_reported(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert outcomes([tmp_path / "nope.txt", tmp_path / "x.pdf"]) == {
        str(tmp_path / "nope.txt"): "failed",
        str(tmp_path / "x.pdf"): "unsupported",
    }


# --- Storing -------------------------------------------------------------------------------


def count(session, model, *where) -> int:
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_an_imported_article_is_stored_with_anchored_suggestions(session):
    article_in = prepared(outlet="Meridian Press Agency Test Desk", url="https://a.example/1")
    result = import_article(session, article_in, None)
    assert result.status == ImportStatus.imported
    article = session.get(Article, result.article_id)
    assert article.body == article_in.body
    assert article.content_hash == article_in.content_hash
    outlet = session.get(Actor, article.outlet_id)
    assert (outlet.name, outlet.kind) == ("Meridian Press Agency Test Desk", "media")
    suggestions = session.execute(
        select(ClaimSuggestion).where(ClaimSuggestion.article_id == article.id)
    ).scalars()
    suggestions = list(suggestions)
    assert len(suggestions) == result.suggestion_count >= 2
    for s in suggestions:
        assert article.body[s.quote_start : s.quote_end] == s.quote
        assert s.status == "pending" and s.statement
    kinds = {s.kind for s in suggestions}
    assert {"allegation", "denial"} <= kinds
    assert count(session, Change, Change.entity == "article", Change.entity_id == article.id) == 1
    # The same outlet named again is the same actor, not a second one.
    again = import_article(session, prepared("Another text entirely.", outlet=outlet.name), None)
    assert session.get(Article, again.article_id).outlet_id == outlet.id


def test_the_same_url_or_the_same_text_is_reported_as_present(session):
    first = import_article(session, prepared(url="https://b.example/story"), None)
    same_url = import_article(
        session, prepared("Different words here.", url="https://B.example/story#x"), None
    )
    same_text = import_article(session, prepared(title="Another title"), None)
    assert same_url.status == same_text.status == ImportStatus.duplicate
    assert same_url.article_id == same_text.article_id == first.article_id
    assert (same_url.reason, same_text.reason) == ("url", "text")
    # Nothing was overwritten and nothing was added.
    assert session.get(Article, first.article_id).title == first.title
    assert count(session, Article, Article.url == "https://b.example/story") == 1


def test_a_failure_while_storing_suggestions_leaves_nothing_behind(session, monkeypatch):
    def broken(*args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_stage, "store_suggestions", broken)
    article_in = prepared(
        "A wholly new article text, never seen before.", outlet="A Brand New Outlet"
    )
    before = [count(session, model) for model in (Article, Actor, Change)]
    result = import_prepared(session, article_in, None, load_directory(session))
    assert result.status == ImportStatus.refused
    assert result.reason == RefusalReason.failed
    assert count(session, Article, Article.content_hash == article_in.content_hash) == 0
    assert [count(session, model) for model in (Article, Actor, Change)] == before
    # The batch goes on: the next article is stored.
    monkeypatch.undo()
    assert import_prepared(session, article_in, None, load_directory(session)).article_id


def test_run_import_commits_each_article_and_summarises(engine, tmp_path):
    (tmp_path / "one.txt").write_text("Headline one here\n\nThe army denied the report.")
    (tmp_path / "two.txt").write_text("Headline one here\n\nThe army denied the report.")
    (tmp_path / "three.txt").write_bytes(b"")
    seen = []
    summary = run_import(engine, iter_sources([tmp_path]), on_result=seen.append)
    assert (summary.imported, summary.duplicates, summary.refused) == (1, 1, 1)
    assert [r.name for r in seen] == [
        str(tmp_path / n) for n in ("one.txt", "three.txt", "two.txt")
    ]
    with engine.connect() as connection:
        stored = connection.execute(
            select(Article.origin).where(Article.id == summary.results[0].article_id)
        ).scalar_one()
    assert stored == "file:one.txt"


def test_statements_lose_their_attribution():
    from app.ingest.suggest import ActorDirectory, suggest_claims

    directory = ActorDirectory([(1, "Varessa Casualty Monitor", "monitor", ["the monitor"])])
    body = prepared().body
    statements = [statement_for(s) for s in suggest_claims(body, directory)]
    assert statements[0] == (
        "Varessa Casualty Monitor: At least 23 people were killed when shells struck a crowded "
        "market in Kelmora on Monday"
    )
    assert all(len(s) <= 200 for s in statements)


def test_suggestions_of_a_huge_text_stop_at_a_paragraph_within_the_limit(session, monkeypatch):
    monkeypatch.setattr(prepare_stage, "MAX_SUGGEST_CHARS", 200)
    paragraph = "The Varessan Armed Forces denied any involvement in the shelling of the market."
    body = "\n\n".join(f"{paragraph} ({n})" for n in range(10))
    result = import_article(session, prepared(body), None)
    assert 1 <= result.suggestion_count <= 3
    assert "suggestions cover the first 200 characters only" in result.notes
    ends = session.execute(
        select(ClaimSuggestion.quote_end).where(ClaimSuggestion.article_id == result.article_id)
    ).scalars()
    assert max(ends) <= 200


def test_a_batch_reports_the_slow_article_and_stores_the_rest(engine, tmp_path, monkeypatch):
    submit = worker.BatchWorker.submit

    def no_time_for_one(self: worker.BatchWorker, job: worker.Job, budget_s: float) -> None:
        # No analysis takes no time: the worker's answer to this one is late whenever it comes.
        submit(self, job, 0.0 if job.name.endswith("slow.txt") else budget_s)

    monkeypatch.setattr(worker.BatchWorker, "submit", no_time_for_one)
    (tmp_path / "slow.txt").write_text(WIRE)
    (tmp_path / "then.txt").write_text("Another story\n\nThe ministry denied the report.")
    summary = run_import(engine, iter_sources([tmp_path]), budget_s=30)
    slow, then = summary.results
    assert (slow.status, slow.reason) == (ImportStatus.refused, RefusalReason.too_slow)
    assert "took too long to analyse" in slow.message and "after 0 seconds" in slow.message
    assert then.status == ImportStatus.imported and then.article_id
    assert then.suggestion_count == 1


def test_a_batch_keeps_its_order_while_the_worker_analyses_ahead(engine, tmp_path):
    # Files refused before the worker sees them, between and after analysed ones.
    (tmp_path / "a.txt").write_text("Story A headline\n\nThe army denied the report on Monday.")
    (tmp_path / "b.docx").write_bytes(b"PK not a text")
    (tmp_path / "c.txt").write_text("Story C headline\n\nThe ministry denied the claims.")
    (tmp_path / "e.txt").write_text("Story E headline\n\nThe police denied the allegation.")
    (tmp_path / "f.pdf").write_bytes(b"%PDF-1.4")
    names = ("a.txt", "b.docx", "c.txt", "d.txt", "e.txt", "f.pdf")  # no d.txt
    summary = run_import(engine, iter_sources([tmp_path / name for name in names]))
    assert [(Path(r.name).name, r.status) for r in summary.results] == [
        ("a.txt", ImportStatus.imported),
        ("b.docx", ImportStatus.refused),
        ("c.txt", ImportStatus.imported),
        ("d.txt", ImportStatus.refused),
        ("e.txt", ImportStatus.imported),
        ("f.pdf", ImportStatus.refused),
    ]
    assert [r.title for r in summary.results if r.article_id] == [
        "Story A headline",
        "Story C headline",
        "Story E headline",
    ]


def test_an_outlet_stored_by_one_article_is_known_to_the_next_ones_suggestions(engine, tmp_path):
    # The worker starts on b.md before a.md is stored (and its new outlet created): b.md's
    # suggestions must still see that outlet, as they would one article after the other.
    (tmp_path / "a.md").write_text(
        "---\ntitle: Strikes on the city\noutlet: Northern Courier Desk\n---\n"
        "The army denied shelling the city.\n"
    )
    (tmp_path / "b.md").write_text(
        "# More strikes\n\nAt least 40 people were killed in the strikes on Monday, the "
        "Northern Courier Desk reported.\n"
    )
    first, second = run_import(engine, iter_sources([tmp_path])).results
    with engine.connect() as connection:
        outlet_id = connection.execute(
            select(Article.outlet_id).where(Article.id == first.article_id)
        ).scalar_one()
        claimants = connection.execute(
            select(ClaimSuggestion.claimant_id).where(
                ClaimSuggestion.article_id == second.article_id
            )
        ).scalars()
        assert outlet_id is not None and list(claimants) == [outlet_id]
