"""app/ingest/suggest/reports.py: a report's findings in its issuer's voice, and the replies
printed after them under a label in the replying body's."""

from app.ingest.suggest import ActorDirectory, reports
from app.ingest.suggest.actors import KnownActor
from app.ingest.suggest.model import Context, Speaker
from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules

# An inspectorate's review printed with numbered findings, each followed by the port
# authority's labelled reply.
_REVIEW = (
    "The Coastal Safety Inspectorate said in a review published on Friday that the ferry "
    "terminal at Brell had been run without a working fire plan, which the Brell Port "
    "Authority rejected in part.\n\n"
    'The review lists five findings, each followed by the authority\'s "Official reply". '
    "Two of them are printed here.\n\n"
    "Finding 1. The sprinklers in the departure hall had not been tested since 2021. Staff on "
    "the night shift had never taken part in an evacuation drill.\n\n"
    "Official reply: The Authority rejects this finding. The sprinklers were tested by a "
    "contractor in 2024 and passed. The drill records were kept at the head office.\n\n"
    "Finding 2. The inspectors found that two emergency exits were locked during opening "
    "hours.\n\n"
    "Official reply: The Authority accepts this finding. Both exits have been fitted with new "
    "release bars.\n\n"
    "The harbour master, Ines Falk, said the terminal would stay open.\n"
)

# A water company's investigation summary printed under its title line, with its section
# headings, then a contractor's statement and the residents' group.
_SUMMARY = (
    "The water company has published a summary of its investigation into the burst main. We "
    "print its main sections and the contractor's statement.\n\n"
    "Dunmore Water Services: Investigation into the Quay Street Burst - Summary\n\n"
    "Sequence of events\n\n"
    "06:10: Pressure in the trunk main fell by half within four minutes.\n\n"
    "Underlying causes\n\n"
    "1. The main had been weakened by a repair carried out in 2019 with the wrong coupling.\n\n"
    "2. The pressure relief valve at the pumping station was stuck shut.\n\n"
    "The review team concluded that the valve would have prevented the burst.\n\n"
    "Pellmore Civils: statement\n\n"
    "Pellmore Civils rejects the claim that its 2019 repair weakened the main. The coupling "
    "was the one the company specified.\n\n"
    "The residents' group\n\n"
    "Its chair, Tomas Reyne, said the company had ignored complaints about low pressure.\n\n"
    "Residents were not warned before the water was cut.\n"
)


def _claimants(body: str) -> dict[str, str]:
    return {s.quote: s.claimant_name for s in suggest_by_rules(body, ACTORS)}


def test_numbered_findings_are_the_issuers_and_labelled_replies_the_replying_bodys():
    claimant = _claimants(_REVIEW)
    for finding in (
        "The sprinklers in the departure hall had not been tested since 2021.",
        "Staff on the night shift had never taken part in an evacuation drill.",
    ):
        assert claimant[finding] == "Coastal Safety Inspectorate"
    # ("The inspectors found …": a subject naming no one is the issuer's there.)
    found = next(q for q in claimant if "two emergency exits were locked" in q)
    assert claimant[found] == "Coastal Safety Inspectorate"
    reply = [
        q
        for q in claimant
        if q.startswith(("Official reply", "The sprinklers were", "The drill", "Both exits"))
    ]
    assert len(reply) == 5
    assert {claimant[q] for q in reply} == {"Brell Port Authority"}
    # The labels are no claims, and a sentence naming its own speaker keeps it.
    assert not any(q.startswith("Finding") and len(q.split()) < 3 for q in claimant)
    assert claimant["The harbour master, Ines Falk, said the terminal would stay open."] in (
        "Ines Falk",
        "harbour master",
    )


def test_a_reports_sections_under_its_title_line_are_the_issuers():
    claimant = _claimants(_SUMMARY)
    for finding in (
        "Pressure in the trunk main fell by half within four minutes.",
        "The main had been weakened by a repair carried out in 2019 with the wrong coupling.",
        "The pressure relief valve at the pumping station was stuck shut.",
        "The review team concluded that the valve would have prevented the burst.",
    ):
        quote = next(q for q in claimant if finding in q)
        assert claimant[quote] == "Dunmore Water Services"
    # The title line is no claim; the statement's part and the section naming a party are
    # not the report's.
    assert not any("Quay Street Burst" in q for q in claimant)
    assert claimant[next(q for q in claimant if q.startswith("Pellmore Civils rejects"))] == (
        "Pellmore Civils"
    )
    assert claimant.get("Residents were not warned before the water was cut.") != (
        "Dunmore Water Services"
    )


def test_without_a_title_line_headings_alone_give_no_issuer():
    body = _SUMMARY.replace(
        "Dunmore Water Services: Investigation into the Quay Street Burst - Summary\n\n", ""
    )
    claimant = _claimants(body)
    assert "The pressure relief valve at the pumping station was stuck shut." not in claimant


def _context(body: str, actors: list[tuple[str, int]] = ()) -> Context:  # type: ignore[assignment]
    empty = ActorDirectory([])
    mentions = [
        (at, at + len(name), KnownActor(id=None, name=name, kind="ministry")) for name, at in actors
    ]
    return Context(body=body, actors=empty, local=empty, mentions=mentions, publisher=None)


def test_a_short_name_stands_for_the_body_named_in_full():
    body = "The Board of Fisheries of Ardmore met. Later the board spoke.\n\nReply: x."
    context = _context(body, [("Board of Fisheries of Ardmore", 4)])
    owner = reports.known_by_name("the Board", body.index("Reply"), context)
    assert owner is not None and owner.name == "Board of Fisheries of Ardmore"
    # (Named where it is asked for, not where the body was first named.)
    assert owner.start == body.index("Reply")
    assert reports.known_by_name("We", 10, context) is None
    assert reports.known_by_name("the Council", body.index("Reply"), context) is None


def test_a_reply_label_names_its_owner_by_possessive_subject_or_announcement():
    label = reports.REPLY_LABEL.match("Pellmore's reply: The company agrees.")
    assert label is not None and label["possessor"] == "Pellmore"
    assert reports.REPLY_LABEL.match("Board response: We disagree.")["adjunct"] == "Board"
    assert reports.REPLY_LABEL.match("Reply: We disagree.") is not None
    assert reports.REPLY_LABEL.match("Replying to the board, she left.") is None
    body = (
        "Each finding is followed by the Harbour Trust's reply.\n\n"
        "Finding 1. Boats were moored unsafely.\n\n"
        "Reply: We do not agree.\n"
    )
    context = _context(body, [("Harbour Trust", body.index("Harbour"))])
    at = body.index("Reply:")
    owner = reports.reply_owner(reports.REPLY_LABEL.match(body, at), at, context)
    assert owner is not None and owner.name == "Harbour Trust"


def test_section_headings_of_a_report_name_no_party():
    assert reports.section_heading("Underlying causes")
    assert reports.section_heading("SEQUENCE OF EVENTS")
    for heading in (
        "The residents' group",
        "Pellmore Civils: statement",
        "What the neighbours say",
        "Statement from Pellmore",
        "The works engineer",
        "*",
        "A full sentence ends here.",
    ):
        assert not reports.section_heading(heading), heading


def test_the_report_maker_is_who_speaks_through_the_report():
    body = "The Coastal Safety Inspectorate said in a review that the plan was missing.\n\n"
    context = _context(body)
    speaker = Speaker(
        "The Coastal Safety Inspectorate", 0, name="Coastal Safety Inspectorate", kind="monitor"
    )
    context.speakers.append(speaker)
    assert reports.report_maker(len(body), context) is speaker
    assert reports.report_maker(len(body), _context("Nobody said a thing.\n\n")) is None
