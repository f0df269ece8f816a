"""Matching suggestions to gold claims and counting what they got right (the scores)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from app.ingest.gold import GoldArticle, GoldClaim
from app.ingest.suggest import Suggestion, normalise_name
from app.ingest.suggest.cues import word_list
from app.vocabulary import (
    ClaimKind,
)

MATCH_COVERAGE = 0.5
# The target slice: allegations and denials.
CONTESTED = frozenset({ClaimKind.allegation, ClaimKind.denial})


@dataclass
class Score:
    """Counts for one article or the whole set; the rates are computed from them. An article's
    score also keeps, for error analysis, what happened to each gold claim and which
    suggestions and links matched nothing in the gold."""

    article: str
    gold: int = 0
    suggested: int = 0
    matched: int = 0
    gold_contested: int = 0
    gold_contested_found: int = 0
    suggested_contested: int = 0
    suggested_contested_matched: int = 0
    kind_right: int = 0
    claimant_right: int = 0
    denial_types_scored: int = 0
    denial_types_right: int = 0
    gold_links: int = 0
    suggested_links: int = 0
    links_right: int = 0
    link_pairs_found: int = 0
    link_kinds_right: int = 0
    gold_figures: int = 0
    figures_found: int = 0
    misses: list[str] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    spurious_suggestions: list[dict] = field(default_factory=list)
    spurious_links: list[dict] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for counter in fields(self):
            if counter.type in (int, "int"):
                setattr(
                    self, counter.name, getattr(self, counter.name) + getattr(other, counter.name)
                )

    @property
    def precision(self) -> float:
        return _rate(self.matched, self.suggested)

    @property
    def recall(self) -> float:
        return _rate(self.matched, self.gold)

    @property
    def contested_precision(self) -> float:
        return _rate(self.suggested_contested_matched, self.suggested_contested)

    @property
    def contested_recall(self) -> float:
        return _rate(self.gold_contested_found, self.gold_contested)

    @property
    def kind_accuracy(self) -> float:
        return _rate(self.kind_right, self.matched)

    @property
    def claimant_accuracy(self) -> float:
        return _rate(self.claimant_right, self.matched)

    @property
    def denial_type_accuracy(self) -> float:
        return _rate(self.denial_types_right, self.denial_types_scored)

    @property
    def link_precision(self) -> float:
        return _rate(self.links_right, self.suggested_links)

    @property
    def link_recall(self) -> float:
        return _rate(self.links_right, self.gold_links)

    @property
    def link_kind_accuracy(self) -> float:
        return _rate(self.link_kinds_right, self.link_pairs_found)

    @property
    def figure_recall(self) -> float:
        return _rate(self.figures_found, self.gold_figures)

    def as_dict(self) -> dict[str, object]:
        """The counts and the rates (not the per-claim details)."""
        counts = {f.name: getattr(self, f.name) for f in fields(self) if f.type in (int, "int")}
        return {
            "article": self.article,
            **counts,
            "precision": self.precision,
            "recall": self.recall,
            "contested_precision": self.contested_precision,
            "contested_recall": self.contested_recall,
            "kind_accuracy": self.kind_accuracy,
            "claimant_accuracy": self.claimant_accuracy,
            # None, not 0, when there was nothing to score (the engine gave no denial type).
            "denial_type_accuracy": self.denial_type_accuracy if self.denial_types_scored else None,
            "link_precision": self.link_precision,
            "link_recall": self.link_recall,
            "link_kind_accuracy": self.link_kind_accuracy if self.link_pairs_found else None,
            "figure_recall": self.figure_recall,
        }


@dataclass
class EvaluationReport:
    gold_path: Path
    articles: list[Score]
    overall: Score


def _rate(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


# Scoring.


def match_claims(gold: Sequence[GoldClaim], suggestions: Sequence[Suggestion]) -> dict[int, int]:
    """Gold index → suggestion index: a maximum one-to-one matching among pairs where the
    suggestion covers at least half of the gold quote, trying larger coverage first."""
    options: list[list[int]] = []
    for claim in gold:
        scored = []
        for j, suggestion in enumerate(suggestions):
            covered = _covered(claim, suggestion)
            if len(claim.quote) and covered / len(claim.quote) >= MATCH_COVERAGE:
                scored.append((-covered / len(claim.quote), j))
        options.append([j for _, j in sorted(scored)])
    owner: dict[int, int] = {}  # suggestion → gold

    def assign(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        assign(i, set())
    return {i: j for j, i in owner.items()}


def _covered(claim: GoldClaim, suggestion: Suggestion) -> int:
    return min(claim.end, suggestion.anchor.end) - max(claim.start, suggestion.anchor.start)


# A person's rank or honorific before a name: "Colonel Artem Lysko" and "Artem Lysko" are one
# person. The engine names people without it; some gold writers keep it, others do not.
HONORIFICS = frozenset(word_list("mr mrs ms dr prof professor sir dame"))
RANKS = frozenset(
    word_list(
        "col colonel gen general maj major lt lieutenant capt captain sgt sergeant adm admiral "
        "brig brigadier cmdr commander superintendent supt inspector constable detective"
    )
)


def _without_rank(name: str) -> str:
    words = normalise_name(name).split()
    # A rank is dropped before a name of two words or more, so "General Staff" stays a body's
    # name; an honorific is also dropped before a surname alone ("Dr Koren").
    while len(words) > 2 and words[0] in RANKS | HONORIFICS:
        words.pop(0)
    if len(words) == 2 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def claimant_matches(
    gold_claimant: str, suggestion: Suggestion, aliases: Iterable[str] = ()
) -> bool:
    """Whether the suggestion names the gold claimant, or one of its acceptable aliases; a
    person's rank or honorific before the name does not count."""
    got = {_without_rank(suggestion.claimant_name), _without_rank(suggestion.claimant_text)}
    return any(_without_rank(name) in got for name in (gold_claimant, *aliases))


def suggested_denial_type(suggestion: object) -> str | None:
    """The suggestion's denial type, whether it is an object or a mapping; None when the engine
    does not give one."""
    if isinstance(suggestion, Mapping):
        value = suggestion.get("denial_type")
    else:
        value = getattr(suggestion, "denial_type", None)
    return None if value is None else str(getattr(value, "value", value))


def score_article(
    article: GoldArticle, suggestions: Sequence[Suggestion], name: str | None = None
) -> Score:
    score = Score(article=name or article.path.stem)
    gold = article.claims
    matching = match_claims(gold, suggestions)
    matched_suggestions = set(matching.values())
    score.gold = len(gold)
    score.suggested = len(suggestions)
    score.matched = len(matching)
    score.gold_contested = sum(1 for c in gold if c.kind in CONTESTED)
    score.gold_contested_found = sum(
        1 for i, c in enumerate(gold) if c.kind in CONTESTED and i in matching
    )
    score.suggested_contested = sum(1 for s in suggestions if s.kind in CONTESTED)
    score.suggested_contested_matched = sum(
        1 for j, s in enumerate(suggestions) if s.kind in CONTESTED and j in matched_suggestions
    )
    for i, claim in enumerate(gold):
        score.gold_figures += len(claim.figures)
        detail = _claim_detail(claim)
        score.claims.append(detail)
        if i not in matching:
            score.misses.append(f"missed {claim.id} ({claim.kind}): {claim.quote[:70]}")
            continue
        suggestion = suggestions[matching[i]]
        detail["match"] = _suggestion_detail(matching[i], suggestion, claim)
        detail["kind_right"] = claim.kind == suggestion.kind
        detail["claimant_right"] = claimant_matches(
            claim.claimant, suggestion, claim.claimant_aliases
        )
        score.kind_right += detail["kind_right"]
        score.claimant_right += detail["claimant_right"]
        denial_type = suggested_denial_type(suggestion)
        if claim.denial_type is not None and denial_type is not None:
            detail["denial_type_right"] = claim.denial_type == denial_type
            score.denial_types_scored += 1
            score.denial_types_right += detail["denial_type_right"]
        found = {(f.low, f.high, f.counts) for f in suggestion.figures}
        score.figures_found += sum(1 for f in claim.figures if f in found)
    score.spurious_suggestions = [
        _suggestion_detail(j, s) for j, s in enumerate(suggestions) if j not in matched_suggestions
    ]
    _score_links(score, gold, suggestions, matching)
    return score


def _score_links(
    score: Score,
    gold: Sequence[GoldClaim],
    suggestions: Sequence[Suggestion],
    matching: dict[int, int],
) -> None:
    """A suggested link is right when the gold has the same link between the claims its two
    ends matched; it found the pair when the gold links them by any kind."""
    gold_of = {j: gold[i].id for i, j in matching.items()}
    gold_links = {(c.id, kind, target) for c in gold for kind, target in c.links}
    gold_pairs: dict[tuple[str, str], set[str]] = {}
    for source, kind, target in gold_links:
        gold_pairs.setdefault((source, target), set()).add(kind)
    suggested: dict[tuple[str | None, str | None], set[str]] = {}
    score.gold_links = len(gold_links)
    for j, suggestion in enumerate(suggestions):
        for link in suggestion.links:
            score.suggested_links += 1
            pair = (gold_of.get(j), gold_of.get(link.target))
            suggested.setdefault(pair, set()).add(link.kind)
            right = (pair[0], link.kind, pair[1]) in gold_links
            score.links_right += right
            if pair in gold_pairs:
                score.link_pairs_found += 1
                score.link_kinds_right += right
            else:
                score.spurious_links.append(
                    {
                        "kind": link.kind,
                        "source": pair[0],
                        "target": pair[1],
                        "source_suggestion": j,
                        "target_suggestion": link.target,
                    }
                )
    for claim, detail in zip(gold, score.claims, strict=True):
        for kind, target in claim.links:
            got = suggested.get((claim.id, target), set())
            if kind in got:
                continue
            # Linked, but by a kind the gold does not give this pair: the kind is wrong.
            other = got - gold_pairs[(claim.id, target)]
            if other:
                detail["wrong_kind_links"].append(
                    {"target": target, "expected": kind, "got": sorted(other)}
                )
            else:
                detail["missed_links"].append({"kind": kind, "target": target})


def _claim_detail(claim: GoldClaim) -> dict:
    return {
        "id": claim.id,
        "kind": claim.kind,
        "claimant": claim.claimant,
        "claimant_aliases": list(claim.claimant_aliases),
        "denial_type": claim.denial_type,
        "quote": claim.quote,
        "start": claim.start,
        "match": None,
        "kind_right": None,
        "claimant_right": None,
        "denial_type_right": None,
        "missed_links": [],
        "wrong_kind_links": [],
    }


def _suggestion_detail(
    index: int, suggestion: Suggestion, claim: GoldClaim | None = None
) -> dict[str, object]:
    detail: dict[str, object] = {
        "suggestion": index,
        "kind": suggestion.kind,
        "claimant_name": suggestion.claimant_name,
        "claimant_text": suggestion.claimant_text,
        "denial_type": suggested_denial_type(suggestion),
        "quote": suggestion.quote,
        "start": suggestion.anchor.start,
        "end": suggestion.anchor.end,
    }
    if claim is not None:
        detail["coverage"] = round(_covered(claim, suggestion) / len(claim.quote), 3)
    return detail


def combined(reports: Sequence[EvaluationReport]) -> Score:
    """The overall score of several gold files together."""
    total = Score(article="all files")
    for report in reports:
        total.add(report.overall)
    return total
