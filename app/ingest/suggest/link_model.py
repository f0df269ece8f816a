"""A learned link scorer: weights over the features of a pair (an answer and a claim it may
answer, links.Pairing.pair_features), trained by `python -m app.ingest.link_training train`
(docs/import.md, "A learned link scorer", "The learned link scorer in the engine"). Scoring a
pair is a dot product. Measured leaving one gold file out, it finds more links than the
hand-set weights at their precision, so the engine links by it: its weights are
`link_weights.json`, read once, on first use. Beside the ranker it may hold a choice of each
link's kind (`KindChoice`): whether an answer rebuts what it answers or discredits its source,
read from the same pair features (docs/import.md, "Links, forty-third round")."""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

WEIGHTS_PATH = Path(__file__).with_name("link_weights.json")

# The features, in the order of a pair's vector: those the hand-set weights score
# (links.WEIGHTS), then those of the pair's structure.
FEATURES: tuple[str, ...] = (
    "accuses_answerer",
    "names_answered",
    "shared_content",
    "refers_to_nearest",
    "first_of_side",
    "lead",
    "near",
    "later",
    "opposed_camps",
    "names_what_it_answers",
    "figure_answered",
    "since_last_answer",
    "target_weight",
    "target_allegation",
    "target_counter_claim",
    "target_corroboration",
    "target_statement",
    "target_denial_strong",
    "target_account",
    "target_role_accusing",
    "target_role_accused",
    "answer_rebuts",
    "answer_counter_accuses",
    "answer_discredits",
    "answer_corroborates",
    "answer_strong",
    "answer_refers_back",
    "answer_first_of_side",
    "near_turns",
    "next_turn",
    "adjacent",
    "same_paragraph",
    "later_near",
    "opening_answers_later",
    "first_claim_of_side",
    "shares_figure",
    "shared_words",
    "both_state_numbers",
    "about_messenger",
    "side_share",
    "transcript",
    "negates_target",
    "rarest_shared",
    "best_shared",
    "to_best_shared",
    "best_rarest",
    "earlier_rank",
    "named_alone",
    "near_paragraphs",
    "far_shared_content",
    "related_words",
    "gloss_overlap",
    "general_to_lead",
    "corroborates_account",
    "corroborates_near_turns",
    "messenger_words",
    "target_messenger",
)


# The features of a pair the link's kind is chosen by (a subset of FEATURES): whom the answer
# names and what it opens on, whether its words are of a messenger, what it shares with the claim
# and negates of it, the kind and role of the claim it answers and whether the claim's speaker is
# a messenger (docs/import.md, "Links, fifty-second round").
KIND_FEATURES: tuple[str, ...] = (
    "about_messenger",
    "names_answered",
    "accuses_answerer",
    "shared_content",
    "negates_target",
    "opposed_camps",
    "target_allegation",
    "target_counter_claim",
    "target_corroboration",
    "target_statement",
    "target_denial_strong",
    "target_account",
    "target_role_accusing",
    "target_role_accused",
    "answer_strong",
    "names_what_it_answers",
    "shares_figure",
    "figure_answered",
    "transcript",
    "answer_refers_back",
    "rarest_shared",
    "shared_words",
    "messenger_words",
    "target_messenger",
)
# The link kinds a choice may give (LinkKind's, same_claim aside: no answer makes one).
LINK_KINDS: tuple[str, ...] = ("rebuts", "discredits_source", "counter_accuses", "corroborates")


def clamped_logit(weights: dict[str, float], bias: float, features: dict[str, float]) -> float:
    """The bias plus each weight times its feature, the feature read between 0 and 1 (a value
    outside taken at the nearer end, one that is not a number as 0); a feature the weights lack
    counts nothing."""
    total = bias
    get = features.get
    for name, weight in weights.items():
        value = get(name, 0.0)
        # (The common case first, and the same sum: a value of 0 adds nothing.)
        if 0.0 < value <= 1.0:
            total += weight * value
        elif value > 1.0:
            total += weight
    return total


class LinkModelError(ValueError):
    """A weights file that does not fit the feature set."""


@dataclass(frozen=True, slots=True)
class KindChoice:
    """A logistic regression over KIND_FEATURES: the logit that a link the answer's own kind
    gives one link kind (rebuts) is of another (discredits its source)."""

    weights: dict[str, float]
    bias: float

    def logit(self, features: dict[str, float]) -> float:
        """The logit of the other kind; each feature read as LinkModel.score reads it."""
        return clamped_logit(self.weights, self.bias, features)

    def as_dict(self) -> dict[str, object]:
        return {
            "weights": {name: round(self.weights[name], 6) for name in KIND_FEATURES},
            "bias": round(self.bias, 6),
        }


@dataclass(frozen=True, slots=True)
class LinkModel:
    weights: dict[str, float]
    bias: float
    # The logit a best candidate needs to be linked, and a second one (before the answer);
    # None: no second link.
    first: float
    second: float | None
    # The logit a third candidate (before the answer) needs, where a second was linked: one
    # answer taking up several claims in turn; None: no third link.
    third: float | None = None
    # The choice of a link's kind: by the kind the answer's own kind and denial type give
    # (links.answer_link_kind), the choices of each other kind it may be instead. Empty: no
    # choice, the link stage's rule decides (links.Pairing.kind_towards).
    kinds: dict[str, dict[str, KindChoice]] = field(default_factory=dict)

    def link_kind(self, link_kind: str, features: dict[str, float]) -> str | None:
        """The kind of a link the answer's own kind gives as `link_kind`, by the pair's
        features: the other kind whose choice has the highest logit over 0, else `link_kind`
        itself; None when the model holds no choice at all (the stage's rule decides)."""
        if not self.kinds:
            return None
        best, chosen = 0.0, link_kind
        for other, choice in self.kinds.get(link_kind, {}).items():
            logit = choice.logit(features)
            if logit > best:
                best, chosen = logit, other
        return chosen

    def score(self, features: dict[str, float]) -> float:
        """The pair's logit. Each feature is read between 0 and 1 (a value outside is taken
        at the nearer end, one that is not a number as 0); a feature the model lacks counts
        nothing."""
        return clamped_logit(self.weights, self.bias, features)

    def as_dict(self) -> dict[str, object]:
        return {
            "weights": {name: round(self.weights[name], 6) for name in FEATURES},
            "bias": round(self.bias, 6),
            "first": self.first,
            "second": self.second,
            "third": self.third,
            "kinds": {
                own: {other: choice.as_dict() for other, choice in sorted(choices.items())}
                for own, choices in sorted(self.kinds.items())
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> "LinkModel":
        """The model a weights file holds; LinkModelError unless it weighs exactly FEATURES,
        each with a finite number."""
        weights = data.get("weights")
        if not isinstance(weights, dict) or list(weights) != list(FEATURES):
            raise LinkModelError("the link model's features are not the link stage's")
        values = [*weights.values(), data.get("bias"), data.get("first")]
        for name in ("second", "third"):
            if data.get(name) is not None:
                values.append(data[name])
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            raise LinkModelError("the link model holds a weight that is not a finite number")
        return cls(
            weights={name: float(weights[name]) for name in FEATURES},
            bias=float(data["bias"]),
            first=float(data["first"]),
            second=None if data.get("second") is None else float(data["second"]),
            third=None if data.get("third") is None else float(data["third"]),
            kinds=_kinds_from(data.get("kinds") or {}),
        )


def _kinds_from(data: object) -> dict[str, dict[str, KindChoice]]:
    """The kind choices a weights file holds; LinkModelError unless each is between two link
    kinds and weighs exactly KIND_FEATURES, each with a finite number."""
    if not isinstance(data, dict):
        raise LinkModelError("the link model's kind choices are not a mapping")
    kinds: dict[str, dict[str, KindChoice]] = {}
    for own, choices in data.items():
        if own not in LINK_KINDS or not isinstance(choices, dict):
            raise LinkModelError(f"the link model chooses from an unknown link kind: {own!r}")
        for other, choice in choices.items():
            if other not in LINK_KINDS or other == own or not isinstance(choice, dict):
                raise LinkModelError(f"the link model chooses an unknown link kind: {other!r}")
            weights = choice.get("weights")
            if not isinstance(weights, dict) or list(weights) != list(KIND_FEATURES):
                raise LinkModelError("a kind choice's features are not the link stage's")
            values = [*weights.values(), choice.get("bias")]
            if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
                raise LinkModelError("a kind choice holds a weight that is not a finite number")
            kinds.setdefault(own, {})[other] = KindChoice(
                weights={name: float(weights[name]) for name in KIND_FEATURES},
                bias=float(choice["bias"]),
            )
    return kinds


def load(path: Path = WEIGHTS_PATH) -> LinkModel:
    return LinkModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


class LinkScorer(Protocol):
    """What the link stage asks of a model: a pair's margin over not linking, the margins a
    first, a second and a third link need, and the kind of a link it makes (None: the stage's
    rule decides)."""

    @property
    def first(self) -> float: ...

    @property
    def second(self) -> float | None: ...

    @property
    def third(self) -> float | None: ...

    def score(self, features: dict[str, float]) -> float: ...

    def link_kind(self, link_kind: str, features: dict[str, float]) -> str | None: ...


def further_links(
    thresholds: Sequence[float | None], ranked: Sequence[tuple[float, int]], answer: int
) -> int:
    """How many of an answer's candidates after its best one ((margin, claim index), best
    first) it links as well: each in turn while it scores its threshold (None: no link) and
    was reported before the answer at index `answer`."""
    count = 0
    for threshold, (margin, index) in zip(thresholds, ranked[1:], strict=False):
        if threshold is None or margin < threshold or index > answer:
            break
        count += 1
    return count


@cache
def packaged_model() -> LinkModel:
    """The packaged weights, read once (on first use: a stale weights file must not keep the
    training command that replaces it from running)."""
    return load()


class _Packaged:
    @property
    def first(self) -> float:
        return packaged_model().first

    @property
    def second(self) -> float | None:
        return packaged_model().second

    @property
    def third(self) -> float | None:
        return packaged_model().third

    def score(self, features: dict[str, float]) -> float:
        return packaged_model().score(features)

    def link_kind(self, link_kind: str, features: dict[str, float]) -> str | None:
        return packaged_model().link_kind(link_kind, features)


# The model the pipeline links by by default.
LINK_MODEL: LinkScorer = _Packaged()
