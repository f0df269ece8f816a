"""Training the learned kind model (app/ingest/suggest/kind_model.py) on gold files, and the
honest measure of it: leave one file out (train on the others, score the one left out).

    python -m app.ingest.kind_training cross-validate  # per file: the rules' kind, the model's
        # (each fold's first link pass by a link scorer trained on the fold's files;
        # --packaged-first-pass: by the packaged link weights, the measure before)
    python -m app.ingest.kind_training train  # writes app/ingest/suggest/kind_weights.json
    python -m app.ingest.kind_training compare  # each file's whole evaluation, rules and model

All default to the development files (`app.ingest.gold.DEVELOPMENT_FILES`) and the seed actors
only (what the engine knows on import); training is deterministic (a fixed order of examples
per epoch)."""

import argparse
import json
import math
import random
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.ingest import link_training
from app.ingest.gold import DEVELOPMENT_FILES, GOLD_DIR, GoldFileError, read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.kind_model import (
    CLASSES,
    KIND_MODEL,
    WEIGHTS_PATH,
    WORD_TEMPLATES,
    FirstPass,
    KindDecider,
    KindModel,
    features,
    first_pass,
    reach_features,
    reach_of,
    shared_pairing,
)
from app.ingest.suggest.link_model import FEATURES, LINK_MODEL, LinkScorer
from app.ingest.suggest.model import Context, Dispute, Unit
from app.ingest.suggestion_scoring import Score, match_claims, score_article

# A kind replaces the rules' as soon as it is the likelier (0.2 until the eighty-fourth round:
# chosen when the model learned from 4,022 claims; on 7,269, six groups of files each left out,
# 0 gives +47 kinds right, 0.1 +36, 0.3 -48; docs/import.md, eighty-fourth round).
PACKAGED_MARGIN = 0.0
# A statement replaces the rules' denial in so many words only when more likely by 0.6 (0.5 and
# 0.6 the best out of file, docs/import.md, fifty-fourth round; 0.2, the margin, before).
PACKAGED_STRONG_MARGIN = 0.6
# The changes of kind the model makes only by a margin of its own: those where the rules' kind
# was right out of file more often than the model's (`fit_change_margins` on every file's
# out-of-file kinds, printed by cross-validate; docs/import.md, hundred-and-twenty-first round).
PACKAGED_CHANGE_MARGINS: dict[str, float] = {"allegation>statement": 0.2}
# A word of the article is kept as a feature only if the training examples of this many
# different gold files have it: one article's names and topics stay out. Counted from the
# examples trained on, so that a file left out does not choose its own words (docs/import.md,
# fifty-first round: 3 and 5 give the same out of file, 5 the fewer words).
WORD_MIN_FILES = 5


@dataclass(frozen=True, slots=True)
class Example:
    """A matched suggestion: its features, the kind the rules gave it and the gold kind."""

    source: str  # the gold file
    row: tuple[str, ...]
    rule: str
    gold: str
    # Its article's first link pass, by its place in the `passes` collect filled (-1: none
    # kept), and its claim's index in that article.
    article: int = -1
    index: int = -1
    # Denied in so many words when the rules gave their kind (`Unit.strong`, the strong margin's).
    strong: bool = False


@dataclass(slots=True)
class KeptPass:
    """An article's first link pass (kind_model.FirstPass) kept compactly: each pair's features
    in `link_model.FEATURES` order, so that each fold scores them with its own link scorer."""

    kinds: list[str]
    pairs: list[tuple[int, int, bool, array]] = field(default_factory=list)

    @classmethod
    def of(cls, first: FirstPass) -> "KeptPass":
        return cls(
            first.kinds,
            [
                (i, j, answer, array("d", (values.get(name, 0.0) for name in FEATURES)))
                for i, j, answer, values in first.pairs
            ],
        )

    def reach(self, model: LinkScorer) -> list[tuple[str, str, str]]:
        """kind_model.answer_reach of the article, by this scorer."""
        pairs = [
            (i, j, answer, dict(zip(FEATURES, vector, strict=True)))
            for i, j, answer, vector in self.pairs
        ]
        return reach_of(FirstPass(self.kinds, pairs), model)


class _Recorder:
    """Keeps each unit's features, and the article's first link pass, and leaves the rules'
    kinds as they are."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.first = FirstPass([], [])
        self.strong: list[bool] = []

    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        self.first = first_pass(units, shared_pairing(units, context))
        reach = reach_of(self.first, LINK_MODEL)
        self.rows = features(units, context, dispute, reach=reach)
        self.strong = [unit.strong for unit in units]


def collect(
    paths: Sequence[Path], actors: ActorDirectory, passes: list[KeptPass] | None = None
) -> list[Example]:
    """The examples of these gold files: every suggestion that matches a gold claim, its
    features read with the packaged link scorer's first pass. When `passes` is given, each
    article's first pass is kept in it, for `with_first_pass`."""
    examples = []
    for path in paths:
        for article in read_gold(path):
            recorder = _Recorder()
            suggestions = suggest_claims(
                article.body, actors, publisher=article.outlet, kind_model=recorder
            )
            kept = -1
            if passes is not None:
                kept = len(passes)
                passes.append(KeptPass.of(recorder.first))
            for g, s in sorted(match_claims(article.claims, suggestions).items()):
                examples.append(
                    Example(
                        _name(path),
                        tuple(recorder.rows[s]),
                        suggestions[s].kind,
                        article.claims[g].kind,
                        kept,
                        s,
                        recorder.strong[s],
                    )
                )
    return examples


# The templates of what a claim answers (kind_model.reach_features), in their order in a row.
_REACH_TEMPLATES = ("answers", "answered", "answers*rule", "answers_what")


def with_first_pass(
    examples: Sequence[Example], passes: Sequence[KeptPass], model: LinkScorer
) -> list[Example]:
    """The examples with what each claim answers read by another link scorer's first pass (a
    fold's, trained without the file left out), the rest of each row as it was."""
    reaches: dict[int, list[tuple[str, str, str]]] = {}
    out = []
    for example in examples:
        if example.article not in reaches:
            reaches[example.article] = passes[example.article].reach(model)
        row = example.row
        at = next(k for k, f in enumerate(row) if f.partition("=")[0] == _REACH_TEMPLATES[0])
        assert tuple(f.partition("=")[0] for f in row[at : at + 4]) == _REACH_TEMPLATES
        values = dict(f.partition("=")[::2] for f in row if f.startswith(("rule=", "role=")))
        new = reach_features(
            reaches[example.article][example.index], values["rule"], values["role"]
        )
        out.append(
            Example(
                example.source,
                (*row[:at], *new, *row[at + 4 :]),
                example.rule,
                example.gold,
                example.article,
                example.index,
                example.strong,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class FoldDecider:
    """A kind model whose first link pass is scored by a given link scorer (a fold's)."""

    model: KindModel
    link_model: LinkScorer

    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        self.model.decide(units, context, dispute, reach_model=self.link_model)


def _name(path: Path) -> str:
    return str(path.relative_to(GOLD_DIR) if path.is_relative_to(GOLD_DIR) else path)


def train(
    examples: Sequence[Example],
    *,
    epochs: int = 30,
    l2: float = 1e-3,
    rate: float = 0.3,
    min_count: int = 2,
    word_min_files: int = WORD_MIN_FILES,
    seed: int = 13,
    margin: float = 0.0,
    strong_margin: float = 0.0,
    change_margins: dict[str, float] | None = None,
) -> KindModel:
    """A multinomial logistic regression by stochastic gradient descent with AdaGrad steps and
    an L2 penalty, in a fixed order of examples per epoch (deterministic). Features seen in
    fewer than `min_count` examples are left out, and words of the article (`WORD_TEMPLATES`)
    seen in the examples of fewer than `word_min_files` different files."""
    counts: dict[str, int] = {}
    files: dict[str, set[str]] = {}
    for example in examples:
        for feature in set(example.row):
            counts[feature] = counts.get(feature, 0) + 1
            if feature.partition("=")[0] in WORD_TEMPLATES:
                files.setdefault(feature, set()).add(example.source)
    names = sorted(
        f
        for f, n in counts.items()
        if n >= min_count and (f not in files or len(files[f]) >= word_min_files)
    )
    index = {f: i for i, f in enumerate(names)}
    rows = [
        ([index[f] for f in dict.fromkeys(e.row) if f in index], CLASSES.index(e.gold))
        for e in examples
    ]
    k = len(CLASSES)
    weights = [[0.0] * k for _ in names]
    squares = [[1e-8] * k for _ in names]
    order = list(range(len(rows)))
    shuffle = random.Random(seed)
    # The penalty on the mean loss, shared among the examples that touch each feature.
    penalty = [l2 * len(rows) / counts[name] for name in names]
    # The weights averaged over the second half of the epochs' ends: nearer the optimum, and
    # less dependent on the order of the last examples, than the last weights.
    averaged = [[0.0] * k for _ in names]
    kept = 0
    for epoch in range(epochs):
        shuffle.shuffle(order)
        for i in order:
            active, label = rows[i]
            totals = [0.0] * k
            for f in active:
                w = weights[f]
                for c in range(k):
                    totals[c] += w[c]
            top = max(totals)
            exps = [math.exp(t - top) for t in totals]
            whole = sum(exps)
            gradient = [e / whole for e in exps]
            gradient[label] -= 1.0
            for f in active:
                w, g2, p = weights[f], squares[f], penalty[f]
                for c in range(k):
                    g = gradient[c] + p * w[c]
                    g2[c] += g * g
                    w[c] -= rate * g / math.sqrt(g2[c])
        if 2 * epoch >= epochs - 1:
            kept += 1
            for a, w in zip(averaged, weights, strict=True):
                for c in range(k):
                    a[c] += w[c]
    return KindModel(
        {name: tuple(w / kept for w in averaged[i]) for i, name in enumerate(names)},
        margin,
        strong_margin,
        dict(change_margins or {}),
    )


Comparison = list[tuple[str, Score, Score]]
# The model's kinds of the matched claims by their gold kinds: (gold, suggested) -> claims.
Confusion = Counter[tuple[str, str]]


def cross_validate(
    paths: Sequence[Path],
    actors: ActorDirectory,
    examples: Sequence[Example],
    passes: Sequence[KeptPass] | None = None,
    confusion: Confusion | None = None,
    fitted: dict[str, float] | None = None,
    **options: Any,
) -> Comparison:
    """For each file, train on the others' examples and evaluate the file left out with that
    model, beside the rules' kinds: the whole evaluation, since links and denial types follow
    the kinds. With `passes` (collect's), each fold first trains a link scorer on its files as
    `link_training` trains the packaged one, and reads what each claim answers by that
    scorer's first pass, in its training examples and in the file left out; without, by the
    packaged link weights, trained on the file left out too. (The link stage after the kinds
    links by the packaged weights either way.) Each fold's change margins are fitted on the
    other files' out-of-file kinds (every fold's model trained first); `fitted`, when given,
    gets the margins fitted on all the files' (the packaged model's). `confusion`, when given,
    counts the model's kinds of the matched claims of each file left out by their gold kinds."""
    link_files = {}
    if passes is not None:
        link_files = {_name(path): link_training.collect(path, actors) for path in paths}
    folds: dict[str, tuple[KindModel, LinkScorer | None]] = {}
    scored: dict[str, list[Scored]] = {}
    for path in paths:
        name = _name(path)
        kept = [e for e in examples if e.source != name]
        mine = [e for e in examples if e.source == name]
        link_model: LinkScorer | None = None
        if passes is not None:
            link_model = link_training.train([f for n, f in link_files.items() if n != name])
            kept = with_first_pass(kept, passes, link_model)
            mine = with_first_pass(mine, passes, link_model)
        model = train(kept, **options)
        folds[name] = (model, link_model)
        scored[name] = [Scored.of(model, e) for e in mine]
    margin, strong_margin = options.get("margin", 0.0), options.get("strong_margin", 0.0)
    if fitted is not None:
        every = [s for claims in scored.values() for s in claims]
        fitted.update(fit_change_margins(every, margin, strong_margin))
    rows = []
    for path in paths:
        name = _name(path)
        model, link_model = folds[name]
        others = [s for n, claims in scored.items() if n != name for s in claims]
        model = replace(model, change_margins=fit_change_margins(others, margin, strong_margin))
        decider: KindDecider = model if link_model is None else FoldDecider(model, link_model)
        rules_score, model_score = _evaluate(path, actors, decider, confusion)
        rows.append((name, rules_score, model_score))
    return rows


@dataclass(frozen=True, slots=True)
class Scored:
    """A matched claim's kind probabilities by a model that did not see its file."""

    scores: list[float]
    rule: str
    gold: str
    strong: bool

    @classmethod
    def of(cls, model: KindModel, example: Example) -> "Scored":
        return cls(model.scores(example.row), example.rule, example.gold, example.strong)


# The margins a change of kind may be given; 1 keeps the rules' kind always.
_MARGIN_STEPS = tuple(step / 10 for step in range(11))
# A change keeps a margin of its own only where that puts this many more kinds right than the
# plain margin, out of file: a gain of a few claims is a fold's noise (the stand-in of the
# cross-validation, each file's margins fitted on the others': 3 -17, 5 +2, 10 +12).
MIN_MARGIN_GAIN = 10


def fit_change_margins(
    scored: Sequence[Scored], margin: float, strong_margin: float
) -> dict[str, float]:
    """Each change of kind ("rule>kind") whose own margin puts more of these claims' kinds
    right (they are out of file: a model's probabilities of the files it did not see) than the
    plain margin, by `MIN_MARGIN_GAIN` or more: the smallest such margin of the best."""
    by_change: dict[str, list[tuple[float, bool, bool, bool]]] = {}
    for claim in scored:
        best = max(range(len(CLASSES)), key=claim.scores.__getitem__)
        if CLASSES[best] == claim.rule:
            continue
        lead = claim.scores[best] - claim.scores[CLASSES.index(claim.rule)]
        held = claim.strong and claim.rule == "denial" and CLASSES[best] == "statement"
        by_change.setdefault(f"{claim.rule}>{CLASSES[best]}", []).append(
            (lead, held, CLASSES[best] == claim.gold, claim.rule == claim.gold)
        )
    fitted = {}
    for change, claims in sorted(by_change.items()):

        def right(step: float, claims: list[tuple[float, bool, bool, bool]] = claims) -> int:
            return sum(
                changed if lead > (max(step, strong_margin) if held else step) else kept
                for lead, held, changed, kept in claims
            )

        step = max(_MARGIN_STEPS, key=lambda m: (right(m), -m))
        if right(step) - right(margin) >= MIN_MARGIN_GAIN:
            fitted[change] = step
    return fitted


def _evaluate(
    path: Path, actors: ActorDirectory, model: KindDecider, confusion: Confusion | None = None
) -> tuple[Score, Score]:
    """One file's scores with the rules' kinds and with the model's; the model's kinds of the
    matched claims counted by their gold kinds in `confusion`, when given."""
    rules, learned = Score(article=path.name), Score(article=path.name)
    for article in read_gold(path):
        for score, decider in ((rules, None), (learned, model)):
            suggestions = suggest_claims(
                article.body, actors, publisher=article.outlet, kind_model=decider
            )
            score.add(score_article(article, suggestions))
            if confusion is not None and decider is not None:
                for g, s in match_claims(article.claims, suggestions).items():
                    confusion[str(article.claims[g].kind), str(suggestions[s].kind)] += 1
    return rules, learned


def confusion_table(confusion: Confusion) -> str:
    """The confusion as a Markdown table: gold kinds by row, the model's by column, each row's
    share right; then the off-diagonal cells, largest first."""
    head = " | ".join(CLASSES)
    lines = [
        f"| gold \\ model | {head} | all | right |",
        "| --- |" + " ---: |" * (len(CLASSES) + 2),
    ]
    for gold in CLASSES:
        counts = [confusion[gold, kind] for kind in CLASSES]
        whole = sum(counts)
        share = f"{confusion[gold, gold] / whole:.2f}" if whole else "-"
        cells = " | ".join(f"{n:,}" for n in counts)
        lines.append(f"| {gold} | {cells} | {whole:,} | {share} |")
    wrong = sorted(((n, g, k) for (g, k), n in confusion.items() if g != k and n), reverse=True)
    lines.append("off the diagonal: " + ", ".join(f"{g} → {k} {n}" for n, g, k in wrong))
    return "\n".join(lines)


def _totals(rows: Comparison) -> tuple[Score, Score]:
    rules, model = Score(article="all"), Score(article="all")
    for _, before, after in rows:
        rules.add(before)
        model.add(after)
    return rules, model


def _print_kinds(rows: Comparison) -> None:
    print(f"{'gold file':<22} {'matched':>7} {'rules':>13} {'model':>13} {'change':>7}")
    for name, rules, model in [*rows, ("all", *_totals(rows))]:
        print(
            f"{name:<22} {rules.matched:>7} {rules.kind_right:>5} {rules.kind_accuracy:>7.3f} "
            f"{model.kind_right:>5} {model.kind_accuracy:>7.3f} "
            f"{model.kind_right - rules.kind_right:>+7d}"
        )


def compare(paths: Sequence[Path], actors: ActorDirectory) -> Comparison:
    """Each file's whole evaluation with the rules' kinds and with the packaged model's (trained
    on these files, if they are the development files: in-sample figures)."""
    return [(_name(path), *_evaluate(path, actors, KIND_MODEL)) for path in paths]


def _print_comparison(rows: Comparison) -> None:
    print("| gold file | kind | claimant | denial type | A+D | links |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, rules, model in rows:
        print(_row(f"`{name}`", rules, model))
    total_rules, total_model = _totals(rows)
    print(_row("all", total_rules, total_model))
    for label, score in (("rules", total_rules), ("model", total_model)):
        print(
            f"{label}: kind {score.kind_right}/{score.matched}, claimant {score.claimant_right}, "
            f"A+D {score.suggested_contested_matched}/{score.suggested_contested} suggested "
            f"matched, {score.gold_contested_found}/{score.gold_contested} gold found, "
            f"denial type {score.denial_types_right}/{score.denial_types_scored}, links "
            f"{score.links_right}/{score.gold_links} right for {score.suggested_links} proposed"
        )


def _row(name: str, before: Score, after: Score) -> str:
    def cells(score: Score) -> list[str]:
        return [
            f"{score.kind_accuracy:.3f}",
            f"{score.claimant_accuracy:.3f}",
            f"{score.denial_type_accuracy:.3f}" if score.denial_types_scored else "-",
            f"{score.contested_precision:.3f}/{score.contested_recall:.3f}",
            f"{score.link_precision:.3f}/{score.link_recall:.3f}",
        ]

    pairs = " | ".join(f"{b} → {a}" for b, a in zip(cells(before), cells(after), strict=True))
    return f"| {name} | {pairs} |"


def weights_text(model: KindModel) -> str:
    """The weights file: one feature a line, so that a retraining's diff reads."""
    data = model.to_json()
    weights = data["weights"]
    assert isinstance(weights, dict)
    lines = ",\n".join(f"  {json.dumps(f)}: {json.dumps(w)}" for f, w in weights.items())
    return (
        f'{{"classes": {json.dumps(data["classes"])},\n'
        f' "templates": {json.dumps(data["templates"])},\n'
        f' "margin": {json.dumps(data["margin"])},\n'
        f' "strong_margin": {json.dumps(data["strong_margin"])},\n'
        f' "change_margins": {json.dumps(data["change_margins"])},\n'
        f' "weights": {{\n{lines}\n }}}}\n'
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.kind_training")
    parser.add_argument("command", choices=("cross-validate", "train", "compare"))
    parser.add_argument(
        "gold", type=Path, nargs="*", help="gold files (default: the development files)"
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where train writes")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument(
        "--word-min-files",
        type=int,
        default=WORD_MIN_FILES,
        help="keep a word only if the training examples of this many files have it",
    )
    # The packaged model's: a kind replaces the rules' as soon as it is the likelier
    # (PACKAGED_MARGIN; 0.2 before the eighty-fourth round).
    parser.add_argument("--margin", type=float, default=PACKAGED_MARGIN)
    parser.add_argument("--strong-margin", type=float, default=PACKAGED_STRONG_MARGIN)
    parser.add_argument(
        "--packaged-first-pass",
        action="store_true",
        help="cross-validate: read what a claim answers by the packaged link weights in every "
        "fold (trained on the file left out too), not by a link scorer trained on the fold's",
    )
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error("--epochs must be 1 or more")
    if args.word_min_files < 1:
        parser.error("--word-min-files must be 1 or more")
    if not (args.l2 >= 0 and math.isfinite(args.l2)):
        parser.error("--l2 must be a number from 0")
    if not 0 <= args.margin < 1:
        parser.error("--margin must be from 0 to less than 1")
    if not 0 <= args.strong_margin < 1:
        parser.error("--strong-margin must be from 0 to less than 1")
    paths = args.gold or list(DEVELOPMENT_FILES)
    actors = ActorDirectory.from_seed_annotations()
    try:
        if args.command == "compare":
            _print_comparison(compare(paths, actors))
            return 0
        honest = args.command == "cross-validate" and not args.packaged_first_pass
        passes: list[KeptPass] | None = [] if honest else None
        examples = collect(paths, actors, passes)
    except GoldFileError as error:
        print(f"Could not read the gold files: {error}", file=sys.stderr)
        return 2
    options = {
        "epochs": args.epochs,
        "l2": args.l2,
        "margin": args.margin,
        "strong_margin": args.strong_margin,
        "word_min_files": args.word_min_files,
    }
    if args.command == "cross-validate":
        confusion: Confusion = Counter()
        fitted: dict[str, float] = {}
        rows = cross_validate(paths, actors, examples, passes, confusion, fitted, **options)
        print(f"change margins fitted on every file's out-of-file kinds: {fitted}")
        _print_kinds(rows)
        print(confusion_table(confusion))
        _print_comparison(rows)
        return 0
    model = train(examples, change_margins=PACKAGED_CHANGE_MARGINS, **options)
    args.out.write_text(weights_text(model), encoding="utf-8")
    print(f"wrote {args.out}: {len(model.weights)} features, {len(examples)} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
