"""The evidence on the dispute permalink itself (app/services/disputes.py, get_dispute_page):
origins per assertion, the figures chart, typed denials and their filter, the tally; and what
the claim JSON, the claim page and the article panel show of denial types and link notes, and
the one rule for merged disputes (app.services.disputes.surviving_dispute), HTML and JSON."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import text

from app.main import create_app
from app.settings import get_settings
from app.vocabulary import DenialType
from tests.conftest import TestClient, permalink
from tests.htmldoc import Element, parse

ALEPPO = "aleppo-offensive-toll-feb-2016"
IDLIB = "idlib-bombing-sept-2017"
IDLIB_2019 = "idlib-offensive-civilian-harm-2019"


@pytest.fixture(scope="module")
def db_path(writable_copy):
    return writable_copy  # some tests change rows (and put them back)


@pytest.fixture(scope="module")
def client(app_database) -> Iterator[TestClient]:
    # No page cache: rows changed behind the app's back must show at once, on both engines.
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("GAINSAY_PAGE_CACHE_MB", "0")
        get_settings.cache_clear()
        with TestClient(create_app()) as test_client:
            yield test_client
    get_settings.cache_clear()


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def dispute_page(client, seed_ids, slug: str, query: str = "") -> Element:
    url = permalink(client, f"/disputes/{seed_ids.disputes[slug]}") + query
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return parse(response.text)


def card(root: Element, claim_id: int) -> Element:
    found = root.find_all("article", id=f"c{claim_id}")
    assert len(found) == 1, claim_id
    return found[0]


@contextmanager
def rows_changed(engine, do: str, undo: str, **params) -> Iterator[None]:
    with engine.begin() as connection:
        connection.execute(text(do), params)
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(text(undo), params)


# ------------------------------------------------------------------ origins on the permalink


def test_each_assertion_shows_its_outlets_and_independent_origins(client, seed_ids):
    root = dispute_page(client, seed_ids, ALEPPO)
    sohr = card(root, seed_ids.claims["aleppo-sohr-toll-000"])
    details = sohr.find("details", cls="node-origins")
    # SOHR's toll, carried by two articles (one outlet named, one not): one origin, two outlets.
    assert squash(details.find("summary").text) == "2 outlets, 1 independent origin"
    chains = [squash(li.text) for li in details.find("ol", cls="chains").find_all("li")]
    assert chains == [
        "Syrian Observatory for Human Rights → Caribbean Broadcasting Corporation",
        "Syrian Observatory for Human Rights → an outlet not named in the text",
    ]
    answer = card(root, seed_ids.claims["zakharova-no-evidence-000"])
    summary = squash(answer.find("details", cls="node-origins").find("summary").text)
    assert summary.endswith("1 independent origin")
    assert "Russian government" in answer.find("details", cls="node-origins").text


def test_the_page_states_the_sides_origins_and_the_rule(client, seed_ids):
    root = dispute_page(client, seed_ids, IDLIB)
    totals = squash(root.find("p", cls="origin-totals").text)
    # Five answers from the Defence Ministry and its spokesman: one independent origin.
    assert "Answers: 1 independent origin" in totals
    rule = root.find("details", cls="origins-rule")
    assert "Two origins are independent only when they belong to different organisations" in (
        rule.text
    )


# ------------------------------------------------------------------ the figures chart


def test_the_figures_chart_is_on_the_dispute_page(client, seed_ids):
    root = dispute_page(client, seed_ids, ALEPPO)
    section = root.find("section", cls="evidence-figures")
    assert section is not None
    charts = section.find_all("svg", cls="chart")
    assert charts and all(svg.get("role") == "img" for svg in charts)
    for svg in charts:  # named by its title and description, which are in the page
        ids = (svg.get("aria-labelledby") or "").split()
        assert [svg.find(id=i).tag for i in ids] == ["title", "desc"]
    civilians = next(svg for svg in charts if "Civilians" in svg.find("title").text)
    # SOHR's 89 civilians beside Turkey's 16: the spread among the undated figures.
    assert "16 to 89" in civilians.find("desc").text.replace(",", "")
    assert "spread 16–89" in squash(civilians.text)
    assert root.find("a", href=f"/disputes/{seed_ids.disputes[ALEPPO]}/figures.csv") is not None


def test_a_dispute_without_figures_has_no_chart(client, seed_ids):
    root = dispute_page(client, seed_ids, "aleppo-ethnic-cleansing-feb-2016")
    assert root.find("section", cls="evidence-figures") is None


# ------------------------------------------------------------------ typed denials


def test_answers_carry_their_denial_type_label(client, seed_ids):
    root = dispute_page(client, seed_ids, IDLIB)
    charlatans = card(root, seed_ids.claims["konashenkov-charlatans-003"])
    tag = charlatans.find("span", cls="denial-tag")
    assert squash(tag.text) == "discrediting the source"
    assert tag.get("title") == "Attacks the source of the report rather than its facts."
    allegation = card(root, seed_ids.claims["idlib-civil-defence-150-003"])
    # An allegation carries no type: the only tags inside it are its answers'.
    head = allegation.find("div", cls="claim-head")
    assert head.find("span", cls="denial-tag") is None


def test_the_denial_filter_keeps_only_answers_of_that_kind(client, seed_ids):
    root = dispute_page(client, seed_ids, IDLIB)
    links = root.find("p", cls="denial-filter").find_all("a")
    assert "discrediting the source (1)" in [squash(a.text) for a in links]

    filtered = dispute_page(client, seed_ids, IDLIB, "?denial_type=discrediting")
    shown = {int(a.get("id")[1:]) for a in filtered.find_all("article", cls="claim-card")}
    answers = {
        int(a.get("id")[1:])
        for side in filtered.find_all(cls="side-answers")
        for a in side.find_all("article", cls="claim-card")
    }
    assert answers == {seed_ids.claims["konashenkov-charlatans-003"]}
    assert seed_ids.claims["idlib-civil-defence-150-003"] in shown  # what it answers stays
    assert seed_ids.claims["konashenkov-only-fighters-003"] not in shown
    current = filtered.find("p", cls="denial-filter").find("a", **{"aria-current": "true"})
    assert squash(current.text).startswith("discrediting the source")


def test_an_unknown_denial_type_is_a_clear_422(client, seed_ids):
    url = permalink(client, f"/disputes/{seed_ids.disputes[IDLIB]}") + "?denial_type=rude"
    response = client.get(url)
    assert response.status_code == 422
    assert "is not a kind of answer" in response.text


def test_the_claim_json_and_the_dispute_json_give_the_denial_type(client, seed_ids):
    claim = client.get(f"/api/claims/{seed_ids.claims['konashenkov-charlatans-003']}").json()
    assert claim["denial_type"] == "discrediting"
    allegation = client.get(f"/api/claims/{seed_ids.claims['idlib-civil-defence-150-003']}")
    assert allegation.json()["denial_type"] is None
    dispute = client.get(f"/api/disputes/{seed_ids.disputes[IDLIB]}").json()
    types = {c["id"]: c["denial_type"] for c in dispute["claims"]}
    assert types[seed_ids.claims["konashenkov-charlatans-003"]] == "discrediting"
    assert types[seed_ids.claims["idlib-civil-defence-150-003"]] is None


def test_the_claim_page_labels_how_it_answers(client, seed_ids):
    response = client.get(f"/claims/{seed_ids.claims['russia-fake-004']}")
    hero = parse(response.text).find("div", cls="claim-hero")
    assert squash(hero.find("span", cls="denial-tag").text) == "dismissal"


# ------------------------------------------------------------------ the tally


def test_statements_are_not_counted_as_allegations(client, seed_ids):
    root = dispute_page(client, seed_ids, IDLIB_2019)
    tally = squash(root.find("p", cls="tally").text)
    assert "4 allegations" in tally and "3 statements" in tally and "0 answers" in tally
    api = client.get(f"/api/disputes/{seed_ids.disputes[IDLIB_2019]}").json()
    assert (api["allegation_count"], api["answer_count"]) == (4, 0)


# ------------------------------------------------------------------ link notes


def test_a_links_note_shows_on_both_ends_and_in_the_api(client, seed_ids, engine):
    answer = seed_ids.claims["russia-fake-004"]
    target = seed_ids.claims["maarat-sohr-38-004"]
    note = "Deutsche Welle's paraphrase <of> Moscow"
    with rows_changed(
        engine,
        "UPDATE claim_link SET note = :note WHERE source_id = :s AND target_id = :t",
        "UPDATE claim_link SET note = '' WHERE source_id = :s AND target_id = :t",
        note=note,
        s=answer,
        t=target,
    ):
        for claim_id in (answer, target):
            page = parse(client.get(f"/claims/{claim_id}").text)
            notes = [squash(p.text) for p in page.find_all("p", cls="link-note")]
            assert notes == [f"Note: {note}"], claim_id
        out = client.get(f"/api/claims/{answer}").json()["links"]
        assert {"kind": "rebuts", "target_id": target, "note": note} in out
        back = client.get(f"/api/claims/{target}").json()["linked_from"]
        assert {"kind": "rebuts", "source_id": answer, "note": note} in back
    assert client.get(f"/api/claims/{answer}").json()["links"][0]["note"] == ""


# ------------------------------------------------------------------ the article panel


def test_the_article_panel_lists_the_selected_claims_answers(client, seed_ids):
    claim_id = seed_ids.claims["idlib-civil-defence-150-003"]
    article = client.get(f"/api/claims/{claim_id}").json()["article_id"]
    url = permalink(client, f"/articles/{article}") + f"?claim={claim_id}"
    panel = parse(client.get(url).text).find("aside", id="claim-panel")
    answers = panel.find("ul", cls="panel-answers")
    items = answers.find_all("li", cls="panel-answer")
    hrefs = {a.get("href") for li in items for a in li.find_all("a")}
    assert f"/claims/{seed_ids.claims['konashenkov-charlatans-003']}" in hrefs
    assert any("discrediting the source" in squash(li.text) for li in items)


# ------------------------------------------------------------------ merged disputes


@contextmanager
def merged_dispute(engine, into: int) -> Iterator[int]:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO dispute (created_at, updated_at, version, title, slug, status,"
                " summary, grade_note, merged_into_id) VALUES (CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP, 1, 'Gone', 'gone-one', 'open', '', '', :into)"
            ),
            {"into": into},
        )
        merged = connection.execute(text("SELECT id FROM dispute WHERE slug = 'gone-one'"))
        merged_id = merged.scalar_one()
    try:
        yield merged_id
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM dispute WHERE id = :id"), {"id": merged_id})


def test_a_merged_dispute_moves_in_html_and_json_alike(client, seed_ids, engine):
    target = seed_ids.disputes[ALEPPO]
    with merged_dispute(engine, target) as merged:
        page = client.get(f"/disputes/{merged}", follow_redirects=False)
        api = client.get(f"/api/disputes/{merged}", follow_redirects=False)
        evidence = client.get(f"/disputes/{merged}/evidence", follow_redirects=False)
        assert page.status_code == api.status_code == evidence.status_code == 301
        assert page.headers["location"].startswith(f"/disputes/{target}-")
        assert evidence.headers["location"].startswith(f"/disputes/{target}-")
        assert api.headers["location"] == f"/api/disputes/{target}"
        assert client.get(f"/api/disputes/{merged}").json()["id"] == target


def test_a_merge_of_a_merge_moves_to_the_surviving_dispute(client, seed_ids, engine):
    target = seed_ids.disputes[IDLIB]
    with (
        merged_dispute(engine, target) as first,
        rows_changed(
            engine,
            "UPDATE dispute SET slug = 'gone-two' WHERE id = :id",
            "UPDATE dispute SET slug = 'gone-one' WHERE id = :id",
            id=first,
        ),
        merged_dispute(engine, first) as second,
    ):
        api = client.get(f"/api/disputes/{second}", follow_redirects=False)
        page = client.get(f"/disputes/{second}", follow_redirects=False)
    assert api.headers["location"] == f"/api/disputes/{target}"
    assert page.headers["location"].startswith(f"/disputes/{target}-")


def test_a_missing_dispute_is_a_404_in_both(client):
    assert client.get("/api/disputes/987654").status_code == 404
    assert client.get("/disputes/987654").status_code == 404


def test_the_page_builds_each_claim_once_as_the_evidence_reads_it(client, seed_ids, engine):
    """One value per claim: the origins and the chart read the page's claims (its cards'
    values) themselves, and what the evidence reads of them is what load_evidence reads."""
    from sqlmodel import Session

    from app.db import read_transaction
    from app.services.dispute_page import ClaimItem, get_dispute_page
    from app.services.disputes import get_dispute_ref
    from app.services.evidence import load_evidence
    from app.services.figures_series import figures_of
    from app.services.origins import origins_of
    from app.urls import page_links

    def actor(a):
        return (a.id, a.name, a.slug, a.kind)

    def read(c):
        article = c.article
        outlet = actor(article.outlet) if article.outlet is not None else None
        return (
            (c.id, c.kind, c.denial_type, c.statement, c.quote, c.event_place, c.event_time),
            (c.event_date, article.id, article.title, article.slug, article.published_on),
            (outlet, actor(c.claimant), [actor(r) for r in c.reported_via], list(c.figures)),
        )

    def origins(view):
        return [
            (n.lead.id, n.side, [actor(o) for o in n.origins], n.outlets, n.answers)
            for n in view.nodes
        ]

    def points(view):
        return [(p.claim.id, p.figure, actor(p.source), p.on, p.dated_by, p.side) for p in view]

    for slug in (ALEPPO, IDLIB):
        dispute_id = seed_ids.disputes[slug]
        with read_transaction(engine) as db:
            page = get_dispute_page(db, get_dispute_ref(db, dispute_id), page_links(client.app))
        with Session(engine) as session:
            evidence = load_evidence(session, dispute_id)
        assert evidence is not None
        held = [n.lead for n in page.origins.nodes] + [p.claim for p in page.chart.points]
        assert held and all(isinstance(c, ClaimItem) for c in held)
        once = {c.id: c for c in held}
        assert all(c is once[c.id] for c in held)  # one object per claim
        assert all(any(c.article is a for a in page.articles) for c in held)
        expected = evidence.by_id
        assert [read(c) for c in once.values()] == [read(expected[i]) for i in once]
        assert origins(page.origins) == origins(origins_of(evidence))
        assert points(page.chart.points) == points(figures_of(evidence).points)
        assert page.chart.points  # each has figures: the chart's claims are compared too


def _item(claim_id, kind, kind_label, state, statement, quote, place, time, href, passage,
          article, claimant, **more):  # fmt: skip
    """A page's claim as get_dispute_page builds it, from the card's fields."""
    from app.services.dispute_page import ClaimItem

    return ClaimItem(
        id=claim_id,
        kind=kind,
        denial_type=more.pop("denial_type", None),
        statement=statement,
        quote=quote,
        event_place=place,
        event_time=time,
        event_date=None,
        article=article,
        claimant=claimant,
        kind_label=kind_label,
        state=state,
        href=href,
        passage_href=passage,
        **more,
    )


def test_a_claims_badges_are_one_escaped_value():
    from app.services.dispute_page import claim_tags
    from app.services.views import ActorItem, ArticleItem
    from app.vocabulary import DENIAL_TYPE_RULES

    actor = ActorItem.of(1, "A", "a", "state", "state", "/actors/1-a")
    article = ArticleItem.of(1, "T", "t", "/articles/1-t", actor, None)
    answer = _item(
        1, "denial", "<denial>", "published", "s", "q", "", "", "/c/1", "/p/1", article, actor
    )
    answer.denial_type, answer.denial_label = "dismissal", "dismissal"
    tags = claim_tags(answer)
    assert tags.startswith('<span class="badge kind-denial">&lt;denial&gt;</span> ')
    rule = str(parse(tags).find("span", cls="denial-tag").attrs["title"])
    assert rule == DENIAL_TYPE_RULES["dismissal"]
    answer.denial_type, answer.denial_label = None, ""
    assert claim_tags(answer) == '<span class="badge kind-denial">&lt;denial&gt;</span>'


def test_a_claims_card_runs_are_escaped_once():
    from app.services.dispute_page import _card_parts
    from app.services.views import ActorItem, ArticleItem, FigureView

    hostile = '"><script>alert(1)</script>'
    said = ActorItem.of(1, hostile, "a", "state", "state", "/actors/1-a")
    via = (ActorItem.of(2, "AFP", "afp", "outlet", "outlet", "/actors/2-afp"),)
    article = ArticleItem.of(1, hostile, "t", "/articles/1-t", said, date(2020, 1, 2))
    claim = _item(
        1,
        "allegation",
        "allegation",
        "published",
        "s",
        hostile,
        "",
        "",
        "/c/1",
        "/p/1?claim=1",
        article,
        said,
        reported_via=via,
        figures=(FigureView(38, None, hostile, "killed", ""),),
    )
    _card_parts(claim)
    for run in (claim.byline, claim.figures_list, claim.passage):
        assert hostile not in run and "&lt;script&gt;" in run
    assert claim.byline.endswith(
        '<span class="via">as reported by <a class="actor" href="/actors/2-afp">AFP</a></span>'
    )
    assert "<strong>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; 38</strong> killed" in (
        claim.figures_list
    )
    assert '<a href="/p/1?claim=1" title="Open this passage in the article">' in claim.passage
    assert "2020-01-02" in claim.passage  # the source line, with its date


def test_a_claims_card_is_one_value_with_its_words_escaped_once():
    from markupsafe import Markup

    from app.services.dispute_page import _card_parts, _carrier_card, _lead_card
    from app.services.views import ActorItem, ArticleItem

    hostile = '"><script>alert(1)</script>'
    said = ActorItem.of(1, "A", "a", "state", "state", "/actors/1-a")
    article = ArticleItem.of(1, "T", "t", "/articles/1-t", said, date(2020, 1, 2))
    claim = _item(
        7, "allegation", "allegation", "draft", hostile, "q", hostile, hostile,
        "/claims/7", "/p/1?claim=7", article, said,
    )  # fmt: skip
    _card_parts(claim)
    note = Markup('<details class="node-origins">…</details>')

    lead = _lead_card(claim, note)
    card = parse(f"{lead}</article>").find("article", cls="claim-card")
    assert card.attrs["id"] == "c7" and "kind-allegation" in str(card.attrs["class"])
    assert hostile not in lead and lead.count("&lt;script&gt;") == 3  # statement, where, when
    assert '<a href="/claims/7">&#34;&gt;&lt;script&gt;' in lead
    # A run of the exchange, indented and ended as the page prints it.
    assert lead.startswith("    <article ") and lead.endswith(f"    {note}\n\n")
    assert "badge-draft" in lead
    assert "node-origins" not in _lead_card(claim, None)

    carrier = _carrier_card(claim)
    assert carrier.startswith('    <div class="carrier">') and carrier.endswith("</div>\n")
    assert hostile not in carrier and "badge-draft" not in carrier  # a lead's badge only
    assert claim.passage in carrier and "statement" not in carrier


def test_the_sources_lists_are_escaped_once():
    from app.services.dispute_page import _cited_actors, _cited_articles
    from app.services.views import ActorItem, ArticleItem

    hostile = '"><script>alert(1)</script>'
    outlet = ActorItem.of(1, hostile, "o", "outlet", "outlet", "/actors/1-o")
    articles = [
        ArticleItem.of(1, hostile, "t", "/articles/1-t", outlet, date(2020, 1, 2)),
        ArticleItem.of(2, "Plain", "p", "/articles/2-p", None, None),
    ]
    cited = _cited_articles(articles)
    assert hostile not in cited and cited.count("&lt;script&gt;") == 2
    assert cited.startswith('<li><a href="/articles/1-t">')
    assert cited.endswith('<small class="meta">outlet unknown · date unknown</small></li>')
    actors = _cited_actors([(outlet, "published <it>")])
    assert hostile not in actors and "outlet · published &lt;it&gt;</small></li>" in actors


def test_an_analyst_sees_a_draft_leads_badge_and_a_reader_not_the_draft(client, seed_ids, engine):
    from app.auth import SESSION_COOKIE
    from tests.import_fixtures import new_analyst

    draft = seed_ids.claims["zakharova-no-evidence-000"]
    *_, token, _csrf = new_analyst(engine)
    with (
        rows_changed(
            engine,
            "UPDATE claim SET state = 'draft' WHERE id = :id",
            "UPDATE claim SET state = 'published' WHERE id = :id",
            id=draft,
        ),
        TestClient(create_app(), cookies={SESSION_COOKIE: token}) as analyst,
    ):
        head = card(dispute_page(analyst, seed_ids, ALEPPO), draft).find_all(
            "div", cls="claim-head"
        )
        assert not dispute_page(client, seed_ids, ALEPPO).find_all("article", id=f"c{draft}")
    badges = [squash(span.text) for span in head[0].find_all("span", cls="badge")]
    assert badges[-1] == "draft"
    # Then the claimant, after the badges.
    assert head[0].find_all("span", cls="claimant")


def exchange_text(root: Element) -> str:
    return squash(root.find("section", cls="exchange").text)


def test_the_exchange_says_when_it_has_nothing_to_show(client, seed_ids, engine):
    # A filter that leaves no answer: the page says so, under the filter, and shows no row.
    shown = dispute_page(client, seed_ids, IDLIB)
    kinds = {
        a.get("href").split("denial_type=")[-1].split("#")[0]
        for a in shown.find("p", cls="denial-filter").find_all("a")[1:]
    }
    missing = next(t.value for t in DenialType if t.value not in kinds)
    filtered = dispute_page(client, seed_ids, IDLIB, f"?denial_type={missing}")
    assert exchange_text(filtered).endswith("AllegationsAnswers No answer of that kind.")
    assert not filtered.find_all(cls="exchange-row")

    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO dispute (created_at, updated_at, version, title, slug, status,"
                " summary, grade_note) VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1,"
                " 'Nothing yet', 'nothing-yet', 'open', '', '')"
            )
        )
        empty = connection.execute(text("SELECT id FROM dispute WHERE slug = 'nothing-yet'"))
        empty_id = empty.scalar_one()
    try:
        response = client.get(f"/disputes/{empty_id}-nothing-yet")
        assert response.status_code == 200
        root = parse(response.text)
        assert exchange_text(root).endswith(
            "AllegationsAnswers No claims have been added to this dispute yet."
        )
        assert not root.find_all(cls="exchange-row")
    finally:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM dispute WHERE id = :id"), {"id": empty_id})
