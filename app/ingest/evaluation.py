"""Scoring claim suggestions against a gold annotation.

A gold file is a JSON list of articles::

    [{"file": "articles/x.txt",
      "actors": [{"name": "…", "kind": "ngo", "aliases": ["…"], "parent": "…"}],   # optional
      "claims": [{"id": "c1", "kind": "allegation", "claimant": "Name",
                  "claimant_aliases": ["Surname", "The body they speak for"],     # optional
                  "quote": "exact substring of the body", "rebuts": ["c0"],
                  "denial_type": "categorical"}]}]                                # optional

Paths are relative to the gold file. An article file holds its URL (or "unknown"), outlet,
date (YYYY-MM-DD or "unknown") and title on its first four lines, then a blank line and the
body. A claim may carry "start" (the quote's offset) when its quote occurs more than once, link
lists under any LinkKind name ("rebuts", "counter_accuses", "corroborates", …) pointing at ids
in the same article, "figures" ({low, high, qualifier, counts, text}) and, on a denial or
counter-claim, a "denial_type" (a DenialType value). Any other field is refused, so a misspelt
one ("rebut") is caught rather than silently ignored.

A suggestion matches a gold claim when it covers at least half of the gold quote's characters;
each suggestion matches at most one gold claim and each gold claim at most one suggestion
(a maximum matching, preferring larger coverage). The claimant of a matched suggestion is right
when the actor it resolved to, or the words naming the speaker, are the gold claimant's name or
one of its "claimant_aliases" (compared without case, articles, periods, possessives or a
parenthesis like "(unnamed)"). The denial type is scored on matched claims whose gold and
suggestion both carry one. A suggested link is right when the gold has the same link between
the claims its two ends matched; when the gold links those claims by another kind, the link
found the pair but not the kind (link-kind accuracy is scored on the pairs found).
"""

import argparse
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeGuard, overload

from rich import box
from rich.console import Console
from rich.table import Table

from app.ingest.seeds import article_body, read_seed_set
from app.ingest.suggest import ActorDirectory, Suggestion, normalise_name, suggest_claims
from app.paths import SEEDS_DIR
from app.vocabulary import (
    DENIAL_TYPE_KINDS,
    ActorKind,
    ClaimKind,
    DenialType,
    FigureCounts,
    LinkKind,
)

MATCH_COVERAGE = 0.5
# The target slice: allegations and denials.
CONTESTED = frozenset({ClaimKind.allegation, ClaimKind.denial})
UNKNOWN = "unknown"
LINK_FIELDS = tuple(kind.value for kind in LinkKind)
CLAIM_FIELDS = frozenset(
    {"id", "kind", "claimant", "claimant_aliases", "quote", "start", "denial_type", "figures"}
) | frozenset(LINK_FIELDS)
ARTICLE_FIELDS = frozenset({"file", "actors", "claims"})
ACTOR_FIELDS = frozenset({"name", "kind", "aliases", "parent"})
FIGURE_FIELDS = frozenset({"low", "high", "qualifier", "counts", "text"})


class GoldFileError(ValueError):
    """A gold file that cannot be used; the message names the file, the article and claim (by
    their index in the JSON lists) and the field that is missing or wrong."""


@dataclass(frozen=True, slots=True)
class GoldClaim:
    id: str
    kind: str
    claimant: str
    quote: str
    start: int
    links: tuple[tuple[str, str], ...] = ()  # (link kind, target id)
    figures: tuple[tuple[int, int | None, str], ...] = ()  # (low, high, counts)
    claimant_aliases: tuple[str, ...] = ()
    denial_type: str | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.quote)

    @property
    def claimant_names(self) -> tuple[str, ...]:
        return (self.claimant, *self.claimant_aliases)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    path: Path
    url: str | None
    outlet: str | None
    date: str | None
    title: str
    body: str
    claims: tuple[GoldClaim, ...]
    actors: tuple[dict, ...] = ()


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


# ---------------------------------------------------------------------------------------------
# Reading


def read_article_file(path: Path) -> tuple[str | None, str | None, str | None, str, str]:
    """(url, outlet, date, title, body) of an article file in the gold format."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if len(lines) < 5 or lines[4].strip():
        raise ValueError(f"{path}: expected URL, outlet, date, title and a blank line")

    def known(value: str) -> str | None:
        value = value.strip()
        return None if not value or value.lower() == UNKNOWN else value

    body = "\n".join(lines[5:])
    return known(lines[0]), known(lines[1]), known(lines[2]), lines[3].strip(), body


def read_gold(gold_path: Path) -> list[GoldArticle]:
    """The articles of a gold file, every field checked; a GoldFileError says what is wrong
    and where ("gold.json: [2] (articles/x.txt) claims[3] (c4): 'kind' is missing")."""
    try:
        entries = json.loads(gold_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldFileError(f"{gold_path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{gold_path}: is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise GoldFileError(
            f"{gold_path}: is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    if not isinstance(entries, list):
        raise GoldFileError(f"{gold_path}: a gold file is a JSON list of articles")
    return [_gold_article(gold_path, index, entry) for index, entry in enumerate(entries)]


def _gold_article(gold_path: Path, index: int, entry: object) -> GoldArticle:
    where = f"{gold_path}: [{index}]"
    entry = _object(entry, where, "an article")
    file = _text(entry, "file", where)
    where = f"{where} ({file})"
    _known_fields(entry, where, ARTICLE_FIELDS)
    path = (gold_path.parent / file).resolve()
    try:
        url, outlet, date, title, body = read_article_file(path)
    except OSError as error:
        raise GoldFileError(
            f"{where}: the article file cannot be read ({error.strerror})"
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise GoldFileError(
            f"{where}: the article file must be UTF-8 text with a URL, outlet, date and title "
            "on its first four lines, then a blank line and the body"
        ) from None
    actors = tuple(
        _actor(raw, f"{where} actors[{i}]")
        for i, raw in enumerate(_list(entry, "actors", where, required=False))
    )
    claims: list[GoldClaim] = []
    for i, raw in enumerate(_list(entry, "claims", where)):
        claim = _gold_claim(body, raw, f"{where} claims[{i}]")
        if any(c.id == claim.id for c in claims):
            raise GoldFileError(f"{where} claims[{i}]: the id {claim.id!r} is used twice")
        claims.append(claim)
    ids = {c.id for c in claims}
    for i, claim in enumerate(claims):
        for kind, target in claim.links:
            if target not in ids:
                raise GoldFileError(
                    f"{where} claims[{i}] ({claim.id}): '{kind}' names an unknown id "
                    f"{target!r} (no claim of this article has it)"
                )
    return GoldArticle(path, url, outlet, date, title, body, tuple(claims), actors)


def _gold_claim(body: str, raw: object, where: str) -> GoldClaim:
    raw = _object(raw, where, "a claim")
    claim_id = _text(raw, "id", where)
    where = f"{where} ({claim_id})"
    _known_fields(raw, where, CLAIM_FIELDS)
    kind = _choice(raw, "kind", where, ClaimKind)
    quote = _text(raw, "quote", where)
    start = raw.get("start")
    if start is None:
        start = body.find(quote)
        if start < 0:
            raise GoldFileError(f"{where}: the quote is not in the body: {quote[:60]!r}")
        if body.find(quote, start + 1) >= 0:
            raise GoldFileError(f"{where}: the quote occurs twice in the body; give its 'start'")
    elif not _is_int(start) or body[start : start + len(quote)] != quote:
        raise GoldFileError(f"{where}: 'start' must be the offset of the quote in the body")
    denial_type = _choice(raw, "denial_type", where, DenialType, required=False)
    if denial_type is not None and kind not in DENIAL_TYPE_KINDS:
        raise GoldFileError(
            f"{where}: 'denial_type' is given on a {kind}; only denials and counter-claims "
            "carry one"
        )
    return GoldClaim(
        id=claim_id,
        kind=kind,
        claimant=_text(raw, "claimant", where),
        quote=quote,
        start=start,
        links=tuple(
            (name, _string(target, f"{where} {name}[{i}]"))
            for name in LINK_FIELDS
            for i, target in enumerate(_list(raw, name, where, required=False))
        ),
        figures=tuple(
            _figure(figure, f"{where} figures[{i}]")
            for i, figure in enumerate(_list(raw, "figures", where, required=False))
        ),
        claimant_aliases=tuple(
            _string(alias, f"{where} claimant_aliases[{i}]")
            for i, alias in enumerate(_list(raw, "claimant_aliases", where, required=False))
        ),
        denial_type=denial_type,
    )


def _actor(raw: object, where: str) -> dict:
    raw = _object(raw, where, "an actor")
    name = _text(raw, "name", where)
    where = f"{where} ({name})"
    _known_fields(raw, where, ACTOR_FIELDS)
    _choice(raw, "kind", where, ActorKind)
    for i, alias in enumerate(_list(raw, "aliases", where, required=False)):
        _string(alias, f"{where} aliases[{i}]")
    if raw.get("parent") is not None:
        _text(raw, "parent", where)
    return raw


def _figure(raw: object, where: str) -> tuple[int, int | None, str]:
    raw = _object(raw, where, "a figure")
    _known_fields(raw, where, FIGURE_FIELDS)
    low, high = raw.get("low"), raw.get("high")
    if not _is_int(low):
        raise GoldFileError(f"{where}: 'low' is {_missing_or(low)}; it must be a whole number")
    if high is not None and not _is_int(high):
        raise GoldFileError(f"{where}: 'high' must be a whole number or absent")
    return low, high, _choice(raw, "counts", where, FigureCounts)


# Field checks: each names the field and where it is when it is missing or of the wrong kind.


def _object(raw: object, where: str, what: str) -> dict:
    if not isinstance(raw, dict):
        raise GoldFileError(f"{where}: {what} must be a JSON object")
    return raw


def _known_fields(raw: dict, where: str, allowed: frozenset[str]) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise GoldFileError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(sorted(allowed))})"
        )


def _text(raw: dict, name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GoldFileError(f"{where}: '{name}' is {_missing_or(value)}; it must be a text")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldFileError(f"{where}: must be a non-empty text, not {json.dumps(value)}")
    return value


def _list(raw: dict, name: str, where: str, *, required: bool = True) -> list:
    value = raw.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise GoldFileError(f"{where}: '{name}' is {_missing_or(value)}; it must be a list")
    return value


@overload
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: Literal[True] = True
) -> str: ...
@overload
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: bool
) -> str | None: ...
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: bool = True
) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    allowed = [v.value for v in values]
    if value not in allowed:
        raise GoldFileError(
            f"{where}: '{name}' is {_missing_or(value)}; it must be one of {', '.join(allowed)}"
        )
    return value


def _missing_or(value: object) -> str:
    return "missing" if value is None else json.dumps(value, ensure_ascii=False)[:60]


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def directory_for(articles: Iterable[GoldArticle], seeds_dir: Path = SEEDS_DIR) -> ActorDirectory:
    """What Gainsay would know when importing these articles: the seed data set's actors and
    those the gold file lists."""
    rows = [
        (None, a["name"], a["kind"], a.get("aliases", []), a.get("parent"))
        for article in articles
        for a in article.actors
    ]
    return ActorDirectory.from_seed_annotations(seeds_dir).extended(rows)


# ---------------------------------------------------------------------------------------------
# Scoring


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


def claimant_matches(
    gold_claimant: str, suggestion: Suggestion, aliases: Iterable[str] = ()
) -> bool:
    """Whether the suggestion names the gold claimant, or one of its acceptable aliases."""
    got = {normalise_name(suggestion.claimant_name), normalise_name(suggestion.claimant_text)}
    return any(normalise_name(name) in got for name in (gold_claimant, *aliases))


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


def evaluate(
    articles: Sequence[GoldArticle], actors: ActorDirectory | None = None
) -> tuple[list[Score], Score]:
    directory = actors if actors is not None else directory_for(articles)
    scores = []
    overall = Score(article="overall")
    for article in articles:
        suggestions = suggest_claims(article.body, directory, publisher=article.outlet)
        score = score_article(article, suggestions)
        scores.append(score)
        overall.add(score)
    return scores, overall


def evaluate_file(gold_path: Path, actors: ActorDirectory | None = None) -> EvaluationReport:
    """Run the engine on every article of a gold file and score it. The actor directory
    defaults to the seed data set's actors plus those the gold file lists."""
    scores, overall = evaluate(read_gold(gold_path), actors)
    return EvaluationReport(gold_path=gold_path, articles=scores, overall=overall)


def combined(reports: Sequence[EvaluationReport]) -> Score:
    """The overall score of several gold files together."""
    total = Score(article="all files")
    for report in reports:
        total.add(report.overall)
    return total


def run_evaluation(
    gold_path: Path, console: Console, *, actors: ActorDirectory | None = None
) -> EvaluationReport:
    """Evaluate one gold file and print its table."""
    report = evaluate_file(gold_path, actors)
    print_report(report, console)
    return report


def report_json(reports: Sequence[EvaluationReport], *, seed_actors_only: bool = False) -> dict:
    """The machine-readable report: per file and article the metrics and, per gold claim, its
    match or miss, wrong kind, claimant or denial type, missed and wrong-kind links; the
    suggestions and links that matched nothing; the overall metrics of each file and of all."""
    return {
        "actors": "seed" if seed_actors_only else "seed and gold",
        "files": [
            {
                "gold": str(report.gold_path),
                "articles": [
                    {
                        **score.as_dict(),
                        "claims": score.claims,
                        "spurious_suggestions": score.spurious_suggestions,
                        "spurious_links": score.spurious_links,
                    }
                    for score in report.articles
                ],
                "overall": report.overall.as_dict(),
            }
            for report in reports
        ],
        "overall": combined(reports).as_dict(),
    }


# ---------------------------------------------------------------------------------------------
# Printing

CAPTION = (
    "P, R: precision, recall; A+D: of allegations and denials; kind, clmt, type: accuracy of "
    "kind, claimant, denial type on matched claims (- when no suggestion has a denial type); "
    "links: precision/recall"
)


def print_report(report: EvaluationReport, console: Console) -> None:
    table = _table(f"Claim suggestions against {report.gold_path.name}")
    for score in report.articles:
        _add_row(table, score, end_section=score is report.articles[-1])
    _add_row(table, report.overall, bold=True)
    console.print(table)
    console.print(_summary(report.overall))


def print_reports(reports: Sequence[EvaluationReport], console: Console) -> None:
    """Each file's table, then, for several files, their overall rows and the combined one."""
    for report in reports:
        print_report(report, console)
    if len(reports) > 1:
        table = _table("All gold files")
        for report in reports:
            _add_row(table, report.overall, name=report.gold_path.name)
        total = combined(reports)
        table.rows[-1].end_section = True
        _add_row(table, total, bold=True)
        console.print(table)
        console.print(_summary(total))


def _table(title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE, padding=0, pad_edge=False)
    table.add_column("article", no_wrap=True, overflow="ellipsis", max_width=18)
    table.caption = CAPTION
    for heading in ("gold", "sugg", "P", "R", "P A+D", "R A+D", "kind", "clmt", "type", "links"):
        width = 9 if heading == "links" else max(4, len(heading))
        table.add_column(heading, justify="right", no_wrap=True, min_width=width)
    return table


def _add_row(
    table: Table,
    score: Score,
    *,
    name: str | None = None,
    bold: bool = False,
    end_section: bool = False,
) -> None:
    label = name or score.article
    table.add_row(
        f"[bold]{label}[/bold]" if bold else label,
        str(score.gold),
        str(score.suggested),
        f"{score.precision:.2f}",
        f"{score.recall:.2f}",
        f"{score.contested_precision:.2f}",
        f"{score.contested_recall:.2f}",
        f"{score.kind_accuracy:.2f}",
        f"{score.claimant_accuracy:.2f}",
        f"{score.denial_type_accuracy:.2f}" if score.denial_types_scored else "-",
        f"{score.link_precision:.2f}/{score.link_recall:.2f}",
        end_section=end_section,
    )


def _summary(overall: Score) -> str:
    parts = [
        f"alleg.+denial: {overall.gold_contested_found}/{overall.gold_contested} gold found, "
        f"{overall.suggested_contested_matched}/{overall.suggested_contested} suggested matched",
        f"kind right {overall.kind_right}/{overall.matched}",
        f"claimant right {overall.claimant_right}/{overall.matched}",
        f"links right {overall.links_right}/{overall.gold_links} gold, "
        f"kind right on {overall.link_kinds_right}/{overall.link_pairs_found} pairs found",
    ]
    if overall.denial_types_scored:
        parts.append(
            f"denial type right {overall.denial_types_right}/{overall.denial_types_scored}"
        )
    if overall.gold_figures:
        parts.append(f"figures found {overall.figures_found}/{overall.gold_figures}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# The seed annotations as a gold set


def export_seed_gold(out_dir: Path, seeds_dir: Path = SEEDS_DIR) -> Path:
    """Write the seed articles in the gold article format under `out_dir`/seed_articles/ and
    their curated claims as `out_dir`/seeds.json. Links are kept where both claims are in the
    same article (suggestions are made one article at a time)."""
    seed_set = read_seed_set(seeds_dir)
    article_dir = out_dir / "seed_articles"
    article_dir.mkdir(parents=True, exist_ok=True)
    ref_article = {c.ref: a.file for a in seed_set.articles for c in a.claims}
    links: dict[str, dict[str, list[str]]] = {}
    for link in seed_set.links:
        if ref_article[link.source] == ref_article[link.target]:
            by_kind = links.setdefault(link.source, {})
            by_kind.setdefault(link.kind.value, []).append(link.target)
    entries = []
    for article in seed_set.articles:
        body = article_body(seeds_dir, article)
        header = [
            article.url or UNKNOWN,
            article.outlet or UNKNOWN,
            article.published_on.isoformat() if article.published_on else UNKNOWN,
            article.title,
            "",
        ]
        name = Path(article.file).name
        (article_dir / name).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
        claims = []
        for claim in article.claims:
            entry: dict[str, object] = {
                "id": claim.ref,
                "kind": claim.kind.value,
                "claimant": claim.claimant,
                "quote": claim.quote,
            }
            if body.count(claim.quote) > 1:
                entry["start"] = body.index(claim.quote)
            entry.update(links.get(claim.ref, {}))
            if claim.figures:
                entry["figures"] = [
                    {k: v for k, v in f.model_dump(mode="json").items() if v not in (None, "")}
                    for f in claim.figures
                ]
            claims.append(entry)
        entries.append({"file": f"seed_articles/{name}", "claims": claims})
    gold_path = out_dir / "seeds.json"
    gold_path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return gold_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.evaluation")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="score suggestions against gold files")
    run.add_argument("gold", type=Path, nargs="+")
    run.add_argument(
        "--seed-actors-only",
        action="store_true",
        help="ignore the actors the gold file lists (speakers are then mostly unknown actors)",
    )
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    export = sub.add_parser("export-seeds", help="write the seed annotations as a gold set")
    export.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    console = Console()
    if args.command == "export-seeds":
        console.print(f"wrote {export_seed_gold(args.out_dir)}")
        return 0
    actors = ActorDirectory.from_seed_annotations() if args.seed_actors_only else None
    try:
        reports = [evaluate_file(path, actors) for path in args.gold]
    except GoldFileError as error:
        Console(stderr=True).print(f"Could not evaluate: {error}", markup=False, soft_wrap=True)
        return 2
    if args.json:
        print(json.dumps(report_json(reports, seed_actors_only=args.seed_actors_only), indent=2))
    else:
        print_reports(reports, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
