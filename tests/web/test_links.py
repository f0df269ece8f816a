"""Links between claims made and removed in the workspace (app/web/links.py): both ends show
them, either way round, and bad links are answered next to the field."""

import pytest

from tests import annotate_fixtures as af
from tests import workspace_fixtures as ws
from tests.annotate_fixtures import link_between
from tests.htmldoc import parse

db_path = ws.db_path
analyst = ws.analyst
reader = ws.reader
article = af.article


LINK_PAIRS = {
    "rebuts": ("russia-counterterrorism-001", "west-moderates-001"),
    "counter_accuses": ("guardian-moscow-frustration-004", "balanche-push-out-004"),
    "discredits_source": ("wapo-turkey-returns-004", "idlib-sohr-750-civilians-004"),
    "corroborates": ("idlib-hospitals-destroyed-004", "un-300000-displaced-004"),
    "same_claim": ("un-half-million-besieged-001", "un-aleppo-aid-cutoff-000"),
}
LABELS = {
    "rebuts": "rebuts",
    "counter_accuses": "counter-accuses",
    "discredits_source": "discredits the source",
    "corroborates": "corroborates",
    "same_claim": "same claim",
}


def linked_cards(page, heading: str) -> dict[int, str]:
    """The claims under a heading of a claim page, with the link kind shown for each."""
    section = next(
        s for s in page.find_all("section", cls="linked") if s.find("h2").text == heading
    )
    return {
        int(card.get("id")[1:]): " ".join(answer.find(cls="link-kind").text.split())
        for answer in section.find_all(cls="answer")
        for card in answer.find_all("article", cls="claim-card")[:1]
    }


@pytest.mark.parametrize("kind", list(LINK_PAIRS))
def test_a_link_shows_on_both_ends(engine, analyst, reader, seed_ids, kind):
    source, target = (seed_ids.claims[ref] for ref in LINK_PAIRS[kind])

    response = analyst.client.post(
        f"/claims/{source}/links",
        data=analyst.form(kind=kind, other=f"#{target} · typed from the list", note="why"),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{source}#links"
    link = link_between(engine, source, target)
    assert (link.kind, link.note) == (kind, "why")
    source_page = parse(reader.get(f"/claims/{source}").text)
    target_page = parse(reader.get(f"/claims/{target}").text)
    assert linked_cards(source_page, "This claim answers or supports")[target] == LABELS[kind]
    assert linked_cards(target_page, "Answered or supported by")[source] == LABELS[kind]
    created = ws.changes_for(engine, "link", link.id)[-1]
    assert (created.action, created.user_id, created.after["kind"]) == (
        "create",
        analyst.user_id,
        kind,
    )


def test_a_link_can_point_the_other_way(engine, analyst, seed_ids):
    here = seed_ids.claims["turkey-iran-massacres-001"]
    other = seed_ids.claims["merkel-russia-bomb-attacks-001"]

    response = analyst.client.post(
        f"/claims/{here}/links",
        data=analyst.form(kind="corroborates", other=str(other), direction="in"),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert link_between(engine, other, here).kind == "corroborates"
    assert link_between(engine, here, other) is None


BAD_LINKS = [
    ("to itself", {"other": "{self}"}, "other", "cannot be linked to itself"),
    ("to a claim that does not exist", {"other": "#999999"}, "other", "no claim number 999999"),
    ("to something that is no claim", {"other": "the big one"}, "other", "Choose the other claim"),
    ("of an unknown kind", {"kind": "likes", "other": "{seed_target}"}, "kind", ""),
    ("twice", {"other": "{seed_target}", "kind": "rebuts"}, "other", "already linked"),
]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [case[1:] for case in BAD_LINKS],
    ids=[case[0] for case in BAD_LINKS],
)
def test_bad_links_are_answered_next_to_the_field(
    analyst, seed_ids, db_path, values, field, message
):
    source = seed_ids.claims["zakharova-no-evidence-000"]  # rebuts aleppo-sohr-toll-000 already
    data = {"kind": "rebuts", "other": "", "direction": "out", **values}
    data["other"] = data["other"].format(
        self=source, seed_target=seed_ids.claims["aleppo-sohr-toll-000"]
    )
    before = ws.table_digests(db_path)

    response = analyst.client.post(f"/claims/{source}/links", data=analyst.form(**data))

    assert response.status_code == 422
    page = parse(response.text)
    if field == "other":
        assert message in ws.field_error(page, "other")
        assert ws.input_value(page, "other") == data["other"]
    else:
        assert page.find("select", name="kind").get("aria-invalid") == "true"
    assert ws.table_digests(db_path) == before


def test_removing_a_link_removes_it_from_both_ends(engine, analyst, reader, seed_ids):
    source = seed_ids.claims["russia-campaign-against-isil-000"]
    target = seed_ids.claims["ocha-aleppo-may-flee-000"]
    analyst.client.post(
        f"/claims/{source}/links", data=analyst.form(kind="counter_accuses", other=str(target))
    )
    link = link_between(engine, source, target)

    response = analyst.client.post(
        f"/links/{link.id}/delete",
        data=analyst.form(version=str(link.version), back=str(source)),
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert link_between(engine, source, target) is None
    source_page = parse(reader.get(f"/claims/{source}").text)
    assert target not in linked_cards(source_page, "This claim answers or supports")
    assert [c.action for c in ws.changes_for(engine, "link", link.id)][-2:] == ["create", "delete"]


def test_the_claim_search_offers_published_claims_by_number(analyst, seed_ids):
    response = analyst.client.get("/suggest/claims", params={"other": "Davutoglu ethnic cleansing"})

    options = [o.get("value") for o in parse(response.text).find_all("option")]
    wanted = seed_ids.claims["davutoglu-ethnic-cleansing-000"]
    assert any(option.startswith(f"#{wanted} · ") for option in options), options
