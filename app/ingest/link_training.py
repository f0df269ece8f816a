"""Training a link model (app/ingest/suggest/link_model.py) on gold files, and measuring it
honestly: leave one file out.

Every answer the link stage scores, with every claim it considers, is one group of pairs; a
pair is labelled linked when the gold links the claims its two ends matched (as
app/ingest/suggestion_scoring.py matches them). A ranker over each answer's candidates and a
null option (no link), a conditional logit L2-regularised towards the hand-set weights and
fitted by Newton's method (deterministic), learns the weights; with --pointwise, a logistic
regression of each pair on its own. The thresholds for the first and the second link are
those that give the training files the best F-measure of links, recall weighed a little more
than precision (RECALL_WEIGHT), each pair of thresholds' F-measure averaged with its neighbours'
on the grid (SMOOTHING); then, by the same measure, a threshold for a third link where the
first two were made (choose_third).

    python -m app.ingest.link_training cross-validate   # leave one file out, beside the stage
    python -m app.ingest.link_training train [--out weights.json]
        # fit on all the files, write app/ingest/suggest/link_weights.json (the engine's); the
        # whole evaluation per file, hand-set → learned (in sample)
    python -m app.ingest.link_training losses
        # where each gold link is found or lost by the packaged scorer: the link stage measured
        # apart from the stages before it (in sample)
"""

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.ingest.gold import DEVELOPMENT_FILES, GOLD_DIR, GoldClaim, GoldFileError, read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.link_model import (
    FEATURES,
    KIND_FEATURES,
    LINK_KINDS,
    LINK_MODEL,
    WEIGHTS_PATH,
    KindChoice,
    LinkModel,
    LinkScorer,
    further_links,
)
from app.ingest.suggest.links import (
    MIN_SCORE,
    SECOND_SHARE,
    WEIGHTS,
    Pairing,
    answer_link_kind,
    answers_kind,
    propose_links,
)
from app.ingest.suggest.model import SuggestedLink, Unit
from app.ingest.suggestion_scoring import Score, match_claims, score_article

# The L2 penalty on the weights (not the bias), and Newton's steps.
PENALTY = 1.0
RANKER_PENALTY = 0.5
STEPS = 12


@dataclass(slots=True)
class Candidate:
    index: int  # the claim's index among the article's suggestions
    vector: list[float]  # the features, in FEATURES order
    hand: float  # the score the hand-set weights give
    linked: bool  # the gold links the pair (by any kind)
    right: bool  # the gold links the pair by the kind the stage would give
    # The kind the answer's own kind gives its links, the kind the stage's rule gives this one
    # (links.Pairing.kind_towards), and the kinds the gold links the pair by: a model's choice
    # of kinds relabels `right` (relabel). Empty: `right` stands as given.
    link_kind: str = ""
    rule_kind: str = ""
    gold_kinds: frozenset[str] = frozenset()


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
    pairs = FilePairs(name=_name(path), gold_links=0)
    for article in articles:
        units: list[Unit] = []
        # (The claims are handed out before any link is made: the hand-set links spare reading
        # a weights file this training may be replacing.)
        suggestions = suggest_claims(
            article.body, actors, publisher=article.outlet, claims_out=units, link_model=None
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
                gold_kinds = frozenset(k for s, k, t in gold_links if (s, t) == pair)
                group.candidates.append(
                    Candidate(
                        index=j,
                        vector=[features[name] for name in FEATURES],
                        hand=pairing.hand_score(j, hand),
                        linked=None not in pair and pair in gold_pairs,
                        right=(pair[0], kind, pair[1]) in gold_links,
                        link_kind=str(link_kind),
                        rule_kind=str(kind),
                        gold_kinds=gold_kinds if None not in pair else frozenset(),
                    )
                )
            if group.candidates:
                pairs.groups.append(group)
    return pairs


def _name(path: Path) -> str:
    return str(path.relative_to(GOLD_DIR)) if path.is_relative_to(GOLD_DIR) else path.name


# Choosing links from scores.

Scorer = Callable[[Candidate], float]


def decode(
    groups: Sequence[Group],
    score: Scorer,
    first: float,
    second: float | None,
    third: float | None = None,
) -> tuple[int, int]:
    """(right, proposed) links: each answer's best candidate when it scores `first` or more,
    its second best when that scores `second` or more and comes before the answer, and then
    its third best when that scores `third` or more and comes before the answer."""
    right = proposed = 0
    for group in groups:
        ranked = _ranked(group, score)
        if not ranked or ranked[0][0] < first:
            continue
        top = [(value, index) for value, index, _ in ranked[:3]]
        chosen = [c for _, _, c in ranked[: 1 + further_links((second, third), top, group.answer)]]
        proposed += len(chosen)
        right += sum(c.right for c in chosen)
    return right, proposed


def _ranked(group: Group, score: Scorer) -> list[tuple[float, int, Candidate]]:
    """(score, index, candidate) of the group's candidates, best first."""
    return sorted(
        ((score(c), c.index, c) for c in group.candidates),
        reverse=True,
        key=lambda t: (t[0], t[1]),
    )


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
    return _logistic(rows, penalty, steps)


def _logistic(
    rows: Sequence[tuple[list[float], float]], penalty: float, steps: int = STEPS
) -> tuple[list[float], float]:
    """The weights and bias of an L2-regularised logistic regression of the labels (each row's
    second) on the vectors, by Newton's method from zero (deterministic)."""
    size = len(rows[0][0]) + 1  # the bias last
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


# The features that are the answer's own, the same for all its candidates: the ranker weighs
# them for not linking the answer at all (the null option), not for choosing among them.
ANSWER_FEATURES = tuple(name for name in FEATURES if name.startswith("answer_"))

# Of these, one names the answer's link kind: the null option's score is its own per kind.
_LINK_KIND_FEATURES = ANSWER_FEATURES[:4]


def ranker_prior() -> list[float]:
    """The hand-set stage as a ranker, where the fit starts and what it is drawn to: its
    weights for the features it scores (the claim's kind through target_weight, which is
    `_target_weight` + 0.5), and its threshold as the null option's score."""
    weights = [WEIGHTS.get(name, 0.0) for name in FEATURES]
    weights[FEATURES.index("target_weight")] = 1.0
    null = [MIN_SCORE + 0.5 if name in _LINK_KIND_FEATURES else 0.0 for name in ANSWER_FEATURES]
    return weights + null


def fit_ranker(
    groups: Sequence[Group], penalty: float = RANKER_PENALTY, steps: int = STEPS
) -> tuple[list[float], float]:
    """The weights of a ranker over each answer's candidates and a null option (no link): a
    conditional logit, L2-regularised towards the hand-set weights (ranker_prior), by Newton's
    method from them (deterministic). The
    target of an answer is its linked candidates (shared equally), else the null option. The
    null option's score is a weighing of the answer's own features; the weights returned give
    each candidate's margin over it, one dot product (the bias is 0)."""
    n = len(FEATURES)
    answer_at = [FEATURES.index(name) for name in ANSWER_FEATURES]
    size = n + len(answer_at)
    data = []
    for group in groups:
        vector = group.candidates[0].vector
        options = [[(k, v) for k, v in enumerate(c.vector) if v] for c in group.candidates]
        options.append([(n + m, vector[k]) for m, k in enumerate(answer_at) if vector[k]])
        linked = sum(c.linked for c in group.candidates)
        target = [c.linked / linked if linked else 0.0 for c in group.candidates]
        data.append((options, [*target, 0.0 if linked else 1.0]))
    prior = ranker_prior()
    theta = list(prior)
    for _ in range(steps):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for options, target in data:
            logits = [sum(theta[k] * v for k, v in option) for option in options]
            top = max(logits)
            exps = [math.exp(z - top) for z in logits]
            total = sum(exps)
            mean = [0.0] * size
            for option, e, wanted in zip(options, exps, target, strict=True):
                p = e / total
                for k, v in option:
                    gradient[k] += (p - wanted) * v
                    mean[k] += p * v
                    row = hessian[k]
                    for m, u in option:
                        row[m] += p * v * u
            spread = [(k, v) for k, v in enumerate(mean) if v]
            for k, v in spread:
                row = hessian[k]
                for m, u in spread:
                    row[m] -= v * u
        for k in range(size):
            gradient[k] += penalty * (theta[k] - prior[k])
            hessian[k][k] += penalty
        step = _solve(hessian, gradient)
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    weights = theta[:n]
    for m, k in enumerate(answer_at):
        weights[k] -= theta[n + m]
    return weights, 0.0


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


def f_measure(right: int, proposed: int, gold: int, beta: float = 1.0) -> float:
    """The F-measure of links; a `beta` above 1 weighs recall more than precision."""
    weighted = beta * beta
    denominator = proposed + weighted * gold
    return (1 + weighted) * right / denominator if denominator else 0.0


# How much more the thresholds weigh recall than precision (the F-measure's beta). Chosen
# leaving one file out: 1.25 links as many claims as the hand-set stage does with more right,
# where 1 holds back (fewer right than the stage's) and 1.5 falls below the stage's precision
# (docs/import.md, "The learned link scorer in the engine").
RECALL_WEIGHT = 1.25


# How many grid steps either side of a pair of thresholds their F-measure is averaged over
# before the best pair is taken. The F-measure of links is flat near its best over a wide
# band of thresholds (a link added there is right about as often as break-even, F / (1 + β²)),
# so the single best cell of the grid moves a step with a few links of the training files
# (leaving one file out, the first threshold -1.0 in 14 folds of 34, -1.25 in 19): the centre
# of the best neighbourhood stays where unseen files find it best, 31 folds at -1.25
# (docs/import.md, "Links, thirty-seventh round").
SMOOTHING = 1

# The thresholds' grid, in logits.
_GRID = [x / 4 for x in range(-16, 9)]


def choose_thresholds(
    groups: Sequence[Group],
    score: Scorer,
    gold: int,
    beta: float = RECALL_WEIGHT,
    smoothing: int = SMOOTHING,
) -> tuple[float, float | None]:
    """The thresholds for the first and the second link that give these groups the best
    F-measure of links, recall weighed by `beta` (a grid of logits), each pair's F-measure
    averaged with its neighbours' within `smoothing` steps of the grid (no second link is a
    row of its own, averaged along the first threshold only)."""
    # Each answer's best candidate and its second one when before the answer, scored once.
    tops = []
    for group in groups:
        ranked = sorted(
            ((score(c), c.index, c) for c in group.candidates),
            reverse=True,
            key=lambda t: (t[0], t[1]),
        )
        best = (ranked[0][0], ranked[0][2].right)
        runner = None
        if len(ranked) > 1 and ranked[1][1] < group.answer:
            runner = (ranked[1][0], ranked[1][2].right)
        tops.append((best, runner))
    grid = _GRID
    # The F-measure of each pair (first, second) by their places in the grid, second -1 for
    # no second link; only pairs with the second threshold at or over the first.
    measures: dict[tuple[int, int], float] = {}
    for f, first in enumerate(grid):
        for s in (-1, *range(f, len(grid))):
            second = grid[s] if s >= 0 else None
            right = proposed = 0
            for (value, is_right), runner in tops:
                if value < first:
                    continue
                proposed += 1
                right += is_right
                if second is not None and runner is not None and runner[0] >= second:
                    proposed += 1
                    right += runner[1]
            measures[f, s] = f_measure(right, proposed, gold, beta)
    chosen: tuple[float, float, float | None] = (-1.0, 0.0, None)
    for (f, s), _ in measures.items():
        seconds = [-1] if s < 0 else range(s - smoothing, s + smoothing + 1)
        near = [
            measures[g, t]
            for g in range(f - smoothing, f + smoothing + 1)
            for t in seconds
            if (g, t) in measures and (t < 0) == (s < 0)
        ]
        measure = sum(near) / len(near)
        if measure > chosen[0] + 1e-12:
            chosen = (measure, grid[f], grid[s] if s >= 0 else None)
    return chosen[1], chosen[2]


def choose_third(
    groups: Sequence[Group],
    score: Scorer,
    gold: int,
    first: float,
    second: float | None,
    beta: float = RECALL_WEIGHT,
    smoothing: int = SMOOTHING,
) -> float | None:
    """The threshold for a third link, the first two fixed: the cell of choose_thresholds'
    grid whose F-measure of links, averaged with its neighbours' within `smoothing` steps, is
    the best, when that is higher than the F-measure without third links; else None. A third
    candidate counts only where the second was linked and both come before the answer."""
    if second is None:
        return None
    right = proposed = 0
    thirds: list[tuple[float, bool]] = []
    for group in groups:
        ranked = _ranked(group, score)
        if not ranked or ranked[0][0] < first:
            continue
        proposed += 1
        right += ranked[0][2].right
        if len(ranked) < 2 or ranked[1][0] < second or ranked[1][1] > group.answer:
            continue
        proposed += 1
        right += ranked[1][2].right
        if len(ranked) > 2 and ranked[2][1] < group.answer:
            thirds.append((ranked[2][0], ranked[2][2].right))
    without = f_measure(right, proposed, gold, beta)
    grid = _GRID
    measures = [
        f_measure(
            right + sum(r for v, r in thirds if v >= third),
            proposed + sum(v >= third for v, _ in thirds),
            gold,
            beta,
        )
        for third in grid
    ]
    best, chosen = without, None
    for at, third in enumerate(grid):
        near = measures[max(0, at - smoothing) : at + smoothing + 1]
        measure = sum(near) / len(near)
        if measure > best + 1e-12:
            best, chosen = measure, third
    return chosen


# The choice of a link's kind: its L2 penalty, and how many of a kind's linked pairs it needs
# among those of an answer's own kind before it is learned.
KIND_PENALTY = 1.0
KIND_MINIMUM = 10


def fit_kinds(groups: Sequence[Group]) -> dict[str, dict[str, KindChoice]]:
    """The choices of a link's kind (link_model.KindChoice): for each kind an answer's own kind
    gives its links, and each other kind the gold links the pairs of such answers by often
    enough (KIND_MINIMUM), a logistic regression over KIND_FEATURES of whether the gold link
    is of the other kind, on the linked pairs whose gold kind is one of the two."""
    at = [FEATURES.index(name) for name in KIND_FEATURES]
    by_kind: dict[str, list[Candidate]] = {}
    for group in groups:
        for c in group.candidates:
            if c.linked and c.link_kind:
                by_kind.setdefault(c.link_kind, []).append(c)
    kinds: dict[str, dict[str, KindChoice]] = {}
    for own, candidates in sorted(by_kind.items()):
        for other in LINK_KINDS:
            if other == own:
                continue
            rows = [
                ([c.vector[k] for k in at], float(other in c.gold_kinds))
                for c in candidates
                if own in c.gold_kinds or other in c.gold_kinds
            ]
            if sum(label for _, label in rows) < KIND_MINIMUM:
                continue
            weights, bias = _logistic(rows, KIND_PENALTY)
            kinds.setdefault(own, {})[other] = KindChoice(
                weights=dict(zip(KIND_FEATURES, weights, strict=True)), bias=bias
            )
    return kinds


def label_pairs(groups: Sequence[Group]) -> None:
    """Each candidate's `right` by whether the gold links the pair by a kind an answer's link
    may have (any of LINK_KINDS), whatever the kind: what the thresholds are chosen on, since
    they say whether a pair is linked and the kind choice says how. Candidates without their
    kinds (`link_kind`) stand as given."""
    for group in groups:
        for c in group.candidates:
            if c.link_kind:
                c.right = not c.gold_kinds.isdisjoint(LINK_KINDS)


def relabel(groups: Sequence[Group], model: LinkModel | None) -> None:
    """Each candidate's `right` by the kind the model's choice gives its link (the stage's rule
    where the model holds none, or without a model); candidates without their kinds
    (`link_kind`) stand as given."""
    for group in groups:
        for c in group.candidates:
            if not c.link_kind:
                continue
            chosen = None
            if model is not None:
                features = dict(zip(FEATURES, c.vector, strict=True))
                chosen = model.link_kind(c.link_kind, features)
            c.right = (chosen or c.rule_kind) in c.gold_kinds


# The thresholds the ranker links by, held apart from its features: those the folds chose for
# the ranker before it read how a claim compares with the answer's other candidates (its
# first link at -1.75, a second at -1.25, a third at -0.25: each in seven folds of eight, six
# files left out of each). Chosen anew with those features, the folds rose and the gain in
# ranking became fewer links proposed (docs/import.md, "Links, forty-fourth round" and
# "Links, forty-fifth round"); held, the ranking's gain is read as more links right.
HELD_THRESHOLDS: tuple[float, float | None, float | None] = (-1.75, -1.25, -0.25)


def train(
    files: Sequence[FilePairs], *, pointwise: bool = False, choose: bool = False
) -> LinkModel:
    """The model fitted on these files: the ranker, or with `pointwise` the logistic
    regression of each pair on its own, and the choice of each link's kind (fit_kinds). The
    ranker's thresholds are HELD_THRESHOLDS; with `choose` (and always for the pointwise
    model, whose scores are on another scale), they are chosen on the same files by whether
    the gold links each pair, whatever the kind (label_pairs: the candidates relabelled), the
    third after the first two."""
    groups = [g for f in files for g in f.groups]
    weights, bias = fit(groups) if pointwise else fit_ranker(groups)
    model = LinkModel(
        weights=dict(zip(FEATURES, weights, strict=True)),
        bias=bias,
        first=0.0,
        second=None,
        kinds=fit_kinds(groups),
    )
    if pointwise or choose:
        label_pairs(groups)
        gold = sum(f.gold_links for f in files)
        first, second = choose_thresholds(groups, _scorer(model), gold)
        third = choose_third(groups, _scorer(model), gold, first, second)
    else:
        first, second, third = HELD_THRESHOLDS
    return LinkModel(
        weights=model.weights,
        bias=bias,
        first=first,
        second=second,
        third=third,
        kinds=model.kinds,
    )


def _scorer(model: LinkModel) -> Scorer:
    weights = [model.weights[name] for name in FEATURES]
    return lambda c: model.bias + sum(w * v for w, v in zip(weights, c.vector, strict=True))


# Where the gold links are lost.

# In the order the link stage meets them: the stages before it first (an end not found, the
# source's kind), then the candidates, the thresholds and the ranking.
LOSSES: tuple[str, ...] = (
    "an end unmatched",
    "the source's kind wrong",
    "the source no answer (its kind right)",
    "found",
    "the pair found with another link kind",
    "no candidate: the target on the answer's side",
    "no candidate: a kind the answer does not answer",
    "no candidate: beyond the window",
    "the source left unlinked",
    "the source linked to another of its gold targets",
    "linked elsewhere: the gold target second",
    "linked elsewhere: the gold target third",
    "linked elsewhere: the gold target further back",
)
# The losses after which the rest are the link stage's own: both ends found, the source an
# answer of the gold's kind.
STAGE_LOSSES = LOSSES[3:]


def losses(path: Path, actors: ActorDirectory, model: LinkScorer = LINK_MODEL) -> Counter[str]:
    """How many of one file's gold links end in each of LOSSES: the link stage measured apart
    from the stages before it (docs/import.md, "Links, thirtieth round")."""
    counts: Counter[str] = Counter()
    for article in read_gold(path):
        units: list[Unit] = []
        suggestions = suggest_claims(
            article.body, actors, publisher=article.outlet, claims_out=units, link_model=None
        )
        unit_of = {
            article.claims[i].id: j for i, j in match_claims(article.claims, suggestions).items()
        }
        pairing = Pairing(units, actors)
        proposed = propose_links(units, actors, model)
        for claim in article.claims:
            for kind, target in claim.links:
                counts[_where_lost(pairing, proposed, model, claim, kind, target, unit_of)] += 1
    return counts


def _where_lost(
    pairing: Pairing,
    proposed: dict[int, list[SuggestedLink]],
    model: LinkScorer,
    claim: GoldClaim,
    kind: str,
    target: str,
    unit_of: dict[str, int],
) -> str:
    """Which of LOSSES the gold link from `claim` to `target` ends in."""
    i, j = unit_of.get(claim.id), unit_of.get(target)
    if i is None or j is None:
        return LOSSES[0]
    answer = pairing.units[i]
    link_kind = answer_link_kind(answer)
    if answer.kind != claim.kind:
        return LOSSES[1]
    if link_kind is None:
        return LOSSES[2]
    chosen = {link.target: link.kind for link in proposed.get(i, [])}
    if j in chosen:
        return LOSSES[3] if chosen[j] == kind else LOSSES[4]
    if j not in pairing.options(i):
        if pairing.profiles[j].side == pairing.profiles[i].side:
            return LOSSES[5]
        return LOSSES[6] if not answers_kind(answer.kind, pairing.units[j].kind) else LOSSES[7]
    if not chosen:
        return LOSSES[8]
    if any(unit_of.get(other) in chosen for _, other in claim.links):
        return LOSSES[9]
    ranked = [index for _, index in pairing.learned(i, link_kind, model)]
    return LOSSES[9 + min(ranked.index(j), 3)]


# The commands.


def cross_validate(
    files: Sequence[FilePairs], *, pointwise: bool = False, choose: bool = False
) -> list[tuple[str, int, tuple[int, int], tuple[int, int]]]:
    """For each file: its gold links, (right, proposed) by the hand-set stage and by the model
    trained on the other files (its thresholds held, or with `choose` chosen on them)."""
    rows = []
    for held in files:
        model = train([f for f in files if f is not held], pointwise=pointwise, choose=choose)
        # The hand-set stage gives its links the rule's kinds; the model, its own choice's.
        relabel(held.groups, None)
        hand = decode_hand(held.groups)
        relabel(held.groups, model)
        learned = decode(held.groups, _scorer(model), model.first, model.second, model.third)
        rows.append((held.name, held.gold_links, hand, learned))
    return rows


def whole_evaluation(
    paths: Sequence[Path], actors: ActorDirectory, model: LinkModel
) -> list[tuple[str, Score, Score]]:
    """For each gold file, its overall score with the hand-set links and with the model's."""
    rows = []
    for path in paths:
        hand, learned = Score(article="hand-set"), Score(article="learned")
        for article in read_gold(path):
            for total, link_model in ((hand, None), (learned, model)):
                suggestions = suggest_claims(
                    article.body, actors, publisher=article.outlet, link_model=link_model
                )
                total.add(score_article(article, suggestions))
        rows.append((_name(path), hand, learned))
    return rows


def _pr(right: int, proposed: int, gold: int) -> str:
    precision = right / proposed if proposed else 0.0
    recall = right / gold if gold else 0.0
    return f"{precision:.3f}/{recall:.3f} ({right} of {proposed})"


def _rates(before: Score, after: Score) -> str:
    def both(rate: Callable[[Score], str]) -> str:
        return f"{rate(before)} → {rate(after)}"

    return " | ".join(
        (
            both(lambda s: f"{s.kind_accuracy:.3f}"),
            both(lambda s: f"{s.claimant_accuracy:.3f}"),
            both(lambda s: f"{s.denial_type_accuracy:.3f}" if s.denial_types_scored else "-"),
            both(lambda s: f"{s.contested_precision:.3f}/{s.contested_recall:.3f}"),
            both(lambda s: f"{s.link_precision:.3f}/{s.link_recall:.3f}"),
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.link_training")
    parser.add_argument("command", choices=("cross-validate", "train", "losses"))
    parser.add_argument(
        "gold", type=Path, nargs="*", help="gold files (default: the development files)"
    )
    parser.add_argument(
        "--out", type=Path, default=WEIGHTS_PATH, help="train: where the weights are written"
    )
    parser.add_argument(
        "--pointwise",
        action="store_true",
        help="a logistic regression of each pair on its own, not the ranker over an answer's "
        "candidates",
    )
    parser.add_argument(
        "--choose-thresholds",
        action="store_true",
        help="choose the ranker's thresholds on the training files, not the held ones",
    )
    args = parser.parse_args(argv)
    paths = args.gold or list(DEVELOPMENT_FILES)
    if args.command == "cross-validate" and len(paths) < 2:
        print("Leaving one file out needs two gold files or more.", file=sys.stderr)
        return 2
    actors = ActorDirectory.from_seed_annotations()
    try:
        if args.command == "losses":
            _print_losses(paths, actors)
            return 0
        files = [collect(path, actors) for path in paths]
    except GoldFileError as error:
        print(f"Could not train or measure: {error}", file=sys.stderr)
        return 2
    if args.command == "cross-validate":
        _print_cross_validation(files, pointwise=args.pointwise, choose=args.choose_thresholds)
        return 0
    model = train(files, pointwise=args.pointwise, choose=args.choose_thresholds)
    print(json.dumps(model.as_dict(), indent=2))
    args.out.write_text(json.dumps(model.as_dict(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    _print_whole_evaluation(paths, actors, model)
    return 0


def _print_cross_validation(
    files: Sequence[FilePairs], *, pointwise: bool, choose: bool = False
) -> None:
    total_gold, hand_total, learned_total = 0, [0, 0], [0, 0]
    print("| gold file | gold links | hand-set P/R | learned, out of file, P/R |")
    print("| --- | --- | --- | --- |")
    for name, gold, hand, learned in cross_validate(files, pointwise=pointwise, choose=choose):
        print(f"| `{name}` | {gold} | {_pr(*hand, gold)} | {_pr(*learned, gold)} |")
        total_gold += gold
        for total, part in ((hand_total, hand), (learned_total, learned)):
            total[0] += part[0]
            total[1] += part[1]
    hand_all = _pr(hand_total[0], hand_total[1], total_gold)
    learned_all = _pr(learned_total[0], learned_total[1], total_gold)
    print(f"| all | {total_gold} | {hand_all} | {learned_all} |")


def _print_losses(paths: Sequence[Path], actors: ActorDirectory) -> None:
    counts: Counter[str] = Counter()
    for path in paths:
        counts.update(losses(path, actors))
    print("| where the gold links are lost | links |")
    print("| --- | --- |")
    for loss in LOSSES:
        print(f"| {loss} | {counts[loss]} |")
    own = sum(counts[loss] for loss in STAGE_LOSSES)
    found = counts[LOSSES[3]]
    print(f"| all | {sum(counts.values())} |")
    share = found / own if own else 0.0
    print(
        f"The link stage alone (both ends found, the source an answer of the gold's kind): "
        f"{found} of {own} found ({share:.3f})."
    )


def _print_whole_evaluation(
    paths: Sequence[Path], actors: ActorDirectory, model: LinkModel
) -> None:
    print("In sample (trained on these files: inflated), hand-set → learned:")
    print("| gold file | kind | claimant | denial type | A+D | links |")
    print("| --- | --- | --- | --- | --- | --- |")
    hand_all, learned_all = Score(article="hand-set"), Score(article="learned")
    for name, hand, learned in whole_evaluation(paths, actors, model):
        print(f"| `{name}` | {_rates(hand, learned)} |")
        hand_all.add(hand)
        learned_all.add(learned)
    print(f"| all | {_rates(hand_all, learned_all)} |")
    print(
        f"links {hand_all.links_right} → {learned_all.links_right} right of "
        f"{hand_all.gold_links}, for {hand_all.suggested_links} → "
        f"{learned_all.suggested_links} proposed; kind {hand_all.kind_right} → "
        f"{learned_all.kind_right} of {hand_all.matched}; denial type "
        f"{hand_all.denial_types_right}/{hand_all.denial_types_scored} → "
        f"{learned_all.denial_types_right}/{learned_all.denial_types_scored}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
