"""Training the learned kind model (app/ingest/suggest/kind_model.py) on gold files, and the
honest measure of it: leave one file out (train on the others, score the one left out).

    python -m app.ingest.kind_training cross-validate  # per file: the rules' kind, the model's
    python -m app.ingest.kind_training train  # writes app/ingest/suggest/kind_weights.json

Both default to the fourteen development files and the seed actors only (what the engine knows
on import); training is deterministic (a fixed order of examples per epoch)."""

import argparse
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.ingest.gold import read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.kind_model import CLASSES, WEIGHTS_PATH, KindModel, features
from app.ingest.suggest.model import Context, Dispute, Unit
from app.ingest.suggestion_scoring import match_claims
from app.paths import ROOT

GOLD = ROOT / "tests" / "data" / "gold"
# The development files (gold.json repeats dev.json and holdout.json).
DEVELOPMENT_FILES: tuple[Path, ...] = (
    GOLD / "styles.json",
    GOLD / "dev.json",
    GOLD / "holdout.json",
    GOLD / "seeds.json",
    GOLD / "blind" / "blind.json",
    *(GOLD / f"blind{n}" / f"blind{n}.json" for n in range(2, 11)),
)


@dataclass(frozen=True, slots=True)
class Example:
    """A matched suggestion: its features, the kind the rules gave it and the gold kind."""

    source: str  # the gold file
    row: tuple[str, ...]
    rule: str
    gold: str


class _Recorder:
    """Keeps each unit's features and leaves the rules' kinds as they are."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        self.rows = features(units, context, dispute)


def collect(paths: Sequence[Path], actors: ActorDirectory) -> list[Example]:
    """The examples of these gold files: every suggestion that matches a gold claim."""
    examples = []
    for path in paths:
        for article in read_gold(path):
            recorder = _Recorder()
            suggestions = suggest_claims(
                article.body, actors, publisher=article.outlet, kind_model=recorder
            )
            for g, s in sorted(match_claims(article.claims, suggestions).items()):
                examples.append(
                    Example(
                        str(path.relative_to(GOLD) if path.is_relative_to(GOLD) else path),
                        tuple(recorder.rows[s]),
                        suggestions[s].kind,
                        article.claims[g].kind,
                    )
                )
    return examples


def train(
    examples: Sequence[Example],
    *,
    epochs: int = 30,
    l2: float = 1e-3,
    rate: float = 0.3,
    min_count: int = 2,
    seed: int = 13,
) -> KindModel:
    """A multinomial logistic regression by stochastic gradient descent with AdaGrad steps and
    an L2 penalty, in a fixed order of examples per epoch (deterministic). Features seen in
    fewer than `min_count` examples are left out."""
    counts: dict[str, int] = {}
    for example in examples:
        for feature in set(example.row):
            counts[feature] = counts.get(feature, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count)
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
    return KindModel({name: tuple(w / kept for w in averaged[i]) for i, name in enumerate(names)})


@dataclass(frozen=True, slots=True)
class FoldResult:
    source: str
    matched: int
    rules_right: int
    model_right: int


def cross_validate(examples: Sequence[Example], **options: float) -> list[FoldResult]:
    """For each file, train on the others and score the kinds of the one left out, beside the
    rules' kinds of the same claims."""
    results = []
    for source in dict.fromkeys(e.source for e in examples):
        held = [e for e in examples if e.source == source]
        model = train([e for e in examples if e.source != source], **options)  # type: ignore[arg-type]
        results.append(
            FoldResult(
                source,
                len(held),
                sum(e.rule == e.gold for e in held),
                sum(model.predict(e.row) == e.gold for e in held),
            )
        )
    return results


def _print_folds(results: Sequence[FoldResult]) -> None:
    print(f"{'left out':<22} {'matched':>7} {'rules':>13} {'model':>13} {'change':>7}")
    for r in [*results, _total(results)]:
        print(
            f"{r.source:<22} {r.matched:>7} {r.rules_right:>5} {r.rules_right / r.matched:>7.3f} "
            f"{r.model_right:>5} {r.model_right / r.matched:>7.3f} "
            f"{r.model_right - r.rules_right:>+7d}"
        )


def _total(results: Sequence[FoldResult]) -> FoldResult:
    return FoldResult(
        "all",
        sum(r.matched for r in results),
        sum(r.rules_right for r in results),
        sum(r.model_right for r in results),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.kind_training")
    parser.add_argument("command", choices=("cross-validate", "train"))
    parser.add_argument("gold", type=Path, nargs="*", help="gold files (default: the fourteen)")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where train writes")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--l2", type=float, default=1e-3)
    args = parser.parse_args(argv)
    paths = args.gold or list(DEVELOPMENT_FILES)
    examples = collect(paths, ActorDirectory.from_seed_annotations())
    options = {"epochs": args.epochs, "l2": args.l2}
    if args.command == "cross-validate":
        _print_folds(cross_validate(examples, **options))
        return 0
    model = train(examples, **options)
    args.out.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model.weights)} features, {len(examples)} examples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
