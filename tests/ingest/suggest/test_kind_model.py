"""app/ingest/suggest/kind_model.py: the features, the weights file and the decision."""

import dataclasses
import itertools
import json
import math

import pytest

from app.ingest.suggest import kind_model, suggest_claims
from app.ingest.suggest.kind_model import (
    CLASSES,
    TEMPLATES,
    WEIGHTS_PATH,
    WORD_TEMPLATES,
    KindModel,
    WeightsError,
    answer_reach,
    claim_words,
    features,
)
from app.ingest.suggest.model import Context, Dispute, Speaker, Unit
from tests.ingest.suggest.fixtures import ACTORS

BODY = (
    "The Orvan Monitor for Civil Rights said shelling killed 23 people in Marrow.\n\n"
    "The Tessalian Defence Ministry denied the report, calling it a fabrication.\n\n"
    "Blue Crescent Rescue said it had pulled two people alive from a collapsed house."
)


class _Keep:
    """Records the features the pipeline hands the model, and leaves the rules' kinds."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.kinds: list[str] = []

    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        self.rows = features(units, context, dispute)
        self.kinds = [unit.kind for unit in units]


def test_the_features_are_of_the_known_templates_and_only_the_word_templates_hold_words():
    keep = _Keep()
    suggestions = suggest_claims(BODY, ACTORS, kind_model=keep)
    assert len(keep.rows) == len(suggestions) == 3
    allegation, denial, statement = keep.rows
    for row in keep.rows:
        assert {feature.partition("=")[0] for feature in row} <= set(TEMPLATES)
        structural = [f for f in row if f.partition("=")[0] not in WORD_TEMPLATES]
        assert not {"marrow", "shelling", "house", "crescent"} & set(
            "".join(structural).lower().replace("=", " ").replace("_", " ").split()
        )
    # The words are the claim's, stemmed; the speaker's name is none of them.
    assert {"word=shell", "word=kill", "word=marrow"} <= set(allegation)
    assert not {"word=orvan", "word=monitor"} & set(allegation)
    assert "rule=allegation" in allegation and "rule=denial" in denial
    assert "cue=deny" in denial and "cue=say" in allegation
    assert "role=accused" in denial and "role=accuser" in allegation
    # The nearest claims of other sides, by their rules' kind and role.
    assert "before=allegation_accuser" in denial and "after=denial_accused" in allegation
    assert [next(f for f in row if f.startswith("third=")) for row in keep.rows] == [
        "third=0",
        "third=1",
        "third=2",
    ]
    assert "signal=figure" in allegation and "signal=harm" in allegation
    assert "where=first_paragraph" in allegation and "where=first_paragraph" not in statement


def _unit(text: str, cue: str, speaker: str) -> Unit:
    return Unit(
        start=100,
        end=100 + len(text),
        text=text,
        paragraph=0,
        speaker=Speaker(speaker, 100 + text.index(speaker)),
        cue=cue,
        cue_at=text.index(cue),
    )


def test_claim_words_are_stemmed_tokens_and_the_words_after_a_negation():
    unit = _unit("The company said it had not dumped waste and never would.", "said", "company")
    words = claim_words(unit)
    assert {"word=dump", "word=waste", "word=not", "neg=dump", "neg=would"} <= set(words)
    # The cue and the speaker's name are features of their own, not words of the claim.
    assert not {"word=said", "word=sa", "word=company", "word=compan"} & set(words)
    assert len(words) == len(set(words))


def test_a_contracted_negation_is_read_as_not():
    unit = _unit("Officials didn\u2019t order the raid, a spokeswoman said.", "said", "spokeswoman")
    words = claim_words(unit)
    assert {"word=did", "word=not", "neg=order", "word=raid"} <= set(words)
    assert "word=spokeswoman" not in words


def test_claim_words_take_linear_time_on_long_runs():
    # One 200,000-letter word, and letters broken by apostrophes: the token pattern has no
    # nested repeat, so both read in one pass.
    for text in ("a" * 200_000, "a'" * 100_000, "n't " * 50_000):
        unit = Unit(start=0, end=len(text), text=text, paragraph=0)
        assert claim_words(unit)


def test_the_model_decides_the_kinds_and_the_denial_types_follow():
    # Whatever the rules say, a model whose bias is all for corroboration corroborates.
    corroborate = KindModel({"bias": (0.0, 0.0, 0.0, 5.0, 0.0)})
    suggestions = suggest_claims(BODY, ACTORS, kind_model=corroborate)
    assert [s.kind for s in suggestions] == ["corroboration"] * 3
    assert [s.denial_type for s in suggestions] == [None] * 3
    rules = suggest_claims(BODY, ACTORS, kind_model=None)
    assert [s.kind for s in rules] == ["allegation", "denial", "statement"]
    assert rules[1].denial_type == "dismissal"


def test_a_margin_keeps_the_rules_kind_unless_another_is_clearly_more_likely():
    row = ["bias", "rule=statement"]
    leaning = KindModel({"bias": (0.0, 1.0, 0.0, 0.0, 0.0)})
    assert leaning.predict(row, "statement") == "denial"  # 0.40 against 0.15
    assert KindModel(leaning.weights, margin=0.3).predict(row, "statement") == "statement"
    assert KindModel(leaning.weights, margin=0.2).predict(row, "statement") == "denial"


def test_a_denial_in_so_many_words_becomes_a_statement_only_by_the_strong_margin():
    row = ["bias"]
    # A statement 0.40 against a denial 0.15: more likely by 0.25.
    stating = KindModel({"bias": (0.0, 0.0, 0.0, 0.0, 1.0)}, margin=0.2, strong_margin=0.6)
    assert stating.predict(row, "denial") == "statement"  # not denied in so many words
    assert stating.predict(row, "denial", strong=True) == "denial"
    # Only a statement over a strong denial: another kind needs the margin alone.
    alleging = KindModel({"bias": (1.0, 0.0, 0.0, 0.0, 0.0)}, margin=0.2, strong_margin=0.6)
    assert alleging.predict(row, "denial", strong=True) == "allegation"
    # By a wide enough margin a statement still replaces it (0.92 against 0.02).
    sure = KindModel({"bias": (0.0, 0.0, 0.0, 0.0, 4.0)}, margin=0.2, strong_margin=0.6)
    assert sure.predict(row, "denial", strong=True) == "statement"
    # A strong margin under the margin changes nothing.
    assert KindModel(stating.weights, 0.3, 0.1).predict(row, "denial", strong=True) == "denial"


def test_a_change_of_kind_with_a_margin_of_its_own_needs_that_margin():
    row = ["bias"]
    # A denial 0.40 against a statement or an allegation 0.15: more likely by 0.25.
    model = KindModel({"bias": (0.0, 1.0, 0.0, 0.0, 0.0)}, change_margins={"statement>denial": 0.3})
    assert model.predict(row, "statement") == "statement"
    assert model.predict(row, "allegation") == "denial"  # another change: the plain margin
    assert dataclasses.replace(model, change_margins={"statement>denial": 0.2}).predict(
        row, "statement"
    ) == ("denial")


@pytest.mark.parametrize(
    "body", ["SPOKESMAN: No. The report is false.", "A spokesman said the report was false."]
)
def test_a_lone_denial_in_so_many_words_stays_a_denial(body):
    # Alone in the text, no other side outweighs its words ("report", "false" stand more often
    # in the gold's statements): the packaged model would read it as a statement.
    assert [s.kind for s in suggest_claims(body, ACTORS)] == ["denial"]


def test_unknown_features_count_for_nothing_and_large_weights_do_not_overflow():
    model = KindModel({"bias": (0.0, 0.0, 0.0, 0.0, 1.0), "rule=denial": (900.0, -900.0, 0, 0, 0)})
    assert model.predict(["bias", "never=seen"], "allegation") == "statement"
    assert model.predict([], "denial") == "denial"  # all equal: the rules' kind stands
    scores = model.scores(["bias", "rule=denial"])
    assert math.isclose(sum(scores), 1.0) and scores[0] == pytest.approx(1.0)


def test_the_pipeline_uses_the_packaged_weights_by_default(monkeypatch):
    assert kind_model.packaged_model() == KindModel.load()
    corroborate = KindModel({"bias": (0.0, 0.0, 0.0, 5.0, 0.0)})
    monkeypatch.setattr(kind_model, "packaged_model", lambda: corroborate)
    assert [s.kind for s in suggest_claims(BODY, ACTORS)] == ["corroboration"] * 3


def test_the_weights_file_loads_and_fits_the_feature_set():
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert data["classes"] == list(CLASSES) and data["templates"] == list(TEMPLATES)
    model = KindModel.load()
    assert len(model.weights) == len(data["weights"]) > 50
    assert {feature.partition("=")[0] for feature in model.weights} <= set(TEMPLATES)
    # Every template has weights: the file was trained on these features.
    assert {feature.partition("=")[0] for feature in model.weights} == set(TEMPLATES)
    assert 0 <= model.margin <= model.strong_margin < 1


GOOD = {
    "classes": list(CLASSES),
    "templates": list(TEMPLATES),
    "margin": 0.0,
    "weights": {"bias": [0, 0, 0, 0, 1]},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"classes": ["allegation", "denial"]}, "for the kinds"),
        ({"templates": ["bias", "rule"]}, "another feature set"),
        ({"weights": []}, "'weights' is not an object"),
        ({"weights": {"words=shelling": [0, 0, 0, 0, 1]}}, "of no known template"),
        ({"weights": {"bias": [0, 0, 1]}}, "needs 5 finite weights"),
        ({"weights": {"bias": [0, 0, 0, 0, "1"]}}, "needs 5 finite weights"),
        ({"weights": {"bias": [0, 0, 0, 0, float("nan")]}}, "needs 5 finite weights"),
        ({"margin": 1.5}, "the margin 1.5"),
        ({"margin": "0.1"}, "the margin '0.1'"),
        ({"strong_margin": 1.0}, "the strong_margin 1.0"),
        ({"change_margins": [0.5]}, "'change_margins' is not an object"),
        ({"change_margins": {"denial>denial": 0.5}}, "not of one kind to another"),
        ({"change_margins": {"denial>rumour": 0.5}}, "not of one kind to another"),
        ({"change_margins": {"denial>statement": 1.5}}, "the margin of 'denial>statement'"),
    ],
)
def test_a_weights_file_that_does_not_fit_is_refused(change, message):
    assert KindModel.from_json(GOOD).predict(["bias"], "denial") == "statement"
    with pytest.raises(WeightsError, match=message):
        KindModel.from_json({**GOOD, **change})


def test_a_weights_file_without_a_strong_margin_reads_as_none():
    assert KindModel.from_json(GOOD).strong_margin == 0.0
    assert KindModel.from_json({**GOOD, "strong_margin": 0.6}).strong_margin == 0.6


def test_a_weights_file_keeps_its_change_margins():
    assert KindModel.from_json(GOOD).change_margins == {}
    model = KindModel.from_json({**GOOD, "change_margins": {"statement>denial": 1}})
    assert model.change_margins == {"statement>denial": 1.0}
    assert KindModel.from_json(model.to_json()) == model


def test_a_weights_file_that_is_no_object_is_refused(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(WeightsError, match="not a JSON object"):
        KindModel.load(path)


def test_the_speaker_is_read_as_what_its_description_says_it_is_to_the_event():
    keep = _Keep()
    suggest_claims(
        BODY + "\n\nResidents said they heard three explosions before dawn.",
        ACTORS,
        kind_model=keep,
    )
    monitor, ministry, rescuers, residents = (
        next(f for f in row if f.startswith("speaker=")) for row in keep.rows
    )
    # One who watches the event, one who is a party to it, one who tended its harmed, and those
    # who saw it.
    assert (monitor, ministry, rescuers, residents) == (
        "speaker=monitor",
        "speaker=party",
        "speaker=carer",
        "speaker=witness",
    )
    assert "speaker*role=party|accused" in keep.rows[1]


class _FixedScorer:
    """A link scorer that gives every pair the same margin over its first threshold."""

    def __init__(self, margin: float) -> None:
        self.margin = margin

    @property
    def first(self) -> float:
        return 1.0

    @property
    def second(self) -> float | None:
        return None

    @property
    def third(self) -> float | None:
        return None

    def score(self, features: dict[str, float]) -> float:
        return 1.0 + self.margin

    def link_kind(self, link_kind: str, features: dict[str, float]) -> str | None:
        return None


class _Reach:
    """Keeps the units and context the pipeline hands the model, the rules' kinds unchanged."""

    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        self.units, self.context = list(units), context


@pytest.mark.parametrize(
    ("margin", "bucket"),
    [(-3.0, "far"), (-1.0, "below"), (0.0, "near"), (1.0, "over"), (3.0, "well")],
)
def test_what_a_claim_answers_is_read_by_a_first_pass_of_the_link_scorer(margin, bucket):
    reach = _Reach()
    suggest_claims(BODY, ACTORS, kind_model=reach)
    kinds = [unit.kind for unit in reach.units]
    read = answer_reach(reach.units, reach.context, _FixedScorer(margin))
    # The opening accusation answers nothing before it; the later rebuttal answers it, and the
    # rescuers' account is scored as if it were a rebuttal (of the accusation, not its own side).
    assert read[0] == ("none", bucket, "none")
    assert read[1][0] == bucket and read[2][0] == bucket
    # Only a claim the rules read as an answer makes another claim answered.
    assert read[2][1] == "none"
    # The kind answered, when the best pair is near the threshold or over it.
    assert read[1][2] == ("none" if bucket in ("far", "below") else "allegation")
    # The first pass leaves the rules' kinds as they were.
    assert [unit.kind for unit in reach.units] == kinds
    assert answer_reach(reach.units, reach.context, None) == [("none", "none", "none")] * 3


def test_the_features_carry_what_a_claim_answers():
    keep = _Keep()
    suggest_claims(BODY, ACTORS, kind_model=keep)
    allegation, denial, _ = keep.rows
    assert "answers=none" in allegation and "answers=none" not in denial
    assert any(f.startswith("answers*rule=") and f.endswith("|denial|accused") for f in denial)


def test_the_first_pass_reads_the_claims_through_the_pipelines_pairing():
    reach = _Reach()
    suggest_claims(BODY, ACTORS, kind_model=reach)
    pairing = reach.context.pairing
    assert pairing is not None and pairing.serves(reach.units)
    assert kind_model.shared_pairing(reach.units, reach.context) is pairing
    scorer = _FixedScorer(0.0)
    shared = answer_reach(reach.units, reach.context, scorer)
    # A context without the pipeline's pairing, or claims it was not read from, read anew:
    # the same reach.
    alone = dataclasses.replace(reach.context, pairing=None)
    assert kind_model.shared_pairing(reach.units, alone) is not pairing
    assert answer_reach(reach.units, alone, scorer) == shared
    assert kind_model.shared_pairing(reach.units[1:], reach.context) is not pairing
    # The pass's pairs, scored apart, give the same reach; and by the packaged scorer too.
    first = kind_model.first_pass(reach.units, pairing)
    assert first.kinds == [unit.kind for unit in reach.units]
    assert {(i, j) for i, j, _, _ in first.pairs} >= {(1, 0), (2, 0)}
    assert kind_model.reach_of(first, scorer) == shared
    assert kind_model.reach_of(first, kind_model.LINK_MODEL) == answer_reach(
        reach.units, reach.context
    )


class _ReachDispute(_Reach):
    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        super().decide(units, context, dispute)
        self.dispute = dispute


def test_the_model_reads_what_a_claim_answers_by_the_scorer_it_is_given():
    reach = _ReachDispute()
    suggest_claims(BODY, ACTORS, kind_model=reach)
    dispute = reach.dispute
    by_none = features(reach.units, reach.context, dispute, reach_model=None)
    assert all("answers=none" in row and "answered=none" in row for row in by_none)
    by_fixed = features(reach.units, reach.context, dispute, reach_model=_FixedScorer(3.0))
    assert "answers=well" in by_fixed[1]
    given = [("far", "near", "statement")] * 3
    assert (
        "answers_what=statement|neither"
        in features(reach.units, reach.context, dispute, reach=given)[2]
    )


def _naive_neighbours(sides: list[str]) -> tuple[list[int | None], ...]:
    """The definitions the one-pass version must agree with: each claim searching on its own."""
    count = len(sides)
    return (
        [
            next((j for j in range(i - 1, -1, -1) if sides[j] != sides[i]), None)
            for i in range(count)
        ],
        [
            next((j for j in range(i + 1, count) if sides[j] != sides[i]), None)
            for i in range(count)
        ],
        [
            next((j for j in range(i - 1, -1, -1) if sides[j] == sides[i]), None)
            for i in range(count)
        ],
    )


def test_neighbours_in_one_pass_agree_with_each_claims_own_search():
    # Every sequence of up to seven claims over three sides, and a long run of one side.
    cases = [list(seq) for n in range(8) for seq in itertools.product("abc", repeat=n)]
    cases.append(["a"] * 500 + ["b"] + ["a"] * 500)
    for sides in cases:
        assert kind_model._neighbours(sides) == _naive_neighbours(sides), sides
