"""Creating an unknown speaker while accepting its suggestion, in headless Chromium against a
real uvicorn: from the keyboard (focus the card, press A) on a desktop, and on a phone-width
page that does not scroll sideways."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import make_engine, write_session
from app.ingest.importing.prepare import prepare
from app.ingest.importing.results import ArticleMetadata
from app.ingest.importing.store import import_article
from app.models import Actor, ClaimSuggestion
from app.services.accounts import create_user
from app.vocabulary import Role
from tests.browser.test_browser import TIMEOUT_MS
from tests.conftest import Console, copy_database, running_uvicorn, sqlite_url
from tests.workspace_fixtures import PASSWORD

pytestmark = pytest.mark.browser

USERNAME = "speaker-analyst"
STORY = (
    "Colonel Jan Hale, a spokesman for the Russian Defence Ministry, said on Monday that the "
    "strike hit an arms depot near Saraqeb.\n\n"
    "The Varessa Casualty Monitor said 38 people were killed in the market on Monday.\n"
)


@dataclass(frozen=True)
class Live:
    url: str
    database: Path
    article_id: int
    suggestions: dict[str, int]  # speaker → suggestion id


@pytest.fixture(scope="module")
def live(browser, seed_template, tmp_path_factory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("speakers-live")
    database = copy_database(seed_template.path, folder / "gainsay.db")
    engine = make_engine(sqlite_url(database))
    try:
        with write_session(engine) as session:
            create_user(session, USERNAME, PASSWORD, Role.analyst)
            prepared = prepare(STORY.encode(), None, ArticleMetadata(title="Saraqeb depot"))
            article_id = import_article(session, prepared, None).article_id
            rows = session.execute(
                select(ClaimSuggestion.speaker_text, ClaimSuggestion.id).where(
                    ClaimSuggestion.article_id == article_id
                )
            )
            suggestions = {speaker: suggestion_id for speaker, suggestion_id in rows}
            session.commit()
    finally:
        engine.dispose()
    with running_uvicorn(sqlite_url(database), folder / "uvicorn.log") as base:
        yield Live(base, database, article_id, suggestions)


def actor(database: Path, name: str) -> tuple[str, str | None] | None:
    """The actor's kind and its parent's name."""
    engine = make_engine(sqlite_url(database))
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(Actor.kind, Actor.parent_id).where(Actor.name == name)
            ).first()
            if row is None:
                return None
            parent = connection.execute(select(Actor.name).where(Actor.id == row[1])).scalar()
            return row[0], parent
    finally:
        engine.dispose()


def open_article(browser: object, live: Live, width: int) -> tuple[object, object, Console]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    console = Console(page)
    page.goto(f"{live.url}/sign-in?next=/")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live.url}/")
    page.goto(f"{live.url}/articles/{live.article_id}")
    page.wait_for_url(re.compile(rf"/articles/{live.article_id}-[a-z0-9-]+$"))
    return context, page, console


def test_pressing_a_on_the_card_creates_the_speaker_and_the_claim(browser, live):
    context, page, console = open_article(browser, live, 1280)
    try:
        card = f"#suggestion-{live.suggestions['Jan Hale']}"
        assert page.input_value(f"{card} [name=new_actor_name]") == "Jan Hale"
        assert page.input_value(f"{card} [name=new_actor_kind]") == "person"
        assert page.input_value(f"{card} [name=new_actor_parent]") == "Russian Defence Ministry"
        page.focus(card)
        page.keyboard.press("a")
        page.wait_for_selector(card, state="detached")
        assert actor(live.database, "Jan Hale") == ("person", "Russian Defence Ministry")
        assert console.errors == []
    finally:
        context.close()


def test_on_a_phone_the_card_fits_the_screen_and_tab_reaches_every_field(browser, live):
    context, page, console = open_article(browser, live, 390)
    try:
        card = f"#suggestion-{live.suggestions['Varessa Casualty Monitor']}"
        page.locator(card).scroll_into_view_if_needed()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.focus(f"{card} [name=new_actor_name]")
        names = []
        for _ in range(3):
            page.keyboard.press("Tab")
            names.append(page.evaluate("() => document.activeElement.name"))
        assert names == ["new_actor_kind", "new_actor_parent", ""]  # then the button
        assert page.evaluate("() => document.activeElement.dataset.key") == "a"
        page.keyboard.press("Enter")
        page.wait_for_selector(card, state="detached")
        assert actor(live.database, "Varessa Casualty Monitor") == ("monitor", None)
        assert console.errors == []
    finally:
        context.close()
