"""The proposed cross-article links in Chromium: shown in the suggestion panel at desktop and
phone widths, decided with the keyboard alone, under the real CSP (no console errors).

With GAINSAY_SCREENSHOT_DIR set, the panel is also saved there as cross-links-1280.png and
cross-links-390.png, for people to look at."""

import os
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import ClaimSuggestion, CrossLinkSuggestion
from tests import cross_link_fixtures, import_fixtures

db_path = import_fixtures.db_path
import_live_server = import_fixtures.import_live_server
corpus = cross_link_fixtures.corpus
imported = cross_link_fixtures.imported


def _pending_proposals(engine, article_id: int) -> list[CrossLinkSuggestion]:
    with Session(engine) as session:
        return list(
            session.execute(
                select(CrossLinkSuggestion)
                .join(ClaimSuggestion, ClaimSuggestion.id == CrossLinkSuggestion.suggestion_id)
                .where(
                    CrossLinkSuggestion.article_id == article_id,
                    CrossLinkSuggestion.status == "pending",
                )
                .order_by(ClaimSuggestion.position, CrossLinkSuggestion.score.desc())
            ).scalars()
        )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_panel_shows_the_links_and_the_keyboard_decides_them(
    import_live_server, engine, browser, corpus, imported, width
):
    from tests.conftest import Console

    _, _, token, _ = import_fixtures.new_analyst(engine)
    pending = _pending_proposals(engine, imported)
    assert pending
    context = browser.new_context(viewport={"width": width, "height": 1800})
    try:
        context.add_cookies(
            [{"name": "gainsay_session", "value": token, "url": import_live_server}]
        )
        page = context.new_page()
        console = Console(page)
        page.goto(f"{import_live_server}/articles/{imported}")
        first = page.locator(f"#cross-link-{pending[0].id}")
        first.wait_for()
        assert "Why:" in first.inner_text()
        # Nothing spills out of the panel at this width.
        box = first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        if shots := os.environ.get("GAINSAY_SCREENSHOT_DIR"):
            page.locator(".suggestions").screenshot(
                path=str(Path(shots) / f"cross-links-{width}.png"), caret="initial"
            )
        # Keyboard only: focus the proposal's "Not linked" button and press Enter.
        reject = first.locator("button.button-reject")
        reject.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#cross-link-{pending[0].id}", state="detached")
        # Focus comes back to the card, so the analyst goes on with the keyboard.
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.matches('[data-suggestion]')"
        )
    finally:
        context.close()
    assert console.errors == []
    with Session(engine) as session:
        assert session.get(CrossLinkSuggestion, pending[0].id).status == "rejected"
