"""app/ingest/suggest/links.py: what each answer answers."""

import pytest

from app.ingest.suggest import links
from app.ingest.suggest.cues import CUE
from app.ingest.suggest.links import propose_links
from app.ingest.suggest.model import Speaker, Unit
from tests.ingest.gold_reports import seed_actor_report
from tests.ingest.suggest.fixtures import ACTORS, suggest_by_rules

# The links stage on claims whose speakers and kinds are given, as the earlier stages hand them
# over: what it proposes follows from the pairs, whatever the kinds stage reads. These crafted
# tests check the hand-set weights (links.WEIGHTS: `propose_links` without a model); the
# learned scorer the engine links by is tested in test_link_model.py.


def claims(*rows: tuple[str, str, str]) -> list[Unit]:
    """Units from (kind, speaker, text) rows, one paragraph each; the speaker is resolved to
    the known actor of that name, if any, and the cue is the text's first reporting verb."""
    units, at = [], 0
    for paragraph, (kind, speaker, text) in enumerate(rows):
        where = text.find(speaker)
        speaker_at = at + where if where >= 0 else at
        actor = ACTORS.lookup(speaker)
        name = actor.name if actor else speaker
        cue = CUE.search(text)
        units.append(
            Unit(
                start=at,
                end=at + len(text),
                text=text,
                paragraph=paragraph,
                speaker=Speaker(text=speaker, start=speaker_at, name=name, actor=actor),
                cue=cue.group() if cue else "said",
                cue_at=cue.start() if cue else -1,
                kind=kind,
            )
        )
        at += len(text) + 2
    return units


def linked_by_hand(units: list[Unit]) -> dict[int, list[tuple[str, int]]]:
    """The links the hand-set weights propose (no model given)."""
    return {
        i: [(link.kind, link.target) for link in found]
        for i, found in propose_links(units, ACTORS, model=None).items()
    }


def test_the_accused_side_answers_the_claim_that_accuses_it():
    units = claims(
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said 14 people died in Marrow.",
        ),
        (
            "allegation",
            "Harbour Post",
            "Harbour Post said the Tessalian Defence Ministry had ordered the strike.",
        ),
        ("denial", "Pel Arkady", "Pel Arkady said his forces were nowhere near the town."),
    )
    # The answer names neither: the claim that names its side (the ministry, his parent) is
    # the one it answers, not the toll reported first.
    assert linked_by_hand(units) == {2: [("rebuts", 1)]}


def test_an_answer_that_names_a_side_answers_that_side():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said a convoy was shelled near Ostrel.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said a clinic was shelled near Ostrel.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry rejected the Observatory's account.",
        ),
    )
    assert linked_by_hand(units) == {2: [("rebuts", 0)]}


def test_the_answer_answers_the_claim_about_the_same_event():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said guards beat detainees at the Varn barracks.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said shelling killed 23 people at the grain market.",
        ),
        ("statement", "Harbour Post", "Harbour Post said the roads to the north were closed."),
        ("statement", "Harbour Post", "Harbour Post said aid convoys were waiting at the border."),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said no "
            "detainee had been beaten at the barracks in Varn.",
        ),
    )
    # Several paragraphs later, past a nearer claim: the shared barracks, not the distance.
    assert linked_by_hand(units) == {4: [("rebuts", 0)]}


def test_a_side_is_answered_on_its_first_claim_not_its_details():
    units = claims(
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said troops burned the village of Ostrel.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said the fire spread to the school.",
        ),
        ("statement", "Tessalian Defence Ministry", "The ministry said its troops stayed in camp."),
        ("denial", "Pel Arkady", "Pel Arkady denied any wrongdoing."),
    )
    assert linked_by_hand(units) == {3: [("rebuts", 0)]}


def test_an_answer_in_the_opening_answers_the_claim_reported_after_it():
    units = claims(
        ("denial", "Valen Mining", "Valen Mining denied poisoning the river."),
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the river.",
        ),
    )
    assert linked_by_hand(units) == {0: [("rebuts", 1)]}


def test_a_reply_that_refers_back_answers_the_nearest_claim_it_could():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Valen Mining poisoned the river.",
        ),
        ("denial", "Valen Mining", "Valen Mining said its tailings dam had never leaked."),
        (
            "denial",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights rejected "
            "that account, saying the dam had leaked in May.",
        ),
    )
    found = linked_by_hand(units)
    assert found[1] == [("rebuts", 0)]
    # The monitor's reply answers the company's denial just before it, not its own claim.
    assert found[2] == [("rebuts", 1)]


def test_one_answer_may_rebut_two_allegations():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Tessalian drones struck the Ostrel bakery.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said Tessalian drones struck the Ostrel bakery.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said no drone flew over the Ostrel bakery.",
        ),
    )
    assert linked_by_hand(units) == {2: [("rebuts", 0), ("rebuts", 1)]}


def test_a_second_link_is_to_a_claim_reported_before_the_answer():
    units = claims(
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said no drone flew over the Ostrel bakery.",
        ),
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Tessalian drones struck the Ostrel bakery.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said Tessalian drones struck the Ostrel bakery.",
        ),
    )
    scores = [score for score, _ in links.Pairing(units, ACTORS).scored(0, "rebuts")]
    # The rescue group's report scores nearly as well as the monitor's ...
    assert scores[1] >= scores[0] * links.SECOND_SHARE
    # ... but an answer in the opening answers the first report after it only.
    assert linked_by_hand(units) == {0: [("rebuts", 1)]}


def test_an_answer_about_a_figure_answers_the_claim_that_states_one():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said the river had been poisoned.",
        ),
        ("statement", "Blue Crescent Rescue", "Blue Crescent Rescue said 40 people fell ill."),
        ("statement", "Harbour Post", "Harbour Post said the fishing season had been cancelled."),
        ("denial", "Valen Mining", "Valen Mining disputed the figure."),
    )
    # Not the article's first allegation, nor the claim just before: the one with a figure.
    assert linked_by_hand(units) == {3: [("rebuts", 1)]}


def test_an_answer_takes_up_what_was_said_since_its_side_last_answered():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Tessalian troops burned "
            "the village of Ostrel.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said its troops had stayed in their barracks.",
        ),
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Tessalian soldiers had beaten three farmers.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said nobody had been harmed.",
        ),
    )
    pairing = links.Pairing(units, ACTORS)
    # An allegation, a denial, a second allegation, a second denial: the first denial answers
    # the first allegation, the second denial the allegation made since (the monitor's first
    # claim, the article's lead, comes second).
    assert pairing.scored(1, "rebuts")[0][1] == 0
    assert [j for _, j in pairing.scored(3, "rebuts")] == [2, 0]
    assert pairing.features(3, 2, None, "rebuts")["since_last_answer"]
    assert not pairing.features(3, 0, None, "rebuts")["since_last_answer"]


def test_an_answer_naming_a_side_and_what_it_said_points_at_that_claim():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said Valen Mining had poisoned the river.",
        ),
        (
            "statement",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said it had treated children for rashes.",
        ),
        (
            "statement",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said water samples taken below the mine held copper.",
        ),
        ("statement", "Harbour Post", "Harbour Post said samples of the fish were sent away."),
        (
            "denial",
            "Valen Mining",
            "Valen Mining questioned the samples Blue Crescent Rescue took.",
        ),
    )
    pairing = links.Pairing(units, ACTORS)
    named = {j: pairing.features(4, j, None, "rebuts")["names_what_it_answers"] for j in range(4)}
    # The rescue group's claim about samples: not its other claim (the side named, nothing it
    # said), nor the newspaper's (what it said, another side), nor the monitor's.
    assert named == {0: False, 1: False, 2: True, 3: False}
    assert pairing.scored(4, "rebuts")[0][1] == 2


def test_the_accused_sides_own_account_is_answered_as_an_allegation_is():
    def article(account: str, in_so_many_words: bool = False) -> list[Unit]:
        units = claims(
            (
                "allegation",
                "Harbour Post",
                "Harbour Post said a drone strike destroyed the grain store in Ostrel.",
            ),
            (
                "denial",
                "Tessalian Defence Ministry",
                f"The Tessalian Defence Ministry said {account}",
            ),
            (
                "denial",
                "Blue Crescent Rescue",
                "Blue Crescent Rescue said its teams found only flour in the rubble, "
                "no rockets or fuel.",
            ),
        )
        units[1].strong = in_so_many_words
        return units

    # The ministry's denial by its own account ("the store held rockets") is what the rescue
    # group's report answers.
    account = "the grain store held rockets and fuel."
    assert linked_by_hand(article(account))[2] == [("rebuts", 1)]
    # A denial in so many words is itself an answer, not the claim others answer.
    assert linked_by_hand(article(account, in_so_many_words=True))[2] == [("rebuts", 0)]
    # An account about something else is not what the report answers.
    assert linked_by_hand(article("its pilots were on leave that week."))[2] == [("rebuts", 0)]


def test_a_corroboration_supports_the_claim_of_the_same_content():
    units = claims(
        (
            "allegation",
            "Orvan Monitor for Civil Rights",
            "The Orvan Monitor for Civil Rights said artillery craters ringed the Marrow school.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said its guns were silent that night.",
        ),
        ("allegation", "Pel Arkady", "Pel Arkady accused rebels of looting the town."),
        (
            "corroboration",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said satellite images "
            "showed artillery craters beside the Marrow school.",
        ),
    )
    found = linked_by_hand(units)
    assert found[1] == [("rebuts", 0)]
    # Not the denial, and not the nearer claim of another side about something else.
    assert found[3] == [("corroborates", 0)]


def test_a_claim_read_as_a_statement_is_answered_when_it_accuses_the_answerer():
    units = claims(
        (
            "statement",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said Valen Mining had ignored the cracks in the dam.",
        ),
        ("denial", "Valen Mining", "Valen Mining said every crack had been repaired."),
    )
    assert linked_by_hand(units) == {1: [("rebuts", 0)]}


def test_an_answer_with_no_other_side_to_answer_links_nothing():
    units = claims(
        ("allegation", "Valen Mining", "Valen Mining said thieves had cut the fence."),
        ("denial", "Valen Mining", "Valen Mining denied that the fence was unsafe."),
    )
    assert linked_by_hand(units) == {}


def test_pairing_stays_bounded_on_a_long_article(monkeypatch):
    rows = []
    for n in range(400):
        rows.append(
            (
                "allegation",
                "Orvan Monitor for Civil Rights",
                f"The Orvan Monitor for Civil Rights said shell {n} hit house {n} in Marrow.",
            )
        )
        rows.append(
            (
                "denial",
                "Tessalian Defence Ministry",
                f"The Tessalian Defence Ministry denied firing shell {n}.",
            )
        )
    units = claims(*rows)
    pairs = []
    features = links.Pairing.features

    def counted(self, i, j, *args):
        pairs.append((i, j))
        return features(self, i, j, *args)

    monkeypatch.setattr(links.Pairing, "features", counted)
    found = propose_links(units, ACTORS, model=None)
    # Each answer is scored against a few claims, not against every claim before it.
    cap = links._LEAD_OPTIONS + links._EARLIER_OPTIONS + links._LATER_OPTIONS
    assert len(pairs) <= 400 * cap * len(links._TARGETS["denial"])
    assert len(pairs) < 400 * 399 // 10
    # And still finds the shell each denial answers, far into the article.
    assert found[799] == [links.SuggestedLink("rebuts", 798)]


def test_a_denial_about_whoever_made_the_claim_discredits_its_source():
    units = claims(
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said Tessalian drones struck the Ostrel bakery.",
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            'The Tessalian Defence Ministry said Blue Crescent Rescue was "a rebel front".',
        ),
        (
            "denial",
            "Pel Arkady",
            '"Blue Crescent Rescue publishes whatever the rebels tell it," Pel Arkady said.',
        ),
        (
            "denial",
            "Tessalian Defence Ministry",
            "The Tessalian Defence Ministry said Blue Crescent Rescue's account was false.",
        ),
        ("denial", "Pel Arkady", "Pel Arkady said no drone flew over the Ostrel bakery."),
    )
    assert linked_by_hand(units) == {
        1: [("discredits_source", 0)],
        2: [("discredits_source", 0)],
        # About the account, not the group: the possessive makes it a rebuttal.
        3: [("rebuts", 0)],
        4: [("rebuts", 0)],
    }


def test_a_speaker_described_as_speaking_for_a_side_is_on_that_side():
    units = claims(
        (
            "statement",
            "Korlan Water Board",
            "The Korlan Water Board said it had tested the river for lead in May.",
        ),
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said the water board hid the results of its lead tests.",
        ),
        (
            "denial",
            "The water board's spokesman, Ivo Marsh",
            "The water board's spokesman, Ivo Marsh, said the tests for lead were all published.",
        ),
        ("denial", "Marsh", "Marsh said the river tests were never hidden."),
    )
    for unit in units[2:]:
        assert unit.speaker is not None
        unit.speaker.name = "Ivo Marsh"
    # Both are the water board's answers (the second names the spokesman only), so neither
    # answers the board's own statement about the tests.
    assert linked_by_hand(units) == {2: [("rebuts", 1)], 3: [("rebuts", 1)]}


@pytest.mark.parametrize(
    ("denial_type", "kind", "expected"),
    [
        ("categorical", "denial", "rebuts"),
        ("discrediting", "denial", "discredits_source"),
        ("counter_accusation", "counter_claim", "counter_accuses"),
        (None, "corroboration", "corroborates"),
        (None, "statement", None),
    ],
)
def test_the_link_kind_follows_the_answer_kind_and_denial_type(denial_type, kind, expected):
    (unit,) = claims((kind, "Valen Mining", "Valen Mining said so."))
    unit.denial_type = denial_type
    assert links.answer_link_kind(unit) == expected


@pytest.mark.parametrize(
    ("answer", "claim", "expected"),
    [
        ("denial", "allegation", True),
        ("denial", "denial", True),
        ("counter_claim", "statement", True),
        ("counter_claim", "denial", False),
        ("corroboration", "corroboration", False),
        ("corroboration", "denial", True),
        ("statement", "allegation", False),
    ],
)
def test_an_answer_is_scored_only_against_the_kinds_it_may_answer(answer, claim, expected):
    assert links.answers_kind(answer, claim) is expected


# Through the whole engine, with the rules' kinds and the hand-set link weights
# (suggest_by_rules: link_model=None).


def test_counter_claim_and_rebuttal_links():
    body = (
        "The Orvan Monitor for Civil Rights accused Tessalian forces of shelling the market "
        "in Marrow, killing 23 people.\n\n"
        "The Tessalian Defence Ministry denied the accusation.\n\n"
        "Arkady accused rebels of shelling the market themselves."
    )
    allegation, denial, counter = suggest_by_rules(body, ACTORS)
    assert (allegation.kind, denial.kind, counter.kind) == (
        "allegation",
        "denial",
        "counter_claim",
    )
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 0)]
    assert [(link.kind, link.target) for link in counter.links] == [("counter_accuses", 0)]


def test_an_answer_that_attacks_the_messenger_discredits_the_source():
    body = (
        "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
        "The Tessalian Defence Ministry rejected the report, saying the Observatory's staff "
        "are charlatans."
    )
    _, answer = suggest_by_rules(body, ACTORS)
    assert (answer.kind, answer.denial_type) == ("denial", "discrediting")
    assert [(link.kind, link.target) for link in answer.links] == [("discredits_source", 0)]


def test_answers_lean_to_the_side_that_says_who_did_it():
    body = (
        "Blue Crescent Rescue said 14 people were killed at the market in Marrow.\n\n"
        "The Orvan Monitor for Civil Rights blamed Tessalian artillery for the deaths.\n\n"
        "The Tessalian Defence Ministry denied that its guns had fired on the town."
    )
    toll, blame, denial = suggest_by_rules(body, ACTORS)
    assert (toll.kind, blame.kind, denial.kind) == ("allegation", "allegation", "denial")
    # Not the toll reported first: the accusation it answers.
    assert [(link.kind, link.target) for link in denial.links] == [("rebuts", 1)]


# On the development gold files, with the seed data set's actors only (as
# `gainsay eval-suggestions --seed-actors-only`), the engine linking by its packaged link model:
# the level measured when the pairs were last reworked, less a little, so that a change that
# loses links is seen. Raise, never lower without saying why.
# Sixteen precision floors lowered when the fifty-eighth and fifty-ninth rounds were merged and
# the scorer retrained on their claims: its thresholds, chosen for the F-measure over the
# twenty-six files, now propose more (4,315 links, 3,644 before) for more right (1,305 of 3,612
# gold, 1,204 before; precision 0.330 -> 0.302, recall 0.333 -> 0.361); each file left out
# (`link_training cross-validate`) 1,228 right of 3,860 proposed, against 1,191 of 3,730.
# Fourteen precision floors lowered in the sixty-first round (gold.json, dev.json, holdout.json,
# blind4/, blind6/, blind9/, blind10/, blind14/, blind16/, blind18/, blind19/, blind22/ to
# blind24/): the scorer retrained on the round's speakers sets lower thresholds (chosen for the
# F-measure over the twenty-eight files) and proposes 4,637 links in sample for 1,373 right
# (3,680 for 1,246: precision 0.339 -> 0.296, recall 0.316 -> 0.348); each file left out it
# finds 1,313 right of 4,373 proposed, against 1,278 of 4,152 (the F-measure unchanged, 0.316).
LINK_FLOORS = {
    # Fifty-first round (the claim's words in the kind model, both models retrained): floors
    # raised to 0.01 under the in-sample figures where those are higher (docs/import.md); in
    # sample 1,079 links right for 3,209 proposed over the twenty-three files (878 for 3,048).
    # Forty-fourth round (second claims of a sentence split off): the scorer retrained on them
    # finds 764 right of 2,678 proposed over the nineteen files (740 of 2,575 before; out of
    # file 752 of 2,710, 732 of 2,629 before), a link or two fewer or a few more proposed here:
    # styles 63 of 189, holdout 13 of 25, blind/ 26 of 57 gold, blind6/ 49 of 189, blind9/ 53
    # of 152, blind15/ 20 of 176 (150 gold). Raised where the new claims gave links their ends:
    # blind3/ 64 of 166, blind5/ 66 of 182, blind8/ 40 of 142, blind13/ 37 of 142.
    # 0.35 (was 0.39 with the hand-set weights): the learned scorer proposes 16 more links here
    # for 2 fewer right (175, 63 right), where over the fifteen files it finds 76 more right for
    # 41 more proposed (60 more right leaving each file out: "The learned link scorer in the
    # engine", docs/import.md).
    # Precision lowered for styles, gold.json, holdout, blind2, blind7, blind8 and blind13 in
    # the thirty-sixth round: the link scorer retrained on the new speakers sets a lower
    # threshold and proposes 2,309 links (2,148 before), 688 right (663); per file a link or
    # two more proposed than found (63 of 185, 30 of 70, 12 of 22, 43 of 161, 50 of 173, 30 of
    # 136, 30 of 127).
    # Out of file it finds 648 right of 2,176 (643 of 2,172 before). Recall 0.50: the model
    # retrained on the merged thirty-fourth and thirty-sixth rounds finds a link fewer here (61
    # of 121; 664 right of 2,099 proposed over the seventeen files).
    # styles 0.32 and blind5/ 0.33 / 0.39 in the forty-sixth round: the link scorer retrained on
    # its speakers proposes a few more links there (63 right of 193; 62 of 183), where over the
    # nineteen files it finds 791 right in sample (787) and 773 out of file (753). Recall 0.48 on
    # merging the forty-sixth and forty-seventh rounds (59 of 121; 773 right over the nineteen
    # files in sample, 771 out of file).
    # Recall 0.47 in the forty-ninth round (58 of 121): the scorer retrained on its new claims
    # finds a link fewer here, 901 right over the twenty-three files in sample (887 before).
    # styles.json recall 0.53 and dev.json 0.71 in the fifty-eighth round (65 right of 121, 20
    # of 28; 67 and 21 before): the scorer retrained on the round's claims proposes fewer links
    # (3,479 over the twenty-six files in sample, 3,644 before).
    # styles.json, seeds.json, blind13/ and blind19/ recall lowered once the models were retrained
    # with blind23/ and blind24/ among the twenty-eight development files (64 right of 121 gold,
    # 7 of 22, 41 of 131, 59 of 185): trained on two more files the scorer fits these less.
    # styles.json 0.33 / 0.52 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (72 right of 121 for 212 proposed; 0.35 / 0.52 before).
    # styles.json precision 0.32 with blind31/ and blind32/ among the thirty-six development files
    # (73 right for 222 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.31 (69 right for 218 proposed).
    # Ninety-first round (emails' and letters' authors; both models retrained, no rule changed
    # in this file): styles.json precision 0.31 (69 right for 216 proposed, 69 for 206 before).
    # Links' forty-third round (a link's kind chosen by a learned model; the link scorer
    # retrained, its second threshold -1.0 -> -1.25 in sample): styles.json 0.31 (67 right for
    # 213 proposed).
    "styles.json": (0.31, 0.52),
    # gold.json, dev.json, seeds.json and blind5 lowered a link each in the twenty-ninth round:
    # the model retrained on its second claims proposes a link or two more there (30 right of
    # 68, 18 of 47, 8 of 36, 59 of 164), where over the fifteen files it finds 15 more right in
    # sample and out of file (docs/import.md, "Twenty-ninth round").
    # gold.json, dev.json and blind4/ recall re-measured once both models were retrained with
    # blind13/ among the development files (seventeen; 663 right over them): a link each.
    # gold.json, dev.json, holdout, blind/, blind2/, blind3/, blind5/ and blind8/ lowered once the
    # link scorer was retrained with blind16/ and blind18/ to blind20/ among the development
    # files (28 right of 67, 16 of 43, 12 of 24, 24 of 89, 35 of 141, 60 of 162, 53 of 167, 36
    # of 143): trained on four more files it fits these less (755 right over the nineteen files
    # in sample, against 773), where out of file over the twenty-three it finds 884 of 3,336.
    # gold.json precision 0.39 with blind31/ and blind32/ among the thirty-six development files
    # (34 right for 86 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # Links' forty-third round (a link's kind chosen by a learned model; the link scorer
    # retrained, its second threshold -1.0 -> -1.25 in sample): gold.json 0.38 (33 right for 85
    # proposed).
    # The models retrained among the forty-six files, no rule changed: gold.json precision
    # 0.379 (33 right for 87 proposed).
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: gold.json
    # precision 0.36 (34 right for 93 proposed), dev.json 0.33 (21 right for 63; 56 before).
    # Retrained among the fifty files, the hundredth round merged: precision 0.360.
    "gold.json": (0.35, 0.58),
    "dev.json": (0.33, 0.71),
    # holdout, seeds, blind/, blind4/ and blind11/ re-measured once the model was retrained on
    # the merged twenty-seventh and twenty-eighth rounds (a link or two each; 586 right overall,
    # against 576 for the model trained before them).
    # holdout, blind/, blind14/ and blind19/ lowered on merging the forty-ninth and fiftieth
    # rounds (11 right of 23, 23 of 89, 28 of 136, 48 of 152): the scorer retrained on them
    # proposes fewer links (3,048 over the twenty-three files, 3,206 before) for 878 right in
    # sample and 877 out of file (876 before).
    # holdout.json precision 0.55 on merging the fifty-first and fifty-second rounds (14 of 25).
    # holdout.json 0.54/0.65 in the fifty-fourth round (13 right of 24 proposed, 20 gold): the
    # link scorer retrained on the kinds with the strong margin, within a retrain's swing (out
    # of file, each file left out, 923 → 928 right).
    # holdout.json recall 0.60 once the models were retrained with blind21/ and blind22/ among the
    # twenty-six development files (12 right of 21 proposed, 20 gold).
    # Sixtieth round, the link scorer retrained on the round's claims (1,247 right of 3,567
    # proposed in sample, 1,246 of 3,680 before; out of file 1,285 of 4,142, 1,278 of 4,152
    # before): holdout.json 11 right of 21 proposed (12 of 21), 20 gold.
    # holdout.json precision 0.50 with the models retrained among the thirty-four development
    # files (12 right for 24 proposed).
    # holdout.json precision 0.48 in the seventy-ninth round (13 right for 27 proposed): both
    # models retrained with what a claim answers (out of file 1,594 -> 1,635 right).
    # holdout.json precision 0.46 in the eighty-third round (13 right for 28 proposed): both
    # models retrained, no rule of the round touching it.
    # Eighty-fourth round (the kind margin 0, both models retrained): holdout.json precision 0.44
    # (13 right for 29 proposed).
    # holdout.json precision 0.42 with a third link per answer and the models retrained among
    # the forty-four files (12 right for 28 proposed).
    # The models retrained among the forty-six files, no rule changed: holdout.json precision
    # 0.414 (12 right for 29 proposed).
    # Retrained among the fifty files, the hundredth round merged: precision 0.387 (12 right).
    "holdout.json": (0.38, 0.55),
    # seeds.json precision 0.22 once the models were retrained with
    # blind17/ among the development files (8 of 35).
    # 0.21 in the sixty-sixth round (7 right of 32 proposed; 8 of 34): the scorer retrained on
    # the round's claims.
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: seeds.json
    # precision 0.20 (7 right for 34 proposed).
    # Links' forty-ninth round, the scorer retrained with a general answer's lead
    # (`general_to_lead`): seeds.json recall 0.27 (6 right of 22 gold; 7 before).
    # Hundred-and-fifteenth round's retrain, no rule changed in this file: precision 0.194 (6
    # right for 31 proposed).
    "seeds.json": (0.19, 0.27),
    # blind/, blind9/ and blind10/ lowered by a link each on merging the forty-third to forty-fifth
    # rounds (both models retrained on the merged rules: 25 of 92, 54 of 162, 46 of 155 proposed;
    # over the nineteen files 787 right in sample against 740 before, 753 out of file against 732).
    # On merging the eighty-second to eighty-fourth rounds, both models retrained: blind/
    # precision 0.28 (27 right for 98 proposed).
    # Eighty-sixth round (a body's documents read as printed, both models retrained): blind/
    # precision 0.26 (27 right for 102 proposed), no rule changed there: a retrain's swing.
    # Ninety-fifth round (a report's findings and labelled replies), both models retrained, no
    # rule changed there: precision 0.259 (29 right for 112 proposed, 30 for 111 before).
    # Links' forty-seventh round (WordNet's related words, retrained): 0.248 (28 for 113).
    # Merging the 107th, 108th and links' 48th rounds (both models retrained, a retrain's drift):
    # 0.219 / 0.439 (25 right for 114 proposed, of 57).
    "blind/blind.json": (0.21, 0.43),
    # blind2 recall lowered in the thirty-third round (42 → 41 of 134): an answer that labels
    # the monitors themselves is typed discrediting, as the gold types it, and its link follows
    # the type to discredits_source where the gold gives rebuts. 0.29 in the forty-sixth round:
    # the link scorer retrained on its speakers finds 40 of 134 here (42 before), where over the
    # nineteen files it finds 791 right in sample (787) and 768 out of file (753). 0.28 on merging
    # the forty-sixth and forty-seventh rounds (38 of 134).
    # Sixtieth round, the link scorer retrained on the round's claims (1,247 right of 3,567
    # proposed in sample, 1,246 of 3,680 before; out of file 1,285 of 4,142, 1,278 of 4,152
    # before): blind2/ 47 right of 134 gold (51).
    # blind2/ precision 0.32 with the models retrained among the thirty-two development files (49
    # right for 152 proposed).
    # blind2/ 0.31 / 0.35 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (52 right of 134 for 165 proposed; 0.32 / 0.35 before).
    # blind2/ precision 0.25 with blind31/ and blind32/ among the thirty-six development files
    # (47 right for 181 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # blind2/ recall 0.32 in the eighty-first round (43 right of 134 for 150 proposed):
    # both models retrained without a transcript's procedure, the second threshold -1.0.
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: blind2/
    # precision 0.24 (46 right for 185 proposed; 44 for 172 before).
    "blind2/blind2.json": (0.24, 0.32),
    # blind3/ and blind10/ precision re-measured once retrained with blind14/ and blind15/ among
    # the development files (57 right of 164, 45 of 141). Recall 0.42 on merging the forty-sixth
    # and forty-seventh rounds (61 of 144, 62 before).
    # blind3/ recall 0.43 on merging the fifty-first and fifty-second rounds (63 of 144).
    # Precision 0.41 on merging the fifty-third round (the scorer retrained on its types).
    # blind3/ 0.40 / 0.40 once the models were retrained with blind21/ and blind22/ among the
    # twenty-six development files (58 right of 143 proposed, 144 gold).
    # blind3/ precision 0.38 on merging the sixty-sixth and sixty-seventh rounds (62 right for
    # 159 proposed, 0.390; none of its claims changed): a retrain's swing.
    # 71st round, the link model's retrain alone: 60 right of 144 for 163 proposed.
    # Hundredth round (a second quoting that-clause split off, both models retrained): 61 right
    # of 144 for 174 proposed (0.351).
    # Retrained among the fifty files, the hundredth round merged: blind3/ precision 0.346.
    # Retrained among the fifty-two files: blind3/ precision 0.332 (61 right for 184 proposed).
    # Hundred-and-fourth round's retrain (none of its claims changed): 61 right for 185
    # proposed, 0.3297.
    # Links' forty-seventh round (WordNet's related words, retrained): 0.3125 (60 for 192).
    # Retrained among the fifty-four files (blind49/ and blind50/ added): blind3/ precision
    # 0.306.
    # Links' forty-eighth round (WordNet's glosses, retrained): 0.299 (58 right for 194).
    "blind3/blind3.json": (0.29, 0.40),
    # blind4/ precision lowered in the thirty-seventh round: the link scorer retrained on its
    # rules proposes a link more and finds three fewer here (56 of 182, 0.308; 59 of 181
    # before), where over the seventeen files it finds as many in sample (664) and six more
    # out of file (649 of 2,183). 0.29 once retrained on the merged thirty-seventh and
    # thirty-eighth rounds: 58 right of 194 proposed here, 687 of 2,270 over the seventeen
    # files (664 of 2,102 before).
    # blind4/ 0.32 / 0.41 once the models were retrained with
    # blind17/ among the development files (65 right of 199 proposed, 155 gold).
    # blind4/ 0.30 / 0.39 once the models were retrained with blind21/ and blind22/ among the
    # twenty-six development files (61 right of 196 proposed, 155 gold).
    # Sixtieth round, the link scorer retrained on the round's claims (1,247 right of 3,567
    # proposed in sample, 1,246 of 3,680 before; out of file 1,285 of 4,142, 1,278 of 4,152
    # before): blind4/ 59 right of 155 gold (62), blind5/ 64 of 156 (67).
    # blind4/ 0.28 / 0.38 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (64 right of 155 for 225 proposed; 0.29 / 0.38 before).
    # blind4/ precision 0.27 in the eightieth round (62 right for 224 proposed; 67 for 237).
    "blind4/blind4.json": (0.27, 0.38),
    # blind5/ precision 0.37 with the models retrained among the thirty-two development files (69
    # right for 182 proposed).
    # blind5/ 0.35 / 0.41 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (68 right of 156 for 191 proposed; 0.37 / 0.41 before).
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.34 (68 right for 195 proposed).
    "blind5/blind5.json": (0.34, 0.41),
    # blind6/ and blind8/ recall re-measured once both models were retrained with blind12/
    # among the development files (a link or two each; 629 right over the sixteen files).
    # blind6/ precision 0.31 with blind31/ and blind32/ among the thirty-six development files
    # (74 right for 232 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # The models retrained among the forty-six files, no rule changed: blind6/ precision
    # 0.305 (72 right for 236 proposed).
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: blind6/
    # precision 0.29 (71 right for 240 proposed; 71 for 232 before). Links' forty-fifth round
    # (the ranker reads how a claim compares with the answer's other candidates, its
    # thresholds held): 0.292 (71 right for 243 proposed).
    # Links' forty-seventh round (WordNet's related words, retrained): 0.2875 (69 for 240).
    # Merging the 107th, 108th and links' 48th rounds (both models retrained, a retrain's drift):
    # 0.278 (70 right for 252 proposed).
    "blind6/blind6.json": (0.27, 0.37),
    # blind7/ recall lowered in the fortieth round: the link scorer retrained on the claims
    # found then finds a link fewer here (47 of 150; 48 before), where over the seventeen files
    # it finds seven more in sample (671) and nine more out of file (658 of 2,170).
    # blind7/ 0.28 / 0.34 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (53 right of 150 for 184 proposed; 0.31 / 0.34 before).
    # Hundredth round (a second quoting that-clause split off, both models retrained): 56 right
    # of 150 for 204 proposed (0.275).
    # Retrained among the fifty files, the hundredth round merged: blind7/ precision 0.261.
    # Hundred-and-first round's retrain (no rule changed there): blind7/ precision 0.257 (53
    # right for 206 proposed).
    "blind7/blind7.json": (0.25, 0.34),
    # blind8/ and blind13/ recall raised in the fortieth round: more claims found (the
    # evidence a newspaper vouches for, a that-clause after ", but") give their links ends.
    # Precision 0.24 in the forty-ninth round (35 right of 142; 36 of 143): a retrain's swing.
    # blind8/ 0.28 / 0.26 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (44 right of 157 for 152 proposed; 0.29 / 0.26 before).
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: blind8/
    # precision 0.27 (46 right for 165 proposed; 46 for 154 before).
    # 108th round, both models retrained: blind8/ precision 0.26 (45 right for 171 proposed;
    # 45 for 163 with the old weights).
    "blind8/blind8.json": (0.26, 0.26),
    # 111th round, both models retrained (no claim of this file changed): precision 0.351.
    "blind9/blind9.json": (0.35, 0.34),
    # blind10/ raised in the forty-seventh round (56 right of 162 proposed once merged).
    # blind10/ and blind16/ precision raised in the fifty-fourth round (67 right of 159 proposed;
    # 37 of 150): the link scorer retrained on the guarded kinds.
    # Sixtieth round, the link scorer retrained on the round's claims (1,247 right of 3,567
    # proposed in sample, 1,246 of 3,680 before; out of file 1,285 of 4,142, 1,278 of 4,152
    # before): blind10/ 60 right of 180 gold (62).
    # blind10/ precision 0.33 with blind31/ and blind32/ among the thirty-six development files
    # (69 right for 204 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # Eighty-fifth round: precision 0.32 by the retrain alone (64 right for 194 proposed).
    # Retrained among the fifty-two files: blind10/ recall 0.328 (59 of 180 gold).
    # Links' forty-seventh round (WordNet's related words, retrained): recall 0.311 (56 of 180).
    # The hundred-and-fourth, -fifth and links' forty-seventh rounds merged, retrained: recall
    # 0.306.
    # 108th round, both models retrained (no claim of it changed): 0.300 / 0.300 (54 right for
    # 180 proposed; 55 for 169 before).
    "blind10/blind10.json": (0.29, 0.29),
    # blind11/ precision 0.33 in the fifty-fourth round (46 of 136), as holdout.json's.
    # blind11/ precision 0.30 in the eightieth round (49 right for 159 proposed; 53 for 168).
    # Links' forty-third round (a link's kind chosen by a learned model; the link scorer
    # retrained, its second threshold -1.0 -> -1.25 in sample): blind11/ 0.28 (46 right for
    # 164 proposed).
    # The models retrained among the forty-six files, no rule changed: blind11/ precision
    # 0.276 (45 right for 163 proposed).
    # Ninety-fifth round, both models retrained, no rule changed there: blind11/ precision
    # 0.268 (45 right for 168 proposed).
    # Ninety-eighth round, both models retrained (the scorer proposes more: 9,878 links in
    # sample for 2,622 right, 9,513 for 2,550 before), no rule changed in this file: blind11/
    # 0.25 / 0.29 (43 right of 146 for 171 proposed; 46 for 168 before).
    # Retrained among the fifty-four files (blind49/ and blind50/ added): blind11/ recall
    # 0.288.
    "blind11/blind11.json": (0.25, 0.28),
    # blind12/ precision 0.24 on merging the fifty-first and fifty-second rounds (45 of 183).
    "blind12/blind12.json": (0.24, 0.26),
    # blind13/ recall 0.30 in the sixty-sixth round (40 right of 131 gold, 41 before): the
    # scorer retrained on the round's claims (none of blind13/'s changed); 0.29 in the
    # sixty-seventh (0.298): a retrain's swing; precision 0.27 on merging the two rounds (42
    # right for 152 proposed).
    # blind13/ precision 0.25 with blind31/ and blind32/ among the thirty-six development files
    # (44 right for 175 proposed): the retrained thresholds propose more (-1.5; -1.25).
    "blind13/blind13.json": (0.25, 0.29),
    # Scored blind once after the forty-second round, development splits since (in sample:
    # 31 right of 142 proposed, 167 gold; 22 of 171, 150 gold).
    # 0.20 / 0.17 in the forty-ninth round (30 right of 145, 167 gold; 31 of 143): the scorer
    # retrained on the round's claims, none of them in blind14/, finds a link fewer here.
    # blind14/ precision 0.25 with blind31/ and blind32/ among the thirty-six development files
    # (54 right for 209 proposed): the retrained thresholds propose more (-1.5; -1.25).
    "blind14/blind14.json": (0.25, 0.24),
    "blind15/blind15.json": (0.18, 0.21),
    # Scored blind once after the forty-eighth round, development splits since (in sample: 15
    # right of 119 proposed, 192 gold; 37 of 171, 159; 47 of 160, 185; 33 of 150, 123).
    # blind16/ and blind19/ raised in the forty-ninth round (23 right of 146, 192 gold; 49 of
    # 169, 185 gold): the findings and responses found give their links ends.
    "blind16/blind16.json": (0.21, 0.16),
    # Scored blind once after the fifty-fourth round (33 right of 122 proposed, 169 gold), a
    # development split since (34 of 122 in sample).
    # blind17/ precision 0.23 with blind31/ and blind32/ among the thirty-six development files
    # (37 right for 159 proposed): the retrained thresholds propose more (-1.5; -1.25).
    "blind17/blind17.json": (0.23, 0.19),
    # blind18/ precision 0.30 on merging the fifty-first and fifty-second rounds (45 of 146).
    # blind18/ recall 0.27 in the sixty-sixth round (44 right of 159 gold for 155 proposed; 47
    # for 164 before): the scorer retrained on the round's claims (none of blind18/'s changed).
    # Retrained among the fifty-six files (blind51/ and blind52/ added): blind18/
    # precision 0.265 (53 right for 200 proposed).
    "blind18/blind18.json": (0.26, 0.27),
    "blind19/blind19.json": (0.31, 0.31),
    "blind20/blind20.json": (0.21, 0.25),
    # Scored blind once on `c58058d` (20 right of 147 proposed, 153 gold; 33 of 149, 181 gold),
    # development splits since (25 of 155 and 43 of 147 in sample).
    "blind21/blind21.json": (0.15, 0.15),
    # blind22/ precision 0.24 in the seventy-ninth round (0.247): both models retrained with
    # what a claim answers.
    "blind22/blind22.json": (0.24, 0.22),
    # Scored blind once on `fd65342` (52 right of 185 proposed, 149 gold; 28 of 165, 181 gold),
    # development splits since (46 of 145 and 29 of 127 in sample).
    # blind23/ precision 0.28 with the models retrained among the thirty-two development files (53
    # right for 184 proposed).
    # blind23/ precision 0.27 with blind31/ and blind32/ among the thirty-six development files
    # (57 right for 207 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # blind23/ precision 0.26 in the eightieth round (53 right for 197 proposed; 57 for 207).
    "blind23/blind23.json": (0.26, 0.30),
    "blind24/blind24.json": (0.20, 0.16),
    # Scored blind once on `23fbfae` (35 and 28 right), in sample since: 51 right of 161 gold for
    # 155 proposed, 28 of 160 for 139.
    # On merging the sixty-sixth and sixty-seventh rounds (each part of a compiled document its
    # issuer's, each post its header's author's), both models retrained: blind25/ 51 right for
    # 175 proposed (none of its claims changed), blind26/ 41 right for 196 (28 for 139 before).
    # blind25/ 0.28 / 0.31 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (55 right of 161 for 193 proposed; 0.29 / 0.31 before).
    # blind25/ precision 0.25 with blind31/ and blind32/ among the thirty-six development files
    # (56 right for 216 proposed): the retrained thresholds propose more (-1.5; -1.25).
    "blind25/blind25.json": (0.25, 0.31),
    # blind26/ precision 0.19 with the models retrained among the forty-eight files (47 right
    # for 236 proposed).
    "blind26/blind26.json": (0.19, 0.25),
    # Scored blind once on `460ab5e` (30 right of 167 gold, 24 of 185), in sample since: 34 right
    # for 138 proposed, 38 for 150.
    # 71st round: recall raised (39 right of 167 for 153 proposed, 48 of 185 for 200); blind28/
    # precision lowered to 0.24 (the documents' parts found, more proposed).
    # 73rd round: blind27/ recall lowered to 0.22 by the retrain alone (38 right of 167 for 141
    # proposed, 39 for 153 before; links out of file 38 → 39 right).
    "blind27/blind27.json": (0.25, 0.22),
    # blind28/ 0.23 / 0.25 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (50 right of 185 for 212 proposed; 0.24 / 0.25 before).
    # blind28/ precision 0.22 with blind31/ and blind32/ among the thirty-six development files
    # (54 right for 242 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # Eighty-second round, both models retrained: blind28/ precision 0.212 (48 right for 226
    # proposed; 49 for 221 before).
    "blind28/blind28.json": (0.21, 0.25),
    # Scored blind once on `240872c` (33 right of 173 gold, 29 of 164), in sample since: 39 right
    # for 181 proposed, 34 for 174; 38 right for 176 after the seventy-seventh round and links'
    # thirty-seventh (recall 0.2197).
    # blind29/ precision 0.20 with blind31/ and blind32/ among the thirty-six development files
    # (42 right for 202 proposed): the retrained thresholds propose more (-1.5; -1.25).
    # blind29/ precision 0.19 in the eightieth round (39 right for 197 proposed; 42 for 202).
    # 110th-112th rounds and links' 49th merged, both models retrained: 41 right for 218.
    "blind29/blind29.json": (0.18, 0.21),
    # blind30/ 0.16 / 0.18 in the seventy-seventh round's branch: both models retrained
    # after its speaker rules (31 right of 164 for 191 proposed; 0.19 / 0.20 before).
    # blind30/ recall 0.17 in the seventy-ninth round (29 right of 164): both models retrained
    # with what a claim answers.
    # blind30/ precision 0.14 with blind31/ and blind32/ among the thirty-six development files
    # (29 right for 201 proposed): the retrained thresholds propose more (-1.5; -1.25).
    "blind30/blind30.json": (0.14, 0.17),
    # Scored blind once on `43f5458` (blind31/ 52 right of 196 gold for 161 proposed, blind32/ 44
    # of 173 for 204), in sample since among the thirty-six development files: 58 right for 186
    # proposed, 49 for 234.
    # blind31/ recall 0.33 and blind32/ 0.23 / 0.31: the models retrained with blind33/ and
    # blind34/ among the thirty-eight files (66 right of 196 for 193 proposed, 54 of 173 for 228).
    # blind31/ precision 0.33 in the eighty-eighth round (67 right for 199 proposed, 66 for 192
    # before): both models retrained, no rule changed there.
    # blind31/ precision 0.32 in links' forty-second round (a third link where an answer's first
    # two were made): 67 right of 196 for 204 proposed.
    # Eighty-ninth round (a record's labels, both models retrained): blind31/ 0.332 / 0.332 (65
    # right of 196 gold for 196 proposed).
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.31 (67 right for 214 proposed).
    # Links' forty-third round (a link's kind chosen by a learned model; the link scorer
    # retrained, its second threshold -1.0 -> -1.25 in sample): blind31/ 0.31 (67 right for
    # 212 proposed).
    # The models retrained among the forty-six files, no rule changed: blind31/ precision
    # 0.305 (68 right for 223 proposed).
    "blind31/blind31.json": (0.30, 0.33),
    # blind32/ recall 0.27 in the eighty-first round (48 right of 173 for 186 proposed): both
    # models retrained without a transcript's procedure, the second threshold -1.0.
    # blind31/ and blind32/ raised on merging the eightieth, eighty-first and links' thirty-ninth
    # rounds, both models retrained: 67 right of 196 for 196 proposed, 56 of 173 for 233.
    # Eighty-second round, both models retrained: blind32/ 0.228 / 0.306 (53 right of 173 for
    # 232 proposed; 54 for 228 before).
    # Eighty-fourth round (the kind margin 0, both models retrained): blind32/ 0.22 / 0.29 (51
    # right of 173 gold for 227 proposed).
    # Eighty-ninth round (a record's labels, both models retrained): blind32/ 0.218 / 0.301 (52
    # right of 173 gold for 238 proposed).
    # Retrained among the sixty files (blind55/, blind56/ added; no rule changed): precision
    # 0.209 (52 right for 249 proposed).
    "blind32/blind32.json": (0.20, 0.29),
    # Scored blind once on `d92ad4a` (blind33/ 42 right of 166 gold for 197 proposed, blind34/ 52
    # of 200 for 207), in sample since among the thirty-eight development files: 52 right for 207
    # proposed, 52 for 199.
    # blind33/ 0.22 / 0.30 in the eighty-third round (51 right of 166 for 229 proposed): the
    # readers' editor's findings, now claims, are linked to the complaint they answer, which
    # the gold links only in part.
    # Links' forty-third round (a link's kind chosen by a learned model; the link scorer
    # retrained, its second threshold -1.0 -> -1.25 in sample): blind33/ 0.21 (50 right for
    # 237 proposed); merged with the ninety-first and ninety-second rounds: recall 0.29 (49
    # right of 166).
    # Retrained among the fifty files, the hundredth round merged: blind33/ precision 0.209.
    "blind33/blind33.json": (0.20, 0.29),
    # Eighty-second round: blind34/ 0.256 / 0.270 (54 right of 200 for 211 proposed; 52 for 199
    # before), the lawsuit's sentences found proposing links of their own.
    # Eighty-fourth round (the kind margin 0, both models retrained): blind34/ precision 0.25
    # (55 right for 213 proposed).
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.24 (61 right for 248 proposed).
    # Hundred-and-fifth round's retrain (61 right for 254 proposed with main's weights, 255
    # with the retrained ones): precision 0.239, the retrain's drift.
    "blind34/blind34.json": (0.23, 0.26),
    # Scored blind once on `c9f8021` (blind35/ 44 right of 203 gold for 198 proposed, blind36/ 34
    # of 192 for 174), in sample since among the forty development files: 55 right for 220
    # proposed, 45 for 206.
    # Eighty-sixth round: blind35/ precision 0.24 (59 right for 240 proposed), its regulator's,
    # maker's and monitors' documents read as theirs: 4 more right for 20 more proposed.
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.23 (60 right for 253 proposed).
    # Ninety-ninth round, both models retrained, no rule changed there: precision 0.22 (55
    # right for 245 proposed; 59 for 248 before).
    # 114th round, both models retrained, no rule changed there: precision 0.219 (59 right for
    # 269 proposed).
    "blind35/blind35.json": (0.21, 0.27),
    # blind36/ recall 0.22 in the eighty-eighth round (44 right of 192 for 207 proposed, 46 for
    # 205 before): both models retrained, no rule changed there.
    # Retrained among the fifty-six files (blind51/ and blind52/ added): blind36/
    # precision 0.204 (46 right for 225 proposed).
    # 110th round, both models retrained: blind36/ precision 0.199 (49 right for 246 proposed).
    # Retrained among the fifty-eight files (blind53/, blind54/ added; no rule changed):
    # precision 0.190 (45 right for 237 proposed).
    "blind36/blind36.json": (0.18, 0.22),
    # Scored blind once on `5d3d41d` (blind37/ 42 right of 174 gold for 205 proposed, blind38/
    # 46 of 167 for 187), in sample since among the forty-two development files: 48 right for
    # 198 proposed, 53 for 189.
    "blind37/blind37.json": (0.22, 0.25),
    # blind38/ precision 0.24 with a third link per answer and the models retrained among the
    # forty-four files (55 right of 167 for 221 proposed; 53 for 189 before).
    # Ninety-first round, both models retrained, no rule changed in this file: blind38/
    # precision 0.22 (53 right for 236 proposed, 55 for 221 before).
    "blind38/blind38.json": (0.22, 0.29),
    # Scored blind once on `07c093a` (blind39/ 33 right of 162 gold for 215 proposed, blind40/
    # 45 of 174 for 194), in sample since among the forty-four development files: 41 right for
    # 202 proposed, 47 for 186.
    # 110th-112th rounds and links' 49th merged, both models retrained: 43 right for 235.
    # 113th round, both models retrained, no rule changed in this file: 41 right for 228.
    "blind39/blind39.json": (0.17, 0.24),
    # Ninety-second round (reported speech carried on), both models retrained (the second
    # threshold -1.0 -> -1.25: more second links): precision 0.23 (50 right for 210 proposed).
    # Ninety-first round: blind40/ precision 0.23 (49 right for 208 proposed, 47 for 186
    # before), the leaked emails' sentences now their senders' claims, with links of their own.
    # 122nd round, both models retrained, no rule changed in this file: precision 0.230 (57
    # right for 248 proposed), a retrain's drift.
    "blind40/blind40.json": (0.22, 0.26),
    # Scored blind once on `b71acb3` (blind41/ 46 right of 222 gold for 192 proposed, blind42/
    # 25 of 209 for 170), in sample since among the forty-six development files: 54 right for
    # 236 proposed, 36 for 199.
    # Ninety-fourth round (a chat's messages their senders' claims), both models retrained:
    # blind41/ precision 0.22 -> 0.21 and recall 0.24 -> 0.23 (53 right of 222 gold for 241
    # proposed, 54 for 236 before).
    "blind41/blind41.json": (0.21, 0.23),
    "blind42/blind42.json": (0.18, 0.17),
    # Scored blind once on `568ff9d` (blind43/ 59 right of 188 gold for 219 proposed, blind44/
    # 40 of 184 for 214), in sample since among the forty-eight development files: 70 right for
    # 228 proposed, 50 for 208.
    # Hundred-and-first round's retrain (no rule changed there): blind43/ recall 0.346.
    # Hundred-and-fourth round's retrain (none of its claims changed): precision 0.287 (66 right
    # for 230 proposed; 226 with the weights before).
    # Hundred-and-fifth round's retrain (66 right for 226 proposed with main's weights): blind43/
    # precision 0.286 (66 for 231).
    # Hundred-and-nineteenth round's retrain (none of its claims changed; 69 right for 245
    # proposed with main's weights): precision 0.276 (68 for 246).
    "blind43/blind43.json": (0.27, 0.34),
    # Hundred-and-nineteenth round's retrain (none of its claims changed): blind44/ precision
    # 0.217 (48 right for 221 proposed; 52 for 224 with main's weights).
    "blind44/blind44.json": (0.21, 0.25),
    # Scored blind once on `2fb6434` (blind45/ 33 right of 170 gold for 158 proposed, blind46/
    # 40 of 178 for 207), in sample since among the fifty development files: 41 right for 166
    # proposed, 52 for 234.
    # Hundred-and-first round (a thread's posts and a questions-and-answers page their
    # authors', both models retrained): blind45/ precision 0.223, recall 0.259.
    # Hundred-and-fifth round's retrain (44 right for 198 proposed with main's weights): blind45/
    # precision 0.216 (43 for 199).
    "blind45/blind45.json": (0.21, 0.23),
    "blind46/blind46.json": (0.21, 0.28),
    # Scored blind once on `89a7ca7` (blind47/ 50 right of 186 gold for 223 proposed, blind48/
    # 50 of 192 for 241), in sample since among the fifty-two development files: 58 right for
    # 228 proposed, 58 for 242. Hundred-and-seventh round: precision 0.24 by the retrain alone
    # (63 right for 260 proposed; main's weights read it as before, 67 for 259).
    "blind47/blind47.json": (0.24, 0.31),
    "blind48/blind48.json": (0.23, 0.30),
    # Scored blind once on `33ca40f` (blind49/ 54 right of 197 gold for 239 proposed, blind50/
    # 47 of 161 for 220), in sample since among the fifty-four development files: 61 right for
    # 247 proposed, 48 for 208.
    # 108th round, both models retrained: blind49/ recall 0.299 (59 right for 252 proposed).
    "blind49/blind49.json": (0.23, 0.29),
    "blind50/blind50.json": (0.22, 0.28),
    # Scored blind once on `88a8791` (blind51/ 53 right of 160 gold for 231 proposed, blind52/
    # 55 of 180 for 213), in sample since among the fifty-six files: 59 of 160 for 233 (0.253 /
    # 0.369) and 58 of 180 for 204 (0.284 / 0.322).
    "blind51/blind51.json": (0.24, 0.35),
    # 110th round, both models retrained: blind52/ precision 0.263 (59 right for 224 proposed).
    "blind52/blind52.json": (0.26, 0.31),
    # Scored blind once on `7849739` (blind53/ 53 right of 205 gold for 268 proposed, blind54/
    # 58 of 195 for 221), in sample since among the fifty-eight files: 66 of 205 for 266 (0.248
    # / 0.322) and 63 of 195 for 218 (0.289 / 0.323).
    # 113th round, both models retrained: blind53/ (no rule changed) 63 right of 205 for 264
    # (0.239 / 0.307), blind54/ (the deposition's turns) 63 right for 230 (0.274).
    "blind53/blind53.json": (0.23, 0.30),
    # Retrained among the sixty files (blind55/, blind56/ added; no rule changed): precision
    # 0.267 (65 right for 243 proposed).
    "blind54/blind54.json": (0.26, 0.31),
    # Scored blind once on `b750205` (blind55/ 68 right of 183 gold for 209 proposed, blind56/
    # 59 of 206 for 261), in sample since among the sixty files: 76 of 183 for 219 (0.347 /
    # 0.415) and 66 of 206 for 264 (0.250 / 0.320).
    # 116th round (the affidavit's, the signed statement's and the answers' claims): 75 right
    # for 231 proposed (0.325 / 0.410) on the old models; both retrained, 74 for 233 (0.318 /
    # 0.404).
    "blind55/blind55.json": (0.31, 0.40),
    "blind56/blind56.json": (0.25, 0.32),
    # Scored blind once on `9b38266` (blind57/ 77 right of 234 gold for 244 proposed, blind58/
    # 70 of 205 for 247), in sample since among the sixty-two files: 82 of 234 for 239 (0.343 /
    # 0.350) and 81 of 205 for 245 (0.331 / 0.395).
    # Hundred-and-nineteenth round: its rules lower blind57/'s precision (0.323, 84 right for 260
    # proposed on main's weights; 82 for 239 before); retrained 0.336 (87 for 259).
    # Retrained among the sixty-four files: blind57/ 0.321 (84 right for 262 proposed).
    # Retrained in the 121st round: 0.314 (82 for 261; 84 for 262 on main's weights with it).
    # Links' fifty-second round's retrain: 0.311 (82 right for 264 proposed).
    "blind57/blind57.json": (0.31, 0.35),
    "blind58/blind58.json": (0.33, 0.39),
    # Scored blind once on `24ec713` (blind59/ 62 right of 217 gold for 240 proposed, blind60/
    # 57 of 193 for 245), in sample since among the sixty-four files: 69 of 217 for 248 (0.278 /
    # 0.318) and 74 of 193 for 251 (0.295 / 0.383). Retrained in the 121st round: blind59/
    # recall 0.309 (67 of 217; 69 on main's weights with the round's margin).
    "blind59/blind59.json": (0.27, 0.30),
    "blind60/blind60.json": (0.29, 0.38),
    # Scored blind once on `f4827b2` (blind61/ 59 right of 190 gold for 207 proposed, blind62/
    # 69 of 180 for 283), in sample since among the sixty-six files: 68 of 190 for 211 (0.322 /
    # 0.358) and 78 of 180 for 266 (0.293 / 0.433).
    "blind61/blind61.json": (0.30, 0.33),
    "blind62/blind62.json": (0.27, 0.41),
}


@pytest.mark.parametrize("name", sorted(LINK_FLOORS))
def test_link_precision_and_recall_on_the_development_gold(name):
    report = seed_actor_report(name)
    precision, recall = LINK_FLOORS[name]
    assert report.overall.link_precision >= precision
    assert report.overall.link_recall >= recall


@pytest.mark.parametrize(
    ("answer_role", "answered_role", "link_kind", "expected"),
    [
        ("denial", "allegation", "rebuts", True),
        ("allegation", "denial", "rebuts", True),
        ("denial", "", "rebuts", False),
        ("allegation", "allegation", "counter_accuses", False),
        ("", "allegation", "corroborates", True),
        ("denial", "allegation", "corroborates", False),
    ],
)
def test_opposed_camps(answer_role, answered_role, link_kind, expected):
    assert links._opposed_camps(answer_role, answered_role, link_kind) is expected


def test_an_answer_leans_to_the_claim_of_the_opposite_camp():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("allegation", "Harbour Post", "Harbour Post said 14 people died in Marrow."),
        ("denial", "Pel Arkady", "Pel Arkady said nobody died in Marrow."),
    )
    without_roles = {j: score for score, j in links.Pairing(units, ACTORS).scored(2, "rebuts")}
    # The kinds stage found the rescue service accusing and Arkady's side accused; the
    # newspaper is of neither camp.
    units[0].role, units[2].role = "allegation", "denial"
    with_roles = {j: score for score, j in links.Pairing(units, ACTORS).scored(2, "rebuts")}
    assert with_roles[0] - without_roles[0] == pytest.approx(links.WEIGHTS["opposed_camps"])
    assert with_roles[1] == pytest.approx(without_roles[1])


def test_a_transcript_answer_that_points_back_after_its_label_answers_the_question_before():
    body = (
        "The following is a transcript of a briefing by defence spokesman Pel Arkady.\n\n"
        "Question: The Orvan Monitor for Civil Rights says its staff visited Marrow last week.\n\n"
        "Question: The Orvan Monitor for Civil Rights also says the convoy left Marrow at night "
        "in February.\n\n"
        "ARKADY: That is not correct."
    )
    *_, answer = suggest_by_rules(body, ACTORS)
    # "That is not correct" points back although its paragraph opens with the speaker's label.
    assert (answer.quote, answer.kind) == ("That is not correct.", "denial")
    assert [(link.kind, link.target) for link in answer.links] == [("rebuts", 1)]


def test_an_answer_that_discredits_the_source_it_answers_is_typed_so():
    body = (
        "The Orvan Monitor for Civil Rights accused Valen Mining of poisoning the Sora river.\n\n"
        "Valen Mining denied the report.\n\n"
        "Valen Mining said the monitor publishes a new number every week."
    )
    _, denied, about_the_monitor = suggest_by_rules(body, ACTORS)
    assert (denied.denial_type, denied.links[0].kind) == ("categorical", "rebuts")
    # What it says is about the monitor, not the river: its type follows its link.
    assert about_the_monitor.denial_type == "discrediting"
    assert [(link.kind, link.target) for link in about_the_monitor.links] == [
        ("discredits_source", 0)
    ]


def test_the_pair_features_a_learned_scorer_reads():
    units = claims(
        ("denial", "Pel Arkady", "Pel Arkady denied that 14 people died in Marrow."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the market burned."),
        ("statement", "Harbour Post", "Harbour Post said the town was quiet."),
        ("denial", "Pel Arkady", "Pel Arkady said the market did not burn."),
    )
    pairing = links.Pairing(units, ACTORS)
    opening = pairing.pair_features(0, 1, None, "rebuts")
    # The answer in the opening and the claim after it that shares its figure.
    assert opening["opening_answers_later"] == opening["shares_figure"] == 1.0
    assert opening["later"] == 1.0 and opening["later_near"] == 1.0
    last = pairing.pair_features(4, 2, None, "rebuts")
    # The rescue service's two claims are one turn, the newspaper's another: two turns back.
    assert last["near_turns"] == 0.5 and last["near"] == 0.5
    assert last["opening_answers_later"] == last["shares_figure"] == 0.0
    assert last["first_claim_of_side"] == 0.0 and last["target_allegation"] == 1.0
    assert pairing.pair_features(4, 1, None, "rebuts")["first_claim_of_side"] == 1.0


def test_the_pair_features_of_an_answer_about_a_messenger():
    units = claims(
        ("allegation", "Harbour Post", "Harbour Post said the barracks were shelled."),
        ("allegation", "Tessaly government", "Tessaly said the barracks were shelled."),
        ("denial", "Valen Mining", "Valen said the paper is a mouthpiece paid from abroad."),
    )
    pairing = links.Pairing(units, ACTORS)
    to_the_paper = pairing.pair_features(2, 0, None, "rebuts")
    to_the_government = pairing.pair_features(2, 1, None, "rebuts")
    # The answer's words are of a messenger whichever claim it answers; only the newspaper is one.
    assert to_the_paper["messenger_words"] == to_the_government["messenger_words"] == 1.0
    assert to_the_paper["target_messenger"] == 1.0
    assert to_the_government["target_messenger"] == 0.0


def test_a_pairing_read_before_the_kinds_change_follows_them_when_asked():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("statement", "Harbour Post", "Harbour Post said the strike hit a market."),
        ("statement", "Pel Arkady", "Pel Arkady said nobody died in the market."),
    )
    pairing = links.Pairing(units, ACTORS)
    assert pairing.serves(units) and pairing.serves(list(units))
    assert not pairing.serves(units[:2]) and not pairing.serves([*units[:2], units[0]])
    # A later stage reads the third claim as a denial and the second as an allegation: the
    # pairing read before, once it follows the kinds, scores as one read after them.
    units[1].kind, units[2].kind = "allegation", "denial"
    assert pairing.by_kind == {"allegation": [0], "statement": [1, 2]}
    pairing.follow_kinds()
    fresh = links.Pairing(units, ACTORS)
    assert pairing.by_kind == fresh.by_kind == {"allegation": [0, 1], "denial": [2]}
    assert pairing.first_of_side == fresh.first_of_side
    assert pairing.options(2) == fresh.options(2) == [0, 1]
    assert pairing.lead == fresh.lead == 0
    assert pairing.previous_answer == fresh.previous_answer
    assert pairing.scored(2, "rebuts") == fresh.scored(2, "rebuts")
    for j in (0, 1):
        assert pairing.pair_features(2, j, 1, "rebuts") == fresh.pair_features(2, j, 1, "rebuts")
    # The link stage given that pairing links as it does reading the claims anew; given one
    # read from other claims, it reads these anew.
    other = links.Pairing(units[:2], ACTORS)
    assert propose_links(units, ACTORS, None, pairing) == propose_links(units, ACTORS, None)
    assert propose_links(units, ACTORS, None, other) == propose_links(units, ACTORS, None)
    assert propose_links(units, ACTORS, None) != {}


def test_a_general_answer_marks_the_articles_first_allegation():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the granary burned."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the ferry sank."),
        ("denial", "Pel Arkady", "Pel Arkady said he rejected all of it, point by point."),
        ("denial", "Pel Arkady", "Pel Arkady said the ferry never sank."),
    )
    pairing = links.Pairing(units, ACTORS)
    # The general answer shares no word with either allegation: the first one is marked.
    lead, second = (pairing.pair_features(2, j, None, "rebuts") for j in (0, 1))
    assert (lead["general_to_lead"], second["general_to_lead"]) == (1.0, 0.0)
    # An answer in words of its own tells its claim by them: nothing is marked.
    assert pairing.pair_features(3, 0, None, "rebuts")["general_to_lead"] == 0.0


def test_a_corroboration_may_back_the_other_sides_account():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the ferry was shelled."),
        ("denial", "Pel Arkady", "Pel Arkady said the ferry struck a rock in the fog."),
        ("corroboration", "Harbour Post", "Harbour Post said divers found a torn hull."),
        ("denial", "Pel Arkady", "Pel Arkady said no gun fired that day."),
    )
    pairing = links.Pairing(units, ACTORS)
    # The corroboration may answer the account of what happened as well as the accusation.
    assert pairing.options(2) == [0, 1]
    account, accusation = (pairing.pair_features(2, j, None, "corroborates") for j in (1, 0))
    assert (account["corroborates_account"], accusation["corroborates_account"]) == (1.0, 0.0)
    # A denial answering a denial is not a corroboration of it.
    assert pairing.pair_features(3, 1, None, "rebuts")["corroborates_account"] == 0.0


def test_a_corroborations_nearness_in_turns_is_a_feature_of_its_own():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the ferry was shelled."),
        ("denial", "Pel Arkady", "Pel Arkady said the ferry struck a rock in the fog."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the crew was fired on."),
        ("corroboration", "Harbour Post", "Harbour Post said divers found a shell casing."),
        ("denial", "Pel Arkady", "Pel Arkady said no gun fired that day."),
    )
    pairing = links.Pairing(units, ACTORS)
    # Three turns back and one: the corroboration's nearness is read apart from an answer's.
    far, near = (pairing.pair_features(3, j, None, "corroborates") for j in (0, 2))
    assert (far["corroborates_near_turns"], near["corroborates_near_turns"]) == (1 / 3, 1.0)
    assert far["near_turns"] == far["corroborates_near_turns"]
    # A denial's nearness in turns is read by `near_turns` alone.
    denial = pairing.pair_features(4, 2, None, "rebuts")
    assert (denial["near_turns"], denial["corroborates_near_turns"]) == (0.5, 0.0)


def test_the_pair_features_that_compare_a_claim_with_the_answers_other_candidates():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the granary burned."),
        ("statement", "Harbour Post", "Harbour Post said the roads were closed."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said the ferry sank."),
        ("denial", "Pel Arkady", "Pel Arkady said the granary never burned."),
    )
    pairing = links.Pairing(units, ACTORS)
    far, between, near = (pairing.pair_features(3, j, None, "rebuts") for j in (0, 1, 2))
    # The claim three paragraphs back is the one the answer shares its words with: the best
    # of its candidates by what they share, what it shares read as shared at a distance.
    assert far["best_shared"] == far["best_rarest"] == far["to_best_shared"] == 1.0
    assert far["far_shared_content"] == far["shared_content"] > 0
    assert near["best_shared"] == near["to_best_shared"] == near["far_shared_content"] == 0.0
    # Ranked by distance among the candidates before the answer, the nearest first.
    assert (near["earlier_rank"], between["earlier_rank"], far["earlier_rank"]) == (1, 0.5, 1 / 3)
    assert (near["near_paragraphs"], far["near_paragraphs"]) == (0.5, 0.25)
    assert far["named_alone"] == near["named_alone"] == 0.0
