"""Training the link model (app/ingest/suggest/link_model.py) on gold files, and measuring it
honestly: leave one file out.

Every answer the link stage scores, with every claim it considers, is one group of pairs; a
pair is labelled linked when the gold links the claims its two ends matched (as
app/ingest/suggestion_scoring.py matches them). A logistic regression over the pairs' features
(L2-regularised, fitted by Newton's method: deterministic) learns the weights; the thresholds
for the first and the second link are those that give the training files the best F-measure
of links.

    python -m app.ingest.link_training cross-validate   # leave one file out, beside the stage
    python -m app.ingest.link_training train --write    # fit on all files, write the weights
"""

import argparse
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.ingest.gold import read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.link_model import FEATURES, MODEL_PATH, LinkModel
from app.ingest.suggest.links import MIN_SCORE, SECOND_SHARE, WEIGHTS, Pairing, answer_link_kind
from app.ingest.suggest.model import Unit
from app.ingest.suggestion_scoring import match_claims
from app.paths import ROOT

GOLD_DIR = ROOT / "tests" / "data" / "gold"
# The development files: gold.json repeats dev.json and holdout.json.
DEVELOPMENT_FILES = (
    "styles.json",
    "dev.json",
    "holdout.json",
    "seeds.json",
    *(f"{name}/{name}.json" for name in ("blind", *(f"blind{n}" for n in range(2, 11)))),
)
# The L2 penalty on the weights (not the bias), and Newton's steps.
PENALTY = 1.0
STEPS = 12


@dataclass(slots=True)
class Candidate:
    index: int  # the claim's index among the article's suggestions
    vector: list[float]  # the features, in FEATURES order
    hand: float  # the score the hand-set weights give
    linked: bool  # the gold links the pair (by any kind)
    right: bool  # the gold links the pair by the kind the stage would give


@dataclass(slots=True)
class Group:
    """An answer and the claims it may answer."""

    answer: int
    candidates: list[Candidate]


@dataclass(slots=True)
class FilePairs:
    name: str
    gold_links: int
    groups: list[Group] = field(default_factory=list)


def collect(path: Path, actors: ActorDirectory) -> FilePairs:
    """The pairs of one gold file, the engine run on each of its articles."""
    articles = read_gold(path)
    pairs = FilePairs(
        name=str(path.relative_to(GOLD_DIR)) if path.is_relative_to(GOLD_DIR) else path.name,
        gold_links=0,
    )
    for article in articles:
        units: list[Unit] = []
        suggestions = suggest_claims(
            article.body, actors, publisher=article.outlet, claims_out=units
        )
        gold_of = {
            j: article.claims[i].id for i, j in match_claims(article.claims, suggestions).items()
        }
        gold_links = {(c.id, kind, target) for c in article.claims for kind, target in c.links}
        gold_pairs = {(source, target) for source, _, target in gold_links}
        pairs.gold_links += len(gold_links)
        pairing = Pairing(units, actors)
        for i, unit in enumerate(units):
            link_kind = answer_link_kind(unit)
            if link_kind is None:
                continue
            options = pairing.options(i)
            nearest = pairing.nearest(i, options, link_kind)
            group = Group(answer=i, candidates=[])
            for j in options:
                hand = pairing.features(i, j, nearest, link_kind)
                features = pairing.pair_features(i, j, nearest, link_kind)
                pair = (gold_of.get(i), gold_of.get(j))
                kind = pairing.kind_towards(i, j, link_kind)
                group.candidates.append(
                    Candidate(
                        index=j,
                        vector=[features[name] for name in FEATURES],
                        hand=pairing.hand_score(j, hand),
                        linked=None not in pair and pair in gold_pairs,
                        right=(pair[0], kind, pair[1]) in gold_links,
                    )
                )
            if group.candidates:
                pairs.groups.append(group)
    return pairs


# Choosing links from scores.

Scorer = Callable[[Candidate], float]


def decode(
    groups: Sequence[Group], score: Scorer, first: float, second: float | None
) -> tuple[int, int]:
    """(right, proposed) links: each answer's best candidate when it scores `first` or more,
    and its second best when that scores `second` or more and comes before the answer."""
    right = proposed = 0
    for group in groups:
        ranked = sorted(
            ((score(c), c.index, c) for c in group.candidates),
            reverse=True,
            key=lambda t: (t[0], t[1]),
        )
        if not ranked or ranked[0][0] < first:
            continue
        chosen = [ranked[0][2]]
        if second is not None and len(ranked) > 1:
            value, index, candidate = ranked[1]
            if value >= second and index < group.answer:
                chosen.append(candidate)
        proposed += len(chosen)
        right += sum(c.right for c in chosen)
    return right, proposed


def decode_hand(groups: Sequence[Group]) -> tuple[int, int]:
    """(right, proposed) links as the hand-set stage chooses them."""
    right = proposed = 0
    for group in groups:
        ranked = sorted(
            ((c.hand, c.index, c) for c in group.candidates),
            reverse=True,
            key=lambda t: (t[0], t[1]),
        )
        if not ranked or ranked[0][0] < MIN_SCORE:
            continue
        best = ranked[0][0]
        chosen = [ranked[0][2]] + [
            c
            for value, index, c in ranked[1:2]
            if value >= best * SECOND_SHARE and index < group.answer
        ]
        proposed += len(chosen)
        right += sum(c.right for c in chosen)
    return right, proposed


# Training.


def fit(
    groups: Sequence[Group], penalty: float = PENALTY, steps: int = STEPS
) -> tuple[list[float], float]:
    """The weights and bias of an L2-regularised logistic regression of `linked` on the
    features, by Newton's method from zero (deterministic)."""
    rows = [(c.vector, float(c.linked)) for g in groups for c in g.candidates]
    size = len(FEATURES) + 1  # the bias last
    theta = [0.0] * size
    for _ in range(steps):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for vector, label in rows:
            x = [*vector, 1.0]
            z = sum(w * v for w, v in zip(theta, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            error, curvature = p - label, p * (1 - p)
            nonzero = [(k, v) for k, v in enumerate(x) if v]
            for k, v in nonzero:
                gradient[k] += error * v
                row = hessian[k]
                for m, u in nonzero:
                    row[m] += curvature * v * u
        for k in range(size - 1):
            gradient[k] += penalty * theta[k]
            hessian[k][k] += penalty
        hessian[-1][-1] += 1e-6
        step = _solve(hessian, gradient)
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return theta[:-1], theta[-1]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix · x = vector, by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        head = a[col][col]
        for r in range(col + 1, n):
            factor = a[r][col] / head
            if factor:
                row, top = a[r], a[col]
                for c in range(col, n + 1):
                    row[c] -= factor * top[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def f_measure(right: int, proposed: int, gold: int) -> float:
    return 2 * right / (proposed + gold) if proposed + gold else 0.0


def choose_thresholds(
    groups: Sequence[Group], score: Scorer, gold: int
) -> tuple[float, float | None]:
    """The thresholds for the first and the second link that give these groups the best
    F-measure of links (a grid of logits)."""
    # Each answer's best candidate and its second one when before the answer, scored once.
    tops = []
    for group in groups:
        ranked = sorted(((score(c), c.index, c) for c in group.candidates), reverse=True)
        best = (ranked[0][0], ranked[0][2].right)
        runner = None
        if len(ranked) > 1 and ranked[1][1] < group.answer:
            runner = (ranked[1][0], ranked[1][2].right)
        tops.append((best, runner))
    grid = [x / 4 for x in range(-16, 9)]
    chosen: tuple[float, float, float | None] = (-1.0, 0.0, None)
    for first in grid:
        for second in [None, *(g for g in grid if g >= first)]:
            right = proposed = 0
            for (value, is_right), runner in tops:
                if value < first:
                    continue
                proposed += 1
                right += is_right
                if second is not None and runner is not None and runner[0] >= second:
                    proposed += 1
                    right += runner[1]
            measure = f_measure(right, proposed, gold)
            if measure > chosen[0] + 1e-12:
                chosen = (measure, first, second)
    return chosen[1], chosen[2]


def train(files: Sequence[FilePairs]) -> LinkModel:
    groups = [g for f in files for g in f.groups]
    weights, bias = fit(groups)
    model = LinkModel(
        weights=dict(zip(FEATURES, weights, strict=True)), bias=bias, first=0.0, second=None
    )
    first, second = choose_thresholds(groups, _scorer(model), sum(f.gold_links for f in files))
    return LinkModel(weights=model.weights, bias=bias, first=first, second=second)


def _scorer(model: LinkModel) -> Scorer:
    weights = [model.weights[name] for name in FEATURES]
    return lambda c: model.bias + sum(w * v for w, v in zip(weights, c.vector, strict=True))


# The commands.


def cross_validate(
    files: Sequence[FilePairs],
) -> list[tuple[str, int, tuple[int, int], tuple[int, int]]]:
    """For each file: its gold links, (right, proposed) by the hand-set stage and by the model
    trained on the other files."""
    rows = []
    for held in files:
        model = train([f for f in files if f is not held])
        learned = decode(held.groups, _scorer(model), model.first, model.second)
        rows.append((held.name, held.gold_links, decode_hand(held.groups), learned))
    return rows


def _pr(right: int, proposed: int, gold: int) -> str:
    precision = right / proposed if proposed else 0.0
    recall = right / gold if gold else 0.0
    return f"{precision:.3f}/{recall:.3f} ({right} of {proposed})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.link_training")
    parser.add_argument("command", choices=("cross-validate", "train"))
    parser.add_argument(
        "gold", type=Path, nargs="*", help="gold files (default: the fourteen development files)"
    )
    parser.add_argument(
        "--write", action="store_true", help="write the trained weights to the package"
    )
    args = parser.parse_args(argv)
    paths = args.gold or [GOLD_DIR / name for name in DEVELOPMENT_FILES]
    actors = ActorDirectory.from_seed_annotations()
    files = [collect(path, actors) for path in paths]
    if args.command == "cross-validate":
        total_gold, hand_total, learned_total = 0, [0, 0], [0, 0]
        print("| gold file | gold links | hand-set P/R | learned, out of file, P/R |")
        print("| --- | --- | --- | --- |")
        for name, gold, hand, learned in cross_validate(files):
            print(f"| `{name}` | {gold} | {_pr(*hand, gold)} | {_pr(*learned, gold)} |")
            total_gold += gold
            for total, part in ((hand_total, hand), (learned_total, learned)):
                total[0] += part[0]
                total[1] += part[1]
        print(
            f"| all | {total_gold} | {_pr(*hand_total, total_gold)} | {_pr(*learned_total, total_gold)} |"
        )
        return 0
    model = train(files)
    gold = sum(f.gold_links for f in files)
    groups = [g for f in files for g in f.groups]
    print(f"hand-set, in sample: {_pr(*decode_hand(groups), gold)}")
    print(
        f"learned, in sample: {_pr(*decode(groups, _scorer(model), model.first, model.second), gold)}"
    )
    print(json.dumps(model.as_dict(), indent=2))
    if args.write:
        MODEL_PATH.write_text(json.dumps(model.as_dict(), indent=2) + "\n")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
