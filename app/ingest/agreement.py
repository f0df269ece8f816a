"""How far two annotators agree on the same claims: kinds, denial types and links.

A second annotation of a gold file marks the same claims (the same ids, claimants and quotes, in
the same articles) and decides their kinds, denial types and links again, without seeing the
first. Where two careful annotators following the same definitions part ways is the ceiling a
suggestion engine can be expected to reach on text annotated that way; where they agree and the
engine does not, the engine is at fault. Kinds and denial types are compared claim by claim
(with Cohen's kappa, the agreement beyond what each annotator's mix of labels gives by chance);
links as sets of (source, target) pairs, with and without their kind, the first annotation taken
as the reference.

A second annotation made from scratch (its own claims, not the first's) is scored instead as the
engine is (`score_as_suggestions`): its claims stand for suggestions, so precision, recall,
kinds, claimants, denial types and links read as the engine's figures do.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.ingest.figures import FigureSuggestion
from app.ingest.gold import GoldArticle, GoldClaim, GoldFileError, read_gold
from app.ingest.suggest import (
    ActorDirectory,
    SuggestedLink,
    Suggestion,
    normalise_name,
    suggest_claims,
)
from app.ingest.suggestion_scoring import EvaluationReport, Score, match_claims, score_article
from app.services.anchors import anchor_at

Link = tuple[str, str, str, str]  # (article file, source id, target id, link kind)


@dataclass
class Agreement:
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (first, second) per claim
    denial_types: list[tuple[str, str]] = field(default_factory=list)  # where both typed it
    first_links: set[Link] = field(default_factory=set)
    second_links: set[Link] = field(default_factory=set)
    # The engine's kinds on the claims it matched, against each annotation: (first, second, engine).
    engine_kinds: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, other: "Agreement") -> None:
        self.kinds += other.kinds
        self.denial_types += other.denial_types
        self.first_links |= other.first_links
        self.second_links |= other.second_links
        self.engine_kinds += other.engine_kinds

    @property
    def claims(self) -> int:
        return len(self.kinds)

    def confusion(self) -> list[tuple[tuple[str, str], int]]:
        """The (first, second) kinds the annotators gave differently, most frequent first."""
        return [(pair, n) for pair, n in Counter(self.kinds).most_common() if pair[0] != pair[1]]

    def links(self, *, with_kind: bool) -> tuple[int, int, int]:
        """(first's links, second's links, links in both), by their ends and, if asked, kind."""
        first, second = self.first_links, self.second_links
        if not with_kind:
            first = {(*link[:3], "") for link in first}
            second = {(*link[:3], "") for link in second}
        return len(first), len(second), len(first & second)

    def engine(self) -> dict[str, int]:
        """The engine's kinds right by the first annotation, by the second, by either, and on
        the claims the two annotations agree on."""
        rows = self.engine_kinds
        agreed = [row for row in rows if row[0] == row[1]]
        return {
            "matched": len(rows),
            "right_by_first": sum(first == got for first, _, got in rows),
            "right_by_second": sum(second == got for _, second, got in rows),
            "right_by_either": sum(got in (first, second) for first, second, got in rows),
            "agreed": len(agreed),
            "right_where_agreed": sum(first == got for first, _, got in agreed),
        }

    def as_dict(self) -> dict[str, object]:
        kind_rate, kind_kappa = agreement_and_kappa(self.kinds)
        type_rate, type_kappa = agreement_and_kappa(self.denial_types)
        report: dict[str, object] = {
            "claims": self.claims,
            "kind_agreement": kind_rate,
            "kind_kappa": kind_kappa,
            "denial_types_both": len(self.denial_types),
            "denial_type_agreement": type_rate,
            "denial_type_kappa": type_kappa,
            "kind_confusion": [
                {"first": first, "second": second, "claims": n}
                for (first, second), n in self.confusion()
            ],
        }
        for name, with_kind in (("links", True), ("link_pairs", False)):
            first, second, both = self.links(with_kind=with_kind)
            report[name] = {"first": first, "second": second, "both": both}
        if self.engine_kinds:
            report["engine"] = self.engine()
        return report


def agreement_and_kappa(pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """The share of pairs that agree, and Cohen's kappa (1.0 when both give one label only)."""
    if not pairs:
        return 0.0, 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    firsts = Counter(a for a, _ in pairs)
    seconds = Counter(b for _, b in pairs)
    chance = sum(firsts[label] * seconds[label] for label in firsts) / (n * n)
    return observed, 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def compare(
    first: Sequence[GoldArticle],
    second: Sequence[GoldArticle],
    *,
    engine_actors: ActorDirectory | None = None,
) -> Agreement:
    """Compare two annotations of the same claims; a GoldFileError names the first article or
    claim where they are not the same claims. With `engine_actors`, the engine is also run on
    each article and its kinds on the claims it matches are set beside both annotations."""
    _check_same_articles(first, second)
    result = Agreement()
    for one, other in zip(first, second, strict=True):
        result.add(_compare_article(one, other))
        if engine_actors is not None:
            result.engine_kinds += _engine_kinds(one, other, engine_actors)
    return result


def compare_files(
    first: Path, second: Path, *, engine_actors: ActorDirectory | None = None
) -> Agreement:
    return compare(read_gold(first), read_gold(second), engine_actors=engine_actors)


def _compare_article(first: GoldArticle, second: GoldArticle) -> Agreement:
    where = first.path.name
    if [c.id for c in first.claims] != [c.id for c in second.claims]:
        raise GoldFileError(f"{where}: the two annotations do not list the same claim ids")
    result = Agreement()
    for one, other in zip(first.claims, second.claims, strict=True):
        if (one.quote, one.start, one.claimant) != (other.quote, other.start, other.claimant):
            raise GoldFileError(
                f"{where} ({one.id}): the two annotations give this claim another quote, "
                "start or claimant; only kinds, denial types and links may differ"
            )
        result.kinds.append((one.kind, other.kind))
        if one.denial_type and other.denial_type:
            result.denial_types.append((one.denial_type, other.denial_type))
        result.first_links |= _links(where, one)
        result.second_links |= _links(where, other)
    return result


def _links(where: str, claim: GoldClaim) -> set[Link]:
    return {(where, claim.id, target, kind) for kind, target in claim.links}


def _engine_kinds(
    first: GoldArticle, second: GoldArticle, actors: ActorDirectory
) -> list[tuple[str, str, str]]:
    suggestions = suggest_claims(first.body, actors, publisher=first.outlet)
    matches = match_claims(first.claims, suggestions)
    return [
        (first.claims[i].kind, second.claims[i].kind, str(suggestions[j].kind))
        for i, j in sorted(matches.items())
    ]


def score_as_suggestions(gold_path: Path, second_path: Path) -> EvaluationReport:
    """Score a second annotation that marks its own claims against a gold file, each of its
    claims taken as a suggestion: the figures `gainsay eval-suggestions` gives the engine."""
    first, second = read_gold(gold_path), read_gold(second_path)
    _check_same_articles(first, second)
    scores = [
        score_article(one, _as_suggestions(one, other))
        for one, other in zip(first, second, strict=True)
    ]
    overall = Score(article="overall")
    for score in scores:
        overall.add(score)
    return EvaluationReport(gold_path=second_path, articles=scores, overall=overall)


def _as_suggestions(gold: GoldArticle, annotation: GoldArticle) -> list[Suggestion]:
    index = {claim.id: i for i, claim in enumerate(annotation.claims)}
    suggestions = [
        Suggestion(
            kind=claim.kind,
            quote=claim.quote,
            anchor=anchor_at(annotation.body, claim.start, claim.end),
            claimant_text=claim.claimant,
            claimant_name=claim.claimant,
            claimant_id=None,
            cue="",
            figures=tuple(
                FigureSuggestion(low, high, "", counts, "", claim.start, claim.start)
                for low, high, counts in claim.figures
            ),
            links=tuple(SuggestedLink(kind, index[target]) for kind, target in claim.links),
            denial_type=claim.denial_type,
        )
        for claim in annotation.claims
    ]
    # A claimant is right when any name either annotator accepts for it is the same: the engine
    # is held to the gold's names, but two annotators may each name a body in its own words.
    for i, j in match_claims(gold.claims, suggestions).items():
        accepted = {normalise_name(name) for name in gold.claims[i].claimant_names}
        for name in annotation.claims[j].claimant_names:
            if normalise_name(name) in accepted:
                suggestions[j] = replace(suggestions[j], claimant_text=name)
                break
    return suggestions


def _check_same_articles(first: Sequence[GoldArticle], second: Sequence[GoldArticle]) -> None:
    if [a.path for a in first] != [a.path for a in second]:
        raise GoldFileError(
            "the two annotations do not list the same articles in the same order: "
            f"{_names(first)} against {_names(second)}"
        )


def _names(articles: Iterable[GoldArticle]) -> str:
    return ", ".join(a.path.name for a in articles) or "none"


def print_agreement(agreement: Agreement, console: Console) -> None:
    kind_rate, kind_kappa = agreement_and_kappa(agreement.kinds)
    type_rate, type_kappa = agreement_and_kappa(agreement.denial_types)
    table = Table("", "claims", "agree", "kappa", title="Two annotations of the same claims")
    table.add_row("kind", str(agreement.claims), f"{kind_rate:.3f}", f"{kind_kappa:.3f}")
    table.add_row(
        "denial type (both typed)",
        str(len(agreement.denial_types)),
        f"{type_rate:.3f}",
        f"{type_kappa:.3f}",
    )
    console.print(table)
    links = Table("links", "first", "second", "both", "second's P", "second's R", title="Links")
    for label, with_kind in (("ends and kind", True), ("ends only", False)):
        first, second, both = agreement.links(with_kind=with_kind)
        links.add_row(
            label,
            str(first),
            str(second),
            str(both),
            f"{both / second:.3f}" if second else "-",
            f"{both / first:.3f}" if first else "-",
        )
    console.print(links)
    if agreement.confusion():
        pairs = Table("first", "second", "claims", title="Kinds given differently")
        for (first_kind, second_kind), n in agreement.confusion():
            pairs.add_row(first_kind, second_kind, str(n))
        console.print(pairs)
    if agreement.engine_kinds:
        engine = agreement.engine()
        console.print(
            f"The engine's kinds on the {engine['matched']} claims it matches: right by the first "
            f"annotation {engine['right_by_first']}, by the second {engine['right_by_second']}, "
            f"by either {engine['right_by_either']}; on the {engine['agreed']} both annotations "
            f"agree on, {engine['right_where_agreed']}."
        )
