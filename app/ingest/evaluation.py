"""Scoring claim suggestions against a gold annotation.

A gold file is a JSON list of articles::

    [{"file": "articles/x.txt",
      "actors": [{"name": "…", "kind": "ngo", "aliases": ["…"], "parent": "…"}],   # optional
      "claims": [{"id": "c1", "kind": "allegation", "claimant": "Name",
                  "quote": "exact substring of the body", "rebuts": ["c0"]}]}]

Paths are relative to the gold file. An article file holds its URL (or "unknown"), outlet,
date (YYYY-MM-DD or "unknown") and title on its first four lines, then a blank line and the
body. A claim may carry "start" (the quote's offset) when its quote occurs more than once, link
lists under any LinkKind name ("rebuts", "counter_accuses", "corroborates", …) pointing at ids
in the same article, and "figures" ({low, high, qualifier, counts, text}).

A suggestion matches a gold claim when it covers at least half of the gold quote's characters;
each suggestion matches at most one gold claim and each gold claim at most one suggestion
(a maximum matching, preferring larger coverage). The claimant of a matched suggestion is right
when the actor it resolved to, or the words naming the speaker, are the gold claimant's name
(compared without case, articles, periods, possessives or a parenthesis like "(unnamed)").
"""

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from app.ingest.seeds import article_body, read_seed_set
from app.ingest.suggest import ActorDirectory, Suggestion, normalise_name, suggest_claims
from app.paths import SEEDS_DIR
from app.vocabulary import ClaimKind, LinkKind

MATCH_COVERAGE = 0.5
# The target slice: allegations and denials.
CONTESTED = frozenset({ClaimKind.allegation, ClaimKind.denial})
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class GoldClaim:
    id: str
    kind: str
    claimant: str
    quote: str
    start: int
    links: tuple[tuple[str, str], ...] = ()  # (link kind, target id)
    figures: tuple[tuple[int, int | None, str], ...] = ()  # (low, high, counts)

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


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
    """Counts for one article or the whole set; the rates are computed from them."""

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
    gold_links: int = 0
    suggested_links: int = 0
    links_right: int = 0
    gold_figures: int = 0
    figures_found: int = 0
    misses: list[str] = field(default_factory=list)

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
    def link_precision(self) -> float:
        return _rate(self.links_right, self.suggested_links)

    @property
    def link_recall(self) -> float:
        return _rate(self.links_right, self.gold_links)

    @property
    def figure_recall(self) -> float:
        return _rate(self.figures_found, self.gold_figures)

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "gold": self.gold,
            "suggested": self.suggested,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "contested_precision": self.contested_precision,
            "contested_recall": self.contested_recall,
            "kind_accuracy": self.kind_accuracy,
            "claimant_accuracy": self.claimant_accuracy,
            "link_precision": self.link_precision,
            "link_recall": self.link_recall,
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
    entries = json.loads(gold_path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{gold_path}: a gold file is a JSON list of articles")
    articles = []
    for entry in entries:
        path = (gold_path.parent / entry["file"]).resolve()
        url, outlet, date, title, body = read_article_file(path)
        claims = tuple(_gold_claim(path, body, raw) for raw in entry.get("claims", []))
        ids = {c.id for c in claims}
        for claim in claims:
            for _, target in claim.links:
                if target not in ids:
                    raise ValueError(f"{path}: claim {claim.id} links to unknown id {target!r}")
        articles.append(
            GoldArticle(
                path, url, outlet, date, title, body, claims, tuple(entry.get("actors", ()))
            )
        )
    return articles


def _gold_claim(path: Path, body: str, raw: dict) -> GoldClaim:
    quote = raw["quote"]
    start = raw.get("start")
    if start is None:
        start = body.find(quote)
        if start < 0:
            raise ValueError(f"{path}: quote of {raw['id']} is not in the body: {quote[:60]!r}")
        if body.find(quote, start + 1) >= 0:
            raise ValueError(f"{path}: quote of {raw['id']} occurs twice; give its 'start'")
    elif body[start : start + len(quote)] != quote:
        raise ValueError(f"{path}: quote of {raw['id']} is not at {start}")
    links = tuple((kind.value, target) for kind in LinkKind for target in raw.get(kind.value, ()))
    figures = tuple((f["low"], f.get("high"), f["counts"]) for f in raw.get("figures", ()))
    return GoldClaim(
        id=raw["id"],
        kind=ClaimKind(raw["kind"]).value,
        claimant=raw["claimant"],
        quote=quote,
        start=start,
        links=links,
        figures=figures,
    )


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
            covered = min(claim.end, suggestion.anchor.end) - max(
                claim.start, suggestion.anchor.start
            )
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


def claimant_matches(gold_claimant: str, suggestion: Suggestion) -> bool:
    wanted = normalise_name(gold_claimant)
    return wanted in (
        normalise_name(suggestion.claimant_name),
        normalise_name(suggestion.claimant_text),
    )


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
    for i, j in matching.items():
        claim, suggestion = gold[i], suggestions[j]
        score.kind_right += claim.kind == suggestion.kind
        score.claimant_right += claimant_matches(claim.claimant, suggestion)
        found = {(f.low, f.high, f.counts) for f in suggestion.figures}
        score.gold_figures += len(claim.figures)
        score.figures_found += sum(1 for f in claim.figures if f in found)
    for i, claim in enumerate(gold):
        if i not in matching:
            score.misses.append(f"missed {claim.id} ({claim.kind}): {claim.quote[:70]}")
            score.gold_figures += len(claim.figures)
    # Links: a suggested link is right when the gold has the same link between the claims
    # its two ends matched.
    gold_of = {j: gold[i].id for i, j in matching.items()}
    gold_links = {(c.id, kind, target) for c in gold for kind, target in c.links}
    score.gold_links = len(gold_links)
    for j, suggestion in enumerate(suggestions):
        for link in suggestion.links:
            score.suggested_links += 1
            triple = (gold_of.get(j), link.kind, gold_of.get(link.target))
            score.links_right += triple in gold_links
    return score


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


def run_evaluation(
    gold_path: Path, console: Console, *, actors: ActorDirectory | None = None
) -> EvaluationReport:
    """Run the engine on every article of a gold file, print the scores and return them.
    The actor directory defaults to the seed data set's actors plus those the gold file lists."""
    articles = read_gold(gold_path)
    scores, overall = evaluate(articles, actors)
    report = EvaluationReport(gold_path=gold_path, articles=scores, overall=overall)
    print_report(report, console)
    return report


def print_report(report: EvaluationReport, console: Console) -> None:
    table = Table(
        title=f"Claim suggestions against {report.gold_path.name}",
        box=box.SIMPLE,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("article", no_wrap=True, overflow="ellipsis", max_width=18)
    table.caption = (
        "P, R: precision and recall of claims; A+D: on allegations and denials; kind, "
        "clmt: kind and claimant accuracy on matched claims; links: precision/recall"
    )
    for heading in ("gold", "sugg", "P", "R", "P A+D", "R A+D", "kind", "clmt", "links"):
        width = 9 if heading == "links" else max(4, len(heading))
        table.add_column(heading, justify="right", no_wrap=True, min_width=width)
    for score in [*report.articles, report.overall]:
        is_total = score is report.overall
        table.add_row(
            f"[bold]{score.article}[/bold]" if is_total else score.article,
            str(score.gold),
            str(score.suggested),
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.contested_precision:.2f}",
            f"{score.contested_recall:.2f}",
            f"{score.kind_accuracy:.2f}",
            f"{score.claimant_accuracy:.2f}",
            f"{score.link_precision:.2f}/{score.link_recall:.2f}",
            end_section=score is report.articles[-1] if report.articles else False,
        )
    console.print(table)
    overall = report.overall
    console.print(
        f"alleg.+denial: {overall.gold_contested_found}/{overall.gold_contested} gold found, "
        f"{overall.suggested_contested_matched}/{overall.suggested_contested} suggested matched; "
        f"kind right {overall.kind_right}/{overall.matched}, "
        f"claimant right {overall.claimant_right}/{overall.matched}"
        + (
            f"; figures found {overall.figures_found}/{overall.gold_figures}"
            if overall.gold_figures
            else ""
        )
    )


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
    run = sub.add_parser("run", help="score suggestions against a gold file")
    run.add_argument("gold", type=Path)
    run.add_argument(
        "--seed-actors-only",
        action="store_true",
        help="ignore the actors the gold file lists (speakers are then mostly unknown actors)",
    )
    export = sub.add_parser("export-seeds", help="write the seed annotations as a gold set")
    export.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    console = Console()
    if args.command == "export-seeds":
        console.print(f"wrote {export_seed_gold(args.out_dir)}")
    else:
        actors = ActorDirectory.from_seed_annotations() if args.seed_actors_only else None
        run_evaluation(args.gold, console, actors=actors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
