"""app/ingest/link_training.py: the link model learns from labelled pairs what tells the claim
an answer answers, and is measured leaving one file out."""

import json
import random
from collections import Counter

import pytest

from app.ingest import link_training
from app.ingest.link_training import Candidate, FilePairs, Group
from app.ingest.suggest.link_model import FEATURES, LinkModel, load
from tests.ingest.suggest.fixtures import ACTORS

SHARED = FEATURES.index("shared_content")
NEAR = FEATURES.index("near")


def toy_file(name: str, seed: int, answers: int = 60) -> FilePairs:
    """Answers of four candidates each, crafted so that the one the gold links is the one that
    shares the answer's content; nearness is noise. One answer in four links nothing (its
    candidates share little)."""
    rng = random.Random(seed)
    pairs = FilePairs(name=name, gold_links=0)
    for a in range(answers):
        answer = 10 * a + 9
        target = rng.randrange(4) if a % 4 else None
        candidates = []
        for c in range(4):
            vector = [0.0] * len(FEATURES)
            vector[SHARED] = rng.uniform(0.6, 1.0) if c == target else rng.uniform(0.0, 0.3)
            vector[NEAR] = rng.random()
            linked = c == target
            candidates.append(
                Candidate(10 * a + c, vector, hand=vector[NEAR], linked=linked, right=linked)
            )
        pairs.gold_links += target is not None
        pairs.groups.append(Group(answer=answer, candidates=candidates))
    return pairs


@pytest.mark.parametrize("pointwise", [False, True])
def test_training_learns_what_tells_the_answered_claim(pointwise):
    files = [toy_file("a", 1), toy_file("b", 2)]
    model = link_training.train(files, pointwise=pointwise, choose=True)
    assert model.weights["shared_content"] > 2 * abs(model.weights["near"])
    held = toy_file("c", 3)
    right, proposed = link_training.decode(
        held.groups, link_training._scorer(model), model.first, model.second
    )
    # On unseen answers it links the claim that shares the content, and holds back where
    # none does.
    assert right >= 0.9 * held.gold_links
    assert right >= 0.85 * proposed
    # The same files give the same model.
    assert link_training.train(files, pointwise=pointwise, choose=True) == model


def test_the_rankers_thresholds_are_held_apart_from_its_features():
    files = [toy_file("a", 1), toy_file("b", 2)]
    held = link_training.train(files)
    # The ranker links at the held thresholds whatever its weights; chosen on these crafted
    # files, they differ.
    assert (held.first, held.second, held.third) == link_training.HELD_THRESHOLDS
    chosen = link_training.train(files, choose=True)
    assert held.weights == chosen.weights
    assert (chosen.first, chosen.second, chosen.third) != link_training.HELD_THRESHOLDS
    # The pointwise model's scores are on another scale: its thresholds are always chosen.
    pointwise = link_training.train(files, pointwise=True)
    assert (pointwise.first, pointwise.second) != link_training.HELD_THRESHOLDS[:2]


def test_a_second_link_only_to_a_claim_before_the_answer():
    vector = [0.0] * len(FEATURES)
    group = Group(
        answer=5,
        candidates=[
            Candidate(2, vector, hand=0.0, linked=True, right=True),
            Candidate(7, vector, hand=0.0, linked=True, right=True),
            Candidate(3, vector, hand=0.0, linked=True, right=True),
        ],
    )
    score = {2: 3.0, 7: 2.0, 3: 1.0}
    # The runner-up (7) comes after the answer: no second link.
    assert link_training.decode([group], lambda c: score[c.index], 0.0, 0.0) == (1, 1)
    score[3] = 2.5
    assert link_training.decode([group], lambda c: score[c.index], 0.0, 0.0) == (2, 2)
    assert link_training.decode([group], lambda c: score[c.index], 0.0, None) == (1, 1)
    assert link_training.decode([group], lambda c: score[c.index], 4.0, None) == (0, 0)


def test_a_third_link_follows_a_second_before_the_answer():
    vector = [0.0] * len(FEATURES)
    group = Group(
        answer=9,
        candidates=[Candidate(c, vector, hand=0.0, linked=True, right=c != 4) for c in range(5)],
    )
    score = {0: 3.0, 1: 2.0, 2: 1.0, 3: 0.5, 4: 0.0}
    scorer = lambda c: score[c.index]  # noqa: E731
    assert link_training.decode([group], scorer, 0.0, 0.0, 0.75) == (3, 3)
    # Never a fourth; no third over its threshold or without a second.
    assert link_training.decode([group], scorer, 0.0, 0.0, -1.0) == (3, 3)
    assert link_training.decode([group], scorer, 0.0, 0.0, 1.5) == (2, 2)
    assert link_training.decode([group], scorer, 0.0, 2.5, 0.0) == (1, 1)
    # Nor to a claim after the answer.
    assert link_training.decode(
        [Group(answer=1, candidates=group.candidates)], scorer, 0.0, 0.0, 0.0
    ) == (2, 2)


def test_a_third_threshold_only_where_third_candidates_pay():
    """Answers of three candidates each, the first two right: a third right two times in three
    earns a threshold; a third right one time in ten does not."""
    vector = [0.0] * len(FEATURES)

    def groups(right_thirds: int, count: int) -> list[Group]:
        made = []
        for a in range(count):
            flags = [True, True, a < right_thirds]
            candidates = [
                Candidate(10 * a + c, vector, hand=0.0, linked=f, right=f)
                for c, f in enumerate(flags)
            ]
            made.append(Group(answer=10 * a + 9, candidates=candidates))
        return made

    scorer = lambda c: 1.0 - (c.index % 10) / 2  # noqa: E731  (1.0, 0.5, then 0.0: the third)
    paying = groups(20, 30)
    assert link_training.choose_third(paying, scorer, 80, -1.0, -1.0) is not None
    assert link_training.choose_third(groups(3, 30), scorer, 80, -1.0, -1.0) is None
    assert link_training.choose_third(paying, scorer, 80, -1.0, None) is None


def test_leaving_one_file_out_scores_each_file_on_a_model_it_was_not_trained_on():
    files = [toy_file(name, seed) for seed, name in enumerate("abc")]
    rows = link_training.cross_validate(files)
    assert [name for name, *_ in rows] == ["a", "b", "c"]
    for (_, gold, hand, learned), pairs in zip(rows, files, strict=True):
        assert gold == pairs.gold_links
        assert hand == link_training.decode_hand(pairs.groups)
        assert learned[0] >= 0.9 * gold


def test_the_thresholds_are_the_centre_of_a_broad_best_not_a_lone_peak():
    """Answers of one candidate each, by their scores: a few right ones at the top, a gap of
    wrong ones under them, then a wide band where a link is right about as often as the
    F-measure breaks even. The single best threshold is the lone peak over the gap; averaged
    with its neighbours, the band wins."""
    vector = [0.0] * len(FEATURES)
    layers = [(1.0, 5, 0), (0.75, 0, 10), (0.5, 3, 3), (0.25, 1, 4), (0.0, 1, 4), (-0.25, 0, 10)]
    groups, score = [], {}
    for value, right, wrong in layers:
        for flag in [True] * right + [False] * wrong:
            index = len(score)
            score[index] = value
            candidate = Candidate(index, vector, hand=0.0, linked=flag, right=flag)
            groups.append(Group(answer=index + 1000, candidates=[candidate]))
    scorer = lambda c: score[c.index]  # noqa: E731
    peak = link_training.choose_thresholds(groups, scorer, 20, beta=1.0, smoothing=0)
    assert peak[0] == 1.0
    first, _ = link_training.choose_thresholds(groups, scorer, 20, beta=1.0)
    assert 0.0 <= first <= 0.5


def kind_groups(seed: int, answers: int = 80) -> list[Group]:
    """Rebuttals of one linked candidate each, the gold kind told by one feature: an answer
    that opens on the claim's side (`about_messenger`) discredits its source two times in
    three, any other rebuts it; the other features are noise. The rule calls every link a
    rebuttal."""
    rng = random.Random(seed)
    messenger = FEATURES.index("about_messenger")
    groups = []
    for a in range(answers):
        vector = [0.0] * len(FEATURES)
        vector[NEAR] = rng.random()
        vector[SHARED] = rng.random()
        vector[messenger] = float(a % 2)
        gold = "discredits_source" if a % 2 and a % 3 else "rebuts"
        candidate = Candidate(
            10 * a,
            vector,
            hand=0.0,
            linked=True,
            right=gold == "rebuts",
            link_kind="rebuts",
            rule_kind="rebuts",
            gold_kinds=frozenset({gold}),
        )
        groups.append(Group(answer=10 * a + 9, candidates=[candidate]))
    return groups


def test_the_kind_of_a_link_is_learned_from_the_pairs_the_gold_links():
    kinds = link_training.fit_kinds(kind_groups(1))
    # One choice: a rebuttal's link may discredit its source instead (no other kind is linked).
    assert list(kinds) == ["rebuts"] and list(kinds["rebuts"]) == ["discredits_source"]
    choice = kinds["rebuts"]["discredits_source"]
    assert choice.weights["about_messenger"] > 1.0
    model = LinkModel(
        weights=dict.fromkeys(FEATURES, 0.0), bias=0.0, first=0.0, second=None, kinds=kinds
    )
    # Relabelled by the model's choice, an answer about the messenger is right as a discrediting
    # link, the others as rebuttals: more right than the rule's kinds.
    held = kind_groups(2)
    before = sum(c.right for g in held for c in g.candidates)
    link_training.relabel(held, model)
    after = sum(c.right for g in held for c in g.candidates)
    assert after > before
    for group in held:
        [c] = group.candidates
        expected = "discredits_source" if c.vector[FEATURES.index("about_messenger")] else "rebuts"
        assert c.right == (expected in c.gold_kinds)


def test_a_kind_too_rarely_linked_gets_no_choice_and_candidates_without_kinds_stand():
    groups = kind_groups(3, answers=12)  # four links that discredit: under KIND_MINIMUM
    assert link_training.fit_kinds(groups) == {}
    bare = Group(answer=5, candidates=[Candidate(1, [0.0] * len(FEATURES), 0.0, True, True)])
    model = LinkModel(
        weights=dict.fromkeys(FEATURES, 0.0),
        bias=0.0,
        first=0.0,
        second=None,
        kinds=link_training.fit_kinds(kind_groups(1)),
    )
    link_training.relabel([bare], model)
    assert bare.candidates[0].right


def test_the_thresholds_read_whether_the_gold_links_a_pair_whatever_its_kind():
    vector = [0.0] * len(FEATURES)

    def candidate(index: int, gold: set[str]) -> Candidate:
        return Candidate(
            index,
            vector,
            hand=0.0,
            linked=bool(gold),
            right=False,
            link_kind="rebuts",
            rule_kind="rebuts",
            gold_kinds=frozenset(gold),
        )

    group = Group(
        answer=9,
        candidates=[
            candidate(0, {"discredits_source"}),
            candidate(1, {"same_claim"}),
            candidate(2, set()),
            Candidate(3, vector, hand=0.0, linked=True, right=False),
        ],
    )
    link_training.label_pairs([group])
    # A pair linked by another answer's kind counts; a restatement, no link, or a candidate
    # without its kinds (right as given) does not.
    assert [c.right for c in group.candidates] == [True, False, False, False]


def test_the_solver_solves():
    assert link_training._solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]) == pytest.approx([0.8, 1.4])


def write_gold(folder):
    """A gold file of one crafted article: a denial that rebuts the first of two reports."""
    body = (
        "The Orvan Monitor for Civil Rights said Tessalian drones struck the Ostrel bakery.\n\n"
        "Blue Crescent Rescue said 14 people died in Marrow.\n\n"
        "The Tessalian Defence Ministry denied that its drones struck the Ostrel bakery."
    )
    (folder / "a.txt").write_text(f"unknown\nHarbour Post\nunknown\nA title\n\n{body}\n")
    quotes = body.split("\n\n")
    gold = [
        {
            "file": "a.txt",
            "claims": [
                {"id": "c1", "kind": "allegation", "claimant": "x", "quote": quotes[0]},
                {"id": "c2", "kind": "allegation", "claimant": "y", "quote": quotes[1]},
                {
                    "id": "c3",
                    "kind": "denial",
                    "claimant": "z",
                    "quote": quotes[2],
                    "rebuts": ["c1"],
                },
            ],
        }
    ]
    (folder / "gold.json").write_text(json.dumps(gold))
    return folder / "gold.json"


def test_the_pairs_of_a_gold_file_are_labelled_by_its_links(tmp_path):
    pairs = link_training.collect(write_gold(tmp_path), ACTORS)
    assert pairs.gold_links == 1
    [group] = pairs.groups
    assert group.answer == 2
    labels = {c.index: (c.linked, c.right) for c in group.candidates}
    assert labels == {0: (True, True), 1: (False, False)}
    # Each pair keeps the kinds the gold links it by, beside the kind the answer's own gives.
    kinds = {c.index: (c.link_kind, c.rule_kind, c.gold_kinds) for c in group.candidates}
    assert kinds == {0: ("rebuts", "rebuts", {"rebuts"}), 1: ("rebuts", "rebuts", frozenset())}
    assert all(len(c.vector) == len(FEATURES) for c in group.candidates)


def test_the_losses_say_where_each_gold_link_is_found_or_lost(tmp_path):
    gold = write_gold(tmp_path)
    assert link_training.losses(gold, ACTORS) == Counter({"found": 1})
    # The same link from a claim the gold calls a counter-claim: the engine reads a denial, so
    # the link is lost before the link stage.
    article = json.loads(gold.read_text())
    article[0]["claims"][2]["kind"] = "counter_claim"
    gold.write_text(json.dumps(article))
    assert link_training.losses(gold, ACTORS) == Counter({"the source's kind wrong": 1})


def test_the_commands_measure_and_write_the_weights(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    gold = [str(write_gold(tmp_path / "a")), str(write_gold(tmp_path / "b"))]
    assert link_training.main(["cross-validate", *gold, "--choose-thresholds"]) == 0
    table = capsys.readouterr().out
    # Each file scored by the model trained on the other, beside the hand-set stage (the
    # thresholds chosen on one crafted file, not held at those the real files gave).
    assert table.count("| 1 | 1.000/1.000 (1 of 1) | 1.000/1.000 (1 of 1) |") == 2
    assert "| all | 2 | 1.000/1.000 (2 of 2) | 1.000/1.000 (2 of 2) |" in table
    weights = tmp_path / "weights.json"
    assert link_training.main(["train", *gold, "--out", str(weights)]) == 0
    assert "inflated" in capsys.readouterr().out
    assert list(load(weights).weights) == list(FEATURES)
    assert link_training.main(["losses", *gold]) == 0
    table = capsys.readouterr().out
    assert "| found | 2 |" in table
    assert "1.000" in table.splitlines()[-1]


def test_bad_input_to_the_commands_is_refused_with_a_message(tmp_path, capsys):
    assert link_training.main(["cross-validate", str(write_gold(tmp_path))]) == 2
    assert "two gold files" in capsys.readouterr().err
    assert link_training.main(["train", str(tmp_path / "missing.json")]) == 2
    assert "Could not train" in capsys.readouterr().err
