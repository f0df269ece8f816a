"""app/ingest/kind_training.py: training the kind model and scoring it file by file."""

from collections import Counter
from pathlib import Path

import pytest

from app.ingest import kind_training
from app.ingest.kind_training import (
    PACKAGED_CHANGE_MARGINS,
    PACKAGED_MARGIN,
    PACKAGED_STRONG_MARGIN,
    Example,
    Scored,
    fit_change_margins,
    main,
    train,
)
from app.ingest.suggest.kind_model import CLASSES, FirstPass, KindModel, reach_of
from app.ingest.suggest.link_model import FEATURES, LINK_MODEL
from tests.ingest.suggest.fixtures import ACTORS

GOLD = Path(__file__).parent.parent / "data" / "gold"


def toy(source: str, row: tuple[str, ...], rule: str, gold: str, times: int) -> list[Example]:
    return [Example(source, ("bias", *row), rule, gold)] * times


# The rules read a verb of denial right, but a plain "said" of the accused side is a denial the
# rules call a statement, and of a side of neither camp a statement indeed.
TOY = [
    *toy("a", ("rule=denial", "cue=deny", "role=accused"), "denial", "denial", 30),
    *toy("a", ("rule=statement", "cue=say", "role=accused"), "statement", "denial", 30),
    *toy("b", ("rule=statement", "cue=say", "role=neither"), "statement", "statement", 30),
    *toy("b", ("rule=allegation", "cue=accuse", "role=accuser"), "allegation", "allegation", 30),
]


def test_training_learns_how_the_signals_combine():
    model = train(TOY, epochs=20)
    assert model.predict(("bias", "rule=statement", "cue=say", "role=accused"), "statement") == (
        "denial"
    )
    assert model.predict(("bias", "rule=statement", "cue=say", "role=neither"), "statement") == (
        "statement"
    )
    assert model.predict(("bias", "rule=denial", "cue=deny", "role=accused"), "denial") == "denial"
    assert model.predict(("bias", "rule=allegation", "cue=accuse"), "allegation") == "allegation"


def test_training_is_deterministic_and_leaves_out_rare_features():
    rare = [*TOY, Example("c", ("bias", "verb=rubbished"), "denial", "denial")]
    first, second = train(rare, epochs=5), train(rare, epochs=5)
    assert first == second
    assert "verb=rubbished" not in first.weights and "role=accused" in first.weights
    assert "verb=rubbished" in train(rare, epochs=5, min_count=1).weights


def test_a_word_is_kept_only_if_several_files_have_it():
    # "word=fabricat" is in three files, "word=marrow" in one file only, however often.
    worded = [
        *TOY,
        *toy("a", ("word=fabricat",), "denial", "denial", 5),
        *toy("b", ("word=fabricat",), "denial", "denial", 5),
        *toy("c", ("word=fabricat", "word=marrow"), "denial", "denial", 20),
    ]
    model = train(worded, epochs=3, word_min_files=3)
    assert "word=fabricat" in model.weights and "word=marrow" not in model.weights
    assert "word=fabricat" not in train(worded, epochs=3, word_min_files=4).weights
    assert "word=marrow" in train(worded, epochs=3, word_min_files=1).weights


def test_cross_validation_counts_the_words_files_without_the_file_left_out(monkeypatch):
    # The filter is computed inside each fold: a word of two files and the one left out is
    # not kept when three files are needed.
    seen: list[set[str]] = []
    real_train = kind_training.train

    def spy(examples, **options):
        model = real_train(examples, **options)
        seen.append({f for f in model.weights if f.startswith("word=")})
        return model

    monkeypatch.setattr(kind_training, "train", spy)
    monkeypatch.setattr(
        kind_training, "_evaluate", lambda path, actors, model, confusion: (None, None)
    )
    examples = [
        *TOY,
        *toy("a", ("word=deni",), "denial", "denial", 3),
        *toy("b", ("word=deni",), "denial", "denial", 3),
        *toy("c", ("word=deni",), "denial", "denial", 3),
    ]
    paths = [Path("a"), Path("b"), Path("c")]
    kind_training.cross_validate(paths, None, examples, epochs=1, word_min_files=3)
    assert seen == [set(), set(), set()]
    assert "word=deni" in train(examples, epochs=1, word_min_files=3).weights


def test_l2_keeps_the_weights_small():
    loose, tight = train(TOY, epochs=10, l2=0.0), train(TOY, epochs=10, l2=0.1)
    assert sum(map(abs, tight.weights["role=accused"])) < sum(
        map(abs, loose.weights["role=accused"])
    )


def test_train_writes_a_weights_file_the_engine_reads_and_the_same_twice(tmp_path, capsys):
    files = [str(GOLD / "dev.json"), str(GOLD / "holdout.json")]
    for out in ("one.json", "two.json"):
        assert main(["train", *files, "--out", str(tmp_path / out), "--epochs", "3"]) == 0
    assert "examples" in capsys.readouterr().out
    written = (tmp_path / "one.json").read_bytes()
    assert written == (tmp_path / "two.json").read_bytes()
    model = KindModel.load(tmp_path / "one.json")
    assert len(model.weights) > 20
    assert (model.margin, model.strong_margin) == (PACKAGED_MARGIN, PACKAGED_STRONG_MARGIN)
    assert model.change_margins == PACKAGED_CHANGE_MARGINS


def test_cross_validation_scores_each_file_left_out_beside_the_rules(capsys):
    files = [str(GOLD / "dev.json"), str(GOLD / "holdout.json")]
    assert main(["cross-validate", *files, "--epochs", "3"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    dev, holdout, both = rows["dev.json"], rows["holdout.json"], rows["all"]
    # matched, right by the rules, their accuracy, right by the model, its accuracy, the change
    assert int(both[0]) == int(dev[0]) + int(holdout[0]) > 0
    assert int(both[1]) == int(dev[1]) + int(holdout[1])
    assert float(dev[2]) == round(int(dev[1]) / int(dev[0]), 3)
    assert int(both[5]) == int(both[3]) - int(both[1])
    # Then the whole evaluation of each file left out, rules → model.
    assert "| `dev.json` | " in out and "| `holdout.json` | " in out and "| all | " in out


def test_a_missing_gold_file_is_named_and_no_weights_are_written(tmp_path, capsys):
    out = tmp_path / "weights.json"
    assert main(["train", str(tmp_path / "nowhere.json"), "--out", str(out)]) == 2
    assert "nowhere.json: cannot be read" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--epochs", "0"], "--epochs must be 1 or more"),
        (["--l2", "-1"], "--l2 must be a number from 0"),
        (["--l2", "nan"], "--l2 must be a number from 0"),
        (["--margin", "1"], "--margin must be from 0 to less than 1"),
        (["--strong-margin", "-0.1"], "--strong-margin must be from 0 to less than 1"),
        (["--word-min-files", "0"], "--word-min-files must be 1 or more"),
    ],
)
def test_out_of_range_options_are_refused(option, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["train", *option])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


class _Margin:
    """A link scorer that gives every pair the same margin over its first threshold."""

    def __init__(self, margin: float) -> None:
        self.margin = margin

    @property
    def first(self) -> float:
        return 0.0

    @property
    def second(self) -> float | None:
        return None

    @property
    def third(self) -> float | None:
        return None

    def score(self, features: dict[str, float]) -> float:
        return self.margin

    def link_kind(self, link_kind: str, features: dict[str, float]) -> str | None:
        return None


def test_a_folds_first_pass_changes_only_what_each_claim_answers():
    passes: list[kind_training.KeptPass] = []
    examples = kind_training.collect([GOLD / "dev.json"], ACTORS, passes)
    assert examples and passes and all(0 <= e.article < len(passes) for e in examples)
    # Scored again by the packaged link weights, the rows are the ones collected.
    assert kind_training.with_first_pass(examples, passes, LINK_MODEL) == examples
    assert [e.row for e in kind_training.collect([GOLD / "dev.json"], ACTORS)] == [
        e.row for e in examples
    ]
    # By another scorer, only the features of what a claim answers change, in their place.
    far = kind_training.with_first_pass(examples, passes, _Margin(-5.0))
    reach = ("answers", "answered", "answers*rule", "answers_what")
    changed = 0
    for before, after in zip(examples, far, strict=True):
        assert len(before.row) == len(after.row)
        for old, new in zip(before.row, after.row, strict=True):
            if old != new:
                changed += 1
                assert old.partition("=")[0] == new.partition("=")[0] in reach
        assert "answers=well" not in after.row and "answered=well" not in after.row
    assert changed > 0


def test_a_kept_pass_scores_as_the_pass_it_was_kept_from():
    passes: list[kind_training.KeptPass] = []
    kind_training.collect([GOLD / "holdout.json"], ACTORS, passes)
    for margin in (-3.0, 0.0, 3.0):
        for kept in passes:
            full = FirstPass(
                kept.kinds,
                [(i, j, a, dict(zip(FEATURES, v, strict=True))) for i, j, a, v in kept.pairs],
            )
            assert kept.reach(_Margin(margin)) == reach_of(full, _Margin(margin))


def test_each_fold_trains_its_link_scorer_without_the_file_left_out(monkeypatch):
    trained: list[list[str]] = []
    real = kind_training.link_training.train

    def spy(files, **options):
        trained.append(sorted(f.name for f in files))
        return real(files, **options)

    deciders = []

    def evaluate(path, actors, decider, confusion):
        deciders.append(decider)
        return kind_training.Score(article="rules"), kind_training.Score(article="model")

    monkeypatch.setattr(kind_training.link_training, "train", spy)
    monkeypatch.setattr(kind_training, "_evaluate", evaluate)
    paths = [GOLD / "dev.json", GOLD / "holdout.json", GOLD / "seeds.json"]
    passes: list[kind_training.KeptPass] = []
    examples = kind_training.collect(paths, ACTORS, passes)
    kind_training.cross_validate(paths, ACTORS, examples, passes, epochs=1)
    assert trained == [
        ["holdout.json", "seeds.json"],
        ["dev.json", "seeds.json"],
        ["dev.json", "holdout.json"],
    ]
    assert all(isinstance(d, kind_training.FoldDecider) for d in deciders)
    assert all(d.link_model is not LINK_MODEL for d in deciders)
    # Without the kept passes, the packaged link weights in every fold (the measure before).
    deciders.clear()
    kind_training.cross_validate(paths, ACTORS, examples, epochs=1)
    assert all(isinstance(d, KindModel) for d in deciders) and len(trained) == 3


def test_the_confusion_table_reads_gold_by_row_and_lists_the_wrong_cells_largest_first():
    confusion = Counter(
        {("denial", "denial"): 3, ("statement", "denial"): 2, ("allegation", "statement"): 1}
    )
    table = kind_training.confusion_table(confusion)
    assert "| denial | 0 | 3 | 0 | 0 | 0 | 3 | 1.00 |" in table
    assert "| statement | 0 | 2 | 0 | 0 | 0 | 2 | 0.00 |" in table
    assert "| counter_claim | 0 | 0 | 0 | 0 | 0 | 0 | - |" in table
    assert table.endswith("statement → denial 2, allegation → statement 1")


def test_the_cross_validation_counts_the_models_kinds_of_the_files_left_out(monkeypatch):
    counted = []

    def evaluate(path, actors, decider, confusion):
        counted.append(confusion)
        return kind_training.Score(article="rules"), kind_training.Score(article="model")

    monkeypatch.setattr(kind_training, "_evaluate", evaluate)
    confusion: kind_training.Confusion = Counter()
    examples = [*TOY, *toy("a", ("word=deni",), "denial", "denial", 3)]
    kind_training.cross_validate([Path("a")], None, examples, None, confusion, epochs=1)
    assert len(counted) == 1 and counted[0] is confusion


def test_the_evaluation_counts_the_models_kinds_of_the_matched_claims():
    corroborate = KindModel({"bias": (0.0, 0.0, 0.0, 5.0, 0.0)})
    confusion: kind_training.Confusion = Counter()
    _, model = kind_training._evaluate(GOLD / "dev.json", ACTORS, corroborate, confusion)
    assert sum(confusion.values()) == model.matched > 0
    assert {kind for _, kind in confusion} == {"corroboration"}
    assert sum(n for (gold, _), n in confusion.items() if gold == "corroboration") == (
        model.kind_right
    )


def scored(rule: str, best: str, gold: str, lead: float, times: int) -> list[Scored]:
    """Claims whose model puts `best` ahead of the rules' kind by `lead`."""
    scores = [0.0] * 5
    scores[CLASSES.index(rule)] = 0.2
    scores[CLASSES.index(best)] = 0.2 + lead
    return [Scored(scores, rule, gold, False)] * times


def test_a_change_keeps_a_margin_only_where_the_rules_are_right_more_often_out_of_file():
    claims = [
        # statement > denial: the model right when sure, the rules right when it is not.
        *scored("statement", "denial", "denial", 0.5, 10),
        *scored("statement", "denial", "statement", 0.05, 10),
        # allegation > denial: the model right more often, whatever its lead.
        *scored("allegation", "denial", "denial", 0.1, 10),
        *scored("allegation", "denial", "allegation", 0.1, 4),
        # denial > statement: a gain under MIN_MARGIN_GAIN is noise.
        *scored("denial", "statement", "denial", 0.1, 2),
    ]
    assert fit_change_margins(claims, 0.0, 0.0) == {"statement>denial": 0.1}


def test_each_fold_fits_its_change_margins_without_the_file_left_out(monkeypatch):
    fitted_on = []

    def fit(claims, margin, strong_margin):
        fitted_on.append(len(claims))
        return {}

    monkeypatch.setattr(kind_training, "fit_change_margins", fit)
    monkeypatch.setattr(kind_training, "_evaluate", lambda *args: (None, None))
    every: dict[str, float] = {}
    kind_training.cross_validate([Path("a"), Path("b")], None, TOY, None, None, every, epochs=1)
    assert fitted_on == [120, 60, 60]  # every file's, then each fold's: the other file's
